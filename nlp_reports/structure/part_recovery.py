"""Part 五 whose heading was lost in extraction, recovered from its sub-headings.

Some reports come out of PDF or web extraction without the line ``五、存在的主要问题及改进情况``:
the text after table 四 goes straight into ``（一）主要问题 … （二）改进情况 …``.  The sections stage
then leaves part 五 missing and its statements inside part 四.  When part 五 is missing, the part
that precedes it (四, else 三) is searched for a sub-heading pair in that order — a （一） title about
problems (主要问题 / 存在的问题 / 存在的不足 …) followed by a （二） title about measures (改进 / 整改 /
措施 / 下一步 / 打算 …) — and part 五 is cut from the first of them to the end of that part.  The
inference is reported as an ``odd_heading`` warning.
"""

from __future__ import annotations

import re

from ..model import SECTION_KEYS, ReportWarning, Section

__all__ = ["recover_lost_problems"]

_FIRST = re.compile(
    r"(?:^|(?<=[\n\d \t。]))[（(]\s*一\s*[）)]\s*(?P<title>[^\n。，；]{0,10}?(?:问题|不足|差距))(?:[：:。]|\s|$)", re.M
)
_SECOND = re.compile(
    r"(?:^|(?<=[\n \t。！？；]))[（(]\s*二\s*[）)]\s*(?P<title>[^\n。，；]{0,12}?(?:改进|整改|措施|下一步|打算|计划|方向|举措))",
    re.M,
)


def recover_lost_problems(
    text: str, sections: dict[str, Section], warnings: list[ReportWarning]
) -> list[ReportWarning]:
    """Cut a headless part 五 out of the part before it (in place); returns the warnings to add.

    ``warnings`` (those found so far) loses the numbering warning of the part after (``六、`` where
    ``五、`` was expected), which the recovered part explains.
    """
    if "problems" in sections:
        return []
    host = sections.get("review_litigation") or sections.get("applications")
    if host is None or not host.text:
        return []
    nxt = [s for s in sections.values() if s.start > host.start]
    if any(s.key != "other" for s in nxt):
        return []
    body_start = text.find(host.text[:20], host.start)
    if body_start < 0:
        return []
    region = text[body_start : host.end]
    first = _FIRST.search(region)
    if first is None:
        return []
    second = _SECOND.search(region, first.end())
    if second is None:
        return []
    cut = body_start + first.start()
    sub = first.group(0).strip()
    sections["problems"] = Section(
        key="problems",
        number="",
        heading="",
        text=text[cut : host.end].strip(),
        headings=[],
        start=cut,
        end=host.end,
    )
    ordered = {k: sections[k] for k in SECTION_KEYS if k in sections}
    sections.clear()
    sections.update(ordered)
    host.text = text[body_start:cut].strip()
    host.end = cut
    other = sections.get("other")
    if other is not None:
        # "六、其他需要报告的事项 has numeral 六, expected 五" is explained by the lost heading
        warnings[:] = [
            w
            for w in warnings
            if not (w.code == "odd_heading" and w.detail == other.heading and "expected 五" in w.message)
        ]
    return [
        ReportWarning(
            "odd_heading",
            f"part 五 has no heading: inferred from its sub-headings {sub[:20]!r} … "
            f"{second.group(0).strip()[:20]!r} after the body of part {host.number or host.key}",
            detail="problems",
        )
    ]
