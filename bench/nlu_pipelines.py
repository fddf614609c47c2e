"""Compare Rasa NLU pipelines for Pandu Migran on accuracy, safety and start-up cost.

Run from the repository root with the Rasa venv's interpreter:

    RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 \
        .venv-rasa/bin/python bench/nlu_pipelines.py [--pipelines A_diet,B_logreg] [--folds 5]

For each pipeline (a config under bench/configs/) it measures:

* k-fold cross-validation on the training data (nlu/intents), stratified, same folds for
  every pipeline; the out-of-fold predictions are the DEV split used to tune the fallback
  threshold;
* accuracy, macro-F1 and emergency recall on the held-out set (bench/data/nlu_heldout.yml),
  both on the top intent ("raw") and after the FallbackClassifier at the tuned threshold;
* gibberish rejection: share of bench/data/nlu_gibberish.txt whose top intent confidence is
  below the threshold (so the FallbackClassifier answers nlu_fallback);
* training time on all data (fresh Rasa cache, so nothing is restored);
* model load time in a fresh process (imports, then ``Agent.load``), which dominates the
  start-up of ``rasa run``.

The threshold is tuned on the DEV split only: out-of-fold confidences for real messages and
synthetic gibberish (generated here, disjoint from the evaluation gibberish file). It is the
threshold that maximises (gibberish rejected + real messages kept), taking the worst value within
+-0.03 of each threshold so the choice keeps a margin, subject to DEV macro-F1 >= 0.95
(or, when out-of-fold F1 is below 0.95 even without fallback, losing at most one point of it) and
DEV emergency recall dropping by at most EMERGENCY_MAX_DROP. Results go to
bench/results/nlu_pipelines.json; results of pipelines not run this time are kept from the
previous file so pipelines can be measured in separate runs.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TRAIN_DATA = REPO / "nlu" / "intents"
HELDOUT = REPO / "bench" / "data" / "nlu_heldout.yml"
GIBBERISH = REPO / "bench" / "data" / "nlu_gibberish.txt"
CONFIGS = REPO / "bench" / "configs"
RESULTS = REPO / "bench" / "results" / "nlu_pipelines.json"

FALLBACK_INTENT = "nlu_fallback"
SAFETY_INTENT = "emergency"
TARGET_MACRO_F1 = 0.95
# How much out-of-fold emergency recall the fallback threshold may cost (0.025 = 6 of 239).
# One point was tried first: it kept every threshold below the featureless-message confidence,
# so gibberish went to `affirm` (which can confirm a form). The fallback reply must therefore
# offer the emergency route too.
EMERGENCY_MAX_DROP = 0.025
THRESHOLD_GRID = [round(0.05 + 0.01 * i, 2) for i in range(91)]
SEED = 42

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

# A fresh interpreter imports Rasa and loads the model, as `rasa run` does at start-up.
LOAD_PROBE = r"""
import json, sys, time, asyncio, logging, warnings
warnings.filterwarnings("ignore")
t0 = time.perf_counter()
from rasa.core.agent import Agent
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.WARNING)
t1 = time.perf_counter()
agent = Agent.load(sys.argv[1])
t2 = time.perf_counter()
asyncio.run(agent.parse_message("halo kak"))
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_parse_s": t3 - t2}))
"""

Prediction = tuple[str, float]  # top real intent (never nlu_fallback), its confidence


def synthetic_gibberish(exclude: Sequence[str], n: int = 120) -> list[str]:
    """Generate keyboard mashes, repeated letters, digits, emoji and punctuation for tuning."""
    rng = random.Random(SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
    emoji = ["😂", "🤣", "😭", "🙏", "👍", "🔥", "❤️", "😅", "🥲", "😡", "🤔", "✨"]
    punct = ".,?!-_~*#@%&"
    makers = [
        lambda: "".join(rng.choice(letters) for _ in range(rng.randint(3, 12))),
        lambda: " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(2, 7)))
            for _ in range(rng.randint(2, 4))
        ),
        lambda: (lambda r: r[rng.randint(0, 3) :][: rng.randint(3, 8)])(rng.choice(rows)),
        lambda: rng.choice(letters) * rng.randint(3, 9),
        lambda: "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 10))),
        lambda: "".join(rng.choice(emoji) for _ in range(rng.randint(1, 4))),
        lambda: "".join(rng.choice(punct) for _ in range(rng.randint(1, 5))),
        lambda: rng.choice(["wk", "ha", "he", "hi", "xi", "ck"]) * rng.randint(2, 5),
        lambda: "".join(rng.choice(letters + "0123456789") for _ in range(rng.randint(4, 10))),
    ]
    seen = {s.lower() for s in exclude}
    out: list[str] = []
    while len(out) < n:
        s = makers[len(out) % len(makers)]()
        if s.lower() not in seen:
            seen.add(s.lower())
            out.append(s)
    return out


def load_examples(path: Path) -> tuple[Any, list[tuple[str, str]]]:
    """Load Rasa NLU data; returns the TrainingData and (text, intent) pairs."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return data, pairs


def train_model(config: Path, data: Any, workdir: Path) -> tuple[str, float]:
    """Train an NLU model with a fresh cache; returns (model path, seconds)."""
    import rasa.model_training

    data_file = workdir / "train.yml"
    data_file.write_text(data.nlu_as_yaml(), encoding="utf-8")
    cache = workdir / "cache"
    os.environ["RASA_CACHE_DIRECTORY"] = str(cache)
    start = time.perf_counter()
    model = rasa.model_training.train_nlu(
        config=str(config), nlu_data=str(data_file), output=str(workdir / "models")
    )
    elapsed = time.perf_counter() - start
    if not model:
        raise RuntimeError(f"training failed for {config}")
    return str(model), elapsed


def predict(model: str, texts: Sequence[str]) -> list[Prediction]:
    """Parse texts with a loaded model; keep the best real intent and its confidence."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)

    async def run() -> list[Prediction]:
        out = []
        for text in texts:
            result = await agent.parse_message(text)
            ranking = [r for r in result["intent_ranking"] if r["name"] != FALLBACK_INTENT]
            best = max(ranking, key=lambda r: r["confidence"])
            out.append((best["name"], float(best["confidence"])))
        return out

    return asyncio.run(run())


def scores(gold: Sequence[str], preds: Sequence[Prediction], threshold: float) -> dict[str, Any]:
    """Accuracy, macro-F1 and emergency recall; below threshold counts as nlu_fallback."""
    from sklearn.metrics import accuracy_score, f1_score, recall_score

    labels = sorted(set(gold))
    pred = [p if c >= threshold else FALLBACK_INTENT for p, c in preds]
    f1 = f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
    recall = recall_score(gold, pred, labels=[SAFETY_INTENT], average="macro", zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1), 4),
        "emergency_recall": round(float(recall), 4),
        "fallback_rate": round(sum(p == FALLBACK_INTENT for p in pred) / len(pred), 4),
    }


def rejection(preds: Sequence[Prediction], threshold: float) -> float:
    """Share of predictions that the FallbackClassifier would turn into nlu_fallback."""
    return round(sum(c < threshold for _, c in preds) / len(preds), 4)


def confusions(
    gold: Sequence[str], preds: Sequence[Prediction], texts: Sequence[str], threshold: float
) -> list[dict[str, Any]]:
    """List misclassified messages (gold != prediction after fallback)."""
    out = []
    for g, (p, c), t in zip(gold, preds, texts):
        shown = p if c >= threshold else FALLBACK_INTENT
        if shown != g:
            out.append(
                {
                    "text": t,
                    "gold": g,
                    "pred": p,
                    "confidence": round(c, 3),
                    "fell_back": c < threshold,
                }
            )
    return out


def tune_threshold(
    gold: Sequence[str], oof: Sequence[Prediction], gib: Sequence[Prediction]
) -> dict[str, Any]:
    """Pick the fallback threshold on DEV data (out-of-fold real messages + synthetic gibberish)."""
    base = scores(gold, oof, 0.0)
    # Out-of-fold F1 can sit below the 0.95 target with no fallback at all; then the threshold
    # may cost at most one point of it.
    min_f1 = min(TARGET_MACRO_F1, base["macro_f1"] - 0.01)
    sweep = []
    for t in THRESHOLD_GRID:
        s = scores(gold, oof, t)
        rej = rejection(gib, t)
        kept = 1.0 - s["fallback_rate"]
        sweep.append(
            {
                "threshold": t,
                "dev_macro_f1": s["macro_f1"],
                "dev_emergency_recall": s["emergency_recall"],
                "dev_kept": round(kept, 4),
                "gibberish_rejected": rej,
                "j": rej + kept,
                "ok": bool(
                    s["macro_f1"] >= min_f1
                    and s["emergency_recall"] >= base["emergency_recall"] - EMERGENCY_MAX_DROP
                ),
            }
        )
    # Messages with no known n-gram all get the same intercept-only confidence, so rejection
    # jumps at one threshold. Score each threshold by the worst value in its neighbourhood
    # (+-0.03): the choice then keeps a margin above that edge and survives the small calibration
    # shifts of a retrained model.
    best = None
    for i, row in enumerate(sweep):
        window = sweep[max(0, i - 3) : i + 4]
        if not all(w["ok"] for w in window):
            continue
        row["j_window"] = round(min(w["j"] for w in window), 4)
        if best is None or row["j_window"] > best["j_window"]:
            best = row
    if best is None:  # constraints too tight everywhere: take the lowest threshold (no fallback)
        best = sweep[0]
    return {"chosen": best, "min_dev_macro_f1": round(min_f1, 4), "sweep": sweep[::5]}


def cross_validate(
    config: Path, data: Any, folds: int, synth: Sequence[str], workroot: Path
) -> dict[str, Any]:
    """Stratified k-fold CV with fixed folds; returns out-of-fold predictions per example."""
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    examples = data.intent_examples
    gold = [m.get("intent") for m in examples]
    oof: list[Prediction] = [("", 0.0)] * len(examples)
    gib_conf: list[list[Prediction]] = []
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for i, (tr, te) in enumerate(skf.split(examples, gold)):
        fold_data = TrainingData(
            training_examples=[examples[j] for j in tr],
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
            entity_synonyms=data.entity_synonyms,
        )
        work = workroot / f"fold{i}"
        work.mkdir(parents=True)
        model, secs = train_model(config, fold_data, work)
        preds = predict(model, [examples[j].get("text") for j in te] + list(synth))
        for j, p in zip(te, preds[: len(te)]):
            oof[j] = p
        gib_conf.append(preds[len(te) :])
        shutil.rmtree(work, ignore_errors=True)
        print(f"  fold {i + 1}/{folds}: trained in {secs:.0f} s", flush=True)
    # A synthetic string counts as rejected by the DEV models on average: use the mean confidence.
    gib_mean = [
        (gib_conf[0][k][0], statistics.mean(f[k][1] for f in gib_conf)) for k in range(len(synth))
    ]
    return {
        "gold": gold,
        "oof": oof,
        "synthetic_gibberish": gib_mean,
        "texts": [m.get("text") for m in examples],
    }


def measure_load(model: str, repeats: int) -> dict[str, float]:
    """Time imports and Agent.load in fresh interpreters; report the median."""
    runs = []
    for _ in range(repeats):
        proc = subprocess.run(
            [sys.executable, "-c", LOAD_PROBE, model],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ.copy(),
        )
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}


def data_fingerprint(path: Path) -> str:
    """Short hash of the training files, so results say which data they were measured on."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:12]


def run_pipeline(
    name: str,
    configs: Path,
    train: Path,
    heldout_path: Path,
    folds: int,
    load_repeats: int,
    skip_cv: bool,
) -> dict[str, Any]:
    """All measurements for one pipeline config."""
    config = configs / f"{name}.yml"
    data, _ = load_examples(train)
    _, heldout = load_examples(heldout_path)
    gib_texts = [
        ln.strip() for ln in GIBBERISH.read_text(encoding="utf-8").splitlines() if ln.strip()
    ]
    synth = synthetic_gibberish(gib_texts)
    result: dict[str, Any] = {
        "config": os.path.relpath(config, REPO),
        "train_data": os.path.relpath(train, REPO),
        "train_data_sha": data_fingerprint(train),
        "heldout_data": os.path.relpath(heldout_path, REPO),
        "train_examples": len(data.intent_examples),
        "heldout_examples": len(heldout),
        "gibberish_lines": len(gib_texts),
    }
    with tempfile.TemporaryDirectory(prefix=f"nlubench-{name}-") as tmp:
        root = Path(tmp)
        tuned = None
        if not skip_cv:
            print(f"[{name}] {folds}-fold cross-validation", flush=True)
            cv = cross_validate(config, data, folds, synth, root / "cv")
            tuning = tune_threshold(cv["gold"], cv["oof"], cv["synthetic_gibberish"])
            tuned = tuning["chosen"]["threshold"]
            result["cv"] = {
                "folds": folds,
                "raw": scores(cv["gold"], cv["oof"], 0.0),
                "at_tuned_threshold": scores(cv["gold"], cv["oof"], tuned),
                "errors_raw": confusions(cv["gold"], cv["oof"], cv["texts"], 0.0),
            }
            result["threshold_tuning"] = tuning
        print(f"[{name}] training on all data", flush=True)
        (root / "full").mkdir()
        model, train_s = train_model(config, data, root / "full")
        result["train_s"] = round(train_s, 1)
        result["model_mb"] = round(Path(model).stat().st_size / 1e6, 2)
        print(f"[{name}] trained in {train_s:.0f} s; evaluating", flush=True)
        texts = [t for t, _ in heldout]
        gold = [g for _, g in heldout]
        # The last text has no known token or n-gram: its confidence is the classifier's prior.
        preds = predict(model, texts + gib_texts + ["\u2026"])
        hp, gp = preds[: len(texts)], preds[len(texts) : -1]
        result["featureless_confidence"] = round(preds[-1][1], 3)
        configured = configured_threshold(config)
        result["heldout"] = {
            "raw": scores(gold, hp, 0.0),
            "at_config_threshold": scores(gold, hp, configured),
        }
        result["gibberish_rejected"] = {f"config_{configured}": rejection(gp, configured)}
        result["config_threshold"] = configured
        if tuned is not None:
            result["tuned_threshold"] = tuned
            result["heldout"]["at_tuned_threshold"] = scores(gold, hp, tuned)
            result["gibberish_rejected"][f"tuned_{tuned}"] = rejection(gp, tuned)
        # Reported only, never used for choosing: how held-out F1 and gibberish react to the threshold.
        result["heldout_sweep"] = [
            {
                "threshold": t,
                "macro_f1": scores(gold, hp, t)["macro_f1"],
                "emergency_recall": scores(gold, hp, t)["emergency_recall"],
                "gibberish_rejected": rejection(gp, t),
            }
            for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
        ]
        shown = tuned if tuned is not None else configured
        result["heldout_errors"] = confusions(gold, hp, texts, shown)
        result["gibberish_accepted"] = [
            {"text": t, "pred": p, "confidence": round(c, 3)}
            for t, (p, c) in zip(gib_texts, gp)
            if c >= shown
        ]
        print(f"[{name}] timing model load in a fresh process x{load_repeats}", flush=True)
        result["load"] = measure_load(model, load_repeats)
    return result


def interleaved_load(
    names: Sequence[str], configs: Path, train: Path, rounds: int
) -> dict[str, dict[str, float]]:
    """Load-time medians with the pipelines' loads interleaved round by round.

    On a shared machine the load of other processes drifts; interleaving spreads that drift over
    all pipelines instead of penalising whichever ran during a busy minute.
    """
    data, _ = load_examples(train)
    with tempfile.TemporaryDirectory(prefix="nlubench-load-") as tmp:
        models = {}
        for name in names:
            (Path(tmp) / name).mkdir()
            models[name], _ = train_model(configs / f"{name}.yml", data, Path(tmp) / name)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
        for i in range(rounds):
            for name in names:
                runs[name].append(measure_load(models[name], 1))
            print(f"  load round {i + 1}/{rounds} done", flush=True)
    return {
        name: {k: round(statistics.median(r[k] for r in rs), 2) for k in rs[0]} | {"rounds": rounds}
        for name, rs in runs.items()
    }


def configured_threshold(config: Path) -> float:
    """The FallbackClassifier threshold written in a pipeline config."""
    from rasa.shared.utils.io import read_yaml_file

    for step in read_yaml_file(str(config))["pipeline"]:
        if step["name"] == "FallbackClassifier":
            return float(step.get("threshold", 0.3))
    return 0.0


def print_table(results: dict[str, dict[str, Any]]) -> None:
    """One line per pipeline with the headline numbers."""
    head = (
        f"{'pipeline':<22}{'CV acc':>8}{'CV F1':>8}{'thr':>6}{'HO acc':>8}{'HO F1':>8}"
        f"{'HO F1@t':>9}{'emerg R':>9}{'emerg R@t':>10}{'gib rej@t':>10}{'train s':>9}"
        f"{'load s':>8}"
    )
    print(head)
    print("-" * len(head))
    for name, r in sorted(results.items()):
        if "heldout" not in r:
            continue
        t = r.get("tuned_threshold", r.get("config_threshold"))
        ho_t = r["heldout"].get("at_tuned_threshold", r["heldout"]["at_config_threshold"])
        gib = r["gibberish_rejected"].get(
            f"tuned_{t}", r["gibberish_rejected"].get(f"config_{t}", float("nan"))
        )
        cv = r.get("cv", {}).get("raw", {})
        load = r.get("load_interleaved", r["load"])
        print(
            f"{name:<22}{cv.get('accuracy', float('nan')):>8.3f}"
            f"{cv.get('macro_f1', float('nan')):>8.3f}{t:>6.2f}"
            f"{r['heldout']['raw']['accuracy']:>8.3f}{r['heldout']['raw']['macro_f1']:>8.3f}"
            f"{ho_t['macro_f1']:>9.3f}{r['heldout']['raw']['emergency_recall']:>9.3f}"
            f"{ho_t['emergency_recall']:>10.3f}{gib:>10.3f}{r['train_s']:>9.1f}"
            f"{load['import_s'] + load['load_s']:>8.1f}"
        )


def main() -> None:
    """Parse arguments, run the chosen pipelines, merge and save results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--configs", type=Path, default=CONFIGS, help="folder of pipeline configs (<name>.yml)"
    )
    parser.add_argument("--pipelines", help="comma-separated config names; default: all")
    parser.add_argument("--train", type=Path, default=TRAIN_DATA, help="NLU training data")
    parser.add_argument("--heldout", type=Path, default=HELDOUT, help="held-out NLU data")
    parser.add_argument("--tag", default="", help="suffix for result keys, e.g. @v1")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--load-repeats", type=int, default=2)
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--interleaved-load-rounds",
        type=int,
        default=0,
        help="only re-measure load times of the pipelines, interleaved, N rounds",
    )
    args = parser.parse_args()
    from rasa.utils.log_utils import configure_structlog

    logging.basicConfig(level=logging.WARNING)
    configure_structlog(logging.WARNING)  # Rasa's structlog prints every parse at debug level
    for noisy in ("rasa", "tensorflow", "absl"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    results: dict[str, dict[str, Any]] = previous.get("pipelines", {})
    names = (
        args.pipelines.split(",")
        if args.pipelines
        else sorted(p.stem for p in args.configs.glob("*.yml"))
    )
    if args.interleaved_load_rounds:
        loads = interleaved_load(names, args.configs, args.train, args.interleaved_load_rounds)
        for name, load in loads.items():
            results.setdefault(name + args.tag, {})["load_interleaved"] = load
        save(args.out, results)
        print(json.dumps(loads, indent=2))
        return
    for name in names:
        key = name + args.tag
        results[key] = run_pipeline(
            name,
            args.configs,
            args.train,
            args.heldout,
            args.folds,
            args.load_repeats,
            args.skip_cv,
        )
        results[key]["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S")
        save(args.out, results)
    print_table(results)


def save(path: Path, results: dict[str, dict[str, Any]]) -> None:
    """Write results atomically (machine notes included)."""
    import rasa

    payload = {
        "rasa_version": rasa.__version__,
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "pipelines": results,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    main()
