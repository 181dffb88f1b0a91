"""nr.validate: agreement statistics against published values, coding sheets, model vs human metrics."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

import nlp_reports as nr
from nlp_reports.errors import CodingError
from nlp_reports.validate import (
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
)

NA = np.nan
#: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12 units,
#: nominal data with missing values; the paper gives alpha = 0.743.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
    "C": [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
}


def test_alpha_reproduces_krippendorffs_nominal_example():
    assert round(krippendorff_alpha(pd.DataFrame(KRIPPENDORFF_2011)), 3) == 0.743
    out = agreement(pd.DataFrame(KRIPPENDORFF_2011), n_boot=300)
    row = out[out.statistic == "krippendorff_alpha"].iloc[0]
    assert round(row.estimate, 3) == 0.743 and row.n_units == 11  # unit 12 has one value: not pairable
    assert row.ci_low < row.estimate <= row.ci_high
    assert (out.statistic == "cohen_kappa").sum() == 6  # every pair of the four coders


def test_alpha_extremes_and_percent_agreement():
    same = pd.DataFrame({"A": list("abcab"), "B": list("abcab")})
    assert krippendorff_alpha(same) == pytest.approx(1.0)
    assert percent_agreement(same) == 1.0
    assert percent_agreement(pd.DataFrame({"A": list("aabb"), "B": list("abab")})) == 0.5
    # systematic disagreement is worse than chance
    assert krippendorff_alpha(pd.DataFrame({"A": list("abab"), "B": list("baba")})) < 0


def test_kappa_equals_sklearn():
    rng = np.random.default_rng(3)
    a = rng.choice(["p", "i", "o"], size=120)
    b = np.where(rng.random(120) < 0.7, a, rng.choice(["p", "i", "o"], size=120))
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    out = agreement(pd.DataFrame({"code_A": a, "code_B": b}), n_boot=200, seed=5)
    k = out[out.statistic == "cohen_kappa"].iloc[0]
    assert k.estimate == pytest.approx(cohen_kappa_score(a, b))
    assert k.ci_low < k.estimate < k.ci_high
    assert out.equals(agreement(pd.DataFrame({"code_A": a, "code_B": b}), n_boot=200, seed=5))


@pytest.fixture(scope="module")
def st(sample_corpus):
    return sample_corpus.statements_frame()


def test_sample_is_stratified_stable_and_blind(st):
    s = nr.validate.sample(st, n=24, by=["label", "level"], seed=1)
    assert len(s) == 24 and s["unit_id"].is_unique
    assert "label" not in s.columns and "proba" not in s.columns  # coders must not see the model's answer
    strata = st.groupby(["label", "level"]).size()
    got = (
        st.assign(unit_id=nr.validate.unit_ids(st))
        .set_index("unit_id")
        .loc[s["unit_id"]]
        .groupby(["label", "level"])
        .size()
    )
    assert set(got.index) == set(strata.index)  # every stratum represented
    assert nr.validate.sample(st, n=24, by=["label", "level"], seed=1).equals(s)
    assert not nr.validate.sample(st, n=24, by=["label", "level"], seed=2)["unit_id"].equals(s["unit_id"])
    with pytest.raises(CodingError, match="cannot stratify"):
        nr.validate.sample(st, n=5, by="nope")


def _fill(sheet, rng, truth, flip=0.15):
    out = pd.DataFrame(sheet).copy()
    for c in ("code_A", "code_B"):
        out[c] = [t if rng.random() > flip else rng.choice(["problem", "improvement", "other"]) for t in truth]
    return out


def test_excel_round_trip_and_bad_codes(st, tmp_path):
    s = nr.validate.sample(st, n=20, by="label", seed=1)
    s.to_excel(tmp_path / "to_code.xlsx")
    sheets = pd.read_excel(tmp_path / "to_code.xlsx", sheet_name=None)
    assert list(sheets) == ["to_code", "codebook"]
    cb = sheets["codebook"]
    assert set(cb.loc[cb.kind == "code", "name"]) == {"problem", "improvement", "other"}
    assert "code_A" in set(cb.loc[cb.kind == "column", "name"])
    truth = st.set_index(nr.validate.unit_ids(st)).loc[s["unit_id"], "label"].tolist()
    filled = _fill(s, np.random.default_rng(0), truth)
    filled.loc[3, "code_B"] = None  # a blank is a missing code
    with pd.ExcelWriter(tmp_path / "coded.xlsx") as xw:
        filled.to_excel(xw, sheet_name="to_code", index=False)
        cb.to_excel(xw, sheet_name="codebook", index=False)
    codes = nr.validate.read_codes(tmp_path / "coded.xlsx")
    assert codes.attrs["coders"] == ["code_A", "code_B"] and codes.loc[3, "code_B"] is None
    assert codes["unit_id"].tolist() == s["unit_id"].tolist()
    filled.loc[5, "code_A"] = "problme"
    with pd.ExcelWriter(tmp_path / "bad.xlsx") as xw:
        filled.to_excel(xw, sheet_name="to_code", index=False)
        cb.to_excel(xw, sheet_name="codebook", index=False)
    with pytest.raises(CodingError, match=r"problme.*not in the codebook|not in the codebook.*problme"):
        nr.validate.read_codes(tmp_path / "bad.xlsx")


def test_read_codes_one_file_per_coder_and_errors(st, tmp_path):
    s = nr.validate.sample(st, n=10, seed=1, coders=["A"])
    a = pd.DataFrame(s).assign(code_A="problem")
    b = pd.DataFrame(s).rename(columns={"code_A": "code_B"}).assign(code_B="other")
    a.to_csv(tmp_path / "a.csv", index=False)
    b.to_csv(tmp_path / "b.csv", index=False)
    codes = nr.validate.read_codes([tmp_path / "a.csv", tmp_path / "b.csv"], codes=["problem", "improvement", "other"])
    assert codes.attrs["coders"] == ["code_A", "code_B"] and len(codes) == 10
    with pytest.raises(CodingError, match="two or more"):
        nr.validate.read_codes(tmp_path / "a.csv")
    pd.concat([a, a.iloc[:1]]).to_csv(tmp_path / "dup.csv", index=False)
    with pytest.raises(CodingError, match="more than once"):
        nr.validate.read_codes([tmp_path / "dup.csv", tmp_path / "b.csv"])
    with pytest.raises(CodingError, match="not found"):
        nr.validate.read_codes(tmp_path / "missing.xlsx")
    s.to_csv(tmp_path / "sheet.csv")  # CodingSheet.to_csv writes its codebook beside
    assert (tmp_path / "sheet.codebook.csv").exists()


def test_against_model_matches_sklearn(st):
    rng = np.random.default_rng(1)
    s = nr.validate.sample(st, n=40, seed=1)
    truth = st.set_index(nr.validate.unit_ids(st)).loc[s["unit_id"], "label"].tolist()
    codes = _fill(s, rng, truth, flip=0.0)
    codes.attrs["coders"] = ["code_A", "code_B"]
    pred = [t if rng.random() > 0.25 else "other" for t in truth]
    res = nr.validate.against_model(codes, predictions=pred, n_boot=300)
    classes = sorted(set(truth) | set(pred))
    p, _, f, n = precision_recall_fscore_support(truth, pred, labels=classes, zero_division=np.nan)
    m = res.metrics.set_index("class")
    assert np.allclose(m.loc[classes, "precision"], p, equal_nan=True)
    assert np.allclose(m.loc[classes, "f1"], f)
    assert (m.loc[classes, "support"] == n).all()
    assert m.loc["accuracy", "f1"] == pytest.approx(np.mean(np.array(truth) == np.array(pred)))
    assert (m["f1_low"] <= m["f1"] + 1e-12).all() and (m["f1"] <= m["f1_high"] + 1e-12).all()
    assert int(res.confusion.to_numpy().sum()) == 40 and res.confusion.loc["problem", "problem"] == sum(
        t == q == "problem" for t, q in zip(truth, pred)
    )
    # with the shipped model on the text column
    res2 = nr.validate.against_model(codes, model=nr.StatementClassifier.pretrained(), n_boot=100)
    assert res2.metrics.set_index("class").loc["accuracy", "f1"] > 0.8


def _toy_codebook():
    return nr.Codebook.from_dict(
        {
            "codes": [
                {"code": "staff", "definition": "人员", "seed_terms": ["培训", "人员", "队伍"]},
                {"code": "web", "definition": "网站", "seed_terms": ["网站", "平台", "栏目"]},
            ]
        }
    )


def _toy_data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    staff = ["业务培训不足", "人员力量薄弱", "队伍建设滞后", "培训形式单一", "工作人员专业能力欠缺", "加强人员培训"]
    web = ["网站栏目更新慢", "平台功能不完善", "网站检索不便", "栏目设置不合理", "政务平台访问卡顿", "优化网站栏目"]
    texts, labels = [], []
    for i in range(n):
        lab = "staff" if i % 2 else "web"
        pool = staff if lab == "staff" else web
        texts.append(pool[rng.integers(len(pool))] + ["，", "。", "；"][i % 3] + str(i % 7))
        labels.append(lab)
    return texts, labels


def test_learning_curve_and_next_to_code(st):
    texts, labels = _toy_data()
    model = nr.CodebookClassifier(_toy_codebook(), use_words=False)
    lc = nr.validate.learning_curve(model, texts, labels, cv=3, sizes=[10, 20, 30])
    assert lc["n_train"].tolist() == [10, 20, 30] and lc["score"].between(0, 1).all()
    assert lc.attrs["metric"] == "macro_f1" and len(lc["scores"].iloc[0]) == 3
    assert not hasattr(model, "models_")  # the model passed in is cloned, not fitted
    fitted = model.fit(texts, labels)
    nxt = nr.validate.next_to_code(fitted, st, n=7)
    assert len(nxt) == 7 and nxt["uncertainty"].is_monotonic_decreasing
    assert set(nxt.codes) == {"staff", "web"}
    again = nr.validate.next_to_code(fitted, st, n=7, exclude=nxt)
    assert not set(again["unit_id"]) & set(nxt["unit_id"])
