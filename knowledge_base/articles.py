"""Parse the guidance articles in ``knowledge_base/articles/*.md`` into citable passages.

Each article is Markdown with YAML front matter::

    ---
    id: biaya-penempatan-nol
    title: Biaya penempatan PMI
    topic: biaya
    countries: [taiwan]
    sources: ["UU 18/2017 Pasal 30", "Perban BP2MI 9/2020"]
    confidence: HIGH
    verified: 2026-11
    ---
    ## Apakah calon PMI harus membayar biaya penempatan?
    Tidak. ...
    Sumber: UU 18/2017 Pasal 30; Perban BP2MI 9/2020.

Every ``## `` heading starts a passage; the passage body's last line must start with
``Sumber: ``. Passage ids are ``<article id>#<n>``, numbered from 1 in file order.

An optional line right after the heading, ``Pertanyaan lain: <q1> | <q2> | ...``, lists other
ways users ask the same question. They are used for retrieval only and are never part of the
passage text shown to users.

An optional line right before the ``Sumber: `` line, ``English: <answer>``, is the same answer in
plain English. It is stored as ``Passage.english``, shown instead of the Indonesian body when the
user asks in English, and is never part of the Indonesian body nor indexed for retrieval.

A line between the English line (if any) and the ``Sumber: `` line dates the passage::

    Dated: 2025-03; review_by: 2027-06; changes: yearly

``Dated`` is the month of the newest source behind the passage's facts (or of a person's check of
the official page), ``review_by`` the month by which somebody must check it again, and
``changes: yearly`` marks figures that change (wages, fees, quotas, windows): replies show
"per <month year>" for them. ``make kb-check`` requires the line on every passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
SOURCE_PREFIX = "Sumber: "
ALTERNATIVES_PREFIX = "Pertanyaan lain:"
ENGLISH_PREFIX = "English:"
DATED_PREFIX = "Dated:"
CONFIDENCE_LEVELS = ("HIGH", "MED-HIGH", "MED", "LOW-MED", "LOW")
REQUIRED_FIELDS = ("id", "title", "topic", "countries", "sources", "confidence", "verified")
# Files in the articles folder that are documentation, not articles.
NON_ARTICLE_FILES = frozenset({"README.md"})

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_VERIFIED_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_MONTH_PATTERN = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])$")


def parse_dated(value: str) -> tuple[str, str, bool]:
    """``"2025-03; review_by: 2027-06; changes: yearly"`` → ("2025-03", "2027-06", True).

    Raises:
        ValueError: a field is missing, unknown or not a YYYY-MM month, or review_by is
            before the source date.
    """
    parts = [part.strip() for part in value.split(";") if part.strip()]
    if not parts:
        raise ValueError("is empty")
    dated, review_by, yearly = parts[0], "", False
    for part in parts[1:]:
        key, _, field = (piece.strip() for piece in part.partition(":"))
        if key == "review_by":
            review_by = field
        elif key == "changes" and field == "yearly":
            yearly = True
        else:
            raise ValueError(f"has an unknown field {part!r}")
    for name, month in (("date", dated), ("review_by", review_by)):
        if not _MONTH_PATTERN.match(month):
            raise ValueError(f"{name} {month!r} must be a YYYY-MM month")
    if review_by < dated:
        raise ValueError(f"review_by {review_by} is before the source date {dated}")
    return dated, review_by, yearly


class ArticleError(ValueError):
    """An article file is malformed; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Passage:
    """One citable passage: a ``## `` heading and its body, ending in a ``Sumber: `` line."""

    passage_id: str
    article_id: str
    number: int
    heading: str
    body: str
    source_line: str
    # Other wordings of the heading's question (retrieval only, never shown).
    alternatives: tuple[str, ...] = ()
    # The same answer in plain English ("" when the passage has none); never indexed.
    english: str = ""
    # YYYY-MM of the newest source behind the facts ("" when the passage has no Dated line).
    dated: str = ""
    # YYYY-MM by which the passage must be checked again ("" when undated).
    review_by: str = ""
    # True for figures that change (wages, fees, quotas): replies say "per <month year>".
    changes_yearly: bool = False


@dataclass(frozen=True)
class Article:
    """A parsed article: its front matter and passages."""

    article_id: str
    title: str
    topic: str
    countries: tuple[str, ...]
    sources: tuple[str, ...]
    confidence: str
    verified: str
    passages: tuple[Passage, ...]
    path: Path


def _fail(path: Path, message: str) -> ArticleError:
    return ArticleError(f"{path}: {message}")


def _split_front_matter(path: Path, text: str) -> tuple[dict, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise _fail(path, "must start with a '---' line opening the YAML front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise _fail(path, "front matter is not closed by a '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        raise _fail(path, f"front matter is not valid YAML: {error}") from None
    if not isinstance(meta, dict):
        raise _fail(path, "front matter must be a YAML mapping")
    return meta, "\n".join(lines[end + 1 :])


def _string_list(path: Path, meta: dict, key: str) -> tuple[str, ...]:
    value = meta[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"'{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _validate_meta(path: Path, meta: dict) -> dict:
    missing = [key for key in REQUIRED_FIELDS if key not in meta]
    if missing:
        raise _fail(path, f"front matter is missing {', '.join(missing)}")
    article_id = str(meta["id"]).strip()
    if not _ID_PATTERN.match(article_id):
        raise _fail(path, f"id {article_id!r} must be lower-case letters, digits and hyphens")
    for key in ("title", "topic"):
        if not isinstance(meta[key], str) or not meta[key].strip():
            raise _fail(path, f"'{key}' must be a non-empty string")
    if meta["countries"] is None:
        meta["countries"] = []
    countries = tuple(c.lower() for c in _string_list(path, meta, "countries"))
    sources = _string_list(path, meta, "sources")
    if not sources:
        raise _fail(path, "'sources' must name at least one source")
    confidence = str(meta["confidence"]).strip().upper()
    if confidence not in CONFIDENCE_LEVELS:
        raise _fail(path, f"confidence {confidence!r} is not one of {', '.join(CONFIDENCE_LEVELS)}")
    verified = meta["verified"]
    verified = verified.isoformat() if isinstance(verified, date) else str(verified).strip()
    if not _VERIFIED_PATTERN.match(verified):
        raise _fail(path, f"verified {verified!r} must be YYYY-MM or YYYY-MM-DD")
    return {
        "article_id": article_id,
        "title": meta["title"].strip(),
        "topic": meta["topic"].strip().lower(),
        "countries": countries,
        "sources": sources,
        "confidence": confidence,
        "verified": verified,
    }


def _parse_passages(path: Path, article_id: str, body: str) -> tuple[Passage, ...]:
    sections: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif sections:
            sections[-1][1].append(line.rstrip())
        elif line.strip():
            raise _fail(path, f"text before the first '## ' heading: {line.strip()[:60]!r}")
    if not sections:
        raise _fail(path, "has no '## ' passages")
    passages = []
    for number, (heading, raw_lines) in enumerate(sections, start=1):
        where = f"passage {number} ({heading[:50]!r})"
        if not heading:
            raise _fail(path, f"{where}: empty heading")
        lines = list(raw_lines)
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        alternatives: tuple[str, ...] = ()
        if lines and lines[0].startswith(ALTERNATIVES_PREFIX):
            alternatives = tuple(
                q.strip() for q in lines.pop(0)[len(ALTERNATIVES_PREFIX) :].split("|") if q.strip()
            )
            if not alternatives:
                raise _fail(path, f"{where}: {ALTERNATIVES_PREFIX!r} line lists no questions")
            while lines and not lines[0].strip():
                lines.pop(0)
        if not lines:
            raise _fail(path, f"{where}: empty body")
        if any(line.startswith(ALTERNATIVES_PREFIX) for line in lines):
            raise _fail(path, f"{where}: {ALTERNATIVES_PREFIX!r} must come right after the heading")
        source_line = lines[-1].strip()
        if (
            not source_line.startswith(SOURCE_PREFIX)
            or not source_line[len(SOURCE_PREFIX) :].strip()
        ):
            raise _fail(path, f"{where}: the last line must start with {SOURCE_PREFIX!r}")
        english = ""
        dated = review_by = ""
        yearly = False
        before_source = len(lines) - 2
        while before_source >= 0 and not lines[before_source].strip():
            before_source -= 1
        if before_source >= 0 and lines[before_source].startswith(DATED_PREFIX):
            try:
                dated, review_by, yearly = parse_dated(
                    lines[before_source][len(DATED_PREFIX):].strip())
            except ValueError as error:
                raise _fail(path, f"{where}: {DATED_PREFIX!r} line {error}") from None
            lines = [*lines[:before_source], source_line]
            while len(lines) > 1 and not lines[-2].strip():
                lines.pop(-2)
            before_source = len(lines) - 2
            while before_source >= 0 and not lines[before_source].strip():
                before_source -= 1
        if any(line.startswith(DATED_PREFIX) for line in lines):
            raise _fail(path, f"{where}: {DATED_PREFIX!r} must come right before the "
                              f"{SOURCE_PREFIX!r} line")
        if before_source >= 0 and lines[before_source].startswith(ENGLISH_PREFIX):
            english = lines[before_source][len(ENGLISH_PREFIX) :].strip()
            if not english:
                raise _fail(path, f"{where}: {ENGLISH_PREFIX!r} line is empty")
            lines = [*lines[:before_source], source_line]
            while len(lines) > 1 and not lines[-2].strip():
                lines.pop(-2)
        if any(line.startswith(ENGLISH_PREFIX) for line in lines):
            raise _fail(
                path,
                f"{where}: {ENGLISH_PREFIX!r} must come right before the {SOURCE_PREFIX!r} line",
            )
        if len(lines) < 2:
            raise _fail(path, f"{where}: has only a source line, no answer text")
        passages.append(
            Passage(
                passage_id=f"{article_id}#{number}",
                article_id=article_id,
                number=number,
                heading=heading,
                body="\n".join(lines),
                source_line=source_line,
                alternatives=alternatives,
                english=english,
                dated=dated,
                review_by=review_by,
                changes_yearly=yearly,
            )
        )
    return tuple(passages)


def parse_article(path: Path) -> Article:
    """Parse one article file.

    Raises:
        ArticleError: the file is malformed (the message names the file and the problem).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _fail(path, "is not UTF-8 text") from None
    meta, body = _split_front_matter(path, text)
    fields = _validate_meta(path, meta)
    passages = _parse_passages(path, fields["article_id"], body)
    return Article(passages=passages, path=path, **fields)


def article_paths(directory: Path | None = None) -> list[Path]:
    """The article files in ``directory`` (default: the package's articles folder), sorted."""
    directory = Path(directory) if directory else ARTICLES_DIR
    return sorted(p for p in directory.glob("*.md") if p.name not in NON_ARTICLE_FILES)


def load_articles(directory: Path | None = None) -> list[Article]:
    """Parse every article in ``directory``; article ids must be unique.

    Raises:
        ArticleError: a file is malformed or two files share an id.
    """
    articles = [parse_article(path) for path in article_paths(directory)]
    seen: dict[str, Path] = {}
    for article in articles:
        if article.article_id in seen:
            raise _fail(
                article.path,
                f"id {article.article_id!r} is also used by {seen[article.article_id]}",
            )
        seen[article.article_id] = article.path
    return articles
