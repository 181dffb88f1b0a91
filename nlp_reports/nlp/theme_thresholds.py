"""How a theme tagger turns per-theme probabilities into 0..``max_themes`` themes, and how that rule is tuned.

The rule (:func:`select`): a statement gets its most probable theme if it reaches ``t1`` and each next
one if it reaches ``t2`` or ``ratio`` × the best; per-theme ``offsets`` shift both thresholds of a theme.
:func:`tune_thresholds` chooses the keyword weight, ``t1``, ``t2``, ``ratio`` and the offsets that
maximise the micro-F1 of out-of-fold scores, and fits the per-theme Platt maps applied before the rule.
Kept apart from :class:`~nlp_reports.nlp.themes.ThemeTagger` so the rule can be read, tested and reused
(e.g. on another multi-label model's probabilities) on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .calibration import PlattScaler


def select(
    proba: np.ndarray,
    codes: Sequence[str],
    t1: float,
    t2: float,
    max_themes: int,
    ratio: float | None = None,
    offsets: np.ndarray | None = None,
) -> list[list[str]]:
    """Themes per row: the best if it reaches ``t1``; each next one if it reaches ``t2`` or ``ratio`` × the best.

    ``offsets`` (one per theme) shift both thresholds of that theme (per-theme thresholds).

    >>> select(np.array([[0.9, 0.7, 0.1], [0.3, 0.2, 0.1]]), ["a", "b", "c"], 0.5, 0.6, 2)
    [['a', 'b'], []]
    """
    off = np.zeros(proba.shape[1]) if offsets is None else np.asarray(offsets, dtype=float)
    out = []
    for row in proba:
        order = np.argsort(-row, kind="stable")[:max_themes]
        picked: list[str] = []
        for rank, j in enumerate(order):
            if rank == 0:
                ok = row[j] >= t1 + off[j]
            else:
                ok = row[j] >= t2 + off[j] or (
                    ratio is not None and ratio > 0 and row[j] >= ratio * row[order[0]] and row[j] >= t1 + off[j]
                )
            if not ok:
                break
            picked.append(codes[j])
        out.append(picked)
    return out


def top_k(proba: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row, best first (stable)."""
    return np.argsort(-proba, axis=1, kind="stable")[:, :k]


def select_mask(
    proba: np.ndarray, top: np.ndarray, t1: float, t2: float, ratio: float, offsets: np.ndarray
) -> np.ndarray:
    """Boolean (statements × themes) matrix of :func:`select`, vectorised (used for tuning)."""
    n = proba.shape[0]
    rows = np.arange(n)
    mask = np.zeros(proba.shape, dtype=bool)
    best = proba[rows, top[:, 0]]
    ok = best >= t1 + offsets[top[:, 0]]
    mask[rows[ok], top[ok, 0]] = True
    for rank in range(1, top.shape[1]):
        j = top[:, rank]
        p = proba[rows, j]
        ok = ok & ((p >= t2 + offsets[j]) | ((ratio > 0) & (p >= ratio * best) & (p >= t1 + offsets[j])))
        mask[rows[ok], j[ok]] = True
    return mask


def micro_f1_mask(gold: np.ndarray, pred: np.ndarray) -> float:
    """Micro-F1 of two boolean (statements × themes) matrices (1.0 when both are empty)."""
    tp = float((gold & pred).sum())
    d = float(gold.sum() + pred.sum())
    return 2 * tp / d if d else 1.0


def calibrate_scores(S: np.ndarray, G: np.ndarray, calibrate: bool) -> tuple[np.ndarray, list[PlattScaler]]:
    """Scores mapped by one :class:`PlattScaler` per theme fitted on them, and the scalers
    (``calibrate=False``: the scores unchanged and no scalers)."""
    if not calibrate:
        return S, []
    scalers = [PlattScaler.fit(S[:, j], G[:, j]) for j in range(S.shape[1])]
    return np.column_stack([sc.transform(S[:, j]) for j, sc in enumerate(scalers)]), scalers


@dataclass(frozen=True)
class TunedRule:
    """The outcome of :func:`tune_thresholds`: what :class:`~nlp_reports.nlp.themes.ThemeTagger` stores."""

    keyword_weight: float
    threshold: float
    second_threshold: float
    second_ratio: float
    offsets: np.ndarray
    cv_micro_f1: float
    calibrators: list[PlattScaler] = field(default_factory=list)


def tune_thresholds(
    oof: np.ndarray,
    K: np.ndarray,
    G: np.ndarray,
    *,
    max_themes: int,
    keyword_weight: float | None = None,
    threshold: float | None = None,
    second_threshold: float | None = None,
    second_ratio: float | None = None,
    per_theme_thresholds: bool = True,
    calibrate: bool = True,
) -> TunedRule:
    """Keyword weight, thresholds, second-theme ratio and per-theme offsets maximising out-of-fold micro-F1.

    ``oof`` are out-of-fold model probabilities, ``K`` the seed-term evidence and ``G`` the gold
    (statements × themes, bool).  Every argument given (not None) is kept fixed; the others are
    searched on grids.  Per-theme offsets are found by coordinate ascent (two passes over the themes,
    a step kept only if it gains at least 0.002 micro-F1, so that sparse themes keep the global thresholds).
    """
    k = G.shape[1]
    grid = np.round(np.arange(0.1, 0.91, 0.05), 2)
    b_grid = [keyword_weight] if keyword_weight is not None else [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    t1_grid = [threshold] if threshold is not None else grid
    t2_grid = [second_threshold] if second_threshold is not None else grid
    r_grid = [second_ratio] if second_ratio is not None else [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
    zero = np.zeros(k)
    best = (-1.0, 0.0, 0.5, 0.5, 0.0)
    for b in b_grid:
        S, _ = calibrate_scores((1.0 - b) * oof + b * K, G, calibrate)
        top = top_k(S, max_themes)
        for t1 in t1_grid:
            for t2 in t2_grid:
                if t2 < t1:
                    continue
                for r in r_grid:
                    f = micro_f1_mask(G, select_mask(S, top, t1, t2, r, zero))
                    if f > best[0] + 1e-12:
                        best = (f, float(b), float(t1), float(t2), float(r))
    f, b, t1, t2, r = best
    S, scalers = calibrate_scores((1.0 - b) * oof + b * K, G, calibrate)
    top = top_k(S, max_themes)
    off = np.zeros(k)
    if per_theme_thresholds:
        steps = np.round(np.arange(-0.2, 0.21, 0.05), 2)
        for _ in range(2):
            for j in range(k):
                cur = off[j]
                for d in steps:
                    off[j] = d
                    fj = micro_f1_mask(G, select_mask(S, top, t1, t2, r, off))
                    if fj >= f + 0.002:
                        f, cur = fj, d
                off[j] = cur
    return TunedRule(b, t1, t2, r, off, float(f), scalers)
