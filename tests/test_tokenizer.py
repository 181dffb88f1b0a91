"""Tokenizer: spec example, options, pickling, joblib workers, TfidfVectorizer."""

from __future__ import annotations

import pickle

import pytest

from nlp_reports.errors import NlpReportsError
from nlp_reports.nlp.tokenizer import DOMAIN_DICT, Tokenizer


@pytest.fixture(scope="module")
def tok() -> Tokenizer:
    return Tokenizer()


def test_spec_example(tok):
    assert tok("依申请公开答复文书规范性有待提升") == ["依申请公开", "答复", "文书", "规范性", "有待", "提升"]


def test_domain_terms_kept_whole(tok):
    words = tok("政务新媒体实行三审三校，加强保密审查和源头认定，核对勾稽关系")
    for term in ("政务新媒体", "三审三校", "保密审查", "源头认定", "勾稽关系"):
        assert term in words


def test_domain_dict_format():
    lines = [ln.split() for ln in DOMAIN_DICT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) >= 200
    assert all(len(ln) == 3 and ln[1].isdigit() for ln in lines)
    assert "答复文书" not in {ln[0] for ln in lines}


def test_stopwords_and_numbers(tok):
    words = tok("我们将在2025年对政务公开工作进行检查。")
    assert "的" not in words and "将" not in words and "在" not in words and "。" not in words
    assert "2025" not in words
    raw = Tokenizer(remove_stopwords=False, drop_numbers=False)("在2025年将加强培训。")
    assert "在" in raw and "将" in raw and "2025" in raw


def test_min_len(tok):
    words = Tokenizer(min_len=2)("加强业务培训和队伍建设")
    assert words and all(len(w) >= 2 for w in words)


def test_pos(tok):
    pairs = tok.tokenize_pos("进一步加强政策解读")
    assert ("政策解读", "n") in pairs
    assert any(w == "加强" and f.startswith("v") for w, f in pairs)
    assert "加强/v" in Tokenizer(pos=True)("加强政策解读")


def test_own_instance_does_not_touch_global_jieba(tok):
    import jieba

    tok("政务新媒体")
    assert "政务新媒体" not in jieba.dt.FREQ


def test_user_dict(tmp_path):
    d = tmp_path / "mine.txt"
    d.write_text("答复文书 50000 n\n", encoding="utf-8")
    assert "答复文书" in Tokenizer(user_dict=d)("依申请公开答复文书规范性有待提升")
    with pytest.raises(NlpReportsError, match="not found"):
        Tokenizer(user_dict=tmp_path / "missing.txt")


def test_empty(tok):
    assert tok("") == [] and tok.tokenize_pos("") == []


def test_pickle_roundtrip(tok):
    tok("预热")
    clone = pickle.loads(pickle.dumps(tok))
    assert clone.get_params() == tok.get_params()
    assert clone._jieba is None  # rebuilt lazily
    assert clone("依申请公开答复文书规范性有待提升") == tok("依申请公开答复文书规范性有待提升")
    assert len(pickle.dumps(tok)) < 1000
    assert repr(clone).startswith("Tokenizer(pos=False")


def _segment(tk: Tokenizer, text: str) -> list[str]:
    return tk(text)


def test_joblib_parallel(tok):
    from joblib import Parallel, delayed

    texts = ["依申请公开答复文书规范性有待提升", "政策解读形式不够丰富"]
    out = Parallel(n_jobs=2, backend="loky")(delayed(_segment)(tok, t) for t in texts)
    assert out == [tok(t) for t in texts]


def test_tfidf(tok):
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = ["加强政策解读，丰富解读形式", "规范依申请公开办理流程", "政务新媒体检查每季度开展一次"]
    vec = TfidfVectorizer(tokenizer=tok, token_pattern=None, lowercase=False)
    X = vec.fit_transform(docs)
    vocab = set(vec.get_feature_names_out())
    assert {"政策解读", "依申请公开", "政务新媒体"} <= vocab
    assert X.shape == (3, len(vocab))
    pickle.loads(pickle.dumps(vec)).transform(docs)
