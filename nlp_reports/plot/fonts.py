"""Finding a font that can draw Chinese, and applying it to one figure at a time.

matplotlib's default font (DejaVu Sans) has no CJK glyphs: Chinese labels come out as empty boxes
with a "Glyph ... missing from font(s)" warning.  :func:`find_cjk_font` looks through the fonts
matplotlib knows for a known CJK family, then for any font whose character map covers a test
string; :func:`use_cjk_font` applies it inside a ``with`` block (``plt.rc_context``), so the
global ``rcParams`` are left as they were.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import FontNotFoundError

#: families that draw simplified Chinese, in order of preference (matched as name prefixes, case-insensitive)
PREFERRED_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans CJK",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Source Han Sans",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "PingFang",
    "Heiti SC",
    "Heiti TC",
    "STHeiti",
    "Hiragino Sans GB",
    "Noto Serif CJK SC",
    "Noto Serif CJK",
    "Source Han Serif SC",
    "Source Han Serif",
    "SimSun",
    "AR PL UMing",
    "AR PL UKai",
    "Droid Sans Fallback",
    "Arial Unicode MS",
)

#: characters a usable font must cover
PROBE = "政务公开"

INSTALL_HINT = (
    "no installed font can draw Chinese text. Install one: apt-get install fonts-noto-cjk (Debian/Ubuntu), "
    "brew install --cask font-noto-sans-cjk (macOS), or pass font=<path of a .ttf/.otf/.ttc file with Chinese glyphs>; "
    "then, if matplotlib still does not see it, delete its font cache (matplotlib.get_cachedir())."
)


def covers(path: str, chars: str = PROBE) -> bool:
    """Whether the font file at ``path`` has a glyph for every character of ``chars``."""
    from matplotlib.ft2font import FT2Font

    try:
        cmap = FT2Font(path).get_charmap()
    except Exception:  # unreadable or unsupported font file
        return False
    return all(ord(c) in cmap for c in chars)


def find_cjk_font() -> str | None:
    """Path of an installed font that draws Chinese, or None.

    Known CJK families (:data:`PREFERRED_FAMILIES`) among the fonts matplotlib has registered come
    first (regular weight preferred); failing that, any registered font whose character map covers
    :data:`PROBE`.
    """
    from matplotlib import font_manager

    entries = list(font_manager.fontManager.ttflist)
    for family in PREFERRED_FAMILIES:
        fam = family.lower()
        hits = [e for e in entries if e.name.lower().startswith(fam) and os.path.exists(e.fname)]
        hits.sort(
            key=lambda e: (e.weight not in (400, "normal", "regular"), e.style != "normal", "mono" in e.name.lower())
        )
        for e in hits:
            if covers(e.fname):
                return e.fname
    seen: set[str] = set()
    for e in entries:
        if e.fname in seen or not os.path.exists(e.fname):
            continue
        seen.add(e.fname)
        if covers(e.fname):
            return e.fname
    return None


def resolve_font(font: str | None = None, *, strict: bool = False) -> str | None:
    """The font file to use: ``font`` (a path, or a family name matplotlib knows) or :func:`find_cjk_font`.

    Raises :class:`FontNotFoundError` when ``font`` is given but unusable, or when no CJK font is
    found and ``strict``; otherwise warns and returns None (figures still draw, Chinese as boxes).
    """
    from matplotlib import font_manager

    if font is not None:
        if os.path.isfile(font):
            if not covers(font):
                raise FontNotFoundError(f"the font {font} has no glyphs for Chinese ({PROBE}); {INSTALL_HINT}")
            return font
        for e in font_manager.fontManager.ttflist:
            if e.name.lower() == font.lower() and covers(e.fname):
                return e.fname
        raise FontNotFoundError(
            f"font {font!r} is neither a font file nor a known font family with Chinese glyphs; {INSTALL_HINT}"
        )
    path = find_cjk_font()
    if path is None:
        if strict:
            raise FontNotFoundError(INSTALL_HINT)
        warnings.warn(INSTALL_HINT, UserWarning, stacklevel=3)
    return path


def apply_font(fig: Any, path: str | None) -> None:
    """Pin every text of ``fig`` (ticks, titles, labels, legends, annotations) to the font at ``path``.

    Text objects made before the font was chosen (e.g. the tick labels of an ``ax`` the user
    created) or drawn after the :func:`use_cjk_font` block (``savefig`` later) would otherwise
    look the font up again from the global rcParams.  DejaVu Sans stays as a fallback for glyphs
    the CJK font lacks (e.g. the minus sign).
    """
    if path is None:
        return
    from matplotlib import font_manager
    from matplotlib.text import Text

    name = font_manager.FontProperties(fname=path).get_name()
    for text in fig.findobj(Text):
        text.set_fontfamily([name, "DejaVu Sans"])


@contextmanager
def use_cjk_font(font: str | None = None, *, strict: bool = False) -> Iterator[str | None]:
    """Within the block, matplotlib draws text with a CJK font; yields the font's file path (or None).

    The font is registered with matplotlib's font manager (if it was given as a file) and put first
    in ``font.family`` through ``plt.rc_context``; ``axes.unicode_minus`` is turned off because many
    CJK fonts lack the Unicode minus sign.  matplotlib looks fonts up when it draws: build the
    figure inside the block, draw it once, and call :func:`apply_font` on it so that a later
    ``savefig`` keeps the font (the plot functions of this package do all three).
    """
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    path = resolve_font(font, strict=strict)
    if path is None:
        yield None
        return
    if not any(e.fname == path for e in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)  # a font given as a file matplotlib did not know
    name = font_manager.FontProperties(fname=path).get_name()
    with plt.rc_context(
        {
            "font.family": [name, "sans-serif"],
            "font.sans-serif": [name, *plt.rcParams["font.sans-serif"]],
            "axes.unicode_minus": False,
        }
    ):
        yield path
