"""PDF tables of layouts we have not seen: a generator of table variants, drawn with reportlab.

Real agency PDFs differ in page size, column widths, font sizes, alignment, merged cells, page
breaks and the order in which the content stream emits the cells.  Each variant below is typeset
as a small report (invented narrative, template headings and row labels) with ruled tables, read
with ``read_pdf`` and ``extract_tables``; the numbers must come back exactly, or the table must be
``None`` with a ``table_unparsed`` warning -- never wrong numbers.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field, replace

import pytest

from nlp_reports.model import RawDocument, ReportWarning
from nlp_reports.structure import template as T
from nlp_reports.structure.tables import extract_tables
from nlp_reports.structure.template import tables_as_lists
from nlp_reports.testing.pdfgen import Cell, Grid, applications_cells, canvas, draw_text, review_cells, wrap_chars

pytest.importorskip("reportlab")

A4 = (595.0, 842.0)


# --------------------------------------------------------------------------- variants


@dataclass
class Variant:
    """How to typeset the three tables of one invented report."""

    name: str
    page: tuple[float, float] = A4
    left: float = 72.0
    size: float = 9.0
    #: widths of the three label columns of table 三 (group, sub-group, item) and of a number column
    label_w: tuple[float, float, float] = (40.0, 52.0, 150.0)
    num_w: float = 36.0
    #: 'center' or 'right' for numbers in their cells
    align: str = "center"
    #: order of the drawing operations: 'rows' (top down), 'columns' (left to right), 'shuffle'
    order: str = "rows"
    #: page break inside table 三 before this data row (0-based), None: the table fits one page
    split_at: int | None = None
    repeat_header: bool = False
    rows: int = 25
    #: an added row of table 三: (insert before data row index, label)
    extra_row: tuple[int, str] | None = None
    #: table 三 cells printed as text instead of the number: {(row, col): text}; '' leaves it empty
    marks: dict[tuple[int, int], str] = field(default_factory=dict)
    fee: str = "12.5"
    permits: str = "1,234"
    narrative: bool = True
    #: numbers of 1000 and more printed with a thousands separator in table 三
    commas: bool = False
    #: line spacing inside cells (times the font size)
    leading: float = 1.3
    #: vertical position of text in a cell: 'middle' or 'top'
    valign: str = "middle"
    #: table 四 cells printed as text: {index: text}; table 二 规章 row printed as these texts
    review_marks: dict[int, str] = field(default_factory=dict)
    rule_row: tuple[str, str, str] = ("0", "0", "3")
    #: an added column of table 三 (its heading), placed before 总计
    extra_column: str | None = None
    #: the 法人或其他组织 sub-columns in another order
    swap_columns: bool = False
    #: numbers of the narrative set apart by spaces (as in text typed with Latin spacing)
    spaced_narrative: bool = False
    #: table 三 header cells wrapped as "商业\n企业"
    wrapped_heads: bool = True
    #: group cells (三、本年度办理结果, （三）不予公开 …) in narrow columns, one char per line
    vertical_groups: bool = False
    seed: int = 1


def _values(v: Variant) -> list[list[int]]:
    rnd = random.Random(v.seed)
    out = []
    for _ in range(v.rows):
        cells = [
            rnd.choice([0, 0, rnd.randint(0, 30), rnd.randint(100, 1500)]),
            rnd.randint(0, 12),
            0,
            rnd.randint(0, 2),
            rnd.randint(0, 4),
            rnd.randint(0, 3),
        ]
        out.append(cells + [sum(cells)])
    return out


REVIEW = [2, 1, 0, 1, 4, 3, 0, 1, 2, 6, 0, 0, 1, 0, 1]
PROACTIVE = [("规章", ["0", "0", "3"]), ("行政规范性文件", ["7", "2", "48"])]


# --------------------------------------------------------------------------- a small ruled-table typesetter


def _grid(widths: list[float], size: float, v: Variant, **kw) -> Grid:
    """A grid in the style of these tests: chars wrapped anywhere, height shortfall spread evenly."""
    return Grid(
        widths,
        size,
        pad=2.0,
        leading=v.leading,
        extra=0.0,
        valign=v.valign,
        baseline=1.0,
        wrap="chars",
        spread="even",
        **kw,
    )


@dataclass
class Op:
    page: int
    x: float
    y: float
    text: str
    size: float
    align: str = "left"


class Doc:
    """Collects drawing operations page by page, then emits them in the variant's order."""

    def __init__(self, v: Variant) -> None:
        self.v = v
        self.ops: list[Op] = []
        self.rects: list[tuple[int, float, float, float, float]] = []
        self.page = 1
        self.y = v.page[1] - 70
        self.bottom = 70.0

    def new_page(self) -> None:
        self.ops.append(Op(self.page, self.v.page[0] / 2, 35, f"- {self.page} -", 10.5, "center"))
        self.page += 1
        self.y = self.v.page[1] - 70

    def text(self, s: str, size: float = 12.0) -> None:
        for ln in wrap_chars(s, size, self.v.page[0] - 2 * self.v.left):
            if self.y - size * 1.8 < self.bottom:
                self.new_page()
            self.ops.append(Op(self.page, self.v.left, self.y - size, ln, size))
            self.y -= size * 1.8

    def table(self, g: Grid, split_at: int | None = None) -> None:
        h = g.row_heights()
        xs = [self.v.left]
        for w in g.widths:
            xs.append(xs[-1] + w)
        self.y -= 6
        top_of: dict[int, float] = {}
        page_of: dict[int, int] = {}
        y = self.y
        for r in range(g.n_rows):
            if r == split_at or y - h[r] < self.bottom:
                self.new_page()
                y = self.y
                if self.v.repeat_header and g.header_rows:
                    self._rows(g, xs, h, range(g.header_rows), y, {})
                    y -= sum(h[: g.header_rows])
            top_of[r], page_of[r] = y, self.page
            y -= h[r]
        self.y = y
        self._rows(g, xs, h, range(g.n_rows), None, (top_of, page_of))

    def _rows(self, g: Grid, xs: list[float], h: list[float], rows: range, y0: float | None, where) -> None:
        if y0 is not None:  # repeated header: laid out from y0 on the current page
            top_of, page_of, y = {}, {}, y0
            for r in rows:
                top_of[r], page_of[r] = y, self.page
                y -= h[r]
        else:
            top_of, page_of = where
        for cell in g.cells:
            if cell.r not in rows:
                continue
            page = page_of[cell.r]
            last = cell.r + cell.rs - 1
            # a cell split by a page break: draw it on its first page, over its rows there
            span = [r for r in range(cell.r, last + 1) if page_of.get(r) == page]
            top = top_of[cell.r]
            bot = top_of[span[-1]] - h[span[-1]]
            left, right = xs[cell.c], xs[cell.c + cell.cs]
            self.rects.append((page, left, bot, right - left, top - bot))
            self.ops += [
                Op(page, x, y, text, g.size, align) for x, y, text, align in g.texts(cell, left, right, top, bot)
            ]

    def save(self) -> bytes:
        self.ops.append(Op(self.page, self.v.page[0] / 2, 35, f"- {self.page} -", 10.5, "center"))
        buf = io.BytesIO()
        c = canvas(buf, self.v.page)
        rnd = random.Random(self.v.seed)
        for p in range(1, self.page + 1):
            ops = [o for o in self.ops if o.page == p]
            if self.v.order == "columns":
                ops.sort(key=lambda o: (round(o.x), -o.y))
            elif self.v.order == "shuffle":
                rnd.shuffle(ops)
            c.setLineWidth(0.5)
            for _, x, y, w, hh in (r for r in self.rects if r[0] == p):
                c.rect(x, y, w, hh, stroke=1, fill=0)
            for o in ops:
                draw_text(c, o.x, o.y, o.text, o.size, o.align)
            c.showPage()
        c.save()
        return buf.getvalue()


# --------------------------------------------------------------------------- the three tables


def grid2(v: Variant) -> Grid:
    s = v.size
    g = _grid([110.0, 90.0, 90.0, 90.0], s, v)
    r = 0

    def block(item: str, heads: list[str], rows: list[tuple[str, list[str]]]) -> None:
        nonlocal r
        g.cells.append(Cell(r, 0, f"第二十条第（{item}）项", cs=4))
        g.cells.append(Cell(r + 1, 0, "信息内容"))
        if len(heads) == 1:
            g.cells.append(Cell(r + 1, 1, heads[0], cs=3))
        else:
            g.cells += [Cell(r + 1, 1 + k, h) for k, h in enumerate(heads)]
        r += 2
        for label, vals in rows:
            g.cells.append(Cell(r, 0, label))
            if len(vals) == 1:
                g.cells.append(Cell(r, 1, vals[0], cs=3, align=v.align))
            else:
                g.cells += [Cell(r, 1 + k, x, align=v.align) for k, x in enumerate(vals)]
            r += 1

    block("一", list(T.DOCUMENT_COLUMNS), [("规章", list(v.rule_row)), PROACTIVE[1]])
    block("五", [T.DECISION_COLUMN], [("行政许可", [v.permits])])
    block("六", [T.DECISION_COLUMN], [("行政处罚", ["56"]), ("行政强制", ["3"])])
    block("八", [T.FEE_COLUMN], [("行政事业性收费", [v.fee])])
    return g


def _table3_rows(v: Variant) -> list[tuple[list[str], str]]:
    """(label path [group, sub-group, item], key) of each data row, template order."""
    specs = T.APPLICATION_ROWS_25 if v.rows == 25 else T.APPLICATION_ROWS_23
    out: list[tuple[list[str], str]] = []
    for spec in specs:
        if spec.marker in ("一", "二", "四") and spec.label.endswith(("数量", "继续办理")):
            out.append(([spec.label], "top"))
        elif " " in spec.label:
            group, item = spec.label.split(" ")
            out.append((["三、本年度办理结果", group, item], "item"))
        else:
            out.append((["三、本年度办理结果", spec.label], "sub"))
    return out


def grid3(v: Variant, values: list[list[str | None]]) -> Grid:
    lw = list(v.label_w)
    if v.vertical_groups:
        lw = [v.size + 5, v.size + 5, lw[2] + lw[0] + lw[1] - 2 * v.size - 10]
    heads = list(T.LEGAL_PERSON_COLUMNS)
    if v.wrapped_heads:
        heads = ["商业\n企业", "科研\n机构", "社会公\n益组织", "法律服\n务机构", "其他"]
    if v.swap_columns:
        heads[1], heads[3] = heads[3], heads[1]
    if v.extra_column:
        heads.append(v.extra_column)
    g = _grid(lw + [v.num_w] * (len(heads) + 2), v.size, v, header_rows=3)
    rows = _table3_rows(v)
    if v.extra_row is not None:
        at, label = v.extra_row
        rows.insert(at, (["三、本年度办理结果", rows[at][0][1], label], "item"))
    g.cells += applications_cells([path for path, _ in rows], values, heads, align=v.align)
    return g


def grid4(v: Variant) -> Grid:
    g = _grid([v.num_w * 0.95] * 15, v.size - 0.5, v)
    g.cells += review_cells([v.review_marks.get(k, str(n)) for k, n in enumerate(REVIEW)], align=v.align)
    return g


def typeset(v: Variant) -> tuple[bytes, list[list[int | None]]]:
    """The PDF of variant ``v`` and the table 三 rows it should give (template rows only)."""
    nums = _values(v)
    printed: list[list[str | None]] = [[f"{x:,}" if v.commas else str(x) for x in r] for r in nums]
    want: list[list[int | None]] = [list(r) for r in nums]
    for (r, c), mark in v.marks.items():
        printed[r][c] = mark
        want[r][c] = None
    if v.extra_column:
        printed = [r[:6] + ["1"] + r[6:] for r in printed]
    if v.extra_row is not None:
        printed.insert(v.extra_row[0], ["1", "0", "0", "0", "0", "0", "1"])
    d = Doc(v)
    d.text("某县人民政府办公室2023年政府信息公开工作年度报告", 15)
    d.text("一、总体情况")
    if v.narrative:
        d.text("本年度共主动公开信息320条，其中12条为规章解读，较上年增加3条，办理申请45件。")
    d.text("二、主动公开政府信息情况")
    d.table(grid2(v))
    if v.narrative:
        d.text("全年发布政策解读材料18篇，回应关切6次，数据详见上表。")
    d.text("三、收到和处理政府信息公开申请情况")
    if v.narrative:
        d.text(
            "本年新收政府信息公开申请 45 件，较上年增长 15 %，其中自然人申请 40 件。"
            if v.spaced_narrative
            else "本年度新收申请较上年增长15%，其中自然人申请占90%，全部按期答复。"
        )
    d.table(grid3(v, printed), v.split_at)
    if v.narrative:
        d.text(
            "本年度办结申请 45 件，结转下年度 2 件 3 件 4 件"
            if v.spaced_narrative
            else "本年度办结申请45件，结转下年度2件，因申请内容不明确不予处理3件。"
        )
    d.text("四、政府信息公开行政复议、行政诉讼情况")
    d.table(grid4(v))
    if v.narrative:
        d.text(
            "行政复议 4 件 行政诉讼 6 件 2 1 0"
            if v.spaced_narrative
            else "全年发生行政复议案件4件、行政诉讼案件6件，均已依法应诉。"
        )
    d.text("五、存在的主要问题及改进情况")
    d.text("一是栏目更新不够及时；二是解读形式较为单一。下一步将加强培训，提升公开质量。")
    return d.save(), want


def _read(data: bytes) -> RawDocument:
    from nlp_reports.ingest.pdf_reader import read_pdf

    return read_pdf("variant.pdf", data)


def _cell(t: str):
    return None if T.is_na_mark(t) or not t else int(t)


def _want_proactive(v: Variant) -> list:
    return [
        *(_cell(t) for t in v.rule_row),
        7,
        2,
        48,
        int(v.permits.replace(",", "")),
        56,
        3,
        float(v.fee.replace(",", "")),
    ]


def _want_review(v: Variant) -> list:
    return [None if k in v.review_marks else n for k, n in enumerate(REVIEW)]


def _check(v: Variant, expect_none: tuple[str, ...] = ()) -> tuple[dict, list[ReportWarning]]:
    data, want3 = typeset(v)
    tables, warnings = extract_tables(_read(data))
    got = tables_as_lists(tables)
    msgs = [str(w) for w in warnings]
    for name, want in (
        ("proactive", _want_proactive(v)),
        ("applications", want3),
        ("review_litigation", _want_review(v)),
    ):
        if name in expect_none:
            assert name not in got, (v.name, name)
            continue
        assert got.get(name) == want, (v.name, name, msgs)
    return got, warnings


# --------------------------------------------------------------------------- tests

BASE = Variant("base")

VARIANTS = [
    BASE,
    Variant("right_aligned_small_font", align="right", size=7.5, num_w=30.0, left=40.0, label_w=(36.0, 44.0, 120.0)),
    Variant("letter_page_big_font", page=(612.0, 792.0), size=10.5, num_w=40.0, left=50.0, label_w=(46.0, 60.0, 150.0)),
    Variant("wide_offset_narrow_labels", left=110.0, label_w=(30.0, 40.0, 80.0), num_w=34.0, size=8.0),
    Variant("columns_order", order="columns", seed=3),
    Variant("shuffled_order", order="shuffle", seed=4),
    Variant("shuffled_right_aligned", order="shuffle", align="right", seed=5, size=8.0),
    Variant("split_after_footer", split_at=13, seed=6),
    Variant("split_repeated_header", split_at=9, repeat_header=True, seed=7),
    Variant("split_shuffled_repeated_header", split_at=17, repeat_header=True, order="shuffle", seed=8),
    Variant("vertical_group_cells", vertical_groups=True, seed=9),
    Variant(
        "vertical_groups_shuffled_split",
        vertical_groups=True,
        order="shuffle",
        split_at=12,
        repeat_header=True,
        seed=10,
        align="right",
    ),
    Variant("plain_heads", wrapped_heads=False, num_w=48.0, size=8.0, left=30.0, label_w=(36.0, 44.0, 130.0)),
    Variant("rows23", rows=23, seed=11),
    Variant("rows23_vertical_split", rows=23, vertical_groups=True, split_at=15, seed=12),
    Variant("fee_and_permits", fee="0.00", permits="12", seed=13),
    Variant("big_fee", fee="1,234.5", permits="1,234", seed=14),
]


#: more layouts: alignment, separators, leading, tight cells, numbers in the narrative
MORE = [
    Variant("left_aligned", align="left", seed=21),
    Variant("thousands_separators", commas=True, seed=22, num_w=40.0),
    Variant("top_aligned_tight_leading", valign="top", leading=1.1, seed=23, label_w=(36.0, 44.0, 90.0)),
    Variant("tight_number_cells", num_w=26.0, size=8.0, align="right", seed=24, left=60.0),
    Variant("spaced_numbers_in_narrative", spaced_narrative=True, seed=25),
    Variant("spaced_narrative_shuffled_split", spaced_narrative=True, order="shuffle", split_at=20, seed=26),
]


@pytest.mark.parametrize("v", VARIANTS + MORE, ids=lambda v: v.name)
def test_variant_reads_exactly(v: Variant) -> None:
    _, warnings = _check(v)
    assert not [w for w in warnings if w.code == "table_unparsed"], [str(w) for w in warnings]


@pytest.mark.parametrize("order", ["rows", "shuffle"])
def test_marks_and_empty_cells_are_na(order: str) -> None:
    v = replace(BASE, name="marks", order=order, marks={(2, 2): "—", (5, 4): "/", (7, 1): "", (24, 3): "——"})
    _, warnings = _check(v)
    assert any(w.code == "table_blank_cells" for w in warnings)


@pytest.mark.parametrize("order", ["rows", "columns"])
def test_extra_row_is_left_out_with_a_warning(order: str) -> None:
    v = replace(BASE, name="extra", order=order, extra_row=(12, "9.属于其他不予公开情形"))
    _, warnings = _check(v)
    assert any(w.code == "table_extra_rows" for w in warnings)


@pytest.mark.parametrize("order", ["rows", "shuffle"])
def test_marks_in_tables_two_and_four(order: str) -> None:
    v = replace(BASE, name="marks24", order=order, rule_row=("—", "/", "3"), review_marks={1: "—", 7: "/", 12: ""})
    _, warnings = _check(v)
    assert any(w.code == "table_blank_cells" and "四" in w.message for w in warnings)


@pytest.mark.parametrize(
    "v",
    [
        replace(BASE, name="extra_column", extra_column="个体\n工商户"),
        replace(BASE, name="swapped_columns", swap_columns=True),
        replace(BASE, name="swapped_columns_shuffled", swap_columns=True, order="shuffle", align="right"),
    ],
    ids=lambda v: v.name,
)
def test_unexpected_columns_give_none_not_numbers(v: Variant) -> None:
    _, warnings = _check(v, expect_none=("applications",))
    assert any(w.code == "table_unparsed" and w.message.startswith("table 三") for w in warnings)


def test_touching_numbers_are_exact_or_refused() -> None:
    """Cells so narrow that neighbouring numbers almost touch: exact numbers or None, never merged ones."""
    v = replace(BASE, name="touching", num_w=20.0, size=9.0, align="right", left=40.0, label_w=(30.0, 40.0, 120.0))
    data, want = typeset(v)
    tables, warnings = extract_tables(_read(data))
    got = tables_as_lists(tables).get("applications")
    if got is None:
        assert any(w.code == "table_unparsed" and w.message.startswith("table 三") for w in warnings)
    else:
        assert got == want
