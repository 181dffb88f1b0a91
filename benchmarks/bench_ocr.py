"""OCR cost and quality: seconds per page at several render resolutions, and a batch's share.

    .venv/bin/python benchmarks/bench_ocr.py [--dpi 150 200 300] [--real ../shared/corpora/real]

For each resolution, OCRs the bundled scanned sample (corpora/sample/pdf/scanned) and, when the
real corpus is given (or NLP_REPORTS_REAL_CORPUS is set), the real scan of huaian_2024, and prints
seconds per page, part-五 character recall against the text it was made from, and the share of
table cells equal to the reference (gold for the real scan).  Then it times the born-digital sample
PDFs and prints the share of a batch's reading time taken by OCR when one report in ten is a scan.
One ONNX thread, as in a read_corpus worker.  Timings depend on what else runs on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp_reports as nr  # noqa: E402
from nlp_reports.ingest import pdf_ocr  # noqa: E402
from nlp_reports.structure.template import tables_as_lists  # noqa: E402
from nlp_reports.testing.measures import cell_accuracy, char_recall  # noqa: E402


def measure(scan: Path, reference, gold: dict, dpi: float) -> dict:
    pdf_ocr.OCR_DPI = dpi
    t0 = time.perf_counter()
    rep = nr.read_report(scan)
    secs = time.perf_counter() - t0
    return {
        "file": scan.name,
        "dpi": dpi,
        "pages": rep.meta.n_pages,
        "sec_per_page": secs / max(1, rep.meta.n_pages),
        "recall_part5": char_recall(reference.section("problems").text, rep.section("problems").text),
        "parts_found": sum(rep.section(k).found for k in nr.SECTION_KEYS),
        "table_cells": cell_accuracy(gold, tables_as_lists(rep.tables)),
        "failed_checks": len(rep.failed_checks),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dpi", type=float, nargs="+", default=[150, 200, 300])
    ap.add_argument("--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS"))
    args = ap.parse_args()

    cases = []
    sample_ref = nr.read_report(ROOT / "scripts" / "scanned_src" / "qingxi_2024.txt")
    cases.append(
        (
            ROOT / "corpora" / "sample" / "pdf" / "scanned" / "qingxi_2024.pdf",
            sample_ref,
            tables_as_lists(sample_ref.tables),
        )
    )
    if args.real:
        real = Path(args.real)
        gold = json.loads((real / "gold" / "tables.json").read_text(encoding="utf-8"))["huaian_2024"]
        cases.append((real / "bad" / "scanned_huaian_2024.pdf", nr.read_report(real / "pdf" / "huaian_2024.pdf"), gold))

    print(f"{'file':28} {'dpi':>4} {'pages':>5} {'s/page':>7} {'recall五':>8} {'parts':>5} {'cells':>6} {'failed':>6}")
    per_page = {}
    for dpi in args.dpi:
        for scan, ref, gold in cases:
            r = measure(scan, ref, gold, dpi)
            per_page.setdefault(dpi, []).append(r["sec_per_page"])
            print(
                f"{r['file']:28} {dpi:4.0f} {r['pages']:5d} {r['sec_per_page']:7.2f} {r['recall_part5']:8.3f} "
                f"{r['parts_found']:5d} {r['table_cells']:6.3f} {r['failed_checks']:6d}",
                flush=True,
            )

    digital = sorted((ROOT / "corpora" / "sample" / "pdf").glob("*.pdf"))
    t0 = time.perf_counter()
    n_pages = 0
    for p in digital:
        n_pages += nr.read_report(p).meta.n_pages
    digital_secs = (time.perf_counter() - t0) / len(digital)
    pages = n_pages / len(digital)
    print(f"\nborn-digital sample PDF: {digital_secs:.2f} s per report ({pages:.1f} pages)")
    for dpi, secs in per_page.items():
        spp = sum(secs) / len(secs)
        scan_secs = spp * pages  # a scan of the same length
        share = scan_secs / (scan_secs + 9 * digital_secs)
        print(
            f"dpi {dpi:.0f}: {spp:.2f} s/page; a batch with 1 scan in 10 reports spends {share:.0%} of its "
            f"reading time on OCR ({scan_secs:.1f} s for the scan vs {9 * digital_secs:.1f} s for 9 others)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
