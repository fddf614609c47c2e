"""Understanding and screening on text written by outside authors: old pipeline beside new, one run.

Data: ``bench/data/authors/<author>/messages.yaml`` and ``offers.yaml`` (format: SPEC.md there),
each author one persona written separately, plus public material with source addresses. The split
by author is frozen in ``bench/data/authors/SPLITS.yaml`` (train / tune / test); the test authors'
texts are read only to report, once per change.

Each pipeline is a checkout (this one, and ``--baseline-ref`` in a git worktree) started with its own
``scripts/stack.py --services-only``; ``bench/understanding_driver.py`` then sends every message
through that checkout's own bot message handling (``bot.conversation.Conversation``) to its Rasa, as a
user would. Replies are scored black-box from their text:

- route: answer (not "I don't know", no form, no false danger) / screen (a ``Risiko:`` line) /
  danger (KP2MI and Kemlu numbers in the first reply) / report (the form starts) / small talk /
  outside (the honest out-of-scope reply); ``also`` items must happen too;
- content: the facts each author listed are in the reply; the risk level equals the label;
- false "I don't know" on covered questions; false danger (the full danger block without danger);
- offers: TINGGI recall/precision, legal→TINGGI, SEDANG on high-risk, missing ``Risiko:`` line,
  by source and channel, with the keyword baseline beside them.

Usage: ``.venv/bin/python bench/understanding_eval.py [--split test] [--baseline-ref REF]``
Writes ``bench/results/understanding_eval.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from harness import stack_env  # noqa: E402

AUTHORS = ROOT / "bench" / "data" / "authors"
RESULTS = ROOT / "bench" / "results" / "understanding_eval.json"

RISK = re.compile(r"Risiko:\s*(TINGGI|SEDANG|RENDAH)")
DANGER_FULL = ("Keselamatan Anda yang paling penting", "🆘 Jika Anda atau keluarga sedang dalam bahaya")
KP2MI, KEMLU = "0800-1000", "+62 812 9007 0027"
# The report form is on: its opening line, or one of its questions (a dialog's later turn lands
# mid-form, where the first question has already been answered).
REPORT_FORM = ("nama orang yang merekrut", "terima kasih mau melapor", "perusahaan atau agensi apa yang dia sebut",
               "akun facebook/tiktok/telegram perekrut", "di mana perekrutan terjadi",
               "bagaimana dia menghubungi anda pertama kali", "sudah membayar uang? tulis jumlahnya")
OFFER_PROMPT = "tempel (paste)"
IDK = ("belum tercakup", "tidak mau menebak", "belum mengerti", "Coba tulis dengan kalimat lain")
OUTSIDE = ("hanya bisa membantu soal bekerja",)
QUESTION_SUFFIX = "\n\nIni aman tidak?"


def load_splits() -> dict[str, str]:
    data = yaml.safe_load((AUTHORS / "SPLITS.yaml").read_text(encoding="utf-8"))
    return {author: split for split, authors in data["splits"].items() for author in authors}


def load_items(splits: dict[str, str], wanted: set[str]) -> list[dict]:
    """Every message, dialog and offer of the wanted splits, as conversations to send."""
    items: list[dict] = []
    for folder in sorted(p for p in AUTHORS.iterdir() if p.is_dir()):
        author = folder.name
        split = splits.get(author)
        if split not in wanted:
            continue
        messages = folder / "messages.yaml"
        if messages.is_file():
            data = yaml.safe_load(messages.read_text(encoding="utf-8")) or {}
            for m in data.get("messages") or []:
                items.append({"id": m["id"], "author": author, "split": split, "kind": "message",
                              "route": m.get("route"), "also": m.get("also") or [],
                              "facts": m.get("facts") or [], "risk": m.get("risk"),
                              "uncovered": bool(m.get("uncovered")), "style": m.get("style", "?"),
                              "turns": [{"channel": "text", "text": str(m["text"])}]})
            for d in data.get("dialogs") or []:
                items.append({"id": d["id"], "author": author, "split": split, "kind": "dialog",
                              "route": d.get("route"), "also": d.get("also") or [],
                              "facts": d.get("facts") or [], "risk": d.get("risk"),
                              "uncovered": bool(d.get("uncovered")), "style": "dialog",
                              "turns": [{"channel": "text", "text": str(t)} for t in d["turns"]]})
        offers = folder / "offers.yaml"
        if offers.is_file():
            data = yaml.safe_load(offers.read_text(encoding="utf-8")) or {}
            for o in data.get("offers") or []:
                channel = o.get("channel", "pasted")
                text = str(o["text"]).strip()
                if channel == "question" and "?" not in text:
                    text += QUESTION_SUFFIX
                send = {"pasted": "text", "question": "text", "cek": "cek", "forward": "forward"}
                items.append({"id": o["id"], "author": author, "split": split, "kind": "offer",
                              "route": "screen", "also": [], "facts": [], "risk": o.get("risk"),
                              "legal": bool(o.get("legal")), "channel": channel,
                              "source": "public" if o.get("source") else "written",
                              "style": channel,
                              "turns": [{"channel": send.get(channel, "text"), "text": text}]})
    return items


# --- running one checkout ---------------------------------------------------------------------
def prepare_worktree(ref: str, where: Path) -> Path:
    """A checkout of ``ref`` sharing this checkout's environments and embedding model."""
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT,
                       capture_output=True)
        shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(where), ref], cwd=ROOT, check=True,
                   capture_output=True)
    for name in (".venv", ".venv-rasa"):
        (where / name).symlink_to(ROOT / name)
    (where / "var").mkdir(exist_ok=True)
    model = ROOT / "var" / "embedding-model"
    if model.exists():
        (where / "var" / "embedding-model").symlink_to(model)
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "-m", "knowledge_base", "build"], cwd=where, env=env, check=True,
                   capture_output=True)
    if (where / "knowledge_base" / "rerank.py").exists():  # the learned question model (e0648dc on)
        subprocess.run([py, "-m", "knowledge_base.rerank"], cwd=where, env=env, check=True,
                       capture_output=True)
    subprocess.run([py, "-m", "screening", "train"], cwd=where, env=env, check=True,
                   capture_output=True)
    subprocess.run([str(ROOT / ".venv-rasa" / "bin" / "rasa"), "train", "--config", "config.yml",
                    "--domain", "domain.yml", "--data", "nlu", "--out", "models", "--quiet"],
                   cwd=where, env=env, check=True, capture_output=True)
    return where


class Stack:
    def __init__(self, root: Path, label: str) -> None:
        self.root, self.label = root, label
        self.var = Path(tempfile.mkdtemp(prefix=f"pandu-eval-{label}-"))
        self.env = stack_env(self.var, "eval-secret-for-understanding-runs", EMBEDDING_MODEL=str(
            ROOT / "var" / "embedding-model" / "multilingual-e5-small"))
        self.log = self.var / "stack.log"
        started = time.monotonic()
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "python"), "scripts/stack.py",
                                          "--services-only"], cwd=root, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        while "READY" not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None or time.monotonic() - started > 400:
                raise RuntimeError(f"{label} stack did not start:\n" + self.log.read_text()[-3000:])
            time.sleep(0.5)
        self.ready_s = time.monotonic() - started

    def drive(self, items: list[dict], concurrency: int) -> dict[str, dict]:
        inp = self.var / "in.jsonl"
        out = self.var / "out.jsonl"
        with open(inp, "w", encoding="utf-8") as f:
            for item in items:
                f.write(json.dumps({"id": item["id"], "turns": item["turns"]}, ensure_ascii=False) + "\n")
        env = dict(self.env, PYTHONPATH=str(self.root))
        # Each pipeline is driven by its own checkout's driver: its bot message handling (forwards!).
        driver = self.root / "bench" / "understanding_driver.py"
        if not driver.is_file():
            driver = ROOT / "bench" / "understanding_driver.py"
        subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(driver),
                        "--rasa-url", self.env["RASA_URL"], "--input", str(inp), "--output", str(out),
                        "--concurrency", str(concurrency)], cwd=self.root, env=env, check=True)
        with open(out, encoding="utf-8") as f:
            return {row["id"]: row for row in map(json.loads, f)}

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        kept = Path(tempfile.gettempdir()) / f"pandu-eval-{self.label}-logs"  # for reading failures
        shutil.rmtree(kept, ignore_errors=True)
        if (self.var / "logs").is_dir():
            shutil.copytree(self.var / "logs", kept)
        shutil.rmtree(self.var, ignore_errors=True)


# --- scoring ----------------------------------------------------------------------------------
def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def fact_present(fact: list[str] | str, reply: str) -> bool:
    options = fact if isinstance(fact, list) else [fact]
    folded = _fold(reply)
    undotted = folded.replace(".", "")
    for option in options:
        o = _fold(str(option))
        if o and (o in folded or o.replace(".", "") in undotted):
            return True
    return False


def read_reply(messages: list[dict]) -> dict:
    text = "\n".join(m.get("text") or "" for m in messages)
    buttons = [b for m in messages for b in (m.get("buttons") or [])]
    risk = RISK.search(text)
    first = messages[0]["text"] if messages else ""
    return {
        "text": text,
        "risk": risk.group(1) if risk else None,
        "danger_full": any(d in text for d in DANGER_FULL),
        "numbers_first": KP2MI in first and KEMLU in first,
        "report_form": any(f in text.lower() for f in REPORT_FORM),
        "report_button": any("report_recruiter" in str(b.get("payload", "")) for b in buttons),
        "offer_prompt": OFFER_PROMPT in text.lower(),
        "idk": any(i.lower() in text.lower() for i in IDK),
        "outside": any(o in text for o in OUTSIDE),
        "guess": "Mungkin ini yang Anda maksud" in text,
        "error": text.startswith("<error"),
    }


def _does(what: str, r: dict, item: dict) -> bool:
    if what == "screen":
        return r["risk"] is not None
    if what == "danger":
        return r["numbers_first"]
    if what == "report":
        return r["report_form"] or r["report_button"]
    if what == "answer":
        # A report wish that also asks something: the answer comes above the form, so the form
        # being on does not undo the answer (it does for route "answer", checked in score()).
        return not r["idk"] and not r["outside"] and (
            not item["facts"] or all(fact_present(f, r["text"]) for f in item["facts"]))
    return True


def score(item: dict, replies: list[list[dict]]) -> dict:
    r = read_reply(replies[-1] if replies else [])
    route = item["route"]
    not_danger = route != "danger" and "danger" not in item["also"]
    false_danger = not_danger and r["danger_full"]
    if route == "answer":
        covered = not item["uncovered"]
        answered = not r["idk"] and not r["outside"] and not r["report_form"] and r["risk"] is None \
            or ("screen" in item["also"] and r["risk"] is not None and not r["idk"])
        route_ok = (answered or (not covered and (r["idk"] or r["outside"]))) and not r["report_form"] \
            and not false_danger
        content_ok = route_ok and (not covered or not item["facts"]
                                   or all(fact_present(f, r["text"]) for f in item["facts"]))
    elif route == "screen":
        route_ok = r["risk"] is not None
        content_ok = route_ok and (item.get("risk") is None or r["risk"] == item["risk"])
    elif route == "danger":
        route_ok = r["numbers_first"]
        content_ok = route_ok
    elif route == "report":
        route_ok = r["report_form"]
        content_ok = route_ok
    elif route == "smalltalk":
        route_ok = not (r["risk"] or r["report_form"] or r["danger_full"] or r["idk"] or r["offer_prompt"])
        content_ok = route_ok
    else:  # outside
        route_ok = (r["outside"] or r["idk"]) and not (r["risk"] or r["report_form"] or r["danger_full"])
        content_ok = route_ok
    also_ok = all(_does(a, r, item) for a in item["also"] if a != route)
    return {
        "route_ok": bool(route_ok and also_ok),
        "content_ok": bool(content_ok and also_ok),
        "false_idk": route == "answer" and not item["uncovered"] and (r["idk"] or r["outside"]),
        "false_danger": bool(false_danger),
        "danger_hit": r["numbers_first"] if not not_danger else None,
        "danger_block": r["danger_full"] if not not_danger else None,
        "risk": r["risk"],
        "error": r["error"],
        "reply": r["text"][:600],
    }


def summarize(items: list[dict], scores: dict[str, dict]) -> dict:
    conv = [i for i in items if i["kind"] in ("message", "dialog")]
    offers = [i for i in items if i["kind"] == "offer"]

    def rate(rows, key):
        vals = [scores[i["id"]][key] for i in rows if scores[i["id"]][key] is not None]
        return round(sum(bool(v) for v in vals) / len(vals), 3) if vals else None

    out: dict = {"n_messages": len(conv), "n_offers": len(offers)}
    out["route"] = rate(conv, "route_ok")
    out["route_and_content"] = rate(conv, "content_ok")
    covered = [i for i in conv if i["route"] == "answer" and not i["uncovered"]]
    out["false_idk_covered"] = rate(covered, "false_idk")
    danger = [i for i in conv if i["route"] == "danger" or "danger" in i["also"]]
    out["danger_recall_numbers"] = rate(danger, "danger_hit")
    out["danger_recall_block"] = rate(danger, "danger_block")
    not_danger = [i for i in conv if not (i["route"] == "danger" or "danger" in i["also"])]
    out["false_danger"] = rate(not_danger, "false_danger")
    out["follow_ups"] = rate([i for i in conv if i["kind"] == "dialog"], "content_ok")
    by = defaultdict(list)
    for i in conv:
        by[("author", i["author"])].append(i)
        by[("route", i["route"])].append(i)
        by[("style", i["style"])].append(i)
    out["by"] = {f"{k}:{v}": {"n": len(rows), "route": rate(rows, "route_ok"),
                              "content": rate(rows, "content_ok")}
                 for (k, v), rows in sorted(by.items())}
    out["offers"] = offer_metrics(offers, scores)
    out["errors"] = sum(1 for i in items if scores[i["id"]]["error"])
    return out


def offer_metrics(offers: list[dict], scores: dict[str, dict], level_of=None) -> dict:
    def metrics(rows):
        if not rows:
            return None
        level = (lambda i: scores[i["id"]]["risk"]) if level_of is None else level_of
        high = [i for i in rows if i["risk"] == "TINGGI"]
        said_high = [i for i in rows if level(i) == "TINGGI"]
        legal = [i for i in rows if i.get("legal") or i["risk"] == "RENDAH"]
        return {
            "n": len(rows),
            "tinggi_recall": round(sum(level(i) == "TINGGI" for i in high) / len(high), 3) if high else None,
            "tinggi_precision": round(sum(i["risk"] == "TINGGI" for i in said_high) / len(said_high), 3)
            if said_high else None,
            "legal_to_tinggi": round(sum(level(i) == "TINGGI" for i in legal) / len(legal), 3) if legal else None,
            "sedang_on_high": round(sum(level(i) == "SEDANG" for i in high) / len(high), 3) if high else None,
            "missing_risk_line": round(sum(level(i) is None for i in rows) / len(rows), 3),
            "exact": round(sum(level(i) == i["risk"] for i in rows) / len(rows), 3),
        }

    out = {"all": metrics(offers)}
    for key in ("source", "channel", "author"):
        for value in sorted({i[key] for i in offers}):
            out[f"{key}:{value}"] = metrics([i for i in offers if i[key] == value])
    return out


def keyword_level(text: str) -> str:
    words = ("gaji besar", "tanpa pengalaman", "visa turis", "visa kunjungan", "cepat berangkat",
             "transfer", "kamboja", "myanmar", "tanpa biaya", "dp")
    hits = sum(1 for w in words if w in text.lower())
    return "TINGGI" if hits >= 2 else "SEDANG" if hits == 1 else "RENDAH"


def print_table(summaries: dict[str, dict]) -> None:
    labels = list(summaries)
    rows = [("messages", "n_messages"), ("right route", "route"), ("route + content", "route_and_content"),
            ("false 'I don't know' (covered)", "false_idk_covered"),
            ("danger recall (numbers first)", "danger_recall_numbers"),
            ("danger recall (danger block)", "danger_recall_block"), ("false danger", "false_danger"),
            ("follow-ups (dialog last turn)", "follow_ups"), ("errors", "errors")]
    print("\n| metric | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for name, key in rows:
        print(f"| {name} | " + " | ".join(str(summaries[lbl].get(key)) for lbl in labels) + " |")
    keys = sorted({k for s in summaries.values() for k in s["by"]})
    print("\n| group | n | " + " | ".join(f"{lbl} route / content" for lbl in labels) + " |")
    print("|---|---|" + "---|" * len(labels))
    for k in keys:
        n = next(s["by"][k]["n"] for s in summaries.values() if k in s["by"])
        cells = [f"{s['by'][k]['route']} / {s['by'][k]['content']}" if k in s["by"] else "-"
                 for s in summaries.values()]
        print(f"| {k} | {n} | " + " | ".join(cells) + " |")
    print("\n| offers | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    groups = sorted({g for s in summaries.values() for g in s["offers"] if s["offers"][g]})
    for g in groups:
        for metric in ("n", "tinggi_recall", "tinggi_precision", "legal_to_tinggi", "sedang_on_high",
                       "missing_risk_line", "exact"):
            cells = [str((s["offers"].get(g) or {}).get(metric)) for s in summaries.values()]
            print(f"| {g} {metric} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="test", help="comma list of splits: train,tune,test")
    parser.add_argument("--baseline-ref", default=None, help="git ref of the old pipeline to run beside")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--output", default=str(RESULTS))
    parser.add_argument("--only-new", action="store_true")
    parser.add_argument("--skip-new", action="store_true",
                        help="run only --baseline-ref (its run can go first, on a quiet machine)")
    parser.add_argument("--merge", nargs="+", metavar="JSON",
                        help="print one table from earlier runs' JSON files (same split) and exit")
    args = parser.parse_args()
    if args.merge:
        summaries = {}
        for path in args.merge:
            summaries.update(json.loads(Path(path).read_text(encoding="utf-8"))["summaries"])
        print_table(summaries)
        return 0
    splits = load_splits()
    items = load_items(splits, set(args.split.split(",")))
    print(f"{len(items)} items from splits {args.split}", file=sys.stderr)
    pipelines: list[tuple[str, Path]] = []
    if args.baseline_ref:
        where = Path(tempfile.gettempdir()) / "pandu-baseline"
        print(f"preparing baseline {args.baseline_ref} in {where}", file=sys.stderr)
        pipelines.append((f"old ({args.baseline_ref[:10]})", prepare_worktree(args.baseline_ref, where)))
    if not args.skip_new:
        pipelines.append(("new", ROOT))
    summaries: dict[str, dict] = {}
    details: dict[str, dict] = {}
    for label, root in pipelines:
        stack = Stack(root, label.split()[0])
        try:
            started = time.monotonic()
            raw = stack.drive(items, args.concurrency)
            seconds = time.monotonic() - started
        finally:
            stack.stop()
        scores = {i["id"]: score(i, raw[i["id"]]["replies"]) for i in items}
        summary = summarize(items, scores)
        first_ms = sorted(raw[i["id"]]["ms"][0] for i in items if i["kind"] == "message")
        if first_ms:
            summary["latency_ms_p50"] = round(first_ms[len(first_ms) // 2], 1)
            summary["latency_ms_p95"] = round(first_ms[int(len(first_ms) * 0.95) - 1], 1)
        summary["seconds"] = round(seconds, 1)
        summaries[label] = summary
        details[label] = {i["id"]: scores[i["id"]] for i in items}
    offers = [i for i in items if i["kind"] == "offer"]
    baseline = {i["id"]: keyword_level(i["turns"][0]["text"]) for i in offers}
    summaries["keyword baseline"] = {"offers": offer_metrics(offers, {}, level_of=lambda i: baseline[i["id"]]),
                                     "by": {}, "n_messages": None}
    print_table(summaries)
    for label, s in summaries.items():
        if "latency_ms_p50" in s:
            print(f"{label}: first reply p50 {s['latency_ms_p50']} ms, p95 {s['latency_ms_p95']} ms "
                  f"(concurrency {args.concurrency})")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({"split": args.split, "summaries": summaries,
                                             "details": details}, ensure_ascii=False, indent=1),
                                 encoding="utf-8")
    if args.baseline_ref:
        subprocess.run(["git", "worktree", "remove", "--force", str(pipelines[0][1])], cwd=ROOT,
                       capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
