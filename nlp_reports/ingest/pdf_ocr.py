"""Which pages of a PDF need OCR, and reading them: render with pypdfium2, OCR with :mod:`.ocr_page`.

``ocr="auto"`` decides page by page: a page whose text layer is unusable is OCR'd, every other page
keeps its own text.  Unusable means fewer than ``MIN_PAGE_CHARS`` readable characters on a page that an image
covers at least half of (a born-digital page with little text, or a blank page, stays as it is), or more unreadable glyphs (``(cid:N)`` without a
Unicode map, private-use codes, U+FFFD) than readable ones.  ``"always"`` OCRs every page,
``"never"`` none.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .choices import one_of
from .ocr_engine import OcrEngine, default_engine
from .ocr_page import OcrPage, ocr_image

__all__ = ["OCR_MODES", "OCR_DPI", "MIN_PAGE_CHARS", "PageText", "ocr_mode", "pages_to_ocr", "ocr_pdf_pages"]

OCR_MODES: tuple[str, ...] = ("auto", "always", "never")
#: render resolution for OCR, chosen by measurement (benchmarks/bench_ocr.py): see README
OCR_DPI: float = 300.0
#: a page with fewer readable characters than this has no usable text layer
MIN_PAGE_CHARS: int = 10


def ocr_mode(ocr: str | bool | None) -> str:
    """``"auto"`` / ``"always"`` / ``"never"`` from what a user passes (``True`` = auto, ``False``/``None`` = never)."""
    if ocr is True:
        return "auto"
    if ocr is False or ocr is None:
        return "never"
    return one_of("ocr", ocr, OCR_MODES, "use one of 'auto', 'always', 'never' (or True / False)")


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


def _open(data: bytes, numbers: list[int], failed: dict[int, str]):
    """The PDF as PDFium sees it, or ``None`` with every page of ``numbers`` marked in ``failed``.

    pdfminer recovers from damage that PDFium refuses (and the other way round): a file whose text
    layer was read may still be impossible to render, which is a damaged file, not a bug.
    """
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        for n in numbers:
            failed[n] = f"PDFium cannot open the file ({str(exc).rstrip('.')})"
        return None


def _page(pdf, n: int, failed: dict[int, str]):
    """Page ``n`` (1-based) of ``pdf``, or ``None`` with the reason in ``failed``."""
    import pypdfium2 as pdfium

    if not 0 < n <= len(pdf):
        failed[n] = f"PDFium finds only {len(pdf)} page(s)"
        return None
    try:
        return pdf[n - 1]
    except pdfium.PdfiumError as exc:
        failed[n] = f"PDFium cannot load the page ({str(exc).rstrip('.')})"
        return None


def _scanned(page) -> bool:
    """True if an image covers at least half of the page (a scan, not a logo or a seal)."""
    import pypdfium2.raw as pdfium_c

    w, h = page.get_size()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * w * h:
            return True
    return False


def pages_to_ocr(
    data: bytes, texts: list[PageText], mode: str, failed: dict[int, str] | None = None, *, whole: bool = True
) -> list[int]:
    """1-based numbers of the pages to OCR under ``mode``.

    Pages that need OCR but cannot be rendered go into ``failed`` (page number -> why) instead.
    ``whole``: ``texts`` covers the whole file; then a PDFium page count that differs from it means
    the damaged page tree is read differently by the two libraries, and no page is OCR'd (its OCR
    text could land on another page).
    """
    failed = {} if failed is None else failed
    if mode == "never":
        return []
    if mode == "always":
        want = list(range(1, len(texts) + 1))
    else:
        want = [i + 1 for i, t in enumerate(texts) if not t.usable]
    if not want:
        return []
    pdf = _open(data, want, failed)
    if pdf is None:
        return []
    try:
        if whole and len(pdf) != len(texts):
            for n in want:
                failed[n] = f"the page tree is damaged: PDFium counts {len(pdf)} page(s), the text layer {len(texts)}"
            return []
        if mode == "always":
            return want
        out = []
        for n in want:
            t = texts[n - 1]
            if t.n_bad > t.n_good:
                out.append(n)
                continue
            page = _page(pdf, n, failed)
            if page is not None and _scanned(page):
                out.append(n)
        return out
    finally:
        pdf.close()


def _render(page, dpi: float) -> np.ndarray:
    bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, fill_color=(255, 255, 255, 255))
    arr = bitmap.to_numpy()
    if arr.ndim == 3 and arr.shape[2] == 4:
        arr = arr[..., :3]
    return np.ascontiguousarray(arr)


def ocr_pdf_pages(
    data: bytes,
    numbers: list[int],
    *,
    dpi: float | None = None,
    engine: OcrEngine | None = None,
    failed: dict[int, str] | None = None,
) -> dict[int, OcrPage]:
    """OCR the pages ``numbers`` (1-based) of the PDF ``data`` rendered at ``dpi`` (default ``OCR_DPI``).

    A page PDFium cannot load or render is left out and put into ``failed`` (page number -> why).
    """
    import pypdfium2 as pdfium

    failed = {} if failed is None else failed
    engine = engine or default_engine()
    dpi = dpi or OCR_DPI
    pdf = _open(data, numbers, failed)
    if pdf is None:
        return {}
    try:
        out: dict[int, OcrPage] = {}
        for n in numbers:
            page = _page(pdf, n, failed)
            if page is None:
                continue
            try:
                image = _render(page, dpi)
            except pdfium.PdfiumError as exc:
                failed[n] = f"PDFium cannot render the page ({str(exc).rstrip('.')})"
                continue
            out[n] = ocr_image(engine, image, dpi, n)
        return out
    finally:
        pdf.close()
