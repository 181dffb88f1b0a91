"""Ingest: bytes of one input file -> :class:`~nlp_reports.model.RawDocument`.

One reader per format (``pdf_reader``, ``text_reader``, ``html_reader``); :func:`load_document`
sniffs the format from the bytes and dispatches.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from ..errors import FileNotFound
from ..model import RawDocument

PathLike = Union[str, "os.PathLike[str]"]


def load_document(path: PathLike, *, data: bytes | None = None, ocr: Union[str, bool] = "auto") -> RawDocument:
    """Read one input file (PDF, plain text or HTML) into a :class:`RawDocument`.

    The format is sniffed from the bytes, not the file name.  A PDF keeps its pages of
    positioned lines (for the table extractor); every format gives the clean ``paragraphs``.
    ``ocr`` (PDF only): ``"auto"`` OCRs pages without a usable text layer, ``"always"`` every
    page, ``"never"``/``False`` none (see :func:`~.pdf_reader.read_pdf`).

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

    p = str(path)
    if data is None:
        if not Path(p).is_file():
            raise FileNotFound(f"{p}: no such file; check the path or glob you passed", path=p)
        with open(p, "rb") as fh:
            data = fh.read()
    fmt = sniff_format(p, data)
    if fmt == "pdf":
        from .pdf_reader import read_pdf

        return read_pdf(p, data, ocr=ocr)
    if fmt == "html":
        from .html_reader import read_html

        return read_html(p, data)
    from .text_reader import read_text

    return read_text(p, data)


__all__ = ["load_document"]
