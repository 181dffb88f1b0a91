"""How one PDF is read, in one frozen dataclass: ``read_pdf`` takes it, ``load_document`` takes its fields as keywords.

The options are defined once here (names, types, defaults, checks); ``load_document``'s signature
shows them through :func:`nlp_reports._signature.keywords_of`.  The corpus level's
:class:`~nlp_reports.corpus.options.ReadOptions` checks its ``ocr`` and ``engine`` with this class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from typing_extensions import TypedDict

from .choices import one_of

__all__ = ["PdfReadOptions", "PdfReadKeywords", "PDF_ENGINES", "pdf_engine"]

#: the PDF engines, the default first
PDF_ENGINES: tuple[str, ...] = ("pdfminer", "pdfium")


def pdf_engine(engine: object) -> str:
    """``"pdfminer"`` / ``"pdfium"`` from what a user passes (case and spaces ignored); else an error."""
    return one_of("engine", engine, PDF_ENGINES, "use 'pdfminer' (default) or 'pdfium'")


@dataclass(frozen=True)
class PdfReadOptions:
    """How a PDF is read, checked and normalised when made (a bad value fails before any reading).

    ``ocr``: ``"auto"`` reads pages without a usable text layer by OCR (needs the ``ocr`` extra),
    ``"always"`` every page, ``"never"`` (or ``False``) none; ``True`` means ``"auto"``.
    ``on_ocr_pages(n)`` is called before ``n`` pages are OCR'd (the batch reader gives such a file
    more time).  ``engine``: ``"pdfminer"`` (default) or ``"pdfium"`` (:mod:`.pdfium_chars`: same
    model and conventions, about ten times faster).

    >>> PdfReadOptions(ocr=False, engine=" PDFium ")
    PdfReadOptions(ocr='never', on_ocr_pages=None, engine='pdfium')
    >>> PdfReadOptions(ocr="sometimes")
    Traceback (most recent call last):
    ...
    nlp_reports.errors.NlpReportsError: ocr='sometimes': use one of 'auto', 'always', 'never' (or True / False)
    """

    ocr: str | bool = "auto"
    on_ocr_pages: Callable[[int], None] | None = None
    engine: str = "pdfminer"

    def __post_init__(self) -> None:
        from .pdf_ocr import ocr_mode

        object.__setattr__(self, "ocr", ocr_mode(self.ocr))  # frozen: the checked values are set once, here
        object.__setattr__(self, "engine", pdf_engine(self.engine))


class PdfReadKeywords(TypedDict, total=False):
    """The fields of :class:`PdfReadOptions` as keywords: ``**pdf: Unpack[PdfReadKeywords]``."""

    ocr: str | bool
    on_ocr_pages: Callable[[int], None] | None
    engine: str
