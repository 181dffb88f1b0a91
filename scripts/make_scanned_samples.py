#!/usr/bin/env python
"""Make image-only ("scanned") sample PDFs from invented sample reports.

Why: the toolkit reads scanned reports by OCR, and the bundled sample corpus should show it.
Real scans may not be copied into the project, so we typeset our own invented text
(``scripts/scanned_src/*.txt``, same format as ``corpora/sample/txt``) with
``scripts/make_sample_pdfs.py`` and then make it look scanned: each page rendered to an image,
grey-yellow paper with uneven light, scanner noise, a slight tilt, a red seal stamped over the
signature and the last lines of text, and one page fed in sideways (turned by 90°).  Pages are
stored as JPEG (grey, the sealed page in colour) in a PDF without any text layer.  Output is deterministic (seeded noise,
reportlab ``invariant=1``).

Usage: python scripts/make_scanned_samples.py [--src scripts/scanned_src] [--out corpora/sample/pdf/scanned]
       [--dpi 150] [--quality 40]
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

#: per report: which page (1-based) is fed in sideways, tilt of the other pages in degrees
LAYOUT = {"qingxi_2024": {"sideways": 3, "tilt": (0.9, -0.6, 0.0, 1.2, -0.8)}}


def _paper(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """Grey-yellow paper, darker towards one corner (uneven scanner light), with grain."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 0.86 + 0.08 * (1 - (xx / w + yy / h) / 2)
    base = np.stack([light * 250, light * 244, light * 226], axis=-1)
    return base + rng.normal(0, 1.5, size=(h, w, 1)).astype(np.float32)


def _seal(img: np.ndarray, cx: int, cy: int, r: int) -> None:
    """Stamp a red round seal (ring, star, an arc of marks) at (cx, cy), multiplied like ink."""
    import cv2

    mask = np.zeros(img.shape[:2], np.uint8)
    cv2.circle(mask, (cx, cy), r, 255, max(3, r // 14))
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r * (0.32 if k % 2 == 0 else 0.13)
        pts.append((int(cx + rr * math.cos(a)), int(cy + rr * math.sin(a))))
    cv2.fillPoly(mask, [np.array(pts, np.int32)], 255)
    for k in range(14):  # the agency name around the ring, as short strokes
        a = math.pi * (0.85 + k / 13 * 1.3)
        x, y = cx + 0.72 * r * math.cos(a), cy + 0.72 * r * math.sin(a)
        cv2.rectangle(mask, (int(x - r * 0.06), int(y - r * 0.06)), (int(x + r * 0.06), int(y + r * 0.06)), 255, -1)
    alpha = (mask.astype(np.float32) / 255.0 * 0.8)[..., None]
    red = np.array([205, 35, 40], np.float32)
    img[:] = img * (1 - alpha) + (img / 255.0 * red) * alpha


def scan_page(rgb: np.ndarray, tilt: float, seal: bool, sideways: bool, rng: np.random.Generator) -> np.ndarray:
    """One clean page image -> a scanned-looking one."""
    import cv2

    h, w = rgb.shape[:2]
    ink = 1.0 - rgb.astype(np.float32).mean(axis=-1, keepdims=True) / 255.0
    img = _paper(h, w, rng) * (1 - 0.88 * ink)
    if seal:
        rows = np.nonzero(ink[: int(0.85 * h), :, 0].max(axis=1) > 0.3)[0]  # body text, not the page number
        bottom = int(rows.max()) if len(rows) else h // 2
        _seal(img, int(w * 0.62), bottom + int(0.02 * h), int(0.085 * w))
    img = np.clip(img + rng.normal(0, 2, size=img.shape[:2] + (1,)), 0, 255).astype(np.uint8)
    if tilt:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), tilt, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(235, 230, 212))
    if sideways:
        img = np.ascontiguousarray(np.rot90(img, 1))
    return img


def make_scan(src: Path, dest: Path, dpi: float = 150, quality: int = 40) -> Path:
    """Typeset ``src`` and write its scanned, image-only version to ``dest``."""
    import make_sample_pdfs as msp
    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    spec = LAYOUT.get(src.stem, {"sideways": 0, "tilt": (0.7,)})
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        clean = msp.typeset(src, Path(tmp) / f"{src.stem}.pdf")
        pdf = pdfium.PdfDocument(str(clean))
        n = len(pdf)
        pages = []
        for i in range(n):
            rgb = pdf[i].render(scale=dpi / 72.0, rev_byteorder=True).to_numpy()[..., :3]
            tilts = spec["tilt"]
            pages.append(
                scan_page(rgb, tilts[i % len(tilts)], seal=i == n - 1, sideways=spec["sideways"] == i + 1, rng=rng)
            )
        pdf.close()
    dest.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(dest), invariant=1)
    for i, img in enumerate(pages):
        buf = io.BytesIO()
        pil = Image.fromarray(img)
        if i != len(pages) - 1:  # only the sealed page needs colour; grey JPEGs keep the file small
            pil = pil.convert("L")
        pil.save(buf, format="JPEG", quality=quality, optimize=True)
        buf.seek(0)
        wpt, hpt = img.shape[1] * 72.0 / dpi, img.shape[0] * 72.0 / dpi
        canvas.setPageSize((wpt, hpt))
        canvas.drawImage(ImageReader(buf), 0, 0, wpt, hpt)
        canvas.showPage()
    canvas.save()
    return dest


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(ROOT / "scripts" / "scanned_src"))
    ap.add_argument("--out", default=str(ROOT / "corpora" / "sample" / "pdf" / "scanned"))
    ap.add_argument("--dpi", type=float, default=150)
    ap.add_argument("--quality", type=int, default=40)
    args = ap.parse_args(argv)
    for src in sorted(Path(args.src).glob("*.txt")):
        dest = make_scan(src, Path(args.out) / f"{src.stem}.pdf", args.dpi, args.quality)
        print(f"{dest} ({dest.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
