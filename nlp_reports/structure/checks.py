"""Consistency checks (勾稽关系) of the standard tables, and of the narrative against them.

Table rules (TEMPLATE.md):

* ``app_balance``      table 三, per column: 一 + 二 == （七）总计 + 四;
* ``app_result_total`` table 三, per column: （七）总计 == sum of the rows of （一）…（六）
  (the numbered sub-rows of （三）…（六）; the 23-row layout has a single （六） row);
* ``app_row_total``    table 三, per row: 总计 == the six applicant columns;
* ``review_block_total`` table 四, per block: 总计 == 维持 + 纠正 + 其他 + 尚未审结.

Narrative rules compare figures that part 一 (or any paragraph) states in so many words
("…行政复议N件，其中结果维持a件…", "…受理政府信息公开申请N件") with the tables:
``narrative_review_total``, ``narrative_review_outcome``, ``narrative_litigation_total``,
``narrative_litigation_outcome``, ``narrative_applications_new``.  A rule is only emitted
when both the statement and the table cells are there; cells left blank are not checked.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..frames import CHECK_COLUMNS, is_missing
from ..model import Tables
from . import template as T

COLUMNS = CHECK_COLUMNS  # defined once, in nlp_reports.frames

_OUTCOMES = {
    "维持": "结果维持",
    "结果维持": "结果维持",
    "纠正": "结果纠正",
    "结果纠正": "结果纠正",
    "尚未审结": "尚未审结",
    "其他结果": "其他结果",
}
_NUM = r"\s*(\d+)\s*件"
#: longest names first so that 结果维持 wins over 维持
_OUTCOME_RE = "(" + "|".join(sorted(_OUTCOMES, key=len, reverse=True)) + ")"


def _val(x: Any) -> int | None:
    return None if is_missing(x) else x


def _add(rows: list, rule: str, table: str, where: str, expected: Any, found: Any) -> None:
    if expected is None or found is None:
        return
    e, f = float(expected), float(found)
    rows.append(
        {
            "rule": rule,
            "table": table,
            "where": where,
            "expected": int(e) if e.is_integer() else e,
            "found": int(f) if f.is_integer() else f,
            "ok": abs(e - f) < 1e-9,
        }
    )


def _sum(values: list) -> float | None:
    vals = [_val(v) for v in values]
    if any(v is None for v in vals):
        return None
    return sum(v for v in vals if v is not None)


def _check_applications(df: pd.DataFrame, rows: list) -> None:
    labels = list(df.index)
    first = next((i for i, lab in enumerate(labels) if lab.startswith("（一）")), None)
    total = next((i for i, lab in enumerate(labels) if lab.startswith("（七）")), None)
    new, carry, left = 0, 1, len(labels) - 1
    for col in df.columns:
        c = df[col].tolist()
        if first is not None and total is not None:
            _add(rows, "app_balance", "applications", col, _sum([c[new], c[carry]]), _sum([c[total], c[left]]))
            _add(rows, "app_result_total", "applications", col, _sum(c[first:total]), _val(c[total]))
    applicants = [c for c in df.columns if c != "总计"]
    for lab in labels:
        r = df.loc[lab]
        _add(rows, "app_row_total", "applications", lab, _sum([r[c] for c in applicants]), _val(r["总计"]))


def _check_review(df: pd.DataFrame, rows: list) -> None:
    parts = [c for c in T.REVIEW_COLUMNS if c != "总计"]
    for lab in df.index:
        r = df.loc[lab]
        _add(rows, "review_block_total", "review_litigation", lab, _sum([r[c] for c in parts]), _val(r["总计"]))


# --------------------------------------------------------------------------- narrative


def _sentence_after(text: str, pos: int) -> str:
    m = re.search(r"[。；;\n]", text[pos:])
    return text[pos : pos + (m.start() if m else 200)]


def _outcomes(clause: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in re.finditer(_OUTCOME_RE + _NUM, clause):
        out.setdefault(_OUTCOMES[m.group(1)], int(m.group(2)))
    return out


_DIRECT = re.compile(r"(?:未经复议)?直接(?:提起)?(?:行政)?起诉")
_AFTER_REVIEW = re.compile(r"复议后(?:提起)?(?:行政)?起诉")


def _litigation_blocks(sentence: str) -> list[tuple[int, str]]:
    """Split a litigation sentence into its 未经复议直接起诉 / 复议后起诉 clauses, when it names both.

    Returns ``[(row position among the two litigation rows, clause), ...]`` or ``[]``.
    """
    d, a = _DIRECT.search(sentence), _AFTER_REVIEW.search(sentence)
    if not d or not a:
        return []
    if d.start() < a.start():
        return [(0, sentence[d.end() : a.start()]), (1, sentence[a.end() :])]
    return [(1, sentence[a.end() : d.start()]), (0, sentence[d.end() :])]


def _about_disclosure(text: str, start: int) -> bool:
    return "信息公开" in text[max(0, start - 30) : start]


def _check_narrative(tables: Tables, text: str, rows: list) -> None:
    flat = re.sub(r"[ \t\u3000]+", "", text)
    rv = tables.review_litigation
    if rv is not None:
        m = re.search(r"行政复议(?:案件|申请)?(?:共)?" + _NUM, flat)
        review_end = None
        if m and (_about_disclosure(flat, m.start()) or "结果维持" in _sentence_after(flat, m.end())):
            review_end = m.end()
            _add(
                rows,
                "narrative_review_total",
                "review_litigation",
                "行政复议",
                int(m.group(1)),
                _val(rv.loc["行政复议", "总计"]),
            )
            clause = re.split(r"行政诉讼", _sentence_after(flat, m.end()))[0]
            for col, n in _outcomes(clause).items():
                _add(
                    rows,
                    "narrative_review_outcome",
                    "review_litigation",
                    f"行政复议/{col}",
                    n,
                    _val(rv.loc["行政复议", col]),
                )
        # "行政复议和行政诉讼N件" counts both: not a statement about table 四's litigation blocks
        m = re.search(r"(?<![和及与、])行政诉讼(?:案件)?(?:共)?" + _NUM, flat)
        follows_review = review_end is not None and 0 <= m.start() - review_end <= 80 if m else False
        if m and (follows_review or _about_disclosure(flat, m.start()) or "结果维持" in _sentence_after(flat, m.end())):
            lit = list(rv.index[1:])
            _add(
                rows,
                "narrative_litigation_total",
                "review_litigation",
                "行政诉讼",
                int(m.group(1)),
                _sum([rv.loc[r, "总计"] for r in lit]),
            )
            sentence = _sentence_after(flat, m.end())
            blocks = _litigation_blocks(sentence)
            if blocks:
                # the narrative gives the two litigation blocks separately: check each against its row
                for row_pos, clause in blocks:
                    row = lit[row_pos]
                    for col, n in _outcomes(clause).items():
                        _add(
                            rows,
                            "narrative_litigation_outcome",
                            "review_litigation",
                            f"{row}/{col}",
                            n,
                            _val(rv.loc[row, col]),
                        )
            else:
                for col, n in _outcomes(sentence).items():
                    _add(
                        rows,
                        "narrative_litigation_outcome",
                        "review_litigation",
                        f"行政诉讼/{col}",
                        n,
                        _sum([rv.loc[r, col] for r in lit]),
                    )
    ap = tables.applications
    if ap is not None and len(ap) >= 2:
        m = re.search(r"(?:收到|受理|新收|接收)[^，。；\d]{0,6}?政府信息公开申请(?:共|总计)?" + _NUM, flat)
        if m:
            stated = int(m.group(1))
            new, carry = _val(ap["总计"].iloc[0]), _val(ap["总计"].iloc[1])
            if new is not None:
                # "受理" sometimes counts the carried-over requests too
                found = new + carry if carry is not None and stated != new and stated == new + carry else new
                _add(rows, "narrative_applications_new", "applications", "一、本年新收", stated, found)


def run_checks(tables: Tables, text: str) -> pd.DataFrame:
    """All consistency checks as a frame with columns ``rule, table, where, expected, found, ok``.

    ``ok`` is False where the printed numbers (or the narrative) break a rule; the values
    themselves are never corrected.
    """
    rows: list[dict] = []
    if tables.applications is not None:
        _check_applications(tables.applications, rows)
    if tables.review_litigation is not None:
        _check_review(tables.review_litigation, rows)
    _check_narrative(tables, text or "", rows)
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["ok"] = df["ok"].astype(bool)
    return df
