"""PDF bytes -> :class:`~nlp_reports.model.RawDocument`.

pdfminer.six interprets each page once, without its layout analysis (``laparams=None``): we take
the raw glyph boxes and do our own, cheaper and CJK-aware grouping
(:mod:`.pdf_lines`, :mod:`.furniture`, :mod:`.pdf_paragraphs`).  That makes a full read a bit
faster than a bare ``pdfminer.high_level.extract_pages`` pass.

Damaged inputs raise our own errors with advice: :class:`EncryptedPdfError`,
:class:`CorruptPdfError`, :class:`NoTextLayerError`.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import re
from typing import Iterator, Optional

from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from ..errors import CorruptPdfError, EncryptedPdfError, NlpReportsError, NoTextLayerError
from ..hashing import sha256_bytes
from ..model import Page, RawDocument, ReportWarning
from .furniture import mark_furniture
from .normalize import normalize_text
from .pdf_chars import CharStats, page_chars
from .pdf_lines import build_lines
from .pdf_paragraphs import build_paragraphs

__all__ = ["read_pdf", "quiet_pdfminer"]

#: fewer visible characters than this per page (on average) means there is no usable text layer
MIN_CHARS_PER_PAGE: int = 10


@contextlib.contextmanager
def quiet_pdfminer() -> Iterator[None]:
    """Silence pdfminer's warnings (missing FontBBox etc.) inside the block, restore after."""
    logger = logging.getLogger("pdfminer")
    old = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(old)


def _decode_pdf_string(value: object) -> str:
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", errors="replace")
        for enc in ("utf-8", "gb18030", "latin-1"):
            try:
                return value.decode(enc)
            except UnicodeDecodeError:
                continue
    return value if isinstance(value, str) else ""


_JUNK_TITLE = re.compile(
    r"^(?:untitled|无标题|document\d*|文档\d*|microsoft word|wps|新建.*|\d+)$"
    r"|\.(?:s?html?|docx?|wps|pdf|xlsx?|txt|aspx?|jsp|php)$"
    r"|^(?:https?|file)://",
    re.IGNORECASE,
)


def _meta_title(doc: PDFDocument) -> str:
    """The metadata Title if it says something (not a file name, URL or 'Untitled')."""
    for info in doc.info or []:
        raw = info.get("Title") if isinstance(info, dict) else None
        if raw is None:
            continue
        if hasattr(raw, "resolve"):
            raw = raw.resolve()
        title = normalize_text(_decode_pdf_string(raw)).strip()
        title = re.sub(r"^Microsoft Word\s*-\s*", "", title, flags=re.IGNORECASE).strip()
        if len(title) < 4 or _JUNK_TITLE.search(title):
            continue
        if title.isascii() and len(title.split()) < 3:
            continue
        return title
    return ""


def _encrypted(name: str, path: str, exc: BaseException) -> EncryptedPdfError:
    return EncryptedPdfError(
        f"{name} is encrypted and needs a password to open ({type(exc).__name__}); "
        "get an unprotected copy, or open it with the password and print it to a new PDF.",
        path,
    )


def _corrupt(name: str, path: str, exc: BaseException) -> CorruptPdfError:
    return CorruptPdfError(
        f"{name} is damaged or truncated ({type(exc).__name__}: {exc}); "
        "download it again or get a fresh copy from the publisher.",
        path,
    )


def _declared_page_count(doc: PDFDocument) -> Optional[int]:
    """The /Count of the document's page tree, ``None`` when it is missing or not a number."""
    try:
        pages = doc.catalog.get("Pages")
        if hasattr(pages, "resolve"):
            pages = pages.resolve()
        count = pages.get("Count") if isinstance(pages, dict) else None
        if hasattr(count, "resolve"):
            count = count.resolve()
        return count if isinstance(count, int) and 0 < count < 100000 else None
    except Exception:  # noqa: BLE001 - a damaged catalog: no declared count to compare with
        return None


def read_pdf(path: str, data: bytes, *, max_pages: Optional[int] = None) -> RawDocument:
    """Read the PDF ``data`` (from ``path``) into a :class:`RawDocument`.

    ``max_pages`` limits how many pages are read (``None``: all).  Raises
    :class:`EncryptedPdfError`, :class:`CorruptPdfError` or :class:`NoTextLayerError`.
    """
    name = os.path.basename(path) or "the PDF"
    warnings: list[ReportWarning] = []
    pages: list[Page] = []
    stats = CharStats()
    with quiet_pdfminer():
        # Only pdfminer runs inside the try blocks: its exceptions mean a damaged file, while an
        # exception from our own code below must surface as what it is.
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
            pdf_pages = PDFPage.create_pages(doc)
            declared = _declared_page_count(doc)
            title = _meta_title(doc)
            extractable = doc.is_extractable
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise _encrypted(name, path, exc) from exc
        except NlpReportsError:
            raise  # our own (e.g. the per-file time limit of read_corpus) pass through unchanged
        except Exception as exc:  # noqa: BLE001 - any parser failure means an unreadable file
            raise _corrupt(name, path, exc) from exc
        if not extractable:
            warnings.append(
                ReportWarning("copy_protected", "the PDF forbids text extraction; its text was read anyway")
            )
        rsrc = PDFResourceManager(caching=True)
        device = PDFPageAggregator(rsrc, laparams=None)
        interpreter = PDFPageInterpreter(rsrc, device)
        number = 0
        unreadable: list[tuple[int, str]] = []  # (page number, why) of pages that could not be read
        while max_pages is None or number < max_pages:
            try:
                pdf_page = next(pdf_pages, None)
            except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
                raise _encrypted(name, path, exc) from exc
            except NlpReportsError:
                raise
            except Exception as exc:  # noqa: BLE001 - the page tree itself is damaged
                if not pages:
                    raise _corrupt(name, path, exc) from exc
                unreadable.append((number + 1, f"page tree damaged after this page ({type(exc).__name__})"))
                break
            if pdf_page is None:
                break
            try:
                interpreter.process_page(pdf_page)
                layout = device.get_result()
            except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
                raise _encrypted(name, path, exc) from exc
            except (NlpReportsError, MemoryError):
                raise  # our own errors (time limit) and memory exhaustion are not a damaged page
            except Exception as exc:  # noqa: BLE001 - a damaged page: keep the others, say which
                number += 1
                unreadable.append((number, f"{type(exc).__name__}: {str(exc)[:80]}"))
                pages.append(Page(number=number, lines=[]))
                continue
            number += 1
            chars = page_chars(layout, stats)
            pages.append(
                Page(number=number, width=layout.width, height=layout.height, lines=build_lines(chars, number))
            )

    if unreadable and len(unreadable) >= len(pages):
        raise CorruptPdfError(
            f"{name}: no page could be read ({unreadable[0][1]}); the file is damaged, download it again.", path
        )
    if unreadable:
        warnings.append(ReportWarning(
            "page_unreadable",
            f"{len(unreadable)} page(s) could not be read and are missing from the text: "
            + ", ".join(str(n) for n, _ in unreadable[:10]) + "; the file is damaged, get a fresh copy",
            "; ".join(f"page {n}: {why}" for n, why in unreadable[:10]),
        ))
    if declared is not None and max_pages is None and declared > len(pages):
        warnings.append(ReportWarning(
            "pages_missing",
            f"the PDF declares {declared} pages but only {len(pages)} could be found in it; "
            "the file is damaged or truncated, get a fresh copy",
        ))
    if not pages:
        raise CorruptPdfError(
            f"{name} contains no pages: the file is damaged or truncated; download it again.", path
        )
    if stats.n_chars < MIN_CHARS_PER_PAGE * len(pages):
        if stats.n_unmapped > stats.n_chars:
            raise NoTextLayerError(
                f"{name} has text in fonts without a Unicode mapping ({stats.n_unmapped} unreadable glyphs); "
                "its text cannot be extracted. Run OCR on it (e.g. ocrmypdf --force-ocr) or find a text version.",
                path,
            )
        raise NoTextLayerError(
            f"{name} has {len(pages)} page(s) but only {stats.n_chars} characters of text: it is a scanned "
            "(图片版) or image-only PDF. Run OCR on it first (e.g. ocrmypdf -l chi_sim) or find a text version.",
            path,
        )
    if stats.n_unmapped > 0.02 * (stats.n_chars + stats.n_unmapped):
        warnings.append(
            ReportWarning(
                "unmapped_glyphs",
                f"{stats.n_unmapped} glyphs have no Unicode mapping and were dropped",
            )
        )
    if stats.n_private > 0.3 * stats.n_chars:
        warnings.append(
            ReportWarning(
                "garbled_text",
                f"{stats.n_private} of {stats.n_chars} characters are private-use codes: the PDF's fonts do not "
                "map glyphs to real characters; OCR the file for usable text",
            )
        )
    mark_furniture(pages)
    paragraphs = build_paragraphs(pages)
    return RawDocument(
        path=path,
        format="pdf",
        sha256=sha256_bytes(data),
        pages=pages,
        paragraphs=paragraphs,
        title=title,
        warnings=warnings,
    )
