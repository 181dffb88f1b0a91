"""read_corpus: parallel reading, the disk cache, error records, frames."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import nlp_reports as nr
from nlp_reports.corpus.inputs import expand_inputs
from nlp_reports.errors import FileNotFound, NotAReportError


def test_expand_inputs_folder_glob_and_missing(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "y.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "a" / "notes.xlsx").write_bytes(b"PK")
    (tmp_path / "a" / "z.docx").write_bytes(b"PK")  # Word reports are inputs too
    assert [Path(p).name for p in expand_inputs(tmp_path / "a")] == ["x.txt", "y.pdf", "z.docx"]
    assert [Path(p).name for p in expand_inputs(str(tmp_path / "**" / "*.pdf"))] == ["y.pdf"]
    # the same file twice is read once
    assert len(expand_inputs([tmp_path / "a" / "x.txt", str(tmp_path / "a" / "x.txt")])) == 1
    with pytest.raises(FileNotFound):
        expand_inputs(tmp_path / "nope")
    with pytest.raises(FileNotFound):
        expand_inputs(str(tmp_path / "*.html"))


def test_not_a_report_is_an_error_record(tmp_path):
    p = tmp_path / "menu.txt"
    p.write_text("今日菜单：米饭、青菜、豆腐汤。欢迎光临本店，营业时间为上午九点至晚上九点。\n" * 5, encoding="utf-8")
    with pytest.raises(NotAReportError):
        nr.read_report(p)
    corpus = nr.read_corpus([p], progress=False)
    assert len(corpus) == 0
    assert corpus.errors_frame()["reason"].tolist() == ["not_a_report"]


def test_sample_corpus_frames(sample_corpus):
    assert len(sample_corpus) >= 5
    rf = sample_corpus.reports_frame()
    assert {"doc_id", "agency", "year", "level", "region", "status", "text_problems"} <= set(rf.columns)
    assert rf["year"].notna().all() and rf["agency"].notna().all()
    sf = sample_corpus.sections_frame()
    assert len(sf) == 6 * len(sample_corpus)
    assert sf[sf.section == "problems"]["found"].all()
    tf = sample_corpus.tables_frame()
    assert {"table", "row", "column", "value"} <= set(tf.columns)
    assert set(tf["table"]) >= {"applications", "review_litigation"}
    # the sample corpus contains one report whose table 四 breaks a total on purpose
    cf = sample_corpus.checks_frame()
    assert (~cf["ok"].astype(bool)).sum() >= 1
    dv = sample_corpus.docvars
    from nlp_reports.compare._frames import DOCVARS as COMPARE_DOCVARS
    from nlp_reports.corpus import DOCVARS

    assert list(dv.columns) == list(DOCVARS) and COMPARE_DOCVARS is DOCVARS  # one definition
    assert list(dv.columns)[:6] == ["doc_id", "agency", "agency_key", "year", "level", "region"]
    assert {"agency_id", "agency_type", "division_code", "prefecture", "county"} <= set(dv.columns)
    sub = sample_corpus.subset(year=int(dv.year.iloc[0]))
    assert 1 <= len(sub) <= len(sample_corpus)


def test_bad_inputs_do_not_stop_the_batch(real_corpus_dir, sample_dir, tmp_path):
    bad = sorted((real_corpus_dir / "bad").iterdir())
    good = sorted((sample_dir / "txt").glob("*.txt"))[:2]
    # ocr="never": the scan stays unreadable here (OCR of it is tested in tests/test_ocr.py)
    corpus = nr.read_corpus(bad + good, n_jobs=2, progress=False, ocr="never")
    assert len(corpus) == len(good)
    ef = corpus.errors_frame()
    reasons = dict(zip(ef["source"].map(lambda s: Path(s).name), ef["reason"]))
    assert reasons == {
        "empty.pdf": "empty",
        "encrypted_tianxin_2020.pdf": "encrypted",
        "html_saved_as.pdf": "not_a_pdf",
        "scanned_huaian_2024.pdf": "no_text_layer",
        "truncated_shanghai_2019.pdf": "corrupt",
    }
    assert all(len(m) > 20 for m in ef["message"])  # a specific message, not just a code
    rf = corpus.reports_frame()
    assert (rf["status"] == "error").sum() == len(bad)


def test_cache_rerun_and_parallel_give_the_same_result(sample_dir, tmp_path):
    before = sorted(p.name for p in (sample_dir / "txt").iterdir())
    files = sorted((sample_dir / "txt").glob("*.txt"))
    cache = tmp_path / "cache"
    first = nr.read_corpus(files, cache_dir=cache, progress=False)
    assert first.n_cached == 0
    again = nr.read_corpus(files, cache_dir=cache, n_jobs=2, progress=False)
    assert again.n_cached == len(files)
    pd.testing.assert_frame_equal(first.reports_frame(), again.reports_frame())
    # a renamed copy hits the cache but carries its new name
    copy = tmp_path / "renamed_2099.txt"
    shutil.copy(files[0], copy)
    c3 = nr.read_corpus([copy], cache_dir=cache, progress=False)
    assert c3.n_cached == 1 and c3.reports[0].meta.source == str(copy)
    assert c3.reports[0].meta.doc_id == "renamed_2099"
    # nothing was written beside the inputs
    assert sorted(p.name for p in (sample_dir / "txt").iterdir()) == before


def test_timeout_is_an_error_record(sample_dir, monkeypatch):
    from nlp_reports.corpus import isolation

    monkeypatch.setattr(isolation, "PER_PAGE_SECONDS", 0.0)  # else a 4-page PDF gets at least 40 s
    files = sorted((sample_dir / "pdf").glob("*.pdf"))[:1]
    corpus = nr.read_corpus(files, timeout=1e-4, progress=False)
    assert len(corpus) == 0
    assert corpus.errors_frame()["reason"].tolist() == ["timeout"]


def test_report_repr_html(sample_corpus):
    html = sample_corpus.reports[0]._repr_html_()
    assert "problems" in html and sample_corpus.reports[0].meta.doc_id in html
    assert "<table>" in html


def test_a_text_about_reports_is_not_a_report(tmp_path):
    """Notes that mention the template's parts and vocabulary are still not an annual report."""
    p = tmp_path / "notes.txt"
    p.write_text(
        "说明\n本文件夹收录政府信息公开年度报告的示例，供测试使用。\n"
        "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n" + "每个示例都写明了依申请公开和主动公开的数字，便于检查表格读取是否正确。" * 8,
        encoding="utf-8",
    )
    with pytest.raises(NotAReportError):
        nr.read_report(p)


def test_combined_old_outline_heading_is_review_litigation(sample_dir):
    rep = nr.read_report(sample_dir / "txt" / "xiyuan_2016.txt")
    assert rep.section("review_litigation").found
    assert "收费" in rep.section("review_litigation").heading
