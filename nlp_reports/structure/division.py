"""The administrative division of a report's agency, from its name and the report's context.

1. The agency name starts with its place ('新乡市卫滨区人民政府办公室', '平潭综合实验区管委会',
   '道县文广新局'): :meth:`Gazetteer.place_chain` reads it, each place inside the one before.
2. A name that stands for several divisions (朝阳区: Beijing and Changchun; 城关区 …) is resolved
   from context: the other places the title, signature, metadata block, address and text name (a
   province, the prefecture, sibling counties), the postcode (邮编) and the telephone area code.
   If the context does not single one out, the division stays open and the report gets the warning
   ``ambiguous_division`` listing the candidates: never a guess.
3. An agency name without a place ('南薰乡', '区集体经济发展服务署') takes the division the report's
   other sources name: the title, the signature and metadata lines, else the place the text names
   clearly more often than any other (at least twice).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .gazetteer import Gazetteer, Mention

__all__ = ["DivisionResult", "phone_province", "postcode_province", "resolve_division"]

# first two digits of a postcode -> province code prefix (China Post's allocation)
_POSTCODE: dict[str, str] = {}
for _prov, _pre in {
    "11": "10",
    "12": "30",
    "31": "20",
    "50": "40",
    "13": "05 06 07",
    "14": "03 04",
    "15": "01 02",
    "21": "11 12",
    "22": "13",
    "23": "15 16",
    "32": "21 22",
    "33": "31 32",
    "34": "23 24",
    "35": "35 36",
    "36": "33 34",
    "37": "25 26 27",
    "41": "45 46 47",
    "42": "43 44",
    "43": "41 42",
    "44": "51 52",
    "45": "53 54",
    "46": "57",
    "51": "61 62 63 64",
    "52": "55 56",
    "53": "65 66 67",
    "54": "85 86",
    "61": "71 72",
    "62": "73 74",
    "63": "81",
    "64": "75",
    "65": "83 84",
}.items():
    for _p in _pre.split():
        _POSTCODE[_p] = _prov

# telephone area codes: the three-digit ones, and the first three digits of the four-digit ones
# (a three-digit area code is one city: its prefecture code)
_PHONE3 = {
    "010": "110000",
    "022": "120000",
    "021": "310000",
    "023": "500000",
    "020": "440100",
    "024": "210100",
    "025": "320100",
    "027": "420100",
    "028": "510100",
    "029": "610100",
}
_PHONE_PREFIX = {
    "031": "13",
    "032": "13",
    "033": "13",
    "034": "14",
    "035": "14",
    "037": "41",
    "039": "41",
    "041": "21",
    "042": "21",
    "043": "22",
    "044": "22",
    "045": "23",
    "046": "23",
    "047": "15",
    "048": "15",
    "051": "32",
    "052": "32",
    "053": "37",
    "054": "37",
    "055": "34",
    "056": "34",
    "057": "33",
    "058": "33",
    "059": "35",
    "070": "36",
    "079": "36",
    "071": "42",
    "072": "42",
    "073": "43",
    "074": "43",
    "075": "44",
    "076": "44",
    "077": "45",
    "081": "51",
    "082": "51",
    "083": "51",
    "085": "52",
    "087": "53",
    "088": "53",
    "091": "61",
    "093": "62",
    "094": "62",
    "095": "64",
    "097": "63",
    "090": "65",
    "099": "65",
}
_POSTCODE_RE = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})(?!\d)")
_PHONE_RE = re.compile(r"(?:电话|传真|热线|联系方式)[^\d\n]{0,8}[（(]?(0\d{2,3})[）)]?\s*[-－—–]?\s*\d{7,8}(?!\d)")
_FIELD_RE = re.compile(r"(?:发布机构|发文机关|发布单位|信息来源|来源)\s*[:：]\s*([\u4e00-\u9fff（）()]{3,30})")
_ADDRESS_RE = re.compile(r"(?:地址|地点|办公地点|通讯地址|联系地址)\s*[:：为]\s*([^\n，。；;]{4,60})")


def postcode_province(text: str) -> list[str]:
    """Province codes ('320000') of the postcodes a text gives after 邮编 / 邮政编码."""
    return [_POSTCODE[m.group(1)[:2]] + "0000" for m in _POSTCODE_RE.finditer(text) if m.group(1)[:2] in _POSTCODE]


def phone_province(text: str) -> list[str]:
    """Province codes (the city's code for 010, 020-029) of the area codes a text gives after 电话 / 传真."""
    out = []
    for m in _PHONE_RE.finditer(text):
        code = m.group(1)
        if code.startswith("0898"):
            out.append("460000")
        elif code[:3] in _PHONE3 and len(code) == 3:
            out.append(_PHONE3[code[:3]])
        elif len(code) == 4 and code[:3] in _PHONE_PREFIX:
            out.append(_PHONE_PREFIX[code[:3]] + "0000")
    return out


@dataclass
class DivisionResult:
    """What :func:`resolve_division` found: the code (``None`` if unknown or ambiguous), how, and the rest."""

    code: str | None = None
    #: the organ part of the agency name, after its place ('人民政府办公室', '文广新局')
    organ: str | None = None
    #: the place was a special zone that governs a division (its 管委会 is that division's government)
    zone: bool = False
    #: 'agency' | 'title' | 'signature' | 'metadata' | 'text' | None
    source: str | None = None
    #: the place part of the agency name ('淮安市洪泽区')
    place: str = ""
    #: the candidates when a name stands for several divisions and the context did not decide
    ambiguous: list[str] = field(default_factory=list)
    ambiguous_name: str = ""


def _context(gaz: Gazetteer, strong: Sequence[str], text: str) -> Counter:
    """Evidence per division code: unambiguous places named (strong sources count 3), postcode, phone."""
    ev: Counter = Counter()
    for weight, s in [(3, x) for x in strong if x] + [(1, text)]:
        for m in gaz.mentions(s):
            if len(m.codes) == 1:
                ev[m.codes[0]] += weight
        for p in postcode_province(s) + phone_province(s):
            ev[p] += 2
    return ev


def _support(gaz: Gazetteer, code: str, ev: Counter) -> float:
    """How much the context speaks for ``code``: places in its province, more for its own prefecture."""
    lvl = gaz.level(code)
    score = 0.0
    for x, w in ev.items():
        if x == code:
            continue
        if x[:2] == code[:2]:
            score += w
            if lvl != "province" and x[:4] == code[:4] and gaz.level(x) != "province":
                score += w
    return score


def _pick(gaz: Gazetteer, codes: Sequence[str], ev: Counter) -> str | None:
    """The one code the context clearly favours (at least 2, and twice the runner-up), else ``None``."""
    if len(codes) == 1:
        return codes[0]
    scores = sorted(((_support(gaz, c, ev), c) for c in codes), reverse=True)
    best, second = scores[0][0], scores[1][0]
    if best >= 2 and best >= 2 * second:
        return scores[0][1]
    return None


def _from_text(
    gaz: Gazetteer, strong: Sequence[str], text: str, ev: Counter, levels: Sequence[str]
) -> tuple[str | None, str]:
    """A division the sources name without an agency name to start from (see the module docstring)."""
    for s in strong:
        chain, _ = gaz.place_chain(s) if s else ([], 0)
        if chain:
            code = _pick(gaz, chain[-1].codes, ev)
            if code:
                return code, "metadata"
    direct: Counter = Counter()
    for m in gaz.mentions(text):
        if len(m.codes) == 1:
            direct[m.codes[0]] += 1
        else:
            c = _pick(gaz, m.codes, ev)
            if c:
                direct[c] += 1
    for level in levels:
        ranked = [(n, c) for c, n in direct.most_common() if gaz.level(c) == level]
        if not ranked:
            continue
        n, c = ranked[0]
        if n >= 2 and (len(ranked) == 1 or n >= 2 * ranked[1][0]):
            return c, "text"
    return None, ""


def _branch(gaz: Gazetteer, res: DivisionResult) -> None:
    """A city bureau's branch named after a district ('公安局福田分局') belongs to that district."""
    organ = res.organ or ""
    m = re.search(r"局([\u4e00-\u9fff]{2,4}?)分局$", organ)
    if not m or not res.code:
        return
    for name in (m.group(1) + "区", m.group(1) + "县", m.group(1) + "市", m.group(1)):
        code = res.code
        inside = [c for c in gaz.lookup(name) if c != code and gaz.within(c, code)]
        if len(inside) == 1:
            res.code = inside[0]
            res.organ = organ[: m.start() + 1]  # '公安局福田分局' -> '公安局'
            return


def resolve_division(
    gaz: Gazetteer,
    agency: str | None,
    title: str | None = None,
    signals: Sequence[str] = (),
    text: str = "",
) -> DivisionResult:
    """The division of ``agency``; ``signals``: signature, metadata lines (发布机构 …), addresses.

    >>> from nlp_reports.structure.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> resolve_division(g, "新乡市卫滨区人民政府办公室").code
    '410703'
    >>> r = resolve_division(g, "朝阳区人民政府", text="地址：北京市朝阳区某路1号，邮编：100020")
    >>> r.code, r.ambiguous
    ('110105', [])
    >>> resolve_division(g, "朝阳区人民政府", text="本区政务公开工作").ambiguous
    ['110105', '220104']
    """

    def strong_sources() -> list[str]:
        edges = text[:2000] + "\n" + text[-1000:]
        addresses = [m.group(1) for m in _ADDRESS_RE.finditer(text)]
        fields = [m.group(1) for m in _FIELD_RE.finditer(edges)]  # a metadata block kept in the text
        return [s for s in [title, *signals, *fields, *addresses] if s]

    res = DivisionResult(organ=agency)
    chain: list[Mention] = []
    if agency:
        name = re.sub(r"\s+", "", agency)
        chain, pos = gaz.place_chain(name)
        res.organ = name[pos:] if chain else name
        res.place = name[:pos] if chain else ""
        res.zone = bool(chain) and chain[-1].text in gaz.zones
    if chain:
        last = chain[-1]
        # the context (a scan of the whole text) is needed only when the name stands for several divisions
        code = last.codes[0] if len(last.codes) == 1 else _pick(gaz, last.codes, _context(gaz, strong_sources(), text))
        if code is None:
            res.ambiguous, res.ambiguous_name = list(last.codes), last.text
            # the places above it may still agree (two 城关区 of one province: the province is known)
            common = {c[:2] for c in last.codes}
            if len(common) == 1:
                prov = common.pop() + "0000"
                res.code = prov if gaz.division(prov) else None
            return res
        res.code, res.source = code, "agency"
        _branch(gaz, res)
        return res
    organ = res.organ or ""
    if re.match(r"^[区县旗]", organ) or re.search(r"(乡|镇|街道|苏木)(人民政府|政府|办事处)?(办公室|党政办)?$", organ):
        levels: tuple[str, ...] = ("county",)
    elif organ.startswith(("市", "州", "盟")):
        levels = ("prefecture", "county")
    else:
        levels = ("county", "prefecture", "province")
    strong = strong_sources()
    res.code, res.source = _from_text(gaz, strong, text, _context(gaz, strong, text), levels)
    res.source = res.source or None
    return res
