"""A learned question model that re-orders the hybrid search's best passages.

The hybrid score (embeddings + BM25 + country boosts) puts a passage that answers the question in
its top 10 for about 9 of 10 questions by outside authors, but at the top for little more than
half. What it lacks is the vocabulary of real askers. This model learns it: a logistic regression
over word (1-2) and character (2-5) n-grams of the normalised question that predicts the passage,
fitted on every passage's own questions (heading and "Pertanyaan lain") and on the questions of the
outside authors in ``learn_from`` (``bench/data/authors/SPLITS.yaml``), each labelled with the
passages among its hybrid top 10 that contain every fact the author said a correct answer must
contain. Tune and unread test authors are never fitted on. At query time the hybrid top 10 gets
``weight`` x the model's probability (relative to its best) added, and is re-ordered.

The model is saved with joblib beside the index (git-ignored, about 30 MB) with a stamp of the index,
this module and the training data; a missing or stale model means plain hybrid order (``make
setup`` fits it, in one to two minutes).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import yaml

from knowledge_base.authors import AUTHORS_DIR, learn_from, split_authors
from knowledge_base.normalize import normalize_text

logger = logging.getLogger(__name__)

TOP_K = 10
MAX_POSITIVES = 3  # an author's question teaches at most this many passages
MODEL_FILE = "reranker.joblib"
VERSION = 1


@dataclass(frozen=True)
class QuestionModel:
    """Which passage a question asks for: n-gram features -> a probability per passage."""

    vectorizer: object  # sklearn FeatureUnion of TfidfVectorizers, fitted
    coef: np.ndarray  # (passages known to the model, features), float32
    intercept: np.ndarray
    positions: np.ndarray  # the index position of each class
    n_passages: int
    stamp: str

    def probabilities(self, normalized: str) -> np.ndarray:
        """The model's probability of every index position (0 for passages it does not know)."""
        x = self.vectorizer.transform([normalized])  # type: ignore[attr-defined]
        z = np.asarray(x @ self.coef.T).ravel() + self.intercept
        z = np.exp(z - z.max())
        out = np.zeros(self.n_passages, dtype=np.float64)
        out[self.positions] = z / z.sum()
        return out

    def reorder(self, ranking, normalized: str, weight: float):
        """``ranking`` with ``weight`` x relative probability added to its top ``TOP_K``."""
        top = np.asarray(ranking.order[:TOP_K])
        if len(top) < 2 or weight <= 0:
            return ranking
        probs = self.probabilities(normalized)
        peak = float(probs.max()) or 1.0
        scores = ranking.scores.copy()
        scores[top] = scores[top] + weight * probs[top] / peak
        new_top = top[np.argsort(-scores[top], kind="stable")]
        order = np.concatenate([new_top, np.asarray(ranking.order[TOP_K:])]).astype(ranking.order.dtype)
        return replace(ranking, order=order, scores=scores)


# --- training data: outside authors' questions with the facts a correct answer contains ---------
def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def contains_facts(facts: list, text: str) -> bool:
    """Every fact (a list of alternative spellings) appears in ``text`` (case and dots ignored)."""
    folded = _fold(text)
    undotted = folded.replace(".", "")
    for fact in facts:
        options = fact if isinstance(fact, list) else [fact]
        if not any((o := _fold(str(x))) and (o in folded or o.replace(".", "") in undotted)
                   for x in options):
            return False
    return True


def author_questions(authors_dir: Path = AUTHORS_DIR, splits: tuple[str, ...] | None = None,
                     ) -> list[tuple[str, list]]:
    """(text, facts) of every single covered answer message of the authors in ``splits``."""
    out: list[tuple[str, list]] = []
    for author in split_authors(authors_dir, splits):
        path = authors_dir / author / "messages.yaml"
        if not path.is_file():
            continue
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for m in data.get("messages") or []:
            if m.get("route") == "answer" and m.get("facts") and not m.get("uncovered"):
                out.append((str(m["text"]), list(m["facts"])))
    return out


def data_stamp(index_stamp: str, authors_dir: Path = AUTHORS_DIR) -> str:
    """sha256 over the index stamp, this module and the training authors' message files."""
    digest = hashlib.sha256(index_stamp.encode() + Path(__file__).read_bytes() + str(VERSION).encode())
    digest.update(json.dumps(learn_from(authors_dir)).encode())
    for author in split_authors(authors_dir):
        path = authors_dir / author / "messages.yaml"
        if path.is_file():
            digest.update(author.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def training_texts(kb, questions: list[tuple[str, list]]) -> tuple[list[str], list[int]]:
    """(normalised question, index position) pairs: every passage's own questions, and each
    author question labelled with the passages of its hybrid top 10 that contain its facts."""
    texts: list[str] = []
    labels: list[int] = []
    for position, passage in enumerate(kb.index.passages):
        for question in passage.questions:
            texts.append(normalize_text(question))
            labels.append(position)
    for text, facts in questions:
        ranking = kb.rank(text, rerank=False)
        positives = [int(i) for i in ranking.order[:TOP_K]
                     if contains_facts(facts, kb.index.passages[int(i)].text)]
        for position in positives[:MAX_POSITIVES]:
            texts.append(normalize_text(text))
            labels.append(position)
    return texts, labels


def fit(texts: list[str], labels: list[int], n_passages: int, stamp: str, c: float = 10.0) -> QuestionModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    vectorizer = FeatureUnion([
        ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=3,
                                  max_features=15000)),
    ])
    x = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, labels)
    return QuestionModel(vectorizer, model.coef_.astype(np.float32), model.intercept_.astype(np.float32),
                         np.asarray(model.classes_, dtype=np.int64), n_passages, stamp)


def save(model: QuestionModel, index_dir: Path) -> Path:
    import joblib

    path = index_dir / MODEL_FILE
    tmp = path.with_suffix(".tmp")
    joblib.dump({"version": VERSION, "model": model}, tmp)
    tmp.replace(path)
    return path


def load(index_dir: Path, stamp: str) -> QuestionModel | None:
    """The saved model if it was fitted for ``stamp``, else None."""
    path = index_dir / MODEL_FILE
    if not path.is_file():
        return None
    try:
        import joblib

        data = joblib.load(path)
    except Exception:  # a model file from another version or a broken write: refit
        logger.warning("re-ranker file %s unreadable; hybrid order until make setup refits it", path)
        return None
    model = data.get("model") if isinstance(data, dict) and data.get("version") == VERSION else None
    return model if isinstance(model, QuestionModel) and model.stamp == stamp else None


def train_and_save(kb, index_dir: Path, authors_dir: Path = AUTHORS_DIR) -> tuple[Path, dict]:
    """Fit on the passages' own questions and the ``learn_from`` authors' questions; save."""
    questions = author_questions(authors_dir)
    texts, labels = training_texts(kb, questions)
    model = fit(texts, labels, len(kb.index.passages), data_stamp(kb.index.stamp, authors_dir))
    path = save(model, index_dir)
    return path, {"questions": len(questions), "rows": len(texts), "passages": len(model.positions)}


def main(argv: list[str] | None = None) -> int:
    """``python -m knowledge_base.rerank``: fit the re-ranker if it is missing or stale."""
    import argparse
    import time

    from knowledge_base.index import default_index_dir
    from knowledge_base.knowledge import KnowledgeBase

    # The model must pickle as knowledge_base.rerank.QuestionModel, not __main__.QuestionModel.
    from knowledge_base.rerank import train_and_save

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fit even if the saved model is current")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.monotonic()
    index_dir = default_index_dir()
    kb = KnowledgeBase.load(index_dir=index_dir)
    if not args.force and kb.reranker is not None:
        print("re-ranker is current")
        return 0
    path, counts = train_and_save(kb, index_dir)
    print(f"re-ranker fitted on {counts['rows']} questions ({counts['questions']} by outside authors), "
          f"{counts['passages']} passages, in {time.monotonic() - started:.0f} s: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
