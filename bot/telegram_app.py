"""The Telegram front end (python-telegram-bot 22): handlers, rendering and the entry point."""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import messages
from bot.conversation import COMMAND_INTENTS, Conversation, with_typing
from bot.inbox import JournalingUpdateProcessor, UpdateJournal
from bot.officers import OfficerDesk
from bot.rasa_client import Button, RasaClient, Reply
from bot.render import CallbackStore, keyboard_rows, split_text
from bot.robust_updates import ReadableUpdatesRequest
from bot.settings import BotSettings
from bot.state import ANSWER, BUTTON, QUESTION, FrontState

if TYPE_CHECKING:
    from screening import OcrResult

logger = logging.getLogger(__name__)

IMAGE_MAX_BYTES = 15 * 1024 * 1024


class TelegramFrontEnd:
    """Holds what the handlers share; one per bot process."""

    def __init__(self, settings: BotSettings, conversation: Conversation, esc, drafts,
                 desk: OfficerDesk) -> None:
        self.settings = settings
        self.conversation = conversation
        self.journal: UpdateJournal | None = None  # bot.inbox, set by build_application
        self.callbacks = CallbackStore()
        self.esc = esc
        self.drafts = drafts
        self.desk = desk
        self.state: FrontState = desk.state

    # ----- sending -----------------------------------------------------------------------------

    async def send_replies(self, message: Message, replies: list[Reply]) -> None:
        for reply in replies:
            pieces = split_text(reply.text) or ([" "] if reply.buttons else [])
            for index, piece in enumerate(pieces):
                markup = None
                if reply.buttons and index == len(pieces) - 1:
                    markup = InlineKeyboardMarkup(
                        [[InlineKeyboardButton(title, callback_data=data) for title, data in row]
                         for row in keyboard_rows(reply.buttons, self.callbacks)]
                    )
                    # Stored before the message goes out, so the buttons outlive a restart.
                    for key, payload in self.callbacks.unsaved().items():
                        await self.state.put(BUTTON, key, payload)
                # Plain text on purpose: no parse mode, so nothing a user typed becomes markup.
                await send_with_retry(message.chat.send_message, piece, reply_markup=markup,
                                      disable_web_page_preview=True)

    async def answer(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                     work) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or user is None:
            return
        if self.conversation.is_flooding(user.id):
            await message.chat.send_message(messages.flood())
        if self.journal is not None:
            # Handed to Rasa from here on: a crash now is covered by the lost-answer check (bot.state)
            # when the person writes again; replaying it would give Rasa the message twice.
            self.journal.done(update.to_dict())
        # A late answer is preceded by a notice with the help numbers (Conversation.in_time).
        work = self.conversation.in_time(user.id, work,
                                         lambda replies: self.send_replies(message, replies))
        replies = await with_typing(
            lambda: context.bot.send_chat_action(message.chat_id, ChatAction.TYPING), work
        )
        await self.send_replies(message, replies)
        for reply in replies:
            pandu = (reply.custom or {}).get("pandu") or {}
            if pandu.get("link_chat"):
                await self._link_chat(user.id, message.chat_id)

    async def _link_chat(self, user_id: int, chat_id: int) -> None:
        """Remember where to push status updates for this reporter (only when they allowed it)."""
        try:
            await self.desk.db(self.esc.link_chat, self.conversation.sender(user_id), chat_id)
        except Exception:
            logger.warning("could not link the reporter's chat", exc_info=True)

    # ----- handlers ----------------------------------------------------------------------------

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A known command, forwarded to the assistant."""
        message = update.effective_message
        text = message.text or ""
        name, _, args = text[1:].partition(" ")
        if "\n" in name:
            name, _, rest = name.partition("\n")
            args = rest + (" " + args if args else "")
        await self.answer(update, context,
                          self.conversation.command(update.effective_user.id, name, args))

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any other /command: list the ones that exist."""
        text = update.effective_message.text or "/"
        name = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
        name = name.split("@", 1)[0]
        await update.effective_message.chat.send_message(messages.unknown_command(name))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text (possibly forwarded, possibly an answer to an officer's question)."""
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        user_id = update.effective_user.id
        text = message.text or ""
        sender = self.conversation.sender(user_id)
        ticket = await self.state.take(ANSWER, sender) if text.strip() else None
        replied = message.reply_to_message
        if ticket is None and replied is not None and replied.from_user is not None \
                and replied.from_user.id == context.bot.id:
            # A reply to an officer's question is known by the message it answers, not its text.
            ticket = await self.state.get(QUESTION, f"{sender}:{replied.message_id}")
        if ticket is not None and text.strip():
            await self._relay_answer(message, user_id, ticket, text)
            return
        if message.forward_origin is not None and self._looks_like_offer(text):
            await message.chat.send_message(messages.forwarded_offer_note())
            await self.answer(update, context, self.conversation.offer(user_id, text))
            return
        await self.answer(update, context, self.conversation.text(user_id, text))

    async def _relay_answer(self, message: Message, user_id: int, ticket: str, text: str) -> None:
        from escalation import DatabaseUnavailable, NotFound

        try:
            await self.desk.db(self.esc.add_reporter_reply, ticket,
                               self.conversation.sender(user_id), text[:4000])
        except NotFound:
            await message.chat.send_message(f"Tiket {ticket} tidak ditemukan di antara laporan Anda.")
            return
        except DatabaseUnavailable:
            await self.state.put(ANSWER, self.conversation.sender(user_id), ticket)
            await message.chat.send_message(
                "Maaf, sistem petugas sedang gangguan dan jawaban Anda belum terkirim. "
                "Silakan kirim ulang jawaban Anda beberapa menit lagi.")
            return
        await message.chat.send_message(
            f"Terima kasih. Jawaban Anda untuk {ticket} sudah diteruskan ke petugas.")

    async def on_answer_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """"Jawab pertanyaan" under an officer's question: the next text is the answer."""
        query = update.callback_query
        await query.answer()
        ticket = (query.data or "").split(":", 2)[-1]
        await self.state.put(ANSWER, self.conversation.sender(update.effective_user.id), ticket)
        if query.message is not None:
            await query.message.chat.send_message(
                f"Silakan tulis jawaban Anda untuk petugas ({ticket}) dalam satu pesan.")

    async def _evidence_expected(self, user_id: int) -> bool:
        """True while the report form waits for evidence (asked of Rasa, so it survives restarts)."""
        state = await self.conversation.rasa.tracker_state(self.conversation.sender(user_id))
        return state.get("active_loop") == "report_form" and \
            state.get("requested_slot") == "evidence"

    async def _keep_evidence(self, message: Message, context: ContextTypes.DEFAULT_TYPE,
                             user_id: int, file_id: str, mime: str, filename: str | None,
                             size: int | None = None) -> None:
        from escalation import EVIDENCE_TOO_LARGE, MAX_EVIDENCE_BYTES

        if size and size > MAX_EVIDENCE_BYTES:
            # Known from the update: no download of a file the report could not keep.
            await message.chat.send_message(EVIDENCE_TOO_LARGE)
            return
        try:
            tg_file = await context.bot.get_file(file_id)
            data = bytes(await tg_file.download_as_bytearray())
            count = await self.desk.db(self.drafts.add, self.conversation.sender(user_id), data,
                                       mime, filename)
        except ValueError as exc:
            await message.chat.send_message(str(exc))
            return
        except TelegramError:
            await message.chat.send_message("Maaf, berkas itu tidak bisa diunduh. Coba kirim lagi.")
            return
        reply = Reply(f"Bukti diterima ({count} berkas). Kirim lagi jika ada, atau tekan Selesai.",
                      buttons=[Button("Selesai", '/inform{"evidence":"selesai"}')])
        await self.send_replies(message, [reply])

    async def on_image(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo or an image file: evidence during a report, otherwise read and screen it."""
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        user_id = update.effective_user.id
        if message.photo:
            file_id, size = message.photo[-1].file_id, message.photo[-1].file_size
            mime, filename = "image/jpeg", None
        else:
            file_id, size = message.document.file_id, message.document.file_size
            mime, filename = message.document.mime_type or "", message.document.file_name
        if await self._evidence_expected(user_id):
            await self._keep_evidence(message, context, user_id, file_id, mime, filename, size)
            return
        if size and size > IMAGE_MAX_BYTES:
            await message.chat.send_message(messages.photo_unreadable("ukuran file terlalu besar"))
            return
        await self._read_and_screen(update, context, file_id, _read_image, messages.photo_reading(),
                                    messages.photo_unreadable, messages.photo_read_ok(),
                                    "gambar tidak bisa diunduh")

    async def on_sticker(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers and GIFs."""
        await update.effective_message.chat.send_message(messages.sticker())

    async def on_voice(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Voice notes, audio and video."""
        await update.effective_message.chat.send_message(
            messages.voice(self.conversation.hotlines))

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Documents that are not images: evidence during a report; a PDF is read and screened
        like a pasted offer; anything else gets a kind "send text or a photo"."""
        message = update.effective_message
        if message is None or message.document is None or update.effective_user is None:
            return
        doc = message.document
        if await self._evidence_expected(update.effective_user.id):
            await self._keep_evidence(message, context, update.effective_user.id, doc.file_id,
                                      doc.mime_type or "", doc.file_name, doc.file_size)
            return
        from screening import looks_like_pdf

        if not looks_like_pdf(b"", doc.mime_type or "", doc.file_name):
            await message.chat.send_message(messages.unsupported_file())
            return
        await self._read_pdf(update, context, doc)

    async def _read_pdf(self, update: Update, context: ContextTypes.DEFAULT_TYPE, doc) -> None:
        from screening import MAX_PDF_BYTES

        message = update.effective_message
        if doc.file_size and doc.file_size > MAX_PDF_BYTES:
            await message.chat.send_message(messages.pdf_unreadable("too_large"))
            return
        await self._read_and_screen(update, context, doc.file_id, _read_pdf, messages.pdf_reading(),
                                    messages.pdf_unreadable, messages.pdf_read_ok(), "download")

    async def _read_and_screen(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                               file_id: str, reader: Callable[[bytes], OcrResult], reading: str,
                               unreadable: Callable[[str | None], str], read_ok: str,
                               download_failed: str) -> None:
        """Download a photo or a PDF, read its text off the event loop, and screen it (with the
        caption) like a pasted offer; a file that cannot be read gets a kind reason."""
        message = update.effective_message
        await message.chat.send_message(reading)
        await context.bot.send_chat_action(message.chat_id, ChatAction.TYPING)
        try:
            tg_file = await context.bot.get_file(file_id)
            data = bytes(await tg_file.download_as_bytearray())
        except TelegramError:
            logger.warning("could not download a file to read", exc_info=True)
            await message.chat.send_message(unreadable(download_failed))
            return
        result = await asyncio.get_running_loop().run_in_executor(None, reader, data)
        caption = (message.caption or "").strip()
        text = "\n".join(part for part in (caption, result.text if result.ok else "") if part)
        if not result.ok and len(caption) < 40:
            await message.chat.send_message(unreadable(result.reason))
            return
        await message.chat.send_message(read_ok)
        await self.answer(update, context, self.conversation.offer(update.effective_user.id, text))

    async def on_location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A shared location or venue."""
        await update.effective_message.chat.send_message(
            messages.location(self.conversation.hotlines))

    async def on_contact(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A shared contact card."""
        await update.effective_message.chat.send_message(messages.contact_shared())

    async def on_edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: say it is not processed again."""
        message = update.edited_message
        if message is not None and message.chat.type == ChatType.PRIVATE:
            await message.chat.send_message(messages.edited())

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything else in a private chat (polls, dice, games…)."""
        if update.effective_message is not None:
            await update.effective_message.chat.send_message(messages.no_text_in_message())

    async def on_group_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Replies in groups: officers answering the bot's prompts."""
        await self.desk.on_officer_reply(update, context)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button: acknowledge at once, then answer like a message."""
        query = update.callback_query
        await query.answer()
        data = query.data or ""
        payload = self.callbacks.decode(data)
        if payload is None and CallbackStore.is_key(data):
            payload = await self.state.get(BUTTON, data)
            if payload is not None:
                self.callbacks.remember(data, payload)
        if payload is None or query.message is None:
            if query.message is not None:
                await query.message.chat.send_message(messages.button_expired())
            return
        await self.answer(update, context,
                          self.conversation.button(update.effective_user.id, payload))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log every failure; tell the user something went wrong instead of going silent."""
        logger.error("unhandled error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id,
                                               messages.outage(self.conversation.hotlines))
            except TelegramError:
                logger.warning("could not tell the user about the error")

    def _looks_like_offer(self, text: str) -> bool:
        from screening import forward_carries_offer

        return forward_carries_offer(text)

    # ----- wiring ------------------------------------------------------------------------------

    def register(self, app: Application) -> None:
        private = filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(filters.UpdateType.EDITED, self.on_edited), group=0)
        app.add_handler(CommandHandler("kasus", self.desk.on_kasus))
        app.add_handler(CommandHandler(list(COMMAND_INTENTS), self.on_command))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.REPLY & filters.TEXT
                                       & ~filters.COMMAND, self.on_group_reply))
        app.add_handler(MessageHandler(filters.COMMAND & private, self.on_unknown_command))
        app.add_handler(MessageHandler(filters.TEXT & private & filters.UpdateType.MESSAGE,
                                       self.on_text))
        app.add_handler(MessageHandler((filters.PHOTO | filters.Document.IMAGE) & private,
                                       self.on_image))
        app.add_handler(MessageHandler((filters.Sticker.ALL | filters.ANIMATION) & private,
                                       self.on_sticker))
        app.add_handler(MessageHandler(
            (filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE) & private,
            self.on_voice))
        app.add_handler(MessageHandler(filters.Document.ALL & private, self.on_file))
        app.add_handler(MessageHandler((filters.LOCATION | filters.VENUE) & private,
                                       self.on_location))
        app.add_handler(MessageHandler(filters.CONTACT & private, self.on_contact))
        app.add_handler(MessageHandler(private & filters.UpdateType.MESSAGE, self.on_other))
        app.add_handler(CallbackQueryHandler(self.desk.on_case_button, pattern=r"^o:"))
        app.add_handler(CallbackQueryHandler(self.on_answer_button, pattern=r"^r:ans:"))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)


async def send_with_retry(send, *args, attempts: int = 4, **kwargs):
    """Send, waiting out Telegram's flood control and brief network failures."""
    for attempt in range(attempts):
        try:
            return await send(*args, **kwargs)
        except RetryAfter as exc:
            delay = exc.retry_after
            wait = delay.total_seconds() if hasattr(delay, "total_seconds") else float(delay)
            logger.warning("Telegram asked to retry after %.1f s", wait)
            await asyncio.sleep(wait + 0.1)
        except NetworkError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5 * (attempt + 1))
    return await send(*args, **kwargs)


def _read_image(data: bytes):
    from screening import read_image_text

    return read_image_text(data)


def _read_pdf(data: bytes):
    from screening import read_pdf_text

    return read_pdf_text(data)


async def register_commands(app: Application, settings: BotSettings) -> None:
    """Publish the command menu; officers' chat also sees /kasus."""
    commands = [BotCommand(name, desc) for name, desc in messages.COMMANDS]
    await app.bot.set_my_commands(commands, scope=BotCommandScopeDefault())
    if settings.officer_chat_id is not None:
        officer = commands + [BotCommand(n, d) for n, d in messages.OFFICER_COMMANDS]
        try:
            await app.bot.set_my_commands(officer,
                                          scope=BotCommandScopeChat(settings.officer_chat_id))
        except TelegramError:
            logger.warning("could not set the officers' command menu")


def build_application(settings: BotSettings, hotlines: messages.Hotlines) -> Application:
    """Application with clients made in post_init and closed in post_shutdown."""
    assert settings.telegram_bot_token, "TELEGRAM_BOT_TOKEN is required for Telegram mode"
    from escalation import DEFAULT_DATABASE_URL, Escalation, EvidenceDrafts, SpoolQueue

    rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_s, token=settings.rasa_token())
    secret = settings.sender_secret()
    conversation = Conversation(rasa, secret, hotlines, settings.rasa_slow_reply_s)
    var_dir = settings.var_dir
    esc = Escalation(settings.database_url or DEFAULT_DATABASE_URL,
                     evidence_dir=str(var_dir / "evidence"), secret=secret)
    drafts = EvidenceDrafts(var_dir / "evidence-drafts")
    desk = OfficerDesk(esc, settings.officer_chat_id, settings.officer_ids, var_dir / "evidence",
                       SpoolQueue(str(var_dir / "spool")), settings.retention_days, drafts)
    desk.state = FrontState(esc.state, desk.db)
    front = TelegramFrontEnd(settings, conversation, esc, drafts, desk)
    journal = UpdateJournal(var_dir / "inbox")
    front.journal = journal

    async def post_init(app: Application) -> None:
        # Updates received before the last stop but never answered (bot.inbox): answered first.
        waiting = journal.pending()
        for raw in waiting:
            update = Update.de_json(raw, app.bot)
            journal.requeue(raw, update.to_dict())
            await app.update_queue.put(update)
        if waiting:
            logger.info("replaying %d updates received before the last stop", len(waiting))
        try:
            await register_commands(app, settings)
        except TelegramError:
            logger.warning("setMyCommands failed; the bot still works without the menu")
        try:
            await desk.db(esc.migrate)
        except Exception:
            logger.warning("database not reachable at start; reports wait in the spool",
                           exc_info=True)
        desk.start(app)

    async def post_shutdown(app: Application) -> None:
        await desk.stop()
        await rasa.close()
        esc.close()

    bot = TolerantBot(
        settings.telegram_bot_token,
        journal=journal,
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_file_base_url,
        request=HTTPXRequest(connection_pool_size=256, connect_timeout=10, read_timeout=30),
        # Updates PTB cannot parse are reduced to their id before PTB sees them (robust_updates).
        get_updates_request=ReadableUpdatesRequest(connect_timeout=10, read_timeout=30),
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .concurrent_updates(JournalingUpdateProcessor(journal, 64))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    front.register(app)
    app.bot_data["front"] = front
    return app


class TolerantBot(ExtBot):
    """A bot whose long polling survives an update it cannot read.

    PTB parses a batch of updates at once; one it cannot read (a new or broken field) makes the
    whole batch fail, the offset never moves, and polling asks for the same batch forever while
    every chat waits. Here the batch is read update by update: a broken one is logged by its id and
    stands in as an empty update, so the offset moves past it and the rest are handled.
    """

    def __init__(self, *args: Any, journal: UpdateJournal | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with self._unfrozen():  # PTB freezes its objects after __init__ (the documented way)
            self.journal = journal

    async def get_updates(self, offset=None, limit=None, timeout=None, allowed_updates=None,
                          **kwargs):
        updates = await self._read_updates(offset, limit, timeout, allowed_updates, **kwargs)
        if self.journal is None:
            return updates
        # Kept on disk before PTB confirms them with the next offset; one already handled or
        # already waiting (sent again after a restart) is not handled twice.
        return tuple(u for u in updates if self.journal.record(u.to_dict()))

    async def _read_updates(self, offset=None, limit=None, timeout=None, allowed_updates=None,
                            **kwargs):
        try:
            return await super().get_updates(offset=offset, limit=limit, timeout=timeout,
                                             allowed_updates=allowed_updates, **kwargs)
        except TelegramError:
            raise
        except Exception:  # noqa: BLE001 - PTB re-raises whatever the parser raised
            logger.warning("a batch of updates could not be read; reading them one by one")
        raw = await self._post("getUpdates", {"offset": offset, "limit": limit, "timeout": 0,
                                              "allowed_updates": allowed_updates})
        updates = []
        for item in raw or []:
            try:
                updates.append(Update.de_json(item, self))
            except Exception:  # noqa: BLE001
                update_id = item.get("update_id") if isinstance(item, dict) else None
                logger.warning("skipped an update that could not be read (update_id %s)",
                               update_id)
                if isinstance(update_id, int):
                    updates.append(Update(update_id=update_id))
        return tuple(updates)


def run_telegram(settings: BotSettings, hotlines: messages.Hotlines) -> None:
    """Serve Telegram: long polling, or a webhook when WEBHOOK_URL is set."""
    app = build_application(settings, hotlines)
    if settings.webhook_url:
        secret = settings.webhook_secret or secrets.token_urlsafe(32)
        path = "telegram"
        logger.info("serving Telegram by webhook on port %d", settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=path,
            webhook_url=settings.webhook_url.rstrip("/") + "/" + path,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        logger.info("serving Telegram by long polling")
        app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=10)
