"""Load the labelled offers in bench/data/offers (YAML lists or JSONL) and stamp their content."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

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


def data_hash(data_dir: Path) -> str:
    """A SHA-256 over the names and bytes of every data file (the model's freshness stamp)."""
    digest = hashlib.sha256()
    for path in data_files(data_dir):
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
