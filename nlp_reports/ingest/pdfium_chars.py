"""PDF bytes -> pages of :class:`~nlp_reports.model.Char` objects, read by PDFium (``pypdfium2``).

The ``engine="pdfium"`` twin of the pdfminer interpretation in :mod:`.pdf_reader`: PDFium's text
page gives every glyph with its box in C, about ten times faster than pdfminer.  The boxes are put
in pdfminer's conventions so that every later stage (lines, furniture, paragraphs, tables) is shared
and gives the same results:

* origin at the lower left of the MediaBox, the page's ``/Rotate`` applied (a rotated page is turned
  upright in the document before its text is read, as pdfminer's interpreter does with its CTM),
  ``top``/``bottom`` measured from the page top;
* a glyph's box spans its advance width horizontally (PDFium's *loose* box, cut at the next glyph's
  origin on the same baseline: PDFium's widths for a non-embedded font can be too wide) and, vertically, the
  font size from the font's descent below the baseline (pdfminer's ``LTChar`` box); the font size
  is the text object's size times the vertical scale of the character's matrix;
* characters PDFium generates (spaces, line breaks between text objects) and whitespace glyphs are
  dropped: spaces are decided later from geometry, as for pdfminer;
* vertically written glyphs (a label column in a ruled table) get pdfminer's square box below
  their vertical origin;
* glyphs without a Unicode mapping are counted as unmapped (pdfminer's ``(cid:N)``) and dropped.

Damaged inputs raise the same errors as the pdfminer path (:class:`EncryptedPdfError`,
:class:`CorruptPdfError`); a page PDFium cannot load is kept empty and reported.
"""

from __future__ import annotations

import ctypes
import math
import os
from dataclasses import dataclass, field
from typing import Any

from ..errors import CorruptPdfError, EncryptedPdfError, NlpReportsError
from ..model import Char
from .pdf_chars import CharStats

__all__ = ["PdfiumPage", "PdfiumDocument", "read_pdfium", "require_pdfium", "INSTALL_HINT"]

INSTALL_HINT = "pip install pypdfium2 (a core dependency of nlp_reports; reinstall it with `pip install nlp_reports`)"

#: PDFium's load errors (FPDF_GetLastError) that mean a password or an unsupported security handler
_ERR_PASSWORD = 4
_ERR_SECURITY = 5
#: permission bit 5 of /P: extracting text and graphics allowed
_PERM_EXTRACT = 1 << 4
#: whitespace and control characters PDFium reports as glyphs (never kept)
_DROP = frozenset(range(0, 33)) | {0x7F, 0xA0, 0x3000, 0xFEFF, 0xFFFE, 0xFFFF, 0x200B}


def require_pdfium() -> Any:
    """The ``pypdfium2.raw`` module, or an error saying what to install."""
    try:
        import pypdfium2  # noqa: F401 - initialises the library
        import pypdfium2.raw as pdfium_c
    except ImportError as exc:
        raise NlpReportsError(f"engine='pdfium' needs pypdfium2: {INSTALL_HINT}") from exc
    return pdfium_c


@dataclass
class PdfiumPage:
    """One page as PDFium read it: size in pdfminer's conventions and its characters (``None``: unreadable)."""

    number: int
    width: float = 0.0
    height: float = 0.0
    chars: list[Char] | None = None
    error: str = ""
    n_unmapped: int = 0
    n_private: int = 0


@dataclass
class PdfiumDocument:
    """What the pdfium engine read: pages, the declared page count, metadata title, extraction permission."""

    pages: list[PdfiumPage] = field(default_factory=list)
    declared: int | None = None
    title_raw: str = ""
    extractable: bool = True


def _title(pdfium_c: Any, doc: Any) -> str:
    """The document's /Title as PDFium decodes it ('' when absent)."""
    n = pdfium_c.FPDF_GetMetaText(doc, b"Title", None, 0)
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    pdfium_c.FPDF_GetMetaText(doc, b"Title", buf, n)
    return buf.raw[: n - 2].decode("utf-16-le", errors="replace")


def _open(pdfium_c: Any, data: bytes, name: str, path: str) -> tuple[Any, Any]:
    buf = ctypes.create_string_buffer(data, len(data))
    doc = pdfium_c.FPDF_LoadMemDocument64(buf, len(data), None)
    if not doc:
        err = pdfium_c.FPDF_GetLastError()
        if err in (_ERR_PASSWORD, _ERR_SECURITY):
            why = "PDFium: incorrect password" if err == _ERR_PASSWORD else "PDFium: unsupported security handler"
            raise EncryptedPdfError(
                f"{name} is encrypted and needs a password to open ({why}); "
                "get an unprotected copy, or open it with the password and print it to a new PDF.",
                path,
            )
        what = {1: "unknown error", 2: "file error", 3: "data format error"}.get(err, f"error {err}")
        raise CorruptPdfError(
            f"{name} is damaged or truncated (PDFium: {what}); download it again or get a fresh copy from the publisher.",
            path,
        )
    return doc, buf


def _upright(pdfium_c: Any, doc: Any, index: int, page: Any) -> tuple[Any, float, float, float, float]:
    """The page (reloaded turned upright when it has a /Rotate) and its MediaBox (x0, y0, x1, y1).

    pdfminer reads a rotated page in the rotated frame (its CTM turns the MediaBox); here the
    page's content is wrapped in the same turn and its /Rotate cleared, in this in-memory copy only.
    """
    box = [ctypes.c_float() for _ in range(4)]
    if not pdfium_c.FPDFPage_GetMediaBox(page, *box):  # pdfminer's default MediaBox: US Letter
        x0, y0, x1, y1 = 0.0, 0.0, 612.0, 792.0
    else:
        x0, y0, x1, y1 = (b.value for b in box)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
    rotate = pdfium_c.FPDFPage_GetRotation(page) % 4  # quarter turns clockwise
    if rotate == 0:
        return page, x0, y0, x1, y1
    # pdfminer's CTMs for /Rotate 90, 180, 270, as (a, b, c, d, e, f)
    a, b, c, d, e, f = {
        1: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        2: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        3: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }[rotate]
    matrix = pdfium_c.FS_MATRIX(a, b, c, d, e, f)
    pdfium_c.FPDFPage_SetRotation(page, 0)
    pdfium_c.FPDFPage_TransFormWithClip(page, matrix, None)
    w, h = (y1 - y0, x1 - x0) if rotate in (1, 3) else (x1 - x0, y1 - y0)
    pdfium_c.FPDFPage_SetMediaBox(page, 0.0, 0.0, w, h)
    pdfium_c.FPDFPage_SetCropBox(page, 0.0, 0.0, w, h)
    pdfium_c.FPDF_ClosePage(page)
    page = pdfium_c.FPDF_LoadPage(doc, index)
    return page, 0.0, 0.0, w, h


def _font_info(calls: _Calls, font: int) -> tuple[str, float]:
    """(base font name, descent per unit of font size) of a font (cached per font by the caller)."""
    n = calls.font_name(font, None, 0)
    name = ""
    if n > 1:
        buf = ctypes.create_string_buffer(n)
        calls.font_name(font, buf, n)
        name = buf.value.decode("utf-8", errors="replace")
    out = ctypes.c_float()
    descent = out.value / 1000.0 if calls.font_descent(font, 1000.0, ctypes.byref(out)) else 0.0
    return name, min(descent, 0.0)


class _Calls:
    """The per-character PDFium calls as plain C prototypes: pointers pass as integers, no wrapper objects.

    Built from the addresses of pypdfium2's own bindings (public API), so they call the same library;
    this halves the cost of the calls that run once per glyph.
    """

    def __init__(self, pdfium_c: Any) -> None:
        vp, ci, dp = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def proto(name: str, restype: Any, *argtypes: Any) -> Any:
            addr = ctypes.cast(getattr(pdfium_c, name), vp).value or 0
            return ctypes.CFUNCTYPE(restype, *argtypes)(addr)

        self.text_object = proto("FPDFText_GetTextObject", vp, vp, ci)
        self.map_error = proto("FPDFText_HasUnicodeMapError", ci, vp, ci)
        self.origin = proto("FPDFText_GetCharOrigin", ci, vp, ci, dp, dp)
        self.loose_box = proto("FPDFText_GetLooseCharBox", ci, vp, ci, ctypes.POINTER(pdfium_c.FS_RECTF))
        self.unicode = proto("FPDFText_GetUnicode", ctypes.c_uint, vp, ci)
        self.generated = proto("FPDFText_IsGenerated", ci, vp, ci)
        self.matrix = proto("FPDFText_GetMatrix", ci, vp, ci, ctypes.POINTER(pdfium_c.FS_MATRIX))
        self.font_size = proto("FPDFText_GetFontSize", ctypes.c_double, vp, ci)
        self.font = proto("FPDFTextObj_GetFont", vp, vp)
        self.font_name = proto("FPDFFont_GetBaseFontName", ctypes.c_size_t, vp, ctypes.c_char_p, ctypes.c_size_t)
        self.font_descent = proto("FPDFFont_GetDescent", ci, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        self.fonts: dict[int, tuple[str, float]] = {}  # font handle -> (name, descent per unit size)
        self.mat = pdfium_c.FS_MATRIX()
        self.p_mat = ctypes.byref(self.mat)


def _page_chars(
    pdfium_c: Any, calls: _Calls, textpage: Any, height: float, page: PdfiumPage, stats: CharStats
) -> list[Char]:
    """The visible characters of one text page, in pdfminer's box conventions (see the module docstring).

    This loop runs once per glyph: the per-object work (matrix, font) is done once per text object and the
    C calls and attributes are bound to locals.
    """
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    raw = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, raw)
    text16 = bytes(memoryview(raw))[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="surrogatepass")
    one_per_char = len(text16) == n
    tp = ctypes.cast(textpage, ctypes.c_void_p).value or 0
    text_object, map_error, get_origin, loose_box = calls.text_object, calls.map_error, calls.origin, calls.loose_box
    get_matrix, get_font_size, get_font, p_mat, mat = calls.matrix, calls.font_size, calls.font, calls.p_mat, calls.mat
    fonts = calls.fonts
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_rect, p_ox, p_oy = ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy)
    # per text object: (font size, upright?, e, f, font name, descent); the matrix and font are the object's
    objects: dict[int, tuple[float, bool, float, float, str, float]] = {}
    objects_get = objects.get
    norm_cache = stats._cache.get
    norm = stats.normalise
    drop = _DROP
    hypot = math.hypot
    n_unmapped = n_private = 0
    is_generated = calls.generated
    # the last upright glyph kept: its text object, baseline y and attributes; a following glyph of
    # the same object and baseline ends its advance (PDFium's widths of a non-embedded font can be too wide)
    last_key, last_y = -1, 0.0
    last_row: dict[str, Any] | None = None  # the last kept upright glyph's attributes (its Char's __dict__)
    new = object.__new__
    out: list[Char] = []
    append = out.append
    for i in range(n):
        u = ord(text16[i]) if one_per_char else calls.unicode(tp, i)
        if u in drop:  # whitespace, and every character PDFium generates (spaces, line breaks)
            if u == 0x20 and last_row is not None and not is_generated(tp, i) and text_object(tp, i) == last_key:
                get_origin(tp, i, p_ox, p_oy)
                x = ox.value
                if abs(oy.value - last_y) < 0.01 and last_row["x0"] < x < last_row["x1"]:
                    last_row["x1"] = max(x, last_row["x0"] + 0.01)
            continue
        if map_error(tp, i):
            n_unmapped += 1
            continue
        ch = chr(u)
        if 0xD800 <= u <= 0xDFFF:  # a surrogate half: take the code point from PDFium
            ch = chr(calls.unicode(tp, i))
        text = norm_cache(ch)
        if text is None:
            text = norm(ch)
        if not text:
            continue
        key = text_object(tp, i) or 0
        obj = objects_get(key)
        if obj is None:  # what every glyph of this text object shares (once per object)
            get_matrix(tp, i, p_mat)
            raw_size = get_font_size(tp, i)
            a, b, c, d = mat.a, mat.b, mat.c, mat.d
            is_upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
            size = raw_size * d if is_upright else raw_size * hypot(c, d)
            name, desc = "", 0.0
            font = get_font(key) if key else None
            if font:
                info = fonts.get(font)
                if info is None:
                    info = fonts[font] = _font_info(calls, font)
                name, desc = info
            obj = objects[key] = (size, is_upright, mat.e, mat.f, name, desc * size)
        fs, upright, e, f, fontname, descent = obj
        if upright:
            get_origin(tp, i, p_ox, p_oy)
            x, y = ox.value, oy.value
            if (
                key == last_key
                and last_row is not None
                and abs(y - last_y) < 0.01
                and last_row["x0"] < x < last_row["x1"]
            ):
                last_row["x1"] = max(x, last_row["x0"] + 0.01)  # cut the previous glyph at this origin, never widen
            if x < e - 0.25 * fs and y < f - 0.25 * fs:
                # vertical writing (Identity-V): PDFium puts the origin at the glyph's lower left;
                # pdfminer's box is one font size square from there
                x0, x1, y0 = x, x + fs, y
            else:  # the advance width from PDFium's loose box, the bottom at the font's descent
                loose_box(tp, i, p_rect)
                x0, x1, y0 = rect.left, rect.right, y + descent
            y1 = y0 + fs
            if x1 <= x0:  # zero-width glyph boxes: give them a sliver so gaps stay meaningful
                x1 = x0 + 0.01
            glyph = new(Char)  # a frozen dataclass's __init__ costs one object.__setattr__ per field
            row = glyph.__dict__
            row.update(text=text, x0=x0, x1=x1, top=height - y1, bottom=height - y0, size=fs, fontname=fontname)
            last_key, last_y, last_row = key, y, row
        else:
            last_key, last_row = (
                -1,
                None,
            )  # turned, mirrored or skewed text: the glyph's own box, as tall as its font size
            x0, x1, y0, y1 = _tight_box(pdfium_c, textpage, i)
            if y1 - y0 < fs:
                mid = (y0 + y1) / 2
                y0, y1 = mid - fs / 2, mid + fs / 2
            if x1 <= x0:
                x1 = x0 + 0.01
            glyph = new(Char)
            glyph.__dict__.update(
                text=text, x0=x0, x1=x1, top=height - y1, bottom=height - y0, size=fs, fontname=fontname
            )
        if "\ue000" <= text[0] <= "\uf8ff":
            n_private += 1
        append(glyph)
    page.n_unmapped += n_unmapped
    page.n_private += n_private
    return out


def _tight_box(pdfium_c: Any, textpage: Any, index: int) -> tuple[float, float, float, float]:
    l_, r_, b_, t_ = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharBox(textpage, index, l_, r_, b_, t_)
    return l_.value, r_.value, b_.value, t_.value


def read_pdfium(data: bytes, path: str, stats: CharStats, max_pages: int | None = None) -> PdfiumDocument:
    """Every page's characters of the PDF ``data``, read by PDFium; raises our own PDF errors."""
    pdfium_c = require_pdfium()
    name = os.path.basename(path) or "the PDF"
    doc, keep_alive = _open(pdfium_c, data, name, path)
    try:
        out = PdfiumDocument()
        count = pdfium_c.FPDF_GetPageCount(doc)
        out.declared = count if 0 < count < 100000 else None
        out.title_raw = _title(pdfium_c, doc)
        perms = pdfium_c.FPDF_GetDocPermissions(doc) & 0xFFFFFFFF
        out.extractable = bool(perms & _PERM_EXTRACT)
        last = count if max_pages is None else min(count, max_pages)
        calls = _Calls(pdfium_c)
        for index in range(last):
            number = index + 1
            page = pdfium_c.FPDF_LoadPage(doc, index)
            if not page:
                out.pages.append(PdfiumPage(number, error="PDFium could not load the page"))
                continue
            try:
                page, x0, y0, x1, y1 = _upright(pdfium_c, doc, index, page)
                if not page:
                    out.pages.append(PdfiumPage(number, error="PDFium could not load the turned page"))
                    continue
                textpage = pdfium_c.FPDFText_LoadPage(page)
                if not textpage:
                    out.pages.append(PdfiumPage(number, error="PDFium could not read the page's text"))
                    continue
                try:
                    rec = PdfiumPage(number, width=x1 - x0, height=y1 - y0)
                    chars = _page_chars(pdfium_c, calls, textpage, y1, rec, stats)
                    if x0:
                        chars = [Char(c.text, c.x0 - x0, c.x1 - x0, c.top, c.bottom, c.size, c.fontname) for c in chars]
                    rec.chars = chars
                    stats.n_chars += len(chars)
                    stats.n_unmapped += rec.n_unmapped
                    stats.n_private += rec.n_private
                    out.pages.append(rec)
                finally:
                    pdfium_c.FPDFText_ClosePage(textpage)
            finally:
                if page:
                    pdfium_c.FPDF_ClosePage(page)
        return out
    finally:
        pdfium_c.FPDF_CloseDocument(doc)
        del keep_alive
