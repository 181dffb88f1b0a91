"""Commitment extraction: columns, filtering, specificity, time frames, targets."""
from __future__ import annotations

import pandas as pd
import pytest

from nlp_reports.errors import NlpReportsError
from nlp_reports.nlp.commitments import COLUMNS, extract_commitments, looks_like_improvement, parse_commitment
from nlp_reports.nlp.statements import split_statements_spans

CONCRETE = "每季度开展一次政务新媒体检查"
FORMULA = "进一步加强政务公开工作"


def test_concrete_vs_formula_specificity():
    c, f = parse_commitment(CONCRETE), parse_commitment(FORMULA)
    assert c["specificity"] >= 0.8
    assert f["specificity"] <= 0.2
    assert c["action"] == "开展" and c["object"] == "政务新媒体检查"
    assert f["action"] == "加强" and f["object"] == "政务公开工作" and f["intensity"] == "进一步"


def test_specificity_is_monotone_in_detail():
    bare = parse_commitment("加强网站建设")["specificity"]
    dated = parse_commitment("2025年底前加强网站建设")["specificity"]
    counted = parse_commitment("2025年底前开展3次网站检查")["specificity"]
    assert 0.0 <= bare < dated < counted <= 1.0


@pytest.mark.parametrize(
    "text, expected",
    [
        ("下一步，将持续优化公开目录", "下一步"),
        ("2025年底前完成公开指南修订", "2025年底前"),
        ("年底前完成网站栏目清理", "年底前"),
        ("每季度通报一次检查结果", None),  # a frequency, not a time frame (column ``frequency``)
        ("今后将健全长效机制", "今后"),
        ("2023年已完成网站改版，2025年将优化栏目", "2025年"),  # the clause of what was done is past
        ("为确保年底前完成整改，下一步将细化台账", "下一步"),  # not the date of a clause of purpose
        ("完善政策解读机制", None),
    ],
)
def test_time_frames(text, expected):
    assert parse_commitment(text)["time_frame"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (CONCRETE, "每季度开展一次"),
        ("确保答复按时率达到100%", "达到100%"),
        ("全年组织业务培训不少于3次", "不少于3次"),
        ("实现基层政务公开专区全覆盖", "全覆盖"),
        (FORMULA, None),
    ],
)
def test_targets(text, expected):
    assert parse_commitment(text)["target"] == expected


def test_actions_and_noun_uses():
    p = parse_commitment("一是建立健全发布审核机制，定期组织业务培训，严格落实三审三校。")
    assert p["actions"][:1] == ["建立健全"]
    assert "组织" in p["actions"] and "落实" in p["actions"]
    assert p["action"] == "建立健全" and p["object"] == "发布审核机制"
    # 公开 inside 政务公开工作 is a noun, not an action
    assert "公开" not in parse_commitment(FORMULA)["actions"]


def test_looks_like_improvement():
    assert looks_like_improvement("二是提升解读质量，做好政策文件与解读材料同步发布；")
    assert not looks_like_improvement("政务公开队伍建设还需进一步加强")
    assert not looks_like_improvement("针对存在问题，下一步将抓好以下工作：")
    assert not looks_like_improvement("政策解读形式不够丰富，")


def test_extract_with_labels_and_themes():
    stmts = ["解读形式比较单一；", CONCRETE, FORMULA]
    df = extract_commitments(stmts, labels=["problem", "improvement", "improvement"],
                             themes=[["policy_interpretation"], ["platform"], []])
    assert list(df.columns) == list(COLUMNS)
    assert df["statement_id"].tolist() == [1, 2]
    assert df["themes"].tolist() == [["platform"], []]
    assert df.loc[df.statement_id == 1, "specificity"].item() > df.loc[df.statement_id == 2, "specificity"].item()


def test_extract_without_labels_uses_cues():
    text = ("（一）主要问题\n一是政策解读形式单一；二是信息更新不够及时。\n（二）改进措施\n"
            "一是每季度开展一次政务新媒体检查；二是进一步加强政务公开工作。")
    spans = split_statements_spans(text)
    df = extract_commitments(spans)
    assert df["statement_id"].tolist() == [2, 3]
    assert df["themes"].tolist() == [[], []]
    assert isinstance(df["actions"].iloc[0], list)


def test_extract_from_frame_and_empty():
    frame = pd.DataFrame({"statement_id": ["d-0", "d-1"], "text": [CONCRETE, "取得了一定成效。"],
                          "label": ["improvement", "other"]})
    df = extract_commitments(frame)
    assert df["statement_id"].tolist() == ["d-0"]
    empty = extract_commitments([])
    assert list(empty.columns) == list(COLUMNS) and len(empty) == 0


def test_errors():
    with pytest.raises(NlpReportsError, match="one label per statement"):
        extract_commitments([CONCRETE], labels=["improvement", "problem"])
    with pytest.raises(NlpReportsError, match="split the text first"):
        extract_commitments(CONCRETE)
