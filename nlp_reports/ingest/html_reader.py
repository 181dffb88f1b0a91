"""HTML inputs -> :class:`~nlp_reports.model.RawDocument` (stdlib :mod:`html.parser` only).

Paragraphs come from block elements (p, div, h1-h6, li, br, tr …); script/style/nav and other
non-content elements are dropped; ``<title>`` becomes ``RawDocument.title``.  Each ``<table>``
becomes one entry of ``RawDocument.html_tables`` (rows of cell strings; a cell spanning several
columns or rows is repeated in each position it covers) and its text is kept out of the
paragraphs.  Paragraph text then goes through the same cleaning as plain text
(:mod:`.text_reader`): normalisation, web navigation at the start/end, run-on splitting.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..errors import EmptyFileError
from ..model import Line, Paragraph, RawDocument, ReportWarning
from .text_reader import clean_line, decode_bytes, is_navigation, split_run_on

__all__ = ["read_html", "HtmlTextParser"]

_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd br hr tr section article header footer blockquote pre "
    "center address figure figcaption main aside form fieldset".split()
)
_SKIP = frozenset("script style nav noscript iframe select option button svg canvas template object head".split())
_VOID = frozenset("br hr img input meta link area base col embed param source track wbr".split())
_CJK_CHAR = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”《》]"


class HtmlTextParser(HTMLParser):
    """Collects block texts, the <title> and the tables of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title = ""
        self.tables: list[list[list[str]]] = []
        self.n_spans_cut = 0
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        # table stack: each entry is (rows, current row, current cell buffer or None, cell spans)
        self._tables: list[dict] = []

    # -- helpers
    def _flush(self) -> None:
        text = "".join(self._buf)
        self._buf = []
        text = re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
        if text:
            self.blocks.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = True
            return
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip += 1
            return
        if self._skip:
            return
        if tag == "table":
            if not self._tables:
                self._flush()
            self._tables.append({"rows": [], "row": None, "cell": None, "span": (1, 1)})
            return
        if self._tables:
            t = self._tables[-1]
            if tag == "tr":
                t["row"] = []
            elif tag in ("td", "th"):
                if t["row"] is None:
                    t["row"] = []
                a = dict(attrs)
                t["cell"] = []
                t["span"] = (_int(a.get("colspan")), _int(a.get("rowspan")))
            elif tag in ("br", "p", "div") and t["cell"] is not None:
                t["cell"].append(" ")
            return
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
            return
        if tag in _SKIP:
            if tag not in _VOID and self._skip:
                self._skip -= 1
            return
        if self._skip:
            return
        if self._tables:
            t = self._tables[-1]
            if tag in ("td", "th") and t["cell"] is not None:
                self._end_cell(t)
            elif tag == "tr":
                if t["cell"] is not None:
                    self._end_cell(t)
                if t["row"] is not None:
                    t["rows"].append(t["row"])
                t["row"] = None
            elif tag == "table":
                if t["cell"] is not None:
                    self._end_cell(t)
                if t["row"]:
                    t["rows"].append(t["row"])
                self._tables.pop()
                grid, n_cut = _fill([r for r in t["rows"] if r])
                self.n_spans_cut += n_cut
                if self._tables and self._tables[-1]["cell"] is not None:  # nested table: flatten into the cell
                    self._tables[-1]["cell"].append(" ".join(c for r in grid for c in r if c))
                elif grid:
                    self.tables.append(grid)
            return
        if tag in _BLOCK:
            self._flush()

    def _end_cell(self, t: dict) -> None:
        text = re.sub(r"\s+", " ", "".join(t["cell"])).strip()
        t["row"].append((text, t["span"][0], t["span"][1]))
        t["cell"] = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip:
            return
        if self._tables:
            t = self._tables[-1]
            if t["cell"] is not None:
                t["cell"].append(data)
            return
        self._buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


#: largest rowspan/colspan honoured (the template's tables are about 25 rows by 10 columns)
MAX_SPAN = 50
#: columns kept per table row; cells beyond are dropped (a real report table has about 10)
MAX_COLUMNS = 60


def _int(v: str | None) -> int:
    """A span attribute as an int >= 1 (unparseable -> 1); not capped here, see :func:`_fill`."""
    try:
        return max(1, int(str(v).strip()[:12]))
    except (TypeError, ValueError):
        return 1


def _fill(rows: list[list[tuple[str, int, int]]]) -> tuple[list[list[str]], int]:
    """Lay cells out on a grid, repeating a spanning cell's text in every position it covers.

    Returns (grid, number of spans or cells cut).  Spans are capped at :data:`MAX_SPAN` and rows
    at :data:`MAX_COLUMNS`, so the work is linear in the number of rows (a page with huge or
    nested spans cannot make it quadratic or fill the memory).
    """
    grid: list[list[str | None]] = [[] for _ in rows]
    n_cut = 0
    for i, row in enumerate(rows):
        line = grid[i]
        j = 0
        for text, colspan, rowspan in row:
            while j < len(line) and line[j] is not None:
                j += 1
            if j >= MAX_COLUMNS:
                n_cut += 1
                break
            if colspan > MAX_SPAN or rowspan > MAX_SPAN:
                n_cut += 1
            width = min(colspan, MAX_SPAN, MAX_COLUMNS - j)
            for di in range(min(rowspan, MAX_SPAN, len(rows) - i)):
                target = grid[i + di]
                if len(target) < j + width:
                    target.extend([None] * (j + width - len(target)))
                target[j : j + width] = [text] * width
            j += width
    return [["" if c is None else c for c in line] for line in grid], n_cut


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii", "ignore").lower() if m else None


def read_html(path: str, data: bytes) -> RawDocument:
    """Read an HTML page into a :class:`RawDocument` (paragraphs, title, ``html_tables``)."""
    if not data or not data.strip():
        raise EmptyFileError(f"{path}: the file is empty; remove it from the input", path=path)
    warnings: list[ReportWarning] = []
    cs = _declared_charset(data)
    text: str | None = None
    if cs and cs not in ("utf-8", "utf8"):
        try:
            text = data.decode("gb18030" if cs in ("gb2312", "gbk", "gb18030") else cs)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, warnings = decode_bytes(data, path)
    parser = HtmlTextParser()
    parser.feed(text)
    parser.close()

    lines: list[Line] = []
    pieces: list[tuple[str, str]] = []
    blocks = []
    n_pinyin = 0
    for b in parser.blocks:
        s, n = clean_line(b)
        n_pinyin += n
        # spaces from source line breaks between two CJK characters are not text
        s = re.sub(r"(?<=" + _CJK_CHAR + r") (?=" + _CJK_CHAR + r")", "", s).strip()
        if s:
            blocks.append(s)
    edge = set(range(min(6, len(blocks)))) | set(range(max(0, len(blocks) - 4), len(blocks)))
    for i, s in enumerate(blocks):
        if i in edge and is_navigation(s):
            lines.append(Line(s, page=1, furniture="navigation"))
            continue
        lines.append(Line(s, page=1))
        pieces.extend(split_run_on(s) if len(s) >= 300 else [(s, "text")])
    cleaned: dict[str, str] = {}  # a spanning cell repeats one text many times: clean it once

    def clean_cell(c: str) -> str:
        if c not in cleaned:
            cleaned[c] = clean_line(c)[0].strip()
        return cleaned[c]

    tables = [[[clean_cell(c) for c in row] for row in t] for t in parser.tables]
    title, _ = clean_line(re.sub(r"\s+", " ", parser.title).strip())
    if n_pinyin:
        warnings.append(
            ReportWarning("mirror_noise", f"{n_pinyin} bracketed pinyin annotations removed (text from a mirror site)")
        )
    if parser.n_spans_cut:
        warnings.append(
            ReportWarning(
                "table_span_capped",
                f"{parser.n_spans_cut} table cell(s) with a rowspan/colspan above {MAX_SPAN} or beyond column "
                f"{MAX_COLUMNS} were cut; check the table against the original page",
            )
        )
    paragraphs = [Paragraph(t, page=1, kind=k) for t, k in pieces if t.strip()]
    if not paragraphs and not tables:
        raise EmptyFileError(f"{path}: the page has no text outside scripts and navigation; check the file", path=path)
    return RawDocument.one_page(
        path, "html", data, lines, paragraphs, title=title, warnings=warnings, html_tables=tables
    )
