"""A web page's metadata block (索引号, 发布机构, 发布日期/成文日期, 标题, 主题分类, 文号) -> ``ReportMeta``.

Government sites print a block of ``label：value`` fields above a report.  The readers keep it out of
the narrative (as ``Line`` s with ``furniture='metadata'`` or ``'navigation'``); here it is parsed into
``meta.index_no`` and ``meta.published`` (ISO date), and the publisher (发布机构) becomes the agency
when the title and text did not name one.  A field label never stays in a name: an agency or title
that starts with ``标题:`` / ``发布机构:`` … loses the label.
"""

from __future__ import annotations

import re

from ..model import RawDocument, ReportMeta

__all__ = ["parse_metadata_fields", "iso_date", "apply_web_metadata"]

_LABELS = {
    "索引号": "index_no",
    "信息索引号": "index_no",
    "发布机构": "publisher",
    "发文机构": "publisher",
    "发文机关": "publisher",
    "来源": "source",
    "发布日期": "published",
    "发布时间": "published",
    "信息提供日期": "published",
    "成文日期": "written",
    "发文日期": "written",
    "标题": "title",
    "题目": "title",
    "主题分类": "subject",
    "文号": "doc_number",
    "发文字号": "doc_number",
}
_LABEL_RE = re.compile(
    r"(信息索引号|索引号|发布机构|发文机构|发文机关|来源|发布日期|发布时间|成文日期|发文日期|标题|题目|主题分类|"
    r"文号|发文字号|生效日期|有效性|公开方式|公开范围|公开时限|体裁分类|组配分类|主题词|栏目|原文链接|"
    r"信息提供日期|更新时间|字体大小|浏览次数|作者)\s*[:：]"
)
_LEAK_RE = re.compile(r"^\s*(?:标题|题目|名称|发布机构|发文机构|发文机关|来源|信息来源)\s*[:：]\s*")


def parse_metadata_fields(lines: list[str]) -> dict[str, str]:
    """``{'index_no', 'publisher', 'published', 'written', 'title', 'subject', 'doc_number', 'source'}``
    from metadata lines; a value runs to the next label (fields may share a line, with or without spaces).

    >>> parse_metadata_fields(["索引号：ABC-2023-001 发布机构：某区审计局发布日期：2023-01-31", "标题：某区审计局2022年报告"])
    {'index_no': 'ABC-2023-001', 'publisher': '某区审计局', 'published': '2023-01-31', 'title': '某区审计局2022年报告'}
    """
    out: dict[str, str] = {}
    for line in lines:
        labels = list(_LABEL_RE.finditer(line))
        for i, m in enumerate(labels):
            stop = labels[i + 1].start() if i + 1 < len(labels) else len(line)
            value = line[m.end() : stop].strip(" \t|｜")
            key = _LABELS.get(m.group(1))
            if key is None or not value:
                continue
            if key in ("publisher", "source", "index_no", "subject", "doc_number"):
                value = value.split()[0] if key != "subject" else value
            if key in ("published", "written"):
                value = iso_date(value) or ""
                if not value:
                    continue
            out.setdefault(key, value)
    return out


def iso_date(s: str) -> str | None:
    """'2023-1-31', '2023/01/31', '2023.01.31', '2023年1月31日' -> '2023-01-31'; ``None`` if no date."""
    m = re.search(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", s)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _metadata_lines(doc: RawDocument) -> list[str]:
    """The page's metadata lines, and the rows of a metadata table (cells 索引号 | value | 发布机构 | value)."""
    lines = [ln.text for page in doc.pages for ln in page.lines if ln.furniture in ("metadata", "navigation", "header")]
    for table in doc.html_tables:
        for row in table:
            cells = [c.strip() for c in row]
            pairs = [
                f"{c.rstrip('：:')}：{cells[i + 1]}"
                for i, c in enumerate(cells[:-1])
                if c.rstrip("：:") in _LABELS and cells[i + 1] and cells[i + 1].rstrip("：:") not in _LABELS
            ]
            if pairs:
                lines.append(" ".join(pairs))
    return lines


def apply_web_metadata(meta: ReportMeta, doc: RawDocument) -> ReportMeta:
    """Fill ``meta`` (in place, also returned) from the page's metadata block and clean label leaks."""
    from .metadata import agency_key, agency_level, find_year, title_agency
    from .regions import province_of

    fields = parse_metadata_fields(_metadata_lines(doc))
    meta.script = doc.script
    if fields.get("index_no"):
        meta.index_no = fields["index_no"]
    meta.published = fields.get("published") or fields.get("written") or meta.published
    if meta.title and _LEAK_RE.match(meta.title):
        meta.title = _LEAK_RE.sub("", meta.title)
    page_title = _LEAK_RE.sub("", fields.get("title", ""))
    if not meta.title and page_title and re.search(r"报告|年报", page_title):
        meta.title = page_title  # the 标题 field of a metadata block that was kept out of the text
        meta.year = meta.year or find_year(page_title, "")
    agency = meta.agency
    if not agency and meta.title:
        agency = title_agency(meta.title)
    if agency and _LEAK_RE.match(agency):
        agency = _LEAK_RE.sub("", agency) or None
    if agency and _LABEL_RE.search(agency):
        agency = None  # a field label inside the name: the name was cut from a metadata line
    publisher = fields.get("publisher")
    if not agency and publisher and not _LABEL_RE.search(publisher):
        agency = publisher
    if agency != meta.agency:
        meta.agency = agency
        meta.agency_key = agency_key(agency)
        meta.level = agency_level(agency)
        meta.region = province_of(agency or "") or meta.region
    return meta
