"""Agency identity: ``agency_id``, ``agency_type`` and ``division`` of a report.

``agency_id`` is the division code of the agency plus its normalised type, the same for every way
one agency writes its name (with or without the prefecture, 人民政府 / 政府 / 管委会 / 办公室,
abbreviations such as 发改局 for 发展和改革局):

* ``'320813:government'`` — 洪泽区人民政府, 淮安市洪泽区政府, …;
* ``'431124:culture_tourism'`` — 道县文广新局 (a department type, :mod:`.agency_type`);
* ``'430103:township:桂花坪街道'`` — a township or street office (the gazetteer stops at counties);
* ``'440304:集体经济发展服务署'`` — a body the type taxonomy does not name keeps its name;
* ``'?:南薰乡'`` / ``'?:government:朝阳区'`` — division unknown, or ambiguous (then warned).

The government and its general office (办公室 / 办公厅): at county level and below, and for the
管委会 of a zone, the office compiles and signs the government's own report, and the same report
is signed one year by the government and the next by its office (the Pingtan series): one
``agency_id`` (``…:government``). A province's 办公厅 and a prefecture's 办公室 publish a
departmental report of their own next to the government's report, so there they are a body of
their own (``…:general_office``) — unless the title names the place or the government and the office
only signs ('淮安市2024年…年度报告' signed 淮安市人民政府办公室).  ``corpus.set_agency(doc_id, agency_id)`` overrides any decision.
"""

from __future__ import annotations

import re

from ..model import ReportMeta, ReportWarning
from .agency_type import agency_type
from .division import DivisionResult, resolve_division
from .gazetteer import Gazetteer, load_gazetteer
from .metadata import strip_name_suffixes

__all__ = ["assign_identity", "make_agency_id", "township_name"]

_TOWNSHIP = re.compile(r"^(.*?(?:乡|镇|街道|苏木))(?:人民政府|政府|办事处|街道办|办)?(?:党政办公室|党政办|办公室)?$")
_NAME_SUFFIX = re.compile(
    r"(?:人民政府办公室|政府办公室|管理委员会办公室|管委会办公室|管理委员会|管委会|党工委|人民政府|政府|办公室|办公厅)$"
)


_OFFICE_TITLE = re.compile(r"(办公室|办公厅|政府办|府办)$")


def township_name(organ: str) -> str | None:
    """'桂花坪街道办事处' -> '桂花坪街道'; '城关镇人民政府' -> '城关镇'; ``None`` if not a township."""
    m = _TOWNSHIP.match(organ)
    return m.group(1) if m and len(m.group(1)) >= 2 else None


def _norm_name(organ: str) -> str:
    s = re.sub(r"^[区县市州旗]", "", organ) if len(organ) > 3 else organ
    return strip_name_suffixes(s, _NAME_SUFFIX, 2)


def make_agency_id(
    gaz: Gazetteer,
    res: DivisionResult,
    atype: str | None,
    level_hint: str | None = None,
    title_agency: str | None = None,
) -> tuple[str | None, str | None]:
    """``(agency_id, agency_type)`` from a resolved division and the organ's type (see the module docstring).

    ``level_hint``: the level told from the name ('province', 'city', …) when the division is unknown;
    ``title_agency``: the reporting body the title names — an office that signs a report whose title
    names the place or its government ('XX市2020年…年度报告') signs the government's report.
    """
    organ = res.organ or ""
    if not organ and not res.place:
        return None, None  # no agency name: the division (from the text) is all we know
    code = res.code if (res.code and not res.ambiguous) else "?"
    level = gaz.level(res.code) if res.code else None
    town = township_name(organ) if atype == "government" else None
    if town:
        return f"{code}:township:{town}", "government"
    low = level == "county" or (level is None and level_hint in (None, "county", "township"))
    signs_for_government = bool(title_agency) and not _OFFICE_TITLE.search(title_agency or "")
    if atype == "general_office" and (res.zone or low or signs_for_government):
        atype = "government"  # the office signs the government's own report (module docstring)
    if res.ambiguous:
        return f"?:{atype or _norm_name(organ)}:{res.ambiguous_name}", atype
    if code == "?":  # no division: the name (with its place) keeps unknown agencies apart
        return (f"?:{atype}:{_norm_name(organ)}" if atype else f"?:{_norm_name(organ)}"), atype
    if atype in ("government", "general_office"):
        return f"{code}:{atype}", atype
    if atype == "zone_committee":
        return f"{code}:zone_committee:{_norm_name(organ)}", atype
    if atype:
        return f"{code}:{atype}", atype
    return f"{code}:{_norm_name(organ)}", None


def _level(gaz: Gazetteer, code: str | None, atype: str | None, agency_id: str | None) -> str | None:
    if agency_id and ":township:" in agency_id:
        return "township"
    if atype in ("government", "general_office") and code:
        return {"province": "province", "prefecture": "city", "county": "county"}.get(gaz.level(code) or "")
    if atype and code:
        return "department"
    return None


def assign_identity(
    meta: ReportMeta,
    text: str,
    signals: tuple[str, ...] = (),
    gazetteer: Gazetteer | None = None,
) -> list[ReportWarning]:
    """Fill ``meta.division``, ``meta.agency_type``, ``meta.agency_id``; ``level`` / ``region`` where unknown.

    ``signals``: the signature and metadata-block lines (发布机构 …) that may name the place.
    Returns the warnings (``ambiguous_division``).
    """
    from .metadata import title_agency

    gaz = gazetteer or load_gazetteer()
    in_title = title_agency(meta.title)
    res = resolve_division(gaz, meta.agency, in_title, signals, text)
    atype = agency_type(res.organ, zone_host=res.zone) if (res.organ is not None) else None
    meta.agency_id, meta.agency_type = make_agency_id(gaz, res, atype, meta.level, in_title)
    meta.division = gaz.describe(res.code) if res.code else None
    level = _level(gaz, res.code, meta.agency_type, meta.agency_id)
    if meta.level is None or (meta.agency_type in ("government", "general_office") and level):
        # a government's level is its division's ('吉林市' is a prefecture; '…政府办' is no department)
        meta.level = level
    if meta.region is None and meta.division and meta.division.get("province"):
        meta.region = meta.division["province"]
    warnings = []
    if res.ambiguous:
        names = ", ".join(
            f"{c} {' '.join(v for k, v in gaz.describe(c).items() if k != 'code' and v)}" for c in res.ambiguous
        )
        warnings.append(
            ReportWarning(
                "ambiguous_division",
                f"'{res.ambiguous_name}' names several divisions ({names}) and the report does not say which; "
                "set it with corpus.set_agency(doc_id, agency_id)",
                detail=";".join(res.ambiguous),
            )
        )
    return warnings
