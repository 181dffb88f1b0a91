"""Find the six parts of a report (一、总体情况 … 六、其他需要报告的事项) in its text.

Headings may stand on their own line (PDF, line-broken text) or run on into the body inside one
long line (web text flattened to one line: "…。一、总体情况2021年，我区…").  Every numeral marker
(一、 一. 一 、 第一部分) is a *candidate*; a candidate gets a score from the heading vocabulary
(:mod:`nlp_reports.text_patterns`) and a chain of candidates is chosen by dynamic programming so that

* numerals increase (a part heading's numeral follows the previous part's; a skipped numeral —
  wrong numbering such as 七、 for 六、 — costs a little and is reported as ``odd_heading``),
* the canonical keys never go backwards (overview < proactive < … < other),
* lists inside a part ("一、加强…" in part 五 of older reports, "一是…") and the numbered rows of
  table 三 (一、本年新收… 四、结转下年度继续办理) are not taken for parts.

Older outlines (before 2019) are mapped by meaning: 概述 -> overview, 依申请公开 -> applications,
复议/诉讼 -> review_litigation, 问题/不足/困难 and 改进/措施/下一步/打算 -> problems (two such parts are
merged, both headings kept in ``Section.headings``), 其他 -> other; fees, consultations and the
statistics table are parts of their own ('extra') that end the preceding part but map to no key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import SECTION_KEYS, SECTION_TITLES, ReportWarning, Section
from ..text_patterns import (
    PART_MARKER_RE,
    char_before,
    classify_title,
    cn_numeral_value,
    int_to_cn,
    is_boundary_before,
    is_table_row_title,
    match_inline_title,
)
from .heading_fuzzy import fuzzy_inline_title, fuzzy_title_key
from .part_recovery import recover_lost_problems
from .subsections import find_subsections

__all__ = ["find_sections", "HeadingCandidate", "heading_candidates"]

_KEY_INDEX = {k: i for i, k in enumerate(SECTION_KEYS)}
_MAX_LINE_TITLE = 40  # a heading alone on its line is at most this long
_TITLE_ENDINGS = re.compile(r"(情况|事项|措施|概述|概况|打算|计划|问题|方向|不足|困难|思路|举措|统计表)[：:。.]?$")


@dataclass
class HeadingCandidate:
    """A possible part heading found in the text."""

    start: int  # offset of the numeral marker (or of the title for unnumbered headings)
    body_start: int  # offset where the part's body begins
    number: str  # the numeral as printed ('五'), '' if none
    value: int  # numeral value; for unnumbered headings the template numeral of the key
    title: str
    key: str | None  # SECTION_KEYS key, 'extra' or None
    score: float
    numbered: bool = True
    #: the template title a near-miss heading was read as ('' for headings matched by the vocabulary)
    inferred: str = ""


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    sol = text.rfind("\n", 0, pos) + 1
    eol = text.find("\n", pos)
    return sol, (len(text) if eol < 0 else eol)


_SPACES = " \t\r\f\v\u3000\u00a0"
_WINDOW = 400  # characters of a line looked at after a part marker
_NON_SPACE = re.compile(r"\S")


def _rest_of_line(text: str, q: int, eol: int) -> str:
    """``text[q:eol]``, cut to :data:`_WINDOW` characters (plus a marker char when more text follows).

    Why: the heading tests only need the first characters and whether the line goes on; copying
    the whole rest of a long line at each marker made a line of repeated markers quadratic.
    """
    if eol - q <= _WINDOW:
        return text[q:eol]
    window = text[q : q + _WINDOW]
    more = _NON_SPACE.search(text, q + _WINDOW, eol)
    return window + ("…" if more else "")


def heading_candidates(text: str) -> list[HeadingCandidate]:
    """Every plausible part heading in ``text`` with its vocabulary score (before the chain is chosen)."""
    cands: list[HeadingCandidate] = []
    taken: set[int] = set()
    sol, eol = 0, -1  # bounds of the line of the current marker, found once per line
    for m in PART_MARKER_RE.finditer(text):
        p, q = m.start(), m.end()
        num = m.group("num1") or m.group("num2")
        value = cn_numeral_value(num)
        if value is None or value > 20:
            continue
        if p > eol:
            sol, eol = _line_bounds(text, p)
        # work on a window of the line after the marker (a heading is short); a longer line only
        # needs to be known as long, so every marker of a long line costs the same
        line_start = char_before(text, p, _SPACES) in ("", "\n")
        boundary = is_boundary_before(text, p)
        rest = _rest_of_line(text, q, eol)
        cand: HeadingCandidate | None = None
        inline = match_inline_title(text, q)
        # a known title that runs on into its body on the same line ("六、其他需要报告的事项本年度无…")
        remainder = rest.strip()[inline.length :] if inline is not None else ""
        runs_on = (
            inline is not None
            and inline.strong
            and len(remainder) >= 4
            # "收费及减免、行政复议和行政诉讼情况": the title goes on, it does not run into a body
            and remainder[0] not in "、和及与"
        )
        if (
            line_start
            and not runs_on
            and len(rest.strip()) <= _MAX_LINE_TITLE
            and "。" not in rest.rstrip("。").strip()
        ):
            title = rest.strip().rstrip("。")
            body_start = eol
            # a heading split over two lines: "五、存在的主要问题及改进" + "情况"
            if title and not _TITLE_ENDINGS.search(title) and eol < len(text):
                nsol, neol = eol + 1, _line_bounds(text, eol + 1)[1]
                nxt = text[nsol:neol].strip()
                if (
                    nxt
                    and len(nxt) <= 12
                    and not re.search(r"[，。；：,;:\d]", nxt)
                    and _TITLE_ENDINGS.search(title + nxt)
                ):
                    if classify_title(title + nxt) is not None:
                        title, body_start = title + nxt, neol
            key = classify_title(title)
            if is_table_row_title(title):
                continue
            inferred = ""
            if key is None and (fz := fuzzy_title_key(title, value)) is not None:
                key, inferred = fz  # a stray or missing character: read by meaning and position
                score = 3.0
            elif key is None:
                score = 0.2 if title else 0.0
            elif key == "extra":
                score = 3.0
            else:
                hm = match_inline_title(title)
                score = 4.5 if hm is not None and hm.key == key else 3.5
            cand = HeadingCandidate(p, body_start, num, value, title, key, score, inferred=inferred)
        else:
            hm = inline
            if hm is None and boundary:
                # a near-miss title running on into its body (one-line web text: "…。四、…复仪…情况本年度…")
                fzi = fuzzy_inline_title(text, q, value)
                if fzi is not None:
                    key, inferred, n = fzi
                    tstart = q + (len(text[q:]) - len(text[q:].lstrip(" \t")))
                    body_start = tstart + n
                    if body_start < len(text) and text[body_start] in "：:。.":
                        body_start += 1
                    cands.append(
                        HeadingCandidate(
                            p, body_start, num, value, text[tstart : tstart + n], key, 3.0, inferred=inferred
                        )
                    )
                    taken.add(sol)
                continue
            if hm is None or not (boundary or hm.strong):
                continue
            tstart = q
            while tstart < len(text) and text[tstart] in " \t":
                tstart += 1
            tend = tstart + hm.length
            body_start = tend
            if body_start < len(text) and text[body_start] in "：:。.":
                body_start += 1
            score = (4.0 if hm.strong else 2.5) + (0.5 if boundary else 0.0)
            cand = HeadingCandidate(p, body_start, num, value, text[tstart:tend], hm.key, score)
        cands.append(cand)
        taken.add(sol)
    # unnumbered headings: a whole line that is a known part title
    pos = 0
    for line in text.split("\n"):
        sol = pos
        pos += len(line) + 1
        s = line.strip()
        if not s or len(s) > _MAX_LINE_TITLE or sol in taken or PART_MARKER_RE.match(s):
            continue
        hm = match_inline_title(s)
        if hm is None or hm.key in (None, "extra") or hm.length != len(s.rstrip("：:")):
            continue
        if len(s) < 2:
            continue
        value = _KEY_INDEX[hm.key] + 1
        off = sol + (len(line) - len(line.lstrip()))
        cands.append(HeadingCandidate(off, sol + len(line), "", value, s, hm.key, 3.0, numbered=False))
    cands.sort(key=lambda c: c.start)
    return cands


def _transition(prev: HeadingCandidate, cur: HeadingCandidate) -> float | None:
    """Score change of putting ``cur`` right after ``prev`` in the chain; ``None`` if impossible."""
    d = cur.value - prev.value
    if (
        d == 0
        and prev.numbered
        and cur.numbered
        and _KEY_INDEX.get(cur.key or "", -1) > _KEY_INDEX.get(prev.key or "", 99)
    ):
        return -1.5  # a repeated numeral (two 三、) on two different known part titles: a numbering slip
    if d <= 0:
        return None
    if d == 1 or not (prev.numbered and cur.numbered):
        return 0.0  # unnumbered headings take the template's numerals: skipping is normal
    return -1.0 * (d - 1)


def _choose_chain(cands: list[HeadingCandidate]) -> list[HeadingCandidate]:
    """Best increasing chain of candidates (numerals up, keys never backwards)."""
    n = len(cands)
    if n == 0:
        return []
    # state: (index, last mapped key index) -> (score, back-pointer state)
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {}
    for i, c in enumerate(cands):
        kidx = _KEY_INDEX.get(c.key or "", -1)
        # start a chain here
        start_score = c.score - (0.8 * (c.value - 1) if c.numbered else 0.0)
        options: list[tuple[float, tuple[int, int] | None]] = []
        if c.score > 0:
            options.append((start_score, None))
        for (j, last_k), (sc, _bp) in list(best.items()):
            if j >= i:
                continue
            prev = cands[j]
            if kidx >= 0 and kidx < last_k:
                continue
            t = _transition(prev, c)
            if t is None:
                continue
            # the body of the previous part must not be empty when both are inline (guards duplicates)
            if c.start < prev.body_start:
                continue
            options.append((sc + c.score + t, (j, last_k)))
        if not options:
            continue
        new_k_for: dict[int, tuple[float, tuple[int, int] | None]] = {}
        for sc, bp in options:
            last_k = bp[1] if bp is not None else -1
            nk = max(last_k, kidx) if kidx >= 0 else last_k
            if nk not in new_k_for or sc > new_k_for[nk][0]:
                new_k_for[nk] = (sc, bp)
        for nk, v in new_k_for.items():
            best[(i, nk)] = v
    if not best:
        return []
    state = max(best, key=lambda s: (best[s][0], -s[0]))
    if best[state][0] <= 0:
        return []
    chain: list[HeadingCandidate] = []
    cur: tuple[int, int] | None = state
    while cur is not None:
        chain.append(cands[cur[0]])
        cur = best[cur][1]
    chain.reverse()
    return chain


_DATE_RE = re.compile(
    r"(?:\d{4}|[一二三四五六七八九〇○零]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_ATTACH_RE = re.compile(r"附件\s*(?:\d|[：:]|下载)|附表\s*\d|扫一扫")
_ORG_TAIL = re.compile(r"(人民政府|政府|办公室|办公厅|管委会|委员会|局|署|委|办|街道办事处|街道|乡|镇|中心|厅)$")


_SIGNATURE_END = re.compile(r"(?<=[。！？；\n])[ \t]*([^。！？；，,\n]{2,30})$")


def _trim_trailer(text: str, start: int, end: int) -> int:
    """End offset of the last part without the signature, date and attachments that follow it.

    Only cuts when nothing after the cut point reads like narrative (no 。), so a date inside
    a sentence is never taken for the signature.
    """
    body = text[start:end]
    cut = len(body)
    last_stop = body.rfind("。")  # "。" in body[k:]  <=>  last_stop >= k (no copy per match)
    for m in sorted([*_DATE_RE.finditer(body), *_ATTACH_RE.finditer(body)], key=lambda m: m.start()):
        p = m.start()
        prev = char_before(body, p)
        if prev and prev not in "。！？；\n":
            # text flattened to one line: "…。XX区人民政府办公室2024年1月20日"
            b_end = p
            while b_end > 0 and body[b_end - 1] in " \t":
                b_end -= 1
            w0 = max(0, b_end - 200)  # the signature is short: look at the end of the text only
            sig = _SIGNATURE_END.search(body, w0, b_end)
            if not (sig and _ORG_TAIL.search(sig.group(1)) and last_stop < m.end()):
                continue  # the date/attachment must start a line or follow a sentence end
            cut = min(cut, sig.start(1))
            break
        if last_stop >= m.end():
            continue
        # a signature line (agency name) right before the date
        line_start = body.rfind("\n", 0, p) + 1
        prev_line_end = line_start - 1
        if prev_line_end > 0 and body[line_start:p].strip() == "":
            prev_line_start = body.rfind("\n", 0, prev_line_end) + 1
            prev = body[prev_line_start:prev_line_end].strip()
            if prev and len(prev) <= 30 and _ORG_TAIL.search(prev) and not re.search(r"[，。；：]", prev):
                p = prev_line_start
        cut = min(cut, p)
        break
    while cut > 0 and body[cut - 1].isspace():
        cut -= 1
    return start + cut


def find_sections(text: str) -> tuple[dict[str, Section], list[ReportWarning]]:
    """Find the six parts of a report in ``text`` (paragraphs joined by newlines).

    Returns the parts found (keyed by :data:`~nlp_reports.model.SECTION_KEYS`; a part the report
    lacks is absent) and warnings: ``missing_section`` for each absent part, ``odd_heading`` for
    headings with an unexpected numeral or without one.  ``Section.start``/``end`` are offsets in
    ``text`` (from the heading to the end of the body); ``Section.text`` is the body without the
    heading, stripped.
    """
    warnings: list[ReportWarning] = []
    chain = _choose_chain(heading_candidates(text))
    spans: list[tuple[HeadingCandidate, int]] = []
    for i, c in enumerate(chain):
        end = chain[i + 1].start if i + 1 < len(chain) else len(text)
        if i + 1 == len(chain):
            end = _trim_trailer(text, c.body_start, end)
        spans.append((c, end))

    sections: dict[str, Section] = {}
    # a report on the 2019+ template numbers its parts like the template: only then is a part
    # numbered differently from the template (七、其他需要报告的事项) an odd heading
    six_part = sum(1 for c in chain if c.key in _KEY_INDEX and c.value == _KEY_INDEX[c.key] + 1) >= 4
    prev_value = 0
    for c, end in spans:
        heading = re.sub(r"\s*\n\s*", "", text[c.start : c.body_start].strip())  # a heading split over lines
        if c.numbered and c.value != prev_value + 1:
            warnings.append(
                ReportWarning(
                    "odd_heading",
                    f"heading {heading[:30]!r} has numeral {c.number}, expected {int_to_cn(prev_value + 1)}; "
                    "the numbering of the report's parts skips or repeats a number",
                    detail=heading,
                )
            )
        elif c.numbered and six_part and c.key in _KEY_INDEX and c.value != _KEY_INDEX[c.key] + 1:
            warnings.append(
                ReportWarning(
                    "odd_heading",
                    f"heading {heading[:30]!r} is numbered {c.number} but is part "
                    f"{int_to_cn(_KEY_INDEX[c.key] + 1)} of the template",
                    detail=heading,
                )
            )
        if c.inferred:
            warnings.append(
                ReportWarning(
                    "odd_heading",
                    f"heading {heading[:30]!r} read as part {c.number} '{c.inferred}': the printed title "
                    "differs from the template by a wrong, extra or missing character",
                    detail=heading,
                )
            )
        if not c.numbered:
            warnings.append(
                ReportWarning("odd_heading", f"part heading {heading[:30]!r} has no numeral", detail=heading)
            )
        prev_value = c.value if c.value != prev_value else prev_value + 1  # a repeated numeral counts on
        if c.key not in _KEY_INDEX:
            continue
        body = text[c.body_start : end].strip()
        sec = sections.get(c.key)
        if sec is None:
            sections[c.key] = Section(
                key=c.key,
                number=c.number,
                heading=heading,
                text=body,
                headings=[heading],
                start=c.start,
                end=end,
            )
        else:  # a second part with the same meaning (older outlines: problems, then measures)
            sec.text = (sec.text + "\n" + body).strip("\n") if body else sec.text
            sec.headings.append(heading)
            sec.end = end
    warnings.extend(recover_lost_problems(text, sections, warnings))
    for sec in sections.values():
        sec.subsections = find_subsections(sec.text)
    for i, key in enumerate(SECTION_KEYS):
        if key not in sections:
            warnings.append(
                ReportWarning(
                    "missing_section",
                    f"part {int_to_cn(i + 1)} ({key}) not found: no heading like "
                    f"'{int_to_cn(i + 1)}、{SECTION_TITLES[key]}' in the text",
                    detail=key,
                )
            )
    return sections, warnings
