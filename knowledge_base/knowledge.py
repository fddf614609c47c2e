"""The knowledge base facade: load the index and model, search, answer or fall back honestly."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import yaml

from knowledge_base.index import (
    Embedder,
    IndexedPassage,
    SearchIndex,
    SentenceTransformerEmbedder,
    build_index,
    default_index_dir,
    load_index,
)
from knowledge_base.normalize import normalize_text
from knowledge_base.search import (
    Method,
    QueryPlan,
    Ranking,
    SearchConfig,
    TokenRepair,
    lexical_coverage,
    plan_query,
    rank,
)

if TYPE_CHECKING:
    from knowledge_base.rerank import QuestionModel

logger = logging.getLogger(__name__)

CONTACTS_FILE = Path(__file__).resolve().parent / "contacts.yml"
LIMITS_FILE = Path(__file__).resolve().parent / "limits.yml"
HOTLINE_CONTACT_ID = "kp2mi_hotline"
FALLBACK_TEMPLATE = (
    "Maaf, pertanyaan ini belum tercakup dalam panduan kami, jadi kami tidak mau menebak. "
    "Silakan tanyakan langsung ke call center KP2MI {hotline} (bebas pulsa), "
    "atau ke Dinas Tenaga Kerja (Disnaker) kabupaten/kota Anda atau kantor BP3MI terdekat."
)
MAX_RELATED = 3
_PHONE_KEYS = ("phone", "phones", "number", "numbers", "hotline", "whatsapp", "tel", "sms")
_PHONE_KINDS = ("phone", "hotline", "whatsapp", "sms", "tel")


class ContactsError(ValueError):
    """contacts.yml is malformed."""


@dataclass(frozen=True)
class Hit:
    """One search result."""

    passage_id: str
    article_id: str
    title: str
    heading: str
    text: str
    source_line: str
    score: float
    # The answer in plain English followed by the source line ("" when the passage has none).
    english_text: str = ""


@dataclass(frozen=True)
class Answer:
    """The reply to a question: a passage with its sources, or the honest fallback."""

    found: bool
    text: str
    passage_id: str | None
    article_id: str | None
    title: str | None
    confidence: float
    related: list[tuple[str, str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    verified: str | None = None
    language: Literal["id", "en"] = "id"
    context: dict = field(default_factory=dict)
    # The language of ``text``: "en" only when the passage's English answer is shown.
    text_language: Literal["id", "en"] = "id"
    # Whether the confidence met the usual threshold (False for a best guess).
    sure: bool = False


def load_contacts(path: Path | str | None = None) -> list[dict]:
    """Parse ``knowledge_base/contacts.yml``: a list of contacts, or ``{contacts: [...]}``.

    Returns an empty list when the file does not exist.

    Raises:
        ContactsError: the file is not a list of mappings each with an ``id``.
    """
    path = Path(path) if path else CONTACTS_FILE
    if not path.is_file():
        return []
    return list(_read_contacts(str(path), path.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def _read_contacts(path_name: str, mtime_ns: int) -> tuple[dict, ...]:
    """Parsed once per file version: replies look contacts up several times per message."""
    path = Path(path_name)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get("contacts", [])
    if not isinstance(data, list) or not all(isinstance(c, dict) and "id" in c for c in data):
        raise ContactsError(f"{path}: expected a list of contacts, each a mapping with an 'id'")
    return tuple(data)


@lru_cache(maxsize=4)
def load_limits(path: Path | str | None = None) -> dict:
    """The figures that rules set (ages, wages, fee caps), each with its rule and source date.

    Raises:
        ContactsError: the file is not a mapping under ``limits``.
    """
    path = Path(path) if path else LIMITS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    limits = data.get("limits") if isinstance(data, dict) else None
    if not isinstance(limits, dict):
        raise ContactsError(f"{path}: expected a mapping under 'limits'")
    return limits


def contact_phones(contact: dict) -> list[str]:
    """Every phone number in a contact: ``value`` of a phone-kind contact, or phone-like keys."""
    phones: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, (str, int)) and len(re.sub(r"\D", "", str(value))) >= 3:
            phones.append(str(value))
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key in ("number", "value", "phone"):
                if key in value:
                    collect(value[key])

    if str(contact.get("kind", "")).lower() in _PHONE_KINDS:
        collect(contact.get("value"))
    for key, value in contact.items():
        if key.lower() in _PHONE_KEYS or key.lower().endswith(("_phone", "_number", "_hotline")):
            collect(value)
    return phones


def fallback_text(contacts: list[dict] | None = None) -> str:
    """The honest fallback, with the KP2MI hotline from contacts.yml (the only place numbers live)."""
    hotline = ""
    # The given contacts first (a deployment's own file), then the package's contacts.yml.
    for contact in [*(contacts or []), *load_contacts()]:
        if contact.get("id") == HOTLINE_CONTACT_ID and (phones := contact_phones(contact)):
            hotline = phones[0]
            break
    return FALLBACK_TEMPLATE.format(hotline=hotline)


_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def month_label(month: str, language: str = "id") -> str:
    """``"2025-03"`` → ``"Maret 2025"`` (``"March 2025"`` in English), ``"2025"`` → ``"2025"``;
    "" for anything else."""
    if re.fullmatch(r"(?:19|20)\d{2}", month or ""):
        return month
    try:
        year, number = month.split("-")[:2]
        return f"{_MONTHS[language][int(number) - 1]} {int(year)}"
    except (ValueError, IndexError, KeyError):
        return ""


def _with_dates(body: str, source_line: str, passage: IndexedPassage, language: str) -> str:
    """The answer, a "per <month year>" note for changing figures, and the dated source line."""
    label = month_label(passage.dated, language)
    if not label:
        return f"{body}\n{source_line}"
    lines = [body]
    if passage.changes_yearly:
        lines.append(f"Figures as of {label}; they can change." if language == "en"
                     else f"Angka ini per {label} dan bisa berubah.")
    as_of = f"as of {label}" if language == "en" else f"per {label}"
    lines.append(f"{source_line.rstrip(' .')} ({as_of}).")
    return "\n".join(lines)


def english_text(passage: IndexedPassage) -> str:
    """The English answer plus the dated ``Sumber:`` line, or "" when there is none."""
    if not passage.english:
        return ""
    return _with_dates(passage.english, passage.source_line, passage, "en")


def indonesian_text(passage: IndexedPassage) -> str:
    """The passage as shown in Indonesian: its answer, date notes and dated source line."""
    lines = passage.text.split("\n")
    if lines and lines[-1].startswith("Sumber:"):
        return _with_dates("\n".join(lines[:-1]), lines[-1], passage, "id")
    return passage.text


def display_text(passage: IndexedPassage, language: str = "id") -> str:
    """The text shown for a passage: English when asked in English and available."""
    return (language == "en" and english_text(passage)) or indonesian_text(passage)


def _hit(passage: IndexedPassage, score: float) -> Hit:
    return Hit(
        passage_id=passage.passage_id,
        article_id=passage.article_id,
        title=passage.title,
        heading=passage.heading,
        text=indonesian_text(passage),
        source_line=passage.source_line,
        score=float(score),
        english_text=english_text(passage),
    )


class KnowledgeBase:
    """Search over the guidance articles; answer with a cited passage or fall back."""

    def __init__(
        self,
        index: SearchIndex,
        embedder: Embedder | None,
        config: SearchConfig | None = None,
        contacts: list[dict] | None = None,
    ) -> None:
        """Wrap a loaded index; ``embedder`` None means BM25 only."""
        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig()
        self.contacts = contacts or []
        self._by_id = {p.passage_id: p for p in index.passages}
        self._repair = TokenRepair(index)
        self.reranker: QuestionModel | None = None  # set by load() when a fitted one matches

    def use_reranker(self, index_dir: Path, authors_dir: Path | None = None) -> bool:
        """Load the re-ranker fitted for this index and the current training data, if any."""
        from knowledge_base import rerank

        stamp = rerank.data_stamp(self.index.stamp, authors_dir or rerank.AUTHORS_DIR)
        self.reranker = rerank.load(index_dir, stamp)
        if self.reranker is None:
            logger.warning("no re-ranker fitted for this index (make setup fits one): hybrid order")
        return self.reranker is not None

    @classmethod
    def load(
        cls,
        model_path: str | None = None,
        *,
        index_dir: Path | None = None,
        article_dir: Path | None = None,
        embedder: Embedder | None = None,
        config: SearchConfig | None = None,
        contacts_path: Path | None = None,
    ) -> KnowledgeBase:
        """Load the embedding model, rebuild the index if stale, load the index and contacts."""
        embedder = embedder or SentenceTransformerEmbedder(model_path)
        index_dir = Path(index_dir) if index_dir else default_index_dir()
        report = build_index(embedder, article_dir=article_dir, index_dir=index_dir)
        if report.rebuilt:
            logger.info("index rebuilt in %.1f s (%d passages)", report.seconds, report.passages)
        kb = cls(load_index(index_dir), embedder, config, load_contacts(contacts_path))
        if kb.config.rerank and embedder is not None:
            kb.use_reranker(index_dir)
        return kb

    def _embed(self, text: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        return self.embedder.encode_queries([text])[0]

    def rank(
        self,
        query: str,
        context: dict | None = None,
        method: Method = "hybrid",
        query_vector: np.ndarray | None = None,
        rerank: bool = True,
    ) -> Ranking:
        """Score every passage (used by ``search``/``answer`` and the benchmark); the re-ranker,
        when one is loaded, orders the hybrid method's best passages."""
        plan: QueryPlan = plan_query(query, context)
        if method != "bm25" and query_vector is None:
            query_vector = self._embed(self.dense_query_text(plan))
        if self.embedder is None:
            method = "bm25"
        ranking = rank(self.index, plan, query_vector, self.config, method, self._repair)
        if rerank and self.reranker is not None and method == "hybrid" and len(ranking.order) \
                and not plan.follow_up and ranking.confidence < self.config.rerank_skip_confidence:
            first = int(ranking.order[0])
            ranking = self.reranker.reorder(ranking, normalize_text(plan.text), self.config.rerank_weight)
            best = int(ranking.order[0])
            if best != first:
                # Same closeness to known questions; the coverage is the new first passage's.
                old = lexical_coverage(self.index, ranking.query_tokens, first)
                new = lexical_coverage(self.index, ranking.query_tokens, best)
                w = self.config.confidence_dense_weight
                ranking = replace(ranking, confidence=ranking.confidence + (1 - w) * (new - old))
        return ranking

    def dense_query_text(self, plan: QueryPlan) -> str:
        """The text embedded for a query plan (see ``SearchConfig.dense_input``)."""
        return normalize_text(plan.text) if self.config.dense_input == "normalized" else plan.text

    def search(self, query: str, k: int = 5, context: dict | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query``, best first."""
        ranking = self.rank(query, context)
        return [_hit(self.index.passages[i], ranking.scores[i]) for i in ranking.order[: max(k, 0)]]

    def answer(self, query: str, context: dict | None = None,
               min_confidence: float | None = None) -> Answer:
        """Answer with the best passage if confident enough, else the honest fallback.

        ``context`` is the ``Answer.context`` of the previous turn; it lets short follow-ups
        ("kalau ke Hong Kong?") reuse the previous question's subject. ``min_confidence`` lowers
        (or raises) the answer threshold; ``Answer.sure`` tells whether the usual one was met.
        """
        ranking = self.rank(query, context)
        plan = ranking.plan
        threshold = self.config.threshold if min_confidence is None else min_confidence
        found = len(ranking.order) > 0 and ranking.confidence >= threshold
        if not found:
            return Answer(
                found=False,
                text=fallback_text(self.contacts),
                passage_id=None,
                article_id=None,
                title=None,
                confidence=ranking.confidence,
                language=plan.language,
                context={
                    "topic": (context or {}).get("topic"),
                    "country": plan.country,
                    "article_id": None,
                    "question": self._subject(query, plan, context),
                },
            )
        best = self.index.passages[int(ranking.order[0])]
        top_score = float(ranking.scores[ranking.order[0]])
        related = [
            (self.index.passages[i].passage_id, self.index.passages[i].heading)
            for i in ranking.order[1 : 1 + MAX_RELATED]
            if ranking.scores[i] >= self.config.related_min_share * top_score
        ]
        text = display_text(best, plan.language)
        return Answer(
            found=True,
            text=text,
            passage_id=best.passage_id,
            article_id=best.article_id,
            title=best.title,
            confidence=ranking.confidence,
            related=related,
            sources=list(best.sources),
            verified=best.dated or best.verified,
            language=plan.language,
            context={
                "topic": best.topic,
                "country": plan.country,
                "article_id": best.article_id,
                "passage_id": best.passage_id,
                "question": self._subject(query, plan, context),
            },
            text_language="en" if text == english_text(best) and best.english else "id",
            sure=ranking.confidence >= self.config.threshold,
        )

    @staticmethod
    def _subject(query: str, plan: QueryPlan, context: dict | None) -> str:
        # A follow-up keeps the question that set the subject, so chains do not grow.
        return (context or {}).get("question") or query if plan.follow_up else query

    def details(self, passage_id: str) -> dict | None:
        """The article metadata of a passage (for the "Sumber lengkap" button), or None.

        Keys: article_id, title, topic, countries, sources, confidence, verified (the article's
        newest source month), dated and review_by (the passage's own months).
        """
        passage = self._by_id.get(passage_id)
        if passage is None:
            return None
        return {
            "article_id": passage.article_id,
            "title": passage.title,
            "topic": passage.topic,
            "countries": list(passage.countries),
            "sources": list(passage.sources),
            "confidence": passage.confidence,
            "verified": passage.verified,
            "dated": passage.dated,
            "review_by": passage.review_by,
        }

    def passage(self, passage_id: str) -> Hit | None:
        """The passage with this id (for "Sumber lengkap" and related buttons), or None."""
        passage = self._by_id.get(passage_id)
        return _hit(passage, 1.0) if passage else None
