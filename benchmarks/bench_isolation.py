"""Cost and memory of reading every file in a limited worker process, on the real PDFs.

    python benchmarks/bench_isolation.py [--real ../shared/corpora/real] [--repeat 2]

Per file: seconds in-process (no limits) vs through a pooled worker (default limits), and the
worker's peak resident memory while reading it (polled every 50 ms). Also the start-up cost of a
worker and the worker's resident memory when idle. Use the peaks to choose ``max_memory``: the
default must sit well above the largest real report and well below what a bomb would take.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS", "../shared/corpora/real"))
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    real = Path(args.real)
    pdfs = (
        sorted((real / "pdf").glob("*.pdf"))
        + sorted((real / "rendered").glob("*.pdf"))
        + sorted((real / "bad").glob("*.pdf"))
    )
    if not pdfs:
        print(f"no PDFs under {real}; pass --real", file=sys.stderr)
        return 2
    import psutil

    from nlp_reports.corpus.isolation import Limits, Worker, parse_memory
    from nlp_reports.corpus.reader import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
    from nlp_reports.corpus.worker import read_payload

    limits = Limits(DEFAULT_TIMEOUT, parse_memory(DEFAULT_MAX_MEMORY))
    t0 = time.perf_counter()
    w = Worker(limits.max_memory)
    w._wait_ready()
    start = time.perf_counter() - t0
    idle = psutil.Process(w.proc.pid).memory_info().rss
    for p in pdfs:  # warm both paths (imports, jieba) before timing
        read_payload(str(p), {})
        w.read(str(p), {}, limits)
    print(
        f"worker start-up {start:.2f} s, idle RSS {idle / 2**20:.0f} MB; limits: timeout {limits.timeout:g} s, "
        f"max_memory {limits.max_memory / 2**20:.0f} MB"
    )
    print(f"{'file':40} {'in-proc s':>9} {'worker s':>9} {'overhead':>8} {'peak MB':>8}")
    tot_in = tot_w = 0.0
    peaks = []
    for p in pdfs:
        t_in = min(_time(lambda p=p: read_payload(str(p), {})) for _ in range(args.repeat))
        t_w = min(_time(lambda p=p: w.read(str(p), {}, limits)) for _ in range(args.repeat))
        # a fresh worker per file for a clean peak (a reused worker keeps its heap)
        fresh = Worker(limits.max_memory)
        fresh.read(str(p), {}, limits)
        peak = fresh.last_peak
        fresh.kill()
        peaks.append(peak)
        tot_in += t_in
        tot_w += t_w
        print(
            f"{p.parent.name + '/' + p.name:40} {t_in:9.3f} {t_w:9.3f} {(t_w / t_in - 1) * 100:7.1f}% {peak / 2**20:8.0f}"
        )
    w.kill()
    print(f"{'TOTAL':40} {tot_in:9.3f} {tot_w:9.3f} {(tot_w / tot_in - 1) * 100:7.1f}% {max(peaks) / 2**20:8.0f} (max)")
    return 0


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
