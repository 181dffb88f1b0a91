"""Shared helpers of the comparison layer: duck-typed access to corpus frames and tokenisation.

Private module: the public functions live in the sibling modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from ..errors import NlpReportsError
from ..frames import DOCVARS

# DOCVARS (the document variables every frame starts with) has one definition, in nlp_reports.frames

Tokenize = Callable[[str], Sequence[str]]

# a token worth counting holds at least one CJK ideograph or Latin letter
_CONTENT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z]")
_NOT_CJK_OR_ALNUM = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")


def as_list(by: str | Sequence[str]) -> list[str]:
    """``'agency'`` -> ``['agency']``; a list stays a list."""
    if isinstance(by, str):
        return [by]
    return list(by)


def agency_groups(df: pd.DataFrame, agency_col: str | None = None) -> tuple[pd.Series, pd.Series]:
    """Per row: the key that tells agencies apart, and a readable name of the agency.

    The key is column ``agency_col`` if given; by default ``agency_id`` (one id per agency across
    years and name variants, see ``ReportMeta.agency_id``) where known, else ``agency_key``, else
    ``agency``.  The name is ``agency_key`` (the agency name without office suffixes), else ``agency``.
    """
    if agency_col is not None:
        if agency_col not in df.columns:
            raise NlpReportsError(
                f"agency_col {agency_col!r} is not a column of the frame; it has {', '.join(map(str, df.columns))}"
            )
        key = df[agency_col]
    else:
        key = pd.Series(pd.NA, index=df.index, dtype=object)
        for col in ("agency_id", "agency_key", "agency"):
            if col in df.columns:
                key = key.where(key.notna(), df[col])
    name = pd.Series(pd.NA, index=df.index, dtype=object)
    for col in ("agency_key", "agency"):
        if col in df.columns:
            name = name.where(name.notna(), df[col])
    return key, name.where(name.notna(), key)


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise a helpful error when ``df`` lacks one of ``columns``."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise NlpReportsError(
            f"{what} lacks column(s) {', '.join(map(repr, missing))}; it has {', '.join(map(str, df.columns))}. "
            "Pass the frame built by the corpus (e.g. corpus.statements_frame()) or add the column(s)."
        )


def _frame(obj: Any, method: str, what: str) -> pd.DataFrame:
    """``obj`` if it is a DataFrame, else ``obj.<method>()`` (a corpus); anything else is a clear error."""
    if isinstance(obj, pd.DataFrame):
        return obj
    fn = getattr(obj, method, None)
    if fn is None:
        raise NlpReportsError(
            f"expected a {what} DataFrame or a Corpus with .{method}(), got {type(obj).__name__}; "
            "build one with nlp_reports.read_corpus(...)"
        )
    return fn()


def sections_frame(corpus: Any) -> pd.DataFrame:
    """The sections frame of ``corpus``: a DataFrame is taken as is, else ``corpus.sections_frame()``."""
    return _frame(corpus, "sections_frame", "sections")


def part_texts(corpus: Any, part: str) -> pd.DataFrame:
    """One row per document: the document variables present plus ``text`` of section ``part``.

    A sections frame holds one row per (document, section); the text of ``part`` is taken.
    A frame without a ``section`` column is read as one text per row already.
    """
    sf = sections_frame(corpus)
    require_columns(sf, ["doc_id", "text"], "the sections frame")
    if "section" in sf.columns:
        known = set(sf["section"].dropna().unique())
        if part not in known and len(sf):
            raise NlpReportsError(
                f"no section {part!r} in the frame (sections present: {', '.join(sorted(map(str, known)))}); "
                "use one of nlp_reports.model.SECTION_KEYS"
            )
        sf = sf[sf["section"] == part]
    cols = [c for c in DOCVARS if c in sf.columns]
    out = sf[cols + ["text"]].copy()
    out["text"] = out["text"].fillna("").astype(str)
    # a document could carry the same part twice (merged older outlines): join them
    if out["doc_id"].duplicated().any():
        agg: dict[str, Any] = {c: "first" for c in cols if c != "doc_id"}  # column -> name or function
        agg["text"] = "\n".join
        out = out.groupby("doc_id", sort=False, as_index=False).agg(agg)
    return out.reset_index(drop=True)


def resolve_tokenizer(tokenizer: Tokenize | None, corpus: Any = None) -> Tokenize:
    """``tokenizer`` itself, or the package's domain tokenizer without enumeration words (一是, 首先 …).

    A corpus that already loaded a tokenizer lends its dictionaries (``Tokenizer.derive``), so
    jieba is not loaded a second time.
    """
    if tokenizer is not None:
        return tokenizer
    shared = getattr(corpus, "_tokenizer", None)
    if shared is not None and hasattr(shared, "derive"):
        return shared.derive(drop_enumerators=True)
    try:
        from ..nlp.tokenizer import Tokenizer
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise NlpReportsError(
            "the default tokenizer nlp_reports.nlp.tokenizer.Tokenizer could not be imported "
            f"({exc}); pass tokenizer=<callable text -> list of tokens>"
        ) from exc
    return Tokenizer(drop_enumerators=True)


def content_tokens(tokenize: Tokenize, text: str) -> list[str]:
    """Tokens of ``text`` that carry content: whitespace, punctuation and bare numbers are dropped."""
    return [t.strip() for t in tokenize(text) if t and _CONTENT.search(t)]


def char_ngrams(text: str, n: int = 2) -> list[str]:
    """Character n-grams of ``text`` after dropping punctuation/spaces (a segmentation-free token list)."""
    s = _NOT_CJK_OR_ALNUM.sub("", text)
    if len(s) < n:
        return [s] if s else []
    return [s[i : i + n] for i in range(len(s) - n + 1)]


class CharNgrams:
    """Picklable tokenizer: character n-grams (default bigrams) of the text, punctuation removed."""

    def __init__(self, n: int = 2) -> None:
        self.n = n

    def __call__(self, text: str) -> list[str]:
        return char_ngrams(text, self.n)

    def __repr__(self) -> str:
        return f"CharNgrams(n={self.n})"


def statements_frame(st: Any) -> pd.DataFrame:
    """A statements DataFrame from a frame or a corpus (``corpus.statements_frame()``)."""
    return _frame(st, "statements_frame", "statements")


def theme_list(value: Any) -> list[str]:
    """The themes cell as a list of codes (lists, tuples, arrays, '' / None / NaN, or 'a;b' strings)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [t for t in re.split(r"[;,\s|]+", value) if t]
    if isinstance(value, float) and value != value:  # NaN
        return []
    try:
        return [str(t) for t in value if t is not None and str(t)]
    except TypeError:
        return [str(value)]
