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
import functools
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

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
from .ocr_page import LOW_CONFIDENCE
from .pdf_chars import CharStats, page_chars
from .pdf_lines import build_lines
from .pdf_options import PDF_ENGINES, PdfReadOptions, pdf_engine
from .pdf_paragraphs import build_paragraphs

__all__ = ["read_pdf", "quiet_pdfminer", "pdf_engine", "PDF_ENGINES", "useful_title"]

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
        title = useful_title(_decode_pdf_string(raw))
        if title:
            return title
    return ""


def useful_title(decoded: str) -> str:
    """A decoded metadata title, normalised, or '' when it says nothing (a file name, URL, 'Untitled')."""
    title = normalize_text(decoded).strip()
    title = re.sub(r"^Microsoft Word\s*-\s*", "", title, flags=re.IGNORECASE).strip()
    if len(title) < 4 or _JUNK_TITLE.search(title):
        return ""
    if title.isascii() and len(title.split()) < 3:
        return ""
    return title


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


def _declared_page_count(doc: PDFDocument) -> int | None:
    """The /Count of the document's page tree, ``None`` when it is missing or not a number."""
    try:
        pages: Any = doc.catalog.get("Pages")  # PDF objects: a reference, a dict, or anything in a bad file
        if hasattr(pages, "resolve"):
            pages = pages.resolve()
        count: Any = pages.get("Count") if isinstance(pages, dict) else None
        if hasattr(count, "resolve"):
            count = count.resolve()
        return count if isinstance(count, int) and 0 < count < 100000 else None
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a damaged catalog: no declared count to compare with
        return None


#: the PDF engines: pdfminer.six (default, pure Python) and PDFium (pypdfium2, about 10x faster)
@dataclass
class _Extracted:
    """What one engine read from a PDF, before the shared clean-up and checks."""

    pages: list[Page] = field(default_factory=list)
    texts: list[Any] = field(default_factory=list)  # PageText per readable page, in page order
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (page number, why)
    declared: int | None = None
    title: str = ""
    extractable: bool = True


def read_pdf(
    path: str, data: bytes, options: PdfReadOptions | None = None, *, max_pages: int | None = None
) -> RawDocument:
    """Read the PDF ``data`` (from ``path``) into a :class:`RawDocument`.

    ``options``: how (OCR, engine; :class:`~.pdf_options.PdfReadOptions`, its defaults when ``None``).
    ``max_pages`` limits how many pages are read (``None``: all).  Raises
    :class:`EncryptedPdfError`, :class:`CorruptPdfError` or :class:`NoTextLayerError`.
    """
    opts = PdfReadOptions() if options is None else options
    mode = str(opts.ocr)  # checked when made: "auto", "always" or "never"
    engine, on_ocr_pages = opts.engine, opts.on_ocr_pages
    name = os.path.basename(path) or "the PDF"
    warnings: list[ReportWarning] = []
    stats = CharStats()
    if engine == "pdfium":
        got = _pdfium_pages(name, path, data, max_pages, stats)
    else:
        got = _pdfminer_pages(name, path, data, max_pages, stats)
    pages, page_texts, unreadable, declared, title = got.pages, got.texts, got.unreadable, got.declared, got.title
    if not got.extractable:
        warnings.append(ReportWarning("copy_protected", "the PDF forbids text extraction; its text was read anyway"))
    if unreadable and len(unreadable) >= len(pages):
        raise CorruptPdfError(
            f"{name}: no page could be read ({unreadable[0][1]}); the file is damaged, download it again.", path
        )
    if unreadable:
        warnings.append(
            ReportWarning(
                "page_unreadable",
                f"{len(unreadable)} page(s) could not be read and are missing from the text: "
                + ", ".join(str(n) for n, _ in unreadable[:10])
                + "; the file is damaged, get a fresh copy",
                "; ".join(f"page {n}: {why}" for n, why in unreadable[:10]),
            )
        )
    if declared is not None and max_pages is None and declared > len(pages):
        warnings.append(
            ReportWarning(
                "pages_missing",
                f"the PDF declares {declared} pages but only {len(pages)} could be found in it; "
                "the file is damaged or truncated, get a fresh copy",
            )
        )
    if not pages:
        raise CorruptPdfError(f"{name} contains no pages: the file is damaged or truncated; download it again.", path)
    ocr_failed: dict[int, str] = {}
    ocr_done = _ocr_pages(
        name, path, data, pages, page_texts, mode, warnings, on_ocr_pages, failed=ocr_failed, whole=max_pages is None
    )
    if ocr_done:
        stats = _stats_without(stats, page_texts, ocr_done, pages)
    if stats.n_chars < MIN_CHARS_PER_PAGE * len(pages):
        how = _how_to_ocr(mode)
        if ocr_failed and not ocr_done:
            why = next(iter(ocr_failed.values()))
            raise CorruptPdfError(
                f"{name} has only {stats.n_chars} characters of text on {len(pages)} page(s), and its pages "
                f"cannot be rendered for OCR ({why}): the file is damaged; download it again.",
                path,
            )
        if ocr_done:
            raise NoTextLayerError(
                f"{name} has {len(pages)} page(s) but OCR found only {stats.n_chars} characters: the pages "
                "are blank, or the scan is too faint or too small to read; find a better copy or a text version.",
                path,
            )
        if stats.n_unmapped > stats.n_chars:
            raise NoTextLayerError(
                f"{name} has text in fonts without a Unicode mapping ({stats.n_unmapped} unreadable glyphs); "
                f"its text cannot be extracted. {how}",
                path,
            )
        raise NoTextLayerError(
            f"{name} has {len(pages)} page(s) but only {stats.n_chars} characters of text: it is a scanned "
            f"(图片版) or image-only PDF. {how}",
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
        ocr_pages=ocr_done,
    )


def _pdfminer_pages(name: str, path: str, data: bytes, max_pages: int | None, stats: CharStats) -> _Extracted:
    """Interpret every page with pdfminer.six (no layout analysis) into positioned lines."""
    from .pdf_ocr import PageText

    out = _Extracted()
    pages, page_texts, unreadable = out.pages, out.texts, out.unreadable
    with quiet_pdfminer():
        # Only pdfminer runs inside the try blocks: its exceptions mean a damaged file, while an
        # exception from our own code below must surface as what it is.
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password="")
            pdf_pages = PDFPage.create_pages(doc)
            out.declared = _declared_page_count(doc)
            out.title = _meta_title(doc)
            out.extractable = doc.is_extractable
        except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
            raise _encrypted(name, path, exc) from exc
        except (NlpReportsError, MemoryError):
            raise  # our own (e.g. the per-file time limit of read_corpus) pass through unchanged
        except Exception as exc:  # noqa: BLE001 - any parser failure means an unreadable file
            raise _corrupt(name, path, exc) from exc
        rsrc = PDFResourceManager(caching=True)
        device = PDFPageAggregator(rsrc, laparams=None)
        interpreter = PDFPageInterpreter(rsrc, device)
        number = 0
        while max_pages is None or number < max_pages:
            try:
                pdf_page = next(pdf_pages, None)
            except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
                raise _encrypted(name, path, exc) from exc
            except (NlpReportsError, MemoryError):
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
                page_texts.append(PageText())  # page_texts[i] stays the text of pages[i]
                pages.append(Page(number=number, lines=[]))
                continue
            number += 1
            before = (stats.n_unmapped, stats.n_private)
            chars = page_chars(layout, stats)
            page_texts.append(
                PageText(
                    n_chars=len(chars),
                    n_unmapped=stats.n_unmapped - before[0],
                    n_private=stats.n_private - before[1],
                    n_replacement=sum(c.text == "\ufffd" for c in chars),
                )
            )
            pages.append(
                Page(number=number, width=layout.width, height=layout.height, lines=build_lines(chars, number))
            )
    return out


def _pdfium_pages(name: str, path: str, data: bytes, max_pages: int | None, stats: CharStats) -> _Extracted:
    """Read every page's characters with PDFium (:mod:`.pdfium_chars`) into positioned lines."""
    from .pdf_ocr import PageText
    from .pdfium_chars import read_pdfium

    got = read_pdfium(data, path, stats, max_pages)
    out = _Extracted(
        declared=got.declared,
        extractable=got.extractable,
        title=useful_title(_decode_pdf_string(_pdfdoc_bytes(got.title_raw))),
    )
    for pg in got.pages:
        if pg.chars is None:
            out.unreadable.append((pg.number, pg.error))
            out.texts.append(PageText())  # texts[i] stays the text of pages[i]
            out.pages.append(Page(number=pg.number, lines=[]))
            continue
        out.texts.append(
            PageText(
                n_chars=len(pg.chars),
                n_unmapped=pg.n_unmapped,
                n_private=pg.n_private,
                n_replacement=pg.n_replacement,
            )
        )
        out.pages.append(
            Page(number=pg.number, width=pg.width, height=pg.height, lines=build_lines(pg.chars, pg.number))
        )
    return out


def _pdfdoc_bytes(title: str) -> object:
    """PDFium's decoding of a metadata string undone where it read PDFDocEncoding (e.g. GBK bytes), else the text.

    pdfminer hands us the raw bytes and we guess their encoding (:func:`_decode_pdf_string`); PDFium
    decodes every non-UTF-16 string as PDFDocEncoding, which turns GBK titles into Latin letters.
    """
    from pdfminer.utils import PDFDocEncoding

    reverse = _pdfdoc_reverse(PDFDocEncoding)
    try:
        return bytes(reverse[ch] for ch in title) if any(ord(ch) > 0x7F for ch in title) else title
    except KeyError:
        return title  # characters PDFDocEncoding cannot produce: the string was UTF-16


@functools.lru_cache(maxsize=1)
def _pdfdoc_reverse(table: str) -> dict[str, int]:
    return {ch: i for i, ch in enumerate(table) if ch != "\x00" or i == 0}


def _how_to_ocr(mode: str) -> str:
    from .ocr_engine import INSTALL_HINT, ocr_available

    if mode == "never":
        return "Read it with ocr='auto' (command line: --ocr auto) to OCR it, or find a text version."
    if not ocr_available():
        return f"Install the OCR engine to read it: {INSTALL_HINT}; or find a text version."
    return "Find a text version."


def _ocr_pages(
    name: str,
    path: str,
    data: bytes,
    pages: list[Page],
    texts: list,
    mode: str,
    warnings: list[ReportWarning],
    on_ocr_pages: Callable[[int], None] | None = None,
    *,
    failed: dict[int, str] | None = None,
    whole: bool = True,
) -> list[int]:
    """OCR the pages ``mode`` asks for, replacing their lines in ``pages``; returns their numbers.

    Pages that need OCR but cannot be rendered (a damaged file) go into ``failed`` and the warning
    ``ocr_failed``; their text layer, however poor, is kept.
    """
    from ..errors import OcrUnavailableError
    from .ocr_engine import INSTALL_HINT, ocr_available
    from .pdf_ocr import ocr_pdf_pages, pages_to_ocr

    if mode == "never":
        return []
    if not ocr_available():
        if mode == "always":
            raise OcrUnavailableError(f"{name}: ocr='always' needs the OCR engine: {INSTALL_HINT}")
        bad = [i + 1 for i, t in enumerate(texts) if not t.usable]
        if bad and len(bad) < len(texts):
            warnings.append(
                ReportWarning(
                    "ocr_unavailable",
                    f"page(s) {_pages_str(bad)} have no usable text layer and were not OCR'd: {INSTALL_HINT}",
                )
            )
        return []
    failed = {} if failed is None else failed
    numbers = pages_to_ocr(data, texts, mode, failed, whole=whole)
    if numbers and on_ocr_pages is not None:
        on_ocr_pages(len(numbers))
    read = ocr_pdf_pages(data, numbers, failed=failed) if numbers else {}
    if failed:
        bad = sorted(failed)
        warnings.append(
            ReportWarning(
                "ocr_failed",
                f"page(s) {_pages_str(bad[:10])}{' …' if len(bad) > 10 else ''} have no usable text layer and could "
                f"not be OCR'd: {failed[bad[0]]}; the file is damaged, get a fresh copy",
                "; ".join(f"page {n}: {failed[n]}" for n in bad[:10]),
            )
        )
    if not read:
        return []
    n_chars = 0
    weighted = 0.0
    n_low = 0
    for n, op in read.items():
        page = pages[n - 1]
        page.lines, page.width, page.height = op.lines, op.width, op.height
        k = sum(len(c.text) for ln in op.lines for c in ln.chars)
        n_chars += k
        weighted += op.confidence * k
        n_low += op.n_low
    done = sorted(read)
    mean = weighted / n_chars if n_chars else 0.0
    turned = [f"{n} ({op.rotation}°)" for n, op in sorted(read.items()) if op.rotation]
    msg = f"text of page(s) {_pages_str(done)} read by OCR, mean confidence {mean:.2f}"
    if n_low:
        msg += f"; {n_low} line(s) below {LOW_CONFIDENCE} are kept and marked (Line.low_confidence)"
    if turned:
        msg += "; turned: " + ", ".join(turned)
    warnings.append(ReportWarning("ocr", msg, detail=f"pages={done} confidence={mean:.3f} low_lines={n_low}"))
    return done


def _pages_str(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _stats_without(stats: CharStats, texts: list, ocr_done: list[int], pages: list[Page]) -> CharStats:
    """Character counts with the OCR'd pages' unusable text layer replaced by their OCR text."""
    out = CharStats(n_chars=stats.n_chars, n_unmapped=stats.n_unmapped, n_private=stats.n_private)
    for n in ocr_done:
        t = texts[n - 1]
        out.n_chars -= t.n_chars
        out.n_unmapped -= t.n_unmapped
        out.n_private -= t.n_private
        out.n_chars += sum(len(ln.chars) for ln in pages[n - 1].lines)
    return out
