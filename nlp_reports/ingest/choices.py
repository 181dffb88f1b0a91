"""A user's choice among named options (``ocr=``, ``engine=``): case and surrounding spaces ignored."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NlpReportsError


def one_of(arg: str, value: object, choices: Sequence[str], hint: str) -> str:
    """``value`` as one of ``choices``; else an error ``<arg>=<value>: <hint>`` telling what to pass.

    >>> one_of("engine", " PDFium", ("pdfminer", "pdfium"), "use 'pdfminer' or 'pdfium'")
    'pdfium'
    """
    name = str(value).strip().lower()
    if name not in choices:
        raise NlpReportsError(f"{arg}={value!r}: {hint}")
    return name
