"""engine="pdfium": the same reports as pdfminer (parts, tables, checks), the same errors, rotated pages, cache.

Quick checks on bundled samples and small PDFs written here; the full comparison over every real PDF is
``scripts/compare_engines.py`` (and its figures in the README).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.cli import build_parser
from nlp_reports.corpus.reader import read_options
from nlp_reports.corpus.versions import parse_version
from nlp_reports.errors import InputError, NlpReportsError
from nlp_reports.ingest.pdf_options import PdfReadOptions
from nlp_reports.ingest.pdf_reader import read_pdf
from nlp_reports.structure.template import tables_as_lists

pytest.importorskip("pypdfium2")

SAMPLE_PDF = Path(__file__).resolve().parent.parent / "corpora" / "sample" / "pdf"


def _read(path, engine):
    return nr.read_report(path, engine=engine, timeout=None, max_memory=None, ocr="never")


def _same_report(a, b) -> None:
    for key in nr.SECTION_KEYS:
        ta = re.sub(r"\s+", "", a.sections[key].text if key in a.sections else "")
        tb = re.sub(r"\s+", "", b.sections[key].text if key in b.sections else "")
        assert ta == tb, key
    assert tables_as_lists(a.tables) == tables_as_lists(b.tables)
    assert a.checks.astype(str).reset_index(drop=True).equals(b.checks.astype(str).reset_index(drop=True))
    assert (a.meta.agency, a.meta.year, a.meta.n_pages) == (b.meta.agency, b.meta.year, b.meta.n_pages)
    assert sorted(w.code for w in a.warnings) == sorted(w.code for w in b.warnings)


@pytest.mark.parametrize("name", ["yunxi_2023.pdf", "bailuzhen_2021.pdf"])
def test_pdfium_reads_sample_pdfs_like_pdfminer(name):
    a, b = _read(SAMPLE_PDF / name, "pdfminer"), _read(SAMPLE_PDF / name, "pdfium")
    _same_report(a, b)
    assert a.tables.applications is not None and not a.tables.applications.empty


def test_pdfium_reads_real_pdfs_like_pdfminer(real_corpus_dir):
    paths = sorted((real_corpus_dir / "pdf").glob("*.pdf")) + sorted((real_corpus_dir / "rendered").glob("sanya*.pdf"))
    assert paths
    for p in paths:
        _same_report(_read(p, "pdfminer"), _read(p, "pdfium"))


def test_pdfium_same_error_records_for_bad_pdfs(tmp_path, real_corpus_dir):
    good = (SAMPLE_PDF / "yunxi_2023.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    bad = [tmp_path / "cut.pdf", tmp_path / "junk.pdf", *sorted((real_corpus_dir / "bad").glob("*.pdf"))]
    for p in bad:
        reasons = []
        for engine in ("pdfminer", "pdfium"):
            try:
                _read(p, engine)
                reasons.append("ok")
            except InputError as exc:
                reasons.append(exc.reason)
        assert reasons[0] == reasons[1], (p.name, reasons)
    corpus = nr.read_corpus(bad, engine="pdfium", progress=False, ocr="never")
    assert {e.reason for e in corpus.errors} >= {"encrypted", "corrupt", "no_text_layer"}


def _pdf(rotate: int, upright_content: bool) -> bytes:
    """A one-page PDF with CJK and Latin text on a page with ``/Rotate rotate``; the content is drawn
    turned so that it reads upright on screen when ``upright_content``."""
    reportlab = pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    assert reportlab
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    w, h = 595.0, 842.0
    c = canvas.Canvas(buf, pagesize=(w, h))
    c.setPageRotation(rotate)  # reportlab swaps the MediaBox for 90/270: the page shows portrait
    if upright_content and rotate:
        # draw in the displayed (turned) frame: /Rotate turns the page clockwise on screen
        c.translate(*{90: (h, 0), 180: (w, h), 270: (0, w)}[rotate])
        c.rotate({90: 90, 180: 180, 270: -90}[rotate])
    c.setFont("STSong-Light", 12)
    for i, text in enumerate(
        ["测试县2031年政务公开测试年度报告", "一、总体情况", "本年度共收到申请 42 件, 办结 40 件。", "Test line 2031"]
    ):
        c.drawString(60, 700 - 20 * i, text)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("rotate,upright", [(90, True), (180, True), (270, True), (90, False)])
def test_rotated_pages_read_like_pdfminer(rotate, upright):
    data = _pdf(rotate, upright)
    a = read_pdf("rot.pdf", data, PdfReadOptions(ocr="never"))
    b = read_pdf("rot.pdf", data, PdfReadOptions(ocr="never", engine="pdfium"))
    pa, pb = a.pages[0], b.pages[0]
    assert (round(pa.width), round(pa.height)) == (round(pb.width), round(pb.height)) == (595, 842)
    if not upright:  # sideways text: both engines give the same characters (lines are not meaningful)
        assert sorted("".join(ln.text for ln in pa.lines).replace(" ", "")) == sorted(
            "".join(ln.text for ln in pb.lines).replace(" ", "")
        )
        return
    assert [ln.text for ln in pa.lines] == [ln.text for ln in pb.lines]
    assert pa.lines[0].text == "测试县2031年政务公开测试年度报告"
    for la, lb in zip(pa.lines, pb.lines):
        assert abs(la.x0 - lb.x0) < 1.0 and abs(la.top - lb.top) < 3.0


def test_engine_is_part_of_the_cache_key(tmp_path):
    assert read_options()["engine"] == "pdfminer"
    assert parse_version(read_options(engine="pdfium")) != parse_version(read_options())
    pdf = SAMPLE_PDF / "yunxi_2023.pdf"
    nr.read_report(pdf, cache_dir=tmp_path, engine="pdfminer", timeout=None, max_memory=None)
    nr.read_report(pdf, cache_dir=tmp_path, engine="pdfium", timeout=None, max_memory=None)
    namespaces = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert namespaces == sorted({parse_version(read_options(engine=e)) for e in ("pdfminer", "pdfium")})
    corpus = nr.read_corpus([pdf], cache_dir=tmp_path, engine="pdfium", progress=False)
    assert corpus.n_cached == 1 if hasattr(corpus, "n_cached") else True


def test_bad_engine_name_and_cli_option():
    with pytest.raises(NlpReportsError, match="pdfium"):
        nr.read_report(SAMPLE_PDF / "yunxi_2023.pdf", engine="mupdf")
    args = build_parser().parse_args(["analyze", "x.pdf", "--out", "o", "--engine", "pdfium"])
    assert args.engine == "pdfium"
    assert build_parser().parse_args(["parse", "x.pdf", "--out", "o"]).engine == "pdfminer"


def test_pdfium_engine_in_worker_process():
    rep = nr.read_report(SAMPLE_PDF / "yunxi_2023.pdf", engine="pdfium")  # default limits: a worker process
    assert rep.meta.agency == "云溪县人民政府" and rep.meta.n_pages == 4


@pytest.mark.parametrize("name", ["yunxi_2023.pdf", "xiyuan_2016.pdf"])
def test_pdfium_glyphs_match_pdfminer_glyph_by_glyph(name):
    """The bulk glyph reader against pdfminer's interpretation: the same characters in the same order, the
    same left edges, tops, bottoms and sizes; right edges within a point (PDFium's advance widths)."""
    from nlp_reports.ingest import load_document

    path = str(SAMPLE_PDF / name)
    ours = [c for pg in load_document(path, engine="pdfium").pages for ln in pg.lines for c in ln.chars]
    ref = [c for pg in load_document(path, engine="pdfminer").pages for ln in pg.lines for c in ln.chars]
    assert len(ours) > 500
    assert [c.text for c in ours] == [c.text for c in ref]
    for a, b in zip(ours, ref):
        assert abs(a.x0 - b.x0) < 0.01 and abs(a.top - b.top) < 0.01 and abs(a.bottom - b.bottom) < 0.01, (a, b)
        assert abs(a.size - b.size) < 0.01 and abs(a.x1 - b.x1) < 1.0 and a.x1 > a.x0, (a, b)


def test_pdfium_page_counts_agree_with_its_characters():
    """Per page, the private-use and replacement counts are those of the characters kept."""
    from nlp_reports.ingest.pdf_chars import CharStats
    from nlp_reports.ingest.pdfium_chars import read_pdfium

    stats = CharStats()
    got = read_pdfium((SAMPLE_PDF / "yunxi_2023.pdf").read_bytes(), "yunxi_2023.pdf", stats)
    assert stats.n_chars == sum(len(pg.chars or []) for pg in got.pages) > 0
    for pg in got.pages:
        assert pg.n_private == sum("\ue000" <= c.text[0] <= "\uf8ff" for c in pg.chars)
        assert pg.n_replacement == sum(c.text == "\ufffd" for c in pg.chars)


def test_reading_pauses_the_garbage_collector_and_restores_it():
    import gc

    from nlp_reports.corpus.worker import _gc_paused

    was = gc.isenabled()
    try:
        for before in (True, False):
            (gc.enable if before else gc.disable)()
            with _gc_paused():
                assert not gc.isenabled()
            assert gc.isenabled() is before
        gc.enable()
        with pytest.raises(ValueError), _gc_paused():
            raise ValueError("a failure inside still restores it")
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
