"""``nlp-reports analyze`` as a streaming run: frames written batch by batch while reports are read.

Reports arrive one by one from the reading layer (:func:`~nlp_reports.corpus.reader.iter_results`, in
input order); every ``batch_size`` inputs the batch becomes a small :class:`~nlp_reports.corpus.Corpus`
whose frames — reports, sections, tables, checks, warnings, errors, statements, commitments (the NLP
stage runs per batch with models loaded once) and report_quality — are appended to partitioned parquet
datasets (:mod:`nlp_reports.run_dataset`) and then dropped.  The main process holds one batch, the
agency list (a few fields per agency) and the doc-id register (an id count and a 32-byte hash per
report), so its memory does not grow with the corpus beyond those.

Corpus-wide steps, after the last batch:

* ``agencies`` — from the per-agency register, exactly as ``corpus.agencies()``;
* the agency-year ``panel`` — from per-report records written with the batches, one year at a time
  (agency-years never span two years): ``panel.parquet`` and ``panel.csv`` (rows by year, then agency),
  ``panel.dta`` when the panel has at most :data:`STATA_MAX_ROWS` rows (Stata needs the whole frame at
  once; export a filtered panel with ``nr.io.to_stata(res.panel(filters=...), ...)`` otherwise);
* comparisons across reports (theme profiles, boilerplate, follow-through, similarity, keyness), their
  plots and ``summary.html`` — from the written statements and sections, when the run has at most
  ``compare_max`` reports (they hold the statements and texts of the whole corpus, and similarity is
  quadratic); else skipped with a note (``notes.csv``) — run them on a filtered part of the results
  in a notebook (``nr.open_results``);
* the CSVs of the streamed frames — from the parquet, file by file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .analysis_job import comparisons
from .corpus import Corpus
from .corpus.agencies import AgencyRegister
from .corpus.options import ReadOptions
from .corpus.reader import DocIds, ErrorRecord, iter_results
from .model import Report
from .outputs import OutputFolder
from .run_dataset import DatasetWriter, frame_to_csv, iter_frame_batches

#: frames written per batch; ``errors`` has no year and is split by batch only
STREAMED_FRAMES: tuple[str, ...] = (
    "reports",
    "sections",
    "tables",
    "checks",
    "warnings",
    "errors",
    "statements",
    "commitments",
    "report_quality",
)
#: default inputs per batch (a batch of reports and their frames is what the main process holds)
DEFAULT_BATCH_SIZE = 500
#: comparisons across reports and summary.html are made up to this many reports (``compare="auto"``)
DEFAULT_COMPARE_MAX = 2000
#: panel.dta is written up to this many agency-years
STATA_MAX_ROWS = 20_000
_PANEL_RECORDS = "panel_records.parquet"  # inside the staging folder only, never moved to --out
#: the manifest's inputs as JSON lines, in the staging folder (streamed into manifest.json at commit)
INPUTS_LOG = "inputs.jsonl"
#: error records kept in memory for the closing message (all of them are in errors.parquet)
ERRORS_SHOWN = 200


@dataclass
class RunStats:
    """What a streaming run did: counts for the closing message and the manifest."""

    n_reports: int = 0
    n_errors: int = 0
    #: the first :data:`ERRORS_SHOWN` of the ``n_errors`` error records, for the closing message
    errors_shown: list[ErrorRecord] = field(default_factory=list)
    n_cached: int = 0
    n_statements: int = 0
    n_batches: int = 0
    notes: list[dict[str, str]] = field(default_factory=list)


class _BatchCorpus(Corpus):
    """A batch of reports sharing the run's tokenizer and models (loaded once, fingerprinted once)."""

    def __init__(self, reports: list[Report], errors: list[ErrorRecord], run: _Models, cache_dir: str | None) -> None:
        super().__init__(reports, errors=errors, cache_dir=cache_dir)
        self._tokenizer = run.tokenizer
        self._run = run

    def statements_frame(self, classifier: Any = None, tagger: Any = None) -> pd.DataFrame:
        return super().statements_frame(classifier or self._run.default_clf, tagger or self._run.default_tag)

    def commitments_frame(self, classifier: Any = None, tagger: Any = None) -> pd.DataFrame:
        clf, tag = classifier or self._run.default_clf, tagger or self._run.default_tag
        key = ("commitments", id(clf), id(tag))
        if key not in self._memo:  # report_quality asks again for the default models' commitments
            self._memo[key] = super().commitments_frame(clf, tag)
        return self._memo[key].copy()

    def _fingerprint(self, *models: Any) -> str:
        key = tuple(id(m) for m in models)
        if key not in self._run.fingerprints:
            self._run.fingerprints[key] = super()._fingerprint(*models)
        return self._run.fingerprints[key]


class _Models:
    """The tokenizer and models of a run: the user's classifier (or the shipped one) and the shipped defaults."""

    def __init__(self, classifier: Any, tagger: Any) -> None:
        from .nlp.classifier import StatementClassifier
        from .nlp.themes import ThemeTagger
        from .nlp.tokenizer import Tokenizer

        self.tokenizer = Tokenizer()
        self.default_clf = StatementClassifier.pretrained(tokenizer=self.tokenizer)
        self.default_tag = ThemeTagger.pretrained(tokenizer=self.tokenizer)
        self.clf = classifier if classifier is not None else self.default_clf
        self.tag = tagger if tagger is not None else self.default_tag
        self.fingerprints: dict[tuple[int, ...], str] = {}


def _panel_records_frame(reports: list[Report]) -> pd.DataFrame:
    """One row per report: document variables + what the panel needs (values as JSON: exact floats)."""
    from .corpus.panel import panel_record

    rows = []
    for rep in reports:
        rec = panel_record(rep, rep.docvars())
        rows.append(
            {
                **rec["meta"],
                "values": json.dumps(rec["values"]),
                "n_cells": rec["n_cells"],
                "tables_found": rec["tables_found"],
                "checks_failed": rec["checks_failed"],
            }
        )
    return pd.DataFrame(rows)


def stream_analysis(
    inputs: Any,
    folder: OutputFolder,
    *,
    read_options: ReadOptions,
    classifier: Any = None,
    tagger: Any = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    compare: str = "auto",
    compare_max: int = DEFAULT_COMPARE_MAX,
    csv: bool = True,
    html: bool = True,
) -> RunStats:
    """Read ``inputs`` and write every frame of ``analyze`` into ``folder``'s staging area, batch by batch.

    ``read_options`` are passed to :func:`~nlp_reports.corpus.reader.iter_results` (``n_jobs``,
    ``cache_dir``, ``timeout``, ``max_memory``, ``progress``, ``backend``, ``ocr``, ``engine``).  ``compare``:
    ``"auto"`` (comparisons across reports and summary.html up to ``compare_max`` reports),
    ``"always"`` or ``"never"``.  The caller commits the folder (``folder.commit``) with the manifest.
    """
    from .errors import NlpReportsError

    if compare not in ("auto", "always", "never"):
        raise NlpReportsError(f"compare must be 'auto', 'always' or 'never', not {compare!r}")
    if batch_size < 1:
        raise NlpReportsError(f"the batch size must be at least 1, not {batch_size}")
    models = _Models(classifier, tagger)
    stage = folder.staging_dir()
    writers = {
        name: DatasetWriter(stage / f"{name}.parquet", None if name == "errors" else "year") for name in STREAMED_FRAMES
    }
    panel_writer = DatasetWriter(stage / _PANEL_RECORDS, "year")
    ids = DocIds()
    agencies = AgencyRegister()
    stats = RunStats()
    cache_dir = read_options.cache_path
    any_agency_id = False
    reports: list[Report] = []
    errors: list[ErrorRecord] = []
    log = open(stage / INPUTS_LOG, "w", encoding="utf-8")  # the manifest's inputs, one JSON line each

    def flush() -> None:
        if not reports and not errors:
            return
        stats.n_batches += 1
        b = stats.n_batches
        corpus = _BatchCorpus(reports, errors, models, cache_dir)
        frames = corpus.read_frames()
        frames["statements"] = corpus.statements_frame(models.clf, models.tag)
        frames["commitments"] = corpus.commitments_frame(models.clf, models.tag)
        from .compare import report_quality

        frames["report_quality"] = report_quality(corpus)
        stats.n_statements += len(frames["statements"])
        for name, df in frames.items():
            writers[name].write(df, b)
        panel_writer.write(_panel_records_frame(reports), b)
        reports.clear()
        errors.clear()

    try:
        for res in iter_results(inputs, read_options):
            stats.n_cached += int(res.from_cache)
            if res.report is not None:
                rep = res.report
                ids.add(rep)
                agencies.add(rep)
                any_agency_id = any_agency_id or bool(rep.meta.agency_id)
                reports.append(rep)
                stats.n_reports += 1
                entry = {
                    "source": rep.meta.source,
                    "sha256": rep.meta.sha256,
                    "status": "warnings" if rep.warnings else "ok",
                    "doc_id": rep.meta.doc_id,
                }
            else:
                assert res.error is not None
                errors.append(res.error)
                stats.n_errors += 1
                if len(stats.errors_shown) < ERRORS_SHOWN:
                    stats.errors_shown.append(res.error)
                entry = {
                    "source": res.error.source,
                    "sha256": res.error.sha256,
                    "status": "error",
                    "reason": res.error.reason,
                }
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            if len(reports) + len(errors) >= batch_size:
                flush()
        flush()
    finally:
        log.close()
    for name, w in writers.items():
        w.finish()
        folder.path(f"{name}.parquet")  # recorded as written (a folder)
        if csv:
            frame_to_csv(w.root, folder.path(f"{name}.csv"))
    panel_writer.finish()
    if stats.n_reports:
        folder.write_frame(agencies.frame(), "agencies", keep_lists=True)
        _write_panel(stage / _PANEL_RECORDS, folder, "agency_id" if any_agency_id else "agency_key", stats)
        run_compare = compare == "always" or (compare == "auto" and stats.n_reports <= compare_max)
        if run_compare:
            _compare(folder, stats, html=html)
        else:
            why = (
                "--compare never"
                if compare == "never"
                else f"{stats.n_reports} reports > {compare_max} (--compare-max)"
            )
            for step in (
                "theme_profile",
                "theme_profile_by_level",
                "boilerplate",
                "follow_through",
                "similarity",
                "keyness",
                "summary.html",
            ):
                stats.notes.append(
                    {
                        "step": step,
                        "note": f"skipped: corpus-wide step, {why}; run it on nr.open_results(out) in a notebook",
                    }
                )
    folder.write_frame(pd.DataFrame(stats.notes, columns=["step", "note"]), "notes")
    return stats


def _write_panel(records_root: Path, folder: OutputFolder, key: str, stats: RunStats) -> None:
    """panel.parquet / panel.csv (+ codebook) year by year from the per-report records; panel.dta when small."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .corpus.panel import codebook_frame, panel_from_records
    from .csv_cells import csv_safe
    from .frames import DOCVARS

    writer = None
    n_rows = 0
    parquet_path = folder.path("panel.parquet")
    csv_path = folder.path("panel.csv")
    attrs: dict[str, Any] = {}
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        for df in (
            chunk for year_df in iter_frame_batches_by_year(records_root) for chunk in _group_chunks(year_df, key)
        ):
            recs = [
                {
                    "meta": {c: _py(row[c]) for c in DOCVARS if c in row},
                    "values": json.loads(row["values"]),
                    "n_cells": int(row["n_cells"]),
                    "tables_found": int(row["tables_found"]),
                    "checks_failed": int(row["checks_failed"]),
                }
                for row in df.to_dict("records")
            ]
            panel = panel_from_records(recs, key, [c for c in DOCVARS if c in df.columns])
            attrs = panel.attrs
            csv_safe(panel).to_csv(fh, index=False, header=n_rows == 0)
            plain = panel.copy()
            plain.attrs = {}  # the codebook goes into the file's metadata once, below
            table = pa.Table.from_pandas(plain, preserve_index=False)
            if writer is None:
                fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
                meta = {k: v for k, v in (table.schema.metadata or {}).items() if k != b"PANDAS_ATTRS"}
                meta[b"PANDAS_ATTRS"] = json.dumps(
                    {k: (v.to_dict("records") if isinstance(v, pd.DataFrame) else v) for k, v in panel.attrs.items()},
                    ensure_ascii=False,
                    default=str,
                ).encode()
                schema = pa.schema(fields, metadata=meta)
                writer = pq.ParquetWriter(parquet_path, schema)
            writer.write_table(pa.Table.from_arrays([table.column(f.name).cast(f.type) for f in schema], schema=schema))
            n_rows += len(panel)
    if writer is not None:
        writer.close()
    codebook_frame().to_csv(folder.path("panel.codebook.csv"), index=False, encoding="utf-8-sig")
    if n_rows <= STATA_MAX_ROWS:
        from .io import to_stata

        panel = pd.read_parquet(parquet_path)
        panel.attrs = dict(attrs)
        to_stata(panel, folder.path("panel.dta"))
    else:
        stats.notes.append(
            {
                "step": "panel.dta",
                "note": f"skipped: {n_rows} agency-years > {STATA_MAX_ROWS}; "
                "write a filtered panel with nr.io.to_stata(nr.open_results(out).panel(filters=...), path)",
            }
        )


def _group_chunks(df: pd.DataFrame, key: str, size: int = 2000) -> Any:
    """The records of one year sorted by agency (missing last, as the panel is), in chunks of whole agencies."""
    df = df.sort_values(key, na_position="last", kind="stable").reset_index(drop=True)
    groups = df[key].fillna("")
    start = 0
    while start < len(df):
        end = min(start + size, len(df))
        while end < len(df) and groups.iat[end] == groups.iat[end - 1]:
            end += 1  # an agency-year is never split
        yield df.iloc[start:end]
        start = end


def _py(v: Any) -> Any:
    """A pandas cell as the plain value ``Report.docvars()`` gives (None for missing)."""
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return v.item() if hasattr(v, "item") else v


def iter_frame_batches_by_year(root: Path) -> Any:
    """All rows of one year at a time (the panel groups agency-years, which never span two years)."""
    batch: list[pd.DataFrame] = []
    year: Any = object()
    for df in iter_frame_batches(root):
        y = df["year"].iloc[0] if len(df) else None
        y = None if y is pd.NA else y
        if batch and y != year:
            yield pd.concat(batch, ignore_index=True)
            batch = []
        year = y
        batch.append(df)
    if batch:
        yield pd.concat(batch, ignore_index=True)


def _compare(folder: OutputFolder, stats: RunStats, *, html: bool) -> None:
    """The comparisons across reports, their plots and summary.html, from the written frames."""
    from .results import open_results

    res = open_results(folder.staging_dir(), _staged=True)
    st = res.statements()
    sections = res.sections()

    frames: dict[str, pd.DataFrame] = {}

    def keep(name: str, df: pd.DataFrame) -> None:
        folder.write_frame(df, name)
        frames[name] = df

    figures = comparisons(st, sections, stats.n_reports, stats.notes, keep=keep)
    if html:
        from .summary_html import write_summary

        for name in ("reports", "errors", "checks", "commitments", "report_quality"):
            frames[name] = getattr(res, name)()
        frames["statements"] = st
        frames["notes"] = pd.DataFrame(stats.notes, columns=["step", "note"])
        write_summary(folder.path("summary.html"), _Counts(stats), frames, figures)
    import matplotlib.pyplot as plt

    for fig in figures.values():
        plt.close(fig)


class _Counts:
    """What summary.html needs of a corpus: its length and its errors."""

    def __init__(self, stats: RunStats) -> None:
        self._n = stats.n_reports
        self.errors = [None] * stats.n_errors

    def __len__(self) -> int:
        return self._n
