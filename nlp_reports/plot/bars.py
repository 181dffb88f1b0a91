"""Bar charts: keyness."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..errors import NlpReportsError
from ._common import figure_and_axes, finish_figure
from .fonts import use_cjk_font


def keyness(
    k: pd.DataFrame,
    top: int = 20,
    *,
    target_label: str = "目标组",
    reference_label: str = "参照组",
    colors: tuple[str, str] = ("#2b6cb0", "#a0aec0"),
    title: str | None = None,
    ax: Any = None,
    font: str | None = None,
) -> Any:
    """Horizontal bars of the ``top`` strongest terms of each direction (like quanteda's textplot_keyness).

    ``k`` is the frame of :func:`nlp_reports.compare.keyness`; target terms point right, reference
    terms left, the strongest at the top.  Returns the Figure.
    """
    if not {"term", "statistic", "direction"} <= set(k.columns):
        raise NlpReportsError("pass the frame of nlp_reports.compare.keyness (columns term, statistic, direction)")
    tgt = k[k["direction"] == "target"].nlargest(top, "statistic")
    ref = k[k["direction"] == "reference"].nsmallest(top, "statistic")
    rows = pd.concat([tgt, ref.iloc[::-1]])
    if rows.empty:
        raise NlpReportsError("the keyness frame is empty: nothing to plot (lower min_count?)")
    with use_cjk_font(font) as font_path:
        fig, ax = figure_and_axes(ax, (7.0, 1.0 + 0.28 * len(rows)))
        y = list(range(len(rows)))[::-1]
        bar_colors = [colors[0] if d == "target" else colors[1] for d in rows["direction"]]
        ax.barh(y, rows["statistic"], color=bar_colors)
        ax.set_yticks(y, labels=rows["term"].astype(str).tolist())
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel("keyness (signed statistic)")
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=colors[0], label=target_label), Patch(color=colors[1], label=reference_label)],
            loc="lower right",
        )
        finish_figure(fig, ax, title, font_path)
    return fig
