"""The outside authors' evaluation data: which authors the learned parts may fit on.

``bench/data/authors/SPLITS.yaml`` is the one owner of the split by author and of ``learn_from``
(the splits that may be fitted on); the offer classifier, the detectors and the retrieval
re-ranker all read it through here.
"""

from __future__ import annotations

from pathlib import Path

import yaml

AUTHORS_DIR = Path(__file__).resolve().parent.parent / "bench" / "data" / "authors"


def _table(authors_dir: Path) -> dict:
    index = authors_dir / "SPLITS.yaml"
    if not index.is_file():
        return {}
    return yaml.safe_load(index.read_text("utf-8")) or {}


def learn_from(authors_dir: Path = AUTHORS_DIR) -> tuple[str, ...]:
    """The splits the learned parts may fit on: ``learn_from`` in ``SPLITS.yaml``, else ``train``
    (no file: none). It names the train split and the test splits whose one blind report has been
    given and whose errors have been read; tune and the unread test split stay out."""
    table = _table(authors_dir)
    if not table:
        return ()
    return tuple(str(s) for s in table.get("learn_from") or ("train",))


def split_authors(authors_dir: Path = AUTHORS_DIR, splits: tuple[str, ...] | None = None) -> list[str]:
    """The author ids that ``SPLITS.yaml`` puts in ``splits`` (default: :func:`learn_from`)."""
    splits = learn_from(authors_dir) if splits is None else splits
    table = _table(authors_dir).get("splits") or {}
    return [str(a) for split in splits for a in table.get(split) or []]
