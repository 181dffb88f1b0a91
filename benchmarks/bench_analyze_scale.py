"""``nlp-reports analyze`` on 10,000 and 100,000 synthetic inputs: wall time, reports/min, MAIN process peak memory.

    python benchmarks/bench_analyze_scale.py [--real ../shared/corpora/real] [--sizes 10000,100000]
        [--variants 120] [--mode cached|distinct] [--n-jobs 2] [--batch-size 500]

Inputs are real reports (texts, PDFs and renderings of ``$NLP_REPORTS_REAL_CORPUS``, else
``corpora/sample``).  ``--variants`` distinct documents are made from them: each text report gets
another report year (the year of its file name replaced by one of 2014–2025 throughout the text) and a
line of its own at the end; each PDF a distinct trailing comment (same content, other bytes).  The N
inputs of a run are hard links to these variants under distinct file names (so doc ids differ and the
``duplicate_content`` rule fires, as it would for mirrored copies), spread over folders of 1,000.

* ``--mode cached`` (default): a first, unmeasured run reads the variants into a cache; the measured
  runs then find every input in the cache (identical bytes), so reading is a hash and a cache decode
  and the run measures what grows with N in the MAIN process — frames per batch, the NLP rows, the
  parquet writes, the doc-id and agency registers, the manifest, the panel and the CSVs.  Reading
  itself (workers) is measured by ``bench_scale.py`` / ``bench_read.py``.
* ``--mode distinct``: every input gets distinct bytes and no cache is used: the real end-to-end
  cost, for the sizes this machine can afford (a few thousand).

The main process's peak is its own ``getrusage(RUSAGE_SELF).ru_maxrss``, written by a small wrapper
around the CLI when it ends (workers are separate processes and not counted).  With more than
``--compare-max`` (2,000) reports the comparisons across reports and summary.html are skipped by
design (see ``nlp_reports/streaming_job.py``); the benchmark runs with ``--compare never`` by default so
that every size does the same work.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = (
    "import json, resource, sys\n"
    "from nlp_reports.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "json.dump({'code': code, 'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}, open(sys.argv[1], 'w'))\n"
    "sys.exit(code)\n"
)


def sources(real: Path) -> list[Path]:
    if (real / "text").is_dir():
        return (
            sorted((real / "text").glob("*.txt"))
            + sorted((real / "pdf").glob("*.pdf"))
            + sorted((real / "rendered").glob("*.pdf"))
        )
    sample = ROOT / "corpora" / "sample"
    return (
        sorted((sample / "txt").glob("*.txt"))
        + sorted((sample / "pdf").glob("*.pdf"))
        + sorted((sample / "html").glob("*.html"))
    )


def make_variants(src: list[Path], k: int, dest: Path) -> list[Path]:
    """``k`` distinct documents: texts with another year and a line of their own, PDFs with another trailing comment."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(k):
        s = src[i % len(src)]
        data = s.read_bytes()
        m = re.search(r"(20[012]\d)", s.name)
        year = 2014 + i % 12
        stem = s.name.split(".")[0]
        if s.suffix in (".txt", ".html") and m:
            text = data.decode("utf-8", errors="replace").replace(f"{m.group(1)}年", f"{year}年")
            stem = stem.replace(m.group(1), str(year))
            data = (text + f"\n（第{i}号）\n").encode("utf-8")
        elif s.suffix == ".pdf":
            data = data + f"\n%variant {i}\n".encode()
        p = dest / f"{stem}_v{i:04d}{s.suffix}"
        p.write_bytes(data)
        out.append(p)
    return out


def make_inputs(variants: list[Path], n: int, dest: Path, distinct: bool) -> None:
    for i in range(n):
        v = variants[i % len(variants)]
        folder = dest / f"f{i // 1000:03d}"
        if i % 1000 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        p = folder / f"{v.stem}_r{i:06d}{v.suffix}"
        if distinct:
            tail = (f"\n（副本{i}）\n" if v.suffix != ".pdf" else f"\n%copy {i}\n").encode("utf-8")
            p.write_bytes(v.read_bytes() + tail)
        else:
            os.link(v, p)


def analyze(inputs: Path, out: Path, cache: Path | None, n_jobs: int, batch: int, compare: str = "never") -> dict:
    stats = out.parent / (out.name + ".rusage.json")
    cmd = [
        sys.executable,
        "-c",
        WRAPPER,
        str(stats),
        "analyze",
        str(inputs),
        "--out",
        str(out),
        "--n-jobs",
        str(n_jobs),
        "--batch-size",
        str(batch),
        "--no-progress",
        "--ocr",
        "never",
        "--compare",
        compare,
    ]
    if cache is not None:
        cmd += ["--cache-dir", str(cache)]
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), MPLBACKEND="Agg")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"analyze failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    info = json.loads(stats.read_text())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {
        "wall_s": wall,
        "peak_mb": info["maxrss_kb"] / 1024,
        "n_reports": manifest["n_reports"],
        "n_errors": manifest["n_errors"],
        "message": proc.stdout.strip().splitlines()[-1],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--real", default=os.environ.get("NLP_REPORTS_REAL_CORPUS", "../shared/corpora/real"))
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--variants", type=int, default=120)
    ap.add_argument("--mode", choices=["cached", "distinct"], default="cached")
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument(
        "--compare",
        choices=["auto", "always", "never"],
        default="never",
        help="comparisons across reports (default never: with auto they run only up to 2,000 reports, "
        "which would make the sizes incomparable)",
    )
    ap.add_argument("--work", default=None, help="working folder (default: a temporary one, removed at the end)")
    args = ap.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench_analyze_"))
    work.mkdir(parents=True, exist_ok=True)
    src = sources(Path(args.real))
    print(
        f"{len(src)} source reports from {args.real if (Path(args.real) / 'text').is_dir() else 'corpora/sample'}; "
        f"{args.variants} variants; mode {args.mode}; n_jobs {args.n_jobs}; batch {args.batch_size}"
    )
    variants = make_variants(src, args.variants, work / "variants")
    cache = None
    if args.mode == "cached":
        cache = work / "cache"
        warm = analyze(work / "variants", work / "out_warm", cache, args.n_jobs, args.batch_size)
        print(f"warm-up (fills the cache, not counted): {warm['n_reports']} reports in {warm['wall_s']:.0f} s")
    results = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            inputs = work / f"inputs_{n}"
            make_inputs(variants, n, inputs, distinct=args.mode == "distinct")
            r = analyze(inputs, work / f"out_{n}", cache, args.n_jobs, args.batch_size, args.compare)
            r["n"] = n
            results.append(r)
            print(
                f"N={n:>7}: {r['wall_s']:8.1f} s  {r['n_reports'] / r['wall_s'] * 60:8.0f} reports/min  "
                f"main peak {r['peak_mb']:7.1f} MB  ({r['n_reports']} reports, {r['n_errors']} errors)",
                flush=True,
            )
            shutil.rmtree(inputs, ignore_errors=True)
            shutil.rmtree(work / f"out_{n}", ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        print(f"main peak ratio N={b['n']} / N={a['n']}: {b['peak_mb'] / a['peak_mb']:.2f} (done when <= 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
