"""Scanned PDFs read through OCR: page decisions, the bundled scanned sample, the real scan.

OCR is slow (seconds per page), so each scanned file is OCR'd once per module (fixtures).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.errors import NlpReportsError, NoTextLayerError
from nlp_reports.ingest import load_document, ocr_engine, pdf_ocr
from nlp_reports.ingest.pdf_ocr import PageText, ocr_mode
from nlp_reports.ingest.pdf_options import PdfReadOptions
from nlp_reports.ingest.pdf_reader import read_pdf
from nlp_reports.structure.report import build_report
from nlp_reports.structure.template import tables_as_lists
from nlp_reports.testing.measures import cell_accuracy, char_recall, flat_cells

ROOT = Path(__file__).resolve().parent.parent
SCAN = ROOT / "corpora" / "sample" / "pdf" / "scanned" / "qingxi_2024.pdf"
SCAN_SRC = ROOT / "scripts" / "scanned_src" / "qingxi_2024.txt"

needs_ocr = pytest.mark.skipif(
    not ocr_engine.ocr_available(), reason='needs the ocr extra: pip install "nlp_reports[ocr]"'
)


# --------------------------------------------------------------------------- no OCR needed


def test_ocr_mode_values():
    assert ocr_mode("auto") == ocr_mode(True) == "auto"
    assert ocr_mode(False) == ocr_mode("never") == ocr_mode(None) == "never"
    assert ocr_mode("ALWAYS") == "always"
    with pytest.raises(NlpReportsError, match="auto"):
        ocr_mode("sometimes")


def test_unusable_page_text():
    assert PageText(n_chars=300).usable
    assert not PageText(n_chars=3).usable  # (almost) no text
    assert not PageText(n_chars=20, n_unmapped=400).usable  # (cid:N) glyphs
    assert not PageText(n_chars=200, n_private=150).usable  # private-use codes
    assert not PageText(n_chars=200, n_replacement=120).usable  # U+FFFD
    assert PageText(n_chars=200, n_private=20).usable  # a few odd symbols are fine


def test_born_digital_pdf_never_goes_through_ocr(monkeypatch):
    def refuse(self):
        raise AssertionError("the OCR engine was constructed for a born-digital PDF")

    monkeypatch.setattr(ocr_engine.OcrEngine, "_engine", refuse)
    monkeypatch.setattr(pdf_ocr, "ocr_pdf_pages", lambda *a, **k: pytest.fail("OCR called"))
    rep = nr.read_report(ROOT / "corpora" / "sample" / "pdf" / "yunxi_2023.pdf")
    assert rep.meta.ocr_pages == []
    assert not any(w.code == "ocr" for w in rep.warnings)


def test_ocr_never_keeps_no_text_layer():
    with pytest.raises(NoTextLayerError, match="ocr='auto'"):
        nr.read_report(SCAN, ocr="never")
    with pytest.raises(NoTextLayerError):
        nr.read_report(SCAN, ocr=False)


def test_without_the_extra_auto_says_how_to_install(monkeypatch):
    monkeypatch.setattr(ocr_engine, "ocr_available", lambda: False)
    with pytest.raises(NoTextLayerError, match=r'pip install "nlp_reports\[ocr\]"'):
        read_pdf(str(SCAN), SCAN.read_bytes())


@needs_ocr
def test_auto_decides_page_by_page(monkeypatch, tmp_path):
    """A born-digital report with one scanned page: only that page is OCR'd."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    digital = pdfium.PdfDocument(str(ROOT / "corpora" / "sample" / "pdf" / "yunxi_2023.pdf"))
    scan = pdfium.PdfDocument(str(SCAN))
    merged.import_pages(digital)
    merged.import_pages(scan, [1])
    out = tmp_path / "mixed.pdf"
    merged.save(str(out))
    asked: list[list[int]] = []

    def record(data, numbers, **kw):
        asked.append(list(numbers))
        return {}

    monkeypatch.setattr(pdf_ocr, "ocr_pdf_pages", record)
    doc = read_pdf(str(out), out.read_bytes())
    assert asked == [[len(digital) + 1]]
    assert doc.ocr_pages == []  # nothing came back from the (recorded) OCR


def test_cli_and_cache_know_the_ocr_option():
    from nlp_reports.cli import build_parser
    from nlp_reports.corpus.reader import read_options
    from nlp_reports.corpus.versions import parse_version

    def cache_namespace(mode):
        return parse_version(read_options(mode))

    args = build_parser().parse_args(["parse", "x.pdf", "--out", "o", "--ocr", "never"])
    assert args.ocr == "never"
    assert build_parser().parse_args(["parse", "x.pdf", "--out", "o"]).ocr == "auto"
    assert len({cache_namespace("auto"), cache_namespace("never"), cache_namespace("always")}) == 3
    assert cache_namespace(False) == cache_namespace("never")


# --------------------------------------------------------------------------- the bundled scan


@pytest.fixture(scope="module")
def sample_scan():
    if not ocr_engine.ocr_available():
        pytest.skip('needs the ocr extra: pip install "nlp_reports[ocr]"')
    doc = load_document(SCAN)
    return doc, build_report(doc), nr.read_report(SCAN_SRC)


def test_sample_scan_reads_like_its_text(sample_scan):
    doc, rep, ref = sample_scan
    assert rep.meta.ocr_pages == [1, 2, 3, 4]
    ocr_warnings = [w for w in rep.warnings if w.code == "ocr"]
    assert len(ocr_warnings) == 1 and "confidence" in ocr_warnings[0].message
    assert "turned: 3 (" in ocr_warnings[0].message  # the page fed in sideways
    assert all(rep.section(k).found for k in nr.SECTION_KEYS)
    assert char_recall(ref.section("problems").text, rep.section("problems").text) >= 0.95
    assert rep.meta.agency == ref.meta.agency and rep.meta.year == ref.meta.year
    assert cell_accuracy(tables_as_lists(ref.tables), tables_as_lists(rep.tables)) >= 0.95
    lines = [ln for p in doc.pages for ln in p.lines]
    assert all(ln.ocr_confidence is not None for ln in lines)
    assert all(ln.low_confidence == (ln.ocr_confidence < 0.8) for ln in lines)


def test_sample_scan_in_frames(sample_scan):
    from nlp_reports.corpus.corpus import Corpus

    _, rep, _ = sample_scan
    rf = Corpus([rep]).reports_frame()
    assert rf["ocr_pages"].tolist() == [[1, 2, 3, 4]]


def test_a_misread_digit_fails_a_check(sample_scan):
    """A digit OCR gets wrong in table 三 must show as a failed 勾稽 check, not pass silently."""
    from dataclasses import replace

    doc, rep, _ = sample_scan
    assert rep.failed_checks.empty
    for page in doc.pages:
        for ln in page.lines:
            if ln.text.startswith("一、本年新收") and any(c.text == "7" for c in ln.chars):
                i = next(i for i, c in enumerate(ln.chars) if c.text == "7")
                ln.chars[i] = replace(ln.chars[i], text="1")  # 17 read as 11
                broken = build_report(doc)
                ln.chars[i] = replace(ln.chars[i], text="7")
                assert not broken.failed_checks.empty
                assert any(w.code == "inconsistent_table" for w in broken.warnings)
                return
    pytest.fail("row 一 of table 三 not found in the OCR'd lines")


# --------------------------------------------------------------------------- the real scan


@pytest.fixture(scope="module")
def real_scan(real_corpus_dir):
    if not ocr_engine.ocr_available():
        pytest.skip('needs the ocr extra: pip install "nlp_reports[ocr]"')
    scan = nr.read_report(real_corpus_dir / "bad" / "scanned_huaian_2024.pdf")
    digital = nr.read_report(real_corpus_dir / "pdf" / "huaian_2024.pdf")
    gold = json.loads((real_corpus_dir / "gold" / "tables.json").read_text(encoding="utf-8"))["huaian_2024"]
    return scan, digital, gold


@pytest.mark.real
def test_real_scan_reads_like_the_born_digital_pdf(real_scan):
    scan, digital, gold = real_scan
    assert scan.meta.ocr_pages == list(range(1, scan.meta.n_pages + 1))
    assert any(w.code == "ocr" for w in scan.warnings)
    assert digital.meta.ocr_pages == []
    assert all(scan.section(k).found for k in nr.SECTION_KEYS)
    assert char_recall(digital.section("problems").text, scan.section("problems").text) >= 0.95
    assert cell_accuracy(gold, tables_as_lists(scan.tables)) >= 0.95
    assert cell_accuracy(tables_as_lists(digital.tables), tables_as_lists(scan.tables)) >= 0.95
    assert scan.meta.agency == digital.meta.agency and scan.meta.year == digital.meta.year
    # the checks run on the OCR'd tables: a digit read wrong (not just missed) fails a check
    got, want = flat_cells(list(tables_as_lists(scan.tables).values())), flat_cells(list(gold.values()))
    misread = [(g, w) for g, w in zip(got, want) if g is not None and g != w]
    if misread:
        assert not scan.failed_checks.empty, misread
    else:
        assert set(scan.failed_checks["rule"]) <= set(digital.failed_checks["rule"])


@needs_ocr
@pytest.mark.parametrize("kind", ["open", "page"])
def test_a_page_pdfium_cannot_render_gives_ocr_failed_not_internal_error(kind, tmp_path):
    """pdfminer reads the damaged file, PDFium refuses it (or one page): a warning, the text layer kept."""
    from nlp_reports.corpus import codec
    from nlp_reports.corpus.records import ErrorRecord
    from nlp_reports.corpus.worker import read_payload
    from nlp_reports.testing.hostile_pdfs import damaged_for_pdfium

    path = tmp_path / f"damaged_{kind}.pdf"
    path.write_bytes(damaged_for_pdfium(kind))
    doc = read_pdf(str(path), path.read_bytes(), PdfReadOptions(ocr="auto"))
    assert len(doc.pages) == 2 and doc.ocr_pages == []
    assert "invented county" in " ".join(ln.text for ln in doc.pages[0].lines)
    failed = [w for w in doc.warnings if w.code == "ocr_failed"]
    assert len(failed) == 1 and "page(s) 2 " in failed[0].message and "damaged" in failed[0].message
    # the worker's path (where the fuzz run saw internal_error): a result, not a bug record
    obj = codec.decode_result(read_payload(str(path), {"ocr": "auto"}))
    assert not isinstance(obj, ErrorRecord) or obj.reason != "internal_error", obj


@needs_ocr
def test_no_text_and_no_rendering_is_corrupt():
    from nlp_reports.errors import CorruptPdfError
    from nlp_reports.testing.hostile_pdfs import damaged_for_pdfium

    data = damaged_for_pdfium("blank_only")
    with pytest.raises(CorruptPdfError, match="cannot be rendered for OCR"):
        read_pdf("blank.pdf", data, PdfReadOptions(ocr="auto"))
    with pytest.raises(NoTextLayerError):  # OCR off: what it always was
        read_pdf("blank.pdf", data, PdfReadOptions(ocr="never"))


@needs_ocr
def test_pages_pdfium_counts_differently_are_not_ocrd():
    """A page tree the two libraries read differently: OCR text could land on another page, so none is done."""
    texts = [PageText(n_chars=50), PageText()]
    failed: dict[int, str] = {}
    data = SCAN.read_bytes()  # a PDFium-readable file whose page count is not 2
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(data)) != 2
    assert pdf_ocr.pages_to_ocr(data, texts, "always", failed) == []
    assert set(failed) == {1, 2} and "PDFium counts" in failed[2]
    failed.clear()
    assert pdf_ocr.pages_to_ocr(data, texts, "always", failed, whole=False) == [1, 2] and not failed
