"""Coverage of what people really ask: real public questions, by topic, before and after.

Data: ``bench/data/kb_coverage/public_questions.yml`` (real questions from FAQ pages, forums, Q&A
columns and interviews, each with its address and a topic tag) and ``topics.yml`` (for each tag,
the passages that answer it, judged by a reader who did not write the passages).

For each tag: asked (questions), covered before (a judged passage existed at ``--before`` REF),
covered now; for each question: the retriever's top passage is a judged one (hit@1) and it is
answered at all (not "I don't know"), on the articles of REF and on today's articles. Both runs
use today's retriever, so the difference is the articles.

Usage: ``.venv/bin/python bench/kb_coverage.py [--before 841e116]``
Writes ``bench/results/kb_coverage.json`` and prints the table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "data" / "kb_coverage"
RESULTS = ROOT / "bench" / "results" / "kb_coverage.json"


def articles_at(ref: str, target: Path) -> Path:
    """The article files of git ``ref`` extracted into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", ref, "knowledge_base/articles"], cwd=ROOT,
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target / "knowledge_base" / "articles"


def run(article_dir: Path, index_dir: Path, questions: list[dict], judged: dict) -> dict:
    from knowledge_base import KnowledgeBase
    from knowledge_base.articles import load_articles

    kb = KnowledgeBase.load(article_dir=article_dir, index_dir=index_dir)
    ids = {p.passage_id for a in load_articles(article_dir) for p in a.passages}
    per_question = {}
    for q in questions:
        wanted = set(judged.get(q["topic"], {}).get("passages") or [])
        answer = kb.answer(q["text"])
        per_question[q["id"]] = {
            "top": answer.passage_id, "sure": bool(answer.found and answer.sure),
            "hit": bool(answer.found and answer.passage_id in wanted),
        }
    return {"ids": ids, "questions": per_question}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="841e116", help="git ref of the earlier articles")
    parser.add_argument("--output", default=str(RESULTS))
    args = parser.parse_args()
    questions = yaml.safe_load((DATA / "public_questions.yml").read_text("utf-8"))["questions"]
    judged = yaml.safe_load((DATA / "topics.yml").read_text("utf-8"))["topics"]
    missing = sorted({q["topic"] for q in questions} - set(judged))
    if missing:
        raise SystemExit(f"topics.yml has no judgement for: {', '.join(missing)}")
    with tempfile.TemporaryDirectory() as tmp:
        before_dir = articles_at(args.before, Path(tmp) / "before")
        before = run(before_dir, Path(tmp) / "index-before", questions, judged)
        after = run(ROOT / "knowledge_base" / "articles", Path(tmp) / "index-after", questions,
                    judged)
    rows = []
    for tag in sorted(judged, key=lambda t: (-sum(q["topic"] == t for q in questions), t)):
        asked = [q for q in questions if q["topic"] == tag]
        if not asked:
            continue
        passages = judged[tag].get("passages") or []
        rows.append({
            "topic": tag, "asked": len(asked),
            "covered_before": any(p in before["ids"] for p in passages),
            "covered_after": bool(passages),
            "hit1_before": sum(before["questions"][q["id"]]["hit"] for q in asked),
            "hit1_after": sum(after["questions"][q["id"]]["hit"] for q in asked),
            "passages": passages, "note": judged[tag].get("note", ""),
        })
    n = len(questions)

    def share(key: str, run_: dict) -> float:
        return round(sum(v[key] for v in run_["questions"].values()) / n, 3)

    summary = {
        "questions": n, "topics": len(rows),
        "topics_covered_before": sum(r["covered_before"] for r in rows),
        "topics_covered_after": sum(r["covered_after"] for r in rows),
        "questions_on_covered_topics_before": sum(r["asked"] for r in rows if r["covered_before"]),
        "questions_on_covered_topics_after": sum(r["asked"] for r in rows if r["covered_after"]),
        "hit1_before": share("hit", before), "hit1_after": share("hit", after),
        "answered_before": share("sure", before), "answered_after": share("sure", after),
        "passages_before": len(before["ids"]), "passages_after": len(after["ids"]),
    }
    from knowledge_base.search import detect_language

    for language in ("id", "en"):
        covered = [q for q in questions if detect_language(q["text"]) == language
                   and judged[q["topic"]].get("passages")]
        summary[f"covered_questions_{language}"] = len(covered)
        for label, run_ in (("before", before), ("after", after)):
            summary[f"hit1_on_covered_{language}_{label}"] = sum(
                run_["questions"][q["id"]]["hit"] for q in covered)
    print("| topic | asked | covered before | covered now | hit@1 before | hit@1 now |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['topic']} | {r['asked']} | {'yes' if r['covered_before'] else 'no'} | "
              f"{'yes' if r['covered_after'] else 'no'} | {r['hit1_before']} | {r['hit1_after']} |")
    print()
    for key, value in summary.items():
        print(f"{key}: {value}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"summary": summary, "topics": rows,
                                             "questions": {"before": before["questions"],
                                                           "after": after["questions"]}},
                                            ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
