"""Tables 二, 三, 四: gold equality on the real corpus, and tables we typeset ourselves."""
from __future__ import annotations

import io
import json
import os
import random
from pathlib import Path

import pandas as pd
import pytest

from nlp_reports.model import SECTION_TITLES, Paragraph, RawDocument
from nlp_reports.structure import template as T
from nlp_reports.structure.tables import extract_tables
from nlp_reports.structure.tables_html import extract_html_tables
from nlp_reports.structure.tables_text import extract_text_tables_from_string
from nlp_reports.structure.template import tables_as_lists

REAL = os.environ.get("NLP_REPORTS_REAL_CORPUS")


def _real() -> Path:
    if not REAL:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    return Path(REAL)


def _read(path: Path) -> RawDocument:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from nlp_reports.ingest.pdf_reader import read_pdf

        return read_pdf(str(path), data)
    from nlp_reports.ingest.text_reader import read_text

    return read_text(str(path), data)


def _pdf_doc(data: bytes) -> RawDocument:
    from nlp_reports.ingest.pdf_reader import read_pdf

    return read_pdf("generated.pdf", data)


# --------------------------------------------------------------------------- real corpus


@pytest.mark.parametrize("rel", ["pdf/huaian_2024.pdf", "pdf/hongze_2023.pdf", "text/weibin_2022.txt"])
def test_real_tables_equal_gold(rel: str) -> None:
    root = _real()
    gold = json.loads((root / "gold" / "tables.json").read_text(encoding="utf-8"))
    doc = _read(root / rel)
    tables, warnings = extract_tables(doc)
    got = tables_as_lists(tables)
    want = gold[Path(rel).stem]
    for name in ("proactive", "applications", "review_litigation"):
        assert got.get(name) == want[name], name
    assert not [w for w in warnings if w.code == "table_unparsed"]


def test_real_frames_have_the_documented_shape() -> None:
    root = _real()
    huaian, _ = extract_tables(_read(root / "pdf" / "huaian_2024.pdf"))
    hongze, _ = extract_tables(_read(root / "pdf" / "hongze_2023.pdf"))
    assert len(huaian.applications) == 25 and len(hongze.applications) == 23
    assert list(hongze.applications.index) == T.application_labels(23)
    assert list(huaian.applications.columns) == list(T.APPLICANT_COLUMNS)
    assert all(str(t) == "int64" for t in huaian.applications.dtypes)
    assert list(huaian.review_litigation.index) == list(T.REVIEW_ROWS)
    p = huaian.proactive
    assert str(p[T.FEE_COLUMN].dtype) == "Float64" and str(p["本年制发件数"].dtype) == "Int64"
    assert p.loc["行政事业性收费", T.FEE_COLUMN] == pytest.approx(96171.6)
    assert pd.isna(p.loc["规章", T.DECISION_COLUMN]) and pd.isna(p.loc["行政许可", "本年制发件数"])


def test_rendered_pdfs_never_give_wrong_numbers() -> None:
    """Rendered PDFs carry their tables as running text: expect None and a warning, not numbers."""
    root = _real()
    for path in sorted((root / "rendered").glob("*.pdf")):
        doc = _read(path)
        tables, warnings = extract_tables(doc)
        assert all(df is None for _, df in tables.items()), path.name
        if "第二十条" in doc.text.replace(" ", ""):
            assert any(w.code == "table_unparsed" for w in warnings), path.name


def test_flattened_web_text_is_read_only_when_unambiguous() -> None:
    root = _real()
    for path in sorted((root / "text").glob("pingtan_syq_20*.txt")):
        tables, warnings = extract_tables(_read(path))
        codes = {w.code for w in warnings}
        for name, df in tables.items():
            if df is None and name == "applications" and "本年新收" in path.read_text(encoding="utf-8"):
                assert "table_unparsed" in codes
            if name == "applications" and df is not None:  # a unique split must satisfy every row sum
                assert (df.iloc[:, :6].sum(axis=1) == df["总计"]).all()


# --------------------------------------------------------------------------- PDFs typeset here


def _canvas():
    rl = pytest.importorskip("reportlab")
    del rl
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    return buf, canvas.Canvas(buf, pagesize=(595, 842))


def _review_pdf(values: list[int]) -> bytes:
    """A table 四 drawn column by column (header pieces and number of one column per step)."""
    buf, c = _canvas()
    c.setFont("STSong-Light", 8)
    c.drawString(420, 735, "复议后起诉")
    c.drawString(220, 735, "未经复议直接起诉")
    c.drawString(330, 750, "行政诉讼")
    c.drawString(90, 750, T.REVIEW_ROWS[0])
    c.setFont("STSong-Light", 14)
    c.drawString(70, 780, "四、" + SECTION_TITLES["review_litigation"])
    heads = [(col[:2], col[2:]) for col in T.REVIEW_COLUMNS]
    for j in reversed(range(15)):  # emitted right to left, one column after the other
        x = 60 + j * 32
        top, bottom = heads[j % 5]
        c.drawString(x, 715, top)
        c.drawString(x, 705, bottom)
        c.drawCentredString(x + 8, 680, str(values[j]))
    c.setFont("STSong-Light", 12)
    c.drawString(70, 640, "五、下一步")
    c.save()
    return buf.getvalue()


def test_pdf_review_table_emitted_column_by_column() -> None:
    values = [3, 1, 0, 2, 6, 10, 0, 4, 0, 14, 0, 0, 0, 1, 1]
    tables, warnings = extract_tables(_pdf_doc(_review_pdf(values)))
    assert tables_as_lists(tables)["review_litigation"] == values
    assert tables.proactive is None and tables.applications is None


def _applications_values(seed: int) -> list[list[int]]:
    rnd = random.Random(seed)
    rows = []
    for _ in range(25):
        cells = [rnd.randint(0, 120), rnd.randint(0, 9), 0, rnd.randint(0, 1), rnd.randint(0, 5), rnd.randint(0, 2)]
        rows.append(cells + [sum(cells)])
    return rows


def _applications_pdf(rows: list[list[int]], wrap: set[int], page_break: int) -> bytes:
    """A 25-row table 三: group labels in their own columns, some labels over two lines with the
    numbers set between them, a page break with a page number, numbers drawn column by column."""
    buf, c = _canvas()
    specs = T.APPLICATION_ROWS_25
    cols_x = [300 + j * 38 for j in range(7)]

    def header(y: float) -> None:
        c.setFont("STSong-Light", 8)
        c.drawString(60, y, "（本列数据的勾稽关系：")
        c.drawString(60, y - 10, "一加二等于三加四）")
        c.drawString(400, y + 14, "申请人情况")
        c.drawString(360, y + 4, "法人或其他组织")
        names = [(col[:3], col[3:]) for col in T.APPLICANT_COLUMNS]
        for x, (a, b) in zip(cols_x, names):
            c.drawRightString(x + 20, y - 10, a)
            if b:
                c.drawRightString(x + 20, y - 20, b)

    c.setFont("STSong-Light", 14)
    c.drawString(70, 800, "三、申请情况")
    header(770)
    y0, step = 730, 22
    placed: list[tuple[int, float]] = []
    y = y0
    for i, spec in enumerate(specs):
        if i == page_break:
            c.setFont("STSong-Light", 9)
            c.drawCentredString(297, 40, "- 1 -")
            c.showPage()
            y = 780
        label = spec.label.split(" ")[-1]
        c.setFont("STSong-Light", 8)
        if " " in spec.label and spec.marker == "1":
            group = spec.label.split(" ")[0]
            c.drawString(70, y, group[:3])
            c.drawString(70, y - 10, group[3:])
        if i in wrap:
            half = len(label) // 2
            c.drawString(130, y + 5, label[:half])
            c.drawString(130, y - 5, label[half:])
        else:
            c.drawString(130 if spec.marker.isdigit() else 60, y, label)
        placed.append((i, y))
        y -= step
        if i + 1 == page_break or i + 1 == len(specs):
            for j in range(7):  # column by column
                for k, yy in placed:
                    c.drawRightString(cols_x[j] + 20, yy - (0 if k not in wrap else 0), str(rows[k][j]))
            placed = []
    c.setFont("STSong-Light", 9)
    c.drawCentredString(297, 40, "- 2 -")
    c.save()
    return buf.getvalue()


def test_pdf_applications_with_wrapped_labels_and_page_break() -> None:
    rows = _applications_values(7)
    data = _applications_pdf(rows, wrap={3, 20, 21}, page_break=13)
    tables, warnings = extract_tables(_pdf_doc(data))
    assert tables.applications is not None, [str(w) for w in warnings]
    assert tables_as_lists(tables)["applications"] == rows
    assert list(tables.applications.index) == T.application_labels(25)


def test_pdf_applications_with_a_missing_row_is_not_guessed() -> None:
    rows = _applications_values(3)
    data = _applications_pdf(rows, wrap=set(), page_break=30)
    doc = _pdf_doc(data)
    # drop every char of one row's numbers: the table then has 24 number rows for 25 labels
    target = None
    for page in doc.pages:
        for line in page.lines:
            if "国家秘密" in line.text.replace(" ", ""):
                target = line.chars[0].top
    assert target is not None
    for page in doc.pages:
        for line in page.lines:
            line.chars = [ch for ch in line.chars if not (ch.text.isdigit() and abs(ch.top - target) < 3 and ch.x0 > 250)]
    tables, warnings = extract_tables(doc)
    assert tables.applications is None
    assert any(w.code == "table_unparsed" and w.message.startswith("table 三") for w in warnings)


# --------------------------------------------------------------------------- text tables


def _text_table(rows: list[list[int]], labels: list[str], sep: str = " ") -> str:
    lines = ["三、申请情况", "申请人情况", " ".join(T.APPLICANT_COLUMNS)]
    for lab, r in zip(labels, rows):
        lines.append(lab.split(" ")[-1] + sep + sep.join(str(v) for v in r))
    lines.append("四、复议和诉讼")
    return "\n".join(lines)


def test_text_table_space_separated_23_rows() -> None:
    labels = T.application_labels(23)
    rows = [[i, 0, 0, 1, 0, 0, i + 1] for i in range(23)]
    tables, warnings = extract_text_tables_from_string(_text_table(rows, labels))
    assert tables_as_lists(tables)["applications"] == rows
    assert list(tables.applications.index) == labels


def test_text_table_numbers_on_their_own_line_and_wrapped_labels() -> None:
    labels = T.application_labels(25)
    rows = _applications_values(11)
    text = _text_table(rows, labels).replace("逾期不补正、", "逾期不补正、\n\n").replace(
        "（七）总计 ", "（七）总计\n")
    tables, _ = extract_text_tables_from_string(text)
    assert tables_as_lists(tables)["applications"] == rows


def test_text_table_glued_digits_unique_split_only() -> None:
    labels = T.application_labels(25)
    rows = [[0] * 7 for _ in range(25)]
    rows[0] = [12, 0, 0, 0, 3, 0, 15]
    text = _text_table(rows, labels, sep="")
    tables, warnings = extract_text_tables_from_string(text)
    assert tables_as_lists(tables)["applications"] == rows  # 1203015 splits one way only
    rows[0] = [27, 0, 0, 2, 0, 1, 30]  # 270020130 also reads 2,7,0,0,20,1,30
    tables, warnings = extract_text_tables_from_string(_text_table(rows, labels, sep=""))
    assert tables.applications is None
    assert any(w.code == "table_unparsed" and "270020130" in w.message for w in warnings)


def test_text_proactive_and_review() -> None:
    def art(n: str) -> str:
        return f"第二十条第（{n}）项"

    content = "信息内容 "
    text = "\n".join([
        art("一"), content + " ".join(T.DOCUMENT_COLUMNS), "规章 1 0 7", "行政规范性文件 12 3", "45",
        art("五"), content + T.DECISION_COLUMN, "行政许可 1520",
        art("六"), content + T.DECISION_COLUMN, "行政处罚 88", "行政强制 0",
        art("八"), content + T.FEE_COLUMN, "行政事业性收费 12.5",
        "三、申请情况", "四、复议和诉讼", " ".join(T.REVIEW_ROWS),
        " ".join(T.REVIEW_COLUMNS * 3), "1 0 0 0 1 2 1 0 0 3 0 0 0 0 0", "五、问题"])
    tables, warnings = extract_text_tables_from_string(text)
    lists = tables_as_lists(tables)
    assert lists["proactive"] == [1, 0, 7, 12, 3, 45, 1520, 88, 0, 12.5]
    assert lists["review_litigation"] == [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0]


def test_pipe_cells_keep_blanks_as_na_and_html_tables() -> None:
    labels = T.application_labels(25)
    rows = [[str(i), "", "", "", "", "1", str(i + 1)] for i in range(25)]
    rows[4][6] = ""
    html = [[["（勾稽关系：一加二等于三加四）", "申请人情况"], list(T.APPLICANT_COLUMNS)]
            + [[lab.split(" ")[0] if " " in lab else "", lab.split(" ")[-1]] + r for lab, r in zip(labels, rows)]]
    doc = RawDocument(path="x.html", format="html", sha256="", html_tables=html)
    tables, warnings = extract_html_tables(doc)
    df = tables.applications
    assert df is not None and str(df["总计"].dtype) == "Int64"
    assert pd.isna(df.iloc[4]["总计"]) and df.iloc[3]["总计"] == 4 and pd.isna(df.iloc[0]["商业企业"])
    assert any(w.code == "table_blank_cells" for w in warnings)


def test_txt_document_dispatch_and_unknown_format() -> None:
    labels = T.application_labels(25)
    rows = _applications_values(5)
    doc = RawDocument(path="x.txt", format="txt", sha256="",
                      paragraphs=[Paragraph(p) for p in _text_table(rows, labels).split("\n")])
    tables, _ = extract_tables(doc)
    assert tables_as_lists(tables)["applications"] == rows
    from nlp_reports.errors import NlpReportsError

    with pytest.raises(NlpReportsError):
        extract_tables(RawDocument(path="x.doc", format="doc", sha256=""))
