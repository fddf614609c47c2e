"""Small learned yes/no detectors over message text, beside the rules (offer, danger).

One owner of how such a detector is trained, stamped, saved and shared: char 2–5 + word 1–2
TF-IDF into balanced logistic regression, fitted on examples from the *train* authors
(``bench/data/authors/SPLITS.yaml``) and the project's own data. The model is saved under
``var/screening/<name>.joblib`` with a SHA-256 stamp of its data files and retrained in-process (a
few seconds) when missing or stale. If it cannot be had (no data, no scikit-learn) the probability
is None and the rules alone decide.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge_base import AUTHORS_DIR, split_authors
from screening.normalize import normalize

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO_ROOT / "var" / "screening"
MAX_CHARS = 4000


def features(text: str) -> str:
    """The text a detector sees: normalised, cut to ``MAX_CHARS``."""
    return normalize((text or "")[:MAX_CHARS]).text


def train_authors() -> list[str]:
    """The authors whose texts detectors may be fitted on."""
    return split_authors(AUTHORS_DIR)


def read_yaml(path: Path) -> Any:
    """A YAML file's content (None when empty or missing: an author may write offers only)."""
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def stamp_of(files: list[Path]) -> str:
    """SHA-256 over the names and bytes of ``files`` that exist."""
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Fitted:
    """A fitted pipeline and the stamp of the data it was trained on."""

    pipeline: Any
    stamp: str

    def probability(self, text: str) -> float:
        """The probability of the positive class for one raw message."""
        return float(self.pipeline.predict_proba([features(text)])[0][1])


@dataclass
class Detector:
    """How one detector gets its data; ``shared()`` gives the process-wide fitted model."""

    name: str
    data_files: Callable[[], list[Path]]
    examples: Callable[[], tuple[list[str], list[int]]]
    c: float = 4.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _shared: list[Fitted | None] = field(default_factory=list, repr=False)

    @property
    def path(self) -> Path:
        return MODEL_DIR / f"{self.name}.joblib"

    def stamp(self) -> str:
        return stamp_of(self.data_files())

    def train(self) -> Fitted:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline

        texts, labels = self.examples()
        pipeline = Pipeline([
            ("features", FeatureUnion([
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                          sublinear_tf=True)),
                ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=1,
                                          sublinear_tf=True)),
            ])),
            ("model", LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced",
                                         random_state=42)),
        ])
        pipeline.fit([features(t) for t in texts], labels)
        return Fitted(pipeline, self.stamp())

    def save(self, fitted: Fitted, path: Path | None = None) -> None:
        import joblib

        path = path or self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump({"pipeline": fitted.pipeline, "stamp": fitted.stamp}, tmp)
        tmp.replace(path)

    def load(self, path: Path | None = None) -> Fitted | None:
        try:
            import joblib

            data = joblib.load(path or self.path)
            return Fitted(data["pipeline"], data["stamp"])
        except Exception:  # missing, unreadable or from another library version: retrain
            return None

    def ensure_saved(self, force: bool = False) -> bool:
        """Train and save unless the saved model is current; True if it trained."""
        current = None if force else self.load()
        if current is not None and current.stamp == self.stamp():
            return False
        self.save(self.train())
        return True

    def shared(self) -> Fitted | None:
        """The detector, loaded (or trained) once per process; None if it cannot be had."""
        with self._lock:
            if self._shared:
                return self._shared[0]
            fitted = None
            try:
                stamp = self.stamp()
                fitted = self.load()
                if fitted is None or fitted.stamp != stamp:
                    fitted = self.train()
                    try:
                        self.save(fitted)
                    except OSError:
                        logger.warning("%s not saved; it lives in memory only", self.name)
            except Exception:  # no data or no scikit-learn: the rules alone decide
                logger.exception("%s unavailable", self.name)
                fitted = None
            self._shared.append(fitted)
            return fitted

    def probability(self, text: str) -> float | None:
        fitted = self.shared()
        return None if fitted is None else fitted.probability(text)
