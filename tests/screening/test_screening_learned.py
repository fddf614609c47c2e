"""The learned detectors (offer, danger) and the classifier's training set: data, stamps, saving."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base import learn_from
from screening import danger_detector, offer_detector
from screening.classifier import DEFAULT_DATA_DIR
from screening.dataset import (
    author_files,
    authors_dir_for,
    load_author_offers,
    split_authors,
    training_offers,
)
from screening.learned import Detector, stamp_of

AUTHORS = authors_dir_for(DEFAULT_DATA_DIR)


def held_out_authors() -> set[str]:
    """Every author of a split the learned parts may not fit on (tune, unread test splits)."""
    import yaml

    table = yaml.safe_load((AUTHORS / "SPLITS.yaml").read_text("utf-8"))
    unread = [s for s in table["splits"] if s not in learn_from(AUTHORS)]
    assert "tune" in unread and len(unread) >= 2  # tune and at least one frozen test split
    return set(split_authors(AUTHORS, tuple(unread)))


def test_only_train_and_read_authors_feed_the_models() -> None:
    train = set(split_authors(AUTHORS))
    assert "pak-rt-brebes" in train  # a read test author (test_s6) is trained on
    held_out = held_out_authors()
    assert train and not train & held_out
    ids = {o.id for o in training_offers(DEFAULT_DATA_DIR)}
    for author in held_out:
        assert not any(i.startswith(f"{author}-") for i in ids), author
    assert any(i.startswith(f"{sorted(train)[0]}-") for i in ids)
    # the project's own test split stays held out
    assert not any(o.split == "test" for o in training_offers(DEFAULT_DATA_DIR))


def test_author_offers_carry_the_authors_labels(tmp_path: Path) -> None:
    (tmp_path / "a1").mkdir()
    (tmp_path / "SPLITS.yaml").write_text("splits:\n  train: [a1]\n  test: [a2]\n")
    (tmp_path / "a1" / "offers.yaml").write_text(
        "offers:\n  - id: a1-o001\n    text: kerja kamboja gaji 20jt\n    risk: TINGGI\n"
    )
    offers = load_author_offers(tmp_path)
    assert [(o.id, o.label, o.split) for o in offers] == [("a1-o001", "TINGGI", "train")]
    assert [p.name for p in author_files(tmp_path)] == ["SPLITS.yaml", "offers.yaml"]
    assert load_author_offers(tmp_path / "missing") == []


def test_detector_examples_come_from_train_authors_only() -> None:
    from understanding import route_detectors

    held_out = held_out_authors()
    for detector in (offer_detector.DETECTOR, danger_detector.DETECTOR, route_detectors.REPORT,
                     route_detectors.OUTSIDE):
        files = detector.data_files()
        assert not any(f.parent.name in held_out for f in files), detector.name
        texts, labels = detector.examples()
        assert len(texts) == len(labels) and 0 < sum(labels) < len(labels)


def test_danger_examples_include_rasa_emergency_examples_without_annotations() -> None:
    texts, labels = danger_detector.examples()
    positives = [t for t, y in zip(texts, labels, strict=True) if y]
    assert len(positives) > 200
    assert not any("](" in t or "]{" in t for t in texts)


def test_stamp_changes_with_the_data(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("x")
    before = stamp_of([f])
    f.write_text("y")
    assert stamp_of([f]) != before
    assert stamp_of([tmp_path / "missing.yaml"]) == stamp_of([])


def test_detector_saves_loads_and_retrains_when_stale(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data.txt"
    data.write_text("v1")
    texts = ["tolong saya dikurung majikan", "disekap di mess tidak boleh keluar",
             "syarat kerja ke taiwan apa", "berapa biaya ke korea", "halo", "terima kasih"]
    labels = [1, 1, 0, 0, 0, 0]
    det = Detector("test_detector", lambda: [data], lambda: (texts, labels), c=4.0)
    monkeypatch.setattr("screening.learned.MODEL_DIR", tmp_path)
    assert det.ensure_saved() is True
    assert det.ensure_saved() is False  # current: not trained again
    data.write_text("v2")
    assert det.ensure_saved() is True  # stale stamp: retrained
    loaded = det.load()
    assert loaded is not None and loaded.stamp == det.stamp()
    assert loaded.probability("saya disekap dan dikurung") > loaded.probability("biaya ke korea")
    (tmp_path / "test_detector.joblib").write_bytes(b"not a pickle")
    assert det.load() is None  # unreadable: retrain, never crash


@pytest.mark.parametrize("text", [
    "help please my cousin indonesian locked in scam company in myawaddy, they beat him. who can i call??",
    "saudara sy di sihanoukville demam tinggi, bos ga izinin ke rs, disuruh kerja terus. tolong dia mau pulang",
])
def test_shipped_danger_detector_hears_danger_in_other_wording(text: str) -> None:
    p = danger_detector.danger_probability(text)
    assert p is not None and p >= danger_detector.THRESHOLD


@pytest.mark.parametrize("text", [
    "syarat umur kerja ke jepang berapa ya kak",
    "berapa biaya resmi ke taiwan buat pabrik",
    "berapa lama proses bikin paspor untuk kerja ke taiwan?",
])
def test_shipped_danger_detector_stays_quiet_on_questions(text: str) -> None:
    p = danger_detector.danger_probability(text)
    assert p is not None and p < danger_detector.THRESHOLD
