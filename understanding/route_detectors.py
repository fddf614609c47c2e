"""Learned second opinions on a message's route, beside the rules of ``signals.py``.

The rules read a route from words somebody here wrote down; they miss it in wording nobody here
wrote ("ulun handak malaporkan sponsor nang maambil duit ulun", "lowongan BHL di kebun sawit
daerah muba ado dak"). Each detector here is a yes/no model (``screening.learned``: char and word
n-grams, balanced logistic regression) fitted on the messages of the authors that ``SPLITS.yaml``
lets the learned parts fit on: messages labelled with its route are 1, every other message and
every offer 0. The tune authors chose the thresholds; unread test authors only report.

- ``report_probability``: a clear wish to report someone. When the rules hear only a *maybe* and
  the message names someone to report, the form starts (with the answer above it).
- ``outside_probability``: not about working abroad (a job at home, a recipe, a loan for a
  motorbike). Asked only when the guidance has no sure answer: a confident "outside" then replaces
  a best guess that would answer a question nobody asked.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from knowledge_base import AUTHORS_DIR, split_authors
from screening import Detector, read_author_yaml

NLU_DIR = Path(__file__).resolve().parent.parent / "nlu" / "intents"
# Chosen on the tune authors (2026-12-04): no tune question that the rules heard as a "maybe"
# report passed 0.5 (the highest, "lapor ning ndi?" about a friend's unpaid wage, was 0.47).
REPORT_THRESHOLD = 0.5
OUTSIDE_THRESHOLD = 0.8


def _data_files() -> list[Path]:
    files = [AUTHORS_DIR / "SPLITS.yaml", Path(__file__), NLU_DIR / "out_of_scope.yml"]
    for author in split_authors(AUTHORS_DIR):
        files += [AUTHORS_DIR / author / "messages.yaml", AUTHORS_DIR / author / "offers.yaml"]
    return [f for f in files if f.is_file()]


def _rasa_out_of_scope() -> list[str]:
    """The project's own out-of-scope examples (``nlu/intents/out_of_scope.yml``)."""
    out: list[str] = []
    for block in (read_author_yaml(NLU_DIR / "out_of_scope.yml") or {}).get("nlu") or []:
        for line in str(block.get("examples", "")).splitlines():
            if line.strip().startswith("- "):
                out.append(line.strip()[2:].strip())
    return out


def examples(route: str) -> tuple[list[str], list[int]]:
    """(texts, labels) for training: 1 = a message whose route is ``route``."""
    texts: list[str] = []
    labels: list[int] = []
    for author in split_authors(AUTHORS_DIR):
        folder = AUTHORS_DIR / author
        for m in (read_author_yaml(folder / "messages.yaml") or {}).get("messages") or []:
            texts.append(str(m["text"]))
            labels.append(int(m.get("route") == route))
        for o in (read_author_yaml(folder / "offers.yaml") or {}).get("offers") or []:
            texts.append(str(o["text"]))
            labels.append(0)
    if route == "outside":
        extra = _rasa_out_of_scope()
        texts += extra
        labels += [1] * len(extra)
    return texts, labels


REPORT = Detector("report_detector", _data_files, partial(examples, "report"), c=4.0)
OUTSIDE = Detector("outside_detector", _data_files, partial(examples, "outside"), c=4.0)


def report_probability(text: str) -> float | None:
    """How likely ``text`` asks to report someone (None when no detector could be had)."""
    return REPORT.probability(text)


def outside_probability(text: str) -> float | None:
    """How likely ``text`` is not about working abroad (None when no detector could be had)."""
    return OUTSIDE.probability(text)


if __name__ == "__main__":  # make setup: fit once, so the first message does not wait for it
    for detector in (REPORT, OUTSIDE):
        print(f"{detector.name} trained" if detector.ensure_saved() else f"{detector.name} is up to date")
