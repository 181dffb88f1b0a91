"""Bootstrap intervals and classify-and-count corrections of theme and label shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import nlp_reports as nr
from nlp_reports.errors import NlpReportsError


def _frame(rng, n_docs=40, per_doc=10, true_share=0.3, tpr=0.7, fpr=0.1, clustered=False):
    rows = []
    for d in range(n_docs):
        p = (1.0 if rng.random() < true_share else 0.0) if clustered else true_share
        for _ in range(per_doc):
            truth = rng.random() < p
            tagged = rng.random() < (tpr if truth else fpr)
            rows.append(
                {
                    "doc_id": f"d{d}",
                    "level": "county" if d % 2 else "city",
                    "label": "problem",
                    "themes": ["platform"] if tagged else ["other_theme"],
                    "truth": truth,
                }
            )
    return pd.DataFrame(rows)


def test_ci_none_keeps_todays_columns(sample_corpus):
    st = sample_corpus.statements_frame()
    plain = nr.compare.theme_profile(st, by="level")
    assert plain.columns.tolist() == ["level", "label", "theme", "n", "share"]
    with_ci = nr.compare.theme_profile(st, by="level", ci=0.95)
    pd.testing.assert_frame_equal(with_ci[plain.columns], plain)
    assert with_ci.equals(nr.compare.theme_profile(st, by="level", ci=0.95))  # seeded
    with pytest.raises(NlpReportsError, match="confidence level"):
        nr.compare.theme_profile(st, by="level", ci=95)


def test_cluster_bootstrap_is_wider_for_clustered_reports():
    df = _frame(np.random.default_rng(0), clustered=True, tpr=1.0, fpr=0.0)
    by_doc = nr.compare.theme_profile(df, by="level", ci=0.95).query("theme == 'platform'")
    by_stmt = nr.compare.theme_profile(df, by="level", ci=0.95, cluster=None).query("theme == 'platform'")
    w_doc = (by_doc.ci_high - by_doc.ci_low).to_numpy()
    w_stmt = (by_stmt.ci_high - by_stmt.ci_low).to_numpy()
    assert (w_doc > 1.5 * w_stmt).all()
    assert ((by_doc.ci_low <= by_doc.share) & (by_doc.share <= by_doc.ci_high)).all()
    assert (by_doc.n_docs == 20).all()


def test_adjusted_classify_and_count_recovers_the_true_share():
    rng = np.random.default_rng(1)
    df = _frame(rng, n_docs=600, true_share=0.1, tpr=0.8, fpr=0.1)
    raw = nr.compare.theme_profile(df, by="level", ci=0.95, correct={"platform": (0.8, 0.1)}).query(
        "theme == 'platform'"
    )
    truth = df.groupby("level")["truth"].mean()
    for _, r in raw.iterrows():
        assert abs(r.share - truth[r.level]) > 0.05  # raw count biased: 0.8 * 0.1 + 0.1 * 0.9 = 0.17
        assert abs(r.share_corrected - truth[r.level]) < 0.03
        assert r.ci_low_corrected <= r.share_corrected <= r.ci_high_corrected
    with pytest.raises(NlpReportsError, match="normalize=True"):
        nr.compare.theme_profile(df, by="level", normalize=False, correct={"platform": (0.7, 0.1)})


def test_label_shares_with_ci_and_confusion_correction():
    rng = np.random.default_rng(2)
    labels = ["problem", "improvement", "other"]
    M = np.array([[0.8, 0.1, 0.1], [0.05, 0.9, 0.05], [0.2, 0.2, 0.6]])  # rows: true, columns: predicted
    true = rng.choice(3, size=6000, p=[0.5, 0.4, 0.1])
    pred = np.array([rng.choice(3, p=M[t]) for t in true])
    df = pd.DataFrame(
        {"doc_id": [f"d{i // 30}" for i in range(len(true))], "level": "all", "label": [labels[p] for p in pred]}
    )
    conf = pd.DataFrame((M * 1000).astype(int), index=labels, columns=labels)
    out = nr.compare.label_shares(df, by="level", ci=0.95, correct=conf).set_index("label")
    assert out["share"].sum() == pytest.approx(1.0)
    for j, lab in enumerate(labels):
        assert abs(out.loc[lab, "share_corrected"] - np.mean(true == j)) < 0.03
        assert out.loc[lab, "ci_low"] <= out.loc[lab, "share"] <= out.loc[lab, "ci_high"]
    assert abs(out.loc["other", "share"] - 0.1) > 0.03  # uncorrected is visibly off (0.136 expected)


def test_rates_from_a_validation_feed_the_correction():
    codes = pd.DataFrame(
        {
            "unit_id": list("abcdefgh"),
            "code_A": ["platform"] * 4 + ["staff"] * 4,
            "code_B": ["platform"] * 4 + ["staff"] * 4,
        }
    )
    codes.attrs.update(coders=["code_A", "code_B"], multi=True)
    pred = [["platform"], ["platform"], ["platform"], [], ["platform"], [], [], []]
    v = nr.validate.against_model(codes, predictions=pred, n_boot=20)
    r = v.rates().loc["platform"]
    assert r.tpr == pytest.approx(0.75) and r.fpr == pytest.approx(0.25)
