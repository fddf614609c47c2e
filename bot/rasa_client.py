"""HTTP client for Rasa's REST channel."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

import httpx

logger = logging.getLogger(__name__)


class AssistantUnavailable(Exception):
    """Rasa (or its action server) did not give a usable answer."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    """One message of the assistant, independent of Telegram."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    image: str | None = None
    custom: dict | None = None


def intent_message(intent: str, entities: dict[str, str] | None = None) -> str:
    """Rasa's ``/intent{"entity": "value"}`` syntax, with the values JSON-escaped."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}" + json.dumps(entities, ensure_ascii=False)


def user_text(text: str) -> str:
    """Free text from a user, made safe: it can never be read as Rasa's intent syntax."""
    cleaned = text.replace("\x00", "").strip()
    return cleaned.lstrip("/").strip() or cleaned.replace("/", " ").strip()


class RasaClient:
    """Sends messages to ``/webhooks/rest/webhook`` and turns the answer into replies."""

    def __init__(self, base_url: str, timeout_s: float = 20.0, token: str | None = None) -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        # Rasa's HTTP API (status, trackers) needs its auth token; the REST channel does not.
        self._api_params = {"token": token} if token else {}
        self._status_url = base_url.rstrip("/") + "/status"
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s, connect=3.0),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=40),
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def send(self, sender: str, message: str) -> list[Reply]:
        """Send one message; raise AssistantUnavailable when no usable reply comes back."""
        last_error: Exception | None = None
        for attempt in range(2):
            try:
                response = await self._client.post(
                    self._url, json={"sender": sender, "message": message}
                )
            except httpx.HTTPError as exc:
                last_error = exc
                logger.warning("Rasa request failed (attempt %d): %s", attempt + 1,
                               type(exc).__name__)
            else:
                if response.status_code == 200:
                    replies = parse_replies(response.json())
                    if replies:
                        return replies
                    # Rasa answers 200 with [] when its lock store or action server fails.
                    last_error = AssistantUnavailable("empty reply")
                    logger.warning("Rasa gave an empty reply (attempt %d)", attempt + 1)
                else:
                    last_error = AssistantUnavailable(f"HTTP {response.status_code}")
                    logger.warning("Rasa answered HTTP %d", response.status_code)
            if attempt == 0:
                await asyncio.sleep(0.3)
        raise AssistantUnavailable(str(last_error))

    async def tracker_state(self, sender: str) -> dict:
        """Active form and requested slot of a conversation ({} when Rasa does not answer)."""
        url = self._url.replace("/webhooks/rest/webhook", f"/conversations/{sender}/tracker")
        try:
            response = await self._client.get(url, params={"include_events": "NONE", **self._api_params},
                                              timeout=5.0)
        except httpx.HTTPError:
            return {}
        if response.status_code != 200:
            return {}
        data = response.json()
        return {"active_loop": (data.get("active_loop") or {}).get("name"),
                "requested_slot": (data.get("slots") or {}).get("requested_slot")}

    async def unanswered_replies(self, sender: str, message: str, within_s: float) -> list[Reply]:
        """What Rasa answered to ``message`` when it is the conversation's last message and came
        less than ``within_s`` ago; [] otherwise, or when Rasa does not answer.

        A front end killed after Rasa took a message but before the answer went out has lost
        that answer; the person then sends the same message again. Sent to Rasa a second time,
        a form would file it as the answer to the next question (the offer as the money asked,
        an earlier button as this one). Shown the stored answer, the person carries on.
        """
        url = self._url.replace("/webhooks/rest/webhook", f"/conversations/{sender}/tracker")
        try:
            response = await self._client.get(
                url, params={"include_events": "AFTER_RESTART", **self._api_params}, timeout=3.0)
            events = response.json().get("events") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError):
            return []
        if not isinstance(events, list):
            return []
        users = [i for i, e in enumerate(events) if isinstance(e, dict) and e.get("event") == "user"]
        if not users:
            return []
        last = events[users[-1]]
        try:
            age_s = time.time() - float(last.get("timestamp") or 0)
        except (TypeError, ValueError):
            return []
        if last.get("text") != message or not 0 <= age_s <= within_s:
            return []
        said = [{**(e.get("data") or {}), "text": e.get("text")} for e in events[users[-1] + 1:]
                if isinstance(e, dict) and e.get("event") == "bot"]
        return parse_replies(said)

    async def is_ready(self) -> bool:
        try:
            response = await self._client.get(self._status_url, params=self._api_params, timeout=3.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200 and bool(response.json().get("model_file"))


def parse_replies(payload: object) -> list[Reply]:
    """Rasa REST output (a list of dicts) to replies; unknown shapes are dropped."""
    replies: list[Reply] = []
    if not isinstance(payload, list):
        return replies
    for item in payload:
        if not isinstance(item, dict):
            continue
        buttons = [
            Button(title=str(b.get("title", "")), payload=_single_braces(str(b.get("payload", ""))))
            for b in item.get("buttons") or []
            if isinstance(b, dict) and b.get("title") and b.get("payload")
        ]
        text = item.get("text") or ""
        custom = item.get("custom") if isinstance(item.get("custom"), dict) else None
        if text or buttons or item.get("image") or custom:
            replies.append(Reply(text=text, buttons=buttons, image=item.get("image"),
                                 custom=custom))
    return merge_paragraphs(replies)


def merge_paragraphs(replies: list[Reply]) -> list[Reply]:
    """Join plain-text replies that follow each other into one message.

    Rasa's REST channel cuts every text at blank lines; on a phone, one message per answer reads
    better and costs fewer notifications. A reply with buttons closes the message it joins.
    """
    merged: list[Reply] = []
    for reply in replies:
        previous = merged[-1] if merged else None
        if (previous is not None and reply.text and not previous.buttons and not previous.image
                and not previous.custom and previous.text and not reply.image and not reply.custom):
            previous.text = previous.text + "\n\n" + reply.text
            previous.buttons = reply.buttons
            continue
        merged.append(Reply(text=reply.text, buttons=list(reply.buttons), image=reply.image,
                            custom=reply.custom))
    return merged


def _single_braces(payload: str) -> str:
    """Domain payloads double their JSON braces against Rasa's slot filling (see domain.yml);
    Rasa skips the filling when no slot is set, so a doubled pair can arrive here."""
    if payload.startswith("/") and "{{" in payload and payload.endswith("}}"):
        return payload.replace("{{", "{", 1)[:-1]
    return payload
