"""Agency identity: gazetteer, division of a report, agency types, agency_id, corpus.agencies / set_agency."""

from __future__ import annotations

import pytest

import nlp_reports as nr
from nlp_reports.model import ReportMeta
from nlp_reports.structure.agency_id import assign_identity
from nlp_reports.structure.agency_type import agency_type
from nlp_reports.structure.gazetteer import load_gazetteer
from nlp_reports.structure.metadata import agency_level

from conftest import SAMPLE


def identify(
    agency: str, text: str = "", title: str | None = None, signals: tuple[str, ...] = ()
) -> tuple[ReportMeta, list]:
    meta = ReportMeta(agency=agency, title=title, level=agency_level(agency))
    warnings = assign_identity(meta, text, signals)
    return meta, warnings


# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_codes_levels_and_former_names():
    g = load_gazetteer()
    assert g.lookup("天心区") == ("430103",)
    assert g.describe("430103") == {"province": "湖南省", "prefecture": "长沙市", "county": "天心区", "code": "430103"}
    assert g.describe("310000")["province"] == "上海市" and g.describe("310000")["prefecture"] is None
    assert set(g.lookup("朝阳区")) == {"110105", "220104"}  # Beijing and Changchun
    assert g.lookup("长乐市") == g.lookup("长乐区") == ("350112",)  # a county-level city turned district
    assert g.lookup("平潭综合实验区") == ("350128",)  # a special zone, mapped to the county it governs
    assert load_gazetteer() is g  # loaded once


def test_place_chain_keeps_the_consistent_reading():
    g = load_gazetteer()
    chain, end = g.place_chain("吉林省吉林市船营区人民政府")
    assert [m.codes for m in chain] == [("220000",), ("220200",), ("220204",)] and end == len("吉林省吉林市船营区")
    chain, _ = g.place_chain("长春市朝阳区人民政府")
    assert chain[-1].codes == ("220104",)  # the prefecture decides between the two 朝阳区
    chain, _ = g.place_chain("湘西州人民政府")
    assert chain[-1].codes == ("433100",) and chain[-1].text == "湘西州"


# --------------------------------------------------------------------------- agency_id across name forms


@pytest.mark.parametrize(
    "agency",
    [
        "天心区人民政府",
        "长沙市天心区人民政府",
        "长沙市天心区政府",
        "天心区人民政府办公室",
        "湖南省长沙市天心区人民政府",
        "长沙市天心区政府办",
    ],
)
def test_one_district_one_id_across_title_forms(agency):
    meta, warnings = identify(agency)
    assert meta.agency_id == "430103:government"
    assert meta.division == {"province": "湖南省", "prefecture": "长沙市", "county": "天心区", "code": "430103"}
    assert meta.agency_type == "government" and meta.level == "county" and not warnings


def test_prefecture_and_province_keep_their_general_office_apart():
    assert identify("淮安市人民政府")[0].agency_id == "320800:government"
    assert identify("淮安市政府")[0].agency_id == "320800:government"
    office = identify("淮安市人民政府办公室")[0]
    assert office.agency_id == "320800:general_office" and office.agency_type == "general_office"
    assert identify("上海市人民政府办公厅")[0].agency_id == "310000:general_office"
    own = identify("淮安市人民政府办公室", title="淮安市人民政府办公室2024年政府信息公开工作年度报告")[0]
    assert own.agency_id == "320800:general_office"
    # the office signs a report whose title names the city: the city government's report
    signed = identify("淮安市人民政府办公室", title="淮安市2024年政府信息公开工作年度报告")[0]
    assert signed.agency_id == "320800:government" and signed.level == "city"
    assert identify("上海市人民政府")[0].level == "province"


@pytest.mark.parametrize(
    "short, full, expected",
    [
        ("天心区发改局", "长沙市天心区发展和改革局", "430103:development_reform"),
        ("洪泽区市监局", "淮安市洪泽区市场监督管理局", "320813:market_regulation"),
        ("洪泽区国资局", "淮安市洪泽区国有资产监督管理局", "320813:state_assets"),
        ("卫滨区人社局", "新乡市卫滨区人力资源和社会保障局", "410703:human_resources"),
        ("卫滨区住建局", "新乡市卫滨区住房和城乡建设局", "410703:housing"),
        ("道县文广新局", "永州市道县文化旅游广电体育局", "431124:culture_tourism"),
        ("淮安市卫健委", "淮安市卫生健康委员会", "320800:health"),
    ],
)
def test_abbreviated_department_names(short, full, expected):
    a, b = identify(short)[0], identify(full)[0]
    assert a.agency_id == b.agency_id == expected
    assert a.level == "department"


def test_branch_bureau_belongs_to_its_district_and_levels_follow_the_division():
    assert identify("深圳市公安局福田分局")[0].agency_id == "440304:public_security"
    assert identify("深圳市公安局")[0].agency_id == "440300:public_security"
    assert identify("吉林市人民政府")[0].level == "city" and identify("吉林省人民政府")[0].level == "province"


def test_agency_types():
    assert agency_type("人民政府") == "government"
    assert agency_type("国有资产监督管理委员会") == "state_assets"  # a 委员会, not a 管委会 government
    assert agency_type("人民政府办公室") == "general_office"
    assert (
        agency_type("民政局") == "civil_affairs" and agency_type("云溪县人民政府") == "government"
    )  # 人民政府 holds 民政
    assert agency_type("经济技术开发区管委会") == "zone_committee"
    assert agency_type("集体经济发展服务署") is None


def test_zone_and_township_ids():
    assert (
        identify("平潭综合实验区管委会办公室")[0].agency_id
        == identify("平潭综合实验区")[0].agency_id
        == "350128:government"
    )
    t1, t2 = identify("长沙市天心区桂花坪街道办事处")[0], identify("天心区桂花坪街道")[0]
    assert t1.agency_id == t2.agency_id == "430103:township:桂花坪街道" and t1.level == "township"
    zone = identify("淮安经济技术开发区管委会")[0]
    assert zone.agency_id == "320800:zone_committee:经济技术开发区" and zone.agency_type == "zone_committee"
    assert identify("淮安市经济技术开发区管理委员会")[0].agency_id == zone.agency_id


def test_untyped_body_keeps_its_name():
    meta = identify("深圳市福田区集体经济发展服务署")[0]
    assert meta.agency_id == "440304:集体经济发展服务署" and meta.agency_type is None


# --------------------------------------------------------------------------- ambiguity and context


def test_ambiguous_district_is_flagged_not_guessed():
    meta, warnings = identify("鼓楼区人民政府", text="本区今年的政务公开工作稳步推进。")
    assert meta.division is None and meta.agency_id.startswith("?:")
    assert [w.code for w in warnings] == ["ambiguous_division"]
    assert "350102" in warnings[0].detail and "320106" in warnings[0].detail


@pytest.mark.parametrize(
    "text, code",
    [
        ("联系地址：福建省福州市鼓楼区某路8号。", "350102"),
        ("如有疑问请来函，邮编：350001。", "350102"),
        ("联系电话：025-12345678。", "320106"),  # Nanjing's area code
        ("全区配合南京市的部署，与玄武区、秦淮区共同推进。", "320106"),  # the prefecture and sibling districts
    ],
)
def test_ambiguous_district_resolved_from_context(text, code):
    meta, warnings = identify("鼓楼区人民政府", text=text)
    assert meta.division["code"] == code and meta.agency_id == f"{code}:government" and not warnings


def test_place_from_signature_and_text_when_the_name_has_none():
    meta, _ = identify("南岭乡人民政府", text="我乡地处道县南部。道县县委县政府部署……", signals=())
    assert meta.agency_id == "431124:township:南岭乡" and meta.region == "湖南省"
    meta, _ = identify("区集体经济发展服务署", signals=("深圳市福田区集体经济发展服务署",))
    assert meta.division["code"] == "440304"
    meta, _ = identify("区财政局", text="发布机构：益阳市资阳区财政局\n本报告……")
    assert meta.agency_id == "430902:finance"  # 资阳区 of Yiyang (Hunan), not 资阳市 (Sichuan)
    nameless = ReportMeta(agency=None)
    assign_identity(nameless, "本县位于永州市南部。道县各乡镇……道县县直单位……")
    assert nameless.agency_id is None and nameless.division["code"] == "431124"
    unknown, warnings = identify("南岭乡人民政府", text="我乡政务公开工作稳步推进。")
    assert unknown.division is None and unknown.agency_id == "?:township:南岭乡" and not warnings


# --------------------------------------------------------------------------- corpus: agencies, override, follow_through


@pytest.fixture()
def district_series(tmp_path):
    """The sample's two 云溪县 reports (written for the project) re-titled as one real district in two forms."""
    for src, title_agency in [("yunxi_2022", "天心区人民政府"), ("yunxi_2023", "长沙市天心区人民政府办公室")]:
        text = (SAMPLE / "txt" / f"{src}.txt").read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        title = first.replace("云溪县人民政府", title_agency)
        (tmp_path / f"tianxin_{src[-4:]}.txt").write_text(
            title + "\n" + rest.replace("云溪县", "天心区"), encoding="utf-8"
        )
    return nr.read_corpus(tmp_path, progress=False)


def test_district_series_is_one_agency_and_follow_through_links_it(district_series):
    corpus = district_series
    dv = corpus.docvars
    assert dv["agency"].nunique() == 2 and set(dv["agency_id"]) == {"430103:government"}
    ag = corpus.agencies()
    assert len(ag) == 1 and ag.iloc[0]["n_reports"] == 2 and ag.iloc[0]["years"] == [2022, 2023]
    assert ag.iloc[0]["county"] == "天心区" and len(ag.iloc[0]["names"]) == 2
    ft = nr.compare.follow_through(corpus.statements_frame())
    assert set(ft["agency_id"]) == {"430103:government"} and ft["recurs"].any()


def test_set_agency_overrides_every_frame(district_series):
    corpus = district_series
    corpus.statements_frame()  # memoised before the override …
    corpus.set_agency("tianxin_2023", "430103:general_office")
    st = corpus.statements_frame()  # … and rebuilt after it
    assert set(st[st.doc_id == "tianxin_2023"]["agency_id"]) == {"430103:general_office"}
    assert corpus["tianxin_2023"].meta.agency_type == "general_office"
    assert len(corpus.agencies()) == 2
    assert nr.compare.follow_through(st).empty  # two agencies now, one year each
    corpus.set_agency("tianxin_2023", "110105:government")
    assert corpus["tianxin_2023"].meta.division["province"] == "北京市"
    with pytest.raises(nr.errors.NlpReportsError, match="agency_id"):
        corpus.set_agency("tianxin_2023", "")
