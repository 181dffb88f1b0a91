"""Rows and columns of the three standard tables (parts 二, 三, 四) and helpers to build their frames.

The template (国办公开办函〔2019〕60号 / 〔2021〕30号) fixes the row and column labels; the values are
whatever the report prints.  Extractors (``tables_pdf``, ``tables_text``, ``tables_html``) find
the numbers; this module says which row and column each number belongs to and turns the numbers
into the frames described in docs/ARCHITECTURE.md ("Table frames").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import pandas as pd

from ..model import Tables

# --------------------------------------------------------------------------- part 二 (proactive)

PROACTIVE_ITEMS: tuple[str, ...] = ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
PROACTIVE_COLUMNS: tuple[str, ...] = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（万元）")
#: the three count columns of the 第二十条第（一）项 block
DOCUMENT_COLUMNS: tuple[str, ...] = PROACTIVE_COLUMNS[:3]
DECISION_COLUMN = "本年处理决定数量"
FEE_COLUMN = "本年收费金额（万元）"
#: rows that carry one 本年处理决定数量
DECISION_ITEMS: tuple[str, ...] = ("行政许可", "行政处罚", "行政强制")
DOCUMENT_ITEMS: tuple[str, ...] = ("规章", "行政规范性文件")
FEE_ITEM = "行政事业性收费"

# --------------------------------------------------------------------------- part 三 (applications)

APPLICANT_COLUMNS: tuple[str, ...] = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

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


@dataclass(frozen=True)
class RowSpec:
    """One row of table 三: its label as printed in the template and phrases that identify it."""

    label: str
    keys: tuple[str, ...]
    #: the row's own enumerator as printed before the label ('1.' -> '1', '（一）' -> '一', '一、' -> '一')
    marker: str = ""


_ROWS_HEAD: tuple[RowSpec, ...] = (
    RowSpec("一、本年新收政府信息公开申请数量", ("本年新收", "新收政府信息"), "一"),
    RowSpec("二、上年结转政府信息公开申请数量", ("上年结转",), "二"),
    RowSpec("（一）予以公开", ("予以公开",), "一"),
    RowSpec("（二）部分公开", ("部分公开",), "二"),
    RowSpec("（三）不予公开 1.属于国家秘密", ("国家秘密",), "1"),
    RowSpec("（三）不予公开 2.其他法律行政法规禁止公开", ("禁止公开", "其他法律", "法规禁止"), "2"),
    RowSpec("（三）不予公开 3.危及“三安全一稳定”", ("危及", "三安全"), "3"),
    RowSpec("（三）不予公开 4.保护第三方合法权益", ("第三方",), "4"),
    RowSpec("（三）不予公开 5.属于三类内部事务信息", ("三类内部", "内部事务"), "5"),
    RowSpec("（三）不予公开 6.属于四类过程性信息", ("四类过程", "过程性信息"), "6"),
    RowSpec("（三）不予公开 7.属于行政执法案卷", ("执法案卷",), "7"),
    RowSpec("（三）不予公开 8.属于行政查询事项", ("行政查询", "查询事项"), "8"),
    RowSpec("（四）无法提供 1.本机关不掌握相关政府信息", ("不掌握",), "1"),
    RowSpec("（四）无法提供 2.没有现成信息需要另行制作", ("另行制作", "没有现成"), "2"),
    RowSpec("（四）无法提供 3.补正后申请内容仍不明确", ("仍不明确", "补正后申请"), "3"),
    RowSpec("（五）不予处理 1.信访举报投诉类申请", ("信访", "举报投诉"), "1"),
    RowSpec("（五）不予处理 2.重复申请", ("重复申请",), "2"),
    RowSpec("（五）不予处理 3.要求提供公开出版物", ("公开出版物", "出版物"), "3"),
    RowSpec("（五）不予处理 4.无正当理由大量反复申请", ("大量反复", "反复申请"), "4"),
    RowSpec("（五）不予处理 5.要求行政机关确认或重新出具已获取信息", ("确认或重新出具", "重新出具"), "5"),
)
_ROWS_TAIL: tuple[RowSpec, ...] = (
    RowSpec("（七）总计", ("总计",), "七"),
    RowSpec("四、结转下年度继续办理", ("结转下年度", "继续办理"), "四"),
)

#: the 25 rows of the 2020+ template
APPLICATION_ROWS_25: tuple[RowSpec, ...] = (
    _ROWS_HEAD
    + (
        RowSpec("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正", "不补正"), "1"),
        RowSpec("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ("逾期未按收费", "收费通知", "缴纳费用"), "2"),
        RowSpec("（六）其他处理 3.其他", ("其他",), "3"),
    )
    + _ROWS_TAIL
)
#: the 23 rows of the 2019 template (one （六）其他处理 row)
APPLICATION_ROWS_23: tuple[RowSpec, ...] = _ROWS_HEAD + (RowSpec("（六）其他处理", ("其他处理",), "六"),) + _ROWS_TAIL

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


def application_groups(labels: Sequence[str]) -> dict[str, list[str]]:
    """Map each result group of table 三 (（一）…（六）) to the rows that carry its numbers.

    Used by the checks: （七）总计 equals the sum over these rows.
    """
    groups: dict[str, list[str]] = {}
    for lab in labels:
        m = re.match(r"（([一二三四五六])）", lab)
        if m:
            groups.setdefault(m.group(1), []).append(lab)
    return groups


# --------------------------------------------------------------------------- part 四 (review / litigation)

REVIEW_ROWS: tuple[str, ...] = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
REVIEW_COLUMNS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
#: one character that tells each review column's header apart
REVIEW_COLUMN_CHARS: tuple[str, ...] = ("维", "纠", "他", "尚", "总")


# --------------------------------------------------------------------------- label matching

_SPACE_RE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Drop all whitespace (labels wrap and get spaces inside cells)."""
    return _SPACE_RE.sub("", text)


def row_matches(text: str, spec: RowSpec) -> bool:
    """True when ``text`` (a row label, possibly with fragments of group labels) names ``spec``."""
    t = squeeze(text)
    return any(k in t for k in spec.keys)


def choose_layout(label_text: str, n_rows: Optional[int] = None) -> tuple[RowSpec, ...]:
    """Pick the 25- or 23-row layout of table 三 from the labels seen (and the number of rows found)."""
    t = squeeze(label_text)
    if any(k in t for k in LAYOUT_25_MARKERS):
        return APPLICATION_ROWS_25
    if "其他处理" in t and n_rows == 23:
        return APPLICATION_ROWS_23
    if n_rows == 23:
        return APPLICATION_ROWS_23
    return APPLICATION_ROWS_25


def align_rows(band_texts: Sequence[str], layout: Sequence[RowSpec], lookahead: int = 4) -> Optional[list[int]]:
    """Assign each found number row (given the label text around it) to a template row, in order.

    Returns, for each number row, the index of its template row, or ``None`` when the rows
    cannot be matched one-to-one (a row missing, or labels contradicting the order).
    A band whose text names no row takes the next template row in order.
    """
    out: list[int] = []
    p = 0
    for text in band_texts:
        if p >= len(layout):
            return None
        hit = None
        for j in range(p, min(len(layout), p + lookahead + 1)):
            if row_matches(text, layout[j]):
                hit = j
                break
        if hit is None:
            hit = p
        elif hit != p:
            # a skipped template row is acceptable only if its own label is absent from the band
            return None
        out.append(hit)
        p = hit + 1
    if p != len(layout):
        return None
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
    df = pd.DataFrame([list(r) for r in rows], index=pd.Index(list(labels), name="row"), columns=list(APPLICANT_COLUMNS))
    return _int_frame(df)


def review_frame(values: Sequence[Any]) -> pd.DataFrame:
    """Build the part 四 frame from its 15 numbers in printed order."""
    if len(values) != 15:
        from ..errors import NlpReportsError

        raise NlpReportsError(f"table 四 has 15 numbers, got {len(values)}")
    rows = [list(values[i * 5:(i + 1) * 5]) for i in range(3)]
    df = pd.DataFrame(rows, index=pd.Index(REVIEW_ROWS, name="row"), columns=list(REVIEW_COLUMNS))
    return _int_frame(df)


def _int_frame(df: pd.DataFrame) -> pd.DataFrame:
    if df.isna().any().any():
        return df.astype("Int64")
    return df.astype("int64")


def _plain(v: Any) -> Any:
    if v is None or v is pd.NA:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
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
