"""Glyphs of one pdfminer page -> :class:`~nlp_reports.model.Char` objects, plus character classes.

The PDF is interpreted without pdfminer's layout analysis (``laparams=None``): we only need the
glyph boxes, and grouping them ourselves is both cheaper and more predictable for Chinese text.
Char texts are normalised here (:func:`normalize_text`, cached per distinct glyph text), which
is the only place the PDF path normalises text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pdfminer.layout import LTChar, LTContainer, LTPage

from ..model import Char
from .normalize import normalize_text

__all__ = ["CharStats", "page_chars", "is_cjk", "is_latin"]


def is_cjk(ch: str) -> bool:
    """True for ideographs, kana/hangul and CJK/full-width punctuation (no spaces around them)."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs
        or 0xAC00 <= o <= 0xD7AF  # hangul
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= o <= 0xFE4F  # vertical/compatibility forms
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x20000 <= o <= 0x3FFFF  # extension ideographs
        or ch in "“”‘’…—·"
    )


def is_latin(ch: str) -> bool:
    """True for letters, digits and ASCII-style punctuation that take spaces between words."""
    return not ch.isspace() and ord(ch) < 0x2000


@dataclass
class CharStats:
    """Counts over a document, used to tell an image-only PDF from a damaged text layer."""

    n_chars: int = 0  # kept, visible characters
    n_unmapped: int = 0  # glyphs without a Unicode mapping, "(cid:N)"
    n_private: int = 0  # kept characters in the Private Use Area (a font's own, meaningless codes)
    _cache: dict[str, str] = field(default_factory=dict, repr=False)

    def normalise(self, raw: str) -> str:
        """Normalised text of one glyph (cached: a document has few distinct glyphs)."""
        out = self._cache.get(raw)
        if out is None:
            out = normalize_text(raw).strip()
            self._cache[raw] = out
        return out


def _iter_ltchars(container: Iterable) -> Iterator[LTChar]:
    for obj in container:
        if isinstance(obj, LTChar):
            yield obj
        elif isinstance(obj, LTContainer):  # LTFigure (form XObjects) and friends
            yield from _iter_ltchars(obj)


def page_chars(layout: LTPage, stats: CharStats) -> list[Char]:
    """The visible characters of ``layout`` with ``top``/``bottom`` measured from the page top.

    Whitespace glyphs are dropped (spaces are decided later from geometry); glyphs pdfminer could
    not map to Unicode are counted in ``stats.n_unmapped`` and dropped.
    """
    height = layout.y1
    out: list[Char] = []
    append = out.append
    norm = stats.normalise
    for c in _iter_ltchars(layout):
        raw = c.get_text()
        if raw.startswith("(cid:"):
            stats.n_unmapped += 1
            continue
        text = norm(raw)
        if not text:
            continue
        x0, x1 = c.x0, c.x1
        if x1 <= x0:  # zero-width glyph boxes: give them a sliver so gaps stay meaningful
            x1 = x0 + 0.01
        if "\ue000" <= text[0] <= "\uf8ff":
            stats.n_private += 1
        append(Char(text, x0, x1, height - c.y1, height - c.y0, c.size, c.fontname))
    stats.n_chars += len(out)
    return out
