#!/usr/bin/env python
"""Write ``nlp_reports/nlp/data/train_themes.jsonl``: composed training statements for the theme tagger.

    python scripts/make_theme_statements.py [--n 2000] [--out PATH]

Why: the hand-written statements (``train_statements.jsonl``) name each theme with a few habitual
words; real reports phrase a theme in many ways and often put a second theme in the predicate ("进一步
规范依申请公开答复" is application handling AND standardization).  This script composes statements from
phrase banks written by the project (never text of the real reports): a theme-carrying *predicate*
(规范…, 建立健全…机制, 及时更新…, 加强…培训 ...) applied to a theme-carrying *object* (依申请公开答复文书,
政府网站栏目 ...) gives a two-theme statement; with a neutral object (政府信息公开工作) or a neutral
predicate (有待加强, 做好…工作) a one-theme statement.  Purpose tails that mention the public
("方便群众查询") are added without the public_engagement theme, as the gold guidelines code them.
Deterministic (seeded); the tagger only (the statement classifier does not read this file).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "nlp_reports" / "nlp" / "data" / "train_themes.jsonl"

#: objects that carry a theme on their own
OBJECTS: dict[str, list[str]] = {
    "timeliness": ["动态类信息", "时效性强的信息", "临时性通知公告", "应急类信息", "阶段性工作信息", "工作动态"],
    "coverage": [
        "重点领域信息",
        "财政预决算信息",
        "主动公开目录",
        "公共资源配置信息",
        "重大建设项目信息",
        "民生领域信息",
        "决策公开事项",
        "执行和结果公开",
        "行政权力运行信息",
        "权责清单",
        "惠民惠农资金信息",
        "规划计划信息",
        "公开内容",
        "主动公开事项",
        "政府信息主动公开",
        "涉及群众切身利益的信息",
        "群众关心的政府信息",
        "公开的内容和种类",
        "预决算公开",
        "重大行政决策信息",
    ],
    "policy_interpretation": [
        "政策解读材料",
        "重要政策文件的解读",
        "解读稿件",
        "政策图解",
        "政策问答",
        "解读产品",
        "惠企政策解读",
        "政策文件配套解读",
        "新闻发布和政策吹风",
    ],
    "standardization": [
        "基层政务公开标准目录",
        "公开事项标准目录",
        "信息发布格式",
        "公开要素",
        "标准化规范化建设",
        "公开工作流程",
        "发布文书格式",
        "公开操作规程",
        "两化工作",
        "政府信息公开指南",
        "年度报告编制",
        "公开栏目设置",
        "信息发布标题和文号",
    ],
    "application_handling": [
        "依申请公开答复文书",
        "依申请公开办理流程",
        "政府信息公开申请的受理",
        "申请件的研判",
        "依申请公开答复",
        "依申请公开工作",
        "申请公开事项的办理",
        "告知书的制作",
        "补正告知",
    ],
    "platform": [
        "政府网站栏目",
        "政务新媒体账号",
        "信息公开专栏",
        "政府信息查阅点",
        "政府公报",
        "微信公众号",
        "门户网站",
        "政务公开专区",
        "公开平台",
        "网站检索功能",
        "线下查阅场所",
        "政务服务网",
        "移动端应用",
        "群众获取政府信息的渠道",
        "公众查询信息的途径",
        "线上线下公开载体",
        "集中查询窗口",
        "政务微博",
        "网站集约化平台",
    ],
    "staff_capacity": [
        "信息公开工作队伍",
        "业务骨干",
        "信息公开工作人员",
        "专兼职人员",
        "联络员队伍",
        "经办人员",
        "各单位信息员",
        "基层信息员",
        "新任职干部",
    ],
    "public_engagement": [
        "社会关切",
        "政策咨询",
        "群众留言",
        "热点问题",
        "政民互动渠道",
        "意见征集",
        "政府开放日活动",
        "网上问政",
        "舆情信息",
        "群众诉求",
        "政务热线",
        "公众意见建议",
    ],
    "oversight": [
        "政务公开考核",
        "工作制度",
        "责任分工",
        "组织领导",
        "领导小组",
        "工作机制",
        "督查督办",
        "监督检查",
        "责任追究制度",
        "社会评议制度",
        "年度工作要点",
        "工作责任制",
        "考核评议",
        "第三方评估",
    ],
    "information_management": [
        "政府信息公开属性",
        "历史信息",
        "规范性文件清理",
        "信息发布审核",
        "保密审查",
        "政府信息资源",
        "文件档案",
        "信息台账",
        "公开属性认定",
        "源头信息",
        "政府信息梳理",
        "公开前审查",
        "不予公开信息",
        "工作台帐",
    ],
}

#: objects that carry no theme (the predicate decides)
NEUTRAL = ["政府信息公开工作", "政务公开工作", "信息公开各项工作", "公开工作", "相关工作", "政务公开"]

#: problem predicates that carry a theme; {x} is the object
PROBLEM: dict[str, list[str]] = {
    "timeliness": [
        "{x}更新不够及时",
        "{x}发布存在滞后现象",
        "{x}时效性不强",
        "{x}未能在规定时限内公开",
        "{x}长期未更新",
        "{x}更新频率偏低",
    ],
    "coverage": [
        "{x}公开不够全面",
        "{x}公开的深度和广度不够",
        "{x}公开范围偏窄",
        "{x}公开内容较为单一",
        "{x}主动公开力度不大",
    ],
    "policy_interpretation": ["{x}缺少配套解读", "{x}的政策解读不够深入", "{x}解读形式单一", "{x}解读不够通俗易懂"],
    "standardization": [
        "{x}还不够规范",
        "{x}规范化程度不高",
        "{x}标准不统一",
        "{x}格式不统一",
        "{x}有待进一步规范",
        "{x}的规范性有待提高",
        "{x}存在不规范的情况",
        "{x}程序不够规范",
        "{x}的准确性和规范性不够",
        "{x}做法不统一、不规范",
    ],
    "application_handling": [
        "{x}在依申请办理中答复不够严谨",
        "涉及{x}的申请答复质量不高",
        "涉及{x}的政府信息公开申请研判不够准确",
    ],
    "platform": [
        "{x}的发布渠道较为单一",
        "{x}在政府网站上展示不够直观",
        "{x}的线上公开载体不够丰富",
        "{x}的网上查询不够便捷",
    ],
    "staff_capacity": [
        "{x}的经办人员业务能力不足",
        "从事{x}的人员力量较为薄弱",
        "负责{x}的工作人员变动频繁",
        "{x}相关业务培训不够",
        "{x}相关的理论学习不够深入",
    ],
    "public_engagement": [
        "{x}的社会知晓度不高",
        "{x}宣传力度不够",
        "围绕{x}与公众的互动不足",
        "{x}回应社会关切不够及时有效",
        "{x}的群众参与度不高",
        "对{x}的舆论引导不够",
    ],
    "oversight": [
        "{x}工作机制还不健全",
        "对{x}的监督考核不够有力",
        "{x}责任落实不到位",
        "对{x}的重视程度不够",
        "{x}的制度建设相对滞后",
        "{x}的主动性和自觉性不强",
        "{x}的整改落实不够到位",
        "{x}缺少常态化的巡查通报",
        "{x}统筹协调不够有力",
    ],
    "information_management": [
        "{x}源头管理不够严格",
        "{x}保密审查把关不严",
        "{x}台账不够完善",
        "{x}的属性认定不够准确",
        "{x}的归档管理较为薄弱",
        "{x}的资源整合不够",
        "{x}台帐登记不全",
        "{x}的报送审核不够严格",
    ],
}

#: improvement predicates that carry a theme
IMPROVEMENT: dict[str, list[str]] = {
    "timeliness": ["及时更新{x}", "确保{x}在规定时限内公开", "提高{x}的发布时效", "对{x}做到即产生即公开"],
    "coverage": ["加大{x}主动公开力度", "拓展{x}公开的深度和广度", "扩大{x}的公开范围", "做到{x}应公开尽公开"],
    "policy_interpretation": [
        "同步做好{x}的政策解读",
        "采用图解、视频等形式解读{x}",
        "围绕{x}开展多元化解读",
        "对{x}做好解读和说明",
        "及时对{x}进行权威解读",
    ],
    "standardization": [
        "进一步规范{x}",
        "统一{x}的格式和标准",
        "推进{x}标准化规范化",
        "严格按照标准规范{x}",
        "提升{x}规范化水平",
        "对照标准指引规范{x}",
        "规范{x}的工作程序",
        "按照统一标准做好{x}",
        "确保{x}准确、规范",
    ],
    "application_handling": ["依法依规办理涉及{x}的政府信息公开申请", "做好涉及{x}的依申请公开答复"],
    "platform": [
        "依托政府网站和政务新媒体发布{x}",
        "在门户网站开设{x}专栏",
        "通过微信公众号推送{x}",
        "利用数字化手段展示{x}",
        "拓宽{x}的公开渠道和载体",
        "在查阅场所设置{x}查询窗口",
    ],
    "staff_capacity": [
        "加强{x}业务培训",
        "配齐配强负责{x}的工作人员",
        "围绕{x}开展专题培训",
        "提升经办人员办理{x}的业务能力",
        "及时组织{x}相关的业务学习",
        "通过以会代训、跟班学习提高{x}的业务水平",
    ],
    "public_engagement": [
        "加大{x}宣传力度",
        "围绕{x}加强与群众的互动交流",
        "做好{x}的舆情回应",
        "广泛征求社会公众对{x}的意见",
        "及时回应群众对{x}的关切",
    ],
    "oversight": [
        "建立健全{x}工作机制",
        "将{x}纳入年度绩效考核",
        "加强对{x}的督促检查",
        "压实{x}工作责任",
        "完善{x}相关制度",
        "强化对{x}的监督考核",
        "抓好{x}整改落实",
        "定期开展{x}巡查并及时通报结果",
        "对{x}抓落实、促整改",
        "增强做好{x}的责任意识和自觉性",
    ],
    "information_management": [
        "做好{x}的保密审查",
        "建立{x}台账并实行动态管理",
        "加强{x}源头管理",
        "做好{x}的梳理和归档",
        "严格{x}的发布审核",
        "及时登记{x}台帐",
        "健全{x}的报送和审核流程",
    ],
}

#: short problem phrases, two of them joined by 、 give a two-theme statement
SHORT_PROBLEM: dict[str, list[str]] = {
    "timeliness": ["更新不及时", "发布滞后", "时效性不强"],
    "coverage": ["内容不全面", "公开范围较窄", "深度不够"],
    "policy_interpretation": ["解读不深入", "解读形式单一"],
    "standardization": ["格式不规范", "标准不统一", "程序不规范"],
    "application_handling": ["依申请答复质量不高", "申请办理流程不畅"],
    "platform": ["渠道单一", "载体不够丰富", "网站栏目设置不合理"],
    "staff_capacity": ["人员力量不足", "业务不够熟练"],
    "public_engagement": ["互动交流不够", "社会知晓度不高", "回应关切不及时"],
    "oversight": ["考核不够严格", "责任落实不到位", "重视程度不够"],
    "information_management": ["发布审核不严", "台账管理不全", "保密审查不细"],
}
SUBJECTS = ["部分单位信息公开", "个别部门政务公开", "乡镇政务公开", "信息公开工作", "政府信息公开"]

#: predicates that carry no theme
#: statements with no theme: lead-ins, summaries and gaps named without a subject
NO_THEME = [
    "同新时代政务公开要求和人民群众期待比较，仍有不小差距",
    "对照新形势新要求，工作中还存在一些不足",
    "取得了一定成效",
    "主要表现在以下几个方面：",
    "下一步，我们将重点做好以下工作：",
    "离群众的期盼还有差距",
    "针对上述问题，我单位将认真加以整改",
    "总体来看，工作推进平稳有序",
    "存在的问题主要有：",
    "以人民为中心，切实维护群众利益",
]
NEUTRAL_PROBLEM = [
    "{x}还有待加强",
    "{x}仍有差距",
    "{x}还存在薄弱环节",
    "{x}有待进一步提升",
    "{x}做得还不够",
    "{x}与上级要求相比仍有不足",
]
NEUTRAL_IMPROVEMENT = [
    "进一步加强{x}",
    "持续抓好{x}",
    "着力做好{x}",
    "切实提升{x}水平",
    "扎实推进{x}",
    "不断深化{x}",
    "全面做好{x}",
]

#: purpose tails that name the public but carry no theme
TAILS = [
    "，方便群众查询",
    "，切实保障群众的知情权",
    "，更好地服务企业和群众",
    "，满足群众获取信息的需求",
    "，提升政府公信力",
    "，推动工作提质增效",
]

PREFIX_PROBLEM = ["", "", "", "一是", "二是", "三是", "（一）", "2.", "部分单位", "个别部门", "基层"]
PREFIX_IMPROVEMENT = ["", "", "一是", "二是", "三是", "（二）", "3、", "下一步，", "同时，", "将"]
ENDS = ["。", "；", "，", "。", ""]


def compose(rng: np.random.Generator, n: int) -> list[dict]:
    """``n`` composed statements (before deduplication): predicate theme × object theme or neutral."""
    themes = list(OBJECTS)
    out = [
        {"text": t + end, "label": "other", "themes": [], "shape": "leadin"}
        for t in NO_THEME
        for end in ("。", "，", "")
        if not t.endswith("：") or not end
    ]
    for _ in range(n):
        problem = rng.random() < 0.5
        preds = PROBLEM if problem else IMPROVEMENT
        kind = rng.random()
        if problem and kind < 0.1:  # two short problem phrases joined by 、
            a, b = rng.choice(themes, 2, replace=False)
            subject = str(rng.choice(SUBJECTS))
            pred = subject + str(rng.choice(SHORT_PROBLEM[a])) + "、" + str(rng.choice(SHORT_PROBLEM[b]))
            obj, labels = "", [str(a), str(b)]
        elif kind < 0.45:  # two themes: theme predicate on another theme's object
            a, b = rng.choice(themes, 2, replace=False)
            pred, obj, labels = rng.choice(preds[a]), rng.choice(OBJECTS[b]), [str(a), str(b)]
        elif kind < 0.7:  # predicate theme only
            a = rng.choice(themes)
            pred, obj, labels = rng.choice(preds[a]), rng.choice(NEUTRAL), [str(a)]
        else:  # object theme only
            b = rng.choice(themes)
            pred = rng.choice(NEUTRAL_PROBLEM if problem else NEUTRAL_IMPROVEMENT)
            obj, labels = rng.choice(OBJECTS[b]), [str(b)]
        text = str(pred).format(x=obj)
        prefix = str(rng.choice(PREFIX_PROBLEM if problem else PREFIX_IMPROVEMENT))
        if prefix == "将" and not text.startswith(("进一步", "持续", "着力", "切实", "扎实", "不断", "全面")):
            prefix = ""
        tail = str(rng.choice(TAILS)) if (not problem and rng.random() < 0.2) else ""
        text = prefix + text + tail + str(rng.choice(ENDS))
        out.append(
            {
                "text": text,
                "label": "problem" if problem else "improvement",
                "themes": sorted(set(labels), key=themes.index),
                "shape": "enumerated" if prefix[:1] in "一二三（23" and prefix else "sentence",
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="statements to compose (before deduplication)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    rows = compose(np.random.default_rng(20240610), args.n)
    seen: set[str] = set()
    kept = [r for r in rows if not (r["text"] in seen or seen.add(r["text"]))]
    with open(args.out, "w", encoding="utf-8") as fh:
        for r in kept:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(kept)} statements -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
