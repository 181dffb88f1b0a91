"""The main job behind ``nlp-reports analyze``: every frame of every layer, plus the comparison plots.

Kept apart from the CLI so notebooks can call it too::

    frames, figures = run_analysis(corpus)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from .corpus import Corpus


def run_analysis(
    corpus: Corpus, *, classifier: Any = None, tagger: Any = None, progress: bool = False
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Read-layer frames, statements, commitments and the comparisons, as named DataFrames and figures.

    A comparison that cannot be made on this corpus (e.g. keyness with a single level, follow-through
    without consecutive years) is skipped with a note in the ``notes`` frame, not an error.
    """
    from . import compare

    frames: dict[str, pd.DataFrame] = corpus.read_frames()
    frames["agencies"] = corpus.agencies()  # one row per agency_id: check the merges here
    st = corpus.statements_frame(classifier, tagger)
    frames["statements"] = st
    frames["commitments"] = corpus.commitments_frame(classifier, tagger)
    notes: list[dict[str, str]] = []
    try:
        frames["report_quality"] = compare.report_quality(corpus)
    except Exception as exc:  # one comparison must not sink the job: say why it was skipped
        notes.append({"step": "report_quality", "note": f"skipped: {type(exc).__name__}: {exc}"})
    figures = comparisons(st, frames["sections"], len(corpus), notes, keep=frames.__setitem__)
    frames["notes"] = pd.DataFrame(notes, columns=["step", "note"])
    return frames, figures


#: the similarity heatmap is drawn up to this many reports (one cell per pair; the matrix is always written)
SIMILARITY_PLOT_MAX = 60


def comparisons(
    st: pd.DataFrame,
    sections: pd.DataFrame,
    n_reports: int,
    notes: list[dict[str, str]],
    *,
    keep: Callable[[str, pd.DataFrame], Any],
) -> dict[str, Any]:
    """The comparisons across reports (each frame handed to ``keep(name, df)``) and their figures.

    Shared by :func:`run_analysis` (a corpus in memory) and the streaming run (frames read back from
    its parquet). A comparison or plot that cannot be made is a row of ``notes``, not an error.
    """
    import warnings

    from . import compare, plot

    def attempt(name: str, fn: Any, *a: Any, **kw: Any) -> pd.DataFrame | None:
        try:
            df = fn(*a, **kw)
        except Exception as exc:  # one comparison must not sink the job: say why it was skipped
            notes.append({"step": name, "note": f"skipped: {type(exc).__name__}: {exc}"})
            return None
        keep(name, df)
        return df

    profile = attempt("theme_profile", compare.theme_profile, st, by="agency")
    attempt("theme_profile_by_level", compare.theme_profile, st, by="level")
    attempt("boilerplate", compare.boilerplate, st, min_agencies=2)
    attempt("follow_through", compare.follow_through, st)
    sim = attempt("similarity", compare.similarity, sections, part="problems") if n_reports >= 2 else None
    levels = sections.drop_duplicates("doc_id")["level"].dropna()
    key = None
    if levels.nunique() >= 2:
        key = attempt("keyness", compare.keyness, sections, by="level", target=levels.value_counts().index[0])
    else:
        notes.append({"step": "keyness", "note": "skipped: needs reports of at least two levels"})
    if sim is not None and n_reports > SIMILARITY_PLOT_MAX:
        notes.append(
            {
                "step": "plot similarity_heatmap",
                "note": f"skipped: {n_reports} reports > {SIMILARITY_PLOT_MAX}; similarity.csv has the matrix",
            }
        )
        sim = None
    figures: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, fn, arg in (
            ("theme_heatmap", plot.theme_heatmap, profile),
            ("similarity_heatmap", plot.similarity_heatmap, sim),
            ("keyness", plot.keyness, key),
            ("theme_over_time", plot.theme_over_time, st),
        ):
            if arg is None or (hasattr(arg, "__len__") and len(arg) == 0):
                continue
            try:
                figures[name] = fn(arg)
            except Exception as exc:
                notes.append({"step": f"plot {name}", "note": f"skipped: {type(exc).__name__}: {exc}"})
    return figures
