"""Custom actions. Each one reads what it needs from the tracker and calls one package's API."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import services

logger = logging.getLogger(__name__)

QUESTION_WORDS = re.compile(
    r"\b(apa|apakah|bagaimana|gimana|gmn|gmana|brp|berapa|dimana|dmn|kapan|kenapa|mengapa|"
    r"siapa|bisa|boleh|harus|perlu|syarat|cara|piye|opo|kumaha|naon|how|what|where|can|do|is)\b",
    re.IGNORECASE,
)

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
        dispatcher.utter_message(
            text=(
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
            ),
            buttons=MAIN_MENU_BUTTONS,
        )
        return []


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


def with_verified_date(text: str, verified: str | None) -> str:
    """Add when the facts were last checked to the passage's source line."""
    if not verified:
        return text
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].startswith("Sumber:"):
            lines[index] = lines[index].rstrip(" .") + f"; diperiksa {verified}."
            break
    return "\n".join(lines)


def utter_answer(dispatcher: CollectingDispatcher, answer) -> None:
    text = with_verified_date(answer.text, getattr(answer, "verified", None))
    if answer.language == "en" and getattr(answer, "text_language", "id") != "en":
        text = ("(This guidance is written in Indonesian. Here is the official answer:)\n\n"
                + text)
    dispatcher.utter_message(text=text, buttons=_answer_buttons(answer))


class ActionAnswerQuestion(Action):
    """A question about legal departure, answered from the knowledge base only."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.lookups import lookup_lines

        text = latest_text(tracker)
        known = lookup_lines(text)
        if known:
            dispatcher.utter_message(text="\n\n".join(known))
        kb = services.knowledge_base()
        # Embedding a query is CPU work: keep the action server's event loop free meanwhile.
        answer = await asyncio.to_thread(kb.answer, text, tracker.get_slot("kb_context"))
        if answer.found:
            utter_answer(dispatcher, answer)
        else:
            dispatcher.utter_message(text=answer.text)
        return [SlotSet("kb_context", answer.context)]


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
            if article.get("verified"):
                lines.append(f"Terakhir diperiksa: {article['verified']}.")
            if article.get("confidence") and article["confidence"] != "HIGH":
                lines.append("Sebagian informasi ini bisa berubah; pastikan ke KP2MI/BP3MI.")
            dispatcher.utter_message(text="\n".join(lines))
        else:
            dispatcher.utter_message(text=hit.text)
        return [SlotSet("passage_id", None)]


class ActionDefaultFallback(Action):
    """Low NLU confidence: a question may still be answerable from the guidance; else ask again."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        words = re.findall(r"[^\W\d_]{2,}", text)
        if len(words) >= 3 and (QUESTION_WORDS.search(text) or "?" in text):
            answer = await asyncio.to_thread(services.knowledge_base().answer, text,
                                             tracker.get_slot("kb_context"))
            if answer.found:
                utter_answer(dispatcher, answer)
                return [SlotSet("kb_context", answer.context)]
        dispatcher.utter_message(text=(
            "Maaf, saya belum mengerti maksud Anda. Coba tulis dengan kalimat lain, misalnya "
            "\"apa saja dokumen untuk kerja ke Taiwan?\". Ketik /help untuk melihat menu.\n\n"
            "Jika Anda atau keluarga sedang dalam bahaya, tulis apa yang terjadi, atau langsung "
            f"hubungi KP2MI {services.contact('kp2mi_hotline')} (dari luar negeri: hotline Kemlu "
            f"{services.contact('kemlu_pwni')})."))
        return []


class ActionScreenOffer(Action):
    """Screen the offer the user gave and explain the risk."""

    def name(self) -> str:
        return "action_screen_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.lookups import lookup_lines
        from screening import assess, render_reply

        offer = tracker.get_slot("offer_text") or ""
        assessment = assess(offer)
        buttons = [{"title": "Laporkan perekrut ini", "payload": "/report_recruiter"}]
        reply = render_reply(assessment)
        known = lookup_lines(offer)
        if known:
            reply += "\n\n" + "\n".join(known)
        dispatcher.utter_message(text=reply, buttons=buttons)
        logger.info("offer screened: level=%s flags=%d", assessment.level, len(assessment.flags))
        return [SlotSet("offer_text", None), SlotSet("screened_offer", offer[:1500]),
                SlotSet("screened_level", assessment.level),
                SlotSet("screened_flags", [f.code for f in assessment.flags])]


def emergency_text(message: str) -> str:
    """Help numbers first, from the contacts file only; country numbers where named."""
    c = services.contact
    lines = [
        "Keselamatan Anda yang paling penting. Segera minta bantuan:",
        f"• Call center KP2MI: {c('kp2mi_hotline')} (bebas pulsa dari Indonesia); "
        f"dari luar negeri {c('kp2mi_abroad')}.",
        f"• Hotline Pelindungan WNI Kemlu (24 jam): {c('kemlu_pwni')}, atau tombol darurat di "
        "aplikasi Safe Travel.",
        f"• Polisi di Indonesia: {c('police')}.",
    ]
    lowered = message.lower()
    for keys, contact_id, label in COUNTRY_HELP:
        if any(k in lowered for k in keys) and contact_id in services.contacts():
            lines.append(f"• {label}: {c(contact_id)}.")
    lines.append(
        "\nJika bisa, simpan foto paspor, kontrak, dan nomor perekrut. Anda tidak bersalah; "
        "korban perdagangan orang berhak mendapat perlindungan. Ketik /lapor jika ingin "
        "kasus ini diteruskan ke petugas."
    )
    return "\n".join(lines)


COUNTRY_HELP = [
    (("taiwan",), "taiwan_1955", "Taiwan, hotline 1955 (gratis, 24 jam, ada Bahasa Indonesia)"),
    (("hong kong", "hongkong", " hk"), "kjri_hong_kong", "KJRI Hong Kong"),
    (("saudi", "arab", "jeddah", "riyadh", "mekah", "makkah"), "kjri_jeddah", "KJRI Jeddah"),
    (("korea", "korsel", "seoul"), "kbri_seoul", "KBRI Seoul"),
    (("jepang", "japan", "tokyo"), "kbri_tokyo", "KBRI Tokyo"),
]


class ActionEmergencyHelp(Action):
    """Someone is in danger: help numbers in the very first reply."""

    def name(self) -> str:
        return "action_emergency_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=emergency_text(latest_text(tracker)),
            buttons=[{"title": "Laporkan ke petugas", "payload": "/report_recruiter"}],
        )
        logger.info("emergency help given")
        return []
