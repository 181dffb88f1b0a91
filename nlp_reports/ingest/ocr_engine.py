"""The OCR engine: RapidOCR (PP-OCR Chinese models on ONNX Runtime), one instance per process.

The models ship inside the ``rapidocr-onnxruntime`` wheel (the ``ocr`` extra), so nothing is
downloaded at run time.  Creating the engine loads three ONNX sessions (~0.2 s, ~100 MB), so it is
created lazily, on the first page that needs OCR, and then reused: :func:`default_engine` is a
per-process lazy cache (a worker process builds its own on first use; a process that reads only
born-digital PDFs never builds one).  Each session runs on one thread so that ``n_jobs`` workers
do not oversubscribe the cores.

The engine's own direction classifier is off: page orientation is decided for the whole page by
:mod:`.ocr_page` (an upside-down page must be turned, not each line flipped in place).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import OcrUnavailableError

__all__ = ["OcrBox", "OcrEngine", "default_engine", "ocr_available", "INSTALL_HINT"]

#: what to tell a user whose environment lacks the OCR engine
INSTALL_HINT = 'pip install "nlp_reports[ocr]"'


def ocr_available() -> bool:
    """True if the OCR extra (rapidocr-onnxruntime, pypdfium2) is installed."""
    try:
        import pypdfium2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class OcrBox:
    """One detected text line: corner points (x, y pixels, clockwise from top-left), text, confidence."""

    points: np.ndarray  # shape (4, 2), float
    text: str
    score: float


@dataclass
class OcrEngine:
    """Holds one RapidOCR instance, built on first use with ``threads`` ONNX threads per session."""

    threads: int = 1
    #: det box threshold: lower than RapidOCR's 0.5 so that short cells (a lone digit) are kept
    box_thresh: float = 0.4
    _ocr: Any | None = field(default=None, init=False, repr=False)

    @property
    def loaded(self) -> bool:
        """True once the ONNX sessions have been created."""
        return self._ocr is not None

    def _engine(self) -> Any:
        if self._ocr is None:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise OcrUnavailableError(
                    f"OCR needs the optional engine: {INSTALL_HINT} (rapidocr-onnxruntime, pypdfium2)"
                ) from exc
            self._ocr = RapidOCR(
                intra_op_num_threads=self.threads,
                inter_op_num_threads=1,
                # pages are rendered by us at a chosen resolution; do not let the engine shrink them
                max_side_len=6000,
            )
        return self._ocr

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Text-line boxes of an RGB ``image`` (H x W x 3, uint8): corner points, clockwise from top-left."""
        res, _ = self._engine()(image, use_det=True, use_cls=False, use_rec=False, box_thresh=self.box_thresh)
        return [np.asarray(b, dtype=np.float32) for b in res or []]

    def recognise_many(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognise text-line ``crops`` (each upright, one line): ``(text, confidence)`` each."""
        if not crops:
            return []
        res, _ = self._engine().text_rec(crops)
        return [(str(t), float(s)) for t, s in res]

    def read(self, image: np.ndarray, min_score: float = 0.5, rec_image: np.ndarray | None = None) -> list[OcrBox]:
        """Detect and recognise the text lines of an RGB ``image``; lines scoring below ``min_score`` are dropped.

        ``rec_image`` (same size): where to cut the lines out for recognition, e.g. the page with
        its table rulings erased (detection keeps them: they keep two cells' numbers apart).
        Each line is cut out upright.  A box of one or two characters (about as tall as wide) is cut
        with a margin and never turned: RapidOCR's own cropping turns every box taller than wide by
        90°, which makes a lone digit in a table cell unreadable.
        """
        boxes = self.detect(image)
        source = image if rec_image is None else rec_image
        crops = [_crop(source, b) for b in boxes]
        out: list[OcrBox] = []
        for b, (text, score) in zip(boxes, self.recognise_many(crops)):
            if score >= min_score and text.strip():
                out.append(OcrBox(b, text, score))
        return out

    def recognise(self, crop: np.ndarray) -> tuple[str, float]:
        """Recognise one text-line ``crop``: ``(text, confidence)``."""
        got = self.recognise_many([crop])
        return got[0] if got else ("", 0.0)


def _crop(image: np.ndarray, points: np.ndarray) -> np.ndarray:
    """The box ``points`` cut out of ``image`` as an upright strip (short boxes with a margin)."""
    import cv2

    w = int(max(np.linalg.norm(points[0] - points[1]), np.linalg.norm(points[2] - points[3])))
    h = int(max(np.linalg.norm(points[0] - points[3]), np.linalg.norm(points[1] - points[2])))
    w, h = max(w, 1), max(h, 1)
    if w < 2 * h:
        x0, y0 = points.min(axis=0)
        x1, y1 = points.max(axis=0)
        m = 0.25 * (y1 - y0)
        x0, y0 = int(max(0, x0 - m)), int(max(0, y0 - m))
        x1, y1 = int(min(image.shape[1], x1 + m)), int(min(image.shape[0], y1 + m))
        return np.ascontiguousarray(image[y0:y1, x0:x1])
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(points.astype(np.float32), dst)
    return cv2.warpPerspective(image, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


@functools.lru_cache(maxsize=1)
def default_engine() -> OcrEngine:
    """The process's engine holder (lazy: the ONNX sessions are built on its first page)."""
    return OcrEngine()
