"""Reports and error records as plain JSON data, and back, validating every field.

This is the format of the disk cache and of the answer a reading worker sends back. Decoding only
builds our own dataclasses from JSON values (strings, numbers, lists, dicts), so a planted or damaged
entry can never run code: at worst it fails validation and :func:`decode` raises :class:`CodecError`,
which the cache treats as a miss. DataFrames are stored column by column with their dtypes, so a
decoded report equals the one that was encoded (same dtypes, labels and values).
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from typing import Any

import pandas as pd

from ..model import SECTION_KEYS, Report, ReportMeta, ReportWarning, Section, Subsection, Tables

#: bump when the layout of the JSON below changes
FORMAT = 1

#: dtypes a stored frame may declare (anything else is refused, never passed to pandas)
_DTYPES = {"int64", "float64", "bool", "object", "str", "string", "Int64", "Float64", "boolean"}


class CodecError(ValueError):
    """A JSON value is not a valid encoded report / error record."""


# --------------------------------------------------------------------------- encode


def _plain(v: Any) -> Any:
    """A JSON value for one cell or label (numpy scalars -> Python, pd.NA -> None)."""
    if v is None or v is pd.NA:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v  # NaN/inf are written as JSON NaN/Infinity and read back by json.loads
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict) and all(isinstance(k, str) for k in v):
        return {k: _plain(x) for k, x in v.items()}
    raise CodecError(f"cannot store a {type(v).__name__} value in the cache")


def _dtype_name(dt: Any) -> str:
    name = str(dt)
    if name not in _DTYPES:
        name = "object"
    return name


def encode_frame(df: pd.DataFrame | None) -> dict[str, Any] | None:
    """A DataFrame as ``{index, columns, dtypes, data}`` (column-major) of plain values."""
    if df is None:
        return None
    if isinstance(df.index, pd.MultiIndex) or isinstance(df.columns, pd.MultiIndex):
        raise CodecError("multi-level frames are not stored")
    return {
        "index": [_plain(v) for v in df.index],
        "index_name": _plain(df.index.name),
        "index_dtype": _dtype_name(df.index.dtype),
        "columns": [_plain(v) for v in df.columns],
        "columns_name": _plain(df.columns.name),
        "columns_dtype": _dtype_name(df.columns.dtype),
        "dtypes": [_dtype_name(df[c].dtype) if df.columns.is_unique else "object" for c in df.columns],
        "data": [[_plain(v) for v in df.iloc[:, j].tolist()] for j in range(df.shape[1])],
    }


def encode_report(rep: Report) -> dict[str, Any]:
    """A :class:`Report` as a JSON-able dict."""
    return {
        "kind": "report",
        "format": FORMAT,
        "meta": {f.name: _plain(getattr(rep.meta, f.name)) for f in fields(ReportMeta)},
        "text": rep.text,
        "source_text": rep.source_text,
        "sections": [
            {
                "key": k,
                "number": s.number,
                "heading": s.heading,
                "text": s.text,
                "subsections": [
                    {"number": u.number, "title": u.title, "text": u.text, "start": u.start, "end": u.end}
                    for u in s.subsections
                ],
                "headings": list(s.headings),
                "start": s.start,
                "end": s.end,
                "found": bool(s.found),
            }
            for k, s in rep.sections.items()
        ],
        "tables": {name: encode_frame(df) for name, df in rep.tables.items()},
        "checks": encode_frame(rep.checks),
        "warnings": [{"code": w.code, "message": w.message, "detail": w.detail} for w in rep.warnings],
    }


def encode_error(rec: Any) -> dict[str, Any]:
    """An :class:`~nlp_reports.corpus.reader.ErrorRecord` as a JSON-able dict."""
    return {
        "kind": "error",
        "format": FORMAT,
        "source": rec.source,
        "reason": rec.reason,
        "message": rec.message,
        "sha256": rec.sha256,
        "seconds": float(rec.seconds),
    }


def dumps(obj: dict[str, Any]) -> str:
    """Compact JSON text of an encoded object (non-ASCII kept as is: reports are Chinese)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- decode


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise CodecError(what)


def _str(d: dict[str, Any], key: str, optional: bool = False) -> Any:
    v = d.get(key)
    _need(isinstance(v, str) or (optional and v is None), f"{key}: expected a string")
    return v


def _int(d: dict[str, Any], key: str, optional: bool = False) -> Any:
    v = d.get(key)
    _need((isinstance(v, int) and not isinstance(v, bool)) or (optional and v is None), f"{key}: expected an integer")
    return v


def _str_dict(d: dict[str, Any], key: str) -> Any:
    v = d.get(key)
    _need(
        v is None
        or (
            isinstance(v, dict) and all(isinstance(k, str) and (x is None or isinstance(x, str)) for k, x in v.items())
        ),
        f"{key}: expected a dict of strings",
    )
    return None if v is None else dict(v)


def _int_list(d: dict[str, Any], key: str) -> Any:
    v: Any = d.get(key)  # a decoded JSON/msgpack value, checked just below
    _need(
        isinstance(v, list) and all(isinstance(x, int) and not isinstance(x, bool) for x in v),
        f"{key}: expected a list of integers",
    )
    return list(v)


def _cell_ok(v: Any) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _str_list_ok(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def decode_frame(d: Any, str_lists: bool = False) -> pd.DataFrame | None:
    """The DataFrame of :func:`encode_frame`; :class:`CodecError` when ``d`` is not one.

    ``str_lists``: cells may also be lists of strings (the commitments cache: actions, themes).
    """
    if d is None:
        return None
    _need(isinstance(d, dict), "frame: expected an object")
    index, columns, dtypes, data = d.get("index"), d.get("columns"), d.get("dtypes"), d.get("data")
    _need(all(isinstance(x, list) for x in (index, columns, dtypes, data)), "frame: missing parts")
    _need(len(columns) == len(dtypes) == len(data), "frame: columns, dtypes and data differ in length")
    _need(all(_cell_ok(v) for v in index) and all(_cell_ok(v) for v in columns), "frame: bad labels")
    for dt, col in zip(dtypes, data):
        _need(dt in _DTYPES, f"frame: dtype {dt!r} not allowed")
        _need(isinstance(col, list) and len(col) == len(index), "frame: a column has the wrong length")
        _need(all(_cell_ok(v) or (str_lists and _str_list_ok(v)) for v in col), "frame: bad cell")
    for key in ("index_dtype", "columns_dtype"):
        _need(d.get(key) in _DTYPES, f"frame: {key} not allowed")
    try:
        cols = [
            pd.Series(col, dtype=object).astype(dt) if dt != "object" else pd.Series(col, dtype=object)
            for dt, col in zip(dtypes, data)
        ]
        df = pd.concat(cols, axis=1) if cols else pd.DataFrame(index=range(len(index)))
        df.columns = pd.Index(columns, dtype=d["columns_dtype"], name=d.get("columns_name"))
        df.index = pd.Index(index, dtype=d["index_dtype"], name=d.get("index_name"))
    except (TypeError, ValueError, OverflowError) as exc:
        raise CodecError(f"frame: {exc}") from None
    return df


#: how each annotation of a ReportMeta field is checked (a new annotation fails loudly in the tests)
_META_CHECKS = {
    "str": lambda m, k: _str(m, k),
    "Optional[str]": lambda m, k: _str(m, k, True),
    "int": lambda m, k: _int(m, k),
    "Optional[int]": lambda m, k: _int(m, k, True),
    "Optional[dict[str, Optional[str]]]": lambda m, k: _str_dict(m, k),
    "list[int]": lambda m, k: _int_list(m, k),
}
# the same types as PEP 604 unions, the spelling `ruff`'s pyupgrade rules write
_META_CHECKS.update(
    {
        "str | None": _META_CHECKS["Optional[str]"],
        "int | None": _META_CHECKS["Optional[int]"],
        "dict[str, str | None] | None": _META_CHECKS["Optional[dict[str, Optional[str]]]"],
    }
)


def _decode_meta(d: dict[str, Any]) -> ReportMeta:
    m = d.get("meta")
    _need(isinstance(m, dict), "meta: expected an object")
    return ReportMeta(**{f.name: _META_CHECKS[str(f.type)](m, f.name) for f in fields(ReportMeta)})


def _decode_sections(d: dict[str, Any]) -> dict[str, Section]:
    secs: Any = d.get("sections")
    _need(isinstance(secs, list), "sections: expected a list")
    sections: dict[str, Section] = {}
    for s in secs:
        _need(isinstance(s, dict) and s.get("key") in SECTION_KEYS, "section: bad key")
        subs = s.get("subsections")
        heads = s.get("headings")
        _need(isinstance(subs, list) and isinstance(heads, list), "section: bad lists")
        _need(all(isinstance(h, str) for h in heads), "section: bad headings")
        _need(isinstance(s.get("found"), bool), "section: bad found")
        sub_objs = []
        for u in subs:
            _need(isinstance(u, dict), "subsection: expected an object")
            sub_objs.append(
                Subsection(_str(u, "number"), _str(u, "title"), _str(u, "text"), _int(u, "start"), _int(u, "end"))
            )
        sections[s["key"]] = Section(
            key=s["key"],
            number=_str(s, "number"),
            heading=_str(s, "heading"),
            text=_str(s, "text"),
            subsections=sub_objs,
            headings=list(heads),
            start=_int(s, "start"),
            end=_int(s, "end"),
            found=s["found"],
        )
    return sections


def _decode_tables(d: dict[str, Any]) -> Tables:
    tb: Any = d.get("tables")  # a decoded JSON value, checked just below
    _need(isinstance(tb, dict) and set(tb) == {"proactive", "applications", "review_litigation"}, "tables: bad keys")
    return Tables(**{k: decode_frame(v) for k, v in tb.items()})


def _decode_checks(d: dict[str, Any]) -> pd.DataFrame:
    checks = decode_frame(d.get("checks"))
    _need(checks is not None, "checks: missing")
    return checks


def _decode_warnings(d: dict[str, Any]) -> list[ReportWarning]:
    ws: Any = d.get("warnings")
    _need(isinstance(ws, list), "warnings: expected a list")
    warns = []
    for w in ws:
        _need(isinstance(w, dict), "warning: expected an object")
        warns.append(ReportWarning(_str(w, "code"), _str(w, "message"), _str(w, "detail")))
    return warns


#: how each field of a :class:`Report` is decoded (a new field without a decoder fails loudly in the tests)
_REPORT_FIELDS = {
    "meta": _decode_meta,
    "text": lambda d: _str(d, "text"),
    "sections": _decode_sections,
    "tables": _decode_tables,
    "checks": _decode_checks,
    "warnings": _decode_warnings,
    "source_text": lambda d: _str(d, "source_text"),
}


def decode_report(d: Any) -> Report:
    """The :class:`Report` of :func:`encode_report`; :class:`CodecError` when ``d`` is not one."""
    _need(isinstance(d, dict) and d.get("kind") == "report" and d.get("format") == FORMAT, "not a report entry")
    return Report(**{f.name: _REPORT_FIELDS[f.name](d) for f in fields(Report)})


def decode_error(d: Any):
    """The :class:`~nlp_reports.corpus.reader.ErrorRecord` of :func:`encode_error`."""
    from .records import ErrorRecord

    _need(isinstance(d, dict) and d.get("kind") == "error" and d.get("format") == FORMAT, "not an error entry")
    secs = d.get("seconds")
    _need(isinstance(secs, (int, float)) and not isinstance(secs, bool) and math.isfinite(secs), "seconds: bad")
    return ErrorRecord(_str(d, "source"), _str(d, "reason"), _str(d, "message"), _str(d, "sha256"), float(secs))


def decode_result(d: Any):
    """A report or an error record, whichever ``d`` encodes."""
    _need(isinstance(d, dict), "expected an object")
    if d.get("kind") == "error":
        return decode_error(d)
    return decode_report(d)


def decode_rows(d: Any, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """A list of flat row dicts (statements cache) whose keys include ``required``."""
    _need(isinstance(d, list), "rows: expected a list")
    for r in d:
        _need(isinstance(r, dict) and all(k in r for k in required), "rows: missing keys")
        for v in r.values():
            _need(_cell_ok(v) or (isinstance(v, list) and all(isinstance(x, str) for x in v)), "rows: bad value")
    return d
