"""The two PDF engines side by side on the real report PDFs (agency PDFs and rendered ones), in one run.

    python benchmarks/bench_engines.py [--real ../shared/corpora/real] [--repeat 2] [--no-jobs]

Per engine it prints: seconds per page of the full read (``read_report`` in this process, structure
included), the ratio of that full read to a bare interpretation by the same engine (pdfminer: a bare
``PDFPageInterpreter`` over every page without layout analysis; pdfium: loading every page's text page
and every glyph's box), reports per minute of ``read_corpus`` with 1 and 2 jobs (worker processes with
the default time and memory limits, no cache), and the peak resident memory of a process that reads
every file with that engine. Then the speed ratio pdfium / pdfminer of the full read, by wall-clock time and by
CPU time (steadier on a shared machine). Figures only.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _common import best, best_times, real_pdfs  # noqa: E402 - after the path of this checkout

ENGINES = ("pdfminer", "pdfium")


def bare_pdfminer(data: bytes) -> int:
    """pdfminer's floor: every page interpreted once, no layout analysis."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=None)
    interp = PDFPageInterpreter(rsrc, device)
    n = 0
    for page in PDFPage.create_pages(doc):
        interp.process_page(page)
        n += len(device.get_result()._objs)
    return n


def bare_pdfium(data: bytes) -> int:
    """PDFium's floor: every page's text page built and every glyph's box read."""
    import pypdfium2  # noqa: F401 - initialises the library
    import pypdfium2.raw as r

    buf = ctypes.create_string_buffer(data, len(data))
    doc = r.FPDF_LoadMemDocument64(buf, len(data), None)
    rect = r.FS_RECTF()
    n = 0
    try:
        for i in range(r.FPDF_GetPageCount(doc)):
            page = r.FPDF_LoadPage(doc, i)
            tp = r.FPDFText_LoadPage(page)
            for j in range(r.FPDFText_CountChars(tp)):
                r.FPDFText_GetLooseCharBox(tp, j, rect)
                n += 1
            r.FPDFText_ClosePage(tp)
            r.FPDF_ClosePage(page)
    finally:
        r.FPDF_CloseDocument(doc)
    return n


def full_read(path: Path, engine: str):
    import nlp_reports as nr

    return nr.read_report(path, engine=engine, timeout=None, max_memory=None)


def child(engine: str, paths: list[str]) -> None:
    """Read every file with ``engine`` in this fresh process; print its peak resident memory (MB)."""
    import resource

    for p in paths:
        full_read(Path(p), engine)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": peak_kb / 1024}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS", str(ROOT.parent / "shared" / "corpora" / "real"))
    )
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-jobs", action="store_true", help="skip the read_corpus runs with 1 and 2 jobs")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.paths)
        return 0
    paths = real_pdfs(Path(args.real))
    if not paths:
        print(f"no PDFs under {args.real}/pdf and {args.real}/rendered; pass --real", file=sys.stderr)
        return 2
    import logging

    from pdfminer.pdfpage import PDFPage

    import nlp_reports as nr

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font descriptor chatter of the bare pass
    datas = [(p, p.read_bytes()) for p in paths]
    n_pages = sum(sum(1 for _ in PDFPage.get_pages(io.BytesIO(d))) for _, d in datas)
    print(f"{len(paths)} real PDFs ({n_pages} pages): {', '.join(p.name for p in paths)}")
    for p, _ in datas:  # warm up imports and lazily built tables of both engines
        for e in ENGINES:
            full_read(p, e)
        break
    res: dict[str, dict[str, float]] = {}
    bare = {"pdfminer": bare_pdfminer, "pdfium": bare_pdfium}
    for e in ENGINES:
        t_full, cpu_full = best_times(lambda e=e: [full_read(p, e) for p, _ in datas], args.repeat)
        t_bare = best(lambda e=e: [bare[e](d) for _, d in datas], args.repeat)
        res[e] = {"full": t_full, "bare": t_bare, "cpu": cpu_full}
    for e in ENGINES:
        r = res[e]
        if not args.no_jobs:
            for jobs in (1, 2):
                t0 = time.perf_counter()
                corpus = nr.read_corpus(paths, engine=e, n_jobs=jobs, progress=False)
                r[f"rpm{jobs}"] = len(paths) / (time.perf_counter() - t0) * 60
                assert not corpus.errors, corpus.errors_frame()
        out = subprocess.run(
            [sys.executable, __file__, "--child", e, *map(str, paths)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")},
        )
        r["peak_mb"] = json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]
    print(
        f"{'engine':9s} {'s/page':>7s} {'full s':>7s} {'bare s':>7s} {'full/bare':>9s} {'rep/min 1 job':>13s} "
        f"{'rep/min 2 jobs':>14s} {'peak MB':>8s}"
    )
    for e in ENGINES:
        r = res[e]
        jobs = "" if args.no_jobs else f"{r['rpm1']:13.1f} {r['rpm2']:14.1f}"
        print(
            f"{e:9s} {r['full'] / n_pages:7.3f} {r['full']:7.2f} {r['bare']:7.2f} {r['full'] / r['bare']:9.2f} "
            f"{jobs:>28s} {r['peak_mb']:8.0f}"
        )
    print(
        f"full read, pdfium vs pdfminer: {res['pdfminer']['full'] / res['pdfium']['full']:.1f}x faster"
        + f" (CPU time: {res['pdfminer']['cpu'] / res['pdfium']['cpu']:.1f}x)"
        + ("" if args.no_jobs else f"; read_corpus 2 jobs: {res['pdfium']['rpm2'] / res['pdfminer']['rpm2']:.1f}x")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
