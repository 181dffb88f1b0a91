"""Glyph geometry for the PDF table reader: pages stacked, chars -> visual lines -> tokens.

pdfminer emits table text in an order that is not row order (often column by column), and the
reader's line grouping is made for prose.  This module takes every non-furniture char of the
document, puts the pages one under the other (so a table split by a page break is one grid),
groups the chars into visual lines by vertical centre and each line into tokens by horizontal
gaps, and marks *cell tokens*: numbers (or not-applicable marks) standing alone in their cell.
The tolerances come from :class:`~nlp_reports.structure.table_settings.TableSettings`.

>>> from nlp_reports.structure.table_geometry import Glyph, make_line
>>> from nlp_reports.structure.table_settings import TableSettings
>>> ln = make_line([Glyph("规", 0, 10, 5, 10), Glyph("章", 10, 20, 5, 10), Glyph("3", 60, 65, 5, 10)], TableSettings())
>>> [(t.text, t.cell) for t in ln.tokens]
[('规章', False), ('3', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import attrgetter
from statistics import median

from ..model import RawDocument
from . import template as T
from .table_settings import TableSettings

_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
NUM_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


_by_y = attrgetter("y")
_by_x0 = attrgetter("x0")


@dataclass(slots=True)
class _XSpan:
    """Text with a horizontal span (points); what glyphs and tokens share."""

    text: str
    x0: float
    x1: float

    @property
    def xc(self) -> float:
        """The horizontal centre."""
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Glyph(_XSpan):
    """One char: x span and vertical centre in the stacked coordinates (points)."""

    y: float  # vertical centre, pages stacked
    size: float
    page: int = 0


@dataclass(slots=True)
class Token(_XSpan):
    """Glyphs of one line without a gap between them."""

    size: float
    cell: bool = False
    #: a not-applicable mark (——, /) standing alone in its cell
    na: bool = False


@dataclass(slots=True)
class VLine:
    """A visual line: glyphs sharing a vertical centre, left to right, with their tokens."""

    y: float
    size: float
    glyphs: list[Glyph]
    tokens: list[Token] = field(default_factory=list)
    text: str = ""

    @property
    def cells(self) -> list[Token]:
        return [t for t in self.tokens if t.cell]

    def label_text(self, right_limit: float = float("inf")) -> str:
        return "".join(g.text for g in self.glyphs if g.xc < right_limit and not self._in_cell(g))

    def _in_cell(self, g: Glyph) -> bool:
        return any(t.cell and t.x0 <= g.xc <= t.x1 for t in self.tokens)

    def numeric_share(self) -> float:
        n = sum(len(t.text) for t in self.cells)
        return n / max(1, len(self.glyphs))


def stacked_glyphs(doc: RawDocument, settings: TableSettings) -> tuple[list[Glyph], dict[int, float]]:
    """Every non-furniture glyph of ``doc`` with the pages stacked, and each page's y offset.

    Fake-bold PDFs print each glyph twice: the copies are dropped.
    """
    out: list[Glyph] = []
    append = out.append
    offsets: dict[int, float] = {}
    texts: dict[str, str] = {}  # char text -> its table text ('' = blank), computed once per distinct text
    offset = 0.0
    rnd = round
    glyph = Glyph
    for page in doc.pages:
        number = page.number
        offsets[number] = offset
        bottom = 0.0
        seen: set[tuple[str, int, int]] = set()  # (text, x0, top) rounded: a glyph printed again there is a copy
        add = seen.add
        for line in page.lines:
            chars = line.chars
            if not chars:
                continue
            low = max([c.bottom for c in chars])
            if low > bottom:
                bottom = low
            if line.furniture:
                continue
            for c in chars:
                text = c.text
                t = texts.get(text)
                if t is None:
                    t = text.translate(_DIGITS)
                    t = texts[text] = t if t.strip() else ""
                if not t:
                    continue
                x0, top = c.x0, c.top
                key = (t, rnd(x0), rnd(top))
                if key in seen:
                    continue
                add(key)
                bot = c.bottom
                size = c.size
                if not (size and size > 0):
                    size = max(1.0, bot - top)
                append(glyph(t, x0, c.x1, offset + (top + bot) / 2, size, number))
        offset += max(page.height or 0.0, bottom) + settings.page_gap
    return out, offsets


def visual_lines(glyphs: list[Glyph], settings: TableSettings) -> list[VLine]:
    """Group glyphs (sorted in place by y) into visual lines, top to bottom."""
    glyphs.sort(key=_by_y)
    lines: list[VLine] = []
    cur: list[Glyph] = []
    y0 = s0 = 0.0
    gap = settings.line_gap
    for g in glyphs:
        y, size = g.y, g.size
        if cur and y - y0 > gap * (s0 if s0 < size else size):
            lines.append(make_line(cur, settings))
            cur = []
        if not cur:
            y0, s0 = y, size
        cur.append(g)
    if cur:
        lines.append(make_line(cur, settings))
    return lines


def make_line(glyphs: list[Glyph], settings: TableSettings) -> VLine:
    """One visual line from its glyphs (sorted in place by x): tokens, with cell tokens marked."""
    glyphs.sort(key=_by_x0)
    size = median([g.size for g in glyphs])
    ln = VLine(y=sum([g.y for g in glyphs]) / len(glyphs), size=size, glyphs=glyphs)
    ln.text = "".join([g.text for g in glyphs])
    ln.tokens = _tokens(glyphs, settings)
    _mark_cells(ln.tokens, settings)
    return ln


def _tokens(glyphs: list[Glyph], settings: TableSettings) -> list[Token]:
    """The x-sorted glyphs joined into tokens where the gap is at most ``token_gap`` x the larger size."""
    toks: list[Token] = []
    gap = settings.token_gap
    first = glyphs[0]
    texts, x0, x1, size = [first.text], first.x0, first.x1, first.size
    for g in glyphs[1:]:
        g_size = g.size
        if g.x0 - x1 <= gap * (g_size if g_size > size else size):
            texts.append(g.text)
            if g.x1 > x1:
                x1 = g.x1
        else:
            toks.append(Token("".join(texts), x0, x1, size))
            texts, x0, x1, size = [g.text], g.x0, g.x1, g_size
    toks.append(Token("".join(texts), x0, x1, size))
    return toks


def _mark_cells(toks: list[Token], settings: TableSettings) -> None:
    """Mark numbers (``cell``) and not-applicable marks (``na``) standing alone in their cell."""
    for i, t in enumerate(toks):
        if not NUM_RE.fullmatch(t.text):
            t.na = T.is_na_mark(t.text) and all(
                (toks[j].x0 - t.x1 if j > i else t.x0 - toks[j].x1) >= settings.cell_gap * t.size
                for j in (i - 1, i + 1)
                if 0 <= j < len(toks)
            )
            continue
        ok = True
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and not NUM_RE.fullmatch(toks[j].text):
                gap = t.x0 - toks[j].x1 if j < i else toks[j].x0 - t.x1
                if gap < settings.cell_gap * t.size:
                    ok = False
        t.cell = ok


def has(line: VLine, *keys: str) -> bool:
    """Whether the line's text contains any of ``keys``."""
    return any(k in line.text for k in keys)


def clusters(intervals: list[tuple[float, float]], tol: float) -> list[list[float]]:
    """Overlapping x intervals (within ``tol``) merged: ``[x0, x1, count]`` left to right."""
    out: list[list[float]] = []
    for x0, x1 in sorted(intervals):
        if out and x0 <= out[-1][1] + tol:
            out[-1][1] = max(out[-1][1], x1)
            out[-1][2] += 1
        else:
            out.append([x0, x1, 1])
    return out


def cells_by_overlap(glyphs: list[Glyph], gap: float, step: float) -> list[list[Glyph]]:
    """Header glyphs grouped into cells by x overlap (within ``gap`` sizes), left to right.

    Each cell's glyphs are put in reading order: rows of ``step`` sizes, then x.  A heading
    wrapped inside a narrow cell (商业 / 企业) stays one cell.
    """
    cells: list[list[Glyph]] = []
    right = -1e9
    for g in sorted(glyphs, key=lambda g: g.x0):
        if cells and g.x0 <= right + gap * g.size:
            cells[-1].append(g)
            right = max(right, g.x1)
        else:
            cells.append([g])
            right = g.x1
    for cell in cells:
        cell.sort(key=lambda g: (round(g.y / max(1.0, step * g.size)), g.x0))
    return cells
