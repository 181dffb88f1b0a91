"""Follow-through: do the problems an agency promised to fix come back the next year?

For each agency and each pair of consecutive report years (t, t+1), every improvement statement
(a commitment) of year t is compared with the problem statements of year t+1.  A problem is
linked to the commitment when

* their TF-IDF cosine similarity is at least ``threshold`` (character bigrams by default: robust to
  word-segmentation differences in short texts), and
* their themes are compatible: they share a theme, or at least one of the two has no theme
  (untagged statements are judged on text alone).

Why 0.3: with character bigrams and IDF fitted on all statements, the stock vocabulary every
report uses (政府、信息、公开、工作) weighs little; two statements on unrelated matters typically
score below 0.15, two wordings of the same issue (进一步加强政策解读 / 政策解读质量不高) 0.25–0.6,
a repeated sentence close to 1.  0.3 favours precision; lower it to catch looser paraphrases.

A commitment is ``verbatim`` when a commitment of year t+1 repeats it (similarity ≥
``verbatim_threshold``, default 0.8): the plan was carried over unchanged.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._frames import CharNgrams, Tokenize, require_columns, statements_frame, theme_list
from .similarity import tfidf_cosine

COLUMNS = [
    "agency",
    "year",
    "commitment_id",
    "commitment",
    "next_year",
    "problem_id",
    "problem",
    "shared_themes",
    "similarity",
    "recurs",
    "verbatim",
]


def _ids(df: pd.DataFrame) -> pd.Series:
    return df["doc_id"].astype(str) + "/" + df["statement_id"].astype(str)


def follow_through(
    st: Any,
    *,
    threshold: float = 0.3,
    tokenizer: Tokenize | None = None,
    verbatim_threshold: float = 0.8,
    commitment_label: str = "improvement",
    problem_label: str = "problem",
) -> pd.DataFrame:
    """Link each commitment of year t to the problems the same agency reports in year t+1.

    ``st`` is a statements frame (``doc_id, agency, year, statement_id, text, label, themes``) or a
    corpus offering ``statements_frame()``.  ``tokenizer`` (text -> tokens) replaces the default
    character bigrams, e.g. ``nlp_reports.nlp.tokenizer.Tokenizer()`` for words.

    Returns one row per (commitment, linked problem), and one row with empty problem columns for a
    commitment with no link.  Columns: ``agency, year, commitment_id`` ("doc_id/statement_id"),
    ``commitment`` (text), ``next_year, problem_id, problem, shared_themes`` (list),
    ``similarity`` (of the linked problem; for an unlinked commitment the best score among the
    next year's problems, NaN if there were none), ``recurs`` (the commitment has at least one linked
    problem) and ``verbatim`` (the commitment is repeated as a commitment in t+1).  Commitments of
    an agency's last year (no report for t+1) are not listed.
    """
    df = statements_frame(st)
    require_columns(df, ["doc_id", "agency", "year", "text", "label"], "the statements frame")
    df = df.copy()
    if "statement_id" not in df.columns:
        df["statement_id"] = df.groupby("doc_id").cumcount()
    df["ft_themes"] = df["themes"].map(theme_list) if "themes" in df.columns else [[] for _ in range(len(df))]
    df = df[df["agency"].notna() & df["year"].notna()]
    df["year"] = df["year"].astype(int)
    df["ft_id"] = _ids(df)
    df["text"] = df["text"].fillna("").astype(str)
    tok = tokenizer if tokenizer is not None else CharNgrams(2)
    rows: list[dict[str, Any]] = []
    for agency, g in df.groupby("agency", sort=True):
        years = set(g["year"])
        for year in sorted(years):
            if year + 1 not in years:
                continue
            com = g[(g["year"] == year) & (g["label"] == commitment_label)]
            if com.empty:
                continue
            nxt = g[g["year"] == year + 1]
            prob = nxt[nxt["label"] == problem_label]
            com_next = nxt[nxt["label"] == commitment_label]
            others = prob["text"].tolist() + com_next["text"].tolist()
            sim = tfidf_cosine(com["text"].tolist(), tok, others) if others else np.zeros((len(com), 0))
            sim_p, sim_c = sim[:, : len(prob)], sim[:, len(prob) :]
            for i, c in enumerate(com.itertuples(index=False)):
                verbatim = bool(sim_c.shape[1] and sim_c[i].max() >= verbatim_threshold)
                base = {
                    "agency": agency,
                    "year": year,
                    "commitment_id": c.ft_id,
                    "commitment": c.text,
                    "next_year": year + 1,
                    "verbatim": verbatim,
                }
                links = []
                c_themes = set(c.ft_themes)
                for j, p in enumerate(prob.itertuples(index=False)):
                    p_themes = set(p.ft_themes)
                    shared = sorted(c_themes & p_themes)
                    compatible = bool(shared) or not c_themes or not p_themes
                    if compatible and sim_p[i, j] >= threshold:
                        links.append((sim_p[i, j], p, shared))
                links.sort(key=lambda x: -x[0])
                for s, p, shared in links:
                    rows.append(
                        base
                        | {
                            "problem_id": p.ft_id,
                            "problem": p.text,
                            "shared_themes": shared,
                            "similarity": float(s),
                            "recurs": True,
                        }
                    )
                if not links:
                    best = float(sim_p[i].max()) if sim_p.shape[1] else np.nan
                    rows.append(
                        base
                        | {"problem_id": None, "problem": None, "shared_themes": [], "similarity": best, "recurs": False}
                    )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame(rows)[COLUMNS]


def follow_through_summary(ft: pd.DataFrame) -> pd.DataFrame:
    """Per agency: how many commitments recur as problems next year, and how many are carried over verbatim.

    ``ft`` is the frame of :func:`follow_through`.  Columns ``agency, n_year_pairs, n_commitments,
    n_recurring, share_recurring, n_verbatim, share_verbatim, mean_best_similarity``.
    """
    cols = [
        "agency",
        "n_year_pairs",
        "n_commitments",
        "n_recurring",
        "share_recurring",
        "n_verbatim",
        "share_verbatim",
        "mean_best_similarity",
    ]
    if ft.empty:
        return pd.DataFrame(columns=cols)
    per = ft.groupby(["agency", "year", "commitment_id"], sort=True).agg(
        recurs=("recurs", "any"), verbatim=("verbatim", "any"), best=("similarity", "max")
    )
    per = per.reset_index()
    out = per.groupby("agency").agg(
        n_year_pairs=("year", "nunique"),
        n_commitments=("commitment_id", "size"),
        n_recurring=("recurs", "sum"),
        n_verbatim=("verbatim", "sum"),
        mean_best_similarity=("best", "mean"),
    )
    out["share_recurring"] = out["n_recurring"] / out["n_commitments"]
    out["share_verbatim"] = out["n_verbatim"] / out["n_commitments"]
    out = out.reset_index()
    for c in ("n_year_pairs", "n_commitments", "n_recurring", "n_verbatim"):
        out[c] = out[c].astype("int64")
    return out[cols]
