"""discover_topics: NMF topics on our tokens, frames, determinism."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp_reports.errors import ModelError
from nlp_reports.nlp.topics import Topics, discover_topics

# three clear topics, written for this test
TEXTS = [
    "政府网站栏目更新不及时，网站维护不到位。",
    "加强政府网站建设，规范网站栏目管理。",
    "政府网站检索功能不便，网站栏目设置混乱。",
    "优化政府网站栏目，提升网站服务功能。",
    "政策解读形式单一，解读材料质量不高。",
    "丰富政策解读形式，推出图解解读材料。",
    "政策解读与文件同步发布，提高解读质量。",
    "政策解读材料通俗易懂，解读形式多样。",
    "工作人员业务培训不足，培训覆盖面窄。",
    "定期组织业务培训，提升工作人员能力。",
    "加强业务培训，工作人员培训常态化。",
    "工作人员流动大，业务培训跟不上。",
]


def test_discover_topics_frames():
    topics = discover_topics(TEXTS, n_topics=3, random_state=0, top_n=5)
    assert isinstance(topics, Topics)
    assert list(topics.terms.columns) == ["topic", "rank", "term", "weight"]
    assert topics.terms.groupby("topic").size().max() <= 5
    assert topics.doc_topics.shape == (len(TEXTS), 3)
    assert topics.n_topics == 3
    # each block of four texts is dominated by one topic, a different one per block
    dominant = topics.doc_topics.to_numpy().argmax(axis=1)
    blocks = [set(dominant[i : i + 4]) for i in range(0, 12, 4)]
    assert all(len(b) == 1 for b in blocks)
    assert len(set.union(*blocks)) == 3
    tops = {tuple(topics.top_terms(k)[:3]) for k in range(3)}
    joined = " ".join(" ".join(t) for t in tops)
    assert "网站" in joined and "解读" in joined and "培训" in joined
    new = topics.transform(["网站栏目需要更新"])
    assert list(new.columns) == list(topics.doc_topics.columns)


def test_deterministic():
    a = discover_topics(TEXTS, n_topics=3, random_state=0)
    b = discover_topics(TEXTS, n_topics=3, random_state=0)
    pd.testing.assert_frame_equal(a.terms, b.terms)
    pd.testing.assert_frame_equal(a.doc_topics, b.doc_topics)


def test_more_topics_than_documents_is_capped():
    topics = discover_topics(TEXTS[:3], n_topics=8)
    assert topics.n_topics <= 3


def test_errors():
    with pytest.raises(ModelError):
        discover_topics(["只有一条"], n_topics=2)
    with pytest.raises(ModelError):
        discover_topics(TEXTS, n_topics=0)
