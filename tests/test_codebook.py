"""Codebook (Excel / YAML / JSON) and CodebookClassifier (sklearn API, single/multi-label, JSON model files)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import nlp_reports as nr
from nlp_reports.errors import CodebookError, NotFittedError

from tests.test_validate import _toy_codebook, _toy_data


def test_codebook_round_trips(tmp_path):
    cb = nr.Codebook.from_dict(
        {
            "name": "demo",
            "codes": [
                {
                    "code": "staff",
                    "definition": "人员与培训",
                    "seed_terms": "培训；人员、队伍",
                    "examples": "人员少\n培训少",
                },
                {"code": "web", "definition": "网站", "seed_terms": ["网站", "栏目"]},
            ],
        }
    )
    assert cb.codes[0].seed_terms == ("培训", "人员", "队伍") and cb.codes[0].examples == ("人员少", "培训少")
    cb.to_excel(tmp_path / "cb.xlsx")
    assert nr.Codebook.from_excel(tmp_path / "cb.xlsx").codes == cb.codes
    cb.to_json(tmp_path / "cb.json")
    assert nr.Codebook.from_json(tmp_path / "cb.json") == cb
    yaml = pytest.importorskip("yaml")
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(cb.to_dict(), allow_unicode=True), encoding="utf-8")
    assert nr.Codebook.from_yaml(tmp_path / "cb.yaml") == cb
    with pytest.raises(CodebookError, match="twice"):
        nr.Codebook.from_dict({"codes": [{"code": "a"}, {"code": "a"}]})
    with pytest.raises(CodebookError, match="no 'code' column"):
        pd.DataFrame({"x": [1]}).to_excel(tmp_path / "bad.xlsx", index=False)
        nr.Codebook.from_excel(tmp_path / "bad.xlsx")


def test_single_label_estimator_api_and_json(tmp_path):
    texts, labels = _toy_data()
    m = nr.CodebookClassifier(_toy_codebook(), use_words=False)
    with pytest.raises(NotFittedError):
        m.predict(["网站"])
    assert clone(m).get_params()["C"] == 5.0
    m.fit(texts, labels)
    test = ["开展人员业务培训", "网站栏目改版", "队伍不稳定"]
    assert m.predict(test).tolist() == ["staff", "web", "staff"]
    proba = m.predict_proba(test)
    assert proba.shape == (3, 2) and np.allclose(proba.sum(axis=1), 1)
    m.save(tmp_path / "m.json")
    assert json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["kind"] == "codebook_classifier"
    back = nr.CodebookClassifier.load(tmp_path / "m.json")
    assert np.allclose(back.predict_proba(test), proba, atol=1e-5)
    again = nr.CodebookClassifier(_toy_codebook(), use_words=False).fit(texts, labels)
    assert np.allclose(again.predict_proba(test), proba)  # seeded, deterministic
    with pytest.raises(CodebookError, match="not codes of the codebook"):
        nr.CodebookClassifier(_toy_codebook()).fit(texts[:2], ["staff", "budget"])


def test_multi_label(tmp_path):
    cb = nr.Codebook.from_dict(
        {
            "multi_label": True,
            "codes": [
                {"code": "staff", "seed_terms": ["培训", "人员"]},
                {"code": "web", "seed_terms": ["网站", "栏目"]},
                {"code": "rules", "seed_terms": ["制度", "规范"]},
            ],
        }
    )
    texts = [
        "加强人员培训",
        "优化网站栏目",
        "健全制度规范",
        "人员培训和网站维护",
        "完善制度并开展培训",
        "网站栏目规范化",
    ] * 6
    labels = [["staff"], ["web"], ["rules"], ["staff", "web"], ["rules", "staff"], ["web", "rules"]] * 6
    m = nr.CodebookClassifier(cb, use_words=False).fit(texts, labels)
    assert m.multi_label_ and m.predict_proba(["培训"]).shape == (1, 3)
    pred = m.predict(["开展人员培训，改版网站栏目"])[0]
    assert set(pred) == {"staff", "web"}
    m.save(tmp_path / "ml.json")
    assert nr.CodebookClassifier.load(tmp_path / "ml.json").predict(["开展人员培训，改版网站栏目"])[0] == pred


def test_few_hundred_labels_suffice_on_real_statements(real_corpus_dir):
    """Trained on 300 of the statements written for the project, the statement labels of the real gold."""
    from sklearn.metrics import f1_score

    from nlp_reports.nlp.classifier import load_training_statements
    from nlp_reports.validate.coding import LABEL_CODES

    train = load_training_statements().sample(n=300, random_state=0)
    gold = pd.read_json(real_corpus_dir / "gold" / "statements.jsonl", lines=True)
    gold = gold[gold["text"].notna()]
    cb = nr.Codebook.from_dict({"codes": [{"code": k, "definition": v} for k, v in LABEL_CODES.items()]})
    m = nr.CodebookClassifier(cb).fit(train["text"].tolist(), train["label"].tolist())
    assert f1_score(gold["label"], m.predict(gold["text"].tolist()), average="macro") >= 0.85
