"""The article parser: good files, and a clear error for each kind of malformed file."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base.articles import ArticleError, load_articles, parse_article

GOOD = """---
id: contoh
title: Contoh artikel
topic: biaya
countries: [Taiwan, hong kong]
sources: ["UU 18/2017 Pasal 30", "Perban BP2MI 9/2020"]
confidence: HIGH
verified: 2026-11
---
## Pertanyaan pertama?
Jawaban pertama.
Baris kedua.
Sumber: UU 18/2017 Pasal 30.

## Pertanyaan kedua?

Jawaban kedua.
Sumber: Perban BP2MI 9/2020.

"""


def write(tmp_path: Path, text: str, name: str = "contoh.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parses_front_matter_and_passages(tmp_path: Path) -> None:
    article = parse_article(write(tmp_path, GOOD))
    assert article.article_id == "contoh"
    assert article.countries == ("taiwan", "hong kong")
    assert article.sources == ("UU 18/2017 Pasal 30", "Perban BP2MI 9/2020")
    assert article.verified == "2026-11"
    assert [p.passage_id for p in article.passages] == ["contoh#1", "contoh#2"]
    first, second = article.passages
    assert first.heading == "Pertanyaan pertama?"
    assert first.body == "Jawaban pertama.\nBaris kedua.\nSumber: UU 18/2017 Pasal 30."
    assert first.source_line == "Sumber: UU 18/2017 Pasal 30."
    assert second.body == "Jawaban kedua.\nSumber: Perban BP2MI 9/2020."


def test_full_date_and_empty_countries(tmp_path: Path) -> None:
    text = GOOD.replace("verified: 2026-11", "verified: 2026-11-20").replace(
        "countries: [Taiwan, hong kong]", "countries: []"
    )
    article = parse_article(write(tmp_path, text))
    assert article.verified == "2026-11-20"
    assert article.countries == ()


def test_fixture_folder_skips_readme() -> None:
    from conftest import FIXTURE_ARTICLES  # type: ignore[import-not-found]

    articles = load_articles(FIXTURE_ARTICLES)
    assert "README" not in {a.article_id for a in articles}
    assert len(articles) == 5


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda t: t.replace("---\nid", "id", 1), "must start with a '---'"),
        (lambda t: t.replace("---\n## Pertanyaan pertama", "## Pertanyaan pertama"), "not closed"),
        (lambda t: t.replace("topic: biaya\n", ""), "missing topic"),
        (lambda t: t.replace("title: Contoh artikel", "title: [Contoh"), "not valid YAML"),
        (
            lambda t: t.replace(
                'sources: ["UU 18/2017 Pasal 30", "Perban BP2MI 9/2020"]', "sources: []"
            ),
            "at least one source",
        ),
        (lambda t: t.replace("confidence: HIGH", "confidence: SURE"), "confidence 'SURE'"),
        (lambda t: t.replace("verified: 2026-11", "verified: November"), "verified 'November'"),
        (lambda t: t.replace("id: contoh", "id: Contoh Artikel"), "lower-case letters"),
        (
            lambda t: t.replace("Sumber: UU 18/2017 Pasal 30.\n", ""),
            "last line must start with 'Sumber: '",
        ),
        (
            lambda t: t.replace("Sumber: UU 18/2017 Pasal 30.", "Sumber:"),
            "last line must start with 'Sumber: '",
        ),
        (lambda t: t.replace("Jawaban kedua.\n", ""), "only a source line"),
        (
            lambda t: t.replace(
                "---\n## Pertanyaan pertama", "---\nPengantar.\n## Pertanyaan pertama"
            ),
            "text before the first",
        ),
        (lambda t: t.split("## ")[0], "has no '## ' passages"),
        (
            lambda t: t.replace(
                "## Pertanyaan kedua?\n\nJawaban kedua.\nSumber: Perban BP2MI 9/2020.",
                "## Pertanyaan kedua?\n",
            ),
            "empty body",
        ),
    ],
)
def test_malformed_article_raises_clear_error(tmp_path: Path, mutate, message: str) -> None:
    path = write(tmp_path, mutate(GOOD))
    with pytest.raises(ArticleError) as error:
        parse_article(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.md")
    write(tmp_path, GOOD, "b.md")
    with pytest.raises(ArticleError, match="also used by"):
        load_articles(tmp_path)


def test_alternative_questions_are_parsed_and_kept_out_of_the_body(tmp_path: Path) -> None:
    text = GOOD.replace(
        "## Pertanyaan pertama?\n",
        "## Pertanyaan pertama?\nPertanyaan lain: gmn caranya | piye carane |  | how do I\n",
    )
    first, second = parse_article(write(tmp_path, text)).passages
    assert first.alternatives == ("gmn caranya", "piye carane", "how do I")
    assert first.body == "Jawaban pertama.\nBaris kedua.\nSumber: UU 18/2017 Pasal 30."
    assert second.alternatives == ()  # the line is optional


def test_alternative_questions_line_must_follow_the_heading(tmp_path: Path) -> None:
    misplaced = GOOD.replace("Baris kedua.\n", "Baris kedua.\nPertanyaan lain: gmn\n")
    with pytest.raises(ArticleError, match="right after the heading"):
        parse_article(write(tmp_path, misplaced))
    empty = GOOD.replace("## Pertanyaan pertama?\n", "## Pertanyaan pertama?\nPertanyaan lain: |\n")
    with pytest.raises(ArticleError, match="lists no questions"):
        parse_article(write(tmp_path, empty))


def test_english_answer_is_parsed_and_kept_out_of_the_body(tmp_path: Path) -> None:
    text = GOOD.replace(
        "Baris kedua.\nSumber:", "Baris kedua.\nEnglish:  The first answer.  \nSumber:"
    )
    first, second = parse_article(write(tmp_path, text)).passages
    assert first.english == "The first answer."
    assert first.body == "Jawaban pertama.\nBaris kedua.\nSumber: UU 18/2017 Pasal 30."
    assert first.source_line == "Sumber: UU 18/2017 Pasal 30."
    assert second.english == ""  # the line is optional
    assert "English" not in second.body


def test_english_answer_with_alternatives_and_blank_line(tmp_path: Path) -> None:
    text = GOOD.replace(
        "## Pertanyaan kedua?\n",
        "## Pertanyaan kedua?\nPertanyaan lain: gmn | how\n",
    ).replace("Jawaban kedua.\n", "Jawaban kedua.\n\nEnglish: The second answer.\n\n")
    second = parse_article(write(tmp_path, text)).passages[1]
    assert second.alternatives == ("gmn", "how")
    assert second.english == "The second answer."
    assert second.body == "Jawaban kedua.\nSumber: Perban BP2MI 9/2020."


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Jawaban pertama.\n", "English: Misplaced.\nJawaban pertama.\n", "right before"),
        ("Baris kedua.\n", "Baris kedua.\nEnglish:   \n", "line is empty"),
        ("Baris kedua.\n", "Baris kedua.\nEnglish: One.\nEnglish: Two.\n", "right before"),
        (
            "Jawaban pertama.\nBaris kedua.\n",
            "English: Only English, no Indonesian.\n",
            "no answer text",
        ),
    ],
)
def test_bad_english_line_is_rejected(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        parse_article(write(tmp_path, GOOD.replace(old, new, 1)))


DATED = GOOD.replace(
    "Baris kedua.\nSumber: UU 18/2017 Pasal 30.",
    "Baris kedua.\nEnglish: First answer.\nDated: 2025-03; review_by: 2027-06; changes: yearly\n"
    "Sumber: UU 18/2017 Pasal 30.",
).replace("Jawaban kedua.\nSumber:", "Jawaban kedua.\nDated: 2017-11; review_by: 2027-12\nSumber:")


def test_dated_line_gives_the_passage_its_own_months(tmp_path: Path) -> None:
    first, second = parse_article(write(tmp_path, DATED)).passages
    assert (first.dated, first.review_by, first.changes_yearly) == ("2025-03", "2027-06", True)
    assert first.english == "First answer."
    assert first.body == "Jawaban pertama.\nBaris kedua.\nSumber: UU 18/2017 Pasal 30."
    assert (second.dated, second.review_by, second.changes_yearly) == ("2017-11", "2027-12", False)
    assert "Dated" not in second.body


@pytest.mark.parametrize("line, problem", [
    ("Dated: 2025-13; review_by: 2027-06", "YYYY-MM"),
    ("Dated: 2025-03; review_by: 2024-01", "before the source date"),
    ("Dated: 2025-03; review_by: 2027-06; changes: often", "unknown field"),
    ("Dated: 2025-03", "review_by"),
    ("Dated:", "empty"),
])
def test_a_bad_dated_line_is_named(tmp_path: Path, line: str, problem: str) -> None:
    text = GOOD.replace("Jawaban kedua.\nSumber:", f"Jawaban kedua.\n{line}\nSumber:")
    with pytest.raises(ArticleError, match=problem):
        parse_article(write(tmp_path, text))


def test_dated_line_must_sit_right_before_the_source(tmp_path: Path) -> None:
    text = GOOD.replace("Jawaban kedua.\nSumber:",
                        "Dated: 2025-03; review_by: 2027-06\nJawaban kedua.\nSumber:")
    with pytest.raises(ArticleError, match="right before"):
        parse_article(write(tmp_path, text))
