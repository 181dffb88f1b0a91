"""Tables 二, 三, 四 of a PDF, from character positions only.

pdfminer emits table text in an order that is not row order (often column by column), and the
reader's line grouping is made for prose.  So this module takes every non-furniture char of the
document, puts the pages one under the other, and rebuilds the grid itself:

* chars -> visual lines (by vertical centre) -> tokens (by horizontal gaps);
* a *cell token* is a number standing alone in its cell (not glued to a label like ``1.属于…``);
* table 三: the number columns are the x-clusters of the cell tokens, checked against the
  header words above them; the number rows are matched to the template rows by the label text
  lying nearest to them (labels that wrap over several lines, group labels spanning rows and
  page breaks all fall out of the nearest-row rule);
* table 四: the 15 numbers under the 结果维持 … 总计 header, in x order;
* table 二: item rows (规章 …) and the header phrases of each 第二十条 block, matched by x.

Work is linear in the number of chars apart from one sort.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

import pandas as pd

from ..model import RawDocument, ReportWarning, Tables
from . import template as T

_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_NUM_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
#: vertical gap between pages once they are stacked (points)
_PAGE_GAP = 40.0


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y: float  # vertical centre, pages stacked
    size: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Token:
    text: str
    x0: float
    x1: float
    size: float
    cell: bool = False
    #: a not-applicable mark (——, /) standing alone in its cell
    na: bool = False

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _VLine:
    y: float
    size: float
    glyphs: list[_Glyph]
    tokens: list[_Token] = field(default_factory=list)
    text: str = ""

    @property
    def cells(self) -> list[_Token]:
        return [t for t in self.tokens if t.cell]

    def label_text(self, right_limit: float = float("inf")) -> str:
        return "".join(g.text for g in self.glyphs if g.xc < right_limit and not self._in_cell(g))

    def _in_cell(self, g: _Glyph) -> bool:
        return any(t.cell and t.x0 <= g.xc <= t.x1 for t in self.tokens)

    def numeric_share(self) -> float:
        n = sum(len(t.text) for t in self.cells)
        return n / max(1, len(self.glyphs))


# --------------------------------------------------------------------------- geometry


def _glyphs(doc: RawDocument) -> list[_Glyph]:
    out: list[_Glyph] = []
    seen: set[tuple] = set()
    offset = 0.0
    for page in doc.pages:
        bottom = 0.0
        for line in page.lines:
            for c in line.chars:
                bottom = max(bottom, c.bottom)
                if line.furniture:
                    continue
                t = c.text.translate(_DIGITS)
                if not t.strip():
                    continue
                key = (t, round(c.x0), round(c.top), page.number)
                if key in seen:  # fake-bold PDFs print each glyph twice
                    continue
                seen.add(key)
                size = c.size if c.size and c.size > 0 else max(1.0, c.bottom - c.top)
                out.append(_Glyph(t, c.x0, c.x1, offset + (c.top + c.bottom) / 2, size))
        offset += max(page.height or 0.0, bottom) + _PAGE_GAP
    return out


def _visual_lines(glyphs: list[_Glyph]) -> list[_VLine]:
    glyphs.sort(key=lambda g: g.y)
    lines: list[_VLine] = []
    cur: list[_Glyph] = []
    y0 = s0 = 0.0
    for g in glyphs:
        if cur and g.y - y0 > 0.45 * min(s0, g.size):
            lines.append(_make_line(cur))
            cur = []
        if not cur:
            y0, s0 = g.y, g.size
        cur.append(g)
    if cur:
        lines.append(_make_line(cur))
    return lines


def _make_line(glyphs: list[_Glyph]) -> _VLine:
    glyphs.sort(key=lambda g: g.x0)
    size = median(g.size for g in glyphs)
    ln = _VLine(y=sum(g.y for g in glyphs) / len(glyphs), size=size, glyphs=glyphs)
    ln.text = "".join(g.text for g in glyphs)
    toks: list[_Token] = []
    for g in glyphs:
        if toks and g.x0 - toks[-1].x1 <= 0.3 * max(g.size, toks[-1].size):
            t = toks[-1]
            t.text += g.text
            t.x1 = max(t.x1, g.x1)
        else:
            toks.append(_Token(g.text, g.x0, g.x1, g.size))
    for i, t in enumerate(toks):
        if not _NUM_RE.fullmatch(t.text):
            t.na = T.is_na_mark(t.text) and all(
                (toks[j].x0 - t.x1 if j > i else t.x0 - toks[j].x1) >= 0.6 * t.size
                for j in (i - 1, i + 1) if 0 <= j < len(toks))
            continue
        ok = True
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and not _NUM_RE.fullmatch(toks[j].text):
                gap = t.x0 - toks[j].x1 if j < i else toks[j].x0 - t.x1
                if gap < 0.6 * t.size:
                    ok = False
        t.cell = ok
    ln.tokens = toks
    return ln


def _has(line: _VLine, *keys: str) -> bool:
    return any(k in line.text for k in keys)


# --------------------------------------------------------------------------- table 三


def _clusters(intervals: list[tuple[float, float]], tol: float) -> list[list[float]]:
    out: list[list[float]] = []  # [x0, x1, count]
    for x0, x1 in sorted(intervals):
        if out and x0 <= out[-1][1] + tol:
            out[-1][1] = max(out[-1][1], x1)
            out[-1][2] += 1
        else:
            out.append([x0, x1, 1])
    return out


def _head_lines(lines: list[_VLine], anchor: int, fs: float, left: float) -> list[_VLine]:
    """The header lines of table 三: upwards from its first row until a heading or prose.

    Punctuation only counts as prose right of ``left`` (the number columns): the label corner
    cell often holds a note (（本列数据的勾稽关系…，…）) set beside the column headings.
    """
    out: list[_VLine] = []
    prev_y = lines[anchor].y
    for ln in reversed(lines[max(0, anchor - 15): anchor]):
        right = "".join(g.text for g in ln.glyphs if g.xc >= left)
        if ln.size > 1.25 * fs or prev_y - ln.y > 4 * fs or "，" in right or "。" in right:
            break
        prev_y = ln.y
        out.append(ln)
    return out[::-1]


def _name_of(text: str, own: Optional[str] = None) -> Optional[str]:
    """The applicant column a header cell names (its ``own`` name first, then the most specific)."""
    keys = dict(T.APPLICANT_COLUMN_KEYS)
    if own is not None and any(k in text for k in keys[own]):
        return own
    return next((c for c, ks in T.APPLICANT_COLUMN_KEYS if any(k in text for k in ks)), None)


def _heading_order(head_lines: list[_VLine]) -> list[str]:
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
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
        for col, keys in T.APPLICANT_HEADING_KEYS:
            for key in keys:
                for m in re.finditer(re.escape(key), ln.text):
                    if any(taken[m.start():m.end()]):
                        continue
                    taken[m.start():m.end()] = [True] * (m.end() - m.start())
                    gs = [ln.glyphs[pos[k]] for k in range(m.start(), m.end())]
                    xs.setdefault(col, []).append(sum(g.xc for g in gs) / len(gs))
    return sorted(xs, key=lambda c: median(xs[c]))


def _columns_agree(head_lines: list[_VLine], bounds: list[float], warnings: list[ReportWarning]) -> bool:
    """The header must name the columns in template order.

    The order is read from the key words' positions (robust to centred headings over
    right-aligned numbers, which the column bounds can cut).  When fewer than four columns are
    named (a header mostly not printed), the words above each number column must at least not
    name another column.
    """
    order = _heading_order(head_lines)
    if len(order) >= 4 and order != [c for c in T.APPLICANT_COLUMNS if c in order]:
        warnings.append(ReportWarning(
            "table_unparsed", f"table 三: the column headings read {'/'.join(order)} from left to right",
            f"expected {'/'.join(T.APPLICANT_COLUMNS)}: reordered columns; the numbers were not read"))
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
            warnings.append(ReportWarning(
                "table_unparsed", f"table 三: column {j + 1} is headed {text!r}, expected {own}",
                "the columns are in an unusual order; the numbers were not read"))
            return False
    return True


_SPANNING_HEADS = ("申请人情况", "法人或其他组织")


def _header_cells(head_lines: list[_VLine]) -> Optional[list[tuple[float, float]]]:
    """x spans of the seven applicant columns read from the header cells, or ``None``."""
    found = _named_header_cells(head_lines)
    if [f[0] for f in found] != list(T.APPLICANT_COLUMNS):
        return None
    return [(x0, x1) for _, x0, x1 in found]


def _named_header_cells(head_lines: list[_VLine]) -> list[tuple[str, float, float]]:
    """Header cells of table 三 that name an applicant column: ``(name, x0, x1)`` in x order.

    Glyphs are grouped into cells by x overlap (a heading wrapped as 商业/企业 stays one cell);
    the spanning headings 申请人情况 / 法人或其他组织 are left out first.
    """
    glyphs: list[_Glyph] = []
    for ln in head_lines:
        drop: set[int] = set()
        for phrase in _SPANNING_HEADS:
            i = ln.text.find(phrase)
            if i >= 0:
                drop.update(range(i, i + len(phrase)))
        glyphs += [g for i, g in enumerate(ln.glyphs) if i not in drop]
    cells: list[list[_Glyph]] = []
    right = -1e9
    for g in sorted(glyphs, key=lambda g: g.x0):
        if cells and g.x0 <= right + 0.3 * g.size:
            cells[-1].append(g)
            right = max(right, g.x1)
        else:
            cells.append([g])
            right = g.x1
    found: list[tuple[str, float, float]] = []
    for cell in cells:
        cell.sort(key=lambda g: (round(g.y / max(1.0, 0.5 * g.size)), g.x0))
        name = _name_of("".join(g.text for g in cell))
        if name is not None:
            found.append((name, min(g.x0 for g in cell), max(g.x1 for g in cell)))
    return found


def _applications(lines: list[_VLine], warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    n = len(lines)
    anchor = None
    for i, ln in enumerate(lines):
        if _has(ln, "本年新收", "新收政府信息公开申请"):
            if any(len(lines[k].cells) >= 3 for k in range(max(0, i - 1), min(n, i + 4))):
                anchor = i
                break
    if anchor is None:
        return None
    end = None
    for k in range(anchor + 1, min(n, anchor + 600)):
        if _has(lines[k], "结转下年度", "下年度继续办理"):
            end = k
            break
    if end is None:
        warnings.append(ReportWarning("table_unparsed", "table 三: the row 四、结转下年度继续办理 was not found",
                                      "the table may be cut off or laid out unusually; check the PDF"))
        return None
    fs = lines[anchor].size
    y_lo, y_hi = lines[anchor].y - 1.2 * fs, lines[end].y + 1.2 * fs
    span = [ln for ln in lines[max(0, anchor - 3): min(n, end + 4)] if y_lo <= ln.y <= y_hi]

    multi = [ln for ln in span if len(ln.cells) >= 3]
    cl = _clusters([(t.x0, t.x1) for ln in multi for t in ln.cells], tol=0.2 * fs)
    cols = [c for c in cl if c[2] >= 0.4 * len(multi)]
    head_lines = _head_lines(lines, anchor, fs, min((c[0] for c in cols), default=0.0) - 0.5 * fs)
    if len(cols) == len(T.APPLICANT_COLUMNS):
        left = cols[0][0] - 0.5 * fs
        bounds = [left] + [(cols[i][1] + cols[i + 1][0]) / 2 for i in range(len(cols) - 1)] + [float("inf")]
        if not _columns_agree(head_lines, bounds, warnings):
            return None
    else:  # a column left blank throughout: take the columns from the header cells
        heads = _header_cells(head_lines)
        if heads is None:
            warnings.append(ReportWarning(
                "table_unparsed", f"table 三: found {len(cols)} number columns, expected {len(T.APPLICANT_COLUMNS)}",
                "the table has added, merged or blank columns; its numbers were not read"))
            return None
        left = heads[0][0] - 0.5 * fs
        mids = [(a[0] + a[1]) / 2 for a in heads]
        bounds = [left] + [(mids[i] + mids[i + 1]) / 2 for i in range(len(mids) - 1)] + [float("inf")]
    ncols = len(T.APPLICANT_COLUMNS)

    rows: list[tuple[float, list[Optional[str]]]] = []
    prev_cells: list[_Token] = []  # cell tokens of the last lines, to spot numbers wrapped in a cell
    prev_y: dict[int, float] = {}
    for ln in span:
        cells = [t for t in ln.tokens if (t.cell or t.na) and t.xc >= left]
        if not cells or not any(t.cell for t in cells) and len(cells) < 3:
            continue
        vals: list[Optional[str]] = [None] * ncols
        for t in cells:
            j = bisect.bisect_right(bounds, t.xc) - 1
            if t.cell and (t.x0 < bounds[j] - 0.25 * fs or t.x1 > bounds[j + 1] + 0.25 * fs):
                warnings.append(ReportWarning(
                    "table_unparsed", f"table 三: the number {t.text!r} runs across a column boundary",
                    "numbers of neighbouring cells may touch and read as one; the numbers were not read"))
                return None
            if vals[j] is not None:
                warnings.append(ReportWarning("table_unparsed", "table 三: two numbers in one cell",
                                              f"{vals[j]!r} and {t.text!r} near y={ln.y:.0f}"))
                return None
            vals[j] = t.text
        for t in cells:  # a number wrapped inside its cell: digits right under digits of the same cell
            above = [p for p in prev_cells if p.x0 < t.x1 and t.x0 < p.x1 and ln.y - prev_y[id(p)] < 1.45 * fs]
            if t.cell and above:
                warnings.append(ReportWarning(
                    "table_unparsed", f"table 三: a number seems wrapped inside its cell near y={ln.y:.0f}",
                    f"{above[0].text!r} right above {t.text!r}; the numbers were not read"))
                return None
        prev_cells = [p for p in prev_cells if ln.y - prev_y[id(p)] < 1.45 * fs] + [t for t in cells if t.cell]
        prev_y.update((id(t), ln.y) for t in cells if t.cell)
        if rows and ln.y - rows[-1][0] < 0.9 * fs and all(a is None or b is None for a, b in zip(rows[-1][1], vals)):
            rows[-1] = (rows[-1][0], [a if a is not None else b for a, b in zip(rows[-1][1], vals)])
        else:
            rows.append((ln.y, vals))
    if not rows:
        return None

    ys = [y for y, _ in rows]
    bands = [""] * len(rows)
    for ln in span:
        if ln.y < lines[anchor].y - 0.6 * fs:
            continue
        text = ln.label_text(left)
        if not text:
            continue
        i = bisect.bisect_left(ys, ln.y)
        if i == len(ys) or (i > 0 and ln.y - ys[i - 1] <= ys[i] - ln.y):
            i -= 1
        bands[i] += text
    layout = T.choose_layout("".join(bands), len(rows))
    notes: list[ReportWarning] = []
    if T.align_rows(bands, layout) is not None:
        picked = [vals for _, vals in rows]
    else:
        # rows added or printed without numbers: match the number rows to template rows by label
        where = T.align_rows_by_labels(bands, layout)
        if where is not None and len({j for j in where if j is not None}) < len(layout):
            where = None  # a template row without numbers: its label may sit in a neighbour's band
        if where is None:
            warnings.append(ReportWarning(
                "table_unparsed", f"table 三: {len(rows)} number rows do not match the {len(layout)} template rows",
                "rows were added, merged or split; the numbers were not read"))
            return None
        by_row = {j: rows[i][1] for i, j in enumerate(where) if j is not None}
        picked = [by_row.get(j, [None] * ncols) for j in range(len(layout))]
        extra = [bands[i][:30] for i, j in enumerate(where) if j is None]
        if extra:
            notes.append(ReportWarning("table_extra_rows", f"table 三: {len(extra)} row(s) not in the template were left out",
                                       "; ".join(extra)))
    out_rows = []
    for vals in picked:
        out_rows.append([T.parse_number(v) if v is not None and not T.is_na_mark(v) else None for v in vals])
    if any(v is None and raw is not None and not T.is_na_mark(raw) for r, raws in zip(out_rows, picked)
           for v, raw in zip(r, raws)):
        warnings.append(ReportWarning("table_unparsed", "table 三: a cell is not a whole number", ""))
        return None
    warnings.extend(notes)
    if any(v is None for r in out_rows for v in r):
        warnings.append(ReportWarning("table_blank_cells", "table 三 leaves some cells blank or marked as not applicable",
                                      "kept as <NA>; no value was invented"))
    return T.applications_frame(out_rows, [r.label for r in layout])


# --------------------------------------------------------------------------- table 四


def _review_slots(header: list[_VLine]) -> Optional[list[float]]:
    """x positions of the 15 result columns, from the one telling char of each header cell
    (维 纠 他 尚 总, three times); ``None`` unless exactly that sequence is found."""
    marks = sorted((g for ln in header for g in ln.glyphs if g.text in T.REVIEW_COLUMN_CHARS), key=lambda g: g.x0)
    if "".join(g.text for g in marks) != "".join(T.REVIEW_COLUMN_CHARS) * 3:
        return None
    return [g.xc for g in marks]


def _review_values(nums: list[_Token], slots: Optional[list[float]]) -> Optional[list]:
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


def _review(lines: list[_VLine], warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    """Table 四: the first row of numbers under a header naming the five result columns three times."""
    n = len(lines)
    failure: Optional[ReportWarning] = None
    for i, ln in enumerate(lines):
        if not _has(ln, "行政复议", "复议后起诉", "直接起诉") or ln.cells or "。" in ln.text:
            continue
        header = [ln]
        nums: list[_Token] = []
        k = i + 1
        while k < min(n, i + 25):
            lk = lines[k]
            if lk.cells and lk.numeric_share() >= 0.6:
                while k < n and lines[k].cells and lines[k].numeric_share() >= 0.6 and len(nums) < 15:
                    nums.extend(sorted(lines[k].cells, key=lambda t: t.x0))
                    k += 1
                break
            if "，" in lk.text or "。" in lk.text:  # prose: this was no table header
                break
            header.append(lk)
            k += 1
        htext = "".join(h.text for h in header)
        if not nums or not all(ch in htext for ch in T.REVIEW_COLUMN_CHARS):
            continue
        vals = _review_values(nums, _review_slots(header))
        if vals is None:
            failure = failure or ReportWarning(
                "table_unparsed", f"table 四: {len(nums)} numbers under its header do not fit its 15 columns",
                "blank or merged cells; the numbers were not read")
            continue
        if any(v is None for v in vals):
            warnings.append(ReportWarning("table_blank_cells", "table 四 leaves some cells blank", "kept as <NA>"))
        return T.review_frame(vals)
    if failure is not None:
        warnings.append(failure)
    return None


# --------------------------------------------------------------------------- table 二


def _header_positions(glyphs: list[_Glyph]) -> list[tuple[float, str]]:
    """Header phrases of one 第二十条 block with their x centres.

    Header cells may wrap (本年制 / 发件数): glyphs are grouped into cells by x overlap first,
    each cell's text read top to bottom, and a phrase's centre is that of its own glyphs.
    """
    cells: list[list[_Glyph]] = []
    right = -1e9
    for g in sorted(glyphs, key=lambda g: g.x0):
        if cells and g.x0 <= right + 0.5 * g.size:
            cells[-1].append(g)
            right = max(right, g.x1)
        else:
            cells.append([g])
            right = g.x1
    out = []
    for cell in cells:
        cell.sort(key=lambda g: (round(g.y / max(1.0, 0.5 * g.size)), g.x0))
        text = "".join(g.text for g in cell)
        for s, e, col in T.header_phrases(text):
            gs = cell[s:e]
            out.append((sum(g.xc for g in gs) / len(gs), col))
    return out


def _proactive(lines: list[_VLine], warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    n = len(lines)
    start = next((i for i, ln in enumerate(lines) if "第二十条" in ln.text
                  and any(T.proactive_row_item(lines[k].label_text()) for k in range(i + 1, min(n, i + 6)))), None)
    if start is None:
        return None
    blocks: list[T.ProactiveBlock] = []
    heads: list[list[_Glyph]] = []
    for k in range(start, min(n, start + 200)):
        ln = lines[k]
        if _has(ln, "收到和处理", "本年新收", "申请人情况", "勾稽关系"):
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
        nums = list(ln.cells)
        if not nums:  # numbers set a little above or below their label
            for j in (k - 1, k + 1):
                if 0 <= j < n and abs(lines[j].y - ln.y) < 0.9 * ln.size and lines[j].numeric_share() >= 0.9:
                    nums = lines[j].cells
        block.rows.append((item, [(t.xc, t.text) for t in nums]))
    for block, glyphs in zip(blocks, heads):
        block.header = _header_positions(glyphs)
    frame, problems, old = T.assemble_proactive(blocks)
    if problems:
        warnings.append(ReportWarning("table_unparsed", "table 二: some cells could not be read",
                                      "; ".join(problems) + "; the table was not read rather than guessed"))
        return None
    if old and frame is not None:
        warnings.append(ReportWarning("table_old_layout", "table 二 uses the 2019 columns",
                                      "本年新制作数量 -> 本年制发件数, 对外公开总数量 -> 现行有效件数; other 2019 columns dropped"))
    return frame


# --------------------------------------------------------------------------- entry point


def extract_pdf_tables(doc: RawDocument) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables of a PDF ``doc``, rebuilt from its char positions."""
    warnings: list[ReportWarning] = []
    lines = _visual_lines(_glyphs(doc))
    tables = Tables(
        proactive=_proactive(lines, warnings),
        applications=_applications(lines, warnings),
        review_litigation=_review(lines, warnings),
    )
    return tables, warnings
