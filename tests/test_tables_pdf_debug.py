"""The PDF table reader's settings, its trace and the debug view that draws it.

Why: a wrong table must be visible (which columns, rows and cells the reader found), and the
tolerances must be one object a user can change and pass to the extractor.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

from nlp_reports.errors import NlpReportsError
from nlp_reports.ingest import load_document
from nlp_reports.structure import template as T
from nlp_reports.structure.table_settings import TableSettings
from nlp_reports.structure.tables import extract_tables
from nlp_reports.structure.tables_debug import draw_tables, trace_tables
from nlp_reports.structure.tables_pdf import extract_pdf_tables

ROOT = Path(__file__).resolve().parent.parent
YUNXI = ROOT / "corpora" / "sample" / "pdf" / "yunxi_2023.pdf"


@pytest.fixture(scope="module")
def yunxi():
    return load_document(YUNXI)


def test_settings_are_frozen_and_passed_to_the_reader(yunxi) -> None:
    s = TableSettings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.cell_gap = 1.0  # type: ignore[misc]
    default, _ = extract_pdf_tables(yunxi)
    same, _ = extract_pdf_tables(yunxi, TableSettings())
    assert default.applications is not None and default.applications.equals(same.applications)
    # the last row of table 三 searched for in one line only: not found, with the reader's warning
    tables, warnings = extract_pdf_tables(yunxi, dataclasses.replace(s, end_window=1))
    assert tables.applications is None and tables.proactive is not None
    assert any("结转下年度" in w.message for w in warnings)


def test_trace_holds_the_grid_that_was_read(yunxi) -> None:
    trace, _ = trace_tables(yunxi)
    grid = trace.applications
    assert grid is not None
    assert len(grid.bounds) == len(T.APPLICANT_COLUMNS) + 1
    assert len(grid.rows) == len(extract_tables(yunxi)[0].applications)
    assert all(a < b for a, b in zip(grid.bounds, grid.bounds[1:]))
    assert trace.review is not None and sum(len(ln.cells) for ln in trace.review.num_lines) == 15
    assert {r.item for r in trace.proactive} >= {"规章", "行政许可"}
    assert set(trace.offsets) == {p.number for p in yunxi.pages}


def test_draw_tables_writes_the_table_page(yunxi, tmp_path: Path) -> None:
    from PIL import Image

    png = draw_tables(yunxi, out=tmp_path / "t.png", scale=1.0)
    trace, _ = trace_tables(yunxi)
    page = next(p for p in yunxi.pages if trace.offsets[p.number] <= trace.applications.span[0].y)
    with Image.open(png) as img:
        assert abs(img.size[1] - page.height) <= 2
        # the overlay is drawn: red column boundaries are on the page
        rgb = np.asarray(img.convert("RGB")).astype(int)
        assert ((rgb[..., 0] > 200) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60)).any()
    other = draw_tables(YUNXI, page=1, out=tmp_path / "p1.png", scale=1.0)
    assert other.is_file()


def test_draw_tables_refuses_what_it_cannot_draw(yunxi, tmp_path: Path) -> None:
    with pytest.raises(NlpReportsError, match="no page 99"):
        draw_tables(yunxi, page=99, out=tmp_path / "x.png")
    with pytest.raises(NlpReportsError, match="needs a PDF"):
        draw_tables(ROOT / "corpora" / "sample" / "txt" / "yunxi_2023.txt", out=tmp_path / "x.png")


def test_draw_tables_without_pypdfium2_draws_the_chars(yunxi, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    png = draw_tables(yunxi, out=tmp_path / "boxes.png", scale=1.0)
    assert png.stat().st_size > 1000


def test_pdfgen_names_the_extra_when_reportlab_is_missing(monkeypatch) -> None:
    from nlp_reports.testing import pdfgen

    monkeypatch.setitem(sys.modules, "reportlab.pdfbase", None)
    with pytest.raises(NlpReportsError, match=r"nlp_reports\[pdfgen\]"):
        pdfgen.string_width("规章", 10.0)


def test_real_table_page_is_drawn(real_corpus_dir, tmp_path: Path) -> None:
    png = draw_tables(real_corpus_dir / "pdf" / "huaian_2024.pdf", out=tmp_path / "huaian.png", scale=1.0)
    assert png.is_file() and png.stat().st_size > 20_000
