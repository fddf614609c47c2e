"""Load the labelled offers and stamp their content.

Two sources feed the classifier: the project's own offers in ``bench/data/offers`` (YAML lists or
JSONL, each row with its split) and the offers written by outside authors in
``bench/data/authors/<author>/offers.yaml``, of the authors that ``SPLITS.yaml`` puts in the
*train* split and the already-read test splits (``learn_from`` in ``SPLITS.yaml``; tune and unread
test authors are never trained on).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge_base import split_authors

LABELS = ("TINGGI", "SEDANG", "RENDAH")
SPLITS = ("train", "dev", "test")


class DatasetError(ValueError):
    """The labelled offers are malformed (missing field, unknown label or split, duplicate id)."""


@dataclass(frozen=True)
class Offer:
    """One labelled job offer."""

    id: str
    text: str
    label: str
    split: str
    notes: str = ""


def data_files(data_dir: Path) -> list[Path]:
    """The data files in ``data_dir``, in a stable order."""
    return sorted(
        p for p in data_dir.glob("*") if p.suffix in (".yaml", ".yml", ".jsonl") and p.is_file()
    )


def authors_dir_for(data_dir: Path) -> Path:
    """The outside authors' folder that sits beside ``data_dir`` (``bench/data/authors``)."""
    return data_dir.parent / "authors"


def author_files(authors_dir: Path, splits: tuple[str, ...] | None = None) -> list[Path]:
    """``SPLITS.yaml`` and the offers files of the authors in ``splits`` (empty if none)."""
    index = authors_dir / "SPLITS.yaml"
    if not index.is_file():
        return []
    files = [index]
    for author in split_authors(authors_dir, splits):
        path = authors_dir / author / "offers.yaml"
        if path.is_file():
            files.append(path)
    return files


def load_author_offers(
    authors_dir: Path, splits: tuple[str, ...] | None = None
) -> list[Offer]:
    """The outside authors' offers of ``splits`` as training offers (label = the author's risk)."""
    offers: list[Offer] = []
    for path in author_files(authors_dir, splits)[1:]:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for row in data.get("offers") or []:
            label = str(row.get("risk", ""))
            if label not in LABELS or not str(row.get("text", "")).strip():
                raise DatasetError(f"{path}: bad offer {row.get('id')!r}")
            offers.append(Offer(id=str(row["id"]), text=str(row["text"]), label=label,
                                split="train", notes=str(row.get("why", "") or "")))
    return offers


OWN_TRAIN_SPLITS = ("train", "dev")


def training_offers(data_dir: Path) -> list[Offer]:
    """Everything the classifier is fitted on: the own train and dev splits (thresholds are now
    chosen on the tune authors, not on dev) plus the train authors' offers. The own test split
    stays held out."""
    own = [o for o in load_offers(data_dir) if o.split in OWN_TRAIN_SPLITS]
    return own + load_author_offers(authors_dir_for(data_dir))


def data_hash(data_dir: Path) -> str:
    """A SHA-256 over the names and bytes of every training data file (the model's stamp)."""
    digest = hashlib.sha256()
    for path in data_files(data_dir) + author_files(authors_dir_for(data_dir)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_offers(data_dir: Path, split: str | None = None) -> list[Offer]:
    """Read every offer in ``data_dir`` (optionally only one split) and validate it.

    Raises:
        DatasetError: on a missing field, unknown label/split or duplicate id.
    """
    offers: list[Offer] = []
    for path in data_files(data_dir):
        if path.suffix == ".jsonl":
            rows = [
                json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()
            ]
        else:
            rows = yaml.safe_load(path.read_text("utf-8")) or []
        for row in rows:
            offers.append(_to_offer(row, path))
    seen: set[str] = set()
    for offer in offers:
        if offer.id in seen:
            raise DatasetError(f"duplicate id {offer.id}")
        seen.add(offer.id)
    if split is not None:
        offers = [o for o in offers if o.split == split]
    return offers


def _to_offer(row: dict[str, object], path: Path) -> Offer:
    try:
        offer = Offer(
            id=str(row["id"]),
            text=str(row["text"]),
            label=str(row["label"]),
            split=str(row["split"]),
            notes=str(row.get("notes", "") or ""),
        )
    except (KeyError, TypeError) as exc:
        raise DatasetError(f"{path.name}: bad row {row!r}") from exc
    if offer.label not in LABELS or offer.split not in SPLITS:
        raise DatasetError(f"{path.name}: {offer.id} has label={offer.label} split={offer.split}")
    return offer
