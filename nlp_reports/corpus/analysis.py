"""Run the part-五 analysis over reports: statements, labels with probabilities, themes.

All statements of all (uncached) reports are classified in one batch, which is what makes the
NLP stage cheap next to reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..frames import STATEMENT_OWN_COLUMNS
from ..model import Report
from .cache import DiskCache


def report_statements(rep: Report) -> list[Any]:
    """The statement spans of a report's part 五 (empty when the report has none)."""
    from ..nlp.statements import split_statements_spans

    sec = rep.sections.get("problems")
    if sec is None or not sec.text.strip():
        return []
    return split_statements_spans(sec.text)


#: keys every cached statement row must have (a row without them is a damaged entry: a miss)
ROW_KEYS = tuple(STATEMENT_OWN_COLUMNS)


def _cached_rows(cache: DiskCache | None, sha: str) -> list[dict[str, Any]] | None:
    """Valid cached statement rows of a report, or None (no cache, missing, or not a valid entry)."""
    if cache is None or not sha:
        return None
    from .codec import CodecError, decode_rows

    hit = cache.get(sha)
    if hit is None:
        return None
    try:
        return decode_rows(hit, ROW_KEYS)
    except CodecError:
        return None


def analyze_reports(
    reports: Sequence[Report], classifier: Any, tagger: Any, cache: DiskCache | None = None
) -> list[dict[str, Any]]:
    """Rows of ``statements_frame`` for ``reports`` (see :data:`~nlp_reports.frames.STATEMENT_COLUMNS`)."""
    per_report: list[list[dict[str, Any]] | None] = []
    todo: list[tuple[int, list[Any]]] = []
    for i, rep in enumerate(reports):
        hit = _cached_rows(cache, rep.meta.sha256)
        if hit is not None:
            per_report.append(hit)
        else:
            per_report.append(None)
            todo.append((i, report_statements(rep)))
    texts = [s.text for _, spans in todo for s in spans]
    if texts:
        proba = np.asarray(classifier.predict_proba(texts))
        classes = list(classifier.classes_)
        labels = [classes[j] for j in proba.argmax(axis=1)]
        try:  # lead-ins and transitions ('other') carry no theme
            themes = tagger.predict(texts, labels=labels)
        except TypeError:  # a user's tagger without the labels argument
            themes = tagger.predict(texts)
    else:
        proba, classes, labels, themes = np.zeros((0, 3)), [], [], []
    k = 0
    for i, spans in todo:
        rows = []
        for sid, sp in enumerate(spans):
            p = {c: float(proba[k, j]) for j, c in enumerate(classes)}
            rows.append(
                {
                    "statement_id": sid,
                    "text": sp.text,
                    "context": getattr(sp, "heading", "") or "",
                    "item": getattr(sp, "item", "") or "",
                    "label": labels[k],
                    "proba": float(proba[k].max()),
                    "proba_problem": p.get("problem", np.nan),
                    "proba_improvement": p.get("improvement", np.nan),
                    "proba_other": p.get("other", np.nan),
                    "themes": list(themes[k]),
                }
            )
            k += 1
        per_report[i] = rows
        if cache is not None and reports[i].meta.sha256:
            cache.put(reports[i].meta.sha256, rows)
    out: list[dict[str, Any]] = []

    for rep, rep_rows in zip(reports, per_report):
        dv = rep.docvars()
        for r in rep_rows or []:
            out.append({**dv, **r})
    return out
