"""Searching the guidance: dense (MiniLM in Chroma), lexical (BM25) and their reciprocal-rank fusion."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from typing import Literal

import numpy as np

from coaching.embedding import get_embedder
from coaching.errors import InputError
from coaching.index import GuidanceIndex, get_index
from coaching.knowledge import corpus_hash, indexed_text, load_topics
from coaching.models import Passage, SearchResult

# dense: the passage vectors alone (its text, and its text with its topics, fused);
# lexical: BM25 alone; fused: all three lists fused by reciprocal rank.
Method = Literal["dense", "lexical", "fused"]
METHODS: tuple[Method, ...] = ("dense", "lexical", "fused")
DEFAULT_METHOD: Method = "fused"
MAX_K = 50
MAX_QUERY_CHARS = 1000
# The usual constant of reciprocal-rank fusion (Cormack et al.): dampens the head of each list.
RRF_K = 60

Ranking = list[tuple[str, float]]

_STOPWORDS = frozenset(
    """a an and are as at be but by can do does for from had has have how i if in into is it its me my
    of on or our should so than that the their them then there these they this to too was we were what
    when where which who why will with would you your i'm im""".split()
)


def _stem(word: str) -> str:
    # A light suffix strip, enough for "thanks"/"thanking"/"thanked" to meet; no dictionary needed.
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def fold_accents(text: str) -> str:
    """ "Résumé" becomes "Resume": the guidance is written without accents, and people type both."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", fold_accents(text).lower().replace("'", ""))
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1]


class LexicalIndex:
    """BM25 (the `bm25s` package) over the passages and their topic descriptions, in memory."""

    def __init__(self, passages: list[Passage]) -> None:
        import bm25s

        topics = load_topics()
        documents = [indexed_text(p, topics) for p in passages]
        self._ids = [p.id for p in passages]
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(d) or ["empty"] for d in documents], show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)
        # Every word the guidance uses, for correcting a misspelt query.
        self.words = sorted({w for d in documents for w in re.findall(r"[a-z]+", d.lower())})

    def ranking(self, query: str) -> Ranking:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens:
            return [(pid, 0.0) for pid in self._ids]
        scores = self._bm25.get_scores(tokens)
        order = np.argsort(-scores, kind="stable")
        return [(self._ids[i], float(scores[i])) for i in order]


_lexical_by_corpus: dict[str, LexicalIndex] = {}


def _lexical(passages: list[Passage]) -> LexicalIndex:
    key = corpus_hash(passages)
    if key not in _lexical_by_corpus:
        _lexical_by_corpus[key] = LexicalIndex(passages)
    return _lexical_by_corpus[key]


@cache
def _english_words() -> frozenset[str]:
    return frozenset(get_embedder().known_words())


def correct_spelling(query: str, guidance_words: list[str]) -> str:
    """Replace words that are neither English nor in the guidance with the closest guidance word.

    "reserch" becomes "research", "refferal" "referral"; a real word such as "begging" is kept.
    """
    known = set(guidance_words)

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 4 or lower in known or lower in _english_words():
            return word
        close = difflib.get_close_matches(lower, guidance_words, n=1, cutoff=0.8)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", fix, query)


def fuse(rankings: list[Ranking]) -> Ranking:
    """Reciprocal-rank fusion: each list adds 1 / (RRF_K + rank) to a passage's score."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, (pid, _) in enumerate(ranking, start=1):
            scores[pid] = scores.get(pid, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def validate_query(query: str) -> str:
    cleaned = " ".join(query.split())
    if not cleaned:
        raise InputError("query: empty; type a few words about what you want to know.")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise InputError.about("query", f"at most {MAX_QUERY_CHARS:,} characters (this has {len(cleaned):,}).")
    return cleaned


def validate_k(k: int) -> int:
    if not 1 <= k <= MAX_K:
        raise InputError(f"-k: must be a whole number from 1 to {MAX_K} (got {k}).")
    return k


def _rankings(index: GuidanceIndex, queries: list[str], method: Method) -> list[Ranking]:
    lexical = _lexical(index.passages)
    # The model folds accents itself; BM25 and the spelling check need it done first.
    queries = [correct_spelling(fold_accents(q), lexical.words) for q in queries]
    if method == "lexical":
        return [lexical.ranking(q) for q in queries]
    dense = index.dense_rankings(get_embedder().embed(queries))
    if method == "dense":
        return [fuse([plain, expanded]) for plain, expanded in dense]
    return [fuse([plain, expanded, lexical.ranking(q)]) for q, (plain, expanded) in zip(queries, dense, strict=True)]


def search_many(
    queries: list[str],
    k: int = 5,
    *,
    stage: str | None = None,
    topic: str | None = None,
    method: Method = DEFAULT_METHOD,
    index: GuidanceIndex | None = None,
) -> list[list[SearchResult]]:
    """The top `k` passages for each query, optionally only of one stage or topic."""
    if method not in METHODS:
        raise InputError.about("method", f"must be one of {', '.join(METHODS)} (got '{method}').")
    queries = [validate_query(q) for q in queries]
    validate_k(k)
    index = index or get_index()
    by_id = {p.id: p for p in index.passages}

    def keep(p: Passage) -> bool:
        return (stage is None or p.stage == stage) and (topic is None or topic in p.topics)

    results = []
    for ranking in _rankings(index, queries, method):
        chosen = [(by_id[pid], score) for pid, score in ranking if keep(by_id[pid])][:k]
        results.append([SearchResult(**p.model_dump(), score=round(score, 4)) for p, score in chosen])
    return results


def search(query: str, k: int = 5, **filters) -> list[SearchResult]:
    """The top `k` passages for one query."""
    return search_many([query], k, **filters)[0]
