"""The ``nlp-reports`` command: ``analyze`` (the main job), ``parse``, ``train``.

nlp-reports analyze corpora/sample --out out/sample --n-jobs 2 --cache-dir .nlp_reports_cache
    (every frame as CSV + parquet, the agency-year panel as panel.csv / .parquet / .dta, summary.html)
nlp-reports parse reports/ --out out/parsed
nlp-reports train reports/ --model my_model.json
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from .corpus.options import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from .errors import NlpReportsError

if TYPE_CHECKING:
    from .corpus import Corpus
    from .corpus.options import ReadOptions


#: the values of a flag that does something when useful (the default), always or never
_MODES = ("auto", "always", "never")


def _add_choice(p: argparse.ArgumentParser, flag: str, choices: tuple[str, ...], help: str) -> None:
    """A flag that takes one of ``choices``, the first being the default."""
    p.add_argument(flag, choices=choices, default=choices[0], help=help)


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs", nargs="+", help="files, folders or quoted '**' globs of reports (.pdf/.txt/.html/.docx/.doc/.wps)"
    )
    p.add_argument("--n-jobs", type=int, default=1, help="worker processes for reading (default 1)")
    p.add_argument("--cache-dir", default=None, help="content-hash cache folder; a rerun skips unchanged files")
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"per-file time limit in seconds (default {DEFAULT_TIMEOUT:g}; a PDF gets at least 10 s per page; 0 = none)",
    )
    p.add_argument(
        "--max-memory",
        default=DEFAULT_MAX_MEMORY,
        help=f"per-file memory limit of the reading process, e.g. 1GB, 800MB (default {DEFAULT_MAX_MEMORY}; 0 = none)",
    )
    p.add_argument("--backend", default=None, help="joblib backend: loky (default), threading, dask")
    p.add_argument(
        "--scheduler",
        default=None,
        help="with --backend dask: address of a Dask scheduler (default: start a local cluster of --n-jobs workers)",
    )
    _add_choice(p, "--ocr", _MODES, "OCR PDF pages: auto (default: pages without a usable text layer), always, never")
    _add_choice(
        p,
        "--engine",
        ("pdfminer", "pdfium"),
        "PDF engine: pdfminer (default) or pdfium (several times faster, same results; see README)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bars")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="nlp-reports",
        description="Read, analyse and compare Chinese government information disclosure annual reports.",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    a = sub.add_parser("analyze", help="the main job: read, statements, labels, themes, commitments, comparisons")
    _add_common(a)
    a.add_argument(
        "--out",
        required=True,
        help="output folder: new, empty, or one of an earlier run (its files are replaced; other files are refused)",
    )
    a.add_argument(
        "--model", default=None, help="a classifier saved by `nlp-reports train` (default: the shipped model)"
    )
    a.add_argument("--no-html", action="store_true", help="skip the HTML summary")
    a.add_argument(
        "--batch-size",
        type=int,
        default=500,
        help="inputs per batch: each batch's frames are appended to the parquet datasets, then dropped (default 500)",
    )
    _add_choice(
        a,
        "--compare",
        _MODES,
        "comparisons across reports and summary.html: auto (default: up to --compare-max reports), always, never",
    )
    a.add_argument(
        "--compare-max", type=int, default=2000, help="largest run that --compare auto compares (default 2000)"
    )
    a.add_argument("--no-csv", action="store_true", help="parquet only (CSVs can be written later: nr.open_results)")
    p = sub.add_parser("parse", help="the reading layer only: reports, sections, tables, checks, errors")
    _add_common(p)
    p.add_argument("--out", required=True, help="output folder (as for analyze)")
    t = sub.add_parser("train", help="train a weakly supervised classifier on your own reports and save it")
    _add_common(t)
    t.add_argument("--model", required=True, help="where to save the model (.json)")
    return ap


def _read_options(args) -> ReadOptions:
    """The reading options of the command line: its flags named as :class:`ReadOptions`' fields."""
    from .corpus.options import ReadOptions

    given = {f.name: getattr(args, f.name) for f in fields(ReadOptions) if hasattr(args, f.name)}
    return ReadOptions(**given, progress=not args.no_progress)


def _read(args) -> Corpus:
    from dataclasses import asdict

    from .corpus import read_corpus

    return _with_backend(args, lambda: read_corpus(args.inputs, **asdict(_read_options(args))))


def _print_errors(corpus) -> None:
    if corpus.errors:
        print(f"\n{len(corpus.errors)} input(s) could not be read:", file=sys.stderr)
        for e in corpus.errors:
            print(f"  [{e.reason}] {e.message}", file=sys.stderr)


def _options(args) -> dict:
    """The run's options as recorded in manifest.json."""
    return {k: v for k, v in sorted(vars(args).items()) if k not in ("func",)}


def cmd_parse(args) -> int:
    from .outputs import OutputFolder, run_manifest

    folder = OutputFolder(args.out)  # refuses a folder with files of the user's before any reading
    corpus = _read(args)
    try:
        for name, df in corpus.read_frames().items():
            folder.write_frame(df, name)
        folder.commit(run_manifest("parse", _options(args), corpus))
    except BaseException:
        folder.abandon()
        raise
    print(
        f"read {len(corpus)} report(s) ({corpus.n_cached} from cache); wrote {len(folder.written) + 1} files to {folder.out}"
    )
    _print_errors(corpus)
    return 0 if len(corpus) else 1


def cmd_analyze(args) -> int:
    """Streaming run: frames appended batch by batch to parquet datasets (see nlp_reports.streaming_job)."""
    from .outputs import OutputFolder, model_info
    from .streaming_job import INPUTS_LOG, stream_analysis

    read_options = _read_options(args)  # checked first: a bad option fails before any output exists
    classifier = None
    if args.model:  # loaded and checked before any reading: a bad model file fails in a second, not after hours
        from .nlp.classifier import StatementClassifier

        classifier = StatementClassifier.load(args.model)
    folder = OutputFolder(args.out)  # refuses a folder with files of the user's before any reading
    t0 = time.perf_counter()
    try:
        stats = _with_backend(
            args,
            lambda: stream_analysis(
                args.inputs,
                folder,
                read_options=read_options,
                classifier=classifier,
                batch_size=args.batch_size,
                compare=args.compare,
                compare_max=args.compare_max,
                csv=not args.no_csv,
                html=not args.no_html,
            ),
        )
        if not stats.n_reports:
            folder.abandon()
            print("no report could be read; nothing to analyse", file=sys.stderr)
            _print_error_records(stats.errors_shown, stats.n_errors)
            return 1
        manifest = _manifest("analyze", _options(args), stats.n_reports, stats.n_errors, model_info(args.model))
        folder.commit(manifest, inputs_log=folder.staging_dir() / INPUTS_LOG)
    except BaseException:
        folder.abandon()
        raise
    print(
        f"analysed {stats.n_reports} report(s) ({stats.n_cached} from cache), {stats.n_statements} statements "
        f"in {time.perf_counter() - t0:.1f} s; wrote {len(folder.written) + 1} files to {folder.out}"
    )
    _print_error_records(stats.errors_shown, stats.n_errors)
    return 0


def _with_backend(args, run):
    """``run()`` inside a Dask client when ``--backend dask`` (as :func:`_read` does)."""
    if args.backend != "dask":
        if args.scheduler:
            raise NlpReportsError("--scheduler goes with --backend dask")
        return run()
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise NlpReportsError("--backend dask needs dask.distributed: pip install 'nlp_reports[dask]'") from exc
    if args.scheduler:
        with Client(args.scheduler):
            return run()
    workers = args.n_jobs if args.n_jobs > 0 else None
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        return run()


def _manifest(command: str, options: dict, n_reports: int, n_errors: int, models: dict) -> dict:
    """manifest.json of a streaming run, without its inputs (streamed in by ``OutputFolder.commit``)."""
    from .corpus.versions import environment

    return {
        "command": command,
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": options,
        "versions": environment(),
        "models": models,
        "n_reports": n_reports,
        "n_errors": n_errors,
    }


def _print_error_records(errors, n: int) -> None:
    if n:
        print(f"\n{n} input(s) could not be read:", file=sys.stderr)
        for e in errors:
            print(f"  [{e.reason}] {e.message}", file=sys.stderr)
        if n > len(errors):
            print(f"  … and {n - len(errors)} more (errors.csv)", file=sys.stderr)


def cmd_train(args) -> int:
    from .nlp.classifier import StatementClassifier

    corpus = _read(args)
    if not len(corpus):
        print("no report could be read; nothing to train on", file=sys.stderr)
        _print_errors(corpus)
        return 1
    clf = StatementClassifier.from_corpus(corpus)
    Path(args.model).parent.mkdir(parents=True, exist_ok=True)
    clf.save(args.model)
    rep = getattr(clf, "weak_label_report_", None)
    if rep is not None:
        print("weak labels per source:")
        print(rep.to_string())
    print(f"saved the model to {args.model}")
    _print_errors(corpus)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``nlp-reports``; returns the exit status.

    ``argv`` defaults to the command line.  ``nlp-reports parse`` writes the reading-layer frames
    (CSV, and parquet when pyarrow is installed):

    >>> import os, shutil, tempfile
    >>> out = tempfile.mkdtemp()
    >>> main(["parse", "corpora/sample/txt", "--out", out, "--no-progress"])
    read 7 report(s) (0 from cache); wrote ... files to ...
    0
    >>> sorted(f for f in os.listdir(out) if f.endswith(".csv"))  # doctest: +NORMALIZE_WHITESPACE
    ['checks.csv', 'errors.csv', 'reports.csv', 'sections.csv', 'tables.csv', 'warnings.csv']
    >>> shutil.rmtree(out)

    Nothing readable gives exit status 1 (the reasons go to stderr):

    >>> out = tempfile.mkdtemp()
    >>> main(["parse", "pyproject.toml", "--out", out, "--no-progress"])
    read 0 report(s) (0 from cache); wrote ... files to ...
    1
    >>> shutil.rmtree(out)
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "n_jobs", 1) < 1 and args.n_jobs != -1:
        parser.error("--n-jobs must be a positive number (or -1 for all cores)")
    try:
        if args.command == "parse":
            return cmd_parse(args)
        if args.command == "analyze":
            return cmd_analyze(args)
        return cmd_train(args)
    except NlpReportsError as exc:
        print(f"nlp-reports: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        print("nlp-reports: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
