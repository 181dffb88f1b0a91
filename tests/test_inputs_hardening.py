"""Hostile and odd inputs (issue 11, point 8): symlink loops, huge table spans, repeated comment
openers, encodings, damaged PDF pages, broken model files.

All report texts here are written for the tests (a short invented report, see ``REPORT``).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import time
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.corpus.inputs import expand_inputs
from nlp_reports.errors import ModelError
from nlp_reports.ingest.detect import sniff_format
from nlp_reports.ingest.encoding import decode_text
from nlp_reports.ingest.html_reader import MAX_SPAN, read_html
from nlp_reports.ingest.pdf_reader import read_pdf
from nlp_reports.ingest.text_reader import strip_html_comments

REPORT = (
    "青禾县2023年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "本年度我县认真贯彻落实政府信息公开条例，各项工作有序推进。\n"
    "二、主动公开政府信息情况\n"
    "本年主动公开各类政府信息一千余条，涵盖财政预算和重大项目。\n"
    "三、收到和处理政府信息公开申请情况\n"
    "本年新收政府信息公开申请十二件，均在法定期限内答复。\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "本年度未发生政府信息公开行政复议和行政诉讼案件。\n"
    "五、存在的主要问题及改进情况\n"
    "一是政策解读形式较为单一。二是基层公开人员业务能力有待提高。下一步将加强业务培训。\n"
    "六、其他需要报告的事项\n"
    "本年度无其他需要报告的事项。\n"
)


def _codes(warnings) -> set[str]:
    return {w.code for w in warnings}


# --------------------------------------------------------------------------- symlinks


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs POSIX symlinks")
def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (sub / "r1.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a" / "r2.txt").write_text(REPORT.replace("青禾县", "白石县"), encoding="utf-8")
    os.symlink("..", sub / "loop")  # a/b/loop -> a : a loop
    os.symlink(tmp_path / "a", tmp_path / "alias")  # the same folder under a second name
    os.symlink(sub / "r1.txt", tmp_path / "a" / "r1_link.txt")  # the same file under a second name
    for given in (str(tmp_path), str(tmp_path / "**" / "*.txt"), str(tmp_path / "a" / "**")):
        found = expand_inputs(given)
        assert sorted(os.path.basename(p) for p in found) in (["r1.txt", "r2.txt"], ["r1_link.txt", "r2.txt"]), given
    corpus = nr.read_corpus(str(tmp_path / "**" / "*.txt"), progress=False)
    assert len(corpus) == 2 and not corpus.errors


# --------------------------------------------------------------------------- HTML tables and comments


def _span_page(n_rows: int) -> bytes:
    body = "".join(
        "<tr>"
        + ("<td rowspan='100000' colspan='100000'>申请人情况</td>" if i == 0 else "")
        + "".join(f"<td rowspan='{n_rows - i}' colspan='40'>{i + k}</td>" for k in range(3))
        + "</tr>"
        for i in range(n_rows)
    )
    html = (
        "<html><body>" + "".join(f"<p>{ln}</p>" for ln in REPORT.split("\n")) + f"<table>{body}</table></body></html>"
    )
    return html.encode("utf-8")


def test_html_table_spans_are_capped_and_linear() -> None:
    small, big = _span_page(100), _span_page(800)
    t0 = time.perf_counter()
    doc_small = read_html("s.html", small)
    t1 = time.perf_counter()
    doc_big = read_html("b.html", big)
    t2 = time.perf_counter()
    assert "table_span_capped" in _codes(doc_big.warnings)
    width = max(len(r) for t in doc_big.html_tables for r in t)
    assert width <= 60
    cells = sum(len(r) for t in doc_big.html_tables for r in t)
    assert cells <= 800 * 60
    # 8x the rows must not cost 64x the time (generous bound: shared CI machines are noisy)
    assert (t2 - t1) < 30 * max(t1 - t0, 0.01)
    assert len(doc_small.html_tables) == 1


def test_normal_spans_are_kept() -> None:
    html = "<table><tr><td rowspan='2'>行政复议</td><td colspan='2'>结果</td></tr><tr><td>1</td><td>2</td></tr></table>"
    page = ("<html><body>" + "".join(f"<p>{ln}</p>" for ln in REPORT.split("\n")) + html + "</body></html>").encode()
    doc = read_html("x.html", page)
    assert doc.html_tables[0] == [["行政复议", "结果", "结果"], ["行政复议", "1", "2"]]
    assert "table_span_capped" not in _codes(doc.warnings)
    assert MAX_SPAN >= 30  # real tables span up to about 25 rows


def test_comment_stripping_is_linear_and_correct() -> None:
    assert strip_html_comments("甲<!-- x -->乙<![if !supportLists]>丙<![endif]>丁<!-- 未闭合") == "甲乙丙丁<!-- 未闭合"
    line = "<!--" * 200_000
    t0 = time.perf_counter()
    assert strip_html_comments(line) == line
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize(
    "name,tail",
    [
        ("comments.txt", "<!--" * 60_000),
        ("empty_comments.html", None),
        ("part_markers.txt", "一、" * 60_000),
        ("sub_markers.txt", "（一）" * 60_000),
        ("keyword.txt", "信息公开" * 60_000),
    ],
)
def test_adversarial_long_lines_read_quickly(tmp_path: Path, name: str, tail: str | None) -> None:
    """A line of one repeated token (what made regexes and scans quadratic) reads in seconds."""
    if tail is None:  # "<!---->" repeated before the page: an exponential regex in the format sniffer
        data = (
            "<!---->" * 60_000 + "<html><body><p>" + REPORT.replace("\n", "</p><p>") + "</p></body></html>"
        ).encode()
    else:
        data = (REPORT + tail + "\n").encode("utf-8")
    p = tmp_path / name
    p.write_bytes(data)
    t0 = time.perf_counter()
    rep = nr.read_report(p)
    assert time.perf_counter() - t0 < 20
    assert rep.section("problems") is not None


# --------------------------------------------------------------------------- encodings


def test_utf16_without_bom_both_byte_orders() -> None:
    for enc in ("utf-16-le", "utf-16-be"):
        data = REPORT.encode(enc)
        assert sniff_format("r.txt", data) == "txt"
        d = decode_text(data)
        assert d.text == REPORT and d.encoding == enc
        assert "encoding_guessed" in _codes(d.warnings)


def test_utf8_with_stray_nuls() -> None:
    data = REPORT.encode("utf-8").replace("。".encode(), "。".encode() + b"\x00")
    assert sniff_format("r.txt", data) == "txt"
    d = decode_text(data)
    assert d.text == REPORT and "nul_bytes" in _codes(d.warnings)


def test_mixed_utf8_and_gbk_lines(tmp_path: Path) -> None:
    lines = REPORT.split("\n")
    data = "\n".join(lines[:6]).encode("utf-8") + b"\n" + "\n".join(lines[6:]).encode("gbk")
    assert sniff_format("r.txt", data) == "txt"
    d = decode_text(data)
    assert d.text == REPORT
    assert "encoding_mixed" in _codes(d.warnings)
    p = tmp_path / "mixed.txt"
    p.write_bytes(data)
    rep = nr.read_report(p)
    assert rep.meta.year == 2023 and "encoding_mixed" in _codes(rep.warnings)


def test_gb18030_is_read_without_warning() -> None:
    d = decode_text(REPORT.encode("gb18030"))
    assert d.text == REPORT and d.encoding == "gb18030" and not d.warnings


def test_big5_is_not_read_as_gb_mojibake(tmp_path: Path) -> None:
    opencc = pytest.importorskip("opencc")
    traditional = opencc.OpenCC("s2tw").convert(REPORT)  # Taiwan forms, all in Big5
    data = traditional.encode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030 too
    d = decode_text(data)
    assert d.text == traditional and d.encoding == "cp950"
    assert "encoding_guessed" in _codes(d.warnings)
    # GB text with the same content stays GB (no false Big5)
    assert decode_text(REPORT.encode("gb18030")).encoding == "gb18030"
    p = tmp_path / "big5.txt"
    p.write_bytes(data)
    rep = nr.read_report(p)
    assert {"encoding_guessed", "script_converted"} <= _codes(rep.warnings)
    assert rep.meta.year == 2023 and "存在的主要问题" in (rep.section("problems").heading or "")


# --------------------------------------------------------------------------- PDF pages


def test_pdf_that_loses_a_page_warns(real_corpus_dir: Path) -> None:
    data = (real_corpus_dir / "pdf" / "huaian_2024.pdf").read_bytes()
    good = read_pdf("good.pdf", data)
    assert not {"pages_missing", "page_unreadable"} & _codes(good.warnings)
    marks = list(re.finditer(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert len(marks) >= 3
    m = marks[1]
    damaged = data[: m.start()] + b"/Type /Pxxx"[: len(m.group())].ljust(len(m.group()), b" ") + data[m.end() :]
    doc = read_pdf("damaged.pdf", damaged)
    assert len(doc.pages) == len(good.pages) - 1
    assert "pages_missing" in _codes(doc.warnings)


# --------------------------------------------------------------------------- model files


@pytest.fixture(scope="module")
def model_dict() -> dict:
    from importlib import resources

    path = resources.files("nlp_reports.nlp").joinpath("data", "statement_classifier.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_broken_model_files_raise_model_error(tmp_path: Path, model_dict: dict) -> None:
    bad: dict[str, bytes] = {}
    bad["pickle.json"] = pickle.dumps({"kind": "statement_classifier"})
    d = dict(model_dict)
    del d["model"]
    bad["missing_key.json"] = json.dumps(d).encode()
    d = dict(model_dict, temperature="warm")
    bad["wrong_type.json"] = json.dumps(d).encode()
    d = json.loads(json.dumps(model_dict))
    d["model"]["coef"] = [[0.0, 1.0]] * len(d["model"]["coef"])
    bad["wrong_shape.json"] = json.dumps(d).encode()
    bad["truncated.json"] = json.dumps(model_dict).encode()[:4000]
    bad["not_utf8.json"] = b"\xff\xfe\x00garbage"
    expected = {
        "pickle.json": "pickle",
        "missing_key.json": "'model'",
        "wrong_type.json": "wrong type",
        "wrong_shape.json": "cannot predict",
        "truncated.json": "not a JSON model",
        "not_utf8.json": "not a JSON model",
    }
    for name, data in bad.items():
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(ModelError, match=re.escape(expected[name])):
            nr.StatementClassifier.load(p)
    with pytest.raises(ModelError):
        nr.ThemeTagger.load(tmp_path / "missing_key.json")


def test_cli_checks_the_model_before_reading(tmp_path: Path, capsys) -> None:
    from nlp_reports import cli

    model = tmp_path / "m.json"
    model.write_bytes(pickle.dumps([1, 2, 3]))
    out = tmp_path / "out"
    t0 = time.perf_counter()
    rc = cli.main(["analyze", "corpora/sample/txt", "--out", str(out), "--model", str(model), "--no-progress"])
    assert rc != 0
    err = capsys.readouterr().err
    assert "pickle" in err and "Traceback" not in err
    assert not out.exists()  # failed before any reading or writing
    assert time.perf_counter() - t0 < 60
