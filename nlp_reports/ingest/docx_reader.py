"""Word (.docx) inputs -> :class:`~nlp_reports.model.RawDocument`, through python-docx.

Many agencies publish the annual report as a Word attachment.  The body is read in document order:
each paragraph is a :class:`~nlp_reports.model.Paragraph` (headings by style or numbering shape),
each table goes to ``RawDocument.html_tables`` as rows of cell texts from the document's own table
structure — a merged cell's text is repeated in every grid position it covers (the convention of
the HTML reader), so row labels and numbers keep their columns — and is also kept in the text as
one ``|``-separated line per row, where it stands.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import CorruptDocumentError, EmptyFileError
from ..model import Line, Paragraph, RawDocument

__all__ = ["read_docx", "is_docx"]


def is_docx(data: bytes) -> bool:
    """True when ``data`` is a ZIP package holding a Word main document (word/document.xml)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return b"word/document.xml" in data[:65536]


def _table_rows(table) -> list[list[str]]:
    """Rows of cell texts from the table's own structure.

    A label cell merged across columns is repeated in every grid column it covers (as the HTML
    reader does); a number or a blank cell that spans several grid columns (Word splits the grid
    where any row has a boundary) is one cell and is kept once, so no number is counted twice.
    """
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if cell._tc is prev and (not text or _NUMBER.fullmatch(text)):
                continue
            prev = cell._tc
            cells.append(text)
        rows.append(cells)
    return rows


_NUMBER = re.compile(r"[\d.,，%]+|[-—–/]+")


def _is_heading(p, text: str) -> bool:
    from ..text_patterns import PART_MARKER_RE, SUB_MARKER_RE

    style = (getattr(p.style, "name", "") or "").lower()
    if style.startswith(("heading", "title", "标题")):
        return True
    return len(text) <= 40 and bool(PART_MARKER_RE.match(text) or SUB_MARKER_RE.match(text))


def read_docx(path: str, data: bytes, fmt: str = "docx") -> RawDocument:
    """Read a .docx file (paragraphs in order, tables from the Word table structure).

    Raises :class:`~nlp_reports.errors.CorruptDocumentError` (reason ``corrupt``) for a damaged package and
    :class:`~nlp_reports.errors.EmptyFileError` for a document without text.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    from .normalize import normalize_text

    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # not a damaged file: the memory limit (a zip bomb), reported as such by the reader
    except Exception as exc:  # python-docx raises several types for damaged packages
        raise CorruptDocumentError(
            f"{path}: the Word file is damaged or not a .docx ({type(exc).__name__}: {exc}); "
            "download it again or save it from Word/WPS as .docx",
            path=path,
        ) from exc
    paragraphs: list[Paragraph] = []
    lines: list[Line] = []
    tables: list[list[list[str]]] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = DocxParagraph(child, document)
            text = normalize_text(p.text).strip()
            if not text:
                continue
            kind = "heading" if _is_heading(p, text) else "text"
            paragraphs.append(Paragraph(text, page=1, kind=kind))
            lines.append(Line(text, page=1))
        elif tag == "tbl":
            rows = [[normalize_text(c) for c in r] for r in _table_rows(Table(child, document))]
            if not rows:
                continue
            tables.append(rows)
            for r in rows:
                s = " | ".join(r)
                if re.sub(r"[\s|]", "", s):
                    lines.append(Line(s, page=1))
                    paragraphs.append(Paragraph(s, page=1, kind="text"))
    core = document.core_properties
    title = normalize_text(core.title or "").strip()
    if not paragraphs:
        raise EmptyFileError(f"{path}: the Word document has no text; check the file", path=path)
    return RawDocument.one_page(path, fmt, data, lines, paragraphs, title=title, html_tables=tables)
