"""Writing frames for other tools: Stata (.dta with Chinese variable labels), parquet, CSV.

Mainly for :meth:`nlp_reports.Corpus.panel`, whose ``attrs["codebook"]`` holds the variable labels.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd

from .errors import NlpReportsError

_STATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


def variable_labels(df: pd.DataFrame) -> dict[str, str]:
    """Column -> label from ``df.attrs["codebook"]`` (variable, label) and ``df.attrs["meta_labels"]``."""
    labels: dict[str, str] = dict(df.attrs.get("meta_labels") or {})
    cb = df.attrs.get("codebook")
    if isinstance(cb, pd.DataFrame) and {"variable", "label"} <= set(cb.columns):
        labels.update(dict(zip(cb["variable"], cb["label"])))
    return {c: str(labels[c])[:80] for c in df.columns if c in labels}


def _for_stata(df: pd.DataFrame) -> pd.DataFrame:
    out: dict[str, pd.Series] = {}
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_bool_dtype(s):
            out[c] = s.astype("int8")
        elif (
            isinstance(s.dtype, pd.Int64Dtype) or pd.api.types.is_float_dtype(s) or isinstance(s.dtype, pd.Float64Dtype)
        ):
            out[c] = s.astype("float64")  # Stata's missing value for <NA>
        elif pd.api.types.is_integer_dtype(s):
            out[c] = s
        else:
            out[c] = s.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)).astype(
                object
            )
    return pd.DataFrame(out, index=df.index)


def to_stata(df: pd.DataFrame, path: str | os.PathLike[str], *, data_label: str | None = None) -> None:
    """Write ``df`` as a Stata 14+ ``.dta`` (format 118: Unicode strings and labels).

    Variable labels come from ``df.attrs["codebook"]`` (e.g. ``corpus.panel()``), cut to Stata's 80
    characters; booleans become 0/1, ``<NA>`` Stata's missing value, text columns strings.  Column
    names must already be valid Stata names (letters, digits, ``_``, at most 32 characters) — the
    panel's are; otherwise :class:`~nlp_reports.errors.NlpReportsError` names the bad ones.
    """
    bad = [c for c in df.columns if not _STATA_NAME.match(str(c))]
    if bad:
        raise NlpReportsError(
            f"columns {bad[:10]} are not valid Stata variable names (letters, digits, _; at most 32 characters); rename them"
        )
    flat = _for_stata(df.reset_index(drop=True))
    flat.to_stata(
        Path(path),
        write_index=False,
        version=118,
        variable_labels=variable_labels(df),
        data_label=(data_label or df.attrs.get("data_label") or "nlp_reports panel")[:80],
    )


def to_parquet(df: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``df`` as parquet (nullable integers kept; a codebook in ``attrs`` is stored as records
    in the file's pandas metadata, so ``pd.read_parquet(path).attrs["codebook"]`` has it); needs pyarrow."""
    out = df.copy()
    out.attrs = {k: (v.to_dict("records") if isinstance(v, pd.DataFrame) else v) for k, v in df.attrs.items()}
    try:
        out.to_parquet(Path(path), index=False)
    except ImportError as exc:
        raise NlpReportsError("writing parquet needs pyarrow: pip install pyarrow") from exc


def to_csv(df: pd.DataFrame, path: str | os.PathLike[str], *, codebook: bool = True) -> None:
    """Write ``df`` as CSV (UTF-8 with BOM, opens in Excel, text cells that a spreadsheet would take for a
    formula escaped as in :func:`nlp_reports.csv_cells.csv_safe`); with ``codebook`` also ``<name>.codebook.csv``."""
    from .csv_cells import csv_safe

    p = Path(path)
    csv_safe(df).to_csv(p, index=False, encoding="utf-8-sig")
    cb = df.attrs.get("codebook")
    if codebook and isinstance(cb, pd.DataFrame):
        cb.to_csv(p.with_name(p.stem + ".codebook.csv"), index=False, encoding="utf-8-sig")


def write_panel(panel: pd.DataFrame, out_dir: str | os.PathLike[str], name: str = "panel") -> list[str]:
    """Write ``panel`` as ``<name>.csv`` (+ codebook CSV), ``.parquet`` and ``.dta``; returns the file names."""
    out = Path(out_dir)
    written = []
    to_csv(panel, out / f"{name}.csv")
    written += [f"{name}.csv", f"{name}.codebook.csv"]
    try:
        to_parquet(panel, out / f"{name}.parquet")
        written.append(f"{name}.parquet")
    except NlpReportsError:
        pass
    to_stata(panel, out / f"{name}.dta")
    written.append(f"{name}.dta")
    return written
