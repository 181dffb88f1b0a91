"""Heading and enumeration vocabulary of the annual reports: the one definition, at the bottom layer.

Every layer reads the same markers: the readers (:mod:`nlp_reports.ingest`) split one-long-line web
text and PDF lines into paragraphs at headings, :mod:`nlp_reports.structure.sections` finds the six
parts, and :mod:`nlp_reports.nlp` splits part 五 into enumerated statements.  This module imports
nothing of the package, so every layer may import it.  Everything here is about the *form* of the
template's headings and enumerations (facts of the template, not sentences of any report):

* a part heading is a Chinese numeral followed by 、 (or ． . ，), or 第N部分, followed by a title;
* a title is classified into one of the six canonical keys, into ``'extra'`` (parts that older
  outlines have but the template does not: fees, consultations, statistics tables, attachments),
  or ``None`` (not a known part title, e.g. an enumerated measure inside part 五);
* rows of table 三 that look like headings (一、本年新收… 四、结转下年度继续办理) are rejected;
* enumeration markers of items (（一） 一是 1、 第一， ① 首先，): one pattern per purpose, listed
  under "Enumeration markers" below, because the uses differ on purpose (a statement splitter must
  not cut at 第一 inside a sentence; a boilerplate normaliser may strip any marker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: canonical keys of the six parts, in template order
SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "proactive",
    "applications",
    "review_litigation",
    "problems",
    "other",
)

#: the template's usual heading of each part
SECTION_TITLES: dict[str, str] = {
    "overview": "总体情况",
    "proactive": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
}


__all__ = [
    "SECTION_KEYS",
    "SECTION_TITLES",
    "char_before",
    "CN_DIGITS",
    "cn_numeral_value",
    "int_to_cn",
    "PART_MARKER_RE",
    "SUB_MARKER_RE",
    "TABLE_ROW_RE",
    "HeadingMatch",
    "classify_title",
    "match_inline_title",
    "is_table_row_title",
    "is_boundary_before",
    "CN_NUMERALS",
    "NUMBERED_MARKER",
    "ENUM_MARKER_PATTERN",
    "LINE_HEADING_START_RE",
    "LOOSE_MARKER_PREFIX_RE",
    "ANY_MARKER_PREFIX_RE",
    "ENUMERATOR_WORD_RE",
]

CN_DIGITS = "一二三四五六七八九"
_CN_VALUE = {c: i + 1 for i, c in enumerate(CN_DIGITS)}
_CN_VALUE.update({"〇": 0, "零": 0, "○": 0, "两": 2})

#: a part marker: 一、  一 、  一．  一.  第一部分（：）   (numerals up to 十九)
PART_MARKER_RE = re.compile(
    r"(?P<marker>第(?P<num1>[一二三四五六七八九十]{1,3})部分[\s:：、，,.．]*"
    r"|(?P<num2>十?[一二三四五六七八九十])[ \t]*[、．.，,][ \t]*)"
)

#: a sub-heading marker （一） or (一), full-width or ASCII brackets
SUB_MARKER_RE = re.compile(r"[（(](?P<num>十?[一二三四五六七八九十])[）)]")

#: headings of table 三's rows (一、本年新收… 二、上年结转… 三、本年度办理结果 四、结转下年度继续办理)
TABLE_ROW_RE = re.compile(r"本年新收|上年结转|本年度办理|办理结果|结转下年|下年度继续|继续办理|申请数量")


def cn_numeral_value(s: str) -> int | None:
    """Value of a small Chinese numeral ('五' -> 5, '十二' -> 12, '二十' -> 20); ``None`` if not one."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        left, _, right = s.partition("十")
        tens = _CN_VALUE.get(left, None) if left else 1
        ones = _CN_VALUE.get(right, None) if right else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    if len(s) == 1:
        return _CN_VALUE.get(s)
    return None


def int_to_cn(n: int) -> str:
    """1 -> '一', 6 -> '六', 12 -> '十二' (for messages and expected numerals)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens - 1]) + "十" + (CN_DIGITS[ones - 1] if ones else "")


# ----------------------------------------------------------------------------- title vocabulary

_P = r"(?:政府信息公开|政务公开|信息公开)?(?:工作)?(?:中|方面)?"  # optional subject prefix

#: anchored regexes for titles written inline (no line break after the heading); longest first.
#: (key, regex, strong) -- strong titles are specific enough to be accepted after any character.
_INLINE_TITLES: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (k, re.compile(rx), strong)
    for k, rx, strong in (
        ("other", r"其[他它]需要报告的事项|其[他它]需要报告事项|其[他它]需报告的事项|其[他它]事项", True),
        (
            "review_litigation",
            r"(?:因|对)?(?:政府信息公开|信息公开)?(?:申请|工作)?(?:被申请)?(?:的)?"
            r"(?:提起|申请)?行政复议[、，和及与]?(?:提起|被提起)?(?:行政诉讼|诉讼)?(?:和行政申诉)?(?:的)?(?:情况|案件情况)?"
            r"|(?:政府信息公开|信息公开)?(?:行政)?复议[、和及与]?(?:行政)?诉讼(?:的)?(?:情况)?",
            True,
        ),
        (
            "applications",
            r"收到和处理政府信息公开申请(?:的)?情况"
            r"|(?:政府信息|信息)?依申请公开(?:政府信息|信息)?(?:工作|办理)?(?:的)?(?:办理)?情况"
            r"(?:和不予公开(?:政府信息|信息)?(?:的)?情况)?",
            True,
        ),
        (
            "proactive",
            r"主动公开政府信息(?:的)?(?:工作)?情况|(?:政府信息)?主动公开(?:信息)?(?:工作)?(?:的)?情况"
            r"|重点领域(?:政府)?信息公开(?:工作)?(?:的)?情况",
            True,
        ),
        (
            "problems",
            _P + r"(?:存在的?|面临的?)?(?:主要)?(?:问题|不足|困难)(?:[和及与、](?:问题|不足|困难|建议))?"
            r"(?:[和及与、]?(?:改进|整改|下一步)(?:工作)?(?:情况|措施|计划|打算|方向|思路|举措)?)?"
            r"|(?:下一步|今后|明年|\d{4}年)(?:的)?(?:工作)?(?:打算|计划|安排|思路|重点|努力方向)"
            r"|(?:改进|整改)(?:工作)?(?:情况|措施|计划|打算|方向|举措)",
            True,
        ),
        (
            "extra",
            r"(?:政府信息公开|信息公开)?(?:的)?(?:收费|支出)(?:及|和|与)?(?:减免|收费)?(?:情况)?"
            r"|(?:政府信息公开|信息公开)?咨询(?:处理)?(?:情况)?"
            r"|.{0,20}?(?:政府信息公开|信息公开)(?:情况)?统计表",
            True,
        ),
        ("overview", r"总体情况|概述|概况|基本情况|总体概述|工作概况", False),
    )
)

# keyword classification of a title that stands alone on its line (order matters)
_LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (k, re.compile(rx))
    for k, rx in (
        ("other", r"^其[他它]|其[他它]需要报告|其[他它]事项"),
        # a combined old-outline heading (收费及减免、行政复议和行政诉讼情况) is the review/litigation part
        ("review_litigation", r"复议|诉讼|申诉"),
        ("extra", r"收费|减免|统计表|咨询|支出|附件|附表"),
        ("applications", r"收到和处理|依申请|申请公开|公开申请"),
        ("proactive", r"主动公开|重点领域"),
        ("problems", r"问题|不足|困难|差距|改进|整改|措施|下一步|打算|计划|努力方向|今后|思路"),
        ("overview", r"总体情况|概述|概况|基本情况|总体"),
    )
)


@dataclass(frozen=True)
class HeadingMatch:
    key: str | None  # a SECTION_KEYS key, 'extra', or None
    length: int  # characters of the title consumed
    strong: bool


def is_table_row_title(title: str) -> bool:
    """True for the row labels of table 三 that are numbered like part headings."""
    return bool(TABLE_ROW_RE.search(title[:20]))


def match_inline_title(s: str, pos: int = 0) -> HeadingMatch | None:
    """Match a known part title at ``s[pos:]`` (the heading runs on into the body, no line break).

    Returns the longest vocabulary match, or ``None``.
    """
    while pos < len(s) and s[pos] in " \t":
        pos += 1
    if is_table_row_title(s[pos : pos + 20]):
        return None
    best: HeadingMatch | None = None
    for key, rx, strong in _INLINE_TITLES:
        m = rx.match(s, pos)
        if m and m.end() > pos:
            n = m.end() - pos
            if n < 2:
                continue
            # a bare problems keyword ("问题") must be a real title, not the start of a sentence
            if key == "problems" and n <= 3 and not re.search(r"措施|打算|计划|改进|整改", m.group(0)):
                strong_here = False
            else:
                strong_here = strong
            if best is None or n > best.length:
                best = HeadingMatch(key, n, strong_here)
    return best


def classify_title(title: str) -> str | None:
    """Classify a heading title standing on its own line: a key, ``'extra'`` or ``None``."""
    t = re.sub(r"\s+", "", title)
    t = t.rstrip("：:。.")
    if not t or is_table_row_title(t):
        return None
    for key, rx in _LINE_RULES:
        if rx.search(t):
            return key
    return None


_CJK = re.compile(r"[\u3400-\u9fff]")


def char_before(s: str, pos: int, skip: str = " \t") -> str:
    """The last character before ``s[pos]`` that is not in ``skip`` ('' if none).

    The same as ``s[:pos].rstrip(skip)[-1:]`` without copying the text before ``pos``: called at
    every marker of a long line, the copy made the search quadratic.
    """
    while pos > 0 and s[pos - 1] in skip:
        pos -= 1
    return s[pos - 1] if pos > 0 else ""


def is_boundary_before(s: str, pos: int) -> bool:
    """True if a heading may start at ``s[pos]``: start, after whitespace, punctuation, digits or Latin."""
    if pos <= 0:
        return True
    prev = s[pos - 1]
    if prev.isspace():
        return True
    if _CJK.match(prev):
        return False
    return True


# ---------------------------------------------------------------------------------------------------
# Enumeration markers

#: the Chinese numerals of markers (一 … 十)
CN_NUMERALS = "一二三四五六七八九十"

#: a numbered marker: （一） (1) 一、 1. 1．  (one or two numerals/digits); sub-heading lines of part 五
#: start with it, and a statement that starts with it may be a heading of the following items
NUMBERED_MARKER = rf"(?:[（(][{CN_NUMERALS}\d]{{1,2}}[）)]|[{CN_NUMERALS}\d]{{1,2}}[、.．])"

#: an enumeration marker at the start of an item of part 五 (match at the item start): 一是 （一） 一、
#: (1) 1. ① 第一， 其一， 首先， ...; 1.5 is not a marker, nor 第一 without punctuation
ENUM_MARKER_PATTERN: str = (
    rf"(?:[{CN_NUMERALS}]+是"
    rf"|[（(][{CN_NUMERALS}]+[）)]"
    rf"|[{CN_NUMERALS}]+、"
    r"|[（(]\d{1,2}[）)]"
    r"|\d{1,2}[.、．](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]"
    rf"|第[{CN_NUMERALS}]+[，,、：:]"
    rf"|其[{CN_NUMERALS}]+[，,、：:]"
    r"|首先[，,]|其次[，,]|再次[，,]|最后[，,])"
)

#: a PDF line that starts like a heading (一、 （一） 第一部分/章/节): such a line starts a paragraph
LINE_HEADING_START_RE = re.compile(
    rf"^(?:[{CN_NUMERALS}]{{1,3}}[、.．]"
    rf"|[（(][{CN_NUMERALS}]{{1,3}}[）)]"
    rf"|第[{CN_NUMERALS}]{{1,3}}(?:部分|章|节)"
    r")"
)

#: a loose marker before a heading's words (（一） 一、 1. 五 with or without brackets/punctuation),
#: removed to read what a heading is about
LOOSE_MARKER_PREFIX_RE = re.compile(rf"^[\s（(]*[{CN_NUMERALS}\d]+[）)、.．]?\s*")

_NUM_WIDE = CN_NUMERALS + "百零〇○"

#: any enumeration marker at the start of a statement, with spaces (（一） (3) 一是 第一， 一、 1. 3) ①),
#: removed so that statements differing only in their numbering compare equal
ANY_MARKER_PREFIX_RE = re.compile(
    rf"^\s*(?:"
    rf"[（(]\s*[{_NUM_WIDE}\d]+\s*[）)]"  # （一） (3)
    rf"|[{_NUM_WIDE}]+\s*是"  # 一是
    rf"|第\s*[{_NUM_WIDE}\d]+\s*[，,、:：.．]?"  # 第一，
    rf"|[{_NUM_WIDE}]+\s*[、.．]"  # 一、
    rf"|\d+\s*[、.．)）]"  # 1. 2、 3)
    rf"|[①-⑳]"
    rf")\s*"
)

#: a token that only enumerates (一是 首先 其次 再次 最后 第一): dropped by the tokenizer on request
ENUMERATOR_WORD_RE = re.compile(rf"^(?:[{CN_NUMERALS}]+是|首先|其次|再次|最后|第[{CN_NUMERALS}]+)$")
