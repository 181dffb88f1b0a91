"""find_sections / find_subsections: heading vocabulary, numbering, old outlines, and the real corpus."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from nlp_reports.ingest.text_reader import read_text
from nlp_reports.model import SECTION_KEYS
from nlp_reports.structure.sections import find_sections
from nlp_reports.structure.subsections import find_subsections
from nlp_reports.text_patterns import classify_title, cn_numeral_value, int_to_cn, match_inline_title

# invented report texts
SIX = """示例镇人民政府2030年政府信息公开工作年度报告
本报告由示例镇人民政府编制。
一、总体情况
（一）主动公开情况。全年发布信息若干条。
（二）依申请公开情况
本年收到申请两件。
二、主动公开政府信息情况
规章 0 0 0
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2
三、本年度办理结果
四、结转下年度继续办理 0 0 0 0 0 0 0
表后注记
四、政府信息公开行政复议、行政诉讼情况
0 0 0 0 0
五、存在的主要问题及改进情况
（一）存在不足。栏目更新偏慢；解读形式单一。
（二）改进措施。一是加强培训；二是丰富解读形式。
七、其他需要报告的事项
本年度未收取信息处理费。
示例镇人民政府
2031年1月10日
"""


def _keys(secs) -> list[str]:
    return [k for k in SECTION_KEYS if k in secs]


def test_numerals() -> None:
    assert cn_numeral_value("五") == 5 and cn_numeral_value("十二") == 12 and cn_numeral_value("二十") == 20
    assert int_to_cn(6) == "六" and int_to_cn(11) == "十一"


def test_title_vocabulary() -> None:
    assert classify_title("政府信息公开工作存在的主要问题及改进情况") == "problems"
    assert classify_title("存在的主要问题和改进措施") == "problems"
    assert classify_title("下一步工作打算") == "problems"
    assert classify_title("因公开申请被提起行政诉讼的情况") == "review_litigation"
    assert classify_title("依申请公开办理情况") == "applications"
    assert classify_title("信息公开收费及减免情况") == "extra"
    assert classify_title("概述") == "overview"
    assert classify_title("其他需要报告的事项") == "other"
    assert classify_title("本年新收政府信息公开申请数量") is None
    assert classify_title("加强组织领导") is None
    m = match_inline_title("存在的主要问题及改进情况示例正文")
    assert m is not None and m.key == "problems" and m.length == len("存在的主要问题及改进情况")


def test_six_parts_table_rows_wrong_numeral_signature() -> None:
    secs, warns = find_sections(SIX)
    assert _keys(secs) == list(SECTION_KEYS)
    # table 三's numbered rows are not parts: part 三 runs to part 四
    assert "结转下年度继续办理" in secs["applications"].text
    assert secs["problems"].text.startswith("（一）存在不足")
    assert "改进措施" in secs["problems"].text and "其他需要报告" not in secs["problems"].text
    assert [s.title for s in secs["problems"].subsections] == ["存在不足", "改进措施"]
    assert secs["problems"].subsections[1].text == "一是加强培训；二是丰富解读形式。"
    assert [s.title for s in secs["overview"].subsections] == ["主动公开情况", "依申请公开情况"]
    # 七、 for 六、 is accepted and reported
    assert secs["other"].number == "七"
    assert any(w.code == "odd_heading" and "七" in w.message for w in warns)
    # the signature and date are not part of the last part
    assert secs["other"].text == "本年度未收取信息处理费。"
    assert not any(w.code == "missing_section" for w in warns)
    # offsets point into the text; text excludes the heading
    p = secs["problems"]
    assert SIX[p.start : p.end].startswith("五、存在的主要问题及改进情况")
    assert p.heading == "五、存在的主要问题及改进情况"


def test_one_long_line_inline_headings() -> None:
    text = (
        "本报告依据有关规定编制。一、总体情况2030年，本区稳步推进各项工作。二、主动公开政府信息情况 表内容"
        "三、收到和处理政府信息公开申请情况 表头 一、本年新收政府信息公开申请数量1000001 另注 四、结转下年度继续办理0000000 表尾 "
        "四、政府信息公开行政复议、行政诉讼情况000 示例 五、存在的主要问题及改进情况栏目更新偏慢。"
        "下一步将加快更新。六、其他需要报告的事项无。"
    )
    secs, _ = find_sections(text)
    assert _keys(secs) == list(SECTION_KEYS)
    assert secs["problems"].text == "栏目更新偏慢。下一步将加快更新。"
    assert secs["overview"].text.startswith("2030年")
    assert "本报告依据" not in secs["overview"].text  # the preamble is not a part


def test_old_outline_problems_and_measures_merged_and_lists_ignored() -> None:
    text = """示例县2012年政府信息公开工作年度报告
一、概述
本县设立了工作机构。
二、主动公开政府信息情况
全年公开信息一百条。
三、政府信息公开的收费及减免情况
未收取费用。
四、存在的不足
公开内容不够全面。
五、下一步工作打算
一、加强主动公开工作，扩大公开范围。
二、规范依申请公开工作流程。
三、加强人员培训。
"""
    secs, warns = find_sections(text)
    assert _keys(secs) == ["overview", "proactive", "problems"]
    p = secs["problems"]
    assert p.headings == ["四、存在的不足", "五、下一步工作打算"]
    assert p.text.split("\n")[0] == "公开内容不够全面。"
    assert "二、规范依申请公开工作流程。" in p.text and "三、加强人员培训。" in p.text
    assert "未收取费用" not in secs["proactive"].text  # the fees part ends part 二 and maps to nothing
    missing = {w.detail for w in warns if w.code == "missing_section"}
    assert missing == {"applications", "review_litigation", "other"}


def test_heading_variants() -> None:
    text = """第一部分 总体情况
本年推进顺利。
第二部分 主动公开政府信息情况
若干。
五 、存在的主要问题及改进
情况
一是不足。
"""
    secs, warns = find_sections(text)
    assert secs["overview"].text == "本年推进顺利。"
    assert secs["problems"].text == "一是不足。"
    assert secs["problems"].heading.replace("\n", "") == "五 、存在的主要问题及改进情况"
    unnumbered = "总体情况\n本年推进顺利。\n存在的主要问题及改进情况\n一是不足。\n"
    secs2, warns2 = find_sections(unnumbered)
    assert secs2["problems"].text == "一是不足。" and secs2["overview"].text == "本年推进顺利。"
    assert any(w.code == "odd_heading" and "no numeral" in w.message for w in warns2)


def test_enumerations_inside_text_are_not_parts() -> None:
    text = "一、总体情况\n工作分为三方面：一是统一、规范；二是及时。加强统一、主动公开的要求。\n二、主动公开政府信息情况\n略。"
    secs, _ = find_sections(text)
    assert _keys(secs) == ["overview", "proactive"]
    assert "主动公开的要求" in secs["overview"].text


def test_missing_problems_warns() -> None:
    secs, warns = find_sections("一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n")
    assert "problems" not in secs
    assert any(w.code == "missing_section" and "五" in w.message and "problems" in w.message for w in warns)


def test_subsections_ascii_brackets_and_not_table_rows() -> None:
    subs = find_subsections("(一)存在问题。更新慢。(二)改进措施：加快更新。")
    assert [(s.number, s.title, s.text) for s in subs] == [
        ("(一)", "存在问题", "更新慢。"),
        ("(二)", "改进措施", "加快更新。"),
    ]
    assert find_subsections("表格\n（一）予以公开 1 0 0\n（二）部分公开 0 0 0") == []
    assert find_subsections("一是加强领导。二是完善制度。") == []


# ----------------------------------------------------------------------------- real corpus


def _gold(real: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with open(real / "gold" / "statements.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                o = json.loads(line)
                out[o["doc"]].append(o)
    return out


def test_real_texts_problems_contain_gold(real_corpus_dir: Path) -> None:
    gold = _gold(real_corpus_dir)
    total = matched = 0
    misses: list[str] = []
    files = sorted((real_corpus_dir / "text").glob("*.txt"))
    assert files
    for f in files:
        doc_id = f.name.split(".")[0]
        doc = read_text(str(f), f.read_bytes())
        secs, warns = find_sections(doc.text)
        g = gold.get(doc_id, [])
        if not g or g[0].get("none"):
            assert "problems" not in secs, doc_id
            continue
        assert "problems" in secs, f"{doc_id}: part 五 not found ({[w.message for w in warns]})"
        body = re.sub(r"\s", "", secs["problems"].text)
        for st in g:
            total += 1
            if re.sub(r"\s", "", st["text"]) in body:
                matched += 1
            else:
                misses.append(f"{doc_id}#{st['i']}")
        # the problems part does not run into the next part
        assert "其他需要报告的事项" not in body, doc_id
    print(f"gold statements inside the problems part: {matched}/{total}")
    assert total > 100
    assert matched == total, misses


def test_real_texts_parts(real_corpus_dir: Path) -> None:
    for f in sorted((real_corpus_dir / "text").glob("*.txt")):
        doc = read_text(str(f), f.read_bytes())
        secs, _ = find_sections(doc.text)
        raw = re.sub(r"\s", "", doc.text)
        # every part heading of the 2019+ template that occurs at a line start or after a sentence is found
        for key, rx in (
            ("review_litigation", r"四、(政府信息公开)?行政复议、行政诉讼情况"),
            ("other", r"六、其他需要报告的事项"),
            ("overview", r"一、总体情况"),
        ):
            if re.search(rx, raw):
                assert key in secs, (f.name, key)
        keys = [k for k in SECTION_KEYS if k in secs]
        assert len(keys) >= 3, (f.name, keys)
        starts = [secs[k].start for k in keys]
        assert starts == sorted(starts) or any(len(secs[k].headings) > 1 for k in keys), f.name
