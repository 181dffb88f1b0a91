"""A readable HTML summary of one :class:`Report`, for Jupyter (``Report._repr_html_``)."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from .text_patterns import SECTION_KEYS, SECTION_TITLES

if TYPE_CHECKING:  # pragma: no cover
    from .model import Report


def _snippet(text: str, n: int = 60) -> str:
    text = text.replace("\n", " ")
    return escape(text[:n] + ("…" if len(text) > n else ""))


def report_to_html(rep: "Report") -> str:
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
