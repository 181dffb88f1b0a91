"""Report quality: one row of simple indicators per report, to compare how agencies report."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ModelError, NlpReportsError
from ..model import SECTION_KEYS

COLUMNS = [
    "doc_id",
    "agency",
    "year",
    "level",
    "region",
    "n_chars",
    "n_problems",
    "n_improvements",
    "mean_specificity",
    "failed_checks",
    "n_warnings",
    "sections_found",
]
#: the columns read from the corpus's statements and commitments (its models), added after the rest
_FROM_MODELS = ("n_problems", "n_improvements", "mean_specificity")


def _n_failed(checks: Any) -> int:
    if checks is None or len(checks) == 0 or "ok" not in getattr(checks, "columns", []):
        return 0
    return int((~checks["ok"].fillna(True).astype(bool)).sum())


def _frame_or_none(corpus: Any, name: str) -> pd.DataFrame | None:
    """``corpus.<name>()``, or None when the corpus lacks it or its models are unavailable (with a warning)."""
    fn = getattr(corpus, name, None)
    if fn is None:
        return None
    try:
        return fn()
    except ModelError as exc:
        warnings.warn(f"report_quality: {name}() failed ({exc}); its columns are left empty", UserWarning, stacklevel=3)
        return None


def report_quality(corpus: Any) -> pd.DataFrame:
    """One row per report: its size, how many problems and improvements it states, how specific its commitments are.

    ``corpus`` is anything with ``.reports`` (a list of :class:`nlp_reports.model.Report`), or such a
    list itself; ``statements_frame()`` and ``commitments_frame()`` are used when the object offers them.

    Columns: ``doc_id, agency, year, level, region``; ``n_chars`` (length of the report text);
    ``n_problems`` / ``n_improvements`` (statements labelled so; 0 when the report has none, NA when
    the corpus offers no statements or its models cannot be loaded — a warning says why);
    ``mean_specificity`` (mean ``specificity`` of the report's
    commitments, NaN without commitments); ``failed_checks`` (table consistency checks that failed);
    ``n_warnings``; ``sections_found`` (how many of the six template parts were found).

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> q = nr.compare.report_quality(corpus).set_index("doc_id")
    >>> q.loc["bailuzhen_2021", ["failed_checks", "sections_found"]].tolist()   # broken table 四
    [1, 6]
    >>> print(q.loc["xiyuan_2016", "sections_found"])   # pre-2019 outline: no part 六
    5
    >>> print(q.loc["yunxi_2022", "n_problems"], q.loc["yunxi_2022", "n_improvements"])
    3 3
    """
    reports = corpus if isinstance(corpus, (list, tuple)) else getattr(corpus, "reports", None)
    if reports is None:
        raise NlpReportsError(
            f"report_quality needs a Corpus (with .reports) or a list of Report objects, got {type(corpus).__name__}"
        )
    rows = []
    for rep in reports:
        m = rep.meta
        found = sum(1 for k in SECTION_KEYS if k in rep.sections and rep.sections[k].found)
        rows.append(
            {
                "doc_id": m.doc_id,
                "agency": m.agency,
                "year": m.year,
                "level": m.level,
                "region": m.region,
                "n_chars": len(rep.text or ""),
                "failed_checks": _n_failed(rep.checks),
                "n_warnings": len(rep.warnings),
                "sections_found": found,
            }
        )
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in _FROM_MODELS])
    st = None if isinstance(corpus, (list, tuple)) else _frame_or_none(corpus, "statements_frame")
    if st is not None and {"doc_id", "label"} <= set(st.columns):
        counts = st.groupby(["doc_id", "label"]).size().unstack(fill_value=0)
        for label, col in (("problem", "n_problems"), ("improvement", "n_improvements")):
            series = counts[label] if label in counts.columns else pd.Series(dtype="int64")
            out[col] = out["doc_id"].map(series).fillna(0).astype("int64")
    else:
        out["n_problems"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
        out["n_improvements"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    cm = None if isinstance(corpus, (list, tuple)) else _frame_or_none(corpus, "commitments_frame")
    if cm is not None and {"doc_id", "specificity"} <= set(cm.columns) and len(cm):
        spec = pd.to_numeric(cm["specificity"], errors="coerce").groupby(cm["doc_id"]).mean()
        out["mean_specificity"] = out["doc_id"].map(spec).astype(float)
    else:
        out["mean_specificity"] = np.nan
    return out[COLUMNS]
