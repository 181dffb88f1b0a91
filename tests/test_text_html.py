"""Plain-text and HTML readers: decoding, furniture, navigation, paragraph joining and splitting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nlp_reports.errors import EmptyFileError
from nlp_reports.ingest.html_reader import read_html
from nlp_reports.ingest.text_reader import is_navigation, read_text, split_run_on

# invented text (not from any real report); a printed-PDF layout with a column of ~30 characters
PRINTED = """\
 一、总体情况

示例县农科所2030年政务公开年度报告

本年度，示例县围绕群众关切持续推进公开工作，完善制度和平
台，做好解读与回应，信息发布更加及时准确，社会评价不断提升

，各项工作有序开展。

（一）主动公开情况
全年通过门户网站发布各类信息共计三百余条，涵盖规划、财政、



2030/1/15 示例县农科所2030年政务公开年度报告

https://example.gov.cn/report/1 1/3

民生等领域，公开内容日益丰富完整，便于群众查询各类办事指南。
规章 0 0 0
行政规范性文件 2 0 2
- 2 -
五、存在的主要问题及改进情况
一是公开的深度仍需加强。
"""

WEB = (
    "标题: 示例区2031年度政务公开年度报告\n"
    "发布时间: 2032-01-20 10:00\n"
    "发布机构: 示例区管委会办公室\n"
    "原文链接: https://example.gov.cn/a.htm\n"
    "==================== 正文 ====================\n"
    "当前位置： 首页政务公开年报 示例区2031年度政务公开年度报告 来源：示例区 时间：2032-01-20 10:00 "
    "微信 微博 QQ空间 文字版 相关链接： --> 本报告根据有关规定编制，统计期限自2031年1月1日起至2031年12月31日止。"
    "一、总体情况2031年，我区认真落实各项要求，稳步推进公开工作。（一）主动公开方面。全年发布信息一千条。"
    "（二）依申请公开方面。全年收到申请五件。 二、主动公开政府信息情况 示例表格 第二十条第（一）项信息内容本年制发件数"
    "规章000三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量5000005"
    "四、结转下年度继续办理0000000 表尾 四、政府信息公开行政复议、行政诉讼情况 示例 行政复议0000000"
    "五、存在的主要问题及改进情况一是解读形式单一。二是互动不够。六、其他需要报告的事项无。 附件下载\n"
)


def _paras(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_printed_text_joins_lines_and_drops_furniture() -> None:
    doc = read_text("x/demo_2030.txt", PRINTED.encode("utf-8"))
    text = doc.text
    assert "https://" not in text and "2030/1/15" not in text and "- 2 -" not in text
    # a paragraph broken over lines, a blank line and a page break is joined without spaces
    assert "完善制度和平台，做好解读" in text
    assert "社会评价不断提升，各项工作有序开展。" in text
    assert "规划、财政、民生等领域" in text
    # table rows and headings stay their own paragraphs
    paras = _paras(doc)
    assert "规章 0 0 0" in paras and "行政规范性文件 2 0 2" in paras
    assert "五、存在的主要问题及改进情况" in paras
    assert "（一）主动公开情况" in paras
    kinds = {ln.furniture for ln in doc.pages[0].lines}
    assert {"header", "footer", "page_number"} <= kinds


def test_web_text_header_navigation_and_run_on_split() -> None:
    doc = read_text("x/demo_2031.txt", WEB.encode("utf-8"))
    assert doc.title == "示例区2031年度政务公开年度报告"
    paras = _paras(doc)
    assert paras[0].startswith("本报告根据有关规定编制")
    assert "一、总体情况" in paras and "五、存在的主要问题及改进情况" in paras
    assert "六、其他需要报告的事项" in paras
    # table rows numbered like parts are not split out as headings
    headings = [p.text for p in doc.paragraphs if p.kind == "heading"]
    assert len(headings) == 6 and not any("本年新收" in h or "结转下年度" in h for h in headings)
    assert any(p.startswith("一、本年新收") and "四、结转下年度继续办理" in p for p in paras)
    assert not any("附件下载" in p or "QQ空间" in p or "发布机构" in p for p in paras)
    # no character of the body is lost: compare without whitespace
    body = WEB.split("-->", 1)[1].replace("附件下载", "")
    assert re.sub(r"\s", "", "".join(paras)) == re.sub(r"\s", "", body)
    meta = [ln for ln in doc.pages[0].lines if ln.furniture == "metadata"]
    assert any("发布机构" in ln.text for ln in meta)


def test_split_run_on_keeps_every_character() -> None:
    s = "前言一句。一、总体情况本年推进有力。（一）主动公开。发布较多。 二、主动公开政府信息情况 表格内容"
    pieces = split_run_on(s)
    assert [k for _, k in pieces].count("heading") == 2
    assert "".join(p for p, _ in pieces) == s.replace(" ", "")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_decodings(encoding: str) -> None:
    doc = read_text("a.txt", "一、总体情况\n本机关稳步推进公开工作。\n".encode(encoding))
    assert _paras(doc) == ["一、总体情况", "本机关稳步推进公开工作。"]


def test_comments_pinyin_noise_and_empty() -> None:
    raw = "本局<!--[if !supportLists]-->1、<!--[endif]-->加強(qiáng)公開(kāi)工作。\n"
    doc = read_text("a.txt", raw.encode("utf-8"))
    assert doc.text == "本局1、加強公開工作。"
    assert any(w.code == "mirror_noise" for w in doc.warnings)
    with pytest.raises(EmptyFileError):
        read_text("a.txt", b"  \n ")


def test_navigation_detection_is_conservative() -> None:
    assert is_navigation("当前位置：首页 > 政务公开 > 年报")
    assert is_navigation("发布时间 : 2030-01-25 来源:示例街道 字体大小:")
    assert is_navigation("打印本页 关闭窗口")
    assert not is_navigation("本年度通过微信公众号发布信息二十条。")
    assert not is_navigation("六、其他需要报告的事项")


HTML = """<html><head><meta charset="utf-8"><title>示例县2030年政府信息公开工作年度报告</title>
<style>p{color:red}</style><script>var s = "一、总体情况";</script></head><body>
<nav>首页 | 政务公开</nav><div>当前位置：首页 &gt; 信息公开</div>
<p>一、总体情况</p><p>本县 稳步推进
公开工作。</p>
<table><tr><td rowspan="2">行政复议</td><td colspan="2">结果</td></tr><tr><td>1</td><td>2</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>一是制度不够健全。</p><ul><li>二是培训不足。</li></ul>
<p>打印本页 关闭窗口</p></body></html>"""


def test_read_html_paragraphs_tables_title() -> None:
    doc = read_html("x/demo.html", HTML.encode("utf-8"))
    assert doc.format == "html"
    assert doc.title == "示例县2030年政府信息公开工作年度报告"
    assert _paras(doc) == [
        "一、总体情况",
        "本县稳步推进公开工作。",
        "五、存在的主要问题及改进情况",
        "一是制度不够健全。",
        "二是培训不足。",
    ]
    assert doc.html_tables == [[["行政复议", "结果", "结果"], ["行政复议", "1", "2"]]]
    assert "行政复议" not in doc.text  # table text stays out of the narrative


def test_read_html_gbk_declared() -> None:
    data = HTML.replace('charset="utf-8"', 'charset="gbk"').encode("gb18030")
    doc = read_html("x/demo.html", data)
    assert doc.title.startswith("示例县")


# ----------------------------------------------------------------------------- real corpus


def test_real_texts_read(real_corpus_dir: Path) -> None:
    files = sorted((real_corpus_dir / "text").glob("*.txt"))
    assert files
    for f in files:
        doc = read_text(str(f), f.read_bytes())
        text = doc.text
        assert len(text) > 300, f.name
        assert "==== 正文" not in text and "原文链接" not in text, f.name
        assert "当前位置" not in text and "QQ空间" not in text and "<!--" not in text, f.name
        assert not re.search(r"^https?://", text, re.M), f.name
        if "==== 正文" in f.read_text(encoding="utf-8"):
            assert doc.title.endswith("报告"), f.name


def test_real_printed_text_paragraphs(real_corpus_dir: Path) -> None:
    f = real_corpus_dir / "text" / "weibin_2022.txt"
    if not f.exists():
        pytest.skip("weibin_2022.txt not in the real corpus")
    doc = read_text(str(f), f.read_bytes())
    raw = f.read_text(encoding="utf-8")
    # every line of the browser print header/footer is furniture
    n_footer = len(re.findall(r"^https?://", raw, re.M))
    assert sum(1 for ln in doc.pages[0].lines if ln.furniture == "footer") == n_footer
    # paragraphs broken over lines were joined: every long narrative paragraph ends a sentence
    narrative = [p.text for p in doc.paragraphs if len(p.text) >= 40 and not re.search(r"\d$|总计$", p.text)]
    assert len(narrative) >= 8
    assert all(p[-1] in "。；）" for p in narrative), [p[-20:] for p in narrative if p[-1] not in "。；）"]
    # nothing but furniture and whitespace was removed
    kept = re.sub(r"\s", "", doc.text)
    furniture = "".join(re.sub(r"\s", "", ln.text) for ln in doc.pages[0].lines if ln.furniture)
    assert len(kept) + len(furniture) == len(re.sub(r"\s", "", raw))
