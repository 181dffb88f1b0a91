"""The researcher's own categories: a :class:`Codebook` and the :class:`CodebookClassifier` trained on it.

A codebook lists codes with a definition, seed terms (words that signal the code) and examples.
:class:`CodebookClassifier` is an sklearn estimator over the project's Chinese features — character
TF-IDF, word TF-IDF over our :class:`~nlp_reports.nlp.tokenizer.Tokenizer` and one seed-term count
per code (:class:`~nlp_reports.nlp.features.TermListFeatures`) — with a logistic regression
(single-label) or one per code (multi-label).  The codebook's examples and seed terms are added to
the training data, which is what lets it work from a few hundred labels.  Saved as JSON like the
shipped models (no pickle).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.pipeline import FeatureUnion

from ..errors import CodebookError, ModelError, ModelInputError
from . import model_io
from .features import (
    TermListFeatures,
    char_tfidf,
    default_tokenizer,
    term_list_features_from_dict,
    word_tfidf,
)
from .text_estimator import (
    FittedStateMixin,
    as_texts,
    constant_logreg,
    features_to_json,
    logreg_of,
    rebuild_from_json,
    text_tags,
)

MODEL_KIND = "codebook_classifier"

_TERM_SPLIT = re.compile(r"\s*[;；,，、|\n]\s*")
_EXAMPLE_SPLIT = re.compile(r"\s*(?:\n|\|)\s*")
_CODE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$|^[\u4e00-\u9fffA-Za-z0-9_\-]+$")


@dataclass(frozen=True)
class Code:
    """One code of a codebook."""

    code: str
    definition: str = ""
    seed_terms: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True)
class Codebook:
    """Codes with definitions, seed terms and examples; ``multi_label`` when a text may carry several codes.

    >>> cb = Codebook.from_dict({"codes": [
    ...     {"code": "staff", "definition": "人员与培训", "seed_terms": ["培训", "人员"]},
    ...     {"code": "web", "definition": "网站与平台", "seed_terms": ["网站", "平台"], "examples": ["网站栏目更新慢"]}]})
    >>> cb.codes_list(), cb.multi_label
    (['staff', 'web'], False)
    """

    codes: tuple[Code, ...]
    multi_label: bool = False
    name: str = ""
    notes: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.codes:
            raise CodebookError("the codebook has no codes; give at least two rows with a 'code'")
        seen: set[str] = set()
        for c in self.codes:
            if not c.code or not _CODE_RE.match(c.code):
                raise CodebookError(
                    f"code {c.code!r} is not usable: use letters, digits, '_' or '-' (no spaces or ';')"
                )
            if c.code in seen:
                raise CodebookError(f"code {c.code!r} appears twice in the codebook")
            seen.add(c.code)
        if len(self.codes) < 2 and not self.multi_label:
            raise CodebookError("a single-label codebook needs at least two codes")

    def codes_list(self) -> list[str]:
        """The codes in codebook order."""
        return [c.code for c in self.codes]

    def definitions(self) -> dict[str, str]:
        """code -> definition (the coding sheet's codebook)."""
        return {c.code: c.definition for c in self.codes}

    def term_lists(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``(code, seed terms)`` pairs for :class:`~nlp_reports.nlp.features.TermListFeatures`."""
        return tuple((c.code, c.seed_terms) for c in self.codes)

    # ------------------------------------------------------------------ reading / writing

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the JSON / YAML layout)."""
        return {
            "name": self.name,
            "multi_label": self.multi_label,
            "codes": [
                {
                    "code": c.code,
                    "name": c.name,
                    "definition": c.definition,
                    "seed_terms": list(c.seed_terms),
                    "examples": list(c.examples),
                }
                for c in self.codes
            ],
        }

    @classmethod
    def from_dict(cls, d: Any, *, multi_label: bool | None = None) -> Codebook:
        """From ``{"name", "multi_label", "codes": [{"code", "definition", "seed_terms", "examples"}]}``
        (or just the list of codes)."""
        items = d.get("codes") if isinstance(d, dict) else d
        if not isinstance(items, list):
            raise CodebookError("a codebook needs a list of codes under the key 'codes'")
        codes = []
        for i, it in enumerate(items):
            if not isinstance(it, dict) or not str(it.get("code") or "").strip():
                raise CodebookError(f"code entry {i + 1} has no 'code'")
            codes.append(
                Code(
                    code=str(it["code"]).strip(),
                    name=str(it.get("name") or "").strip(),
                    definition=str(it.get("definition") or "").strip(),
                    seed_terms=_as_tuple(it.get("seed_terms"), _TERM_SPLIT),
                    examples=_as_tuple(it.get("examples"), _EXAMPLE_SPLIT),
                )
            )
        ml = (
            multi_label
            if multi_label is not None
            else bool(d.get("multi_label", False))
            if isinstance(d, dict)
            else False
        )
        return cls(codes=tuple(codes), multi_label=ml, name=str(d.get("name", "")) if isinstance(d, dict) else "")

    @classmethod
    def from_json(cls, path: str | os.PathLike[str], *, multi_label: bool | None = None) -> Codebook:
        """Read a codebook from a JSON file (layout of :meth:`to_dict`)."""
        return cls.from_dict(
            _read_codebook_file(path, json.loads, json.JSONDecodeError, "JSON"), multi_label=multi_label
        )

    @classmethod
    def from_yaml(cls, path: str | os.PathLike[str], *, multi_label: bool | None = None) -> Codebook:
        """Read a codebook from a YAML file (layout of :meth:`to_dict`; needs pyyaml)."""
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover
            raise CodebookError("reading YAML needs pyyaml: pip install pyyaml") from exc
        return cls.from_dict(_read_codebook_file(path, yaml.safe_load, yaml.YAMLError, "YAML"), multi_label=multi_label)

    @classmethod
    def from_excel(cls, path: str | os.PathLike[str], sheet_name: Any = 0, *, multi_label: bool = False) -> Codebook:
        """Read a codebook from a spreadsheet: one row per code with columns ``code, definition,
        seed_terms`` (separated by ；/、/,) and ``examples`` (one per line), ``name`` optional."""
        try:
            df = pd.read_excel(path, sheet_name=sheet_name, dtype=object)
        except FileNotFoundError as exc:
            raise CodebookError(f"codebook file {os.fspath(path)!r} not found") from exc
        except (ValueError, OSError) as exc:
            raise CodebookError(f"cannot read codebook {os.fspath(path)!r} ({exc})") from exc
        df.columns = [str(c).strip().lower() for c in df.columns]
        if "code" not in df.columns:
            raise CodebookError(f"codebook {os.fspath(path)!r} has no 'code' column (columns: {list(df.columns)})")
        df = df[df["code"].notna()]
        rows = [{k: (None if pd.isna(v) else v) for k, v in r.items()} for r in df.to_dict("records")]
        return cls.from_dict({"codes": rows, "multi_label": multi_label}, multi_label=multi_label)

    def to_json(self, path: str | os.PathLike[str]) -> None:
        """Write the codebook as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    def to_excel(self, path: str | os.PathLike[str]) -> None:
        """Write the codebook as a spreadsheet :meth:`from_excel` reads."""
        pd.DataFrame(
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "definition": c.definition,
                    "seed_terms": "；".join(c.seed_terms),
                    "examples": "\n".join(c.examples),
                }
                for c in self.codes
            ]
        ).to_excel(path, index=False)


def _read_codebook_file(path: str | os.PathLike[str], parse: Any, parse_error: type[Exception], fmt: str) -> Any:
    """The parsed content of a codebook file; a missing or unparsable file is a :class:`CodebookError`."""
    try:
        return parse(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CodebookError(f"codebook file {os.fspath(path)!r} not found") from exc
    except parse_error as exc:
        raise CodebookError(f"codebook file {os.fspath(path)!r} is not valid {fmt} ({exc})") from exc


def _as_tuple(v: Any, splitter: re.Pattern[str]) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        parts = splitter.split(v)
    else:
        parts = [str(x) for x in v]
    return tuple(p.strip() for p in parts if p and p.strip())


@dataclass(eq=False, repr=False)
class CodebookClassifier(FittedStateMixin, model_io.JsonModelMixin, ClassifierMixin, BaseEstimator):
    """An sklearn classifier for the codes of a :class:`Codebook` (single- or multi-label).

    ``fit(texts, labels)``: labels are codes (single-label) or lists of codes (multi-label;
    ``codebook.multi_label`` or lists in ``labels``).  ``predict_proba`` has one column per code in
    ``classes_`` (codebook order); multi-label ``predict`` returns the codes whose probability reaches
    ``threshold`` (at least the best one when ``at_least_one``).  ``example_weight`` is the weight of
    the codebook's examples and seed terms added as training texts.

    >>> import nlp_reports as nr
    >>> cb = nr.Codebook.from_dict({"codes": [
    ...     {"code": "staff", "seed_terms": ["培训", "人员"], "examples": ["工作人员业务能力不足"]},
    ...     {"code": "web", "seed_terms": ["网站", "平台"], "examples": ["网站栏目更新不及时"]}]})
    >>> m = nr.CodebookClassifier(cb).fit(["加强人员培训", "门户网站改版", "培训次数少", "平台功能单一"],
    ...                                   ["staff", "web", "staff", "web"])
    >>> m.predict(["开展业务培训", "优化网站栏目"]).tolist()
    ['staff', 'web']
    """

    _MODEL_KIND = MODEL_KIND
    _FITTED_ATTR = "models_"
    _FIT_HINT = "call fit(texts, labels) first"

    codebook: Codebook | None = None
    C: float = 5.0
    char_ngram_range: tuple[int, int] = (1, 3)
    use_words: bool = True
    seed_weight: float = 2.0
    example_weight: float = 1.0
    class_weight: str | None = "balanced"
    threshold: float = 0.5
    at_least_one: bool = False
    max_iter: int = 3000
    random_state: int | None = 0
    tokenizer: Any = None

    @classmethod
    def pretrained(cls, tokenizer: Any = None):
        """Not available: a codebook classifier is trained on your own labels (``fit``), then ``save``d."""
        raise ModelError("a CodebookClassifier has no shipped model: fit it on your labels, then save/load it")

    # ------------------------------------------------------------------ fitting

    def _book(self) -> Codebook:
        if self.codebook is None:
            raise CodebookError("pass a Codebook: CodebookClassifier(nr.Codebook.from_excel(...))")
        return self.codebook

    def _features(self, cb: Codebook) -> FeatureUnion:
        parts: list[tuple[str, Any]] = [("char", char_tfidf(self.char_ngram_range, 1))]
        if self.use_words:
            parts.append(("word", word_tfidf(self.tokenizer_, (1, 1), 1)))
        if self.seed_weight and any(c.seed_terms for c in cb.codes):
            parts.append(("seeds", TermListFeatures(term_lists=cb.term_lists(), weight=self.seed_weight)))
        return FeatureUnion(parts)

    def fit(
        self, X: Sequence[str], y: Sequence[Any], sample_weight: Sequence[float] | None = None
    ) -> CodebookClassifier:
        """Fit on texts ``X`` and codes ``y`` (plus the codebook's examples and seed terms)."""
        cb = self._book()
        texts = as_texts(X)
        y = list(y)
        if len(texts) != len(y):
            raise ModelInputError(f"X has {len(texts)} texts but y has {len(y)} labels")
        multi = cb.multi_label or any(isinstance(v, (list, tuple, set)) for v in y)
        codes = cb.codes_list()
        known = set(codes)
        given = {c for v in y for c in (v if isinstance(v, (list, tuple, set)) else [v]) if c is not None}
        unknown = sorted(map(str, given - known))
        if unknown:
            raise CodebookError(f"labels {unknown[:10]} are not codes of the codebook ({', '.join(codes)})")
        w = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        extra_t: list[str] = []
        extra_y: list[Any] = []
        if self.example_weight > 0:
            for c in cb.codes:
                for t in c.examples + c.seed_terms:
                    extra_t.append(t)
                    extra_y.append([c.code] if multi else c.code)
        all_t = texts + extra_t
        all_y = [
            list(v) if isinstance(v, (list, tuple, set)) else ([] if v is None else [v]) if multi else v for v in y
        ] + extra_y
        all_w = np.concatenate([w, np.full(len(extra_t), float(self.example_weight))])
        self.tokenizer_ = default_tokenizer(self.tokenizer)
        self.multi_label_ = multi
        self.classes_ = np.asarray(codes, dtype=object)
        self.features_ = self._features(cb)
        Z = self.features_.fit_transform(all_t)
        if multi:
            Yb = np.asarray([[int(c in v) for c in codes] for v in all_y])
            self.models_ = []
            for j in range(len(codes)):
                col = Yb[:, j]
                if col.min() == col.max():
                    m = constant_logreg(logreg_of(self, "lbfgs"), Z.shape[1], bool(col.max()), 6.0)
                else:
                    m = logreg_of(self, "lbfgs").fit(Z, col, sample_weight=all_w)
                self.models_.append(m)
        else:
            keep = np.asarray([v is not None for v in all_y])
            ys = np.asarray([str(v) for v, k in zip(all_y, keep) if k], dtype=object)
            if len(set(ys)) < 2:
                raise ModelError("need labels of at least two codes to fit a single-label classifier")
            self.models_ = [logreg_of(self, "lbfgs").fit(Z[keep], ys, sample_weight=all_w[keep])]
        self.n_train_ = len(texts)
        return self

    # ------------------------------------------------------------------ prediction

    def __sklearn_tags__(self):
        return text_tags(
            super().__sklearn_tags__(), multi_label=bool(self.codebook is not None and self.codebook.multi_label)
        )

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Probabilities, one column per code of ``classes_`` (multi-label: independent per code)."""
        self._check_fitted()
        texts = as_texts(X)
        if not texts:
            return np.zeros((0, len(self.classes_)))
        Z = self.features_.transform(texts)
        if self.multi_label_:
            return np.column_stack([m.predict_proba(Z)[:, 1] for m in self.models_])
        m = self.models_[0]
        p = m.predict_proba(Z)
        out = np.zeros((len(texts), len(self.classes_)))
        for j, c in enumerate(m.classes_):
            out[:, list(self.classes_).index(c)] = p[:, j]
        return out

    def predict(self, X: Sequence[str]) -> Any:
        """The code of each text (single-label, an array) or its list of codes (multi-label)."""
        proba = self.predict_proba(X)
        if not self.multi_label_:
            return np.asarray(self.classes_)[proba.argmax(axis=1)] if len(proba) else np.asarray([], dtype=object)
        out = []
        for row in proba:
            chosen = [str(c) for c, p in zip(self.classes_, row) if p >= self.threshold]
            if not chosen and self.at_least_one:
                chosen = [str(self.classes_[int(row.argmax())])]
            out.append(chosen)
        return out

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Log-odds per code (multi-label) or linear scores per class (single-label)."""
        self._check_fitted()
        Z = self.features_.transform(as_texts(X))
        if self.multi_label_:
            return np.column_stack([m.decision_function(Z) for m in self.models_])
        return self.models_[0].decision_function(Z)

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The fitted model as JSON-ready data (codebook included; no code)."""
        return {
            **self._json_header(exclude=("tokenizer", "codebook")),
            "codebook": self._book().to_dict(),
            "multi_label": bool(self.multi_label_),
            "classes": [str(c) for c in self.classes_],
            "features": features_to_json(self.features_),
            "models": [model_io.logreg_to_dict(m) for m in self.models_],
            "n_train": int(self.n_train_),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], tokenizer: Any = None) -> CodebookClassifier:
        """Rebuild a fitted classifier from :meth:`to_dict` output."""
        m = rebuild_from_json(
            cls,
            d,
            MODEL_KIND,
            tokenizer,
            {"TermListFeatures": term_list_features_from_dict},
            Codebook.from_dict(d["codebook"]),
        )
        m.models_ = [model_io.logreg_from_dict(x) for x in d["models"]]
        m.multi_label_ = bool(d["multi_label"])
        m.classes_ = np.asarray(d["classes"], dtype=object)
        m.n_train_ = int(d.get("n_train", 0))
        return m
