"""One row per agency: the names and years it was seen under, its division, type and reports.

Kept apart from the corpus so that a corpus in memory and a streaming run (which holds no reports)
build the ``agencies`` frame with the same code.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..frames import AGENCY_COLUMNS
from ..model import Report


class AgencyRegister:
    """The agencies frame built report by report, holding one small record per agency (not the reports).

    :meth:`Corpus.agencies <nlp_reports.corpus.Corpus.agencies>` adds its reports; the streaming
    ``analyze`` run adds each report as it arrives.  An agency's type, level and division are those of
    its first report of the latest year.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, Any], dict[str, Any]] = {}

    def add(self, rep: Report) -> None:
        """Count ``rep`` under its agency (``agency_id``, else its agency name, else its doc id)."""
        m = rep.meta
        key = ("id", m.agency_id) if m.agency_id else ("name", m.agency_key or m.agency or m.doc_id)
        g = self.groups.get(key)
        if g is None:
            g = self.groups[key] = {"names": set(), "years": set(), "n": 0, "doc_ids": [], "last_year": None}
        year = m.year or 0
        if g["last_year"] is None or year > g["last_year"]:  # max(): the first of the latest year
            div = m.division or {}
            g["last_year"] = year
            g["last"] = {
                "agency_type": m.agency_type,
                "level": m.level,
                "province": div.get("province") or m.region,
                "prefecture": div.get("prefecture"),
                "county": div.get("county"),
                "division_code": div.get("code"),
            }
        if m.agency:
            g["names"].add(m.agency)
        if m.year is not None:
            g["years"].add(m.year)
        g["n"] += 1
        g["doc_ids"].append(m.doc_id)

    def frame(self) -> pd.DataFrame:
        """One row per agency, those with an ``agency_id`` first (by id), then the others in order of arrival."""
        rows = [
            {
                "agency_id": key if kind == "id" else None,
                **g["last"],
                "names": sorted(g["names"]),
                "years": sorted(g["years"]),
                "n_reports": g["n"],
                "doc_ids": g["doc_ids"],
            }
            for (kind, key), g in self.groups.items()
        ]
        out = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
        order = out["agency_id"].isna()
        return (
            out.assign(_o=order)
            .sort_values(["_o", "agency_id"], kind="mergesort")
            .drop(columns="_o")
            .reset_index(drop=True)
        )
