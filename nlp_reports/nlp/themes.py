"""The multi-label theme tagger of part-五 statements.

* :class:`ThemeTagger` — one logistic regression per theme (one-vs-rest) over character TF-IDF, word
  TF-IDF and seed-term counts; a statement gets its most probable theme if it passes ``threshold`` and
  a second one if that passes ``second_threshold`` (at most ``max_themes``).  Thresholds are tuned by
  cross-validation on the training data (:mod:`nlp_reports.nlp.theme_thresholds`).  Stored as JSON like
  the statement classifier.
* :func:`stack_features` — the features of the optional second (stacking) stage.

The taxonomy and the seed-term baseline live in :mod:`nlp_reports.nlp.taxonomy`, the measures in
:mod:`nlp_reports.nlp.theme_metrics`; both are re-exported here for code that imported them from this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import KFold
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer

from ..errors import ModelError, ModelInputError
from . import model_io, text_estimator
from .calibration import PlattScaler
from .features import TermListFeatures, char_tfidf, default_tokenizer, term_list_features_from_dict, word_tfidf
from .taxonomy import TAXONOMY_FILE, Theme, keyword_scores, keyword_themes, load_taxonomy  # noqa: F401  (re-exported)
from .theme_metrics import micro_f1  # noqa: F401  (re-exported: part of this module's API)
from .theme_targets import binarize, class_themes, label_array, read_targets
from .theme_thresholds import TunedRule, select, tune_thresholds
from .theme_thresholds import micro_f1_mask as _micro_f1_mask  # noqa: F401  (old private names, used by tests)
from .theme_thresholds import select as _select  # noqa: F401
from .theme_thresholds import select_mask as _select_mask  # noqa: F401
from .theme_thresholds import top_k as _top_k  # noqa: F401

MODEL_KIND = "theme_tagger"
MODEL_FILE = "theme_tagger.json"
#: composed training statements of the shipped tagger (``scripts/make_theme_statements.py``)
THEME_TRAINING_FILE = "train_themes.jsonl"

_STACKING = (None, "per_theme", "shared")


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


def _shared_rows(F: np.ndarray) -> np.ndarray:
    """(statements × themes) rows of the shared second stage: the features plus a theme one-hot (own intercept)."""
    n, k, f = F.shape
    onehot = np.tile(np.eye(k), (n, 1))
    return np.hstack([F.reshape(n * k, f), onehot])


class ThemeTagger(text_estimator.FittedStateMixin, model_io.JsonModelMixin, ClassifierMixin, BaseEstimator):
    """Multi-label theme tagger (one logistic regression per theme), a scikit-learn multi-label classifier.

    ``fit(X, Y)`` takes statements and lists of theme codes; ``predict`` returns a list of 0..``max_themes``
    codes per statement.  Given ``Y`` as a 0/1 indicator matrix (one column per theme, ``classes_``
    order), ``predict`` returns such a matrix, which is what scikit-learn's multi-label scorers
    (``scoring="f1_micro"``), ``GridSearchCV`` and ``cross_validate`` need; ``score`` is the subset accuracy.  The score of a theme is ``(1 - keyword_weight) * P(theme | text) +
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
    _FITTED_ATTR = "models_"
    _FIT_HINT = "call fit(X, Y) or use ThemeTagger.pretrained()"

    def __init__(
        self,
        C: float = 8.0,
        threshold: float | None = None,
        second_threshold: float | None = None,
        max_themes: int = 2,
        seed_weight: float = 3.0,
        keyword_weight: float | None = None,
        second_ratio: float | None = 0.0,
        per_theme_thresholds: bool = True,
        augment: float = 1.0,
        tune_on_augmented: bool = False,
        seed_example_weight: float = 1.0,
        stacking: str | None = None,
        stack_C: float | None = None,
        calibrate: bool = True,
        char_ngram_range: tuple[int, int] = (1, 3),
        char_min_df: int = 2,
        use_words: bool = True,
        cv: int = 5,
        random_state: int | None = 0,
        taxonomy_path: str | None = None,
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

    def _fit_core(
        self, texts: list[str], Yb: np.ndarray, w: np.ndarray | None, taxonomy: list[Theme], tokenizer: Any
    ) -> tuple[FeatureUnion, list[LogisticRegression]]:
        """Features and one logistic regression per theme (column of ``Yb``) fitted on ``texts``."""
        if self.seed_example_weight > 0:  # each seed term as a one-theme example (training only, never tuning)
            codes = [t.code for t in taxonomy]
            seed_t = [term for th in taxonomy for term in th.seed_terms]
            seed_y = np.asarray([[int(c == th.code) for c in codes] for th in taxonomy for _ in th.seed_terms])
            w = np.ones(len(texts)) if w is None else w
            texts = texts + seed_t
            Yb = np.vstack([Yb, seed_y.reshape(len(seed_t), Yb.shape[1])])
            w = np.concatenate([w, np.full(len(seed_t), float(self.seed_example_weight))])
        features = self._make_features(taxonomy, tokenizer)
        Z = features.fit_transform(texts)
        models = []
        for j in range(Yb.shape[1]):
            y = Yb[:, j]
            if y.min() == y.max():  # a theme never (or always) seen: a constant model
                m = text_estimator.constant_logreg(LogisticRegression(C=self.C), Z.shape[1], bool(y.max()), 10.0)
            else:
                m = LogisticRegression(
                    C=self.C, class_weight="balanced", max_iter=3000, random_state=self.random_state, solver="liblinear"
                )
                m.fit(Z, y, sample_weight=w)
            models.append(m)
        return features, models

    def _augmented(self, texts: list[str], Yb: np.ndarray, w: np.ndarray | None):
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

    def _check_params(self) -> None:
        """Check every parameter before the (slow) fit, so a typo fails at once."""

        def prob_or_none(name: str) -> None:
            v = getattr(self, name)
            text_estimator.check_param(
                name,
                v,
                v is None or (text_estimator.is_number(v) and 0.0 <= v <= 1.0),
                "None (tuned) or a number in [0, 1]",
            )

        text_estimator.check_param("C", self.C, text_estimator.is_number(self.C) and self.C > 0, "a number > 0")
        for name in ("threshold", "second_threshold", "keyword_weight", "second_ratio"):
            prob_or_none(name)
        for name in ("max_themes", "char_min_df", "cv"):
            v = getattr(self, name)
            text_estimator.check_param(
                name, v, text_estimator.is_number(v) and int(v) == v and v >= 1, "an integer >= 1"
            )
        for name in ("seed_weight", "augment", "seed_example_weight"):
            v = getattr(self, name)
            text_estimator.check_param(name, v, text_estimator.is_number(v) and v >= 0, "a number >= 0")
        text_estimator.check_param(
            "stacking", self.stacking, self.stacking in _STACKING, "'per_theme', 'shared' or None"
        )
        text_estimator.check_param(
            "stack_C",
            self.stack_C,
            self.stack_C is None or (text_estimator.is_number(self.stack_C) and self.stack_C > 0),
            "None (tuned) or a number > 0",
        )
        text_estimator.check_ngram_range("char_ngram_range", self.char_ngram_range)
        text_estimator.check_seed_and_tokenizer(self.random_state, self.tokenizer)

    def fit(
        self,
        X: Sequence[str],
        Y: Any,
        sample_weight: Sequence[float] | None = None,
        tune_on: Sequence[bool] | None = None,
    ) -> ThemeTagger:
        """Fit on statements ``X`` and their themes ``Y`` (codes of the taxonomy, or labels of your own).

        ``tune_on`` (one bool per statement) restricts the out-of-fold scores that tune the thresholds
        and fit the calibration to those statements (all are still trained on): composed or easy
        examples help the model learn words but would make its thresholds and probabilities fit them.

        ``Y`` is one list of codes per statement, a 0/1 indicator matrix with one column per theme
        (``classes_`` order, as scikit-learn's multi-label tools use) or one label per statement (then
        the tagger is a multi-class classifier); :meth:`predict` answers in the same form
        (:mod:`nlp_reports.nlp.theme_targets`).
        """
        self._check_params()
        texts = text_estimator.as_texts(X)
        if not texts:
            raise ModelInputError("X has no statements; pass the statements and their theme lists")
        taxonomy = load_taxonomy(self.taxonomy_path)
        targets = read_targets(Y, [t.code for t in taxonomy], len(texts))
        themes = class_themes(targets.classes, taxonomy)  # one per class, seed terms for theme codes
        w = text_estimator.check_sample_weight(sample_weight, len(texts))
        mask = None
        if tune_on is not None:
            mask = np.asarray(list(tune_on), dtype=bool)
            if mask.shape != (len(texts),) or not mask.any():
                raise ModelInputError("tune_on needs one bool per statement of X, at least one True")
        tokenizer = default_tokenizer(self.tokenizer)
        Yb = targets.indicator()
        at, aY, aw = self._augmented(texts, Yb, w)
        features, models = self._fit_core(at, aY, aw, themes, tokenizer)
        scores = None
        if int(min(self.cv, len(texts))) >= 2:
            scores = self._oof_scores(texts, Yb, w, themes, tokenizer, mask)
        rule, stackers, stack_C = self._tune(Yb.shape[1], themes, scores)
        self.tokenizer_ = tokenizer
        self.mlb_ = MultiLabelBinarizer(classes=targets.classes).fit(targets.lists)
        self.classes_ = label_array(targets.classes)
        self.output_form_ = targets.form
        self.features_, self.models_ = features, models
        self.term_lists_ = tuple((t.code, t.seed_terms) for t in themes)
        self.keyword_weight_ = rule.keyword_weight
        self.threshold_ = rule.threshold
        self.second_threshold_ = rule.second_threshold
        self.second_ratio_ = rule.second_ratio
        self.theme_offsets_ = rule.offsets
        self.cv_micro_f1_ = rule.cv_micro_f1
        self.calibrators_ = rule.calibrators
        self.stackers_, self.stack_C_ = stackers, stack_C
        return self

    def _oof_scores(
        self,
        texts: list[str],
        Yb: np.ndarray,
        w: np.ndarray | None,
        taxonomy: list[Theme],
        tokenizer: Any,
        tune_on: np.ndarray | None = None,
    ):
        """Out-of-fold model probabilities, seed-term evidence and label matrix (seeded KFold).

        Each training fold is augmented on its own so that no text leaks across folds; the held-out
        fold is augmented too only with ``tune_on_augmented``.
        """
        n_splits = int(min(self.cv, len(texts)))
        oof_parts, K_parts, Y_parts, T_parts = [], [], [], []
        for tr, te in KFold(n_splits=n_splits, shuffle=True, random_state=self.random_state).split(texts):
            at, aY, aw = self._augmented([texts[i] for i in tr], Yb[tr], None if w is None else w[tr])
            feats, models = self._fit_core(at, aY, aw, taxonomy, tokenizer)
            if tune_on is not None:
                te = te[tune_on[te]]
            et, eY = [texts[i] for i in te], Yb[te]
            if self.tune_on_augmented:
                et, eY, _ = self._augmented(et, eY, None)
            oof_parts.append(self._proba(feats, models, et))
            K_parts.append(keyword_scores(et, taxonomy))
            Y_parts.append(eY)
            T_parts.extend(et)
        return np.vstack(oof_parts), np.vstack(K_parts), np.vstack(Y_parts).astype(bool), T_parts

    def _tune(self, k: int, taxonomy: list[Theme], scores: Any) -> tuple[TunedRule, list[LogisticRegression], float]:
        """The selection rule tuned on out-of-fold ``scores`` (:meth:`_oof_scores`, None when there are too few
        statements for cross-validation: fixed defaults) by :func:`~nlp_reports.nlp.theme_thresholds.tune_thresholds`,
        after the optional second stage; returns the rule, the second-stage models and their C."""
        fixed_b = self.keyword_weight
        if scores is None:
            t1 = 0.5 if self.threshold is None else self.threshold
            t2 = max(t1, 0.5 if self.second_threshold is None else self.second_threshold)
            b = 0.0 if fixed_b is None else float(fixed_b)
            rule = TunedRule(b, float(t1), float(t2), float(self.second_ratio or 0.0), np.zeros(k), float("nan"), [])
            return rule, [], float("nan")
        oof, K, G, et = scores
        stackers: list[LogisticRegression] = []
        stack_C = float("nan")
        if self.stacking:  # second stage on the out-of-fold scores; its own out-of-fold output is tuned below
            F = stack_features(oof, et, taxonomy)
            oof, stackers, stack_C = self._fit_stack(F, G)
            fixed_b = 0.0
        rule = tune_thresholds(
            oof,
            K,
            G,
            max_themes=self.max_themes,
            keyword_weight=fixed_b,
            threshold=self.threshold,
            second_threshold=self.second_threshold,
            second_ratio=self.second_ratio,
            per_theme_thresholds=self.per_theme_thresholds,
            calibrate=self.calibrate,
        )
        return rule, stackers, stack_C

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
                m = text_estimator.constant_logreg(LogisticRegression(C=C), F.shape[2], bool(y.max()), 10.0)
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

    def _fit_stack(self, F: np.ndarray, G: np.ndarray) -> tuple[np.ndarray, list[LogisticRegression], float]:
        """Fit the second stage on all rows; return its out-of-fold probabilities (for the selection rule),
        the fitted models and their C.

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
        best: tuple[float, float, np.ndarray | None] = (np.inf, 0.0, None)
        for C in grid:
            P = oof_for(float(C))
            q = np.clip(P, 1e-9, 1 - 1e-9)
            loss = float(-(G * np.log(q) + (~G) * np.log(1 - q)).mean())
            if loss < best[0] - 1e-12:
                best = (loss, float(C), P)
        assert best[2] is not None
        return best[2], self._stack_models(F, G, best[1]), best[1]

    # ------------------------------------------------------------------ prediction

    def __sklearn_tags__(self):
        return text_estimator.text_tags(super().__sklearn_tags__(), multi_label=True)

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probability of each theme (columns in the order of ``classes_``), themes independent.

        The model probability blended with the seed-term evidence (weight ``keyword_weight_``), mapped by
        the theme's Platt scaler (``calibrators_``, fitted on out-of-fold scores of the training data) so
        that a probability of 0.8 is right about 80 % of the time.
        """
        self._check_fitted()
        P = self._proba_texts(text_estimator.as_texts(X))
        if self._form() == "single":  # one label per statement: a distribution over the classes
            total = P.sum(axis=1, keepdims=True)
            P = np.divide(P, total, out=np.full_like(P, 1.0 / max(P.shape[1], 1)), where=total > 0)
        return P

    def _form(self) -> str:
        return getattr(self, "output_form_", "lists")

    def _proba_texts(self, texts: list[str]) -> np.ndarray:
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

    def predict(self, X: Sequence[str], labels: Sequence[str] | None = None) -> Any:
        """Theme codes of each statement (0..max_themes); with ``labels``, statements labelled 'other' get [].

        A list of code lists, or a 0/1 matrix (statements × ``classes_``) if the tagger was fitted on
        one, or an array of one label per statement (the most probable) if it was fitted on one label each.
        """
        self._check_fitted()
        proba = self._proba_texts(text_estimator.as_texts(X))
        if self._form() == "single":
            if labels is not None:
                raise ModelInputError(
                    "labels= applies to a tagger fitted on theme lists, not on one label per statement"
                )
            return self.classes_[np.argmax(proba, axis=1)] if len(proba) else self.classes_[:0]
        out = select(
            proba,
            self.classes_.tolist(),
            self.threshold_,
            self.second_threshold_,
            self.max_themes,
            ratio=self.second_ratio_,
            offsets=self.theme_offsets_,
        )
        if labels is not None:
            out = [[] if lab == "other" else themes for themes, lab in zip(out, labels)]
        if self._form() == "indicator":
            return binarize(out, self.classes_.tolist())
        return out

    def score(self, X: Sequence[str], y: Any, sample_weight: Sequence[float] | None = None) -> float:
        """Subset accuracy (scikit-learn's score of a multi-label classifier): the share of statements
        whose predicted themes equal ``y`` exactly.  ``y`` as in :meth:`fit`."""
        codes = self.classes_.tolist()
        pred = self.predict(X)
        gold = read_targets(y, codes, len(pred))
        if self._form() == "single":
            pred = [[p] for p in pred.tolist()]
        P = pred if self._form() == "indicator" else binarize(pred, codes)
        return float(accuracy_score(binarize(gold.lists, codes), P, sample_weight=sample_weight))

    def explain(self, stmt: str, top: int = 8, min_probability: float = 0.05) -> pd.DataFrame:
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

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The fitted tagger as JSON-ready data (no code)."""
        out = {
            **self._json_header(),
            "classes": self.classes_.tolist(),
            "features": text_estimator.features_to_json(self.features_),
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
        if self._form() != "lists":  # written only when not the default: older files stay byte-identical
            out["output_form"] = self._form()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any], tokenizer: Any = None) -> ThemeTagger:
        """Rebuild a fitted tagger from :meth:`to_dict` output."""
        tagger = text_estimator.rebuild_from_json(
            cls, d, MODEL_KIND, tokenizer, {"TermListFeatures": term_list_features_from_dict}
        )
        tagger.models_ = [model_io.logreg_from_dict(m) for m in d["models"]]
        tagger.classes_ = label_array(d["classes"])
        tagger.mlb_ = MultiLabelBinarizer(classes=list(d["classes"])).fit([[]])
        tagger.term_lists_ = tuple((c, tuple(str(t) for t in terms)) for c, terms in d["term_lists"])
        tagger.keyword_weight_ = float(d["keyword_weight"])
        tagger.threshold_ = float(d["threshold"])
        tagger.second_threshold_ = float(d["second_threshold"])
        tagger.second_ratio_ = float(d.get("second_ratio", 0.0))
        tagger.theme_offsets_ = np.asarray(d.get("theme_offsets", [0.0] * len(tagger.classes_)), dtype=float)
        if d.get("stackers") and list(d.get("stack_features", [])) != list(STACK_FEATURES):
            raise ModelError(
                "the model file was written with other second-stage features; retrain it with scripts/train_models.py"
            )
        tagger.stackers_ = [model_io.logreg_from_dict(m) for m in d.get("stackers", [])]
        tagger.stack_C_ = float(d["stack_C"]) if d.get("stack_C") is not None else float("nan")
        tagger.calibrators_ = [PlattScaler.from_list(ab) for ab in d.get("calibrators", [])]
        tagger.output_form_ = d.get("output_form") or ("indicator" if d.get("output_indicator") else "lists")
        return tagger

    @classmethod
    def from_seed_terms(
        cls, texts: Sequence[str] | None = None, *, taxonomy_path: str | None = None, **params: Any
    ) -> ThemeTagger:
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
            texts = text_estimator.as_texts(texts)
            X += texts
            Y += keyword_themes(texts, taxonomy)
        params.setdefault("threshold", 0.5)
        params.setdefault("second_threshold", 0.6)
        return cls(taxonomy_path=taxonomy_path, **params).fit(X, Y)
