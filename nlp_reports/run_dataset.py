"""A frame of a streaming run as a partitioned parquet dataset: written batch by batch, read lazily.

Layout of one frame (``<out>/<frame>.parquet/`` is a folder, the usual layout of a parquet dataset)::

    statements.parquet/year=2023/part-000001.parquet     # batch 1, reports of 2023
    statements.parquet/year=2024/part-000001.parquet
    statements.parquet/year=__HIVE_DEFAULT_PARTITION__/part-000002.parquet   # year unknown
    statements.parquet/_common_metadata                   # the schema of every file, year included

The ``year`` column lives in the folder names (hive partitioning), so a filter on it skips whole
folders; ``errors`` has no year and is split by batch only.  Every file of a frame has the same schema:
when a later batch widens a column (a first batch without any text in a column, integers that turn
out to be floats), the files written before are rewritten to the wider schema at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
SCHEMA_FILE = "_common_metadata"
#: pandas metadata key of the original column order (the year column is in the folder names)
COLUMNS_KEY = b"nlp_reports.columns"


def _arrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        from .errors import NlpReportsError

        raise NlpReportsError("streaming runs need pyarrow: pip install pyarrow") from exc
    return pa


def _plain(v: Any) -> Any:
    """A cell arrow can store: lists/tuples/sets stay lists, other non-scalar objects become text."""
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_plain(x) for x in v]
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def to_arrow(df: pd.DataFrame) -> Any:
    """``df`` as an arrow table; object columns arrow cannot type (mixed values) are stored as text."""
    pa = _arrow()
    df = df.reset_index(drop=True)
    try:
        return _nulls_untyped(pa.Table.from_pandas(df, preserve_index=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        pass
    fixed = df.copy()
    for col in fixed.columns:
        if fixed[col].dtype == object:
            try:
                pa.array(fixed[col].map(_plain), from_pandas=True)
                fixed[col] = fixed[col].map(_plain)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
                fixed[col] = fixed[col].map(
                    lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                )
    return _nulls_untyped(pa.Table.from_pandas(fixed, preserve_index=False))


def _nulls_untyped(table: Any) -> Any:
    """Columns with no value at all get arrow's null type (pandas makes them float or object: no evidence of a type)."""
    pa = _arrow()
    for i, f in enumerate(table.schema):
        if len(table) and table.column(i).null_count == len(table) and not pa.types.is_null(f.type):
            table = table.set_column(i, pa.field(f.name, pa.null()), pa.nulls(len(table)))
    return table


def _year_dir(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return f"year={NULL_PARTITION}"
    return f"year={int(value)}"


class DatasetWriter:
    """Writes one frame, batch after batch, into ``root`` (a ``<frame>.parquet`` folder)."""

    def __init__(self, root: str | os.PathLike[str], partition: str | None = "year") -> None:
        self.root = Path(root)
        self.partition = partition
        self.schema: Any = None  # the unified schema of the file columns (without the partition column)
        self.columns: list[str] = []  # the frame's column order, partition column included
        self.files: list[tuple[Path, int]] = []  # (file, index of the schema it was written with)
        self._schemas: list[Any] = []  # distinct schemas written (few): files refer to them by index
        self.rows = 0

    def write(self, df: pd.DataFrame, batch: int) -> None:
        """Append the rows of one batch (nothing is written for an empty frame, but its columns are noted)."""
        for c in df.columns:
            if c not in self.columns:
                self.columns.append(str(c))
        if not len(df):
            if self.schema is None or len(self.schema) < len(df.columns) - (self.partition in df.columns):
                self._unify(to_arrow(df.drop(columns=[self.partition], errors="ignore")).schema)
            return
        self.rows += len(df)
        if self.partition and self.partition in df.columns:
            keys = df[self.partition].map(_year_dir)
            groups = [(d, df[keys == d]) for d in dict.fromkeys(keys)]
        else:
            groups = [("", df)]
        import pyarrow.parquet as pq

        for sub, part in groups:
            table = to_arrow(part.drop(columns=[self.partition], errors="ignore"))
            self._unify(table.schema)
            table = _conform(table, self.schema)
            folder = self.root / sub if sub else self.root
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"part-{batch:06d}.parquet"
            pq.write_table(table, path)
            written = table.schema.remove_metadata()
            idx = next((i for i, sch in enumerate(self._schemas) if sch.equals(written)), -1)
            if idx < 0:
                self._schemas.append(written)
                idx = len(self._schemas) - 1
            self.files.append((path, idx))

    def _unify(self, schema: Any) -> None:
        pa = _arrow()
        schema = schema.remove_metadata()
        if self.schema is None:
            self.schema = schema
            return
        try:
            self.schema = pa.unify_schemas([self.schema, schema], promote_options="permissive")
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # e.g. numbers in one batch, text in another: text
            fields = []
            other = {f.name: f for f in schema}
            for f in self.schema:
                o = other.pop(f.name, None)
                if o is None or o.type.equals(f.type):
                    fields.append(f)
                else:
                    try:
                        fields.append(
                            pa.unify_schemas([pa.schema([f]), pa.schema([o])], promote_options="permissive")[0]
                        )
                    except (pa.ArrowTypeError, pa.ArrowInvalid):
                        fields.append(pa.field(f.name, pa.large_string()))
            self.schema = pa.schema(fields + list(other.values()))

    def finish(self) -> None:
        """Rewrite files written with a narrower schema, then write ``_common_metadata`` (full schema, year included)."""
        pa = _arrow()
        import pyarrow.parquet as pq

        self.root.mkdir(parents=True, exist_ok=True)
        schema = self.schema if self.schema is not None else pa.schema([])
        for path, idx in self.files:
            if not self._schemas[idx].equals(schema):
                pq.write_table(_conform(pq.read_table(path, partitioning=None), schema), path)
        full = schema
        if self.partition:
            full = full.append(pa.field(self.partition, pa.int64()))
        meta = {COLUMNS_KEY: json.dumps([c for c in self.columns if c in full.names], ensure_ascii=False).encode()}
        pq.write_metadata(full.with_metadata(meta), self.root / SCHEMA_FILE)


def _conform(table: Any, schema: Any) -> Any:
    """``table`` with the columns and types of ``schema`` (missing columns as nulls)."""
    pa = _arrow()
    cols = []
    for field in schema:
        if field.name in table.column_names:
            col = table.column(field.name)
            cols.append(col if col.type.equals(field.type) else col.cast(field.type))
        else:
            cols.append(pa.nulls(len(table), field.type))
    return pa.Table.from_arrays(cols, schema=schema)


# ---------------------------------------------------------------------------------------------- reading


def dataset_schema(root: str | os.PathLike[str]) -> tuple[Any, list[str]]:
    """The schema of a frame's dataset (from ``_common_metadata``) and its column order."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(Path(root) / SCHEMA_FILE)
    raw = (schema.metadata or {}).get(COLUMNS_KEY)
    columns = json.loads(raw) if raw else list(schema.names)
    return schema.remove_metadata(), columns


def open_dataset(root: str | os.PathLike[str]) -> tuple[Any, list[str]]:
    """A ``pyarrow.dataset.Dataset`` over a frame folder (year from the folder names) and its column order."""
    import pyarrow.dataset as ds

    pa = _arrow()
    schema, columns = dataset_schema(root)
    partitioning = None
    if "year" in schema.names and Path(root).is_dir() and any(p.name.startswith("year=") for p in Path(root).iterdir()):
        partitioning = ds.partitioning(pa.schema([("year", pa.int64())]), flavor="hive")
    return ds.dataset(str(root), schema=schema, format="parquet", partitioning=partitioning), columns


def iter_frame_batches(root: str | os.PathLike[str]) -> Iterator[pd.DataFrame]:
    """The frame file by file as DataFrames in its column order: years ascending (unknown last), then batches."""
    import pyarrow.parquet as pq

    schema, columns = dataset_schema(root)
    pa = _arrow()
    root = Path(root)

    def order(p: Path) -> tuple:
        year = p.parent.name.partition("=")[2] if p.parent != root else ""
        return (year == NULL_PARTITION, int(year) if year.lstrip("-").isdigit() else 0, str(p))

    for path in sorted(root.rglob("part-*.parquet"), key=order):
        table = _conform(pq.read_table(path, partitioning=None), pa.schema([f for f in schema if f.name != "year"]))
        if "year" in schema.names:
            year = path.parent.name.partition("=")[2]
            value = None if year == NULL_PARTITION else int(year)
            table = table.append_column(pa.field("year", pa.int64()), pa.array([value] * len(table), pa.int64()))
        df = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        yield df[[c for c in columns if c in df.columns]]


def frame_to_csv(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> int:
    """Write a frame's dataset as one CSV (UTF-8 with BOM, formula-escaped like every CSV of a run), file by file."""
    from .csv_cells import csv_safe, flat_lists

    n = 0
    header = True
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        for df in iter_frame_batches(root):
            csv_safe(flat_lists(df)).to_csv(fh, index=False, header=header)
            header = False
            n += len(df)
        if header:  # no rows: the header alone
            _, columns = dataset_schema(root)
            csv_safe(pd.DataFrame(columns=columns)).to_csv(fh, index=False)
    return n
