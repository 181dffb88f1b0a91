"""Shared helpers of the plotting layer (private)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fonts import apply_font

THEMES_FILE = Path(__file__).resolve().parent.parent / "nlp" / "data" / "themes.json"


def theme_names() -> dict[str, str]:
    """Theme code -> Chinese display name, from the package's ``nlp/data/themes.json`` ({} if unavailable)."""
    try:
        data = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    items = data.get("themes", []) if isinstance(data, dict) else data
    out = {}
    for t in items if isinstance(items, list) else []:
        if isinstance(t, dict) and t.get("code") and t.get("name"):
            out[str(t["code"])] = str(t["name"])
    return out


def display_theme(code: Any, names: dict[str, str] | None) -> str:
    """The display label of a theme code: its Chinese name when known, else the code."""
    if names is None:
        return str(code)
    return names.get(str(code), str(code))


def figure_and_axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    """``(fig, ax)``: the figure of the given ``ax``, or a new figure with one axes."""
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, new_ax


def finish_figure(fig: Any, ax: Any, title: str | None, font_path: str | None) -> None:
    """Title ``ax`` (when ``title`` is not empty) and pin every text of ``fig`` to the CJK font.

    The canvas is drawn first: that creates the tick labels, which :func:`~.fonts.apply_font` must see.
    """
    if title:
        ax.set_title(title)
    fig.canvas.draw()
    apply_font(fig, font_path)
