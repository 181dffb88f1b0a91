"""Why a statement got its themes: the seed terms and features behind each theme's probability.

Used by :meth:`nlp_reports.nlp.themes.ThemeTagger.explain`.  Each theme's first-stage model is a
logistic regression, so its log-odds are a sum: intercept + Σ weight × feature value.  Every non-zero
feature of the statement contributes ``weight × value`` to the log-odds of every theme; the rows
returned are the largest of these per theme, with the theme's matched seed terms always shown (the
contribution of a seed-term count column is shared equally among the terms that matched it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

#: columns of :func:`explain_statement`'s frame, in order
EXPLAIN_COLUMNS: tuple[str, ...] = (
    "theme",
    "name",
    "probability",
    "selected",
    "kind",
    "term",
    "value",
    "weight",
    "contribution",
)


def _feature_blocks(features: Any, text: str) -> list[tuple[str, list[str], np.ndarray]]:
    """(block name, feature names, dense values) of each block of the fitted ``FeatureUnion``."""
    out = []
    for name, tr in features.transformer_list:
        z = tr.transform([text])
        z = np.asarray(z.todense()).ravel() if hasattr(z, "todense") else np.asarray(z).ravel()
        out.append((name, [str(f) for f in tr.get_feature_names_out()], z))
    return out


def explain_statement(
    tagger: Any, text: str, *, top: int, min_probability: float, names: dict[str, str] | None
) -> pd.DataFrame:
    """Tidy frame, one row per (theme, evidence); see :meth:`ThemeTagger.explain` (which holds the defaults)."""
    codes = [str(c) for c in tagger.classes_]
    proba = tagger.predict_proba([text])[0]
    selected = set(tagger.predict([text])[0])
    blocks = _feature_blocks(tagger.features_, text)
    lists = dict(tagger.term_lists_)
    rows: list[dict[str, Any]] = []
    order = np.argsort(-proba, kind="stable")
    for j in order:
        code = codes[j]
        if proba[j] < min_probability and code not in selected:
            continue
        coef = np.asarray(tagger.models_[j].coef_).ravel()
        head = {
            "theme": code,
            "name": (names or {}).get(code, ""),
            "probability": float(proba[j]),
            "selected": code in selected,
        }
        ev: list[dict[str, Any]] = []
        seed_rows: list[dict[str, Any]] = []
        start = 0
        for block, fnames, z in blocks:
            w = coef[start : start + len(fnames)]
            start += len(fnames)
            for k in np.flatnonzero(z):
                contrib = float(w[k] * z[k])
                if block == "seeds":
                    list_code = fnames[k].split("__", 1)[-1]
                    matched = [t for t in lists.get(list_code, ()) if t in text]
                    kind = "seed_term" if list_code == code else f"seed_term:{list_code}"
                    for t in matched or [fnames[k]]:
                        r = {
                            "kind": kind,
                            "term": t,
                            "value": float(z[k]),
                            "weight": float(w[k]),
                            "contribution": contrib / max(1, len(matched)),
                        }
                        (seed_rows if list_code == code else ev).append(r)
                else:
                    ev.append(
                        {
                            "kind": block,
                            "term": fnames[k],
                            "value": float(z[k]),
                            "weight": float(w[k]),
                            "contribution": contrib,
                        }
                    )
        ev.sort(key=lambda r: -abs(r["contribution"]))
        intercept = float(np.asarray(tagger.models_[j].intercept_).ravel()[0])
        chosen = seed_rows + ev[: max(0, top - len(seed_rows))]
        chosen.append({"kind": "intercept", "term": "", "value": 1.0, "weight": intercept, "contribution": intercept})
        rows += [{**head, **r} for r in chosen]
    return pd.DataFrame(rows, columns=list(EXPLAIN_COLUMNS))


def explain_many(tagger: Any, texts: Sequence[str], **kw: Any) -> pd.DataFrame:
    """:func:`explain_statement` of several statements, with a ``statement`` index column."""
    parts = [explain_statement(tagger, t, **kw).assign(statement=i) for i, t in enumerate(texts)]
    if not parts:
        return pd.DataFrame(columns=["statement", *EXPLAIN_COLUMNS])
    df = pd.concat(parts, ignore_index=True)
    return df[["statement", *EXPLAIN_COLUMNS]]
