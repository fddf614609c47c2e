"""The front end's message handling, shared by Telegram and the console chat.

It turns what a person did (a text, a command, a button, a forwarded offer, a photo's text) into one
message for Rasa, keeps each chat's messages in order, and answers kindly when something fails.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable

from bot import messages
from bot.identity import sender_id
from bot.rasa_client import AssistantUnavailable, RasaClient, Reply, intent_message, user_text

logger = logging.getLogger(__name__)

TICKET_RE = re.compile(r"\bLAP-[A-Z0-9][A-Z0-9-]{2,30}\b", re.IGNORECASE)
FLOOD_WINDOW_S = 30.0
FLOOD_MAX_MESSAGES = 12
PRUNE_ABOVE = 2_000  # people tracked before quiet ones are forgotten
# A person still waiting after this long gets the help numbers at once, and the answer when it
# comes: Rasa (or its action server, while it starts or hangs) may take much longer to answer or
# to fail, and someone in danger must not wait for that.
SLOW_REPLY_S = 4.0
SLOW_NOTICE_EVERY_S = 60.0  # one such notice per person in this time; the numbers stay above
# A person's first message to this process that repeats their last message to Rasa, sent this
# recently, gets Rasa's stored answer to it (a reply lost when the bot was killed; see _ask).
REPEAT_WITHIN_S = 600.0

# Commands that map straight onto a Rasa intent.
COMMAND_INTENTS = {
    "start": "start",
    "help": "help",
    "bantuan": "help",
    "cek": "check_offer",
    "lapor": "report_recruiter",
    "status": "check_status",
    "batal": "cancel",
}


class Conversation:
    """Per-user message handling on top of the Rasa REST channel."""

    def __init__(self, rasa: RasaClient, secret: bytes, hotlines: messages.Hotlines,
                 slow_reply_s: float = SLOW_REPLY_S) -> None:
        self.rasa = rasa
        self._secret = secret
        self.hotlines = hotlines
        self.slow_reply_s = slow_reply_s  # 0 turns the notice off
        self._locks: OrderedDict[int, asyncio.Lock] = OrderedDict()
        self._slow_noticed: OrderedDict[int, float] = OrderedDict()
        self._checked: set[int] = set()  # people whose last message this process has seen
        self._recent: dict[int, deque[float]] = {}
        self._flood_warned: dict[int, float] = {}

    def sender(self, user_id: int) -> str:
        return sender_id(user_id, self._secret)

    def _lock(self, user_id: int) -> asyncio.Lock:
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
            while len(self._locks) > 10_000:
                oldest_id, oldest = next(iter(self._locks.items()))
                if oldest.locked():
                    break
                del self._locks[oldest_id]
        else:
            self._locks.move_to_end(user_id)
        return lock

    def is_flooding(self, user_id: int) -> bool:
        """True once per flood burst: the caller warns, then every message is still answered."""
        now = time.monotonic()
        window = self._recent.setdefault(user_id, deque())
        window.append(now)
        while window and now - window[0] > FLOOD_WINDOW_S:
            window.popleft()
        self._prune(now)
        if len(window) > FLOOD_MAX_MESSAGES:
            if now - self._flood_warned.get(user_id, 0.0) > FLOOD_WINDOW_S:
                self._flood_warned[user_id] = now
                return True
        return False

    def _prune(self, now: float) -> None:
        """Forget people who have been quiet for a whole window, so memory stays bounded."""
        if len(self._recent) < PRUNE_ABOVE:
            return
        quiet = [uid for uid, w in self._recent.items() if not w or now - w[-1] > FLOOD_WINDOW_S]
        for uid in quiet:
            self._recent.pop(uid, None)
        for uid, at in list(self._flood_warned.items()):
            if now - at > FLOOD_WINDOW_S:
                del self._flood_warned[uid]

    async def in_time(self, user_id: int, work: Awaitable[list[Reply]],
                      send: Callable[[list[Reply]], Awaitable[object]]) -> list[Reply]:
        """The replies of ``work``. When they take longer than ``slow_reply_s``, ``send`` gets a
        notice with the help numbers first (once a minute per person), and the late replies are
        still returned when they come. The wait for this person's earlier messages counts too."""
        task = asyncio.ensure_future(work)
        try:
            if self.slow_reply_s > 0:
                done, _ = await asyncio.wait({task}, timeout=self.slow_reply_s)
                if not done and self._slow_notice_due(user_id):
                    logger.warning("no answer within %.1f s; the help numbers go out first",
                                   self.slow_reply_s)
                    try:
                        await send([Reply(messages.slow_reply(self.hotlines))])
                    except Exception:  # the answer itself must still come
                        logger.warning("could not send the slow-reply notice", exc_info=True)
            return await task
        except asyncio.CancelledError:
            task.cancel()
            raise

    def _slow_notice_due(self, user_id: int) -> bool:
        now = time.monotonic()
        last = self._slow_noticed.pop(user_id, None)
        if last is not None and now - last < SLOW_NOTICE_EVERY_S:
            self._slow_noticed[user_id] = last
            return False
        self._slow_noticed[user_id] = now
        while len(self._slow_noticed) > PRUNE_ABOVE:
            self._slow_noticed.popitem(last=False)  # the oldest notice
        return True

    async def _ask(self, user_id: int, message: str) -> list[Reply]:
        async with self._lock(user_id):
            sender = self.sender(user_id)
            if user_id not in self._checked:
                # The first message since this process started: when it repeats the last one
                # Rasa took, the answer to that was probably lost with the previous process.
                if len(self._checked) >= 100_000:
                    self._checked.clear()  # a second look at someone costs one tracker read
                self._checked.add(user_id)
                stored = await self.rasa.unanswered_replies(sender, message, REPEAT_WITHIN_S)
                if stored:
                    logger.info("a repeated message got the answer its first sending was given")
                    return stored
            try:
                return await self.rasa.send(sender, message)
            except AssistantUnavailable:
                return [Reply(messages.outage(self.hotlines))]

    async def text(self, user_id: int, text: str | None) -> list[Reply]:
        """A free-text message from the user."""
        if text is None or not text.strip():
            return [Reply(messages.empty_message())]
        prefix: list[Reply] = []
        if len(text) > messages.MAX_INPUT_CHARS:
            text = text[: messages.MAX_INPUT_CHARS]
            prefix.append(Reply(messages.too_long(messages.MAX_INPUT_CHARS)))
        cleaned = user_text(text)
        if not cleaned:
            return [Reply(messages.no_text_in_message())]
        # Pasted offers, questions with an offer inside, danger: the assistant's understanding
        # step decides (see understanding/); the front end only passes the text on.
        return prefix + await self._ask(user_id, cleaned)

    async def command(self, user_id: int, name: str, args: str = "") -> list[Reply]:
        """A slash command; unknown ones get the list of commands."""
        name = name.lower().split("@", 1)[0]
        intent = COMMAND_INTENTS.get(name)
        if intent is None:
            return [Reply(messages.unknown_command(name))]
        args = args.strip()
        entities: dict[str, str] = {}
        if name == "cek" and args:
            entities["offer_text"] = args[: messages.MAX_INPUT_CHARS]
        elif name == "status":
            match = TICKET_RE.search(args)
            if match:
                entities["ticket"] = match.group(0).upper()
            elif not args:
                pass  # Rasa lists the user's own tickets.
            else:
                return [Reply(messages.status_usage())]
        return await self._ask(user_id, intent_message(intent, entities))

    async def button(self, user_id: int, payload: str) -> list[Reply]:
        """A pressed button: its payload is Rasa's own (``/intent{...}``) or plain text."""
        return await self._ask(user_id, payload)

    async def offer(self, user_id: int, offer_text: str) -> list[Reply]:
        """Text that should be screened as a job offer (a forward or a photo's text)."""
        entities = {"offer_text": offer_text[: messages.MAX_INPUT_CHARS]}
        return await self._ask(user_id, intent_message("check_offer", entities))


async def with_typing(action: Callable[[], Awaitable[object]], work: Awaitable[list[Reply]],
                      every_s: float = 4.0) -> list[Reply]:
    """Run ``work`` while repeating a typing indicator, as Telegram shows it for ~5 s."""
    task = asyncio.ensure_future(work)
    while True:
        try:
            await action()
        except Exception:  # a failed typing indicator must never lose the reply
            logger.debug("typing action failed", exc_info=True)
        done, _ = await asyncio.wait({task}, timeout=every_s)
        if done:
            return task.result()
