"""Clean a rendered page image before OCR: red seals out, grey paper white, ink found.

Scans come stamped (a red seal over the signature and often over text), on grey or yellowish
paper, with specks.  Recognition does best on dark ink on white: red pixels become paper,
the paper's uneven brightness is divided out, and what is left is returned as an RGB image for
the engine.  :func:`ink_mask` gives the dark pixels without table rulings, used to find glyphs
the detector missed (a lone ``1`` in a table cell is a thin bar the detector does not take for text).
"""

from __future__ import annotations

import numpy as np

__all__ = ["clean_page", "ink_mask", "rule_mask", "rule_masks"]


def _drop_red(rgb: np.ndarray) -> np.ndarray:
    """Grey image (uint8) of ``rgb`` with strongly red pixels (seals, red headers) turned to paper."""
    r = rgb[..., 0].astype(np.int16)
    g = rgb[..., 1].astype(np.int16)
    b = rgb[..., 2].astype(np.int16)
    # luminance, but of the darker of green and blue: red ink is light there, black ink stays dark
    grey = np.minimum(g, b)
    red = (r - np.maximum(g, b) > 50) & (r > 110)
    grey = np.where(red, 255, grey)
    return grey.astype(np.uint8)


def _flatten_paper(grey: np.ndarray) -> np.ndarray:
    """Divide out the paper's brightness (grey, yellowed or unevenly lit scans -> white paper)."""
    import cv2

    h, w = grey.shape
    small = cv2.resize(grey, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    # the paper is the local maximum: close the ink away, then smooth
    paper = cv2.dilate(small, np.ones((5, 5), np.uint8))
    paper = cv2.medianBlur(paper, 5)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    out = grey.astype(np.float32) * (255.0 / np.maximum(paper.astype(np.float32), 64.0))
    return np.clip(out, 0, 255).astype(np.uint8)


def clean_page(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The page ready for OCR (red removed, paper flattened; 3 channels), the same with its table
    rulings erased, and the mask of the rulings."""
    import cv2

    grey = _flatten_paper(_drop_red(rgb))
    grey = cv2.medianBlur(grey, 3)  # scanner specks
    # a copy without table rulings, to recognise from: a lone digit cut out with a margin must not
    # carry a piece of the ruling beside it (the detector keeps the rulings: they keep cells apart)
    rules = rule_mask(grey, grow=3)
    erased = grey.copy()
    erased[rules > 0] = 255
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2RGB), cv2.cvtColor(erased, cv2.COLOR_GRAY2RGB), rules


def rule_mask(clean: np.ndarray, grow: int = 5) -> np.ndarray:
    """Table rulings of a :func:`clean_page` image (uint8 0/1), slightly thickened."""
    horiz, vert = rule_masks(clean, grow)
    return horiz | vert


def rule_masks(clean: np.ndarray, grow: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical table rulings (uint8 0/1 each), slightly thickened.

    Rulings are often fainter and thinner than the text and break up when thresholded, so they are
    found on a lighter threshold, bridged along their direction, and kept where long.
    """
    import cv2

    grey = clean[..., 0] if clean.ndim == 3 else clean
    light = (grey < 210).astype(np.uint8)
    h, w = light.shape
    rect = cv2.getStructuringElement
    # a short closing bridges a ruling's breaks; the opening keeps runs longer than any stroke
    # of a character (about two characters of body text), so text is never taken for a ruling
    horiz = cv2.morphologyEx(light, cv2.MORPH_CLOSE, rect(cv2.MORPH_RECT, (3, 1)))
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, (max(20, w // 20), 1)))
    vert = cv2.morphologyEx(light, cv2.MORPH_CLOSE, rect(cv2.MORPH_RECT, (1, 3)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, (1, max(20, h // 40))))
    kernel = np.ones((grow, grow), np.uint8)
    return cv2.dilate(horiz, kernel), cv2.dilate(vert, kernel)


def ink_mask(clean: np.ndarray, rules: np.ndarray | None = None) -> np.ndarray:
    """Dark pixels of a :func:`clean_page` image (uint8 0/1), table rulings removed."""
    grey = clean[..., 0] if clean.ndim == 3 else clean
    ink = (grey < 160).astype(np.uint8)
    if rules is None:
        rules = rule_mask(clean)
    return ink & (1 - rules)
