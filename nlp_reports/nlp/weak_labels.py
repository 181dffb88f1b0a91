"""Weak labels for part-五 statements from the structure of the user's own reports.

Why: every report states its problems and its measures, often under sub-headings （一）存在的主要问题 /
（二）改进措施, in two separate parts (older reports), or in one paragraph that turns from problems to
measures at a transition ("针对存在问题，下一步……").  That structure labels most statements for free;
cue patterns (有待/仍需/不足 vs 下一步/将/一是加强) label the rest with a lower confidence.  The
:class:`~nlp_reports.nlp.classifier.StatementClassifier` trained on these labels then generalises to
statements whose structure says nothing.

Sources (column ``source``): ``subheading`` (under a problems / improvements sub-heading), ``part``
(in a separate problems / improvements part), ``before_transition`` / ``after_transition`` (position
relative to a transition statement), ``leadin`` (lead-ins, transitions and summaries: other),
``cue`` (cue patterns alone), ``context`` (a clause without cues continuing the statement before it).
Statements no rule labels have ``label`` None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..text_patterns import LOOSE_MARKER_PREFIX_RE
from . import cues

#: columns of the weak-label frame
COLUMNS: tuple[str, ...] = ("doc_id", "statement_id", "text", "label", "source", "confidence", "heading")

_PROBLEM_HEAD = re.compile(r"问题|不足|差距|困难|短板|薄弱|欠缺")
_IMPROVE_HEAD = re.compile(r"改进|整改|措施|打算|计划|下一步|今后|思路|安排|努力方向|工作重点|展望|建议|举措")

_PROBLEM_STRONG = re.compile(
    r"有待|仍需|尚需|仍待|尚待|还需|亟需|亟待|急需|不够|不足|欠缺|缺乏|缺少|不到位|不及时|不全面|不完善|不规范|"
    r"不平衡|不统一|不强|不高|不深|薄弱|滞后|短板|偏少|偏低|较少|较弱|单一|参差不齐|流于形式|尚未|仍未|还未|"
    r"还不|仍不|不便|存在.{0,20}?(?:问题|现象|情况)|(?:需|待|需要)进一步"
)
#: a need phrased as a problem ("还需进一步加强"): removed before looking for measure cues
_NEED_PHRASE = re.compile(
    r"(?:有待|仍需|尚需|还需|亟需|亟待|急需|仍待|尚待)(?:要)?(?:进一步|继续|持续|不断)?|(?:需要|需|待)(?:进一步|继续|持续|不断)"
)
_ACTION_START = re.compile(
    r"^(?:" + cues.ENUM_MARKER_PATTERN + r")?\s*(?:要|将|大力|全面|深入|认真|继续|进一步|持续|着力|切实|从源头)?"
    r"(?:加强|完善|推进|强化|健全|提升|提高|优化|规范|落实|开展|深化|加大|拓展|丰富|建立|抓好|做好|坚持|严格|"
    r"推动|加快|解决|做实|夯实|压实|用好|抓实|创新|整合|统筹|聚焦|围绕|构建|打造|探索)"
)
_ACHIEVEMENT = re.compile(r"取得了?(?:一定|明显|较好|积极|显著|较大|长足)?的?(?:成效|进展|成绩|成果)")
_IMPROVE_STRONG = re.compile(
    r"下一步|今后|下阶段|下一阶段|明年|新的一年|将|拟|计划|力争|确保|继续|持续|进一步|着力|切实|"
    r"^(?:" + cues.ENUM_MARKER_PATTERN + r")?\s*(?:要|大力|全面|深入|认真)?"
    r"(?:加强|完善|推进|强化|健全|提升|提高|优化|规范|落实|开展|深化|加大|拓展|丰富|建立|抓好|做好|坚持|严格|推动|加快)"
)
_GENERIC_GAP = re.compile(
    r"(?:一些|一定|部分|若干)(?:的)?(?:不足|差距|问题|薄弱环节|短板)|(?:需要|有待)加强和改进的地方"
)
_TRANSITION_START = re.compile(
    r"^(?:针对|为此|为了?解决|今后|下一步|下阶段|下一阶段|新的一年|明年|\d{4}年(?:度)?[，,]?\s*(?:我|本)[\u4e00-\u9fff]{0,6}将)"
)
_FUTURE = re.compile(r"下一步|今后|下阶段|下一阶段|明年|新的一年|将|拟|计划")


def heading_kind(heading: str) -> str | None:
    """'problem' / 'improvement' for a sub-heading or part heading that names one side only, else None."""
    if not heading:
        return None
    h = LOOSE_MARKER_PREFIX_RE.sub("", heading)
    p, i = bool(_PROBLEM_HEAD.search(h)), bool(_IMPROVE_HEAD.search(h))
    if p and not i:
        return "problem"
    if i and not p:
        return "improvement"
    return None


def is_other_statement(text: str) -> bool:
    """A lead-in, transition or summary statement (labelled other by the guidelines)."""
    t = text.strip()
    if not t:
        return True
    if t.endswith(("：", ":")):
        return True
    if any(c in t for c in cues.SUMMARY_CUES) or _ACHIEVEMENT.search(t):
        return True
    if any(c in t for c in cues.TRANSITION_CUES) and ("以下" in t or "如下" in t or t.endswith(("：", ":"))):
        return True
    if any(
        c in t for c in ("主要表现在", "主要表现为", "主要体现在", "具体表现在", "具体表现为", "存在以下", "存在如下")
    ):
        return True
    return bool(_GENERIC_GAP.search(t)) and not _PROBLEM_STRONG.search(_GENERIC_GAP.sub("", t))


def cue_label(text: str) -> tuple[str | None, float]:
    """Label and confidence from cue patterns alone ((None, 0.0) when they disagree or are absent)."""
    t = text.strip()
    if is_other_statement(t):
        return "other", 0.75
    prob = bool(_PROBLEM_STRONG.search(t))
    imp = bool(_IMPROVE_STRONG.search(_NEED_PHRASE.sub("", t)))
    if _ACTION_START.search(t) and not _NEED_PHRASE.search(t):
        return "improvement", 0.7 if prob else 0.8
    if prob and not imp:
        return "problem", 0.75
    if imp and not prob:
        return "improvement", 0.75
    if prob and imp and _FUTURE.search(_NEED_PHRASE.sub("", t)) and not _NEED_PHRASE.search(t):
        return "improvement", 0.6
    return None, 0.0


def is_transition(text: str) -> bool:
    """Does this statement turn from problems to measures ("针对存在问题，下一步……", "今后，我们将……")?"""
    t = text.strip()
    return bool(_TRANSITION_START.search(t)) or any(c in t for c in cues.TRANSITION_CUES)


def _label_in_zone(text: str, zone: str, source: str) -> tuple[str | None, str, float]:
    """Label of a statement inside a problems / improvements zone, overridden by clear contrary cues."""
    if is_other_statement(text):
        return "other", "leadin", 0.8
    label, conf = cue_label(text)
    if zone == "problem" and label == "improvement" and _FUTURE.search(text) and not _PROBLEM_STRONG.search(text):
        return "improvement", "cue", 0.6
    if zone == "improvement" and label == "problem" and not _IMPROVE_STRONG.search(_NEED_PHRASE.sub("", text)):
        return "problem", "cue", 0.6
    return zone, source, 0.9 if label in (zone, None) else 0.7


def _span_attr(span: Any, name: str, default: Any = None) -> Any:
    return getattr(span, name, default)


def title_kind(title: str) -> str | None:
    """Kind of a sub-heading: :func:`heading_kind`, else what its wording says.

    Why: sub-headings are often the measures themselves ("（一）进一步深化公开内容") or the problems
    themselves ("（一）公开内容不够全面").
    """
    kind = heading_kind(title)
    if kind is not None:
        return kind
    t = LOOSE_MARKER_PREFIX_RE.sub("", title or "")
    if not t:
        return None
    if _ACTION_START.search(t) and not _NEED_PHRASE.search(t):
        return "improvement"
    if _PROBLEM_STRONG.search(t) and not _IMPROVE_STRONG.search(_NEED_PHRASE.sub("", t)):
        return "problem"
    return None


def _zone_by_subsection(section: Any, start: int) -> str | None:
    for sub in getattr(section, "subsections", None) or []:
        if sub.start <= start < max(sub.end, sub.start + len(sub.text)):
            return title_kind(sub.title)
    return None


def _part_boundary(section: Any, spans: list[Any]) -> tuple[int, str, str] | None:
    """Where the second of two merged parts starts in ``section.text``: (offset, first_kind, second_kind)."""
    headings = list(getattr(section, "headings", None) or [])
    if len(headings) < 2:
        return None
    first, second = heading_kind(headings[0]), heading_kind(headings[-1])
    if first is None or second is None or first == second:
        return None
    text = section.text
    pos = text.find(headings[-1].strip())
    if pos > 0:
        return pos, first, second
    # the bodies are joined by '\n': the second part starts at the first later paragraph whose
    # first statement reads like the second part (a measure / a transition for an improvements part)
    breaks = [m.end() for m in re.finditer(r"\n", text)]
    for off in breaks:
        firsts = [s for s in spans if _span_attr(s, "start", 0) >= off]
        if not firsts:
            break
        head = firsts[0].text
        lab, _ = cue_label(head)
        if second == "improvement" and (is_transition(head) or lab == "improvement"):
            return off, first, second
        if second == "problem" and lab == "problem":
            return off, first, second
    return None


def weak_label_section(section: Any, doc_id: str = "") -> pd.DataFrame:
    """Weak labels of the statements of one problems part (a :class:`~nlp_reports.model.Section`).

    Returns a frame with :data:`COLUMNS`; ``label`` is None where no rule applies.
    """
    from .statements import split_statements_spans

    text = getattr(section, "text", "") or ""
    if not text.strip() or not getattr(section, "found", True):
        return pd.DataFrame(columns=list(COLUMNS))
    spans = [s for s in split_statements_spans(text) if s.text.strip()]
    boundary = _part_boundary(section, spans)
    zones: list[tuple[str | None, str]] = []
    for s in spans:
        zone = heading_kind(_span_attr(s, "heading", "") or "")
        src = "subheading"
        if zone is None:
            zone = _zone_by_subsection(section, _span_attr(s, "start", 0))
        if zone is None and boundary is not None:
            off, first, second = boundary
            zone, src = (first if _span_attr(s, "start", 0) < off else second), "part"
        zones.append((zone, src))

    rows: list[dict[str, Any]] = []
    free = [i for i, (z, _) in enumerate(zones) if z is None]
    trans = next((i for i in free if is_transition(spans[i].text)), None)
    for i, s in enumerate(spans):
        t = s.text.strip()
        zone, src = zones[i]
        if zone is not None:
            label, source, conf = _label_in_zone(t, zone, src)
        elif trans is not None and i < trans:
            label, conf = cue_label(t)
            if label is None or label == "problem":
                label, source, conf = "problem", "before_transition", 0.85 if label else 0.65
            else:
                source = "leadin" if label == "other" else "cue"
                conf = 0.8 if label == "other" else 0.5
        elif trans is not None:
            label, conf = cue_label(t)
            if i == trans and label != "other" and not t.endswith(("：", ":")):
                label, source, conf = "improvement", "after_transition", 0.8
            elif label is None or label == "improvement":
                label, source, conf = "improvement", "after_transition", 0.85 if label else 0.7
            else:
                source = "leadin" if label == "other" else "cue"
                conf = 0.8 if label == "other" else 0.55
        else:
            label, conf = cue_label(t)
            source = "leadin" if label == "other" else "cue"
            if label is None:
                source = "none"
        rows.append(
            {
                "doc_id": doc_id,
                "statement_id": i,
                "text": t,
                "label": label,
                "source": source,
                "confidence": float(conf),
                "heading": _span_attr(s, "heading", "") or "",
            }
        )
    # a clause with no cue continues the sentence of the statement before it ("…，做到…，")
    for k in range(1, len(rows)):
        prev, row = rows[k - 1], rows[k]
        if (
            row["label"] is None
            and prev["label"] in ("problem", "improvement")
            and prev["text"].endswith(("，", ",", "、", "；", ";"))
        ):
            row.update(label=prev["label"], source="context", confidence=0.6)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def weak_label_reports(reports: Iterable[Any], section_key: str = "problems") -> pd.DataFrame:
    """Weak labels of the problems part of every report (Report objects or anything with ``section``)."""
    frames = []
    for k, rep in enumerate(reports):
        meta = getattr(rep, "meta", None)
        doc_id = getattr(meta, "doc_id", "") or f"doc{k}"
        sec = rep.section(section_key)
        if sec is None or not getattr(sec, "found", True):
            continue
        df = weak_label_section(sec, doc_id=doc_id)
        if len(df):
            frames.append(df)
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    out = pd.concat(frames, ignore_index=True)
    out["confidence"] = out["confidence"].astype(float)
    return out


def label_counts(weak: pd.DataFrame) -> pd.DataFrame:
    """How many weak labels each source gave: a source × label table of counts (with totals).

    With a boolean ``used`` column (set by ``StatementClassifier.from_corpus``: confident enough and
    not a repeat of an identical statement) a ``used`` column counts the statements trained on.
    """
    if len(weak) == 0:
        return pd.DataFrame(columns=["problem", "improvement", "other"])
    lab = weak["label"].fillna("(none)")
    table = pd.crosstab(weak["source"], lab, margins=True, margins_name="total")
    cols = [c for c in ("problem", "improvement", "other", "(none)", "total") if c in table.columns]
    table = table[cols]
    if "used" in weak.columns:
        used = weak.loc[weak["used"].astype(bool), "source"].value_counts()
        table["used"] = [int(used.sum()) if s == "total" else int(used.get(s, 0)) for s in table.index]
    return table
