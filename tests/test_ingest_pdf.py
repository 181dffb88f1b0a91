"""PDF ingest: lines, spaces, furniture and paragraphs.

Unit tests run on PDFs generated here with reportlab (texts written for the tests); the real
corpus tests read the published PDFs from ``NLP_REPORTS_REAL_CORPUS``.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
from pathlib import Path

import pytest

from nlp_reports.errors import NoTextLayerError
from nlp_reports.ingest.furniture import is_page_number, mark_furniture
from nlp_reports.ingest.normalize import normalize_text
from nlp_reports.ingest.pdf_options import PdfReadOptions
from nlp_reports.ingest.pdf_reader import read_pdf
from nlp_reports.model import Line, Page

reportlab = pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
CJK = "STSong-Light"
W, H = 595.0, 842.0
LEFT = 72.0
SIZE = 12.0
PER_LINE = 36  # characters of a full body line -> right margin at LEFT + 36 * SIZE
RUNNING_TITLE = "青禾县政务公开测试样稿"

# Texts written for these tests (not taken from any report).
BODY = [
    ("c", "青禾县2031年政务公开测试年度报告"),
    (
        "p",
        "本样稿用于检验版面解析：段落首行缩进两个字符，其余各行顶格排列，行末不加任何连接符号，解析后应当还原为一段完整的文字。",
    ),
    ("h", "一、总体情况"),
    (
        "p",
        "青禾县在虚构的年度里继续整理公开目录，按月核对栏目更新记录，把每一条链接都重新点开检查一遍，并把发现的错误交给专人登记，限期改正后再复查一次，确保每个栏目的内容都能按时更新。",
    ),
    (
        "p",
        "第二段同样很长，用来把文字推到下一页：值班人员每周汇总一次来信，分类整理以后送交相关科室，科室在五个工作日内给出书面意见，意见再经过审核才能对外发布，整个流程都留有记录，便于事后查阅，也便于年底统计全年的办理数量和平均用时。",
    ),
    (
        "p",
        "这一段专门跨越页面边界：它的开头位于第一页的底部，结尾落在第二页的顶部，中间隔着页码和页眉，解析时必须把两部分接起来，不能在分页处断开，也不能把页码或者页眉的文字混进正文里面，否则后续的分句和统计都会出错。",
    ),
    ("h", "二、其他事项"),
    ("p", "最后一段很短。"),
]


def _layout(c: canvas.Canvas, items: list[tuple[str, str]], *, furniture: str) -> list[tuple[int, int]]:
    """Typeset ``items`` like an official document: indented paragraphs, headings, page furniture.

    Returns (page, item index) of every body line drawn.
    """
    placed: list[tuple[int, int]] = []
    page = 1
    y = 760.0

    def decorate() -> None:
        if furniture == "official":
            c.setFont(CJK, 10.5)
            c.drawCentredString(W / 2, 800, RUNNING_TITLE)
            c.setFont("Helvetica", 10.5)
            c.drawCentredString(W / 2, 40, f"- {page} -")
        elif furniture == "browser":
            c.setFont("Helvetica", 8)
            c.drawString(24, 818, "3/14/31, 9:05 AM")
            c.setFont(CJK, 8)
            c.drawCentredString(W / 2, 818, RUNNING_TITLE)
            c.setFont("Helvetica", 8)
            c.drawString(24, 16, "https://example.org/reports/qinghe-2031.html")
            c.drawRightString(W - 24, 16, f"{page}/2")

    decorate()
    for index, (kind, text) in enumerate(items):
        if kind == "c":
            c.setFont(CJK, 18)
            c.drawCentredString(W / 2, y, text)
            y -= 40
            continue
        if kind == "h":
            c.setFont(CJK, SIZE)
            c.drawString(LEFT + 2 * SIZE, y, text)
            y -= 22
            continue
        first, rest = text[: PER_LINE - 2], text[PER_LINE - 2 :]
        lines = [(LEFT + 2 * SIZE, first)] + [(LEFT, rest[i : i + PER_LINE]) for i in range(0, len(rest), PER_LINE)]
        for x, chunk in lines:
            if not chunk:
                continue
            if y < 90:
                c.showPage()
                page += 1
                decorate()
                y = 760.0
            c.setFont(CJK, SIZE)
            c.drawString(x, y, chunk)
            placed.append((page, index))
            y -= 22
    c.showPage()
    return placed


def make_pdf_placed(
    items: list[tuple[str, str]], *, furniture: str = "official", title: str = ""
) -> tuple[bytes, list[tuple[int, int]]]:
    """A PDF of ``items`` (see :func:`_layout`), optionally with a metadata title, and the line placement."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    if title:
        c.setTitle(title)
    placed = _layout(c, items, furniture=furniture)
    c.save()
    return buf.getvalue(), placed


def make_pdf(items: list[tuple[str, str]], *, furniture: str = "official", title: str = "") -> bytes:
    return make_pdf_placed(items, furniture=furniture, title=title)[0]


def _filler(n: int) -> tuple[str, str]:
    return ("p", f"补充说明第{n}条：本条仅用于占据版面，使后面的段落落到页面底部并跨越分页，内容本身没有含义。")


def _long_items() -> list[tuple[str, str]]:
    """BODY with filler paragraphs inserted so that BODY[5] starts on page 1 and ends on page 2."""
    for count in range(0, 30):
        items = BODY[:5] + [_filler(n) for n in range(1, count + 1)] + BODY[5:]
        _, placed = make_pdf_placed(items)
        crossing = 5 + count
        if {page for page, index in placed if index == crossing} == {1, 2}:
            return items
    raise AssertionError("could not lay out a paragraph across the page break")


@pytest.fixture(scope="module")
def official_doc():
    data = make_pdf(_long_items(), title="青禾县2031年政务公开测试年度报告")
    return read_pdf("qinghe.pdf", data), data


def test_paragraphs_are_rebuilt_exactly(official_doc):
    doc, _ = official_doc
    expected = [text for _, text in _long_items()]
    assert [p.text for p in doc.paragraphs] == expected
    kinds = {p.text: p.kind for p in doc.paragraphs}
    assert kinds["一、总体情况"] == "heading"
    assert kinds[BODY[0][1]] == "heading"
    assert kinds[BODY[1][1]] == "text"


def test_paragraph_across_page_break_is_joined(official_doc):
    doc, _ = official_doc
    crossing = BODY[5][1]
    lines_with_text = [
        ln.page for pg in doc.pages for ln in pg.lines if not ln.furniture and ln.text and ln.text in crossing
    ]
    assert len(set(lines_with_text)) == 2, "the test layout must make this paragraph cross a page"
    assert crossing in [p.text for p in doc.paragraphs]


def test_page_numbers_and_running_title_are_furniture(official_doc):
    doc, _ = official_doc
    assert len(doc.pages) >= 2
    for pg in doc.pages:
        kinds = {ln.furniture for ln in pg.lines if ln.furniture}
        assert kinds == {"page_number", "running_title"}, (pg.number, kinds)
        numbers = [ln for ln in pg.lines if ln.furniture == "page_number"]
        assert numbers[0].text == f"- {pg.number} -"
    text = doc.text
    assert RUNNING_TITLE not in text
    assert not re.search(r"- \d+ -", text)


def test_document_fields(official_doc):
    doc, data = official_doc
    assert doc.format == "pdf"
    assert doc.path == "qinghe.pdf"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.title == "青禾县2031年政务公开测试年度报告"
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    ln = doc.pages[0].lines[1]
    assert ln.chars and ln.x0 is not None and ln.top is not None and ln.top < ln.bottom
    # top is measured from the page top: the first line is near the top of the page
    assert doc.pages[0].lines[0].top < 100


def test_max_pages(official_doc):
    _, data = official_doc
    doc = read_pdf("qinghe.pdf", data, max_pages=1)
    assert len(doc.pages) == 1


def test_junk_metadata_title_is_ignored():
    doc = read_pdf("x.pdf", make_pdf(BODY[:3], title="s.html"))
    assert doc.title == ""


def test_browser_header_and_footer_removed():
    items = [("p", BODY[3][1])] * 3 + [("p", BODY[4][1])] * 4 + [("p", BODY[5][1])] * 3
    doc = read_pdf("b.pdf", make_pdf(items, furniture="browser"))
    assert len(doc.pages) == 2
    for pg in doc.pages:
        assert pg.lines[0].furniture == "header"
        assert pg.lines[-1].furniture == "footer"
    text = doc.text
    assert "example.org" not in text and "AM" not in text and RUNNING_TITLE not in text
    assert [p.text for p in doc.paragraphs] == [t for _, t in items]


def _special_page() -> bytes:
    """One page with the spacing cases: numbers in Chinese text, letter-spaced text, e-mail, table row."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    y = 760.0
    # 1) a number set in a Latin font with a gap before the Chinese text: "2031 年" -> "2031年"
    c.setFont("Helvetica", SIZE)
    c.drawString(LEFT + 2 * SIZE, y, "2031")
    x = LEFT + 2 * SIZE + pdfmetrics.stringWidth("2031", "Helvetica", SIZE) + 3
    c.setFont(CJK, SIZE)
    c.drawString(x, y, "年，青禾县继续核对目录。")
    y -= 22
    # 2) letter-spaced (justified) Chinese: gaps between every character
    x = LEFT + 2 * SIZE
    for ch in "联系人：王某，邮编：":
        c.drawString(x, y, ch)
        x += SIZE + 4
    c.setFont("Helvetica", SIZE)
    c.drawString(x, y, "100000")
    y -= 22
    # 3) e-mail and two numbers separated by a space
    c.setFont(CJK, SIZE)
    c.drawString(LEFT + 2 * SIZE, y, "邮箱：")
    c.setFont("Helvetica", SIZE)
    c.drawString(LEFT + 5 * SIZE, y, "demo-box@example.com 12 34")
    y -= 22
    # 4) a table row: cells far apart
    c.setFont(CJK, SIZE)
    c.drawString(LEFT, y, "规章")
    for i, v in enumerate(["3", "0", "15"]):
        c.drawString(LEFT + 200 + i * 80, y, v)
    y -= 22
    c.drawString(LEFT + 2 * SIZE, y, "表格之后的正文另起一段。")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_spaces_decided_by_geometry_and_char_class():
    doc = read_pdf("s.pdf", _special_page())
    texts = [ln.text for ln in doc.pages[0].lines]
    assert texts[0] == "2031年，青禾县继续核对目录。"
    assert texts[1] == "联系人：王某，邮编：100000"
    assert texts[2] == "邮箱：demo-box@example.com 12 34"
    assert texts[3] == "规章 3 0 15"


def test_fake_bold_glyphs_are_not_doubled():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    c.setFont(CJK, 16)
    for dx in (0.0, 0.3, 0.6):  # "bold" drawn as three slightly shifted copies
        c.drawString(LEFT + dx, 700, "一、加粗的标题")
    c.setFont(CJK, SIZE)
    c.drawString(LEFT + 2 * SIZE, 670, "正文一行，用来凑够字数以免被当作没有文字层的文件。")
    c.showPage()
    c.save()
    doc = read_pdf("bold.pdf", buf.getvalue())
    assert doc.pages[0].lines[0].text == "一、加粗的标题"
    assert len(doc.pages[0].lines[0].chars) == len("一、加粗的标题")


def test_table_row_is_not_merged_into_narrative():
    doc = read_pdf("s.pdf", _special_page())
    paras = [p.text for p in doc.paragraphs]
    assert "规章 3 0 15" in paras
    assert paras[-1] == "表格之后的正文另起一段。"


def test_image_only_pdf_raises_no_text_layer():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H))
    for _ in range(2):
        c.rect(100, 100, 300, 500, fill=1)
        c.showPage()
    c.save()
    with pytest.raises(NoTextLayerError, match="OCR"):
        read_pdf("scan.pdf", buf.getvalue(), PdfReadOptions(ocr="never"))


@pytest.mark.parametrize(
    "text",
    [
        "- 3 -",
        "-3-",
        "— 3 —",
        "3/5",
        "3 / 12",
        "第3页",
        "第 3 页 共 5 页",
        "共5页 第3页",
        "Page 3",
        "page 3 of 9",
        "3",
        "- iv -",
    ],
)
def test_page_number_forms(text):
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["2024年", "一、总体情况", "共3件", "12.5万元", "第三部分", "规章 3 0 15", ""])
def test_not_page_numbers(text):
    assert not is_page_number(text)


def _line(text: str, top: float, page: int) -> Line:
    return Line(text=text, page=page, x0=72.0, x1=72.0 + 12 * len(text), top=top, bottom=top + 12, size=12.0)


def test_furniture_needs_position_and_repetition():
    pages = []
    for n in range(1, 4):
        lines = [
            _line("青禾县样稿" if n > 1 else "只在首页出现的题注", 40, n),
            _line("正文第一行内容比较长一些", 120, n),
            _line("5", 400, n),  # a short body line in the middle of the page: kept
            _line("正文最后一行", 700, n),
            _line(str(n), 800, n),  # a lone number at the page bottom: page number
        ]
        pages.append(Page(number=n, width=595, height=842, lines=lines))
    mark_furniture(pages)
    for pg in pages:
        marks = [ln.furniture for ln in pg.lines]
        assert marks[1:4] == ["", "", ""]
        assert marks[4] == "page_number"
    # the repeated top line is a running title on pages 2 and 3; the first page's caption is not
    assert [pg.lines[0].furniture for pg in pages] == ["", "running_title", "running_title"]


def test_pdfminer_logging_restored(official_doc):
    logger = logging.getLogger("pdfminer")
    before = logger.level
    read_pdf("qinghe.pdf", official_doc[1])
    assert logger.level == before


# --------------------------------------------------------------------------- real corpus


def _real() -> Path:
    root = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if not root:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    return Path(root)


def _real_pdfs() -> list[Path]:
    root = _real()
    return sorted((root / "pdf").glob("*.pdf")) + sorted((root / "rendered").glob("*.pdf"))


_CACHE: dict[str, object] = {}


def _read(path: Path):
    key = str(path)
    if key not in _CACHE:
        _CACHE[key] = read_pdf(key, path.read_bytes())
    return _CACHE[key]


_CJK_SPACE = re.compile(r"[\u4e00-\u9fff，。；：、（）] +[\u4e00-\u9fff，。；：、（）]")
_RADICAL = re.compile(r"[\u2e80-\u2fdf]")


def test_real_paragraphs_are_clean():
    for path in _real_pdfs():
        doc = _read(path)
        assert len(doc.paragraphs) > 5, path.name
        for p in doc.paragraphs:
            assert not is_page_number(p.text), (path.name, p.text)
            assert not _RADICAL.search(p.text), (path.name, p.text)
            assert "xxgk.example.gov.cn" not in p.text and "10:38 PM" not in p.text, (path.name, p.text)
            if p.text.endswith("。"):  # narrative (table rows keep one space between cells)
                assert not _CJK_SPACE.search(p.text), (path.name, p.text)


def test_real_furniture_on_every_page():
    for path in _real_pdfs():
        doc = _read(path)
        for pg in doc.pages:
            kinds = {ln.furniture for ln in pg.lines}
            if path.name.endswith(".browser.pdf"):
                assert {"header", "footer"} <= kinds, (path.name, pg.number)
            else:
                assert "page_number" in kinds, (path.name, pg.number)


def test_real_rendered_paragraphs_match_source_text():
    root = _real()
    for path in sorted((root / "rendered").glob("*.pdf")):
        source = normalize_text((root / "text" / (path.name.split(".")[0] + ".txt")).read_text("utf-8"))
        source = re.sub(r"\s+", "", source)
        doc = _read(path)
        found = [re.sub(r"\s+", "", p.text) in source for p in doc.paragraphs]
        assert sum(found) >= 0.8 * len(found), (
            path.name,
            [p.text[:40] for p, f in zip(doc.paragraphs, found) if not f],
        )


def _part_five(paragraphs: list[str]) -> list[str]:
    start = next(i for i, t in enumerate(paragraphs) if re.match(r"^五、", t))
    end = next(i for i, t in enumerate(paragraphs) if i > start and re.match(r"^六、", t))
    return paragraphs[start + 1 : end]


@pytest.mark.parametrize("doc_id", ["hongze_2023", "huaian_2024"])
def test_real_part_five_is_whole_sentences(doc_id):
    root = _real()
    doc = _read(root / "pdf" / f"{doc_id}.pdf")
    part = _part_five([p.text for p in doc.paragraphs])
    assert part
    for text in part:
        assert text.endswith("。"), text[-30:]
        assert not re.match(r"^[，。；：、）]", text)
    gold = [
        json.loads(line)
        for line in (root / "gold" / "statements.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    gold_text = "".join(normalize_text(g["text"]) for g in gold if g.get("doc") == doc_id)
    assert re.sub(r"\s+", "", "".join(part)) == re.sub(r"\s+", "", gold_text)
