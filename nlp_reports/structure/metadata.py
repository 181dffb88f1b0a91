"""Document variables of a report: doc_id, title, year, agency, level, region.

Sources, most reliable first:

* **title** — ``RawDocument.title`` (web header 标题, html <title>, PDF metadata) if it names an
  annual report, else the first lines of the text (a title may be broken over two lines:
  "XX人民政府" + "2015年政府信息公开工作年度报告");
* **year** — the title ('2023年…年度报告', '2023年度'), else the statistics period
  ('自2023年1月1日起'), else '2023年政府信息公开…' near the start, else a year in the file name.
  Never the publication date;
* **agency** — the text before the year in the title ('洪泽区人民政府2023年…'), or after it
  ('2019年上海市人民政府办公厅政府信息公开…'); completed by a longer name that contains it (the
  web header 发布机构/来源, the signature line at the end: '桂花坪街道' -> 'XX市XX区桂花坪街道办事处');
  a bare place name is completed by the compiler named in '由XX编制' / 'XX编制完成了本报告';
  without a title: the signature, 发布机构, '本报告由XX编制', or the township the text names;
* **level** — from the agency: 'province' (省/自治区/直辖市 government or its 办公厅), 'city'
  (prefecture-level city, 州, 盟), 'county' (区/县/县级市/旗 government or its 办公室; also
  special zones such as a 综合实验区 that govern a county's territory), 'township' (乡/镇/街道),
  'department' (a functional department: 局/委/办/署/厅/中心…, whatever its government's level);
* **region** — the province, from the agency, the title, else the province most named in the text.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from ..model import RawDocument, ReportMeta
from .regions import MUNICIPALITIES, is_prefecture_city, province_mentions, province_of

__all__ = [
    "extract_metadata",
    "doc_id_from_path",
    "find_title",
    "find_year",
    "title_agency",
    "agency_level",
]

_YEAR = r"((?:19|20)\d{2})"
_REPORT_WORDS_FIXED = ("年度报告", "工作报告")


def _has_report_words(s: str) -> bool:
    """Does ``s`` say 年度报告/工作报告, or 信息公开/政务公开 followed on its line by 报告/年报?

    A function, not the regex ``(信息公开|政务公开).*(报告|年报)``, which rescans the line from each
    occurrence (quadratic on a long line of repeated 信息公开 without 报告).
    """
    if any(w in s for w in _REPORT_WORDS_FIXED):
        return True
    for line in s.split("\n"):
        starts = [i for i in (line.find("信息公开"), line.find("政务公开")) if i >= 0]
        if starts:
            rest = line[min(starts) + 4 :]
            if "报告" in rest or "年报" in rest:
                return True
    return False


_ORG_SUFFIX = (
    r"(人民政府办公室|人民政府办公厅|政府办公室|人民政府|政府|管委会办公室|管委会|管理委员会|办公室|办公厅|"
    r"委员会|街道办事处|街道办|街道|局|署|委|办|厅|中心|院|所|站|队|乡|镇)$"
)
_ORG_TAIL_RE = re.compile(_ORG_SUFFIX)
_PLACE_TAIL_RE = re.compile(r"(省|自治区|市|州|盟|地区|区|县|旗)$")


def doc_id_from_path(path: str) -> str:
    """File name without directory and without all extensions: 'a/x.word.pdf' -> 'x'."""
    base = os.path.basename(path)
    return base.split(".")[0] if not base.startswith(".") else base


def _lines(text: str, n: int) -> list[str]:
    out = [x.strip() for x in text.split("\n") if x.strip()]
    return out[:n] if n > 0 else out[n:]


def _is_title(s: str) -> bool:
    return (
        len(s) <= 70
        and "。" not in s
        and ">" not in s
        and bool(_has_report_words(s))
        and bool(re.search(r"(报告|年报)$", s))
        and not re.match(r"^[一二三四五六七八九十]+[、.．]", s)
    )


def _agency_like(s: str) -> bool:
    return (
        len(s) <= 30
        and not re.search(r"[，。；：,;:\d]", s)
        and bool(_ORG_TAIL_RE.search(s) or _PLACE_TAIL_RE.search(s))
    )


def find_title(doc_title: str, text: str) -> str | None:
    """The report's title from ``RawDocument.title`` (if it names a year) or the first lines of ``text``."""
    t = re.sub(r"\s+", "", doc_title or "")
    t = t if len(t) <= 200 else ""  # a "title" longer than this is a page's text, not a title
    if t and _has_report_words(t) and re.search(_YEAR, t):
        return t  # a generic title without a year (PDF metadata '…年度报告') says too little
    lines = _lines(text, 12)
    for i, s in enumerate(lines):
        s = re.sub(r"\s+", "", s)
        if _is_title(s):
            # agency on the line before: "XX人民政府" / "2015年政府信息公开工作年度报告"
            if re.match(_YEAR, s) and i > 0 and _agency_like(lines[i - 1]):
                return re.sub(r"\s+", "", lines[i - 1]) + s
            return s
        if i + 1 < len(lines) and "。" not in s and len(s) <= 60 and re.search(r"信息公开|政务公开", s):
            nxt = re.sub(r"\s+", "", lines[i + 1])
            if len(nxt) <= 12 and _is_title(s + nxt):
                return s + nxt
    # one-long-line web text: the title runs on into the body ("…年度报告本报告根据…")
    for s in lines[:2]:
        m = _RUN_ON_TITLE.match(re.sub(r"\s+", "", s))
        if m and _is_title(m.group(1)):
            return m.group(1)
    return t if t and _has_report_words(t) else None


_RUN_ON_TITLE = re.compile(
    r"^([^。，,；;：:（）()《》、]{4,60}?(?:政府信息公开|政务公开|信息公开)[^。，；]{0,16}?(?:年度报告|工作报告|年报))(?=.{8})"
)


def find_year(title: str | None, text: str, doc_id: str = "") -> int | None:
    """The report year (not the publication date); see the module docstring for the order."""
    if title:
        m = re.search(_YEAR + r"\s*年", title)
        if m:
            return int(m.group(1))
    m = re.search(r"自?\s*" + _YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)", text)
    if m:
        return int(m.group(1))
    m = re.search(_YEAR + r"\s*年度?(?:的)?(?:政府信息公开|政务公开|信息公开)", text[:800])
    if m:
        return int(m.group(1))
    m = re.search(r"(?<!\d)" + _YEAR + r"(?!\d)", doc_id)
    if m:
        return int(m.group(1))
    return None


def title_agency(title: str | None) -> str | None:
    """The agency a title names: before the year, else between the year and 政府信息公开."""
    if not title:
        return None
    m = re.match(r"^(.*?)\s*" + _YEAR + r"\s*年度?(.*?)(?:政府信息公开|政务公开|信息公开)", title)
    if not m:
        m2 = re.match(r"^(.*?)(?:政府信息公开|政务公开|信息公开)", title)
        cand = m2.group(1) if m2 else ""
    else:
        cand = m.group(1).strip() or m.group(3).strip()
    cand = re.sub(r"^(关于|《)", "", cand).strip('“”"《》 的')
    return cand or None


def _header_fields(doc: RawDocument) -> dict[str, str]:
    """发布机构 / 来源 / 标题 from the metadata and navigation lines a reader kept."""
    fields: dict[str, str] = {}
    for page in doc.pages:
        for line in page.lines:
            if line.furniture not in ("metadata", "navigation", "header"):
                continue
            for key in ("发布机构", "发文机关", "来源", "标题"):
                m = re.search(key + r"\s*[:：]\s*([^\s:：|]+)", line.text)
                if m and key not in fields:
                    val = re.split(r"时间|日期|字体|浏览", m.group(1))[0].strip()
                    if val:
                        fields[key] = val
    return fields


def _signature(text: str) -> str | None:
    """The signing agency: a short organisation line among the last lines, usually above a date."""
    tail = _lines(text, -6)
    date = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年.{1,3}月.{1,4}日$")
    for i in range(len(tail) - 1, -1, -1):
        s = re.sub(r"\s+", "", tail[i])
        if date.match(s) or not s:
            continue
        if _agency_like(s) and _ORG_TAIL_RE.search(s):
            nxt = re.sub(r"\s+", "", tail[i + 1]) if i + 1 < len(tail) else ""
            if date.match(nxt) or i >= len(tail) - 2:
                return s
    return None


def _compiler(text: str) -> str | None:
    """The compiler named in '本报告由XX编制' / 'XX编制完成了本报告' (self-reference stripped)."""
    m = re.search(r"本(?:年度)?报告由([^，。；、\s]{2,30}?)(?:负责)?(?:编制|编写|汇总)", text[:3000])
    if not m:
        m = re.search(r"([\u4e00-\u9fff]{2,24}?)(?:负责)?编制完成(?:了)?本(?:年度)?报告", text[:3000])
    if not m:
        return None
    name = re.sub(r"^(我|本)", "", m.group(1))
    name = re.sub(r"^[区县市乡镇局委]", "", name) if re.match(r"^(我|本)?[区县市乡镇]", m.group(1)) else name
    return name or None


def _township_named(text: str) -> str | None:
    """A township a text names when it refers to itself as 我乡/我镇/我街道 (no title, no signature)."""
    self_ref = re.findall(r"我(乡|镇|街道)", text)
    if not self_ref:
        return None
    unit = Counter(self_ref).most_common(1)[0][0]
    names = re.findall(
        r"(?:^|[^\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?" + unit + r")(?![\u4e00-\u9fff]{0,1}(?:村|组))", text
    )
    names = [n for n in names if not re.search(r"[全各本该每我将把从在对于的和与向是乡镇]", n[: -len(unit)])]
    if not names:
        return None
    return Counter(names).most_common(1)[0][0]


def _core(agency: str) -> str:
    """An agency name without a leading bare 区/县/市 ('区集体经济发展服务署' -> '集体经济发展服务署')."""
    return re.sub(r"^[区县市]", "", agency) if len(agency) > 3 else agency


def _find_agency(doc: RawDocument, title: str | None, text: str) -> str | None:
    fields = _header_fields(doc)
    sig = _signature(text)
    base = title_agency(title)
    longer = [x for x in (fields.get("发布机构"), fields.get("发文机关"), fields.get("来源"), sig) if x]
    if base:
        core = _core(base)
        ext = [x for x in longer if core in x and len(x) > len(base)]
        if ext:
            return max(ext, key=len)
        if _PLACE_TAIL_RE.search(base) and not _ORG_TAIL_RE.search(base):
            comp = _compiler(text)
            if comp and _ORG_TAIL_RE.search(comp) and comp not in base:
                return base + comp
        return base
    for x in (sig, fields.get("发布机构"), fields.get("发文机关")):
        if x:
            return x
    comp = _compiler(text)
    if comp and _ORG_TAIL_RE.search(comp):
        return comp
    return _township_named(text)


def agency_level(agency: str | None) -> str | None:
    """'province' | 'city' | 'county' | 'township' | 'department' for an agency name, or ``None``."""
    if not agency:
        return None
    a = re.sub(r"[（(].*?[）)]", "", agency).strip()
    if re.search(r"(街道办事处|街道办|街道|乡人民政府|镇人民政府|乡政府|镇政府|[乡镇])(办公室)?$", a) and not re.search(
        r"(新乡|乡村振兴.*)$", a
    ):
        return "township"
    gov = re.match(r"^(.*?)(人民政府|政府|管委会|管理委员会|行政公署)(办公室|办公厅)?$", a)
    if gov:
        place = gov.group(1)
    elif re.search(r"(局|委员会|委|办公室|办|署|厅|中心|院|所|站|队|处|馆|公司)$", a):
        return "department"
    else:
        place = a
    return _place_level(place)


def _place_level(place: str) -> str | None:
    if not place:
        return None
    if re.search(r"(乡|镇|街道)$", place):
        return "township"
    if re.search(r"(省|自治区)$", place) and not re.search(r"(实验区|开发区|新区|示范区)$", place):
        return "province"
    m = re.search(r"([\u4e00-\u9fff]{2,6}?)(市|州|盟|地区)$", place)
    if m:
        # the last unit only: '新乡市卫滨区' ends with 区, '淮安市' with 市
        seg = re.split(r"省|自治区", place)[-1]
        name = re.sub(r"(市|地区|自治州|州|盟)$", "", seg)
        if name in MUNICIPALITIES:
            return "province"
        if m.group(2) in ("州", "盟", "地区") or is_prefecture_city(seg):
            return "city"
        return "county"  # a county-level city
    if re.search(r"(区|县|旗)$", place):
        return "county"
    return None


def _region(agency: str | None, title: str | None, text: str) -> str | None:
    for s in (agency, title):
        r = province_of(s or "")
        if r:
            return r
    counts = province_mentions(text)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # a tie: cannot tell
    return ranked[0][0]


# offices that publish a government's report on its behalf, and the government itself: removed from
# the end of an agency name (repeatedly) to get the reporting entity's key. Functional departments
# (局, 委员会, 署 …) keep their names.
_OFFICE_SUFFIXES = re.compile(
    r"(?:人民政府办公室|人民政府办公厅|政府办公室|政府办公厅|管理委员会办公室|管委会办公室|管理委员会|管委会"
    r"|党工委|人民政府|政府|办公室|办公厅|办事处)$"
)


def agency_key(agency: str | None) -> str | None:
    """A grouping key for an agency: its name without office/government suffixes.

    >>> agency_key("平潭综合实验区管委会办公室"), agency_key("洪泽区人民政府"), agency_key("临江市市场监督管理局")
    ('平潭综合实验区', '洪泽区', '临江市市场监督管理局')
    """
    if not agency:
        return agency
    return strip_name_suffixes(agency, _OFFICE_SUFFIXES, 3)


def strip_name_suffixes(name: str, suffixes: re.Pattern[str], times: int) -> str:
    """``name`` with ``suffixes`` (a pattern anchored at the end) removed up to ``times`` times, as long
    as two characters or more remain (政府办公室 off 某某区人民政府办公室 takes two rounds)."""
    for _ in range(times):
        new = suffixes.sub("", name)
        if new == name or len(new) < 2:
            break
        name = new
    return name


def extract_metadata(doc: RawDocument, text: str) -> ReportMeta:
    """Fill :class:`~nlp_reports.model.ReportMeta` from the document and its narrative text."""
    doc_id = doc_id_from_path(doc.path)
    title = find_title(doc.title, text)
    agency = _find_agency(doc, title, text)
    return ReportMeta(
        doc_id=doc_id,
        agency=agency,
        agency_key=agency_key(agency),
        year=find_year(title, text, doc_id),
        level=agency_level(agency),
        region=_region(agency, title, text),
        title=title,
        source=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        n_pages=len(doc.pages),
    )
