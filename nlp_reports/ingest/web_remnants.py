"""Remnants of a web page in the text of a report, wherever they fall, and the page's metadata block.

Text saved from a government web page keeps bits of the page: an attachment's file name
(``……年度工作报告.docx``), ``标签:``, ``字号 大 中 小``, ``打印``, ``关闭``, ``阅读次数``, a QR-code line
(``扫一扫在手机打开当前页``), the public-security filing (``…公网安备 …号``), the ICP number, the site
identifier (网站标识码), ``分享到 …``.  They are removed **line-anchored** only: a paragraph made of
nothing but such tokens is dropped, and such tokens are cut from the end of a paragraph only after a
sentence end.  A sentence of the report that contains 打印 or 标签 is never touched.

The page's metadata block (``索引号``, ``发布机构``, ``发布日期``, ``成文日期``, ``标题``, ``主题分类``,
``文号`` …) is taken out of the text too and kept as ``Line`` s with ``furniture='metadata'``, where
:mod:`nlp_reports.structure.web_metadata` reads it.
"""

from __future__ import annotations

import re

from ..model import Line, Page, RawDocument

__all__ = ["strip_web_remnants", "is_remnant", "split_remnant_tail", "metadata_prefix", "META_LABEL_RE"]

_REMNANT = (
    # attachment file name (optionally "附件1：", a size in brackets)
    r"(?:附件\s*\d*\s*[:：]?\s*)?[^\s。；，]{1,80}?\.(?:docx?|wps|pdf|xlsx?|et|ofd|zip|rar)"
    r"(?:\s*[(（]\s*\d+(?:\.\d+)?\s*[KMkm]?B?\s*[)）])?(?![A-Za-z])",
    r"附件(?:下载)?\s*[:：]?(?=\s|$)",
    r"标签\s*[:：][^\s。]{0,30}(?:\s+[^\s。：:]{1,12}){0,5}",
    r"[【\[]?\s*字[号体]\s*[:：]?\s*[【\[]?\s*大\s*中\s*小\s*[】\]]?",
    r"[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏|我要纠错|纠错)\s*[】\]]?",
    r"(?:阅读|浏览|访问|点击)(?:次数|量|数)\s*[:：]?\s*\d*\s*次?",
    r"扫一扫[^\s。]{0,20}",
    r"(?:用)?(?:手机|微信)扫(?:描|码)?[^\s。]{0,16}二维码[^\s。]{0,10}",
    r"[^\s。]{0,12}公网安备\s*\d{6,}\s*号?",
    r"[^\s。]{0,6}ICP\s*备\s*\d{5,}\s*号?(?:\s*-\s*\d+)?",
    r"网站标识码\s*[:：]?\s*[A-Za-z0-9]+",
    r"分享到\s*[:：]?(?:\s*(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ|朋友圈))*",
    r"(?:微信|微博|QQ空间)(?=\s|$)",
    r"视力保护色|默认\s*大\s*中\s*小|【\s*字体\s*[:：]?[^】]{0,12}】",
    r"(?:上一篇|下一篇)\s*[:：]\s*[^\s。]{0,60}",
    r"(?:责任编辑|编辑|审核|校对)\s*[:：]\s*[^\s。，；]{1,10}",
)
_REMNANT_RE = re.compile("|".join(f"(?:{p})" for p in _REMNANT))
_SEPARATORS = re.compile(r"[\s|｜/\\·•:：,，、\-—>＞›»【】\[\]]+")

#: labels of a web page's metadata block
META_LABEL_RE = re.compile(
    r"(索引号|信息索引号|发布机构|发文机构|发文机关|发布日期|成文日期|发文日期|发布时间|标题|主题分类|"
    r"主题词|文号|发文字号|生效日期|有效性|公开方式|公开范围|公开时限|体裁分类|组配分类|来源|作者|责任编辑)\s*[:：]"
)
_STRONG_META = re.compile(r"索引号|发布机构|发文机构|成文日期|主题分类|体裁分类|组配分类")


def is_remnant(s: str) -> bool:
    """True when ``s`` consists only of web-page remnants (and separators), with no sentence in it."""
    t = s.strip()
    if not t or "。" in t or len(t) > 200:
        return False
    rest = _REMNANT_RE.sub(" ", t)
    if rest == t:
        return False
    return not _SEPARATORS.sub("", rest)


def split_remnant_tail(s: str) -> tuple[str, str]:
    """(text, remnant tail) of a paragraph whose end after its last sentence end is only remnants."""
    ends = list(re.finditer(r"[。！？；]", s))
    m = ends[-1] if ends else None
    if m is None or m.end() >= len(s):
        return s, ""
    tail = s[m.end() :]
    if is_remnant(tail):
        return s[: m.end()], tail.strip()
    return s, ""


def metadata_prefix(s: str) -> tuple[str, str]:
    """(metadata block, rest) when ``s`` starts with a web page's metadata fields, else ('', s).

    The block is a run of ``label：value`` fields from :data:`META_LABEL_RE` (two or more, or one
    of the unmistakable ones: 索引号, 发布机构, 成文日期, 主题分类).  A block followed by report text
    ends at the whitespace after its last field's value.
    """
    t = s.lstrip()
    m0 = META_LABEL_RE.match(t)
    if not m0:
        return "", s
    labels = list(META_LABEL_RE.finditer(t))
    # fields must follow each other closely (values are short)
    end_last = m0
    n = 1
    for m in labels[1:]:
        if m.start() - end_last.end() > 60 or "。" in t[end_last.end() : m.start()]:
            break
        end_last = m
        n += 1
    if n < 2 and not _STRONG_META.match(m0.group(1)):
        return "", s
    rest_from = end_last.end()
    v = re.match(r"\s*[^\s]*", t[rest_from:])
    stop = rest_from + (v.end() if v else 0)
    block, rest = t[:stop].strip(), t[stop:].strip()
    if "。" in block:
        return "", s
    return block, rest


def strip_web_remnants(doc: RawDocument) -> int:
    """Remove web-page remnants and the metadata block from ``doc.paragraphs`` in place.

    Removed pieces are kept as lines of page 1 (``furniture='navigation'`` or ``'metadata'``);
    kept lines of the same text are marked too.  Returns the number of pieces removed.
    """
    removed: list[Line] = []
    kept = []
    for p in doc.paragraphs:
        text = p.text
        block, rest = metadata_prefix(text)
        if block:
            removed.append(Line(block, page=1, furniture="metadata"))
            text = rest
        if not text.strip():
            continue
        if is_remnant(text):
            removed.append(Line(text.strip(), page=1, furniture="navigation"))
            continue
        body, tail = split_remnant_tail(text)
        if tail:
            removed.append(Line(tail, page=1, furniture="navigation"))
            text = body
        p.text = text
        kept.append(p)
    if not removed:
        return 0
    doc.paragraphs = kept
    kinds = {ln.text: ln.furniture for ln in removed}
    if not doc.pages:
        doc.pages.append(Page(number=1))
    marked: set[str] = set()
    for page in doc.pages:
        for ln in page.lines:
            if not ln.furniture and ln.text.strip() in kinds:
                ln.furniture = kinds[ln.text.strip()]
                marked.add(ln.text.strip())
    doc.pages[0].lines.extend(ln for ln in removed if ln.text not in marked)
    return len(removed)
