"""Calibration of model probabilities: expected calibration error, reliability tables, Platt scaling.

Why: a researcher who sums probabilities (expected shares) or filters on them needs a probability of
0.8 to be right about 80 % of the time.  The statement classifier is calibrated by one temperature
(:func:`nlp_reports.nlp.classifier.fit_temperature`); the theme tagger by one Platt map per theme
(:class:`PlattScaler`, fitted on out-of-fold scores).  Both are plain numbers, so they are stored in the
JSON model files.

* :func:`expected_calibration_error` — ECE over equal-width bins (15 by default) of any confidence
  with a 0/1 outcome;
* :func:`top_label` — confidence (max probability) and correctness of a multi-class prediction;
* :func:`multilabel_outcomes` — every (statement, theme) probability with its 0/1 gold outcome;
* :func:`reliability_table` — per bin: count, mean confidence, observed frequency (the reliability
  diagram's data, drawn by :func:`nlp_reports.plot.reliability_diagram`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

#: number of equal-width bins of the ECE and the reliability diagram
N_BINS = 15

_EPS = 1e-6


def _bins(conf: np.ndarray, n_bins: int) -> np.ndarray:
    return np.minimum((np.clip(conf, 0.0, 1.0) * n_bins).astype(int), n_bins - 1)


def reliability_table(conf: npt.ArrayLike, outcome: npt.ArrayLike, n_bins: int = N_BINS) -> pd.DataFrame:
    """One row per equal-width confidence bin: ``lower, upper, n, confidence`` (mean) and ``frequency``
    (mean outcome); empty bins have n = 0 and NaN means."""
    conf = np.asarray(conf, dtype=float).ravel()
    outcome = np.asarray(outcome, dtype=float).ravel()
    if conf.shape != outcome.shape:
        raise ValueError(f"conf has {conf.size} values but outcome has {outcome.size}")
    b = _bins(conf, n_bins)
    rows = []
    for k in range(n_bins):
        m = b == k
        rows.append(
            {
                "lower": k / n_bins,
                "upper": (k + 1) / n_bins,
                "n": int(m.sum()),
                "confidence": float(conf[m].mean()) if m.any() else np.nan,
                "frequency": float(outcome[m].mean()) if m.any() else np.nan,
            }
        )
    return pd.DataFrame(rows)


def expected_calibration_error(conf: npt.ArrayLike, outcome: npt.ArrayLike, n_bins: int = N_BINS) -> float:
    """ECE: the bin-size-weighted mean of |frequency - mean confidence| over equal-width bins.

    >>> round(expected_calibration_error([0.9, 0.9, 0.9, 0.9, 0.1], [1, 1, 1, 0, 0]), 3)
    0.14
    """
    t = reliability_table(conf, outcome, n_bins)
    t = t[t["n"] > 0]
    if t.empty:
        return 0.0
    return float((t["n"] * (t["frequency"] - t["confidence"]).abs()).sum() / t["n"].sum())


def top_label(proba: np.ndarray, y_idx: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Confidence (max probability per row) and 0/1 correctness of the arg-max class."""
    proba = np.asarray(proba, dtype=float)
    return proba.max(axis=1), (proba.argmax(axis=1) == np.asarray(y_idx)).astype(float)


def multilabel_outcomes(proba: np.ndarray, gold: Sequence[Sequence[str]], classes: Sequence[str]) -> np.ndarray:
    """0/1 matrix (statements × classes): whether each class is among the statement's gold labels."""
    classes = list(classes)
    G = np.zeros(np.asarray(proba).shape)
    for i, labels in enumerate(gold):
        for c in labels:
            if c in classes:
                G[i, classes.index(c)] = 1.0
    return G


def multilabel_ece(
    proba: np.ndarray, gold: Sequence[Sequence[str]], classes: Sequence[str], n_bins: int = N_BINS
) -> dict[str, Any]:
    """Calibration of per-class probabilities of a multi-label model.

    Returns ``pooled`` (ECE of all statement × class pairs together), ``classwise`` (the mean of the
    per-class ECEs, Kull et al. 2019) and ``per_class`` (a dict).
    """
    proba = np.asarray(proba, dtype=float)
    G = multilabel_outcomes(proba, gold, classes)
    per = {c: expected_calibration_error(proba[:, j], G[:, j], n_bins) for j, c in enumerate(classes)}
    return {
        "pooled": expected_calibration_error(proba.ravel(), G.ravel(), n_bins),
        "classwise": float(np.mean(list(per.values()))) if per else 0.0,
        "per_class": per,
    }


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class PlattScaler:
    """``p' = sigmoid(a * logit(p) + b)``: a monotone map of a score in [0, 1] to a probability.

    Fitted by :meth:`fit` (weighted logistic regression of the outcome on the score's logit, lightly
    regularised so that a theme with few positives keeps a sensible slope).  Plain numbers, so it is
    stored in JSON (:meth:`to_list` / :meth:`from_list`).
    """

    a: float = 1.0
    b: float = 0.0

    @classmethod
    def fit(cls, score: npt.ArrayLike, outcome: npt.ArrayLike, C: float = 10.0) -> PlattScaler:
        """The map that minimises the log loss of ``outcome`` given ``score`` (identity if one class only)."""
        from sklearn.linear_model import LogisticRegression

        y = np.asarray(outcome, dtype=int).ravel()
        if y.min(initial=0) == y.max(initial=0):
            return cls()
        x = _logit(np.asarray(score, dtype=float)).reshape(-1, 1)
        m = LogisticRegression(C=C, max_iter=1000).fit(x, y)
        return cls(float(m.coef_[0, 0]), float(m.intercept_[0]))

    def transform(self, score: Any) -> np.ndarray:
        """Calibrated probabilities of ``score`` (same shape)."""
        z = self.a * _logit(np.asarray(score, dtype=float)) + self.b
        return 1.0 / (1.0 + np.exp(-z))

    def to_list(self) -> list[float]:
        return [float(f"{self.a:.8g}"), float(f"{self.b:.8g}")]

    @classmethod
    def from_list(cls, ab: Sequence[float]) -> PlattScaler:
        return cls(float(ab[0]), float(ab[1]))
