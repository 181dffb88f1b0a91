"""Tables 二, 三, 四 of an HTML page, from the cells of its ``<table>`` markup.

Each markup table is written out row by row with ``|`` between cells and read by the text
parser (``tables_text``), which knows the template's rows; empty cells stay ``<NA>``.
When the page has no usable markup tables (tables drawn as images, or flattened into
paragraphs) the paragraphs are read as text instead.
"""

from __future__ import annotations

from ..model import RawDocument, ReportWarning, Tables
from .tables_text import extract_text_tables_from_string


def html_tables_text(html_tables: list[list[list[str]]]) -> str:
    """The markup tables as text: one line per row, cells separated by `` | ``."""
    out = []
    for table in html_tables:
        for row in table:
            out.append(" | ".join(" ".join(c.split()) for c in row))
        out.append("")
    return "\n".join(out)


def extract_html_tables(doc: RawDocument) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables of an HTML document."""
    if doc.html_tables:
        tables, warnings = extract_text_tables_from_string(html_tables_text(doc.html_tables))
        if any(df is not None for _, df in tables.items()):
            # fill tables missing from the markup from the paragraphs (some pages mix both)
            rest, more = extract_text_tables_from_string(doc.text)
            for name, df in tables.items():
                if df is None and getattr(rest, name) is not None:
                    setattr(tables, name, getattr(rest, name))
            return tables, warnings + [w for w in more if w.code != "table_unparsed"]
    return extract_text_tables_from_string(doc.text)
