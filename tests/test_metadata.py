"""extract_metadata: doc_id, title, year, agency, level, region (invented texts and the real corpus)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from nlp_reports.ingest.text_reader import read_text
from nlp_reports.model import Line, Page, Paragraph, RawDocument
from nlp_reports.structure.metadata import agency_level, doc_id_from_path, extract_metadata, find_year
from nlp_reports.structure.regions import CITY_PROVINCE, is_prefecture_city, province_of


def _doc(path: str, text: str, title: str = "", lines: list[Line] | None = None) -> RawDocument:
    return RawDocument(
        path=path,
        format="txt",
        sha256="0",
        pages=[Page(number=1, lines=lines or [])],
        paragraphs=[Paragraph(t) for t in text.split("\n") if t.strip()],
        title=title,
    )


def test_doc_id() -> None:
    assert doc_id_from_path("a/b/hongze_2023.pdf") == "hongze_2023"
    assert doc_id_from_path("x.word.pdf") == "x"


@pytest.mark.parametrize(
    "agency, level",
    [
        ("上海市人民政府办公厅", "province"),
        ("江苏省人民政府", "province"),
        ("淮安市人民政府", "city"),
        ("三亚市", "city"),
        ("淮安市洪泽区人民政府", "county"),
        ("新乡市卫滨区人民政府办公室", "county"),
        ("平潭综合实验区", "county"),
        ("平潭综合实验区管委会办公室", "county"),
        ("某某县人民政府", "county"),
        ("南薰乡", "township"),
        ("长沙市天心区桂花坪街道办事处", "township"),
        ("某某镇人民政府", "township"),
        ("道县文广新局", "department"),
        ("深圳市福田区集体经济发展服务署", "department"),
        ("某某市发展和改革委员会", "department"),
        (None, None),
    ],
)
def test_levels(agency, level) -> None:
    assert agency_level(agency) == level


def test_regions() -> None:
    assert province_of("淮安市洪泽区人民政府") == "江苏省"
    assert province_of("上海市人民政府办公厅") == "上海市"
    assert province_of("长沙市天心区桂花坪街道办事处") == "湖南省"
    assert province_of("平潭综合实验区") == "福建省"
    assert province_of("某某县文化局") is None
    assert province_of("东方红街道") is None  # a city name inside an ordinary word is not a city
    assert len(CITY_PROVINCE) > 300
    assert is_prefecture_city("新乡市") and not is_prefecture_city("某某市")


def test_title_over_two_lines_signature_and_region_from_text() -> None:
    text = (
        "某某市某某区人民政府\n2030年政务公开年度报告\n"
        "本报告所列数据统计期限自2030年1月1日起至2030年12月31日止，依据《福建省政府信息公开办法》编制。\n"
        "一、总体情况\n略。\n某某市某某区人民政府\n2031年3月1日"
    )
    meta = extract_metadata(_doc("in/demo_2030.txt", text), text)
    assert meta.doc_id == "demo_2030"
    assert meta.title == "某某市某某区人民政府2030年政务公开年度报告"
    assert meta.year == 2030 and meta.agency == "某某市某某区人民政府" and meta.level == "county"
    assert meta.region == "福建省"


def test_agency_after_year_and_header_fields() -> None:
    text = "2030年某某市人民政府办公厅政务公开年度报告\n一、总体情况\n略。"
    meta = extract_metadata(_doc("a.txt", text), text)
    assert meta.agency == "某某市人民政府办公厅" and meta.year == 2030
    # a place-only title agency is completed by the header's 发布机构 that contains it
    lines = [Line("发布机构: 示例区管委会办公室", furniture="metadata")]
    text2 = "一、总体情况\n略。"
    meta2 = extract_metadata(_doc("b.txt", text2, title="示例区2031年度政府信息公开工作年度报告", lines=lines), text2)
    assert meta2.agency == "示例区管委会办公室" and meta2.year == 2031 and meta2.level == "county"


def test_year_sources() -> None:
    assert find_year(None, "统计期限自2028年1月1日起至2028年12月31日止。发布于2029年。") == 2028
    assert find_year(None, "现将我乡2027年政府信息公开工作报告公布如下。") == 2027
    assert find_year(None, "无年份", "town_2026") == 2026
    assert find_year("某县2025年度政府信息公开工作年度报告", "发布日期 2026年1月") == 2025


def test_compiler_and_township_fallbacks() -> None:
    text = (
        "根据要求，现将我镇2030年政府信息公开工作报告公布如下。\n一、概述\n2030年，青禾镇未收取费用。我镇将继续努力。"
    )
    meta = extract_metadata(_doc("t.txt", text), text)
    assert meta.agency == "青禾镇" and meta.level == "township" and meta.year == 2030


# ----------------------------------------------------------------------------- real corpus


def test_real_texts_match_manifest(real_corpus_dir: Path) -> None:
    rows = {
        r["doc"]: r for r in csv.DictReader(open(real_corpus_dir / "MANIFEST.tsv", encoding="utf-8"), delimiter="\t")
    }
    expected_region = {
        "Hunan": "湖南省",
        "Guangdong": "广东省",
        "Fujian": "福建省",
        "Hainan": "海南省",
        "Shanghai": "上海市",
        "Sichuan": "四川省",
    }
    n = agencies_ok = 0
    for f in sorted((real_corpus_dir / "text").glob("*.txt")):
        doc = read_text(str(f), f.read_bytes())
        meta = extract_metadata(doc, doc.text)
        row = rows[meta.doc_id]
        n += 1
        assert meta.year == int(row["year"]), meta.doc_id
        want = re.sub(r"\s*[（(].*?[）)]", "", row["agency"]).strip()
        assert meta.agency is not None and (want in meta.agency or meta.agency in want), (
            meta.doc_id,
            meta.agency,
            want,
        )
        agencies_ok += meta.agency == want
        assert meta.level in ("province", "city", "county", "township", "department"), meta.doc_id
        region = next((v for k, v in expected_region.items() if k in row["notes"]), None)
        if region and meta.region is not None:
            assert meta.region == region, meta.doc_id
        if meta.doc_id.startswith("pingtan"):
            assert meta.region == "福建省"
    print(f"agency exactly as in MANIFEST: {agencies_ok}/{n}")
    assert agencies_ok >= n - 1
