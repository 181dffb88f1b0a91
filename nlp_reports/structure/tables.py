"""Extract the standard tables of parts 二, 三, 四 from a :class:`RawDocument`.

Dispatches on ``doc.format``: PDFs are read from char positions (``tables_pdf``), text from
runs of numbers after the row labels (``tables_text``), HTML from its markup tables
(``tables_html``), Word documents from their table structure (``tables_html`` too).  A table the report visibly has but that could not be read comes back as
``None`` with a ``ReportWarning('table_unparsed', ...)``; numbers are never guessed.
"""

from __future__ import annotations

import re

from ..errors import NlpReportsError
from ..model import RawDocument, ReportWarning, Tables
from .tables_html import extract_html_tables
from .tables_pdf import extract_pdf_tables
from .tables_text import document_text, extract_text_tables

#: words that show a report prints each table (so a missing frame deserves a warning)
_PRESENCE: dict[str, tuple[str, str]] = {
    "proactive": ("二", r"第\s*二\s*十\s*条\s*第"),
    "applications": ("三", r"本\s*年\s*新\s*收"),
    "review_litigation": ("四", r"结\s*果\s*维\s*持|复\s*议\s*后\s*起\s*诉"),
}


def extract_tables(doc: RawDocument) -> tuple[Tables, list[ReportWarning]]:
    """The tables of parts 二, 三, 四 of ``doc`` as frames (see docs/ARCHITECTURE.md), with warnings."""
    if doc.format == "pdf":
        tables, warnings = extract_pdf_tables(doc)
    elif doc.format == "txt":
        tables, warnings = extract_text_tables(doc)
    elif doc.format in ("html", "docx", "doc"):  # Word tables come from the document's table structure
        tables, warnings = extract_html_tables(doc)
    else:
        raise NlpReportsError(
            f"cannot extract tables from format {doc.format!r}; expected 'pdf', 'txt', 'html', 'docx' or 'doc'"
        )
    text = document_text(doc)
    for name, df in tables.items():
        numeral, pattern = _PRESENCE[name]
        if df is not None or not re.search(pattern, text):
            continue
        if any(w.message.startswith(f"table {numeral}") for w in warnings):
            continue
        warnings.append(
            ReportWarning(
                "table_unparsed",
                f"table {numeral}: the report prints it but no grid of numbers was found",
                "the table may be an image or flattened into running text; its numbers were not read",
            )
        )
    return tables, warnings
