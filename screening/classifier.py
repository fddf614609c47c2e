"""Text classifier on top of the rules: logistic regression over char and word n-gram TF-IDF.

Trained on the *train* split of bench/data/offers and the offers of the outside authors in the
*train* split of bench/data/authors/SPLITS.yaml by ``python -m screening train`` into
``var/screening/model.joblib`` (git-ignored) with a hash stamp of the data. ``shared_classifier()``
loads it once; if the file is missing, stale or unreadable it trains in-process (a few seconds)
and tries to save it. If neither works, it returns None and the rules alone decide.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from screening.dataset import Offer, data_hash, training_offers
from screening.normalize import normalize

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_MODEL_PATH = "SCREENING_MODEL_PATH"
ENV_DATA_DIR = "SCREENING_DATA_DIR"
ENV_DISABLE = "SCREENING_DISABLE_CLASSIFIER"
DEFAULT_MODEL_PATH = REPO_ROOT / "var" / "screening" / "model.joblib"
DEFAULT_DATA_DIR = REPO_ROOT / "bench" / "data" / "offers"
MODEL_FORMAT = 2  # 2: own train+dev and the train authors (2026-12-02)


class ClassifierProtocol(Protocol):
    """Anything that gives label probabilities for a normalised offer text."""

    def predict_proba(self, text: str) -> dict[str, float]:
        """Return ``{"TINGGI": p, "SEDANG": p, "RENDAH": p}`` for normalised ``text``."""
        ...


@dataclass
class TextClassifier:
    """A fitted scikit-learn pipeline and the hash of the data it was trained on."""

    pipeline: Any
    data_hash: str

    def predict_proba(self, text: str) -> dict[str, float]:
        """Return label probabilities for one normalised text."""
        probs = self.pipeline.predict_proba([text])[0]
        return {
            str(label): float(p) for label, p in zip(self.pipeline.classes_, probs, strict=True)
        }


def build_pipeline() -> Any:
    """An unfitted pipeline: char_wb 2–5 + word 1–2 TF-IDF into balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=60_000,
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w[\w$]*\b",
                ),
            ),
        ]
    )
    model = LogisticRegression(C=8.0, class_weight="balanced", max_iter=3000)
    return Pipeline([("features", features), ("model", model)])


def train(offers: list[Offer], stamp: str = "") -> TextClassifier:
    """Fit the pipeline on ``offers`` (normalised text) and return it with ``stamp``."""
    pipeline = build_pipeline()
    pipeline.fit([normalize(o.text).text for o in offers], [o.label for o in offers])
    return TextClassifier(pipeline=pipeline, data_hash=stamp)


def train_from_dir(data_dir: Path = DEFAULT_DATA_DIR) -> TextClassifier:
    """Train on the train split of ``data_dir`` and the train authors beside it, stamped."""
    return train(training_offers(data_dir), stamp=data_hash(data_dir))


def save(model: TextClassifier, path: Path = DEFAULT_MODEL_PATH) -> None:
    """Write the model and its stamp with joblib (creating the folder)."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump(
        {"format": MODEL_FORMAT, "pipeline": model.pipeline, "data_hash": model.data_hash}, tmp
    )
    tmp.replace(path)


def load(path: Path = DEFAULT_MODEL_PATH) -> TextClassifier | None:
    """Read a model written by ``save``; None if missing, of another format or unreadable."""
    import joblib

    if not path.is_file():
        return None
    try:
        blob = joblib.load(path)
    except Exception:  # a corrupt or incompatible pickle must not stop screening
        logger.warning("screening model at %s is unreadable; retraining", path, exc_info=True)
        return None
    if not isinstance(blob, dict) or blob.get("format") != MODEL_FORMAT:
        return None
    return TextClassifier(pipeline=blob["pipeline"], data_hash=str(blob.get("data_hash", "")))


def load_or_train(model_path: Path, data_dir: Path) -> TextClassifier | None:
    """Load the saved model if its stamp matches the data; otherwise train (and try to save)."""
    have_data = data_dir.is_dir() and any(data_dir.iterdir())
    current = data_hash(data_dir) if have_data else None
    model = load(model_path)
    if model is not None and (current is None or model.data_hash == current):
        return model
    if not have_data:
        logger.warning("no screening model and no training data: rules alone will decide")
        return None
    model = train_from_dir(data_dir)
    try:
        save(model, model_path)
    except OSError:
        logger.warning("could not save screening model to %s", model_path, exc_info=True)
    return model


_lock = threading.Lock()
_state: dict[str, Any] = {"loaded": False, "model": None}


def shared_classifier() -> ClassifierProtocol | None:
    """The process-wide classifier, loaded or trained on first use; None if unavailable."""
    if _state["loaded"]:
        return _state["model"]
    with _lock:
        if not _state["loaded"]:
            model: TextClassifier | None = None
            if not os.environ.get(ENV_DISABLE):
                model_path = Path(os.environ.get(ENV_MODEL_PATH, DEFAULT_MODEL_PATH))
                data_dir = Path(os.environ.get(ENV_DATA_DIR, DEFAULT_DATA_DIR))
                try:
                    model = load_or_train(model_path, data_dir)
                except Exception:  # screening must keep working on rules alone
                    logger.exception("screening classifier unavailable; rules alone will decide")
            _state["model"] = model
            _state["loaded"] = True
    return _state["model"]


def set_shared_classifier(model: ClassifierProtocol | None) -> None:
    """Replace the process-wide classifier (tests, benchmarks)."""
    with _lock:
        _state["model"] = model
        _state["loaded"] = True
