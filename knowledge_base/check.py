"""``make kb-check``: the guidance articles are dated, consistent and cite what they use.

Checks, each a list of problems (the command exits 1 when any list is non-empty):

- ``undated``: a passage without a ``Dated:`` line;
- ``overdue``: a passage whose ``review_by`` month has passed;
- ``unhedged``: a passage that states a fact the facts sheet marks LOW, unconfirmed or
  conflicting (listed in ``facts.yml`` with ``hedge: true``) without a word of doubt;
- ``conflicting``: one fact key (``facts.yml``) with different values in two passages;
- ``unknown_numbers``: a phone-like number that is not in ``contacts.yml``;
- ``dangling_sources``: a ``Sumber:`` item that names none of the article's front-matter sources;
- ``stale_contacts``: a contact whose ``verified`` month is more than a year old.

Run: ``python -m knowledge_base.check [--today YYYY-MM] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from knowledge_base.articles import Article, load_articles
from knowledge_base.knowledge import contact_phones, load_contacts

FACTS_FILE = Path(__file__).resolve().parent / "facts.yml"

# Phone-like: international (+62 ...), grouped local numbers (0800-1234, 02-1234-5678), or a
# short number right after a word that introduces one ("hubungi 110", "hotline 1955").
_PHONE_PATTERNS = (
    re.compile(r"\+\d[\d\s-]{6,}\d"),
    re.compile(r"\b0\d{1,4}(?:[- ]\d{3,4})+\b"),
    re.compile(
        r"(?i)\b(?:telepon|telp|tel|hubungi|hotline|call center|nomor|nomer|sms|whatsapp|wa)"
        r"\s+(?:di\s+|ke\s+)?(\d{3,7})(?![\d-])"
    ),
    re.compile(r"(?i)\b(?:polisi|ambulans)\s+(?:di\s+)?(\d{3})(?![\d-])"),
    # The same in the English answers ("call 110", "police on 110").
    re.compile(
        r"(?i)\b(?:call|phone|number|dial|police|ambulance)\s+(?:on\s+|at\s+)?(\d{3,7})(?![\d-])"
    ),
)


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def phone_like(text: str) -> set[str]:
    """Every phone-like number in ``text``, as written."""
    found = set()
    for pattern in _PHONE_PATTERNS:
        for match in pattern.finditer(text):
            found.add((match.group(1) if match.groups() else match.group(0)).strip())
    return found


@dataclass(frozen=True)
class FactRule:
    """A fact the articles state: where it appears, its value, and whether it needs a hedge."""

    key: str
    pattern: re.Pattern[str]
    hedge: bool = False
    note: str = ""


@dataclass
class Report:
    undated: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    unhedged: list[str] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)
    unknown_numbers: list[str] = field(default_factory=list)
    dangling_sources: list[str] = field(default_factory=list)
    stale_contacts: list[str] = field(default_factory=list)
    passages: int = 0

    def problems(self) -> dict[str, list[str]]:
        return {name: items for name, items in self.__dict__.items()
                if isinstance(items, list) and items}

    @property
    def clean(self) -> bool:
        return not self.problems()


def load_fact_rules(path: Path | None = None) -> tuple[list[FactRule], re.Pattern[str]]:
    """The fact keys and the words that count as a hedge, from ``facts.yml``."""
    data = yaml.safe_load(Path(path or FACTS_FILE).read_text(encoding="utf-8"))
    rules = [FactRule(key=row["key"], pattern=re.compile(row["pattern"], re.IGNORECASE),
                      hedge=bool(row.get("hedge")), note=row.get("note", ""))
             for row in data["facts"]]
    for rule in rules:
        if rule.pattern.groups > 1:
            raise ValueError(f"facts.yml {rule.key}: at most one group (the value)")
    hedges = re.compile(r"\b(?:" + "|".join(data["hedges"]) + r")", re.IGNORECASE)
    return rules, hedges


def _month(today: date | str) -> str:
    return today if isinstance(today, str) else f"{today.year:04d}-{today.month:02d}"


def _months_between(earlier: str, later: str) -> int:
    (y1, m1), (y2, m2) = (map(int, earlier.split("-")[:2]), map(int, later.split("-")[:2]))
    return (y2 - y1) * 12 + (m2 - m1)


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _value(raw: str) -> str:
    return re.sub(r"[\s.,]", "", fold(raw))


def _source_items(source_line: str) -> list[str]:
    body = source_line.removeprefix("Sumber:").strip().rstrip(".")
    return [item.strip() for item in body.split(";") if item.strip()]


_LAW = re.compile(r"\b(uu|pp|perpres|permenaker|permen\s?\w+|perban\s?\w+|kepka\s?\w+|"
                  r"permenkes|kepmenaker)\s+(?:no\.?\s*)?(\d+\s*/\s*\d{4})", re.IGNORECASE)


def _law_ids(text: str) -> set[str]:
    return {f"{kind.split()[0].lower()} {number.replace(' ', '')}"
            for kind, number in _LAW.findall(text)}


def _names_a_source(item: str, sources: tuple[str, ...]) -> bool:
    """An item names a source when one contains the other's words after folding, or when
    it cites a law (``UU 18/2017 Pasal 63``) that a listed source also cites."""
    laws = _law_ids(item)
    if laws and all(any(law in _law_ids(source) for source in sources) for law in laws):
        return True
    folded = fold(re.sub(r"\([^)]*\)", " ", item)).strip()
    words = set(re.findall(r"[a-z0-9/]+", folded))
    for source in sources:
        candidate = fold(source)
        if folded and (folded in candidate or candidate in folded):
            return True
        source_words = set(re.findall(r"[a-z0-9/]+", candidate))
        # "Perban BP2MI 9/2020 Pasal 3" names "Perban BP2MI 9/2020"; "BP2MI" names "BP2MI (2024)".
        if source_words and (source_words <= words or (words and words <= source_words)):
            return True
    return False


def check(articles: list[Article] | None = None, contacts: list[dict[str, Any]] | None = None,
          today: date | str | None = None, facts_file: Path | None = None) -> Report:
    """Run every check over the articles and contacts (defaults: the package's own files)."""
    articles = load_articles() if articles is None else articles
    contacts = load_contacts() if contacts is None else contacts
    month = _month(today or date.today())
    rules, hedges = load_fact_rules(facts_file)
    known_numbers = {digits(p) for c in contacts for p in contact_phones(c)}
    report = Report()
    values: dict[str, dict[str, list[str]]] = {}
    for article in articles:
        for passage in article.passages:
            report.passages += 1
            where = passage.passage_id
            if not passage.dated:
                report.undated.append(where)
            elif passage.review_by < month:
                report.overdue.append(f"{where}: review_by {passage.review_by}")
            for text in (passage.body, passage.english):
                for number in sorted(phone_like(text)):
                    if digits(number) not in known_numbers:
                        report.unknown_numbers.append(f"{where}: {number}")
            for item in _source_items(passage.source_line):
                if not _names_a_source(item, article.sources):
                    report.dangling_sources.append(f"{where}: {item!r}")
            for rule in rules:
                for match in rule.pattern.finditer(passage.body):
                    if rule.hedge and not hedges.search(passage.body):
                        report.unhedged.append(f"{where}: {rule.key} ({rule.note})")
                    if rule.pattern.groups:
                        values.setdefault(rule.key, {}).setdefault(
                            _value(match.group(1)), []).append(where)
    for key, by_value in sorted(values.items()):
        if len(by_value) > 1:
            shown = "; ".join(f"{value} in {', '.join(sorted(set(ids)))}"
                              for value, ids in sorted(by_value.items()))
            report.conflicting.append(f"{key}: {shown}")
    for contact in contacts:
        verified = str(contact.get("verified", ""))[:7]
        if not re.match(r"^\d{4}-\d{2}$", verified) or _months_between(verified, month) > 12:
            report.stale_contacts.append(f"{contact.get('id')}: verified {verified or 'never'}")
    report.unhedged = sorted(set(report.unhedged))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--today", help="YYYY-MM to check review dates against (default: now)")
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    report = check(today=args.today)
    problems = report.problems()
    print(f"kb-check: {report.passages} passages, "
          f"{sum(len(v) for v in problems.values())} problems")
    for name, items in problems.items():
        print(f"\n{name} ({len(items)}):")
        for item in items:
            print(f"  - {item}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"passages": report.passages, **report.problems()},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
