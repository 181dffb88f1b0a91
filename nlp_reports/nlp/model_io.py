"""Safe (code-free) JSON serialisation of the fitted sklearn pieces our models use.

Why: a pickle or joblib file can run arbitrary code when it is loaded, so the models shipped with the
package are stored as plain JSON — vocabularies, idf weights, coefficients, intercepts, classes and
calibration parameters — and the fitted estimators are rebuilt on load by setting their fitted
attributes.  Only the estimator types listed here can be written or read; anything else raises
:class:`~nlp_reports.errors.ModelError`.

Floats are written with :data:`FLOAT_DIGITS` significant digits so that a retrain on the same data
produces the same bytes and the files stay small; a loaded model agrees with the fitted one to ~1e-6.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from ..errors import ModelError

#: significant digits kept for every float written to a model file
FLOAT_DIGITS = 8

#: version of the file layout; bumped when the layout changes
FORMAT_VERSION = 1

_TFIDF_PARAMS = (
    "analyzer",
    "ngram_range",
    "min_df",
    "max_df",
    "max_features",
    "sublinear_tf",
    "norm",
    "use_idf",
    "smooth_idf",
    "lowercase",
    "binary",
)
_LOGREG_PARAMS = ("C", "penalty", "fit_intercept", "class_weight", "max_iter", "solver", "tol", "random_state")


def round_floats(values: Any, digits: int = FLOAT_DIGITS) -> Any:
    """Nested lists of Python floats rounded to ``digits`` significant digits (JSON-ready)."""
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return float(f"{float(arr):.{digits}g}")
    flat = [float(f"{v:.{digits}g}") for v in arr.ravel().tolist()]
    return np.asarray(flat, dtype=float).reshape(arr.shape).tolist()


def _jsonable(value: Any) -> Any:
    """Parameters as JSON values (tuples -> lists, numpy scalars -> Python)."""
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ModelError(f"cannot store parameter value {value!r} of type {type(value).__name__} in a model file")


def data_path(name: str) -> str:
    """Path of a file in the package's ``nlp/data`` folder."""
    from importlib import resources

    return str(resources.files("nlp_reports.nlp").joinpath("data").joinpath(name))


# --------------------------------------------------------------------------- TF-IDF


def tfidf_to_dict(vec: TfidfVectorizer) -> dict[str, Any]:
    """The fitted vectorizer as a dict: parameters, vocabulary (in column order) and idf.

    A callable ``tokenizer`` cannot be stored; it is recorded as ``"tokenizer": true`` and must be
    passed again to :func:`tfidf_from_dict`.
    """
    if not hasattr(vec, "vocabulary_"):
        raise ModelError("the TF-IDF vectorizer is not fitted; call fit before saving the model")
    params = {k: _jsonable(getattr(vec, k)) for k in _TFIDF_PARAMS}
    if callable(params["analyzer"]):
        raise ModelError("a callable analyzer cannot be stored; use analyzer='word' with a tokenizer")
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    return {
        "type": "TfidfVectorizer",
        "params": params,
        "tokenizer": vec.tokenizer is not None,
        "vocabulary": [term for term, _ in vocab],
        "idf": round_floats(vec.idf_) if vec.use_idf else None,
    }


def tfidf_from_dict(d: dict[str, Any], tokenizer: Callable[[str], list[str]] | None = None) -> TfidfVectorizer:
    """Rebuild a fitted :class:`TfidfVectorizer` from :func:`tfidf_to_dict` output."""
    if d.get("type") != "TfidfVectorizer":
        raise ModelError(f"expected a TfidfVectorizer entry in the model file, found {d.get('type')!r}")
    params = dict(d["params"])
    params["ngram_range"] = tuple(params["ngram_range"])
    if d.get("tokenizer"):
        if tokenizer is None:
            raise ModelError("this vectorizer was fitted with a tokenizer; pass the same tokenizer to load it")
        params["tokenizer"] = tokenizer
        params["token_pattern"] = None
    vec = TfidfVectorizer(**params)
    vec.vocabulary_ = {term: i for i, term in enumerate(d["vocabulary"])}
    vec.fixed_vocabulary_ = False
    if params.get("use_idf", True):
        vec.idf_ = np.asarray(d["idf"], dtype=float)
    return vec


# --------------------------------------------------------------------------- logistic regression


def logreg_to_dict(model: LogisticRegression) -> dict[str, Any]:
    """The fitted logistic regression as a dict: parameters, classes, coefficients, intercepts."""
    if not hasattr(model, "coef_"):
        raise ModelError("the logistic regression is not fitted; call fit before saving the model")
    return {
        "type": "LogisticRegression",
        "params": {k: _jsonable(getattr(model, k)) for k in _LOGREG_PARAMS},
        "classes": _jsonable(model.classes_.tolist()),
        "coef": round_floats(model.coef_),
        "intercept": round_floats(model.intercept_),
    }


def logreg_from_dict(d: dict[str, Any]) -> LogisticRegression:
    """Rebuild a fitted :class:`LogisticRegression` from :func:`logreg_to_dict` output."""
    if d.get("type") != "LogisticRegression":
        raise ModelError(f"expected a LogisticRegression entry in the model file, found {d.get('type')!r}")
    model = LogisticRegression(**d["params"])
    model.classes_ = np.asarray(d["classes"])
    model.coef_ = np.asarray(d["coef"], dtype=float)
    model.intercept_ = np.asarray(d["intercept"], dtype=float)
    model.n_features_in_ = model.coef_.shape[1]
    model.n_iter_ = np.zeros(1, dtype=np.int32)
    return model


# --------------------------------------------------------------------------- files


def save_json(obj: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a model dict as deterministic JSON (sorted keys, UTF-8, newline at the end)."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    tmp = f"{os.fspath(path)}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")
    os.replace(tmp, path)


def load_json(path: str | os.PathLike[str], kind: str) -> dict[str, Any]:
    """Read a model file written by :func:`save_json` and check that it holds a ``kind`` model."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError as exc:
        raise ModelError(
            f"model file {os.fspath(path)!r} not found; check the path, or train one with `nlp-reports train` "
            "(the shipped models: `python scripts/train_models.py`)"
        ) from exc
    except OSError as exc:
        raise ModelError(
            f"cannot read model file {os.fspath(path)!r} ({exc}); check the path and its permissions"
        ) from exc
    if raw[:1] == b"\x80" or raw[:2] in (b"PK", b"\x1f\x8b", b"\x78\x9c"):  # pickle, zip, gzip, zlib (joblib)
        raise ModelError(
            f"{os.fspath(path)!r} is a pickle/joblib file, not a JSON model: nlp_reports never loads pickles "
            "(loading one can run code). Retrain with `nlp-reports train ... --model M.json` or save with `.save()`."
        )
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelError(
            f"{os.fspath(path)!r} is not a JSON model file ({type(exc).__name__}: {str(exc)[:80]}); "
            "use a file written by `nlp-reports train` or `.save()`"
        ) from exc
    if not isinstance(obj, dict) or obj.get("kind") != kind:
        found = obj.get("kind") if isinstance(obj, dict) else type(obj).__name__
        raise ModelError(f"{os.fspath(path)!r} holds a {found!r} model, not a {kind!r} model")
    if obj.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{os.fspath(path)!r} has model format {obj.get('format_version')!r}, this version reads {FORMAT_VERSION}; "
            "retrain it with scripts/train_models.py"
        )
    return obj


def feature_union_from_dicts(
    features: list[dict[str, Any]], tokenizer: Any, builders: dict[str, Callable[[dict[str, Any]], Any]]
) -> Any:
    """Rebuild a fitted ``FeatureUnion`` from its JSON blocks.

    ``TfidfVectorizer`` blocks are rebuilt here (with ``tokenizer`` for word features); any other
    block type is rebuilt by ``builders[type](block)``. An unknown type means the file was written
    by another version: retrain.
    """
    from sklearn.pipeline import FeatureUnion

    from ..errors import ModelError

    parts: list[tuple[str, Any]] = []
    for f in features:
        if f["type"] == "TfidfVectorizer":
            parts.append((f["name"], tfidf_from_dict(f, tokenizer=tokenizer)))
        elif f["type"] in builders:
            parts.append((f["name"], builders[f["type"]](f)))
        else:
            raise ModelError(f"unknown feature block {f['type']!r} in the model file; retrain it")
    return FeatureUnion(parts)


#: short texts a loaded model must be able to predict on (catches shapes that do not fit together)
_PROBE_TEXTS = ("下一步将加强业务培训", "政策解读形式单一")


def validated_model(cls: Any, d: dict[str, Any], where: str, tokenizer: Any = None) -> Any:
    """``cls.from_dict(d)``, then one prediction on :data:`_PROBE_TEXTS`; any failure is a :class:`ModelError`.

    Why: a hand-edited or truncated model file fails deep inside sklearn with a KeyError or a
    shape error; the user needs to hear which file is broken and what to do.
    """
    try:
        model = cls.from_dict(d, tokenizer=tokenizer)
    except ModelError:
        raise
    except KeyError as exc:
        raise ModelError(
            f"{where}: the model file lacks the key {exc.args[0]!r}; it is incomplete or from another program. "
            "Retrain it with `nlp-reports train` (or scripts/train_models.py)."
        ) from exc
    except (TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ModelError(
            f"{where}: a value in the model file has the wrong type or shape ({type(exc).__name__}: {str(exc)[:100]}); "
            "retrain it with `nlp-reports train` (or scripts/train_models.py)."
        ) from exc
    try:
        model.predict(list(_PROBE_TEXTS))
    except Exception as exc:  # noqa: BLE001 - any failure means an unusable model
        raise ModelError(
            f"{where}: the model loads but cannot predict ({type(exc).__name__}: {str(exc)[:100]}); its parts do "
            "not fit together (edited or truncated file). Retrain it with `nlp-reports train`."
        ) from exc
    return model


class JsonModelMixin:
    """``save`` / ``load`` / ``pretrained`` for an estimator stored as JSON (never pickle).

    A class using it defines ``to_dict()``, ``from_dict(d, tokenizer=None)``, and the class
    attributes ``_MODEL_KIND`` (checked on load) and ``_MODEL_FILE`` (the shipped file in
    ``nlp_reports/nlp/data``).
    """

    _MODEL_KIND: str = ""
    _MODEL_FILE: str = ""

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the fitted model as JSON (safe to share: loading it runs no code)."""
        save_json(self.to_dict(), path)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, path: str | os.PathLike[str], tokenizer: Any = None):
        """Read a model written by :meth:`save` and check it (see :func:`validated_model`).

        Raises :class:`~nlp_reports.errors.ModelError` with what is wrong (not a JSON model, a
        pickle, missing keys, wrong types, inconsistent shapes) instead of a traceback.
        """
        return validated_model(cls, load_json(path, cls._MODEL_KIND), os.fspath(path), tokenizer)

    @classmethod
    def pretrained(cls, tokenizer: Any = None):
        """The model shipped with the package (trained by ``scripts/train_models.py``).

        Loading reads JSON only (no pickle), so it is safe and takes well under a second.

        >>> import nlp_reports as nr
        >>> clf = nr.StatementClassifier.pretrained()
        >>> clf.predict(["下一步将加强业务培训"]).tolist()
        ['improvement']
        >>> tagger = nr.ThemeTagger.pretrained()
        >>> tagger.predict(["政策解读形式单一", "网站适老化改造进展缓慢"])
        [['policy_interpretation'], ['platform']]
        """
        return cls.load(data_path(cls._MODEL_FILE), tokenizer=tokenizer)
