"""Draw what the PDF table reader found on a page, to see why a table reads wrong.

Like pdfplumber's ``debug_tablefinder``: the page is rendered (with pypdfium2 when installed,
else as boxes at the char positions on white) and overlaid with what
:func:`~nlp_reports.structure.tables_pdf.extract_pdf_tables` saw:

* grey boxes: the visual lines; blue boxes: number cell tokens; orange: not-applicable marks;
* table 三: yellow band = header lines, red verticals = column boundaries (labels c1…c7),
  green = the cells read (one box per value, rows labelled r1…), grey dashes = number rows;
* table 四: purple ticks = the 15 header columns, magenta boxes = the numbers read;
* table 二: cyan boxes = item rows (规章 …), magenta = the numbers taken for them.

A caption at the top says what was read and the warnings of the reader.
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path
from typing import Union

from ..errors import NlpReportsError
from ..model import RawDocument, ReportWarning
from .table_geometry import VLine
from .table_settings import TableSettings
from .tables_pdf import TableTrace, extract_pdf_tables

PathLike = Union[str, "os.PathLike[str]"]

_GREY, _BLUE, _ORANGE = (150, 150, 150, 255), (30, 90, 230, 255), (245, 140, 0, 255)
_RED, _GREEN, _YELLOW = (220, 20, 20, 255), (0, 160, 60, 255), (255, 220, 0, 70)
_PURPLE, _MAGENTA, _CYAN = (130, 40, 200, 255), (220, 0, 160, 255), (0, 170, 200, 255)


def trace_tables(doc: RawDocument, settings: TableSettings | None = None) -> tuple[TableTrace, list[ReportWarning]]:
    """Run the PDF table reader on ``doc`` and return what it found, with its warnings."""
    trace = TableTrace()
    _, warnings = extract_pdf_tables(doc, settings, trace)
    return trace, warnings


def draw_tables(
    path: PathLike | RawDocument,
    page: int | None = None,
    out: PathLike | None = None,
    *,
    settings: TableSettings | None = None,
    scale: float = 2.0,
) -> Path:
    """Save a PNG of PDF page ``page`` (1-based) with the lines, columns and cells the table reader found.

    ``page=None`` picks the page where table 三 starts (else the first page with table 四 or 二).
    ``out`` defaults to ``<stem>_p<page>_tables.png`` in the current directory.  ``settings``
    are passed to the reader, so the effect of a changed tolerance can be seen.  Returns the path.

    >>> import tempfile, os
    >>> from nlp_reports.structure.tables_debug import draw_tables
    >>> png = draw_tables("corpora/sample/pdf/yunxi_2023.pdf", out=os.path.join(tempfile.mkdtemp(), "t.png"))
    >>> png.suffix, png.stat().st_size > 10_000
    ('.png', True)
    """
    doc = path if isinstance(path, RawDocument) else _load(path)
    if doc.format != "pdf" or not doc.pages:
        raise NlpReportsError(f"{doc.path}: draw_tables needs a PDF with a text layer (got format {doc.format!r})")
    trace, warnings = trace_tables(doc, settings)
    number = page if page is not None else _default_page(trace, doc)
    pages = {p.number: p for p in doc.pages}
    if number not in pages:
        raise NlpReportsError(f"{doc.path}: no page {number}; the document has pages 1-{len(doc.pages)}")
    img = _render(doc, number, scale)
    _overlay(img, trace, warnings, number, pages[number].height, scale)
    dest = Path(out) if out is not None else Path.cwd() / f"{Path(doc.path).stem}_p{number}_tables.png"
    dest.parent.mkdir(parents=True, exist_ok=True)
    img.convert("RGB").save(dest)
    return dest


def _load(path: PathLike) -> RawDocument:
    from ..ingest import load_document

    return load_document(path)


def _page_of(trace: TableTrace, y: float) -> int:
    """The page a stacked y lies on."""
    numbers = sorted(trace.offsets, key=lambda n: trace.offsets[n])
    starts = [trace.offsets[n] for n in numbers]
    return numbers[max(0, bisect.bisect_right(starts, y) - 1)]


def _default_page(trace: TableTrace, doc: RawDocument) -> int:
    if trace.applications is not None and trace.applications.span:
        return _page_of(trace, trace.applications.span[0].y)
    if trace.review is not None:
        return _page_of(trace, trace.review.header[0].y)
    if trace.proactive:
        return _page_of(trace, trace.proactive[0].line.y)
    return doc.pages[0].number


def _render(doc: RawDocument, number: int, scale: float):
    """The page as an RGBA image: rendered by pypdfium2, else glyph boxes on white."""
    from PIL import Image, ImageDraw

    try:
        import pypdfium2 as pdfium
    except ImportError:
        pdfium = None
    if pdfium is not None and os.path.isfile(doc.path):
        pdf = pdfium.PdfDocument(doc.path)
        try:
            return pdf[number - 1].render(scale=scale).to_pil().convert("RGBA")
        finally:
            pdf.close()
    page = next(p for p in doc.pages if p.number == number)
    width = max([page.width] + [c.x1 for ln in page.lines for c in ln.chars])
    height = max([page.height] + [c.bottom for ln in page.lines for c in ln.chars])
    img = Image.new("RGBA", (int(width * scale) + 1, int(height * scale) + 1), "white")
    draw = ImageDraw.Draw(img)
    for ln in page.lines:
        for c in ln.chars:
            draw.rectangle([c.x0 * scale, c.top * scale, c.x1 * scale, c.bottom * scale], outline=(90, 90, 90, 255))
    return img


def _overlay(
    img, trace: TableTrace, warnings: list[ReportWarning], number: int, page_height: float, scale: float
) -> None:
    """Draw the trace's lines, tokens and grids that lie on page ``number`` onto ``img``."""
    from PIL import Image, ImageDraw

    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.font = _font(max(10, int(7 * scale)))
    off = trace.offsets.get(number, 0.0)
    on_page = [ln for ln in trace.lines if _page_of(trace, ln.y) == number]

    def Y(y: float) -> float:  # stacked y -> pixel row
        return (y - off) * scale

    def box(x0: float, x1: float, ln: VLine, colour, width: int = 1, pad: float = 0.55) -> None:
        draw.rectangle(
            [x0 * scale, Y(ln.y - pad * ln.size), x1 * scale, Y(ln.y + pad * ln.size)], outline=colour, width=width
        )

    for ln in on_page:
        box(ln.glyphs[0].x0, max(g.x1 for g in ln.glyphs), ln, _GREY, pad=0.6)
        for t in ln.tokens:
            if t.cell:
                box(t.x0, t.x1, ln, _BLUE, 2)
            elif t.na:
                box(t.x0, t.x1, ln, _ORANGE, 2)
    caption = [f"page {number}: grey=lines blue=number cells orange=n/a marks"]
    caption += _draw_applications(draw, trace, number, Y, scale)
    caption += _draw_review(draw, trace, number, Y, scale)
    caption += _draw_proactive(draw, trace, number, box)
    caption += [f"warning: {w.code}: {_ascii(w.message)}" for w in warnings]
    y, step = 4, int(draw.textbbox((0, 0), "Ag")[3]) + 3
    for text in caption:
        draw.rectangle([4, y, 10 + draw.textlength(text), y + step], fill=(255, 255, 255, 230))
        draw.text((7, y + 1), text, fill=(0, 0, 0, 255))
        y += step
    img.alpha_composite(layer)


def _font(size: int):
    """Pillow's default font at ``size`` pixels (older Pillow: its fixed bitmap font)."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:
        return ImageFont.load_default()


def _ascii(text: str) -> str:
    """The default bitmap font has no CJK glyphs: table numerals spelled out, other CJK as '?'."""
    text = text.replace("table 二", "table 2").replace("table 三", "table 3").replace("table 四", "table 4")
    return "".join(ch if ord(ch) < 128 else "?" for ch in text)


def _draw_applications(draw, trace: TableTrace, number: int, Y, scale: float) -> list[str]:
    grid = trace.applications
    if grid is None:
        return ["table 3: not found"]
    span = [ln for ln in grid.head_lines + grid.span if _page_of(trace, ln.y) == number]
    if not span:
        return [f"table 3: {len(grid.rows)} number rows, not on this page"]
    fs = grid.fs
    right = max(g.x1 for ln in grid.span for g in ln.glyphs) + 0.5 * fs
    bounds = [b if b != float("inf") else right for b in grid.bounds]
    heads = [ln for ln in grid.head_lines if _page_of(trace, ln.y) == number]
    if heads:
        draw.rectangle(
            [
                bounds[0] * scale,
                Y(heads[0].y - 0.7 * heads[0].size),
                bounds[-1] * scale,
                Y(heads[-1].y + 0.7 * heads[-1].size),
            ],
            fill=_YELLOW,
        )
    top, bottom = Y(span[0].y - 0.8 * fs), Y(span[-1].y + 0.8 * fs)
    for j, b in enumerate(bounds):
        draw.line([b * scale, top, b * scale, bottom], fill=_RED, width=2)
        if j < len(bounds) - 1:
            draw.text((b * scale + 3, top - 1.4 * fs * scale), f"c{j + 1}", fill=_RED)
    ys = [y for y, _ in grid.rows]
    for i, (y, vals) in enumerate(grid.rows):
        if _page_of(trace, y) != number:
            continue
        up = (y + ys[i - 1]) / 2 if i > 0 and _page_of(trace, ys[i - 1]) == number else y - 0.7 * fs
        down = (y + ys[i + 1]) / 2 if i + 1 < len(ys) and _page_of(trace, ys[i + 1]) == number else y + 0.7 * fs
        draw.line([bounds[0] * scale, Y(y), bounds[-1] * scale, Y(y)], fill=_GREY, width=1)
        label = f"r{i + 1}"
        draw.text(
            (bounds[0] * scale - 4 - draw.textlength(label), Y(y) - draw.textbbox((0, 0), label)[3] / 2),
            label,
            fill=_GREEN,
        )
        for j, v in enumerate(vals):
            if v is not None:
                draw.rectangle(
                    [bounds[j] * scale + 2, Y(up) + 2, bounds[j + 1] * scale - 2, Y(down) - 2], outline=_GREEN, width=2
                )
    return [f"table 3: {len(bounds) - 1} columns (red), {len(grid.rows)} number rows (green = cells read)"]


def _draw_review(draw, trace: TableTrace, number: int, Y, scale: float) -> list[str]:
    grid = trace.review
    if grid is None:
        return ["table 4: not found"]
    if not any(_page_of(trace, ln.y) == number for ln in grid.header + grid.num_lines):
        return ["table 4: not on this page"]
    for ln in grid.num_lines:
        for t in ln.cells:
            draw.rectangle(
                [t.x0 * scale - 2, Y(ln.y - 0.7 * ln.size), t.x1 * scale + 2, Y(ln.y + 0.7 * ln.size)],
                outline=_MAGENTA,
                width=2,
            )
    if grid.slots is not None:
        top = Y(grid.header[0].y - 0.7 * grid.header[0].size)
        bottom = Y(grid.header[-1].y + 0.7 * grid.header[-1].size)
        for x in grid.slots:
            draw.line([x * scale, top, x * scale, bottom], fill=_PURPLE, width=2)
    n = sum(len(ln.cells) for ln in grid.num_lines)
    slots = "15 header columns (purple)" if grid.slots is not None else "header columns not found"
    return [f"table 4: {n} numbers (magenta), {slots}"]


def _draw_proactive(draw, trace: TableTrace, number: int, box) -> list[str]:
    rows = [r for r in trace.proactive if _page_of(trace, r.line.y) == number]
    if not trace.proactive:
        return ["table 2: not found"]
    for r in rows:
        box(r.line.glyphs[0].x0, max(g.x1 for g in r.line.glyphs), r.line, _CYAN, 2, pad=0.75)
        if r.num_line is not None:
            for t in r.num_line.cells:
                box(t.x0 - 1, t.x1 + 1, r.num_line, _MAGENTA, 2, pad=0.65)
    return [f"table 2: {len(trace.proactive)} item rows ({len(rows)} on this page, cyan; numbers magenta)"]
