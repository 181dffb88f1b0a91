"""Sub-headings （一）（二）… inside one part.

A sub-heading is a bracketed Chinese numeral — full-width （一） or ASCII (一) — at the start of a
line or after a sentence end, numbered in sequence (（一） then （二） …: a marker out of sequence
is text, not a heading).  Its title runs to the first 。：; or the end of the line
("（一）主动公开情况。主要通过…" -> '主动公开情况'); a run-on title with no stop is cut after the
first 方面/情况/问题/措施 word.  Enumerations "一是…二是…" are not sub-headings, and neither are the
rows of table 三 （一）予以公开 … （七）总计.
"""

from __future__ import annotations

import re

from ..model import Subsection
from ..text_patterns import SUB_MARKER_RE, char_before, cn_numeral_value, is_boundary_before

__all__ = ["find_subsections", "subsection_titles"]

_TABLE_ROW = re.compile(r"\s*(予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|总计|本列数据)")
_TITLE_STOP = re.compile(
    r"[。：:；;！？\n]|(?<=\S\S)[ \t]|(?<=..)(?=\d{1,2}[、.．][^\d]|[一二三四五六七八九十]是|(?:19|20)\d{2}年)"
)
_TITLE_WORD = re.compile(r"方面|情况|问题|措施|不足|举措|数量|类别|形式|做法|成效")
_MAX_TITLE = 30


def _title_end(text: str, start: int) -> tuple[int, int]:
    """(end of the title, start of the body) for a sub-heading whose title begins at ``start``."""
    while start < len(text) and text[start] in " \t":
        start += 1
    m = _TITLE_STOP.search(text, start)
    stop = m.start() if m else len(text)
    if stop - start <= _MAX_TITLE:
        body = m.end() if m else stop
        return stop, body
    # run-on title: cut after the first title word within the first characters
    w = _TITLE_WORD.search(text, start, start + 20)
    if w:
        return w.end(), w.end()
    return start, start


def find_subsections(text: str) -> list[Subsection]:
    """The （一）…（N） sub-headings of a part's text with their titles and bodies."""
    found: list[tuple[int, int, int, str, str]] = []  # (marker start, title start, body start, number, title)
    expected = 1
    for m in SUB_MARKER_RE.finditer(text):
        value = cn_numeral_value(m.group("num"))
        if value != expected:
            continue
        p = m.start()
        if not is_boundary_before(text, p):
            before = char_before(text, p)
            if not before or before not in "。！？；：:":
                continue
        elif p > 0 and not text[p - 1].isspace() and text[p - 1] not in "。！？；：:":
            # after a digit or Latin letter: only in flattened tables, never a sub-heading
            continue
        if _TABLE_ROW.match(text, m.end()):
            continue
        tend, body = _title_end(text, m.end())
        title = text[m.end() : tend].strip().rstrip("。.，,")
        found.append((p, m.end(), body, m.group(0), title))
        expected += 1
    subs: list[Subsection] = []
    for i, (p, _tstart, body, number, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        body_text = text[body:end].strip()
        subs.append(Subsection(number=number, title=title, text=body_text, start=p, end=end))
    return subs


def subsection_titles(text: str) -> list[str]:
    """Titles of the sub-headings of ``text`` (convenience for frames and tests)."""
    return [s.title for s in find_subsections(text)]
