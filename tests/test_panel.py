"""corpus.panel(): agency x year variables from tables 二/三/四, duplicates, failed checks, Stata/parquet/CSV export."""

from __future__ import annotations

import copy
import json
import re

import pandas as pd
import pytest

import nlp_reports as nr
from nlp_reports.corpus.panel import VARIABLES, codebook_frame
from nlp_reports.structure import template as T


def test_variables_are_stable_stata_names_with_labels():
    names = [v.name for v in VARIABLES]
    assert len(names) == len(set(names)) == 10 + 26 * 7 + 15
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,31}", n) for n in names)
    cb = codebook_frame()
    assert cb.columns.tolist() == ["variable", "label", "table", "row", "column", "unit"]
    assert cb["label"].str.len().max() <= 80 and cb["label"].is_unique
    assert cb.set_index("variable").loc["t2_fees_10k_yuan", "unit"] == "万元"
    # names stay what researchers' scripts use
    assert {"t2_rules_issued", "t3_new_nat", "t3_total_handled_tot", "t4_suit_after_review_corrected"} <= set(names)


def _gold_lists(row: pd.Series, n_app_rows: int) -> dict:
    """Rebuild the gold/tables.json layout from a panel row through the codebook."""
    cb = codebook_frame().set_index(["table", "row", "column"])["variable"]

    def val(table, r, c):
        v = row[cb[(table, r, c)]]
        return None if pd.isna(v) else (float(v) if c == T.FEE_COLUMN else int(v))

    pro = [val("proactive", i, c) for i in T.DOCUMENT_ITEMS for c in T.DOCUMENT_COLUMNS]
    pro += [val("proactive", i, T.DECISION_COLUMN) for i in T.DECISION_ITEMS]
    pro.append(val("proactive", T.FEE_ITEM, T.FEE_COLUMN))
    app = [[val("applications", r, c) for c in T.APPLICANT_COLUMNS] for r in T.application_labels(n_app_rows)]
    rev = [val("review_litigation", r, c) for r in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS]
    return {"proactive": pro, "applications": app, "review_litigation": rev}


def test_real_panel_equals_gold_tables(real_corpus, real_corpus_dir, tmp_path):
    gold = json.loads((real_corpus_dir / "gold" / "tables.json").read_text(encoding="utf-8"))
    panel = real_corpus.panel()
    assert not panel.duplicated(["agency_id", "year"]).any()
    for doc_id, want in gold.items():
        rows = panel[panel["doc_id"] == doc_id]
        assert len(rows) == 1, doc_id
        got = _gold_lists(rows.iloc[0], len(want["applications"]))
        for name in ("proactive", "applications", "review_litigation"):
            assert got[name] == want[name], (doc_id, name)
    # a report whose printed totals do not add up stays in, flagged
    hz = panel[panel["doc_id"] == "hongze_2023"].iloc[0]
    assert hz["checks_failed"] > 0 and not hz["checks_ok"]
    # the same report as PDF and text is one agency-year, flagged, no conflicting values
    dup = panel[panel["n_reports"] > 1]
    assert len(dup) and dup["duplicate"].all() and (dup["duplicate_doc_ids"] != "").all()
    # Stata export reads back with its Chinese labels
    nr.io.to_stata(panel, tmp_path / "panel.dta")
    back = pd.read_stata(tmp_path / "panel.dta")
    assert back.shape == panel.shape and back["agency_id"].tolist() == panel["agency_id"].tolist()
    with pd.io.stata.StataReader(tmp_path / "panel.dta") as rd:
        labels = rd.variable_labels()
    assert labels["t3_granted_nat"] == "表三 （一）予以公开｜自然人" and labels["year"] == "报告年度"
    hz_back = back[back["doc_id"] == "hongze_2023"].iloc[0]
    assert hz_back["t4_review_total"] == hz["t4_review_total"] and hz_back["checks_ok"] == 0


def test_duplicates_resolved_by_rule_and_conflicts_flagged(sample_corpus, tmp_path):
    base = sample_corpus["yunxi_2023"]
    worse = copy.deepcopy(base)
    worse.meta.doc_id = "yunxi_2023_copy"
    worse.tables.review_litigation = None  # fewer cells: the original is kept
    other = copy.deepcopy(base)
    other.meta.doc_id = "yunxi_2023_reissued"
    other.tables.applications = other.tables.applications.copy()
    other.tables.applications.iloc[0, 0] += 1  # prints a different number
    other.tables.review_litigation = None
    corpus = nr.Corpus([base, worse, other])
    panel = corpus.panel()
    assert len(panel) == 1
    row = panel.iloc[0]
    assert row["doc_id"] == "yunxi_2023" and row["n_reports"] == 3 and row["duplicate"]
    assert row["duplicate_doc_ids"] == "yunxi_2023_copy;yunxi_2023_reissued" and row["duplicate_conflict"]
    assert not nr.Corpus([base, worse]).panel().iloc[0]["duplicate_conflict"]
    # exports: CSV with its codebook, parquet keeps nullable ints and the codebook
    nr.io.to_csv(panel, tmp_path / "p.csv")
    assert pd.read_csv(tmp_path / "p.codebook.csv")["variable"].tolist() == [v.name for v in VARIABLES]
    nr.io.to_parquet(panel, tmp_path / "p.parquet")
    pq = pd.read_parquet(tmp_path / "p.parquet")
    assert pq["t3_new_nat"].dtype == "Int64" and len(pq.attrs["codebook"]) == len(VARIABLES)


def test_to_stata_rejects_bad_names(tmp_path):
    with pytest.raises(nr.errors.NlpReportsError, match="not valid Stata variable names"):
        nr.io.to_stata(pd.DataFrame({"年度": [1]}), tmp_path / "x.dta")


def test_group_key_prefers_agency_id():
    from nlp_reports.corpus.panel import group_key

    assert group_key(pd.DataFrame({"agency_key": ["a"], "agency_id": ["x1"]})) == "agency_id"
    assert group_key(pd.DataFrame({"agency_key": ["a"]})) == "agency_key"
