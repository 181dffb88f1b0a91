"""Small hostile PDFs written as raw bytes for the isolation tests (no real report text)."""
from __future__ import annotations

import zlib


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of numbered ``objects`` (1-based; object 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", flate: bool = False) -> bytes:
    filt = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length " + str(len(data)).encode() + filt + extra + b" >>\nstream\n" + data + b"\nendstream"


def flate_bomb(decompressed_mb: int = 400) -> bytes:
    """One page whose content stream inflates to ``decompressed_mb`` MB of text operators."""
    comp = zlib.compressobj(9)
    chunk = b"BT /F1 12 Tf 72 720 Td (aaaa) Tj ET\n" * (1 << 15)
    parts = [comp.compress(chunk) for _ in range(max(1, decompressed_mb * (1 << 20) // len(chunk)))]
    parts.append(comp.flush())
    content = b"".join(parts)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content, flate=True),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def xobject_bomb(depth: int = 12, fanout: int = 10) -> bytes:
    """One page drawing form X0, which draws X1 ``fanout`` times, ... down to a text-drawing leaf."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X0 6 0 R >> /Font << /F1 5 0 R >> >> >>",
        _stream(b"/X0 Do"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for level in range(depth):
        obj_no = 6 + level
        if level < depth - 1:
            body = b"/X%d Do\n" % (level + 1) * fanout
            res = b"/Resources << /XObject << /X%d %d 0 R >> /Font << /F1 5 0 R >> >>" % (level + 1, obj_no + 1)
        else:
            body = b"BT /F1 12 Tf 72 720 Td (abcdefgh) Tj ET"
            res = b"/Resources << /Font << /F1 5 0 R >> >>"
        objs.append(_stream(body, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res))
    return _pdf(objs)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(contents: int) -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>" % contents)


def damaged_for_pdfium(kind: str, text: bytes = b"Annual report of an invented county office") -> bytes:
    """A page of ``text`` and a blank page, damaged so that pdfminer reads both pages but PDFium does not.

    ``kind``: ``"open"`` (the catalog points to a missing page tree: PDFium cannot open the file),
    ``"page"`` (the blank page also claims a /Kids of itself: PDFium cannot load that page),
    ``"blank_only"`` (like ``"open"`` with the blank page alone: no text layer anywhere).
    """
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    if kind == "blank_only":
        return _pdf([b"<< /Type /Catalog /Pages 9 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     _page(5), _FONT, _stream(b"")])
    root = b"<< /Type /Catalog /Pages %s >>" % (b"9 0 R" if kind == "open" else b"2 0 R")
    blank = (_page(7) if kind == "open" else
             b"<< /Type /Page /Kids [6 0 R] /Count 1 /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 7 0 R >>")
    return _pdf([root, b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>", _page(5), _FONT,
                 _stream(content), blank, _stream(b"")])
