"""Shared sklearn feature transformers of the part-五 models.

* :class:`CueFeatures` — dense counts of the cue lexicons of :mod:`nlp_reports.nlp.cues` (problem /
  improvement / lead-in / transition / summary cues, enumeration marker, trailing colon ...).  Why:
  TF-IDF n-grams learn the words of the training statements; the cue lexicon carries the wording of
  reports the model has never seen ("亟待", "尚需" ...) and the statement's *form* (a lead-in ends with '：').
* :class:`TermListFeatures` — one count per term list (the seed terms of each theme).
* :func:`char_tfidf` / :func:`word_tfidf` — the two TF-IDF vectorizers with our settings.

All transformers are stateless (``fit`` learns nothing), picklable and store only plain parameters,
so a model file needs nothing but their parameters to rebuild them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer

from . import cues

_PROBLEM_RE = tuple(re.compile(p) for p in cues.PROBLEM_PATTERNS)
_IMPROVEMENT_RE = tuple(re.compile(p) for p in cues.IMPROVEMENT_PATTERNS)
_ENUM_RE = re.compile(r"^\s*" + cues.ENUM_MARKER_PATTERN)
_YEAR_START_RE = re.compile(r"^\s*(?:19|20)\d{2}年")
_FUTURE_RE = re.compile(r"(?:^|[，,。；;])(?:[\u4e00-\u9fff]{0,8}?)(?:将|拟|要)(?!来)")

#: names of the columns of :class:`CueFeatures`, in order
CUE_FEATURE_NAMES: tuple[str, ...] = (
    "problem_cues",
    "problem_patterns",
    "improvement_cues",
    "improvement_patterns",
    "leadin",
    "transition",
    "summary",
    "enum_start",
    "ends_colon",
    "year_start",
    "future",
    "short",
)


def _count(text: str, terms: Iterable[str]) -> int:
    return sum(text.count(t) for t in terms)


def cue_vector(text: str) -> list[float]:
    """The cue features of one statement (see :data:`CUE_FEATURE_NAMES`)."""
    t = text.strip()
    return [
        float(np.log1p(_count(t, cues.PROBLEM_CUES))),
        float(np.log1p(sum(1 for r in _PROBLEM_RE if r.search(t)))),
        float(np.log1p(_count(t, cues.IMPROVEMENT_CUES))),
        float(np.log1p(sum(1 for r in _IMPROVEMENT_RE if r.search(t)))),
        float(any(c in t for c in cues.LEADIN_CUES)),
        float(any(c in t for c in cues.TRANSITION_CUES)),
        float(any(c in t for c in cues.SUMMARY_CUES)),
        float(bool(_ENUM_RE.match(t))),
        float(t.endswith(("：", ":"))),
        float(bool(_YEAR_START_RE.match(t))),
        float(bool(_FUTURE_RE.search(t))),
        float(len(t) < 12),
    ]


class CueFeatures(TransformerMixin, BaseEstimator):
    """Cue-lexicon features of each statement, multiplied by ``weight`` (a sparse matrix)."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, X: Sequence[str], y: Any = None) -> CueFeatures:
        """Nothing to learn; present for the sklearn API."""
        self.n_features_out_ = len(CUE_FEATURE_NAMES)
        return self

    def transform(self, X: Sequence[str]) -> sparse.csr_matrix:
        """One row of :data:`CUE_FEATURE_NAMES` values per statement."""
        rows = [cue_vector(str(x)) for x in X]
        arr = np.asarray(rows, dtype=float).reshape(len(rows), len(CUE_FEATURE_NAMES)) * float(self.weight)
        return sparse.csr_matrix(arr)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"cue__{n}" for n in CUE_FEATURE_NAMES], dtype=object)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "CueFeatures", "weight": float(self.weight)}


class TermListFeatures(TransformerMixin, BaseEstimator):
    """One column per term list: ``weight * log1p(number of term occurrences)``.

    ``term_lists`` is a tuple of ``(name, tuple_of_terms)`` pairs (plain data, so the transformer can be
    stored in a JSON model file and cloned by sklearn).
    """

    def __init__(self, term_lists: tuple[tuple[str, tuple[str, ...]], ...] = (), weight: float = 1.0) -> None:
        self.term_lists = term_lists
        self.weight = weight

    def fit(self, X: Sequence[str], y: Any = None) -> TermListFeatures:
        """Nothing to learn; present for the sklearn API."""
        self.n_features_out_ = len(self.term_lists)
        return self

    def transform(self, X: Sequence[str]) -> sparse.csr_matrix:
        """Counts of each list's terms in each text."""
        n = len(self.term_lists)
        rows = [[np.log1p(_count(str(x), terms)) for _, terms in self.term_lists] for x in X]
        arr = np.asarray(rows, dtype=float).reshape(len(rows), n) * float(self.weight)
        return sparse.csr_matrix(arr)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"terms__{name}" for name, _ in self.term_lists], dtype=object)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "TermListFeatures",
            "weight": float(self.weight),
            "term_lists": [[name, list(terms)] for name, terms in self.term_lists],
        }


def term_list_features_from_dict(d: dict[str, Any]) -> TermListFeatures:
    """Rebuild a :class:`TermListFeatures` from :meth:`TermListFeatures.to_dict` output."""
    lists = tuple((str(name), tuple(str(t) for t in terms)) for name, terms in d["term_lists"])
    return TermListFeatures(term_lists=lists, weight=float(d["weight"])).fit([])


def char_tfidf(ngram_range: tuple[int, int] = (1, 3), min_df: int = 1) -> TfidfVectorizer:
    """Character n-gram TF-IDF: robust for Chinese, where word boundaries are uncertain."""
    return TfidfVectorizer(
        analyzer="char", ngram_range=tuple(ngram_range), min_df=min_df, sublinear_tf=True, lowercase=False
    )


def word_tfidf(tokenizer: Any, ngram_range: tuple[int, int] = (1, 2), min_df: int = 1) -> TfidfVectorizer:
    """Word TF-IDF over our :class:`~nlp_reports.nlp.tokenizer.Tokenizer` tokens (unigrams and bigrams)."""
    return TfidfVectorizer(
        tokenizer=tokenizer,
        token_pattern=None,
        lowercase=False,
        ngram_range=tuple(ngram_range),
        min_df=min_df,
        sublinear_tf=True,
    )


def default_tokenizer(tokenizer: Any | None = None) -> Any:
    """``tokenizer`` or a new :class:`~nlp_reports.nlp.tokenizer.Tokenizer` (imported late: jieba is slow to load)."""
    if tokenizer is not None:
        return tokenizer
    from .tokenizer import Tokenizer

    return Tokenizer()
