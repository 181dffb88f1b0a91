"""Heatmaps: theme profiles per group, report × report similarity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import NlpReportsError
from ._common import display_theme, figure_and_axes, finish_figure, theme_names
from .fonts import use_cjk_font

_PROFILE_FIXED = ("label", "theme", "n", "share")


def _draw_matrix(
    ax: Any,
    values: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str],
    *,
    cmap: str,
    vmin: float | None,
    vmax: float | None,
    annotate: bool,
    fmt: str,
    colorbar_label: str,
) -> None:
    im = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), labels=list(cols), rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), labels=list(rows))
    ax.figure.colorbar(im, ax=ax, label=colorbar_label, shrink=0.8)
    if annotate and values.size:
        lo, hi = np.nanmin(values), np.nanmax(values)
        mid = (lo + hi) / 2
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                v = values[i, j]
                if np.isnan(v):
                    continue
                ax.text(
                    j, i, format(v, fmt), ha="center", va="center", fontsize=8, color="white" if v > mid else "black"
                )


def theme_heatmap(
    profile: pd.DataFrame,
    *,
    label: str = "problem",
    by: str | Sequence[str] | None = None,
    value: str = "share",
    names: dict[str, str] | None = None,
    annotate: bool = True,
    cmap: str = "Blues",
    title: str | None = None,
    ax: Any = None,
    font: str | None = None,
) -> Any:
    """Heatmap of a theme profile: one row per group, one column per theme; returns the Figure.

    ``profile`` is the frame of :func:`nlp_reports.compare.theme_profile`; ``label`` selects problems or
    improvements; ``by`` defaults to the profile's grouping columns (several are joined with " / ").
    ``value`` is ``'share'`` or ``'n'``.  Themes are shown with their Chinese names from
    ``nlp/data/themes.json`` unless ``names`` (code -> label) is given.  ``font``: a CJK font file or
    family (default: found automatically, see :mod:`nlp_reports.plot.fonts`).

    >>> import matplotlib
    >>> matplotlib.use("Agg")   # no window needed
    >>> import matplotlib.pyplot as plt
    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> prof = nr.compare.theme_profile(corpus.statements_frame(), by="level")
    >>> fig = nr.plot.theme_heatmap(prof, label="problem")
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['county', 'department', 'province', 'township']
    >>> "政策解读" in [t.get_text() for t in ax.get_xticklabels()]   # Chinese theme names
    True
    >>> plt.close(fig)
    """
    missing = [c for c in ("label", "theme", value) if c not in profile.columns]
    if missing:
        raise NlpReportsError(f"the profile lacks {missing}; pass the frame of nlp_reports.compare.theme_profile")
    keys = (
        [c for c in profile.columns if c not in _PROFILE_FIXED]
        if by is None
        else ([by] if isinstance(by, str) else list(by))
    )
    if not keys:
        raise NlpReportsError("the profile has no grouping column; pass by=<column>")
    sub = profile[profile["label"] == label]
    if sub.empty:
        raise NlpReportsError(
            f"the profile has no rows with label {label!r}; labels present: {sorted(profile['label'].unique())}"
        )
    sub = sub.assign(_group=sub[keys].astype(str).agg(" / ".join, axis=1))
    mat = sub.pivot_table(index="_group", columns="theme", values=value, aggfunc="sum", fill_value=0.0)
    mat = mat[mat.sum().sort_values(ascending=False).index]  # most frequent themes first
    names = theme_names() if names is None else names
    with use_cjk_font(font) as font_path:
        fig, ax = figure_and_axes(ax, (1.5 + 0.75 * mat.shape[1], 2.4 + 0.5 * mat.shape[0]))
        _draw_matrix(
            ax,
            mat.to_numpy(dtype=float),
            list(mat.index),
            [display_theme(c, names) for c in mat.columns],
            cmap=cmap,
            vmin=0,
            vmax=None,
            annotate=annotate,
            fmt=".2f" if value == "share" else ".0f",
            colorbar_label="占比" if value == "share" else "条数",
        )
        ax.set_ylabel(" / ".join(keys))
        finish_figure(fig, ax, title if title is not None else f"{label}: {value}", font_path)
    return fig


def similarity_heatmap(
    sim: pd.DataFrame,
    *,
    labels: Sequence[str] | pd.Series | None = None,
    annotate: bool | None = None,
    cmap: str = "viridis",
    title: str | None = "相似度",
    ax: Any = None,
    font: str | None = None,
) -> Any:
    """Heatmap of the square frame of :func:`nlp_reports.compare.similarity`; returns the Figure.

    ``labels`` replaces the doc_id tick labels (a list in the frame's order, or a Series indexed by
    doc_id, e.g. ``docvars.set_index('doc_id')['agency']``).  Values are written in the cells when
    ``annotate`` (default: up to 15 reports).
    """
    if sim.shape[0] != sim.shape[1]:
        raise NlpReportsError(f"similarity_heatmap needs the square frame of compare.similarity, got shape {sim.shape}")
    if labels is None:
        ticks = [str(i) for i in sim.index]
    elif isinstance(labels, pd.Series):
        ticks = [str(labels.get(i, i)) for i in sim.index]
    else:
        ticks = [str(x) for x in labels]
        if len(ticks) != len(sim):
            raise NlpReportsError(f"{len(ticks)} labels for {len(sim)} reports")
    annotate = len(sim) <= 15 if annotate is None else annotate
    n = len(sim)
    with use_cjk_font(font) as font_path:
        fig, ax = figure_and_axes(ax, (2.5 + 0.5 * n, 1.5 + 0.45 * n))
        _draw_matrix(
            ax,
            sim.to_numpy(dtype=float),
            ticks,
            ticks,
            cmap=cmap,
            vmin=0,
            vmax=1,
            annotate=annotate,
            fmt=".2f",
            colorbar_label="余弦相似度",
        )
        finish_figure(fig, ax, title, font_path)
    return fig
