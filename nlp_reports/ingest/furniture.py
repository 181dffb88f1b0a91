"""Page furniture: page numbers, browser print headers/footers and running titles.

A line is furniture only if it sits in the top or bottom band of its page (among the first or
last few lines) AND either has the shape of a page number / browser stamp, or is repeated at the
same place on most pages.  So a short body line such as "3" inside a table, or a sentence that
happens to open a page, is never dropped.  Furniture lines stay in ``RawDocument.pages`` with
``Line.furniture`` set to the reason; the paragraph builder skips them.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import Line, Page

__all__ = ["mark_furniture", "is_page_number", "BAND"]

#: fraction of the page height at the top and at the bottom where furniture can sit
BAND: float = 0.12
#: at most this many lines from the top / bottom of a page are furniture candidates
_MAX_EDGE_LINES: int = 3

_DASHES = r"\-—–―~～_·•.\s"
_PAGE_NUMBER_RES = [
    re.compile(rf"^[{_DASHES}]*\d{{1,4}}[{_DASHES}]*$"),  # 3, - 3 -, -3-, — 3 —
    re.compile(r"^[\[(（]?\s*\d{1,4}\s*[/／]\s*\d{1,4}\s*[\])）]?$"),  # 3/5, (3/5)
    re.compile(r"^第\s*\d{1,4}\s*页\s*[,，、/]?\s*(?:共\s*\d{1,4}\s*页)?$"),  # 第3页, 第 3 页 共 5 页
    re.compile(r"^共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页$"),  # 共5页 第3页
    re.compile(r"^(?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE),  # Page 3 of 5
    re.compile(rf"^[{_DASHES}]*[ivxlc]{{1,6}}[{_DASHES}]*$", re.IGNORECASE),  # - iii -
]
_DATE_TIME = re.compile(
    r"\d{1,4}[/.\-年]\d{1,2}[/.\-月]\d{1,4}日?\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"|(?:上午|下午)\s*\d{1,2}:\d{2}"
)
_URL = re.compile(r"(?:https?|file|ftp)://|www\.[\w-]+\.|\.(?:gov|com|org|net)\.cn\b|\.s?html?\b", re.IGNORECASE)
_PAGE_OF = re.compile(r"\d{1,4}\s*/\s*\d{1,4}\s*$")
_URL_START = re.compile(r"^(?:https?|file|ftp)://\S+", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


def is_page_number(text: str) -> bool:
    """True if ``text`` (one line) has the shape of a page number in any common form."""
    t = text.strip()
    if not t or len(t) > 20:
        return False
    return any(r.match(t) for r in _PAGE_NUMBER_RES)


def _is_browser_footer(text: str) -> bool:
    """A browser print footer: starts with a URL, and/or ends with "n/m" (n <= m)."""
    if _URL_START.match(text):
        return True
    m = _PAGE_OF.search(text)
    if not m:
        return False
    n, total = (int(x) for x in re.findall(r"\d+", m.group()))
    return 0 < n <= total and (m.start() == 0 or bool(_URL.search(text)))


def _shape(text: str, band: str) -> str:
    """Furniture kind given by the shape of an edge line's text ('' if none)."""
    if is_page_number(text):
        return "page_number"
    if band == "header" and _DATE_TIME.match(text):  # the browser stamp opens the line
        return "header"
    if band == "footer" and _is_browser_footer(text):
        return "footer"
    return ""


def _edge_lines(page: Page) -> tuple[list[Line], list[Line]]:
    """Candidate lines in the top band and in the bottom band of ``page``."""
    h = page.height or max((ln.bottom or 0.0 for ln in page.lines), default=0.0)
    top = [ln for ln in page.lines[:_MAX_EDGE_LINES] if (ln.bottom or 0.0) <= BAND * h]
    bottom = [ln for ln in page.lines[-_MAX_EDGE_LINES:] if (ln.top or 0.0) >= (1 - BAND) * h]
    return top, bottom


def _repeat_key(line: Line) -> str:
    """Text with digits and spaces neutralised, so "第3页"/"第4页" or "2/5"/"3/5" share a key."""
    return _DIGITS.sub("#", _SPACES.sub("", line.text))


def mark_furniture(pages: list[Page]) -> None:
    """Set ``Line.furniture`` on the page furniture of ``pages`` (in place)."""
    edges = [_edge_lines(p) for p in pages]

    # 1. shapes: page numbers, browser print header (date/time), footer (URL, "n/m"); only the
    #    outermost lines of a page qualify (walking inwards until a line is not furniture)
    for top, bottom in edges:
        for band, lines in (("header", top), ("footer", list(reversed(bottom)))):
            for ln in lines:
                kind = _shape(ln.text.strip(), band)
                if not kind:
                    break
                ln.furniture = kind

    # 2. running titles: the same text at about the same height on most pages
    if len(pages) < 2:
        return
    seen: dict[tuple[str, str], list[tuple[float, Line]]] = defaultdict(list)
    for top, bottom in edges:
        for band, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                if not ln.furniture and ln.text.strip():
                    seen[(band, _repeat_key(ln))].append((ln.top or 0.0, ln))
    need = max(2, (len(pages) + 1) // 2)
    for (_band, _key), found in seen.items():
        pages_hit = {ln.page for _, ln in found}
        if len(pages_hit) < need:
            continue
        tops = sorted(t for t, _ in found)
        median = tops[len(tops) // 2]
        for t, ln in found:
            if abs(t - median) <= max(3.0, 0.5 * (ln.size or 10.0)):
                ln.furniture = "running_title"
