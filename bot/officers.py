"""Officers in Telegram, and the outbox delivery: case cards, case buttons, /kasus, relayed questions.

The database is reached through ``escalation``'s public API only; its calls are synchronous, so they
run in a thread and never block the bot's event loop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.state import PROMPT, QUESTION, FrontState

logger = logging.getLogger(__name__)

TICKET_RE = re.compile(r"LAP-[A-Z0-9][A-Z0-9-]{2,30}", re.IGNORECASE)
DELIVERY_INTERVAL_S = 2.0
SPOOL_INTERVAL_S = 15.0
RETENTION_INTERVAL_S = 6 * 3600
FORWARD_LABELS = {"polisi": "Polisi", "kp2mi": "KP2MI", "disnaker": "Disnaker"}
PROMPTS = {
    "ask": "Tulis pertanyaan untuk pelapor {ticket} (balas pesan ini).",
    "done": "Tulis catatan penyelesaian untuk {ticket} (balas pesan ini).",
    "rej": "Tulis alasan penolakan untuk {ticket} (balas pesan ini).",
}
STATUS_LABELS = {"baru": "baru", "ditangani": "ditangani", "menunggu_info": "menunggu info",
                 "diteruskan": "diteruskan", "selesai": "selesai", "ditolak": "ditolak"}


def case_keyboard(ticket: str, status: str) -> InlineKeyboardMarkup | None:
    if status in {"selesai", "ditolak"}:
        return None
    rows = [[InlineKeyboardButton("Ambil kasus", callback_data=f"o:take:{ticket}"),
             InlineKeyboardButton("Minta info", callback_data=f"o:ask:{ticket}")],
            [InlineKeyboardButton("Teruskan…", callback_data=f"o:fwd:{ticket}")],
            [InlineKeyboardButton("Selesai", callback_data=f"o:done:{ticket}"),
             InlineKeyboardButton("Tolak", callback_data=f"o:rej:{ticket}")]]
    return InlineKeyboardMarkup(rows)


def case_text(card: Any, with_history: bool = False) -> str:
    head = f"{'🚨 MENDESAK · ' if card.urgent else ''}{card.ticket} · {STATUS_LABELS.get(card.status, card.status)}"
    lines = [head]
    place = ", ".join(p for p in (card.location, card.kabupaten) if p)
    for label, value in (("Perekrut", card.recruiter_name), ("Kontak perekrut", card.recruiter_contact),
                         ("Perusahaan", card.company), ("Lokasi", place),
                         ("Negara tujuan", card.destination_country),
                         ("Cara kontak", card.contact_channel), ("Uang", card.money),
                         ("Keadaan", card.status_now)):
        if value:
            lines.append(f"{label}: {str(value)[:200]}")
    if card.offer_text:
        lines.append(f"Tawaran: {card.offer_text[:400]}")
    if card.screening_level:
        flags = ", ".join(card.screening_flags[:6])
        lines.append(f"Skrining: {card.screening_level}" + (f" ({flags})" if flags else ""))
    lines.append(f"Laporan lain tentang perekrut ini: {card.linked_reports_count}")
    lines.append(f"Bukti: {len(card.evidence)} berkas")
    from escalation import consent_label

    lines.append("Pelapor: " + consent_label(card.contact_allowed,
                                             getattr(card, "notify_updates", True)))
    if card.assigned_officer:
        lines.append(f"Petugas: {card.assigned_officer}")
    if card.question:
        lines.append(f"Pertanyaan terbuka: {card.question[:200]}")
    if with_history:
        lines.append("\nRiwayat:")
        for event in card.history[-12:]:
            note = f" — {event.note[:120]}" if event.note else ""
            lines.append(f"• {event.at:%d-%m %H:%M} {event.who}: {event.action} → {event.to_status}{note}")
    return "\n".join(lines)


class OfficerDesk:
    """Everything officers do in Telegram, plus delivering the outbox and draining the spool."""

    def __init__(self, esc: Any, officer_chat_id: int | None, officer_ids: set[int],
                 evidence_dir: Path, spool: Any | None = None, retention_days: int = 365,
                 drafts: Any | None = None) -> None:
        self.esc = esc
        self.officer_chat_id = officer_chat_id
        self.officer_ids = officer_ids
        self.evidence_dir = evidence_dir
        self.spool = spool
        self.retention_days = retention_days
        self.drafts = drafts
        self.state = FrontState(None, self.db)
        """Prompts and delivered questions; the entry point gives it the durable store."""
        self._tasks: list[asyncio.Task] = []

    async def db(self, fn: Callable, *args: Any, **kwargs: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(None, partial(fn, *args, **kwargs))

    async def is_officer(self, user_id: int) -> bool:
        if user_id in self.officer_ids:
            return True
        try:
            return await self.db(self.esc.is_officer, user_id, self.officer_ids)
        except Exception:
            logger.warning("officer check failed (database?)", exc_info=True)
            return False

    # ----- /kasus -------------------------------------------------------------------------------

    async def on_kasus(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/kasus lists open cases (urgent first); /kasus LAP-… shows one with its history."""
        message = update.effective_message
        if not await self.is_officer(update.effective_user.id):
            await message.chat.send_message(
                "Perintah ini khusus untuk petugas. Jika Anda ingin melapor, ketik /lapor.")
            return
        match = TICKET_RE.search(message.text or "")
        from escalation import DatabaseUnavailable, NotFound

        try:
            if match:
                card = await self.db(self.esc.case, match.group(0).upper())
                await message.chat.send_message(case_text(card, with_history=True),
                                                reply_markup=case_keyboard(card.ticket, card.status))
                return
            cards = await self.db(self.esc.open_cases, 15)
        except NotFound:
            await message.chat.send_message("Tiket itu tidak ditemukan.")
            return
        except DatabaseUnavailable:
            await message.chat.send_message("Database sedang tidak bisa diakses. Coba lagi sebentar.")
            return
        if not cards:
            await message.chat.send_message("Tidak ada kasus terbuka. 🎉")
            return
        lines = [f"Kasus terbuka ({len(cards)}), mendesak di atas:"]
        buttons = []
        for card in cards:
            age = f"{card.created_at:%d-%m}"
            lines.append(f"{'🚨 ' if card.urgent else ''}{card.ticket} · "
                         f"{STATUS_LABELS.get(card.status, card.status)} · masuk {age} · "
                         f"{card.destination_country or '-'}")
            buttons.append([InlineKeyboardButton(f"Buka {card.ticket}",
                                                 callback_data=f"o:show:{card.ticket}")])
        await message.chat.send_message("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))

    # ----- case buttons -------------------------------------------------------------------------

    async def on_case_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """o:<action>:<ticket> buttons on case cards; only officers can press them."""
        query = update.callback_query
        user = update.effective_user
        if not await self.is_officer(user.id):
            await query.answer("Anda tidak berwenang melakukan ini.", show_alert=True)
            logger.info("non-officer pressed a case button")
            return
        _, action, ticket = (query.data or "").split(":", 2)
        await query.answer()
        chat = query.message.chat if query.message else None
        if chat is None:
            return
        officer = f"tg:{user.id}"
        from escalation import DatabaseUnavailable, NotFound

        try:
            if action == "show":
                card = await self.db(self.esc.case, ticket)
                await chat.send_message(case_text(card, with_history=True),
                                        reply_markup=case_keyboard(card.ticket, card.status))
            elif action == "take":
                card = await self.db(self.esc.take, ticket, officer)
                await chat.send_message(f"{ticket} diambil oleh {user.first_name}. "
                                        f"Status: {STATUS_LABELS.get(card.status, card.status)}.")
            elif action == "fwd":
                rows = [[InlineKeyboardButton(label, callback_data=f"o:fw{key[:3]}:{ticket}")]
                        for key, label in FORWARD_LABELS.items()]
                await chat.send_message(f"Teruskan {ticket} ke mana?",
                                        reply_markup=InlineKeyboardMarkup(rows))
            elif action.startswith("fw") and action != "fwd":
                target = next(k for k in FORWARD_LABELS if k[:3] == action[2:])
                await self.db(self.esc.forward, ticket, officer, target, "")
                await chat.send_message(f"{ticket} diteruskan ke {FORWARD_LABELS[target]} "
                                        f"oleh {user.first_name}.")
            elif action in PROMPTS:
                prompt = await chat.send_message(
                    PROMPTS[action].format(ticket=ticket),
                    reply_markup=ForceReply(selective=True,
                                            input_field_placeholder="Tulis di sini…"))
                await self.state.put(PROMPT, f"{chat.id}:{prompt.message_id}",
                                     json.dumps([action, ticket, user.id]))
        except NotFound:
            await chat.send_message(f"Tiket {ticket} tidak ditemukan.")
        except ValueError:
            await chat.send_message(f"Tindakan itu tidak bisa dilakukan pada status {ticket} sekarang.")
        except DatabaseUnavailable:
            await chat.send_message("Database sedang tidak bisa diakses. Coba lagi sebentar.")

    async def on_officer_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """A reply to one of our prompts; returns True if it was one."""
        message = update.effective_message
        replied = message.reply_to_message
        if replied is None:
            return False
        key = f"{message.chat_id}:{replied.message_id}"
        pending = await self.state.get(PROMPT, key)
        if pending is None:
            return False
        action, ticket, officer_user = json.loads(pending)
        if update.effective_user.id != officer_user and not await self.is_officer(
                update.effective_user.id):
            return True
        text = (message.text or "").strip()
        if not text:
            await message.chat.send_message("Teksnya kosong. Silakan balas lagi dengan teks.")
            return True
        officer = f"tg:{update.effective_user.id}"
        from escalation import DatabaseUnavailable

        try:
            if action == "ask":
                await self.db(self.esc.ask_info, ticket, officer, text)
                done = f"Pertanyaan untuk pelapor {ticket} sudah dikirim lewat bot."
            elif action == "done":
                await self.db(self.esc.resolve, ticket, officer, text)
                done = f"{ticket} ditandai selesai."
            else:
                await self.db(self.esc.reject, ticket, officer, text)
                done = f"{ticket} ditolak. Alasan tercatat."
        except ValueError:
            done = f"Tindakan itu tidak bisa dilakukan pada status {ticket} sekarang."
        except DatabaseUnavailable:
            await message.chat.send_message("Database sedang tidak bisa diakses; balas lagi nanti.")
            return True
        await self.state.take(PROMPT, key)
        await message.chat.send_message(done)
        return True

    # ----- delivery -----------------------------------------------------------------------------

    def start(self, app: Application) -> None:
        self._tasks = [asyncio.create_task(self._deliver_forever(app)),
                       asyncio.create_task(self._drain_forever()),
                       asyncio.create_task(self._retention_forever())]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _deliver_forever(self, app: Application) -> None:
        while True:
            try:
                await self.deliver_once(app)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("outbox delivery round failed", exc_info=True)
            await asyncio.sleep(DELIVERY_INTERVAL_S)

    async def _drain_forever(self) -> None:
        while self.spool is not None:
            try:
                filed = await self.db(self.spool.drain, self.esc)
                if filed:
                    logger.info("filed %d spooled reports", len(filed))
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("spool drain failed", exc_info=True)
            await asyncio.sleep(SPOOL_INTERVAL_S)

    async def _retention_forever(self) -> None:
        """Closed reports lose their personal data after RETENTION_DAYS; unsent drafts after a week."""
        while self.retention_days > 0:
            try:
                wiped = await self.db(self.esc.apply_retention, self.retention_days)
                # The conversations themselves (form answers included) go by the same clock.
                await self.db(self.esc.purge_conversations, self.retention_days)
                if self.drafts is not None:
                    await self.db(self.drafts.expire)
                await self.db(self.esc.state.purge_expired)
                if wiped:
                    logger.info("retention wiped personal data of %d closed reports", wiped)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("retention sweep failed", exc_info=True)
            await asyncio.sleep(RETENTION_INTERVAL_S)

    async def deliver_once(self, app: Application) -> int:
        """Send what the outbox holds; each message is marked delivered only after Telegram took it."""
        from escalation import DatabaseUnavailable

        try:
            notes = await self.db(self.esc.pending_notifications, 20)
        except DatabaseUnavailable:
            return 0
        sent = 0
        for note in notes:
            try:
                message_id = await self._send(app, note)
            except (Forbidden, BadRequest) as exc:
                await self.db(self.esc.mark_failed, note.id, type(exc).__name__)
                continue
            except TelegramError as exc:
                await self.db(self.esc.mark_failed, note.id, type(exc).__name__)
                continue
            except LookupError as exc:
                await self.db(self.esc.mark_failed, note.id, str(exc))
                continue
            await self.db(self.esc.mark_delivered, note.id, message_id)
            sent += 1
        return sent

    async def _send(self, app: Application, note: Any) -> int | None:
        bot = app.bot
        if note.target == "officers":
            if self.officer_chat_id is None:
                raise LookupError("OFFICER_CHAT_ID is not set")
            markup = None
            text = note.payload
            if note.kind in {"officer_card", "officer_urgent"} and note.ticket:
                markup = case_keyboard(note.ticket, "baru")
                if note.kind == "officer_urgent":
                    text = "🚨 " + text
            message = await bot.send_message(self.officer_chat_id, text, reply_markup=markup)
            if note.kind in {"officer_card", "officer_urgent"} and note.ticket:
                await self._send_evidence(app, note.ticket)
            return message.message_id
        if note.chat_id is None:
            raise LookupError("reporter has no linked chat")
        markup = None
        if note.kind == "reporter_question" and note.ticket:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(
                "Jawab pertanyaan", callback_data=f"r:ans:{note.ticket}")]])
        message = await bot.send_message(note.chat_id, note.payload, reply_markup=markup)
        if note.kind == "reporter_question" and note.ticket:
            # The reporter may answer by replying to this message: remember which case it asks about.
            await self.state.put(QUESTION, f"{note.target}:{message.message_id}", note.ticket)
        return message.message_id

    async def _send_evidence(self, app: Application, ticket: str) -> None:
        """Evidence goes to the officers' chat only, after its card; a failure never resends the card."""
        try:
            await self._send_evidence_files(app, ticket)
        except Exception:
            logger.warning("evidence of %s could not be sent to the officers", ticket, exc_info=True)

    async def _send_evidence_files(self, app: Application, ticket: str) -> None:
        card = await self.db(self.esc.case, ticket)
        for item in card.evidence[:10]:
            if not item.path:
                continue
            path = self.evidence_dir / item.path
            if not path.exists():
                continue
            caption = f"Bukti {ticket}"
            data = path.read_bytes()
            if item.mime.startswith("image/"):
                await app.bot.send_photo(self.officer_chat_id, data, caption=caption)
            else:
                await app.bot.send_document(self.officer_chat_id, data, caption=caption,
                                            filename=item.filename or f"bukti-{ticket}")
