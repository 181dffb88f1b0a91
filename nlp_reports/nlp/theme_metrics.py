"""Measures of multi-label theme tagging: micro precision / recall / F1 and a per-theme table.

Kept apart from the tagger (:mod:`nlp_reports.nlp.themes`) so that evaluation scripts, notebooks and
other multi-label models (e.g. a researcher's own codebook) use the same definitions.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def micro_prf(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, float]:
    """Micro-averaged precision, recall and F1 over (statement, theme) pairs, with the counts.

    >>> micro_prf([["a"], ["a", "b"], []], [["a"], ["a"], ["c"]])["recall"]
    0.6666666666666666
    """
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, pred))
    n_pred = sum(len(set(p)) for p in pred)
    n_gold = sum(len(set(g)) for g in gold)
    return {
        "precision": tp / n_pred if n_pred else 1.0,
        "recall": tp / n_gold if n_gold else 1.0,
        "f1": 2 * tp / (n_pred + n_gold) if (n_pred + n_gold) else 1.0,
        "tp": tp,
        "n_pred": n_pred,
        "n_gold": n_gold,
    }


def micro_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    """Micro-averaged F1 over (statement, theme) pairs."""
    return micro_prf(gold, pred)["f1"]


def per_theme_table(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], themes: Sequence[str]
) -> pd.DataFrame:
    """One row per theme: support, tp, fp, fn, precision, recall, f1."""
    rows = []
    for code in themes:
        tp = sum(code in g and code in p for g, p in zip(gold, pred))
        fp = sum(code not in g and code in p for g, p in zip(gold, pred))
        fn = sum(code in g and code not in p for g, p in zip(gold, pred))
        rows.append(
            {
                "theme": code,
                "support": tp + fn,
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": tp / (tp + fp) if tp + fp else 0.0,
                "recall": tp / (tp + fn) if tp + fn else 0.0,
                "f1": 2 * tp / max(1, 2 * tp + fp + fn),
            }
        )
    return pd.DataFrame(rows).set_index("theme")


def by_n_gold(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> pd.DataFrame:
    """Micro precision / recall / F1 of statements grouped by their number of gold themes (0, 1, 2 …)."""
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(gold):
        groups.setdefault(len(set(g)), []).append(i)
    rows = []
    for n, idx in sorted(groups.items()):
        m = micro_prf([gold[i] for i in idx], [pred[i] for i in idx])
        rows.append({"n_gold_themes": n, "statements": len(idx), **m})
    return pd.DataFrame(rows).set_index("n_gold_themes")
