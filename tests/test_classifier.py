"""StatementClassifier: sklearn API, calibration, pickling, JSON model files, weak supervision, real gold."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline

from nlp_reports.errors import ModelError, NotFittedError
from nlp_reports.model import Report, ReportMeta, Section, Subsection
from nlp_reports.nlp import weak_labels as wl
from nlp_reports.nlp.classifier import LABELS, StatementClassifier, data_path

from conftest import load_script

# statements written for these tests (not from any real report)
PROBLEMS = [
    "一是政策解读形式较为单一，图表和视频解读偏少；",
    "二是个别栏目信息更新不够及时；",
    "三是依申请公开答复文书的规范性有待提高。",
    "基层政务公开人员力量仍显薄弱，业务能力参差不齐。",
    "部分单位对公开工作重视不够，主动性不足。",
    "重点领域信息公开的深度还需进一步拓展。",
    "政务新媒体互动回应渠道不够畅通。",
    "公开目录编制还不够完善，部分事项缺少标准。",
    "历史信息清理工作相对滞后。",
    "乡镇政务公开专栏内容不全面，查阅不便。",
    "工作人员流动较快，培训覆盖面不足。",
    "保密审查机制尚未完全建立。",
]
IMPROVEMENTS = [
    "一是丰富解读形式，每季度制作两期图解产品；",
    "二是建立栏目巡查机制，每月开展一次自查。",
    "三是规范答复文书格式，年底前修订答复模板。",
    "下一步，我局将加强业务培训，全年组织培训不少于三次。",
    "持续推进重点领域信息公开，扩大公开范围。",
    "进一步完善政务新媒体管理制度，及时回应公众关切。",
    "将政务公开纳入年度绩效考核，压实工作责任。",
    "明年将全面梳理公开事项，动态更新公开目录。",
    "加快推进政府网站集约化建设。",
    "健全信息发布保密审查流程，明确审核责任。",
    "继续开展政府开放日活动，扩大公众参与。",
    "着力提升工作人员业务水平，配齐配强专职人员。",
]
OTHERS = [
    "对照上级要求和群众期待，还存在一些不足，主要表现在：",
    "针对上述问题，下一步将重点做好以下工作：",
    "本年度政务公开工作取得了一定成效。",
    "今后我们将从以下几个方面加以改进：",
    "对照新要求，仍存在一些薄弱环节，具体如下：",
    "全年工作总体平稳有序推进。",
    "主要有以下几个方面：",
    "具体改进措施如下：",
]
X = PROBLEMS + IMPROVEMENTS + OTHERS
Y = ["problem"] * len(PROBLEMS) + ["improvement"] * len(IMPROVEMENTS) + ["other"] * len(OTHERS)


@pytest.fixture(scope="module")
def fitted() -> StatementClassifier:
    return StatementClassifier(char_min_df=1, word_min_df=1, cv=3, random_state=0).fit(X, Y)


def test_fit_predict_proba(fitted):
    assert set(fitted.classes_) == set(LABELS)
    proba = fitted.predict_proba(X)
    assert proba.shape == (len(X), 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert (proba >= 0).all()
    pred = fitted.predict(X)
    assert (pred == np.asarray(Y)).mean() >= 0.9  # training fit
    assert fitted.temperature_ > 0
    # unseen statements of clear shape
    new = ["网站部分栏目更新仍不够及时。", "下一步将进一步加强政策解读工作。"]
    assert list(fitted.predict(new)) == ["problem", "improvement"]


def test_calibrated_probabilities_are_not_extreme_for_ambiguous_text(fitted):
    p = fitted.predict_proba(["工作"])[0]
    assert p.max() < 0.95


def test_empty_input_and_single_string(fitted):
    assert fitted.predict_proba([]).shape == (0, 3)
    with pytest.raises(ModelError):
        fitted.predict("下一步将加强培训")


def test_errors():
    with pytest.raises(NotFittedError):
        StatementClassifier().predict(["文本"])
    with pytest.raises(ModelError):
        StatementClassifier().fit(["甲", "乙"], ["problem", "problem"])
    with pytest.raises(ModelError):
        StatementClassifier().fit(["甲", "乙"], ["problem"])


def test_sklearn_pipeline_and_clone(fitted):
    pipe = Pipeline([("clf", StatementClassifier(char_min_df=1, word_min_df=1, calibrate=False, C=2.0))])
    pipe.fit(X, Y)
    assert pipe.predict(X).shape == (len(X),)
    assert pipe.predict_proba(X).shape == (len(X), 3)
    params = fitted.get_params()
    assert params["C"] == 5.0 and params["random_state"] == 0
    twin = clone(fitted)
    assert not hasattr(twin, "model_") and twin.get_params()["cv"] == 3
    assert pipe.score(X, Y) > 0.8
    # model selection clones and refits it with other parameters
    from sklearn.model_selection import GridSearchCV

    grid = GridSearchCV(
        StatementClassifier(char_min_df=1, word_min_df=1, calibrate=False), {"C": [1.0, 5.0]}, cv=3, scoring="f1_macro"
    )
    grid.fit(X, Y)
    assert grid.best_params_["C"] in (1.0, 5.0) and grid.best_score_ > 0.5


def test_pickle_round_trip(fitted):
    back = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(back.predict_proba(X), fitted.predict_proba(X))


def test_json_round_trip(fitted, tmp_path):
    path = tmp_path / "clf.json"
    fitted.save(path)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["kind"] == "statement_classifier"
    back = StatementClassifier.load(path)
    np.testing.assert_allclose(back.predict_proba(X), fitted.predict_proba(X), atol=1e-5)
    np.testing.assert_array_equal(back.predict(X), fitted.predict(X))
    # saving the loaded model gives the same bytes
    path2 = tmp_path / "clf2.json"
    back.save(path2)
    assert path2.read_bytes() == path.read_bytes()


def test_determinism():
    a = StatementClassifier(char_min_df=1, word_min_df=1, cv=3, random_state=1).fit(X, Y)
    b = StatementClassifier(char_min_df=1, word_min_df=1, cv=3, random_state=1).fit(X, Y)
    assert json.dumps(a.to_dict(), sort_keys=True) == json.dumps(b.to_dict(), sort_keys=True)


def test_load_errors(tmp_path):
    with pytest.raises(ModelError, match="train_models"):
        StatementClassifier.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kind": "theme_tagger", "format_version": 1}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a 'statement_classifier'"):
        StatementClassifier.load(bad)


def test_pretrained_loads_without_pickle(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("pickle must not be used to load the shipped model")

    import joblib

    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    monkeypatch.setattr(joblib, "load", refuse)
    clf = StatementClassifier.pretrained()
    pred = clf.predict(
        [
            "部分单位政策解读质量仍需提升。",
            "下一步，我们将加强政务公开业务培训。",
            "针对上述问题，下一步将抓好以下工作：",
        ]
    )
    assert list(pred) == ["problem", "improvement", "other"]
    with open(data_path("statement_classifier.json"), "rb") as fh:
        head = fh.read(1)
    assert head == b"{"  # plain JSON, not a pickle


@pytest.mark.slow
def test_train_models_is_deterministic(tmp_path):
    """scripts/train_models.py writes the same bytes on a rerun, and the shipped model matches it."""
    train_models = load_script("train_models")
    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        assert train_models.main(["--out", str(out)]) == 0
    for name in ("statement_classifier.json", "theme_tagger.json"):
        assert (runs[0] / name).read_bytes() == (runs[1] / name).read_bytes(), f"{name} differs between two runs"
    # the shipped model is what the script trains (up to changes of the data since the last run)
    fresh = StatementClassifier.load(runs[0] / "statement_classifier.json")
    agree = (fresh.predict(X) == StatementClassifier.pretrained().predict(X)).mean()
    assert agree >= 0.9, "the shipped statement_classifier.json is stale: rerun scripts/train_models.py"


# ---------------------------------------------------------------------------- weak supervision


def _report(doc_id: str, text: str, subsections=(), headings=None) -> Report:
    sec = Section(
        key="problems",
        number="五",
        heading="存在的主要问题及改进情况",
        text=text,
        subsections=list(subsections),
        headings=headings or ["五、存在的主要问题及改进情况"],
    )
    return Report(meta=ReportMeta(doc_id=doc_id), text=text, sections={"problems": sec})


def _subheaded(doc_id: str, problems: str, measures: str) -> Report:
    h1, h2 = "（一）存在问题", "（二）改进措施"
    text = f"{h1}\n{problems}\n{h2}\n{measures}"
    s1 = len(h1) + 1
    e1 = s1 + len(problems)
    s2 = e1 + 1 + len(h2) + 1
    subs = [
        Subsection("（一）", "存在问题", problems, s1, e1),
        Subsection("（二）", "改进措施", measures, s2, s2 + len(measures)),
    ]
    return _report(doc_id, text, subs)


def small_reports() -> list[Report]:
    return [
        _subheaded(
            "a",
            "一是政务新媒体更新频率偏低；二是公开专栏内容不够丰富；三是工作人员业务培训不足。",
            "一是建立新媒体定期更新制度；二是充实专栏内容；三是每半年组织一次业务培训。",
        ),
        _subheaded(
            "b",
            "一是重点领域公开深度不够；二是依申请办理流程还不够规范。",
            "一是拓展重点领域公开内容；二是优化依申请办理流程，规范答复文书。",
        ),
        _report(
            "c",
            "2024年，我委政务公开工作取得了一定成效，但仍存在一些不足：解读材料的通俗性有待提高，"
            "互动回应不够及时。针对上述问题，下一步我委将做好以下工作：一是推行图文解读；二是健全留言办理机制。",
        ),
        _report(
            "d",
            "我处信息公开工作还存在一些问题，主要是公开范围较窄，信息管理台账不健全。\n"
            "下一步，我处将扩大公开范围，建立信息管理台账，加强监督检查。",
            headings=["三、存在的问题", "四、下一步工作打算"],
        ),
    ]


def test_heading_kind_and_cues():
    assert wl.heading_kind("（一）存在的主要问题") == "problem"
    assert wl.heading_kind("（二）改进措施") == "improvement"
    assert wl.heading_kind("四、下一步工作打算") == "improvement"
    assert wl.heading_kind("五、存在的主要问题及改进情况") is None
    assert wl.cue_label("培训覆盖面有待扩大。")[0] == "problem"
    assert wl.cue_label("下一步将扩大培训覆盖面。")[0] == "improvement"
    assert wl.cue_label("主要表现在以下几个方面：")[0] == "other"
    assert wl.is_transition("针对上述问题，下一步将抓好以下工作：")


def test_weak_labels_leadin_is_not_a_transition():
    text = (
        "对照新的要求，我局工作还存在一些不足，主要表现在：一是公开栏目设置不够合理；二是答复文书用语不够规范。"
        "下一步，我局将重点做好以下工作：一是调整栏目设置；二是统一答复文书用语。"
    )
    weak = wl.weak_label_section(Section(key="problems", text=text))
    assert list(weak["label"]) == ["other", "problem", "problem", "other", "improvement", "improvement"]
    assert list(weak["source"])[1:3] == ["before_transition"] * 2


def test_weak_labels_by_source():
    weak = wl.weak_label_reports(small_reports())
    assert list(weak.columns) == list(wl.COLUMNS)
    assert {"subheading", "part"} <= set(weak["source"])
    sub = weak[weak["source"] == "subheading"]
    a = weak[weak["doc_id"] == "a"]
    assert list(a["label"]) == ["problem"] * 3 + ["improvement"] * 3
    assert len(sub) >= 8
    c = weak[weak["doc_id"] == "c"].set_index("statement_id")
    assert c["label"].iloc[0] == "other"  # the lead-in
    assert c["label"].iloc[-1] == "improvement"
    assert "problem" in set(c["label"])
    d = weak[weak["doc_id"] == "d"]
    assert list(d["label"])[:2] == ["other", "problem"]  # lead-in, then the problem
    assert d["label"].iloc[-1] == "improvement"
    assert set(d["source"]) <= {"part", "leadin", "cue"}
    assert weak["confidence"].between(0, 1).all()
    counts = wl.label_counts(weak)
    assert counts.loc["total", "total"] == len(weak)


def test_from_corpus_end_to_end():
    reports = small_reports()

    class Fake:  # duck-typed corpus
        def __init__(self, reps):
            self.reports = reps

    for corpus in (reports, iter(reports)):  # a list or any iterable of Reports
        quick = StatementClassifier.from_corpus(corpus, mix_training_data=False, calibrate=False)
        assert len(quick.weak_labels_) > 10
    clf = StatementClassifier.from_corpus(Fake(reports), random_state=0)
    assert isinstance(clf.weak_label_report_, pd.DataFrame)
    assert "subheading" in clf.weak_label_report_.index
    assert clf.weak_label_report_.loc["subheading", "problem"] >= 5
    pred = clf.predict(["政务公开专栏内容仍不够丰富。", "下一步将优化依申请办理流程。"])
    assert list(pred) == ["problem", "improvement"]
    # without the packaged training data it learns from the weak labels alone
    solo = StatementClassifier.from_corpus(reports, mix_training_data=False, cv=2)
    assert set(solo.classes_) >= {"problem", "improvement"}
    assert solo.n_train_ < 40


def test_from_corpus_without_usable_labels():
    with pytest.raises(ModelError, match="pretrained"):
        StatementClassifier.from_corpus([_report("x", "")], mix_training_data=False)


def test_from_corpus_without_a_problems_part_raises_even_when_mixing():
    """A corpus whose reports have no part 五 gives nothing to learn: a clear error, not a silent copy of pretrained()."""
    overview = Section(key="overview", number="一", heading="总体情况", text="本年度我局主动公开政府信息一百条。")
    no_part5 = [
        Report(meta=ReportMeta(doc_id=f"n{k}"), text=overview.text, sections={"overview": overview}) for k in range(3)
    ]
    with pytest.raises(ModelError, match="problems part") as exc:
        StatementClassifier.from_corpus(no_part5)  # mix_training_data=True by default
    assert "3 reports" in str(exc.value) and "pretrained" in str(exc.value)
    with pytest.raises(ModelError, match="no reports"):
        StatementClassifier.from_corpus([])


def test_from_corpus_counts_repeated_boilerplate_once():
    """The same part 五 reused word for word by several reports (or a report read twice) is one set of examples."""
    reports = small_reports()
    copies = reports + [_subheaded(f"a{k}", *_ab_texts()) for k in range(3)]
    kw = dict(mix_training_data=False, calibrate=False, char_min_df=1, word_min_df=1)
    once = StatementClassifier.from_corpus(copies, **kw)
    many = StatementClassifier.from_corpus(copies, dedupe=False, **kw)
    assert many.n_weak_used_ - once.n_weak_used_ == 3 * 6  # three extra copies of report a's 6 statements
    assert once.n_weak_used_ == StatementClassifier.from_corpus(reports, **kw).n_weak_used_
    assert once.weak_labels_["used"].sum() == once.n_weak_used_
    assert len(once.weak_labels_) == len(many.weak_labels_)  # every copy is still listed


def _ab_texts() -> tuple[str, str]:
    return (
        "一是政务新媒体更新频率偏低；二是公开专栏内容不够丰富；三是工作人员业务培训不足。",
        "一是建立新媒体定期更新制度；二是充实专栏内容；三是每半年组织一次业务培训。",
    )


def test_from_corpus_on_a_small_corpus_mixes_with_the_shipped_data(sample_dir):
    """Seven invented reports: their weak labels are used, the shipped statements keep the model general."""
    import nlp_reports as nr

    corpus = nr.read_corpus(sample_dir / "txt", progress=False)
    assert len(corpus.reports) == 7
    clf = StatementClassifier.from_corpus(corpus, random_state=0)
    rep = clf.weak_label_report_
    assert rep.loc["total", "problem"] >= 15 and rep.loc["total", "improvement"] >= 15
    assert rep.loc["total", "other"] >= 3
    assert 40 <= clf.n_weak_used_ < clf.n_train_  # weak labels + the packaged training statements
    # statements written for these tests, none of them in the sample corpus
    pred = clf.predict(X)
    assert (pred == np.asarray(Y)).mean() >= 0.85
    agree = (pred == StatementClassifier.pretrained().predict(X)).mean()
    assert agree >= 0.85  # a few reports refine the shipped model, they do not overturn it
    # without the shipped data the same seven reports still train a usable two-or-three-class model
    solo = StatementClassifier.from_corpus(corpus, mix_training_data=False, calibrate=False)
    assert solo.n_train_ == solo.n_weak_used_ < 80
    assert list(solo.predict(["政务公开专栏内容仍不够丰富。", "下一步将每季度组织一次业务培训。"])) == [
        "problem",
        "improvement",
    ]


# ---------------------------------------------------------------------------- real gold (measure only)


def _gold(real_corpus_dir: Path) -> pd.DataFrame:
    rows = [
        json.loads(line)
        for line in open(real_corpus_dir / "gold" / "statements.jsonl", encoding="utf-8")
        if line.strip()
    ]
    return pd.DataFrame([r for r in rows if "text" in r])


@pytest.mark.real
def test_real_pretrained_macro_f1(real_corpus_dir):
    gold = _gold(real_corpus_dir)
    pred = StatementClassifier.pretrained().predict(gold["text"].tolist())
    macro = f1_score(gold["label"], pred, average="macro")
    assert macro >= 0.85, f"pretrained macro-F1 {macro:.3f}"


@pytest.fixture(scope="module")
def real_text_pdf(real_corpus_dir):
    """The real reports of text/ and pdf/ (rendered/ repeats some text/ reports, so it is left out)."""
    import nlp_reports as nr

    return nr.read_corpus([real_corpus_dir / "text", real_corpus_dir / "pdf"], progress=False)


def _load_evaluate():
    return load_script("evaluate")


def test_leave_one_agency_out_never_trains_on_the_held_out_agency(monkeypatch):
    ev = _load_evaluate()
    reports = small_reports()
    keys = {"a": "甲局", "b": "甲局", "c": "乙委", "d": "丙处"}
    for r in reports:
        r.meta.agency_key = keys[r.meta.doc_id]

    class Fake:
        def __init__(self, reps):
            self.reports = reps

        @property
        def docvars(self) -> pd.DataFrame:
            return pd.DataFrame([{"doc_id": r.meta.doc_id, "agency_key": r.meta.agency_key} for r in self.reports])

    gold = pd.DataFrame(
        {
            "doc": ["a", "a", "c", "d", "zz"],
            "text": [
                "公开专栏内容不够丰富。",
                "下一步将充实专栏内容。",
                "解读材料通俗性有待提高。",
                "下一步将扩大公开范围。",
                "主要表现在：",
            ],
            "label": ["problem", "improvement", "problem", "improvement", "other"],
        }
    )
    seen: list[tuple[set, set]] = []
    original = StatementClassifier.from_corpus.__func__

    def spy(cls, corpus, **kw):
        clf = original(cls, corpus, **kw)
        seen.append({r.meta.doc_id for r in corpus})
        return clf

    monkeypatch.setattr(StatementClassifier, "from_corpus", classmethod(spy))
    pooled, folds = ev.leave_one_agency_out(Fake(reports), gold, calibrate=False, char_min_df=1, word_min_df=1)
    assert len(pooled) == len(gold) and list(pooled.index) == list(gold.index)
    assert set(pooled["pred"]) <= set(LABELS)
    assert set(folds.index) == {"甲局", "乙委", "丙处", "zz"}  # a gold report missing from the corpus is its own group
    assert len(seen) == 4
    for docs in seen:
        held = {d for d, k in keys.items() if d not in docs}
        assert held == set() or len({keys[d] for d in held}) == 1  # exactly one agency left out
    assert {"a", "b"}.isdisjoint(seen[sorted(folds.index).index("甲局")])
    assert folds.loc["甲局", "n_train_reports"] == 2 and folds.loc["zz", "n_train_reports"] == 4


@pytest.mark.real
def test_real_from_corpus_generalises_to_an_unseen_agency(real_text_pdf, real_corpus_dir):
    """Honest check: trained on the other agencies' reports, measured on the largest agency's gold (never seen)."""
    gold = _gold(real_corpus_dir)
    dv = real_text_pdf.docvars.set_index("doc_id")["agency_key"]
    gold["group"] = gold["doc"].map(dv)
    held = gold["group"].value_counts().index[0]
    train = [r for r in real_text_pdf.reports if r.meta.agency_key != held]
    assert 0 < len(train) < len(real_text_pdf.reports)
    clf = StatementClassifier.from_corpus(train, random_state=0)
    test = gold[gold["group"] == held]
    macro = f1_score(test["label"], clf.predict(test["text"].tolist()), average="macro")
    assert macro >= 0.88, f"from_corpus on an unseen agency ({len(test)} statements): macro-F1 {macro:.3f}"


@pytest.mark.real
def test_real_from_corpus_macro_f1(real_text_pdf, real_corpus_dir):
    """In-sample (trained on the reports it is measured on); the honest figure is the held-out test above."""
    corpus = real_text_pdf
    clf = StatementClassifier.from_corpus(corpus, base=StatementClassifier.pretrained(), random_state=0)
    gold = _gold(real_corpus_dir)
    macro = f1_score(gold["label"], clf.predict(gold["text"].tolist()), average="macro")
    assert macro >= 0.90, f"from_corpus macro-F1 {macro:.3f}"
    rep = clf.weak_label_report_
    assert rep.loc["total", "total"] >= 150
