"""Line charts: themes over time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..compare.profiles import theme_profile
from ..errors import NlpReportsError
from ._common import display_theme, figure_and_axes, finish_figure, theme_names
from .fonts import use_cjk_font


def theme_over_time(
    st: pd.DataFrame,
    by: str = "year",
    *,
    label: str = "problem",
    themes: Sequence[str] | None = None,
    top: int = 6,
    value: str = "share",
    names: dict[str, str] | None = None,
    title: str | None = None,
    ax: Any = None,
    font: str | None = None,
) -> Any:
    """One line per theme: share (or count) of ``label`` statements raising it, per value of ``by``.

    ``st`` is a statements frame (or a corpus offering ``statements_frame()``); the profile is
    :func:`nlp_reports.compare.theme_profile` by ``by`` (a year-like column).  ``themes`` picks the
    themes to draw (default: the ``top`` most frequent).  Returns the Figure.
    """
    prof = theme_profile(st, by=by, labels=(label,))
    if prof.empty:
        raise NlpReportsError(f"no {label!r} statement with a theme: nothing to plot")
    if value not in ("share", "n"):
        raise NlpReportsError(f"value must be 'share' or 'n', not {value!r}")
    wide = prof.pivot_table(index=by, columns="theme", values=value, aggfunc="sum", fill_value=0).sort_index()
    if themes is None:
        themes = list(prof.groupby("theme")["n"].sum().sort_values(ascending=False).index[:top])
    unknown = [t for t in themes if t not in wide.columns]
    if unknown:
        raise NlpReportsError(f"themes {unknown} do not occur; present: {sorted(wide.columns)}")
    names = theme_names() if names is None else names
    with use_cjk_font(font) as font_path:
        fig, ax = figure_and_axes(ax, (7.5, 4.5))
        for t in themes:
            ax.plot(wide.index, wide[t], marker="o", label=display_theme(t, names))
        ax.set_xlabel(by)
        ax.set_ylabel("占比" if value == "share" else "条数")
        if pd.api.types.is_integer_dtype(wide.index):
            ax.set_xticks(list(wide.index))
        ax.legend(loc="best", fontsize=8)
        finish_figure(fig, ax, title if title is not None else f"{label} themes by {by}", font_path)
    return fig
