"""Kept lines of all pages -> :class:`~nlp_reports.model.Paragraph` s.

Lines are read in page order and joined into paragraphs, also across page breaks (the page
furniture in between has already been marked and is skipped).  A new paragraph starts

* at an indented line (about two characters right of the page's body margin),
* after a short line: the previous line stops further from the right margin than the next
  line's first word (or first character plus a closing punctuation mark) would have needed,
* at a heading (一、 / （一） / 第一部分 after a finished sentence), a centred line, a change of
  font size, a clearly larger vertical gap than the page's usual line pitch,
* at a table row (a line whose text is split by wide gaps into cells); such rows are kept as
  their own paragraphs, cells separated by one space, so they never leak into the narrative.

Title lines in a larger font that follow each other are joined into one heading paragraph.
Joining: no space between CJK characters, one space between two Latin words or numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Line, Page, Paragraph
from ..text_patterns import LINE_HEADING_START_RE
from .pdf_chars import is_latin
from .pdf_lines import CELL_GAP, widest_gap

__all__ = ["build_paragraphs"]

_HEADING = LINE_HEADING_START_RE
_SENTENCE_END = "。！？；：!?;:”）)"
_CLOSING = "，。、；：？！）》」』”’,.;:?!)%"
_OPENING = "（《“‘【「『〔(["
_NO_SPACE_AFTER = "-/@._:(（'\"#&+=~"


@dataclass
class _Geometry:
    """Body text geometry of one page (or of the document, as fallback)."""

    left: float
    right: float
    size: float
    pitch: float


def _mode(values: list[float], default: float) -> float:
    if not values:
        return default
    return Counter(round(v) for v in values).most_common(1)[0][0]


def _percentile(values: list[float], q: float, default: float) -> float:
    if not values:
        return default
    vals = sorted(values)
    return vals[min(len(vals) - 1, int(q * len(vals)))]


def _is_body(line: Line, size: float) -> bool:
    return abs((line.size or 0.0) - size) <= 0.12 * size and len(line.chars) >= 6


def _left_margin(x0s: list[float], default: float) -> float:
    """The body's left margin: the leftmost start shared by a fair share of lines.

    Not simply the most common start: in short paragraphs the indented first lines (and
    indented headings) can outnumber the continuation lines that sit on the margin.
    """
    if not x0s:
        return default
    counts = Counter(round(v) for v in x0s)
    need = max(2, int(0.1 * len(x0s)))
    common = [x for x, n in counts.items() if n >= need]
    return float(min(common)) if common else float(counts.most_common(1)[0][0])


def _geometry(lines: list[Line], size: float, fallback: _Geometry | None) -> _Geometry:
    body = [ln for ln in lines if _is_body(ln, size)]
    if fallback is not None and len(body) < 4:
        return fallback
    left = _left_margin([ln.x0 or 0.0 for ln in body], fallback.left if fallback else 0.0)
    right = _percentile([ln.x1 or 0.0 for ln in body], 0.8, fallback.right if fallback else 0.0)
    pitches = [
        (b.top or 0.0) - (a.top or 0.0)
        for a, b in zip(body, body[1:])
        if 0 < (b.top or 0.0) - (a.top or 0.0) < 3 * size
    ]
    pitches.sort()
    pitch = pitches[len(pitches) // 2] if pitches else (fallback.pitch if fallback else 1.5 * size)
    if fallback is not None:
        # a page of mostly short or indented lines says little about its margins: keep the
        # document's unless the page is clearly shifted as a whole (mirrored margins)
        if abs(left - fallback.left) > 3 * size:
            left = fallback.left
        if abs(right - fallback.right) > 3 * size or right - left < 0.5 * (fallback.right - fallback.left):
            right = fallback.right
    return _Geometry(left, right, size, pitch)


def _first_token_width(line: Line) -> float:
    """Width the first unbreakable unit of ``line`` would have needed at the end of the previous line.

    The unit is: opening brackets, then a Latin word/number (or one CJK character), then closing
    punctuation -- line breaking never separates these.
    """
    chars = line.chars
    n = len(chars)
    i = 0
    while i < n - 1 and chars[i].text[0] in _OPENING:
        i += 1
    if is_latin(chars[i].text[0]):
        while i + 1 < n and is_latin(chars[i + 1].text[0]) and chars[i + 1].x0 - chars[i].x1 <= 0.15 * chars[i].size:
            i += 1
    for _ in range(2):
        if i + 1 < n and chars[i + 1].text[0] in _CLOSING:
            i += 1
    return chars[i].x1 - chars[0].x0


def _is_centred(line: Line, g: _Geometry) -> bool:
    x0, x1 = line.x0 or 0.0, line.x1 or 0.0
    return (
        x0 > g.left + 2 * g.size
        and x1 < g.right - 2 * g.size
        and abs((x0 + x1) / 2 - (g.left + g.right) / 2) < 1.5 * g.size
    )


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    pa, nb = a[-1], b[0]
    if is_latin(pa) and is_latin(nb) and pa not in _NO_SPACE_AFTER and (nb.isalnum() or nb in "(\"'"):
        return a + " " + b
    return a + b


def build_paragraphs(pages: list[Page]) -> list[Paragraph]:
    """Join the non-furniture lines of ``pages`` into paragraphs (see the module docstring)."""
    kept_by_page = [[ln for ln in p.lines if not ln.furniture and ln.text.strip()] for p in pages]
    all_lines = [ln for lines in kept_by_page for ln in lines]
    if not all_lines:
        return []
    # the body font is the size that carries most characters of narrative lines; table rows are
    # left out, since a long table set in a smaller font can outweigh the prose
    size_weights: Counter[float] = Counter()
    widest = {id(ln): widest_gap(ln.chars) for ln in all_lines}  # a gap wider than CELL_GAP sizes: a table row
    for ln in all_lines:
        if not widest[id(ln)] > CELL_GAP * (ln.size or 10.0):
            size_weights[ln.size or 0.0] += len(ln.chars)
    if not size_weights:
        for ln in all_lines:
            size_weights[ln.size or 0.0] += len(ln.chars)
    body_size = size_weights.most_common(1)[0][0] or 10.0
    doc_geom = _geometry(all_lines, body_size, None)

    paragraphs: list[Paragraph] = []
    cur_text = ""
    cur_page = 0
    cur_kind = "text"
    cur_display = False  # the paragraph is set big or centred (a title), not just numbered
    prev: Line | None = None
    prev_geom = doc_geom
    prev_is_row = False
    prev_heading_line = False

    def flush() -> None:
        text = cur_text.strip()
        if not text:
            return
        kind = cur_kind
        # a numbered heading that runs on into body text ("三、…情况2016年全区…。") is body text
        if kind == "heading" and (len(text) > (60 if cur_display else 30) or "。" in text[:-1] or "，" in text):
            kind = "text"
        paragraphs.append(Paragraph(text=text, page=cur_page, kind=kind))

    for lines in kept_by_page:
        if not lines:
            continue
        g = _geometry(lines, body_size, doc_geom)
        for ln in lines:
            size = ln.size or body_size
            is_row = widest[id(ln)] > CELL_GAP * size
            big = size > 1.15 * body_size
            centred = _is_centred(ln, g)
            heading_re = bool(_HEADING.match(ln.text))
            same_page = prev is not None and prev.page == ln.page
            new = True
            join_title = False
            if prev is not None and not is_row and not prev_is_row:
                psize = prev.size or body_size
                if abs(size - psize) > 0.12 * max(size, psize):
                    new = True
                elif (
                    big
                    and prev_heading_line
                    and same_page
                    and not heading_re
                    and (ln.top or 0) - (prev.top or 0) < 2.2 * size
                ):
                    new, join_title = False, True  # a title set over two lines
                elif same_page and (ln.top or 0.0) - (prev.top or 0.0) > 1.3 * g.pitch and size <= 1.15 * body_size:
                    new = True
                elif (ln.x0 or 0.0) - g.left >= 1.2 * size or centred or big:
                    new = True
                elif heading_re and prev.text.rstrip()[-1:] in _SENTENCE_END:
                    new = True
                elif prev_geom.right - (prev.x1 or 0.0) > _first_token_width(ln) + 1.1 * psize:
                    new = True
                else:
                    new = False
            if new:
                flush()
                cur_text, cur_page = ln.text.strip(), ln.page
                cur_kind = "heading" if (big or centred or heading_re) and not is_row else "text"
                cur_display = big or centred
            else:
                cur_text = _join(cur_text, ln.text.strip())
                if not join_title and cur_kind == "heading" and not heading_re:
                    cur_kind = "text"
            prev, prev_geom, prev_is_row = ln, g, is_row
            prev_heading_line = big and not is_row
    flush()
    return paragraphs
