"""Figures from the comparison frames (matplotlib; Chinese labels drawn with a CJK font).

Every function returns the matplotlib Figure and accepts ``ax=`` to draw into an existing axes
and ``font=`` (a font file or family) to override the automatically found CJK font.
"""

from .bars import keyness
from .calibration import reliability_diagram
from .fonts import FontNotFoundError, apply_font, find_cjk_font, use_cjk_font
from .heatmaps import similarity_heatmap, theme_heatmap
from .lines import theme_over_time

plot_keyness = keyness

__all__ = [
    "theme_heatmap",
    "similarity_heatmap",
    "keyness",
    "plot_keyness",
    "theme_over_time",
    "reliability_diagram",
    "find_cjk_font",
    "use_cjk_font",
    "apply_font",
    "FontNotFoundError",
]
