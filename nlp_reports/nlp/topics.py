"""Topic discovery: NMF on TF-IDF of our tokens.

Why: the 10 themes are a fixed taxonomy; topics show what a corpus talks about without one (new
issues, an agency's own vocabulary).  Deterministic for a given ``random_state`` (NNDSVD init).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from ..errors import ModelError


@dataclass
class Topics:
    """Result of :func:`discover_topics`.

    ``terms``: columns topic, rank, term, weight (``top_n`` terms per topic, heaviest first).
    ``doc_topics``: one row per input text (index = position), one column per topic (``topic_0`` ...).
    """

    terms: pd.DataFrame
    doc_topics: pd.DataFrame
    vectorizer: TfidfVectorizer
    model: NMF

    @property
    def n_topics(self) -> int:
        return int(self.model.n_components_)

    def top_terms(self, topic: int) -> list[str]:
        """The top terms of one topic, heaviest first."""
        return self.terms.loc[self.terms["topic"] == topic, "term"].tolist()

    def transform(self, texts: Sequence[str]) -> pd.DataFrame:
        """Topic weights of new texts (same columns as ``doc_topics``)."""
        W = self.model.transform(self.vectorizer.transform(list(texts)))
        return pd.DataFrame(W, columns=self.doc_topics.columns)


def discover_topics(
    texts: Sequence[str],
    n_topics: int = 8,
    *,
    tokenizer: Any = None,
    random_state: int = 0,
    top_n: int = 10,
    min_df: int = 1,
    max_df: float = 0.9,
) -> Topics:
    """Fit NMF with ``n_topics`` topics on the TF-IDF of our tokens of ``texts``.

    Raises :class:`~nlp_reports.errors.ModelError` when the texts hold too few distinct terms.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> texts = [s for rep in corpus for s in nr.split_statements(rep.section("problems").text)]
    >>> topics = nr.discover_topics(texts, n_topics=3)
    >>> topics.n_topics, topics.doc_topics.shape, topics.terms.columns.tolist()
    (3, (53, 3), ['topic', 'rank', 'term', 'weight'])
    >>> any("政策解读" in topics.top_terms(k) for k in range(3))
    True
    >>> topics.transform(["网站适老化改造尚未完成"]).shape
    (1, 3)
    """
    texts = ["" if t is None else str(t) for t in texts]
    if n_topics < 1:
        raise ModelError("n_topics must be at least 1")
    if len([t for t in texts if t.strip()]) < 2:
        raise ModelError("need at least two non-empty texts to discover topics")
    if tokenizer is None:
        from .tokenizer import Tokenizer

        tok = Tokenizer(drop_enumerators=True)  # 一是 / 二是 are structure, not topics
    else:
        tok = tokenizer
    vec = TfidfVectorizer(
        tokenizer=tok, token_pattern=None, lowercase=False, min_df=min_df, max_df=max_df, sublinear_tf=True
    )
    try:
        X = vec.fit_transform(texts)
    except ValueError as exc:
        raise ModelError(f"no terms left to model ({exc}); pass longer texts or lower min_df") from exc
    k = min(n_topics, X.shape[0], X.shape[1])
    model = NMF(n_components=k, init="nndsvd", random_state=random_state, max_iter=500)
    W = model.fit_transform(X)
    vocab = vec.get_feature_names_out()
    rows = []
    for topic, comp in enumerate(model.components_):
        order = np.argsort(-comp, kind="stable")[:top_n]
        for rank, j in enumerate(order):
            if comp[j] <= 0:
                break
            rows.append({"topic": topic, "rank": rank, "term": str(vocab[j]), "weight": float(comp[j])})
    terms = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    doc_topics = pd.DataFrame(W, columns=[f"topic_{i}" for i in range(k)])
    return Topics(terms=terms, doc_topics=doc_topics, vectorizer=vec, model=model)
