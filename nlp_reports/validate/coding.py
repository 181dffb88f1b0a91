"""Samples for human coding, the coding sheet (Excel / CSV with a codebook sheet), reading codes back.

A coding sheet is a :class:`CodingSheet` (a DataFrame) with one row per statement: a stable
``unit_id`` (``doc_id#statement_id``), the text and its context, and empty ``code_<coder>`` columns
the coders fill in.  The model's label is left out on purpose: coders who see it tend to agree with it.
``sheet.to_excel(path)`` writes two sheets, ``to_code`` and ``codebook`` (what each column means and
the allowed codes); :func:`read_codes` checks every code against that list.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CodingError
from ..frames import is_missing

#: the codes of the statement labels (the default coding task)
LABEL_CODES: dict[str, str] = {
    "problem": "a shortcoming of the agency's disclosure work stated in the report (存在的问题)",
    "improvement": "a measure, plan or commitment to fix problems (改进措施 / 下一步)",
    "other": "anything else: lead-ins, transitions, summaries, achievements",
}

#: columns of the sheet shown to coders (when present in the statements frame)
CONTEXT_COLUMNS: tuple[str, ...] = ("doc_id", "agency", "year", "level", "region", "context", "text")

COLUMN_MEANINGS: dict[str, str] = {
    "unit_id": "stable id of the statement (doc_id#position in part 五); do not edit",
    "doc_id": "the report (file name without extension)",
    "agency": "reporting agency",
    "year": "report year",
    "level": "administrative level of the agency",
    "region": "province-level region",
    "context": "the sub-heading the statement stands under, if any",
    "text": "the statement to code",
    "note": "optional remarks of the coder",
}


class CodingSheet(pd.DataFrame):
    """A DataFrame of units to code; ``to_excel`` adds the ``codebook`` sheet, ``to_csv`` a codebook file.

    The allowed codes and their definitions live in ``attrs['codes']`` (a dict code -> definition).
    """

    @property
    def _constructor(self):  # keep the type through pandas operations
        return CodingSheet

    @property
    def codes(self) -> dict[str, str]:
        """Allowed codes -> definitions."""
        return dict(self.attrs.get("codes") or {})

    def codebook_frame(self) -> pd.DataFrame:
        """The codebook sheet: one row per column of the sheet and one per allowed code."""
        rows = [{"kind": "column", "name": c, "meaning": _column_meaning(c)} for c in self.columns]
        rows += [{"kind": "code", "name": k, "meaning": v} for k, v in self.codes.items()]
        return pd.DataFrame(rows, columns=["kind", "name", "meaning"])

    def to_excel(self, excel_writer: Any, *args: Any, **kwargs: Any) -> None:
        """Write the sheet ``to_code`` and the sheet ``codebook`` (a path or an open ``ExcelWriter``)."""
        kwargs.setdefault("index", False)
        kwargs.pop("sheet_name", None)
        plain = pd.DataFrame(self)
        if isinstance(excel_writer, pd.ExcelWriter):
            plain.to_excel(excel_writer, *args, sheet_name="to_code", **kwargs)
            self.codebook_frame().to_excel(excel_writer, sheet_name="codebook", index=False)
            return
        with pd.ExcelWriter(excel_writer) as xw:
            plain.to_excel(xw, *args, sheet_name="to_code", **kwargs)
            self.codebook_frame().to_excel(xw, sheet_name="codebook", index=False)

    def to_csv(self, path_or_buf: Any = None, *args: Any, **kwargs: Any) -> Any:
        """Write the CSV (UTF-8 with BOM, opens in Excel) and, for a path, ``<name>.codebook.csv`` beside it."""
        kwargs.setdefault("index", False)
        plain = pd.DataFrame(self)
        if isinstance(path_or_buf, (str, os.PathLike)):
            kwargs.setdefault("encoding", "utf-8-sig")
            plain.to_csv(path_or_buf, *args, **kwargs)
            p = Path(path_or_buf)
            self.codebook_frame().to_csv(p.with_name(p.stem + ".codebook.csv"), index=False, encoding="utf-8-sig")
            return None
        return plain.to_csv(path_or_buf, *args, **kwargs)


def _column_meaning(col: str) -> str:
    if col.startswith("code_"):
        return f"coder {col[5:]}: one code from the rows of kind 'code' below; leave blank if unsure"
    return COLUMN_MEANINGS.get(col, "")


def to_excel(sheet: pd.DataFrame, path: str | os.PathLike[str], codes: dict[str, str] | None = None) -> None:
    """Write any coding frame as Excel with a ``codebook`` sheet (``codes``: allowed code -> definition)."""
    cs = CodingSheet(sheet)
    cs.attrs["codes"] = dict(codes if codes is not None else sheet.attrs.get("codes") or LABEL_CODES)
    cs.to_excel(path)


def unit_ids(st: pd.DataFrame) -> pd.Series:
    """Stable ids of the statements of a statements frame: ``doc_id#statement_id``."""
    if "unit_id" in st.columns:
        return st["unit_id"].astype(str)
    for col in ("doc_id", "statement_id"):
        if col not in st.columns:
            raise CodingError(f"the statements frame lacks {col!r}; pass corpus.statements_frame()")
    return st["doc_id"].astype(str) + "#" + st["statement_id"].astype(str)


def _sheet(st: pd.DataFrame, coders: Sequence[str], codes: dict[str, str] | None) -> CodingSheet:
    out = pd.DataFrame({"unit_id": unit_ids(st).to_numpy()})
    for col in CONTEXT_COLUMNS:
        if col in st.columns:
            out[col] = st[col].to_numpy()
    for c in coders:
        out[f"code_{c}"] = pd.Series([None] * len(out), dtype=object)
    out["note"] = pd.Series([None] * len(out), dtype=object)
    sheet = CodingSheet(out)
    sheet.attrs["codes"] = dict(codes if codes is not None else LABEL_CODES)
    return sheet


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation of ``n`` over strata (largest remainder, at least one per stratum when n allows)."""
    total = sizes.sum()
    raw = sizes / total * n
    alloc = np.floor(raw).astype(int)
    if n >= len(sizes):
        alloc = alloc.clip(lower=1)
    alloc = np.minimum(alloc, sizes)
    rest = n - int(alloc.sum())
    order = (raw - np.floor(raw)).sort_values(ascending=False).index
    while rest > 0:
        moved = False
        for k in order:
            if rest <= 0:
                break
            if alloc[k] < sizes[k]:
                alloc[k] += 1
                rest -= 1
                moved = True
        if not moved:
            break
    while rest < 0:  # the 'at least one' rule overshot: take back from the largest strata
        k = alloc.idxmax()
        alloc[k] -= 1
        rest += 1
    return alloc


def sample(
    st: pd.DataFrame,
    n: int = 200,
    by: Sequence[str] | str | None = None,
    seed: int = 1,
    *,
    coders: Sequence[str] = ("A", "B"),
    codes: dict[str, str] | None = None,
) -> CodingSheet:
    """A stratified random sample of statements to code by hand.

    Strata are the combinations of ``by`` (e.g. ``["label", "level"]``); each gets a share of ``n``
    proportional to its size (at least one statement when ``n`` allows), drawn without replacement
    with ``seed``.  Stratifying by the model's label makes rare labels show up in the sample; the
    label itself is not written to the sheet.  Returns a :class:`CodingSheet` with one empty
    ``code_<coder>`` column per coder; ``sheet.to_excel("to_code.xlsx")`` writes it with its codebook.

    >>> import nlp_reports as nr
    >>> st = nr.read_corpus("corpora/sample/txt", progress=False).statements_frame()
    >>> s = nr.validate.sample(st, n=20, by=["label", "level"], seed=1)
    >>> len(s), s.columns.tolist()[:2], s["unit_id"].is_unique
    (20, ['unit_id', 'doc_id'], True)
    >>> s.equals(nr.validate.sample(st, n=20, by=["label", "level"], seed=1))
    True
    """
    if not isinstance(st, pd.DataFrame):
        st = st.statements_frame()
    if n <= 0:
        raise CodingError("n must be a positive number of statements")
    df = st.reset_index(drop=True)
    df = df[df["text"].notna() & (df["text"].astype(str).str.strip() != "")] if "text" in df.columns else df
    keys = [by] if isinstance(by, str) else list(by or [])
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise CodingError(f"cannot stratify by {missing}: not columns of the statements frame")
    rng = np.random.default_rng(seed)
    if n >= len(df):
        picked = df.index.to_numpy()
    elif keys:
        strata = df[keys].astype(str).agg("|".join, axis=1)
        alloc = _allocate(strata.value_counts().sort_index(), n)
        picked_list: list[int] = []
        for key in sorted(alloc.index):
            idx = df.index[strata == key].to_numpy()
            picked_list += rng.choice(idx, size=int(alloc[key]), replace=False).tolist()
        picked = np.asarray(sorted(picked_list))
    else:
        picked = np.sort(rng.choice(df.index.to_numpy(), size=n, replace=False))
    out = _sheet(df.loc[picked], coders, codes)
    if keys:
        out.attrs["strata"] = keys
    return out


def next_to_code(
    model: Any,
    st: pd.DataFrame,
    n: int = 50,
    *,
    exclude: Any = None,
    coders: Sequence[str] = ("A", "B"),
    codes: dict[str, str] | None = None,
) -> CodingSheet:
    """Uncertainty sampling: the ``n`` statements the model is least sure about, as a coding sheet.

    Single-label models: smallest margin between the two most probable classes; multi-label models
    (one probability per code): the code probability closest to 0.5.  ``exclude`` (a codes frame
    or a list of unit ids) drops statements already coded.  An ``uncertainty`` column (1 = a coin
    flip) says why each statement was chosen.
    """
    if not isinstance(st, pd.DataFrame):
        st = st.statements_frame()
    df = st.reset_index(drop=True)
    ids = unit_ids(df)
    if exclude is not None:
        done = set(unit_ids(exclude)) if isinstance(exclude, pd.DataFrame) else {str(x) for x in exclude}
        keep = ~ids.isin(done)
        df, ids = df[keep].reset_index(drop=True), ids[keep].reset_index(drop=True)
    if not len(df):
        raise CodingError("every statement is already coded; nothing left to choose from")
    proba = np.asarray(model.predict_proba(list(df["text"].astype(str))), dtype=float)
    if is_multilabel(model):
        unc = 1.0 - 2.0 * np.abs(proba - 0.5).min(axis=1)
    else:
        top = -np.sort(-proba, axis=1)
        unc = 1.0 - (top[:, 0] - (top[:, 1] if top.shape[1] > 1 else 0.0))
    order = np.argsort(-unc, kind="stable")[:n]
    out = _sheet(df.iloc[order], coders, codes if codes is not None else _model_codes(model))
    out.insert(1, "uncertainty", np.round(unc[order], 4))
    return out


def is_multilabel(model: Any) -> bool:
    """True for a model that gives each text a set of codes (ThemeTagger, a multi-label CodebookClassifier)."""
    return bool(getattr(model, "multi_label_", False)) or hasattr(model, "mlb_")


def _model_codes(model: Any) -> dict[str, str]:
    cb = getattr(model, "codebook", None)
    if cb is not None and hasattr(cb, "definitions"):
        return cb.definitions()
    classes = [str(c) for c in getattr(model, "classes_", [])]
    if classes and set(classes) <= set(LABEL_CODES):
        return {c: LABEL_CODES[c] for c in LABEL_CODES if c in classes}
    return {c: "" for c in classes} or dict(LABEL_CODES)


_SPLIT_RE = re.compile(r"\s*[;；,，、|]\s*")


def _read_table(path: Path) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    if not path.exists():
        raise CodingError(f"coded file {str(path)!r} not found")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            sheets = pd.read_excel(path, sheet_name=None, dtype=object)
            data = sheets.get("to_code", next(iter(sheets.values())))
            return data, sheets.get("codebook")
        if suffix == ".csv":
            data = pd.read_csv(path, dtype=object, encoding="utf-8-sig")
            cb_path = path.with_name(path.stem + ".codebook.csv")
            cb = pd.read_csv(cb_path, dtype=object, encoding="utf-8-sig") if cb_path.exists() else None
            return data, cb
    except (ValueError, OSError) as exc:
        raise CodingError(f"cannot read coded file {str(path)!r} ({exc}); save it again as .xlsx or .csv") from exc
    raise CodingError(f"coded file {str(path)!r}: use .xlsx or .csv")


def read_codes(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    codes: Sequence[str] | None = None,
    multi: bool = False,
) -> pd.DataFrame:
    """Read coded sheets back: one row per unit, one ``code_<coder>`` column per coder.

    ``path`` is one file with two or more ``code_<coder>`` columns, or a list of files (one per
    coder, each with its own ``code_<coder>`` column(s)), joined on ``unit_id``.  Every code is
    checked against ``codes`` (default: the ``code`` rows of the file's codebook sheet); a bad code,
    a duplicate or missing ``unit_id`` or fewer than two coders raise
    :class:`~nlp_reports.errors.CodingError` naming the cells to fix.  Blank cells are missing codes.
    With ``multi=True`` a cell may hold several codes separated by ``;`` (themes), read as a sorted
    ``;``-joined string.  ``attrs['coders']`` lists the coder columns.
    """
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    if not paths:
        raise CodingError("pass the path of a coded file (or a list of files, one per coder)")
    merged: pd.DataFrame | None = None
    allowed: set[str] | None = set(map(str, codes)) if codes is not None else None
    coders: list[str] = []
    for p in map(Path, paths):
        data, cb = _read_table(p)
        data.columns = [str(c).strip() for c in data.columns]
        if "unit_id" not in data.columns:
            raise CodingError(f"{p.name}: no 'unit_id' column; code the sheet written by nr.validate.sample")
        if data["unit_id"].isna().any():
            rows = (data.index[data["unit_id"].isna()] + 2).tolist()[:5]
            raise CodingError(f"{p.name}: empty unit_id in spreadsheet row(s) {rows}; restore the ids")
        dup = data["unit_id"][data["unit_id"].duplicated()].tolist()
        if dup:
            raise CodingError(f"{p.name}: unit_id {dup[:5]} appear more than once; each statement must be one row")
        ccols = [c for c in data.columns if c.startswith("code_")]
        if not ccols:
            raise CodingError(f"{p.name}: no 'code_<coder>' column; name each coder's column code_<name>")
        if codes is None and cb is not None and {"kind", "name"} <= set(cb.columns):
            file_codes = {str(x).strip() for x in cb.loc[cb["kind"] == "code", "name"].dropna()}
            if file_codes:
                allowed = file_codes if allowed is None else allowed | file_codes
        data = data.copy()
        data["unit_id"] = data["unit_id"].astype(str).str.strip()
        for c in ccols:
            data[c] = pd.Series([_clean(v, multi) for v in data[c]], index=data.index, dtype=object)
        for c in ccols:
            if c in coders:
                raise CodingError(f"coder column {c!r} appears in two files; give each coder their own name")
        coders += ccols
        if merged is None:
            merged = data
        else:
            merged = merged.merge(data[["unit_id", *ccols]], on="unit_id", how="outer")
    assert merged is not None
    if len(coders) < 2:
        raise CodingError(
            f"found one coder column ({coders[0]}); agreement needs two or more: add code_<name> columns "
            "or pass one file per coder"
        )
    if allowed:
        bad = []
        for c in coders:
            for uid, v in zip(merged["unit_id"], merged[c]):
                v = _clean(v, multi)
                if v is None:
                    continue
                parts = v.split(";") if multi else [v]
                wrong = [x for x in parts if x not in allowed]
                if wrong:
                    bad.append(f"{uid} / {c}: {'; '.join(wrong)!r}")
        if bad:
            more = f" (and {len(bad) - 10} more)" if len(bad) > 10 else ""
            raise CodingError(
                f"{len(bad)} code(s) are not in the codebook ({', '.join(sorted(allowed))}): "
                + ", ".join(bad[:10])
                + more
                + ". Fix the cells or add the codes to the codebook sheet"
            )
    merged = merged.reset_index(drop=True)
    for c in coders:  # an outer join leaves NaN for units a coder did not have
        merged[c] = pd.Series([_clean(v, multi) for v in merged[c]], dtype=object)
    merged.attrs["coders"] = coders
    merged.attrs["codes"] = sorted(allowed) if allowed else None
    merged.attrs["multi"] = multi
    return merged


def _clean(v: Any, multi: bool) -> str | None:
    if is_missing(v):
        return None
    s = str(v).strip()
    if not s:
        return None
    if multi:
        return ";".join(sorted({x for x in _SPLIT_RE.split(s) if x}))
    return s


def consensus(codes: pd.DataFrame, rule: str = "majority") -> pd.Series:
    """One reference code per unit: the majority of the coders (ties and blanks give ``None``),
    or ``rule='first'``: the first coder who gave a code."""
    cols = list(codes.attrs.get("coders") or [c for c in codes.columns if str(c).startswith("code_")])
    out: list[Any] = []
    for vals in codes[cols].itertuples(index=False):
        given = [v for v in vals if v is not None and not (isinstance(v, float) and np.isnan(v))]
        if not given:
            out.append(None)
            continue
        if rule == "first":
            out.append(given[0])
            continue
        counts = pd.Series(given).value_counts()
        out.append(counts.index[0] if len(counts) == 1 or counts.iloc[0] > counts.iloc[1] else None)
    return pd.Series(out, index=codes.index, name="reference", dtype=object)
