"""One page image -> the positioned :class:`~nlp_reports.model.Line` s a born-digital page gives.

Steps: clean the image (:mod:`.ocr_image`), read it (:mod:`.ocr_engine`), turn it if the page is
rotated by 90°/180° (text lines standing upright, or a poor read that an upside-down page reads
better), recognise glyphs the detector missed, measure the tilt from the text-line boxes and undo
it on the coordinates, then spread each box's characters over its width (CJK characters about
square, digits and Latin about half as wide) in PDF points.  The result goes through the same
:func:`~.pdf_lines.build_lines` as pdfminer glyphs, so furniture removal, paragraphs, headings and
the position-based table reader see an OCR'd page like any other page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import median

import numpy as np

from ..model import Char, Line
from .normalize import normalize_text
from .ocr_engine import OcrBox, OcrEngine
from .ocr_image import clean_page, ink_mask
from .pdf_chars import is_cjk
from .pdf_lines import build_lines

__all__ = ["OcrPage", "ocr_image", "LOW_CONFIDENCE", "OCR_FONT"]

#: a line whose weakest box scores below this is kept but marked ``Line.low_confidence``
LOW_CONFIDENCE: float = 0.8
#: ``Char.fontname`` of characters that come from OCR
OCR_FONT: str = "ocr"
#: a page whose text lines read this well on average is taken the way round it is
_SURE: float = 0.9
#: at most this many missed-glyph candidates are recognised per page (bounds the time on noisy scans)
_MAX_MISSED: int = 80


@dataclass
class OcrPage:
    """The lines of one OCR'd page with its size in points, mean confidence and how it was turned."""

    lines: list[Line]
    width: float
    height: float
    confidence: float  # mean box score, weighted by characters
    rotation: int = 0  # degrees the image was turned counter-clockwise before reading
    tilt: float = 0.0  # degrees of skew measured (and undone on the coordinates)
    n_low: int = 0  # lines below LOW_CONFIDENCE
    boxes: list[OcrBox] = field(default_factory=list, repr=False)


def _box_size(b: OcrBox) -> tuple[float, float]:
    p = b.points
    w = float(max(np.linalg.norm(p[1] - p[0]), np.linalg.norm(p[2] - p[3])))
    h = float(max(np.linalg.norm(p[3] - p[0]), np.linalg.norm(p[2] - p[1])))
    return w, h


def _weight(boxes: list[OcrBox]) -> float:
    """Characters read, weighted by confidence: the better orientation reads more, more surely."""
    return sum(len(b.text.strip()) * b.score for b in boxes)


def _mean_score(boxes: list[OcrBox]) -> float:
    n = sum(len(b.text.strip()) for b in boxes)
    return _weight(boxes) / n if n else 0.0


def _mostly_upright(boxes: list[OcrBox]) -> bool:
    """True when the detected text runs top-down: the page lies on its side (90° or 270°)."""
    tall = wide = 0.0
    for b in boxes:
        w, h = _box_size(b)
        if h > 1.5 * w:
            tall += h
        elif w > 1.5 * h:
            wide += w
    return tall > 2 * wide and tall > 0


def _oriented_read(engine: OcrEngine, img: np.ndarray, erased: np.ndarray) -> tuple[list[OcrBox], int]:
    """Read ``img`` upright, turning it by 90°/180°/270° when it lies on its side or upside down.

    ``erased``: the same image without table rulings, to recognise from.  A page that reads well
    (upright text lines, confident) is taken as it is; otherwise the four turns are tried on a
    half-size copy (cheap) and the page is read again the way round that reads most characters.
    """
    import cv2

    boxes = engine.read(img, rec_image=erased)
    n_chars = sum(len(b.text.strip()) for b in boxes)
    if not _mostly_upright(boxes) and _mean_score(boxes) >= _SURE and n_chars >= 20:
        return boxes, 0
    h, w = img.shape[:2]
    small = cv2.resize(img, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    scores = {}
    for k in (0, 1, 2, 3):
        got = engine.read(np.ascontiguousarray(np.rot90(small, k)))
        scores[k] = _weight(got) * (0.0 if _mostly_upright(got) else 1.0)
    k = max(scores, key=lambda t: (scores[t], t == 0))
    if k == 0:
        return boxes, 0
    turned = np.ascontiguousarray(np.rot90(img, k))
    return engine.read(turned, rec_image=np.ascontiguousarray(np.rot90(erased, k))), 90 * k


def _missed_glyphs(engine: OcrEngine, img: np.ndarray, rules: np.ndarray, boxes: list[OcrBox]) -> list[OcrBox]:
    """Ink of text size outside every read box (a lone ``1`` in a cell), recognised one by one."""
    import cv2

    heights = [_box_size(b)[1] for b in boxes if len(b.text) >= 2]
    if not heights:
        return []
    hs = median(heights)
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    ink = ink_mask(img, rules)
    covered = np.zeros_like(ink)
    for b in boxes:
        cv2.fillPoly(covered, [b.points.astype(np.int32)], 1)
    grow = max(1, int(0.15 * hs))
    covered = cv2.dilate(covered, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    rest = ink & (1 - covered)
    if not rest.any():
        return []
    joined = cv2.dilate(rest, np.ones((max(1, int(0.3 * hs)), max(1, int(0.5 * hs))), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    out: list[OcrBox] = []
    crops: list[np.ndarray] = []
    places: list[np.ndarray] = []
    tried = 0
    for i in range(1, n):
        x, y, w, h, _area = (int(v) for v in stats[i])
        sub = rest[y : y + h, x : x + w]
        ys, xs = np.nonzero(sub)
        if len(ys) < 0.02 * hs * hs:
            continue
        x0, x1, y0, y1 = x + xs.min(), x + xs.max() + 1, y + ys.min(), y + ys.max() + 1
        gh, gw = y1 - y0, x1 - x0
        if not (0.3 * hs <= gh <= 1.3 * hs) or gw > 10 * hs:
            continue
        if gw < 0.25 * hs and _continues_rule(rules, x0, x1, y0, y1, hs):
            continue  # a broken-off piece of a vertical ruling, not a 1
        tried += 1
        if tried > _MAX_MISSED:
            break
        # the glyph (plus a few pixels of its own edge) on white, padded alike on all sides:
        # wide white margins make the recogniser read a bar as 一
        e = max(1, int(0.08 * hs))
        x0, y0 = max(0, x0 - e), max(0, y0 - e)
        x1, y1 = min(img.shape[1], x1 + e), min(img.shape[0], y1 + e)
        pad = int(0.3 * hs)
        crop = np.full((y1 - y0 + 2 * pad, x1 - x0 + 2 * pad, 3), 255, np.uint8)
        crop[pad : pad + y1 - y0, pad : pad + x1 - x0] = img[y0:y1, x0:x1]
        crops.append(crop)
        places.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32))
    for pts, (text, score) in zip(places, engine.recognise_many(crops)):
        text = text.strip()
        if score >= LOW_CONFIDENCE and text:
            out.append(OcrBox(pts, text, score))
    return out


def _continues_rule(rules: np.ndarray, x0: int, x1: int, y0: int, y1: int, hs: float) -> bool:
    """True if a vertical ruling runs on just above or below the thin ink piece ``x0..x1 × y0..y1``."""
    reach = int(0.6 * hs)
    above = rules[max(0, y0 - reach) : max(0, y0 - 2), x0:x1]
    below = rules[y1 + 2 : y1 + reach, x0:x1]
    return bool((above.size and above.any(axis=1).mean() > 0.5) or (below.size and below.any(axis=1).mean() > 0.5))


def _tilt(boxes: list[OcrBox]) -> float:
    """Skew of the page in degrees (positive: lines fall to the right), from long text-line boxes."""
    angles = []
    for b in boxes:
        w, h = _box_size(b)
        if w > 4 * h:
            d = b.points[1] - b.points[0]
            angles.append(math.degrees(math.atan2(float(d[1]), float(d[0]))))
    return median(angles) if len(angles) >= 3 else 0.0


#: a box holding nothing but one of these is a lone digit in a table cell read without context
#: (a cut-out 0 looks like the full stop 。 or the letter O, a 1 like l or |)
_LONE_DIGIT = {"。": "0", "O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "丨": "1"}


def _lone_digit(text: str) -> str:
    t = text.strip()
    return _LONE_DIGIT.get(t, text) if len(t) == 1 else text


def _char_weight(ch: str) -> float:
    if is_cjk(ch):
        return 1.0
    if ch.isdigit():
        return 0.55
    if ch.isalpha():
        return 0.6
    if ch in ".,:;'|!":
        return 0.3
    if ch.isspace():
        return 0.35
    return 0.6


def _box_chars(x0: float, x1: float, top: float, bottom: float, text: str) -> list[Char]:
    """Spread ``text`` over the box: each character gets a share of the width by its class."""
    text = normalize_text(text)
    weights = [_char_weight(c) for c in text]
    total = sum(weights)
    if not total:
        return []
    unit = (x1 - x0) / total
    size = bottom - top
    out: list[Char] = []
    x = x0
    for ch, wt in zip(text, weights):
        nx = x + wt * unit
        if not ch.isspace():
            out.append(Char(ch, x, nx, top, bottom, size, OCR_FONT))
        x = nx
    return out


def ocr_image(engine: OcrEngine, rgb: np.ndarray, dpi: float, number: int) -> OcrPage:
    """OCR one page rendered at ``dpi`` into lines of page ``number`` (coordinates in PDF points)."""
    clean, erased, rules = clean_page(rgb)
    boxes, rotation = _oriented_read(engine, clean, erased)
    k = rotation // 90
    img = np.ascontiguousarray(np.rot90(erased, k)) if k else erased
    rules = np.ascontiguousarray(np.rot90(rules, k)) if k else rules
    boxes = boxes + _missed_glyphs(engine, img, rules, boxes)
    for b in boxes:
        b.text = _lone_digit(b.text)
    h, w = img.shape[:2]
    tilt = _tilt(boxes)
    cx, cy = w / 2.0, h / 2.0
    a = math.radians(-tilt)
    cos_a, sin_a = math.cos(a), math.sin(a)
    scale = 72.0 / dpi
    chars: list[Char] = []
    score_of: dict[int, float] = {}
    for b in boxes:
        if not b.text.strip():
            continue
        px = b.points[:, 0] - cx
        py = b.points[:, 1] - cy
        rx = px * cos_a - py * sin_a + cx
        ry = px * sin_a + py * cos_a + cy
        got = _box_chars(
            float(rx.min()) * scale, float(rx.max()) * scale, float(ry.min()) * scale, float(ry.max()) * scale, b.text
        )
        for c in got:
            score_of[id(c)] = b.score
        chars.extend(got)
    lines = build_lines(chars, number)
    n_low = 0
    for ln in lines:
        conf = min(score_of.get(id(c), 1.0) for c in ln.chars)
        ln.ocr_confidence = round(conf, 3)
        ln.low_confidence = conf < LOW_CONFIDENCE
        n_low += ln.low_confidence
    return OcrPage(
        lines=lines,
        width=w * scale,
        height=h * scale,
        confidence=_mean_score(boxes),
        rotation=rotation,
        tilt=tilt,
        n_low=n_low,
        boxes=boxes,
    )
