"""Plain-text inputs -> :class:`~nlp_reports.model.RawDocument`.

Two shapes of text occur and both are handled:

* **line-broken text** (the text of a printed PDF): page furniture (browser print header
  "date + title", footer "URL n/m", page numbers "- 3 -", "3/5", "第3页") is dropped, and the lines
  of one paragraph are joined — CJK without a space — when the previous line is a *full* line
  (as wide as the text column) that does not end a sentence; a heading, a short line or an
  indented line starts a new paragraph.  Table rows (short lines of numbers) are never joined.
* **one long line of web text** (a page saved as text): an optional header of ``key: value``
  fields (标题/发布时间/发布机构/原文链接…) up to a ``==== 正文 ====`` rule, then the body as one line
  with headings inline.  The body is split into paragraphs at part headings (一、… 六、), at
  sub-headings （一） after a sentence end, and at whitespace after a sentence end; only that
  whitespace is dropped, never a character of the text.

Web navigation (当前位置：首页…, 来源：…时间：…, 微信 微博 QQ空间, 打印本页, 关闭窗口, 【字体：大 中 小】)
is dropped only at the start or the end of the document, where it is clearly navigation.
Stray Word HTML comments (<!--[if !supportLists]-->) and mirror-site pinyin noise (a character
followed by its pinyin in brackets, "政(zhèng)") are removed.  The header fields are kept as
``Line`` s with ``furniture='metadata'`` on page 1 (the metadata stage reads 发布机构 / 来源 there);
``RawDocument.title`` is the 标题 field.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import EmptyFileError
from ..model import Line, Paragraph, RawDocument, ReportWarning
from .encoding import decode_text

__all__ = [
    "read_text",
    "decode_bytes",
    "clean_line",
    "strip_html_comments",
    "split_run_on",
    "is_navigation",
    "paragraphs_from_lines",
    "HEADER_FIELD_RE",
]


def _normalizer() -> Callable[[str], str]:
    """The project's normaliser, imported lazily (ingest/normalize.py is the one place for it)."""
    from .normalize import normalize_text

    return normalize_text


# ----------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: str = "") -> tuple[str, list[ReportWarning]]:
    """Decode text bytes (UTF-8/16, GB18030, Big5, mixed; see :mod:`.encoding`): (text, warnings).

    Undecodable bytes are replaced (with a warning) rather than failing the whole document.
    """
    decoded = decode_text(data, path)
    return decoded.text, decoded.warnings


# ----------------------------------------------------------------------------- cleaning

_CONDITIONAL = re.compile(r"<!\[(?:if|endif)[^\]]{0,200}\]>")


def strip_html_comments(s: str) -> str:
    """Remove ``<!-- … -->`` comments and Word's ``<![if …]>`` / ``<![endif]>`` marks, in linear time.

    Why not a regex: ``<!--.*?-->`` rescans the rest of the line from every unclosed ``<!--``,
    which is quadratic on a line of repeated ``<!--``.  An unclosed comment is kept as text.
    """
    if "<!" not in s:
        return s
    out: list[str] = []
    i = 0
    closed_after = True  # False once a "<!--" found no "-->": no later one can close either
    while True:
        j = s.find("<!", i)
        if j < 0:
            break
        if closed_after and s.startswith("<!--", j):
            k = s.find("-->", j + 4)
            if k >= 0:
                out.append(s[i:j])
                i = k + 3
                continue
            closed_after = False
        m = _CONDITIONAL.match(s, j)
        if m:
            out.append(s[i:j])
            i = m.end()
            continue
        out.append(s[i : j + 2])
        i = j + 2
    out.append(s[i:])
    return "".join(out)


_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_NOISE = re.compile(
    r"(?<=[\u3400-\u9fff])[（(]\s*(?=[a-zü" + _TONE_VOWELS + r"]*[" + _TONE_VOWELS + r"])"
    r"[a-zü" + _TONE_VOWELS + r"]{1,7}\s*[)）]"
)


def clean_line(s: str, normalize: Callable[[str], str] | None = None) -> tuple[str, int]:
    """Normalise one line, strip HTML comments and mirror-site pinyin; returns (line, n_pinyin_removed)."""
    norm = normalize or _normalizer()
    s = norm(s)
    s = strip_html_comments(s)
    s, n = _PINYIN_NOISE.subn("", s)
    return s, n


#: a header field of a saved web page: "标题: …", "发布机构：…"
HEADER_FIELD_RE = re.compile(
    r"^\s*(标题|题目|发布时间|发布日期|成文日期|发文日期|发布机构|发文机关|来源|文号|发文字号|索引号|栏目|"
    r"原文链接|链接|网址|本地目录|主题分类|信息提供日期|更新时间)\s*[:：]\s*(.*)$"
)
_BODY_RULE = re.compile(r"^\s*=+\s*正文\s*=+\s*$")

_NAV_TOKEN = (
    r"当前位置\s*[:：]?|您的位置\s*[:：]?|您现在的位置\s*[:：]?|首页\s*[>＞›»]|[>＞›»]\s*信息公开|"
    r"来源\s*[:：][^。]{0,40}?时间\s*[:：]\s*[\d\-/: ]+|发布时间\s*[:：]\s*[\d\-/: ]+|发布日期\s*[:：]\s*[\d\-/: ]+|"
    r"信息提供日期\s*[:：]\s*[\d\-/: ]+|更新时间\s*[:：]|浏览次数\s*[:：]?\s*\d*|"
    r"【\s*字体\s*[:：]?[^】]{0,12}】|字体\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?|字体大小\s*[:：]?|字号\s*[:：]?\s*大\s*中\s*小|"
    r"微信\s*微博(?:\s*QQ空间)?|QQ空间|全真版|文字版|文件下载|相关链接\s*[:：]?|-->|"
    r"打印本页|【\s*打印\s*】|打印|关闭窗口|【\s*关闭\s*】|返回顶部|分享到\s*[:：]?|扫一扫在手机打开当前页|扫一扫|附件下载|"
    r"视力保护色|默认\s*大\s*中\s*小"
)
_NAV_TOKEN_RE = re.compile(_NAV_TOKEN)
_NAV_START_RE = re.compile(r"^\s*(当前位置|您的位置|您现在的位置|首页\s*[>＞›»]|位置\s*[:：])")
_NAV_TAIL_RE = re.compile(
    r"(?:附件下载|打印本页|【\s*打印\s*】|关闭窗口|【\s*关闭\s*】|返回顶部|分享到\s*[:：]?|扫一扫在手机打开当前页|"
    r"扫一扫|【\s*字体\s*[:：]?[^】]{0,12}】)\s*$"
)


def is_navigation(line: str) -> bool:
    """True for a short line that is web-page navigation, not report text (no sentence in it)."""
    s = line.strip()
    if not s or len(s) > 160 or "。" in s:
        return False
    if _NAV_START_RE.match(s):
        return True
    rest = _NAV_TOKEN_RE.sub("", s)
    if rest != s and len(re.sub(r"[\s:：|｜/\-]", "", rest)) <= max(4, len(s) // 3):
        return True  # mostly navigation tokens
    # "发布时间 : 2021-01-25 来源:XX 字体大小:" style lines
    fields = re.findall(r"(发布时间|发布日期|来源|字体大小|浏览次数|信息提供日期|更新时间|作者|点击数)\s*[:：]", s)
    return len(fields) >= 2 or bool(re.fullmatch(r"(更新时间|发布时间|发布日期)\s*[:：]\s*[\d\-/: ]*", s))


# page furniture of printed PDFs
_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("page_number", re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")),
    ("page_number", re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")),
    ("page_number", re.compile(r"^\s*第\s*\d{1,3}\s*页(\s*[,，/]?\s*共\s*\d{1,3}\s*页)?\s*$")),
    ("footer", re.compile(r"^\s*(https?://|www\.)\S+(\s+\d{1,3}\s*/\s*\d{1,3})?\s*$")),
    ("header", re.compile(r"^\s*\d{4}/\d{1,2}/\d{1,2}(\s+(上午|下午)?\d{1,2}:\d{2}(:\d{2})?)?\s+\S.{0,80}$")),
)


def _furniture_kind(line: str) -> str:
    s = line.strip()
    for kind, rx in _FURNITURE:
        if rx.match(s) and "。" not in s:
            return kind
    return ""


# ----------------------------------------------------------------------------- run-on lines

_SENT_END = "。！？；"


def _heading_split_points(s: str) -> list[tuple[int, int]]:
    """(start, end) of part headings with a known title inside a run-on line."""
    from ..text_patterns import PART_MARKER_RE, is_boundary_before, match_inline_title

    out: list[tuple[int, int]] = []
    for m in PART_MARKER_RE.finditer(s):
        hm = match_inline_title(s, m.end())
        if hm is None or hm.key is None:
            continue
        if not (is_boundary_before(s, m.start()) or hm.strong):
            continue
        t = m.end()
        while t < len(s) and s[t] in " \t":
            t += 1
        end = t + hm.length
        if end < len(s) and s[end] in "：:":
            end += 1
        out.append((m.start(), end))
    return out


def split_run_on(s: str) -> list[tuple[str, str]]:
    """Split one long line of web text into (paragraph, kind) pieces without losing characters.

    Cuts before and after part headings, before sub-headings （一） that follow a sentence end
    or a space, and at whitespace after a sentence end (the whitespace is dropped).
    """
    from ..text_patterns import SUB_MARKER_RE, char_before

    cuts: dict[int, str] = {}  # offset -> kind of the piece starting there
    for a, b in _heading_split_points(s):
        cuts[a] = "heading"
        cuts.setdefault(b, "text")
    for m in SUB_MARKER_RE.finditer(s):
        p = m.start()
        prev = char_before(s, p)
        if p == 0 or (prev and prev in _SENT_END + "：:") or (p > 0 and s[p - 1] in " \t"):
            cuts.setdefault(p, "text")
    for m in re.finditer(r"(?<=[" + _SENT_END + r"])[ \t]+", s):
        cuts.setdefault(m.end(), "text")
    points = sorted(p for p in cuts if 0 < p < len(s))
    pieces: list[tuple[str, str]] = []
    start = 0
    kind = cuts.get(0, "text")
    for p in points + [len(s)]:
        piece = s[start:p].strip()
        if piece:
            pieces.append((piece, kind))
        start = p
        kind = cuts.get(p, "text")
    return pieces


def _strip_nav_prefix(s: str) -> tuple[str, str]:
    """(navigation prefix, rest) of a body line that starts with a breadcrumb/toolbar."""
    if not _NAV_START_RE.match(s):
        return "", s
    limit = s.find("。")
    limit = min(len(s), 400) if limit < 0 else min(limit, 400)
    end = 0
    for m in _NAV_TOKEN_RE.finditer(s, 0, limit):
        end = m.end()
    if end == 0:
        return "", s
    return s[:end].strip(), s[end:].lstrip()


def _strip_nav_suffix(s: str) -> tuple[str, str]:
    """(rest, navigation suffix) of a body line that ends with toolbar words (附件下载, 打印本页…)."""
    tail = ""
    for _ in range(20):  # a toolbar has a few words; bounded so a line of repeated words stays linear
        m = _NAV_TAIL_RE.search(s)
        if not m or m.start() == 0:
            break
        tail = s[m.start() :].strip() + (" " + tail if tail else "")
        s = s[: m.start()].rstrip()
    return s, tail.strip()


# ----------------------------------------------------------------------------- joining lines

_CJKP = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》—…]")


def _width(s: str) -> float:
    return sum(1.0 if _CJKP.match(ch) else 0.5 for ch in s.strip())


def _looks_like_heading(s: str) -> bool:
    from ..text_patterns import PART_MARKER_RE, SUB_MARKER_RE

    t = s.strip()
    return bool(PART_MARKER_RE.match(t) or SUB_MARKER_RE.match(t)) and len(t) <= 60


def _full_width(lines: list[str]) -> float | None:
    """Width of a full line of a printed text column; ``None`` when lines are whole paragraphs."""
    widths = sorted(_width(x) for x in lines if _width(x) >= 12)
    if len(widths) < 5:
        return None
    p90 = widths[int(0.9 * (len(widths) - 1))]
    near = sum(1 for w in widths if abs(w - p90) <= 0.12 * p90)
    if near < 0.3 * len(widths) or near < 4:
        return None
    return p90


def _despace_justified(s: str) -> str:
    """Remove the spaces of justified/letter-spaced CJK text ("号 ， 邮 编") when most of the line is spaced."""
    cjk_pairs = len(re.findall(r"(?=" + _CJKP.pattern + r" " + _CJKP.pattern + r")", s))
    n_cjk = len(_CJKP.findall(s))
    if n_cjk >= 6 and cjk_pairs >= 0.6 * n_cjk:
        return re.sub(r"(?<=" + _CJKP.pattern + r") (?=" + _CJKP.pattern + r")", "", s)
    return s


_TABLE_ROW = re.compile(r"^\S{0,30}?(\s+[-\d.,，%]+)+\s*$|^[-\d.\s]+$")


def _join(a: str, b: str) -> str:
    if a and b and not _CJKP.match(a[-1]) and not _CJKP.match(b[0]) and a[-1].isalnum() and b[0].isalnum():
        return a + " " + b
    return a + b


def paragraphs_from_lines(lines: list[str]) -> list[Paragraph]:
    """Join the (furniture-free) lines of a text into paragraphs; '' entries are blank lines."""
    content = [x for x in lines if x.strip()]
    full = _full_width(content)
    paras: list[Paragraph] = []
    cur: str | None = None
    cur_last = ""
    blank = False
    for raw in lines:
        if not raw.strip():
            blank = True
            continue
        line = _despace_justified(raw.strip())
        indented = len(raw) - len(raw.lstrip()) >= 2
        if cur is not None:
            a_full = full is not None and _width(cur_last) >= 0.85 * full
            a_terminal = cur_last.rstrip()[-1:] in _SENT_END + "：:"
            heading = _looks_like_heading(line)
            if (
                (_looks_like_heading(cur) and not a_full)
                or re.search(r"(报告|年报)$", cur_last)
                or _TABLE_ROW.search(line)
            ):
                join = False  # a heading or title line ends its paragraph; table rows stay rows
            elif a_full and not a_terminal:
                join = True
            elif a_full and not blank and not heading and not indented:
                join = True
            else:
                join = False
            if join:
                cur = _join(cur, line)
                cur_last = line
                blank = False
                continue
            paras.append(
                Paragraph(cur, page=1, kind="heading" if _looks_like_heading(cur) and len(cur) <= 40 else "text")
            )
        cur = line
        cur_last = line
        blank = False
    if cur is not None:
        paras.append(Paragraph(cur, page=1, kind="heading" if _looks_like_heading(cur) and len(cur) <= 40 else "text"))
    return paras


# ----------------------------------------------------------------------------- reader

_RUN_ON_MIN = 300  # a body line at least this long is web text flattened to one line


def read_text(path: str, data: bytes) -> RawDocument:
    """Read a plain-text report (utf-8/gb18030/utf-16) into a :class:`RawDocument`.

    Raises :class:`~nlp_reports.errors.EmptyFileError` when there is no text at all.
    """
    if not data or not data.strip():
        raise EmptyFileError(f"{path}: the file is empty; remove it from the input", path=path)
    text, warnings = decode_bytes(data, path)
    norm = _normalizer()
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    page_lines: list[Line] = []
    title = ""
    n_pinyin = 0
    cleaned: list[str] = []
    for raw in raw_lines:
        s, n = clean_line(raw, norm)
        n_pinyin += n
        # a tab-separated table row keeps its trailing tabs: they are blank cells of the row
        cleaned.append(s.rstrip() if "\t" not in s else s.rstrip(" \r\n\x0b\x0c"))

    # header block of a saved web page: "key: value" lines up to "==== 正文 ===="
    body_from = 0
    rule = next((i for i, s in enumerate(cleaned[:40]) if _BODY_RULE.match(s)), None)
    if rule is not None:
        for s in cleaned[:rule]:
            if s.strip():
                page_lines.append(Line(s.strip(), page=1, furniture="metadata"))
            m = HEADER_FIELD_RE.match(s)
            if m and m.group(1) in ("标题", "题目") and m.group(2).strip():
                title = m.group(2).strip()
        body_from = rule + 1
    else:
        i = 0
        while i < len(cleaned) and (not cleaned[i].strip() or HEADER_FIELD_RE.match(cleaned[i])):
            m = HEADER_FIELD_RE.match(cleaned[i])
            if m:
                page_lines.append(Line(cleaned[i].strip(), page=1, furniture="metadata"))
                if m.group(1) in ("标题", "题目") and m.group(2).strip():
                    title = m.group(2).strip()
            i += 1
        body_from = i if any(pl.furniture == "metadata" for pl in page_lines) else 0

    body = cleaned[body_from:]
    nonblank = [i for i, s in enumerate(body) if s.strip()]
    edge = set(nonblank[:6]) | set(nonblank[-4:])
    kept: list[str] = []
    pieces: list[tuple[str, str]] = []  # run-on text already split
    for i, s in enumerate(body):
        if not s.strip():
            kept.append("")
            continue
        kind = _furniture_kind(s)
        if not kind and i in edge and is_navigation(s):
            kind = "navigation"
        if kind:
            page_lines.append(Line(s.strip(), page=1, furniture=kind))
            continue
        if len(s) >= _RUN_ON_MIN:
            nav, rest = _strip_nav_prefix(s.strip()) if i in edge else ("", s.strip())
            if nav:
                page_lines.append(Line(nav, page=1, furniture="navigation"))
            tail = ""
            if i in edge:
                rest, tail = _strip_nav_suffix(rest)
            page_lines.append(Line(rest, page=1))
            if tail:
                page_lines.append(Line(tail, page=1, furniture="navigation"))
            if kept:
                pieces.extend((p.text, p.kind) for p in paragraphs_from_lines(kept))
                kept = []
            pieces.extend(split_run_on(rest))
            continue
        page_lines.append(Line(s.strip() if "\t" not in s else s.strip(" \r\n\x0b\x0c"), page=1))
        kept.append(s)
    if kept:
        pieces.extend((p.text, p.kind) for p in paragraphs_from_lines(kept))

    paragraphs = [Paragraph(t, page=1, kind=k) for t, k in pieces if t.strip()]
    if n_pinyin:
        warnings.append(
            ReportWarning(
                "mirror_noise",
                f"{n_pinyin} bracketed pinyin annotations removed (text from a mirror site); "
                "prefer the agency's own page if available",
            )
        )
    if not paragraphs:
        raise EmptyFileError(f"{path}: no report text left after removing page furniture; check the file", path=path)
    return RawDocument.one_page(path, "txt", data, page_lines, paragraphs, title=title, warnings=warnings)
