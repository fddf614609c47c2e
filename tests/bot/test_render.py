from bot.rasa_client import Button
from bot.render import CALLBACK_DATA_LIMIT, CallbackStore, keyboard_rows, split_text


def test_short_text_is_one_piece() -> None:
    assert split_text("halo") == ["halo"]
    assert split_text("   ") == []


def test_long_text_is_split_under_the_limit_at_line_breaks() -> None:
    paragraph = ("Kalimat pendek yang diulang. " * 20).strip()
    text = "\n\n".join([paragraph] * 30)
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(len(p) <= 4096 for p in pieces)
    assert "".join(p.replace("\n", "") for p in pieces).replace(" ", "") == \
        text.replace("\n", "").replace(" ", "")
    assert all(p.endswith(".") for p in pieces[:-1])


def test_text_without_breaks_is_still_split() -> None:
    pieces = split_text("x" * 9000)
    assert [len(p) for p in pieces] == [4096, 4096, 808]


def test_callback_store_keeps_short_payloads_and_maps_long_ones() -> None:
    store = CallbackStore()
    assert store.encode("/check_offer") == "/check_offer"
    long_payload = '/show_passage{"passage_id": "' + "a" * 80 + '#1"}'
    data = store.encode(long_payload)
    assert len(data.encode()) <= CALLBACK_DATA_LIMIT
    assert store.decode(data) == long_payload
    assert CallbackStore().decode(data) is None, "unknown keys (after a restart) are not guessed"
    assert store.unsaved() == {data: long_payload}, "new keys wait to be stored durably"
    assert store.unsaved() == {}
    store.encode(long_payload)
    assert store.unsaved() == {}, "a key already held is not stored again"
    restarted = CallbackStore()
    restarted.remember(data, long_payload)
    assert restarted.decode(data) == long_payload


def test_callback_store_never_mistakes_user_payload_for_a_key() -> None:
    store = CallbackStore()
    data = store.encode("k:looks-like-a-key")
    assert data != "k:looks-like-a-key"
    assert store.decode(data) == "k:looks-like-a-key"


def test_keyboard_rows_pair_short_titles_and_isolate_long_ones() -> None:
    rows = keyboard_rows([Button("Ya", "/affirm"), Button("Tidak", "/deny"),
                          Button("Apa saja dokumen yang wajib dibawa?", "x")], CallbackStore())
    assert [[title for title, _ in row] for row in rows] == [
        ["Ya", "Tidak"], ["Apa saja dokumen yang wajib dibawa?"]]
