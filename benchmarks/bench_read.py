"""Reading-layer speed on the real PDFs: our full parse vs a bare pdfminer pass, n_jobs=2, cached rerun,
and the cost of the NLP stage relative to reading.

    python benchmarks/bench_read.py [--real ../shared/corpora/real] [--repeat 3]

Prints a table per file and the totals. Targets: full parse <= 1.2x the bare pass; NLP <= 10% of reading.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
from pathlib import Path

from _common import best, real_pdfs


def bare_pass(path: Path) -> int:
    """What any pdfminer user pays: extract_pages with default layout analysis, touching every object."""
    from pdfminer.high_level import extract_pages

    n = 0
    for page in extract_pages(str(path)):
        for _ in page:
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS", "../shared/corpora/real"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    real = Path(args.real)
    pdfs = real_pdfs(real)
    if not pdfs:
        print(f"no PDFs under {real}; pass --real", file=sys.stderr)
        return 2
    import nlp_reports as nr
    from nlp_reports.corpus.analysis import analyze_reports

    clf = nr.StatementClassifier.pretrained()
    tagger = nr.ThemeTagger.pretrained()
    nr.split_statements("一是加强培训。")  # warm the tokenizer/splitter once, like a session would

    print(f"{'file':38} {'bare s':>8} {'ours s':>8} {'ratio':>6} {'nlp s':>8} {'nlp %':>6}")
    tot_bare = tot_ours = tot_nlp = 0.0
    ratios = []
    for p in pdfs:
        tb = best(lambda p=p: bare_pass(p), args.repeat)
        reps = []
        to = best(lambda p=p, reps=reps: reps.append(nr.read_report(p)), args.repeat)
        rep = reps[-1]
        tn = best(lambda rep=rep: analyze_reports([rep], clf, tagger), args.repeat)
        tot_bare += tb
        tot_ours += to
        tot_nlp += tn
        ratios.append(to / tb)
        print(f"{p.name:38} {tb:8.3f} {to:8.3f} {to / tb:6.2f} {tn:8.4f} {100 * tn / to:5.1f}%")
    print(
        f"{'TOTAL':38} {tot_bare:8.3f} {tot_ours:8.3f} {tot_ours / tot_bare:6.2f} {tot_nlp:8.4f} {100 * tot_nlp / tot_ours:5.1f}%"
    )
    print(f"median per-file ratio ours/bare: {statistics.median(ratios):.2f} (target <= 1.2)")
    all_reps = [nr.read_report(p) for p in pdfs]
    tb_nlp = best(lambda: analyze_reports(all_reps, clf, tagger), args.repeat)
    print(
        f"NLP over all {len(pdfs)} reports in one batch (as statements_frame runs it): {tb_nlp:.3f} s, "
        f"{1000 * tb_nlp / len(pdfs):.1f} ms/report = {100 * tb_nlp / tot_ours:.1f}% of reading"
    )
    print(f"NLP stage / reading: {100 * tot_nlp / tot_ours:.1f}% (target <= 10%)")

    # corpus-level: n_jobs 1 vs 2, and a cached rerun
    with tempfile.TemporaryDirectory() as tmp:
        t1 = best(lambda: nr.read_corpus(pdfs, n_jobs=1, progress=False), 1)
        t2 = best(lambda: nr.read_corpus(pdfs, n_jobs=2, progress=False), 1)
        cache = Path(tmp) / "cache"
        tc0 = best(lambda: nr.read_corpus(pdfs, n_jobs=1, cache_dir=cache, progress=False), 1)
        tc1 = best(lambda: nr.read_corpus(pdfs, n_jobs=1, cache_dir=cache, progress=False), 1)
    print(f"read_corpus {len(pdfs)} PDFs: n_jobs=1 {t1:.2f} s, n_jobs=2 {t2:.2f} s, speed-up x{t1 / t2:.2f}")
    print(f"cache: first run {tc0:.2f} s, rerun {tc1:.3f} s, speed-up x{tc0 / max(tc1, 1e-9):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
