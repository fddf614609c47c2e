"""A learned "is someone in danger now?" detector: the second opinion beside ``danger.py``.

Trained (``screening.learned``) on the *train* authors' messages (``danger`` as route or in
``also``: 1, every other message and offer: 0) and on the project's Rasa examples
(``nlu/intents/emergency.yml``: 1, every other intent: 0). The tune authors chose the threshold;
the test authors only report. The rules stay the owner of "danger": when they find no cue and this
detector is sure, the understanding step gives the help numbers first (level ``unsure``) and still
the answer, so a false alarm costs a longer reply, never a lost answer.
"""

from __future__ import annotations

import re
from pathlib import Path

from screening.learned import AUTHORS_DIR, REPO_ROOT, Detector, read_yaml, train_authors

NLU_DIR = REPO_ROOT / "nlu" / "intents"
# Chosen on the tune authors (2026-12-02, four authors, 46 danger messages): with the detector at
# 0.7 some danger was heard in 0.935 of them (rules alone 0.85) and no other message got the help
# numbers; 0.8 gave 0.891, 0.6 gave 0.957 with 0.3% false alarms.
THRESHOLD = 0.7

_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _data_files() -> list[Path]:
    files = [AUTHORS_DIR / "SPLITS.yaml"]
    for author in train_authors():
        files += [AUTHORS_DIR / author / "messages.yaml", AUTHORS_DIR / author / "offers.yaml"]
    files += sorted(NLU_DIR.glob("*.yml"))
    return [f for f in files if f.is_file()]


def _nlu_examples() -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for path in sorted(NLU_DIR.glob("*.yml")):
        for block in (read_yaml(path) or {}).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    text = _ANNOTATION.sub(r"\1", line[2:].strip())
                    out.append((text, int(block["intent"] == "emergency")))
    return out


def examples() -> tuple[list[str], list[int]]:
    """(texts, labels) for training: 1 = someone is in danger now."""
    rows: list[tuple[str, int]] = []
    for author in train_authors():
        folder = AUTHORS_DIR / author
        for m in (read_yaml(folder / "messages.yaml") or {}).get("messages") or []:
            danger = m.get("route") == "danger" or "danger" in (m.get("also") or [])
            rows.append((str(m["text"]), int(danger)))
        for o in (read_yaml(folder / "offers.yaml") or {}).get("offers") or []:
            rows.append((str(o["text"]), 0))
    rows += _nlu_examples()
    return [t for t, _ in rows], [y for _, y in rows]


DETECTOR = Detector("danger_detector", _data_files, examples, c=4.0)


def danger_probability(text: str) -> float | None:
    """How likely ``text`` tells of someone in danger now (None when no detector could be had)."""
    return DETECTOR.probability(text)
