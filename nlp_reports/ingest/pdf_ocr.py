"""Which pages of a PDF need OCR, and reading them: render with pypdfium2, OCR with :mod:`.ocr_page`.

``ocr="auto"`` decides page by page: a page whose text layer is unusable is OCR'd, every other page
keeps its own text.  Unusable means fewer than ``MIN_PAGE_CHARS`` readable characters on a page that an image
covers at least half of (a born-digital page with little text, or a blank page, stays as it is), or more unreadable glyphs (``(cid:N)`` without a
Unicode map, private-use codes, U+FFFD) than readable ones.  ``"always"`` OCRs every page,
``"never"`` none.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import numpy as np

from ..errors import NlpReportsError
from .ocr_engine import OcrEngine, default_engine
from .ocr_page import OcrPage, ocr_image

__all__ = ["OCR_MODES", "OCR_DPI", "MIN_PAGE_CHARS", "PageText", "ocr_mode", "pages_to_ocr", "ocr_pdf_pages"]

OCR_MODES: tuple[str, ...] = ("auto", "always", "never")
#: render resolution for OCR, chosen by measurement (benchmarks/bench_ocr.py): see README
OCR_DPI: float = 300.0
#: a page with fewer readable characters than this has no usable text layer
MIN_PAGE_CHARS: int = 10


def ocr_mode(ocr: Union[str, bool, None]) -> str:
    """``"auto"`` / ``"always"`` / ``"never"`` from what a user passes (``True`` = auto, ``False``/``None`` = never)."""
    if ocr is True:
        return "auto"
    if ocr is False or ocr is None:
        return "never"
    mode = str(ocr).strip().lower()
    if mode not in OCR_MODES:
        raise NlpReportsError(f"ocr={ocr!r}: use one of 'auto', 'always', 'never' (or True / False)")
    return mode


@dataclass
class PageText:
    """Character counts of one page's text layer."""

    n_chars: int = 0  # characters kept from the text layer (private-use and U+FFFD included)
    n_unmapped: int = 0  # (cid:N) glyphs without a Unicode mapping (dropped)
    n_private: int = 0  # private-use codes among n_chars
    n_replacement: int = 0  # U+FFFD among n_chars

    @property
    def n_good(self) -> int:
        """Readable characters."""
        return self.n_chars - self.n_private - self.n_replacement

    @property
    def n_bad(self) -> int:
        """Unreadable glyphs: (cid:N), private-use codes, U+FFFD."""
        return self.n_unmapped + self.n_private + self.n_replacement

    @property
    def usable(self) -> bool:
        return self.n_good >= MIN_PAGE_CHARS and self.n_bad <= self.n_good


def _open(data: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def _scanned(page) -> bool:
    """True if an image covers at least half of the page (a scan, not a logo or a seal)."""
    import pypdfium2.raw as pdfium_c

    w, h = page.get_size()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * w * h:
            return True
    return False


def pages_to_ocr(data: bytes, texts: list[PageText], mode: str) -> list[int]:
    """1-based numbers of the pages to OCR under ``mode``."""
    if mode == "never":
        return []
    if mode == "always":
        return list(range(1, len(texts) + 1))
    want = [i + 1 for i, t in enumerate(texts) if not t.usable]
    if not want:
        return []
    pdf = _open(data)
    try:
        out = []
        for n in want:
            t = texts[n - 1]
            if t.n_bad > t.n_good or (n - 1 < len(pdf) and _scanned(pdf[n - 1])):
                out.append(n)
        return out
    finally:
        pdf.close()


def _render(pdf, index: int, dpi: float) -> np.ndarray:
    page = pdf[index]
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    arr = bitmap.to_numpy()
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[..., :3]
    return np.ascontiguousarray(arr)


def ocr_pdf_pages(
    data: bytes, numbers: list[int], *, dpi: Optional[float] = None, engine: Optional[OcrEngine] = None
) -> dict[int, OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data`` rendered at ``dpi`` (default ``OCR_DPI``)."""
    engine = engine or default_engine()
    dpi = dpi or OCR_DPI
    pdf = _open(data)
    try:
        out: dict[int, OcrPage] = {}
        for n in numbers:
            if 0 < n <= len(pdf):
                out[n] = ocr_image(engine, _render(pdf, n - 1, dpi), dpi, n)
        return out
    finally:
        pdf.close()
