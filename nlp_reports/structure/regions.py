"""Administrative geography used to tell the province (``ReportMeta.region``) of a report.

Data only (facts): the provincial-level divisions with their short names, and the
prefecture-level divisions (地级市, 地区, 自治州, 盟) of each, plus a few well-known county-level
areas that reports name without their city.  :func:`province_of` looks a text up.
"""

from __future__ import annotations

import re

__all__ = [
    "PROVINCES",
    "MUNICIPALITIES",
    "CITY_PROVINCE",
    "province_of",
    "province_mentions",
    "is_prefecture_city",
]

#: full name -> short names used in running text
PROVINCES: dict[str, tuple[str, ...]] = {
    "北京市": ("北京",),
    "天津市": ("天津",),
    "上海市": ("上海",),
    "重庆市": ("重庆",),
    "河北省": ("河北", "冀"),
    "山西省": ("山西", "晋"),
    "辽宁省": ("辽宁",),
    "吉林省": ("吉林",),
    "黑龙江省": ("黑龙江",),
    "江苏省": ("江苏",),
    "浙江省": ("浙江",),
    "安徽省": ("安徽",),
    "福建省": ("福建", "闽"),
    "江西省": ("江西",),
    "山东省": ("山东",),
    "河南省": ("河南",),
    "湖北省": ("湖北",),
    "湖南省": ("湖南",),
    "广东省": ("广东",),
    "海南省": ("海南",),
    "四川省": ("四川",),
    "贵州省": ("贵州",),
    "云南省": ("云南",),
    "陕西省": ("陕西",),
    "甘肃省": ("甘肃",),
    "青海省": ("青海",),
    "台湾省": ("台湾",),
    "内蒙古自治区": ("内蒙古",),
    "广西壮族自治区": ("广西",),
    "西藏自治区": ("西藏",),
    "宁夏回族自治区": ("宁夏",),
    "新疆维吾尔自治区": ("新疆",),
    "香港特别行政区": ("香港",),
    "澳门特别行政区": ("澳门",),
}

#: municipalities directly under the central government (their government is provincial level)
MUNICIPALITIES: frozenset[str] = frozenset({"北京", "天津", "上海", "重庆"})

# prefecture-level divisions per province, short names separated by spaces
_PREFECTURES: dict[str, str] = {
    "河北省": "石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水",
    "山西省": "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "内蒙古自治区": "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安盟 锡林郭勒盟 阿拉善盟",
    "辽宁省": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
    "吉林省": "长春 吉林市 四平 辽源 通化 白山 松原 白城 延边",
    "黑龙江省": "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭",
    "江苏省": "南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁",
    "浙江省": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水",
    "安徽省": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "福建省": "福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 平潭",
    "江西省": "南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶",
    "山东省": "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽",
    "河南省": "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源",
    "湖北省": "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 神农架",
    "湖南省": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西",
    "广东省": "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮",
    "广西壮族自治区": "南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
    "海南省": "海口 三亚 三沙 儋州 五指山 琼海 文昌 万宁 东方",
    "四川省": "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山",
    "贵州省": "贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南",
    "云南省": "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆",
    "西藏自治区": "拉萨 日喀则 昌都 林芝 山南 那曲 阿里",
    "陕西省": "西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 杨凌",
    "甘肃省": "兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南",
    "青海省": "西宁 海东 海北 黄南 海南州 果洛 玉树 海西",
    "宁夏回族自治区": "银川 石嘴山 吴忠 固原 中卫",
    "新疆维吾尔自治区": "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰 石河子",
}

#: short city name -> province full name
CITY_PROVINCE: dict[str, str] = {city: prov for prov, names in _PREFECTURES.items() for city in names.split()}

# the county-level areas in the table above (not prefecture-level cities)
_COUNTY_LEVEL = frozenset(
    {"平潭", "济源", "仙桃", "潜江", "天门", "神农架", "五指山", "琼海", "文昌", "万宁", "东方", "石河子", "杨凌"}
)

# city names that are also ordinary words: only counted with their suffix (东方市, not 东方红)
_COMMON_WORDS = frozenset(
    "东方 朝阳 中山 白山 黑河 大理 红河 文山 山南 来宾 北海 白银 安康 长治 日照 阿里 天门 海西 海东 海北 "
    "普洱 吉安 通化 丽江 金昌 三明 玉树 黄山 永州 万宁 文昌 河池 海口 南平 常德 铜仁".split()
)

_PROV_RE = re.compile(
    "|".join(
        sorted(
            (re.escape(n) for full, shorts in PROVINCES.items() for n in (full, *shorts) if len(n) >= 2),
            key=len,
            reverse=True,
        )
    )
)
_CITY_RE = re.compile("|".join(sorted((re.escape(c) for c in CITY_PROVINCE), key=len, reverse=True)))
_SHORT_TO_FULL = {n: full for full, shorts in PROVINCES.items() for n in (full, *shorts)}


def is_prefecture_city(name: str) -> bool:
    """True if ``name`` ('淮安市', '淮安') is a prefecture-level city (not a county-level one)."""
    short = re.sub(r"(市|地区|自治州|州|盟)$", "", name)
    return short in CITY_PROVINCE and short not in _COUNTY_LEVEL


def province_of(name: str) -> str | None:
    """The province of an agency name or title: the first province or city it names.

    A city counts at the start of ``name`` or with its suffix (市/州/盟/地区/县/区), so that
    ordinary words are not read as city names.  '淮安市洪泽区人民政府' -> '江苏省';
    '上海市人民政府办公厅' -> '上海市'; ``None`` if nothing is known.
    """
    if not name:
        return None
    best: tuple[int, str] | None = None
    m = _PROV_RE.search(name)
    if m:
        best = (m.start(), _SHORT_TO_FULL[m.group(0)])
    for c in _CITY_RE.finditer(name):
        if best is not None and c.start() >= best[0]:
            break
        after = name[c.end() : c.end() + 2]
        bare_ok = c.start() == 0 and c.group(0) not in _COMMON_WORDS
        if bare_ok or c.group(0).endswith(("市", "州", "盟")) or re.match(r"市|州|盟|地区|县|区", after):
            best = (c.start(), CITY_PROVINCE[c.group(0)])
            break
    return best[1] if best else None


_CITY_SUFFIXED_RE = re.compile(
    "(" + "|".join(sorted((re.escape(c) for c in CITY_PROVINCE), key=len, reverse=True)) + ")"
    "(?:市|地区|自治州|州|盟|县|区)"
)


def province_mentions(text: str) -> dict[str, int]:
    """How often each province is named in running ``text``, directly or through one of its cities.

    In running text a city counts only with its suffix ('新乡市', not '新乡'), because many city
    names are also ordinary words.
    """
    counts: dict[str, int] = {}
    for m in _PROV_RE.finditer(text):
        full = _SHORT_TO_FULL[m.group(0)]
        counts[full] = counts.get(full, 0) + 1
    for m in _CITY_SUFFIXED_RE.finditer(text):
        full = CITY_PROVINCE[m.group(1)]
        counts[full] = counts.get(full, 0) + 1
    for m in _CITY_RE.finditer(text):
        if m.group(0).endswith(("市", "州", "盟")):  # names stored with their suffix
            full = CITY_PROVINCE[m.group(0)]
            counts[full] = counts.get(full, 0) + 1
    return counts
