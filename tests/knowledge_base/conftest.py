"""Fixtures for the knowledge-base tests: fixture articles and a tiny deterministic embedder."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge_base.normalize import tokenize

FIXTURE_ARTICLES = Path(__file__).resolve().parent / "fixtures" / "articles"


class HashingEmbedder:
    """Bag-of-stems hashed into 512 dimensions: a fast stand-in for the e5 model.

    Only the fast tests use it, to exercise index building and fusion without loading torch;
    the tests marked ``slow`` use the real converted model.
    """

    model_id = "test:hashing-512"
    dim = 512

    def __init__(self) -> None:
        self.calls = 0

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in tokenize(text):
                bucket = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest())
                out[row, bucket % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)


@pytest.fixture()
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture()
def article_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture articles."""
    target = tmp_path / "articles"
    shutil.copytree(FIXTURE_ARTICLES, target)
    return target
