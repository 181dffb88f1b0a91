"""The results of an ``nlp-reports analyze`` run, read lazily from its ``--out`` folder.

A run of 100,000 reports does not fit in a notebook's memory as DataFrames; its frames are parquet
datasets partitioned by year (:mod:`nlp_reports.run_dataset`), and :func:`open_results` reads just the
columns and rows asked for (pyarrow pushes the column selection and the filters down to the files:
a filter on ``year`` skips whole folders)::

    res = nr.open_results("out/")
    res.frames                                   # ['agencies', 'checks', 'commitments', ...]
    st = res.statements(columns=["doc_id", "year", "label", "themes"], filters=[("year", ">=", 2020)])
    dst = res.statements(lazy=True)              # a dask DataFrame (dask installed), one partition per file
    res.manifest["n_reports"]
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import NotARunFolderError

MANIFEST = "manifest.json"


def _filter_expression(filters: Any) -> Any:
    """pyarrow's expression of ``filters`` (``[("year", ">=", 2020), ...]``, or a list of such lists for OR)."""
    if filters is None:
        return None
    import pyarrow.parquet as pq

    try:
        return pq.filters_to_expression(filters)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"filters must be a list of (column, op, value) tuples such as [('year', '>=', 2020)] "
            f"(or a list of such lists, joined by OR); got {filters!r}: {exc}"
        ) from exc


class Results:
    """The frames of one run folder; each frame is a method (``res.statements(...)``) returning pandas.

    Frames written per batch (reports, sections, tables, checks, warnings, errors, statements,
    commitments, report_quality) are parquet datasets read with ``pyarrow.dataset``; the others
    (agencies, panel, comparisons, notes) are single parquet files, read whole and filtered.
    """

    def __init__(self, out_dir: str | os.PathLike[str], *, _staged: bool = False) -> None:
        self.path = Path(out_dir)
        if not self.path.is_dir():
            raise NotARunFolderError(
                f"{self.path} is not a folder; give the --out folder of an `nlp-reports analyze` run"
            )
        mf = self.path / MANIFEST
        if _staged:
            self.manifest: dict[str, Any] = {}
        else:
            try:
                manifest = json.loads(mf.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise NotARunFolderError(
                    f"{self.path} has no readable {MANIFEST}: it is not the --out folder of an nlp-reports run "
                    f"(or the run was interrupted before it finished; run it again)"
                ) from exc
            if not isinstance(manifest, dict) or "files" not in manifest:
                raise NotARunFolderError(f"{mf} is not a manifest written by nlp-reports (no list of files)")
            self.manifest = manifest
        names = self.manifest.get("files") if not _staged else [p.name for p in self.path.iterdir()]
        self._files = {Path(n).stem: self.path / n for n in (names or []) if str(n).endswith(".parquet")}
        if not self._files:
            raise NotARunFolderError(
                f"{self.path} holds no parquet frames; install pyarrow and run `nlp-reports analyze ... --out {self.path}`"
            )

    @property
    def frames(self) -> list[str]:
        """The names of the frames of this run (each one also a method)."""
        return sorted(self._files)

    def __repr__(self) -> str:
        n = self.manifest.get("n_reports")
        return f"<Results {self.path} ({n} reports): {', '.join(self.frames)}>"

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self._files))

    def __getattr__(self, name: str) -> Any:
        files = self.__dict__.get("_files", {})
        if name in files:

            def frame(columns: Sequence[str] | None = None, filters: Any = None, lazy: bool = False) -> Any:
                return self.read(name, columns=columns, filters=filters, lazy=lazy)

            frame.__doc__ = (
                f"The {name} frame: ``columns`` to read, ``filters`` as [(column, op, value)], ``lazy`` for dask."
            )
            return frame
        raise AttributeError(f"no frame {name!r} in {self.path}; frames: {', '.join(self.frames)}")

    def _path(self, name: str) -> Path:
        if name not in self._files:
            raise KeyError(f"no frame {name!r} in {self.path}; frames: {', '.join(self.frames)}")
        return self._files[name]

    def read(self, name: str, columns: Sequence[str] | None = None, filters: Any = None, lazy: bool = False) -> Any:
        """Frame ``name`` as a pandas DataFrame (``lazy=True``: a dask DataFrame), columns and filters pushed down."""
        if lazy:
            return self.dask(name, columns=columns, filters=filters)
        path = self._path(name)
        expr = _filter_expression(filters)
        if path.is_dir():
            from .run_dataset import open_dataset

            dataset, order = open_dataset(path)
            cols = self._columns(name, order, columns)
            table = dataset.to_table(columns=cols, filter=expr)
            return table.to_pandas()[cols]
        import pyarrow.parquet as pq

        df = pq.read_table(path, columns=list(columns) if columns is not None else None, filters=filters).to_pandas()
        return df

    def _columns(self, name: str, order: list[str], columns: Sequence[str] | None) -> list[str]:
        if columns is None:
            return list(order)
        unknown = [c for c in columns if c not in order]
        if unknown:
            raise KeyError(f"frame {name!r} has no column(s) {unknown}; it has {', '.join(order)}")
        return list(columns)

    def dask(self, name: str, columns: Sequence[str] | None = None, filters: Any = None) -> Any:
        """Frame ``name`` as a dask DataFrame, one partition per parquet file (needs dask: the ``dask`` extra)."""
        try:
            import dask.dataframe as dd
        except ImportError as exc:
            from .errors import NlpReportsError

            raise NlpReportsError("lazy=True / res.dask() needs dask: pip install 'nlp_reports[dask]'") from exc
        path = self._path(name)
        if not path.is_dir():
            return dd.from_pandas(self.read(name, columns=columns, filters=filters), npartitions=1)
        from .run_dataset import open_dataset

        dataset, order = open_dataset(path)
        cols = self._columns(name, order, columns)
        expr = _filter_expression(filters)
        fragments = [f.path for f in dataset.get_fragments(filter=expr)]  # partition pruning happens here
        meta = dataset.schema.empty_table().select(cols).to_pandas()
        if not fragments:
            return dd.from_pandas(meta, npartitions=1)
        return dd.from_map(_read_fragment, fragments, path=str(path), columns=cols, filters=filters, meta=meta)


def _read_fragment(file: str, path: str, columns: list[str], filters: Any) -> pd.DataFrame:
    """One file of a frame's dataset (its year from the folder name) as pandas: one dask partition."""
    from .run_dataset import open_dataset

    dataset, _ = open_dataset(path)
    for frag in dataset.get_fragments():
        if frag.path == file:
            table = frag.to_table(schema=dataset.schema, columns=columns, filter=_filter_expression(filters))
            return table.to_pandas()[columns]
    raise FileNotFoundError(f"{file}: a file of the run folder disappeared while it was read")


def open_results(out_dir: str | os.PathLike[str], *, _staged: bool = False) -> Results:
    """Open the ``--out`` folder of an ``nlp-reports analyze`` run for lazy reading.

    Each frame is a method taking ``columns`` (read only these), ``filters`` (pyarrow's
    ``[(column, op, value), ...]``, pushed down: a filter on ``year`` skips whole folders) and
    ``lazy`` (a dask DataFrame instead of pandas, when dask is installed; also ``res.dask(name)``).
    ``res.frames`` lists the frames, ``res.manifest`` is the run's ``manifest.json``.  A folder that is
    not a finished run raises :class:`~nlp_reports.errors.NotARunFolderError`.

    >>> import tempfile, nlp_reports as nr
    >>> from nlp_reports.cli import main
    >>> out = tempfile.mkdtemp()
    >>> main(["analyze", "corpora/sample/txt", "--out", out, "--no-progress", "--no-html"])  # doctest: +ELLIPSIS
    analysed 7 report(s) ...
    0
    >>> res = nr.open_results(out)
    >>> {"statements", "reports", "panel"} <= set(res.frames)
    True
    >>> st = res.statements(columns=["doc_id", "year", "label"], filters=[("year", ">=", 2023)])
    >>> sorted(st["year"].unique().tolist()), st.columns.tolist()
    ([2023], ['doc_id', 'year', 'label'])
    >>> res.manifest["n_reports"]
    7
    """
    return Results(out_dir, _staged=_staged)
