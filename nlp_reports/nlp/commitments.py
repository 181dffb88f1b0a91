"""Commitments: what an agency says it will do, parsed from its improvement statements.

For each improvement statement :func:`extract_commitments` gives one row with the action verbs, the
main action and its object, the intensity word, the time frame, a quantitative target and a
specificity score that separates concrete measures ("每季度开展一次政务新媒体检查") from formulas
("进一步加强政务公开工作").  Plain lexical rules over :mod:`nlp_reports.nlp.cues`; no model.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Optional, Sequence

import pandas as pd

from ..errors import NlpReportsError
from .cues import (
    ACTION_VERBS,
    ENUM_MARKER_PATTERN,
    GENERIC_OBJECTS,
    GENERIC_VERBS,
    IMPROVEMENT_PATTERNS,
    INTENSITY_WORDS,
    PROBLEM_CUES,
    TARGET_PATTERNS,
    TIME_FRAME_PATTERNS,
)

COLUMNS: tuple[str, ...] = (
    "statement_id",
    "statement",
    "actions",
    "action",
    "object",
    "intensity",
    "time_frame",
    "target",
    "themes",
    "specificity",
)

_VERBS = tuple(sorted(set(ACTION_VERBS), key=len, reverse=True))
_VERB_RE = re.compile("|".join(map(re.escape, _VERBS)))
_INTENSITY = tuple(sorted(set(INTENSITY_WORDS), key=len, reverse=True))
_INTENSITY_RE = re.compile("|".join(map(re.escape, _INTENSITY)))
_TIME_RES = [(re.compile(p), kind) for p, kind in TIME_FRAME_PATTERNS]
_TARGET_RES = [re.compile(p) for p in TARGET_PATTERNS]
_IMPROVEMENT_RES = [re.compile(p) for p in IMPROVEMENT_PATTERNS]
_PROBLEM_RE = re.compile("|".join(map(re.escape, sorted(PROBLEM_CUES, key=len, reverse=True))))
_MARKER_RE = re.compile(r"^\s*" + ENUM_MARKER_PATTERN)
_GENERIC_VERBS = frozenset(GENERIC_VERBS)
_GENERIC_OBJECTS = frozenset(GENERIC_OBJECTS)
#: characters after which an action verb stands in verb position (modal, conjunction, adverb ends)
_VERB_LEFT = set("将要并和及与再还更也又是而好，,；;：:、。（）() ") | {w[-1] for w in INTENSITY_WORDS}
_LIGHT_VERBS = frozenset({"探索", "组织", "着力", "督促", "指导", "坚持", "加快", "积极", "深入", "持续", "严格"})
#: adverbials after which a verb is in verb position
_LEFT_WORDS = ("定期", "按时", "按期", "及时", "主动", "依法", "统一", "分类", "常态化", "每年", "每季度", "每月", "每周")
_NOMINALISH = frozenset(
    {"公开", "解读", "建设", "培训", "检查", "考核", "监督", "审核", "发布", "回应", "更新", "整合", "组织",
     "指导", "创新", "管理", "服务", "调整", "规范", "督促", "落实", "明确", "严格"}
)
_NOMINAL_HEADS = ("工作", "情况", "力度", "水平", "质量", "机制", "制度", "能力", "意识", "的", "性", "率", "化")
_OBJECT_STOP = re.compile(r"[，,。；;：:！？]|(?:和|并|及|以|从而|确保|推动)(?=" + "|".join(map(re.escape, _VERBS)) + ")")
_QUANTITY_PREFIX = re.compile(r"^(?:[一二两三四五六七八九十\d]+(?:次|期|轮|场|项|个|批)|对|的|各类|各项|相关)+")
_DIGIT_RE = re.compile(r"\d|[一二两三四五六七八九十]+(?:次|期|轮|场|个|项|篇|条)")


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


def _time_frame(text: str) -> tuple[Optional[str], str]:
    for rx, kind in _TIME_RES:
        m = rx.search(text)
        if m:
            return m.group(), kind
    return None, ""


def _target(text: str) -> Optional[str]:
    for rx in _TARGET_RES:
        m = rx.search(text)
        if m:
            return m.group()
    return None


def _object_after(text: str, end: int) -> Optional[str]:
    rest = text[end:]
    m = _OBJECT_STOP.search(rest)
    obj = rest[: m.start()] if m else rest
    obj = _QUANTITY_PREFIX.sub("", obj.strip())
    obj = obj.strip()[:30]
    return obj or None


def _object_score(obj: Optional[str]) -> float:
    """1 for a named object, 0 for none or a generic one (政务公开工作, 水平 ...), 0.5 between."""
    if not obj:
        return 0.0
    if obj in _GENERIC_OBJECTS:
        return 0.0
    for g in _GENERIC_OBJECTS:
        if obj.endswith(g) and len(obj) - len(g) <= 2:
            return 0.25
    return 1.0 if len(obj) >= 4 else 0.5


#: verbs a part-of-speech fallback must not take for an action (copulas, existence, modals)
_NOT_ACTIONS = frozenset(
    {"是", "有", "存在", "要", "将", "会", "能", "可", "需", "需要", "应", "应当", "进行", "使", "让", "需求",
     # verbs that introduce a circumstance, not the action (结合…调整, 围绕…开展)
     "结合", "根据", "按照", "围绕", "通过", "针对", "依托", "对照", "利用", "立足", "聚焦"}
)


def _pos_verbs(body: str, tokenizer: Any) -> list[tuple[int, int, str]]:
    """Verbs found by part of speech, for measures whose verb is not in the action lexicon."""
    verbs: list[tuple[int, int, str]] = []
    verbal_nouns: list[tuple[int, int, str]] = []  # 'vn' (调整, 培训): used only when no plain verb is left
    pos = 0
    for word, flag in tokenizer.tokenize_pos(body):
        at = body.find(word, pos)
        if at < 0:
            continue
        pos = at + len(word)
        if flag.startswith("v") and len(word) >= 2 and word not in _NOT_ACTIONS:
            (verbal_nouns if flag == "vn" else verbs).append((at, at + len(word), word))
    return verbs or verbal_nouns


def parse_commitment(text: str, tokenizer: Any = None) -> dict[str, Any]:
    """Actions, main action, object, intensity, time frame, target and specificity of one statement.

    ``specificity`` (0..1) = 0.3·Q + 0.2·T + 0.3·O + 0.2·V where
      Q = 1 if a quantitative target or a number is stated (每季度开展一次, 3次, 100%, 全覆盖), else 0;
      T = 1 for a dated, deadline or recurring time frame (2025年底前, 每季度), 0.3 for a vague one
          (下一步, 今后), 0 for none;
      O = object score: 1 for a named object of ≥4 characters, 0.5 for a short one, 0.25 for a
          generic noun with a short modifier, 0 for none or a generic object (政务公开工作, 水平);
      V = 0 if every action verb is a generic one (加强, 推进, 提升, 做好 ...), else 1.
    So "每季度开展一次政务新媒体检查" scores 1.0 and "进一步加强政务公开工作" scores 0.0; intensity
    words (进一步, 持续 ...) add nothing: they mark formulas, not content.
    """
    t = (text or "").strip()
    body = _MARKER_RE.sub("", t)
    verbs = _verb_positions(body)
    if not verbs and tokenizer is not None:
        verbs = _pos_verbs(body, tokenizer)
    actions: list[str] = []
    for _, _, v in verbs:
        if v not in actions:
            actions.append(v)
    main = None
    obj = None
    if verbs:
        # the main verb: the first one that is not a light verb in front of another verb and
        # that has an object; else the first one
        cands = [
            (s, e, v) for i, (s, e, v) in enumerate(verbs)
            if not (i + 1 < len(verbs) and verbs[i + 1][0] == e and v in _LIGHT_VERBS)
        ] or verbs
        for s, e, v in cands:
            o = _object_after(body, e)
            if o:
                main, obj = v, o
                break
        else:
            main = cands[0][2]
    im = _INTENSITY_RE.search(body)
    intensity = im.group() if im else None
    tf, tf_kind = _time_frame(body)
    target = _target(body)
    q = 1.0 if (target or _DIGIT_RE.search(body.replace(tf or "\x00", ""))) else 0.0
    tscore = {"year": 1.0, "deadline": 1.0, "recurring": 1.0, "next": 0.3}.get(tf_kind, 0.0)
    o = _object_score(obj)
    v = 1.0 if any(a not in _GENERIC_VERBS for a in actions) else 0.0
    spec = round(0.3 * q + 0.2 * tscore + 0.3 * o + 0.2 * v, 3)
    return {
        "actions": actions,
        "action": main,
        "object": obj,
        "intensity": intensity,
        "time_frame": tf,
        "target": target,
        "specificity": spec,
    }


def _as_records(stmts: Any) -> list[tuple[Any, str, Optional[str]]]:
    """(statement_id, text, label) from a list of str / StatementSpan / a DataFrame."""
    if isinstance(stmts, pd.DataFrame):
        if "text" not in stmts.columns and "statement" not in stmts.columns:
            raise NlpReportsError("extract_commitments: the DataFrame needs a 'text' (or 'statement') column")
        col = "text" if "text" in stmts.columns else "statement"
        ids = stmts["statement_id"].tolist() if "statement_id" in stmts.columns else list(range(len(stmts)))
        labels = stmts["label"].tolist() if "label" in stmts.columns else [None] * len(stmts)
        return list(zip(ids, stmts[col].astype(str).tolist(), labels))
    if isinstance(stmts, str):
        raise NlpReportsError("extract_commitments expects a list of statements; split the text first with split_statements")
    out = []
    for i, s in enumerate(stmts):
        text = getattr(s, "text", s)
        if not isinstance(text, str):
            raise NlpReportsError(f"statement {i} is {type(s).__name__}, not text; pass strings or StatementSpan objects")
        out.append((i, text, None))
    return out


def extract_commitments(
    stmts: Iterable[Any] | pd.DataFrame,
    labels: Optional[Sequence[str]] = None,
    themes: Optional[Sequence[Sequence[str]]] = None,
    tokenizer: Any = None,
) -> pd.DataFrame:
    """One row per improvement statement (a commitment) with its parsed parts.

    ``stmts``: statement texts, :class:`~nlp_reports.nlp.statements.StatementSpan` s, or a DataFrame
    with ``text`` (and optionally ``statement_id``, ``label``).  ``labels``: one label per statement
    ('problem' / 'improvement' / 'other'); only 'improvement' rows are kept.  Without labels (and
    without a ``label`` column) statements are kept when :func:`looks_like_improvement`.
    ``themes``: optional theme codes per statement (else ``[]``).  ``tokenizer``: a
    :class:`~nlp_reports.nlp.tokenizer.Tokenizer` whose part-of-speech tags find the action of a
    measure whose verb is not in the action lexicon (default: one is made when first needed).
    Columns: see :data:`COLUMNS`.

    >>> cm = extract_commitments(["下一步，每季度开展一次政务新媒体检查。", "政策解读形式单一。"])
    >>> cm[["action", "object", "time_frame", "specificity"]].values.tolist()   # the problem is not kept
    [['开展', '政务新媒体检查', '每季度', 1.0]]

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
    if labels is not None:
        labels = list(labels)
        if len(labels) != len(recs):
            raise NlpReportsError(f"got {len(labels)} labels for {len(recs)} statements; pass one label per statement")
    if themes is not None:
        themes = [list(t) if t is not None else [] for t in themes]
        if len(themes) != len(recs):
            raise NlpReportsError(f"got {len(themes)} theme lists for {len(recs)} statements; pass one list per statement")
    rows = []
    for k, (sid, text, col_label) in enumerate(recs):
        label = labels[k] if labels is not None else col_label
        keep = (label == "improvement") if label is not None else looks_like_improvement(text)
        if not keep:
            continue
        row = {"statement_id": sid, "statement": text}
        parsed = parse_commitment(text)
        if not parsed["actions"]:
            if pos_tok is None:
                from .tokenizer import Tokenizer

                pos_tok = Tokenizer(remove_stopwords=False, drop_numbers=False)
            parsed = parse_commitment(text, pos_tok)
        row.update(parsed)
        row["themes"] = themes[k] if themes is not None else []
        rows.append(row)
    return pd.DataFrame(rows, columns=list(COLUMNS))
