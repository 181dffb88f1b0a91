"""Robustness of the reading layer on report variants seen in the wild (invented texts, tmp files).

Each test writes a small synthetic report (invented sentences, template headings and row labels)
to a .txt / .html / .pdf file, reads it with ``nlp_reports.read_report`` and checks parts,
metadata and tables.  The variants are listed in /work/shared/TEMPLATE.md ("Variants seen in the wild").
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.ingest.text_reader import read_text
from nlp_reports.structure.report import build_report
from nlp_reports.structure.template import tables_as_lists

HEADS = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
APP_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果 （一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开 1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理 1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
REVIEW = [1, 0, 0, 0, 1, 2, 1, 0, 0, 3, 0, 0, 0, 0, 0]


def app_rows() -> list[list[int]]:
    """25 consistent rows of table 三 (balance and totals hold)."""
    special = {
        0: [30, 2, 0, 0, 1, 0],
        1: [1, 0, 0, 0, 0, 0],
        2: [20, 1, 0, 0, 1, 0],
        3: [3, 0, 0, 0, 0, 0],
        12: [5, 1, 0, 0, 0, 0],
        17: [2, 0, 0, 0, 0, 0],
        23: [30, 2, 0, 0, 1, 0],
        24: [1, 0, 0, 0, 0, 0],
    }
    return [special.get(i, [0] * 6) + [sum(special.get(i, [0] * 6))] for i in range(25)]


def table2(fee: str = "96171.6", rule: str = "0 0 0") -> list[str]:
    return [
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        f"规章 {rule}",
        "行政规范性文件 3 1 12",
        "第二十条第（五）项",
        "信息内容 本年处理决定数量",
        "行政许可 120",
        "第二十条第（六）项",
        "信息内容 本年处理决定数量",
        "行政处罚 45",
        "行政强制 2",
        "第二十条第（八）项",
        "信息内容 本年收费金额（单位：万元）",
        f"行政事业性收费 {fee}",
    ]


def table3(rows: list | None = None, cell=str, labels: list[str] | None = None) -> list[str]:
    out = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
        "自然人 法人或其他组织 总计",
        "商业企业 科研机构 社会公益组织 法律服务机构 其他",
    ]
    for lab, r in zip(labels or APP_LABELS, rows or app_rows()):
        out.append(lab + " " + " ".join(cell(v) for v in r))
    return out


def table4(numbers: str = " ".join(map(str, REVIEW))) -> list[str]:
    return [
        "行政复议 行政诉讼",
        "结果维持 结果纠正 其他结果 尚未审结 总计",
        "未经复议直接起诉 复议后起诉",
        "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计",
        numbers,
    ]


def report(
    title: str = "XX市青山区人民政府2023年政府信息公开工作年度报告",
    heads: dict | None = None,
    problems: list[str] | None = None,
    t2=None,
    t3=None,
    t4=None,
    year: int = 2023,
    preamble: bool = True,
) -> str:
    h = dict(HEADS, **(heads or {}))
    lines = [title] if title else []
    if preamble:
        lines.append(f"本报告根据条例要求编制，统计期限自{year}年1月1日起至{year}年12月31日止。")
    lines += [
        h["overview"],
        "本年度，本区围绕群众关切推进公开工作，质量稳步提高。",
        "（一）主动公开情况。全年通过门户网站发布各类信息一千余条。",
        "（二）依申请公开情况。全年收到的公开申请均按期答复。",
    ]
    lines += [h["proactive"], *(t2 if t2 is not None else table2())]
    lines += [h["applications"], *(t3 if t3 is not None else table3())]
    lines += [h["review_litigation"], *(t4 if t4 is not None else table4())]
    if h["problems"] is not None:
        lines += [
            h["problems"],
            *(problems or ["一是栏目更新不够及时；二是业务培训不足。下一步将加强培训，完善制度。"]),
        ]
    if h["other"] is not None:
        lines += [h["other"], "本年度未收取信息处理费。"]
    lines += ["XX市青山区人民政府办公室", f"{year + 1}年1月20日"]
    return "\n".join(lines) + "\n"


def read(tmp_path: Path, text: str = "", name: str = "r.txt", raw: bytes | None = None, enc: str = "utf-8"):
    p = tmp_path / name
    p.write_bytes(raw if raw is not None else text.encode(enc))
    return nr.read_report(p)


def codes(rep) -> list[str]:
    return [w.code for w in rep.warnings]


# ----------------------------------------------------------------------------- headings


@pytest.mark.parametrize(
    "problems_heading",
    [
        "五、存在的主要问题和改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的主要问题和改进措施",
        "五 、存在的主要问题及改进情况",
        "五.存在的主要问题及改进情况",
        "第五部分 存在的主要问题及改进情况",
    ],
)
def test_problems_heading_variants(tmp_path: Path, problems_heading: str) -> None:
    rep = read(tmp_path, report(heads={"problems": problems_heading}))
    assert set(rep.sections) == set(HEADS)
    assert rep.section("problems").text.startswith("一是栏目更新")
    assert "missing_section" not in codes(rep)


def test_wrong_numeral_for_other_is_other_with_odd_heading(tmp_path: Path) -> None:
    rep = read(tmp_path, report(heads={"other": "七、其他需要报告的事项"}))
    assert rep.section("other").text == "本年度未收取信息处理费。"
    assert any(w.code == "odd_heading" and "七" in w.message for w in rep.warnings)


def test_repeated_numeral_keeps_both_parts(tmp_path: Path) -> None:
    rep = read(tmp_path, report(heads={"review_litigation": "三、政府信息公开行政复议、行政诉讼情况"}))
    assert set(rep.sections) == set(HEADS)
    assert "本年新收" in rep.section("applications").text
    assert "结果维持" in rep.section("review_litigation").text
    odd = [w for w in rep.warnings if w.code == "odd_heading"]
    assert len(odd) == 1 and "三" in odd[0].message  # the parts after it are numbered as expected


def test_heading_split_over_two_lines(tmp_path: Path) -> None:
    rep = read(tmp_path, report(heads={"problems": "五、存在的主要问题及改进\n情况"}))
    assert rep.section("problems").heading == "五、存在的主要问题及改进情况"
    assert rep.section("problems").text.startswith("一是")


def test_headings_without_numerals(tmp_path: Path) -> None:
    heads = {k: v.split("、", 1)[1] for k, v in HEADS.items()}
    rep = read(tmp_path, report(heads=heads))
    assert set(rep.sections) == set(HEADS)
    assert codes(rep).count("odd_heading") == 6


def test_run_on_bold_headings(tmp_path: Path) -> None:
    rep = read(
        tmp_path,
        report(
            heads={
                "overview": "一、总体情况。本年度，本区深化公开。",
                "other": "六、其他需要报告的事项本年度无其他事项。",
            }
        ),
    )
    assert rep.section("overview").text.startswith("本年度，本区深化公开。")
    assert rep.section("other").text.startswith("本年度无其他事项。")


def test_table_row_labels_never_parts(tmp_path: Path) -> None:
    rep = read(tmp_path, report())
    assert all(not s.heading.startswith(("一、本年新收", "三、本年度", "四、结转")) for s in rep.sections.values())
    assert rep.section("review_litigation").heading == HEADS["review_litigation"]


# ----------------------------------------------------------------------------- part 五


def test_problem_subheadings_ascii_brackets(tmp_path: Path) -> None:
    rep = read(tmp_path, report(problems=["(一)存在的问题。栏目更新不及时。", "(二)改进措施。加强培训，完善制度。"]))
    assert [s.title for s in rep.section("problems").subsections] == ["存在的问题", "改进措施"]


def test_pre2019_problems_and_plans_merged(tmp_path: Path) -> None:
    text = (
        "\n".join(
            [
                "XX县人民政府2012年政府信息公开工作年度报告",
                "一、概述",
                "本年度，我县推进政府信息公开。",
                "二、主动公开政府信息情况",
                "主动公开信息五百条。",
                "三、依申请公开政府信息情况",
                "受理申请十件。",
                "四、存在的问题",
                "公开内容不够丰富。",
                "五、今后工作打算",
                "加强队伍建设。",
                "六、努力方向",
                "继续深化。",
            ]
        )
        + "\n"
    )
    rep = read(tmp_path, text)
    prob = rep.section("problems")
    assert prob.headings == ["四、存在的问题", "五、今后工作打算", "六、努力方向"]
    assert "加强队伍建设" in prob.text and "继续深化" in prob.text
    assert rep.meta.year == 2012


def test_no_problems_part_is_a_warning(tmp_path: Path) -> None:
    rep = read(tmp_path, report(heads={"problems": None, "other": "五、其他需要报告的事项"}))
    assert "problems" not in rep.sections
    assert any(w.code == "missing_section" and w.detail == "problems" for w in rep.warnings)


# ----------------------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    "title,agency,year,level,region",
    [
        ("苏州市吴中区人民政府2023年政府信息公开工作年度报告", "苏州市吴中区人民政府", 2023, "county", "江苏省"),
        ("南京市交通运输局2022年度政府信息公开工作年度报告", "南京市交通运输局", 2022, "department", "江苏省"),
        ("关于丰县2021年政府信息公开工作年度报告", "丰县", 2021, "county", None),
        ("江苏省人民政府办公厅2020年政府信息公开工作年度报告", "江苏省人民政府办公厅", 2020, "province", "江苏省"),
        ("徐州市2022年政府信息公开工作年度报告", "徐州市", 2022, "city", "江苏省"),
        (
            "长沙市天心区桂花坪街道办事处2020年政府信息公开工作年度报告",
            "长沙市天心区桂花坪街道办事处",
            2020,
            "township",
            "湖南省",
        ),
        ("市生态环境局2023年政府信息公开工作年度报告", "市生态环境局", 2023, "department", None),
    ],
)
def test_metadata_titles(tmp_path: Path, title: str, agency: str, year: int, level: str, region) -> None:
    text = report(title=title, year=year).replace("XX市青山区人民政府办公室\n", "")
    m = read(tmp_path, text).meta
    assert (m.agency, m.year, m.level) == (agency, year, level)
    if region:
        assert m.region == region


def test_year_from_statistics_period_not_publication_date(tmp_path: Path) -> None:
    text = "2022年1月20日\n" + report(title="XX区政府信息公开工作年度报告", year=2021)
    assert read(tmp_path, text).meta.year == 2021


# ----------------------------------------------------------------------------- text inputs


def _same_structure(rep, ref) -> None:
    assert {k: s.text for k, s in rep.sections.items()} == {k: s.text for k, s in ref.sections.items()}
    assert tables_as_lists(rep.tables) == tables_as_lists(ref.tables)


@pytest.mark.parametrize(
    "variant", ["gb18030", "utf8-bom", "crlf", "fullwidth", "footer-dash", "footer-page", "footer-slash"]
)
def test_text_encodings_and_furniture(tmp_path: Path, variant: str) -> None:
    base = report()
    ref = read(tmp_path, base, "ref.txt")
    lines = base.split("\n")

    def with_footer(fmt: str) -> str:
        out = []
        for i, ln in enumerate(lines):
            out.append(ln)
            if i % 12 == 11:
                out.append(fmt.format(i // 12 + 1))
        return "\n".join(out)

    kw = {
        "gb18030": dict(text=base, enc="gb18030"),
        "utf8-bom": dict(raw=b"\xef\xbb\xbf" + base.encode()),
        "crlf": dict(text=base.replace("\n", "\r\n")),
        "fullwidth": dict(text=base.translate(str.maketrans("0123456789 ", "０１２３４５６７８９\u3000"))),
        "footer-dash": dict(text=with_footer("- {} -")),
        "footer-page": dict(text=with_footer("第{}页 共5页")),
        "footer-slash": dict(text=with_footer("{}/5")),
    }[variant]
    _same_structure(read(tmp_path, name="v.txt", **kw), ref)


@pytest.mark.parametrize("bom,enc", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_bom_text_reader(bom: bytes, enc: str) -> None:
    base = report()
    rep = build_report(read_text("x.txt", bom + base.encode(enc)))
    ref = build_report(read_text("x.txt", base.encode()))
    _same_structure(rep, ref)


def test_utf16_with_bom_read_report(tmp_path: Path) -> None:
    rep = read(tmp_path, raw=b"\xff\xfe" + report().encode("utf-16-le"))
    assert set(rep.sections) == set(HEADS)


def test_one_long_line_web_text(tmp_path: Path) -> None:
    rep = read(tmp_path, report().replace("\n", ""))
    assert set(rep.sections) == set(HEADS)
    assert rep.section("other").text == "本年度未收取信息处理费。"  # signature and date trimmed
    assert rep.meta.title == "XX市青山区人民政府2023年政府信息公开工作年度报告"
    assert rep.meta.year == 2023
    assert tables_as_lists(rep.tables)["applications"] == app_rows()


# ----------------------------------------------------------------------------- HTML


def _html(text: str, table3_html: str = "") -> str:
    body = "".join(f"<p>{html.escape(x)}</p>" for x in text.strip().split("\n"))
    if table3_html:
        body = body.replace("<p>TABLE3</p>", table3_html)
    return (
        "<html><head><title>XX市青山区人民政府2023年政府信息公开工作年度报告</title></head><body>"
        "<div>当前位置：首页 &gt; 信息公开 &gt; 年度报告</div><div>【字体：大 中 小】 打印本页</div>"
        f"{body}<div>关闭窗口</div></body></html>"
    )


def test_html_nav_and_footer(tmp_path: Path) -> None:
    rep = read(tmp_path, _html(report()), "r.html")
    assert set(rep.sections) == set(HEADS)
    assert rep.section("other").text == "本年度未收取信息处理费。"
    assert not rep.section("overview").text.startswith("当前位置")


def test_html_table_with_marks_and_extra_row(tmp_path: Path) -> None:
    rows = app_rows()
    trs = []
    for lab, r in zip(APP_LABELS, rows):
        if lab == "（七）总计":
            trs.append("<tr><td>4.其他情形</td>" + "<td>0</td>" * 7 + "</tr>")
        trs.append(
            f"<tr><td>{html.escape(lab)}</td>" + "".join(f"<td>{'—' if v == 0 else v}</td>" for v in r) + "</tr>"
        )
    t3 = (
        "<table><tr><td>申请人情况</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        f"<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{''.join(trs)}</table>"
    )
    rep = read(tmp_path, _html(report(t3=["TABLE3"]), t3), "r.html")
    got = tables_as_lists(rep.tables)["applications"]
    assert got == [[v if v else None for v in r] for r in rows]
    assert {"table_extra_rows", "table_blank_cells"} <= set(codes(rep))


# ----------------------------------------------------------------------------- tables in text


def test_extra_row_is_skipped_and_reported(tmp_path: Path) -> None:
    t3 = table3()
    t3 = t3[:-2] + ["4.其他情形 1 0 0 0 0 0 1"] + t3[-2:]
    rep = read(tmp_path, report(t3=t3))
    assert tables_as_lists(rep.tables)["applications"] == app_rows()
    w = [w for w in rep.warnings if w.code == "table_extra_rows"]
    assert w and "4.其他情形" in w[0].detail


@pytest.mark.parametrize("mark", ["—", "——", "/", "-"])
def test_not_applicable_marks_stay_na(tmp_path: Path, mark: str) -> None:
    rows = app_rows()
    t3 = table3(cell=lambda v: mark if v == 0 else str(v))
    rep = read(
        tmp_path,
        report(
            t3=t3,
            t4=table4(f"1 {mark} {mark} {mark} 1 2 1 {mark} {mark} 3 {mark} {mark} {mark} {mark} {mark}"),
            t2=table2(fee=mark, rule=f"{mark} {mark} {mark}"),
        ),
    )
    lists = tables_as_lists(rep.tables)
    assert lists["applications"] == [[v if v else None for v in r] for r in rows]
    assert lists["review_litigation"] == [v if v else None for v in REVIEW]
    assert lists["proactive"] == [None, None, None, 3, 1, 12, 120, 45, 2, None]
    assert "table_blank_cells" in codes(rep)


def test_row_without_numbers_is_na_not_zero(tmp_path: Path) -> None:
    t3 = table3()
    t3[4 + 6] = APP_LABELS[6]
    rep = read(tmp_path, report(t3=t3))
    got = tables_as_lists(rep.tables)["applications"]
    assert got[6] == [None] * 7
    assert got[:6] == app_rows()[:6] and got[7:] == app_rows()[7:]


def test_extra_column_only_when_unambiguous(tmp_path: Path) -> None:
    rows = app_rows()
    # an added column of zeros: any zero column could be the added one -> not guessed
    t3 = table3([r[:6] + [0] + r[6:] for r in rows])
    rep = read(tmp_path, report(t3=t3))
    assert rep.tables.applications is None
    assert "table_unparsed" in codes(rep)
    # an added column outside the row total, with numbers: the total's arithmetic finds it
    t3 = table3([r[:2] + [i % 3 + 1] + r[2:] for i, r in enumerate(rows)])
    rep = read(tmp_path, report(t3=t3))
    assert tables_as_lists(rep.tables)["applications"] == rows
    assert "table_extra_rows" in codes(rep)


@pytest.mark.parametrize("fee,value", [("0.00", 0.0), ("96171.6", 96171.6), ("1,234.50", 1234.5)])
def test_fee_amounts(tmp_path: Path, fee: str, value: float) -> None:
    rep = read(tmp_path, report(t2=table2(fee)))
    assert tables_as_lists(rep.tables)["proactive"][-1] == value


def test_thousands_separators(tmp_path: Path) -> None:
    rows = [[v * 100 for v in r] for r in app_rows()]
    rep = read(tmp_path, report(t3=table3(rows, cell=lambda v: f"{v:,}")))
    assert tables_as_lists(rep.tables)["applications"] == rows


# ----------------------------------------------------------------------------- PDF


def _pdf(path: Path, rows: list, marks: str = "", extra: tuple = ()) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    y = [800.0]

    def new_page_if_needed() -> None:
        if y[0] < 60:
            c.showPage()
            y[0] = 800.0

    def text_line(t: str, x: float = 50, size: float = 10) -> None:
        new_page_if_needed()
        c.setFont("STSong-Light", size)
        c.drawString(x, y[0], t)
        y[0] -= 16

    for p in [
        "XX市青山区人民政府2023年政府信息公开工作年度报告",
        HEADS["overview"],
        "本年度，本区持续推进政府信息公开工作，公开质量稳步提高。",
        HEADS["proactive"],
        "全年主动公开各类信息一千余条。",
        HEADS["applications"],
    ]:
        text_line(p)
    c.setFont("STSong-Light", 10)
    for j, h in enumerate(["自然人", "商业企业", "科研机构", "公益组织", "法律服务", "其他", "总计"]):
        c.drawString(300 + 38 * j, y[0], h[:2])
        c.drawString(300 + 38 * j, y[0] - 11, h[2:])
    y[0] -= 28
    data = list(zip(APP_LABELS, rows))
    for pos, lab, vals in extra:
        data.insert(pos, (lab, vals))
    for lab, r in data:
        new_page_if_needed()
        c.setFont("STSong-Light", 8)
        c.drawString(50, y[0], lab[:30])
        for j, v in enumerate(r):
            if v is not None:
                c.drawString(305 + 38 * j, y[0], marks if (marks and v == 0) else str(v))
        y[0] -= 16
    for p in [
        HEADS["review_litigation"],
        "本年度未发生行政复议和行政诉讼。",
        HEADS["problems"],
        "一是栏目更新不够及时。下一步将加强培训。",
        HEADS["other"],
        "本年度未收取信息处理费。",
    ]:
        text_line(p)
    c.save()


def test_pdf_table_with_marks_extra_row_and_blank_row(tmp_path: Path) -> None:
    rows = app_rows()
    p = tmp_path / "marks.pdf"
    _pdf(p, rows, marks="—")
    rep = nr.read_report(p)
    assert set(rep.sections) == set(HEADS)
    assert tables_as_lists(rep.tables)["applications"] == [[v if v else None for v in r] for r in rows]

    p = tmp_path / "extra.pdf"
    _pdf(p, rows, extra=((22, "4.其他情形", [1, 0, 0, 0, 0, 0, 1]),))
    rep = nr.read_report(p)
    assert tables_as_lists(rep.tables)["applications"] == rows
    assert "table_extra_rows" in codes(rep)

    p = tmp_path / "blank.pdf"
    blank = [list(r) for r in rows]
    blank[6] = [None] * 7
    _pdf(p, blank)
    rep = nr.read_report(p)
    # a row printed without numbers: its label may sit in a neighbour's band, so it is not guessed
    assert rep.tables.applications is None
    assert "table_unparsed" in codes(rep)
