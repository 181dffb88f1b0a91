"""Theme profiles: how often each theme is raised, per group of reports."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from typing_extensions import Unpack

from .._signature import keywords_of
from ..errors import NlpReportsError
from ._frames import as_list, require_columns, statements_frame, theme_list
from .uncertainty import (
    ShareUncertainty,
    ShareUncertaintyKeywords,
    adjust_binary,
    binary_rates,
    cluster_weights,
    confusion_rates,
    interval,
    unmix,
)


@keywords_of(ShareUncertainty)
def theme_profile(
    st: Any,
    by: str | Sequence[str] = "agency",
    *,
    labels: Sequence[str] = ("problem", "improvement"),
    normalize: bool = True,
    **uncertainty: Unpack[ShareUncertaintyKeywords],
) -> pd.DataFrame:
    """Count themes of statements per group and label.

    ``st`` is a statements frame (``corpus.statements_frame()``, or a corpus offering it) with columns
    ``label`` and ``themes`` (a list of theme codes per statement) and the grouping column(s) ``by``
    (any metadata column: agency, year, level, region, ... ; a str or a list).

    A statement tagged with two themes counts once for each.  Returns one row per group × label × theme
    with columns ``[*by, label, theme, n, share]``: ``n`` the number of statements of that label in the
    group carrying the theme, ``share`` = ``n`` / number of statements of that label in the group
    (so shares of one group × label need not sum to 1: statements can have 0 or 2 themes).  With
    ``normalize=False`` ``share`` is ``n`` / total theme mentions of the group × label (sums to 1).
    Groups with a label but no themed statement contribute no rows.

    With ``ci`` (e.g. 0.95) each share gets a percentile bootstrap interval ``ci_low, ci_high``
    (``n_boot`` draws, ``seed``), plus ``n_statements`` and ``n_docs`` of the group × label.  The
    bootstrap resamples whole reports (``cluster='doc_id'``) within each group, because statements of
    one report are not independent; a group of one report gets NaN bounds.  ``cluster=None``
    resamples statements.  ``correct`` (the result of ``nr.validate.against_model(codes,
    model=tagger)``, its ``.rates()``, or ``{theme: (tpr, fpr)}``) adds ``share_corrected``: the
    adjusted classify-and-count share ``(share - fpr) / (tpr - fpr)`` clipped to [0, 1] (and its
    interval with ``ci``); see :mod:`nlp_reports.compare.uncertainty`.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> st = corpus.statements_frame()
    >>> prof = nr.compare.theme_profile(st, by="level")
    >>> prof.columns.tolist()
    ['level', 'label', 'theme', 'n', 'share']
    >>> county = prof[(prof["level"] == "county") & (prof["label"] == "problem")].set_index("theme")
    >>> "platform" in county.index, bool(county["share"].between(0, 1).all())
    (True, True)
    >>> print(county.loc["platform", "n"])   # 网站 / 适老化 problems of 云溪县 2022 and 2023 and 西塬县 2016
    3
    >>> nr.compare.theme_profile(st, by=["agency_key", "year"]).columns.tolist()[:2]
    ['agency_key', 'year']
    >>> ci = nr.compare.theme_profile(st, by="level", ci=0.95)
    >>> ci.columns.tolist()[3:]
    ['n', 'share', 'ci_low', 'ci_high', 'n_statements', 'n_docs']
    >>> row = ci[(ci["level"] == "county") & (ci["label"] == "problem") & (ci["theme"] == "platform")].iloc[0]
    >>> bool(row["ci_low"] <= row["share"] <= row["ci_high"]), int(row["n_docs"])
    (True, 3)
    """
    opts = ShareUncertainty(**uncertainty)
    ci, correct = opts.ci, opts.correct
    df = statements_frame(st)
    keys = as_list(by)
    require_columns(df, [*keys, "label", "themes"], "the statements frame")
    cols = [*keys, "label", "theme", "n", "share"]
    sub = df[df["label"].isin(list(labels))][[*keys, "label", "themes"]].copy()
    if sub.empty:
        return pd.DataFrame(columns=cols)
    group_keys = [*keys, "label"]
    n_statements = sub.groupby(group_keys, dropna=False).size().rename("n_statements")
    sub["theme"] = sub["themes"].map(theme_list)
    ex = sub.drop(columns="themes").explode("theme").dropna(subset=["theme"])
    if ex.empty:
        return pd.DataFrame(columns=cols)
    counts = ex.groupby([*group_keys, "theme"], dropna=False).size().rename("n").reset_index()
    if normalize:
        counts = counts.merge(n_statements.reset_index(), on=group_keys, how="left")
        counts["share"] = counts["n"] / counts["n_statements"]
        counts = counts.drop(columns="n_statements")
    else:
        counts["share"] = counts["n"] / counts.groupby(group_keys, dropna=False)["n"].transform("sum")
    counts["n"] = counts["n"].astype("int64")
    counts = counts.sort_values([*group_keys, "n", "theme"], ascending=[True] * len(group_keys) + [False, True])
    counts = counts[cols].reset_index(drop=True)
    if ci is None and correct is None:
        return counts
    if correct is not None and not normalize:
        raise NlpReportsError("correct= adjusts shares of statements; use it with normalize=True")
    rates = binary_rates(correct) if correct is not None else None
    rng = np.random.default_rng(opts.seed)
    extra: dict[tuple, dict[str, float]] = {}
    for gkey, grp in _groups(df, labels, group_keys, opts.cluster):
        grp_themes = grp["themes"].map(theme_list)
        themes = sorted({t for ts in grp_themes for t in ts})
        if not themes:
            continue
        S, T = _per_report(grp["_cluster"], grp_themes, themes)
        point = T.sum(axis=0) / (S.sum() if normalize else T.sum())
        boot = None
        W = _boot_weights(len(S), opts, rng)
        if W is not None:
            num = W @ T
            den = (W @ S)[:, None] if normalize else num.sum(axis=1, keepdims=True)
            with np.errstate(invalid="ignore", divide="ignore"):
                boot = num / den
        for j, t in enumerate(themes):
            row: dict[str, float] = {"n_statements": float(S.sum()), "n_docs": float(len(S))}
            if ci is not None:
                lo, hi = interval(boot[:, j], ci) if boot is not None else (np.nan, np.nan)
                row.update(ci_low=float(lo), ci_high=float(hi))
            if rates is not None:
                tpr, fpr = rates.loc[t].tolist() if t in rates.index else (np.nan, np.nan)
                row["share_corrected"] = float(adjust_binary(np.array([point[j]]), tpr, fpr)[0])
                if ci is not None:
                    if boot is not None:
                        lo, hi = interval(adjust_binary(boot[:, j], tpr, fpr), ci)
                    else:
                        lo, hi = np.nan, np.nan
                    row.update(ci_low_corrected=float(lo), ci_high_corrected=float(hi))
            extra[tuple([*gkey, t])] = row
    keys_rows = [tuple(r) for r in counts[[*group_keys, "theme"]].itertuples(index=False)]
    add = pd.DataFrame([extra.get(k, {}) for k in keys_rows], index=counts.index)
    order = ["ci_low", "ci_high", "n_statements", "n_docs", "share_corrected", "ci_low_corrected", "ci_high_corrected"]
    for c in order:
        if c in add.columns:
            counts[c] = add[c]
    for c in ("n_statements", "n_docs"):
        counts[c] = counts[c].astype("int64")
    return counts


def _clusters(df: pd.DataFrame, cluster: str | None) -> pd.Series:
    """The resampling unit of each statement: its report (``cluster`` column) or the statement itself."""
    if cluster is None:
        return pd.Series(np.arange(len(df)), index=df.index)
    if cluster not in df.columns:
        raise NlpReportsError(
            f"cannot resample by {cluster!r}: not a column of the statements frame (use cluster=None)"
        )
    return df[cluster].astype(str)


def _groups(
    df: pd.DataFrame, labels: Sequence[str], keys: list[str], cluster: str | None
) -> Iterator[tuple[tuple, pd.DataFrame]]:
    """``(group key tuple, its statements)`` of the statements labelled one of ``labels``, with ``_cluster``."""
    work = df[df["label"].isin(list(labels))].copy()
    work["_cluster"] = _clusters(work, cluster)
    for gkey, grp in work.groupby(keys, dropna=False, sort=True):
        yield (gkey if isinstance(gkey, tuple) else (gkey,)), grp


def _per_report(units: pd.Series, categories_of: pd.Series, categories: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Statements per resampling unit and the units × ``categories`` counts of the statements' categories.

    ``units`` is each statement's unit (:func:`_clusters`), ``categories_of`` its list of categories
    (themes; or its one label); the rows follow the units in order of appearance.
    """
    docs = pd.Index(units.unique())
    d_idx = docs.get_indexer(units)
    pos = {c: j for j, c in enumerate(categories)}
    counts = np.zeros((len(docs), len(categories)))
    for d, cats in zip(d_idx, categories_of):
        for c in cats:
            counts[d, pos[c]] += 1
    return np.bincount(d_idx, minlength=len(docs)).astype(float), counts


def _boot_weights(n_units: int, opts: ShareUncertainty, rng: np.random.Generator) -> np.ndarray | None:
    """Bootstrap multiplicities of the units, or None without ``ci`` or with fewer than two units (no interval)."""
    if opts.ci is None or n_units < 2:
        return None
    return cluster_weights(n_units, opts.n_boot, rng)


@keywords_of(ShareUncertainty)
def label_shares(
    st: Any,
    by: str | Sequence[str] = "agency",
    *,
    labels: Sequence[str] = ("problem", "improvement", "other"),
    **uncertainty: Unpack[ShareUncertaintyKeywords],
) -> pd.DataFrame:
    """Share of each statement label per group: ``[*by, label, n, share]``.

    ``ci`` adds ``ci_low, ci_high`` (bootstrap over reports within each group, as in
    :func:`theme_profile`), ``n_statements`` and ``n_docs``.  ``correct`` (the result of
    ``nr.validate.against_model(codes, model=clf)`` or its confusion matrix, rows human × columns
    model) adds ``share_corrected``: the observed label shares unmixed with the measured confusion
    rates (non-negative least squares, summing to 1).

    >>> import nlp_reports as nr
    >>> st = nr.read_corpus("corpora/sample/txt", progress=False).statements_frame()
    >>> ls = nr.compare.label_shares(st, by="level", ci=0.9)
    >>> ls.columns.tolist()
    ['level', 'label', 'n', 'share', 'ci_low', 'ci_high', 'n_statements', 'n_docs']
    >>> float(ls.groupby("level")["share"].sum().round(6).iloc[0])
    1.0
    """
    opts = ShareUncertainty(**uncertainty)
    ci, correct = opts.ci, opts.correct
    df = statements_frame(st)
    keys = as_list(by)
    require_columns(df, [*keys, "label"], "the statements frame")
    labels = list(labels)
    M = confusion_rates(correct, labels) if correct is not None else None
    rng = np.random.default_rng(opts.seed)
    rows = []
    for gkey, grp in _groups(df, labels, keys, opts.cluster):
        S, L = _per_report(grp["_cluster"], grp["label"].map(lambda lab: [lab]), labels)
        point = L.sum(axis=0) / S.sum()
        boot = None
        W = _boot_weights(len(S), opts, rng)
        if W is not None:
            boot = (W @ L) / (W @ S)[:, None]
        corr = unmix(point[None, :], M)[0] if M is not None else None
        corr_boot = unmix(boot, M) if (M is not None and boot is not None) else None
        for j, lab in enumerate(labels):
            row: dict[str, Any] = dict(zip(keys, gkey))
            row.update(label=lab, n=int(L[:, j].sum()), share=float(point[j]))
            if ci is not None:
                lo, hi = interval(boot[:, j], ci) if boot is not None else (np.nan, np.nan)
                row.update(ci_low=float(lo), ci_high=float(hi), n_statements=int(S.sum()), n_docs=len(S))
            if corr is not None:
                row["share_corrected"] = float(corr[j])
                if ci is not None:
                    lo, hi = interval(corr_boot[:, j], ci) if corr_boot is not None else (np.nan, np.nan)
                    row.update(ci_low_corrected=float(lo), ci_high_corrected=float(hi))
            rows.append(row)
    cols = [*keys, "label", "n", "share"]
    if ci is not None:
        cols += ["ci_low", "ci_high", "n_statements", "n_docs"]
    if correct is not None:
        cols += ["share_corrected"] + (["ci_low_corrected", "ci_high_corrected"] if ci is not None else [])
    return pd.DataFrame(rows, columns=cols)
