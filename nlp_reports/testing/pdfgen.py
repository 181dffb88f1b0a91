"""One ruled-table typesetter for the invented PDFs of the sample corpus and of the tests.

``scripts/make_sample_pdfs.py`` (the sample reports) and ``tests/test_tables_pdf_variants.py``
(table layouts we have not seen) both draw tables as cells on a grid of columns, with merged
cells, wrapped text and the label hierarchy of table 三.  The grid, its row heights, the text
placement inside a cell and the header/label cells of the standard tables are defined here once;
the style fields of :class:`Grid` (padding, leading, wrapping, vertical alignment) let each caller
keep its own look.

Needs reportlab (the ``pdfgen`` extra: ``pip install 'nlp_reports[pdfgen]'``); it is imported
only when text is measured or drawn, and its absence gives a clear :class:`NlpReportsError`.

>>> from nlp_reports.testing.pdfgen import Cell, Grid
>>> g = Grid([60.0, 40.0], 10.0, [Cell(0, 0, "规章"), Cell(0, 1, "3"), Cell(1, 0, "行政规范性文件", cs=2)])
>>> g.n_rows, [round(h, 2) for h in g.row_heights()]
(2, [19.5, 19.5])
>>> g.units()
[(0, 2)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NlpReportsError
from ..structure.template import LEGAL_PERSON_COLUMNS, REVIEW_COLUMNS

#: reportlab's built-in CJK font (no font file needed)
FONT = "STSong-Light"
#: A4 in points, exactly as ``reportlab.lib.pagesizes.A4`` (210 mm x 297 mm)
A4 = (210 * (72 / 2.54 * 0.1), 297 * (72 / 2.54 * 0.1))
#: characters that never start a line (they hang into the margin)
CLOSING = set("，。、；：？！）》」』”’％…")
#: the note in the corner cell of table 三
APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _pdfmetrics() -> Any:
    try:
        from reportlab.pdfbase import pdfmetrics
    except ImportError as exc:
        raise NlpReportsError(
            "drawing PDFs needs reportlab: pip install 'nlp_reports[pdfgen]' (or the dev extra)"
        ) from exc
    return pdfmetrics


def register_font() -> None:
    """Register reportlab's built-in CJK font once (idempotent)."""
    pdfmetrics = _pdfmetrics()
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def canvas(target: Any, pagesize: tuple[float, float]) -> Any:
    """A reportlab canvas writing to ``target`` (a path or a binary buffer), deterministic output."""
    register_font()
    from reportlab.pdfgen.canvas import Canvas

    return Canvas(target, pagesize=pagesize, invariant=1)


#: the canvas method that draws a line of text anchored at x by its left end, centre or right end
DRAW_METHOD = {"left": "drawString", "center": "drawCentredString", "right": "drawRightString"}


def draw_text(c: Any, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Draw one line of ``text`` in :data:`FONT` at ``size`` on canvas ``c``, its baseline at ``y``,
    anchored at ``x`` by its ``align`` end ('left', 'center' or 'right')."""
    c.setFont(FONT, size)
    getattr(c, DRAW_METHOD[align])(x, y, text)


def string_width(text: str, size: float) -> float:
    """Width of ``text`` in :data:`FONT` at ``size`` (points)."""
    register_font()
    return _pdfmetrics().stringWidth(text, FONT, size)


def wrap_words(text: str, size: float, width: float, indent: float = 0.0) -> list[str]:
    """Break text into lines no wider than width, as a word processor does.

    CJK breaks anywhere, Latin/number runs stay whole, closing punctuation never starts a line
    (it hangs into the margin); ``indent`` shortens the first line.
    """
    out: list[str] = []
    cur, cur_w, avail = "", 0.0, width - indent
    for tok in re.findall(r"[A-Za-z0-9.%/+\-]+|\s+|.", text):
        w = string_width(tok, size)
        if cur and cur_w + w > avail and not (len(tok) == 1 and tok in CLOSING):
            out.append(cur)
            cur, cur_w, avail = "", 0.0, width
            if tok.isspace():
                continue
        cur += tok
        cur_w += w
    if cur or not out:
        out.append(cur)
    return out


def wrap_chars(text: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than width at any char; ``\\n`` forces a break; no empty lines."""
    out: list[str] = []
    for part in text.split("\n"):
        cur = ""
        for ch in part:
            if cur and string_width(cur + ch, size) > width:
                out.append(cur)
                cur = ""
            cur += ch
        out.append(cur)
    return [x for x in out if x]


@dataclass
class Cell:
    """A table cell at (row, col) spanning rs rows and cs columns."""

    r: int
    c: int
    text: str
    rs: int = 1
    cs: int = 1
    align: str = "center"  # left | center | right


@dataclass
class Grid:
    """Cells on a grid of columns: row heights, wrapped text placed in cells, ruled drawing."""

    widths: list[float]
    size: float
    cells: list[Cell] = field(default_factory=list)
    #: space between a cell's rule and its text (points)
    pad: float = 2.5
    #: line spacing inside a cell (times the font size)
    leading: float = 1.25
    #: added to every cell's height (points)
    extra: float = 2.0
    #: where text sits vertically: 'middle' or 'top'
    valign: str = "middle"
    #: baseline of a cell's first line below its text block's top (times the font size)
    baseline: float = 0.95
    #: 'words' (word-processor breaks, see :func:`wrap_words`) or 'chars' (:func:`wrap_chars`)
    wrap: str = "words"
    #: height missing for a multi-row cell goes to its 'last' row or is spread 'even'ly
    spread: str = "last"
    #: rows repeated at the top of a continuation page
    header_rows: int = 0

    @property
    def n_rows(self) -> int:
        return max(c.r + c.rs for c in self.cells)

    def width(self, cell: Cell) -> float:
        return sum(self.widths[cell.c : cell.c + cell.cs])

    def lines(self, cell: Cell) -> list[str]:
        """The cell's text wrapped to its width."""
        if not cell.text:
            return []
        if self.wrap == "chars":
            return wrap_chars(cell.text, self.size, self.width(cell) - 2 * self.pad)
        return wrap_words(cell.text, self.size, self.width(cell) - 2 * self.pad)

    def _need(self, cell: Cell) -> float:
        return max(1, len(self.lines(cell))) * self.size * self.leading + 2 * self.pad + self.extra

    def row_heights(self) -> list[float]:
        """Height of each row: its tallest single-row cell, then room made for multi-row cells."""
        h = [0.0] * self.n_rows
        for cell in self.cells:
            if cell.rs == 1:
                h[cell.r] = max(h[cell.r], self._need(cell))
        h = [x or self.size * self.leading + 2 * self.pad + self.extra for x in h]
        for cell in self.cells:
            if cell.rs > 1:
                short = self._need(cell) - sum(h[cell.r : cell.r + cell.rs])
                if short <= 0:
                    continue
                if self.spread == "even":
                    for r in range(cell.r, cell.r + cell.rs):
                        h[r] += short / cell.rs
                else:
                    h[cell.r + cell.rs - 1] += short
        return h

    def units(self) -> list[tuple[int, int]]:
        """Row ranges that can be placed on a page on their own (no cell spans a boundary; the
        header stays with the first data row)."""
        tied: set[int] = set()
        for cell in self.cells:
            tied.update(range(cell.r + 1, cell.r + cell.rs))
        header = max((c.r + c.rs for c in self.cells if c.r == 0), default=1)
        tied.update(range(1, header + 1))
        out, start = [], 0
        for b in range(1, self.n_rows + 1):
            if b == self.n_rows or b not in tied:
                out.append((start, b))
                start = b
        return out

    def texts(
        self, cell: Cell, left: float, right: float, top: float, bot: float
    ) -> list[tuple[float, float, str, str]]:
        """Where the cell's lines go in the box left..right, bot..top: ``(x, y, text, align)``."""
        lines = self.lines(cell)
        lead = self.size * self.leading
        block = len(lines) * lead
        y = top - ((top - bot - block) / 2 if self.valign == "middle" else self.pad) - self.size * self.baseline
        out = []
        for ln in lines:
            if cell.align == "left":
                out.append((left + self.pad, y, ln, "left"))
            elif cell.align == "right":
                out.append((right - self.pad, y, ln, "right"))
            else:
                out.append(((left + right) / 2, y, ln, "center"))
            y -= lead
        return out

    def draw(
        self, c: Any, x0: float, y_top: float, heights: list[float], start: int, stop: int, line_width: float = 0.6
    ) -> None:
        """Draw rows start..stop-1 on canvas ``c``, the first row's top at ``y_top``."""
        xs = [x0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        ys = {start: y_top}
        for r in range(start, stop):
            ys[r + 1] = ys[r] - heights[r]
        c.setLineWidth(line_width)
        c.setFont(FONT, self.size)
        for cell in self.cells:
            if not start <= cell.r < stop:
                continue
            left, right = xs[cell.c], xs[cell.c + cell.cs]
            top, bot = ys[cell.r], ys[cell.r + cell.rs]
            c.rect(left, bot, right - left, top - bot, stroke=1, fill=0)
            for x, y, text, align in self.texts(cell, left, right, top, bot):
                getattr(c, DRAW_METHOD[align])(x, y, text)


# ----------------------------------------------------------------------------- standard tables


def applications_header(heads: Sequence[str] = LEGAL_PERSON_COLUMNS, note: str = APPLICATIONS_NOTE) -> list[Cell]:
    """The three header rows of table 三: note corner (3 label columns), 申请人情况 over
    自然人 / 法人或其他组织 (``heads``) / 总计; number columns start at column 3."""
    nh = len(heads)
    cells = [
        Cell(0, 0, note, rs=3, cs=3),
        Cell(0, 3, "申请人情况", cs=nh + 2),
        Cell(1, 3, "自然人", rs=2),
        Cell(1, 4, "法人或其他组织", cs=nh),
        Cell(1, 4 + nh, "总计", rs=2),
    ]
    return cells + [Cell(2, 4 + k, h) for k, h in enumerate(heads)]


def label_cells(paths: Sequence[Sequence[str]], base: int) -> list[Cell]:
    """Label cells of table 三 from each data row's label path ([group, sub-group, item], up to
    three levels) with merged cells: consecutive rows sharing a prefix share its cell; the last
    label of a row spans the remaining label columns.  Rows start at ``base``."""
    cells: list[Cell] = []
    for level in range(3):
        r = 0
        while r < len(paths):
            path = paths[r]
            if len(path) <= level:
                r += 1
                continue
            end = r + 1
            if level < len(path) - 1:
                while end < len(paths) and len(paths[end]) > level + 1 and paths[end][: level + 1] == path[: level + 1]:
                    end += 1
            cs = 3 - level if level == len(path) - 1 else 1
            cells.append(
                Cell(
                    base + r, level, path[level], rs=end - r, cs=cs, align="left" if cs > 1 or level == 2 else "center"
                )
            )
            r = end
    return cells


def applications_cells(
    paths: Sequence[Sequence[str]],
    values: Sequence[Sequence[str | None]],
    heads: Sequence[str] = LEGAL_PERSON_COLUMNS,
    note: str = APPLICATIONS_NOTE,
    align: str = "center",
) -> list[Cell]:
    """Every cell of table 三: :func:`applications_header`, the :func:`label_cells` of each data
    row's label path and its printed ``values`` (one per number column; an empty one stays blank),
    data rows from row 3, number columns from column 3."""
    base = 3
    cells = applications_header(heads, note) + label_cells(paths, base)
    for r, vals in enumerate(values):
        cells += [Cell(base + r, 3 + k, x, align=align) for k, x in enumerate(vals) if x]
    return cells


def review_cells(values: Sequence[str | None], align: str = "center") -> list[Cell]:
    """Every cell of table 四: :func:`review_header` and the 15 printed ``values`` in row 3 (an empty one stays blank)."""
    return review_header() + [Cell(3, k, x, align=align) for k, x in enumerate(values) if x]


def review_header() -> list[Cell]:
    """The three header rows of table 四 (15 columns: 行政复议 ×5, 行政诉讼 未经复议直接起诉 ×5,
    复议后起诉 ×5); the numbers go in row 3."""
    cells = [
        Cell(0, 0, "行政复议", cs=5),
        Cell(0, 5, "行政诉讼", cs=10),
        Cell(1, 5, "未经复议直接起诉", cs=5),
        Cell(1, 10, "复议后起诉", cs=5),
    ]
    cells += [Cell(1, k, t, rs=2) for k, t in enumerate(REVIEW_COLUMNS)]
    return cells + [Cell(2, 5 + k, t) for k, t in enumerate(REVIEW_COLUMNS * 2)]
