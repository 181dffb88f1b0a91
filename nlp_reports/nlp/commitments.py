"""Commitments: what an agency says it will do, parsed from its improvement statements.

For each improvement statement :func:`extract_commitments` gives one row with the action verbs, the
main action and its object, the intensity word, the time frame, a quantitative target and a
specificity score that separates concrete measures ("每季度开展一次政务新媒体检查") from formulas
("进一步加强政务公开工作").  Plain lexical rules over :mod:`nlp_reports.nlp.cues`; no model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from ..errors import NlpReportsError
from .cues import (
    ACTION_VERBS,
    ENUM_MARKER_PATTERN,
    GENERIC_OBJECTS,
    GENERIC_VERBS,
    IMPROVEMENT_PATTERNS,
    INTENSITY_WORDS,
    PROBLEM_CUE_PATTERN,
    TARGET_PATTERNS,
    TIME_FRAME_PATTERNS,
    words_pattern,
)

COLUMNS: tuple[str, ...] = (
    "statement_id",
    "statement",
    "actions",
    "action",
    "object",
    "intensity",
    "time_frame",
    "frequency",
    "target",
    "themes",
    "specificity",
)

_VERB_PATTERN = words_pattern(set(ACTION_VERBS))
_VERB_RE = re.compile(_VERB_PATTERN)
_INTENSITY_RE = re.compile(words_pattern(set(INTENSITY_WORDS)))
_TIME_RES = [(re.compile(p), kind) for p, kind in TIME_FRAME_PATTERNS]
_TARGET_RES = [re.compile(p) for p in TARGET_PATTERNS]
_IMPROVEMENT_RES = [re.compile(p) for p in IMPROVEMENT_PATTERNS]
_PROBLEM_RE = re.compile(PROBLEM_CUE_PATTERN)
_MARKER_RE = re.compile(r"^\s*" + ENUM_MARKER_PATTERN)
_GENERIC_VERBS = frozenset(GENERIC_VERBS)
_GENERIC_OBJECTS = frozenset(GENERIC_OBJECTS)
#: characters after which an action verb stands in verb position (modal, conjunction, adverb ends)
_VERB_LEFT = set("将要并和及与再还更也又是而好，,；;：:、。（）() ") | {w[-1] for w in INTENSITY_WORDS}
_LIGHT_VERBS = frozenset({"探索", "组织", "着力", "督促", "指导", "坚持", "加快", "积极", "深入", "持续", "严格"})
#: adverbials after which a verb is in verb position
_LEFT_WORDS = (
    "定期",
    "按时",
    "按期",
    "及时",
    "主动",
    "依法",
    "统一",
    "分类",
    "常态化",
    "每年",
    "每季度",
    "每月",
    "每周",
)
_NOMINALISH = frozenset(
    {
        "公开",
        "解读",
        "建设",
        "培训",
        "检查",
        "考核",
        "监督",
        "审核",
        "发布",
        "回应",
        "更新",
        "整合",
        "组织",
        "指导",
        "创新",
        "管理",
        "服务",
        "调整",
        "规范",
        "督促",
        "落实",
        "明确",
        "严格",
    }
)
_NOMINAL_HEADS = ("工作", "情况", "力度", "水平", "质量", "机制", "制度", "能力", "意识", "的", "性", "率", "化")
_OBJECT_STOP = re.compile(r"[，,。；;：:！？]|(?:和|并|及|以|从而|确保|推动)(?=" + _VERB_PATTERN + ")")
_QUANTITY_PREFIX = re.compile(
    r"^(?:[一二两三四五六七八九十\d]+(?:次|期|轮|场|项|个(?!方面)|批|名|人|家|套|本|支|台|部|块|份|册)|对|的|各项|相关)+"
)
_DIGIT_RE = re.compile(r"\d|[一二两三四五六七八九十]+(?:次|期|轮|场|个|项|篇|条)")


#: columns holding text: a missing value is None; ``specificity`` is a float (never missing)
STRING_COLUMNS: tuple[str, ...] = ("action", "object", "intensity", "time_frame", "frequency", "target")


def _verb_positions(text: str) -> list[tuple[int, int, str]]:
    """Action verbs standing in verb position (not inside a noun such as 政务公开工作).

    Verbs that are often nouns (公开, 解读, 培训 ...) count only after a clause start, a modal, a
    conjunction, an intensity word or a light verb (组织开展, 探索建立); the others count anywhere
    except in front of a nominal head (工作, 情况, 机制 ...).
    """
    out: list[tuple[int, int, str]] = []
    for m in _VERB_RE.finditer(text):
        s, e, v = m.start(), m.end(), m.group()
        after_light = bool(out) and out[-1][1] == s and out[-1][2] in _LIGHT_VERBS
        left_ok = s == 0 or text[s - 1] in _VERB_LEFT or after_light or text.endswith(_LEFT_WORDS, 0, s)
        if v in _NOMINALISH:
            ok = left_ok
        else:
            ok = (left_ok or not (out and out[-1][1] == s)) and not text.startswith(_NOMINAL_HEADS, e)
        if ok:
            out.append((s, e, v))
    return out


def looks_like_improvement(text: str) -> bool:
    """Cue-based guess: a measure (planned or taken) rather than a problem or a lead-in."""
    t = _MARKER_RE.sub("", text or "").strip()
    if not t or t.endswith(("：", ":")):
        return False
    has_impr = any(p.search(t) for p in _IMPROVEMENT_RES) or bool(_verb_positions(t))
    if not has_impr:
        return False
    # a problem cue before the first verb means a shortcoming phrased as a need ("…还需加强")
    verbs = _verb_positions(t)
    first_verb = verbs[0][0] if verbs else len(t)
    prob = _PROBLEM_RE.search(t)
    return not (prob and prob.start() < first_verb)


#: time-frame kinds that say WHEN a commitment is due; 'recurring' ones (每季度, 定期) are a frequency
_FRAME_KINDS = ("year", "deadline", "next")
#: a report-year-relative date: a year that is not after the report year is a past date
_YEAR_RE = re.compile(r"((?:19|20)\d{2})年")
#: words that make a clause a statement of what was already done (its dates are past)
_PAST_RE = re.compile(r"已经|已|以来|此前|曾|过去")


#: a clause of time (…整合后, …期间) or a description (…是新配备的) is background, not a measure
_BACKGROUND_RE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:后|以后|之后|期间|之际|的时候)$|是.{0,20}的$")


def _clauses(body: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of ``body``: stretches between ，。；：！？ (and their ASCII forms)."""
    out, at = [], 0
    for m in re.finditer(r"[，,。；;：:！!？?]", body):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if at < len(body):
        out.append((at, len(body)))
    return out


#: words that open a clause of purpose (为提升…, 确保…, 以…为导向); neither its verb nor its date is the commitment's
_PURPOSE_RE = re.compile(r"^(?:为了|为|以确保|确保|以便|以求|以期|旨在|从而|进而|以(?=.{1,20}为))")
#: preposition-like verbs: they open a circumstance (按照…, 围绕…, 通过…), the action comes after it
_PREP_WORDS = (
    "按照",
    "依照",
    "根据",
    "依据",
    "围绕",
    "通过",
    "结合",
    "针对",
    "依托",
    "对照",
    "利用",
    "立足",
    "聚焦",
    "借助",
    "紧扣",
    "紧紧围绕",
    "紧盯",
    "基于",
    "本着",
    "遵循",
    "对标",
    "参照",
    "按",
    "在",
    "从",
    "由",
    "对",
    "向",
    "与",
    "就",
    "联合",
    "会同",
    "协同",
    "配合",
    "运用",
    "坚持",
    "秉持",
    "把",
)
_PREP_RE = re.compile("^(?:" + words_pattern(_PREP_WORDS) + ")")
#: a subject, modal, time word or adverb that may stand before the clause's verb or preposition
_LEAD_RE = re.compile(
    r"^(?:(?:(?:下一步|下步|下一阶段|下阶段|下一年度?|今后|未来|来年|明年|新的一年)(?:工作)?(?:打算|计划|安排|思路)?|同时|此外|另外|并且|并|还|也|要|将|拟|会|应|需|"
    r"(?:我|本)(?:局|委|办|区|县|市|镇|乡|街道|单位|部门|中心|署|厅|院|所|们)|我们|"
    r"(?:19|20)\d{2}年(?:度)?|进一步|继续|持续|不断|切实|全面|积极|深入|严格|认真|扎实|大力|努力|着力|始终|"
    r"重点|逐步|及时|主动|依法依规|依法|依规|充分|抓紧|着重|优先)[，,]?)+"
)
#: adverbs that jieba often tags as verbs; before another verb they are not the action
_ADVERBS = frozenset(
    {
        "进一步",
        "继续",
        "持续",
        "不断",
        "切实",
        "全面",
        "积极",
        "深入",
        "严格",
        "认真",
        "扎实",
        "大力",
        "努力",
        "着力",
        "始终",
        "重点",
        "逐步",
        "及时",
        "主动",
        "依法",
        "充分",
        "同步",
        "统一",
        "全力",
        "坚决",
        "尽快",
        "加快",
        "定期",
        "按时",
        "按期",
        "集中",
        "专门",
        "广泛",
        "有序",
        "稳步",
        "高效",
        "精准",
        "抓紧",
        "加紧",
        "着重",
        "优先",
        "依规",
        "依法依规",
        "率先",
        "大胆",
        "统筹",
        "一律",
        "逐项",
        "逐一",
        "全程",
    }
)
#: light verbs: before another verb the second one is the action (组织开展, 探索建立, 加快推进)
_LIGHT = _LIGHT_VERBS | {
    "进行",
    "加以",
    "予以",
    "着手",
    "力争",
    "争取",
    "努力",
    "计划",
    "准备",
    "继续",
    "牵头",
    "负责",
    "带头",
}
#: measure verbs beyond the shared lexicon (the shared one also drives the statement splitter, so it stays)
_MORE_VERBS = (
    "贯彻",
    "执行",
    "实施",
    "推广",
    "发挥",
    "组建",
    "引入",
    "引进",
    "招聘",
    "聘请",
    "邀请",
    "走访",
    "征集",
    "简化",
    "精简",
    "缩短",
    "压缩",
    "推送",
    "开发",
    "研发",
    "召开",
    "举行",
    "建成",
    "编印",
    "印发",
    "印制",
    "录制",
    "改版",
    "迁移",
    "整改",
    "抽查",
    "核查",
    "复核",
    "归档",
    "汇编",
    "配备",
    "补充",
    "扩展",
    "做到",
    "解决",
    "杜绝",
    "减少",
    "纳入",
    "树立",
    "保障",
    "保证",
    "落地",
    "试点",
    "宣传",
    "普及",
    "公布",
    "通报",
    "考评",
    "督查",
    "巡查",
    "收集",
    "运用",
    "开辟",
    "拓展",
    "优化",
    "部署",
    "谋划",
    "制订",
    "起草",
    "审查",
    "研判",
    "处置",
    "答复",
    "办理",
    "整理",
    "新建",
    "汇总",
    "编写",
    "细化",
    "重建",
    "购置",
    "安装",
    "关停",
    "合并",
    "撤并",
    "延伸",
    "对接",
)
_MORE_RE = re.compile(words_pattern(set(_MORE_VERBS) - set(ACTION_VERBS)))
#: joiners between coordinated verbs (建立、健全…; 梳理和优化…)
_COORD = "、和并"
_ACTION_SET = frozenset(ACTION_VERBS)
_ALL_LEX_RE = re.compile(words_pattern(_ACTION_SET | set(_MORE_VERBS)))
_GROUPABLE = (_ACTION_SET | frozenset(_MORE_VERBS)) - _NOMINALISH - _LIGHT_VERBS
#: an object does not start with closing punctuation or a nominal head (…振兴[工作] is a noun phrase)
_BAD_OBJECT_START = tuple("”’」』）)》、等较很更最") + ("比较", "十分", "非常") + _NOMINAL_HEADS
#: 对 X 进行/加以/予以 (adverb) V: X is the object of V
_DUMMY_RE = re.compile(r"对([^，。；、]{1,30}?)(?:进行|加以|予以)[^，。；]{0,4}$")
#: verbs of stance that, before another clause, only frame it (坚持问题导向，压实…)
_STANCE = ("坚持", "秉持")
#: a localizer that closes the phrase of 在/从 (从源头上, 在…基础上, 在…过程中)
_LOCALIZER_RE = re.compile(r"基础上|前提下|过程中|方面|层面|上|中|里|内|时")
#: modals after which the next word is a verb whatever its tag (将汇总…, 将重建…)
_MODALS = frozenset({"将", "要", "拟", "应", "需", "须", "必须", "计划", "准备", "将会"})
_TRAIL_QUANTITY = re.compile(
    r"(?:(?:不少于|不低于|至少|达到|超过|共|累计)?[一二两三四五六七八九十百千万\d]+(?:\.\d+)?"
    r"(?:次|期|轮|场|篇|条|件|个|项|名|人次|人|家|批|套|本|台|部|块|份|册|%|％)|等)+$"
)


_QUOTED_RE = re.compile(r"“[^”]{0,40}”|《[^》]{0,40}》|「[^」]{0,40}」|\"[^\"]{0,40}\"")


def _pos_tokens(body: str, tokenizer: Any) -> list[tuple[int, int, str, str]]:
    """(start, end, word, flag) of ``body``; a token that starts with an adverb (大力推广, 认真落实)
    is split so that its verb part is a token of its own (jieba's dictionary glues them)."""
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    for word, flag in tokenizer.tokenize_pos(body):
        at = body.find(word, pos)
        if at < 0:
            continue
        pos = at + len(word)
        for adv in _ADVERBS:
            if word.startswith(adv) and len(word) - len(adv) >= 2:
                out.append((at, at + len(adv), adv, "d"))
                out.append((at + len(adv), pos, word[len(adv) :], "v"))
                break
        else:
            out.append((at, pos, word, flag))
    return out


def _candidates(body: str, toks: list[tuple[int, int, str, str]] | None) -> list[tuple[int, int, str, bool]]:
    """Verbs of ``body`` as (start, end, verb, from_lexicon), in text order.

    Lexicon verbs in verb position (:func:`_verb_positions`, plus :data:`_MORE_VERBS`) and, with a
    tokenizer (``toks`` from :func:`_pos_tokens`, None without one), words jieba tags as verbs ('v')
    that the lexicon does not cover and the word after a modal or adverb.
    """
    lex = [(s, e, v, True) for s, e, v in _verb_positions(body)]
    taken = [(s, e) for s, e, _, _ in lex]
    for m in _MORE_RE.finditer(body):
        s, e = m.span()
        if not any(a < e and s < b for a, b in taken) and not body.startswith(_NOMINAL_HEADS, e):
            lex.append((s, e, m.group(), True))
            taken.append((s, e))
    out = list(lex)
    quoted = [m.span() for m in _QUOTED_RE.finditer(body)]
    if toks is not None:
        for s, e, w, flag in toks:
            if (
                flag in ("v", "vd")
                and len(w) >= 2
                and w not in _NOT_ACTIONS
                and not body.startswith(_NOMINAL_HEADS, e)  # 答复质量: a verb before a nominal head modifies it
            ):
                if not any(a < e and s < b for a, b in taken):
                    out.append((s, e, w, False))
        # the word after a modal (and its adverbs) is in verb position, whatever jieba tags it (将汇总)
        for k, (_s, _e, w, _flag) in enumerate(toks):
            if w not in _MODALS and w not in _ADVERBS and w not in _INTENSITY:
                continue
            n = k + 1
            while n < len(toks) and (toks[n][2] in _ADVERBS or toks[n][2] in _INTENSITY or toks[n][3] in ("d", "ad")):
                n += 1
            if n + 1 < len(toks):
                vs, ve, vw, vf = toks[n]
                nxt = toks[n + 1][2]
                if (
                    len(vw) == 2
                    and vf in ("n", "a", "an", "vn", "v", "nz")
                    and vw not in _NOT_ACTIONS
                    and nxt not in ("的", "，", "。")
                    and not any(a < ve and vs < b for a, b in taken)
                    and not any(c[0] < ve and vs < c[1] for c in out)
                ):
                    out.append((vs, ve, vw, False))
    # a verb inside quotation marks or a title (“谁制发、谁解读”, 《…办法》) is part of a name
    return sorted(c for c in out if not any(a < c[0] and c[1] <= b for a, b in quoted))


def _object_end(body: str, start: int, end: int, verbs: list[tuple[int, int, str, bool]]) -> int:
    """Where the object that starts at ``start`` ends (``end`` = end of its clause).

    It stops before a coordinated verb phrase (、健全…, 和完善…, 并…) and before a clause of purpose
    (以确保…, 从而…), not inside a noun coordination (登记、审核、答复流程).
    """
    for s, e, v, lex in verbs:
        if s <= start or s >= end:
            continue
        left = body[s - 1]
        if left in "以并" and s - 1 > start and body[s - 2 : s] not in ("予以", "加以", "可以", "难以", "所以"):
            return s - 1  # 并/以 before a verb: a new predicate
        if not lex or v not in _ACTION_SET:
            continue
        if left in _COORD and v not in _NOMINALISH and not body.startswith(_NOMINAL_HEADS, e):
            return s - 1
    m = re.compile(r"以(?:确保|便|求|期|提高|提升|推动|促进|实现)|从而|进而|确保|切实").search(body, start, end)
    return m.start() if m else end


def _object(body: str, start: int, end: int, verbs: list[tuple[int, int, str, bool]]) -> str | None:
    stop = _object_end(body, start, end, verbs)
    obj = body[start:stop].strip().lstrip("”’」』）)》、")
    obj = _QUANTITY_PREFIX.sub("", obj)
    obj = _TRAIL_QUANTITY.sub("", obj).strip()
    return obj or None


def _clause_kind(body: str, s: int, e: int) -> tuple[str, int]:
    """'purpose', 'past', 'prep' or 'main', and where the clause's own words start (after its lead)."""
    clause = body[s:e]
    lead = _LEAD_RE.match(clause)
    at = s + (lead.end() if lead else 0)
    rest = body[at:e]
    if _PURPOSE_RE.match(rest) or _PURPOSE_RE.match(clause):
        return "purpose", at
    if _PAST_RE.search(clause) or _BACKGROUND_RE.search(clause):
        return "past", at
    pm = _PREP_RE.match(rest)
    if pm:
        if pm.group() in ("在", "从", "于"):
            lm = _LOCALIZER_RE.search(rest, pm.end(), min(len(rest), pm.end() + 16))
            if lm and lm.end() < len(rest):
                return "main", at + lm.end()
        return "prep", at + pm.end()
    return "main", at


def _main_action(
    body: str, toks: list[tuple[int, int, str, str]] | None
) -> tuple[tuple[int, int] | None, tuple[int, int] | None, str | None]:
    """The main action (span of its head verb), its verb group (span) and its object.

    The action is the first verb of the first clause that states a measure: clauses of purpose and of
    things already done are skipped; in a clause opened by a preposition-like verb (按照…, 围绕…) the
    action is the first verb after the circumstance, not the one right after the preposition; an
    adverb or light verb in front of another verb gives way to it (继续深入贯彻 → 贯彻, 组织开展 → 开展);
    verbs coordinated with 、/和 or side by side (建立、健全; 修订完善) form the group, whose object
    follows the last of them.  Without any such clause the first verb of the statement is taken.
    """
    verbs = _candidates(body, toks)
    if not verbs and not _ALL_LEX_RE.search(body):
        return None, None, None
    clauses = _clauses(body)

    def pick(s: int, e: int, after: int) -> tuple[int, int, str, bool] | None:
        nonlocal verbs
        m = _ALL_LEX_RE.match(body, after)
        if m and m.end() < e and not any(c[0] < m.end() and m.start() < c[1] for c in verbs):
            verbs = sorted(verbs + [(m.start(), m.end(), m.group(), True)])  # 从源头上[规范]…
        idx = [i for i, (vs, ve, v, _) in enumerate(verbs) if after <= vs and ve <= e]
        for n, i in enumerate(idx):
            _, ve, v, _ = verbs[i]
            nxt = verbs[idx[n + 1]] if n + 1 < len(idx) else None
            gap = 2 if v in _ADVERBS else 0
            if nxt and nxt[0] - ve <= gap and (v in _ADVERBS or v in _LIGHT or v in _INTENSITY):
                continue
            return verbs[i]
        return None

    def pick_prep(e: int, after: int) -> tuple[int, int, str, bool] | None:
        # after a preposition-like verb comes its noun phrase, then the action, so a verb of the
        # lexicon counts in any position here (按照…程序公开…); with part of speech: the first one that
        # is a word of its own and not tagged a noun (保密审查 and 办理/n 结果 are noun phrases),
        # without it: the last one; and it needs an object (not 解读”原则)
        quoted = [m.span() for m in _QUOTED_RE.finditer(body)]
        raw = [
            (m.start(), m.end(), m.group(), True)
            for m in _ALL_LEX_RE.finditer(body, after, e)
            if not any(a < m.start() and m.end() <= b for a, b in quoted)
        ]
        cands = sorted(set(raw) | {c for c in verbs if after <= c[0] and c[1] <= e})
        if toks:
            bounds = {a: (b, f) for a, b, _, f in toks}
            # a verb glued to the next word by jieba (公开办/n 事/n) still starts a word of its own
            cands = [
                c for c in cands if c[0] in bounds and (bounds[c[0]][0] > c[1] or not bounds[c[0]][1].startswith("n"))
            ]
        else:
            cands = cands[::-1]
        for c in cands:
            if c[0] == after or c[2] in _ADVERBS or c[2] in _LIGHT or c[2] in _INTENSITY:
                continue
            nxt = next((x for x in cands if x[0] == c[1] and x[2] not in _ADVERBS), None)
            if nxt is not None and (not c[3] or (nxt[3] and nxt in verbs)):
                continue  # 围绕乡村振兴公开…: a verb right before a verb (in verb position) ends the noun phrase
            o = _object(body, c[1], e, verbs)
            if o and not body.startswith(_BAD_OBJECT_START, c[1]):
                return c
        return None

    chosen: tuple[int, int, str, bool] | None = None
    kinds = [_clause_kind(body, s, e) for s, e in clauses]
    for k, (s, e) in enumerate(clauses):
        kind, at = kinds[k]
        if kind in ("purpose", "past"):
            continue
        if kind == "prep" and k + 1 < len(clauses) and kinds[k + 1][0] == "main":
            nxt = pick(clauses[k + 1][0], clauses[k + 1][1], kinds[k + 1][1])
            own = pick_prep(e, at)
            own_obj = _object(body, own[1], e, verbs) if own else None
            if nxt is not None and nxt[0] - kinds[k + 1][1] <= 2 and (own_obj is None or len(own_obj) < 4):
                continue  # 对照…考评指标，逐项查找…: the next clause opens with the action
        if kind == "prep" and k + 1 == len(clauses) and body.startswith(_STANCE, kinds[k][1] - 2):
            kind, at = "main", at - 2  # 坚持以…为…: a stance stated alone is the commitment
        chosen = pick_prep(e, at) if kind == "prep" else pick(s, e, at)
        if chosen is not None:
            break
    if chosen is None:  # no verb with an object: the first verb of a measure clause, else of any clause
        for k, (s, e) in enumerate(clauses):
            kind, at = kinds[k]
            if kind == "prep":  # 对照…指标逐项整改: the predicate comes last, after the noun phrase
                inside = [c for c in verbs if at < c[0] and c[1] <= e and c[2] not in _ADVERBS | _LIGHT]
                chosen = inside[-1] if inside else None
            elif kind == "main":
                chosen = pick(s, e, at)
            if chosen is not None:
                break
    if chosen is None:
        for s, e in clauses:
            chosen = pick(s, e, s)
            if chosen is not None:
                break
    if chosen is None:
        raw = _ALL_LEX_RE.search(body)
        chosen = verbs[0] if verbs else (raw.start(), raw.end(), raw.group(), True) if raw else None
    if chosen is None:
        return None, None, None
    vs, ve, _, _ = chosen
    cend = next((e for s, e in clauses if s <= vs < e), len(body))
    gend = ve
    while True:  # verbs coordinated with the action: side by side or after 、/和 (any lexicon occurrence)
        at = gend + 1 if gend < cend and body[gend] in _COORD else gend
        m = _ALL_LEX_RE.match(body, at)
        if not m or m.end() >= cend or body.startswith(_NOMINAL_HEADS, m.end()):
            break
        if m.group() in _LIGHT_VERBS or (at == gend and m.group() not in _GROUPABLE & _ACTION_SET):
            break
        gend = m.end()
    obj = _object(body, gend, cend, verbs)
    cstart = next((s for s, e in clauses if s <= vs < e), 0)
    dm = _DUMMY_RE.search(body, cstart, vs)
    if obj is None and dm:  # 对公开专栏进行全面清理: the object stands in the 对 phrase
        obj = dm.group(1)
    if obj is None and gend != ve:  # the "group" was a verb and its verbal-noun object (加强培训)
        gend = ve
        obj = _object(body, ve, cend, verbs)
    return (vs, ve), ((vs, gend) if gend != ve else None), obj


def _time_frame(text: str, year: int | None = None) -> tuple[str | None, str]:
    """The commitment's time frame and its kind, or (None, '').

    Only an explicit when: a date or year (a year not after the report ``year`` is past and not
    taken), a deadline (年底前, 年内) or a period to come (下一步, 今后, 明年).  Dates in a clause of
    purpose (确保…, 为…) or of things already done (已…, …以来) are not the commitment's time frame.
    """
    best: tuple[int, str, str] | None = None
    for s, e in _clauses(text):
        kind_c, _ = _clause_kind(text, s, e)
        if kind_c in ("purpose", "past"):
            continue
        clause = text[s:e]
        for rx, kind in _TIME_RES:
            if kind not in _FRAME_KINDS:
                continue
            for m in rx.finditer(clause):
                ym = _YEAR_RE.match(m.group())
                if ym and year is not None and int(ym.group(1)) <= int(year):
                    continue
                if clause.startswith(("以来", "来"), m.end()):
                    continue
                if best is None or s + m.start() < best[0]:
                    best = (s + m.start(), m.group(), kind)
                break
        if best is not None:
            break
    return (best[1], best[2]) if best else (None, "")


def _frequency(text: str) -> str | None:
    """How often the measure recurs (每季度, 定期, 常态化), or None."""
    for rx, kind in _TIME_RES:
        if kind == "recurring":
            m = rx.search(text)
            if m:
                return m.group()
    return None


def _target(text: str) -> str | None:
    quoted = [m.span() for m in _QUOTED_RE.finditer(text)]
    for rx in _TARGET_RES:
        for m in rx.finditer(text):
            if m.group().startswith("一") and text[m.start() - 1 : m.start()] == "每":
                continue  # 每一件申请: "every", not a count
            if any(a <= m.start() < b for a, b in quoted):
                continue  # “一件事一次办”: a number inside a name
            return m.group()
    return None


def _object_score(obj: str | None) -> float:
    """1 for a named object, 0 for none or a generic one (政务公开工作, 水平 ...), 0.5 between."""
    if not obj:
        return 0.0
    if obj in _GENERIC_OBJECTS:
        return 0.0
    for g in _GENERIC_OBJECTS:
        if obj.endswith(g) and len(obj) - len(g) <= 2:
            return 0.25
    return 1.0 if len(obj) >= 4 else 0.5


#: verbs a part-of-speech reading must not take for an action: copulas, existence, modals, and the
#: preposition-like verbs of ``_PREP_WORDS``, which introduce a circumstance, not the action (结合…调整)
_NOT_ACTIONS = frozenset(
    {
        "是",
        "有",
        "存在",
        "要",
        "将",
        "会",
        "能",
        "可",
        "需",
        "需要",
        "应",
        "应当",
        "进行",
        "使",
        "让",
        "需求",
        "要求",
        "坚持",
        "力争",
        "争取",
        "实际",
        "相关",
    }
) | frozenset(_PREP_WORDS)
_INTENSITY = frozenset(INTENSITY_WORDS)


def parse_commitment(text: str, tokenizer: Any = None, year: int | None = None) -> dict[str, Any]:
    """Actions, main action, object, intensity, time frame, frequency, target and specificity of one statement.

    ``tokenizer`` (a :class:`~nlp_reports.nlp.tokenizer.Tokenizer`) adds the verbs that only part of
    speech finds; ``year`` is the report year (a date up to it is past, not a time frame).  The rules
    are written down in ``docs/COMMITMENTS_GUIDELINES.md``; see :func:`_main_action`.

    ``specificity`` (0..1) = 0.3·Q + 0.2·T + 0.3·O + 0.2·V where
      Q = 1 if a quantitative target or a number is stated (每季度开展一次, 3次, 100%, 全覆盖), else 0;
      T = 1 for a dated or deadline time frame (2025年底前) or a stated frequency (每季度), 0.3 for
          a vague one (下一步, 今后), 0 for none;
      O = object score: 1 for a named object of ≥4 characters, 0.5 for a short one, 0.25 for a
          generic noun with a short modifier, 0 for none or a generic object (政务公开工作, 水平);
      V = 0 if every action verb is a generic one (加强, 推进, 提升, 做好 ...), else 1.
    So "每季度开展一次政务新媒体检查" scores 1.0 and "进一步加强政务公开工作" scores 0.0; intensity
    words (进一步, 持续 ...) add nothing: they mark formulas, not content.
    """
    t = (text or "").strip()
    body = _MARKER_RE.sub("", t)
    toks = _pos_tokens(body, tokenizer) if tokenizer is not None else None
    verbs = _candidates(body, toks)
    actions: list[str] = []
    for _, _, v, _ in verbs:
        if v not in actions and v not in _ADVERBS and v not in _INTENSITY:
            actions.append(v)
    head, group, obj = _main_action(body, toks)
    main = body[head[0] : head[1]] if head else None
    if group and body[group[0] : group[1]] in ACTION_VERBS:  # a lexicalised pair (建立健全) is one action
        main = body[group[0] : group[1]]
    im = _INTENSITY_RE.search(body)
    intensity = im.group() if im else None
    tf, tf_kind = _time_frame(body, year)
    freq = _frequency(body)
    target = _target(body)
    q = 1.0 if (target or _DIGIT_RE.search(body.replace(tf or "\x00", ""))) else 0.0
    tscore = {"year": 1.0, "deadline": 1.0, "next": 0.3}.get(tf_kind, 0.0)
    if freq:
        tscore = 1.0
    o = _object_score(obj)
    vscore = 1.0 if any(a not in _GENERIC_VERBS for a in actions) else 0.0
    spec = round(0.3 * q + 0.2 * tscore + 0.3 * o + 0.2 * vscore, 3)
    return {
        "actions": actions,
        "action": main,
        "object": obj,
        "intensity": intensity,
        "time_frame": tf,
        "frequency": freq,
        "target": target,
        "specificity": spec,
    }


def _as_records(stmts: Any) -> list[tuple[Any, str, str | None]]:
    """(statement_id, text, label) from a list of str / StatementSpan / a DataFrame."""
    if isinstance(stmts, pd.DataFrame):
        if "text" not in stmts.columns and "statement" not in stmts.columns:
            raise NlpReportsError("extract_commitments: the DataFrame needs a 'text' (or 'statement') column")
        col = "text" if "text" in stmts.columns else "statement"
        ids = stmts["statement_id"].tolist() if "statement_id" in stmts.columns else list(range(len(stmts)))
        labels = stmts["label"].tolist() if "label" in stmts.columns else [None] * len(stmts)
        return list(zip(ids, stmts[col].astype(str).tolist(), labels))
    if isinstance(stmts, str):
        raise NlpReportsError(
            "extract_commitments expects a list of statements; split the text first with split_statements"
        )
    out: list[tuple[Any, str, str | None]] = []
    for i, s in enumerate(stmts):
        text = getattr(s, "text", s)
        if not isinstance(text, str):
            raise NlpReportsError(
                f"statement {i} is {type(s).__name__}, not text; pass strings or StatementSpan objects"
            )
        out.append((i, text, None))
    return out


def extract_commitments(
    stmts: Iterable[Any] | pd.DataFrame,
    labels: Sequence[str] | None = None,
    themes: Sequence[Sequence[str]] | None = None,
    tokenizer: Any = None,
    year: Any = None,
) -> pd.DataFrame:
    """One row per improvement statement (a commitment) with its parsed parts.

    ``stmts``: statement texts, :class:`~nlp_reports.nlp.statements.StatementSpan` s, or a DataFrame
    with ``text`` (and optionally ``statement_id``, ``label``).  ``labels``: one label per statement
    ('problem' / 'improvement' / 'other'); only 'improvement' rows are kept.  Without labels (and
    without a ``label`` column) statements are kept when :func:`looks_like_improvement`.
    ``themes``: optional theme codes per statement (else ``[]``).  ``tokenizer``: a
    :class:`~nlp_reports.nlp.tokenizer.Tokenizer` whose part-of-speech tags find the action of a
    measure whose verb is not in the action lexicon (default: one is made when first needed).
    ``year``: the report year (one int, or one per statement; default: a ``year`` column of the
    DataFrame, else unknown) -- a date up to the report year is past and not a time frame.
    Columns: see :data:`COLUMNS`.  Missing text (no object, no time frame ...) is ``None`` in every
    text column (:data:`STRING_COLUMNS`), never NaN; ``specificity`` is a float and never missing;
    ``actions`` and ``themes`` are lists (possibly empty).  ``time_frame`` is WHEN the measure is due
    (2025年底前, 下一步); how often it recurs (每季度, 定期) is ``frequency``.

    >>> cm = extract_commitments(["下一步，每季度开展一次政务新媒体检查。", "政策解读形式单一。"])
    >>> cm[["action", "object", "time_frame", "frequency", "specificity"]].values.tolist()   # the problem is not kept
    [['开展', '政务新媒体检查', '下一步', '每季度', 1.0]]

    On a report's part 五 (statement spans; the ``statement_id`` is the position of the statement):

    >>> import nlp_reports as nr
    >>> text = nr.read_report("corpora/sample/txt/yunxi_2022.txt").section("problems").text
    >>> cm = extract_commitments(nr.split_statements_spans(text))
    >>> cm["statement_id"].tolist(), cm["action"].tolist()
    ([3, 4, 5], ['完成', '建立', '举办'])
    >>> print(cm["object"].iloc[0], cm["time_frame"].iloc[0])
    县政府门户网站适老化和无障碍改造 2023年底前
    """
    pos_tok = tokenizer
    recs = _as_records(stmts)
    years = _years(stmts, year, len(recs))
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(recs):
            raise NlpReportsError(f"got {len(labels)} labels for {len(recs)} statements; pass one label per statement")
    if themes is not None:
        themes = [list(t) if t is not None else [] for t in themes]
        if len(themes) != len(recs):
            raise NlpReportsError(
                f"got {len(themes)} theme lists for {len(recs)} statements; pass one list per statement"
            )
    rows = []
    for k, (sid, text, col_label) in enumerate(recs):
        label = labels[k] if labels is not None else col_label
        keep = (label == "improvement") if label is not None else looks_like_improvement(text)
        if not keep:
            continue
        row = {"statement_id": sid, "statement": text}
        if pos_tok is None:
            pos_tok = _default_tokenizer()
        row.update(parse_commitment(text, pos_tok, years[k]))
        row["themes"] = themes[k] if themes is not None else []
        rows.append(row)
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in STRING_COLUMNS:  # missing text is None (never NaN), whatever pandas inferred
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    df["specificity"] = df["specificity"].astype(float)
    return df


@functools.lru_cache(maxsize=1)
def _default_tokenizer() -> Any:
    """The part-of-speech tokenizer used when none is passed, built once per process.

    Why cached: building jieba's dictionaries takes seconds; the tokenizer holds no state that a
    call could change (its settings are fixed here), so sharing it is safe.
    """
    from .tokenizer import Tokenizer

    return Tokenizer(remove_stopwords=False, drop_numbers=False)


def _years(stmts: Any, year: Any, n: int) -> list[int | None]:
    """One report year per statement (or None) from ``year`` (int or sequence) or a ``year`` column."""
    if year is None and isinstance(stmts, pd.DataFrame) and "year" in stmts.columns:
        year = stmts["year"].tolist()
    if year is None or pd.api.types.is_scalar(year):
        vals = [year] * n
    else:
        vals = list(year)
        if len(vals) != n:
            raise NlpReportsError(
                f"got {len(vals)} years for {n} statements; pass one report year or one per statement"
            )
    out: list[int | None] = []
    for v in vals:
        try:
            out.append(None if v is None or pd.isna(v) else int(v))
        except (TypeError, ValueError):
            raise NlpReportsError(f"report year {v!r} is not a number; pass years such as 2023") from None
    return out
