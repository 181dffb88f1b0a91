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


def test_real_pdf_tables_do_not_depend_on_line_grouping() -> None:
    """Regroup each page's chars into random 'lines' in random order: the tables stay the same."""
    from nlp_reports.model import Line

    root = _real()
    doc = _read(root / "pdf" / "huaian_2024.pdf")
    want = tables_as_lists(extract_tables(doc)[0])
    rnd = random.Random(1)
    for page in doc.pages:
        kept = [ln for ln in page.lines if ln.furniture]
        chars = [ch for ln in page.lines if not ln.furniture for ch in ln.chars]
        rnd.shuffle(chars)
        chunks = [chars[i : i + 37] for i in range(0, len(chars), 37)]
        page.lines = kept + [Line(text="".join(c.text for c in ch), page=page.number, chars=ch) for ch in chunks]
    assert tables_as_lists(extract_tables(doc)[0]) == want


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


def _review_pdf(values: list) -> bytes:
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
        if values[j] is not None:
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


def _proactive_pdf() -> bytes:
    """A table 二 whose header cells wrap over two lines, numbers centred under them."""
    buf, c = _canvas()
    c.setFont("STSong-Light", 9)
    y = 780
    xs = [220, 320, 420]

    def block(n: str, heads: list[str], rows: list[tuple[str, list[str]]]) -> None:
        nonlocal y
        c.drawString(250, y, f"第二十条第（{n}）项")
        y -= 20
        c.drawString(80, y - 5, "信息内容")
        for x, h in zip(xs, heads):
            half = (len(h) + 1) // 2
            c.drawCentredString(x, y, h[:half])
            c.drawCentredString(x, y - 10, h[half:])
        y -= 30
        for label, vals in rows:
            c.drawString(80, y, label)
            for x, v in zip(xs, vals):
                c.drawCentredString(x, y, v)
            y -= 20

    block("一", list(T.DOCUMENT_COLUMNS), [("规章", ["2", "0", "31"]), ("行政规范性文件", ["17", "4", "260"])])
    block("五", [T.DECISION_COLUMN], [("行政许可", ["12045"])])
    block("六", [T.DECISION_COLUMN], [("行政处罚", ["730"]), ("行政强制", ["9"])])
    block("八", [T.FEE_COLUMN], [("行政事业性收费", ["1234.56"])])
    c.drawString(80, y - 20, "三、申请情况")
    c.save()
    return buf.getvalue()


def test_pdf_proactive_with_wrapped_header_cells() -> None:
    tables, warnings = extract_tables(_pdf_doc(_proactive_pdf()))
    assert tables_as_lists(tables)["proactive"] == [2, 0, 31, 17, 4, 260, 12045, 730, 9, 1234.56], warnings


def test_pdf_review_table_with_blank_cells_uses_the_header_columns() -> None:
    values = [3, None, None, 2, 5, 1, 0, None, 0, 1, None, None, None, None, None]
    tables, warnings = extract_tables(_pdf_doc(_review_pdf(values)))
    assert tables_as_lists(tables)["review_litigation"] == values
    assert str(tables.review_litigation["总计"].dtype) == "Int64"
    assert any(w.code == "table_blank_cells" for w in warnings)


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
                    if rows[k][j] is not None:
                        c.drawRightString(cols_x[j] + 20, yy, str(rows[k][j]))
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


def test_pdf_applications_with_a_blank_column_takes_columns_from_the_header() -> None:
    rows = _applications_values(9)
    for r in rows:
        r[2] = None  # 科研机构 left blank in every row
    tables, warnings = extract_tables(_pdf_doc(_applications_pdf(rows, wrap={3, 20, 21}, page_break=30)))
    assert tables.applications is not None, [str(w) for w in warnings]
    assert tables_as_lists(tables)["applications"] == rows
    assert any(w.code == "table_blank_cells" for w in warnings)


def test_pdf_applications_with_a_missing_row_is_not_guessed() -> None:
    rows = _applications_values(3)
    data = _applications_pdf(rows, wrap={3, 20, 21}, page_break=30)
    assert tables_as_lists(extract_tables(_pdf_doc(data))[0])["applications"] == rows  # control
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
            line.chars = [
                ch for ch in line.chars if not (ch.text.isdigit() and abs(ch.top - target) < 3 and ch.x0 > 250)
            ]
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


def test_text_table_after_a_narrative_mention() -> None:
    labels = T.application_labels(25)
    rows = _applications_values(2)
    text = f"本年新收政府信息公开申请{rows[0][6]}件，均已办结。\n" + _text_table(rows, labels)
    tables, warnings = extract_text_tables_from_string(text)
    assert tables_as_lists(tables)["applications"] == rows, warnings


def test_text_table_numbers_on_their_own_line_and_wrapped_labels() -> None:
    labels = T.application_labels(25)
    rows = _applications_values(11)
    text = _text_table(rows, labels).replace("逾期不补正、", "逾期不补正、\n\n").replace("（七）总计 ", "（七）总计\n")
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
    text = "\n".join(
        [
            art("一"),
            content + " ".join(T.DOCUMENT_COLUMNS),
            "规章 1 0 7",
            "行政规范性文件 12 3",
            "45",
            art("五"),
            content + T.DECISION_COLUMN,
            "行政许可 1520",
            art("六"),
            content + T.DECISION_COLUMN,
            "行政处罚 88",
            "行政强制 0",
            art("八"),
            content + T.FEE_COLUMN,
            "行政事业性收费 12.5",
            "三、申请情况",
            "四、复议和诉讼",
            " ".join(T.REVIEW_ROWS),
            " ".join(T.REVIEW_COLUMNS * 3),
            "1 0 0 0 1 2 1 0 0 3 0 0 0 0 0",
            "五、问题",
        ]
    )
    tables, warnings = extract_text_tables_from_string(text)
    lists = tables_as_lists(tables)
    assert lists["proactive"] == [1, 0, 7, 12, 3, 45, 1520, 88, 0, 12.5]
    assert lists["review_litigation"] == [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0]


def test_pipe_cells_keep_blanks_as_na_and_html_tables() -> None:
    labels = T.application_labels(25)
    rows = [[str(i), "", "", "", "", "1", str(i + 1)] for i in range(25)]
    rows[4][6] = ""
    html = [
        [["（勾稽关系：一加二等于三加四）", "申请人情况"], list(T.APPLICANT_COLUMNS)]
        + [[lab.split(" ")[0] if " " in lab else "", lab.split(" ")[-1]] + r for lab, r in zip(labels, rows)]
    ]
    doc = RawDocument(path="x.html", format="html", sha256="", html_tables=html)
    tables, warnings = extract_html_tables(doc)
    df = tables.applications
    assert df is not None and str(df["总计"].dtype) == "Int64"
    assert pd.isna(df.iloc[4]["总计"]) and df.iloc[3]["总计"] == 4 and pd.isna(df.iloc[0]["商业企业"])
    assert any(w.code == "table_blank_cells" for w in warnings)


def test_txt_document_dispatch_and_unknown_format() -> None:
    labels = T.application_labels(25)
    rows = _applications_values(5)
    doc = RawDocument(
        path="x.txt", format="txt", sha256="", paragraphs=[Paragraph(p) for p in _text_table(rows, labels).split("\n")]
    )
    tables, _ = extract_tables(doc)
    assert tables_as_lists(tables)["applications"] == rows
    from nlp_reports.errors import NlpReportsError

    with pytest.raises(NlpReportsError):
        extract_tables(RawDocument(path="x.ofd", format="ofd", sha256=""))


def test_html_markup_with_spanning_cells() -> None:
    """Spanning label and header cells are repeated by the reader; numbers still land in place."""
    from nlp_reports.ingest.html_reader import read_html

    rnd = random.Random(4)
    group = "三、本年度办理结果"
    html = [
        "<html><body><p>一、总体情况</p><table>",
        '<tr><td rowspan="2" colspan="3">说明</td><td colspan="7">申请人情况</td></tr>',
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
        '<tr><td colspan="3"></td>' + "".join(f"<td>{c}</td>" for c in T.LEGAL_PERSON_COLUMNS) + "</tr>",
    ]
    rows = []
    for lab in T.application_labels(25):
        v = [rnd.randint(0, 9) for _ in range(6)]
        rows.append(v + [sum(v)])
        tds = "".join(f"<td>{x}</td>" for x in rows[-1])
        if " " in lab:
            g, item = lab.split(" ")
            html.append(f"<tr><td>{group}</td><td>{g}</td><td>{item}</td>{tds}</tr>")
        elif lab.startswith("（"):
            html.append(f'<tr><td>{group}</td><td colspan="2">{lab}</td>{tds}</tr>')
        else:
            html.append(f'<tr><td colspan="3">{lab}</td>{tds}</tr>')
    review = [1, 2, 0, 0, 3, 0, 0, 1, 0, 1, 4, 0, 0, 0, 4]
    html += [
        '</table><p>四、复议诉讼</p><table><tr><td colspan="5">行政复议</td><td colspan="10">诉讼</td></tr>',
        "<tr>"
        + "".join(f'<td rowspan="2">{c}</td>' for c in T.REVIEW_COLUMNS)
        + '<td colspan="5">直接起诉</td><td colspan="5">复议后</td></tr>',
        "<tr>" + "".join(f"<td>{c}</td>" for c in T.REVIEW_COLUMNS * 2) + "</tr>",
        "<tr>" + "".join(f"<td>{x}</td>" for x in review) + "</tr></table><p>五、问题</p></body></html>",
    ]
    doc = read_html("x.html", "\n".join(html).encode("utf-8"))
    tables, warnings = extract_tables(doc)
    lists = tables_as_lists(tables)
    assert lists["applications"] == rows and lists["review_litigation"] == review, warnings
