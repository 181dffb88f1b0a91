"""What the text models share: input checks, honest scikit-learn tags, fitted-state checks, JSON of features.

:class:`~nlp_reports.nlp.classifier.StatementClassifier`, :class:`~nlp_reports.nlp.themes.ThemeTagger`
and :class:`~nlp_reports.nlp.codebook.CodebookClassifier` take a list of statements (strings), not a
numeric matrix.  The helpers here give them one behaviour for that contract: the same errors on bad
input (:class:`~nlp_reports.errors.ModelInputError`, a ``ValueError`` as sklearn's tools expect), the
same tags (``string`` input, one-dimensional), the same not-fitted error and the same JSON blocks.

Parameters are declared once, as the fields of ``@dataclass(eq=False, repr=False)``: the generated
``__init__`` stores each one as given, which is what ``get_params``/``clone`` need, and ``eq``/``repr``
are left to :class:`~sklearn.base.BaseEstimator` (identity equality, its parameter repr).
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from ..errors import ModelError, ModelInputError, NotFittedError
from . import model_io
from .features import default_tokenizer


def as_texts(X: Any) -> list[str]:
    """Statements as a list of str.

    Accepts a list / tuple / 1-D array / Series of strings or a one-column DataFrame or (n, 1) array;
    a missing value (None, NaN, ``pd.NA``) is an empty statement.  Anything else — a single string, a
    numeric matrix, numbers — raises :class:`~nlp_reports.errors.ModelInputError`, since a model of
    text cannot say anything useful about it.
    """
    if isinstance(X, (str, bytes)):
        raise ModelInputError("pass a list of statements, not a single string (wrap it: [text])")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise ModelInputError(
                f"pass the statements as a list or a one-column DataFrame, not a DataFrame of {X.shape[1]} columns"
            )
        X = X.iloc[:, 0]
    elif hasattr(X, "ndim") and getattr(X, "ndim", 1) != 1:
        shape = tuple(getattr(X, "shape", ()))
        if len(shape) == 2 and shape[1] == 1:
            X = np.asarray(X).ravel()
        else:
            raise ModelInputError(
                f"pass a list of statements (one text each), not an array of shape {shape}; "
                "these models read text, not numeric features"
            )
    elif not isinstance(X, Iterable):
        raise ModelInputError(f"pass a list of statements, not a {type(X).__name__}")
    out: list[str] = []
    for i, x in enumerate(X):
        if isinstance(x, str):
            out.append(x)
        elif x is None or x is pd.NA or (isinstance(x, numbers.Real) and not isinstance(x, bool) and x != x):
            out.append("")
        else:
            raise ModelInputError(
                f"statement {i} is a {type(x).__name__} ({str(x)[:40]!r}), not text; pass one string per statement"
            )
    return out


def check_fitted(estimator: Any, attribute: str, how: str) -> None:
    """Raise :class:`~nlp_reports.errors.NotFittedError` (also sklearn's) unless ``attribute`` is set.

    ``how`` tells the user what to call, e.g. ``"call fit(X, y) or use StatementClassifier.pretrained()"``.
    """
    if not hasattr(estimator, attribute):
        raise NotFittedError(f"this {type(estimator).__name__} is not fitted; {how}")


class FittedStateMixin:
    """What the text models share about their fitted state: the not-fitted error and the start of their JSON.

    A model sets ``_FITTED_ATTR`` (the learned attribute whose presence means fitted), ``_FIT_HINT``
    (what the user should call when it is not) and ``_MODEL_KIND`` (as for :class:`model_io.JsonModelMixin`).
    """

    _FITTED_ATTR: str = ""
    _FIT_HINT: str = ""
    _MODEL_KIND: str = ""

    def _check_fitted(self) -> None:
        check_fitted(self, self._FITTED_ATTR, self._FIT_HINT)

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, self._FITTED_ATTR)

    def _json_header(self, exclude: Iterable[str] = ("tokenizer",)) -> dict[str, Any]:
        """The first keys of every model file: kind, format version and the parameters (fitted models only)."""
        self._check_fitted()
        return {
            "kind": self._MODEL_KIND,
            "format_version": model_io.FORMAT_VERSION,
            "params": params_to_json(self, exclude),
        }


def text_tags(tags: Any, *, multi_label: bool = False) -> Any:
    """Set the scikit-learn tags of an estimator of statements (``__sklearn_tags__``).

    Input is a one-dimensional sequence of strings (not a 2-D numeric array, not sparse, no NaN as a
    number); a target is required; ``multi_label`` for a tagger that gives several labels per text.
    """
    tags.input_tags.one_d_array = True
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    tags.input_tags.sparse = False
    tags.input_tags.allow_nan = False
    tags.target_tags.required = True
    if multi_label:
        tags.target_tags.two_d_labels = True
        tags.target_tags.multi_output = True
        if tags.classifier_tags is not None:
            tags.classifier_tags.multi_label = True
    return tags


def check_sample_weight(sample_weight: Any, n: int) -> np.ndarray | None:
    """``sample_weight`` as a float array of ``n`` non-negative numbers, not all zero (None stays None)."""
    if sample_weight is None:
        return None
    w = np.asarray(sample_weight, dtype=float)
    if w.shape != (n,):
        raise ModelInputError(f"sample_weight needs one number per statement ({n}), got shape {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ModelInputError("sample_weight must hold finite numbers >= 0")
    if n and not (w > 0).any():
        raise ModelInputError("sample_weight is zero for every statement; give some statements a weight > 0")
    return w


def check_param(name: str, value: Any, ok: bool, what: str) -> None:
    """Raise :class:`~nlp_reports.errors.ModelInputError` naming parameter ``name`` unless ``ok``."""
    if not ok:
        raise ModelInputError(f"parameter {name}={value!r} is not valid: it must be {what}")


def check_seed_and_tokenizer(random_state: Any, tokenizer: Any) -> None:
    """The two parameters every text estimator shares: ``random_state`` (None or an integer) and
    ``tokenizer`` (None or a callable)."""
    check_param("random_state", random_state, random_state is None or is_number(random_state), "None or an integer")
    check_param("tokenizer", tokenizer, tokenizer is None or callable(tokenizer), "None or a callable text -> tokens")


def is_number(value: Any) -> bool:
    """A real number (not a bool)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def check_ngram_range(name: str, value: Any) -> None:
    """``(low, high)`` with 1 <= low <= high."""
    ok = (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value)
        and 1 <= value[0] <= value[1]
    )
    check_param(name, value, ok, "a pair (low, high) of integers with 1 <= low <= high")


def params_to_json(estimator: Any, exclude: Iterable[str] = ("tokenizer",)) -> dict[str, Any]:
    """The estimator's parameters as JSON values, without those in ``exclude`` (objects stored elsewhere)."""
    skip = set(exclude)
    return {k: model_io._jsonable(v) for k, v in estimator.get_params(deep=False).items() if k not in skip}


def features_to_json(features: Any) -> list[dict[str, Any]]:
    """The blocks of a fitted ``FeatureUnion`` as JSON: TF-IDF blocks by :func:`model_io.tfidf_to_dict`,
    the others (cue / term-list counts) by their own ``to_dict``."""
    out = []
    for name, tr in features.transformer_list:
        block = model_io.tfidf_to_dict(tr) if name in ("char", "word") else tr.to_dict()
        out.append({"name": name, **block})
    return out


def logreg_of(estimator: Any, solver: str) -> LogisticRegression:
    """The unfitted logistic regression of a text model, from its ``C``, ``class_weight``, ``max_iter``
    and ``random_state`` parameters."""
    return LogisticRegression(
        C=estimator.C,
        class_weight=estimator.class_weight,
        max_iter=estimator.max_iter,
        random_state=estimator.random_state,
        solver=solver,
    )


def constant_logreg(model: Any, n_features: int, positive: bool, magnitude: float) -> Any:
    """``model`` (an unfitted ``LogisticRegression``) turned into a fitted constant one: a label never
    (or always) seen in training gets probability ``sigmoid(∓magnitude)`` whatever the text."""
    model.classes_ = np.array([0, 1])
    model.coef_ = np.zeros((1, n_features))
    model.intercept_ = np.array([magnitude if positive else -magnitude])
    model.n_features_in_ = n_features
    return model


def rebuild_from_json(
    cls: Any, d: dict[str, Any], kind: str, tokenizer: Any, builders: dict[str, Any], *args: Any
) -> Any:
    """The start of every ``from_dict``: check the model kind, make ``cls(*args, **params)`` and set its
    tokenizer and fitted feature blocks (``builders`` rebuild the non-TF-IDF blocks by type)."""
    if d.get("kind") != kind:
        raise ModelError(f"not a {kind.replace('_', ' ')} model (kind={d.get('kind')!r})")
    params = dict(d["params"])
    params["char_ngram_range"] = tuple(params["char_ngram_range"])
    est = cls(*args, **params, tokenizer=tokenizer)
    est.tokenizer_ = default_tokenizer(tokenizer)
    est.features_ = model_io.feature_union_from_dicts(d["features"], est.tokenizer_, builders)
    return est
