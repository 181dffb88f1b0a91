"""Keyness: which terms does one group of reports use more (or less) than the others?

The statistics follow quanteda's ``textstat_keyness``: a 2×2 table per term (term / other terms ×
target / reference), a *signed* score (positive when the term is over-represented in the target),
``chi2`` = Pearson's χ² with Yates' continuity correction (as R's ``chisq.test(correct=TRUE)``),
``loglik`` = the likelihood-ratio G² with Williams' correction.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import NlpReportsError
from ._frames import Tokenize, content_tokens, part_texts, resolve_tokenizer

COLUMNS = [
    "term",
    "target_count",
    "reference_count",
    "target_freq",
    "reference_freq",
    "statistic",
    "p_value",
    "effect",
    "direction",
]


def _expected(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float) -> tuple[np.ndarray, ...]:
    n = n_t + n_r
    col1 = a + b
    col2 = n - col1
    return (n_t * col1 / n, n_t * col2 / n, n_r * col1 / n, n_r * col2 / n)


def chi2_yates(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float, *, correct: bool = True) -> np.ndarray:
    """Unsigned χ² of the 2×2 tables [[a, n_t-a], [b, n_r-b]] (Yates: |O-E| reduced by min(0.5, |O-E|))."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    e11, e12, e21, e22 = _expected(a, b, n_t, n_r)
    diff = np.abs(a - e11)  # the same |O-E| in all four cells of a 2×2 table
    if correct:
        diff = diff - np.minimum(0.5, diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = diff**2 * (1 / e11 + 1 / e12 + 1 / e21 + 1 / e22)
    return np.nan_to_num(out, nan=0.0, posinf=0.0)


def g2_williams(a: np.ndarray, b: np.ndarray, n_t: float, n_r: float, *, correct: bool = True) -> np.ndarray:
    """Unsigned likelihood-ratio G² of the 2×2 tables, with Williams' correction unless ``correct=False``."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    obs = (a, n_t - a, b, n_r - b)
    exp = _expected(a, b, n_t, n_r)
    g2 = np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        for o, e in zip(obs, exp):
            g2 += np.where(o > 0, o * np.log(o / e), 0.0)
    g2 = 2 * g2
    if correct:
        n = n_t + n_r
        col1 = a + b
        col2 = n - col1
        with np.errstate(divide="ignore", invalid="ignore"):
            q = 1 + (n / n_t + n / n_r - 1) * (n / col1 + n / col2 - 1) / (6 * n)
        g2 = g2 / np.where(np.isfinite(q) & (q > 0), q, 1.0)
    return np.maximum(np.nan_to_num(g2, nan=0.0, posinf=0.0), 0.0)


def keyness(
    corpus: Any,
    by: str = "level",
    target: Any = "county",
    *,
    part: str = "problems",
    measure: str = "chi2",
    tokenizer: Tokenize | None = None,
    min_count: int = 3,
    top: int | None = None,
    correction: bool = True,
) -> pd.DataFrame:
    """Terms that distinguish the reports with ``by == target`` from all other reports.

    ``corpus`` is a Corpus (its ``sections_frame()`` is used) or a sections DataFrame; the text of
    section ``part`` of each report is tokenised with ``tokenizer`` (default: the package's domain
    ``Tokenizer``; punctuation and bare numbers are dropped).  ``target`` may be one value or a list of
    values of column ``by``; reports where ``by`` is missing belong to the reference.

    Terms seen fewer than ``min_count`` times in target + reference are dropped.  Returns one row per
    term with columns ``term, target_count, reference_count, target_freq, reference_freq`` (relative
    frequencies: count / tokens of the group), ``statistic`` (signed: positive = over-represented in
    the target; χ² with Yates' correction for ``measure='chi2'``, G² with Williams' correction for
    ``'loglik'``; ``correction=False`` disables either), ``p_value`` (χ² with 1 df), ``effect`` (log2
    ratio of the relative frequencies, 0.5 added to zero counts) and ``direction`` ('target' /
    'reference'), sorted by ``statistic`` descending like quanteda.  With ``top=n`` only the ``n``
    strongest terms of each direction are kept.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> kn = nr.compare.keyness(corpus, by="level", target="county", min_count=2, top=3)
    >>> kn[["term", "target_count", "reference_count", "direction"]].head(3).values.tolist()
    [['部门', 6, 0, 'target'], ['乡镇', 4, 0, 'target'], ['人员', 4, 0, 'target']]
    >>> kn["direction"].value_counts().to_dict()
    {'target': 3, 'reference': 3}
    >>> bool((kn["statistic"].diff().dropna() <= 0).all())   # strongest first
    True
    """
    if measure not in ("chi2", "loglik"):
        raise NlpReportsError(f"measure must be 'chi2' or 'loglik', not {measure!r}")
    docs = part_texts(corpus, part)
    if by not in docs.columns:
        raise NlpReportsError(
            f"the sections frame has no column {by!r} to group by; use one of {', '.join(docs.columns)}"
        )
    targets = list(target) if isinstance(target, (list, tuple, set)) else [target]
    is_target = docs[by].isin(targets).to_numpy()
    if not is_target.any():
        values = ", ".join(map(str, sorted(docs[by].dropna().astype(str).unique())))
        raise NlpReportsError(f"no report has {by} == {target!r}; values present: {values}")
    if is_target.all():
        raise NlpReportsError(f"every report has {by} == {target!r}: there is no reference group to compare with")
    tok = resolve_tokenizer(tokenizer, corpus)
    c_t: Counter[str] = Counter()
    c_r: Counter[str] = Counter()
    for text, in_target in zip(docs["text"], is_target):
        (c_t if in_target else c_r).update(content_tokens(tok, text))
    n_t, n_r = float(sum(c_t.values())), float(sum(c_r.values()))
    if n_t == 0 or n_r == 0:
        group = "target" if n_t == 0 else "reference"
        raise NlpReportsError(f"the {group} reports have no text in part {part!r}; choose another part or group")
    terms = [t for t in set(c_t) | set(c_r) if c_t[t] + c_r[t] >= min_count]
    if not terms:
        return pd.DataFrame(columns=COLUMNS)
    terms.sort()
    a = np.array([c_t[t] for t in terms], dtype=float)
    b = np.array([c_r[t] for t in terms], dtype=float)
    if measure == "chi2":
        stat = chi2_yates(a, b, n_t, n_r, correct=correction)
    else:
        stat = g2_williams(a, b, n_t, n_r, correct=correction)
    e11 = n_t * (a + b) / (n_t + n_r)
    sign = np.where(a > e11, 1.0, -1.0)
    ratio = (np.where(a > 0, a, 0.5) / n_t) / (np.where(b > 0, b, 0.5) / n_r)
    out = pd.DataFrame(
        {
            "term": terms,
            "target_count": a.astype("int64"),
            "reference_count": b.astype("int64"),
            "target_freq": a / n_t,
            "reference_freq": b / n_r,
            "statistic": sign * stat,
            "p_value": stats.chi2.sf(stat, 1),
            "effect": np.log2(ratio),
            "direction": np.where(sign > 0, "target", "reference"),
        }
    )
    out = out.sort_values(["statistic", "term"], ascending=[False, True], kind="mergesort")
    if top is not None:
        head = out[out["direction"] == "target"].head(top)
        tail = out[out["direction"] == "reference"].sort_values("statistic", kind="mergesort").head(top)
        out = pd.concat([head, tail]).sort_values(["statistic", "term"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)
