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


def load_document(path: PathLike, *, data: bytes | None = None) -> RawDocument:
    """Read one input file (PDF, plain text or HTML) into a :class:`RawDocument`.

    >>> doc = load_document("corpora/sample/txt/qingxi_county_2023.txt")  # doctest: +SKIP
    >>> doc.format                                                      # doctest: +SKIP
    'txt'
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

        return read_pdf(p, data)
    if fmt == "html":
        from .html_reader import read_html

        return read_html(p, data)
    from .text_reader import read_text

    return read_text(p, data)


__all__ = ["load_document"]
