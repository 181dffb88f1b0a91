"""Corpus-scale run: the real corpus replicated to N files; reports/minute for n_jobs 1 and 2, peak memory.

    python benchmarks/bench_scale.py [--real ../shared/corpora/real] [--n 1000] [--kinds text,pdf]

Each copy gets one extra trailing byte so that its content hash differs (no cache is used anyway).
Memory: peak resident set size of this process (ru_maxrss) and of the worker processes (VmHWM), measured
while streaming with ``iter_reports`` (reports are written to a JSON-lines file, not held).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def replicate(real: Path, n: int, kinds: list[str], dest: Path) -> list[Path]:
    src: list[Path] = []
    if "text" in kinds:
        src += sorted((real / "text").glob("*.txt"))
    if "pdf" in kinds:
        src += sorted((real / "pdf").glob("*.pdf")) + sorted((real / "rendered").glob("*.pdf"))
    out = []
    for i in range(n):
        s = src[i % len(src)]
        p = dest / f"{s.stem.split('.')[0]}__copy{i:05d}{s.suffix}"
        data = s.read_bytes()
        p.write_bytes(data + (b"\n" if s.suffix == ".txt" else b"%\n") * (1 + i // len(src)))
        out.append(p)
    return out


def run(files: list[Path], n_jobs: int, sink: Path) -> tuple[float, int, int]:
    from nlp_reports.corpus import iter_reports

    t0 = time.perf_counter()
    ok = bad = 0
    with open(sink, "w", encoding="utf-8") as fh:
        for rep, _err, _ in iter_reports(files, n_jobs=n_jobs, progress=False):
            if rep is not None:
                ok += 1
                fh.write(json.dumps({"doc_id": rep.meta.doc_id, "n": len(rep.text)}, ensure_ascii=False) + "\n")
            else:
                bad += 1
    return time.perf_counter() - t0, ok, bad


def _descendant_peak_mb() -> float:
    """Largest peak RSS (VmHWM) among live descendant processes (the reusable loky workers)."""
    parent: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    parent[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    me, peak = os.getpid(), 0.0
    for pid in parent:
        p, hops = pid, 0
        while p in parent and p != me and hops < 10:
            p, hops = parent[p], hops + 1
        if p == me and pid != me:
            try:
                with open(f"/proc/{pid}/status") as fh:
                    for line in fh:
                        if line.startswith("VmHWM:"):
                            peak = max(peak, int(line.split()[1]) / 1024)
            except OSError:
                pass
    return peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS", "../shared/corpora/real"))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--kinds", default="text,pdf")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = replicate(Path(args.real), args.n, args.kinds.split(","), Path(tmp))
        print(f"{len(files)} files ({args.kinds})")
        for n_jobs in (1, 2):
            secs, ok, bad = run(files, n_jobs, Path(tmp) / f"out{n_jobs}.jsonl")
            print(f"n_jobs={n_jobs}: {secs:.1f} s, {60 * len(files) / secs:.0f} reports/minute ({ok} ok, {bad} errors)")
            worker_mb = _descendant_peak_mb() if n_jobs > 1 else 0.0
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: main process {self_mb:.0f} MB, largest worker {worker_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
