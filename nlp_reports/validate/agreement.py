"""Inter-coder agreement for nominal codes: Krippendorff's alpha, Cohen's kappa, percent agreement.

The statistics follow Krippendorff (2011, "Computing Krippendorff's Alpha-Reliability") and Cohen
(1960).  Confidence intervals are percentile bootstraps over *units* (statements): units are drawn
with replacement, every coder's value of a drawn unit comes along.  Why units: the statement is what
was sampled from the corpus; resampling single codes would break the pairing of coders.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CodingError
from ..frames import is_missing


def coder_columns(codes: pd.DataFrame) -> list[str]:
    """The coder columns of a codes frame: ``attrs['coders']`` (set by :func:`read_codes`) or all columns."""
    cols = list(codes.attrs.get("coders") or [])
    if not cols:
        cols = [c for c in codes.columns if str(c).startswith("code_")] or list(codes.columns)
    missing = [c for c in cols if c not in codes.columns]
    if missing:
        raise CodingError(f"coder columns {missing} are not in the codes frame; pass the frame read_codes returned")
    return cols


def value_counts_matrix(values: pd.DataFrame | np.ndarray) -> tuple[np.ndarray, list[Any]]:
    """Units × categories counts of the codes (missing codes skipped) and the category order."""
    arr = np.asarray(values, dtype=object)
    cats = sorted({v for v in arr.ravel() if not is_missing(v)}, key=str)
    index = {c: i for i, c in enumerate(cats)}
    counts = np.zeros((arr.shape[0], len(cats)), dtype=float)
    for u, row in enumerate(arr):
        for v in row:
            if not is_missing(v):
                counts[u, index[v]] += 1
    return counts, cats


def alpha_from_counts(counts: np.ndarray) -> float:
    """Krippendorff's alpha (nominal) from a units × categories count matrix.

    Units with fewer than two values are not pairable and drop out. ``nan`` when fewer than two
    pairable values or a single category (no expected disagreement).
    """
    m = counts.sum(axis=1)
    c = counts[m >= 2]
    m = m[m >= 2]
    if not len(c):
        return float("nan")
    # coincidence matrix: o_ck = sum_u n_uc (n_uk - [c == k]) / (m_u - 1)
    o = np.einsum("uc,uk->ck", c / (m - 1)[:, None], c) - np.diag((c / (m - 1)[:, None]).sum(axis=0))
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d_e = n * n - (n_c**2).sum()
    if n < 2 or d_e <= 0:
        return float("nan")
    return float(1.0 - (n - 1.0) * (n - np.trace(o)) / d_e)


def krippendorff_alpha(values: pd.DataFrame | np.ndarray) -> float:
    """Krippendorff's alpha for nominal data; ``values`` is units × coders, missing codes as NaN/None.

    >>> import numpy as np
    >>> krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "b"], ["b", np.nan]])
    0.4444444444444444
    """
    counts, _ = value_counts_matrix(values)
    return alpha_from_counts(counts)


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two coders (units that either left blank are dropped).

    >>> round(cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), 3)
    0.5
    """
    pairs = [(x, y) for x, y in zip(a, b) if not is_missing(x) and not is_missing(y)]
    if not pairs:
        return float("nan")
    cats = sorted({v for p in pairs for v in p}, key=str)
    idx = {c: i for i, c in enumerate(cats)}
    cm = np.zeros((len(cats), len(cats)))
    for x, y in pairs:
        cm[idx[x], idx[y]] += 1
    n = cm.sum()
    p_o = np.trace(cm) / n
    p_e = float((cm.sum(axis=1) * cm.sum(axis=0)).sum() / (n * n))
    if p_e >= 1.0:
        return float("nan")
    return float((p_o - p_e) / (1.0 - p_e))


def percent_agreement(values: pd.DataFrame | np.ndarray) -> float:
    """Share of agreeing coder pairs among all pairs of codes given to the same unit."""
    counts, _ = value_counts_matrix(values)
    return _percent_from_counts(counts)


def _percent_from_counts(counts: np.ndarray) -> float:
    m = counts.sum(axis=1)
    pairs = m * (m - 1) / 2
    agree = (counts * (counts - 1) / 2).sum(axis=1)
    keep = m >= 2
    if not keep.any():
        return float("nan")
    return float(agree[keep].sum() / pairs[keep].sum())


def _pct_interval(boot: np.ndarray, ci: float) -> tuple[float, float]:
    boot = boot[~np.isnan(boot)]
    if not len(boot):
        return float("nan"), float("nan")
    lo, hi = np.quantile(boot, [(1 - ci) / 2, 1 - (1 - ci) / 2])
    return float(lo), float(hi)


def agreement(
    codes: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 1,
) -> pd.DataFrame:
    """Agreement between coders: Krippendorff's alpha (nominal), Cohen's kappa, percent agreement.

    ``codes`` is what :func:`~nlp_reports.validate.read_codes` returns (one column per coder) or
    any units × coders frame.  Cohen's kappa is given for each pair of coders (one row with two
    coders).  Returns one row per statistic: ``statistic, coders, estimate, ci_low, ci_high, n_units``
    (percentile bootstrap over units, ``n_boot`` draws, seeded).  Multi-label codes (``;``-joined sets)
    are compared as whole sets; for one code's agreement pass one 0/1 column per coder for that code.

    >>> import pandas as pd
    >>> codes = pd.DataFrame({"A": list("aabbabab"), "B": list("aabbabba")})
    >>> agreement(codes, n_boot=200)[["statistic", "estimate"]].round(3).values.tolist()
    [['krippendorff_alpha', 0.531], ['cohen_kappa', 0.5], ['percent_agreement', 0.75]]
    """
    cols = list(coders) if coders is not None else coder_columns(codes)
    if len(cols) < 2:
        raise CodingError(
            f"agreement needs at least two coders; found {cols}. Add a second coder's column (code_<name>)"
        )
    values = codes[cols].to_numpy(dtype=object)
    counts, _ = value_counts_matrix(values)
    pairable = counts.sum(axis=1) >= 2
    n_units = int(pairable.sum())
    if n_units == 0:
        raise CodingError("no unit was coded by two coders, so agreement cannot be computed")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(values), size=(n_boot, len(values)))
    rows: list[dict[str, Any]] = []

    def add(name: str, who: str, est: float, boot: np.ndarray, n: int) -> None:
        lo, hi = _pct_interval(boot, ci)
        rows.append({"statistic": name, "coders": who, "estimate": est, "ci_low": lo, "ci_high": hi, "n_units": n})

    def add_all_coders(name: str, statistic: Callable[[np.ndarray], float]) -> None:
        # a statistic of the coder-count matrix: bootstrapped by resampling its rows (the units)
        boot = np.array([statistic(counts[d]) for d in draws])
        add(name, ", ".join(map(str, cols)), statistic(counts), boot, n_units)

    add_all_coders("krippendorff_alpha", alpha_from_counts)
    for i in range(len(cols)):
        for j in range(i + 1, len(cols)):
            a, b = values[:, i], values[:, j]
            both = np.array([not is_missing(x) and not is_missing(y) for x, y in zip(a, b)])
            boot = np.array([cohen_kappa(a[d], b[d]) for d in draws])
            add("cohen_kappa", f"{cols[i]}, {cols[j]}", cohen_kappa(a, b), boot, int(both.sum()))
    add_all_coders("percent_agreement", _percent_from_counts)
    return pd.DataFrame(rows, columns=["statistic", "coders", "estimate", "ci_low", "ci_high", "n_units"])
