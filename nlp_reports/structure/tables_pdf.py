"""Tables 二, 三, 四 of a PDF, from character positions only.

The glyph geometry (pages stacked, chars -> visual lines -> tokens, *cell tokens* = numbers
standing alone in their cell) is in :mod:`.table_geometry`; every tolerance is a field of
:class:`.table_settings.TableSettings`.  This module finds the tables in those lines:

* table 三: the number columns are the x-clusters of the cell tokens, checked against the
  header words above them; the number rows are matched to the template rows by the label text
  lying nearest to them (labels that wrap over several lines, group labels spanning rows and
  page breaks all fall out of the nearest-row rule);
* table 四: the 15 numbers under the 结果维持 … 总计 header, in x order;
* table 二: item rows (规章 …) and the header phrases of each 第二十条 block, matched by x.

What was found on a page (lines, columns, rows, cells) can be drawn with
:func:`nlp_reports.structure.tables_debug.draw_tables`; it reads the same :class:`TableTrace`
that :func:`extract_pdf_tables` fills when given one.  Work is linear in the number of chars
apart from one sort.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from statistics import median

import pandas as pd

from ..model import RawDocument, ReportWarning, Tables
from . import template as T
from .table_geometry import Glyph, Token, VLine, cells_by_overlap, clusters, has, stacked_glyphs, visual_lines
from .table_settings import TableSettings

#: header phrases spanning several applicant columns (left out when naming the columns)
_SPANNING_HEADS = ("申请人情况", "法人或其他组织")


# --------------------------------------------------------------------------- what was found


@dataclass
class ApplicationsGrid:
    """Geometry of table 三 as the reader found it (stacked y, PDF points)."""

    #: font size of the first row (the unit of the table's tolerances)
    fs: float
    #: the lines from the first row to the last one
    span: list[VLine]
    #: header lines above the first row
    head_lines: list[VLine]
    #: column boundaries: ``bounds[j] <= x < bounds[j+1]`` is applicant column j (last is +inf)
    bounds: list[float]
    #: the number rows: (y, the seven printed values or ``None``)
    rows: list[tuple[float, list[str | None]]] = field(default_factory=list)
    #: the label text nearest to each number row
    bands: list[str] = field(default_factory=list)

    @property
    def left(self) -> float:
        """Left edge of the number area."""
        return self.bounds[0]


@dataclass
class ReviewGrid:
    """Geometry of table 四: its header lines, the lines of its numbers and the header slots."""

    header: list[VLine]
    num_lines: list[VLine]
    slots: list[float] | None


@dataclass
class ProactiveRow:
    """One item row of table 二: its line, the line its numbers were taken from, its item."""

    item: str
    line: VLine
    num_line: VLine | None


@dataclass
class TableTrace:
    """What :func:`extract_pdf_tables` found, for drawing (see ``tables_debug``)."""

    lines: list[VLine] = field(default_factory=list)
    #: y offset of each page (by page number) in the stacked coordinates
    offsets: dict[int, float] = field(default_factory=dict)
    applications: ApplicationsGrid | None = None
    review: ReviewGrid | None = None
    proactive: list[ProactiveRow] = field(default_factory=list)


# --------------------------------------------------------------------------- table 三: header


def _head_lines(lines: list[VLine], anchor: int, fs: float, left: float, s: TableSettings) -> list[VLine]:
    """The header lines of table 三: upwards from its first row until a heading or prose.

    Punctuation only counts as prose right of ``left`` (the number columns): the label corner
    cell often holds a note (（本列数据的勾稽关系…，…）) set beside the column headings.
    """
    out: list[VLine] = []
    prev_y = lines[anchor].y
    for ln in reversed(lines[max(0, anchor - s.header_window) : anchor]):
        right = "".join(g.text for g in ln.glyphs if g.xc >= left)
        if ln.size > s.header_max_size * fs or prev_y - ln.y > s.header_max_gap * fs or "，" in right or "。" in right:
            break
        prev_y = ln.y
        out.append(ln)
    return out[::-1]


def _name_of(text: str, own: str | None = None) -> str | None:
    """The applicant column a header cell names (its ``own`` name first, then the most specific)."""
    keys = dict(T.APPLICANT_COLUMN_KEYS)
    if own is not None and any(k in text for k in keys[own]):
        return own
    return next((c for c, ks in T.APPLICANT_COLUMN_KEYS if any(k in text for k in ks)), None)


def _heading_order(head_lines: list[VLine]) -> list[str]:
    """The applicant columns named in the header lines, ordered by the x centre of their key words.

    Works on key words (商业, 科研, 公益 …) rather than on whole cells, so headings wrapped inside
    narrow cells or touching their neighbours still give their left-to-right order.
    """
    xs: dict[str, list[float]] = {}
    for ln in head_lines:
        pos: list[int] = []  # text offset -> glyph index
        for i, g in enumerate(ln.glyphs):
            pos.extend([i] * len(g.text))
        taken = [False] * len(ln.text)
        for phrase in _SPANNING_HEADS:
            for m in re.finditer(re.escape(phrase), ln.text):
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
        for col, keys in T.APPLICANT_HEADING_KEYS:
            for key in keys:
                for m in re.finditer(re.escape(key), ln.text):
                    if any(taken[m.start() : m.end()]):
                        continue
                    taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                    gs = [ln.glyphs[pos[k]] for k in range(m.start(), m.end())]
                    xs.setdefault(col, []).append(sum(g.xc for g in gs) / len(gs))
    return sorted(xs, key=lambda c: median(xs[c]))


def _columns_agree(head_lines: list[VLine], bounds: list[float], warnings: list[ReportWarning]) -> bool:
    """The header must name the columns in template order.

    The order is read from the key words' positions (robust to centred headings over
    right-aligned numbers, which the column bounds can cut).  When fewer than four columns are
    named (a header mostly not printed), the words above each number column must at least not
    name another column.
    """
    order = _heading_order(head_lines)
    if len(order) >= 4 and order != [c for c in T.APPLICANT_COLUMNS if c in order]:
        warnings.append(
            ReportWarning(
                "table_unparsed",
                f"table 三: the column headings read {'/'.join(order)} from left to right",
                f"expected {'/'.join(T.APPLICANT_COLUMNS)}: reordered columns; the numbers were not read",
            )
        )
        return False
    if len(order) >= 4:
        return True
    head = [""] * (len(bounds) - 1)
    for ln in head_lines:
        for g in ln.glyphs:
            j = bisect.bisect_right(bounds, g.xc) - 1
            if 0 <= j < len(head):
                head[j] += g.text
    for j, text in enumerate(head):
        own = T.APPLICANT_COLUMNS[j]
        name = _name_of(text, own)
        if name is not None and name != own:
            warnings.append(
                ReportWarning(
                    "table_unparsed",
                    f"table 三: column {j + 1} is headed {text!r}, expected {own}",
                    "the columns are in an unusual order; the numbers were not read",
                )
            )
            return False
    return True


def _header_cells(head_lines: list[VLine], s: TableSettings) -> list[tuple[float, float]] | None:
    """x spans of the seven applicant columns read from the header cells, or ``None``."""
    found = _named_header_cells(head_lines, s)
    if [f[0] for f in found] != list(T.APPLICANT_COLUMNS):
        return None
    return [(x0, x1) for _, x0, x1 in found]


def _named_header_cells(head_lines: list[VLine], s: TableSettings) -> list[tuple[str, float, float]]:
    """Header cells of table 三 that name an applicant column: ``(name, x0, x1)`` in x order.

    Glyphs are grouped into cells by x overlap (a heading wrapped as 商业/企业 stays one cell);
    the spanning headings 申请人情况 / 法人或其他组织 are left out first.
    """
    glyphs: list[Glyph] = []
    for ln in head_lines:
        drop: set[int] = set()
        for phrase in _SPANNING_HEADS:
            i = ln.text.find(phrase)
            if i >= 0:
                drop.update(range(i, i + len(phrase)))
        glyphs += [g for i, g in enumerate(ln.glyphs) if i not in drop]
    found: list[tuple[str, float, float]] = []
    for cell in cells_by_overlap(glyphs, s.header_cell_gap, s.cell_line_step):
        name = _name_of("".join(g.text for g in cell))
        if name is not None:
            found.append((name, min(g.x0 for g in cell), max(g.x1 for g in cell)))
    return found


# --------------------------------------------------------------------------- table 三: steps


def _find_span(
    lines: list[VLine], s: TableSettings, warnings: list[ReportWarning]
) -> tuple[int, float, list[VLine]] | None:
    """Table 三's first row (its index), font size and lines down to 四、结转下年度继续办理."""
    n = len(lines)
    anchor = None
    for i, ln in enumerate(lines):
        if has(ln, "本年新收", "新收政府信息公开申请"):
            if any(len(lines[k].cells) >= s.anchor_min_cells for k in range(max(0, i - 1), min(n, i + 4))):
                anchor = i
                break
    if anchor is None:
        return None
    end = None
    for k in range(anchor + 1, min(n, anchor + s.end_window)):
        if has(lines[k], "结转下年度", "下年度继续办理"):
            end = k
            break
    if end is None:
        warnings.append(
            ReportWarning(
                "table_unparsed",
                "table 三: the row 四、结转下年度继续办理 was not found",
                "the table may be cut off or laid out unusually; check the PDF",
            )
        )
        return None
    fs = lines[anchor].size
    y_lo, y_hi = lines[anchor].y - s.span_margin * fs, lines[end].y + s.span_margin * fs
    span = [ln for ln in lines[max(0, anchor - 3) : min(n, end + 4)] if y_lo <= ln.y <= y_hi]
    return anchor, fs, span


def _column_bounds(
    lines: list[VLine], anchor: int, fs: float, span: list[VLine], s: TableSettings, warnings: list[ReportWarning]
) -> tuple[list[float], list[VLine]] | None:
    """Boundaries of the seven number columns and the header lines, or ``None`` (with a warning).

    The columns are the x-clusters of the cell tokens; a column left blank throughout is taken
    from the header cells instead.
    """
    multi = [ln for ln in span if len(ln.cells) >= 3]
    cl = clusters([(t.x0, t.x1) for ln in multi for t in ln.cells], tol=s.column_tolerance * fs)
    cols = [c for c in cl if c[2] >= s.column_min_share * len(multi)]
    head_lines = _head_lines(lines, anchor, fs, min((c[0] for c in cols), default=0.0) - s.column_margin * fs, s)
    if len(cols) == len(T.APPLICANT_COLUMNS):
        left = cols[0][0] - s.column_margin * fs
        bounds = [left] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [float("inf")]
        if not _columns_agree(head_lines, bounds, warnings):
            return None
        return bounds, head_lines
    cells = _header_cells(head_lines, s)
    if cells is None:
        warnings.append(
            ReportWarning(
                "table_unparsed",
                f"table 三: found {len(cols)} number columns, expected {len(T.APPLICANT_COLUMNS)}",
                "the table has added, merged or blank columns; its numbers were not read",
            )
        )
        return None
    left = cells[0][0] - s.column_margin * fs
    mids = [(a[0] + a[1]) / 2 for a in cells]
    return [left] + [(mids[i] + mids[i + 1]) / 2 for i in range(len(mids) - 1)] + [float("inf")], head_lines


def _row_values(
    ln: VLine, cells: list[Token], grid: ApplicationsGrid, s: TableSettings, warnings: list[ReportWarning]
) -> list[str | None] | None:
    """The seven values of one number line, or ``None`` when a number straddles or shares a cell."""
    bounds, fs = grid.bounds, grid.fs
    vals: list[str | None] = [None] * len(T.APPLICANT_COLUMNS)
    for t in cells:
        j = bisect.bisect_right(bounds, t.xc) - 1
        if t.cell and (t.x0 < bounds[j] - s.boundary_overflow * fs or t.x1 > bounds[j + 1] + s.boundary_overflow * fs):
            warnings.append(
                ReportWarning(
                    "table_unparsed",
                    f"table 三: the number {t.text!r} runs across a column boundary",
                    "numbers of neighbouring cells may touch and read as one; the numbers were not read",
                )
            )
            return None
        if vals[j] is not None:
            warnings.append(
                ReportWarning(
                    "table_unparsed",
                    "table 三: two numbers in one cell",
                    f"{vals[j]!r} and {t.text!r} near y={ln.y:.0f}",
                )
            )
            return None
        vals[j] = t.text
    return vals


def _number_rows(
    grid: ApplicationsGrid, s: TableSettings, warnings: list[ReportWarning]
) -> list[tuple[float, list[str | None]]] | None:
    """The number rows of table 三 (y, values), top to bottom; ``None`` (with a warning) if unsafe.

    Lines close together whose cells do not clash are one row (a row's numbers set at slightly
    different heights); digits right under digits of the same cell are a number wrapped inside
    its cell, which is refused rather than read as two rows.
    """
    fs, left = grid.fs, grid.left
    rows: list[tuple[float, list[str | None]]] = []
    prev_cells: list[Token] = []  # cell tokens of the last lines, to spot numbers wrapped in a cell
    prev_y: dict[int, float] = {}
    wrap = s.wrapped_number_gap * fs
    for ln in grid.span:
        cells = [t for t in ln.tokens if (t.cell or t.na) and t.xc >= left]
        if not cells or not any(t.cell for t in cells) and len(cells) < 3:
            continue
        vals = _row_values(ln, cells, grid, s, warnings)
        if vals is None:
            return None
        for t in cells:
            above = [p for p in prev_cells if p.x0 < t.x1 and t.x0 < p.x1 and ln.y - prev_y[id(p)] < wrap]
            if t.cell and above:
                warnings.append(
                    ReportWarning(
                        "table_unparsed",
                        f"table 三: a number seems wrapped inside its cell near y={ln.y:.0f}",
                        f"{above[0].text!r} right above {t.text!r}; the numbers were not read",
                    )
                )
                return None
        prev_cells = [p for p in prev_cells if ln.y - prev_y[id(p)] < wrap] + [t for t in cells if t.cell]
        prev_y.update((id(t), ln.y) for t in cells if t.cell)
        if (
            rows
            and ln.y - rows[-1][0] < s.row_merge_gap * fs
            and all(a is None or b is None for a, b in zip(rows[-1][1], vals))
        ):
            rows[-1] = (rows[-1][0], [a if a is not None else b for a, b in zip(rows[-1][1], vals)])
        else:
            rows.append((ln.y, vals))
    return rows


def _label_bands(grid: ApplicationsGrid, anchor_y: float, s: TableSettings) -> list[str]:
    """The label text of each number row: every label line goes to the nearest number row."""
    ys = [y for y, _ in grid.rows]
    bands = [""] * len(grid.rows)
    for ln in grid.span:
        if ln.y < anchor_y - s.label_top_margin * grid.fs:
            continue
        text = ln.label_text(grid.left)
        if not text:
            continue
        i = bisect.bisect_left(ys, ln.y)
        if i == len(ys) or (i > 0 and ln.y - ys[i - 1] <= ys[i] - ln.y):
            i -= 1
        bands[i] += text
    return bands


def _template_rows(
    grid: ApplicationsGrid, warnings: list[ReportWarning], notes: list[ReportWarning]
) -> tuple[list[list[str | None]], list[str]] | None:
    """The printed values of each template row and the row labels, or ``None`` (with a warning).

    Rows not in the template are left out with a note; a template row printed without numbers
    stays blank.
    """
    rows, bands = grid.rows, grid.bands
    ncols = len(T.APPLICANT_COLUMNS)
    layout = T.choose_layout("".join(bands), len(rows))
    if T.align_rows(bands, layout) is not None:
        return [vals for _, vals in rows], [r.label for r in layout]
    # rows added or printed without numbers: match the number rows to template rows by label
    where = T.align_rows_by_labels(bands, layout)
    if where is not None and len({j for j in where if j is not None}) < len(layout):
        where = None  # a template row without numbers: its label may sit in a neighbour's band
    if where is None:
        warnings.append(
            ReportWarning(
                "table_unparsed",
                f"table 三: {len(rows)} number rows do not match the {len(layout)} template rows",
                "rows were added, merged or split; the numbers were not read",
            )
        )
        return None
    by_row = {j: rows[i][1] for i, j in enumerate(where) if j is not None}
    picked = [by_row.get(j, [None] * ncols) for j in range(len(layout))]
    extra = [bands[i][:30] for i, j in enumerate(where) if j is None]
    if extra:
        notes.append(
            ReportWarning(
                "table_extra_rows", f"table 三: {len(extra)} row(s) not in the template were left out", "; ".join(extra)
            )
        )
    return picked, [r.label for r in layout]


def _applications_frame(
    picked: list[list[str | None]], labels: list[str], warnings: list[ReportWarning], notes: list[ReportWarning]
) -> pd.DataFrame | None:
    """Parse the printed values into the table 三 frame; marks and blanks become <NA>."""
    out_rows = [[T.parse_number(v) if v is not None and not T.is_na_mark(v) else None for v in vals] for vals in picked]
    if any(
        v is None and raw is not None and not T.is_na_mark(raw)
        for r, raws in zip(out_rows, picked)
        for v, raw in zip(r, raws)
    ):
        warnings.append(ReportWarning("table_unparsed", "table 三: a cell is not a whole number", ""))
        return None
    warnings.extend(notes)
    if any(v is None for r in out_rows for v in r):
        warnings.append(
            ReportWarning(
                "table_blank_cells",
                "table 三 leaves some cells blank or marked as not applicable",
                "kept as <NA>; no value was invented",
            )
        )
    return T.applications_frame(out_rows, labels)


def _applications(
    lines: list[VLine], s: TableSettings, warnings: list[ReportWarning], trace: TableTrace | None = None
) -> pd.DataFrame | None:
    """Table 三: find its lines, its columns, its number rows, match them to the template rows."""
    found = _find_span(lines, s, warnings)
    if found is None:
        return None
    anchor, fs, span = found
    columns = _column_bounds(lines, anchor, fs, span, s, warnings)
    if columns is None:
        return None
    grid = ApplicationsGrid(fs=fs, span=span, head_lines=columns[1], bounds=columns[0])
    if trace is not None:
        trace.applications = grid
    rows = _number_rows(grid, s, warnings)
    if not rows:
        return None
    grid.rows = rows
    grid.bands = _label_bands(grid, lines[anchor].y, s)
    notes: list[ReportWarning] = []
    matched = _template_rows(grid, warnings, notes)
    if matched is None:
        return None
    return _applications_frame(*matched, warnings, notes)


# --------------------------------------------------------------------------- table 四


def _review_slots(header: list[VLine]) -> list[float] | None:
    """x positions of the 15 result columns, from the one telling char of each header cell
    (维 纠 他 尚 总, three times); ``None`` unless exactly that sequence is found."""
    marks = sorted((g for ln in header for g in ln.glyphs if g.text in T.REVIEW_COLUMN_CHARS), key=lambda g: g.x0)
    if "".join(g.text for g in marks) != "".join(T.REVIEW_COLUMN_CHARS) * 3:
        return None
    return [g.xc for g in marks]


def _review_values(nums: list[Token], slots: list[float] | None) -> list | None:
    """Put the numbers under the header columns, keeping their order (blank cells stay ``None``).

    With 15 numbers this is their x order; with fewer, the blanks go where the numbers sit
    farthest from the header words (a monotone alignment minimising the distances).
    """
    if len(nums) == 15:
        return [T.parse_number(t.text) for t in nums]
    if slots is None or len(nums) > 15:
        return None
    xs = [t.xc for t in nums]
    n, m = len(xs), len(slots)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]  # cost[i][j]: first i numbers in first j slots
    for j in range(m + 1):
        cost[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(xs[i - 1] - slots[j - 1]))
    vals: list = [None] * m
    i, j = n, m
    spacing = sorted(b - a for a, b in zip(slots, slots[1:]))[m // 2]
    while i > 0:
        if cost[i][j] == cost[i][j - 1]:
            j -= 1
            continue
        if abs(xs[i - 1] - slots[j - 1]) > spacing:
            return None
        vals[j - 1] = T.parse_number(nums[i - 1].text)
        if vals[j - 1] is None:
            return None
        i, j = i - 1, j - 1
    return vals


def _review_candidate(lines: list[VLine], i: int, s: TableSettings) -> tuple[list[VLine], list[VLine], list[Token]]:
    """From a line naming 行政复议/行政诉讼: the header lines below it, then the number lines and
    their numbers (left to right, at most 15); stops at prose."""
    n = len(lines)
    header = [lines[i]]
    num_lines: list[VLine] = []
    nums: list[Token] = []
    k = i + 1
    while k < min(n, i + s.review_window):
        lk = lines[k]
        if lk.cells and lk.numeric_share() >= s.review_numeric_share:
            while k < n and lines[k].cells and lines[k].numeric_share() >= s.review_numeric_share and len(nums) < 15:
                nums.extend(sorted(lines[k].cells, key=lambda t: t.x0))
                num_lines.append(lines[k])
                k += 1
            break
        if "，" in lk.text or "。" in lk.text:  # prose: this was no table header
            break
        header.append(lk)
        k += 1
    return header, num_lines, nums


def _review(
    lines: list[VLine], s: TableSettings, warnings: list[ReportWarning], trace: TableTrace | None = None
) -> pd.DataFrame | None:
    """Table 四: the first row of numbers under a header naming the five result columns three times."""
    failure: ReportWarning | None = None
    for i, ln in enumerate(lines):
        if not has(ln, "行政复议", "复议后起诉", "直接起诉") or ln.cells or "。" in ln.text:
            continue
        header, num_lines, nums = _review_candidate(lines, i, s)
        htext = "".join(h.text for h in header)
        if not nums or not all(ch in htext for ch in T.REVIEW_COLUMN_CHARS):
            continue
        slots = _review_slots(header)
        if trace is not None and trace.review is None:
            trace.review = ReviewGrid(header, num_lines, slots)
        vals = _review_values(nums, slots)
        if vals is None:
            failure = failure or ReportWarning(
                "table_unparsed",
                f"table 四: {len(nums)} numbers under its header do not fit its 15 columns",
                "blank or merged cells; the numbers were not read",
            )
            continue
        if trace is not None:
            trace.review = ReviewGrid(header, num_lines, slots)
        if any(v is None for v in vals):
            warnings.append(ReportWarning("table_blank_cells", "table 四 leaves some cells blank", "kept as <NA>"))
        return T.review_frame(vals)
    if failure is not None:
        warnings.append(failure)
    return None


# --------------------------------------------------------------------------- table 二


def _header_positions(glyphs: list[Glyph], s: TableSettings) -> list[tuple[float, str]]:
    """Header phrases of one 第二十条 block with their x centres.

    Header cells may wrap (本年制 / 发件数): glyphs are grouped into cells by x overlap first,
    each cell's text read top to bottom, and a phrase's centre is that of its own glyphs.
    """
    out = []
    for cell in cells_by_overlap(glyphs, s.proactive_cell_gap, s.cell_line_step):
        text = "".join(g.text for g in cell)
        for start, end, col in T.header_phrases(text):
            gs = cell[start:end]
            out.append((sum(g.xc for g in gs) / len(gs), col))
    return out


def _proactive_start(lines: list[VLine], s: TableSettings) -> int | None:
    """The first 第二十条 line followed closely by a row item (规章 …)."""
    n = len(lines)
    return next(
        (
            i
            for i, ln in enumerate(lines)
            if "第二十条" in ln.text
            and any(
                T.proactive_row_item(lines[k].label_text()) for k in range(i + 1, min(n, i + s.proactive_start_window))
            )
        ),
        None,
    )


def _row_numbers(lines: list[VLine], k: int, s: TableSettings) -> tuple[list[Token], VLine | None]:
    """The numbers of the item row on line ``k``: its own cells, else those of a number line set
    a little above or below it."""
    ln = lines[k]
    nums = list(ln.cells)
    num_line: VLine | None = ln if nums else None
    if not nums:
        for j in (k - 1, k + 1):
            if (
                0 <= j < len(lines)
                and abs(lines[j].y - ln.y) < s.proactive_offset * ln.size
                and lines[j].numeric_share() >= s.proactive_numeric_share
            ):
                nums = lines[j].cells
                num_line = lines[j]
    return nums, num_line


def _proactive_blocks(
    lines: list[VLine], start: int, s: TableSettings, trace: TableTrace | None
) -> list[T.ProactiveBlock]:
    """The 第二十条 blocks of table 二: header phrases and item rows with their numbers by x."""
    blocks: list[T.ProactiveBlock] = []
    heads: list[list[Glyph]] = []
    for k in range(start, min(len(lines), start + s.proactive_window)):
        ln = lines[k]
        if has(ln, "收到和处理", "本年新收", "申请人情况", "勾稽关系"):
            break
        if "第二十条" in ln.text:
            blocks.append(T.ProactiveBlock(header=[], rows=[], geometric=True))
            heads.append([])
            continue
        if not blocks:
            continue
        block = blocks[-1]
        first_cell = min((t.x0 for t in ln.cells), default=float("inf"))
        label = "".join(t.text for t in ln.tokens if not t.cell and t.x1 <= first_cell)
        item = T.proactive_row_item(label) if label else None
        if item is None:
            if not ln.cells and not block.rows:
                heads[-1].extend(ln.glyphs)
                block.old = block.old or T.is_2019_header(ln.text)
            continue
        nums, num_line = _row_numbers(lines, k, s)
        if trace is not None:
            trace.proactive.append(ProactiveRow(item, ln, num_line))
        block.rows.append((item, [(t.xc, t.text) for t in nums]))
    for block, glyphs in zip(blocks, heads):
        block.header = _header_positions(glyphs, s)
    return blocks


def _proactive(
    lines: list[VLine], s: TableSettings, warnings: list[ReportWarning], trace: TableTrace | None = None
) -> pd.DataFrame | None:
    """Table 二: its 第二十条 blocks assembled into the frame (the 2019 columns mapped)."""
    start = _proactive_start(lines, s)
    if start is None:
        return None
    frame, problems, old = T.assemble_proactive(_proactive_blocks(lines, start, s, trace))
    if problems:
        warnings.append(
            ReportWarning(
                "table_unparsed",
                "table 二: some cells could not be read",
                "; ".join(problems) + "; the table was not read rather than guessed",
            )
        )
        return None
    if old and frame is not None:
        warnings.append(T.old_layout_warning())
    return frame


# --------------------------------------------------------------------------- entry point


def extract_pdf_tables(
    doc: RawDocument, settings: TableSettings | None = None, trace: TableTrace | None = None
) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables of a PDF ``doc``, rebuilt from its char positions.

    ``settings`` overrides the reader's tolerances (default: :class:`TableSettings`());
    ``trace``, when given, receives the lines and the grids found (for ``tables_debug``).
    """
    s = settings if settings is not None else TableSettings()
    warnings: list[ReportWarning] = []
    glyphs, offsets = stacked_glyphs(doc, s)
    lines = visual_lines(glyphs, s)
    if trace is not None:
        trace.lines, trace.offsets = lines, offsets
    tables = Tables(
        proactive=_proactive(lines, s, warnings, trace),
        applications=_applications(lines, s, warnings, trace),
        review_litigation=_review(lines, s, warnings, trace),
    )
    return tables, warnings
