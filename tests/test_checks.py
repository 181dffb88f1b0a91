"""Consistency checks of the tables and of the narrative against table 四."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nlp_reports.model import Tables
from nlp_reports.structure import template as T
from nlp_reports.structure.checks import COLUMNS, run_checks
from nlp_reports.structure.tables import extract_tables
from nlp_reports.structure.tables_text import extract_text_tables_from_string

REAL = os.environ.get("NLP_REPORTS_REAL_CORPUS")


def _real_tables(name: str):
    if not REAL:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    from nlp_reports.ingest.pdf_reader import read_pdf

    path = Path(REAL) / "pdf" / name
    doc = read_pdf(str(path), path.read_bytes())
    tables, _ = extract_tables(doc)
    return tables, doc.text


def _consistent_rows(n_rows: int) -> list[list[int]]:
    """A table 三 that obeys every rule: results spread over the result rows, one carried over."""
    labels = T.application_labels(n_rows)
    rows = [[0] * 7 for _ in labels]
    result_rows = [i for i, lab in enumerate(labels) if lab.startswith("（") and not lab.startswith("（七）")]
    for k, i in enumerate(result_rows):
        rows[i] = [k % 3, 1 if k % 4 == 0 else 0, 0, 0, 0, 0, 0]
    done = [sum(rows[i][j] for i in result_rows) for j in range(7)]
    rows[-2] = done  # （七）总计
    rows[0] = [done[0] + 1, done[1], 0, 0, 0, 0, 0]  # 一: one more than handled
    rows[1] = [0] * 7  # 二
    rows[-1] = [1, 0, 0, 0, 0, 0, 0]  # 四: the one left over
    for r in rows:
        r[6] = sum(r[:6])
    return rows


def _text(rows: list[list[int]], review: list[int]) -> str:
    labels = T.application_labels(len(rows))
    lines = ["申请人情况", " ".join(T.APPLICANT_COLUMNS)]
    lines += [lab.split(" ")[-1] + " " + " ".join(map(str, r)) for lab, r in zip(labels, rows)]
    lines += ["四、复议和诉讼", " ".join(T.REVIEW_ROWS), " ".join(T.REVIEW_COLUMNS * 3), " ".join(map(str, review))]
    return "\n".join(lines)


REVIEW_OK = [2, 1, 0, 1, 4, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("n_rows", [25, 23])
def test_consistent_table_passes_every_rule(n_rows: int) -> None:
    tables, _ = extract_text_tables_from_string(_text(_consistent_rows(n_rows), REVIEW_OK))
    checks = run_checks(tables, "")
    assert list(checks.columns) == COLUMNS
    assert set(checks["rule"]) == {"app_balance", "app_result_total", "app_row_total", "review_block_total"}
    assert checks["ok"].all(), checks[~checks["ok"]]
    assert (checks["rule"] == "app_row_total").sum() == n_rows


def test_wrong_total_fails() -> None:
    rows = _consistent_rows(25)
    rows[-2][0] += 5  # （七）总计 自然人 off by five, its row total follows
    rows[-2][6] += 5
    review = list(REVIEW_OK)
    review[4] = 9  # 行政复议 总计 does not add up
    tables, _ = extract_text_tables_from_string(_text(rows, review))
    assert tables.applications is not None and tables.applications.iloc[-2, 0] == rows[-2][0]  # kept as printed
    checks = run_checks(tables, "")
    bad = checks[~checks["ok"]]
    assert set(bad["rule"]) == {"app_balance", "app_result_total", "review_block_total"}
    assert set(bad[bad["rule"] == "app_balance"]["where"]) == {"自然人", "总计"}
    row = bad[bad["rule"] == "review_block_total"].iloc[0]
    assert (row["where"], row["expected"], row["found"]) == ("行政复议", 4, 9)


def test_row_total_rule_catches_a_bad_row() -> None:
    rows = _consistent_rows(25)
    rows[2][6] += 1  # （一）予以公开: 总计 one more than its applicants
    tables, _ = extract_text_tables_from_string(_text(rows, REVIEW_OK))
    checks = run_checks(tables, "")
    bad = checks[(checks["rule"] == "app_row_total") & ~checks["ok"]]
    assert list(bad["where"]) == [T.application_labels(25)[2]]


def test_narrative_against_table_four() -> None:
    tables, _ = extract_text_tables_from_string(_text(_consistent_rows(25), REVIEW_OK))
    agree = "本机关收到政府信息公开行政复议4件，其中结果维持2件，结果纠正1件，尚未审结1件；行政诉讼1件。"
    checks = run_checks(tables, agree)
    narr = checks[checks["rule"].str.startswith("narrative_")]
    assert set(narr["rule"]) == {"narrative_review_total", "narrative_review_outcome", "narrative_litigation_total"}
    assert narr["ok"].all()
    disagree = "本机关收到政府信息公开行政复议6件，其中结果维持2件，结果纠正3件。"
    checks = run_checks(tables, disagree)
    bad = checks[~checks["ok"]]
    assert set(bad["rule"]) == {"narrative_review_total", "narrative_review_outcome"}
    assert list(bad["where"]) == ["行政复议", "行政复议/结果纠正"]


def test_narrative_is_ignored_when_not_about_disclosure() -> None:
    tables, _ = extract_text_tables_from_string(_text(_consistent_rows(25), REVIEW_OK))
    checks = run_checks(tables, "全区办理行政复议案件120件。")
    assert not checks["rule"].str.startswith("narrative_").any()
    checks = run_checks(tables, "涉及政府信息公开的行政复议和行政诉讼案件共9件。")
    assert not checks["rule"].str.startswith("narrative_").any()


def test_narrative_new_applications() -> None:
    rows = _consistent_rows(25)
    tables, _ = extract_text_tables_from_string(_text(rows, REVIEW_OK))
    ok = run_checks(tables, f"全年共受理政府信息公开申请{rows[0][6]}件。")
    assert ok[ok["rule"] == "narrative_applications_new"]["ok"].tolist() == [True]
    bad = run_checks(tables, f"全年共受理政府信息公开申请{rows[0][6] + 7}件。")
    assert bad[bad["rule"] == "narrative_applications_new"]["ok"].tolist() == [False]


def test_empty_tables_give_an_empty_frame() -> None:
    checks = run_checks(Tables(), "没有表格")
    assert list(checks.columns) == COLUMNS and len(checks) == 0


def test_blank_cells_are_not_checked() -> None:
    labels = T.application_labels(25)
    lines = ["申请人情况"] + [lab.split(" ")[-1] + " | 1 |  |  |  |  |  | " for lab in labels]
    tables, _ = extract_text_tables_from_string("\n".join(lines))
    assert tables.applications is not None
    checks = run_checks(tables, "")
    assert "app_row_total" not in set(checks["rule"]) and "总计" not in set(checks["where"])
    assert set(checks["where"]) == {"自然人"}


def test_hongze_table_four_is_flagged_but_kept_as_printed() -> None:
    tables, text = _real_tables("hongze_2023.pdf")
    checks = run_checks(tables, text)
    bad = checks[~checks["ok"]]
    assert set(bad["table"]) == {"review_litigation"}
    assert set(bad["where"]) == {"行政复议", "行政诉讼（复议后起诉）"}
    assert tables.review_litigation.loc["行政复议", "总计"] == 0  # printed 0, not corrected


def test_huaian_passes_every_check_including_the_narrative() -> None:
    tables, text = _real_tables("huaian_2024.pdf")
    checks = run_checks(tables, text)
    assert checks["ok"].all(), checks[~checks["ok"]]
    rules = set(checks["rule"])
    assert {
        "narrative_review_total",
        "narrative_review_outcome",
        "narrative_litigation_total",
        "narrative_litigation_outcome",
        "narrative_applications_new",
    } <= rules
    assert len(checks) > 40
