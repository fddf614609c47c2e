"""Report-form actions with rasa_sdk's CollectingDispatcher and a real Tracker."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import report


def tracker(slots: dict, text: str = "", sender: str = "tg-test") -> Tracker:
    return Tracker(sender_id=sender, slots=slots, latest_message={"text": text, "intent": {}},
                   events=[], paused=False, followup_action=None,
                   active_loop={"name": "report_form"}, latest_action_name=None)


@pytest.mark.parametrize("raw, expected", [
    (None, None), ("", None), ("   ", None), ("lewati", "-"), ("Skip", "-"), ("tidak ada.", "-"),
    ("  Pak Budi  ", "Pak Budi"), ("x" * 5000, "x" * report.MAX_FIELD_CHARS),
])
def test_clean_answers(raw, expected) -> None:
    assert report.clean(raw) == expected


@pytest.mark.parametrize("text, choice", [
    # button codes pass through
    ("contact", "contact"), ("anon_notify", "anon_notify"), ("anon_silent", "anon_silent"),
    # typed answers
    ("Boleh dihubungi", "contact"), ("iya", "contact"), ("boleh aja hubungi saya", "contact"),
    ("monggo", "contact"), ("Anonim, tapi kabari status", "anon_notify"),
    ("Anonim, jangan kirim pesan", "anon_silent"), ("rahasiakan nama saya", "anon_notify"),
    ("lewati", "anon_notify"), ("-", "anon_notify"),
    # a "no" to contact is never read as contact (the probe's defect: "boleh" won)
    ("tidak boleh dihubungi ya, saya takut", "anon_silent"),
    ("gak boleh", "anon_silent"), ("jangan hubungi saya", "anon_silent"),
    ("ga usah dikabari", "anon_silent"), ("mboten pareng, mboten usah dihubungi", "anon_silent"),
    ("teu kenging dihubungi", "anon_silent"), ("saya tidak mau dihubungi", "anon_silent"),
    # unclear: asked again, never guessed
    ("hmm", None), ("saya ibu rumah tangga", None),
])
def test_consent_choice(text, choice) -> None:
    assert report.consent_choice(text) == choice


def test_officer_card_and_case_text_show_the_consent() -> None:
    from escalation.workflow import officer_card_text

    base = dict(ticket="LAP-1", urgent_reasons=[], recruiter_name=None, recruiter_contact=None,
                company=None, location=None, kabupaten=None, destination_country=None,
                offer_text=None, money=None, screening_level=None, screening_flags=[],
                linked_reports=0, evidence_count=0)
    assert "boleh dihubungi" in officer_card_text(**base, contact_allowed=True, notify_updates=True)
    silent = officer_card_text(**base, contact_allowed=False, notify_updates=False)
    assert "JANGAN kirim pesan" in silent and "boleh dihubungi" not in silent


@pytest.mark.parametrize("location, kabupaten", [
    ("Desa Sukamaju, Kab. Indramayu", "Kab. Indramayu"),
    ("desa karangrejo kabupaten blitar", "Kab. Blitar"),
    ("Kota Batam", "Kota Batam"),
    ("Sukamaju, Cianjur", "Cianjur"),
    (None, None),
])
def test_kabupaten_is_read_from_the_location(location, kabupaten) -> None:
    assert report.kabupaten_of(location) == kabupaten


def test_unfilled_slots_stay_unfilled_so_the_form_asks_them() -> None:
    form = report.ValidateReportForm()
    dispatcher = CollectingDispatcher()
    result = asyncio.run(form.validate_recruiter_name(None, dispatcher, tracker({}), {}))
    assert result == {"recruiter_name": None}
    result = asyncio.run(form.validate_recruiter_name("lewati", dispatcher, tracker({}), {}))
    assert result == {"recruiter_name": "-"}


def test_danger_in_the_situation_gets_help_numbers_at_once(monkeypatch) -> None:
    monkeypatch.setattr(report.services, "contact", lambda cid: f"<{cid}>")
    monkeypatch.setattr(report.services, "contacts", lambda: {})
    form = report.ValidateReportForm()
    dispatcher = CollectingDispatcher()
    result = asyncio.run(form.validate_situation("Paspor saya ditahan agen, tolong", dispatcher,
                                                 tracker({}), {}))
    assert result == {"situation": "Paspor saya ditahan agen, tolong"}
    assert "0800-1000" in dispatcher.messages[0]["text"]  # from contacts.yml
    assert "MENDESAK" in dispatcher.messages[1]["text"]


def test_skipping_the_location_is_allowed_with_a_reminder() -> None:
    dispatcher = CollectingDispatcher()
    result = asyncio.run(report.ValidateReportForm().validate_location("lewati", dispatcher,
                                                                      tracker({}), {}))
    assert result == {"location": "-"}
    assert "kabupaten" in dispatcher.messages[0]["text"]


def test_summary_lists_every_answer_and_hides_nothing() -> None:
    slots = {slot: f"nilai {slot}" for slot in report.REPORT_SLOTS}
    slots["consent"] = "anon_silent"
    text = report.summary_text(tracker(slots))
    for slot in report.REPORT_SLOTS:
        assert report.FIELD_LABELS[slot] in text
    assert "jangan kirim pesan" in text


def test_same_answers_give_the_same_idempotency_key() -> None:
    slots = {slot: "x" for slot in report.REPORT_SLOTS}
    assert report.idempotency_key(tracker(slots)) == report.idempotency_key(tracker(slots))
    assert report.idempotency_key(tracker(slots)) != report.idempotency_key(
        tracker(slots, sender="tg-other"))


def _cancel(events: list[dict]) -> list[str]:
    dispatcher = CollectingDispatcher()
    t = Tracker(sender_id="tg-cancel", slots={}, latest_message={"text": "/batal", "intent": {}},
                events=events, paused=False, followup_action=None, active_loop={},
                latest_action_name=None)
    asyncio.run(report.ActionCancel().run(dispatcher, t, {}))
    return [m.get("response") for m in dispatcher.messages]


def test_cancel_in_the_middle_of_the_report_form_cancels_the_report() -> None:
    events = [{"event": "user", "text": "/lapor"}, {"event": "active_loop", "name": "report_form"},
              {"event": "user", "text": "/batal"}, {"event": "active_loop", "name": None}]
    assert _cancel(events) == ["utter_report_cancelled"]


def test_cancel_after_a_report_was_sent_says_there_is_nothing_to_cancel() -> None:
    events = [{"event": "user", "text": "/lapor"}, {"event": "active_loop", "name": "report_form"},
              {"event": "active_loop", "name": None}, {"event": "user", "text": "/batal"}]
    assert _cancel(events) == ["utter_nothing_to_cancel"]


def _routed(monkeypatch, text: str, intent: str, action) -> str:
    """Which action really answered: the cancel, the status look-up or the understanding step."""
    from actions import actions

    seen: list[str] = []

    async def understood(self, dispatcher, tracker, domain):
        seen.append("understand")
        return []

    async def cancelled(self, dispatcher, tracker, domain):
        seen.append("cancel")
        return []

    monkeypatch.setattr(report.ActionCancel, "run", cancelled)
    if action is not actions.ActionUnderstand:
        monkeypatch.setattr(actions.ActionUnderstand, "run", understood)
    else:
        class Understander:
            def handle(self, text, state, intent):
                seen.append("understand")
                from understanding import Understanding
                return Understanding(parts=[], state={})
        monkeypatch.setattr(actions.services, "understander", lambda: Understander())
    t = Tracker(sender_id="tg-route", slots={}, latest_message={"text": text, "intent": {"name": intent}},
                events=[], paused=False, followup_action=None, active_loop={}, latest_action_name=None)
    try:
        asyncio.run(action().run(CollectingDispatcher(), t, {}))
    except Exception:  # the status look-up needs a database; only the routing matters here
        seen.append("status")
    return seen[0] if seen else "status"


@pytest.mark.parametrize(("text", "expected"), [
    ("batal", "cancel"), ("gk jd", "cancel"), ("/batal", "cancel"),
    ("jd aman gk?", "understand"), ("aman ra", "understand"),
])
def test_a_short_question_about_an_offer_is_not_taken_for_a_cancel(monkeypatch, text, expected) -> None:
    from actions.actions import ActionUnderstand

    assert _routed(monkeypatch, text, "cancel", ActionUnderstand) == expected


def test_a_pasted_ad_that_names_a_ticket_is_understood_not_looked_up_as_a_report_status(monkeypatch) -> None:
    ad = ("CRUISE SHIP HIRING 2025 posisi waiter, cook helper, housekeeping gaji 2000-3000 USD, tips "
          "extra, interview via WhatsApp saja, langsung LOLOS biaya proses 35 juta sudah termasuk visa, "
          "tiket, medical")
    assert _routed(monkeypatch, ad, "check_status", report.ActionCheckStatus) == "understand"
    assert _routed(monkeypatch, "status tiket saya gimana", "check_status", report.ActionCheckStatus) == "status"


@pytest.fixture
def no_evidence(monkeypatch) -> None:
    """A draft taken with no evidence uploaded (the evidence store is not under test here)."""
    class NoEvidence:
        def take(self, sender):
            return []

    monkeypatch.setattr(report.services, "evidence_drafts", lambda: NoEvidence())


@pytest.mark.parametrize("stored, contact, notify", [
    # Rasa can store a typed answer that never went through validate_consent (a story, a restart
    # in the middle of the form): the draft must still read it, and a "no" must mean no contact.
    ("jangan kirim pesan apa pun", False, False),
    ("tidak boleh dihubungi, saya takut", False, False),
    ("hmm entahlah", False, False),          # unclear: the safest reading, never contact
    ("boleh, hubungi saya", True, True),
    ("anonim saja, kabari status", False, True),
    ("contact", True, True),
    ("anon_silent", False, False),
    (None, False, True),                     # never asked: anonymous, status in this chat only
])
def test_the_draft_reads_the_consent_safely_even_when_it_was_stored_unvalidated(
        no_evidence, stored, contact, notify) -> None:
    draft = report.draft_from(tracker({"consent": stored, "situation": "sudah di rumah"}))
    assert draft.contact_allowed is contact
    assert draft.anonymous is (not contact)
    assert draft.notify_updates is notify


def test_the_draft_cleans_every_answer_it_files(no_evidence) -> None:
    draft = report.draft_from(tracker({"recruiter_name": "  Pak\x00 Budi  ", "company": "x" * 5000,
                                       "money": "tidak ada", "consent": "contact"}))
    assert draft.recruiter_name == "Pak Budi"
    assert len(draft.company) == report.MAX_FIELD_CHARS
    assert draft.money is None


@pytest.mark.parametrize("situation, urgent, minor", [
    ("saya tidak disekap, sudah aman di rumah", False, False),
    ("sponsor mengancam kalau saya lapor", True, False),
    ("paspor ditahan agen, tidak boleh keluar", True, False),
    ("adik saya umur 16 masih di penampungan", False, True),  # urgent as a minor (escalation)
])
def test_the_draft_reads_urgency_and_a_minor_with_the_screening_rules(no_evidence, situation, urgent,
                                                                      minor) -> None:
    draft = report.draft_from(tracker({"situation": situation, "consent": "contact"}))
    assert draft.in_danger is urgent
    assert draft.minor is minor
