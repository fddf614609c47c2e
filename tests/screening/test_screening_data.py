"""The labelled offers: size, balance, splits, fake phone numbers only."""

from __future__ import annotations

import re
from collections import Counter

from screening.classifier import DEFAULT_DATA_DIR
from screening.dataset import load_offers


def test_dataset_size_and_balance() -> None:
    offers = load_offers(DEFAULT_DATA_DIR)
    labels = Counter(o.label for o in offers)
    assert len(offers) >= 320
    assert labels["RENDAH"] >= 130
    splits = Counter(o.split for o in offers)
    assert 0.55 <= splits["train"] / len(offers) <= 0.65
    for split in ("dev", "test"):
        assert 0.17 <= splits[split] / len(offers) <= 0.23
        per_label = Counter(o.label for o in offers if o.split == split)
        assert all(per_label[lab] >= 10 for lab in ("TINGGI", "SEDANG", "RENDAH"))


def test_only_fake_phone_numbers() -> None:
    phone = re.compile(r"(?:\+62|\b0)8\d{2}[\s-]?\d{4}[\s-]?\d{2,5}")
    for offer in load_offers(DEFAULT_DATA_DIR):
        for number in phone.findall(offer.text):
            digits = re.sub(r"\D", "", number)
            assert digits.startswith("08120000") or digits.startswith("628120000"), (
                offer.id,
                number,
            )
