"""How good is a model against human coding: per-class metrics with CIs, learning curves.

Confidence intervals are percentile bootstraps over coded units (seeded), like the agreement
statistics: the uncertainty that comes from having coded only a sample of statements.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone

from ..errors import CodingError
from .coding import consensus, is_multilabel


@dataclass
class ModelValidation:
    """Result of :func:`against_model`.

    ``metrics``: one row per class plus ``macro`` and ``accuracy`` (single-label) / ``micro``
    (multi-label): ``precision, recall, f1`` with ``*_low``/``*_high`` bounds and ``support``.
    ``confusion``: reference (rows) × model (columns) counts (single-label only).
    ``units``: unit_id, reference, predicted.
    """

    metrics: pd.DataFrame
    confusion: pd.DataFrame | None
    units: pd.DataFrame
    ci: float

    def rates(self) -> pd.DataFrame:
        """Per class: true-positive rate (recall) and false-positive rate of the model against the human
        reference, with the numbers of positive and negative units — what the classify-and-count
        correction of :func:`nlp_reports.compare.theme_profile` (``correct=``) needs."""
        multi = self.confusion is None
        classes = [c for c in self.metrics["class"] if c not in ("macro", "micro", "accuracy")]
        R, P = _indicators(self.units["reference"].tolist(), self.units["predicted"].tolist(), classes, multi)
        pos, neg = R.sum(axis=0), (~R).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            tpr = (R & P).sum(axis=0) / pos
            fpr = (~R & P).sum(axis=0) / neg
        return pd.DataFrame({"tpr": tpr, "fpr": fpr, "n_pos": pos, "n_neg": neg}, index=pd.Index(classes, name="class"))

    def _repr_html_(self) -> str:
        html = f"<p><b>Model vs human coding</b>: {len(self.units)} units, {self.ci:.0%} bootstrap intervals</p>"
        html += self.metrics.round(3).to_html(index=False)
        if self.confusion is not None:
            html += "<p>confusion (rows: human, columns: model)</p>" + self.confusion.to_html()
        return html

    def __repr__(self) -> str:
        out = f"ModelValidation({len(self.units)} units)\n{self.metrics.round(3).to_string(index=False)}"
        if self.confusion is not None:
            out += f"\n\nconfusion (rows: human, columns: model)\n{self.confusion.to_string()}"
        return out


def _binary_prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        p = tp / (tp + fp)
        r = tp / (tp + fn)
        f = 2 * tp / (2 * tp + fp + fn)
    return p, r, f


def _indicators(
    ref: Sequence[Any], pred: Sequence[Any], classes: list[str], multi: bool
) -> tuple[np.ndarray, np.ndarray]:
    def as_set(v: Any) -> set[str]:
        if multi:
            if isinstance(v, str):
                return {x for x in v.split(";") if x}
            return {str(x) for x in (v or [])}
        return {str(v)}

    R = np.array([[c in as_set(v) for c in classes] for v in ref], dtype=bool).reshape(len(ref), len(classes))
    P = np.array([[c in as_set(v) for c in classes] for v in pred], dtype=bool).reshape(len(pred), len(classes))
    return R, P


def _scores(R: np.ndarray, P: np.ndarray, multi: bool) -> np.ndarray:
    """Per class P/R/F1, then macro P/R/F1, then accuracy or micro P/R/F1: one flat vector."""
    tp = (R & P).sum(axis=0).astype(float)
    fp = (~R & P).sum(axis=0).astype(float)
    fn = (R & ~P).sum(axis=0).astype(float)
    p, r, f = _binary_prf(tp, fp, fn)
    macro = [
        np.nanmean(p) if np.isfinite(p).any() else np.nan,
        np.nanmean(r) if np.isfinite(r).any() else np.nan,
        np.nanmean(f) if np.isfinite(f).any() else np.nan,
    ]
    if multi:
        mp, mr, mf = _binary_prf(tp.sum(), fp.sum(), fn.sum())
        last: list[Any] = [mp, mr, mf]
    else:
        acc = float((R == P).all(axis=1).mean()) if len(R) else np.nan
        last = [acc, acc, acc]
    return np.concatenate([p, r, f, macro, last])


def against_model(
    codes: pd.DataFrame,
    model: Any = None,
    *,
    predictions: Sequence[Any] | None = None,
    reference: str = "majority",
    ci: float = 0.95,
    n_boot: int = 1000,
    seed: int = 1,
) -> ModelValidation:
    """Compare a model with the human codes: per-class precision / recall / F1 with bootstrap CIs.

    The reference code of a unit is the coders' majority (``reference='majority'``, ties dropped) or
    the first coder's (``'first'``); units without a reference are left out.  The model predicts the
    ``text`` column of ``codes`` (or pass ``predictions``, one per row).  Multi-label models (themes,
    a multi-label :class:`~nlp_reports.CodebookClassifier`) are scored per code, with ``micro``
    averages; a unit's codes are ``;``-separated (``read_codes(..., multi=True)``).
    """
    ref = consensus(codes, rule=reference)
    keep = ref.notna().to_numpy()
    if not keep.any():
        raise CodingError("no unit has a reference code (coders disagree on every unit or left all blank)")
    if predictions is None:
        if model is None:
            raise CodingError("pass model= (a fitted classifier) or predictions=")
        if "text" not in codes.columns:
            raise CodingError("the codes frame has no 'text' column to predict; pass predictions=")
        texts = codes.loc[keep, "text"].astype(str).tolist()
        pred = list(model.predict(texts))
    else:
        if len(predictions) != len(codes):
            raise CodingError(f"predictions has {len(predictions)} entries for {len(codes)} coded units")
        pred = [p for p, k in zip(predictions, keep) if k]
    multi = (
        bool(codes.attrs.get("multi"))
        or (model is not None and is_multilabel(model))
        or any(isinstance(p, (list, tuple, set)) for p in pred)
    )
    refs = ref[keep].tolist()
    if multi:
        classes = sorted({x for v in refs for x in str(v).split(";") if x} | {str(x) for p in pred for x in (p or [])})
    else:
        classes = sorted({str(v) for v in refs} | {str(p) for p in pred})
    R, P = _indicators(refs, pred, classes, multi)
    est = _scores(R, P, multi)
    rng = np.random.default_rng(seed)
    boots = np.array([_scores(R[d], P[d], multi) for d in rng.integers(0, len(R), size=(n_boot, len(R)))])
    with warnings.catch_warnings():  # a class never predicted has no precision in any draw: NaN bounds
        warnings.simplefilter("ignore", RuntimeWarning)
        lo = np.nanquantile(boots, (1 - ci) / 2, axis=0) if len(boots) else np.full_like(est, np.nan)
        hi = np.nanquantile(boots, 1 - (1 - ci) / 2, axis=0) if len(boots) else np.full_like(est, np.nan)
    k = len(classes)
    names = classes + ["macro", "micro" if multi else "accuracy"]
    support = R.sum(axis=0).tolist() + [len(R), int(R.sum()) if multi else len(R)]
    rows = []
    for i, name in enumerate(names):
        row: dict[str, Any] = {"class": name}
        for j, metric in enumerate(("precision", "recall", "f1")):
            pos = j * k + i if i < k else 3 * k + (i - k) * 3 + j
            row[metric] = est[pos]
            row[f"{metric}_low"] = lo[pos]
            row[f"{metric}_high"] = hi[pos]
        row["support"] = support[i]
        rows.append(row)
    metrics = pd.DataFrame(rows)
    if not multi:
        metrics.loc[
            metrics["class"] == "accuracy",
            ["precision", "precision_low", "precision_high", "recall", "recall_low", "recall_high"],
        ] = np.nan
    confusion = None
    if not multi:
        confusion = pd.crosstab(pd.Series(refs, name="human"), pd.Series([str(p) for p in pred], name="model"))
        confusion = confusion.reindex(index=classes, columns=classes, fill_value=0)
    units = pd.DataFrame(
        {
            "unit_id": codes.loc[keep, "unit_id"].tolist()
            if "unit_id" in codes.columns
            else codes.index[keep].tolist(),
            "reference": refs,
            "predicted": [";".join(sorted(p)) if isinstance(p, (list, tuple, set)) else p for p in pred],
        }
    )
    return ModelValidation(metrics=metrics, confusion=confusion, units=units, ci=ci)


def learning_curve(
    model: Any,
    texts: Sequence[str],
    labels: Sequence[Any],
    *,
    sizes: Sequence[int] | None = None,
    cv: int = 5,
    seed: int = 1,
) -> pd.DataFrame:
    """How many labels are enough: cross-validated macro-F1 (micro-F1 for multi-label) by training size.

    For each of ``cv`` folds the model (cloned, so the one passed stays unfitted) is trained on
    random subsets of the other folds of each size in ``sizes`` (default: 6 sizes from 20 % to 100 %)
    and scored on the held-out fold.  Returns ``n_train, score, sd, low, high`` (low/high: min and max
    over folds) and ``scores`` (the per-fold values).  A curve still rising at the right end means
    more coding will pay off.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, StratifiedKFold

    X = np.asarray([str(t) for t in texts], dtype=object)
    multi = any(isinstance(y, (list, tuple, set)) for y in labels)
    y = np.empty(len(labels), dtype=object)
    y[:] = [list(v) if multi else v for v in labels]
    if len(X) != len(y):
        raise CodingError(f"{len(X)} texts but {len(y)} labels")
    if len(X) < 2 * cv:
        raise CodingError(f"{len(X)} labelled texts are too few for a {cv}-fold learning curve")
    if multi:
        splitter: Any = KFold(n_splits=cv, shuffle=True, random_state=seed)
        split = splitter.split(X)
    else:
        n_min = int(pd.Series(y).value_counts().min())
        splitter = StratifiedKFold(n_splits=min(cv, max(2, n_min)), shuffle=True, random_state=seed)
        split = splitter.split(X, y.astype(str))
    folds = list(split)
    n_max = min(len(tr) for tr, _ in folds)
    if sizes is None:
        sizes = sorted({max(10, int(round(n_max * f))) for f in (0.2, 0.35, 0.5, 0.65, 0.8, 1.0)})
    sizes = [int(s) for s in sizes if 0 < s <= n_max]
    rng = np.random.default_rng(seed)
    rows = []
    for size in sizes:
        scores = []
        for tr, te in folds:
            sub = rng.choice(tr, size=size, replace=False)
            ys = y[sub]
            if not multi and len(set(ys)) < 2:
                continue
            est = clone(model).fit(list(X[sub]), list(ys))
            pred = est.predict(list(X[te]))
            if multi:
                classes = sorted({c for v in y for c in v})
                R, P = _indicators(list(y[te]), list(pred), classes, True)
                scores.append(f1_score(R, P, average="micro", zero_division=0))
            else:
                scores.append(f1_score(list(y[te]), list(pred), average="macro", zero_division=0))
        if scores:
            a = np.asarray(scores)
            rows.append(
                {
                    "n_train": size,
                    "score": a.mean(),
                    "sd": a.std(ddof=1) if len(a) > 1 else 0.0,
                    "low": a.min(),
                    "high": a.max(),
                    "scores": a.round(4).tolist(),
                }
            )
    out = pd.DataFrame(rows, columns=["n_train", "score", "sd", "low", "high", "scores"])
    out.attrs["metric"] = "micro_f1" if multi else "macro_f1"
    return out
