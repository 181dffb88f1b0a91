"""Calibration helpers: ECE and reliability tables on hand-computed data, Platt scaling, the diagram,
and the calibration of both shipped models on the real gold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp_reports.nlp.calibration import (
    PlattScaler,
    expected_calibration_error,
    multilabel_ece,
    multilabel_outcomes,
    reliability_table,
    top_label,
)


def test_ece_by_hand():
    # bin [0.8667, 0.9333): confidence 0.9, frequency 0.75 -> |0.15| * 4/5; bin of 0.1: 0.1 * 1/5
    assert expected_calibration_error([0.9, 0.9, 0.9, 0.9, 0.1], [1, 1, 1, 0, 0]) == pytest.approx(
        0.8 * 0.15 + 0.2 * 0.1
    )
    assert expected_calibration_error([0.5, 0.5], [1, 0]) == pytest.approx(0.0)
    assert expected_calibration_error([1.0, 1.0], [0, 0]) == pytest.approx(1.0)  # 1.0 falls in the last bin
    t = reliability_table([0.05, 0.95, 0.97], [0, 1, 0], n_bins=10)
    assert t["n"].tolist() == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert t.loc[9, "confidence"] == pytest.approx(0.96) and t.loc[9, "frequency"] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        reliability_table([0.1, 0.2], [1])


def test_top_label_and_multilabel():
    conf, correct = top_label(np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]), [0, 1])
    assert conf.tolist() == [0.7, 0.6] and correct.tolist() == [1.0, 0.0]
    P = np.array([[0.9, 0.1], [0.2, 0.8]])
    G = multilabel_outcomes(P, [["a"], ["a", "b", "zzz"]], ["a", "b"])
    assert G.tolist() == [[1, 0], [1, 1]]
    res = multilabel_ece(P, [["a"], ["a", "b"]], ["a", "b"])
    assert set(res["per_class"]) == {"a", "b"}
    assert res["classwise"] == pytest.approx(np.mean(list(res["per_class"].values())))


def test_platt_scaler_repairs_overconfidence():
    rng = np.random.default_rng(0)
    true_p = rng.uniform(0.02, 0.98, 4000)
    y = (rng.uniform(size=true_p.size) < true_p).astype(int)
    # an overconfident score: logits three times too large
    z = 3 * np.log(true_p / (1 - true_p))
    score = 1 / (1 + np.exp(-z))
    sc = PlattScaler.fit(score, y)
    assert sc.a == pytest.approx(1 / 3, abs=0.05)
    before = expected_calibration_error(score, y)
    after = expected_calibration_error(sc.transform(score), y)
    assert after < 0.03 < before
    assert PlattScaler.from_list(json.loads(json.dumps(sc.to_list()))).transform(0.7) == pytest.approx(
        sc.transform(0.7)
    )
    assert PlattScaler.fit([0.2, 0.9], [0, 0]) == PlattScaler()  # one class only: identity
    assert PlattScaler().transform(0.3) == pytest.approx(0.3)


def test_reliability_diagram():
    import matplotlib

    matplotlib.use("Agg")
    import nlp_reports as nr

    fig = nr.plot.reliability_diagram({"model": ([0.1, 0.5, 0.9, 0.95], [0, 1, 1, 1])}, title="t")
    ax = fig.axes[0]
    assert "ECE" in ax.get_legend().get_texts()[1].get_text()
    assert ax.get_xlim() == (0.0, 1.0)


@pytest.mark.real
def test_real_gold_calibration(real_corpus_dir: Path):
    import nlp_reports as nr

    rows = [json.loads(x) for x in open(real_corpus_dir / "gold" / "statements.jsonl", encoding="utf-8") if x.strip()]
    rows = [r for r in rows if "text" in r]
    texts = [r["text"] for r in rows]
    clf = nr.StatementClassifier.pretrained()
    classes = list(clf.classes_)
    conf, correct = top_label(clf.predict_proba(texts), [classes.index(r["label"]) for r in rows])
    assert expected_calibration_error(conf, correct) <= 0.05
    tagger = nr.ThemeTagger.pretrained()
    res = multilabel_ece(tagger.predict_proba(texts), [r.get("themes", []) for r in rows], list(tagger.classes_))
    assert res["pooled"] <= 0.05
