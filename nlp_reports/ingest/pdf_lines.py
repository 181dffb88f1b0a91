"""Characters of a page -> text lines.

A line is the set of characters sharing a baseline: their vertical centres lie within about half
a font size of each other (so a Times-Roman "2024" set a point lower than the surrounding
Song-ti characters stays on the line).  Within a line characters are read left to right.

Spaces are decided from geometry and character classes only (pdfminer's own space guesses are
unreliable for Chinese): a space goes between two Latin/digit characters separated by a real
gap, never next to a CJK character ("2024 年" -> "2024年", "号 ， 邮 编" -> "号，邮编"), and a
single space separates the cells of a table row (a gap of more than ~1.5 character widths).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter, itemgetter, sub

from ..model import Char, Line
from .pdf_chars import is_latin

__all__ = ["build_lines", "split_cells", "has_cell_gap", "widest_gap", "line_text", "CELL_GAP", "WORD_GAP"]

#: a horizontal gap of more than CELL_GAP x font size separates two cells (or columns)
CELL_GAP: float = 1.5
#: a gap of more than WORD_GAP x font size between Latin characters is a word space
WORD_GAP: float = 0.15
#: two characters are on one line if their vertical centres differ by less than this x height
_SAME_LINE: float = 0.5

_by_x0 = attrgetter("x0")


def _char_height(c: Char) -> float:
    h = c.bottom - c.top
    return h if h > 0.5 else max(c.size, 1.0)


def _dedupe(chars: list[Char]) -> list[Char]:
    """Drop glyphs painted twice at (almost) the same place: fake bold draws every glyph 2-4 times."""
    kept: list[Char] = []
    for c in chars:
        h = c.bottom - c.top
        tol = 0.3 * (h if h > 0.5 else max(c.size, 1.0))
        text, x0, top = c.text, c.x0, c.top
        for k in kept[-3:]:
            if k.text == text and abs(k.x0 - x0) < tol and abs(k.top - top) < tol:
                break
        else:
            kept.append(c)
    return kept


def split_cells(chars: Sequence[Char], size: float) -> list[list[Char]]:
    """Split the x-sorted ``chars`` of one line at gaps wider than ``CELL_GAP`` x ``size``."""
    cells: list[list[Char]] = []
    limit = CELL_GAP * size
    prev: Char | None = None
    for c in chars:
        if prev is None or c.x0 - prev.x1 > limit:
            cells.append([c])
        else:
            cells[-1].append(c)
        prev = c
    return cells


def widest_gap(chars: Sequence[Char]) -> float:
    """The widest horizontal gap between neighbours of the x-sorted ``chars`` (``-inf`` for fewer than two)."""
    if len(chars) < 2:
        return -math.inf
    return max(map(sub, [c.x0 for c in chars[1:]], [c.x1 for c in chars[:-1]]))


def has_cell_gap(chars: Sequence[Char], size: float) -> bool:
    """Whether the x-sorted ``chars`` split into two or more cells (``len(split_cells(...)) >= 2``, without building them)."""
    return widest_gap(chars) > CELL_GAP * size


def line_text(chars: Sequence[Char], size: float) -> str:
    """Text of the x-sorted ``chars`` of one line, with spaces only where they belong."""
    return _line_text(chars, size, [c.x0 for c in chars], [c.x1 for c in chars], [c.size for c in chars])


def _line_text(chars: Sequence[Char], size: float, x0s: list[float], x1s: list[float], sizes: list[float]) -> str:
    """:func:`line_text`, given the chars' left and right edges and sizes."""
    if len(chars) < 2 or max(map(sub, x0s[1:], x1s[:-1])) <= min(CELL_GAP * size, WORD_GAP * min(sizes)):
        return "".join([c.text for c in chars])  # no gap anywhere wide enough for a space (most CJK lines)
    parts: list[str] = []
    cell_limit = CELL_GAP * size
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            gap = c.x0 - prev.x1
            if gap > cell_limit:
                parts.append(" ")
            elif gap > WORD_GAP * min(prev.size, c.size) and is_latin(prev.text[-1]) and is_latin(c.text[0]):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    return "".join(parts)


def _dominant_size(sizes: list[float]) -> float:
    """The most frequent size rounded to half a point (the first of the most frequent on a tie)."""
    lo, hi = min(sizes), max(sizes)
    if round(lo * 2) == round(hi * 2):  # one size (most lines): every size rounds alike between the two
        return round(lo * 2) / 2
    counts = Counter([round(size * 2) / 2 for size in sizes])
    return max(counts.items(), key=itemgetter(1))[0]  # the first of the most frequent, as Counter.most_common


def _make_line(chars: list[Char], page: int) -> Line:
    chars.sort(key=_by_x0)
    x0s, x1s = [c.x0 for c in chars], [c.x1 for c in chars]
    tops, bottoms, sizes = [c.top for c in chars], [c.bottom for c in chars], [c.size for c in chars]
    # fake bold: _dedupe's tolerance is at most 0.3 x the line's height or largest size; without two
    # glyphs starting that close (most lines) it would keep every glyph
    if len(chars) > 1 and min(map(sub, x0s[1:], x0s[:-1])) < 0.3 * max(max(bottoms) - min(tops), max(sizes), 1.0):
        kept = _dedupe(chars)
        if len(kept) < len(chars):
            chars = kept
            x0s, x1s = [c.x0 for c in chars], [c.x1 for c in chars]
            tops, bottoms, sizes = [c.top for c in chars], [c.bottom for c in chars], [c.size for c in chars]
    size = _dominant_size(sizes)
    return Line(
        text=_line_text(chars, size, x0s, x1s, sizes),
        page=page,
        x0=x0s[0],
        x1=max(x1s),
        top=min(tops),
        bottom=max(bottoms),
        size=size,
        chars=chars,
    )


def build_lines(chars: Sequence[Char], page: int) -> list[Line]:
    """Group the characters of page ``page`` (1-based) into lines, top to bottom.

    One pass over the characters sorted by vertical centre: a character joins the current line
    when its centre is within half a character height of the line's first character.
    """
    if not chars:
        return []
    twice_centre = [c.top + c.bottom for c in chars]
    order = sorted(range(len(chars)), key=twice_centre.__getitem__)  # stable, no Python call per char
    lines: list[Line] = []
    current: list[Char] = []
    ref_centre = 0.0
    ref_height = 0.0
    for i in order:
        c = chars[i]
        centre = twice_centre[i] / 2
        h = c.bottom - c.top
        if h <= 0.5:  # _char_height, inlined: this loop runs once per glyph
            h = c.size if c.size > 1.0 else 1.0
        if current:
            # joins when within _SAME_LINE x min(max(h, ref), 2 x min(h, ref)) of the line's first centre
            lo, hi = (h, ref_height) if h < ref_height else (ref_height, h)
            if centre - ref_centre <= _SAME_LINE * (hi if hi < 2 * lo else 2 * lo):
                current.append(c)
                continue
            lines.append(_make_line(current, page))
        current = [c]
        ref_centre = centre
        ref_height = h
    lines.append(_make_line(current, page))
    return lines
