"""Follow-through: do the problems an agency promised to fix come back the next year?

For each agency and each pair of consecutive report years (t, t+1), every improvement statement
(a commitment) of year t is compared with the problem statements of year t+1.  A problem is
linked to the commitment when

* their TF-IDF cosine similarity is at least ``threshold`` (character bigrams by default: robust to
  word-segmentation differences in short texts), and
* their themes are compatible: they share a theme, or at least one of the two has no theme
  (untagged statements are judged on text alone).

Similarity is the larger of the statement cosine and the best clause × clause cosine (a
commitment names its aim in a short heading, then adds detail).  Why 0.3: with character bigrams
and IDF fitted on all statements of the frame, the stock vocabulary every report uses
(政府、信息、公开、工作) weighs little.  Measured on the 8 consecutive-year pairs of one real agency
(38 commitments, gold labels and themes): the median best score of a commitment against the next
year's problems is 0.10; the pairs at or above 0.3 with a shared theme are genuine recurrences
(2 of 38 commitments, both correct on reading), while theme-incompatible pairs reach 0.29-0.32.
0.3 thus favours precision; lower it (0.2) to catch looser paraphrases at the cost of false links.

A commitment is ``verbatim`` when a commitment of year t+1 repeats it (similarity ≥
``verbatim_threshold``, default 0.8): the plan was carried over unchanged.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import NlpReportsError
from ._frames import CharNgrams, Tokenize, agency_groups, require_columns, statements_frame, theme_list
from .boilerplate import normalize_statement

COLUMNS = [
    "agency",
    "agency_id",
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


_CLAUSE_SPLIT = re.compile(r"[。；;，,：:！？!?\n]+")


def clauses(text: str, min_chars: int = 4) -> list[str]:
    """The clauses of a statement (split at Chinese/ASCII punctuation, enumeration markers dropped).

    Clauses shorter than ``min_chars`` normalised characters are dropped; a statement without a
    long enough clause is its own single clause.
    """
    out = [c for c in _CLAUSE_SPLIT.split(text) if len(normalize_statement(c)) >= min_chars]
    return out or [text]


class _Vectors:
    """l2-normalised TF-IDF rows of all statements and of all their clauses, one IDF for the frame."""

    def __init__(self, texts: list[str], tokenize: Tokenize) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        from .similarity import _Analyzer

        self.clause_start = np.zeros(len(texts) + 1, dtype=int)
        all_clauses: list[str] = []
        for i, t in enumerate(texts):
            cl = clauses(t)
            all_clauses.extend(cl)
            self.clause_start[i + 1] = self.clause_start[i] + len(cl)

        def fit(docs: list[str]):
            vec = TfidfVectorizer(analyzer=_Analyzer(tokenize), sublinear_tf=True, lowercase=False)
            try:
                return vec.fit_transform(docs).tocsr()
            except ValueError:  # no content token anywhere
                from scipy import sparse

                return sparse.csr_matrix((len(docs), 1))

        self.statements = fit(texts)
        self.clauses = fit(all_clauses)

    def _clause_rows(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows = np.concatenate([np.arange(self.clause_start[i], self.clause_start[i + 1]) for i in idx])
        counts = self.clause_start[idx + 1] - self.clause_start[idx]
        return rows, np.concatenate([[0], np.cumsum(counts)[:-1]])

    def similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """max(statement cosine, best clause-pair cosine) for statements ``a`` × ``b`` (row indices)."""
        if len(a) == 0 or len(b) == 0:
            return np.zeros((len(a), len(b)))
        whole = np.asarray((self.statements[a] @ self.statements[b].T).todense())
        ra, sa = self._clause_rows(a)
        rb, sb = self._clause_rows(b)
        cc = np.asarray((self.clauses[ra] @ self.clauses[rb].T).todense())
        best = np.maximum.reduceat(np.maximum.reduceat(cc, sa, axis=0), sb, axis=1)
        return np.clip(np.maximum(whole, best), 0.0, 1.0)

    def statement_similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        if len(a) == 0 or len(b) == 0:
            return np.zeros((len(a), len(b)))
        return np.clip(np.asarray((self.statements[a] @ self.statements[b].T).todense()), 0.0, 1.0)


def follow_through(
    st: Any,
    *,
    threshold: float = 0.3,
    tokenizer: Tokenize | None = None,
    verbatim_threshold: float = 0.8,
    commitment_label: str = "improvement",
    problem_label: str = "problem",
    agency_col: str | None = None,
) -> pd.DataFrame:
    """Link each commitment of year t to the problems the same agency reports in year t+1.

    ``st`` is a statements frame (``doc_id, agency, year, statement_id, text, label, themes``) or a
    corpus offering ``statements_frame()``.  ``tokenizer`` (text -> tokens) replaces the default
    character bigrams, e.g. ``nlp_reports.nlp.tokenizer.Tokenizer()`` for words.  Similarity of a
    commitment and a problem is the larger of the cosine of the two statements and the best cosine
    of a clause of one with a clause of the other (a commitment names its aim in a short heading
    and then adds detail; the problem it answers usually matches that heading, not the detail).

    Returns one row per (commitment, linked problem), and one row with empty problem columns for a
    commitment with no link.  Columns: ``agency, year, commitment_id`` ("doc_id/statement_id"),
    ``commitment`` (text), ``next_year, problem_id, problem, shared_themes`` (list),
    ``similarity`` (of the linked problem; for an unlinked commitment the best score among the
    next year's problems, NaN if there were none), ``recurs`` (the commitment has at least one linked
    problem) and ``verbatim`` (the commitment is repeated as a commitment in t+1, statement cosine ≥
    ``verbatim_threshold``).  Commitments of an agency's last year (no report for t+1) are not listed.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> ft = nr.compare.follow_through(corpus.statements_frame())
    >>> ft[["agency", "year", "next_year"]].drop_duplicates().values.tolist()   # the only series
    [['云溪县', 2022, 2023]]
    >>> linked = ft[ft["commitment"].str.contains("政策解读")].iloc[0]
    >>> bool(linked["recurs"]), round(float(linked["similarity"]), 1)
    (True, 0.6)
    >>> print(linked["commitment"])
    二是建立政策解读质量评估机制，对县直部门的解读材料每季度抽查一次；
    >>> print(linked["problem"])
    二是政策解读质量评估机制尚处在试行阶段，抽查结果的运用不够；
    >>> "policy_interpretation" in linked["shared_themes"]
    True
    """
    df = statements_frame(st)
    require_columns(df, ["doc_id", "agency", "year", "text", "label"], "the statements frame")
    df = df.copy()
    if agency_col is not None and agency_col not in df.columns:
        raise NlpReportsError(f"agency_col {agency_col!r} is not a column of the statements frame")
    # agency_id groups one agency across years and name variants (see ReportMeta.agency_id)
    df["ft_key"], df["agency"] = agency_groups(df, agency_col)
    if "statement_id" not in df.columns:
        df["statement_id"] = df.groupby("doc_id").cumcount()
    df["ft_themes"] = df["themes"].map(theme_list) if "themes" in df.columns else [[] for _ in range(len(df))]
    df = df[df["ft_key"].notna() & df["year"].notna()]
    df = df[df["label"].isin([commitment_label, problem_label])].reset_index(drop=True)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    df["year"] = df["year"].astype(int)
    df["ft_id"] = _ids(df)
    df["text"] = df["text"].fillna("").astype(str)
    vectors = _Vectors(df["text"].tolist(), tokenizer if tokenizer is not None else CharNgrams(2))
    rows: list[dict[str, Any]] = []
    for key, g in df.groupby("ft_key", sort=True):
        agency = g.sort_values("year")["agency"].iloc[-1]  # the name of its latest report
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
            sim_p = vectors.similarity(com.index.to_numpy(), prob.index.to_numpy())
            sim_c = vectors.statement_similarity(com.index.to_numpy(), com_next.index.to_numpy())
            for i, c in enumerate(com.itertuples(index=False)):
                verbatim = bool(sim_c.shape[1] and sim_c[i].max() >= verbatim_threshold)
                base = {
                    "agency": agency,
                    "agency_id": key,
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
                for sim, p, shared in links:
                    rows.append(
                        base
                        | {
                            "problem_id": p.ft_id,
                            "problem": p.text,
                            "shared_themes": shared,
                            "similarity": float(sim),
                            "recurs": True,
                        }
                    )
                if not links:
                    best = float(sim_p[i].max()) if sim_p.shape[1] else np.nan
                    rows.append(
                        base
                        | {
                            "problem_id": None,
                            "problem": None,
                            "shared_themes": [],
                            "similarity": best,
                            "recurs": False,
                        }
                    )
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame(rows)[COLUMNS]


def follow_through_summary(ft: pd.DataFrame) -> pd.DataFrame:
    """Per agency: how many commitments recur as problems next year, and how many are carried over verbatim.

    ``ft`` is the frame of :func:`follow_through`.  Columns ``agency, agency_id, n_year_pairs, n_commitments,
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
    key = "agency_id" if "agency_id" in ft.columns else "agency"
    if key == "agency_id":
        cols.insert(1, "agency_id")
    per = ft.groupby([key, "year", "commitment_id"], sort=True).agg(
        recurs=("recurs", "any"), verbatim=("verbatim", "any"), best=("similarity", "max"), name=("agency", "last")
    )
    per = per.reset_index()
    out = per.groupby(key).agg(
        name=("name", "last"),
        n_year_pairs=("year", "nunique"),
        n_commitments=("commitment_id", "size"),
        n_recurring=("recurs", "sum"),
        n_verbatim=("verbatim", "sum"),
        mean_best_similarity=("best", "mean"),
    )
    out["share_recurring"] = out["n_recurring"] / out["n_commitments"]
    out["share_verbatim"] = out["n_verbatim"] / out["n_commitments"]
    out = out.reset_index()
    out["agency"] = out["name"]
    for c in ("n_year_pairs", "n_commitments", "n_recurring", "n_verbatim"):
        out[c] = out[c].astype("int64")
    return out[cols]
