"""Split part 五 (存在的主要问题及改进情况) into statements.

A statement is one problem, one measure, or one lead-in / transition / summary sentence, following
the annotation guidelines of the gold standard:

* an enumerated item (一是…, （一）…, 1.…/1、…, 第一，…) is one statement, marker kept; inside an item
  a problem sentence followed by a measure sentence is cut in two, and a lead-in or transition
  sentence ending the item ("因此，将从以下方面改进：") is its own statement; a measure paragraph
  glued to the last item of a paragraph starts plain text again only when no item follows;
* outside enumerations, sentences are cut at 。！？；： and, inside a sentence, at ，/、 where the next
  clause has its own predicate (a verb or a problem cue such as 有待/不够/加强/完善) and the text so far
  is complete; clauses without a predicate of their own (time, topic, purpose or prepositional
  phrases: "2025年，", "为进一步做好…工作，", "针对存在问题，") attach to the clause they introduce;
  a list joined by 、 is cut only where both sides are complete clauses ("公开不及时、缺乏专人管理");
  "取得了一定成效，但仍存在一些不足" (or "…，但与…相比仍有差距") stays one summary statement;
  a lead-in word ending a clause before a colon ("…仍有不足，主要是：A、B") opens the first item;
  discourse frames ("但也要看到，") and "将围绕…/将以…为重点" frames attach to the next clause, while a
  prepositional clause that ends the sentence and has its own verb stands alone;
* pure sub-heading lines ("（一）存在的主要问题", "（二）改进措施") are dropped but remembered as the
  ``heading`` of the statements under them.

The rules are lexical (regexes over the cue lexicons of :mod:`nlp_reports.nlp.cues`), so the splitter
costs well under a millisecond per report and needs no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..text_patterns import NUMBERED_MARKER
from .cues import (
    ACTION_VERBS,
    ENUM_MARKER_PATTERN,
    HEADING_PATTERNS,
    INTENSITY_WORDS,
    PROBLEM_CUE_PATTERN,
    PROBLEM_CUES,
    TRANSITION_CUES,
    words_pattern,
)


@dataclass(frozen=True)
class StatementSpan:
    """One statement: its text (whitespace removed), offsets ``[start, end)`` in the input,
    the sub-heading it stands under ('' if none) and its enumeration marker ('' if none)."""

    text: str
    start: int
    end: int
    heading: str = ""
    item: str = ""


# --------------------------------------------------------------------------- lexicon

_HEADING_FULL = [re.compile(p) for p in HEADING_PATTERNS]
# the same patterns without the end anchor, to find a heading in front of a body on one line
_HEADING_PREFIX = [re.compile(p[:-1] if p.endswith("$") else p) for p in HEADING_PATTERNS]
_MARKER = re.compile(ENUM_MARKER_PATTERN)
_MARKER_NUMBERED = re.compile("^" + NUMBERED_MARKER)

_OPEN = "“《（(「『【‘"
_CLOSE = "”》）)」』】’"
_SENT_END = "。！？!?"
_HARD_END = "。！？!?；;：:"

_EXTRA_VERBS = (
    "存在",
    "缺乏",
    "取得",
    "满足",
    "运用",
    "利用",
    "做到",
    "设立",
    "发挥",
    "增设",
    "实现",
    "形成",
    "保障",
    "保证",
    "结合",
    "注重",
    "倾听",
    "接受",
    "贯彻",
    "树立",
    "履行",
    "增强",
    "扩展",
    "扩大",
    "需要",
    "有待",
    "仍需",
    "还需",
    "需要",
    "应当",
    "没有",
    "难以",
    "达到",
    "采取",
    "推广",
    "邀请",
    "抓好",
    "促进",
    "配备",
    "变动",
    "制定",
    "修订",
    "细化",
    "统一",
    "动态",
    "提供",
    "倡导",
    "打造",
    "挖掘",
    "传播",
    "贴近",
    "清理",
    "纳入",
    "减少",
    "增加",
    "征集",
    "咨询",
    "办理",
    "处理",
    "答复",
    "回复",
    "审查",
    "研判",
    "起草",
    "审签",
    "解决",
    "引导",
    "宣传",
    "报送",
)
_NOT_PRED = ("问题", "困难", "工作", "公开", "管理", "建设", "服务", "信息")
_PRED_WORDS = (set(ACTION_VERBS) | set(PROBLEM_CUES) | set(_EXTRA_VERBS)) - set(_NOT_PRED)
_ADVERBS = tuple(
    sorted(
        set(INTENSITY_WORDS)
        | {
            "重点",
            "主动",
            "依法",
            "按时",
            "定期",
            "集中",
            "同步",
            "统一",
            "予以",
            "一律",
            "全部",
            "广泛",
            "准确",
            "分类",
            "逐项",
            "逐一",
            "逐条",
            "分批",
            "全程",
            "实时",
            "动态",
            "统筹",
            "如实",
            "足额",
            "优先",
        },
        key=len,
        reverse=True,
    )
)
_PRED_RE = re.compile(
    words_pattern(_PRED_WORDS)
    # "重点公开…", "及时公开…": a verb that is usually a noun, made a predicate by its adverb
    + "|(?:"
    + "|".join(map(re.escape, _ADVERBS))
    + ")(?:公开|管理|服务|建设)"
    # "比较传统", "较为分散", "有了新进展": degree + adjective, aspect
    + r"|(?:比较|较为|过于|相对)[\u4e00-\u9fff]|有了"
    # "人员均为兼职", "把公开栏设在…": copula after a quantifier adverb, the 把 construction
    + r"|(?:均|都|多|大多|仅|只|全)(?:为|是|由)|把"
    + r"|[不未没无][\u4e00-\u9fff]|将|需(?!求)|(?<![期接对招])待|(?<![主重需必纲摘])要(?![求点素件])"
)

#: prepositions / connectives whose clause introduces the next one (never a statement alone)
_PREFIX_START = re.compile(
    r"^(?:但是?|然而|而且|并且|同时|此外|另外|因此|为此|对此|所以|虽然|尽管)?[，,]?"
    r"(?:为了|为|针对|对照|根据|按照|依据|依照|围绕|随着|鉴于|基于|本着|立足|面对|面向|通过|利用|借助|依托|依靠|结合|遵循|对标)"
)
_WEAK_PREP = re.compile(r"^(?:在|对|从|就|于)")
#: "但也要看到，" / "同时应当清醒认识到，": a discourse frame introducing the next clause
_DISCOURSE = re.compile(
    r"^(?:但是?|然而|同时|当然)?(?:也|还)?(?:要|应|应当|应该|必须)?(?:清醒|清楚|客观)?地?(?:看到|认识到|注意到)$"
)
#: after "(subject)将/要": a prepositional frame ("将围绕…工作", "将以…为重点") with no verb of its own
_MODAL_HEAD = re.compile(r"^[^，,]{0,10}?(?:将|要|拟)(?:继续|进一步|始终|紧紧|重点)?")
_FRAME_PREP = re.compile(r"^(?:围绕|按照|根据|依据|依照|结合|针对|对照|紧扣|聚焦|立足|对标|遵循|本着)")
_FRAME_YI = re.compile(r"^以.{1,40}为(?:重点|主线|抓手|导向|核心|目标|中心|突破口|契机|引领|方向|载体|依托)$")
_CONTINUATION = re.compile(
    r"^(?:导致|造成|致使|从而|进而|以此|以便|以期|以达到|以实现|使得|使|让|因而|所以|甚至|尤其是|特别是|包括|即)"
)
_ADVERSATIVE = re.compile(r"^(?:但是?|然而|可是|不过|却|仍然?|还|尚|依然)")
_GENERIC_PROBLEM = re.compile(
    r"(?:一些|一定|以下|如下|某些|不少|诸多|许多|部分)(?:的)?(?:不足|问题|差距|薄弱环节|短板|困难|缺点|需要加强和改进的地方)"
    r"|(?:仍|还|尚|依然)(?:然)?(?:有|存在)(?:一定|较大|不小)?(?:的)?(?:差距|不足)[。！!；;，,]?$"
)
#: a clause that is only one of these words announces an example or an item (如：, 主要是：, 一是，)
_LEADIN_WORDS = frozenset(
    {"如", "例如", "比如", "譬如", "主要是", "主要有", "主要为", "具体是", "具体为", "包括", "即", "一是"}
)
_SHORT_LEADIN = re.compile(
    r"^(?:主要|具体|集中|突出)(?:表现|体现)(?:在|为)?[：:]$|^(?:主要|具体)(?:有|是|为|如下)[：:]$"
)
_MEASURE_START = re.compile(
    r"^(?:下一步|下步|今后|下阶段|下一阶段|针对|为此|对此|我们将|我[区市县局委办署乡镇]将|将|拟|计划|\d{4}年[，,]?(?:我|将))"
)
_PROBLEM_RE = re.compile(PROBLEM_CUE_PATTERN)
_PRED_END = re.compile(
    r"(?:不[\u4e00-\u9fff]{1,4}|未[\u4e00-\u9fff]{1,4}|有待[\u4e00-\u9fff]{2,5}|[需待][\u4e00-\u9fff]{2,5}|"
    + "|".join(map(re.escape, [c for c in PROBLEM_CUES if len(c) >= 2]))
    + r")(?:等(?:问题|方面)?)?$"
)
_LIST_LEADIN = re.compile(r"(?:以下|如下|下列)[^，,。]{0,12}[：:]$")
_NEW_PART_START = re.compile(r"^(?:下一步|下步|今后|下阶段|下一阶段|明年|新的一年|\d{4}年)")
_SUMMARY_START = re.compile(r"^(?:总之|综上|总体来看|总的来看|总体而言)")


def _has_pred(t: str) -> bool:
    return bool(_PRED_RE.search(t))


def _strip_marker(t: str) -> str:
    m = _MARKER.match(t)
    return t[m.end() :] if m else t


def _is_prefix(t: str) -> bool:
    """A clause that only introduces the next one (no predicate, or a prepositional/purpose phrase)."""
    body = _strip_marker(t).rstrip("，,、；;：:。 \n")
    if not _has_pred(body):
        return True
    if _PREFIX_START.match(body) and not re.search(r"将|要(?![求点素件])", body[2:]):
        return True
    if _DISCOURSE.match(body) or _FRAME_YI.match(body):
        return True
    m = _MODAL_HEAD.match(body)
    if m:
        rest = body[m.end() :]
        if _FRAME_YI.match(rest) or (_FRAME_PREP.match(rest) and not _has_pred(rest[2:])):
            return True
    if _WEAK_PREP.match(body):
        return not _has_pred(body[1:])
    return False


# --------------------------------------------------------------------------- low-level scanning


def _depth0_positions(text: str, start: int, end: int, chars: str) -> list[int]:
    """Offsets of ``chars`` in text[start:end] that are outside quotes/brackets."""
    out, depth = [], 0
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in chars:
            out.append(i)
    return out


def _clean(s: str) -> str:
    """Statement text: whitespace removed, except one space between two Latin letters/digits."""
    s = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])", "\x00", s)
    s = re.sub(r"\s+", "", s)
    return s.replace("\x00", " ")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph blocks: hard line breaks, and whitespace runs after a sentence end or before a marker.

    A line break in the middle of a sentence (PDF line wrap) is soft and does not end the block.
    """
    cuts = [0]
    for m in re.finditer(r"\s+", text):
        a, b = m.start(), m.end()
        if a == 0 or b == len(text):
            continue
        prev = text[a - 1]
        nxt = text[b : b + 12]
        line_prev = text[text.rfind("\n", 0, a) + 1 : a].strip()
        if prev in _HARD_END or prev in "。":
            cuts.append(b)
        elif _MARKER_NUMBERED.match(nxt) or re.match(r"[一二三四五六七八九十]+是", nxt):
            cuts.append(b)
        elif "\n" in m.group() and _is_heading_line(line_prev):
            cuts.append(b)
        elif (
            "\n" in m.group()
            and len(line_prev) <= 30
            and _MARKER_NUMBERED.match(line_prev)
            and not re.search(r"[，,、。；;：:]", line_prev)
        ):
            cuts.append(b)  # a short numbered title line ("（三）进一步规范…")
    cuts.append(len(text))
    for a, b in zip(cuts, cuts[1:]):
        s, e = _trim(text, a, b)
        if s < e:
            yield s, e


def _is_heading_line(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 30 and any(p.match(line) for p in _HEADING_FULL)


def _heading_prefix(text: str, s: int, e: int) -> int:
    """End offset of a sub-heading standing in front of a body on the same line, or ``s`` if none."""
    seg = text[s : min(e, s + 40)]
    if not _MARKER_NUMBERED.match(seg):
        return s
    best = s
    for p in _HEADING_PREFIX:
        m = p.match(seg)
        if not m or m.end() <= 2:
            continue
        end = m.end()
        rest = seg[end:].lstrip()
        body = _MARKER_NUMBERED.sub("", seg[:end]).strip()
        if seg[end - 1] in "。：:":
            best = max(best, s + end)
        elif (
            not rest
            or _MARKER.match(rest)
            or (len(body) >= 4 and body[-2:] in ("问题", "不足", "措施", "打算", "计划", "情况", "困难"))
        ):
            if rest and rest[0] in "的和及与是在中，,、":
                continue
            best = max(best, s + end)
    return best


# --------------------------------------------------------------------------- clause splitting


def _split_enum_list(text: str, s: int, e: int) -> list[int]:
    """Cut points at 、 between two complete clauses (each with its own predicate)."""
    cuts = []
    pos = _depth0_positions(text, s, e, "、")
    last = s
    for k, p in enumerate(pos):
        left = text[last:p]
        nxt = pos[k + 1] if k + 1 < len(pos) else e
        right = text[p + 1 : nxt].rstrip("，,。；;：:")
        if (
            len(_clean(left)) >= 5
            and _PRED_END.search(_clean(left).rstrip("等"))
            and len(_clean(right)) >= 5
            and _has_pred(right)
            and not _CONTINUATION.match(right)
        ):
            cuts.append(p + 1)
            last = p + 1
    return cuts


def _split_sentence(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut one sentence (no 。；： inside) into statements at ，/、 following the predicate rules."""
    commas = _depth0_positions(text, s, e, "，,")
    bounds = [s] + [c + 1 for c in commas] + [e]
    clauses: list[tuple[int, int, bool]] = []  # (start, end, forced_cut_before)
    for a, b in zip(bounds, bounds[1:]):
        if a >= b:
            continue
        inner = _split_enum_list(text, a, b)
        pts = [a] + inner + [b]
        for i, (x, y) in enumerate(zip(pts, pts[1:])):
            clauses.append((x, y, i > 0))
    if not clauses:
        return []
    out: list[tuple[int, int]] = []
    cur = clauses[0][0]
    cur_pred = not _is_prefix(text[clauses[0][0] : clauses[0][1]])
    pending = None
    for x, y, forced in clauses[1:]:
        t = _clean(text[x:y]).rstrip("，,、")
        if forced:
            out.append((cur, x))
            cur, cur_pred, pending = x, True, None
            continue
        # a prepositional clause ending the sentence introduces nothing: with a verb of its own
        # ("利用电子屏等渠道发布信息。") it is a clause like any other
        framed_last = y >= e and _has_pred(_strip_marker(t))
        if _is_prefix(t) and t not in _LEADIN_WORDS and not framed_last:
            if pending is None:
                pending = x
            continue
        start_here = pending if pending is not None else x
        unit = _clean(text[start_here:y])
        cut = cur_pred and not _CONTINUATION.match(t)
        if cut and _ADVERSATIVE.match(unit) and _GENERIC_PROBLEM.search(unit):
            cut = False
        if cut:
            out.append((cur, start_here))
            cur = start_here
        cur_pred = True
        pending = None
    out.append((cur, e))
    return out


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Sentences of a non-enumerated stretch: cut after 。！？；; and after ：: (not after a lead-in word)."""
    out, last = [], s
    for p in _depth0_positions(text, s, e, _HARD_END):
        if text[p] in "：:" and _clean(text[last:p]) in _LEADIN_WORDS:
            continue
        if text[p] in "：:" and _trim(text, p + 1, e)[0] < e:
            # "…仍有不足，主要是：A、B": the lead-in word opens the list, cut before it instead
            commas = _depth0_positions(text, last, p, "，,")
            c = commas[-1] + 1 if commas else last
            if c > last and _clean(text[c:p]) in _LEADIN_WORDS:
                out.append((last, c))
                last = c
                continue
        if p + 1 > last:
            out.append((last, p + 1))
            last = p + 1
    if last < e:
        out.append((last, e))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in out) if a < b]


def _plain_statements(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Statements of a stretch outside enumerated items."""
    out: list[tuple[int, int]] = []
    for a, b in _sentences(text, s, e):
        sent = _clean(text[a:b])
        if out and _SHORT_LEADIN.match(sent):
            out[-1] = (out[-1][0], b)  # "主要表现在：" belongs to the sentence it ends
            continue
        if _LIST_LEADIN.search(sent):
            out.append((a, b))  # "下一步，…，主要做好以下几方面工作：" is one lead-in
            continue
        out.extend(_split_sentence(text, a, b))
    return out


def _is_problem(t: str) -> bool:
    return bool(_PROBLEM_RE.search(t))


def _item_statements(text: str, s: int, e: int, last_in_block: bool = False) -> tuple[list[tuple[int, int]], int]:
    """An enumerated item: one statement, cut where a measure sentence follows a problem sentence.

    Returns the statements and the offset where the item ends (a lead-in/transition sentence after
    it starts plain text again; so does a "下一步/2025年，将…" measure paragraph glued to the last
    item of a block).
    """
    ends = _depth0_positions(text, s, e, _SENT_END)
    out: list[tuple[int, int]] = []
    cur = s
    for p in ends:
        nxt_s, _ = _trim(text, p + 1, e)
        if nxt_s >= e:
            break
        # the next sentence, up to its end or colon
        stop = e
        for q in _depth0_positions(text, nxt_s, e, _SENT_END + "：:"):
            stop = q + 1
            break
        nxt = _clean(text[nxt_s:stop])
        if (
            nxt.endswith(("：", ":"))  # a lead-in sentence announcing what follows
            and (re.search(r"以下|如下|下列|下一步|措施|改进|打算|问题|不足", nxt))
            or any(c in nxt for c in TRANSITION_CUES)
            or _SUMMARY_START.match(nxt)
        ):
            out.append((cur, p + 1))
            return out, nxt_s
        before = _clean(text[cur : p + 1])
        if _is_problem(before) and _MEASURE_START.match(nxt) and not _is_problem(nxt[:12]):
            out.append((cur, p + 1))
            if last_in_block and _NEW_PART_START.match(nxt):
                return out, nxt_s  # "2015年，我区将…" opens the measures: plain text again
            cur = nxt_s
    out.append((cur, e))
    return out, e


# --------------------------------------------------------------------------- public API


def split_statements_spans(text: str) -> list[StatementSpan]:
    """Statements of part 五 with offsets, sub-heading context and enumeration marker.

    ``text`` is the part's body as the structure stage gives it (paragraphs separated by '\\n',
    sub-heading lines possible).  Concatenating the statements' texts gives the input without
    its sub-headings and whitespace.

    >>> import nlp_reports as nr
    >>> text = nr.read_report("corpora/sample/txt/yunxi_2023.txt").section("problems").text
    >>> spans = split_statements_spans(text)
    >>> len(spans), sorted({s.heading for s in spans})
    (7, ['（一）存在的主要问题', '（二）改进措施'])
    >>> last = spans[-1]
    >>> last.item, last.heading, text[last.start:last.end] == last.text
    ('三是', '（二）改进措施', True)
    """
    if not text:
        return []
    spans: list[StatementSpan] = []
    heading = ""
    blocks = list(_blocks(text))
    for bi, (bs, be) in enumerate(blocks):
        # the enumeration goes on in the next paragraph: a measure sentence ending this block's
        # last item belongs to that item ("二是…不足。下一步将…" then "三是…"), not to a new part
        series_goes_on = bi + 1 < len(blocks) and bool(_MARKER.match(text, blocks[bi + 1][0]))
        block = text[bs:be]
        if _is_heading_line(block):
            heading = _clean(block)
            continue
        hp = _heading_prefix(text, bs, be)
        if hp > bs:
            heading = _clean(text[bs:hp])
            bs, be = _trim(text, hp, be)
            if bs >= be:
                continue
        # enumerated items: a marker at the block start or after punctuation
        # events: ('item', start, marker_end) or ('head', start, end), in text order
        events: list[tuple[str, int, int]] = []
        for m in _MARKER.finditer(text, bs, be):
            if events and m.start() < events[-1][2]:
                continue
            if not (m.start() == bs or text[m.start() - 1] in "。；;：:，,！？!?" or text[m.start() - 1].isspace()):
                continue
            hp2 = _heading_prefix(text, m.start(), be)
            if hp2 > m.start():
                events.append(("head", m.start(), hp2))
                after = _trim(text, hp2, be)[0]
                m2 = _MARKER.match(text, after, be)
                if m2:  # "（二）改进措施一是…": the item right after the inline heading
                    events.append(("item", m2.start(), m2.end()))
            else:
                events.append(("item", m.start(), m.end()))
        pos = bs
        pieces: list[tuple[int, int, str]] = []
        for k, (kind, es, ee) in enumerate(events):
            if es < pos:
                continue
            if es > pos:
                for a, b in _plain_statements(text, pos, es):
                    pieces.append((a, b, ""))
            if kind == "head":
                spans.extend(StatementSpan(_clean(text[a:b]), a, b, heading, it) for a, b, it in pieces)
                pieces = []
                heading = _clean(text[es:ee])
                pos = _trim(text, ee, be)[0]
                continue
            nxt = next((ev[1] for ev in events[k + 1 :] if ev[1] > es), be)
            items, item_end = _item_statements(text, es, nxt, last_in_block=nxt == be and not series_goes_on)
            marker = _clean(text[es:ee])
            for a, b in items:
                pieces.append((a, b, marker))
            if item_end < nxt:
                for a, b in _plain_statements(text, item_end, nxt):
                    pieces.append((a, b, ""))
            pos = nxt
        if pos < be:
            for a, b in _plain_statements(text, pos, be):
                pieces.append((a, b, ""))
        for a, b, it in pieces:
            a, b = _trim(text, a, b)
            if a < b:
                spans.append(StatementSpan(_clean(text[a:b]), a, b, heading, it))
    return spans


def split_statements(text: str) -> list[str]:
    """Statement texts of part 五 (see :func:`split_statements_spans`).

    >>> import nlp_reports as nr
    >>> text = nr.read_report("corpora/sample/txt/yunxi_2023.txt").section("problems").text
    >>> stmts = split_statements(text)
    >>> for s in stmts[:3]:
    ...     print(s)
    2023年我县政务公开工作取得了一定进展，但对照群众期待仍有不足。
    一是上年度提出的网站适老化改造仍未全部完成，语音朗读功能已经上线，但大字版页面只覆盖首页和少数栏目；
    二是政策解读质量评估机制尚处在试行阶段，抽查结果的运用不够；
    >>> "改进措施" in "".join(stmts)   # sub-heading lines are dropped
    False
    """
    return [s.text for s in split_statements_spans(text)]
