"""Rows and columns of the three standard tables (parts 二, 三, 四) and helpers to build their frames.

The template (国办公开办函〔2019〕60号 / 〔2021〕30号) fixes the row and column labels; the values are
whatever the report prints.  Extractors (``tables_pdf``, ``tables_text``, ``tables_html``) find
the numbers; this module says which row and column each number belongs to and turns the numbers
into the frames described in docs/ARCHITECTURE.md ("Table frames").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..frames import is_missing
from ..model import ReportWarning, Tables

# --------------------------------------------------------------------------- part 二 (proactive)

PROACTIVE_ITEMS: tuple[str, ...] = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
PROACTIVE_COLUMNS: tuple[str, ...] = (
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额（万元）",
)
#: the three count columns of the 第二十条第（一）项 block
DOCUMENT_COLUMNS: tuple[str, ...] = PROACTIVE_COLUMNS[:3]
DECISION_COLUMN = "本年处理决定数量"
FEE_COLUMN = "本年收费金额（万元）"
#: rows that carry one 本年处理决定数量
DECISION_ITEMS: tuple[str, ...] = ("行政许可", "行政处罚", "行政强制")
DOCUMENT_ITEMS: tuple[str, ...] = ("规章", "行政规范性文件")
FEE_ITEM = "行政事业性收费"

# --------------------------------------------------------------------------- part 三 (applications)

#: the five columns under 法人或其他组织
LEGAL_PERSON_COLUMNS: tuple[str, ...] = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
NATURAL_PERSON = "自然人"
APPLICANT_COLUMNS: tuple[str, ...] = (NATURAL_PERSON, *LEGAL_PERSON_COLUMNS, "总计")

#: words that identify a column header of table 三, most specific first ('其他' also occurs in 法人或其他组织)
APPLICANT_COLUMN_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("自然人", ("自然人",)),
    ("商业企业", ("商业", "企业")),
    ("科研机构", ("科研",)),
    ("社会公益组织", ("公益",)),
    ("法律服务机构", ("法律服务", "服务机构")),
    ("总计", ("总计",)),
    ("其他", ("其他",)),
)
#: shorter words that survive a heading wrapped inside a narrow cell (社会公/益组织, 法律服/务机构);
#: used to read the left-to-right order of the headings, never to name a single cell
APPLICANT_HEADING_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("自然人", ("自然人", "自然")),
    ("商业企业", ("商业", "企业")),
    ("科研机构", ("科研",)),
    ("社会公益组织", ("社会", "公益")),
    ("法律服务机构", ("法律", "服务")),
    ("总计", ("总计",)),
    ("其他", ("其他",)),
)


@dataclass(frozen=True)
class RowSpec:
    """One row of table 三: its label as printed in the template and phrases that identify it."""

    label: str
    keys: tuple[str, ...]
    #: the row's own enumerator as printed before the label ('1.' -> '1', '（一）' -> '一', '一、' -> '一')
    marker: str = ""


def _r(group: str, item: str, keys: tuple[str, ...], marker: str) -> RowSpec:
    return RowSpec(f"{group} {item}" if group else item, keys, marker)


# group labels of table 三 (the rows under them carry the numbers)
_G3, _G4, _G5, _G6 = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"

_ROWS_HEAD: tuple[RowSpec, ...] = (
    _r("", "一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息"), "一"),
    _r("", "二、上年结转政府信息公开申请数量", ("上年结转",), "二"),
    _r("", "（一）予以公开", ("予以公开",), "一"),
    _r("", "（二）部分公开", ("部分公开",), "二"),
    _r(_G3, "1.属于国家秘密", ("国家秘密",), "1"),
    _r(_G3, "2.其他法律行政法规禁止公开", ("禁止公开", "其他法律", "法规禁止"), "2"),
    _r(_G3, "3.危及“三安全一稳定”", ("危及", "三安全"), "3"),
    _r(_G3, "4.保护第三方合法权益", ("第三方",), "4"),
    _r(_G3, "5.属于三类内部事务信息", ("三类内部", "内部事务"), "5"),
    _r(_G3, "6.属于四类过程性信息", ("四类过程", "过程性信息"), "6"),
    _r(_G3, "7.属于行政执法案卷", ("执法案卷",), "7"),
    _r(_G3, "8.属于行政查询事项", ("行政查询", "查询事项"), "8"),
    _r(_G4, "1.本机关不掌握相关政府信息", ("不掌握",), "1"),
    _r(_G4, "2.没有现成信息需要另行制作", ("另行制作", "没有现成"), "2"),
    _r(_G4, "3.补正后申请内容仍不明确", ("仍不明确", "补正后申请"), "3"),
    _r(_G5, "1.信访举报投诉类申请", ("信访", "举报投诉"), "1"),
    _r(_G5, "2.重复申请", ("重复申请",), "2"),
    _r(_G5, "3.要求提供公开出版物", ("公开出版物", "出版物"), "3"),
    _r(_G5, "4.无正当理由大量反复申请", ("大量反复", "反复申请"), "4"),
    _r(_G5, "5.要求行政机关确认或重新出具已获取信息", ("确认或重新出具", "重新出具"), "5"),
)
_ROWS_TAIL: tuple[RowSpec, ...] = (
    _r("", "（七）总计", ("总计",), "七"),
    _r("", "四、结转下年度继续办理", ("结转下年度", "继续办理"), "四"),
)

#: the 25 rows of the 2020+ template
APPLICATION_ROWS_25: tuple[RowSpec, ...] = (
    _ROWS_HEAD
    + (
        _r(_G6, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正", "不补正"), "1"),
        _r(
            _G6,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ("逾期未按收费", "收费通知", "缴纳费用"),
            "2",
        ),
        _r(_G6, "3.其他", ("其他",), "3"),
    )
    + _ROWS_TAIL
)
#: the 23 rows of the 2019 template (one （六）其他处理 row)
APPLICATION_ROWS_23: tuple[RowSpec, ...] = _ROWS_HEAD + (_r("", _G6, ("其他处理",), "六"),) + _ROWS_TAIL

APPLICATION_LAYOUTS: dict[int, tuple[RowSpec, ...]] = {25: APPLICATION_ROWS_25, 23: APPLICATION_ROWS_23}

#: phrases that only occur in the 25-row layout
LAYOUT_25_MARKERS: tuple[str, ...] = ("逾期不补正", "逾期未按收费", "收费通知", "不补正")


def application_labels(n_rows: int) -> list[str]:
    """Row labels (the frame index) of the 23- or 25-row layout of table 三."""
    try:
        return [r.label for r in APPLICATION_LAYOUTS[n_rows]]
    except KeyError:
        from ..errors import NlpReportsError

        raise NlpReportsError(f"table 三 has 23 or 25 template rows, not {n_rows}") from None


# --------------------------------------------------------------------------- part 四 (review / litigation)

REVIEW_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
#: one character that tells each review column's header apart
REVIEW_COLUMN_CHARS: tuple[str, ...] = ("维", "纠", "他", "尚", "总")
REVIEW_ROWS: tuple[str, ...] = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")


# --------------------------------------------------------------------------- label matching

_SPACE_RE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Drop all whitespace (labels wrap and get spaces inside cells)."""
    return _SPACE_RE.sub("", text)


def row_matches(text: str, spec: RowSpec) -> bool:
    """True when ``text`` (a row label, possibly with fragments of group labels) names ``spec``."""
    t = squeeze(text)
    return any(k in t for k in spec.keys)


def has_25_row_labels(label_text: str) -> bool:
    """True when the labels include the sub-rows of （六）其他处理 that only the 25-row layout has."""
    t = squeeze(label_text)
    return any(k in t for k in LAYOUT_25_MARKERS)


def choose_layout(label_text: str, n_rows: int | None = None) -> tuple[RowSpec, ...]:
    """Pick the 25- or 23-row layout of table 三 from the labels seen (and the number of rows found)."""
    if has_25_row_labels(label_text):
        return APPLICATION_ROWS_25
    return APPLICATION_ROWS_23 if n_rows in (None, 23) else APPLICATION_ROWS_25


def align_rows(band_texts: Sequence[str], layout: Sequence[RowSpec], window: int = 3) -> list[int] | None:
    """Check that the number rows found, in order, are the template rows of ``layout``.

    ``band_texts`` holds the label text seen around each number row.  The rows are taken in
    order (one number row per template row); the labels confirm it: a band may name its own
    row or no row, never a neighbouring one, and most bands must name their own row.
    Returns the template row index of each band, or ``None`` when the rows do not fit.
    """
    if len(band_texts) != len(layout):
        return None
    own = 0
    for i, text in enumerate(band_texts):
        if row_matches(text, layout[i]):
            own += 1
            continue
        lo, hi = max(0, i - window), min(len(layout), i + window + 1)
        if any(row_matches(text, layout[j]) for j in range(lo, hi) if j != i):
            return None
    if own < 0.6 * len(layout):
        return None
    return list(range(len(layout)))


_ENUM_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*[.．、]")


def _names_row(text: str, spec: RowSpec) -> bool:
    """``row_matches`` that also respects a printed enumerator: '4.其他情形' does not name '3.其他'."""
    if not row_matches(text, spec):
        return False
    if spec.marker.isdigit():
        nums = _ENUM_RE.findall(squeeze(text))
        if nums and spec.marker not in nums:
            return False
    return True


def align_rows_by_labels(band_texts: Sequence[str], layout: Sequence[RowSpec]) -> list[int | None] | None:
    """Match number rows to template rows by their labels when the counts differ.

    An order-preserving best matching (longest common subsequence on "the label names the row").
    Returns, per band, its template row index or ``None`` for a row the agency added.  ``None``
    overall when the matching is not clear: fewer than 80 % of the template rows matched, or an
    unmatched band names a template row (it could be that row).
    """
    n, m = len(band_texts), len(layout)
    ok = [[_names_row(band_texts[i], layout[j]) for j in range(m)] for i in range(n)]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + 1 if ok[i][j] else 0)
    out: list[int | None] = [None] * n
    i = j = 0
    while i < n and j < m:
        if ok[i][j] and best[i][j] == best[i + 1][j + 1] + 1:
            out[i] = j
            i += 1
            j += 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    matched = {j for j in out if j is not None}
    if len(matched) < 0.8 * m:
        return None
    for i in range(len(out)):
        if any(ok[i][k] and k not in matched for k in range(m)):
            return None  # a band names a template row left without numbers: cannot tell which it is
    return out


# --------------------------------------------------------------------------- frames


def proactive_frame(values: dict[tuple[str, str], Any]) -> pd.DataFrame:
    """Build the part 二 frame from ``{(item, column): value}``; missing cells are ``pd.NA``."""
    df = pd.DataFrame(index=pd.Index(PROACTIVE_ITEMS, name="item"), columns=list(PROACTIVE_COLUMNS), dtype=object)
    for (item, col), v in values.items():
        df.loc[item, col] = v
    df = df.where(df.notna(), pd.NA)
    for col in PROACTIVE_COLUMNS:
        df[col] = df[col].astype("Float64" if col == FEE_COLUMN else "Int64")
    return df


def applications_frame(rows: Sequence[Sequence[Any]], labels: Sequence[str]) -> pd.DataFrame:
    """Build the part 三 frame (int64; Int64 with ``pd.NA`` only when the report leaves cells blank)."""
    df = pd.DataFrame(
        [list(r) for r in rows], index=pd.Index(list(labels), name="row"), columns=list(APPLICANT_COLUMNS)
    )
    return _int_frame(df)


def review_frame(values: Sequence[Any]) -> pd.DataFrame:
    """Build the part 四 frame from its 15 numbers in printed order."""
    if len(values) != 15:
        from ..errors import NlpReportsError

        raise NlpReportsError(f"table 四 has 15 numbers, got {len(values)}")
    rows = [list(values[i * 5 : (i + 1) * 5]) for i in range(3)]
    df = pd.DataFrame(rows, index=pd.Index(REVIEW_ROWS, name="row"), columns=list(REVIEW_COLUMNS))
    return _int_frame(df)


def _int_frame(df: pd.DataFrame) -> pd.DataFrame:
    if df.isna().any().any():
        return df.astype("Int64")
    return df.astype("int64")


def _plain(v: Any) -> Any:
    if is_missing(v):
        return None
    f = float(v)
    return int(f) if f.is_integer() and not isinstance(v, float) else f


def tables_as_lists(tables: Tables) -> dict:
    """The tables as plain lists in the layout of ``gold/tables.json`` (absent tables are left out).

    proactive: [规章 制发, 废止, 现行有效, 行政规范性文件 制发, 废止, 现行有效, 许可, 处罚, 强制, 收费];
    applications: one list of 7 per row; review_litigation: the 15 numbers block by block.
    Blank cells are ``None``.
    """
    out: dict[str, Any] = {}
    if tables.proactive is not None:
        p = tables.proactive
        vals = [p.loc[i, c] for i in DOCUMENT_ITEMS for c in DOCUMENT_COLUMNS]
        vals += [p.loc[i, DECISION_COLUMN] for i in DECISION_ITEMS]
        vals.append(p.loc[FEE_ITEM, FEE_COLUMN])
        out["proactive"] = [_plain(v) for v in vals]
    if tables.applications is not None:
        out["applications"] = [[_plain(v) for v in row] for row in tables.applications.itertuples(index=False)]
    if tables.review_litigation is not None:
        out["review_litigation"] = [_plain(v) for row in tables.review_litigation.itertuples(index=False) for v in row]
    return out


# --------------------------------------------------------------------------- part 二 headers

#: header phrases of the 第二十条 blocks -> frame column ('' = a column the frame does not keep).
#: 2020+ template first, then the 2019 template (本年新制作数量 / 对外公开总数量 / 上一年项目数量 …).
PROACTIVE_HEADER_KEYS: tuple[tuple[str, str], ...] = (
    ("制发", "本年制发件数"),
    ("废止", "本年废止件数"),
    ("现行有效", "现行有效件数"),
    ("处理决定", DECISION_COLUMN),
    ("收费金额", FEE_COLUMN),
    ("新制作", "本年制发件数"),
    ("新公开", ""),
    ("对外公开总", "现行有效件数"),
    ("上一年项目", ""),
    ("增/减", ""),
    ("增减", ""),
    ("采购项目", ""),
    ("采购总金额", ""),
)
#: header phrases that only the 2019 table 二 uses
PROACTIVE_2019_MARKERS: tuple[str, ...] = ("新制作", "对外公开总", "上一年项目")

#: row labels of table 二 as printed (the 2019 template says 规范性文件)
PROACTIVE_ROW_LABELS: tuple[tuple[str, str], ...] = (
    ("行政规范性文件", "行政规范性文件"),
    ("规范性文件", "行政规范性文件"),
    ("规章", "规章"),
    ("行政许可", "行政许可"),
    ("行政处罚", "行政处罚"),
    ("行政强制", "行政强制"),
    ("行政事业性收费", "行政事业性收费"),
)


def header_phrases(text: str) -> list[tuple[int, int, str]]:
    """Find the table 二 header phrases in ``text``: ``(start, end, column)`` sorted by position."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for key, col in PROACTIVE_HEADER_KEYS:
        for m in re.finditer(re.escape(key), text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            found.append((s, e, col))
    return sorted(found)


def is_2019_header(text: str) -> bool:
    """True when a table 二 header uses the 2019 columns (本年新制作数量 …)."""
    t = squeeze(text)
    return any(k in t for k in PROACTIVE_2019_MARKERS)


def old_layout_warning() -> ReportWarning:
    """The warning for a table 二 printed with the 2019 columns (the table readers of every format give it)."""
    return ReportWarning(
        "table_old_layout",
        "table 二 uses the 2019 columns",
        "本年新制作数量 -> 本年制发件数, 对外公开总数量 -> 现行有效件数; other 2019 columns dropped",
    )


def proactive_row_item(label: str) -> str | None:
    """The table 二 row named by a label cell (whitespace ignored), or ``None``."""
    t = squeeze(label)
    for key, item in PROACTIVE_ROW_LABELS:
        if t == key or (t.startswith(key) and len(t) <= len(key) + 2):
            return item
    return None


#: which frame columns each table 二 row can fill
_ITEM_COLUMNS: dict[str, tuple[str, ...]] = {
    **{i: DOCUMENT_COLUMNS for i in DOCUMENT_ITEMS},
    **{i: (DECISION_COLUMN,) for i in DECISION_ITEMS},
    FEE_ITEM: (FEE_COLUMN,),
}


@dataclass
class ProactiveBlock:
    """One 第二十条 block as found: header columns and item rows, each with a position.

    Positions are x centres (PDF) or ranks in reading order (text); ``geometric`` says which.
    """

    header: list[tuple[float, str]]
    rows: list[tuple[str, list[tuple[float, str]]]]
    geometric: bool = False
    #: the header uses the 2019 column set
    old: bool = False


#: placeholder for a cell printed as a not-applicable mark (——, /, -): its value stays <NA>
NA_CELL = "<NA>"


#: a printed mark that stands for "nothing / not applicable" in a cell (kept as <NA>, never 0)
NA_MARK_RE = re.compile(r"[—–－\-/／\\]{1,3}|无")


def is_na_mark(text: str) -> bool:
    """True for a cell printed as a not-applicable mark (——, /, -, 无) rather than a number."""
    return bool(NA_MARK_RE.fullmatch(squeeze(text)))


def parse_number(text: str, decimal: bool = False) -> float | None:
    """A printed cell as a number (thousands separators and a trailing 元/万元 ignored); ``None`` if not one."""
    t = squeeze(text).replace(",", "").replace("，", "")
    t = re.sub(r"(万元|元)$", "", t)
    if not re.fullmatch(r"\d+(?:\.\d+)?", t):
        return None
    v = float(t)
    if not decimal and "." in t:
        return None
    return v if decimal else int(v)


def assemble_proactive(blocks: Sequence[ProactiveBlock]) -> tuple[pd.DataFrame | None, list[str], bool]:
    """Turn the found 第二十条 blocks into the part 二 frame.

    Returns ``(frame or None, problems, old_layout)``: ``problems`` are human-readable reasons for
    cells that could not be assigned; ``old_layout`` is True for the 2019 column set.
    """
    values: dict[tuple[str, str], Any] = {}
    problems: list[str] = []
    old = False
    for block in blocks:
        hdr = sorted(block.header)
        old = old or block.old
        for item, nums in block.rows:
            wanted = _ITEM_COLUMNS[item]
            nums = sorted(nums)
            if not nums:
                problems.append(f"{item}: no number printed")
                continue
            cols: list[str] = []
            if len(hdr) == len(nums):
                cols = [c for _, c in hdr]
            elif block.geometric and hdr:
                cols = [min(hdr, key=lambda h: abs(h[0] - pos))[1] for pos, _ in nums]
                if len(set(cols)) != len(cols):
                    cols = []
            elif len(nums) == 1 and len(wanted) == 1:
                cols = [wanted[0]]
            elif not hdr and len(nums) == len(wanted):
                cols = list(wanted)
            if not cols:
                problems.append(f"{item}: {len(nums)} numbers for {len(hdr)} header columns")
                continue
            for (_, txt), col in zip(nums, cols):
                if col not in wanted or txt == NA_CELL:
                    continue
                v = parse_number(txt, decimal=(col == FEE_COLUMN))
                if v is None:
                    problems.append(f"{item}/{col}: {txt!r} is not a number")
                    continue
                values[(item, col)] = v
    if not values:
        return None, problems, old
    return proactive_frame(values), problems, old
