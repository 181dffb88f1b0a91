"""Bad inputs give their own, specific error (with advice), never a crash or an empty document."""

from __future__ import annotations

import io
import logging
import os
import pickle
import zipfile
from pathlib import Path

import pytest

from nlp_reports.errors import (
    CorruptPdfError,
    EmptyFileError,
    EncryptedPdfError,
    InputError,
    NotAPdfError,
    NoTextLayerError,
    UnsupportedFormatError,
    WorkerDiedError,
)
from nlp_reports.ingest.detect import sniff_format
from nlp_reports.ingest.pdf_options import PdfReadOptions
from nlp_reports.ingest.pdf_reader import read_pdf


def _ingest(path: str, data: bytes, ocr: str = "auto"):
    """sniff, then read as PDF (what load_document does for PDFs)."""
    fmt = sniff_format(path, data)
    assert fmt == "pdf", fmt
    return read_pdf(path, data, PdfReadOptions(ocr=ocr))


def _real_bad() -> Path:
    root = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if not root:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    return Path(root) / "bad"


@pytest.mark.parametrize(
    "name, error, words",
    [
        ("empty.pdf", EmptyFileError, "empty"),
        ("html_saved_as.pdf", NotAPdfError, "HTML"),
        ("encrypted_tianxin_2020.pdf", EncryptedPdfError, "password"),
        ("truncated_shanghai_2019.pdf", CorruptPdfError, "damaged or truncated"),
        # without OCR a scan has no text; with OCR (the default) it is read: tests/test_ocr.py
        ("scanned_huaian_2024.pdf", NoTextLayerError, "OCR"),
    ],
)
def test_real_bad_files(name, error, words):
    path = _real_bad() / name
    with pytest.raises(error, match=words) as info:
        _ingest(str(path), path.read_bytes(), ocr="never")
    assert info.value.path == str(path)
    assert isinstance(info.value, InputError)


def test_real_bad_files_cover_the_folder():
    names = {p.name for p in _real_bad().iterdir()}
    assert names <= {
        "empty.pdf",
        "html_saved_as.pdf",
        "encrypted_tianxin_2020.pdf",
        "truncated_shanghai_2019.pdf",
        "scanned_huaian_2024.pdf",
    }, "a new bad file needs its expected error in test_real_bad_files"


def _small_pdf(**kwargs) -> bytes:
    reportlab = pytest.importorskip("reportlab")  # noqa: F841
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842), **kwargs)
    for page in range(3):
        c.setFont("Helvetica", 12)
        for i in range(20):
            c.drawString(72, 760 - 20 * i, f"Line {i} of page {page}: some text to read back.")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_truncated_pdf_is_corrupt():
    data = _small_pdf(pageCompression=1)
    with pytest.raises(CorruptPdfError, match="download it again"):
        _ingest("cut.pdf", data[: len(data) // 3])


def test_garbage_after_header_is_corrupt():
    with pytest.raises(CorruptPdfError):
        _ingest("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20)


def test_encrypted_pdf_needs_password():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _small_pdf(encrypt=StandardEncryption("secret-user", "secret-owner"))
    with pytest.raises(EncryptedPdfError):
        _ingest("locked.pdf", data)


def test_owner_password_only_is_readable():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = _small_pdf(encrypt=StandardEncryption("", "owner-only", canCopy=0))
    doc = _ingest("owner.pdf", data)
    assert "some text to read back" in doc.text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_and_blank_inputs(data):
    with pytest.raises(EmptyFileError):
        sniff_format("report.txt", data)


def test_pdf_name_with_other_content():
    with pytest.raises(NotAPdfError, match="HTML"):
        sniff_format("a.pdf", b"<!DOCTYPE html><html><head><title>x</title></head><body>404</body></html>")
    with pytest.raises(NotAPdfError, match="PNG"):
        sniff_format("a.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(NotAPdfError, match="text"):
        sniff_format("a.pdf", "这是一个文本文件".encode())


def test_unsupported_binaries_say_convert():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    for name, data in [
        ("r.docx", buf.getvalue()),
        ("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100),
        ("blob.bin", bytes(range(256)) * 4),
    ]:
        with pytest.raises(UnsupportedFormatError, match="convert it to PDF"):
            sniff_format(name, data)


def test_text_and_html_are_sniffed():
    assert sniff_format("a.txt", "一、总体情况\n本年度……".encode()) == "txt"
    assert sniff_format("a.txt", "一、总体情况\n本年度".encode("gb18030")) == "txt"
    assert sniff_format("a", b"<html><body><p>x</p></body></html>") == "html"
    assert sniff_format("page.htm", "<div>正文</div>".encode()) == "html"
    assert sniff_format("odd.txt", b"%PDF-1.4\n...") == "pdf"  # content wins over the name


def test_errors_survive_pickling_and_logging_is_restored():
    logger = logging.getLogger("pdfminer")
    before = logger.level
    try:
        read_pdf("x.pdf", b"%PDF-1.4\ntruncated")
    except CorruptPdfError as exc:
        again = pickle.loads(pickle.dumps(exc))
        assert type(again) is CorruptPdfError and again.path == "x.pdf" and again.reason == "corrupt"
    else:  # pragma: no cover - the input is not a PDF
        pytest.fail("a truncated PDF must raise CorruptPdfError")
    assert logger.level == before


def test_every_input_error_names_its_reason():
    # a subclass must name the errors_frame code it stands for; the code survives pickling
    with pytest.raises(TypeError, match="reason"):

        class Nameless(InputError):
            pass

    for cls in (EmptyFileError, NotAPdfError, NoTextLayerError, WorkerDiedError):
        err = pickle.loads(pickle.dumps(cls("what to do", path="a.pdf")))
        assert type(err) is cls and err.reason == cls.reason != InputError.reason and err.path == "a.pdf"
        assert cls.__doc__, cls
    assert {EmptyFileError.reason, NotAPdfError.reason, WorkerDiedError.reason} == {"empty", "not_a_pdf", "worker_died"}
