import json

import pytest

from bot.identity import sender_id
from bot.rasa_client import intent_message, parse_replies, user_text
from bot.settings import BotSettings


def test_sender_id_is_a_keyed_hash_not_the_telegram_id() -> None:
    a = sender_id(123456789, b"secret-a")
    assert "123456789" not in a
    assert a == sender_id(123456789, b"secret-a")
    assert a != sender_id(123456789, b"secret-b")
    assert a != sender_id(123456780, b"secret-a")


@pytest.mark.parametrize("raw, expected", [
    ("/emergency", "emergency"),
    ('/check_offer{"offer_text": "x"}', 'check_offer{"offer_text": "x"}'),
    ("  halo  ", "halo"),
    ("//", "//".replace("/", " ").strip()),
])
def test_user_text_can_never_trigger_an_intent(raw: str, expected: str) -> None:
    assert not user_text(raw).startswith("/")
    assert user_text(raw) == expected


def test_intent_message_escapes_entity_values() -> None:
    text = 'gaji "25 juta"\nvisa turis {x}'
    message = intent_message("check_offer", {"offer_text": text})
    assert message.startswith("/check_offer{")
    assert json.loads(message[len("/check_offer"):]) == {"offer_text": text}
    assert intent_message("greet") == "/greet"


def test_parse_replies_keeps_text_and_buttons_and_drops_junk() -> None:
    replies = parse_replies([
        {"recipient_id": "x", "text": "halo", "buttons": [{"title": "Ya", "payload": "/affirm"},
                                                          {"title": "", "payload": "bad"}]},
        {"recipient_id": "x"},
        "junk",
    ])
    assert len(replies) == 1
    assert replies[0].text == "halo"
    assert [(b.title, b.payload) for b in replies[0].buttons] == [("Ya", "/affirm")]
    assert parse_replies({"not": "a list"}) == []


def test_file_url_is_derived_from_the_api_url(monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9999/bot")
    assert BotSettings().telegram_file_base_url == "http://127.0.0.1:9999/file/bot"
    monkeypatch.delenv("TELEGRAM_API_BASE_URL")
    assert BotSettings().telegram_file_base_url == "https://api.telegram.org/file/bot"


def test_officer_ids_are_parsed_from_a_comma_list(monkeypatch) -> None:
    monkeypatch.setenv("OFFICER_USER_IDS", "11, 22,abc,-33")
    assert BotSettings().officer_ids == {11, 22, -33}


def test_sender_secret_is_generated_once_and_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SENDER_ID_SECRET", raising=False)
    monkeypatch.setenv("PANDU_VAR_DIR", str(tmp_path))
    first = BotSettings().sender_secret()
    assert first == BotSettings().sender_secret()
    assert len(first) == 64


def test_paragraphs_rasa_cut_apart_are_joined_again() -> None:
    replies = parse_replies([
        {"text": "Laporan diterima."}, {"text": "Nomor tiket: LAP-1"},
        {"text": "Pilih:", "buttons": [{"title": "Ya", "payload": "/affirm"}]},
        {"text": "Pesan berikutnya"}, {"custom": {"pandu": {"link_chat": True}}},
    ])
    assert [r.text for r in replies] == ["Laporan diterima.\n\nNomor tiket: LAP-1\n\nPilih:",
                                         "Pesan berikutnya", ""]
    assert [b.title for b in replies[0].buttons] == ["Ya"]
    assert replies[2].custom == {"pandu": {"link_chat": True}}


def test_a_flood_is_announced_once_per_burst_and_nothing_is_dropped() -> None:
    from bot.conversation import FLOOD_MAX_MESSAGES, Conversation
    from bot.messages import Hotlines

    conversation = Conversation(None, b"k" * 32, Hotlines("a", "b", "c"))
    warnings = [conversation.is_flooding(7) for _ in range(FLOOD_MAX_MESSAGES * 3)]
    assert warnings.count(True) == 1
    assert warnings.index(True) == FLOOD_MAX_MESSAGES
    assert not any(conversation.is_flooding(8) for _ in range(FLOOD_MAX_MESSAGES))


def test_flood_bookkeeping_forgets_quiet_people(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import conversation as conv
    from bot.messages import Hotlines

    clock = {"now": 1000.0}
    monkeypatch.setattr(conv.time, "monotonic", lambda: clock["now"])
    conversation = conv.Conversation(None, b"k" * 32, Hotlines("a", "b", "c"))
    for user in range(conv.PRUNE_ABOVE + 500):
        conversation.is_flooding(user)
    clock["now"] += conv.FLOOD_WINDOW_S + 1
    conversation.is_flooding(10**9)  # one new message after everyone went quiet
    assert len(conversation._recent) <= 1


def test_doubled_braces_of_domain_payloads_arrive_single() -> None:
    replies = parse_replies([{"text": "Bagaimana?", "buttons": [
        {"title": "WhatsApp", "payload": '/inform{{"contact_channel":"WhatsApp"}}'},
        {"title": "Ya", "payload": '/inform{"consent":"contact"}'}]}])
    assert [b.payload for b in replies[0].buttons] == [
        '/inform{"contact_channel":"WhatsApp"}', '/inform{"consent":"contact"}']
