"""Hybrid retrieval over the indexed passages, and the answer-or-fallback decision.

A query is normalised, checked for a destination country and for English, expanded with the
previous question when it is a short follow-up ("kalau ke Hong Kong?"), then scored by BM25
and by e5 embeddings. The two rankings are fused (weighted normalised scores by default, or
reciprocal rank fusion) and passages of the asked country get a boost. A confidence score
decides whether the best passage is an answer or the honest fallback.

The default parameters in ``SearchConfig`` were tuned on the dev split of
``bench/data/kb_eval.yml`` with ``bench/kb_eval.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from knowledge_base.destinations import canonical_country, detect_country, strip_countries
from knowledge_base.index import IndexedPassage, SearchIndex
from knowledge_base.normalize import STOPWORDS, normalize_text, tokenize, with_bigrams

Method = Literal["hybrid", "bm25", "dense"]


@dataclass(frozen=True)
class SearchConfig:
    """Retrieval parameters.

    Defaults were tuned on the dev split of ``bench/data/kb_eval.yml`` (``bench/kb_eval.py
    --tune``); see ``bench/results/kb_eval.json`` for the trials and the test numbers.
    """

    # Weighted sum of min-max normalised scores beat reciprocal rank fusion (k 10 or 60) on dev.
    fusion: Literal["weighted", "rrf"] = "weighted"
    dense_weight: float = 0.7
    # Dense score = (1 - h) * cos(query, passage) + h * question score, where the question
    # score is the mean of the ``question_top`` best cosines between the query and the
    # passage's questions (heading + ``Pertanyaan lain`` alternatives). With the alternatives,
    # mean of the best 2 with h 0.6 beat the maximum (top 1) with h 0.3/0.45 on dev
    # (hit@3 .973 vs .957/.962) and separates out-of-scope questions better.
    heading_weight: float = 0.6
    question_top: int = 2
    # English queries lean on the multilingual embeddings (BM25 sees few Indonesian words).
    english_dense_weight: float = 0.9
    rrf_k: float = 60.0
    # Passages of the asked country go up, passages of another country go down. 0.0 scored
    # one dev question better than 0.05; kept small so follow-ups about a country still work.
    country_boost: float = 0.05
    other_country_penalty: float = 0.05
    context_article_boost: float = 0.05
    # A follow-up ("wajib teu?" after "BPJS teh naon?") asks something the passage just shown
    # did not say: that passage goes down a little, its article's other passages stay up.
    shown_passage_penalty: float = 0.08
    # Confidence = w * closeness to a known question + (1 - w) * lexical coverage of the best
    # passage. Closeness is the best question score (see ``question_top``), rescaled from
    # [dense_floor, dense_ceiling] to [0, 1]. Re-tuned on dev after adding the alternative
    # questions (more questions to match raise out-of-scope closeness): fallback precision
    # 0.80, recall 0.89 on dev, flat for thresholds 0.48-0.52.
    confidence_dense_weight: float = 0.6
    dense_floor: float = 0.82
    dense_ceiling: float = 0.94
    threshold: float = 0.50
    related_min_share: float = 0.5
    repair_tokens: bool = True
    # Embed the normalised query ("normalized") or the user's words as typed ("raw"):
    # normalised won on dev (slang mapped to the articles' words helps e5 too).
    dense_input: Literal["raw", "normalized"] = "normalized"
    # The learned question model (knowledge_base/rerank.py) adds ``rerank_weight`` x its
    # probability (relative to its best) to the hybrid top 10, when it is fitted. On the tune
    # authors (never fitted on) hit@1 rose 0.646 -> 0.758 for weights 0.3-1.5 (a plateau; 0.5
    # chosen). The answer's confidence then reads the coverage of the passage it put first.
    rerank: bool = True
    rerank_weight: float = 0.5
    # A question (nearly) worded like a passage's own question keeps the hybrid order: at hybrid
    # confidence >= 0.9 the project's own dev questions went 0.848 -> 0.864 hit@1, tune unchanged.
    rerank_skip_confidence: float = 0.9


# Words that open a follow-up question ("kalau yang Taiwan?", "what about Japan?").
_FOLLOW_UP_OPENERS = (
    "kalau",
    "terus",
    "lalu",
    "trus",
    "yang",
    "dan",
    "bagaimana dengan",
    "gimana dengan",
    "bagaimana kalau",
    "kalau yang",
    "untuk",
    "how about",
    "what about",
    "and",
)
_FOLLOW_UP_MAX_TOKENS = 3

_ENGLISH_WORDS = frozenset(
    """
    the a an is are am was were be been to of in on for and or i my me you your it this that
    what how where when who why which do does did can could should would will with from about
    much many need want get go going have has there any if work job jobs fee fees legal agency
    passport country abroad please help much long take does safe company contract salary pay
    as at by not no yes so but just than then they their them we our us he she his her
    """.split()
)
_WORD = re.compile(r"[a-zA-Z']+")


def detect_language(text: str) -> Literal["id", "en"]:
    """Return "en" if most words are common English words, else "id"."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2:
        return "id"
    english = sum(1 for w in words if w in _ENGLISH_WORDS)
    return "en" if english >= 2 and english / len(words) >= 0.4 else "id"


def is_follow_up(query: str) -> bool:
    """A short question that leans on the previous one ("klo yg taiwan brp?")."""
    normalized = normalize_text(query)
    content = [t for t in tokenize(strip_countries(normalized), stem=False) if t not in STOPWORDS]
    if len(content) > _FOLLOW_UP_MAX_TOKENS:
        return False
    opens = any(normalized == o or normalized.startswith(o + " ") for o in _FOLLOW_UP_OPENERS)
    return opens or len(content) <= 1


@dataclass
class QueryPlan:
    """A query after analysis: the text to search for and what was detected."""

    original: str
    text: str
    country: str | None
    language: Literal["id", "en"]
    follow_up: bool
    context_article: str | None = None
    shown_passage: str | None = None


def plan_query(query: str, context: dict | None = None) -> QueryPlan:
    """Detect country and language; expand a short follow-up with the previous question."""
    country = detect_country(query)
    language = detect_language(query)
    context = context or {}
    previous = context.get("question") or ""
    follow_up = bool(context) and bool(previous or context.get("topic")) and is_follow_up(query)
    text = query
    if follow_up:
        # Keep the previous question's subject but not its country: "biaya ke taiwan" +
        # "kalau ke hong kong?" searches for "biaya ... hong kong".
        base = strip_countries(normalize_text(previous)) if previous else context.get("topic", "")
        text = f"{query} {base}"
        country = country or context.get("country")
    return QueryPlan(
        original=query,
        text=text,
        country=country,
        language=language,
        follow_up=follow_up,
        context_article=context.get("article_id") if follow_up else None,
        shown_passage=context.get("passage_id") if follow_up else None,
    )


@dataclass
class Ranking:
    """Scores of every passage for one query, best first."""

    order: np.ndarray
    scores: np.ndarray
    dense: np.ndarray
    bm25: np.ndarray
    confidence: float
    plan: QueryPlan
    query_tokens: list[str] = field(default_factory=list)


_VOWELS = re.compile(r"[aeiou]")
# Possessive and Javanese endings: "umurku", "paspore", "anake", "bojone".
_OOV_SUFFIXES = ("nya", "ku", "mu", "ne", "e")


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts)


class TokenRepair:
    """Map query words unknown to the corpus onto corpus words ("dokumn" → "dokumen").

    Tries, in order: dropping a possessive/Javanese ending, the same consonant skeleton
    (informal writing drops vowels: "brkas" → "berkas"), then one edit for words of 5+ letters.
    """

    def __init__(self, index: SearchIndex) -> None:
        """Build the lookup tables from the index's BM25 vocabulary."""
        self.vocab: dict[str, float] = dict(index.bm25.idf)
        frequency: dict[str, int] = {}
        for tokens in index.tokens:
            for token in set(tokens):
                frequency[token] = frequency.get(token, 0) + 1
        self.frequency = frequency
        self.skeletons: dict[str, str] = {}
        for word in sorted(frequency, key=lambda w: -frequency[w]):
            if len(word) >= 4 and word.isalpha():
                self.skeletons.setdefault(_VOWELS.sub("", word), word)
        self._cache: dict[str, str | None] = {}

    def repair(self, token: str) -> str | None:
        """A corpus word for ``token``, or None if nothing fits."""
        if token in self.vocab or not token.isalpha():
            return token if token in self.vocab else None
        if token not in self._cache:
            self._cache[token] = self._find(token)
        return self._cache[token]

    def _find(self, token: str) -> str | None:
        from knowledge_base.normalize import stem_word

        for suffix in _OOV_SUFFIXES:
            base = token[: -len(suffix)]
            if token.endswith(suffix) and len(base) >= 3:
                for candidate in (base, stem_word(base)):
                    if candidate in self.vocab:
                        return candidate
        skeleton = _VOWELS.sub("", token)
        if len(skeleton) >= 3 and skeleton in self.skeletons and len(token) >= 4:
            return self.skeletons[skeleton]
        if len(token) >= 5:
            candidates = [w for w in _edits1(token) if w in self.frequency]
            if candidates:
                return max(candidates, key=lambda w: (self.frequency[w], w))
        return None

    def repair_all(self, tokens: list[str]) -> list[str]:
        """``tokens`` with unknown words replaced where a repair is found."""
        out = []
        for token in tokens:
            fixed = self.repair(token)
            out.append(fixed if fixed else token)
        return out


def _minmax(values: np.ndarray) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.zeros_like(values)
    return (values - low) / (high - low)


def _rrf(values: np.ndarray, k: float) -> np.ndarray:
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[np.argsort(-values, kind="stable")] = np.arange(1, len(values) + 1)
    return 1.0 / (k + ranks)


def lexical_coverage(index: SearchIndex, query_tokens: list[str], position: int) -> float:
    """IDF-weighted share of the query's words that appear in passage ``position``."""
    unique = {t for t in query_tokens if "_" not in t}  # unigrams only
    if not unique:
        return 0.0
    idf = index.bm25.idf
    doc = set(index.tokens[position])
    weights = {t: max(idf.get(t, 0.0), 0.0) for t in unique}
    # Words unknown to the corpus count fully against coverage.
    unknown_weight = max(idf.values(), default=1.0) if idf else 1.0
    total = sum(w if t in idf else unknown_weight for t, w in weights.items())
    covered = sum(w for t, w in weights.items() if t in doc)
    return covered / total if total > 0 else 0.0


def confidence_score(
    config: SearchConfig, heading_top: float, coverage: float, dense_weight: float | None = None
) -> float:
    """Combine closeness to a known question and lexical coverage into a 0..1 confidence."""
    span = max(config.dense_ceiling - config.dense_floor, 1e-6)
    dense_part = min(max((heading_top - config.dense_floor) / span, 0.0), 1.0)
    w = config.confidence_dense_weight if dense_weight is None else dense_weight
    return w * dense_part + (1 - w) * coverage


def rank(
    index: SearchIndex,
    plan: QueryPlan,
    query_vector: np.ndarray | None,
    config: SearchConfig,
    method: Method = "hybrid",
    repair: TokenRepair | None = None,
) -> Ranking:
    """Score every passage for ``plan`` with BM25, embeddings or both."""
    n = len(index.passages)
    tokens = tokenize(plan.text)
    if repair is not None and config.repair_tokens:
        tokens = repair.repair_all(tokens)
    if index.bigrams:
        tokens = with_bigrams(tokens)
    bm25 = index.bm25_scores(tokens) if n else np.zeros(0, dtype=np.float32)
    heading_top = 0.0
    if query_vector is not None and n:
        h = config.heading_weight
        headings = index.question_scores(query_vector, top=config.question_top)
        heading_top = float(headings.max())
        dense = (1 - h) * index.dense_scores(query_vector) + h * headings
    else:
        dense = np.zeros(n, dtype=np.float32)
    if n == 0:
        return Ranking(np.zeros(0, dtype=int), np.zeros(0), dense, bm25, 0.0, plan, tokens)

    if method == "bm25":
        scores = _minmax(bm25)
    elif method == "dense":
        scores = _minmax(dense)
    elif config.fusion == "rrf":
        scores = _rrf(dense, config.rrf_k) + _rrf(bm25, config.rrf_k)
        scores = scores / scores.max()
    else:
        w = config.english_dense_weight if plan.language == "en" else config.dense_weight
        scores = w * _minmax(dense) + (1 - w) * _minmax(bm25)

    scores = scores.astype(np.float32) + _boosts(index.passages, plan, config)
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    coverage = lexical_coverage(index, tokens, best)
    if method == "bm25" or query_vector is None:
        confidence = coverage
    elif method == "dense":
        confidence = confidence_score(config, heading_top, coverage, dense_weight=1.0)
    else:
        confidence = confidence_score(config, heading_top, coverage)
    return Ranking(order, scores, dense, bm25, float(confidence), plan, tokens)


def _boosts(passages: list[IndexedPassage], plan: QueryPlan, config: SearchConfig) -> np.ndarray:
    boosts = np.zeros(len(passages), dtype=np.float32)
    for i, passage in enumerate(passages):
        countries = {canonical_country(c) for c in passage.countries}
        if plan.country and countries:
            if plan.country in countries:
                boosts[i] += config.country_boost
            else:
                boosts[i] -= config.other_country_penalty
        if plan.context_article and passage.article_id == plan.context_article:
            boosts[i] += config.context_article_boost
        if plan.shown_passage and passage.passage_id == plan.shown_passage:
            boosts[i] -= config.shown_passage_penalty
    return boosts
