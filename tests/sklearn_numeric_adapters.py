"""Numeric-to-text adapters that let scikit-learn's estimator checks exercise our text models.

Our models declare honestly that they read one-dimensional sequences of strings (tags
``string=True, two_d_array=False``), and ``check_estimator`` skips every check for such an estimator:
its checks generate numeric matrices.  To still run them, each adapter subclasses a model and only
turns each numeric row into a text — one CJK character per (feature, rounded value) — after sklearn's
own input validation; fitting, prediction, labels, parameters, cloning, pickling and errors are the
model's own.  The checks that cannot apply to a text model are listed with the reason in
:data:`EXPECTED_FAILED`.
"""
from __future__ import annotations

import numpy as np
from sklearn.utils.validation import validate_data

from nlp_reports.nlp.classifier import StatementClassifier
from nlp_reports.nlp.themes import ThemeTagger


def rows_as_text(X: np.ndarray) -> list[str]:
    """Each row as a text: feature j with value v (rounded, clipped to ±20) is the character U+4E00 + 41·j + v + 20."""
    V = np.clip(np.rint(np.asarray(X, dtype=float)), -20, 20).astype(int) + 20
    return ["".join(chr(0x4E00 + 41 * j + v) for j, v in enumerate(row)) for row in V]


class _NumericAsText:
    """Mixin placed before a text model: validate a numeric matrix as sklearn does, then pass texts on."""

    def fit(self, X, y, sample_weight=None):
        X = validate_data(self, X, reset=True)
        return super().fit(rows_as_text(X), y, sample_weight=sample_weight)

    def _texts(self, X):
        self._check_fitted()  # the model's own NotFittedError comes first
        return rows_as_text(validate_data(self, X, reset=False))

    def predict(self, X):
        return super().predict(self._texts(X))

    def predict_proba(self, X):
        return super().predict_proba(self._texts(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = True
        tags.input_tags.one_d_array = False
        tags.input_tags.string = False
        return tags


class NumericStatementClassifier(_NumericAsText, StatementClassifier):
    def decision_function(self, X):
        return super().decision_function(self._texts(X))


class NumericThemeTagger(_NumericAsText, ThemeTagger):
    pass


def numeric_adapters() -> dict[str, object]:
    """One adapter per model with small, fast settings (every numeric row is a distinct short text)."""
    return {
        "StatementClassifier": NumericStatementClassifier(char_min_df=1, word_min_df=1, cv=2, use_words=False),
        "ThemeTagger": NumericThemeTagger(char_min_df=1, cv=2, use_words=False, augment=0.0, seed_example_weight=0.0),
    }


# The tagger's labels are the theme codes of its taxonomy (the packaged 10 themes, plus a user's), so
# every check that fits on sklearn's made-up labels (0/1/2, 'one'/'two', continuous or inf targets) is
# refused with "unknown theme codes" (a ValueError) before it can test anything else.
_TAXONOMY_LABELS = "fits on labels that are not theme codes of the taxonomy; the tagger refuses them (unknown theme codes)"
# sklearn's multi-label checks build indicator matrices of 3-5 made-up labels; the tagger's indicator
# matrix must have one column per theme of its taxonomy.
_TAXONOMY_COLUMNS = "multi-label checks with made-up label columns; the tagger's indicator matrix has one column per taxonomy theme"
# This check refits with cv set to explicit (train, test) folds and compares weight 2 with a duplicated
# row.  Our cv is the number of calibration folds; and weighting cannot equal duplication for a text
# model: TF-IDF's idf counts documents (a duplicate changes it, a weight does not) and the calibration
# folds are drawn over rows.
_WEIGHT_EQUIVALENCE = "sets cv to explicit folds, and TF-IDF idf counts documents, so weight 2 != a duplicated row"

#: checks that cannot pass for a text model, with the reason (anything not listed must pass; strict xfail)
EXPECTED_FAILED: dict[str, dict[str, str]] = {
    "StatementClassifier": {"check_sample_weight_equivalence_on_dense_data": _WEIGHT_EQUIVALENCE},
    "ThemeTagger": {
        "check_fit_score_takes_y": _TAXONOMY_LABELS,
        "check_estimators_overwrite_params": _TAXONOMY_LABELS,
        "check_dont_overwrite_parameters": _TAXONOMY_LABELS,
        "check_estimators_fit_returns_self": _TAXONOMY_LABELS,
        "check_readonly_memmap_input": _TAXONOMY_LABELS,
        "check_n_features_in_after_fitting": _TAXONOMY_LABELS,
        "check_positive_only_tag_during_fit": _TAXONOMY_LABELS,
        "check_estimators_dtypes": _TAXONOMY_LABELS,
        "check_sample_weights_pandas_series": _TAXONOMY_LABELS,
        "check_sample_weights_not_an_array": _TAXONOMY_LABELS,
        "check_sample_weights_list": _TAXONOMY_LABELS,
        "check_all_zero_sample_weights_error": _TAXONOMY_LABELS,
        "check_sample_weights_shape": _TAXONOMY_LABELS,
        "check_sample_weights_not_overwritten": _TAXONOMY_LABELS,
        "check_sample_weight_equivalence_on_dense_data": _TAXONOMY_LABELS,
        "check_dtype_object": _TAXONOMY_LABELS,
        "check_pipeline_consistency": _TAXONOMY_LABELS,
        "check_estimators_nan_inf": _TAXONOMY_LABELS,
        "check_estimators_pickle": _TAXONOMY_LABELS,
        "check_f_contiguous_array_estimator": _TAXONOMY_LABELS,
        "check_classifier_data_not_an_array": _TAXONOMY_LABELS,
        "check_classifiers_one_label": _TAXONOMY_LABELS,
        "check_classifiers_one_label_sample_weights": _TAXONOMY_LABELS,
        "check_classifiers_classes": _TAXONOMY_LABELS,
        "check_classifiers_train": _TAXONOMY_LABELS,
        "check_classifiers_regression_target": _TAXONOMY_LABELS,
        "check_supervised_y_no_nan": _TAXONOMY_LABELS,
        "check_supervised_y_2d": _TAXONOMY_LABELS,
        "check_methods_sample_order_invariance": _TAXONOMY_LABELS,
        "check_methods_subset_invariance": _TAXONOMY_LABELS,
        "check_fit2d_1sample": _TAXONOMY_LABELS,
        "check_fit2d_1feature": _TAXONOMY_LABELS,
        "check_dict_unchanged": _TAXONOMY_LABELS,
        "check_fit_idempotent": _TAXONOMY_LABELS,
        "check_fit_check_is_fitted": _TAXONOMY_LABELS,
        "check_n_features_in": _TAXONOMY_LABELS,
        "check_fit2d_predict1d": _TAXONOMY_LABELS,
        "check_classifier_multioutput": _TAXONOMY_COLUMNS,
        "check_classifiers_multilabel_representation_invariance": _TAXONOMY_COLUMNS,
        "check_classifiers_multilabel_output_format_predict": _TAXONOMY_COLUMNS,
        "check_classifiers_multilabel_output_format_predict_proba": _TAXONOMY_COLUMNS,
        "check_classifiers_multilabel_output_format_decision_function": _TAXONOMY_COLUMNS,
    },
}
