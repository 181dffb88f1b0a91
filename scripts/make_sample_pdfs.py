#!/usr/bin/env python
"""Typeset the invented sample reports (corpora/sample/txt/*.txt) as PDFs with ruled tables.

Why: the toolkit must read PDFs whose text layer looks like a real official document (centred
title, two-character indents, CJK lines wrapped anywhere, "- N -" page numbers, tables drawn with
lines and numbers placed in cells, labels wrapping inside cells).  Real reports may not be copied
into the project, so we typeset our own texts the same way.

Input format (one paragraph per line, as in corpora/sample/README.md): the first line is the
title; part headings look like "一、总体情况"; tables are written as rows "label n n n".
Output is deterministic (reportlab ``invariant=1``): running the script twice gives the same bytes.

Usage: python scripts/make_sample_pdfs.py [--src corpora/sample/txt] [--out corpora/sample/pdf]
       [--header yunxi_2023 ...] [NAME ...]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nlp_reports.errors import NlpReportsError
from nlp_reports.testing.pdfgen import A4, Cell, Grid, applications_cells, canvas, draw_text, review_cells, wrap_words

ROOT = Path(__file__).resolve().parent.parent
PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 79.0, 74.0, 96.0, 86.0
TEXT_W = PAGE_W - LEFT - RIGHT
BODY_SIZE, BODY_LEADING = 14.0, 25.0
TITLE_SIZE, PART_SIZE = 18.0, 15.0
#: reports typeset with a running header (their title at the top of every page)
DEFAULT_HEADER = ("nanling_bgt_2020",)
#: reports also written as HTML pages
DEFAULT_HTML = ("linjiang_scjgj_2023",)

PART_RE = re.compile(r"^[一二三四五六七八九十]{1,2}、\S{2,40}$")
SUBHEAD_RE = re.compile(r"^（[一二三四五六七八九十]{1,2}）[^。；，]{2,20}$")
NUM = r"-?\d+(?:\.\d+)?"
ROW_RE = re.compile(rf"^(?P<label>\S.*?)\s+(?P<nums>{NUM}(?:\s+{NUM})*)$")
ROW3_MARK_RE = re.compile(r"^(?:[一二三四]、|（[一二三四五六七]）|\d+\.)")


# ----------------------------------------------------------------------------- parsing


@dataclass
class Block:
    """One typeset unit: title, part heading, sub-heading, paragraph or a table (its lines)."""

    kind: str  # title | part | para | table2 | table3 | table4
    text: str = ""
    lines: list[str] = field(default_factory=list)


def _numbers(line: str) -> tuple[str, list[str]] | None:
    m = ROW_RE.match(line.strip())
    if not m:
        return None
    return m.group("label"), m.group("nums").split()


def _is_table3_line(line: str) -> bool:
    if _numbers(line) is not None:
        return True
    s = line.strip()
    return (
        s.startswith(("申请人情况", "自然人", "商业企业", "三、本年度办理结果"))
        or re.fullmatch(r"（[一二三四五六七]）\S{2,6}", s) is not None
    )


def parse_report(lines: Sequence[str]) -> list[Block]:
    """Split a sample text into blocks; tables are recognised by their own content."""
    rows = [ln.rstrip() for ln in lines if ln.strip()]
    if not rows:
        raise NlpReportsError("the sample text is empty: write the title on the first line")
    blocks = [Block("title", rows[0].strip())]
    i = 1
    while i < len(rows):
        s = rows[i].strip()
        if s.startswith("第二十条"):
            j = i
            while j < len(rows) and (rows[j].startswith(("第二十条", "信息内容")) or _numbers(rows[j])):
                j += 1
            blocks.append(Block("table2", lines=rows[i:j]))
            i = j
        elif s.startswith("（本列数据的勾稽关系"):
            j = i + 1
            while j < len(rows) and _is_table3_line(rows[j]):
                j += 1
            blocks.append(Block("table3", lines=rows[i:j]))
            i = j
        elif s.startswith("行政复议") and "行政诉讼" in s and len(s) < 20:
            j = i + 1
            while j < len(rows) and (
                rows[j].startswith("结果维持") or re.fullmatch(rf"{NUM}(\s+{NUM}){{14}}", rows[j].strip())
            ):
                j += 1
            blocks.append(Block("table4", lines=rows[i:j]))
            i = j
        elif PART_RE.match(s):
            blocks.append(Block("part", s))
            i += 1
        else:
            blocks.append(Block("para", s))
            i += 1
    return blocks


# ----------------------------------------------------------------------------- text layout

#: text wrapped as a word processor does (CJK anywhere, Latin runs whole, closing punctuation hangs)
wrap = wrap_words


class Typesetter:
    """Places blocks on A4 pages of one canvas, with page numbers and an optional running header."""

    def __init__(self, path: Path, title: str, running_header: bool) -> None:
        self.c = canvas(str(path), (PAGE_W, PAGE_H))
        self.c.setTitle(title)
        self.c.setAuthor("nlp_reports sample corpus (invented text)")
        self.title, self.header = title, running_header
        self.page, self.y = 1, PAGE_H - TOP

    # page furniture ---------------------------------------------------------------
    def _furniture(self) -> None:
        c = self.c
        draw_text(c, PAGE_W / 2, BOTTOM - 40, f"- {self.page} -", 10.5, "center")
        if self.header:
            draw_text(c, PAGE_W / 2, PAGE_H - 52, self.title, 9, "center")
            c.setLineWidth(0.5)
            c.line(LEFT, PAGE_H - 58, PAGE_W - RIGHT, PAGE_H - 58)

    def new_page(self) -> None:
        self._furniture()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP

    def finish(self) -> None:
        self._furniture()
        self.c.save()

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    # text blocks -----------------------------------------------------------------
    def title_block(self, text: str) -> None:
        lines = wrap(text, TITLE_SIZE, TEXT_W)
        for ln in lines:
            self.need(TITLE_SIZE * 1.6)
            draw_text(self.c, PAGE_W / 2, self.y - TITLE_SIZE, ln, TITLE_SIZE, "center")
            self.y -= TITLE_SIZE * 1.6
        self.y -= BODY_LEADING * 0.8

    def paragraph(self, text: str, size: float = BODY_SIZE, leading: float = BODY_LEADING) -> None:
        indent = 2 * BODY_SIZE  # headings share the body's two-character indent
        lines = wrap(text, size, TEXT_W, indent)
        for k, ln in enumerate(lines):
            self.need(leading)
            # the font is set with every line: a new page starts with reportlab's default font
            draw_text(self.c, LEFT + (indent if k == 0 else 0), self.y - size, ln, size)
            self.y -= leading

    def part_heading(self, text: str) -> None:
        self.need(BODY_LEADING * 3)  # keep a heading with the first lines that follow it
        self.y -= 4
        self.paragraph(text, PART_SIZE, BODY_LEADING + 2)

    # tables ----------------------------------------------------------------------
    def table(self, grid: Grid, gap_after: float = BODY_LEADING * 0.6) -> None:
        heights = grid.row_heights()
        units = grid.units()
        self.y -= 6
        total = sum(heights)
        if self.y - total < BOTTOM and total <= PAGE_H - TOP - BOTTOM:
            self.new_page()  # the whole table fits on a fresh page: do not split it
        for start, stop in units:
            h = sum(heights[start:stop])
            if self.y - h < BOTTOM and self.y < PAGE_H - TOP:
                self.new_page()
            grid.draw(self.c, LEFT, self.y, heights, start, stop)
            self.y -= h
        self.y -= gap_after


# ----------------------------------------------------------------------------- the three tables


def grid_table2(lines: Sequence[str]) -> Grid:
    """Table 二: blocks 第二十条第（x）项, a header row and rows 'label n [n n]'."""
    ncol = 4
    g = Grid([TEXT_W * 0.31] + [TEXT_W * 0.23] * 3, 10.0)
    for r, line in enumerate(lines):
        parsed = _numbers(line)
        if line.startswith("第二十条"):
            g.cells.append(Cell(r, 0, line.strip(), cs=ncol))
            continue
        parts = [parsed[0], *parsed[1]] if parsed else line.split()
        for k, text in enumerate(parts[:ncol]):
            last = k == len(parts[:ncol]) - 1
            g.cells.append(Cell(r, k, text, cs=(ncol - k) if last else 1))
    return g


def grid_table3(lines: Sequence[str]) -> Grid:
    """Table 三: a three-column label hierarchy (一、/（一）/1.) with merged cells, 7 number columns."""
    note = next((ln for ln in lines if ln.startswith("（本列数据")), "")
    rows: list[tuple[list[str], list[str]]] = []
    ctx1: str | None = None
    ctx2: str | None = None
    for line in lines:
        parsed = _numbers(line)
        s = line.strip()
        if parsed is None:
            if s.startswith("三、"):
                ctx1, ctx2 = s, None
            elif re.fullmatch(r"（[一二三四五六七]）\S{2,6}", s):
                ctx2 = s
            continue
        label, nums = parsed
        if re.match(r"^[一二三四]、", label):
            ctx1, ctx2 = None, None
            path = [label]
        elif label.startswith("（"):
            ctx2 = None
            path = [ctx1, label] if ctx1 else [label]
        else:
            path = [p for p in (ctx1, ctx2) if p] + [label]
        rows.append((path, nums))
    num_w = 37.0
    label_w = TEXT_W - 7 * num_w
    g = Grid([label_w * 0.2, label_w * 0.22, label_w * 0.58] + [num_w] * 7, 9.0)
    g.cells += applications_cells([path for path, _ in rows], [nums[:7] for _, nums in rows], note=note)
    return g


def grid_table4(lines: Sequence[str]) -> Grid:
    """Table 四: 行政复议 / 行政诉讼 (未经复议直接起诉, 复议后起诉) with 15 numbers."""
    nums = next((ln.split() for ln in lines if re.fullmatch(rf"{NUM}(\s+{NUM}){{14}}", ln.strip())), None)
    if nums is None:
        raise NlpReportsError("table 四 needs one line of 15 numbers under its header rows")
    g = Grid([TEXT_W / 15] * 15, 8.5, pad=1.5)
    g.cells += review_cells(nums)
    return g


# ----------------------------------------------------------------------------- driver


def read_blocks(src: Path) -> list[Block]:
    """Read and parse one sample text file."""
    try:
        lines = src.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise NlpReportsError(f"cannot read sample text {src}: {exc}; check --src") from exc
    return parse_report(lines)


def typeset(src: Path, dest: Path, running_header: bool = False) -> Path:
    """Typeset one sample text file into dest (a PDF path); returns dest."""
    blocks = read_blocks(src)
    ts = Typesetter(dest, blocks[0].text, running_header)
    builders = {"table2": grid_table2, "table3": grid_table3, "table4": grid_table4}
    for b in blocks:
        if b.kind == "title":
            ts.title_block(b.text)
        elif b.kind == "part":
            ts.part_heading(b.text)
        elif b.kind == "para":
            ts.paragraph(b.text)
        else:
            ts.table(builders[b.kind](b.lines))
    ts.finish()
    return dest


def render_html(src: Path, dest: Path) -> Path:
    """Write one sample text as a web page: <h1> title, <p> paragraphs, <table> tables (merged cells
    as rowspan/colspan, the same cells as the PDF tables)."""
    blocks = read_blocks(src)
    builders = {"table2": grid_table2, "table3": grid_table3, "table4": grid_table4}
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(blocks[0].text)}</title>",
        "</head>",
        "<body>",
        '<div class="article">',
        f'<h1 style="text-align:center">{html.escape(blocks[0].text)}</h1>',
    ]
    for b in blocks[1:]:
        if b.kind in ("part", "para"):
            tag = ' style="font-weight:bold"' if b.kind == "part" else ""
            out.append(f"<p{tag}>{html.escape(b.text)}</p>")
            continue
        grid = builders[b.kind](b.lines)
        out.append('<table border="1" cellspacing="0" cellpadding="2">')
        for r in range(grid.n_rows):
            tds = []
            for cell in sorted((c for c in grid.cells if c.r == r), key=lambda c: c.c):
                span = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (
                    f' colspan="{cell.cs}"' if cell.cs > 1 else ""
                )
                tds.append(f"<td{span}>{html.escape(cell.text)}</td>")
            out.append("<tr>" + "".join(tds) + "</tr>")
        out.append("</table>")
    out += ["</div>", "</body>", "</html>"]
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


def make_all(
    src_dir: Path, out_dir: Path, names: Iterable[str] = (), header: Iterable[str] = DEFAULT_HEADER
) -> list[Path]:
    """Typeset every (or each named) .txt of src_dir into out_dir/<name>.pdf."""
    wanted = set(names)
    sources = sorted(p for p in src_dir.glob("*.txt") if not wanted or p.stem in wanted)
    if not sources:
        raise NlpReportsError(f"no sample texts found in {src_dir} (names: {sorted(wanted) or 'all'}); check --src")
    out_dir.mkdir(parents=True, exist_ok=True)
    with_header = set(header)
    return [typeset(p, out_dir / f"{p.stem}.pdf", p.stem in with_header) for p in sources]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="sample names (file stems); default: all")
    ap.add_argument("--src", type=Path, default=ROOT / "corpora" / "sample" / "txt")
    ap.add_argument("--out", type=Path, default=ROOT / "corpora" / "sample" / "pdf")
    ap.add_argument("--html-out", type=Path, default=ROOT / "corpora" / "sample" / "html")
    for flag, default, which in (
        ("--html", DEFAULT_HTML, "also written as web pages to --html-out"),
        ("--header", DEFAULT_HEADER, "typeset with a running header"),
    ):
        ap.add_argument(flag, nargs="*", default=list(default), help=f"names {which} (default: %(default)s)")
    args = ap.parse_args(argv)
    try:
        for p in make_all(args.src, args.out, args.names, args.header):
            print(p)
        for name in args.html:
            print(render_html(args.src / f"{name}.txt", args.html_out / f"{name}.html"))
    except NlpReportsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
