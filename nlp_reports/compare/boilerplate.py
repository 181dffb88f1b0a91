"""Boilerplate: statements that reappear (near-)verbatim across reports.

Two kinds of reuse are told apart: one agency repeating its own text year after year
(``same_agency``) and several agencies sharing a text (``cross_agency``: copying, or a common
template handed down by a higher level).

Method, near-linear in the number of statements:

1. normalise each statement (NFKC; leading enumeration markers such as 一是 / （二） / 3. removed;
   digits, punctuation and whitespace dropped), so that a changed year or a renumbered item does
   not hide a copy;
2. identical normalised texts are merged first (exact duplicates are the bulk of boilerplate);
3. each distinct text becomes a set of character ``shingle``-grams and a MinHash signature;
   datasketch's ``MinHashLSH`` (tuned for ``threshold - 0.1``, for recall) proposes candidate
   pairs; each candidate pair is verified with the exact Jaccard similarity of the
   shingle sets;
4. verified pairs are joined by union-find into clusters (so a cluster may chain A~B~C with A, C
   less similar than ``threshold``; ``mean_jaccard`` shows how tight a cluster is).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._signature import same_parameters_as
from ..errors import NlpReportsError
from ..text_patterns import ANY_MARKER_PREFIX_RE
from ._frames import agency_groups, require_columns, statements_frame

CLUSTER_COLUMNS = [
    "cluster_id",
    "kind",
    "n_statements",
    "n_docs",
    "n_agencies",
    "n_years",
    "agencies",
    "years",
    "doc_ids",
    "texts",
    "representative",
    "mean_jaccard",
]
MEMBER_COLUMNS = ["cluster_id", "kind", "doc_id", "statement_id", "agency", "agency_id", "year", "text"]

_MARKER = ANY_MARKER_PREFIX_RE
_DROP = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-z]+")


def normalize_statement(text: str) -> str:
    """The comparison form of a statement: no enumeration marker, digits, punctuation or spaces."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    for _ in range(2):  # '（一）1.' style double markers
        s2 = _MARKER.sub("", s, count=1)
        if s2 == s:
            break
        s = s2
    return _DROP.sub("", s)


def shingles(norm: str, k: int) -> frozenset[str]:
    """Character ``k``-grams of a normalised text (the whole text when shorter than ``k``)."""
    if len(norm) <= k:
        return frozenset([norm]) if norm else frozenset()
    return frozenset(norm[i : i + k] for i in range(len(norm) - k + 1))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = np.arange(n)

    def find(self, i: int) -> int:
        p = self.parent
        root = i
        while p[root] != root:
            root = p[root]
        while p[i] != root:  # path compression
            p[i], i = root, p[i]
        return int(root)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _components(sets: list[frozenset[str]], threshold: float, num_perm: int, seed: int) -> np.ndarray:
    """Union-find root of each distinct text after MinHash-LSH candidate search + exact verification."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    n = len(sets)
    uf = _UnionFind(n)
    if n < 2:
        return np.arange(n)
    encoded: Iterable[list[bytes]] = ([s.encode("utf-8") for s in sorted(sh)] for sh in sets)
    # the index is built for a lower threshold than the exact check, so that pairs just above
    # ``threshold`` are rarely missed by the banding (recall near 1, a few more candidates to verify)
    lsh = MinHashLSH(threshold=max(threshold - 0.1, 0.05), num_perm=num_perm)
    for i, mh in enumerate(MinHash.generator(encoded, num_perm=num_perm, seed=seed)):
        lean = LeanMinHash(mh)
        for j in lsh.query(lean):  # only earlier items are indexed: each pair is seen once
            if uf.find(i) == uf.find(j):
                continue  # already joined through other links: no need to verify
            if _jaccard(sets[i], sets[j]) >= threshold:
                uf.union(i, j)
        lsh.insert(i, lean)
    return np.array([uf.find(i) for i in range(n)])


def _mean_jaccard(idx: list[int], counts: np.ndarray, sets: list[frozenset[str]], rng: np.random.Generator) -> float:
    """Mean exact Jaccard similarity over all pairs of member statements (identical texts count 1)."""
    if len(idx) > 60:  # estimate from a sample of distinct texts
        idx = list(rng.choice(idx, size=60, replace=False))
    c = counts[idx].astype(float)
    total_pairs = c.sum() * (c.sum() - 1) / 2
    if total_pairs <= 0:
        return 1.0
    acc = float((c * (c - 1) / 2).sum())
    for a in range(len(idx)):
        for b in range(a + 1, len(idx)):
            acc += c[a] * c[b] * _jaccard(sets[idx[a]], sets[idx[b]])
    return acc / total_pairs


def _cluster(
    st: Any,
    min_agencies: int,
    threshold: float,
    num_perm: int,
    shingle: int,
    seed: int,
    min_chars: int,
    agency_col: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not 0 < threshold <= 1:
        raise NlpReportsError(f"threshold must be in (0, 1], got {threshold}")
    if shingle < 1:
        raise NlpReportsError(f"shingle must be a positive number of characters, got {shingle}")
    df = statements_frame(st)
    require_columns(df, ["doc_id", "text"], "the statements frame")
    cols = {c: df[c] for c in ("doc_id", "text")}
    cols["statement_id"] = df["statement_id"] if "statement_id" in df.columns else df.groupby("doc_id").cumcount()
    cols["year"] = df["year"] if "year" in df.columns else pd.Series(pd.NA, index=df.index)
    # a report without a known agency counts as an agency of its own (never merged with another one)
    if agency_col is not None and agency_col != "agency" and agency_col not in df.columns:
        raise NlpReportsError(f"agency_col {agency_col!r} is not a column of the statements frame")
    # agency_id tells agencies apart (one id per agency across name variants), else agency_key, else agency
    key, name = agency_groups(df, agency_col if agency_col in df.columns else None)
    unknown = "(unknown agency of " + df["doc_id"].astype(str) + ")"
    cols["agency_id"] = key.where(key.notna(), unknown)
    cols["agency"] = name.where(name.notna(), unknown)
    work = pd.DataFrame(cols).reset_index(drop=True)
    work["norm"] = work["text"].fillna("").map(normalize_statement)
    work = work[work["norm"].str.len() >= min_chars].reset_index(drop=True)
    empty = (pd.DataFrame(columns=CLUSTER_COLUMNS), pd.DataFrame(columns=MEMBER_COLUMNS))
    if work.empty:
        return empty
    codes, uniques = pd.factorize(work["norm"])
    sets = [shingles(u, shingle) for u in uniques]
    roots = _components(sets, threshold, num_perm, seed)
    work["_u"] = codes
    work["_c"] = roots[codes]
    # keep components that span at least two reports
    n_docs = work.groupby("_c")["doc_id"].nunique()
    work = work[work["_c"].isin(n_docs[n_docs >= 2].index)]
    if work.empty:
        return empty
    counts = np.bincount(codes, minlength=len(uniques))
    rng = np.random.default_rng(seed)
    rows = []
    for comp, g in work.groupby("_c", sort=False):
        firsts = g.drop_duplicates("agency_id")
        agencies = sorted(firsts["agency"].astype(str))  # one name per agency_id
        n_ag = len(agencies)
        if n_ag == 1:
            kind = "same_agency"
        elif n_ag >= max(min_agencies, 2):
            kind = "cross_agency"
        else:
            continue
        years = sorted({int(y) for y in g["year"].dropna()})
        distinct = list(dict.fromkeys(g["_u"]))
        top_u = Counter(g["_u"]).most_common(1)[0][0]
        rows.append(
            {
                "_c": comp,
                "kind": kind,
                "n_statements": len(g),
                "n_docs": g["doc_id"].nunique(),
                "n_agencies": n_ag,
                "n_years": len(years),
                "agencies": agencies,
                "years": years,
                "doc_ids": list(dict.fromkeys(g["doc_id"])),
                "texts": list(dict.fromkeys(g["text"])),
                "representative": g.loc[g["_u"] == top_u, "text"].iloc[0],
                "mean_jaccard": _mean_jaccard(distinct, counts, sets, rng),
            }
        )
    if not rows:
        return empty
    clusters = pd.DataFrame(rows)
    clusters["_kind_order"] = (clusters["kind"] != "cross_agency").astype(int)
    clusters = clusters.sort_values(
        ["_kind_order", "n_agencies", "n_years", "n_statements", "representative"],
        ascending=[True, False, False, False, True],
        kind="mergesort",
    ).reset_index(drop=True)
    clusters["cluster_id"] = np.arange(len(clusters))
    members = work.merge(clusters[["_c", "cluster_id", "kind"]], on="_c", how="inner")
    members = members.sort_values(["cluster_id", "year", "doc_id"], kind="mergesort")[MEMBER_COLUMNS]
    return clusters[CLUSTER_COLUMNS], members.reset_index(drop=True)


def boilerplate(
    st: Any,
    min_agencies: int = 2,
    *,
    threshold: float = 0.8,
    num_perm: int = 128,
    shingle: int = 5,
    seed: int = 1,
    min_chars: int = 8,
    agency_col: str | None = None,
) -> pd.DataFrame:
    """Clusters of near-identical statements found in two or more reports.

    ``st`` is a statements frame (``doc_id, agency, year, statement_id, text``; or a corpus offering
    ``statements_frame()``).  Two statements are linked when the Jaccard similarity of the sets of
    character ``shingle``-grams of their normalised texts is at least ``threshold`` (see the module
    docstring); statements shorter than ``min_chars`` normalised characters are ignored (short stock
    phrases would otherwise all cluster).

    Returns one row per cluster with columns ``cluster_id, kind, n_statements, n_docs, n_agencies,
    n_years, agencies, years, doc_ids, texts`` (lists of distinct values), ``representative`` (the
    most frequent wording) and ``mean_jaccard`` (mean pairwise Jaccard of the members; estimated from
    60 distinct texts in big clusters).  ``kind`` is ``'same_agency'`` when one agency repeats itself
    across its reports and ``'cross_agency'`` when at least ``min_agencies`` agencies share the text;
    clusters with more than one but fewer than ``min_agencies`` agencies are dropped.  Cross-agency
    clusters come first, bigger first.  Agencies are told apart by column ``agency_col``; by default
    ``agency_id`` where known (one id per agency across years and name variants, so 管委会 / 管委会办公室
    of one agency are not mistaken for two agencies copying each other), else ``agency_key``, else
    ``agency`` as written; ``agencies`` lists one name (``agency_key``) per agency told apart.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> st = corpus.statements_frame()
    >>> bp = nr.compare.boilerplate(st, min_agencies=2, threshold=0.5)
    >>> bp[["kind", "n_agencies", "doc_ids"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['cross_agency', 2, ['bailuzhen_2021', 'linjiang_scjgj_2023']],
     ['cross_agency', 2, ['bailuzhen_2021', 'linjiang_scjgj_2023']]]
    >>> print(bp["representative"].iloc[1])
    政务公开工作与群众的期盼相比还有差距，
    >>> nr.compare.boilerplate(st, min_agencies=2).empty   # at the default threshold 0.8 the pair differs too much
    True
    """
    return _cluster(st, min_agencies, threshold, num_perm, shingle, seed, min_chars, agency_col)[0]


@same_parameters_as(boilerplate)
def boilerplate_members(**arguments: Any) -> pd.DataFrame:
    """The statements of the clusters of :func:`boilerplate`, one row each.

    Takes the arguments of :func:`boilerplate`, with its defaults (its parameter list, by
    construction), so that both calls with the same arguments describe the same clusters.  Columns
    ``cluster_id, kind, doc_id, statement_id, agency, agency_id, year, text``; join on ``cluster_id``.
    """
    return _cluster(**arguments)[1]
