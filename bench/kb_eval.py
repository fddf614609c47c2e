"""Evaluate knowledge-base retrieval: BM25 alone, embeddings alone and the hybrid, in one run.

Reads ``bench/data/kb_eval.yml``::

    questions: [{q, relevant: [passage ids], style, split}]   # split: dev | test
    out_of_scope: [str]

Reports hit@1, hit@3 and MRR per split and per style, fallback precision/recall on the
out-of-scope questions, and single-query retrieval latency (p50/p95) with 1 and 2 torch threads.
Saves ``bench/results/kb_eval.json``.

The out-of-scope list has no split: items at even positions are dev, odd positions test, so the
threshold is tuned on dev only. ``--tune`` grid-searches the fusion and threshold on dev and
prints the best settings (copy them into ``SearchConfig``); test numbers are never used to tune.

Usage::

    .venv/bin/python bench/kb_eval.py            # evaluate the current SearchConfig
    .venv/bin/python bench/kb_eval.py --tune     # grid search on dev first
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge_base import KnowledgeBase  # noqa: E402
from knowledge_base.index import _make_bm25, bm25_tokens  # noqa: E402
from knowledge_base.normalize import normalize_text  # noqa: E402
from knowledge_base.search import SearchConfig, plan_query  # noqa: E402

DATA = ROOT / "bench" / "data" / "kb_eval.yml"
RESULT = ROOT / "bench" / "results" / "kb_eval.json"
METHODS = ("bm25", "dense", "hybrid")


def load_eval(path: Path) -> tuple[list[dict], list[dict]]:
    """Questions and out-of-scope items, each with a split."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = data["questions"]
    oos = [
        {"q": q, "split": "dev" if i % 2 == 0 else "test", "style": "out_of_scope"}
        for i, q in enumerate(data.get("out_of_scope", []))
    ]
    return questions, oos


def reciprocal_rank(order: list[str], relevant: set[str]) -> float:
    for position, passage_id in enumerate(order, start=1):
        if passage_id in relevant:
            return 1.0 / position
    return 0.0


def evaluate(kb: KnowledgeBase, questions, oos, vectors, method: str, config: SearchConfig) -> dict:
    """Retrieval metrics and fallback decisions for one method and config."""
    kb.config = config
    ids = [p.passage_id for p in kb.index.passages]
    rows = []
    for item in questions + oos:
        key = kb.dense_query_text(plan_query(item["q"]))
        ranking = kb.rank(item["q"], method=method, query_vector=vectors[key])
        order = [ids[i] for i in ranking.order[:10]]
        relevant = set(item.get("relevant", []))
        rows.append(
            {
                "split": item["split"],
                "style": item["style"],
                "in_scope": bool(relevant),
                "rr": reciprocal_rank(order, relevant) if relevant else 0.0,
                "hit1": bool(relevant & set(order[:1])),
                "hit3": bool(relevant & set(order[:3])),
                "confidence": ranking.confidence,
            }
        )
    return {"rows": rows}


def summarise(rows: list[dict], threshold: float) -> dict:
    """hit@1/hit@3/MRR per split and style; fallback precision/recall per split."""
    out: dict = {}
    for split in ("dev", "test"):
        in_scope = [r for r in rows if r["split"] == split and r["in_scope"]]
        groups = {"all": in_scope}
        for style in sorted({r["style"] for r in in_scope}):
            groups[style] = [r for r in in_scope if r["style"] == style]
        out[split] = {
            name: {
                "n": len(group),
                "hit@1": round(float(np.mean([r["hit1"] for r in group])), 3),
                "hit@3": round(float(np.mean([r["hit3"] for r in group])), 3),
                "mrr": round(float(np.mean([r["rr"] for r in group])), 3),
            }
            for name, group in groups.items()
            if group
        }
        split_rows = [r for r in rows if r["split"] == split]
        fell_back = [r for r in split_rows if r["confidence"] < threshold]
        oos_rows = [r for r in split_rows if not r["in_scope"]]
        true_fallbacks = sum(1 for r in fell_back if not r["in_scope"])
        answered = [r for r in split_rows if r["in_scope"] and r["confidence"] >= threshold]
        out[split]["fallback"] = {
            "threshold": threshold,
            "out_of_scope": len(oos_rows),
            "precision": round(true_fallbacks / len(fell_back), 3) if fell_back else None,
            "recall": round(true_fallbacks / len(oos_rows), 3) if oos_rows else None,
            "in_scope_answered": round(len(answered) / max(1, len(split_rows) - len(oos_rows)), 3),
            "in_scope_answered_correct@1": round(
                sum(r["hit1"] for r in answered) / max(1, len(split_rows) - len(oos_rows)), 3
            ),
        }
    return out


def best_threshold(rows: list[dict]) -> float:
    """Threshold maximising F1 of "fall back" (positive = out of scope) on dev rows.

    An in-scope question whose best passage is wrong also counts as a good fallback: an honest
    "ask the hotline" beats a wrong answer.
    """
    dev = [r for r in rows if r["split"] == "dev"]
    best, best_f1 = 0.0, -1.0
    for threshold in np.arange(0.05, 0.95, 0.01):
        fallback = [r for r in dev if r["confidence"] < threshold]
        should = [r for r in dev if not r["in_scope"]]
        tp = sum(1 for r in fallback if not r["in_scope"])
        # Penalise falling back on questions we would have answered correctly.
        lost = sum(1 for r in fallback if r["in_scope"] and r["hit1"])
        precision = tp / (tp + lost) if tp + lost else 0.0
        recall = tp / len(should) if should else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(round(threshold, 2)), f1
    return best


def dev_score(summary: dict) -> float:
    dev = summary["dev"]["all"]
    return dev["hit@1"] + dev["hit@3"] + dev["mrr"]


def with_heading_repeat(kb: KnowledgeBase, repeat: int, bigrams: bool = True) -> None:
    """Re-tokenise the BM25 side in memory (no re-embedding) to try index settings."""
    from knowledge_base.search import TokenRepair

    tokens = [bm25_tokens(p, heading_repeat=repeat, bigrams=bigrams) for p in kb.index.passages]
    kb.index.tokens = tokens
    kb.index.bm25 = _make_bm25(tokens)
    kb.index.bigrams = bigrams
    kb._repair = TokenRepair(kb.index)


def tune(kb: KnowledgeBase, questions, oos, vectors) -> tuple[SearchConfig, int, list[dict]]:
    """Grid search on dev: heading repeat, fusion, weights, country boost; then the threshold."""
    dev_q = [q for q in questions if q["split"] == "dev"]
    dev_o = [o for o in oos if o["split"] == "dev"]
    trials = []
    base = kb.config
    for repeat, bigrams in itertools.product((1, 2), (False, True)):
        with_heading_repeat(kb, repeat, bigrams)
        shared = [
            {"heading_weight": h, "question_top": t, "country_boost": b, "other_country_penalty": b}
            for h, t, b in itertools.product((0.3, 0.45, 0.6), (1, 2), (0.0, 0.05))
        ]
        grid = [
            replace(base, fusion="weighted", dense_weight=w, **extra)
            for w, extra in itertools.product((0.6, 0.7, 0.8), shared)
        ] + [
            replace(base, fusion="rrf", rrf_k=k, **extra)
            for k, extra in itertools.product((10, 60), shared)
        ]
        for config in grid:
            rows = evaluate(kb, dev_q, [], vectors, "hybrid", config)["rows"]
            score = dev_score(summarise(rows, config.threshold))
            trials.append({"repeat": repeat, "bigrams": bigrams, "config": config, "score": score})
    best = max(trials, key=lambda t: t["score"])
    with_heading_repeat(kb, best["repeat"], best["bigrams"])
    config = best["config"]
    # Confidence: weight of the dense part, then the threshold.
    conf_trials = []
    for w, floor, ceiling in itertools.product((0.6, 0.7, 0.8), (0.80, 0.82, 0.84), (0.92, 0.94)):
        candidate = replace(
            config, confidence_dense_weight=w, dense_floor=floor, dense_ceiling=ceiling
        )
        rows = evaluate(kb, dev_q, dev_o, vectors, "hybrid", candidate)["rows"]
        threshold = best_threshold(rows)
        fb = summarise(rows, threshold)["dev"]["fallback"]
        score = (fb["recall"] or 0) + (fb["precision"] or 0) + fb["in_scope_answered_correct@1"]
        conf_trials.append((score, candidate, threshold))
    _, config, threshold = max(conf_trials, key=lambda t: t[0])
    config = replace(config, threshold=threshold)
    top = sorted(trials, key=lambda t: -t["score"])[:5]
    return (
        config,
        {"heading_repeat": best["repeat"], "bigrams": best["bigrams"]},
        [
            {
                "repeat": t["repeat"],
                "bigrams": t["bigrams"],
                "score": round(t["score"], 3),
                **_config_brief(t["config"]),
            }
            for t in top
        ],
    )


def _config_brief(config: SearchConfig) -> dict:
    keys = ("fusion", "dense_weight", "rrf_k", "country_boost", "heading_weight", "question_top")
    return {k: getattr(config, k) for k in keys}


def latency(kb: KnowledgeBase, queries: list[str], threads: int, runs: int) -> dict:
    """Single-query latency in milliseconds: the whole search (normalise + embed + score +
    fuse) and the part without the embedding model (with a precomputed query vector)."""
    import torch

    torch.set_num_threads(threads)
    for query in queries[:5]:
        kb.search(query)
    sample = (queries * (runs // max(1, len(queries)) + 1))[:runs]
    full, without_model = [], []
    for query in sample:
        started = time.perf_counter()
        kb.search(query, k=5)
        full.append((time.perf_counter() - started) * 1000)
    vectors = {
        q: kb.embedder.encode_queries([kb.dense_query_text(plan_query(q))])[0] for q in set(sample)
    }
    for query in sample:
        started = time.perf_counter()
        kb.rank(query, query_vector=vectors[query])
        without_model.append((time.perf_counter() - started) * 1000)

    def pct(values: list[float], q: float) -> float:
        return round(float(np.percentile(values, q)), 1)

    return {
        "threads": threads,
        "runs": runs,
        "p50_ms": pct(full, 50),
        "p95_ms": pct(full, 95),
        "without_model_p50_ms": pct(without_model, 50),
        "without_model_p95_ms": pct(without_model, 95),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def print_table(results: dict) -> None:
    print()
    header = f"{'method':8} {'split':5} {'style':10} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'MRR':>6}"
    print(header)
    print("-" * len(header))
    for method in METHODS:
        for split in ("dev", "test"):
            for style, m in results["methods"][method][split].items():
                if style == "fallback":
                    continue
                print(
                    f"{method:8} {split:5} {style:10} {m['n']:>4} {m['hit@1']:>6.3f} {m['hit@3']:>6.3f} {m['mrr']:>6.3f}"
                )
        print()
    print("fallback (hybrid):")
    for split in ("dev", "test"):
        fb = results["methods"]["hybrid"][split]["fallback"]
        print(
            f"  {split}: threshold {fb['threshold']:.2f}  precision {fb['precision']}  recall {fb['recall']}"
            f"  in-scope answered {fb['in_scope_answered']}  answered & right@1 {fb['in_scope_answered_correct@1']}"
        )
    print("latency (single query, search incl. embedding):")
    for lat in results["latency"]:
        print(
            f"  threads={lat['threads']}: p50 {lat['p50_ms']} ms  p95 {lat['p95_ms']} ms"
            f"  (without the model: p50 {lat['without_model_p50_ms']} ms,"
            f" p95 {lat['without_model_p95_ms']} ms; load average {lat['load_average_1min']})"
        )


def embed_cached(kb: KnowledgeBase, texts: list[str]) -> np.ndarray:
    """Query vectors, cached between runs (keyed by model and texts) to keep tuning short."""
    import hashlib

    key = hashlib.sha256(("\0".join([kb.index.model_id, *texts])).encode()).hexdigest()[:16]
    cache = RESULT.parent / f"kb_eval_vectors_{key}.tmp"
    if cache.is_file():
        return np.load(cache, allow_pickle=False)
    vectors = kb.embedder.encode_queries(texts)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as handle:
        np.save(handle, vectors, allow_pickle=False)
    return vectors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULT)
    parser.add_argument("--tune", action="store_true", help="grid-search fusion/threshold on dev")
    parser.add_argument("--latency-runs", type=int, default=100)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import torch

    torch.set_num_threads(2)
    started = time.perf_counter()
    kb = KnowledgeBase.load()
    load_seconds = time.perf_counter() - started
    questions, oos = load_eval(args.data)

    started = time.perf_counter()
    raw = [item["q"] for item in questions + oos]
    texts = list(dict.fromkeys(raw + [normalize_text(plan_query(q).text) for q in raw]))
    vectors = dict(zip(texts, embed_cached(kb, texts), strict=True))
    embed_seconds = time.perf_counter() - started

    tuning = None
    if args.tune:
        config, repeat, top = tune(kb, questions, oos, vectors)
        kb.config = config
        tuning = {"best": asdict(config), "index": repeat, "top_fusion_trials": top}
        print("best on dev:", json.dumps(tuning, indent=1))

    config = kb.config
    results: dict = {
        "data": str(args.data.relative_to(ROOT))
        if args.data.is_relative_to(ROOT)
        else str(args.data),
        "passages": len(kb.index.passages),
        "questions": {s: sum(1 for q in questions if q["split"] == s) for s in ("dev", "test")},
        "out_of_scope": {s: sum(1 for o in oos if o["split"] == s) for s in ("dev", "test")},
        "config": asdict(config),
        "kb_load_seconds_incl_model": round(load_seconds, 2),
        "query_embedding_seconds_batch": round(embed_seconds, 2),
        "methods": {},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    if tuning:
        results["tuning"] = tuning
    for method in METHODS:
        rows = evaluate(kb, questions, oos, vectors, method, config)["rows"]
        threshold = config.threshold if method == "hybrid" else best_threshold(rows)
        results["methods"][method] = summarise(rows, threshold)

    latency_queries = [q["q"] for q in questions if q["split"] == "test"][:50]
    results["latency"] = [latency(kb, latency_queries, t, args.latency_runs) for t in (1, 2)]
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nsaved {args.out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
