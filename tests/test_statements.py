"""Statement splitting of part 五: the three shapes, headings, concatenation, real-gold boundary F1."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from nlp_reports.nlp.statements import StatementSpan, split_statements, split_statements_spans

# shape 1: sub-headed （一）主要问题 / （二）改进措施
SUBHEADED = """（一）存在的主要问题
一是政策解读形式比较单一，图解、视频等解读产品偏少；二是部分单位栏目信息更新不够及时，个别栏目长期未更新；三是依申请公开答复文书规范性有待提升。
（二）改进措施
一是丰富解读形式，每季度至少制作2期图解产品。二是建立栏目巡查机制，每月开展一次网站自查，发现问题限期整改。三是规范答复文书格式，2025年底前修订答复模板。"""

# shape 2: one paragraph of problems, then "针对存在问题，下一步……一是……二是……"
ONE_PARAGRAPH = (
    "2024年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：主动公开的深度不够、"
    "政策解读质量不高、工作人员业务能力有待提高。针对存在问题，下一步将抓好以下工作："
    "一是加强主动公开，持续拓展公开范围；二是提升解读质量，做好政策文件与解读材料同步发布；"
    "三是强化业务培训，全年组织培训不少于3次。"
)

# shape 3: an older report's problems part + improvements part joined by '\n'
TWO_PARTS = """我办信息公开工作还存在一些问题，主要是公开内容不够全面，更新不及时，与群众期待还有差距。
明年，我办将进一步完善信息公开制度，加强网站建设，丰富公开形式，确保信息公开及时、准确。"""


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_subheaded_shape():
    spans = split_statements_spans(SUBHEADED)
    assert [s.item for s in spans] == ["一是", "二是", "三是", "一是", "二是", "三是"]
    assert [s.heading for s in spans[:3]] == ["（一）存在的主要问题"] * 3
    assert [s.heading for s in spans[3:]] == ["（二）改进措施"] * 3
    assert spans[0].text == "一是政策解读形式比较单一，图解、视频等解读产品偏少；"
    assert all("主要问题" not in s.text and "改进措施" not in s.text for s in spans)


def test_one_paragraph_shape():
    got = split_statements(ONE_PARAGRAPH)
    assert got == [
        "2024年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：",
        "主动公开的深度不够、",
        "政策解读质量不高、",
        "工作人员业务能力有待提高。",
        "针对存在问题，下一步将抓好以下工作：",
        "一是加强主动公开，持续拓展公开范围；",
        "二是提升解读质量，做好政策文件与解读材料同步发布；",
        "三是强化业务培训，全年组织培训不少于3次。",
    ]


def test_two_parts_shape():
    got = split_statements(TWO_PARTS)
    assert got[0] == "我办信息公开工作还存在一些问题，"
    assert "主要是公开内容不够全面，" in got  # the lead-in word stays with the first item
    assert "明年，我办将进一步完善信息公开制度，" in got  # a time prefix stays with its clause
    assert "加强网站建设，" in got and "丰富公开形式，" in got
    assert got[-1] == "确保信息公开及时、准确。"  # items sharing one predicate are not split


def test_shared_predicate_not_split():
    assert split_statements("个别单位政策解读内容简单、形式单一。") == ["个别单位政策解读内容简单、形式单一。"]


def test_own_predicates_split_with_leadin():
    got = split_statements("如网站栏目更新不及时、解读材料质量有待提高、新媒体互动功能还需加强等。")
    assert got == ["如网站栏目更新不及时、", "解读材料质量有待提高、", "新媒体互动功能还需加强等。"]


def test_problem_then_measure_inside_item():
    got = split_statements("一是培训覆盖面不够广。下一步将每半年组织一次全员培训。二是公开目录有待更新。")
    assert got == ["一是培训覆盖面不够广。", "下一步将每半年组织一次全员培训。", "二是公开目录有待更新。"]
    spans = split_statements_spans("一是培训覆盖面不够广。我们将每半年组织一次全员培训。")
    assert [s.item for s in spans] == ["一是", "一是"]
    assert [s.text for s in spans] == ["一是培训覆盖面不够广。", "我们将每半年组织一次全员培训。"]


def test_numbered_items_and_title_item():
    text = "（一）进一步规范公开流程\n1.严格执行发布审核制度，落实三审三校。\n2、每月开展一次网站自查。"
    got = split_statements(text)
    assert got == ["（一）进一步规范公开流程", "1.严格执行发布审核制度，落实三审三校。", "2、每月开展一次网站自查。"]


def test_inline_subheading_and_soft_line_break():
    text = "（一）主要问题。一是信息发布不够\n及时；二是解读形式单一。\n（二）改进措施：一是优化发布流程；二是丰富解读形式。"
    spans = split_statements_spans(text)
    assert [s.text for s in spans] == [
        "一是信息发布不够及时；",
        "二是解读形式单一。",
        "一是优化发布流程；",
        "二是丰富解读形式。",
    ]
    assert spans[0].heading == "（一）主要问题。" and spans[2].heading == "（二）改进措施："


@pytest.mark.parametrize("text", [SUBHEADED, ONE_PARAGRAPH, TWO_PARTS])
def test_concatenation_and_offsets(text):
    spans = split_statements_spans(text)
    assert all(isinstance(s, StatementSpan) for s in spans)
    joined = "".join(s.text for s in spans)
    expected = _nows(text)
    for head in ("（一）存在的主要问题", "（二）改进措施"):
        expected = expected.replace(head, "")
    assert joined == expected
    for s in spans:
        assert _nows(text[s.start : s.end]) == s.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_empty_and_heading_only():
    assert split_statements("") == []
    assert split_statements("（一）存在的主要问题\n（二）改进措施") == []


def _eval_module():
    from conftest import load_script

    return load_script("eval_boundaries")


@pytest.mark.parametrize("mode", ["text", "concat"])
def test_boundary_f1_on_real_gold(mode):
    corpus = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if not corpus:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    mod = _eval_module()
    cases = mod.build_cases(Path(corpus), mode)
    assert len(cases) >= 20
    res = mod.evaluate(cases)
    assert res["f1"] >= 0.95, res
