"""The targets of the theme tagger: what ``Y`` may be, which labels it names, and answers in its form.

:class:`~nlp_reports.nlp.themes.ThemeTagger` answers in the form it was fitted on, as scikit-learn's
one-vs-rest classifiers do:

* ``"lists"`` — one list (tuple, set) of labels per statement, ``[]`` or None for none; ``predict``
  gives a list of label lists (the form of the packaged model and of ``nlp.themes``);
* ``"indicator"`` — a 0/1 matrix, one column per label (sklearn's multi-label form; rows of 0/1
  numbers of one length, as ``Y.tolist()`` gives, count as one); ``predict`` gives such a matrix;
* ``"single"`` — one label per statement (a 1-D ``y`` or a column vector, as for any sklearn
  classifier); the tagger is then a multi-class classifier: ``predict`` gives the most probable label,
  ``predict_proba`` rows sum to one.

The labels are the theme codes of the taxonomy when ``Y`` names only those (every theme of the taxonomy
is then a class, in its order, and its seed terms are evidence); a label set with no theme code in it
(``0/1/2``, ``'spam'/'ham'``) is the user's own: its labels are the classes, in sorted order, with no
seed terms.  A mix of theme codes and other labels is refused as a likely typo.  An indicator matrix
with one column per taxonomy theme is read as the taxonomy's themes; any other width as labels
``0 .. k-1`` (as ``OneVsRestClassifier`` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.multiclass import check_classification_targets, unique_labels

from ..errors import ModelInputError
from ..frames import is_missing
from .taxonomy import Theme

FORMS = ("lists", "indicator", "single")

_LIST_LIKE = (list, tuple, set, frozenset, np.ndarray, pd.Series)


@dataclass(frozen=True)
class ThemeTargets:
    """``Y`` read: the labels of each statement, the classes (label order) and the form ``Y`` came in."""

    lists: list[list[Any]]
    classes: list[Any]
    form: str

    def indicator(self) -> np.ndarray:
        """The labels as a 0/1 matrix, statements × ``classes``."""
        return binarize(self.lists, self.classes)


def label_array(labels: Sequence[Any]) -> np.ndarray:
    """Labels as an array that keeps their type: strings in an object array, numbers as numbers."""
    labels = list(labels)
    if any(isinstance(c, str) for c in labels):
        return np.asarray(labels, dtype=object)
    return np.asarray(labels)


def binarize(lists: Sequence[Sequence[Any]], classes: Sequence[Any]) -> np.ndarray:
    """Label lists as a 0/1 matrix with one column per class (in ``classes`` order)."""
    return MultiLabelBinarizer(classes=list(classes)).fit([[]]).transform(lists)


def _as_matrix(Y: Any) -> Any:
    if hasattr(Y, "toarray"):
        Y = Y.toarray()
    if isinstance(Y, pd.DataFrame):
        Y = Y.to_numpy()
    elif isinstance(Y, pd.Series):  # a column of a frame: one label or one list of labels per statement
        Y = Y.tolist()
    return Y


def read_targets(Y: Any, codes: Sequence[str], n: int) -> ThemeTargets:
    """Read ``Y`` (see the module docstring) for ``n`` statements and a taxonomy of theme ``codes``.

    Raises :class:`~nlp_reports.errors.ModelInputError` (a ``ValueError``) on a ``Y`` of the wrong
    length or shape, missing labels in a 1-D ``Y``, and theme codes mixed with unknown labels; sklearn's
    ``ValueError`` on continuous targets or labels of mixed types.
    """
    if Y is None:
        raise ModelInputError(
            "ThemeTagger requires y to be passed, but the target y is None; pass one list of theme codes per statement"
        )
    Y = _as_matrix(Y)
    if not isinstance(Y, (np.ndarray, list, tuple, str, bytes)) and hasattr(Y, "__array__"):
        Y = np.asarray(Y)  # array-likes that are not sequences
    if isinstance(Y, (str, bytes)) or not hasattr(Y, "__iter__"):
        raise ModelInputError("pass one list of theme codes per statement (or a 0/1 indicator matrix) as Y")
    if not isinstance(Y, np.ndarray) and _rows_of_indicator(Y):
        Y = np.asarray(Y)  # rows of 0/1 of one length (y.tolist() of a matrix): an indicator, as for sklearn
    if (not isinstance(Y, np.ndarray) or Y.ndim == 1) and any(isinstance(y, _LIST_LIKE) for y in Y):
        lists = [list(y) if isinstance(y, _LIST_LIKE) else [] if is_missing(y) else [y] for y in Y]
        _check_length(n, len(lists))
        return ThemeTargets(lists, _classes(lists, codes), "lists")
    arr = np.asarray(Y)
    if arr.ndim == 2 and arr.shape[1] > 1:
        _check_length(n, arr.shape[0])
        if arr.shape[0] and not np.isin(arr, (0, 1)).all():
            raise ModelInputError(
                "an indicator matrix Y must hold only 0 and 1 (or False / True); "
                "for several labels per statement in other forms pass one list of labels per statement"
            )
        classes: list[Any] = list(codes) if arr.shape[1] == len(codes) else list(range(arr.shape[1]))
        return ThemeTargets([[c for c, v in zip(classes, row) if v] for row in arr], classes, "indicator")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ModelInputError(
            f"Y of shape {arr.shape} is not a target: pass one label or one list of labels per statement"
        )
    _check_length(n, len(arr))
    missing = [i for i, y in enumerate(arr) if arr.dtype == object and is_missing(y)]
    if missing:
        raise ModelInputError(
            f"Y has no label for statement {missing[0]}; for statements without a theme pass one list of labels "
            "per statement ([] for none)"
        )
    if len(arr):
        check_classification_targets(arr)  # NaN / inf, continuous or mixed labels: sklearn's own ValueError
    lists = [[y] for y in arr.tolist()]
    return ThemeTargets(lists, _classes(lists, codes), "single")


def _rows_of_indicator(Y: Any) -> bool:
    """Whether ``Y`` is a sequence of equally long rows of 0/1 numbers (more than one column)."""
    rows = list(Y)
    if not rows or not all(isinstance(r, (list, tuple, np.ndarray, pd.Series)) for r in rows):
        return False
    try:
        arr = np.asarray(rows)
    except ValueError:  # ragged
        return False
    return arr.ndim == 2 and arr.shape[1] > 1 and arr.dtype.kind in "biu" and bool(np.isin(arr, (0, 1)).all())


def _check_length(n: int, m: int) -> None:
    if m != n:
        raise ModelInputError(f"X has {n} statements but Y has {m} targets")


def _classes(lists: list[list[Any]], codes: Sequence[str]) -> list[Any]:
    """All taxonomy codes (in taxonomy order) when ``lists`` name only those; else the sorted own labels."""
    seen = [c for y in lists for c in y]
    if not seen or all(isinstance(c, str) and c in codes for c in seen):
        return list(codes)
    known = sorted({c for c in seen if isinstance(c, str) and c in codes})
    if known:
        unknown = sorted({str(c) for c in seen} - set(codes))
        raise ModelInputError(
            f"unknown theme codes {unknown} next to the theme codes {known}; "
            "add them to a taxonomy file and pass taxonomy_path (or use labels of your own only)"
        )
    return unique_labels(
        np.asarray(seen, dtype=object) if any(isinstance(c, str) for c in seen) else np.asarray(seen)
    ).tolist()


def class_themes(classes: Sequence[Any], taxonomy: Sequence[Theme]) -> list[Theme]:
    """One :class:`Theme` per class, in class order: the taxonomy's for a theme code (its seed terms are
    evidence), a bare one without seed terms for a label of the user's own."""
    by_code = {t.code: t for t in taxonomy}
    return [by_code[c] if isinstance(c, str) and c in by_code else Theme(c, str(c), "", ()) for c in classes]
