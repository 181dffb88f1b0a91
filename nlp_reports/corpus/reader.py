"""Read one report, or a whole folder of them in parallel, with a cache and one error record per bad input."""
from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional, Union

from ..errors import FileNotFound, InputError, NlpReportsError, ParseTimeoutError
from ..model import Report
from .cache import PARSE_VERSION, DiskCache
from .inputs import Inputs, expand_inputs

PathLike = Union[str, "os.PathLike[str]"]

#: default per-file time limit of read_corpus, in seconds
DEFAULT_TIMEOUT = 120.0


@dataclass
class ErrorRecord:
    """One input that could not be read: where, a machine-readable reason, and what to do."""

    source: str
    reason: str
    message: str
    sha256: str = ""
    seconds: float = 0.0


def read_report(path: PathLike, *, ocr: Union[str, bool] = "auto") -> Report:
    """Read one report (PDF, text or HTML) into a structured :class:`~nlp_reports.model.Report`.

    ``ocr``: ``"auto"`` (default) reads PDF pages without a usable text layer (scans, fonts
    without a Unicode map) by OCR, ``"always"`` OCRs every page, ``"never"``/``False`` none;
    the OCR'd pages are in ``rep.meta.ocr_pages`` and a warning ``ocr``.
    Raises an :class:`~nlp_reports.errors.InputError` subclass for an input that cannot be read
    (scanned without OCR, encrypted, truncated, empty, not a report).

    >>> import nlp_reports as nr
    >>> rep = nr.read_report("corpora/sample/pdf/yunxi_2023.pdf")
    >>> rep.meta.agency, rep.meta.year, rep.meta.level, rep.meta.n_pages
    ('云溪县人民政府', 2023, 'county', 4)
    >>> list(rep.sections) == list(nr.SECTION_KEYS)
    True
    >>> rep.section("problems").subsections[0].title
    '存在的主要问题'
    >>> rep.tables.applications.shape, int(rep.tables.applications.loc["一、本年新收政府信息公开申请数量", "总计"])
    ((25, 7), 63)
    >>> bool(rep.checks["ok"].all()), rep.warnings, rep.meta.ocr_pages
    (True, [], [])
    """
    from ..ingest import load_document
    from ..structure.report import build_report

    return build_report(load_document(path, ocr=ocr))


@contextmanager
def _time_limit(seconds: Optional[float], path: str) -> Iterator[None]:
    """Raise ParseTimeoutError after ``seconds`` (POSIX main thread only; elsewhere no limit)."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def _raise(signum, frame):  # pragma: no cover - exercised through read_corpus
        raise ParseTimeoutError(
            f"{path}: reading took longer than {seconds:g} s and was stopped; "
            "raise read_corpus(timeout=...) if the file is just large",
            path=path,
        )

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _with_source(rep: Report, path: str) -> Report:
    """A cached report keeps its content; its source path and doc id follow the current file name."""
    from ..structure.metadata import doc_id_from_path

    rep.meta.source = path
    rep.meta.doc_id = doc_id_from_path(path)
    return rep


def cache_namespace(ocr: Union[str, bool] = "auto") -> str:
    """Cache folder of parsed reports: the reading layer's version and the reading options."""
    from ..ingest.pdf_ocr import ocr_mode

    return f"{PARSE_VERSION}-ocr-{ocr_mode(ocr)}"


def process_file(
    path: str,
    cache_dir: Optional[str] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    ocr: Union[str, bool] = "auto",
):
    """Read one file for a batch: returns ``(Report | None, ErrorRecord | None, from_cache)``.

    Never raises: every failure becomes an :class:`ErrorRecord`.
    """
    t0 = time.perf_counter()
    sha = ""
    try:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            raise FileNotFound(f"{path}: file disappeared before it could be read", path=path)
        except OSError as exc:
            raise InputError(f"{path}: cannot open the file ({exc}); check permissions", path=path)
        sha = _sha256(data)
        cache = DiskCache(cache_dir, cache_namespace(ocr)) if cache_dir else None
        if cache is not None:
            hit = cache.get(sha)
            if isinstance(hit, Report):
                return _with_source(hit, path), None, True
            if isinstance(hit, ErrorRecord):
                hit.source = path
                return None, hit, True
        from ..ingest import load_document
        from ..structure.report import build_report

        try:
            with _time_limit(timeout, path):
                rep = build_report(load_document(path, data=data, ocr=ocr))
        except InputError as exc:
            rec = ErrorRecord(path, exc.reason, str(exc), sha, time.perf_counter() - t0)
            if cache is not None and exc.reason != "timeout":
                cache.put(sha, rec)  # a broken file stays broken: do not re-parse it either
            return None, rec, False
        if cache is not None:
            cache.put(sha, rep)
        return rep, None, False
    except InputError as exc:
        return None, ErrorRecord(path, exc.reason, str(exc), sha, time.perf_counter() - t0), False
    except NlpReportsError as exc:
        return None, ErrorRecord(path, "error", str(exc), sha, time.perf_counter() - t0), False
    except Exception as exc:  # a bug of ours must not stop the batch: record it, with the type
        msg = f"{path}: unexpected {type(exc).__name__} while reading: {exc}; please report this file"
        return None, ErrorRecord(path, "internal_error", msg, sha, time.perf_counter() - t0), False


def iter_reports(
    inputs: Inputs,
    *,
    n_jobs: int = 1,
    cache_dir: Optional[PathLike] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    progress: bool = True,
    backend: Optional[str] = None,
    ocr: Union[str, bool] = "auto",
) -> Iterator[tuple[Optional[Report], Optional[ErrorRecord], bool]]:
    """Stream ``(report, error, from_cache)`` per input file, in input order.

    Results are yielded as they arrive, so a caller that writes them out holds one report at a time.
    ``backend`` is any joblib backend name (``"loky"`` default, ``"threading"``, ``"dask"`` with a
    ``dask.distributed.Client`` active).
    """
    from joblib import Parallel, delayed, parallel_config

    from ..ingest.pdf_ocr import ocr_mode

    ocr = ocr_mode(ocr)  # a bad value fails here, not once per file
    paths = expand_inputs(inputs)
    cdir = os.fspath(cache_dir) if cache_dir is not None else None
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(paths), desc="reading reports", unit="file")
    try:
        if backend is None and (n_jobs == 1 or len(paths) <= 1):
            results = (process_file(p, cdir, timeout, ocr) for p in paths)
            for res in results:
                if bar is not None:
                    bar.update(1)
                yield res
            return
        if backend == "dask":
            _require_dask_client()
        with parallel_config(backend=backend or "loky", n_jobs=n_jobs):
            par = Parallel(return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")
            for res in par(delayed(process_file)(p, cdir, timeout, ocr) for p in paths):
                if bar is not None:
                    bar.update(1)
                yield res
    finally:
        if bar is not None:
            bar.close()


def _require_dask_client() -> None:
    try:
        from distributed import get_client
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise NlpReportsError(
            "backend='dask' needs dask.distributed: pip install 'nlp_reports[dask]'"
        ) from exc
    try:
        get_client()
    except ValueError as exc:
        raise NlpReportsError(
            "backend='dask' needs a running Dask client: `from dask.distributed import Client; "
            "client = Client()` (or Client('scheduler-address')) before read_corpus"
        ) from exc


def _unique_doc_ids(reports: list[Report]) -> None:
    """Give every report a distinct ``doc_id`` (the same report as .pdf and .txt, or one name in two folders).

    The second and later reports with an id get ``~2``, ``~3`` … appended and a ``duplicate_doc_id``
    warning; identical bytes read twice also get a ``duplicate_content`` warning, so that
    comparisons do not count one report as two agencies' texts unknowingly.
    """
    from ..model import ReportWarning

    seen_ids: dict[str, int] = {}
    seen_sha: dict[str, str] = {}
    for rep in reports:
        m = rep.meta
        n = seen_ids.get(m.doc_id, 0) + 1
        seen_ids[m.doc_id] = n
        if n > 1:
            old = m.doc_id
            m.doc_id = f"{old}~{n}"
            rep.warnings.append(
                ReportWarning(
                    "duplicate_doc_id",
                    f"another input is also named {old!r}; this one ({m.source}) is {m.doc_id!r} in the frames",
                )
            )
        if m.sha256 and m.sha256 in seen_sha:
            rep.warnings.append(
                ReportWarning("duplicate_content", f"{m.source} has the same bytes as {seen_sha[m.sha256]}")
            )
        elif m.sha256:
            seen_sha[m.sha256] = m.source


def read_corpus(
    inputs: Inputs,
    *,
    n_jobs: int = 1,
    cache_dir: Optional[PathLike] = None,
    timeout: Optional[float] = DEFAULT_TIMEOUT,
    progress: bool = True,
    backend: Optional[str] = None,
    ocr: Union[str, bool] = "auto",
):
    """Read many reports into a :class:`~nlp_reports.corpus.corpus.Corpus`.

    ``inputs``: a path, a folder, a ``**`` glob, or a list of them. ``n_jobs`` worker processes
    (joblib), a tqdm progress bar, a content-hash disk cache in ``cache_dir`` (a rerun skips
    unchanged files), a per-file ``timeout`` in seconds, ``ocr`` as in :func:`read_report`
    (``reports_frame()`` column ``ocr_pages``). A bad input never stops the batch: it
    becomes one row of ``corpus.errors_frame()`` with a specific reason.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> corpus
    <Corpus 7 reports, 0 errors>
    >>> rf = corpus.reports_frame().set_index("doc_id")
    >>> print(rf.loc["yunxi_2023", "agency"], rf.loc["yunxi_2023", "year"], rf.loc["yunxi_2023", "status"])
    云溪县人民政府 2023 ok
    >>> print(rf.loc["bailuzhen_2021", "status"], rf.loc["bailuzhen_2021", "failed_checks"])  # table 四 broken on purpose
    warnings 1

    A bad input becomes a row of ``errors_frame()`` instead of stopping the batch:

    >>> mixed = nr.read_corpus(["corpora/sample/txt/yunxi_2023.txt", "pyproject.toml"], progress=False)
    >>> len(mixed), mixed.errors_frame()["reason"].tolist()
    (1, ['not_a_report'])
    """
    from .corpus import Corpus

    reports: list[Report] = []
    errors: list[ErrorRecord] = []
    n_cached = 0
    for rep, err, cached in iter_reports(
        inputs, n_jobs=n_jobs, cache_dir=cache_dir, timeout=timeout, progress=progress, backend=backend, ocr=ocr
    ):
        n_cached += int(cached)
        if rep is not None:
            reports.append(rep)
        if err is not None:
            errors.append(err)
    _unique_doc_ids(reports)
    return Corpus(
        reports,
        errors=errors,
        cache_dir=os.fspath(cache_dir) if cache_dir is not None else None,
        n_cached=n_cached,
    )
