"""Themes of part-五 statements: the 10-theme taxonomy and a multi-label tagger.

* ``nlp/data/themes.json`` holds the taxonomy of the gold guidelines (code, Chinese name, definition,
  20–40 seed terms per theme); :func:`load_taxonomy` reads it and merges a user file (extra seed terms
  or new themes).
* :class:`ThemeTagger` — one logistic regression per theme (one-vs-rest) over character TF-IDF, word
  TF-IDF and seed-term counts; a statement gets its most probable theme if it passes ``threshold`` and
  a second one if that passes ``second_threshold`` (at most ``max_themes``).  Thresholds are tuned by
  cross-validation on the training data.  Stored as JSON like the statement classifier.
* :func:`keyword_themes` — the seed-term baseline (also what :meth:`ThemeTagger.from_seed_terms` starts from).
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer

from ..errors import ModelError, NotFittedError
from . import model_io
from .calibration import PlattScaler
from .classifier import _as_texts, data_path
from .features import TermListFeatures, char_tfidf, default_tokenizer, term_list_features_from_dict, word_tfidf
from .theme_metrics import micro_f1  # noqa: F401  (re-exported: part of this module's API)

MODEL_KIND = "theme_tagger"
MODEL_FILE = "theme_tagger.json"
TAXONOMY_FILE = "themes.json"


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy."""

    code: str
    name: str
    definition: str
    seed_terms: tuple[str, ...]


def _read_themes(path: str) -> list[Theme]:
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh)
    except FileNotFoundError as exc:
        raise ModelError(f"theme file {path!r} not found; pass the path of a JSON file like nlp/data/themes.json") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"theme file {path!r} is not valid JSON ({exc})") from exc
    items = obj.get("themes") if isinstance(obj, dict) else obj
    if not isinstance(items, list):
        raise ModelError(f"theme file {path!r} must hold a list of themes under the key 'themes'")
    out = []
    for it in items:
        if not isinstance(it, dict) or not it.get("code"):
            raise ModelError(f"every theme in {path!r} needs at least a 'code' (and 'seed_terms'); got {it!r}")
        out.append(
            Theme(
                code=str(it["code"]),
                name=str(it.get("name", "")),
                definition=str(it.get("definition", "")),
                seed_terms=tuple(str(t) for t in it.get("seed_terms", [])),
            )
        )
    return out


def load_taxonomy(path: Optional[str | os.PathLike[str]] = None) -> list[Theme]:
    """The packaged taxonomy, merged with the user file ``path`` if given.

    A theme of the user file with a known code adds its seed terms (and replaces a non-empty name or
    definition); a theme with a new code is appended.
    """
    themes = {t.code: t for t in _read_themes(data_path(TAXONOMY_FILE))}
    if path is not None:
        for t in _read_themes(os.fspath(path)):
            old = themes.get(t.code)
            if old is None:
                themes[t.code] = t
            else:
                terms = old.seed_terms + tuple(x for x in t.seed_terms if x not in old.seed_terms)
                themes[t.code] = Theme(t.code, t.name or old.name, t.definition or old.definition, terms)
    return list(themes.values())


def keyword_themes(texts: Sequence[str], taxonomy: Optional[list[Theme]] = None, max_themes: int = 2) -> list[list[str]]:
    """Baseline: the themes whose seed terms occur most often (longer terms count more), at most ``max_themes``."""
    taxonomy = taxonomy or load_taxonomy()
    out = []
    for text in _as_texts(texts):
        scores = []
        for th in taxonomy:
            s = sum(len(term) for term in th.seed_terms if term in text)
            if s:
                scores.append((-s, th.code))
        out.append([code for _, code in sorted(scores)[:max_themes]])
    return out


def keyword_scores(texts: Sequence[str], taxonomy: list[Theme], scale: float = 4.0) -> np.ndarray:
    """Seed-term evidence per theme in [0, 1): ``1 - exp(-(total length of matched seed terms) / scale)``."""
    M = np.asarray(
        [[sum(len(term) for term in th.seed_terms if term in t) for th in taxonomy] for t in texts], dtype=float
    ).reshape(len(texts), len(taxonomy))
    return 1.0 - np.exp(-M / scale)


#: names of the per-theme features of the second (stacking) stage, in column order
STACK_FEATURES: tuple[str, ...] = (
    "logit_p",
    "gap_to_best",
    "top1",
    "top2",
    "n_terms",
    "kw_score",
    "n_exclusive",
    "first_clause",
    "kw_top1",
)

_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")


def stack_features(proba: np.ndarray, texts: Sequence[str], taxonomy: Sequence[Theme]) -> np.ndarray:
    """Second-stage features, shape (statements, themes, len(STACK_FEATURES)).

    Per statement and theme: the first-stage probability (as a logit), its gap to the statement's best
    theme, whether it ranks first / second, and the seed-term evidence — number of matched terms,
    :func:`keyword_scores`, matched terms that are not part of a longer matched term of another theme
    ("规范" inside a matched "规范性文件" does not count), a match in the first clause (where the
    subject of a statement usually sits), and whether the theme has the best keyword score.
    """
    n, k = proba.shape
    F = np.zeros((n, k, len(STACK_FEATURES)))
    if n == 0:
        return F
    p = np.clip(proba, 1e-4, 1 - 1e-4)
    F[:, :, 0] = np.log(p / (1 - p))
    F[:, :, 1] = proba - proba.max(axis=1, keepdims=True)
    order = np.argsort(-proba, axis=1, kind="stable")
    rows = np.arange(n)
    F[rows, order[:, 0], 2] = 1.0
    if k > 1:
        F[rows, order[:, 1], 3] = 1.0
    K = keyword_scores(list(texts), list(taxonomy))
    F[:, :, 5] = K
    for i, text in enumerate(texts):
        first = _CLAUSE_END.split(text.strip(), maxsplit=1)[0] if text.strip() else ""
        matched = [[t for t in th.seed_terms if t in text] for th in taxonomy]
        for j in range(k):
            if not matched[j]:
                continue
            longer_elsewhere = [t for jj in range(k) if jj != j for t in matched[jj]]
            F[i, j, 4] = np.log1p(len(matched[j]))
            F[i, j, 6] = np.log1p(sum(1 for t in matched[j] if not any(t in o and t != o for o in longer_elsewhere)))
            F[i, j, 7] = float(any(t in first for t in matched[j]))
        if K[i].max() > 0:
            F[i, int(np.argmax(K[i])), 8] = 1.0
    return F


def _select(
    proba: np.ndarray,
    codes: Sequence[str],
    t1: float,
    t2: float,
    max_themes: int,
    ratio: Optional[float] = None,
    offsets: Optional[np.ndarray] = None,
) -> list[list[str]]:
    """Themes per row: the best if it reaches ``t1``; each next one if it reaches ``t2`` or ``ratio`` × the best.

    ``offsets`` (one per theme) shift both thresholds of that theme (per-theme thresholds).
    """
    off = np.zeros(proba.shape[1]) if offsets is None else np.asarray(offsets, dtype=float)
    out = []
    for row in proba:
        order = np.argsort(-row, kind="stable")[:max_themes]
        picked: list[str] = []
        for rank, j in enumerate(order):
            if rank == 0:
                ok = row[j] >= t1 + off[j]
            else:
                ok = row[j] >= t2 + off[j] or (ratio is not None and ratio > 0 and row[j] >= ratio * row[order[0]] and row[j] >= t1 + off[j])
            if not ok:
                break
            picked.append(codes[j])
        out.append(picked)
    return out


def _shared_rows(F: np.ndarray) -> np.ndarray:
    """(statements × themes) rows of the shared second stage: the features plus a theme one-hot (own intercept)."""
    n, k, f = F.shape
    onehot = np.tile(np.eye(k), (n, 1))
    return np.hstack([F.reshape(n * k, f), onehot])


def _top_k(proba: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row, best first (stable)."""
    return np.argsort(-proba, axis=1, kind="stable")[:, :k]


def _select_mask(
    proba: np.ndarray, top: np.ndarray, t1: float, t2: float, ratio: float, offsets: np.ndarray
) -> np.ndarray:
    """Boolean (statements × themes) matrix of :func:`_select`, vectorised (used for tuning)."""
    n = proba.shape[0]
    rows = np.arange(n)
    mask = np.zeros(proba.shape, dtype=bool)
    best = proba[rows, top[:, 0]]
    ok = best >= t1 + offsets[top[:, 0]]
    mask[rows[ok], top[ok, 0]] = True
    for rank in range(1, top.shape[1]):
        j = top[:, rank]
        p = proba[rows, j]
        ok = ok & ((p >= t2 + offsets[j]) | ((ratio > 0) & (p >= ratio * best) & (p >= t1 + offsets[j])))
        mask[rows[ok], j[ok]] = True
    return mask


def _micro_f1_mask(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = float((gold & pred).sum())
    d = float(gold.sum() + pred.sum())
    return 2 * tp / d if d else 1.0


class ThemeTagger(model_io.JsonModelMixin, BaseEstimator):
    """Multi-label theme tagger (one logistic regression per theme).

    ``fit(X, Y)`` takes statements and lists of theme codes; ``predict`` returns a list of 0..``max_themes``
    codes per statement.  The score of a theme is ``(1 - keyword_weight) * P(theme | text) +
    keyword_weight * seed-term evidence`` (:func:`keyword_scores`).  A statement gets its best theme if
    the score reaches ``threshold`` and a second one if that reaches ``second_threshold`` or
    ``second_ratio`` × the best score; with ``per_theme_thresholds`` each theme shifts both thresholds by
    its own offset.  The scores are calibrated per theme (``calibrate``: a :class:`PlattScaler` fitted
    on the out-of-fold scores) before the thresholds apply, so thresholds are comparable across themes.
    ``second_ratio`` is 0 (off) by default: a rule relative to the best score adds second themes
    exactly when the model is unsure of every theme, as on wording it has never seen.
    Every parameter left None (keyword weight, thresholds, ratio) and the offsets are
    chosen by seeded ``cv``-fold cross-validation (micro-F1 of out-of-fold scores) on the training data
    only; ``tune_on_augmented`` also scores the synthetic pairs of the held-out fold.
    ``seed_example_weight`` adds every seed term as a one-theme training example with that weight.  ``augment`` adds that many
    (× the number of statements) synthetic two-theme examples, two single-theme statements joined by '，':
    training sets label most statements with one theme while a statement that covers two deserves both.
    """

    _MODEL_KIND = MODEL_KIND
    _MODEL_FILE = MODEL_FILE

    def __init__(
        self,
        C: float = 8.0,
        threshold: Optional[float] = None,
        second_threshold: Optional[float] = None,
        max_themes: int = 2,
        seed_weight: float = 3.0,
        keyword_weight: Optional[float] = None,
        second_ratio: Optional[float] = 0.0,
        per_theme_thresholds: bool = True,
        augment: float = 1.0,
        tune_on_augmented: bool = False,
        seed_example_weight: float = 1.0,
        stacking: Optional[str] = None,
        stack_C: Optional[float] = None,
        calibrate: bool = True,
        char_ngram_range: tuple[int, int] = (1, 3),
        char_min_df: int = 2,
        use_words: bool = True,
        cv: int = 5,
        random_state: Optional[int] = 0,
        taxonomy_path: Optional[str] = None,
        tokenizer: Any = None,
    ) -> None:
        self.C = C
        self.threshold = threshold
        self.second_threshold = second_threshold
        self.max_themes = max_themes
        self.seed_weight = seed_weight
        self.keyword_weight = keyword_weight
        self.second_ratio = second_ratio
        self.per_theme_thresholds = per_theme_thresholds
        self.augment = augment
        self.tune_on_augmented = tune_on_augmented
        self.seed_example_weight = seed_example_weight
        self.stacking = stacking
        self.stack_C = stack_C
        self.calibrate = calibrate
        self.char_ngram_range = char_ngram_range
        self.char_min_df = char_min_df
        self.use_words = use_words
        self.cv = cv
        self.random_state = random_state
        self.taxonomy_path = taxonomy_path
        self.tokenizer = tokenizer

    # ------------------------------------------------------------------ fitting

    def _make_features(self, taxonomy: list[Theme], tokenizer: Any) -> FeatureUnion:
        parts: list[tuple[str, Any]] = [("char", char_tfidf(self.char_ngram_range, self.char_min_df))]
        if self.use_words:
            parts.append(("word", word_tfidf(tokenizer, (1, 1), 2)))
        if self.seed_weight:
            lists = tuple((t.code, t.seed_terms) for t in taxonomy)
            parts.append(("seeds", TermListFeatures(term_lists=lists, weight=self.seed_weight)))
        return FeatureUnion(parts)

    def _fit_core(self, texts: list[str], Yb: np.ndarray, w: Optional[np.ndarray], taxonomy: list[Theme]):
        if self.seed_example_weight > 0:  # each seed term as a one-theme example (training only, never tuning)
            seed_t = [term for th in taxonomy for term in th.seed_terms]
            seed_y = np.asarray([[int(c == th.code) for c in self.classes_] for th in taxonomy for _ in th.seed_terms])
            w = np.ones(len(texts)) if w is None else w
            texts = texts + seed_t
            Yb = np.vstack([Yb, seed_y.reshape(len(seed_t), Yb.shape[1])])
            w = np.concatenate([w, np.full(len(seed_t), float(self.seed_example_weight))])
        features = self._make_features(taxonomy, self.tokenizer_)
        Z = features.fit_transform(texts)
        models = []
        for j in range(Yb.shape[1]):
            y = Yb[:, j]
            if y.min() == y.max():  # a theme never (or always) seen: a constant model
                m = LogisticRegression(C=self.C)
                m.classes_ = np.array([0, 1])
                m.coef_ = np.zeros((1, Z.shape[1]))
                m.intercept_ = np.array([-10.0 if y.max() == 0 else 10.0])
                m.n_features_in_ = Z.shape[1]
            else:
                m = LogisticRegression(
                    C=self.C, class_weight="balanced", max_iter=3000, random_state=self.random_state, solver="liblinear"
                )
                m.fit(Z, y, sample_weight=w)
            models.append(m)
        return features, models

    def _augmented(self, texts: list[str], Yb: np.ndarray, w: Optional[np.ndarray]):
        """``texts`` plus synthetic pairs of single-theme statements with different themes (seeded)."""
        single = [i for i in range(len(texts)) if Yb[i].sum() == 1]
        n = int(self.augment * len(texts))
        if n <= 0 or len(single) < 2:
            return texts, Yb, w
        rng = np.random.default_rng(self.random_state)
        new_t, new_y, new_w = [], [], []
        for _ in range(n):
            i, j = rng.choice(single, 2, replace=False)
            if (Yb[i] == Yb[j]).all():
                continue
            new_t.append(texts[i].rstrip("。；;，,、") + "，" + texts[j])
            new_y.append(np.maximum(Yb[i], Yb[j]))
            if w is not None:
                new_w.append(min(w[i], w[j]))
        if not new_t:
            return texts, Yb, w
        return (
            texts + new_t,
            np.vstack([Yb, np.asarray(new_y)]),
            None if w is None else np.concatenate([w, np.asarray(new_w)]),
        )

    @staticmethod
    def _proba(features: FeatureUnion, models: list[LogisticRegression], texts: list[str]) -> np.ndarray:
        Z = features.transform(texts)
        return np.column_stack([m.predict_proba(Z)[:, 1] for m in models]) if models else np.zeros((len(texts), 0))

    def fit(self, X: Sequence[str], Y: Sequence[Sequence[str]], sample_weight: Optional[Sequence[float]] = None) -> "ThemeTagger":
        """Fit on statements ``X`` and their theme lists ``Y`` (codes of the taxonomy)."""
        texts = _as_texts(X)
        Y = [list(y) if isinstance(y, (list, tuple, set, np.ndarray)) else [] for y in Y]
        if len(texts) != len(Y):
            raise ModelError(f"X has {len(texts)} statements but Y has {len(Y)} theme lists")
        taxonomy = load_taxonomy(self.taxonomy_path)
        codes = [t.code for t in taxonomy]
        unknown = sorted({c for y in Y for c in y} - set(codes))
        if unknown:
            raise ModelError(f"unknown theme codes {unknown}; add them to a taxonomy file and pass taxonomy_path")
        self.tokenizer_ = default_tokenizer(self.tokenizer)
        self.mlb_ = MultiLabelBinarizer(classes=codes).fit(Y)
        self.classes_ = np.asarray(codes, dtype=object)
        Yb = self.mlb_.transform(Y)
        w = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        at, aY, aw = self._augmented(texts, Yb, w)
        self.features_, self.models_ = self._fit_core(at, aY, aw, taxonomy)
        self.classes_ = np.asarray(codes, dtype=object)
        self.term_lists_ = tuple((t.code, t.seed_terms) for t in taxonomy)
        if self.stacking not in (None, "per_theme", "shared"):
            raise ModelError(f"stacking must be 'per_theme', 'shared' or None, not {self.stacking!r}")
        self.keyword_weight_, self.threshold_, self.second_threshold_, self.second_ratio_, self.theme_offsets_ = self._tune(
            texts, Yb, w, taxonomy
        )
        return self

    def _oof_scores(self, texts: list[str], Yb: np.ndarray, w: Optional[np.ndarray], taxonomy: list[Theme]):
        """Out-of-fold model probabilities, seed-term evidence and label matrix (seeded KFold).

        Each training fold is augmented on its own so that no text leaks across folds; the held-out
        fold is augmented too only with ``tune_on_augmented``.
        """
        n_splits = int(min(self.cv, len(texts)))
        oof_parts, K_parts, Y_parts, T_parts = [], [], [], []
        for tr, te in KFold(n_splits=n_splits, shuffle=True, random_state=self.random_state).split(texts):
            at, aY, aw = self._augmented([texts[i] for i in tr], Yb[tr], None if w is None else w[tr])
            feats, models = self._fit_core(at, aY, aw, taxonomy)
            et, eY = [texts[i] for i in te], Yb[te]
            if self.tune_on_augmented:
                et, eY, _ = self._augmented(et, eY, None)
            oof_parts.append(self._proba(feats, models, et))
            K_parts.append(keyword_scores(et, taxonomy))
            Y_parts.append(eY)
            T_parts.extend(et)
        return np.vstack(oof_parts), np.vstack(K_parts), np.vstack(Y_parts).astype(bool), T_parts

    def _tune(self, texts, Yb, w, taxonomy) -> tuple[float, float, float, float, np.ndarray]:
        """Keyword weight, thresholds, second-theme ratio and per-theme offsets maximising out-of-fold micro-F1.

        Fixed (non-None) parameters are kept; per-theme offsets are found by coordinate ascent (two
        passes over the themes, a step kept only if it gains at least 0.002 micro-F1, so that
        sparse themes keep the global thresholds).
        """
        k = Yb.shape[1]
        fixed_b = self.keyword_weight
        if int(min(self.cv, len(texts))) < 2:
            t1 = 0.5 if self.threshold is None else self.threshold
            t2 = max(t1, 0.5 if self.second_threshold is None else self.second_threshold)
            self.cv_micro_f1_ = float("nan")
            self.stackers_: list[Any] = []
            self.stack_C_ = float("nan")
            self.calibrators_: list[PlattScaler] = []
            return (0.0 if fixed_b is None else float(fixed_b)), float(t1), float(t2), float(self.second_ratio or 0.0), np.zeros(k)
        oof, K, G, et = self._oof_scores(texts, Yb, w, taxonomy)
        self.stackers_, self.stack_C_ = [], float("nan")
        if self.stacking:  # second stage on the out-of-fold scores; its own out-of-fold output is tuned below
            F = stack_features(oof, et, taxonomy)
            oof = self._fit_stack(F, G)
            fixed_b = 0.0
        grid = np.round(np.arange(0.1, 0.91, 0.05), 2)
        b_grid = [fixed_b] if fixed_b is not None else [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
        t1_grid = [self.threshold] if self.threshold is not None else grid
        t2_grid = [self.second_threshold] if self.second_threshold is not None else grid
        r_grid = [self.second_ratio] if self.second_ratio is not None else [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
        zero = np.zeros(k)
        best = (-1.0, 0.0, 0.5, 0.5, 0.0)
        for b in b_grid:
            S = self._calibrated_oof((1.0 - b) * oof + b * K, G)
            top = _top_k(S, self.max_themes)
            for t1 in t1_grid:
                for t2 in t2_grid:
                    if t2 < t1:
                        continue
                    for r in r_grid:
                        f = _micro_f1_mask(G, _select_mask(S, top, t1, t2, r, zero))
                        if f > best[0] + 1e-12:
                            best = (f, float(b), float(t1), float(t2), float(r))
        f, b, t1, t2, r = best
        S = self._calibrated_oof((1.0 - b) * oof + b * K, G, keep=True)
        top = _top_k(S, self.max_themes)
        off = np.zeros(k)
        if self.per_theme_thresholds:
            steps = np.round(np.arange(-0.2, 0.21, 0.05), 2)
            for _ in range(2):
                for j in range(k):
                    cur = off[j]
                    for d in steps:
                        off[j] = d
                        fj = _micro_f1_mask(G, _select_mask(S, top, t1, t2, r, off))
                        if fj >= f + 0.002:
                            f, cur = fj, d
                    off[j] = cur
        self.cv_micro_f1_ = float(f)
        return b, t1, t2, r, off

    def _calibrated_oof(self, S: np.ndarray, G: np.ndarray, keep: bool = False) -> np.ndarray:
        """Out-of-fold scores mapped by one :class:`PlattScaler` per theme fitted on them (``calibrate``);
        with ``keep`` the scalers become the tagger's ``calibrators_``."""
        scalers = [PlattScaler.fit(S[:, j], G[:, j]) if self.calibrate else PlattScaler() for j in range(S.shape[1])]
        if keep:
            self.calibrators_ = scalers if self.calibrate else []
        if not self.calibrate:
            return S
        return np.column_stack([sc.transform(S[:, j]) for j, sc in enumerate(scalers)])

    def _stack_models(self, F: np.ndarray, G: np.ndarray, C: float) -> list[LogisticRegression]:
        """Second-stage logistic regressions: one per theme, or one shared with a per-theme intercept."""
        n, k, _ = F.shape
        if self.stacking == "shared":
            Xs, ys = _shared_rows(F), G.reshape(-1).astype(int)
            return [LogisticRegression(C=C, max_iter=2000, random_state=self.random_state).fit(Xs, ys)]
        models = []
        for j in range(k):
            y = G[:, j].astype(int)
            if y.min() == y.max():  # a theme never (or always) seen: a constant model
                m = LogisticRegression(C=C)
                m.classes_ = np.array([0, 1])
                m.coef_ = np.zeros((1, F.shape[2]))
                m.intercept_ = np.array([-10.0 if y.max() == 0 else 10.0])
                m.n_features_in_ = F.shape[2]
            else:
                m = LogisticRegression(C=C, max_iter=2000, random_state=self.random_state).fit(F[:, j, :], y)
            models.append(m)
        return models

    @staticmethod
    def _stack_proba(models: list[LogisticRegression], F: np.ndarray) -> np.ndarray:
        n, k, _ = F.shape
        if len(models) == 1 and k > 1:  # shared
            return models[0].predict_proba(_shared_rows(F))[:, 1].reshape(n, k)
        return np.column_stack([m.predict_proba(F[:, j, :])[:, 1] for j, m in enumerate(models)]).reshape(n, k)

    def _fit_stack(self, F: np.ndarray, G: np.ndarray) -> np.ndarray:
        """Fit the second stage on all rows; return its out-of-fold probabilities (for the selection rule).

        ``stack_C`` left None is chosen from a small grid by out-of-fold log-loss (seeded KFold).
        """
        n = F.shape[0]
        folds = list(KFold(n_splits=int(min(self.cv, n)), shuffle=True, random_state=self.random_state).split(F))

        def oof_for(C: float) -> np.ndarray:
            out = np.zeros(G.shape)
            for tr, te in folds:
                out[te] = self._stack_proba(self._stack_models(F[tr], G[tr], C), F[te])
            return out

        grid = [self.stack_C] if self.stack_C is not None else [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
        best: tuple[float, float, Optional[np.ndarray]] = (np.inf, 0.0, None)
        for C in grid:
            P = oof_for(float(C))
            q = np.clip(P, 1e-9, 1 - 1e-9)
            loss = float(-(G * np.log(q) + (~G) * np.log(1 - q)).mean())
            if loss < best[0] - 1e-12:
                best = (loss, float(C), P)
        self.stack_C_ = best[1]
        self.stackers_ = self._stack_models(F, G, best[1])
        assert best[2] is not None
        return best[2]

    # ------------------------------------------------------------------ prediction

    def _check_fitted(self) -> None:
        if not hasattr(self, "models_"):
            raise NotFittedError("this ThemeTagger is not fitted; call fit(X, Y) or use ThemeTagger.pretrained()")

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each theme (columns in the order of ``classes_``), themes independent.

        The model probability blended with the seed-term evidence (weight ``keyword_weight_``), mapped by
        the theme's Platt scaler (``calibrators_``, fitted on out-of-fold scores of the training data) so
        that a probability of 0.8 is right about 80 % of the time.
        """
        self._check_fitted()
        texts = _as_texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        P = self._proba(self.features_, self.models_, texts)
        taxonomy = [Theme(code, "", "", terms) for code, terms in self.term_lists_]
        if self.stackers_:
            P = self._stack_proba(self.stackers_, stack_features(P, texts, taxonomy))
        elif self.keyword_weight_:
            P = (1.0 - self.keyword_weight_) * P + self.keyword_weight_ * keyword_scores(texts, taxonomy)
        if self.calibrators_:
            P = np.column_stack([sc.transform(P[:, j]) for j, sc in enumerate(self.calibrators_)])
        return P

    def predict(self, X: Sequence[str], labels: Optional[Sequence[str]] = None) -> list[list[str]]:
        """Theme codes of each statement (0..max_themes); with ``labels``, statements labelled 'other' get []."""
        proba = self.predict_proba(X)
        out = _select(
            proba, list(self.classes_), self.threshold_, self.second_threshold_, self.max_themes,
            ratio=self.second_ratio_, offsets=self.theme_offsets_,
        )
        if labels is not None:
            out = [[] if lab == "other" else themes for themes, lab in zip(out, labels)]
        return out

    def explain(self, stmt: str, top: int = 8, min_probability: float = 0.05) -> "pd.DataFrame":
        """The evidence behind each theme of one statement, as a tidy DataFrame.

        One row per theme (those with ``probability >= min_probability`` or selected, most probable
        first) and piece of evidence: ``theme, name, probability`` (calibrated, as
        :meth:`predict_proba`), ``selected`` (in :meth:`predict`), ``kind`` (``seed_term`` = a seed
        term of this theme found in the statement; ``seed_term:<other>`` = another theme's seed terms;
        ``char`` / ``word`` = an n-gram / word feature; ``intercept``), ``term``, ``value`` (feature
        value), ``weight`` (the theme model's coefficient) and ``contribution`` (weight × value, to the
        log-odds of the uncalibrated model; the rows of a theme, intercept included, add up to them
        when every feature is shown).  All matched seed terms of the theme are kept, then the ``top``
        strongest other features by absolute contribution.  Why: a researcher can see whether a
        theme rests on words of its definition or on incidental n-grams.

        >>> import nlp_reports as nr
        >>> ex = nr.ThemeTagger.pretrained().explain("政府网站栏目更新不及时")
        >>> sorted(ex.loc[ex["selected"], "theme"].unique())
        ['platform', 'timeliness']
        >>> {"政府网站", "栏目"} <= set(ex.query("theme == 'platform' and kind == 'seed_term'")["term"])
        True
        """
        from .theme_explain import explain_statement

        self._check_fitted()
        if not isinstance(stmt, str):
            raise ModelError("explain takes one statement (a str); for several, call it in a loop")
        names = {t.code: t.name for t in load_taxonomy(self.taxonomy_path)}
        return explain_statement(self, stmt, top=top, min_probability=min_probability, names=names)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "models_")

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The fitted tagger as JSON-ready data (no code)."""
        self._check_fitted()
        params = {k: model_io._jsonable(v) for k, v in self.get_params().items() if k != "tokenizer"}
        feats = []
        for name, tr in self.features_.transformer_list:
            feats.append({"name": name, **(model_io.tfidf_to_dict(tr) if name in ("char", "word") else tr.to_dict())})
        return {
            "kind": MODEL_KIND,
            "format_version": model_io.FORMAT_VERSION,
            "params": params,
            "classes": list(self.classes_),
            "features": feats,
            "models": [model_io.logreg_to_dict(m) for m in self.models_],
            "term_lists": [[code, list(terms)] for code, terms in self.term_lists_],
            "keyword_weight": self.keyword_weight_,
            "threshold": self.threshold_,
            "second_threshold": self.second_threshold_,
            "second_ratio": self.second_ratio_,
            "theme_offsets": [float(x) for x in self.theme_offsets_],
            "stack_features": list(STACK_FEATURES) if self.stackers_ else [],
            "stackers": [model_io.logreg_to_dict(m) for m in self.stackers_],
            "stack_C": None if not self.stackers_ else self.stack_C_,
            "calibrators": [sc.to_list() for sc in self.calibrators_],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], tokenizer: Any = None) -> "ThemeTagger":
        """Rebuild a fitted tagger from :meth:`to_dict` output."""
        if d.get("kind") != MODEL_KIND:
            raise ModelError(f"not a theme tagger model (kind={d.get('kind')!r})")
        params = dict(d["params"])
        params["char_ngram_range"] = tuple(params["char_ngram_range"])
        tagger = cls(**params, tokenizer=tokenizer)
        tagger.tokenizer_ = default_tokenizer(tokenizer)
        tagger.features_ = model_io.feature_union_from_dicts(
            d["features"], tagger.tokenizer_, {"TermListFeatures": term_list_features_from_dict}
        )
        tagger.models_ = [model_io.logreg_from_dict(m) for m in d["models"]]
        tagger.classes_ = np.asarray(d["classes"], dtype=object)
        tagger.mlb_ = MultiLabelBinarizer(classes=list(d["classes"])).fit([[]])
        tagger.term_lists_ = tuple((str(c), tuple(str(t) for t in terms)) for c, terms in d["term_lists"])
        tagger.keyword_weight_ = float(d["keyword_weight"])
        tagger.threshold_ = float(d["threshold"])
        tagger.second_threshold_ = float(d["second_threshold"])
        tagger.second_ratio_ = float(d.get("second_ratio", 0.0))
        tagger.theme_offsets_ = np.asarray(d.get("theme_offsets", [0.0] * len(tagger.classes_)), dtype=float)
        if d.get("stackers") and list(d.get("stack_features", [])) != list(STACK_FEATURES):
            raise ModelError("the model file was written with other second-stage features; retrain it with scripts/train_models.py")
        tagger.stackers_ = [model_io.logreg_from_dict(m) for m in d.get("stackers", [])]
        tagger.stack_C_ = float(d["stack_C"]) if d.get("stack_C") is not None else float("nan")
        tagger.calibrators_ = [PlattScaler.from_list(ab) for ab in d.get("calibrators", [])]
        return tagger

    @classmethod
    def from_seed_terms(
        cls, texts: Optional[Sequence[str]] = None, *, taxonomy_path: Optional[str] = None, **params: Any
    ) -> "ThemeTagger":
        """Bootstrap a tagger without labelled data.

        Training data: each seed term and definition labelled with its theme, plus ``texts`` (e.g. the
        statements of your corpus) labelled by :func:`keyword_themes`.  Why: a starting point for a
        taxonomy you extended with new themes, before you label examples.
        """
        taxonomy = load_taxonomy(taxonomy_path)
        X: list[str] = []
        Y: list[list[str]] = []
        for th in taxonomy:
            for term in th.seed_terms:
                X.append(term)
                Y.append([th.code])
            if th.definition:
                X.append(th.definition)
                Y.append([th.code])
        if texts is not None:
            texts = _as_texts(texts)
            X += texts
            Y += keyword_themes(texts, taxonomy)
        params.setdefault("threshold", 0.5)
        params.setdefault("second_threshold", 0.6)
        return cls(taxonomy_path=taxonomy_path, **params).fit(X, Y)
