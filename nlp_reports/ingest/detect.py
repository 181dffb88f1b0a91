"""Input sniffing: decide from the bytes (not the file name) whether an input is PDF, text or HTML.

The file name is only used to give a better message: a ``.pdf`` that is really a saved web
page is a common download accident and gets its own error (:class:`NotAPdfError`).
"""

from __future__ import annotations

import os
import re

from ..errors import EmptyFileError, NotAPdfError, UnsupportedFormatError
from .encoding import looks_like_text

__all__ = ["sniff_format", "describe_bytes"]

# (magic prefix, description) of binary formats people mistake for reports
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive or an Office/OFD document (.docx, .xlsx, .ofd)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls, .wps)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"RIFF", "a RIFF file (WebP image or media)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"AT&TFORM", "a DjVu document"),
    (b"%!PS", "a PostScript file"),
)

# The start of a page is matched in two linear steps (skip a declaration and comments, then match
# a tag): one regex with "(?:<!--.*?-->\s*)*" backtracks exponentially on "<!---->" repeated.
_HTML_TAG_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|script|style)\b", re.IGNORECASE
)
_XML_DECL = re.compile(rb"<\?xml[^>]{0,1000}>", re.IGNORECASE)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body|head)\b[^>]*>|</(?:p|div|td|table|body|html)>", re.IGNORECASE)
_HTML_EXT = (".html", ".htm", ".shtml", ".xhtml", ".mht", ".asp", ".aspx", ".jsp", ".php")
_WS_BYTES = b" \t\r\n\x0b\x0c\x00"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _starts_like_html(head: bytes) -> bool:
    """True if ``head`` starts (after white space, an XML declaration, comments) with an HTML tag."""
    ws = b" \t\r\n\x0b\x0c"
    pos = len(head) - len(head.lstrip(ws))
    m = _XML_DECL.match(head, pos)
    if m:
        pos = m.end()
    while True:
        while pos < len(head) and head[pos] in ws:
            pos += 1
        if not head.startswith(b"<!--", pos):
            break
        end = head.find(b"-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3
    return bool(_HTML_TAG_START.match(head, pos))


def _binary_kind(body: bytes) -> str | None:
    """Description of a known binary format ``body`` starts with, else ``None``."""
    for magic, what in _MAGIC:
        if body.startswith(magic):
            return what
    if body.startswith(b"BM") and body[6:10] == b"\0\0\0\0":  # BMP: reserved header fields are zero
        return "a BMP image"
    return None


def _strip_bom(data: bytes) -> bytes:
    for bom in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def describe_bytes(data: bytes) -> str:
    """A short human description of what ``data`` looks like (for error messages)."""
    body = _strip_bom(data)
    what = _binary_kind(body)
    if what:
        return what
    if _starts_like_html(body[:4096]) or _HTML_ANYWHERE.search(body[:4096]):
        return "an HTML web page (probably an error page or a page saved with the wrong extension)"
    if looks_like_text(body[:4096]):
        return "a plain text file"
    return "an unknown binary file"


def sniff_format(path: str, data: bytes) -> str:
    """Return ``'pdf'``, ``'txt'`` or ``'html'`` for the input ``data`` read from ``path``.

    Raises :class:`EmptyFileError` for an empty or blank input, :class:`NotAPdfError` for a
    ``.pdf`` file that does not hold a PDF, :class:`UnsupportedFormatError` for other binaries.
    """
    name = os.path.basename(path or "")
    ext = os.path.splitext(name)[1].lower()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 text (Windows "Unicode" text files): judge the decoded text, not its bytes
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass
    body = _strip_bom(data)
    if not body.strip(_WS_BYTES):
        raise EmptyFileError(
            f"{name or 'input'} is empty ({len(data)} bytes, no content); download the report again "
            "or remove the file from the batch.",
            path,
        )
    # The PDF header may be preceded by some junk (the spec allows it within the first 1 KB).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if ext == ".pdf":
        raise NotAPdfError(
            f"{name} is named .pdf but is not a PDF: it looks like {describe_bytes(data)}. "
            "Download the real PDF again (open the link in a browser and save the document itself).",
            path,
        )
    what = _binary_kind(body)
    if what:
        raise UnsupportedFormatError(
            f"{name or 'input'} is {what}, which nlp_reports cannot read; "
            "convert it to PDF (with a text layer) or to plain text first.",
            path,
        )
    head = body[:4096]
    if _starts_like_html(head) or (ext in _HTML_EXT and b"<" in head) or _HTML_ANYWHERE.search(head):
        return "html"
    if looks_like_text(head):
        return "txt"
    raise UnsupportedFormatError(
        f"{name or 'input'} is not PDF, HTML or text (it looks like {describe_bytes(data)}); "
        "convert it to PDF (with a text layer) or to plain text first.",
        path,
    )
