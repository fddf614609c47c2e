"""The real articles and contacts: every article parses and cites sources; every phone number
shown to users comes from contacts.yml, and every contact number is backed by the facts sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge_base.articles import ARTICLES_DIR, article_paths, load_articles
from knowledge_base.check import digits, phone_like
from knowledge_base.knowledge import CONTACTS_FILE, contact_phones, load_contacts

ROOT = Path(__file__).resolve().parents[2]
FACTS_CANDIDATES = [
    Path("/work/shared/guidance-facts.md"),
    ROOT.parent / "shared" / "guidance-facts.md",
]
ALLOWED_CONFIDENCE = ("MED-HIGH", "HIGH", "MED")

def _require_articles() -> list:
    if not article_paths(ARTICLES_DIR):
        pytest.skip(f"no articles in {ARTICLES_DIR} yet")
    return load_articles(ARTICLES_DIR)


def test_every_article_parses_and_cites_sources() -> None:
    articles = _require_articles()
    for article in articles:
        assert article.sources, article.path
        for passage in article.passages:
            assert passage.source_line.startswith("Sumber: ") and len(passage.source_line) > 10


def test_phone_like_pattern() -> None:
    text = "Hubungi 0800-1000 atau +62 21 2924 4800, polisi di 110, hotline 1955. UU 18/2017 Pasal 30, Rp370.000 untuk 24 bulan."
    assert phone_like(text) == {"0800-1000", "+62 21 2924 4800", "110", "1955"}


def test_phone_like_pattern_in_english() -> None:
    text = "Call 0800-1000 or the police on 110, phone 1955. Law 18/2017 Article 30, 24 months."
    assert phone_like(text) == {"0800-1000", "110", "1955"}


def test_every_phone_number_in_articles_is_in_contacts() -> None:
    articles = _require_articles()
    if not CONTACTS_FILE.is_file():
        pytest.skip(f"{CONTACTS_FILE} does not exist yet")
    known = {digits(p) for c in load_contacts() for p in contact_phones(c)}
    unknown = [
        f"{a.path.name}: {number}"
        for a in articles
        for p in a.passages
        for text in (p.body, p.english)
        for number in sorted(phone_like(text))
        if digits(number) not in known
    ]
    assert not unknown, "phone numbers not in contacts.yml: " + "; ".join(unknown)


def _facts_rows() -> list[tuple[str, str]]:
    facts = next((p for p in FACTS_CANDIDATES if p.is_file()), None)
    if facts is None:
        pytest.skip("no shared/guidance-facts.md next to the repository")
    rows = []
    for line in facts.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append((line, cells[-1]))
    return rows


def test_every_contact_phone_is_backed_by_a_trusted_facts_row() -> None:
    if not CONTACTS_FILE.is_file():
        pytest.skip(f"{CONTACTS_FILE} does not exist yet")
    rows = _facts_rows()
    problems = []
    for contact in load_contacts():
        for phone in contact_phones(contact):
            matching = [
                confidence
                for line, confidence in rows
                if digits(phone) in {digits(n) for n in re.findall(r"\+?\d[\d\s-]*\d|\d", line)}
            ]
            if not any(c.upper().startswith(ALLOWED_CONFIDENCE) for c in matching):
                problems.append(f"{contact['id']} {phone}: rows {matching or 'none'}")
    assert not problems, "contact numbers without a HIGH/MED-HIGH/MED facts row: " + "; ".join(
        problems
    )


def test_alternative_questions_never_reach_displayed_text() -> None:
    articles = _require_articles()
    shown = [
        f"{a.path.name}: {p.passage_id}"
        for a in articles
        for p in a.passages
        if "Pertanyaan lain" in p.body or "Pertanyaan lain" in p.heading
    ]
    assert not shown, "alternative questions in displayed passage text: " + "; ".join(shown)


def test_english_answers_never_reach_displayed_indonesian_text() -> None:
    articles = _require_articles()
    shown = [
        f"{a.path.name}: {p.passage_id}"
        for a in articles
        for p in a.passages
        if "English:" in p.body or "English:" in p.heading or "English:" in p.english
    ]
    assert not shown, "'English:' in displayed passage text: " + "; ".join(shown)


def test_shown_passages_carry_their_source_month_and_changing_figures_say_per() -> None:
    from knowledge_base.index import passages_from_articles
    from knowledge_base.knowledge import display_text, month_label

    assert month_label("2025-09") == "September 2025"
    assert month_label("2025-09", "en") == "September 2025"
    assert month_label("") == ""
    passages = passages_from_articles(load_articles())
    undated = [p.passage_id for p in passages if not p.dated]
    assert not undated, f"passages without a Dated line: {undated[:10]}"
    for passage in passages:
        shown = display_text(passage)
        assert shown.splitlines()[-1].endswith(f"(per {month_label(passage.dated)}).")
        assert ("Angka ini per " in shown) == passage.changes_yearly, passage.passage_id
        if passage.english:
            english = display_text(passage, "en")
            assert f"as of {month_label(passage.dated, 'en')}" in english
