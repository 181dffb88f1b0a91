"""Structure: a :class:`RawDocument` -> a :class:`Report` (meta, six parts, tables, checks, warnings)."""

from __future__ import annotations

import re

import pandas as pd

from ..errors import NotAReportError
from ..frames import CHECK_COLUMNS
from ..model import RawDocument, Report, ReportWarning

# words that every annual report on government information disclosure uses somewhere
_REPORT_MARKERS = re.compile(r"政府信息公开|政务公开|信息公开工作|依申请公开|主动公开")


_TITLE_MARKERS = re.compile(r"年度报告|年报|工作报告|工作情况")


def looks_like_report(text: str, n_sections: int, n_body: int = 0, n_filled: int = 0) -> bool:
    """A cheap plausibility test of an annual report on government information disclosure.

    The disclosure vocabulary must appear, and either two parts with body text (``n_filled``: parts
    of 8+ characters) are found, or
    one part is found and the opening lines name a report (年度报告 / 年报 …). A README or a data
    file that merely mentions the vocabulary is rejected.
    """
    hits = len(_REPORT_MARKERS.findall(text))
    if hits < 2:
        return False
    titled = bool(_TITLE_MARKERS.search(text[:600]))
    if n_sections >= 2 and n_body >= 50 and n_filled >= 2:
        return titled or n_sections >= 3
    # several headings but (almost) nothing under them: a table of contents or notes, not a report
    return titled and (n_sections == 1 or (n_sections >= 2 and n_filled >= 2))


def _identity_signals(doc: RawDocument, text: str) -> tuple[str, ...]:
    """The lines besides the title that may name the agency's place: signature, 发布机构 / 来源."""
    from .metadata import _header_fields, _signature
    from .web_metadata import _metadata_lines, parse_metadata_fields

    fields = _header_fields(doc)
    web = parse_metadata_fields(_metadata_lines(doc))
    found = (
        _signature(text),
        web.get("publisher"),
        web.get("source"),
        fields.get("发布机构"),
        fields.get("发文机关"),
        fields.get("来源"),
    )
    return tuple(dict.fromkeys(x for x in found if x))


def build_report(doc: RawDocument) -> Report:
    """Structure one document: find parts and sub-headings, metadata, tables, and run the checks.

    Raises :class:`~nlp_reports.errors.NotAReportError` when the text is clearly not an annual
    report on government information disclosure (so a batch records it instead of producing
    empty rows that look like data).
    """
    from .agency_id import assign_identity
    from .checks import run_checks
    from .metadata import extract_metadata
    from .sections import find_sections
    from .tables import extract_tables
    from .web_metadata import apply_web_metadata

    text = doc.text
    sections, warnings = find_sections(text)
    n_body = sum(len(sec.text) for sec in sections.values())
    n_filled = sum(len(sec.text.strip()) >= 8 for sec in sections.values())
    if not looks_like_report(text, len(sections), n_body, n_filled):
        raise NotAReportError(
            f"{doc.path}: this does not look like a government information disclosure annual report "
            "(no 政府信息公开 vocabulary and none of the six parts found); remove it from the input or "
            "check that the right file was given",
            path=doc.path,
        )
    meta = apply_web_metadata(extract_metadata(doc, text), doc)
    meta.ocr_pages = list(doc.ocr_pages)
    identity_warnings = assign_identity(meta, text, _identity_signals(doc, text))
    tables, table_warnings = extract_tables(doc)
    checks = run_checks(tables, text)
    all_warnings: list[ReportWarning] = list(doc.warnings) + list(warnings) + list(table_warnings) + identity_warnings
    if checks is not None and len(checks):
        failed = checks[~checks["ok"].astype(bool)]
        for _, row in failed.iterrows():
            all_warnings.append(
                ReportWarning(
                    "inconsistent_table",
                    f"table {row['table']}: rule {row['rule']} fails at {row['where']} "
                    f"(expected {row['expected']}, printed {row['found']})",
                    detail=str(row["rule"]),
                )
            )
    else:
        checks = pd.DataFrame(columns=CHECK_COLUMNS)
    return Report(
        meta=meta,
        text=text,
        sections=sections,
        tables=tables,
        checks=checks,
        warnings=all_warnings,
        source_text=doc.source_text or text,
    )
