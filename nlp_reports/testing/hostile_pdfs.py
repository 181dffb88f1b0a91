"""Small hostile PDFs written as raw bytes: bombs that the reading layer must survive (no report text).

Used by the isolation tests (``tests/test_isolation.py``) and by the fuzz run
(``scripts/fuzz_batch.py``, whose small size ``tests/test_fuzz.py`` runs): one writer of PDF objects
with a correct xref table, the two bombs, and files damaged so that only pdfminer reads them.

>>> data = xobject_bomb(depth=3, fanout=2)
>>> data[:8], data.rstrip().endswith(b"%%EOF"), data.count(b" obj\\n")
(b'%PDF-1.5', True, 8)
"""

from __future__ import annotations

import zlib

#: the one font of the bombs (a standard Type 1 font: no font file)
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << %s/Font << /F1 5 0 R >> >> >>"
)
_FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>"


def make_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (object i+1 = objects[i], object 1 the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A stream object of ``data``; ``extra`` adds entries to its dictionary (e.g. ``/Filter /FlateDecode``)."""
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, resources: bytes = b"", more: tuple[bytes, ...] = ()) -> bytes:
    return make_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _PAGE % resources,
            content,
            FONT,
            *more,
        ]
    )


def flate_bomb(inflated_mb: int = 1024, filler: bytes = b" ") -> bytes:
    """One page whose FlateDecode content stream inflates to about ``inflated_mb`` MB: one glyph, then
    ``filler`` over and over (blanks shrink ~1000-fold on disk; text operators such as
    ``b"BT /F1 12 Tf 72 720 Td (aaaa) Tj ET\\n"`` also make the parser build objects)."""
    comp = zlib.compressobj(9)
    chunk = filler * max(1, (1 << 20) // len(filler))
    parts = [comp.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n")]
    parts += [comp.compress(chunk) for _ in range(inflated_mb)]
    parts.append(comp.flush())
    return _one_page(stream(b"".join(parts), b"/Filter /FlateDecode"))


def xobject_bomb(depth: int = 40, fanout: int = 2) -> bytes:
    """A tiny PDF: form XObject i draws form i+1 ``fanout`` times, the last one shows a glyph
    (``fanout ** depth`` glyphs to draw)."""
    first = 6
    forms = []
    for i in range(depth):
        if i < depth - 1:
            forms.append(stream(b"q /X Do Q " * fanout, _FORM % (b"/XObject << /X %d 0 R >>" % (first + i + 1))))
        else:
            forms.append(stream(b"BT /F1 12 Tf 72 720 Td (ab) Tj ET", _FORM % b"/Font << /F1 5 0 R >>"))
    return _one_page(stream(b"q /X Do Q"), b"/XObject << /X %d 0 R >> " % first, tuple(forms))


def _text_page(contents: int) -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents
    )


def damaged_for_pdfium(kind: str, text: bytes = b"Annual report of an invented county office") -> bytes:
    """A page of ``text`` and a blank page, damaged so that pdfminer reads both pages but PDFium does not.

    ``kind``: ``"open"`` (the catalog points to a missing page tree: PDFium cannot open the file),
    ``"page"`` (the blank page also claims a /Kids of itself: PDFium cannot load that page),
    ``"blank_only"`` (like ``"open"`` with the blank page alone: no text layer anywhere).
    """
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    if kind == "blank_only":
        return make_pdf(
            [
                b"<< /Type /Catalog /Pages 9 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                _text_page(5),
                FONT,
                stream(b""),
            ]
        )
    root = b"<< /Type /Catalog /Pages %s >>" % (b"9 0 R" if kind == "open" else b"2 0 R")
    blank = (
        _text_page(7)
        if kind == "open"
        else b"<< /Type /Page /Kids [6 0 R] /Count 1 /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R >>"
    )
    return make_pdf(
        [
            root,
            b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
            _text_page(5),
            FONT,
            stream(content),
            blank,
            stream(b""),
        ]
    )
