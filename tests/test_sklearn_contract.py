"""The text models honour scikit-learn's estimator contract (issue 12, part 2).

Honest tags (string, one-dimensional input; multi-label for the tagger), labels returned as given,
parameters checked before fitting, learned state set only in ``fit``, our ``NotFittedError`` being
sklearn's, and use inside ``Pipeline``, ``GridSearchCV`` and ``cross_validate``.  sklearn's own
estimator checks run through numeric-to-text adapters (see ``sklearn_numeric_adapters.py``).
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import numpy as np
import pytest
import sklearn.exceptions
from sklearn.base import clone, is_classifier
from sklearn.exceptions import SkipTestWarning
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, MultiLabelBinarizer
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import check_classifier_multioutput, check_estimator, parametrize_with_checks
from sklearn.utils.validation import check_is_fitted

from nlp_reports.errors import ModelError, ModelInputError, NlpReportsError, NotFittedError
from nlp_reports.nlp.classifier import StatementClassifier
from nlp_reports.nlp.codebook import Codebook, CodebookClassifier
from nlp_reports.nlp.themes import ThemeTagger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sklearn_numeric_adapters import EXPECTED_FAILED, NumericThemeTagger, numeric_adapters  # noqa: E402

# statements written for these tests (not from any real report)
PROBLEMS = [
    "政策解读形式较为单一",
    "栏目信息更新不够及时",
    "答复文书规范性有待提高",
    "工作人员业务能力不足",
    "网站栏目内容陈旧",
    "培训覆盖面不足",
]
IMPROVEMENTS = [
    "下一步将丰富解读形式",
    "建立栏目巡查机制，每月自查",
    "规范答复文书格式",
    "加强业务培训",
    "加快网站集约化建设",
    "扩大培训覆盖面",
]
X = PROBLEMS + IMPROVEMENTS
Y_INT = [0] * len(PROBLEMS) + [1] * len(IMPROVEMENTS)
THEMES = [
    ["policy_interpretation"],
    ["platform", "timeliness"],
    ["application_handling"],
    ["staff_capacity"],
    ["platform"],
    ["staff_capacity"],
] * 2


def small_clf(**kw) -> StatementClassifier:
    return StatementClassifier(**{"char_min_df": 1, "word_min_df": 1, "cv": 2, "use_words": False, **kw})


def small_tagger(**kw) -> ThemeTagger:
    return ThemeTagger(**{"char_min_df": 1, "cv": 2, "use_words": False, "augment": 0.0, **kw})


def test_tags_describe_text_models():
    cb = Codebook.from_dict({"codes": [{"code": "a"}, {"code": "b"}], "multi_label": True})
    for est in (StatementClassifier(), ThemeTagger(), CodebookClassifier(cb)):
        tags = get_tags(est)
        assert tags.input_tags.string and tags.input_tags.one_d_array
        assert not tags.input_tags.two_d_array and not tags.input_tags.sparse
        assert tags.target_tags.required and is_classifier(est)
    assert get_tags(ThemeTagger()).classifier_tags.multi_label
    assert not get_tags(StatementClassifier()).classifier_tags.multi_label
    assert get_tags(CodebookClassifier(cb)).classifier_tags.multi_label


def test_not_fitted_error_is_sklearns_and_ours():
    cb = Codebook.from_dict({"codes": [{"code": "a"}, {"code": "b"}]})
    assert issubclass(NotFittedError, sklearn.exceptions.NotFittedError)
    assert issubclass(NotFittedError, ModelError) and issubclass(NotFittedError, NlpReportsError)
    for est in (StatementClassifier(), ThemeTagger(), CodebookClassifier(cb)):
        with pytest.raises(sklearn.exceptions.NotFittedError, match="not fitted"):
            est.predict_proba(["文本"])
        with pytest.raises(sklearn.exceptions.NotFittedError):
            check_is_fitted(est)
    err = pickle.loads(pickle.dumps(NotFittedError("x")))
    assert type(err) is NotFittedError


def test_labels_come_back_as_given():
    clf = small_clf().fit(X, Y_INT)
    assert clf.classes_.tolist() == [0, 1] and clf.classes_.dtype.kind == "i"
    assert set(clf.predict(X).tolist()) <= {0, 1} and clf.predict(X).dtype.kind == "i"
    back = StatementClassifier.from_dict(clf.to_dict())
    np.testing.assert_array_equal(back.predict(X), clf.predict(X))
    words = np.where(np.asarray(Y_INT) == 0, "problem", "improvement")
    assert small_clf().fit(X, words).predict(X).dtype.kind == "U"


def test_tagger_takes_lists_or_indicator_matrix():
    lists = small_tagger().fit(X, THEMES)
    assert isinstance(lists.predict(X), list)
    codes = list(lists.classes_)
    Yb = MultiLabelBinarizer(classes=codes).fit_transform(THEMES)
    mat = small_tagger().fit(X, Yb)
    pred = mat.predict(X)
    assert isinstance(pred, np.ndarray) and pred.shape == (len(X), len(codes))
    assert [[c for c, v in zip(codes, row) if v] for row in pred] == lists.predict(X)
    assert ThemeTagger.from_dict(mat.to_dict()).predict(X).shape == pred.shape
    # one code per statement: a multi-class classifier (one label back each, probabilities sum to one)
    first = [t[0] for t in THEMES]
    single = small_tagger().fit(X, first)
    assert single.mlb_.transform([[c] for c in first]).sum() == len(X)
    assert single.predict(X).shape == (len(X),) and set(single.predict(X)) <= set(codes)
    np.testing.assert_allclose(single.predict_proba(X).sum(axis=1), 1.0)
    assert ThemeTagger.from_dict(single.to_dict()).predict(X).tolist() == single.predict(X).tolist()
    # labels of one's own (no theme code among them) are the classes, in sorted order, as given
    own = small_tagger().fit(X, [[i % 3, 2] if i % 4 == 0 else [i % 3] for i in range(len(X))])
    assert own.classes_.tolist() == [0, 1, 2] and all(isinstance(c, int) for p in own.predict(X) for c in p)
    assert small_tagger().fit(X, Yb[:, :3]).classes_.tolist() == [0, 1, 2]  # indicator of other width: 0..k-1
    with pytest.raises(ModelInputError, match="unknown theme codes"):  # a typo next to theme codes
        small_tagger().fit(X, [["platfrom"]] + THEMES[1:])
    with pytest.raises(ModelInputError, match="no label for statement 1"):
        small_tagger().fit(X, ["platform", None] + first[2:])
    assert 0.0 <= lists.score(X, THEMES) <= 1.0 and 0.0 <= single.score(X, first) <= 1.0


def test_parameters_checked_before_fitting(monkeypatch):
    def boom(*a, **k):  # the expensive part must not start
        raise AssertionError("fit started before the parameters were checked")

    monkeypatch.setattr(StatementClassifier, "_fit_core", boom)
    monkeypatch.setattr(ThemeTagger, "_fit_core", boom)
    for est, match in [
        (StatementClassifier(C=-1), "C=-1"),
        (StatementClassifier(char_ngram_range=(3, 1)), "char_ngram_range"),
        (StatementClassifier(cv=1), "cv=1"),
        (ThemeTagger(threshold=1.5), "threshold=1.5"),
        (ThemeTagger(stacking="deep"), "stacking"),
        (ThemeTagger(max_themes=0), "max_themes"),
    ]:
        with pytest.raises(ModelInputError, match=match):
            est.fit(X, Y_INT if isinstance(est, StatementClassifier) else THEMES)
    assert issubclass(ModelInputError, ValueError)


def test_learned_state_only_in_fit():
    clf = small_clf(calibrate=False)
    assert not any(k.endswith("_") for k in vars(clf))
    clf.fit(X, Y_INT)
    assert not hasattr(clf, "cv_ece_")  # no calibration, no calibration measure
    fitted = {k for k in vars(clf) if k.endswith("_")}
    assert {"model_", "features_", "classes_", "temperature_", "tokenizer_", "n_train_"} <= fitted
    calibrated = small_clf().fit(X, Y_INT)
    assert hasattr(calibrated, "cv_ece_")
    assert not any(k.endswith("_") for k in vars(clone(calibrated)))


def test_bad_input_is_a_clear_error():
    clf = small_clf().fit(X, Y_INT)
    with pytest.raises(ModelInputError, match="not an array of shape"):
        clf.predict(np.zeros((3, 4)))
    with pytest.raises(ModelInputError, match="not text"):
        clf.predict([1.5, "文本"])
    with pytest.raises(ModelInputError, match="single string"):
        clf.predict("文本")
    assert clf.predict([None, np.nan]).shape == (2,)  # missing statements are empty ones
    with pytest.raises(ValueError, match="Unknown label type"):
        small_clf().fit(X, np.linspace(0, 1, len(X)))


def test_pipeline_gridsearch_cross_validate():
    pipe = Pipeline([("strip", FunctionTransformer(lambda s: [t.strip() for t in s])), ("clf", small_clf())])
    pipe.fit(X, Y_INT)
    assert pipe.predict(X).dtype.kind == "i"
    grid = GridSearchCV(small_clf(), {"C": [0.5, 5.0]}, cv=2).fit(X, Y_INT)
    assert grid.best_params_["C"] in (0.5, 5.0) and grid.best_estimator_.classes_.tolist() == [0, 1]
    cv = cross_validate(small_clf(), X, Y_INT, cv=2, scoring="f1_macro")
    assert len(cv["test_score"]) == 2 and np.isfinite(cv["test_score"]).all()
    from nlp_reports.nlp.taxonomy import load_taxonomy

    Yb = MultiLabelBinarizer(classes=[t.code for t in load_taxonomy()]).fit_transform(THEMES)
    cvt = cross_validate(small_tagger(), X, Yb, cv=KFold(2, shuffle=True, random_state=0), scoring="f1_micro")
    assert np.isfinite(cvt["test_score"]).all()
    gt = GridSearchCV(small_tagger(), {"threshold": [0.3, 0.5]}, cv=2, scoring="f1_micro").fit(X, Yb)
    assert gt.best_params_["threshold"] in (0.3, 0.5)


_ADAPTERS = numeric_adapters()


def _expected_failed(est):
    name = "StatementClassifier" if isinstance(est, StatementClassifier) else "ThemeTagger"
    return EXPECTED_FAILED[name]


@pytest.mark.slow
@parametrize_with_checks(list(_ADAPTERS.values()), expected_failed_checks=_expected_failed, xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.slow
def test_tagger_multioutput_with_half_rule():
    """With the selection rule fixed to 'each label with probability >= 0.5', predict agrees with predict_proba."""
    est = NumericThemeTagger(
        char_min_df=1,
        cv=2,
        use_words=False,
        augment=0.0,
        threshold=0.5,
        second_threshold=0.5,
        max_themes=10,
        per_theme_thresholds=False,
    )
    check_classifier_multioutput("ThemeTagger", est)


def test_check_estimator_on_the_text_models_skips_honestly():
    """sklearn's check_estimator called on the models themselves does not fail: their honest tags (strings,
    1-D) make it skip the checks built on numeric matrices; the adapter run above is the substantive one."""
    cb = Codebook.from_dict({"codes": [{"code": "a"}, {"code": "b"}], "multi_label": True})
    for est in (StatementClassifier(), ThemeTagger(), CodebookClassifier(cb)):
        with pytest.warns(SkipTestWarning, match="Can't test estimator"):
            results = check_estimator(est, on_fail=None)
        assert [r["status"] for r in results] == ["passed"]  # only check_estimator_cloneable applies
