"""Real-world inputs: traditional script + pinyin notes, near-miss headings, web-page remnants and
metadata, tab-separated tables, Word files.  Test texts are made from the project's own sample
corpus (written for the project); the real corpus is only read, never copied."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.errors import UnsupportedFormatError
from nlp_reports.ingest.normalize import normalize_text
from nlp_reports.ingest.script import convert_script, detect_script, strip_pinyin_notes
from nlp_reports.ingest.web_remnants import is_remnant
from nlp_reports.model import SECTION_KEYS
from nlp_reports.structure.sections import find_sections

SAMPLE = Path("corpora/sample/txt")


def _s2t(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


def _with_pinyin(text: str) -> str:
    """Insert mirror-site pinyin notes after some characters (tone marks, tone numbers, full-width brackets)."""
    return (
        text.replace("報告", "報(bào)告", 3)
        .replace("公開", "公開（gōngkāi）", 2)
        .replace("問題", "問(wen4)題", 2)
        .replace("改進", "改進(gǎi jìn)", 1)
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ----------------------------------------------------------------------------- scripts


def test_pinyin_notes_only_with_tones():
    text, n = strip_pinyin_notes("年度報(bào)告（bàogào）和报(bao4)告，见附件（PDF）与(app)说明")
    assert n == 3 and text == "年度報告和报告，见附件（PDF）与(app)说明"


def test_simplified_texts_are_not_converted():
    for p in SAMPLE.glob("*.txt"):
        assert detect_script(p.read_text("utf-8")) == "simplified", p


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLE.glob("*.txt")))
def test_traditional_sample_reads_like_simplified(tmp_path, name):
    src = (SAMPLE / name).read_text("utf-8")
    trad = _with_pinyin(_s2t(src))
    assert convert_script(trad).script == "traditional"
    ref = nr.read_report(SAMPLE / name)
    rep = nr.read_report(_write(tmp_path, name, trad))
    assert rep.meta.script == "traditional" and ref.meta.script == "simplified"
    assert any(w.code == "script_converted" for w in rep.warnings)
    assert rep.source_text == normalize_text(trad) or rep.source_text == trad
    assert "bào" not in rep.text and "（gōngkāi）" not in rep.text
    assert list(rep.sections) == list(ref.sections)
    assert rep.section("problems").text == ref.section("problems").text
    assert (rep.meta.agency, rep.meta.year) == (ref.meta.agency, ref.meta.year)
    for tname, df in ref.tables.items():
        got = getattr(rep.tables, tname)
        assert (df is None) == (got is None), tname
        if df is not None:
            assert got.equals(df), tname


@pytest.mark.real
def test_real_texts_round_trip_through_traditional(real_corpus_dir, tmp_path):
    """Every real text, converted to traditional with pinyin notes, reads back with the same parts and part 五."""
    for p in sorted((real_corpus_dir / "text").glob("*.txt")):
        ref = nr.read_report(p)
        rep = nr.read_report(_write(tmp_path, p.name, _with_pinyin(_s2t(p.read_text("utf-8")))))
        assert rep.meta.script == "traditional", p.name
        assert list(rep.sections) == list(ref.sections), p.name
        a = re.sub(r"\s+", "", rep.section("problems").text)
        b = re.sub(r"\s+", "", ref.section("problems").text)
        assert a == b, (p.name, a[:80], b[:80])


# ----------------------------------------------------------------------------- headings


def _sample_text() -> str:
    return (SAMPLE / "yunxi_2023.txt").read_text("utf-8")


@pytest.mark.parametrize(
    "old,new,key",
    [
        ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复仪、行政拆讼情况", "review_litigation"),
        ("二、主动公开政府信息情况", "二、主功公开政府信息情况", "proactive"),
        ("一、总体情况", "一、总休情况", "overview"),
    ],
)
def test_near_miss_heading_found_with_warning(old, new, key):
    ref, _ = find_sections(_sample_text())
    secs, warns = find_sections(_sample_text().replace(old, new, 1))
    assert list(secs) == list(SECTION_KEYS)
    assert secs[key].text == ref[key].text
    assert any(w.code == "odd_heading" and "differs from the template" in w.message for w in warns)


def test_near_miss_needs_the_right_position():
    # a near-miss title under another numeral is not taken for the part
    text = _sample_text().replace("一、总体情况", "一、总体概况", 1).replace("（五）监督保障情况", "三、总休情况", 1)
    secs, _ = find_sections(text)
    assert not secs["overview"].text.startswith("将政务公开工作纳入")


@pytest.mark.parametrize(
    "variant",
    ["存在的主要问题及整改措施", "存在问题和改进措施", "下一步工作打算", "政府信息公开工作存在的主要问题及改进情况"],
)
def test_variant_problem_titles(variant):
    ref, _ = find_sections(_sample_text())
    secs, _ = find_sections(_sample_text().replace("存在的主要问题及改进情况", variant, 1))
    assert secs["problems"].text == ref["problems"].text


def test_other_written_with_ta():
    secs, _ = find_sections(_sample_text().replace("六、其他需要报告的事项", "六、其它需要报告的事项", 1))
    assert "other" in secs and "信息处理费" in secs["other"].text


def test_part_five_recovered_from_subheadings():
    ref, _ = find_sections(_sample_text())
    secs, warns = find_sections(_sample_text().replace("五、存在的主要问题及改进情况\n", "", 1))
    assert list(secs) == list(SECTION_KEYS)
    assert secs["problems"].text == ref["problems"].text
    assert secs["review_litigation"].text == ref["review_litigation"].text
    assert any(w.code == "odd_heading" and "part 五 has no heading" in w.message for w in warns)
    assert not any(w.code == "missing_section" for w in warns)


def test_municipal_outline_with_extra_parts():
    ref, _ = find_sections(_sample_text())
    extra = (
        "五、政府信息管理情况\n本年度规范信息发布审核流程。\n六、政府信息公开平台建设情况\n本年度优化网站栏目。\n"
        "七、监督保障情况\n本年度开展业务培训两次。\n八、存在的主要问题及改进情况"
    )
    text = (
        _sample_text()
        .replace("五、存在的主要问题及改进情况", extra, 1)
        .replace("六、其他需要报告的事项", "九、其他需要报告的事项", 1)
    )
    secs, warns = find_sections(text)
    assert secs["problems"].text == ref["problems"].text
    assert secs["review_litigation"].text == ref["review_litigation"].text
    assert secs["other"].text == ref["other"].text
    assert any(w.code == "odd_heading" and "八" in w.message for w in warns)


# ----------------------------------------------------------------------------- web pages

_PAGE_HEAD = (
    "索引号：XY-0001-2024-00012\t发布机构：云溪县人民政府办公室\t发布日期：2024-01-19\n"
    "标题：云溪县2023年政府信息公开工作年度报告\t文号：\t主题分类：政务公开\n"
)
_REMNANTS = [
    "云溪县2023年政府信息公开工作年度报告.docx",
    "标签：政务公开 年度报告",
    "字号 大 中 小 打印 关闭",
    "阅读次数：128",
    "扫一扫在手机打开当前页",
    "湘公网安备 43000002000123号",
    "湘ICP备12345678号-1",
    "网站标识码：4300000001",
    "分享到： 微信 微博",
]


def _web_page() -> str:
    lines = _sample_text().split("\n")
    # the title line replaced by the page's metadata block; remnants inside parts 五 and 六 and at the end
    body = "\n".join(lines[1:])
    body = body.replace("（二）改进措施", "\n".join(_REMNANTS[:3]) + "\n（二）改进措施", 1)
    body = body.replace("六、其他需要报告的事项", _REMNANTS[3] + "\n六、其他需要报告的事项", 1)
    return _PAGE_HEAD + body + "\n" + "\n".join(_REMNANTS[4:]) + "\n"


def test_web_remnants_removed_and_metadata_parsed(tmp_path):
    ref = nr.read_report(SAMPLE / "yunxi_2023.txt")
    rep = nr.read_report(_write(tmp_path, "page.txt", _web_page()))
    for key in SECTION_KEYS:
        assert rep.section(key).text == ref.section(key).text, key
    for r in _REMNANTS:
        assert r not in rep.text
    assert rep.meta.published == "2024-01-19" and rep.meta.index_no == "XY-0001-2024-00012"
    assert rep.meta.agency == "云溪县人民政府办公室"
    assert "标题" not in (rep.meta.title or "") and "标题" not in rep.meta.agency
    assert "网站标识码" in rep.source_text  # the text as it came in


def test_report_sentences_with_page_words_survive():
    for s in [
        "点击打印按钮即可打印申请表。",
        "打印机采购",
        "实行信息标签化管理，关闭过期栏目",
        "标签管理制度",
        "公开年度报告全文（含附件）",
    ]:
        assert not is_remnant(s), s
    assert is_remnant("字号 大 中 小 打印 关闭") and is_remnant("年度报告.pdf (120KB)")


def test_page_sentence_with_print_word_kept(tmp_path):
    text = _sample_text().replace(
        "（二）改进措施\n", "（二）改进措施\n查阅点提供免费打印服务，关闭过时栏目，信息统一加注标签。\n", 1
    )
    rep = nr.read_report(_write(tmp_path, "p.txt", text))
    assert "查阅点提供免费打印服务，关闭过时栏目，信息统一加注标签。" in rep.section("problems").text


def test_title_label_never_leaks_into_agency(tmp_path):
    text = "标题：桂园街道2023年政府信息公开工作年度报告\n" + "\n".join(_sample_text().split("\n")[1:])
    rep = nr.read_report(_write(tmp_path, "p.txt", text))
    assert rep.meta.agency and not rep.meta.agency.startswith("标题")


def test_publisher_becomes_agency_when_title_lacks_it(tmp_path):
    head = "当前位置：首页 > 信息公开\n索引号：AB-2024-7 发布机构：临川区审计局 发布日期：2024年1月9日\n"
    body = "\n".join(_sample_text().split("\n")[1:]).replace("云溪县", "本")
    text = head + "2023年政府信息公开工作年度报告\n" + body
    rep = nr.read_report(_write(tmp_path, "p.txt", text))
    assert rep.meta.agency == "临川区审计局" and rep.meta.published == "2024-01-09"


@pytest.mark.real
def test_real_web_texts_keep_their_report(real_corpus_dir, gold_statements):
    """On the real web texts nothing of part 五 is lost to the remnant stripper (every gold statement stays)."""
    gold: dict[str, list[str]] = {}
    for r in gold_statements:
        if not r.get("none"):
            gold.setdefault(r["doc"], []).append(re.sub(r"\s+", "", normalize_text(r["text"])))
    for p in sorted((real_corpus_dir / "text").glob("*.txt")):
        rep = nr.read_report(p)
        flat = re.sub(r"\s+", "", rep.section("problems").text)
        missing = [s for s in gold.get(p.stem, []) if s not in flat]
        assert not missing, (p.name, missing[:1])


# ----------------------------------------------------------------------------- tab tables


def test_tab_separated_tables_equal_printed_numbers(tmp_path):
    ref = nr.read_report(SAMPLE / "yunxi_2023.txt")
    out = []
    for ln in _sample_text().split("\n"):
        m = re.match(r"^(\S.*?)((?:\s+[\d.]+)+)$", ln)
        if m and not re.match(r"^\d", ln):
            ln = m.group(1) + "\t" + "\t".join("" if n == "0" else n for n in m.group(2).split())
        out.append(ln)
    rep = nr.read_report(_write(tmp_path, "tab.txt", "\n".join(out)))
    for name, df in ref.tables.items():
        got = getattr(rep.tables, name)
        assert got is not None, name
        assert got.astype("float").fillna(-1).equals(df.astype("float").fillna(-1)), name
    assert any(w.code == "table_blank_cells" and "read as 0" in w.message for w in rep.warnings)


# ----------------------------------------------------------------------------- Word


def _make_docx(path: Path, merged: bool = True) -> None:
    import docx

    d = docx.Document()
    lines = _sample_text().split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith("行政复议 行政诉讼"):
            # table 四 as a Word table with merged header cells
            t = d.add_table(rows=3, cols=15)
            if merged:
                t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
                t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
            heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
            for j, h in enumerate(heads):
                t.cell(1, j).text = h
            for j, v in enumerate(lines[i + 3].split()):
                t.cell(2, j).text = v
            i += 4
            continue
        d.add_paragraph(ln)
        i += 1
    d.save(str(path))


def test_docx_read_with_table_structure(tmp_path):
    ref = nr.read_report(SAMPLE / "yunxi_2023.txt")
    p = tmp_path / "report.docx"
    _make_docx(p)
    rep = nr.read_report(p)
    assert rep.meta.format == "docx"
    assert rep.section("problems").text == ref.section("problems").text
    assert rep.tables.review_litigation.equals(ref.tables.review_litigation)
    assert rep.tables.applications is not None and rep.tables.applications.equals(ref.tables.applications)
    assert (rep.meta.agency, rep.meta.year) == (ref.meta.agency, ref.meta.year)


def test_doc_without_libreoffice_is_unsupported(tmp_path, monkeypatch):
    p = tmp_path / "old.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(shutil, "which", lambda name: None)  # applies in this process: read without a worker
    with pytest.raises(UnsupportedFormatError, match="LibreOffice"):
        nr.read_report(p, timeout=None, max_memory=None)
    corpus = nr.read_corpus([p], progress=False, timeout=None, max_memory=None)
    assert corpus.errors_frame()["reason"].tolist() == ["unsupported_format"]


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) not installed",
)
def test_doc_converted_by_libreoffice(tmp_path):
    import subprocess

    src = tmp_path / "report.docx"
    _make_docx(src)
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={(tmp_path / 'prof').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rep = nr.read_report(tmp_path / "doc" / "report.doc")
    ref = nr.read_report(SAMPLE / "yunxi_2023.txt")
    assert rep.meta.format == "doc"
    assert rep.section("problems").text == ref.section("problems").text
    assert rep.tables.review_litigation.equals(ref.tables.review_litigation)


def test_traditional_pdf_converted_with_its_characters():
    """A PDF in traditional characters: lines, characters (for the table reader) and paragraphs converted."""
    from dataclasses import replace

    from nlp_reports.ingest import load_document
    from nlp_reports.ingest.script import convert_document
    from nlp_reports.structure.report import build_report

    ref = nr.read_report("corpora/sample/pdf/yunxi_2023.pdf")
    doc = load_document("corpora/sample/pdf/yunxi_2023.pdf")
    for p in doc.paragraphs:
        p.text = _s2t(p.text)
    for page in doc.pages:
        for ln in page.lines:
            ln.text = _s2t(ln.text)
            ln.chars = [replace(c, text=_s2t(c.text)) for c in ln.chars]
    doc.source_text = ""
    convert_document(doc)
    rep = build_report(doc)
    assert rep.meta.script == "traditional" and any(w.code == "script_converted" for w in rep.warnings)
    assert rep.section("problems").text == ref.section("problems").text
    for name, df in ref.tables.items():
        assert getattr(rep.tables, name).equals(df), name


def test_traditional_html_in_gb18030(tmp_path):
    src = Path("corpora/sample/html/linjiang_scjgj_2023.html").read_text("utf-8")
    page = _s2t(src).replace('charset="utf-8"', 'charset="gb2312"')
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("gb18030"))
    ref = nr.read_report("corpora/sample/html/linjiang_scjgj_2023.html")
    rep = nr.read_report(p)
    assert rep.meta.script == "traditional"
    assert rep.section("problems").text == ref.section("problems").text
    assert rep.tables.applications.equals(ref.tables.applications)


def test_label_leak_after_navigation(tmp_path):
    text = "当前位置：首页 > 政务公开 > 年报\n标题：桂园街道2023年政府信息公开工作年度报告\n" + "\n".join(
        _sample_text().split("\n")[1:]
    ).replace("云溪县", "本")
    rep = nr.read_report(_write(tmp_path, "p.txt", text))
    assert rep.meta.agency and "标题" not in rep.meta.agency and rep.meta.agency.startswith("桂园街道")
    assert rep.meta.year == 2023


def test_near_miss_heading_in_one_line_web_text():
    flat = "".join(_sample_text().split("\n"))  # a page saved as one long line, headings inline
    ref, _ = find_sections(flat)
    secs, warns = find_sections(
        flat.replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复仪、行政拆讼情况", 1)
    )
    assert list(secs) == list(ref) and secs["review_litigation"].text == ref["review_litigation"].text
    assert secs["applications"].text == ref["applications"].text
    assert any(w.code == "odd_heading" and "differs from the template" in w.message for w in warns)


def test_html_page_metadata_table_and_remnants(tmp_path):
    src = Path("corpora/sample/html/linjiang_scjgj_2023.html").read_text("utf-8")
    meta_table = (
        "<table><tr><td>索引号</td><td>LJ-SJ-2024-0031</td><td>发布机构</td><td>临江市市场监督管理局</td></tr>"
        "<tr><td>成文日期</td><td>2024年1月18日</td><td>标题</td><td>2023年政府信息公开工作年度报告</td></tr></table>"
    )
    page = (
        src.replace(
            '<h1 style="text-align:center">临江市市场监督管理局2023年政府信息公开工作年度报告</h1>',
            meta_table + "<h1>2023年政府信息公开工作年度报告</h1>",
            1,
        )
        .replace(
            '<p style="font-weight:bold">六、',
            '<p>附件：2023年年报.pdf</p><p>【打印】【关闭】</p><p style="font-weight:bold">六、',
            1,
        )
        .replace("</body>", "<p>扫一扫在手机打开当前页</p><p>网站标识码：3300000017</p></body>", 1)
    )
    ref = nr.read_report("corpora/sample/html/linjiang_scjgj_2023.html")
    rep = nr.read_report(_write(tmp_path, "page.html", page))
    assert rep.meta.index_no == "LJ-SJ-2024-0031" and rep.meta.published == "2024-01-18"
    assert rep.meta.agency == "临江市市场监督管理局" and rep.meta.year == 2023
    for key in SECTION_KEYS:
        assert rep.section(key).text == ref.section(key).text, key
    assert rep.tables.applications.equals(ref.tables.applications)
