"""Read one report, or a whole folder of them in parallel, with a cache and one error record per bad input."""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any, Union

from ..errors import FileNotFound, InputError, NlpReportsError
from ..hashing import sha256_file
from ..model import Report
from .cache import DiskCache
from .inputs import Inputs, expand_inputs
from .isolation import Limits, WorkerLost, parse_memory, read_isolated
from .options import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT, MemoryLike, ReadOptions
from .options import read_options as read_options  # importable from here as before
from .records import TRANSIENT_REASONS, ErrorRecord

PathLike = Union[str, "os.PathLike[str]"]


def read_report(
    path: PathLike,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: MemoryLike = DEFAULT_MAX_MEMORY,
    cache_dir: PathLike | None = None,
    ocr: str | bool = "auto",
    engine: str = "pdfminer",
) -> Report:
    """Read one report (PDF, text or HTML) into a structured :class:`~nlp_reports.model.Report`.

    Reads in a worker process with a time limit (``timeout`` seconds, longer for long PDFs) and a
    memory limit (``max_memory`` bytes or ``"1GB"``); ``timeout=None, max_memory=None`` reads in
    this process without limits. Same path, errors and cache as :func:`read_corpus`. Raises an
    :class:`~nlp_reports.errors.InputError` subclass for an input that cannot be read (scanned,
    encrypted, truncated, empty, not a report, ``timeout``, ``memory``, ``worker_died``).
    ``ocr``: ``"auto"`` (default) reads PDF pages without a usable text layer (scans, fonts without
    a Unicode map) by OCR, ``"always"`` OCRs every page, ``"never"``/``False`` none; the OCR'd pages
    are in ``rep.meta.ocr_pages`` and a warning ``ocr``. ``engine`` (PDFs): ``"pdfminer"`` (default) or
    ``"pdfium"`` (PDFium through pypdfium2: same results, several times faster; see the README).

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
    >>> bool(rep.checks["ok"].all()), rep.warnings
    (True, [])
    """
    p = os.fspath(path)
    if not os.path.isfile(p):
        raise FileNotFound(f"{p}: no such file; check the path", path=p)
    opts = ReadOptions(timeout=timeout, max_memory=max_memory, cache_dir=cache_dir, ocr=ocr, engine=engine)
    res = next(_read_paths([p], opts))
    if res.error is not None:
        raise _exception_for(res.error)
    assert res.report is not None
    return res.report


def _exception_for(rec: ErrorRecord) -> NlpReportsError:
    """The exception of an error record's reason (the same class the reader raised)."""
    classes = {c.reason: c for c in _input_error_classes(InputError)}
    cls = classes.get(rec.reason)
    if cls is None:
        return NlpReportsError(rec.message)
    return cls(rec.message, path=rec.source)


def _input_error_classes(base: type[InputError]) -> list[type[InputError]]:
    out = [base]
    for sub in base.__subclasses__():
        out.extend(_input_error_classes(sub))
    return out


def _with_source(rep: Report, path: str) -> Report | None:
    """A cached report read again as ``path``: its content is kept; its source, doc id and a year taken
    from the file name follow ``path``, as a fresh read would give them.

    None when that year cannot be told without reading the file again (the text has no year and the
    title's year and the new name's disagree: which one a fresh read takes depends on where the title came from).
    """
    from ..structure.metadata import doc_id_from_path, find_year

    m = rep.meta
    if m.source == path:
        return rep
    doc_id = doc_id_from_path(path)
    year = m.year
    if doc_id != m.doc_id and find_year(None, rep.text) is None:  # not dated by its text: the name may count
        in_title, in_name = find_year(m.title, ""), find_year(None, "", doc_id)
        if in_title is not None and in_name is not None and in_title != in_name:
            return None
        year = in_title if in_title is not None else in_name
    m.source, m.doc_id, m.year = path, doc_id, year
    return rep


def _error_with_source(rec: ErrorRecord, path: str) -> ErrorRecord:
    """A cached error record of the same bytes under another name: its source and message name ``path``."""
    old = rec.source
    if old != path:
        for before, after in ((old, path), (os.path.basename(old), os.path.basename(path))):
            if before and rec.message.startswith(before):
                rec.message = after + rec.message[len(before) :]
                break
        rec.source = path
    return rec


@dataclass
class FileResult:
    """What reading one file gave: a report or an error record, and what to store in the cache."""

    source: str
    report: Report | None = None
    error: ErrorRecord | None = None
    from_cache: bool = False
    sha256: str = ""
    #: JSON text to store under ``sha256`` (None: nothing to store, e.g. a transient failure)
    cache_entry: str | None = None


def process_file(path: str, options: ReadOptions | None = None, cache: DiskCache | None = None) -> FileResult:
    """Read one file, from the cache when it holds a valid entry, else in a limited worker process.

    Never raises: every failure becomes an :class:`ErrorRecord`. Does not write the cache (the
    caller does, in one process, so a cache that cannot be written warns once).
    """
    from . import codec

    t0 = time.perf_counter()
    opts = ReadOptions() if options is None else options
    sha = ""
    try:
        sha = sha256_file(path)
    except FileNotFoundError:
        msg = f"{path}: file disappeared before it could be read"
        return FileResult(path, error=ErrorRecord(path, "not_found", msg, "", time.perf_counter() - t0))
    except OSError as exc:
        msg = f"{path}: cannot open the file ({exc}); check permissions"
        return FileResult(path, error=ErrorRecord(path, "unreadable", msg, "", time.perf_counter() - t0))
    if cache is not None:
        hit = cache.get(sha)
        if hit is not None:
            try:
                obj = codec.decode_result(hit)
            except (codec.CodecError, RecursionError):
                obj = None  # not a valid entry: read the file again and overwrite it
            rep = _with_source(obj, path) if isinstance(obj, Report) and obj.meta.sha256 == sha else None
            if rep is not None:
                return FileResult(path, report=rep, from_cache=True, sha256=sha)
            if isinstance(obj, ErrorRecord) and obj.sha256 == sha:
                return FileResult(path, error=_error_with_source(obj, path), from_cache=True, sha256=sha)
    limits = Limits(opts.timeout, parse_memory(opts.max_memory))
    payload: dict | None = None
    try:
        if limits.timeout is None and limits.max_memory is None:
            from .worker import read_file

            obj = read_file(path, opts.content())  # in this process: the objects themselves, no encoding
        else:
            payload = read_isolated(path, opts.content(), limits, test_fault=_test_fault(path))
            obj = codec.decode_result(payload)
    except WorkerLost as exc:
        return FileResult(
            path, error=ErrorRecord(path, exc.reason, str(exc), sha, time.perf_counter() - t0), sha256=sha
        )
    except OSError as exc:  # no worker process could be started: say so, do not read unbounded silently
        msg = (
            f"{path}: could not start a reading process ({exc}); pass timeout=None, max_memory=None to read in-process"
        )
        return FileResult(
            path, error=ErrorRecord(path, "internal_error", msg, sha, time.perf_counter() - t0), sha256=sha
        )
    except (codec.CodecError, RecursionError) as exc:
        msg = f"{path}: the reading process sent an unreadable result ({exc}); please report this file"
        return FileResult(
            path, error=ErrorRecord(path, "internal_error", msg, sha, time.perf_counter() - t0), sha256=sha
        )
    if isinstance(obj, ErrorRecord):  # its seconds are the worker's reading time (no process start-up)
        keep = cache is not None and obj.reason not in TRANSIENT_REASONS and obj.sha256 == sha
        return FileResult(path, error=obj, sha256=sha, cache_entry=_cache_entry(obj, payload) if keep else None)
    keep = cache is not None and obj.meta.sha256 == sha  # the file changed while it was read: not under the old hash
    return FileResult(
        path, report=obj, sha256=obj.meta.sha256, cache_entry=_cache_entry(obj, payload) if keep else None
    )


def _cache_entry(obj: Report | ErrorRecord, payload: dict | None) -> str:
    """The JSON text to cache for a result: the worker's payload as sent, or the in-process result encoded."""
    from . import codec

    if payload is None:
        payload = codec.encode_error(obj) if isinstance(obj, ErrorRecord) else codec.encode_report(obj)
    return codec.dumps(payload)


def _test_fault(path: str) -> str:
    """Test hook of the fault tests: ``NLP_REPORTS_TEST_WORKER_FAULT=kill:<name>,hang:<name2>`` makes
    the worker kill itself on files named ``<name>`` (hang on ``<name2>``); unset in normal use."""
    for item in os.environ.get("NLP_REPORTS_TEST_WORKER_FAULT", "").split(","):
        fault, _, name = item.partition(":")
        if name and os.path.basename(path) == name:
            return fault
    return ""


def iter_results(inputs: Inputs, options: ReadOptions | None = None) -> Iterator[FileResult]:
    """Stream one :class:`FileResult` per input file, in input order, writing the cache as results arrive.

    ``options.backend=None``: ``n_jobs`` threads of this process, each driving one worker process (the
    default, and the one whose workers stop with this process). Otherwise any joblib backend name
    (``"loky"``, ``"threading"``, ``"dask"`` with a ``dask.distributed.Client`` active): each task
    still reads its file in a limited worker process.
    """
    opts = ReadOptions() if options is None else options
    paths = expand_inputs(inputs)
    bar = None
    if opts.progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(paths), desc="reading reports", unit="file")
    try:
        for res in _read_paths(paths, opts):
            if bar is not None:
                bar.update(1)
            yield res
    finally:
        if bar is not None:
            bar.close()


def _read_paths(paths: list[str], opts: ReadOptions) -> Iterator[FileResult]:
    """The one reader path of :func:`read_report` and :func:`read_corpus`: :func:`process_file` per path
    (dispatched as ``opts`` says), the cache written here, in this process, as results arrive."""
    cache = opts.open_cache()
    for res in _dispatch(paths, opts, cache):
        if cache is not None and res.cache_entry is not None:
            cache.put_text(res.sha256, res.cache_entry)
        res.cache_entry = None
        yield res


def _remote_process_file(path: str, opts: ReadOptions, origin: int = 0) -> FileResult:
    """``process_file`` for a joblib/Dask task: opens the (read-only) cache in the task's process.

    In a pool process started by ``origin`` (loky), also make that process exit when ``origin`` dies.
    """
    if origin and os.getpid() != origin:
        from .isolation import exit_with_parent

        exit_with_parent(origin)
    return process_file(path, opts, opts.open_cache())


def _dispatch(paths: list[str], opts: ReadOptions, cache: DiskCache | None) -> Iterator[FileResult]:
    """:func:`process_file` per path in this process's threads (``backend=None``, reading through ``cache``)
    or as joblib/Dask tasks (each opens the cache in its own process)."""
    if opts.backend is None:
        workers = (os.cpu_count() or 1) if opts.n_jobs == -1 else max(1, opts.n_jobs)
        if workers == 1 or len(paths) <= 1:
            for p in paths:
                yield process_file(p, opts, cache)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="nlp_reports-read") as ex:
            window: deque = deque()
            it = iter(paths)
            for p in it:
                window.append(ex.submit(process_file, p, opts, cache))
                if len(window) >= 2 * workers:
                    break
            while window:
                res = window.popleft().result()
                nxt = next(it, None)
                if nxt is not None:
                    window.append(ex.submit(process_file, nxt, opts, cache))
                yield res
        return
    from joblib import Parallel, delayed, parallel_config

    if opts.backend == "dask":
        _require_dask_client()
    with parallel_config(backend=opts.backend, n_jobs=opts.n_jobs):
        par = Parallel(return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")
        yield from par(delayed(_remote_process_file)(p, opts, os.getpid()) for p in paths)


def iter_reports(
    inputs: Inputs, options: ReadOptions | None = None, **kwargs: Any
) -> Iterator[tuple[Report | None, ErrorRecord | None, bool]]:
    """Stream ``(report, error, from_cache)`` per input file, in input order (see :func:`iter_results`).

    ``options``: a :class:`~nlp_reports.corpus.options.ReadOptions`, or its fields as keywords
    (``n_jobs``, ``cache_dir``, ``timeout``, ``max_memory``, ``progress``, ``backend``, ``ocr``,
    ``engine``: those of :func:`read_corpus`; keywords given with ``options`` replace its fields).
    Results are yielded as they arrive, so a caller that writes them out holds one report at a time.
    """
    opts = replace(options, **kwargs) if options is not None else ReadOptions(**kwargs)
    for res in iter_results(inputs, opts):
        yield res.report, res.error, res.from_cache


def _require_dask_client() -> None:
    try:
        from distributed import get_client
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise NlpReportsError("backend='dask' needs dask.distributed: pip install 'nlp_reports[dask]'") from exc
    try:
        get_client()
    except ValueError as exc:
        raise NlpReportsError(
            "backend='dask' needs a running Dask client: `from dask.distributed import Client; "
            "client = Client()` (or Client('scheduler-address')) before read_corpus"
        ) from exc


class DocIds:
    """Gives every report a distinct ``doc_id`` as reports arrive (the same report as .pdf and .txt, or one
    name in two folders), so a streaming run names reports exactly as :func:`read_corpus` does.

    The second and later reports with an id get ``~2``, ``~3`` … appended and a ``duplicate_doc_id``
    warning; identical bytes read twice also get a ``duplicate_content`` warning, so that
    comparisons do not count one report as two agencies' texts unknowingly.  Holds one id count and
    one hash (32 bytes) with its first source per report.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._sha: dict[bytes, str] = {}

    def add(self, rep: Report) -> None:
        """Rename ``rep`` in place when its id was seen; warn about a repeated id or repeated bytes."""
        from ..model import ReportWarning

        m = rep.meta
        n = self._ids.get(m.doc_id, 0) + 1
        self._ids[m.doc_id] = n
        if n > 1:
            old = m.doc_id
            m.doc_id = f"{old}~{n}"
            rep.warnings.append(
                ReportWarning(
                    "duplicate_doc_id",
                    f"another input is also named {old!r}; this one ({m.source}) is {m.doc_id!r} in the frames",
                )
            )
        if m.sha256:
            try:
                key = bytes.fromhex(m.sha256)
            except ValueError:
                key = m.sha256.encode()
            if key in self._sha:
                rep.warnings.append(
                    ReportWarning("duplicate_content", f"{m.source} has the same bytes as {self._sha[key]}")
                )
            else:
                self._sha[key] = m.source


def _unique_doc_ids(reports: list[Report]) -> None:
    """Distinct ``doc_id`` for every report of a corpus (see :class:`DocIds`)."""
    ids = DocIds()
    for rep in reports:
        ids.add(rep)


def read_corpus(
    inputs: Inputs,
    *,
    n_jobs: int = 1,
    cache_dir: PathLike | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: MemoryLike = DEFAULT_MAX_MEMORY,
    progress: bool = True,
    backend: str | None = None,
    ocr: str | bool = "auto",
    engine: str = "pdfminer",
):
    """Read many reports into a :class:`~nlp_reports.corpus.corpus.Corpus`.

    ``inputs``: a path, a folder, a ``**`` glob, or a list of them. ``n_jobs`` worker processes
    (joblib), a tqdm progress bar, a content-hash disk cache in ``cache_dir`` (a rerun skips
    unchanged files). Each file is read in a worker process with a per-file ``timeout`` in seconds
    (longer for long PDFs) and a ``max_memory`` limit (bytes or ``"1GB"``); a file past a limit, or
    one that kills its worker, becomes an error (``timeout``, ``memory``, ``worker_died``) and the
    batch goes on. ``timeout=None, max_memory=None`` reads in this process without limits. ``ocr`` as
    in :func:`read_report` (``reports_frame()`` column ``ocr_pages``); ``engine`` (``"pdfminer"`` or the faster
    ``"pdfium"``) as in :func:`read_report`. A bad
    input never stops the batch: it becomes one row of ``corpus.errors_frame()`` with a specific reason.

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
    given = locals()  # the keywords are ReadOptions' fields, with its defaults (tests/test_read_options.py)
    opts = ReadOptions(**{f.name: given[f.name] for f in fields(ReadOptions)})
    for rep, err, cached in iter_reports(inputs, opts):
        n_cached += int(cached)
        if rep is not None:
            reports.append(rep)
        if err is not None:
            errors.append(err)
    _unique_doc_ids(reports)
    return Corpus(
        reports,
        errors=errors,
        cache_dir=opts.cache_path,
        n_cached=n_cached,
    )
