"""A learned "does this message carry a job offer?" detector, beside the rules of ``detection.py``.

Trained on text of the *train* authors only (``bench/data/authors/SPLITS.yaml``) plus the project's
own offers and questions; the tune authors choose the threshold (``bench/understanding_eval.py``),
the test authors only report. Positives: offers (pasted, forwarded, inside a question) and messages
labelled ``screen``. Negatives: every other message (questions, danger, reports, small talk) and the
project's own guidance questions. Saved to ``var/screening/offer_detector.joblib`` with a stamp of
its data; trained in-process (a few seconds) when missing or stale.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from screening.normalize import normalize

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
AUTHORS_DIR = REPO_ROOT / "bench" / "data" / "authors"
OWN_OFFERS_DIR = REPO_ROOT / "bench" / "data" / "offers"
OWN_QUESTIONS = REPO_ROOT / "bench" / "data" / "kb_eval.yml"
MODEL_PATH = REPO_ROOT / "var" / "screening" / "offer_detector.joblib"
# Chosen on the tune authors: at 0.7 recall of offers 0.92 (rules alone 0.77) with 12% of plain
# questions also screened; the understanding step then screens *and* answers, so a false alarm
# costs a longer reply, not a lost answer. 0.6 gave 0.94 / 16%, 0.5 gave 0.96 / 22%.
THRESHOLD = 0.7


@dataclass
class OfferDetector:
    pipeline: Any
    stamp: str

    def probability(self, text: str) -> float:
        return float(self.pipeline.predict_proba([_features(text)])[0][1])


def _features(text: str) -> str:
    return normalize((text or "")[:4000]).text


def _train_authors() -> list[str]:
    splits = yaml.safe_load((AUTHORS_DIR / "SPLITS.yaml").read_text(encoding="utf-8"))["splits"]
    return list(splits.get("train") or [])


def _data_files() -> list[Path]:
    files = [AUTHORS_DIR / "SPLITS.yaml", OWN_QUESTIONS]
    for author in _train_authors():
        files += [AUTHORS_DIR / author / "messages.yaml", AUTHORS_DIR / author / "offers.yaml"]
    files += sorted(OWN_OFFERS_DIR.glob("*.yaml"))
    return [f for f in files if f.is_file()]


def data_stamp() -> str:
    digest = hashlib.sha256()
    for path in _data_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def examples() -> tuple[list[str], list[int]]:
    """(texts, labels) for training: 1 = carries an offer."""
    texts: list[str] = []
    labels: list[int] = []
    for author in _train_authors():
        folder = AUTHORS_DIR / author
        offers = yaml.safe_load((folder / "offers.yaml").read_text(encoding="utf-8")) or {}
        for o in offers.get("offers") or []:
            texts.append(str(o["text"]))
            labels.append(1)
        messages = yaml.safe_load((folder / "messages.yaml").read_text(encoding="utf-8")) or {}
        for m in messages.get("messages") or []:
            texts.append(str(m["text"]))
            labels.append(int(m.get("route") == "screen" or "screen" in (m.get("also") or [])))
    for path in sorted(OWN_OFFERS_DIR.glob("*.yaml")):
        for o in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if o.get("split") == "train":
                texts.append(str(o["text"]))
                labels.append(1)
    questions = yaml.safe_load(OWN_QUESTIONS.read_text(encoding="utf-8")) or {}
    for q in questions.get("questions") or []:
        if q.get("split") == "dev":
            texts.append(str(q["q"]))
            labels.append(0)
    return texts, labels


def train() -> OfferDetector:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    texts, labels = examples()
    pipeline = Pipeline([
        ("features", FeatureUnion([
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                      sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1,
                                      sublinear_tf=True)),
        ])),
        ("model", LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced",
                                     random_state=42)),
    ])
    pipeline.fit([_features(t) for t in texts], labels)
    return OfferDetector(pipeline, data_stamp())


def save(detector: OfferDetector, path: Path = MODEL_PATH) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump({"pipeline": detector.pipeline, "stamp": detector.stamp}, tmp)
    tmp.replace(path)


def load(path: Path = MODEL_PATH) -> OfferDetector | None:
    try:
        import joblib

        data = joblib.load(path)
        return OfferDetector(data["pipeline"], data["stamp"])
    except Exception:  # missing, unreadable or from another library version: retrain
        return None


_lock = threading.Lock()
_shared: list[OfferDetector | None] = []


def shared_detector() -> OfferDetector | None:
    """The detector, loaded (or trained) once per process; None if it cannot be had."""
    with _lock:
        if _shared:
            return _shared[0]
        detector = None
        try:
            stamp = data_stamp()
            detector = load()
            if detector is None or detector.stamp != stamp:
                detector = train()
                try:
                    save(detector)
                except OSError:
                    logger.warning("offer detector not saved; it lives in memory only")
        except Exception:  # no data or no scikit-learn: the rules alone decide
            logger.exception("offer detector unavailable")
            detector = None
        _shared.append(detector)
        return detector


def offer_probability(text: str) -> float | None:
    detector = shared_detector()
    return None if detector is None else detector.probability(text)
