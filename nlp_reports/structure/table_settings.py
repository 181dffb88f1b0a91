"""The tolerances of the PDF table reader, in one frozen dataclass.

Every distance is a multiple of the font size of the glyphs it compares (``size``) or of the
first row of table 三 (``fs``), so the reader works at any scale; windows are counted in visual
lines.  The defaults are the values the reader was tuned with on real and generated PDFs; change
one only to look at what it does (``tables_debug.draw_tables`` shows the effect), and pass the
result to :func:`nlp_reports.structure.tables_pdf.extract_pdf_tables`.

>>> from nlp_reports.structure.table_settings import TableSettings
>>> s = TableSettings()
>>> s.token_gap, s.cell_gap
(0.3, 0.6)
>>> TableSettings(column_tolerance=0.3).column_tolerance
0.3
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSettings:
    """Tolerances of the PDF table reader (defaults = the tuned values)."""

    # --- glyphs -> lines -> tokens (table_geometry)
    #: vertical gap put between stacked pages (points)
    page_gap: float = 40.0
    #: a glyph starts a new visual line when its centre is this many sizes below the line's first glyph
    line_gap: float = 0.45
    #: glyphs closer than this many sizes horizontally form one token
    token_gap: float = 0.3
    #: a number (or a not-applicable mark) is a cell token when its non-number neighbours are at
    #: least this many sizes away (a number glued to a label, as in ``1.属于…``, is not)
    cell_gap: float = 0.6

    # --- table 三 (applications)
    #: the anchor row (本年新收…) must have a line with at least this many cell tokens near it
    anchor_min_cells: int = 3
    #: lines searched after the anchor for the last row (结转下年度继续办理)
    end_window: int = 600
    #: the table's lines lie within this many ``fs`` above the anchor and below the last row
    span_margin: float = 1.2
    #: number tokens whose x spans are this many ``fs`` apart join one column cluster
    column_tolerance: float = 0.2
    #: a cluster is a number column when it holds tokens of at least this share of the number lines
    column_min_share: float = 0.4
    #: the number area starts this many ``fs`` left of the first number column
    column_margin: float = 0.5
    #: header lines are searched this many lines up from the anchor
    header_window: int = 15
    #: a header line at least this many times ``fs`` tall is a heading, not the table header
    header_max_size: float = 1.25
    #: a vertical gap of more than this many ``fs`` ends the header
    header_max_gap: float = 4.0
    #: header glyphs closer than this many sizes horizontally form one header cell
    header_cell_gap: float = 0.3
    #: glyphs of a wrapped header cell count as one line when their centres differ by less than
    #: this many sizes (the reading order inside a cell)
    cell_line_step: float = 0.5
    #: a number sticking out of its column by more than this many ``fs`` is refused
    boundary_overflow: float = 0.25
    #: a number this many ``fs`` or less right under a number of the same cell is wrapped (refused)
    wrapped_number_gap: float = 1.45
    #: number lines closer than this many ``fs`` with no clashing cells are one row
    row_merge_gap: float = 0.9
    #: label text higher than this many ``fs`` above the anchor is not a row label
    label_top_margin: float = 0.6

    # --- table 四 (review and litigation)
    #: lines searched below a 行政复议 … header for its numbers
    review_window: int = 25
    #: a line is a number line when this share of its glyphs belongs to cell tokens
    review_numeric_share: float = 0.6

    # --- table 二 (proactive)
    #: lines after a 第二十条 line searched for a row item (规章 …) to accept it as the table start
    proactive_start_window: int = 6
    #: lines read after the table start at most
    proactive_window: int = 200
    #: header glyphs closer than this many sizes horizontally form one header cell
    proactive_cell_gap: float = 0.5
    #: numbers set above or below their label: a line this many sizes away ...
    proactive_offset: float = 0.9
    #: ... whose glyphs are at least this share number tokens
    proactive_numeric_share: float = 0.9
