"""Reliability diagrams: is a probability of 0.8 right 80 % of the time?"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..nlp.calibration import N_BINS, expected_calibration_error, reliability_table
from ._common import figure_and_axes, finish_figure
from .fonts import use_cjk_font


def reliability_diagram(
    curves: dict[str, tuple[Sequence[float], Sequence[float]]],
    *,
    n_bins: int = N_BINS,
    title: str | None = None,
    ax: Any = None,
    font: str | None = None,
) -> Any:
    """Observed frequency against mean confidence per equal-width bin, one line per curve.

    ``curves`` maps a name (e.g. "classifier (max probability)") to ``(confidence, outcome)``: the
    predicted probabilities and the 0/1 outcomes (correct / gold theme present).  The legend gives each
    curve's ECE (:func:`nlp_reports.nlp.calibration.expected_calibration_error`); the diagonal is perfect
    calibration; marker sizes grow with the number of predictions in the bin.  Returns the Figure.
    """
    with use_cjk_font(font) as font_path:
        fig, ax = figure_and_axes(ax, (5.0, 5.0))
        ax.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect calibration")
        for name, (conf, outcome) in curves.items():
            t = reliability_table(conf, outcome, n_bins)
            t = t[t["n"] > 0]
            ece = expected_calibration_error(conf, outcome, n_bins)
            sizes = 15 + 120 * np.sqrt(t["n"].to_numpy() / max(1, t["n"].max()))
            line = ax.plot(t["confidence"], t["frequency"], label=f"{name}: ECE {ece:.3f}")[0]
            ax.scatter(t["confidence"], t["frequency"], s=sizes, color=line.get_color(), alpha=0.8, zorder=3)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("predicted probability (bin mean)")
        ax.set_ylabel("observed frequency")
        ax.set_aspect("equal")
        ax.legend(loc="upper left", fontsize=8)
        finish_figure(fig, ax, title, font_path)
    return fig
