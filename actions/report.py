"""The report flow: a Rasa form that collects a report one question at a time, then files it."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from knowledge_base import country_name
from screening import detect_danger, is_urgent, mentions_minor
from understanding import danger_block, is_side_question

logger = logging.getLogger(__name__)

REPORT_SLOTS = ["recruiter_name", "recruiter_contact", "company", "location", "contact_channel",
                "offer_details", "money", "situation", "evidence", "consent"]
FIELD_LABELS = {
    "recruiter_name": "Nama perekrut",
    "recruiter_contact": "Kontak perekrut",
    "company": "Perusahaan/agensi",
    "location": "Lokasi",
    "contact_channel": "Cara menghubungi",
    "offer_details": "Tawaran dan negara",
    "money": "Uang diminta/dibayar",
    "situation": "Keadaan sekarang",
    "evidence": "Bukti",
    "consent": "Kontak dan anonimitas",
}
SKIPPED = "-"
SKIP_WORDS = {"lewati", "lewat", "skip", "-", "tidak tahu", "gak tahu", "ga tau", "gatau",
              "gak tau", "tidak ada", "ga ada", "gak ada", "nggak ada", "ndak ada", "ora ngerti",
              "teu terang", "none", "no", "tidak", "nggak", "gak", "ga", "kosong", "selesai"}
MAX_FIELD_CHARS = 1500


def clean(value: Any) -> str | None:
    """A form answer, trimmed and capped; skip words become '-'; nothing stays None (unfilled)."""
    if value is None:
        return None
    text = str(value).replace("\x00", "").strip()
    if not text:
        return None
    if text.lower().strip(" .!") in SKIP_WORDS:
        return SKIPPED
    return text[:MAX_FIELD_CHARS]


def destination_of(text: str) -> str | None:
    """The destination named in a form answer, as a display name ("Hong Kong")."""
    return country_name(text)


CONSENT_CODES = ("contact", "anon_notify", "anon_silent")
# The consent question's buttons send these codes; typed answers are read with negation in mind:
# a "no" to contact means no contact ("tidak boleh dihubungi ya, saya takut" is never "contact").
_NEGATION = (r"(?:tidak|tdk|tak|gak|ga|gk|g|nggak|ngga|ngak|enggak|engga|ndak|nda|ora|mboten|"
             r"boten|teu|henteu|sanes|bukan|jangan|jgn|ojo|ulah|not|dont|don't|never)")
_CONTACT_WORD = (r"(?:boleh|blh|bisa|hubungi|dihubungi|hubungin|kontak|dikontak|telepon|telpon|"
                 r"ditelepon|ditelpon|chat|dichat|pesan|kabar|kabari|dikabari|wa|sms|contact)")
_SILENT = re.compile(
    rf"\b{_NEGATION}\s+(?:\w+\s+){{0,2}}?{_CONTACT_WORD}\w*|"
    r"\b(?:tidak|tdk|gak|ga|nggak|ngga|ndak|ora|teu) (?:usah|perlu|mau) (?:\w+ ){0,2}?"
    r"(?:dihubungi|hubungi|kabar|kabari|dikabari|pesan|kirim|chat)|"
    r"\bsama sekali\b|\bdiam saja\b|\bdiam aja\b|\bjangan\b|\bjgn\b"
)
_ANON = re.compile(r"\b(?:anonim\w*|anonymous|rahasia\w*|sembunyi\w*|samarkan|tanpa nama|"
                   r"kabari (?:saja|aja|status)|status (?:saja|aja)|cukup kabar\w*)\b")
_YES = re.compile(r"\b(?:boleh|blh|ya|iya|iyaa|y|yes|ok|oke|okey|okay|silakan|silahkan|monggo|"
                  r"mangga|nggih|enggih|leres|bisa|mau|siap|setuju|gpp|tidak apa-apa|ga papa|"
                  r"gak papa|nggak apa-apa)\b")


def consent_choice(text: str) -> str | None:
    """The consent code for a button payload or a typed answer; None when it is unclear.

    Order matters: any "no" to contact wins (silent), then a wish to stay anonymous, then a plain
    yes. An unclear answer is asked again rather than guessed.
    """
    lowered = " ".join(str(text or "").lower().split())
    if lowered in CONSENT_CODES:
        return lowered
    if clean(lowered) == SKIPPED:
        return "anon_notify"  # skipped: no contact, status only in this chat
    if _SILENT.search(lowered):
        return "anon_silent"
    if _ANON.search(lowered):
        return "anon_notify"
    if _YES.search(lowered):
        return "contact"
    return None


def stored_consent(value: Any) -> str:
    """The consent code for a stored slot, read safely whatever path filled it.

    The slot normally holds a code from validate_consent, but Rasa can also store a typed answer
    unvalidated (a story, a restart in the middle of the form). Never asked means anonymous with
    status in this chat; an unclear answer means the safest choice: no contact and no messages.
    """
    if value is None or clean(value) is None:
        return "anon_notify"
    return consent_choice(str(value)) or "anon_silent"


CONSENT_TEXT = {
    "contact": "Boleh dihubungi lewat chat ini",
    "anon_notify": "Anonim; kabari perkembangan lewat chat ini",
    "anon_silent": "Anonim; jangan kirim pesan",
}


class ActionReportRecruiter(Action):
    """Start a report: clear an earlier report's answers, keep a just-screened offer."""

    def name(self) -> str:
        return "action_report_recruiter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        return report_start_events(dispatcher, tracker)


def report_start_events(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Clear an earlier report's answers, say what comes, attach a just-screened offer."""
    events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in REPORT_SLOTS]
    dispatcher.utter_message(text=(
        "Terima kasih mau melapor. Laporan Anda membantu melindungi orang lain. "
        "Saya akan bertanya beberapa hal, satu per satu. Jawab sebisanya; ketik \"lewati\" "
        "untuk pertanyaan yang tidak bisa dijawab, atau /batal untuk berhenti. "
        "Identitas Anda dijaga."
    ))
    offer = tracker.get_slot("screened_offer")
    if offer:
        events.append(SlotSet("offer_details", offer[:MAX_FIELD_CHARS]))
        dispatcher.utter_message(text="Tawaran kerja yang tadi Anda cek sudah saya lampirkan.")
    return events


class ActionAskEvidence(Action):
    """Ask for photos; the bot keeps images sent now as evidence of this report."""

    def name(self) -> str:
        return "action_ask_evidence"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        count = services.evidence_drafts().count(tracker.sender_id)
        text = ("Punya bukti? Kirim foto atau tangkapan layar sekarang (chat, iklan, bukti "
                "transfer, boleh beberapa). Setelah semua terkirim, tekan \"Selesai\". "
                "Jika tidak ada bukti, tekan \"Tidak ada bukti\".")
        if count:
            text = f"Sudah diterima {count} berkas bukti. " + text
        dispatcher.utter_message(text=text, buttons=[
            {"title": "Selesai", "payload": '/inform{"evidence":"selesai"}'},
            {"title": "Tidak ada bukti", "payload": '/inform{"evidence":"lewati"}'},
        ])
        return []


# Free-text slots where a question asked back is never a plausible answer.
SIDE_QUESTION_SLOTS = frozenset({"recruiter_name", "recruiter_contact", "company", "money"})


class ValidateReportForm(FormValidationAction):
    """Trim and cap answers, turn skip words into '-', read danger and consent from the answers."""

    def name(self) -> str:
        return "validate_report_form"

    def _plain(self, slot: str):
        async def validator(value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict[str, Any]:
            text = clean(value)
            if text and detect_danger(text).now:
                # Someone in danger in the middle of the report: help first, the answer is kept.
                dispatcher.utter_message(text=danger_block(text))
            elif text and slot in SIDE_QUESTION_SLOTS and is_side_question(text):
                # "ka mana lapor na?" is a question, not the recruiter's number: answer it, and ask
                # the same question of the form again instead of storing it.
                dispatcher.utter_message(text=services.understander().side_answer(text))
                return {slot: None}
            return {slot: text}
        return validator

    def __getattr__(self, name: str):
        if name.startswith("validate_") and name[len("validate_"):] in REPORT_SLOTS:
            return self._plain(name[len("validate_"):])
        raise AttributeError(name)

    async def validate_location(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = clean(value)
        if text is None:
            return {"location": None}
        if text == SKIPPED:
            dispatcher.utter_message(text="Baik, lokasi dikosongkan. Jika nanti ingat kabupaten/"
                                          "kotanya, tambahkan lewat tombol \"Ubah\" sebelum "
                                          "mengirim: lokasi membantu petugas setempat bertindak.")
        return {"location": text}

    async def validate_situation(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = clean(value)
        if text is None:
            return {"situation": None}
        if mentions_minor(text) or is_urgent(text):
            dispatcher.utter_message(text=danger_block(text))
            dispatcher.utter_message(text="Laporan ini akan ditandai MENDESAK untuk petugas. "
                                          "Mari selesaikan beberapa pertanyaan terakhir.")
        return {"situation": text}

    async def validate_evidence(self, value: Any, dispatcher: CollectingDispatcher,
                                tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if clean(value) is None:
            return {"evidence": None}
        count = services.evidence_drafts().count(tracker.sender_id)
        return {"evidence": f"{count} berkas" if count else SKIPPED}

    async def validate_consent(self, value: Any, dispatcher: CollectingDispatcher,
                               tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if clean(value) is None:
            return {"consent": None}
        choice = consent_choice(str(value))
        if choice is None:
            dispatcher.utter_message(text=(
                "Maaf, saya belum yakin pilihan Anda. Tekan salah satu tombol di bawah. Jika ragu, "
                "pilih \"Anonim, jangan kirim pesan\": petugas tidak akan menghubungi Anda, dan Anda "
                "tetap bisa cek status dengan /status."))
        return {"consent": choice}


def summary_text(tracker: Tracker) -> str:
    lines = ["Ringkasan laporan Anda:"]
    for slot in REPORT_SLOTS:
        value = tracker.get_slot(slot) or SKIPPED
        if slot == "consent":
            value = CONSENT_TEXT[stored_consent(tracker.get_slot(slot))]
        if len(value) > 300:
            value = value[:300] + "…"
        lines.append(f"• {FIELD_LABELS[slot]}: {value}")
    lines.append("\nPeriksa dulu. Kirim sekarang, ubah bagian yang salah, atau batalkan.")
    return "\n".join(lines)


class ActionReportSummary(Action):
    def name(self) -> str:
        return "action_report_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=summary_text(tracker), buttons=[
            {"title": "Kirim laporan", "payload": "/report_confirm"},
            {"title": "Ubah", "payload": "/report_fix"},
            {"title": "Batal", "payload": "/cancel"},
        ])
        return []


class ActionReportFix(Action):
    def name(self) -> str:
        return "action_report_fix"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        buttons = [{"title": FIELD_LABELS[slot],
                    "payload": "/report_fix_field" + json.dumps({"report_field": slot},
                                                                separators=(",", ":"))}
                   for slot in REPORT_SLOTS]
        dispatcher.utter_message(text="Bagian mana yang ingin diubah?", buttons=buttons)
        return []


class ActionReportFixField(Action):
    def name(self) -> str:
        return "action_report_fix_field"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        field = tracker.get_slot("report_field")
        if field not in REPORT_SLOTS:
            dispatcher.utter_message(text="Bagian itu tidak ada. Silakan pilih lagi.")
            return [SlotSet("report_field", None)]
        return [SlotSet(field, None), SlotSet("report_field", None)]


def draft_from(tracker: Tracker):
    from escalation import ReportDraft

    def value(slot: str) -> str | None:
        text = clean(tracker.get_slot(slot))
        return None if text == SKIPPED else text

    situation = value("situation") or ""
    consent = stored_consent(tracker.get_slot("consent"))
    offer = value("offer_details")
    level = tracker.get_slot("screened_level")
    flags = tracker.get_slot("screened_flags") or []
    if offer and not level:
        from screening import assess

        assessment = assess(offer)
        level, flags = assessment.level, [f.code for f in assessment.flags]
    location = value("location")
    return ReportDraft(
        reporter=tracker.sender_id,
        recruiter_name=value("recruiter_name"),
        recruiter_contact=value("recruiter_contact"),
        company=value("company"),
        location=location,
        kabupaten=kabupaten_of(location),
        contact_channel=value("contact_channel"),
        offer_text=offer,
        destination_country=destination_of(offer or ""),
        money=value("money"),
        status_now=situation or None,
        in_danger=is_urgent(situation),
        minor=mentions_minor(situation),
        anonymous=consent != "contact",
        contact_allowed=consent == "contact",
        notify_updates=consent != "anon_silent",
        screening_level=level,
        screening_flags=list(flags),
        evidence=services.evidence_drafts().take(tracker.sender_id),
    )


def kabupaten_of(location: str | None) -> str | None:
    if not location:
        return None
    match = re.search(r"\b(kab(?:upaten)?\.?|kota)\s+([A-Za-z][A-Za-z .'-]{2,40})", location,
                      re.IGNORECASE)
    if match:
        kind = "Kota" if match.group(1).lower() == "kota" else "Kab."
        return f"{kind} {match.group(2).strip().title()}"
    parts = [p.strip() for p in location.split(",") if p.strip()]
    return parts[-1].title()[:60] if parts else None


def idempotency_key(tracker: Tracker) -> str:
    """Same answers from the same reporter → the same report, even if 'send' is pressed twice."""
    payload = json.dumps([tracker.sender_id] + [tracker.get_slot(s) for s in REPORT_SLOTS])
    return hashlib.sha256(payload.encode()).hexdigest()


class ActionSubmitReport(Action):
    """File the report (committed before the reporter is told), or keep it safely if the DB is down."""

    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from escalation import DatabaseUnavailable

        if not tracker.get_slot("consent"):
            try:
                await asyncio.to_thread(lambda: services.escalation().check())
            except DatabaseUnavailable:
                # Rasa could not load the conversation either: the answers are still stored.
                dispatcher.utter_message(text=(
                    "Maaf, sistem kami sedang terganggu sehingga laporan belum bisa dikirim. "
                    "Jawaban Anda tidak hilang. Tekan \"Kirim laporan\" lagi beberapa menit lagi. "
                    f"Jika mendesak, hubungi KP2MI {services.contact('kp2mi_hotline')}."))
                return []
            dispatcher.utter_message(text="Tidak ada laporan yang siap dikirim. Ketik /lapor "
                                          "untuk mulai melapor.")
            return []
        draft = draft_from(tracker)
        key = idempotency_key(tracker)
        hotline = services.contact("kp2mi_hotline")
        link = {"pandu": {"link_chat": draft.notify_updates}}
        try:
            view = await asyncio.to_thread(
                lambda: services.escalation().file_report(draft, idempotency_key=key))
        except DatabaseUnavailable:
            services.spool().put(draft, key)
            services.evidence_drafts().clear(tracker.sender_id)
            logger.warning("database unavailable; report spooled")
            dispatcher.utter_message(text=(
                "Laporan Anda sudah tersimpan dengan aman di server kami, tetapi sistem petugas "
                "sedang gangguan sehingga belum tercatat. Laporan akan dikirim otomatis begitu "
                "sistem pulih, dan nomor tiketnya akan dikabarkan lewat chat ini"
                + ("" if draft.notify_updates else " (jika Anda mengizinkan pesan)") + ". "
                f"Jika mendesak, hubungi KP2MI {hotline}."
            ), json_message=link)
            return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [
                SlotSet("screened_offer", None)]
        services.evidence_drafts().clear(tracker.sender_id)
        lines = [
            f"Laporan Anda sudah diterima dan tercatat. Nomor tiket: {view.ticket}",
            "",
            "Yang terjadi selanjutnya: petugas memeriksa laporan ini dan menindaklanjutinya "
            "(misalnya meneruskan ke polisi, KP2MI, atau Disnaker).",
            "Tanggapan pertama biasanya dalam 3 hari kerja"
            + (" — laporan ini ditandai MENDESAK dan didahulukan." if view.urgent else "."),
            f"Cek perkembangannya kapan saja dengan: /status {view.ticket}",
        ]
        if draft.notify_updates:
            lines.append("Setiap perubahan status akan saya kabarkan di chat ini.")
        if view.urgent:
            lines.append(f"Jika ada yang dalam bahaya sekarang, hubungi juga KP2MI {hotline} "
                         f"atau polisi {services.contact('police')}.")
        dispatcher.utter_message(text="\n".join(lines), json_message=link)
        logger.info("report filed: ticket=%s urgent=%s", view.ticket, view.urgent)
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("screened_offer", None),
                                                                 SlotSet("ticket", view.ticket)]


def status_lines(view) -> list[str]:
    lines = [f"Tiket {view.ticket}: {view.status_text}"]
    if view.question:
        lines.append(f"Petugas bertanya: \"{view.question}\" — balas pesan ini dengan jawaban Anda.")
    if view.forwarded_to:
        lines.append(f"Diteruskan ke: {view.forwarded_to}.")
    lines.append(f"Dibuat {view.created_at:%d-%m-%Y}, terakhir berubah {view.updated_at:%d-%m-%Y %H:%M}.")
    return lines


STATUS_MAX_WORDS = 20  # "status laporan saya gimana ya kak?" is short; an ad naming "tiket" is not


class ActionCheckStatus(Action):
    """Status of the reporter's own tickets only; someone else's ticket reveals nothing."""

    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.actions import STATUS_REQUEST, ActionUnderstand, latest_text

        text = latest_text(tracker)
        names_ticket = bool(re.search(r"\bLAP-[A-Z0-9]", text, re.IGNORECASE))
        if not text.startswith("/") and not names_ticket and (
                not STATUS_REQUEST.search(text) or len(text.split()) > STATUS_MAX_WORDS):
            # Read as "status" by the classifier, but not about a ticket ("no aduan brp?"), or a
            # pasted ad that mentions a "tiket" pesawat: understood like any other message.
            return await ActionUnderstand().run(dispatcher, tracker, domain)
        from escalation import DatabaseUnavailable

        ticket = tracker.get_slot("ticket")
        text = (tracker.latest_message or {}).get("text") or ""
        match = re.search(r"LAP-[A-Z0-9][A-Z0-9-]{2,30}", text, re.IGNORECASE)
        if match:
            ticket = match.group(0).upper()
        try:
            esc = await asyncio.to_thread(services.escalation)
            if ticket:
                view = await asyncio.to_thread(esc.status_for_reporter, ticket, tracker.sender_id)
                if view is None:
                    dispatcher.utter_message(text=(
                        f"Tiket {ticket} tidak ditemukan di antara laporan Anda. Periksa lagi "
                        "nomornya. Status hanya bisa dilihat dari akun yang mengirim laporan."))
                else:
                    dispatcher.utter_message(text="\n".join(status_lines(view)))
            else:
                views = await asyncio.to_thread(esc.reports_of, tracker.sender_id)
                if not views:
                    dispatcher.utter_message(text="Belum ada laporan dari Anda. Untuk melapor, "
                                                  "ketik /lapor.")
                else:
                    lines = ["Laporan Anda:"]
                    lines += [f"• {v.ticket}: {v.status_text}" for v in views[:10]]
                    lines.append("Ketik /status <nomor tiket> untuk riwayatnya.")
                    dispatcher.utter_message(text="\n".join(lines))
        except DatabaseUnavailable:
            dispatcher.utter_message(text=(
                "Maaf, data laporan sedang tidak bisa dibuka karena gangguan. Silakan coba "
                f"beberapa saat lagi. Jika mendesak, hubungi KP2MI {services.contact('kp2mi_hotline')}."))
        return [SlotSet("ticket", None)]


def _loop_stopped_now(events: list[dict[str, Any]]) -> str | None:
    """The form that the /batal rule has just stopped in this turn, if any. A form that ended
    earlier (a report already sent) is not one: /batal then has nothing to cancel."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    for i in range(len(events) - 1, -1, -1):
        event = events[i]
        if event.get("event") != "active_loop":
            continue
        if event.get("name"):
            return str(event["name"])
        if i < last_user:
            return None  # the last form ended before this message
    return None


class ActionCancel(Action):
    """/batal: stop whatever runs and drop unsent answers."""

    def name(self) -> str:
        return "action_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        had_report = any(tracker.get_slot(slot) for slot in REPORT_SLOTS)
        had_offer = bool(tracker.get_slot("offer_text"))
        previous_loop = _loop_stopped_now(tracker.events)
        if had_report or previous_loop == "report_form":
            services.evidence_drafts().clear(tracker.sender_id)
            dispatcher.utter_message(response="utter_report_cancelled")
        elif had_offer or previous_loop == "offer_form":
            dispatcher.utter_message(response="utter_cancelled")
        else:
            dispatcher.utter_message(response="utter_nothing_to_cancel")
        return [SlotSet(slot, None) for slot in REPORT_SLOTS] + [SlotSet("offer_text", None),
                                                                 SlotSet("requested_slot", None)]
