"""Read each file in a worker process that can be killed: a time limit and a memory limit per file.

Every backend (one process, our thread pool, joblib/loky, threading, Dask) reads a file by handing it
to a worker process of this module and waiting for its answer. The parent enforces:

* **time**: ``timeout`` seconds per file; for a PDF at least ``PER_PAGE_SECONDS`` per page of a cheap
  page count (capped at ``MAX_TIMED_PAGES`` pages), so a long scan is not cut off while a hung
  one-page file still is; a PDF whose pages go to OCR gets ``OCR_PAGE_SECONDS`` more per OCR'd page
  (the worker announces them before it starts). A file past its limit is killed -> reason ``timeout``.
* **memory**: the worker's resident memory is polled every ``POLL_SECONDS``; above ``max_memory`` it is
  killed -> reason ``memory``. While it OCRs pages (announced after the PDF was parsed) the limit is
  ``OCR_MAX_MEMORY``, and the worker is replaced after that file. On POSIX the worker also caps its own address space (``RLIMIT_AS``) at
  its start-up size plus ``max_memory``, so a bomb fails with ``MemoryError`` even between polls.
* **death**: a worker that dies (OOM killer, a crash in a native library) -> reason ``worker_died``;
  the next file gets a fresh worker.

Idle workers are kept in a per-process pool and reused, so the cost per file is one JSON round trip,
not a process start. Workers exit when the process that started them dies.
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: seconds of reading time per PDF page that a long PDF gets at least (OCR of a scanned page)
PER_PAGE_SECONDS = 10.0
#: extra seconds per page that is OCR'd (a 300-dpi page takes 5-35 s on one loaded core)
OCR_PAGE_SECONDS = 60.0
#: resident memory a worker may use while it OCRs pages (the detector at 300 dpi peaks near 2.3 GB);
#: the limit rises to this only after the PDF has been parsed, so a parser bomb is still held at ``max_memory``
OCR_MAX_MEMORY = 3 * 1024**3
#: pages beyond this count do not raise the time limit further (a hostile page count cannot buy hours)
MAX_TIMED_PAGES = 180
#: how often the parent checks a worker's memory and deadline
POLL_SECONDS = 0.05
#: seconds a new worker may take to start (imports)
START_SECONDS = 120.0
#: environment variables a reading worker does not inherit: Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_=65536``
#: for its workers, and with it pdfminer's many small allocations make reading a PDF 10-15 times slower
#: (measured: 0.9 s -> 12.6 s of CPU for one real report), so files timed out on Dask only
WORKER_ENV_DROP = ("MALLOC_TRIM_THRESHOLD_",)


class LimitWarning(UserWarning):
    """A limit that was asked for cannot be enforced on this platform."""


@dataclass
class Limits:
    """Per-file limits: ``timeout`` seconds (None: none), ``max_memory`` bytes of resident memory (None: none)."""

    timeout: float | None = None
    max_memory: int | None = None

    def deadline_seconds(self, n_pages: int, n_ocr_pages: int = 0) -> float | None:
        """The time limit of a file with ``n_pages`` pages, ``n_ocr_pages`` of them OCR'd (see the module docstring)."""
        if self.timeout is None:
            return None
        base = max(self.timeout, PER_PAGE_SECONDS * min(max(n_pages, 0), MAX_TIMED_PAGES))
        return base + OCR_PAGE_SECONDS * min(max(n_ocr_pages, 0), MAX_TIMED_PAGES)


class WorkerLost(Exception):
    """The worker was killed or died while reading; ``reason`` is ``timeout``, ``memory`` or ``worker_died``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_memory(value: Any) -> int | None:
    """Bytes from an int or a string like ``"1.5GB"``, ``"800MB"``, ``"2G"``; None/0 for no limit."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if value > 0 else None
    s = str(value).strip().upper().replace("IB", "B")
    units = {
        "KB": 1 << 10,
        "MB": 1 << 20,
        "GB": 1 << 30,
        "TB": 1 << 40,
        "K": 1 << 10,
        "M": 1 << 20,
        "G": 1 << 30,
        "B": 1,
    }
    for u in sorted(units, key=len, reverse=True):
        if s.endswith(u):
            try:
                n = float(s[: -len(u)])
            except ValueError:
                break
            return int(n * units[u]) if n > 0 else None
    try:
        n = float(s)
    except ValueError:
        from ..errors import NlpReportsError

        raise NlpReportsError(f"max_memory {value!r}: give bytes or a size like '1GB' or '800MB'") from None
    return int(n) if n > 0 else None


def _rss(pid: int) -> int:
    try:
        import psutil

        return int(psutil.Process(pid).memory_info().rss)
    except Exception:
        return 0


def _psutil_ok() -> bool:
    try:
        import psutil  # noqa: F401

        return True
    except ImportError:
        return False


class Worker:
    """One reading process, its pipes and a thread that turns its answers into a queue."""

    def __init__(self, max_memory: int | None) -> None:
        self.max_memory = max_memory
        #: set when the worker said it exits after its last file (it is not pooled again)
        self.retiring = False
        env = {k: v for k, v in os.environ.items() if k not in WORKER_ENV_DROP}
        root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        cmd = [sys.executable, "-m", "nlp_reports.corpus.worker", "--parent", str(os.getpid())]
        if max_memory:
            cmd += ["--max-memory", str(max_memory)]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8", bufsize=1
        )
        self.answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.ready = False
        #: highest resident memory seen while reading the last file (bytes; polled, so approximate)
        self.last_peak = 0

    def _pump(self) -> None:
        out = self.proc.stdout
        assert out is not None
        try:
            for line in out:
                try:
                    self.answers.put(json.loads(line))
                except ValueError:
                    continue
        except (OSError, ValueError):
            pass
        self.answers.put(None)  # end of stream: the worker is gone

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process that ignores SIGKILL
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass

    def _wait_ready(self) -> None:
        if self.ready:
            return
        try:
            msg = self.answers.get(timeout=START_SECONDS)
        except queue.Empty:
            msg = None
        if msg is None or msg.get("type") != "ready":
            self.kill()
            raise WorkerLost("worker_died", "the reading worker could not start")
        self.ready = True

    def read(self, path: str, options: Mapping[str, Any], limits: Limits, test_fault: str = "") -> dict[str, Any]:
        """Send one job and wait for the encoded result, killing the worker past a limit."""
        self._wait_ready()
        job = {"path": path, "options": dict(options)}
        if test_fault:
            job["test_fault"] = test_fault
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError) as exc:
            self.kill()
            raise WorkerLost("worker_died", f"{path}: the reading worker had died before the file was sent") from exc
        t0 = time.monotonic()
        limit = limits.deadline_seconds(0)
        n_pages = n_ocr = 0
        mem_limit = limits.max_memory
        peak = 0
        self.last_peak = 0
        watch_mem = _psutil_ok()
        while True:
            try:
                msg = self.answers.get(timeout=POLL_SECONDS)
            except queue.Empty:
                msg = {}
            if msg is None:
                code = self.proc.wait()
                self.kill()
                if mem_limit and peak > 0.8 * mem_limit:
                    raise WorkerLost("memory", _memory_message(path, mem_limit))
                raise WorkerLost(
                    "worker_died",
                    f"{path}: the reading process died (exit status {code}) while reading this file "
                    "(killed by the system or a crash in a native library); the batch went on",
                )
            kind = msg.get("type")
            if kind == "result":
                self.retiring = bool(msg.get("exiting"))
                self.last_peak = peak
                return msg["payload"]  # the worker always sends one with a result
            if kind in ("pages", "ocr"):
                n = msg.get("n")
                if isinstance(n, int):
                    n_pages, n_ocr = (n, n_ocr) if kind == "pages" else (n_pages, n)
                limit = limits.deadline_seconds(n_pages, n_ocr)
                if kind == "ocr" and mem_limit:
                    mem_limit = max(mem_limit, OCR_MAX_MEMORY)
            if watch_mem:
                rss = _rss(self.proc.pid)
                peak = self.last_peak = max(peak, rss)
                if mem_limit and rss > mem_limit:
                    self.kill()
                    raise WorkerLost("memory", _memory_message(path, mem_limit))
            if limit is not None and time.monotonic() - t0 > limit:
                self.kill()
                raise WorkerLost(
                    "timeout",
                    f"{path}: reading took longer than {limit:g} s and was stopped; "
                    "raise timeout=... (CLI --timeout) if the file is just large",
                )


def _memory_message(path: str, max_memory: int) -> str:
    return (
        f"{path}: reading used more than {max_memory / (1 << 20):.0f} MB and was stopped "
        "(a decompression bomb or a damaged file); raise max_memory=... (CLI --max-memory) if the file is just large"
    )


class WorkerPool:
    """Idle workers of this process, reused across files and threads; dead ones are replaced."""

    def __init__(self, max_idle: int | None = None) -> None:
        self._lock = threading.Lock()
        self._idle: list[Worker] = []
        self.max_idle = max_idle if max_idle is not None else max(8, os.cpu_count() or 1)

    def acquire(self, max_memory: int | None) -> Worker:
        with self._lock:
            for i, w in enumerate(self._idle):
                if w.max_memory == max_memory and w.alive():
                    return self._idle.pop(i)
        return Worker(max_memory)

    def release(self, w: Worker) -> None:
        if w.retiring or not w.alive():
            w.kill()
            return
        with self._lock:
            if len(self._idle) < self.max_idle:
                self._idle.append(w)
                return
        w.kill()

    def close(self) -> None:
        """Stop every idle worker (they also stop on their own when this process exits)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for w in idle:
            w.kill()

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.proc.pid for w in self._idle]


#: the process's pool; a pool is process-wide by nature (workers are reused across calls and threads)
POOL = WorkerPool()
atexit.register(POOL.close)


_WATCHING: set[int] = set()  # parents this process already watches (one thread each, per process)


def exit_with_parent(parent: int) -> None:
    """In a pool process (e.g. a loky worker) whose parent is ``parent``: exit when that parent dies.

    Only POSIX and only when ``parent`` is our direct parent, so a user's main process is never affected.
    """
    if os.name != "posix" or os.getppid() != parent or parent in _WATCHING:
        return
    _WATCHING.add(parent)
    threading.Thread(target=watch_parent, args=(parent,), daemon=True).start()


def watch_parent(parent: int) -> None:
    """Exit as soon as the process that started us is gone (POSIX: our parent pid changes; else psutil)."""
    posix = os.name == "posix"
    if not posix:
        try:
            import psutil
        except ImportError:  # then the worker stops when its stdin closes, at its next file
            return
    while True:
        time.sleep(0.2)
        if (os.getppid() != parent) if posix else not psutil.pid_exists(parent):
            os._exit(3)


def warn_unenforced(limits: Limits) -> None:
    """Warn (once per process and message) about a limit this platform cannot enforce."""
    if limits.max_memory and not _psutil_ok():
        if os.name != "posix":
            warnings.warn(
                "max_memory cannot be enforced here: install psutil (pip install psutil)", LimitWarning, stacklevel=4
            )


def read_isolated(path: str, options: Mapping[str, Any], limits: Limits, *, test_fault: str = "") -> dict[str, Any]:
    """The encoded result of reading ``path`` in a pooled worker; :class:`WorkerLost` past a limit or on death."""
    warn_unenforced(limits)
    w = POOL.acquire(limits.max_memory)
    try:
        out = w.read(path, options, limits, test_fault=test_fault)
    except BaseException:
        w.kill()
        raise
    POOL.release(w)
    return out
