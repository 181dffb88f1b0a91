"""Ingest: bytes of one input file -> :class:`~nlp_reports.model.RawDocument`.

One reader per format (``pdf_reader``, ``text_reader``, ``html_reader``); :func:`load_document`
sniffs the format from the bytes and dispatches.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from typing_extensions import Unpack

from .._signature import keywords_of
from ..errors import FileNotFound
from ..hashing import sha256_bytes
from ..model import RawDocument
from .pdf_options import PdfReadKeywords, PdfReadOptions

PathLike = Union[str, "os.PathLike[str]"]


@keywords_of(PdfReadOptions)
def load_document(path: PathLike, *, data: bytes | None = None, **pdf: Unpack[PdfReadKeywords]) -> RawDocument:
    """Read one input file (PDF, plain text, HTML or Word) into a :class:`RawDocument`.

    The format is sniffed from the bytes, not the file name.  A PDF keeps its pages of
    positioned lines (for the table extractor); every format gives the clean ``paragraphs``.
    The PDF options ``ocr`` (``"auto"``, ``"always"``, ``"never"``/``False``), ``on_ocr_pages``
    and ``engine`` (``"pdfminer"`` or ``"pdfium"``) are the fields of
    :class:`~.pdf_options.PdfReadOptions`, which says what they do; other formats ignore them.

    >>> doc = load_document("corpora/sample/pdf/yunxi_2023.pdf")
    >>> doc.format, len(doc.pages), doc.pages[0].lines[0].x0 is not None
    ('pdf', 4, True)
    >>> print(doc.paragraphs[0].text)
    云溪县人民政府2023年政府信息公开工作年度报告
    >>> txt = load_document("corpora/sample/txt/yunxi_2023.txt")
    >>> txt.format, txt.paragraphs[0].text == doc.paragraphs[0].text
    ('txt', True)
    >>> load_document("corpora/sample/html/linjiang_scjgj_2023.html").format
    'html'
    """
    from .detect import sniff_format
    from .word_convert import word_kind

    p = str(path)
    if data is None:
        if not Path(p).is_file():
            raise FileNotFound(f"{p}: no such file; check the path or glob you passed", path=p)
        with open(p, "rb") as fh:
            data = fh.read()
    kind = word_kind(p, data)
    if kind is not None:
        return _read_word(p, data, kind)
    fmt = sniff_format(p, data)
    if fmt == "pdf":
        from .pdf_reader import read_pdf
        from .script import convert_document
        from .web_remnants import strip_web_remnants

        doc = read_pdf(p, data, PdfReadOptions(**pdf))
        convert_document(doc)
        strip_web_remnants(doc)  # a browser-printed web page keeps the page's remnants
        return doc
    return _read_markup_or_text(p, data, fmt)


def _read_word(p: str, data: bytes, kind: str) -> RawDocument:
    """A Word document: .docx directly, .doc/.wps converted by LibreOffice first; web remnants removed."""
    from .docx_reader import read_docx
    from .script import convert_document
    from .web_remnants import strip_web_remnants
    from .word_convert import convert_to_docx

    doc = read_docx(p, data if kind == "docx" else convert_to_docx(p, data), fmt=kind)
    doc.sha256 = sha256_bytes(data)
    convert_document(doc)
    strip_web_remnants(doc)
    return doc


def _read_markup_or_text(p: str, data: bytes, fmt: str) -> RawDocument:
    """Text or HTML: script conversion and pinyin removal on the decoded text, then the reader."""
    from .script import convert_script, converted_bytes, decode_input, script_warning
    from .web_remnants import strip_web_remnants

    source = decode_input(data, fmt, p)
    result = convert_script(source)
    payload = converted_bytes(result.text, fmt) if result.changed else data
    if fmt == "html":
        from .html_reader import read_html

        doc = read_html(p, payload)
    else:
        from .text_reader import read_text

        doc = read_text(p, payload)
    doc.sha256 = sha256_bytes(data)
    doc.script = result.script
    doc.source_text = source
    if result.changed:
        # the reader saw the converted UTF-8: keep what decoding the original bytes had to say
        # (encoding_guessed for Big5, nul_bytes, encoding_mixed …)
        from .encoding import decode_text

        if fmt != "html" or not _declares_charset(data):
            seen = {w.code for w in doc.warnings}
            doc.warnings[:0] = [w for w in decode_text(data, p).warnings if w.code not in seen]
        doc.warnings.append(script_warning(result))
    strip_web_remnants(doc)
    return doc


def _declares_charset(data: bytes) -> bool:
    import re

    return re.search(rb"<meta[^>]{0,500}charset", data[:4096], re.IGNORECASE) is not None


__all__ = ["load_document"]
