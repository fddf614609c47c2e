"""Search and answers on the fixture articles: BM25 ranking, fusion, fallback, follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base import Answer, KnowledgeBase, load_contacts
from knowledge_base.destinations import detect_country
from knowledge_base.index import build_index, load_index
from knowledge_base.knowledge import fallback_text
from knowledge_base.search import SearchConfig, detect_language, is_follow_up


@pytest.fixture()
def kb(article_dir: Path, tmp_path: Path, embedder) -> KnowledgeBase:
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    return KnowledgeBase(load_index(index_dir), embedder, SearchConfig(threshold=0.3))


@pytest.fixture()
def bm25_kb(article_dir: Path, tmp_path: Path, embedder) -> KnowledgeBase:
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    return KnowledgeBase(load_index(index_dir), None, SearchConfig(threshold=0.3))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bolehkah majikan menahan paspor saya?", "paspor#2"),
        ("paspot sy ditahan agensi, gmn?", "paspor#2"),
        ("dmn bikin paspor buat krj ke luar negri?", "paspor#1"),
        ("brkas2 apa aja yg hrs disiapin?", "dokumen-wajib#1"),
        ("ditipu sponsor, lapor kemana?", "lapor-penipuan#1"),
        ("brp biaya penempatan ke taiwan", "biaya-taiwan#1"),
        ("biaya penempatan ke HK berapa?", "biaya-hong-kong#1"),
        ("gaji saya dipotong agensi taiwan", "biaya-taiwan#2"),
    ],
)
def test_bm25_ranks_the_right_passage_first(
    bm25_kb: KnowledgeBase, query: str, expected: str
) -> None:
    assert bm25_kb.search(query, k=3)[0].passage_id == expected


def test_country_boost_picks_the_asked_country(bm25_kb: KnowledgeBase) -> None:
    assert (
        bm25_kb.search("berapa biaya penempatan ke hong kong?")[0].article_id == "biaya-hong-kong"
    )
    assert bm25_kb.search("berapa biaya penempatan ke taiwan?")[0].article_id == "biaya-taiwan"


def test_search_returns_hits_with_sources(kb: KnowledgeBase) -> None:
    hits = kb.search("Bolehkah agensi menahan paspor?", k=2)
    assert len(hits) == 2
    top = hits[0]
    assert (top.passage_id, top.article_id, top.title) == ("paspor#2", "paspor", "Paspor calon PMI")
    assert top.heading == "Bolehkah agensi atau majikan menahan paspor saya?"
    assert top.source_line == "Sumber: UU 18/2017 Pasal 6."
    assert top.text.endswith(top.source_line)
    assert hits[0].score >= hits[1].score


def test_answer_found(kb: KnowledgeBase) -> None:
    answer = kb.answer("Bolehkah agensi menahan paspor saya?")
    assert isinstance(answer, Answer)
    assert answer.found and answer.passage_id == "paspor#2"
    assert answer.text.endswith("Sumber: UU 18/2017 Pasal 6.")
    assert answer.sources == ["UU 18/2017 Pasal 13", "Permenkumham 18/2022"]
    assert answer.verified == "2026-11"
    assert answer.language == "id"
    assert answer.context["article_id"] == "paspor" and answer.context["topic"] == "dokumen"
    assert all(pid != "paspor#2" for pid, _ in answer.related)
    assert len(answer.related) <= 3


@pytest.mark.parametrize(
    "query", ["resep rendang padang yang enak", "jadwal piala dunia", "asdfgh qwerty"]
)
def test_out_of_scope_falls_back_honestly(kb: KnowledgeBase, query: str) -> None:
    answer = kb.answer(query)
    assert not answer.found
    assert answer.passage_id is None and answer.sources == []
    assert "0800-1000" in answer.text and "Disnaker" in answer.text and "BP3MI" in answer.text


def test_fallback_takes_the_hotline_from_contacts(tmp_path: Path) -> None:
    contacts = tmp_path / "contacts.yml"
    contacts.write_text(
        "contacts:\n  - id: kp2mi_hotline\n    kind: phone\n    value: '0800-9999'\n", "utf-8"
    )
    assert "0800-9999" in fallback_text(load_contacts(contacts))
    assert "0800-1000" in fallback_text(load_contacts(tmp_path / "missing.yml"))


def test_follow_up_reuses_the_previous_subject(kb: KnowledgeBase) -> None:
    first = kb.answer("Berapa biaya penempatan ke Taiwan?")
    assert first.passage_id == "biaya-taiwan#1"
    alone = kb.answer("kalau ke Hong Kong?")
    follow = kb.answer("kalau ke Hong Kong?", context=first.context)
    assert follow.found and follow.passage_id == "biaya-hong-kong#1"
    assert follow.confidence > alone.confidence
    assert follow.context["country"] == "hongkong"
    back = kb.answer("klo yg taiwan brp?", context=follow.context)
    assert back.passage_id == "biaya-taiwan#1"


def test_a_full_question_is_not_treated_as_follow_up(kb: KnowledgeBase) -> None:
    first = kb.answer("Berapa biaya penempatan ke Taiwan?")
    answer = kb.answer("Bolehkah agensi menahan paspor saya?", context=first.context)
    assert answer.passage_id == "paspor#2"


def test_passage_lookup(kb: KnowledgeBase) -> None:
    hit = kb.passage("lapor-penipuan#1")
    assert hit is not None and "0800-1000" in hit.text
    assert kb.passage("tidak-ada#1") is None
    details = kb.details("biaya-hong-kong#1")
    assert details is not None
    assert details["sources"] == ["Perban BP2MI 9/2020"]
    assert (details["confidence"], details["verified"]) == ("MED", "2026-11-20")
    assert kb.details("tidak-ada#1") is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("kerja di taiwan", "taiwan"),
        ("ke HK", "hongkong"),
        ("Hong Kong", "hongkong"),
        ("malay", "malaysia"),
        ("Singapore", "singapura"),
        ("korsel", "korea"),
        ("Korea Selatan", "korea"),
        ("japan", "jepang"),
        ("Arab Saudi", "saudi"),
        ("cambodia", "kamboja"),
        ("cv bahasa inggris", None),
        ("kerja di inggris", "inggris"),
        ("myanmar", "myanmar"),
        ("kerja di luar negeri", None),
    ],
)
def test_detect_country(text: str, country: str | None) -> None:
    assert detect_country(text) == country


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How much is the placement fee for Taiwan?", "en"),
        ("Is my agency legal?", "en"),
        ("Berapa biaya penempatan ke Taiwan?", "id"),
        ("gmn caranya krj ke taiwan yg resmi", "id"),
        ("visa kerja", "id"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "follow_up"),
    [
        ("kalau ke Hong Kong?", True),
        ("klo yg taiwan brp?", True),
        ("what about Japan?", True),
        ("yang malaysia?", True),
        ("Berapa biaya penempatan ke Taiwan?", False),
        ("Dokumen apa saja yang harus disiapkan calon PMI?", False),
    ],
)
def test_is_follow_up(text: str, follow_up: bool) -> None:
    assert is_follow_up(text) == follow_up


ENGLISH_PASPOR = (
    "No. Your passport belongs to you, and you have the right to keep your own travel documents"
    " while you work.\nSumber: UU 18/2017 Pasal 6."
)


@pytest.fixture()
def open_kb(article_dir: Path, tmp_path: Path, embedder) -> KnowledgeBase:
    """Threshold 0: the hashing embedder scores English questions low; we test display only."""
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    return KnowledgeBase(load_index(index_dir), embedder, SearchConfig(threshold=0.0))


def test_answer_in_english_when_asked_in_english(open_kb: KnowledgeBase) -> None:
    answer = open_kb.answer("Can my agency keep my passport (paspor ditahan agensi)?")
    assert answer.language == "en"
    assert answer.found and answer.passage_id == "paspor#2"
    assert answer.text == ENGLISH_PASPOR
    assert answer.text_language == "en"


def test_indonesian_question_keeps_the_indonesian_answer(kb: KnowledgeBase) -> None:
    answer = kb.answer("Bolehkah agensi menahan paspor saya?")
    assert answer.language == "id" and answer.passage_id == "paspor#2"
    assert answer.text.startswith("Tidak. Paspor adalah milik Anda")
    assert "English" not in answer.text and "belongs" not in answer.text
    assert answer.text_language == "id"


def test_english_question_without_english_answer_shows_indonesian(
    open_kb: KnowledgeBase,
) -> None:
    answer = open_kb.answer("Where do I make a paspor for working abroad (kantor imigrasi)?")
    assert answer.language == "en" and answer.passage_id == "paspor#1"
    assert answer.text.startswith("Paspor dibuat di kantor imigrasi")
    assert answer.text_language == "id"


def test_hit_carries_the_english_text(kb: KnowledgeBase) -> None:
    hit = kb.passage("paspor#2")
    assert hit is not None and hit.english_text == ENGLISH_PASPOR
    assert "belongs" not in hit.text
    other = kb.passage("paspor#1")
    assert other is not None and other.english_text == ""
