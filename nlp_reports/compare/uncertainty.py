"""Bootstrap confidence intervals and misclassification corrections for shares.

Why a cluster bootstrap: statements of one report are not independent (one author, one template,
boilerplate repeated across items), so resampling statements would give intervals that are too
narrow.  Each bootstrap draw resamples whole reports (``doc_id``) with replacement within each
group; a group with a single report has no between-report variation to measure and gets NaN bounds.

Why the correction: shares counted from a classifier's output are biased when the classifier errs
(classify and count).  With the error rates measured against human coding
(:meth:`nlp_reports.validate.ModelValidation.rates`), the adjusted count of Forman (2008) recovers
the true share of a binary code: ``(observed - fpr) / (tpr - fpr)``, clipped to [0, 1]; for the
three statement labels the observed shares are unmixed with the measured confusion matrix.
The correction treats the measured rates as exact: the intervals do not include their own
sampling error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import nnls
from typing_extensions import TypedDict

from ..errors import NlpReportsError


@dataclass(frozen=True)
class ShareUncertainty:
    """The uncertainty options of shares, one definition for :func:`~.profiles.theme_profile` and
    :func:`~.profiles.label_shares` (their keywords are these fields); checked when made.

    ``ci`` (e.g. 0.95): a percentile bootstrap interval at that level, ``n_boot`` draws from a
    generator seeded with ``seed``, resampling whole reports (the ``cluster`` column; ``None``:
    single statements) within each group.  ``correct``: misclassification rates measured against
    human coding (a :class:`~nlp_reports.validate.ModelValidation`, its ``.rates()``, a confusion
    matrix or ``{code: (tpr, fpr)}``) to correct the shares with.
    """

    ci: float | None = None
    n_boot: int = 1000
    seed: int = 1
    cluster: str | None = "doc_id"
    correct: Any = None

    def __post_init__(self) -> None:
        check_ci(self.ci)


class ShareUncertaintyKeywords(TypedDict, total=False):
    """The fields of :class:`ShareUncertainty` as keywords: ``**uncertainty: Unpack[ShareUncertaintyKeywords]``."""

    ci: float | None
    n_boot: int
    seed: int
    cluster: str | None
    correct: Any


def cluster_weights(n_clusters: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``n_boot`` × ``n_clusters`` multiplicities of a resample of the clusters with replacement."""
    return rng.multinomial(n_clusters, np.full(n_clusters, 1.0 / n_clusters), size=n_boot).astype(float)


def interval(boot: np.ndarray, ci: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval over the rows of ``boot`` (NaN draws ignored)."""
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            lo = np.nanquantile(boot, (1 - ci) / 2, axis=0)
            hi = np.nanquantile(boot, 1 - (1 - ci) / 2, axis=0)
    return lo, hi


def check_ci(ci: float | None) -> None:
    if ci is not None and not 0 < ci < 1:
        raise NlpReportsError(f"ci is a confidence level between 0 and 1 (e.g. 0.95), not {ci!r}")


def binary_rates(correct: Any) -> pd.DataFrame:
    """Per code ``tpr`` and ``fpr`` from a ModelValidation, a DataFrame (index or column ``class``/``theme``)
    or a dict ``{code: (tpr, fpr)}``."""
    if hasattr(correct, "rates"):
        return correct.rates()[["tpr", "fpr"]]
    if isinstance(correct, dict):
        return pd.DataFrame.from_dict(correct, orient="index", columns=["tpr", "fpr"])
    if isinstance(correct, pd.DataFrame):
        df = correct
        for key in ("class", "theme", "code"):
            if key in df.columns:
                df = df.set_index(key)
                break
        if not {"tpr", "fpr"} <= set(df.columns):
            raise NlpReportsError(
                "correct= needs columns tpr and fpr per theme (see nr.validate.against_model(...).rates())"
            )
        return df[["tpr", "fpr"]]
    raise NlpReportsError(
        "correct= takes the result of nr.validate.against_model(codes, model=tagger), its .rates(), "
        "or a dict {theme: (tpr, fpr)}"
    )


def adjust_binary(observed: np.ndarray, tpr: float, fpr: float) -> np.ndarray:
    """Adjusted classify-and-count: ``(observed - fpr) / (tpr - fpr)`` clipped to [0, 1]; NaN when tpr <= fpr."""
    if not np.isfinite(tpr) or not np.isfinite(fpr) or tpr - fpr <= 1e-9:
        return np.full_like(np.asarray(observed, dtype=float), np.nan)
    return np.clip((np.asarray(observed, dtype=float) - fpr) / (tpr - fpr), 0.0, 1.0)


def confusion_rates(correct: Any, labels: list[str]) -> np.ndarray:
    """Row-normalised confusion matrix ``M[true, predicted]`` over ``labels`` from a ModelValidation
    or a confusion DataFrame (rows: human codes, columns: model)."""
    conf = getattr(correct, "confusion", correct)
    if not isinstance(conf, pd.DataFrame):
        raise NlpReportsError(
            "correct= for label shares takes nr.validate.against_model(codes, model=clf) or its confusion matrix"
        )
    conf = conf.reindex(index=labels, columns=labels, fill_value=0).astype(float)
    rows = conf.sum(axis=1).to_numpy()
    if (rows == 0).any():
        missing = [lab for lab, r in zip(labels, rows) if r == 0]
        raise NlpReportsError(f"the validation has no human-coded unit of {missing}; code some before correcting")
    return conf.to_numpy() / rows[:, None]


def unmix(observed: np.ndarray, M: np.ndarray) -> np.ndarray:
    """True shares ``p`` with ``M.T @ p ≈ observed``, ``p >= 0``, summing to 1 (NNLS, renormalised)."""
    out = np.full_like(observed, np.nan, dtype=float)
    for i, row in enumerate(np.atleast_2d(observed)):
        if not np.isfinite(row).all():
            continue
        # add the sum-to-one constraint as a heavily weighted extra equation
        A = np.vstack([M.T, 10.0 * np.ones(M.shape[0])])
        b = np.concatenate([row, [10.0]])
        p, _ = nnls(A, b)
        out[i] = p / p.sum() if p.sum() > 0 else np.nan
    return out
