"""Theme taxonomy and ThemeTagger: loading/merging, fit/predict, JSON and pickle round trips, real gold."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from nlp_reports.errors import ModelError, ModelInputError, NotFittedError
from nlp_reports.nlp.theme_explain import EXPLAIN_COLUMNS
from nlp_reports.nlp.themes import ThemeTagger, keyword_themes, load_taxonomy, micro_f1

# statements written for these tests, each with its themes
DATA = [
    ("部分栏目信息更新不及时，存在滞后现象。", ["timeliness"]),
    ("确保信息在规定时限内及时发布。", ["timeliness"]),
    ("重点领域信息公开的广度和深度不够。", ["coverage"]),
    ("扩大主动公开范围，完善公开目录。", ["coverage"]),
    ("政策解读形式单一，解读材料质量不高。", ["policy_interpretation"]),
    ("做好政策文件与解读材料同步发布，推出图解和视频解读。", ["policy_interpretation"]),
    ("基层政务公开标准化规范化建设有待加强。", ["standardization"]),
    ("统一公开格式和办理流程，规范文书模板。", ["standardization"]),
    ("依申请公开答复文书不够规范，受理研判不细。", ["application_handling"]),
    ("优化依申请办理流程，加强答复前的法律审核。", ["application_handling"]),
    ("政府网站和政务新媒体栏目维护不到位。", ["platform"]),
    ("加强政务公开专区和查阅场所建设，提升信息化水平。", ["platform"]),
    ("工作人员多为兼职，业务能力不足。", ["staff_capacity"]),
    ("定期组织业务培训，配齐配强专职人员。", ["staff_capacity"]),
    ("回应社会关切不够主动，政民互动不足。", ["public_engagement"]),
    ("加大宣传引导，提高公众参与度和知晓度。", ["public_engagement"]),
    ("个别单位对公开工作重视不够，责任落实不到位。", ["oversight"]),
    ("健全工作机制，强化监督考核和责任追究。", ["oversight"]),
    ("信息源头属性认定和保密审查不严。", ["information_management"]),
    ("整合信息资源，做好历史信息清理和档案管理。", ["information_management"]),
    ("政府网站栏目更新不及时。", ["platform", "timeliness"]),
    ("加强培训，提升工作人员政策解读能力。", ["staff_capacity", "policy_interpretation"]),
    ("取得了一定成效。", []),
    ("主要表现在以下几个方面：", []),
]
X = [t for t, _ in DATA]
Y = [y for _, y in DATA]


def test_taxonomy(theme_codes):
    tax = load_taxonomy()
    assert {t.code for t in tax} == theme_codes
    for t in tax:
        assert t.name and t.definition
        assert 20 <= len(t.seed_terms) <= 40, t.code
        assert len(set(t.seed_terms)) == len(t.seed_terms)


def test_taxonomy_merge(tmp_path):
    user = tmp_path / "mine.json"
    user.write_text(
        json.dumps(
            {
                "themes": [
                    {"code": "platform", "seed_terms": ["一网通办", "网站"]},
                    {"code": "data_open", "name": "数据开放", "seed_terms": ["公共数据", "数据开放"]},
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    tax = {t.code: t for t in load_taxonomy(user)}
    assert "data_open" in tax and tax["data_open"].name == "数据开放"
    assert "一网通办" in tax["platform"].seed_terms
    assert tax["platform"].seed_terms.count("网站") == 1
    assert tax["platform"].name  # kept from the packaged taxonomy
    bad = tmp_path / "bad.json"
    bad.write_text('{"themes": [{"name": "no code"}]}', encoding="utf-8")
    with pytest.raises(ModelError, match="code"):
        load_taxonomy(bad)
    with pytest.raises(ModelError, match="not found"):
        load_taxonomy(tmp_path / "missing.json")


def test_keyword_baseline():
    out = keyword_themes(["政策解读形式单一。", "天气晴朗。"])
    assert out[0][0] == "policy_interpretation"
    assert out[1] == []
    assert micro_f1([["a"], ["b"]], [["a"], []]) == pytest.approx(2 / 3)


@pytest.fixture(scope="module")
def tagger() -> ThemeTagger:
    return ThemeTagger(char_min_df=1, cv=3, random_state=0).fit(X, Y)


def test_fit_predict(tagger, theme_codes):
    assert set(tagger.classes_) == theme_codes
    proba = tagger.predict_proba(X)
    assert proba.shape == (len(X), 10)
    assert ((proba >= 0) & (proba <= 1)).all()
    pred = tagger.predict(X)
    assert all(len(p) <= 2 for p in pred)
    assert micro_f1(Y, pred) >= 0.8
    assert tagger.predict(["政策解读形式单一"], labels=["other"]) == [[]]
    assert 0 < tagger.threshold_ <= tagger.second_threshold_ < 1


def test_errors():
    with pytest.raises(NotFittedError):
        ThemeTagger().predict(["文本"])
    with pytest.raises(ModelError, match="unknown theme"):
        ThemeTagger().fit(["文本", "文本二"], [["platfrom"], ["platform"]])  # a typo next to theme codes


def test_round_trips(tagger, tmp_path):
    path = tmp_path / "tagger.json"
    tagger.save(path)
    back = ThemeTagger.load(path)
    np.testing.assert_allclose(back.predict_proba(X), tagger.predict_proba(X), atol=1e-5)
    assert back.predict(X) == tagger.predict(X)
    pick = pickle.loads(pickle.dumps(tagger))
    np.testing.assert_array_equal(pick.predict_proba(X), tagger.predict_proba(X))


def test_determinism():
    a = ThemeTagger(char_min_df=1, cv=3, random_state=3).fit(X, Y)
    b = ThemeTagger(char_min_df=1, cv=3, random_state=3).fit(X, Y)
    assert json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def test_tune_on():
    """Thresholds and calibration tuned on a subset: all True is the default; a wrong mask is refused."""
    full = ThemeTagger(char_min_df=1, cv=3, random_state=0).fit(X, Y, tune_on=[True] * len(X))
    ref = ThemeTagger(char_min_df=1, cv=3, random_state=0).fit(X, Y)
    assert json.dumps(full.to_dict(), sort_keys=True) == json.dumps(ref.to_dict(), sort_keys=True)
    half = ThemeTagger(char_min_df=1, cv=3, random_state=0).fit(X, Y, tune_on=[i % 2 == 0 for i in range(len(X))])
    assert [m.coef_.tolist() for m in half.models_] == [m.coef_.tolist() for m in ref.models_]  # same models
    assert [c.to_list() for c in half.calibrators_] != [c.to_list() for c in ref.calibrators_]  # other tuning rows
    with pytest.raises(ModelInputError, match="tune_on"):
        ThemeTagger(cv=2).fit(X, Y, tune_on=[True])


def test_pretrained():
    tg = ThemeTagger.pretrained()
    out = tg.predict(
        ["政策解读材料形式单一，图解偏少。", "政府网站栏目维护不到位。", "定期开展业务培训，提升队伍能力。"]
    )
    assert "policy_interpretation" in out[0]
    assert "platform" in out[1]
    assert "staff_capacity" in out[2]


def test_from_seed_terms():
    tg = ThemeTagger.from_seed_terms(["依申请公开答复文书不规范", "政务新媒体更新慢"], cv=2)
    out = tg.predict(["依申请公开的答复流程需要规范。", "政务新媒体和网站的建设"])
    assert "application_handling" in out[0]
    assert "platform" in out[1]


@pytest.mark.real
def test_real_theme_micro_f1(real_corpus_dir: Path):
    rows = [
        json.loads(ln) for ln in open(real_corpus_dir / "gold" / "statements.jsonl", encoding="utf-8") if ln.strip()
    ]
    rows = [r for r in rows if "text" in r]
    gold = [r.get("themes", []) for r in rows]
    pred = ThemeTagger.pretrained().predict([r["text"] for r in rows])
    f = micro_f1(gold, pred)
    assert f >= 0.84, f"theme micro-F1 {f:.3f}"


def test_second_theme_rules():
    from nlp_reports.nlp.themes import _select, _select_mask, _top_k

    P = np.array([[0.9, 0.5, 0.1], [0.9, 0.8, 0.1], [0.2, 0.1, 0.0], [0.6, 0.55, 0.5]])
    codes = ["a", "b", "c"]
    # second only through its own threshold
    assert _select(P, codes, 0.3, 0.7, 2) == [["a"], ["a", "b"], [], ["a"]]
    # ratio rule: 0.55 >= 0.8 * 0.6 adds b; 0.5 < 0.8 * 0.9 does not
    assert _select(P, codes, 0.3, 0.95, 2, ratio=0.8) == [["a"], ["a", "b"], [], ["a", "b"]]
    # per-theme offsets: theme a needs 0.3 + 0.4, so row 3 (0.6) gets nothing
    off = np.array([0.4, 0.0, 0.0])
    assert _select(P, codes, 0.3, 0.7, 2, offsets=off) == [["a"], ["a", "b"], [], []]
    # the vectorised version used for tuning agrees
    for ratio, o in ((0.0, np.zeros(3)), (0.8, np.zeros(3)), (0.0, off)):
        mask = _select_mask(P, _top_k(P, 2), 0.3, 0.7 if ratio == 0 else 0.95, ratio, o)
        expect = _select(P, codes, 0.3, 0.7 if ratio == 0 else 0.95, 2, ratio=ratio, offsets=o)
        assert [[codes[j] for j in np.flatnonzero(r)] for r in mask] == [sorted(e) for e in expect]


def test_tuned_rule_is_stored(tagger, tmp_path):
    assert tagger.theme_offsets_.shape == (10,)
    assert 0.0 <= tagger.second_ratio_ < 1 and 0.0 <= tagger.keyword_weight_ <= 1
    path = tmp_path / "t.json"
    tagger.save(path)
    back = ThemeTagger.load(path)
    assert back.second_ratio_ == tagger.second_ratio_
    np.testing.assert_allclose(back.theme_offsets_, tagger.theme_offsets_)


def test_stack_features():
    from nlp_reports.nlp.themes import STACK_FEATURES, stack_features

    tax = load_taxonomy()
    codes = [t.code for t in tax]
    texts = ["规范性文件清理工作，更新不及时。", "天气晴朗。"]
    P = np.full((2, len(codes)), 0.1)
    P[0, codes.index("information_management")] = 0.8
    F = stack_features(P, texts, tax)
    assert F.shape == (2, len(codes), len(STACK_FEATURES))
    col = {n: i for i, n in enumerate(STACK_FEATURES)}
    im, st, tl = codes.index("information_management"), codes.index("standardization"), codes.index("timeliness")
    assert F[0, im, col["top1"]] == 1 and F[0, im, col["gap_to_best"]] == 0
    assert F[0, st, col["gap_to_best"]] == pytest.approx(-0.7)
    # "规范" matches only inside the longer "规范性文件" of another theme: counted, but not exclusive
    assert F[0, st, col["n_terms"]] > 0 and F[0, st, col["n_exclusive"]] == 0
    assert F[0, im, col["n_exclusive"]] > 0 and F[0, im, col["first_clause"]] == 1
    assert F[0, tl, col["first_clause"]] == 0 and F[0, tl, col["n_terms"]] > 0  # "不及时" sits in the second clause
    assert (F[1, :, col["n_terms"]] == 0).all() and (F[1, :, col["kw_top1"]] == 0).all()


@pytest.mark.parametrize("stacking", ["shared", "per_theme", None])
def test_second_stage_variants(stacking, tmp_path):
    tg = ThemeTagger(char_min_df=1, cv=3, random_state=0, stacking=stacking).fit(X, Y)
    assert bool(tg.stackers_) == (stacking is not None)
    if stacking:
        assert tg.keyword_weight_ == 0.0 and tg.stack_C_ > 0
    assert micro_f1(Y, tg.predict(X)) >= 0.8
    path = tmp_path / "t.json"
    tg.save(path)
    back = ThemeTagger.load(path)
    np.testing.assert_allclose(back.predict_proba(X), tg.predict_proba(X), atol=1e-5)
    assert back.predict(X) == tg.predict(X)


def test_bad_stacking_value():
    with pytest.raises(ModelError, match="stacking"):
        ThemeTagger(stacking="deep", cv=2).fit(X, Y)


def test_calibrators_are_fitted_and_stored(tagger, tmp_path):
    assert len(tagger.calibrators_) == 10
    raw = ThemeTagger(char_min_df=1, cv=3, random_state=0, calibrate=False).fit(X, Y)
    assert raw.calibrators_ == []
    path = tmp_path / "t.json"
    tagger.save(path)
    d = json.loads(path.read_text(encoding="utf-8"))
    assert len(d["calibrators"]) == 10 and all(len(ab) == 2 for ab in d["calibrators"])


def test_explain(tagger):
    text = "政府网站栏目更新不及时。"
    ex = tagger.explain(text)
    assert tuple(ex.columns) == EXPLAIN_COLUMNS
    # the selected themes are those of predict, with the probability of predict_proba
    assert sorted(ex.loc[ex["selected"], "theme"].unique()) == sorted(tagger.predict([text])[0])
    proba = dict(zip(tagger.classes_, tagger.predict_proba([text])[0]))
    for theme, p in ex.groupby("theme")["probability"].first().items():
        assert p == pytest.approx(proba[theme])
    # every matched seed term of the theme is listed as such, with the theme's Chinese name
    plat = ex[ex["theme"] == "platform"]
    assert {"网站", "政府网站"} <= set(plat.loc[plat["kind"] == "seed_term", "term"])
    assert plat["name"].iloc[0] == "公开平台"
    assert (ex.groupby("theme")["kind"].apply(lambda k: (k == "intercept").sum()) == 1).all()
    # with every feature shown, the contributions add up to the first-stage log-odds
    full = tagger.explain(text, top=100000, min_probability=0.0)
    j = list(tagger.classes_).index("platform")
    p_raw = tagger.models_[j].predict_proba(tagger.features_.transform([text]))[0, 1]
    assert full.loc[full["theme"] == "platform", "contribution"].sum() == pytest.approx(
        np.log(p_raw / (1 - p_raw)), abs=1e-6
    )
    with pytest.raises(ModelError, match="one statement"):
        tagger.explain([text])


def test_target_forms():
    """Y as lists (also a frame column), an indicator matrix (also rows of 0/1) or one label each."""
    import pandas as pd

    from nlp_reports.nlp.theme_targets import read_targets

    codes = ["platform", "timeliness", "staff_capacity"]
    lists = read_targets(pd.Series([["platform"], ["timeliness", "staff_capacity"], []]), codes, 3)
    assert lists.form == "lists" and lists.classes == codes and lists.lists[2] == []
    assert read_targets([[1, 0, 1, 0], [0, 1, 0, 0]], codes, 2).classes == [0, 1, 2, 3]  # y.tolist() of a matrix
    single = read_targets(pd.Series(["timeliness", "platform"]), codes, 2)
    assert single.form == "single" and single.lists == [["timeliness"], ["platform"]]
    assert read_targets(np.array([[2], [0]]), codes, 2).classes == [0, 2]  # a column vector is 1-D
    with pytest.raises(ValueError, match="Unknown label type"):
        read_targets(np.linspace(0, 1, 4), codes, 4)
    with pytest.raises(ModelError, match="2 statements but Y has 3"):
        read_targets([["platform"]] * 3, codes, 2)
