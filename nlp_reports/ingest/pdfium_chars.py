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

Speed: per page, each per-glyph C call (text object, mapping error, origin, loose box) runs from ``map``
over the page's glyph indices into one C array, read back as floats in one go; the per-object calls
(matrix, font size, font) run once per text object, their arithmetic in numpy; one Python loop per
glyph is left (its box, the cut at the next origin, its :class:`Char`).

Damaged inputs raise the same errors as the pdfminer path (:class:`EncryptedPdfError`,
:class:`CorruptPdfError`); a page PDFium cannot load is kept empty and reported.
"""

from __future__ import annotations

import ctypes
import os
import re
from collections import deque
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np

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
#: the characters to look at: every one not dropped, and spaces (a real space ends the glyph before it)
_LOOK_RE = re.compile("[^" + "".join(sorted(re.escape(chr(u)) for u in _DROP - {0x20})) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ptr = ctypes.c_void_p  # an output pointer of a glyph call


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
    n_replacement: int = 0


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
    """The PDFium calls of the glyph loop as plain C function pointers, from pypdfium2's own bindings.

    Built from the addresses of pypdfium2's bindings (public API), so they call the same library.
    The per-glyph calls (``glyph``) are declared without argument types and keep the GIL: the text
    page and output pointers pass as ``c_void_p`` objects and indices as C ints, so ctypes converts
    nothing and each call costs about half of a typed one. A page's glyphs are read with ``map`` into
    one C array per quantity (no Python loop) and converted to floats in one slice.
    """

    def __init__(self, pdfium_c: Any) -> None:
        vp, ci = ctypes.c_void_p, ctypes.c_int

        def proto(name: str, restype: Any, *argtypes: Any) -> Any:
            addr = ctypes.cast(getattr(pdfium_c, name), vp).value or 0
            return ctypes.CFUNCTYPE(restype, *argtypes)(addr)

        def glyph(name: str, restype: Any) -> Any:  # (text page: c_void_p, index: int, [out: c_void_p ...])
            addr = ctypes.cast(getattr(pdfium_c, name), vp).value or 0
            return ctypes.PYFUNCTYPE(restype)(addr)

        self.text_object = glyph("FPDFText_GetTextObject", ctypes.c_size_t)  # 0: none
        self.map_error = glyph("FPDFText_HasUnicodeMapError", ci)
        self.origin = glyph("FPDFText_GetCharOrigin", ci)  # -> two doubles
        self.loose_box = glyph("FPDFText_GetLooseCharBox", ci)  # -> FS_RECTF: left, top, right, bottom
        self.unicode = glyph("FPDFText_GetUnicode", ctypes.c_uint)
        self.generated = glyph("FPDFText_IsGenerated", ci)
        self.matrix = glyph("FPDFText_GetMatrix", ci)  # -> FS_MATRIX: six floats a..f
        self.font_size = glyph("FPDFText_GetFontSize", ctypes.c_double)
        self.get_text = proto("FPDFText_GetText", ci, vp, ci, ci, vp)  # -> UTF-16 units
        self.font = proto("FPDFTextObj_GetFont", vp, vp)
        self.font_name = proto("FPDFFont_GetBaseFontName", ctypes.c_size_t, vp, ctypes.c_char_p, ctypes.c_size_t)
        self.font_descent = proto("FPDFFont_GetDescent", ci, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float))
        self.fonts: dict[int | None, tuple[str, float]] = {}  # font handle -> (name, descent per unit size)


def _each(fn: Any, tp: ctypes.c_void_p, indices: list[int]) -> list[Any]:
    """``fn(tp, i)`` for every index, called from ``map`` (no Python loop)."""
    return list(map(fn, repeat(tp, len(indices)), indices))


def _each_into(fn: Any, tp: ctypes.c_void_p, indices: list[int], ctype: Any, width: int) -> np.ndarray:
    """``fn(tp, i, out)`` for every index into one C array of ``width`` values per index: rows of an array."""
    step = ctypes.sizeof(ctype) * width
    buf = (ctype * (width * len(indices)))()
    start = ctypes.addressof(buf)
    end = start + step * len(indices)
    if width == 2:  # FPDFText_GetCharOrigin: one pointer per coordinate
        deque(
            map(
                fn,
                repeat(tp),
                indices,
                map(_ptr, range(start, end, step)),
                map(_ptr, range(start + step // 2, end, step)),
            ),
            0,
        )
    else:
        deque(map(fn, repeat(tp), indices, map(_ptr, range(start, end, step))), 0)
    return np.frombuffer(buf, dtype=np.float32 if ctype is ctypes.c_float else np.float64).reshape(-1, width)


def _page_text(calls: _Calls, tp: ctypes.c_void_p, n: int) -> str:
    """The page's ``n`` characters, one per character index (one call; per character when that fails)."""
    raw = (ctypes.c_ushort * (n + 1))()
    got = calls.get_text(tp, 0, n, ctypes.addressof(raw))
    text = bytes(memoryview(raw))[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="surrogatepass")
    if len(text) == n and not _SURROGATE.search(text):
        return text
    return "".join(map(chr, _each(calls.unicode, tp, list(range(n)))))  # characters beyond the BMP


def _page_chars(
    pdfium_c: Any, calls: _Calls, textpage: Any, height: float, page: PdfiumPage, stats: CharStats
) -> list[Char]:
    """The visible characters of one text page, in pdfminer's box conventions (see the module docstring).

    The C calls run in bulk (:func:`_each`) over the glyphs that can be kept and the spaces; the
    per-object work (matrix, font) once per text object; then one Python pass builds the characters.
    """
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return []
    tp = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
    text = _page_text(calls, tp, n)
    # whitespace and every character PDFium generates are dropped; real spaces may end the glyph before them
    idx = [m.start() for m in _LOOK_RE.finditer(text)]
    if not idx:
        return []
    glyph_texts = _LOOK_RE.findall(text)
    keys = _each(calls.text_object, tp, idx)
    errors = _each(calls.map_error, tp, idx)
    xy = _each_into(calls.origin, tp, idx, ctypes.c_double, 2)
    box = _each_into(calls.loose_box, tp, idx, ctypes.c_float, 4)
    for ch in set(glyph_texts) - stats._cache.keys():
        stats.normalise(ch)
    norm = stats._cache  # each glyph's normalised text (the document's cache of them)
    spaces = [i for i, ch in zip(idx, glyph_texts) if ch == " "]
    real_space = iter([not g for g in _each(calls.generated, tp, spaces)])
    info = _object_info(calls, tp, keys, idx, glyph_texts, errors, norm)
    n_unmapped = 0
    # the last upright glyph kept: its text object and baseline y; a following glyph (or space) of the same
    # object and baseline ends its advance (PDFium's widths of a non-embedded font can be too wide)
    last_key, last_y = -1, 0.0
    last: Char | None = None
    out: list[Char] = []
    append = out.append
    new, set_x1 = _new, _set_x1
    for i, ch, key, err, x, y, x0, x1 in zip(
        idx, glyph_texts, keys, errors, xy[:, 0].tolist(), xy[:, 1].tolist(), box[:, 0].tolist(), box[:, 2].tolist()
    ):
        if ch == " ":
            if next(real_space) and last is not None and key and key == last_key:
                if abs(y - last_y) < 0.01 and last.x0 < x < last.x1:
                    set_x1(last, max(x, last.x0 + 0.01))
            continue
        if err:
            n_unmapped += 1
            continue
        text = norm[ch]
        if not text:
            continue
        fs, upright, e, f, fontname, descent = info[key]
        if upright:
            if key == last_key and last is not None and abs(y - last_y) < 0.01 and last.x0 < x < last.x1:
                set_x1(last, max(x, last.x0 + 0.01))  # cut the previous glyph at this origin, never widen
            if x < e - 0.25 * fs and y < f - 0.25 * fs:
                # vertical writing (Identity-V): PDFium puts the origin at the glyph's lower left;
                # pdfminer's box is one font size square from there
                x0, x1, y0 = x, x + fs, y
            else:  # the advance width from PDFium's loose box, the bottom at the font's descent
                y0 = y + descent
            y1 = y0 + fs
            last_key, last_y = key, y
        else:  # turned, mirrored or skewed text: the glyph's own box, as tall as its font size
            last_key = -1
            x0, x1, y0, y1 = _tight_box(pdfium_c, textpage, i)
            if y1 - y0 < fs:
                mid = (y0 + y1) / 2
                y0, y1 = mid - fs / 2, mid + fs / 2
        if x1 <= x0:  # zero-width glyph boxes: give them a sliver so gaps stay meaningful
            x1 = x0 + 0.01
        # the slots set directly: the frozen dataclass's __init__ costs one object.__setattr__ per field
        glyph = new(Char)
        _set_text(glyph, text)
        _set_x0(glyph, x0)
        set_x1(glyph, x1)
        _set_top(glyph, height - y1)
        _set_bottom(glyph, height - y0)
        _set_size(glyph, fs)
        _set_fontname(glyph, fontname)
        last = glyph if upright else None
        append(glyph)
    page.n_unmapped += n_unmapped
    odd = {t for t in norm.values() if t and ("\ue000" <= t[0] <= "\uf8ff" or t == "\ufffd")}
    if odd:  # private-use codes (a font's own, meaningless) and replacement characters, counted for the checks
        odd_texts = [g.text for g in out if g.text in odd]
        page.n_private += sum(1 for t in odd_texts if "\ue000" <= t[0] <= "\uf8ff")
        page.n_replacement += odd_texts.count("\ufffd")
    return out


_new = object.__new__
_set_text, _set_x0, _set_x1, _set_top, _set_bottom, _set_size, _set_fontname = (
    getattr(Char, name).__set__ for name in ("text", "x0", "x1", "top", "bottom", "size", "fontname")
)


def _object_info(
    calls: _Calls,
    tp: ctypes.c_void_p,
    keys: list[int],
    idx: list[int],
    glyph_texts: list[str],
    errors: list[int],
    norm: dict[str, str],
) -> dict[int, tuple[float, bool, float, float, str, float]]:
    """Per text object (``keys``: each glyph's): font size, upright?, e, f, font name, descent below the baseline.

    Read at the object's first glyph that is kept; every glyph of a text object shares its matrix and font.
    """
    kept = [(k, i) for k, i, ch, err in zip(keys, idx, glyph_texts, errors) if ch != " " and not err and norm[ch]]
    first = dict(reversed(kept))  # the first glyph of each object (later ones overwritten by earlier)
    objs, at = list(first), list(first.values())
    mats = _each_into(calls.matrix, tp, at, ctypes.c_float, 6).astype(np.float64)
    a, b, c, d, e, f = mats.T
    upright = (np.abs(b) < 1e-6) & (np.abs(c) < 1e-6) & (a > 0) & (d > 0)
    raw_size = np.array(_each(calls.font_size, tp, at), dtype=np.float64)
    sizes = np.where(upright, raw_size * d, raw_size * np.hypot(c, d))
    fonts = calls.fonts
    handles = [calls.font(k) if k else None for k in objs]
    for font in set(handles) - fonts.keys():
        fonts[font] = _font_info(calls, font) if font else ("", 0.0)
    names = [fonts[h][0] for h in handles]
    descents = np.array([fonts[h][1] for h in handles], dtype=np.float64) * sizes
    return dict(zip(objs, zip(sizes.tolist(), upright.tolist(), e.tolist(), f.tolist(), names, descents.tolist())))


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
