"""Cue lexicons for part 五 (存在的主要问题及改进情况), shared by the NLP stage.

Plain, immutable data (tuples of strings and regex source strings) so that every module can
import them without side effects:

* :data:`PROBLEM_CUES` -- words that mark a shortcoming (有待, 仍需, 不够, 不足 ...);
  :data:`PROBLEM_CUE_PATTERN` -- the same as one regex (:func:`words_pattern` builds such regexes).
  :data:`PROBLEM_PATTERNS` -- regexes for discontinuous problem cues (存在…问题, 还…不够 ...).
* :data:`IMPROVEMENT_CUES` -- words that mark a measure taken or planned (下一步, 将, 继续, 进一步 ...).
  :data:`IMPROVEMENT_PATTERNS` -- regexes (一是加强, 将…).
* :data:`LEADIN_CUES` / :data:`TRANSITION_CUES` / :data:`SUMMARY_CUES` -- lead-ins ("主要表现在"),
  transitions ("针对上述问题") and summaries ("取得了一定成效") that are statements labelled *other*.
* :data:`HEADING_PATTERNS` -- regexes for pure sub-heading lines of part 五 ("（一）存在的主要问题").
* :data:`ENUM_MARKER_PATTERN` -- regex for an enumeration marker at the start of an item.
* :data:`ACTION_VERBS` -- action verbs of measures, longest first (建立健全 before 建立).
* :data:`INTENSITY_WORDS` -- intensifiers (进一步, 持续, 全面, 切实 ...).
* :data:`TIME_FRAME_PATTERNS` -- ``(regex, kind)`` pairs for time frames (下一步, 2025年, 年底前, 每季度 ...).
* :data:`TARGET_PATTERNS` -- regexes for quantitative targets (每季度开展一次, 100%, 3次, 全覆盖 ...).
* :data:`GENERIC_VERBS` -- action verbs so broad that alone they make a formula (加强, 推进 ...).
* :data:`GENERIC_OBJECTS` -- objects so broad that a measure on them is a formula (政务公开工作 ...).

Why here: the statement splitter, the weak labeller of the classifier and the commitment
extractor must agree on what a cue is; one lexicon avoids three drifting copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text_patterns import ENUM_MARKER_PATTERN, NUMBERED_MARKER  # noqa: F401  (ENUM_MARKER_PATTERN re-exported)


def words_pattern(words: Iterable[str]) -> str:
    """Regex source matching any of ``words``, longest first so that the longest one wins (建立健全, not 建立)."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


#: words signalling a shortcoming / gap / insufficiency
PROBLEM_CUES: tuple[str, ...] = (
    "有待",
    "仍需",
    "尚需",
    "仍待",
    "尚待",
    "还需",
    "还需要",
    "仍需要",
    "亟需",
    "亟待",
    "急需",
    "不够",
    "不足",
    "欠缺",
    "缺乏",
    "缺少",
    "不到位",
    "不及时",
    "不全面",
    "不完善",
    "不规范",
    "不充分",
    "不平衡",
    "不统一",
    "不高",
    "不强",
    "不深",
    "不细",
    "不广",
    "不多",
    "不大",
    "较为薄弱",
    "比较薄弱",
    "薄弱",
    "滞后",
    "差距",
    "短板",
    "偏少",
    "偏低",
    "较少",
    "较低",
    "较弱",
    "单一",
    "简单",
    "有限",
    "难以",
    "不便",
    "参差不齐",
    "不一",
    "弱化",
    "流于形式",
    "形式化",
    "还存在",
    "仍存在",
    "依然存在",
    "存在一定",
    "存在不足",
    "存在问题",
    "问题",
    "困难",
    "瓶颈",
    "薄弱环节",
    "不尽",
    "未能",
    "没有",
    "尚未",
    "仍未",
    "还未",
    "还不",
    "仍不",
    "有所欠缺",
    "有待加强",
    "有待提高",
    "有待提升",
    "有待进一步",
    "不够及时",
    "不够全面",
    "不够规范",
    "不够深入",
    "不够丰富",
    "不够完善",
    "不够到位",
    "不够高",
    "重视不够",
    "认识不足",
    "能力不足",
    "力量不足",
    "力量薄弱",
    "质量不高",
    "水平不高",
    # degree + adjective and negated qualities seen in shortcomings beyond the lexicon above
    "较窄",
    "偏窄",
    "较慢",
    "偏慢",
    "较差",
    "偏弱",
    "偏晚",
    "较晚",
    "淡薄",
    "陈旧",
    "落后",
    "欠佳",
    "不熟",
    "不熟悉",
    "不熟练",
    "不完整",
    "不准确",
    "不精准",
    "不健全",
    "不严",
    "不力",
    "不畅",
    "不便捷",
    "不明显",
    "不细致",
    "不清晰",
    "不清楚",
    "不彻底",
    "不一致",
    "不匹配",
)
#: :data:`PROBLEM_CUES` as one regex source (longest first)
PROBLEM_CUE_PATTERN = words_pattern(PROBLEM_CUES)

#: regexes for discontinuous problem cues (search, not match)
PROBLEM_PATTERNS: tuple[str, ...] = (
    r"存在.{0,20}?(?:问题|不足|短板|差距|情况)",
    r"(?:还|仍|尚|依然|仍然)(?:然)?(?:有|存在).{0,12}?(?:不足|问题|差距|空间)",
    r"(?:还|仍|尚)(?:需|要|待|不|未|有)",
    r"(?:有待|亟待|亟需|仍需|还需|尚需)(?:进一步)?(?:加强|提高|提升|完善|改进|规范|深化|拓展|丰富|健全|优化)",
    r"不够(?:及时|全面|规范|深入|丰富|完善|到位|细致|精准|有力|灵活|广泛|充分|主动|明显|高|强|多|大)",
    r"(?:与|同|离|距).{0,20}?(?:要求|期待|期望|需求|标准).{0,8}?(?:还|仍)?(?:有|存在)(?:一定)?(?:的)?差距",
)

#: words signalling a measure (taken or planned)
IMPROVEMENT_CUES: tuple[str, ...] = (
    "下一步",
    "今后",
    "下阶段",
    "下一阶段",
    "来年",
    "明年",
    "新的一年",
    "将",
    "将会",
    "拟",
    "计划",
    "继续",
    "进一步",
    "持续",
    "着力",
    "加大",
    "推进",
    "推动",
    "完善",
    "强化",
    "健全",
    "提升",
    "提高",
    "加强",
    "深化",
    "优化",
    "规范",
    "落实",
    "开展",
    "建立",
    "建立健全",
    "抓好",
    "做好",
    "坚持",
    "不断",
    "切实",
    "全面",
    "努力",
    "力争",
    "确保",
    "狠抓",
    "扎实",
    "积极",
    "加快",
    "探索",
    "拓展",
    "丰富",
    "创新",
    "改进",
    "整改",
    "组织",
    "举办",
    "督促",
    "指导",
)

#: regexes for measure cues
IMPROVEMENT_PATTERNS: tuple[str, ...] = (
    r"^(?:[一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、．]|第[一二三四五六七八九十]+[，、])?"
    r"(?:要|将|继续|进一步|持续|不断|切实|全面|着力|大力)?"
    r"(?:加强|完善|推进|强化|健全|提升|提高|优化|规范|落实|开展|深化|加大|拓展|丰富|建立|抓好|做好)",
    r"(?:下一步|今后|下阶段|明年|\d{4}年)[，,]?.{0,10}?(?:将|要|继续|进一步|持续)",
    r"(?:将|拟|计划|力争|确保)(?:进一步|继续|持续|不断|切实|全面|着力|大力)?[\u4e00-\u9fff]",
)

#: lead-in phrases that announce a list (their sentence is a statement labelled other)
LEADIN_CUES: tuple[str, ...] = (
    "主要表现在",
    "主要表现为",
    "主要体现在",
    "具体表现在",
    "具体表现为",
    "存在以下问题",
    "存在如下问题",
    "存在以下不足",
    "主要有以下",
    "主要有",
    "主要是",
    "具体如下",
    "如下：",
    "以下几个方面",
    "以下几点",
    "以下方面",
    "仍存在一些不足",
    "仍存在一些问题",
    "还存在一些不足",
    "还存在一些问题",
    "存在一些不足",
    "存在一些问题",
    "存在的不足",
    "存在的问题",
    "不足之处",
    "薄弱环节",
)

#: transition phrases that lead from problems to measures (statements labelled other)
TRANSITION_CUES: tuple[str, ...] = (
    "针对上述问题",
    "针对以上问题",
    "针对存在问题",
    "针对存在的问题",
    "针对这些问题",
    "针对上述不足",
    "针对以上不足",
    "下一步将抓好以下工作",
    "下一步将重点做好以下工作",
    "下一步重点做好以下工作",
    "将从以下几个方面",
    "从以下几个方面",
    "采取以下措施",
    "重点做好以下",
    "抓好以下",
    "做好以下",
    "改进措施如下",
    "下一步工作打算",
    "下一步工作计划",
    "改进情况如下",
    "整改措施",
)

#: summary / achievement phrases (statements labelled other)
SUMMARY_CUES: tuple[str, ...] = (
    "取得了一定成效",
    "取得一定成效",
    "取得了较好成效",
    "取得了明显成效",
    "取得了积极成效",
    "成效明显",
    "总体平稳",
    "有序推进",
    "稳步推进",
    "总体良好",
    "较好地完成",
    "圆满完成",
    "得到提升",
    "有所提升",
    "有所改善",
    "有了较大提升",
    "明显提升",
)

_HEADING_MARK = r"^" + NUMBERED_MARKER + r"?\s*"

#: pure sub-heading lines of part 五 (full match on a stripped line); they are not statements
HEADING_PATTERNS: tuple[str, ...] = (
    _HEADING_MARK + r"(?:存在的?|本年度?|工作中?|当前|目前)?(?:的)?(?:主要)?"
    r"(?:问题|不足|困难|问题和不足|不足和问题|问题与不足|困难和问题|问题和困难|存在问题|存在不足)"
    r"(?:及|和|与)?(?:原因|表现)?[。：:]?$",
    _HEADING_MARK + r"(?:下一步|今后|下阶段|明年|\d{4}年)?(?:的)?(?:主要)?"
    r"(?:改进|整改|工作|改进情况|改进措施|整改措施|整改情况|工作打算|工作计划|工作安排|工作思路|措施|打算|计划|思路)"
    r"(?:措施|情况|打算|计划|安排|方向|思路)?(?:和|及|与)?(?:措施|打算|计划|安排)?[。：:]?$",
    _HEADING_MARK + r"(?:上年度|上一年度?|\d{4}年度?)?"
    r"(?:存在的?)?(?:问题|不足)?(?:的)?(?:整改|改进)(?:落实)?(?:情况)?[。：:]?$",
)

#: an enumeration marker at the start of an item: defined in :mod:`nlp_reports.text_patterns`
#: (imported above, re-exported here for the cue users)

#: action verbs of measures, longest first so that the longest match wins
ACTION_VERBS: tuple[str, ...] = (
    "建立健全",
    "完善健全",
    "健全完善",
    "加强和改进",
    "加大",
    "加强",
    "加快",
    "完善",
    "推进",
    "推动",
    "强化",
    "健全",
    "提升",
    "提高",
    "优化",
    "规范",
    "落实",
    "开展",
    "深化",
    "拓展",
    "拓宽",
    "丰富",
    "创新",
    "改进",
    "建立",
    "建设",
    "抓好",
    "做好",
    "组织",
    "举办",
    "开设",
    "开通",
    "设立",
    "制定",
    "修订",
    "出台",
    "编制",
    "更新",
    "调整",
    "督促",
    "指导",
    "培训",
    "整合",
    "梳理",
    "清理",
    "排查",
    "检查",
    "考核",
    "监督",
    "审核",
    "发布",
    "公开",
    "解读",
    "回应",
    "畅通",
    "增强",
    "夯实",
    "压实",
    "明确",
    "确保",
    "坚持",
    "严格",
    "探索",
    "用好",
    "管好",
    "办好",
    "完成",
    "实现",
    "制作",
    "推出",
    "上线",
    "增设",
    "设置",
    "实行",
    "推行",
    "搭建",
    "打造",
    "扩大",
    "增加",
    "配齐",
    "配强",
    "充实",
)

#: intensity / emphasis words of measures
INTENSITY_WORDS: tuple[str, ...] = (
    "进一步",
    "持续",
    "全面",
    "切实",
    "不断",
    "大力",
    "继续",
    "着力",
    "深入",
    "扎实",
    "积极",
    "认真",
    "严格",
    "努力",
    "坚决",
    "全力",
    "重点",
    "逐步",
    "及时",
    "尽快",
    "加快",
    "加大力度",
)

#: time-frame regexes with the kind of time frame they express (first match wins)
TIME_FRAME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:19|20)\d{2}年(?:底|末|内|前|上半年|下半年|年底前?|\d{1,2}月(?:底|前)?)?(?:前|起)?", "year"),
    (r"(?:本|今|明|次|来)年(?:底|末|内|上半年|下半年)?前?", "year"),
    (r"(?:年底|年内|年末|月底|季末)前?", "deadline"),
    (r"(?<![年\d])(?:上半年|下半年|[一二三四]季度)(?:前|内|末)?", "deadline"),
    (r"每(?:年|半年|季度?|月|周|旬|日|天)", "recurring"),
    (r"(?:定期|常态化|长期|经常性)", "recurring"),
    (r"(?:下一步|下步|下一阶段|下阶段|今后|未来|新的一年|下一年度?|来年|近期|短期|中长期)", "next"),
)

#: quantitative target regexes
TARGET_PATTERNS: tuple[str, ...] = (
    r"每(?:年|半年|季度?|月|周|旬|日|天)(?:至少|不少于)?[开举组召]?[展办织开]?[一二两三四五六七八九十\d]+(?:次|期|轮|场)",
    r"(?:至少|不少于|不低于|达到|力争|确保)?\d+(?:\.\d+)?\s*[%％]",
    r"百分之[一二三四五六七八九十百]+",
    r"(?:至少|不少于|不低于|超过|达到)?[一二两三四五六七八九十\d]+(?:次|期|轮|场|篇|条|件|个(?!方面)|项|人次|家|名|台|套|份|册)",
    r"全覆盖|零差错|零投诉|无差错|清零|100%",
)

#: action verbs so general that, alone, they make a formula rather than a concrete measure
GENERIC_VERBS: tuple[str, ...] = (
    "加强",
    "加强和改进",
    "推进",
    "推动",
    "提升",
    "提高",
    "做好",
    "抓好",
    "强化",
    "深化",
    "完善",
    "落实",
    "优化",
    "规范",
    "增强",
    "夯实",
    "坚持",
    "确保",
    "健全",
    "建立健全",
    "加大",
    "创新",
    "改进",
    "丰富",
    "拓展",
    "拓宽",
    "用好",
    "管好",
    "办好",
)

#: objects so generic that a measure acting on them is a formula
GENERIC_OBJECTS: tuple[str, ...] = (
    "政务公开工作",
    "政府信息公开工作",
    "信息公开工作",
    "公开工作",
    "政务公开",
    "政府信息公开",
    "信息公开",
    "各项工作",
    "相关工作",
    "工作",
    "工作力度",
    "力度",
    "水平",
    "质量",
    "能力",
    "管理",
    "建设",
    "工作水平",
    "工作质量",
    "公开质量",
    "公开水平",
    "公开力度",
    "公开效果",
    "实效",
)
