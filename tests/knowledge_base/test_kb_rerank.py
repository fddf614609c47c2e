"""The learned question model: what it is fitted on, how it re-orders, how it is stored."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from knowledge_base import KnowledgeBase, build_index, learn_from, rerank, split_authors
from knowledge_base.search import Ranking, plan_query

TEXTS = ["berapa biaya penempatan", "biaya penempatan brp", "biaya kerja berapa ya",
         "umur minimal berapa", "umur minimal kerja", "batas umur kerja berapa",
         "paspor buat dimana", "bikin paspor dimana", "paspor dibuat dimana ya"]
LABELS = [0, 0, 0, 1, 1, 1, 2, 2, 2]


def _ranking(order: list[int], scores: list[float]) -> Ranking:
    return Ranking(np.asarray(order), np.asarray(scores, dtype=np.float32), np.zeros(len(order)),
                   np.zeros(len(order)), 0.6, plan_query("x"))


def test_contains_facts_needs_every_fact_in_one_of_its_spellings() -> None:
    text = "Umur minimal 18 tahun. Hubungi 0800-1000."
    assert rerank.contains_facts([["18 tahun", "18 th"], ["0800-1000", "08001000"]], text)
    assert rerank.contains_facts([["08001000"]], "call center 0800.1000")
    assert not rerank.contains_facts([["18 tahun"], ["SISKOP2MI"]], text)


def test_the_model_learns_only_from_read_authors() -> None:
    splits = learn_from()
    assert "train" in splits and "tune" not in splits
    fitted = set(split_authors())
    assert fitted and not fitted & set(split_authors(splits=("tune",)))


def test_reorder_moves_the_passage_the_question_asks_for_up_within_the_top() -> None:
    model = rerank.fit(TEXTS, LABELS, n_passages=4, stamp="s")
    ranking = _ranking([0, 2, 1, 3], [0.90, 0.88, 0.85, 0.10])
    moved = model.reorder(ranking, "umur minimal brp", weight=0.5)
    assert int(moved.order[0]) == 1
    assert sorted(moved.order.tolist()) == [0, 1, 2, 3]
    # weight 0 is the hybrid order
    assert model.reorder(ranking, "umur minimal brp", weight=0.0).order.tolist() == [0, 2, 1, 3]


def test_a_passage_outside_the_top_stays_outside() -> None:
    model = rerank.fit(TEXTS, LABELS, n_passages=14, stamp="s")
    order = [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2, 12, 13]  # the asked passage (1) is 11th
    ranking = _ranking(order, [1.0 - 0.05 * i for i in range(14)])
    assert int(model.reorder(ranking, "umur minimal", weight=0.5).order[10]) == 1


def test_saved_model_loads_only_for_its_stamp(tmp_path: Path) -> None:
    model = rerank.fit(TEXTS, LABELS, n_passages=3, stamp="abc")
    rerank.save(model, tmp_path)
    loaded = rerank.load(tmp_path, "abc")
    assert loaded is not None
    assert np.allclose(loaded.probabilities("umur minimal"), model.probabilities("umur minimal"))
    assert rerank.load(tmp_path, "other") is None
    (tmp_path / rerank.MODEL_FILE).write_bytes(b"not a model")
    assert rerank.load(tmp_path, "abc") is None


def test_fitted_on_authors_the_kb_loads_it_and_a_data_change_makes_it_stale(
        tmp_path: Path, embedder, article_dir: Path) -> None:
    authors = tmp_path / "authors"
    (authors / "a1").mkdir(parents=True)
    (authors / "SPLITS.yaml").write_text("splits:\n  train: [a1]\n  tune: [a2]\nlearn_from: [train]\n")
    messages = authors / "a1" / "messages.yaml"
    messages.write_text(
        "messages:\n"
        "  - {id: a1-m1, text: 'paspor gue boleh dipegang agensi gak', route: answer,"
        " facts: [['berhak menyimpan']]}\n"
        "  - {id: a1-m2, text: 'bikin paspor dmn', route: answer, facts: [['kantor imigrasi']]}\n")
    index_dir = tmp_path / "index"
    build_index(embedder, article_dir=article_dir, index_dir=index_dir)
    kb = KnowledgeBase.load(index_dir=index_dir, article_dir=article_dir, embedder=embedder)
    assert not kb.use_reranker(index_dir, authors)
    _, counts = rerank.train_and_save(kb, index_dir, authors)
    assert counts["questions"] == 2 and counts["rows"] > 2
    assert kb.use_reranker(index_dir, authors)
    assert kb.rank("bikin paspor dmn").order.size
    # A question the hybrid search is already sure of keeps the hybrid order.
    kb.config = dataclasses.replace(kb.config, rerank_skip_confidence=0.0)
    for query in ("bikin paspor dmn", "paspor gue boleh dipegang agensi gak", "biaya ke taiwan"):
        assert kb.rank(query).order.tolist() == kb.rank(query, rerank=False).order.tolist()
    messages.write_text(messages.read_text() + "  - {id: a1-m3, text: 'paspor', route: answer, facts: [['x']]}\n")
    assert not kb.use_reranker(index_dir, authors)


@pytest.mark.slow
def test_make_setup_fitted_a_current_model_for_the_real_index() -> None:
    assert KnowledgeBase.load().reranker is not None
