"""Fuzz and fault run of the reading layer: hostile inputs through ``read_corpus``, one summary line.

Generates, seeded and reproducible:

* ``mutant``     real PDFs (``$NLP_REPORTS_REAL_CORPUS/pdf`` and ``rendered``) with byte flips,
                 truncations, chunk duplications and deletions (1-3 operations each);
* ``flate_bomb`` a PDF whose page content is a FlateDecode stream of ``--bomb-mb`` MB that
                 inflates about 1,000-fold (1 MB -> 1 GB of blanks);
* ``xobject_bomb`` a 2 KB PDF whose form XObjects each draw the next one twice (2^depth draws);
* ``html_huge``, ``html_nested``, ``html_spans``, ``html_comments``  a page of many MB, tags nested
                 tens of thousands deep, a table of huge row/col spans, ``<!---->`` repeated;
* ``encoding``   UTF-16 without BOM, UTF-8 with NULs, mixed UTF-8/GBK, Big5, UTF-32, random bytes.

then reads them all with ``read_corpus`` (joblib processes, or Dask with ``--backend dask``),
passing ``timeout`` and, when this version of ``read_corpus`` has it, ``max_memory``, and
prints ONE line::

    fuzz backend=local n_jobs=2 inputs=1012 reports=… errors=… crashes=0 hangs=0 worker_deaths=0
    peak_worker_mb=… longest_s=… limits=timeout:30,max_memory:1GB reasons=corrupt:…,timeout:…

``crashes`` counts exceptions that escaped ``read_corpus`` plus ``internal_error`` records (an
exception of ours caught by the batch); ``hangs`` counts inputs whose result came later than the
timeout allows (or a batch that had to be killed); ``worker_deaths`` counts ``worker_died``
records and dead-worker exceptions; ``peak_worker_mb`` is the largest resident memory of any one
process of the run (sampled every 0.1 s with psutil).

    python scripts/fuzz_batch.py --mutants 1000 --n-jobs 2 --timeout 30
    python scripts/fuzz_batch.py --mutants 1000 --backend dask --n-jobs 2
    python scripts/fuzz_batch.py --mutants 30 --small          # the size the test suite runs
    python scripts/fuzz_batch.py --mutants 100 --ocr auto      # OCR on: damaged pages go to OCR

The same functions are used by ``tests/test_fuzz.py`` on a small sample.
"""

from __future__ import annotations

import argparse
import inspect
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp_reports.testing import hostile_pdfs

#: reasons an input may end with; anything else (``internal_error``) is a bug
EXPECTED_REASONS = frozenset(
    {
        "corrupt",
        "not_a_pdf",
        "no_text_layer",
        "encrypted",
        "empty",
        "not_a_report",
        "unsupported_format",
        "timeout",
        "memory",
        "worker_died",
        "not_found",
    }
)


# --------------------------------------------------------------------------- mutants


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """1-3 random operations on ``data``: byte flips, truncation, chunk duplication or deletion."""
    ops = []
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.choice(("flip", "flip", "truncate", "duplicate", "delete"))
        n = len(b)
        if n < 16:
            break
        if op == "flip":
            k = rng.randint(1, 64)
            for _ in range(k):
                b[rng.randrange(n)] = rng.randrange(256)
            ops.append(f"flip{k}")
        elif op == "truncate":
            cut = rng.randrange(n // 10, n)
            del b[cut:]
            ops.append(f"truncate@{cut}")
        elif op == "duplicate":
            a = rng.randrange(n)
            ln = rng.randint(1, min(65536, n - a))
            at = rng.randrange(n)
            b[at:at] = b[a : a + ln]
            ops.append(f"dup{ln}")
        else:
            a = rng.randrange(n)
            ln = rng.randint(1, min(65536, n - a))
            del b[a : a + ln]
            ops.append(f"del{ln}")
    return bytes(b), "+".join(ops)


def real_pdfs(real: str | None = None) -> list[Path]:
    """The PDFs mutants are made from: ``pdf/`` and ``rendered/`` of the real corpus."""
    root = Path(real or os.environ.get("NLP_REPORTS_REAL_CORPUS", ""))
    return sorted((root / "pdf").glob("*.pdf")) + sorted((root / "rendered").glob("*.pdf"))


# --------------------------------------------------------------------------- HTML and encodings

_REPORT = (
    "清溪镇2022年政府信息公开工作年度报告\n一、总体情况\n本年度我镇扎实推进政府信息公开工作，公开质量稳步提高。\n"
    "二、主动公开政府信息情况\n全年主动公开各类信息三百余条。\n三、收到和处理政府信息公开申请情况\n"
    "本年新收政府信息公开申请五件，均已按期答复。\n四、政府信息公开行政复议、行政诉讼情况\n本年度无行政复议和行政诉讼。\n"
    "五、存在的主要问题及改进情况\n一是公开内容不够全面。二是更新不够及时。下一步将完善工作机制。\n"
    "六、其他需要报告的事项\n无。\n"
)


def _page(body: str, head: str = "") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


def _paras(text: str = _REPORT) -> str:
    return "".join(f"<p>{ln}</p>" for ln in text.split("\n") if ln)


def html_inputs(scale: float = 1.0) -> dict[str, bytes]:
    """Huge, deeply nested, span-bomb and comment-bomb pages (``scale`` 1.0 = full size)."""
    n = max(1, int(scale * 1000))
    spans = "".join(
        "<tr>" + "".join(f"<td rowspan='{10**9}' colspan='{10**6}'>{i}</td>" for _ in range(3)) + "</tr>"
        for i in range(2 * n)
    )
    return {
        "html_huge.html": _page(_paras() + _paras("本年度政府信息公开工作持续推进，各项制度逐步完善。\n" * (40 * n))),
        "html_nested.html": _page("<div>" * (50 * n) + _paras() + "</div>" * (50 * n)),
        "html_nested_tables.html": _page(_paras() + "<table><tr><td>" * (5 * n) + "1" + "</td></tr></table>" * (5 * n)),
        "html_spans.html": _page(_paras() + f"<table>{spans}</table>"),
        "html_comments.html": b"<!---->" * (100 * n) + _page(_paras() + "<!--" * (100 * n)),
        "html_unclosed.html": _page(_paras() + "<p><b><i><span>" * (20 * n)),
    }


def encoding_inputs(seed: int = 0) -> dict[str, bytes]:
    """The invented report in encodings a batch meets, plus bytes that are no text at all."""
    rng = random.Random(seed)
    lines = _REPORT.split("\n")
    out = {
        "enc_utf16le_nobom.txt": _REPORT.encode("utf-16-le"),
        "enc_utf16be_nobom.txt": _REPORT.encode("utf-16-be"),
        "enc_utf8_nuls.txt": _REPORT.encode("utf-8").replace("。".encode(), "。".encode() + b"\x00\x00"),
        "enc_mixed_utf8_gbk.txt": "\n".join(lines[:5]).encode() + b"\n" + "\n".join(lines[5:]).encode("gbk"),
        "enc_gb18030.txt": _REPORT.encode("gb18030"),
        "enc_utf32.txt": _REPORT.encode("utf-32"),
        "enc_random.txt": bytes(rng.randrange(256) for _ in range(20000)),
        "enc_latin1_noise.txt": bytes(rng.randrange(0x80, 0x100) for _ in range(20000)),
    }
    try:
        import opencc

        out["enc_big5.txt"] = opencc.OpenCC("s2tw").convert(_REPORT).encode("big5", errors="replace")
    except ImportError:
        pass
    return out


# --------------------------------------------------------------------------- generation


def generate(
    out_dir: Path,
    *,
    mutants: int,
    seed: int = 0,
    bomb_mb: int = 1024,
    xobject_depth: int = 40,
    html_scale: float = 1.0,
    real: str | None = None,
    bombs: bool = True,
) -> dict[str, str]:
    """Write every input to ``out_dir``; returns {file name: kind}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}
    rng = random.Random(seed)
    sources = real_pdfs(real)
    if mutants and not sources:
        raise SystemExit("no real PDFs: set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    originals = {p: p.read_bytes() for p in sources}
    for i in range(mutants):
        src = sources[i % len(sources)]
        data, ops = mutate(originals[src], rng)
        name = f"mut_{i:04d}_{src.stem}.pdf"
        (out_dir / name).write_bytes(data)
        kinds[name] = "mutant"
    if bombs:
        (out_dir / "bomb_flate.pdf").write_bytes(hostile_pdfs.flate_bomb(bomb_mb))
        kinds["bomb_flate.pdf"] = "flate_bomb"
        (out_dir / "bomb_xobject.pdf").write_bytes(hostile_pdfs.xobject_bomb(xobject_depth, fanout=2))
        kinds["bomb_xobject.pdf"] = "xobject_bomb"
    for name, data in html_inputs(html_scale).items():
        (out_dir / name).write_bytes(data)
        kinds[name] = name.split(".")[0]
    for name, data in encoding_inputs(seed).items():
        (out_dir / name).write_bytes(data)
        kinds[name] = "encoding"
    return kinds


# --------------------------------------------------------------------------- running


class PeakMemory:
    """Samples the resident memory of this process and all its children; ``peak_mb`` = largest single process."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            try:
                procs = [me] + me.children(recursive=True)
            except psutil.Error:
                procs = [me]
            for p in procs:
                try:
                    self.peak_mb = max(self.peak_mb, p.memory_info().rss / 2**20)
                except psutil.Error:
                    continue
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class FuzzResult:
    """What one run found; ``line()`` is the one-line summary."""

    backend: str
    n_jobs: int
    limits: dict[str, Any]
    inputs: int = 0
    reports: int = 0
    errors: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    worker_deaths: int = 0
    peak_worker_mb: float = 0.0
    longest_s: float = 0.0
    seconds: float = 0.0
    reasons: Counter = field(default_factory=Counter)
    outcome: dict[str, str] = field(default_factory=dict)  # file name -> 'ok' / 'warnings' / reason
    took: dict[str, float] = field(default_factory=dict)  # file name -> seconds since the previous result

    def line(self) -> str:
        lim = ",".join(f"{k}:{v}" for k, v in self.limits.items())
        reasons = ",".join(f"{k}:{v}" for k, v in sorted(self.reasons.items()))
        return (
            f"fuzz backend={self.backend} n_jobs={self.n_jobs} inputs={self.inputs} reports={self.reports} "
            f"errors={self.errors} crashes={len(self.crashes)} hangs={len(self.hangs)} "
            f"worker_deaths={self.worker_deaths} peak_worker_mb={self.peak_worker_mb:.0f} "
            f"longest_s={self.longest_s:.1f} total_s={self.seconds:.0f} limits={lim} reasons={reasons}"
        )


def read_corpus_limits(
    timeout: float, max_memory: str | None, ocr: str = "never", engine: str = "pdfminer"
) -> dict[str, Any]:
    """The limit keywords this version of ``read_corpus`` accepts (``max_memory``, ``engine`` only once they exist)."""
    import nlp_reports as nr

    params = inspect.signature(nr.read_corpus).parameters
    kw: dict[str, Any] = {}
    if "timeout" in params:
        kw["timeout"] = timeout
    if "max_memory" in params and max_memory is not None:
        kw["max_memory"] = max_memory
    if "ocr" in params:
        # default off: the OCR path is slow (seconds a page) and has its own tests (tests/test_ocr.py);
        # ``--ocr auto`` sends mutants whose text layer broke to OCR (their time limit grows by design)
        kw["ocr"] = ocr
    if "engine" in params:
        kw["engine"] = engine
    return kw


def allowed_seconds(path: Path, timeout: float, n_ocr: int) -> float:
    """The time limit the batch gives ``path``: ``timeout``, more for a long PDF and per OCR'd page."""
    try:
        from nlp_reports.corpus.isolation import Limits
        from nlp_reports.corpus.worker import count_pdf_pages
    except ImportError:  # an older version: one limit for every file
        return timeout
    data = path.read_bytes()
    n_pages = count_pdf_pages(data) if data.lstrip()[:5] == b"%PDF-" else 0
    return Limits(timeout).deadline_seconds(n_pages, n_ocr) or timeout


def run(
    paths: list[Path],
    *,
    backend: str = "local",
    n_jobs: int = 2,
    timeout: float = 30.0,
    max_memory: str | None = "1GB",
    grace: float = 15.0,
    report_every: int = 0,
    ocr: str = "never",
    engine: str = "pdfminer",
) -> FuzzResult:
    """Read ``paths`` as one batch, streaming results to time each one; see the module docstring.

    A result is a hang when it came more than ``grace`` seconds after the file's own limit (the
    timeout, raised for long PDFs and per OCR'd page as ``read_corpus`` does; with OCR on, a file
    that ended in an error may have OCR'd every page).
    """
    from nlp_reports.corpus.reader import iter_reports

    limits = read_corpus_limits(timeout, max_memory, ocr, engine)
    by_name = {p.name: p for p in paths}
    res = FuzzResult(backend, n_jobs, dict(limits) or {"none": "none"}, inputs=len(paths))
    kw = dict(limits)
    iter_params = inspect.signature(iter_reports).parameters  # ReadOptions' fields as **kwargs, or older keywords
    any_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in iter_params.values())
    kw = {k: v for k, v in kw.items() if any_kw or k in iter_params}
    if backend == "dask":
        kw["backend"] = "dask"
    t0 = last = time.perf_counter()
    names = [p.name for p in paths]
    with PeakMemory() as mem:
        try:
            for i, (rep, err, _cached) in enumerate(
                iter_reports([str(p) for p in paths], n_jobs=n_jobs, progress=False, **kw)
            ):
                now = time.perf_counter()
                took = now - last  # with n_jobs > 1 an upper bound of one input's time
                last = now
                res.longest_s = max(res.longest_s, took)
                name = Path(rep.meta.source if rep is not None else err.source).name
                res.took[name] = took
                if rep is not None:
                    res.reports += 1
                    res.outcome[name] = "warnings" if rep.warnings else "ok"
                else:
                    res.errors += 1
                    res.reasons[err.reason] += 1
                    res.outcome[name] = err.reason
                    if err.reason not in EXPECTED_REASONS:
                        res.crashes.append(f"{name}: {err.reason}: {err.message[:200]}")
                    if err.reason == "worker_died":
                        res.worker_deaths += 1
                if took > timeout + grace:  # past the plain timeout: is it past this file's own limit?
                    n_ocr = 0
                    if limits.get("ocr", "never") != "never":
                        n_ocr = len(getattr(rep.meta, "ocr_pages", []) or []) if rep is not None else 10**6
                    allowed = allowed_seconds(by_name[name], timeout, n_ocr) if name in by_name else timeout
                    if took > allowed + grace:
                        res.hangs.append(f"{name}: result after {took:.0f} s (its limit {allowed:.0f} s)")
                if report_every and (i + 1) % report_every == 0:  # a partial line for long runs
                    res.peak_worker_mb = mem.peak_mb
                    res.seconds = now - t0
                    print(f"partial {i + 1}/{len(paths)}: " + res.line(), file=sys.stderr, flush=True)
        except Exception as exc:  # noqa: BLE001 - what the fuzz run exists to find
            kind = type(exc).__name__
            res.crashes.append(f"batch: {kind}: {str(exc)[:200]}")
            if "Terminated" in kind or "worker" in str(exc).lower():
                res.worker_deaths += 1
    res.peak_worker_mb = mem.peak_mb
    res.seconds = time.perf_counter() - t0
    missing = [n for n in names if n not in res.outcome]
    if missing and not res.crashes:
        res.crashes.append(f"{len(missing)} input(s) without a result, e.g. {missing[0]}")
    return res


def run_dask(paths: list[Path], *, n_jobs: int = 2, memory_limit: str = "3GB", **kw: Any) -> FuzzResult:
    """:func:`run` on a local Dask cluster of ``n_jobs`` one-thread worker processes."""
    import logging

    import distributed

    with (
        distributed.LocalCluster(
            n_workers=n_jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit=memory_limit,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(n_jobs, timeout=120)
        return run(paths, backend="dask", n_jobs=n_jobs, **kw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mutants", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--backend", choices=("local", "dask"), default="local")
    ap.add_argument("--n-jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--max-memory", default="1GB", help="passed to read_corpus when it has max_memory")
    ap.add_argument("--bomb-mb", type=int, default=1024, help="inflated size of the FlateDecode bomb")
    ap.add_argument("--xobject-depth", type=int, default=40)
    ap.add_argument("--small", action="store_true", help="small bombs and pages (the test-suite size)")
    ap.add_argument(
        "--no-bombs",
        action="store_true",
        help="leave out the two PDF bombs (for a backend where this version cannot stop them)",
    )
    ap.add_argument("--dir", default=None, help="where to write the inputs (default: a temporary folder)")
    ap.add_argument("--real", default=None, help="the real corpus (default $NLP_REPORTS_REAL_CORPUS)")
    ap.add_argument(
        "--ocr",
        choices=("never", "auto"),
        default="never",
        help="OCR mode of the run: 'auto' OCRs mutants whose text layer broke (slow: seconds a page)",
    )
    ap.add_argument("--engine", choices=("pdfminer", "pdfium"), default="pdfminer", help="the PDF engine of the run")
    ap.add_argument("--outcomes", default=None, help="write a TSV: input, kind, outcome, seconds")
    ap.add_argument("--show", type=int, default=10, help="list up to this many crashes/hangs after the line")
    ap.add_argument("--report-every", type=int, default=100, help="a partial summary on stderr every N inputs")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nlp_reports_fuzz_") as tmp:
        out = Path(args.dir or tmp)
        kinds = generate(
            out,
            mutants=args.mutants,
            seed=args.seed,
            bomb_mb=16 if args.small else args.bomb_mb,
            xobject_depth=args.xobject_depth,
            html_scale=0.05 if args.small else 1.0,
            real=args.real,
            bombs=not args.no_bombs,
        )
        paths = sorted(out / name for name in kinds)
        kw = dict(
            n_jobs=args.n_jobs,
            timeout=args.timeout,
            max_memory=args.max_memory,
            report_every=args.report_every,
            ocr=args.ocr,
            engine=args.engine,
        )
        res = run_dask(paths, **kw) if args.backend == "dask" else run(paths, backend="local", **kw)
        print(res.line(), flush=True)
        for msg in (res.crashes + res.hangs)[: args.show]:
            print("  " + msg)
        if args.outcomes:
            with open(args.outcomes, "w", encoding="utf-8") as fh:
                for name in sorted(res.outcome):
                    fh.write(f"{name}\t{kinds.get(name, '?')}\t{res.outcome[name]}\t{res.took.get(name, 0):.1f}\n")
        by_kind: dict[str, Counter] = {}
        for name, outcome in res.outcome.items():
            by_kind.setdefault(kinds.get(name, "?"), Counter())[outcome] += 1
        for kind, cnt in sorted(by_kind.items()):
            print(f"  {kind}: " + ", ".join(f"{k}={v}" for k, v in sorted(cnt.items())))
    return 1 if res.crashes or res.hangs else 0


if __name__ == "__main__":
    sys.exit(main())
