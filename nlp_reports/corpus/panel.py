"""The tables of every report as an agency × year panel with named variables and a data dictionary.

Every cell of the template tables 二, 三 and 四 gets a stable English snake_case name of at most
32 characters (Stata's limit): ``t2_`` proactive disclosure, ``t3_`` applications (row code + applicant
column code), ``t4_`` administrative review and litigation.  Values are as printed (``<NA>`` for a blank
or absent cell).  ``panel.attrs["codebook"]`` says for each variable its Chinese label, table, row and
column as in ``corpus.tables_frame()``, and unit.

Two reports of one agency and year (the same report as PDF and as web text, or a corrected
re-publication) are resolved by a documented rule: keep the copy with the most table cells found, then
the fewest failed consistency checks, then the first ``doc_id`` in sort order.  The row is flagged
(``duplicate``), the other copies are named (``duplicate_doc_ids``), and ``duplicate_conflict`` says
whether any of them prints a different value.  Reports whose checks (勾稽关系) fail stay in the panel,
flagged by ``checks_failed`` / ``checks_ok``: the numbers are what the agency published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..model import Report
from ..structure import template as T

#: the identity of an agency in the panel: ``agency_id`` once the document variables carry it,
#: else ``agency_key`` (the name without office suffixes)
GROUP_KEYS: tuple[str, ...] = ("agency_id", "agency_key")

_P2_ROWS = {
    "规章": "rules",
    "行政规范性文件": "normdocs",
    "行政许可": "licensing",
    "行政处罚": "penalty",
    "行政强制": "coercion",
}
_P2_COLS = {"本年制发件数": "issued", "本年废止件数": "repealed", "现行有效件数": "in_force"}

#: table 三 row label -> code (both template layouts; the 2019 layout has one （六）其他处理 row)
T3_ROWS: dict[str, str] = dict(
    zip(
        [r.label for r in T.APPLICATION_ROWS_25],
        [
            "new",
            "carried_in",
            "granted",
            "partly_granted",
            "denied_secret",
            "denied_law",
            "denied_security",
            "denied_third_party",
            "denied_internal",
            "denied_process",
            "denied_enforcement",
            "denied_inquiry",
            "unable_not_held",
            "unable_to_create",
            "unable_unclear",
            "refused_petition",
            "refused_repeat",
            "refused_publication",
            "refused_mass_repeat",
            "refused_confirm",
            "other_no_correction",
            "other_no_fee",
            "other_other",
            "total_handled",
            "carried_forward",
        ],
    )
)
T3_ROWS[T.APPLICATION_ROWS_23[20].label] = "other_handling"
T3_COLS: dict[str, str] = dict(zip(T.APPLICANT_COLUMNS, ["nat", "biz", "res", "npo", "law", "oth", "tot"]))
T4_ROWS: dict[str, str] = dict(zip(T.REVIEW_ROWS, ["review", "suit_direct", "suit_after_review"]))
T4_COLS: dict[str, str] = dict(zip(T.REVIEW_COLUMNS, ["upheld", "corrected", "other", "pending", "total"]))

_TABLE_CN = {"proactive": "二", "applications": "三", "review_litigation": "四"}


@dataclass(frozen=True)
class Variable:
    """One panel variable: its name and where it sits in the template."""

    name: str
    table: str
    row: str
    column: str
    unit: str

    @property
    def label(self) -> str:
        """Chinese label: table numeral, row and column (at most 80 characters, Stata's limit)."""
        text = f"表{_TABLE_CN[self.table]} {self.row}｜{self.column}"
        return text if len(text) <= 80 else text[:79] + "…"


def _variables() -> tuple[Variable, ...]:
    out: list[Variable] = []
    for item, rcode in _P2_ROWS.items():
        if item in T.DOCUMENT_ITEMS:
            for col, ccode in _P2_COLS.items():
                out.append(Variable(f"t2_{rcode}_{ccode}", "proactive", item, col, "件"))
        else:
            out.append(Variable(f"t2_{rcode}_decisions", "proactive", item, T.DECISION_COLUMN, "件"))
    out.append(Variable("t2_fees_10k_yuan", "proactive", T.FEE_ITEM, T.FEE_COLUMN, "万元"))
    rows = list(T3_ROWS.items())
    rows.insert(23, rows.pop())  # the 2019 （六）其他处理 row after the three sub-rows of 2020+
    for label, rcode in rows:
        for col, ccode in T3_COLS.items():
            out.append(Variable(f"t3_{rcode}_{ccode}", "applications", label, col, "件"))
    for label, rcode in T4_ROWS.items():
        for col, ccode in T4_COLS.items():
            out.append(Variable(f"t4_{rcode}_{ccode}", "review_litigation", label, col, "件"))
    return tuple(out)


#: every panel variable, in column order
VARIABLES: tuple[Variable, ...] = _variables()

#: labels of the identifying and flag columns (Stata variable labels)
META_LABELS: dict[str, str] = {
    "agency_id": "机关标识",
    "agency_key": "机关（不含办公室等后缀）",
    "agency": "报告机关",
    "year": "报告年度",
    "level": "行政层级",
    "region": "省级地区",
    "doc_id": "所用报告",
    "n_reports": "同一机关年度的报告份数",
    "duplicate": "有重复报告",
    "duplicate_doc_ids": "未用的重复报告",
    "duplicate_conflict": "重复报告数值不一致",
    "tables_found": "找到的表格数",
    "n_cells": "读出的表格数值个数",
    "checks_failed": "未通过的勾稽关系校验数",
    "checks_ok": "勾稽关系校验全部通过",
}


def codebook_frame() -> pd.DataFrame:
    """The data dictionary: ``variable, label, table, row, column, unit`` (row/column as in tables_frame)."""
    return pd.DataFrame(
        [
            {"variable": v.name, "label": v.label, "table": v.table, "row": v.row, "column": v.column, "unit": v.unit}
            for v in VARIABLES
        ]
    )


def report_values(rep: Report) -> dict[str, Any]:
    """The panel variables of one report (only the cells it prints)."""
    out: dict[str, Any] = {}
    for v in VARIABLES:
        df = getattr(rep.tables, v.table)
        if df is None or v.row not in df.index or v.column not in df.columns:
            continue
        val = df.loc[v.row, v.column]
        if val is None or pd.isna(val):
            continue
        out[v.name] = float(val) if v.unit == "万元" else int(val)
    return out


def group_key(docvars: pd.DataFrame) -> str:
    """``agency_id`` when the document variables have it (filled), else ``agency_key``."""
    for key in GROUP_KEYS:
        if key in docvars.columns and docvars[key].notna().any():
            return key
    return "agency_key"


def panel_record(rep: Report, meta: dict[str, Any]) -> dict[str, Any]:
    """What the panel needs of one report: its document variables, printed values, cells, tables, failed checks."""
    vals = report_values(rep)
    return {
        "meta": meta,
        "values": vals,
        "n_cells": len(vals),
        "tables_found": sum(df is not None for _, df in rep.tables.items()),
        "checks_failed": int(len(rep.failed_checks)),
    }


def build_panel(reports: Iterable[Report], docvars: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per agency × year from ``reports`` (see the module docstring for the rules)."""

    reports = list(reports)
    dv = docvars if docvars is not None else pd.DataFrame([r.docvars() for r in reports])
    key = group_key(dv) if len(dv) else "agency_key"
    recs = [panel_record(rep, meta.to_dict()) for rep, (_, meta) in zip(reports, dv.iterrows())]
    return panel_from_records(recs, key, list(dv.columns))


def panel_from_records(recs: list[dict[str, Any]], key: str, docvar_columns: list[str]) -> pd.DataFrame:
    """The panel of :func:`panel_record` records grouped by ``key`` (``agency_id`` / ``agency_key``) and year.

    A streaming run calls it once per year with the records of that year (agency-years never span two
    years), so the duplicate rule sees every copy of an agency-year.
    """
    rows = []
    groups: dict[tuple, list[dict]] = {}
    for r in recs:
        k = (r["meta"].get(key), r["meta"].get("year"))
        groups.setdefault(tuple("" if pd.isna(x) else x for x in k), []).append(r)
    for _, members in groups.items():
        members = sorted(members, key=lambda r: (-r["n_cells"], r["checks_failed"], str(r["meta"]["doc_id"])))
        best, others = members[0], members[1:]
        conflict = any(
            name in o["values"] and o["values"][name] != val for o in others for name, val in best["values"].items()
        )
        row = {
            k: best["meta"].get(k)
            for k in ("agency_id", key, "agency", "year", "level", "region", "doc_id")
            if k in best["meta"]
        }
        row.update(
            n_reports=len(members),
            duplicate=len(members) > 1,
            duplicate_doc_ids=";".join(str(o["meta"]["doc_id"]) for o in others),
            duplicate_conflict=bool(conflict),
            tables_found=best["tables_found"],
            n_cells=best["n_cells"],
            checks_failed=best["checks_failed"],
            checks_ok=best["checks_failed"] == 0,
        )
        row.update(best["values"])
        rows.append(row)
    id_cols = [c for c in ("agency_id", key) if c in docvar_columns]
    id_cols = list(dict.fromkeys(id_cols if key == "agency_id" else [key]))
    meta_cols = id_cols + [
        "agency",
        "year",
        "level",
        "region",
        "doc_id",
        "n_reports",
        "duplicate",
        "duplicate_doc_ids",
        "duplicate_conflict",
        "tables_found",
        "n_cells",
        "checks_failed",
        "checks_ok",
    ]
    panel = pd.DataFrame(rows, columns=meta_cols + [v.name for v in VARIABLES])
    for v in VARIABLES:
        panel[v.name] = panel[v.name].astype("Float64" if v.unit == "万元" else "Int64")
    panel["year"] = panel["year"].astype("Int64")
    for c in ("n_reports", "tables_found", "n_cells", "checks_failed"):
        panel[c] = panel[c].astype("int64")
    for c in ("duplicate", "duplicate_conflict", "checks_ok"):
        panel[c] = panel[c].astype(bool)
    panel = panel.sort_values([key, "year"], na_position="last", kind="stable").reset_index(drop=True)
    panel.attrs["codebook"] = codebook_frame()
    panel.attrs["group_key"] = key
    panel.attrs["meta_labels"] = {c: META_LABELS[c] for c in meta_cols if c in META_LABELS}
    return panel
