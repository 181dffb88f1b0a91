"""The document model: plain dataclasses that each stage fills in.

ingest  -> :class:`RawDocument` (pages of positioned :class:`Line` s made of :class:`Char` s,
           plus the clean paragraph text)
structure -> :class:`Report` (meta, six :class:`Section` s, :class:`Tables`, checks, warnings)

Objects are plain data: inspect them, compare them, pickle them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

import pandas as pd

from .frames import CHECK_COLUMNS
from .hashing import sha256_bytes
from .text_patterns import SECTION_KEYS, SECTION_TITLES  # noqa: F401  (re-exported)

# The six parts' keys and titles are template vocabulary (text_patterns); re-exported here for the model's users.


# --------------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class Char:
    """One glyph as pdfminer placed it (PDF points, ``top`` measured from the page top).

    Slotted: a document holds tens of thousands, read many times by the line and table stages.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str = ""


@dataclass
class Line:
    """A line of text.  Positions are ``None`` for inputs without geometry (txt, html)."""

    text: str
    page: int = 0
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    size: float | None = None
    chars: list[Char] = field(default_factory=list)
    #: why the line was dropped from the narrative ('' = kept): 'page_number', 'header', 'footer', 'running_title', ...
    furniture: str = ""
    #: OCR'd lines: the weakest recognition score of the line's text boxes (``None``: text from the PDF)
    ocr_confidence: float | None = None
    #: an OCR'd line read with low confidence: kept in the text, but worth checking by eye
    low_confidence: bool = False


@dataclass
class Page:
    number: int  # 1-based
    width: float = 0.0
    height: float = 0.0
    lines: list[Line] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    page: int = 0
    #: 'text' or 'heading' (a guess of the layout stage; the structure stage decides for itself)
    kind: str = "text"


@dataclass
class RawDocument:
    """What ingest hands to structure: the text of one input file, with positions where known."""

    path: str
    format: str  # 'pdf' | 'txt' | 'html'
    sha256: str
    pages: list[Page] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: tables found in the markup (html only): each a list of rows of cell strings
    html_tables: list[list[list[str]]] = field(default_factory=list)
    #: page/document title from the input (html <title>, PDF metadata, text header), if any
    title: str = ""
    warnings: list[ReportWarning] = field(default_factory=list)
    #: script the input was written in ('simplified' | 'traditional'; traditional text is converted)
    script: str = "simplified"
    #: the text as it came in (decoded bytes of a text/HTML file, extracted text of a PDF/Word file),
    #: before script conversion and clean-up
    source_text: str = ""
    #: 1-based numbers of the pages whose text came from OCR
    ocr_pages: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The narrative text: paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)

    @classmethod
    def one_page(
        cls,
        path: str,
        fmt: str,
        data: bytes,
        lines: list[Line],
        paragraphs: list[Paragraph],
        *,
        title: str = "",
        warnings: list[ReportWarning] | None = None,
        html_tables: list[list[list[str]]] | None = None,
    ) -> RawDocument:
        """The document of a file without pages (text, web page, Word): everything on page 1, hashed
        from the bytes ``data`` as read."""
        return cls(
            path=path,
            format=fmt,
            sha256=sha256_bytes(data),
            pages=[Page(number=1, lines=lines)],
            paragraphs=paragraphs,
            html_tables=html_tables if html_tables is not None else [],
            title=title,
            warnings=warnings if warnings is not None else [],
        )


# --------------------------------------------------------------------------- structure


@dataclass
class ReportWarning:
    """Something that looked wrong.  ``code`` is stable and machine-readable."""

    code: str  # e.g. 'missing_section', 'odd_heading', 'inconsistent_table', 'furniture', ...
    message: str
    detail: str = ""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"[{self.code}] {self.message}"


@dataclass
class ReportMeta:
    doc_id: str = ""  # file name without extensions
    agency: str | None = None
    #: the reporting entity with office suffixes removed, to group one agency whose name is written
    #: several ways (平潭综合实验区管委会办公室 / 平潭综合实验区管委会 -> 平潭综合实验区)
    agency_key: str | None = None
    #: stable identity across years and name variants: division code + ':' + agency type
    #: ('430103:government', '431124:culture_tourism'); see nlp_reports.structure.agency_id
    agency_id: str | None = None
    #: 'government' | 'general_office' | 'zone_committee' | a department type ('audit', 'education', …)
    agency_type: str | None = None
    #: the agency's division: {'province', 'prefecture', 'county', 'code'} (GB/T 2260), None if unknown
    division: dict[str, str | None] | None = None
    year: int | None = None
    #: 'province' | 'city' | 'county' | 'township' | 'department' | None
    level: str | None = None
    region: str | None = None  # province name where it can be told, e.g. '江苏省'
    title: str | None = None
    source: str = ""  # path of the input
    sha256: str = ""
    format: str = ""
    n_pages: int = 0
    #: 'simplified' | 'traditional' (a traditional report is converted to simplified, with a warning)
    script: str = "simplified"
    #: publication date (ISO 'YYYY-MM-DD') from a web page's metadata block (发布日期/成文日期), if any
    published: str | None = None
    #: index number (索引号) from a web page's metadata block, if any
    index_no: str | None = None
    #: 1-based numbers of the pages read by OCR ([] for a born-digital PDF, a text or an HTML file)
    ocr_pages: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Subsection:
    number: str  # as printed, e.g. '（一）'
    title: str  # the sub-heading text, e.g. '主动公开情况'
    text: str  # body under the sub-heading (title excluded)
    start: int = 0  # offsets in Section.text
    end: int = 0


@dataclass
class Section:
    key: str
    number: str = ""  # the numeral as printed, e.g. '五'
    heading: str = ""  # the heading as printed
    text: str = ""  # the part's body, heading excluded, paragraphs separated by '\n'
    subsections: list[Subsection] = field(default_factory=list)
    #: all original headings merged into this part (pre-2019 reports: a problems part and an improvements part)
    headings: list[str] = field(default_factory=list)
    start: int = 0  # offsets in Report.text
    end: int = 0
    found: bool = True

    def __len__(self) -> int:
        return len(self.text)


@dataclass
class Tables:
    """The standard tables as DataFrames (``None`` where a report has no such table)."""

    proactive: pd.DataFrame | None = None
    applications: pd.DataFrame | None = None
    review_litigation: pd.DataFrame | None = None

    def items(self):
        for name in ("proactive", "applications", "review_litigation"):
            yield name, getattr(self, name)


@dataclass
class Report:
    """One annual report, read and structured.

    ``meta`` (document variables), ``sections`` (canonical key -> :class:`Section`), ``tables``
    (the three template tables as DataFrames), ``checks`` (one row per arithmetic rule of the
    template, ``ok`` False where the printed numbers disagree) and ``warnings``.

    >>> import nlp_reports as nr
    >>> rep = nr.read_report("corpora/sample/pdf/bailuzhen_2021.pdf")
    >>> rep.meta.doc_id, rep.meta.level
    ('bailuzhen_2021', 'township')
    >>> print(rep.section("problems").text[:14])
    今年我镇政务公开工作总体有序
    >>> rep.tables.review_litigation.loc["行政复议"].tolist()   # 1 + 0 + 0 + 1 printed as total 3
    [1, 0, 0, 1, 3]
    >>> rep.failed_checks[["rule", "where", "expected", "found"]].values.tolist()
    [['review_block_total', '行政复议', 2, 3]]
    >>> [w.code for w in rep.warnings]
    ['inconsistent_table']
    >>> rep._repr_html_().startswith("<div>")
    True

    An older outline maps onto the same keys; absent parts are empty, ``found=False``:

    >>> old = nr.read_report("corpora/sample/txt/xiyuan_2016.txt")
    >>> old.section("problems").headings
    ['五、存在的问题', '六、下一步工作打算']
    >>> old.section("other").found
    False
    """

    meta: ReportMeta
    text: str
    sections: dict[str, Section] = field(default_factory=dict)
    tables: Tables = field(default_factory=Tables)
    checks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHECK_COLUMNS))
    warnings: list[ReportWarning] = field(default_factory=list)
    #: the text as it came in, before script conversion and clean-up (see ``RawDocument.source_text``)
    source_text: str = ""

    def section(self, key: str) -> Section:
        """The part with canonical key ``key``; an empty, ``found=False`` section if the report lacks it.

        A missing part is also listed in ``warnings`` (code ``missing_section``).
        """
        if key not in SECTION_KEYS:
            from .errors import NlpReportsError

            raise NlpReportsError(f"unknown section key {key!r}; use one of {', '.join(SECTION_KEYS)}")
        sec = self.sections.get(key)
        if sec is None:
            return Section(key=key, found=False)
        return sec

    @property
    def failed_checks(self) -> pd.DataFrame:
        if self.checks is None or len(self.checks) == 0:
            return pd.DataFrame(columns=CHECK_COLUMNS)
        return self.checks[~self.checks["ok"].astype(bool)]

    def docvars(self) -> dict[str, Any]:
        """The document variables (``frames.DOCVARS``) of this report, as a dict: the first columns of every frame row."""
        m = self.meta
        div = getattr(m, "division", None) or {}  # reports pickled by an older version lack it
        return {
            "doc_id": m.doc_id,
            "agency": m.agency,
            "agency_key": m.agency_key,
            "year": m.year,
            "level": m.level,
            "region": m.region,
            "agency_id": getattr(m, "agency_id", None),
            "agency_type": getattr(m, "agency_type", None),
            "division_code": div.get("code"),
            "prefecture": div.get("prefecture"),
            "county": div.get("county"),
        }

    def _repr_html_(self) -> str:
        return report_to_html(self)

    def __repr__(self) -> str:
        m = self.meta
        parts = ", ".join(f"{k}:{len(self.sections[k].text)}" for k in SECTION_KEYS if k in self.sections)
        return f"<Report {m.doc_id!r} agency={m.agency!r} year={m.year} level={m.level} parts=[{parts}] warnings={len(self.warnings)}>"


# --------------------------------------------------------------------------- display


def _snippet(text: str, n: int = 60) -> str:
    text = text.replace("\n", " ")
    return escape(text[:n] + ("…" if len(text) > n else ""))


def report_to_html(rep: Report) -> str:
    """Meta, the six parts with their lengths, tables present, failed checks and warnings."""
    m = rep.meta
    rows = "".join(
        f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>{escape(str(v))}</td></tr>"
        for k, v in (
            ("agency", m.agency),
            ("year", m.year),
            ("level", m.level),
            ("region", m.region),
            ("title", m.title),
            ("source", m.source),
            ("format", f"{m.format}, {m.n_pages} page(s)" if m.n_pages else m.format),
        )
    )
    parts = []
    for key in SECTION_KEYS:
        sec = rep.sections.get(key)
        if sec is None:
            parts.append(
                f"<tr><td>{key}</td><td>{escape(SECTION_TITLES[key])}</td><td style='color:#b00'>missing</td><td></td><td></td></tr>"
            )
        else:
            parts.append(
                f"<tr><td>{key}</td><td>{escape(sec.heading or '')}</td><td>{len(sec.text)}</td>"
                f"<td>{len(sec.subsections)}</td><td style='text-align:left'>{_snippet(sec.text)}</td></tr>"
            )
    tables = []
    for name, df in rep.tables.items():
        tables.append(f"{name}: {'—' if df is None else f'{df.shape[0]}×{df.shape[1]}'}")
    failed = rep.failed_checks
    checks_html = (
        "<p>all checks pass</p>"
        if len(rep.checks) and not len(failed)
        else ("<p>no checks (no tables)</p>" if not len(rep.checks) else failed.to_html(index=False))
    )
    warn = "".join(f"<li><code>{escape(w.code)}</code> {escape(w.message)}</li>" for w in rep.warnings[:30])
    more = f"<li>… {len(rep.warnings) - 30} more</li>" if len(rep.warnings) > 30 else ""
    return (
        f"<div><h4>Report {escape(m.doc_id)}</h4><table>{rows}</table>"
        f"<h5>Parts</h5><table><tr><th>key</th><th>heading</th><th>chars</th><th>sub-headings</th><th>begins</th></tr>{''.join(parts)}</table>"
        f"<h5>Tables</h5><p>{escape('; '.join(tables))}</p>"
        f"<h5>Checks ({len(rep.checks)} rules, {len(failed)} failed)</h5>{checks_html}"
        f"<h5>Warnings ({len(rep.warnings)})</h5><ul>{warn}{more}</ul></div>"
    )
