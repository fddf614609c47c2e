"""Index build, stamp and reload (with the hashing stand-in embedder: no torch here)."""

from __future__ import annotations

import time
from pathlib import Path

from knowledge_base.index import bm25_tokens, build_index, dense_text, load_index, read_stamp


def test_build_then_skip_when_nothing_changed(article_dir: Path, tmp_path: Path, embedder) -> None:
    index_dir = tmp_path / "kb"
    first = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    assert first.rebuilt and first.passages == 7
    assert read_stamp(index_dir) == first.stamp
    calls = embedder.calls
    second = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    assert not second.rebuilt
    assert second.stamp == first.stamp
    assert embedder.calls == calls  # nothing was embedded again


def test_rebuild_when_an_article_changes(article_dir: Path, tmp_path: Path, embedder) -> None:
    index_dir = tmp_path / "kb"
    first = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    path = article_dir / "paspor.md"
    path.write_text(path.read_text(encoding="utf-8").replace("imigrasi", "Imigrasi"), "utf-8")
    second = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    assert second.rebuilt and second.stamp != first.stamp
    assert (
        "Imigrasi"
        in load_index(index_dir)
        .passages[[p.passage_id for p in load_index(index_dir).passages].index("paspor#1")]
        .text
    )


def test_rebuild_when_an_article_is_added_or_removed(
    article_dir: Path, tmp_path: Path, embedder
) -> None:
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    (article_dir / "lapor-penipuan.md").unlink()
    report = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    assert report.rebuilt and report.passages == 6


def test_rebuild_when_the_model_changes(article_dir: Path, tmp_path: Path, embedder) -> None:
    index_dir = tmp_path / "kb"
    first = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    embedder.model_id = "test:another-model"
    second = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    assert second.rebuilt and second.stamp != first.stamp


def test_load_is_fast_and_keeps_passage_data(article_dir: Path, tmp_path: Path, embedder) -> None:
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    started = time.perf_counter()
    index = load_index(index_dir)
    assert time.perf_counter() - started < 1.0
    by_id = {p.passage_id: p for p in index.passages}
    passage = by_id["biaya-hong-kong#1"]
    assert passage.countries == ("hong kong",)
    assert passage.sources == ("Perban BP2MI 9/2020",)
    assert passage.source_line == "Sumber: Perban BP2MI 9/2020."
    assert passage.text.endswith(passage.source_line)
    assert index.vectors.ntotal == len(index.passages)


def test_heading_weighs_more_than_body(article_dir: Path) -> None:
    from knowledge_base.articles import load_articles
    from knowledge_base.index import passages_from_articles

    passage = passages_from_articles(load_articles(article_dir))[0]
    tokens = bm25_tokens(passage, heading_repeat=2)
    assert tokens.count("tempat") > bm25_tokens(passage, heading_repeat=1).count("tempat")
    assert not any(t.startswith("sumber") for t in tokens)  # the source line is not indexed


def test_alternative_questions_become_question_vectors_and_bm25_terms(
    article_dir: Path, tmp_path: Path, embedder
) -> None:
    path = article_dir / "paspor.md"
    text = path.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    path.write_text(
        text.replace(heading, heading + "\nPertanyaan lain: gmn bikin pasport | how to get one", 1),
        encoding="utf-8",
    )
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    index = load_index(index_dir)
    position = next(i for i, p in enumerate(index.passages) if p.heading == heading[3:].strip())
    passage = index.passages[position]
    assert passage.alternatives == ("gmn bikin pasport", "how to get one")
    assert "Pertanyaan lain" not in passage.text
    assert len(index.question_owner) == len(index.passages) + 2
    assert list(index.question_owner).count(position) == 3
    assert "pasport" in index.tokens[position] or "paspor" in index.tokens[position]
    # The question score of a passage is its best question (top 1) or the mean of the best 2.
    vector = embedder.encode_queries(["how to get one"])[0]
    assert index.question_scores(vector)[position] > 0.99
    assert index.question_scores(vector, top=2)[position] <= index.question_scores(vector)[position]


def test_english_answers_are_not_indexed(article_dir: Path, tmp_path: Path, embedder) -> None:
    index_dir = tmp_path / "kb"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    index = load_index(index_dir)
    passage = next(p for p in index.passages if p.passage_id == "paspor#2")
    assert passage.english.startswith("No. Your passport belongs to you")
    assert "belongs" not in passage.text
    assert "belongs" not in dense_text(passage)
    assert not {"belongs", "passport", "travel"} & set(bm25_tokens(passage))
