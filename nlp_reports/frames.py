"""Column contracts of the tidy frames: the document variables and each frame's own columns.

The one definition, at the bottom layer (it imports nothing of the package), so that the reading
layers (``model``, ``structure.checks``), :mod:`nlp_reports.corpus` (which builds the frames) and
:mod:`nlp_reports.compare` (which reads them) agree.  Every corpus frame starts with :data:`DOCVARS`
followed by its own columns; a comparison over pairs of reports (``compare.similarity_long``) carries
each document variable twice, ``<var>_a`` and ``<var>_b``, in the order of :data:`DOCVARS`.

>>> DOCVARS[:3]
['doc_id', 'agency', 'agency_key']
>>> CHECK_COLUMNS
['rule', 'table', 'where', 'expected', 'found', 'ok']
"""

from __future__ import annotations

from typing import Any

#: the document variables carried by every frame, in this order.
#: ``agency_id``: one id per agency across years and name variants (division code + agency type);
#: ``division_code, prefecture, county``: its administrative division (``region`` is the province).
DOCVARS: list[str] = [
    "doc_id",
    "agency",
    "agency_key",
    "year",
    "level",
    "region",
    "agency_id",
    "agency_type",
    "division_code",
    "prefecture",
    "county",
]

#: one row per consistency check of a report's tables (``Report.checks``; ``Corpus.checks_frame`` after DOCVARS)
CHECK_COLUMNS: list[str] = ["rule", "table", "where", "expected", "found", "ok"]

#: ``Corpus.sections_frame`` after DOCVARS: one row per (report, part)
SECTION_COLUMNS: list[str] = [
    "section",
    "number",
    "heading",
    "text",
    "n_chars",
    "n_subsections",
    "subheadings",
    "found",
]

#: ``Corpus.tables_frame`` after DOCVARS: one row per printed cell
TABLE_COLUMNS: list[str] = ["table", "row", "column", "value"]

#: ``Corpus.warnings_frame`` after DOCVARS: one row per warning
WARNING_COLUMNS: list[str] = ["code", "message", "detail"]

#: ``Corpus.errors_frame``: one row per input that could not be read (no document variables: nothing was read)
ERROR_COLUMNS: list[str] = ["source", "reason", "message", "sha256", "seconds"]

#: ``Corpus.statements_frame`` after DOCVARS: one row per statement of part 五
STATEMENT_OWN_COLUMNS: list[str] = [
    "statement_id",
    "text",
    "context",
    "item",
    "label",
    "proba",
    "proba_problem",
    "proba_improvement",
    "proba_other",
    "themes",
]

#: all columns of ``Corpus.statements_frame``
STATEMENT_COLUMNS: list[str] = DOCVARS + STATEMENT_OWN_COLUMNS

#: ``Corpus.agencies``: one row per agency (no document variables: an agency spans reports)
AGENCY_COLUMNS: list[str] = [
    "agency_id",
    "agency_type",
    "level",
    "province",
    "prefecture",
    "county",
    "division_code",
    "names",
    "years",
    "n_reports",
    "doc_ids",
]


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value: None, ``pd.NA``, NaN or NaT.

    A scalar test that never raises: a string, a list or another object ``pd.isna`` cannot judge as
    one value is not missing.

    >>> [is_missing(v) for v in (None, float("nan"), "", 0, "x")]
    [True, True, False, False, False]
    """
    if value is None:
        return True
    import pandas as pd  # the column contracts above stay importable without pandas

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


__all__ = [
    "is_missing",
    "DOCVARS",
    "CHECK_COLUMNS",
    "SECTION_COLUMNS",
    "TABLE_COLUMNS",
    "WARNING_COLUMNS",
    "ERROR_COLUMNS",
    "STATEMENT_OWN_COLUMNS",
    "STATEMENT_COLUMNS",
]
