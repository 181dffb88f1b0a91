"""The part-五 statement classifier: problem / improvement / other.

:class:`StatementClassifier` is an sklearn estimator: features = character 1–3-gram TF-IDF (robust for
Chinese) + word TF-IDF over our :class:`~nlp_reports.nlp.tokenizer.Tokenizer` + cue-lexicon features
(:class:`~nlp_reports.nlp.features.CueFeatures`), joined by a ``FeatureUnion``; model = a class-balanced
multinomial ``LogisticRegression``; probabilities are calibrated by a temperature fitted on
cross-validated decision scores (one number, so it can be stored in JSON and applied anywhere).

* :meth:`StatementClassifier.pretrained` loads the model shipped in ``nlp/data/statement_classifier.json``
  (JSON, no pickle: loading cannot run code; built by ``scripts/train_models.py``).
* :meth:`StatementClassifier.from_corpus` trains on weak labels from the user's own reports
  (:mod:`nlp_reports.nlp.weak_labels`), optionally mixed with the packaged training statements.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import column_or_1d

from ..errors import ModelError, ModelInputError
from . import model_io
from .features import CueFeatures, char_tfidf, default_tokenizer, word_tfidf
from .text_estimator import (
    FittedStateMixin,
    as_texts,
    check_ngram_range,
    check_param,
    check_sample_weight,
    check_seed_and_tokenizer,
    features_to_json,
    is_number,
    logreg_of,
    rebuild_from_json,
    text_tags,
)

#: the labels, in the order used by frames and reports
LABELS: tuple[str, ...] = ("problem", "improvement", "other")

MODEL_KIND = "statement_classifier"
MODEL_FILE = "statement_classifier.json"
TRAINING_FILE = "train_statements.jsonl"


data_path = model_io.data_path  # kept importable from here


#: kept for modules that imported it from here; see :func:`nlp_reports.nlp.text_estimator.as_texts`
_as_texts = as_texts


def load_training_statements(path: str | None = None) -> pd.DataFrame:
    """The labelled statements shipped with the package (``text``, ``label``, ``themes`` ...).

    Why: :meth:`StatementClassifier.from_corpus` mixes them with the weak labels so that a small user
    corpus still covers the wording of other agencies.
    """
    path = path or data_path(TRAINING_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError as exc:
        raise ModelError(f"training statements {path!r} not found; reinstall nlp_reports or pass a path") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"training statements {path!r} are not valid JSON lines ({exc})") from exc
    df = pd.DataFrame(rows)
    for col in ("text", "label"):
        if col not in df.columns:
            raise ModelError(f"training statements {path!r} lack the {col!r} field")
    if "themes" not in df.columns:
        df["themes"] = [[] for _ in range(len(df))]
    df["themes"] = [list(t) if isinstance(t, (list, tuple)) else [] for t in df["themes"]]
    bad = sorted(set(df["label"]) - set(LABELS))
    if bad:
        raise ModelError(f"training statements {path!r} have unknown labels {bad}; use one of {LABELS}")
    return df.reset_index(drop=True)


def _scores_2d(scores: np.ndarray) -> np.ndarray:
    """Decision scores as one column per class (binary LR gives one column)."""
    scores = np.asarray(scores, dtype=float)
    if scores.ndim == 1:
        return np.column_stack([-scores / 2.0, scores / 2.0])
    return scores


def fit_temperature(scores: np.ndarray, y_idx: np.ndarray, sample_weight: np.ndarray | None = None) -> float:
    """The temperature T minimising the (weighted) log loss of ``softmax(scores / T)``."""
    scores = _scores_2d(scores)
    w = np.ones(len(y_idx)) if sample_weight is None else np.asarray(sample_weight, dtype=float)

    def nll(log_t: float) -> float:
        lp = log_softmax(scores / np.exp(log_t), axis=1)
        return float(-(w * lp[np.arange(len(y_idx)), y_idx]).sum() / w.sum())

    res = minimize_scalar(nll, bounds=(np.log(0.05), np.log(20.0)), method="bounded", options={"xatol": 1e-4})
    return float(np.exp(res.x))


def expected_calibration_error(proba: np.ndarray, y_idx: np.ndarray, n_bins: int = 10) -> float:
    """Top-label ECE: the mean |accuracy - confidence| over ``n_bins`` equal-width confidence bins."""
    proba = np.asarray(proba, dtype=float)
    if not len(proba):
        return 0.0
    conf = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == np.asarray(y_idx)).astype(float)
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    return float(
        sum(abs(correct[bins == b].mean() - conf[bins == b].mean()) * (bins == b).mean() for b in np.unique(bins))
    )


@dataclass(eq=False, repr=False)
class StatementClassifier(FittedStateMixin, model_io.JsonModelMixin, ClassifierMixin, BaseEstimator):
    """Classify part-五 statements as problem / improvement / other.

    Parameters are plain values (``get_params``/``clone`` work); ``tokenizer`` defaults to a new
    :class:`~nlp_reports.nlp.tokenizer.Tokenizer`.  ``calibrate=True`` fits a temperature on
    ``cv``-fold out-of-fold scores so that ``predict_proba`` is calibrated.  A scikit-learn classifier
    of text: ``fit(X, y)`` with ``X`` a list of statements and ``y`` any labels (``classes_`` and
    ``predict`` give them back as given, integers as integers), usable in a ``Pipeline``,
    ``GridSearchCV`` or ``cross_validate``.

    >>> clf = StatementClassifier.pretrained()
    >>> clf.predict(["政策解读形式单一", "下一步将加强业务培训"]).tolist()
    ['problem', 'improvement']
    >>> clf.classes_.tolist(), clf.predict_proba(["政策解读形式单一"]).shape
    (['improvement', 'other', 'problem'], (1, 3))
    """

    _MODEL_KIND = MODEL_KIND
    _MODEL_FILE = MODEL_FILE
    _FITTED_ATTR = "model_"
    _FIT_HINT = "call fit(X, y) or use StatementClassifier.pretrained()"

    C: float = 5.0
    char_ngram_range: tuple[int, int] = (1, 3)
    char_min_df: int = 2
    use_words: bool = True
    word_min_df: int = 2
    cue_weight: float = 1.0
    class_weight: str | None = "balanced"
    calibrate: bool = True
    cv: int = 5
    max_iter: int = 3000
    random_state: int | None = 0
    tokenizer: Any = None

    # ------------------------------------------------------------------ building blocks

    def _make_features(self, tokenizer: Any) -> FeatureUnion:
        parts: list[tuple[str, Any]] = [("char", char_tfidf(self.char_ngram_range, self.char_min_df))]
        if self.use_words:
            parts.append(("word", word_tfidf(tokenizer, (1, 2), self.word_min_df)))
        if self.cue_weight:
            parts.append(("cues", CueFeatures(weight=self.cue_weight)))
        return FeatureUnion(parts)

    def _fit_core(self, X: list[str], y: np.ndarray, w: np.ndarray | None, tokenizer: Any):
        features = self._make_features(tokenizer)
        Z = features.fit_transform(X)
        model = logreg_of(self, "newton-cg").fit(Z, y, sample_weight=w)
        return features, model

    # ------------------------------------------------------------------ sklearn API

    def fit(
        self,
        X: Sequence[str],
        y: Sequence[str],
        sample_weight: Sequence[float] | None = None,
        calibrate_on: Sequence[bool] | None = None,
    ) -> StatementClassifier:
        """Fit features, the linear model and (``calibrate``) the temperature on statements ``X``, labels ``y``.

        ``calibrate_on`` (one bool per statement) restricts the temperature fit to the out-of-fold
        scores of those statements, e.g. the hand-labelled ones: rule-labelled or lexicon examples are
        easy to predict and would make the temperature too sharp for real text.
        """
        self._check_params()
        texts = as_texts(X)
        if y is None:
            raise ModelInputError(
                "StatementClassifier requires y to be passed, but the target y is None; pass one label per statement"
            )
        y_arr = column_or_1d(np.asarray(y) if not isinstance(y, (pd.Series, np.ndarray)) else y, warn=True)
        if len(texts) != len(y_arr):
            raise ModelInputError(f"X has {len(texts)} statements but y has {len(y_arr)} labels")
        if not texts:
            raise ModelInputError("X has no statements; pass at least one statement of each of two labels")
        check_classification_targets(y_arr)
        if len(np.unique(y_arr)) < 2:
            raise ModelInputError(
                f"need statements of at least two labels to fit the classifier; y has one class only: {np.unique(y_arr).tolist()}"
            )
        w = check_sample_weight(sample_weight, len(texts))
        mask = None if calibrate_on is None else np.asarray(calibrate_on, dtype=bool)
        if mask is not None and (len(mask) != len(texts) or not mask.any()):
            raise ModelInputError("calibrate_on needs one bool per statement, at least one True")
        tokenizer = default_tokenizer(self.tokenizer)
        features, model = self._fit_core(texts, y_arr, w, tokenizer)
        temperature, ece = 1.0, None
        if self.calibrate:
            temperature, ece = self._cv_temperature(texts, y_arr, w, model.classes_, tokenizer, mask)
        self.tokenizer_ = tokenizer
        self.features_, self.model_ = features, model
        self.classes_ = model.classes_
        self.n_iter_ = model.n_iter_
        self.temperature_ = temperature
        if ece is not None:
            self.cv_ece_ = ece
        elif hasattr(self, "cv_ece_"):
            del self.cv_ece_
        self.n_train_ = len(texts)
        return self

    def _check_params(self) -> None:
        """Check every parameter before the (slow) fit, so a typo fails at once."""
        check_param("C", self.C, is_number(self.C) and self.C > 0, "a number > 0")
        check_ngram_range("char_ngram_range", self.char_ngram_range)
        for name in ("char_min_df", "word_min_df", "max_iter"):
            v = getattr(self, name)
            check_param(name, v, is_number(v) and int(v) == v and v >= 1, "an integer >= 1")
        check_param("cue_weight", self.cue_weight, is_number(self.cue_weight) and self.cue_weight >= 0, "a number >= 0")
        check_param(
            "class_weight",
            self.class_weight,
            self.class_weight is None or self.class_weight == "balanced" or isinstance(self.class_weight, dict),
            "None, 'balanced' or a dict label -> weight",
        )
        check_param("cv", self.cv, is_number(self.cv) and int(self.cv) == self.cv and self.cv >= 2, "an integer >= 2")
        check_seed_and_tokenizer(self.random_state, self.tokenizer)

    def _cv_temperature(
        self,
        texts: list[str],
        y: np.ndarray,
        w: np.ndarray | None,
        classes: np.ndarray,
        tokenizer: Any,
        mask: np.ndarray | None = None,
    ) -> tuple[float, float | None]:
        """The temperature fitted on ``cv``-fold out-of-fold scores and its out-of-fold ECE (None if too few)."""
        counts = pd.Series(y).value_counts()
        n_splits = int(min(self.cv, counts.min()))
        if n_splits < 2:
            return 1.0, None
        skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=self.random_state)
        scores = np.zeros((len(texts), len(classes)))
        for tr, te in skf.split(np.zeros(len(y)), y):
            feats, model = self._fit_core([texts[i] for i in tr], y[tr], None if w is None else w[tr], tokenizer)
            s = _scores_2d(model.decision_function(feats.transform([texts[i] for i in te])))
            cols = [list(classes).index(c) for c in model.classes_]
            full = np.full((len(te), len(classes)), -1e3)
            full[:, cols] = s
            scores[te] = full
        y_idx = np.searchsorted(classes, y)
        if mask is not None:
            scores, y_idx, w = scores[mask], y_idx[mask], None if w is None else w[mask]
        t = fit_temperature(scores, y_idx, w)
        return t, expected_calibration_error(softmax(scores / t, axis=1), y_idx)

    def __sklearn_tags__(self):
        return text_tags(super().__sklearn_tags__())

    def _scores(self, texts: list[str]) -> np.ndarray:
        """Linear scores of checked texts, one column per class (binary too)."""
        if not texts:
            return np.zeros((0, len(self.classes_)))
        return _scores_2d(self.model_.decision_function(self.features_.transform(texts)))

    def _proba(self, texts: list[str]) -> np.ndarray:
        return softmax(self._scores(texts) / self.temperature_, axis=1)

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Linear scores before the temperature: one column per class, or (two classes, as in
        scikit-learn) one score, positive for ``classes_[1]``."""
        self._check_fitted()
        scores = self._scores(as_texts(X))
        return scores[:, 1] - scores[:, 0] if scores.shape[1] == 2 else scores

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated class probabilities, columns in the order of ``classes_``."""
        self._check_fitted()
        return self._proba(as_texts(X))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """The most probable label of each statement.

        >>> import nlp_reports as nr
        >>> clf = nr.StatementClassifier.pretrained()
        >>> text = nr.read_report("corpora/sample/txt/yunxi_2022.txt").section("problems").text
        >>> clf.predict(nr.split_statements(text)).tolist()
        ['problem', 'problem', 'problem', 'improvement', 'improvement', 'improvement']
        """
        self._check_fitted()
        proba = self._proba(as_texts(X))
        return np.asarray(self.classes_)[proba.argmax(axis=1)] if len(proba) else np.asarray(self.classes_)[:0]

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The fitted model as JSON-ready data (no code)."""
        return {
            **self._json_header(),
            "features": features_to_json(self.features_),
            "model": model_io.logreg_to_dict(self.model_),
            "temperature": model_io.round_floats(self.temperature_),
            "n_train": int(self.n_train_),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], tokenizer: Any = None) -> StatementClassifier:
        """Rebuild a fitted classifier from :meth:`to_dict` output."""
        clf = rebuild_from_json(
            cls, d, MODEL_KIND, tokenizer, {"CueFeatures": lambda f: CueFeatures(weight=f["weight"]).fit([])}
        )
        clf.model_ = model_io.logreg_from_dict(d["model"])
        clf.classes_ = clf.model_.classes_
        clf.temperature_ = float(d["temperature"])
        clf.n_train_ = int(d.get("n_train", 0))
        return clf

    # ------------------------------------------------------------------ weak supervision

    @classmethod
    def from_corpus(
        cls,
        corpus: Any,
        *,
        base: StatementClassifier | None = None,
        random_state: int | None = 0,
        mix_training_data: bool = True,
        min_confidence: float = 0.6,
        corpus_weight: float = 2.0,
        dedupe: bool = True,
        **params: Any,
    ) -> StatementClassifier:
        """Train on weak labels from the user's own reports (``corpus.reports`` or an iterable of Reports).

        The problems part of each report is split into statements and labelled by its structure
        (problem / improvement sub-headings or separate parts), by the position after a transition
        ("针对…下一步…") and by cue patterns (:func:`~nlp_reports.nlp.weak_labels.weak_label_reports`).
        Labels with ``confidence >= min_confidence`` are kept; ``base`` (a fitted classifier) labels the
        statements no rule covers when it is confident.  With ``dedupe`` a statement repeated word for
        word across reports (boilerplate reused year after year) counts once, so that one agency's
        series does not outweigh the rest.  With ``mix_training_data`` the packaged training statements
        are added (weight 1; the corpus statements get ``corpus_weight`` × confidence), which is what
        keeps a small corpus sensible: a handful of reports adds their wording to the shipped data
        instead of replacing it.  ``weak_label_report_`` (source × label counts), ``weak_labels_`` (with a
        ``used`` column) and ``n_weak_used_`` tell what was used.

        Raises :class:`~nlp_reports.errors.ModelError` when no report has a problems part (part 五 or
        an older 存在的问题 / 改进措施 part), since there is then nothing of the corpus to learn from.

        >>> import nlp_reports as nr
        >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
        >>> clf = nr.StatementClassifier.from_corpus(corpus)
        >>> clf.weak_label_report_.loc["total", ["problem", "improvement", "other"]].tolist()
        [24, 22, 7]
        >>> 0 < clf.n_weak_used_ <= 53
        True
        >>> clf.predict(["政策解读形式单一", "下一步将加强业务培训"]).tolist()
        ['problem', 'improvement']
        >>> nr.StatementClassifier.from_corpus(corpus.subset(year=1990))
        Traceback (most recent call last):
        ...
        nlp_reports.errors.ModelError: the corpus has no reports; ...
        """
        from .weak_labels import label_counts, weak_label_reports

        reports = list(getattr(corpus, "reports", corpus))
        if not reports:
            raise ModelError(
                "the corpus has no reports; read some with nlp_reports.read_corpus(...) "
                "or use StatementClassifier.pretrained()"
            )
        weak = weak_label_reports(reports)
        if len(weak) == 0:
            raise ModelError(
                f"none of the {len(reports)} reports has a problems part (part 五 on problems and improvements, "
                "or the older separate problems / measures parts) with text, so there is nothing to learn from; check "
                "corpus.sections_frame() (section 'problems', column found) or use StatementClassifier.pretrained()"
            )
        weak = weak.copy()
        unlabelled = weak[weak["label"].isna()]
        if base is not None and len(unlabelled):
            proba = base.predict_proba(unlabelled["text"].tolist())
            best = proba.argmax(axis=1)
            weak.loc[unlabelled.index, "label"] = np.asarray(base.classes_)[best]
            weak.loc[unlabelled.index, "confidence"] = proba.max(axis=1) * 0.9
            weak.loc[unlabelled.index, "source"] = "base_model"
        keep = weak["label"].notna() & (weak["confidence"] >= min_confidence)
        if dedupe:
            key = weak["text"].map(lambda t: "".join(str(t).split()))
            # the most confident copy of each (text, label) stands for all copies
            order = weak.assign(_key=key)[keep].sort_values("confidence", ascending=False, kind="stable")
            first = order.drop_duplicates(["_key", "label"]).index
            keep = keep & weak.index.isin(first)
        weak["used"] = keep
        used = weak[keep]
        texts = used["text"].tolist()
        labels = used["label"].tolist()
        weights = (used["confidence"].to_numpy(dtype=float) * corpus_weight).tolist()
        if mix_training_data:
            try:
                train = load_training_statements()
            except ModelError:
                train = pd.DataFrame(columns=["text", "label"])
            texts += train["text"].tolist()
            labels += train["label"].tolist()
            weights += [1.0] * len(train)
        if len(set(labels)) < 2:
            raise ModelError(
                "the reports gave too few weak labels to train on (no problems part with recognisable "
                "problem and improvement statements); use StatementClassifier.pretrained() instead, "
                "or keep mix_training_data=True"
            )
        if base is not None and not params:
            params = {k: v for k, v in base.get_params().items() if k not in ("random_state",)}
        clf = cls(**{**params, "random_state": random_state})
        clf.fit(texts, labels, sample_weight=weights)
        clf.weak_labels_ = weak
        clf.weak_label_report_ = label_counts(weak)
        clf.n_weak_used_ = int(len(used))
        return clf
