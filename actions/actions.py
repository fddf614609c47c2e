"""Custom actions. Each one reads what it needs from the tracker and calls one package's API."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from knowledge_base import month_label
from understanding import read_signals

logger = logging.getLogger(__name__)

MAIN_MENU_BUTTONS = [
    {"title": "Cara kerja resmi", "payload": "Bagaimana cara bekerja ke luar negeri secara resmi?"},
    {"title": "Cek tawaran kerja", "payload": "/check_offer"},
    {"title": "Lapor perekrut", "payload": "/report_recruiter"},
]


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=(
                "Halo, selamat datang di Pandu Migran. Saya membantu Anda yang ingin bekerja ke "
                "luar negeri dengan aman dan resmi.\n\n"
                "Anda bisa:\n"
                "• bertanya cara berangkat resmi, dokumen, biaya, atau BPJS;\n"
                "• mengecek tawaran kerja (/cek) apakah ada tanda penipuan atau perdagangan orang;\n"
                "• melaporkan perekrut yang mencurigakan (/lapor).\n\n"
                f"Jika Anda atau keluarga dalam bahaya, tulis saja, atau telepon KP2MI "
                f"{services.contact('kp2mi_hotline')} (bebas pulsa)."
            ),
            buttons=MAIN_MENU_BUTTONS,
        )
        return []


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=help_text(), buttons=MAIN_MENU_BUTTONS)
        return []


def help_text() -> str:
    return (
        "Yang bisa saya bantu:\n"
        "1. Tanya jawab cara kerja ke luar negeri secara resmi. Tulis saja pertanyaannya, "
        "misalnya \"apa saja dokumen untuk kerja ke Taiwan?\".\n"
        "2. /cek — periksa tawaran kerja. Tempel teksnya, teruskan pesannya, atau kirim "
        "fotonya.\n"
        "3. /lapor — laporkan perekrut atau calo yang mencurigakan.\n"
        "4. /status LAP-… — lihat perkembangan laporan Anda.\n"
        "5. /batal — batalkan proses yang sedang berjalan.\n\n"
        "Jawaban saya diambil dari aturan resmi dan selalu menyebut sumbernya. "
        f"Untuk hal lain, hubungi call center KP2MI {services.contact('kp2mi_hotline')}."
    )


def passage_payload(passage_id: str) -> str:
    """Compact payload so most buttons fit Telegram's 64-byte callback data as they are."""
    return "/show_passage" + json.dumps({"passage_id": passage_id}, separators=(",", ":"))


def short_title(text: str, limit: int = 56) -> str:
    """A button title that fits a phone screen, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _answer_buttons(answer) -> list[dict[str, str]]:
    buttons = [{"title": "Sumber lengkap", "payload": passage_payload("src:" + answer.passage_id)}]
    for passage_id, heading in answer.related[:2]:
        buttons.append({"title": short_title(heading), "payload": passage_payload(passage_id)})
    return buttons


def answer_text(text: str, answer) -> str:
    """A passage's text as shown (its dates are already on it), with a note for English askers."""
    if answer.language == "en" and getattr(answer, "text_language", "id") != "en":
        text = ("(This guidance is written in Indonesian. Here is the official answer:)\n\n"
                + text)
    return text


class ActionShowPassage(Action):
    """A button asked for one passage, or for the full source list of one."""

    def name(self) -> str:
        return "action_show_passage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        wanted = tracker.get_slot("passage_id") or ""
        kb = services.knowledge_base()
        sources_only = wanted.startswith("src:")
        passage_id = wanted[4:] if sources_only else wanted
        details = kb.details(passage_id) if hasattr(kb, "details") else None
        hit = kb.passage(passage_id)
        if hit is None:
            dispatcher.utter_message(text="Maaf, bagian itu tidak ditemukan lagi. "
                                          "Silakan ulangi pertanyaan Anda.")
            return [SlotSet("passage_id", None)]
        if sources_only:
            article = details or {}
            sources = article.get("sources") or [hit.source_line.removeprefix("Sumber:").strip()]
            lines = [f"Sumber untuk \"{hit.title}\":"] + [f"• {s}" for s in sources]
            if article.get("dated"):
                lines.append(f"Tanggal sumber terbaru: {month_label(article['dated'])}.")
            if article.get("review_by"):
                lines.append(f"Akan diperiksa ulang paling lambat {month_label(article['review_by'])}.")
            if article.get("confidence") and article["confidence"] != "HIGH":
                lines.append("Sebagian informasi ini bisa berubah; pastikan ke KP2MI/BP3MI.")
            dispatcher.utter_message(text="\n".join(lines))
        else:
            dispatcher.utter_message(text=hit.text)
        return [SlotSet("passage_id", None)]


class ActionScreenOffer(Action):
    """Screen the offer the user gave and explain the risk."""

    def name(self) -> str:
        return "action_screen_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.lookups import lookup_lines
        from screening import assess, detect_danger, render_reply
        from understanding import danger_block

        offer = tracker.get_slot("offer_text") or ""
        assessment = await asyncio.to_thread(assess, offer)
        buttons = [{"title": "Laporkan perekrut ini", "payload": "/report_recruiter"}]
        danger = detect_danger(offer)
        reply = render_reply(assessment, emergency_lines=False)
        if danger.now:
            reply = danger_block(offer) + "\n\n" + reply
        try:
            known = await asyncio.wait_for(asyncio.to_thread(lookup_lines, offer), LOOKUP_TIMEOUT_S)
        except TimeoutError:
            known = []
            logger.warning("agency/recruiter look-up took too long; screened without it")
        if known:
            reply += "\n\n" + "\n".join(known)
        dispatcher.utter_message(text=reply, buttons=buttons)
        logger.info("offer screened: level=%s flags=%d", assessment.level, len(assessment.flags))
        return [SlotSet("offer_text", None), SlotSet("screened_offer", offer[:1500]),
                SlotSet("screened_level", assessment.level),
                SlotSet("screened_flags", [f.code for f in assessment.flags])]




MAX_BUTTONS = 4
LOOKUP_TIMEOUT_S = 1.5
STATUS_REQUEST = re.compile(r"\bLAP-[A-Z0-9]|\bstatus\b|\btiket\b|perkembangan laporan|laporan saya",
                            re.IGNORECASE)


class ActionUnderstand(Action):
    """Every free-text message outside a form: one understanding step, one composed reply."""

    def name(self) -> str:
        return "action_understand"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.lookups import lookup_lines

        text = latest_text(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent == "cancel" and (text.startswith("/") or (
                len(text.split()) <= 3 and "?" not in text and not read_signals(text).refers_to_offer)):
            # ("jd aman gk?" after an offer told in pieces is a question about it, not a cancel.)
            # Run the cancel here rather than as a follow-up action: after a follow-up no rule
            # predicts the next step, and Rasa looped until its circuit breaker gave no reply.
            from actions.report import ActionCancel

            return await ActionCancel().run(dispatcher, tracker, domain)
        state = tracker.get_slot("dialogue_state") or {}
        understander = services.understander()
        # Embedding and screening are CPU work: keep the action server's event loop free.
        result = await asyncio.to_thread(understander.handle, text, state, intent)
        blocks: list[str] = []
        buttons: list[dict[str, str]] = []
        known: list[str] = []
        if any(part.answer is not None for part in result.parts):
            # What the database knows of a named company or number; never worth a late answer.
            try:
                known = await asyncio.wait_for(asyncio.to_thread(lookup_lines, text),
                                               LOOKUP_TIMEOUT_S)
            except TimeoutError:
                logger.warning("agency/recruiter look-up took too long; answered without it")
        for part in result.parts:
            if part.answer is not None:
                if known:
                    blocks.append("\n".join(known))
                    known = []  # once, above the first answer
                blocks.append(answer_text(part.text, part.answer))
                buttons.extend(_answer_buttons(part.answer))
            else:
                blocks.append(part.text)
                buttons.extend(part.buttons)
        if result.show_menu:
            blocks.append(help_text())
        if result.show_menu or result.menu_buttons:
            buttons.extend(MAIN_MENU_BUTTONS)
        events: list[dict[str, Any]] = [SlotSet("dialogue_state", result.state)]
        if result.assessment is not None:
            events += [SlotSet("screened_offer", (result.screened_text or "")[:1500]),
                       SlotSet("screened_level", result.assessment.level),
                       SlotSet("screened_flags", [f.code for f in result.assessment.flags])]
        unique: list[dict[str, str]] = []
        for button in buttons:
            if button["payload"] not in {b["payload"] for b in unique}:
                unique.append(button)
        if blocks:
            dispatcher.utter_message(text="\n\n".join(b for b in blocks if b),
                                     buttons=unique[:MAX_BUTTONS] or None)
        logger.info("understood: routes=%s form=%s", result.routes, result.start_form)
        if result.start_form == "report_form":
            from actions.report import report_start_events

            events += report_start_events(dispatcher, tracker)
            events.append(FollowupAction("report_form"))
        elif result.start_form == "offer_form":
            events.append(FollowupAction("offer_form"))
        return events


class ActionDefaultFallback(ActionUnderstand):
    """Rasa's core fallback: the same understanding step, never a dead end."""

    def name(self) -> str:
        return "action_default_fallback"
