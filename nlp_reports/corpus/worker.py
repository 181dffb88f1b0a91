"""The reading worker: a separate process that reads files one at a time for :mod:`.isolation`.

Run as ``python -m nlp_reports.corpus.worker --max-memory BYTES --parent PID``. It reads one JSON job
per line on stdin (``{"path": ..., "options": {...}}``) and answers on its original stdout with JSON
lines: first ``{"type": "pages", "n": N}`` for a PDF (a cheap page count, so the parent can give a
long scan more time), ``{"type": "ocr", "n": K}`` when K pages are about to be OCR'd (more time
again), then ``{"type": "result", "payload": ...}`` with the encoded report or error
record (:mod:`.codec`). Library output is sent to stderr so it cannot corrupt the protocol.

Limits enforced here (POSIX): address space capped at the size after start-up plus ``max_memory``
(``RLIMIT_AS``; a bomb gets a ``MemoryError``), and the worker exits when its parent goes away
(polled every 0.2 s), so killing the CLI with ``kill -9`` leaves no reader running.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .isolation import OCR_MAX_MEMORY, watch_parent

if TYPE_CHECKING:
    from ..model import Report
    from .records import ErrorRecord

#: a PDF page object, counted in the raw bytes (no parsing, linear time)
_PAGE_RE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_COUNT_RE = re.compile(rb"/Count\s+(\d{1,7})")


def count_pdf_pages(data: bytes) -> int:
    """A cheap page count of a PDF from its raw bytes (0 when it cannot be told).

    Page objects inside compressed object streams are invisible to this count; then the largest
    ``/Count`` of a page tree is used instead.
    """
    n = len(_PAGE_RE.findall(data))
    if n == 0:
        counts = [int(m) for m in _COUNT_RE.findall(data)]
        n = max(counts) if counts else 0
    return n


def read_payload(
    path: str, options: Mapping[str, Any] | None = None, on_pages: Any = None, on_ocr_pages: Any = None
) -> dict[str, Any]:
    """Read one file and return its encoded report or error record (:mod:`.codec`); never raises.

    What the worker process sends back: :func:`read_file`, encoded.
    """
    from . import codec
    from .records import ErrorRecord

    obj = read_file(path, options, on_pages, on_ocr_pages)
    if isinstance(obj, ErrorRecord):
        return codec.encode_error(obj)
    try:
        return codec.encode_report(obj)
    except Exception as exc:  # a bug of ours must not take the worker down: record it, with the type
        message = f"{path}: unexpected {type(exc).__name__} while encoding the report: {exc}; please report this file"
        return codec.encode_error(ErrorRecord(path, "internal_error", message, obj.meta.sha256, 0.0))


def read_file(
    path: str, options: Mapping[str, Any] | None = None, on_pages: Any = None, on_ocr_pages: Any = None
) -> Report | ErrorRecord:
    """Read one file into its :class:`~nlp_reports.model.Report` or an :class:`ErrorRecord`; never raises.

    The one place that turns a file into a result: used by the worker process (:func:`read_payload`)
    and, without the encoding round trip, by the in-process path of
    :func:`~nlp_reports.corpus.reader.read_report` (no limits asked).
    """
    from ..errors import FileNotFound, InputError, NlpReportsError
    from ..hashing import sha256_bytes
    from .records import ErrorRecord

    t0 = time.perf_counter()
    sha = ""

    def error(reason: str, message: str) -> ErrorRecord:
        return ErrorRecord(path, reason, message, sha, time.perf_counter() - t0)

    try:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError as exc:
            raise FileNotFound(f"{path}: file disappeared before it could be read", path=path) from exc
        except OSError as exc:
            raise InputError(f"{path}: cannot open the file ({exc}); check permissions", path=path) from exc
        sha = sha256_bytes(data)
        if on_pages is not None and data.lstrip()[:5] == b"%PDF-":
            on_pages(count_pdf_pages(data))
        from ..ingest import load_document
        from ..structure.report import build_report

        opts = dict(options or {})
        with _gc_paused():  # the document is dropped inside: the collection after is small
            return build_report(
                load_document(
                    path,
                    data=data,
                    ocr=opts.get("ocr", "auto"),
                    on_ocr_pages=on_ocr_pages,
                    engine=opts.get("engine", "pdfminer"),
                )
            )
    except InputError as exc:
        return error(exc.reason, str(exc))
    except MemoryError:
        return error(
            "memory", f"{path}: reading ran out of memory and was stopped; raise max_memory if the file is just large"
        )
    except RecursionError:
        return error("corrupt", f"{path}: the file's structure nests too deeply to be read; it is damaged or hostile")
    except NlpReportsError as exc:
        return error("error", str(exc))
    except Exception as exc:  # a bug of ours must not stop the batch: record it, with the type
        return error(
            "internal_error", f"{path}: unexpected {type(exc).__name__} while reading: {exc}; please report this file"
        )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while one file is read, then restored as it was.

    Reading allocates a few objects per glyph that live until the report is built; each full collection
    meanwhile walks every object of the process (pandas, scikit-learn), about a tenth of a PDF's reading
    time. Reference counting still frees what is dropped; cycles wait for the next collection.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _allow_ocr_memory() -> None:
    """Raise the address-space cap for OCR (the detector's buffers); the parent polls resident memory."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            want = soft + 2 * OCR_MAX_MEMORY  # address space runs well above resident memory
            resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def _limit_memory(max_memory: int) -> None:
    """Cap the address space at its current size plus ``max_memory`` bytes (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: the parent's watchdog is the only bound
        return
    try:
        with open("/proc/self/statm") as fh:
            vms = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        try:
            import psutil

            vms = psutil.Process().memory_info().vms
        except Exception:
            return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = vms + max_memory
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Serve read jobs until stdin closes or the parent dies."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-memory", type=int, default=0)
    ap.add_argument("--parent", type=int, default=0)
    args = ap.parse_args(argv)
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the protocol
    sys.stdout = sys.stderr
    if args.parent:
        threading.Thread(target=watch_parent, args=(args.parent,), daemon=True).start()
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    from ..ingest import load_document  # noqa: F401  (import the readers before the limit is set)
    from ..structure.report import build_report  # noqa: F401
    from . import codec

    if args.max_memory > 0:
        _limit_memory(args.max_memory)

    def send(msg: dict[str, Any]) -> None:
        proto.write(codec.dumps(msg) + "\n")
        proto.flush()

    proto.write('{"type":"ready"}\n')
    proto.flush()
    for line in sys.stdin:
        job = json.loads(line)
        path = job["path"]
        fault = job.get("test_fault")
        if fault == "kill":  # test hook: die the way an OOM kill or a segfault would
            import signal

            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        elif fault == "hang":  # test hook: a file that never finishes, without using memory
            while True:
                time.sleep(1)
        ocr_used: list[int] = []

        def on_ocr(n: int, used: list[int] = ocr_used) -> None:  # called only while this job is read
            used.append(n)
            _allow_ocr_memory()
            send({"type": "ocr", "n": n})

        payload = read_payload(
            path, job.get("options"), on_pages=lambda n: send({"type": "pages", "n": n}), on_ocr_pages=on_ocr
        )
        # a fresh worker starts with a clean heap (OCR's buffers are not given back): say so with the
        # result, so the parent never hands this worker another file while it is exiting
        exiting = payload.get("reason") == "memory" or bool(ocr_used)
        try:
            send({"type": "result", "payload": payload, "exiting": exiting})
        except MemoryError:
            return 4
        if exiting:
            return 0
    return 0


if __name__ == "__main__":  # pragma: no cover - run as a subprocess
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C (or a Jupyter kernel's shutdown) reaches the whole process group
        sys.exit(130)
