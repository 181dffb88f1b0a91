"""Report × report text similarity: cosine of TF-IDF vectors of our tokens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._frames import DOCVARS, Tokenize, content_tokens, part_texts, resolve_tokenizer


class _Analyzer:
    """Picklable sklearn analyzer: content tokens of a text."""

    def __init__(self, tokenize: Tokenize) -> None:
        self.tokenize = tokenize

    def __call__(self, text: str) -> list[str]:
        return content_tokens(self.tokenize, text)


def tfidf_cosine(texts: Sequence[str], tokenize: Tokenize, others: Sequence[str] | None = None) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors (sublinear tf, smoothed idf, l2 rows) of ``texts``.

    With ``others`` the IDF is fitted on ``texts + others`` and the ``len(texts) × len(others)``
    matrix is returned; else the square matrix of ``texts``.  Texts without a content token get
    zero similarity to everything (1 to themselves on the diagonal of the square matrix).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = list(texts)
    all_texts = texts + (list(others) if others is not None else [])
    if not all_texts:
        return np.zeros((0, 0))
    vec = TfidfVectorizer(analyzer=_Analyzer(tokenize), sublinear_tf=True, lowercase=False)
    try:
        x = vec.fit_transform(all_texts)
    except ValueError:  # empty vocabulary: no text has a content token
        n_other = len(others) if others is not None else len(texts)
        sim = np.zeros((len(texts), n_other))
        if others is None:
            np.fill_diagonal(sim, 1.0)
        return sim
    xa = x[: len(texts)]
    xb = x[len(texts) :] if others is not None else xa
    sim = np.asarray((xa @ xb.T).todense(), dtype=float)
    if others is None:
        np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def similarity(
    corpus: Any, part: str = "problems", *, tokenizer: Tokenize | None = None, min_chars: int = 1
) -> pd.DataFrame:
    """Square matrix of cosine similarities between reports' texts of section ``part``.

    ``corpus`` is a Corpus (``sections_frame()``) or a sections DataFrame.  Each report's text of
    ``part`` becomes a TF-IDF vector of the tokens of ``tokenizer`` (default: the package's domain
    ``Tokenizer``; sublinear tf, so a long report does not dominate by repetition; idf down-weights the
    template vocabulary every report shares).  Reports whose text is shorter than ``min_chars``
    characters (e.g. the part is missing) are left out.

    Returns a DataFrame indexed by ``doc_id`` with one column per ``doc_id`` (same order), values in
    [0, 1], 1 on the diagonal.  See :func:`similarity_long` for the tidy pairs.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> sim = nr.compare.similarity(corpus, part="problems")
    >>> sim.shape, bool((sim.values.diagonal() > 0.999).all())
    ((7, 7), True)
    >>> nearest = sim.loc["yunxi_2022"].drop("yunxi_2022").idxmax()   # the same county a year later
    >>> nearest
    'yunxi_2023'
    """
    docs = part_texts(corpus, part)
    docs = docs[docs["text"].str.len() >= max(min_chars, 0)]
    ids = docs["doc_id"].astype(str).tolist()
    if not ids:
        return pd.DataFrame(index=pd.Index([], name="doc_id"), columns=pd.Index([], name="doc_id"), dtype=float)
    sim = tfidf_cosine(docs["text"].tolist(), resolve_tokenizer(tokenizer, corpus))
    return pd.DataFrame(sim, index=pd.Index(ids, name="doc_id"), columns=pd.Index(ids, name="doc_id"))


def similarity_long(
    corpus: Any, part: str = "problems", *, tokenizer: Tokenize | None = None, min_chars: int = 1
) -> pd.DataFrame:
    """The pairs of :func:`similarity` as a tidy frame, each unordered pair once, most similar first.

    Columns ``doc_a, doc_b, agency_a, agency_b, year_a, year_b, similarity`` (plus ``level_*`` and
    ``region_*`` when the corpus has them), so that e.g. cross-agency pairs of one year are a filter away.
    """
    sim = similarity(corpus, part, tokenizer=tokenizer, min_chars=min_chars)
    docs = part_texts(corpus, part)
    docs = docs.assign(doc_id=docs["doc_id"].astype(str)).drop_duplicates("doc_id").set_index("doc_id")
    ids = list(sim.index)
    iu, ju = np.triu_indices(len(ids), k=1)
    out = pd.DataFrame({"doc_a": [ids[i] for i in iu], "doc_b": [ids[j] for j in ju]})
    for var in DOCVARS[1:]:
        if var in docs.columns or var in ("agency", "year"):
            col = docs[var] if var in docs.columns else pd.Series(dtype=object)
            out[f"{var}_a"] = out["doc_a"].map(col).to_numpy()
            out[f"{var}_b"] = out["doc_b"].map(col).to_numpy()
    out["similarity"] = sim.to_numpy()[iu, ju] if len(ids) else np.array([], dtype=float)
    out = out.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True], kind="mergesort")
    return out.reset_index(drop=True)
