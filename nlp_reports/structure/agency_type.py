"""The type of a reporting agency from its name: government, general office, or a department type.

Researchers compare department types (public security vs education vs health …); names vary by
place and period (卫生和计划生育委员会 -> 卫生健康委员会), and agencies sign with abbreviations
(发改局, 市监局, 人社局, 住建局, 国资局, 文广新局).  :func:`agency_type` reads the part of the
name after the place ('淮安市洪泽区' removed by the caller, or not: the patterns look at the organ words).

Types: ``'government'`` (人民政府 / 政府 / 管委会 / 行政公署 / 乡镇街道), ``'general_office'``
(the government's 办公室 / 办公厅), ``'zone_committee'`` (a development zone's 管委会), and the
department types in :data:`DEPARTMENT_TYPES`; ``None`` for bodies the taxonomy does not name
(a 集体经济发展服务署): their identity then uses their name.
"""

from __future__ import annotations

import re

__all__ = ["AGENCY_TYPES", "DEPARTMENT_TYPES", "agency_type"]

#: department type -> pattern over the organ part of the name (abbreviations included); first match wins,
#: so the more specific patterns come first (住房公积金 before 住房, 市场监督 before 市).
DEPARTMENT_TYPES: dict[str, str] = {
    "housing_fund": r"住房公积金",
    "medical_security": r"医疗保障|医保局",
    "state_assets": r"国有资产监督管理|国资委|国资局|国资办",
    "development_reform": r"发展和改革|发展改革|发改",
    "public_security": r"公安",
    "education": r"教育|教体局|教文体|教科局",
    "health": r"卫生健康|卫健|卫生和计划生育|卫生计生|卫计|卫生局|卫生厅",
    "market_regulation": r"市场监督管理|市场监管|市监局|工商行政管理|工商局|质量技术监督|质监局|食品药品监督|食药监",
    "natural_resources": r"自然资源|国土资源|国土局|规划和国土|规划局|测绘",
    "audit": r"审计",
    "tax": r"税务|国税|地税",
    "finance": r"财政",
    "human_resources": r"人力资源和社会保障|人力资源社会保障|人社|人事局|劳动和社会保障|劳动保障",
    "civil_affairs": r"民政",
    "housing": r"住房和城乡建设|住房城乡建设|住建|城乡建设|建设局|建设厅|建委|房产|房管|住房保障",
    "transport": r"交通运输|交通局|交通委|交通厅",
    "water": r"水利|水务",
    "agriculture": r"农业农村|农业|农委|农牧|畜牧|农村工作|乡村振兴",
    "forestry": r"林业|林草",
    "ecology_environment": r"生态环境|环境保护|环保",
    "emergency": r"应急管理|安全生产监督|安监",
    "statistics": r"统计",
    "culture_tourism": r"文化和旅游|文化旅游|文旅|文化广电|文广|文化广播电视|文体|文化局|旅游|广播电视",
    "commerce": r"商务|商业局|贸易",
    "justice": r"司法",
    "veterans": r"退役军人",
    "science_technology": r"科学技术|科技",
    "industry_it": r"工业和信息化|工信|经济和信息化|经信|经济信息化",
    "ethnic_religious": r"民族宗教|民族事务|宗教事务|民宗",
    "urban_management": r"城市管理|城管|综合行政执法",
    "government_services": r"政务服务|行政审批|数据资源|大数据|政务数据|公共资源交易",
    "petition": r"信访",
    "sports": r"体育",
    "grain_reserve": r"粮食|物资储备",
    "archives": r"档案",
    "government_affairs": r"机关事务",
    "civil_air_defense": r"人民防空|人防",
    "meteorology": r"气象",
    "supply_marketing": r"供销",
    "prosecution": r"检察院",
    "court": r"法院",
}

#: every type :func:`agency_type` can return
AGENCY_TYPES: tuple[str, ...] = ("government", "general_office", "zone_committee", *DEPARTMENT_TYPES)

_DEPT_RE = [(t, re.compile(p)) for t, p in DEPARTMENT_TYPES.items()]
_GOV_END = re.compile(r"(?:人民政府|政府|行政公署|公署)$")
_COMMITTEE_END = re.compile(r"(?:管委会|管理委员会)$")
_OFFICE_END = re.compile(
    r"(?:(?:人民政府|政府|管委会|管理委员会|行政公署)(?:办公室|办公厅)|政府办|府办|党政办公室|党政办)$"
)
_OFFICE_ALONE = re.compile(r"^[区县市州旗乡镇]?(?:办公室|办公厅)$")
_TOWNSHIP_RE = re.compile(r"(乡|镇|街道|苏木)(?:人民政府|政府|办事处|街道办|办)?(?:党政办公室|党政办|办公室)?$")
_ZONE_RE = re.compile(
    r"(开发区|高新区|园区|新区|示范区|实验区|合作区|保税区|试验区)(?:党工委)?(?:管委会|管理委员会)?(?:办公室)?$"
)


def _department(s: str) -> str | None:
    s = s.replace("人民政府", "政府")  # '人民政府' holds '民政'
    for t, rx in _DEPT_RE:
        if rx.search(s):
            return t
    return None


def agency_type(organ: str | None, *, zone_host: bool = False) -> str | None:
    """The type of an agency from the organ part of its name (what follows its place).

    ``zone_host``: the place before it was a zone that governs a division (平潭综合实验区): its
    管委会 is that division's government.

    >>> [agency_type(x) for x in ["人民政府", "人民政府办公室", "发改局", "市场监督管理局", "国资局", "文广新局"]]
    ['government', 'general_office', 'development_reform', 'market_regulation', 'state_assets', 'culture_tourism']
    >>> agency_type("管委会办公室", zone_host=True), agency_type("经济技术开发区管委会"), agency_type("集体经济发展服务署")
    ('general_office', 'zone_committee', None)
    """
    if organ is None:
        return None
    s = re.sub(r"[（(].*?[）)]|\s+", "", organ)
    s = re.sub(r"^中共", "", s)
    if not s or _GOV_END.search(s):
        return "government"
    if _OFFICE_END.search(s) or _OFFICE_ALONE.match(s):
        return "general_office"
    if _TOWNSHIP_RE.search(s):
        return "government"  # a township's government (乡 / 镇 / 街道办事处)
    if _ZONE_RE.search(s) and not zone_host:
        return "zone_committee"
    if _COMMITTEE_END.search(s):
        # a 管委会 is a government unless it is a department's committee (国有资产监督管理委员会)
        return _department(s) or "government"
    return _department(s)
