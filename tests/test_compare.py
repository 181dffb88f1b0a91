"""Tests of nlp_reports.compare on small invented frames with known answers."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from nlp_reports import compare
from nlp_reports.compare.boilerplate import normalize_statement
from nlp_reports.compare.follow_through import COLUMNS as FOLLOW_THROUGH_COLUMNS
from nlp_reports.compare.keyness import COLUMNS as KEYNESS_COLUMNS
from nlp_reports.compare.quality import COLUMNS as QUALITY_COLUMNS
from nlp_reports.errors import NlpReportsError
from nlp_reports.model import Report, ReportMeta, ReportWarning, Section


def spaces(text: str) -> list[str]:
    """Whitespace tokenizer: the test texts are pre-segmented."""
    return text.split()


def bigrams(text: str) -> list[str]:
    s = re.sub(r"\W", "", text)
    return [s[i : i + 2] for i in range(len(s) - 1)]


def st_row(doc_id, agency, year, sid, text, label="other", themes=(), level="county"):
    return {
        "doc_id": doc_id,
        "agency": agency,
        "year": year,
        "level": level,
        "region": "某省",
        "statement_id": sid,
        "text": text,
        "label": label,
        "themes": list(themes),
    }


# --------------------------------------------------------------------------- theme_profile


def test_theme_profile_counts_and_shares():
    st = pd.DataFrame(
        [
            st_row("a22", "甲县", 2022, 0, "网站栏目更新慢", "problem", ["platform"]),
            st_row("a22", "甲县", 2022, 1, "网站与新媒体发布不及时", "problem", ["platform", "timeliness"]),
            st_row("a22", "甲县", 2022, 2, "其他不足", "problem", []),
            st_row("a22", "甲县", 2022, 3, "个别问题", "problem", []),
            st_row("a22", "甲县", 2022, 4, "加强培训", "improvement", ["staff_capacity"]),
            st_row("a22", "甲县", 2022, 5, "取得成效", "other", ["coverage"]),
            st_row("b22", "乙市", 2022, 0, "公开范围不全", "problem", ["coverage"]),
        ]
    )
    prof = compare.theme_profile(st, by="agency")
    assert list(prof.columns) == ["agency", "label", "theme", "n", "share"]
    row = prof[(prof.agency == "甲县") & (prof.label == "problem") & (prof.theme == "platform")].iloc[0]
    assert row.n == 2 and row.share == pytest.approx(2 / 4)
    row = prof[(prof.agency == "甲县") & (prof.theme == "timeliness")].iloc[0]
    assert row.share == pytest.approx(1 / 4)
    assert prof[(prof.agency == "乙市")].share.tolist() == [1.0]
    assert "other" not in set(prof.label)  # labels filter
    raw = compare.theme_profile(st, by=["agency", "year"], normalize=False)
    assert list(raw.columns) == ["agency", "year", "label", "theme", "n", "share"]
    sub = raw[(raw.agency == "甲县") & (raw.label == "problem")]
    assert sub.share.sum() == pytest.approx(1.0)
    assert sub.set_index("theme").share["platform"] == pytest.approx(2 / 3)


def test_theme_profile_missing_column_is_explained():
    with pytest.raises(NlpReportsError, match="themes"):
        compare.theme_profile(pd.DataFrame({"agency": ["甲"], "label": ["problem"]}))


# --------------------------------------------------------------------------- keyness


def sections(rows):
    return pd.DataFrame(
        [
            {"doc_id": d, "agency": a, "year": 2023, "level": lv, "region": "某省", "section": "problems", "text": t}
            for d, a, lv, t in rows
        ]
        + [
            {
                "doc_id": "c1",
                "agency": "丙县",
                "year": 2023,
                "level": "county",
                "region": "某省",
                "section": "overview",
                "text": "概况 概况",
            }
        ]
    )


KEY_ROWS = [
    ("c1", "丙县", "county", "乡镇 公开 乡镇 村务 培训 公开 乡镇"),
    ("c2", "丁县", "county", "村务 乡镇 公开 公开 解读 村务"),
    ("m1", "戊市", "city", "网站 公开 解读 网站 平台 网站 解读"),
    ("m2", "己市", "city", "平台 网站 公开 解读 培训 网站 公开"),
]


def test_keyness_direction_and_statistic_match_chisq():
    k = compare.keyness(sections(KEY_ROWS), by="level", target="county", tokenizer=spaces, min_count=2)
    assert list(k.columns) == KEYNESS_COLUMNS
    assert k.statistic.is_monotonic_decreasing
    assert k.iloc[0].term == "乡镇" and k.iloc[0].direction == "target"
    assert k.iloc[-1].term == "网站" and k.iloc[-1].direction == "reference"
    # the statistic is R's chisq.test(correct=TRUE) on the 2x2 table, signed
    n_t, n_r = 13, 14
    row = k.set_index("term").loc["网站"]
    table = np.array([[0, n_t], [5, n_r - 5]])
    expected = chi2_contingency(table, correction=True)[0]
    assert row.statistic == pytest.approx(-expected)
    assert row.target_count == 0 and row.reference_count == 5
    assert row.effect < 0 and row.p_value == pytest.approx(chi2_contingency(table, correction=True)[1])
    # 概况 is in another section: never counted
    assert "概况" not in set(k.term)


def test_keyness_loglik_and_top_and_errors():
    k = compare.keyness(
        sections(KEY_ROWS),
        by="level",
        target="county",
        measure="loglik",
        tokenizer=spaces,
        min_count=2,
        correction=False,
    )
    row = k.set_index("term").loc["乡镇"]
    g2 = chi2_contingency(np.array([[4, 9], [0, 14]]), correction=False, lambda_="log-likelihood")[0]
    assert row.statistic == pytest.approx(g2)
    williams = compare.keyness(sections(KEY_ROWS), measure="loglik", tokenizer=spaces, min_count=2)
    assert 0 < williams.set_index("term").statistic["乡镇"] < g2  # Williams shrinks G²
    top = compare.keyness(sections(KEY_ROWS), tokenizer=spaces, min_count=2, top=1)
    assert top.term.tolist() == ["乡镇", "网站"]
    with pytest.raises(NlpReportsError, match="values present"):
        compare.keyness(sections(KEY_ROWS), target="township", tokenizer=spaces)
    with pytest.raises(NlpReportsError, match="measure"):
        compare.keyness(sections(KEY_ROWS), measure="pmi", tokenizer=spaces)


def test_keyness_accepts_a_corpus_like_object():
    class FakeCorpus:
        def sections_frame(self):
            return sections(KEY_ROWS)

    k = compare.keyness(FakeCorpus(), by="agency", target=["戊市", "己市"], tokenizer=spaces, min_count=2)
    assert k.iloc[0].term == "网站"


# --------------------------------------------------------------------------- similarity


def test_similarity_square_and_long():
    text = "网站 栏目 更新 滞后 解读 形式 单一"
    sf = sections(
        [
            ("c1", "丙县", "county", text),
            ("c2", "丁县", "county", text),
            ("m1", "戊市", "city", "依申请 答复 文书 格式 不 统一 网站"),
            ("m2", "己市", "city", ""),
        ]
    )
    sim = compare.similarity(sf, tokenizer=spaces)
    assert list(sim.index) == ["c1", "c2", "m1"] and list(sim.columns) == ["c1", "c2", "m1"]
    assert sim.index.name == "doc_id"
    assert sim.loc["c1", "c2"] == pytest.approx(1.0)
    assert 0 < sim.loc["c1", "m1"] < 0.5
    assert np.allclose(sim.to_numpy(), sim.to_numpy().T) and np.allclose(np.diag(sim), 1)
    long = compare.similarity_long(sf, tokenizer=spaces)
    assert len(long) == 3
    first = long.iloc[0]
    assert (first.doc_a, first.doc_b, first.agency_a, first.agency_b, first.year_a) == (
        "c1",
        "c2",
        "丙县",
        "丁县",
        2023,
    )
    assert first.similarity == pytest.approx(1.0)
    assert {"level_a", "region_b"} <= set(long.columns)


# --------------------------------------------------------------------------- boilerplate

SHARED = "政务公开专栏的栏目设置与本单位职能结合不够紧密，群众查找文件仍然费时"
OWN = "部分科室对主动公开目录的认识有偏差，报送公开信息的积极性有待提高"


def boiler_frame():
    rows = [
        st_row("jia_2022", "甲县", 2022, 0, "一是" + SHARED + "。"),
        st_row("yi_2022", "乙县", 2022, 3, "（二）" + SHARED + "；"),
        st_row("jia_2022", "甲县", 2022, 1, "下一步要把乡村振兴项目资金使用明细放到显著位置公布。"),
        st_row("yi_2022", "乙县", 2022, 4, "同时针对企业关心的惠企政策编写问答手册并逐条更新。"),
        st_row("bing_2021", "丙区", 2021, 0, "1." + OWN + "，2021年尤其明显。"),
        st_row("bing_2022", "丙区", 2022, 2, "2、" + OWN + "，2022年尤其明显。"),
        st_row("bing_2023", "丙区", 2023, 1, "三是 " + OWN.replace("，", "、") + "；2023年尤其明显"),
        st_row("bing_2024", "丙区", 2024, 1, "（一）" + OWN.replace("有偏差", "存在偏差") + "，2024年尤其明显。"),
        st_row("bing_2023", "丙区", 2023, 5, "取得了一定成效。"),
        st_row("ding_2023", "丁区", 2023, 0, "取得了一定成效。"),
    ]
    return pd.DataFrame(rows)


def test_normalize_statement_drops_markers_digits_punctuation():
    assert normalize_statement("（三）2023年加强 培训，提升能力。") == "年加强培训提升能力"
    assert normalize_statement("二是加强培训") == normalize_statement("第二，加强培训") == "加强培训"
    assert normalize_statement("一是政策") == "政策"


def test_boilerplate_cross_and_same_agency():
    bp = compare.boilerplate(boiler_frame())
    assert list(bp.columns[:3]) == ["cluster_id", "kind", "n_statements"]
    assert len(bp) == 2  # the short stock phrase and unrelated statements are not clusters
    cross = bp[bp.kind == "cross_agency"].iloc[0]
    assert cross.cluster_id == 0 and cross.n_agencies == 2 and cross.agencies == ["乙县", "甲县"]
    assert sorted(cross.doc_ids) == ["jia_2022", "yi_2022"] and cross.mean_jaccard == pytest.approx(1.0)
    assert SHARED in cross.representative
    same = bp[bp.kind == "same_agency"].iloc[0]
    assert same.n_agencies == 1 and same.years == [2021, 2022, 2023] and same.n_years == 3
    assert same.mean_jaccard == pytest.approx(1.0)  # markers, years, punctuation do not count
    members = compare.boilerplate_members(boiler_frame())
    assert len(members) == 5
    # a reworded 2024 variant (one word changed in a short statement) joins at a looser threshold
    loose = compare.boilerplate(boiler_frame(), threshold=0.7)
    same = loose[loose.kind == "same_agency"].iloc[0]
    assert same.years == [2021, 2022, 2023, 2024] and 0.7 <= same.mean_jaccard < 1.0
    assert set(members[members.cluster_id == same.cluster_id].doc_id) == {"bing_2021", "bing_2022", "bing_2023"}
    # min_agencies filters cross-agency clusters only
    bp3 = compare.boilerplate(boiler_frame(), min_agencies=3)
    assert bp3.kind.tolist() == ["same_agency"]
    # with the short phrase allowed, two agencies share it
    short = compare.boilerplate(boiler_frame(), min_chars=1)
    assert len(short[short.kind == "cross_agency"]) == 2


def test_boilerplate_finds_planted_copies_among_many(tmp_path):
    rng = np.random.default_rng(0)
    chars = list("政府信息公开工作存在问题改进加强规范平台建设网站人员培训解读依申请办理及时准确全面深化完善")
    rows = []
    for i in range(2000):
        text = "".join(rng.choice(chars, size=30))
        rows.append(st_row(f"d{i // 10}", f"机关{i // 10}", 2020 + i % 3, i % 10, text))
    planted = "".join(rng.choice(chars, size=40))
    for k, doc in enumerate(["d3", "d77", "d150"]):
        rows.append(st_row(doc, f"机关{doc[1:]}", 2021, 99, f"{k + 1}." + planted + "。"))
    bp = compare.boilerplate(pd.DataFrame(rows))
    assert len(bp) == 1
    assert bp.iloc[0].n_agencies == 3 and bp.iloc[0].kind == "cross_agency"


def test_boilerplate_agency_key_column():
    st = boiler_frame()
    st.loc[st.doc_id == "bing_2022", "agency"] = "丙区办公室"  # one agency, two spellings
    assert "cross_agency" in set(compare.boilerplate(st, min_agencies=2).kind)
    keyed = compare.boilerplate(st.assign(key=st.agency.str[:2]), agency_col="key")
    assert keyed[keyed.n_years == 3].kind.tolist() == ["same_agency"]
    with pytest.raises(NlpReportsError, match="agency_col"):
        compare.boilerplate(st, agency_col="nope")


def test_boilerplate_empty_and_bad_args():
    assert compare.boilerplate(boiler_frame().iloc[:0]).empty
    with pytest.raises(NlpReportsError, match="threshold"):
        compare.boilerplate(boiler_frame(), threshold=1.5)


REAL = os.environ.get("NLP_REPORTS_REAL_CORPUS")


def _problems_part(text: str) -> str:
    """Crude: the text after the last heading naming 存在的主要问题, up to a date line or an appended table."""
    starts = [m.end() for m in re.finditer(r"存在的主要问题[^。]{0,12}?(?:情况|措施)", text)]
    body = text[starts[-1] :]
    stop = re.search(r"二[○〇零]\S{2,3}年|附件|统计表", body)
    return body[: stop.start()] if stop else body


@pytest.mark.real
def test_boilerplate_real_pingtan_problem_parts_reused():
    if not REAL:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    rows = []
    for year in (2011, 2012, 2013):
        doc = f"pingtan_syq_{year}"
        text = (Path(REAL) / "text" / f"{doc}.txt").read_text(encoding="utf-8")
        part = _problems_part(text)
        assert len(part) > 200, f"problems part of {doc} not found"
        for i, s in enumerate(x for x in re.split(r"(?<=[。；：])\s*", part) if x.strip()):
            # the MANIFEST spells this agency two ways; the comparison needs one name per agency
            rows.append(st_row(doc, "平潭综合实验区", year, i, s))
    st = pd.DataFrame(rows)
    bp = compare.boilerplate(st)
    full = bp[bp.doc_ids.map(lambda d: {"pingtan_syq_2011", "pingtan_syq_2012", "pingtan_syq_2013"} <= set(d))]
    assert len(full) >= 1, bp[["kind", "n_years", "representative"]]
    assert (full.kind == "same_agency").all() and (full.n_years == 3).all()
    assert not (bp.kind == "cross_agency").any()
    members = compare.boilerplate_members(st)
    assert members.doc_id.nunique() == 3


@pytest.mark.real
def test_boilerplate_real_corpus_pipeline():
    """The same finding through the package's own reader and statement splitter."""
    if not REAL:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    import nlp_reports as nr
    from nlp_reports.nlp.statements import split_statements

    files = [str(Path(REAL) / "text" / f"pingtan_syq_{y}.txt") for y in (2011, 2012, 2013)]
    corpus = nr.read_corpus(files, progress=False)
    sf = corpus.sections_frame()
    sf = sf[sf.section == "problems"]
    assert len(sf) == 3
    rows = [
        {"doc_id": r.doc_id, "agency": r.agency, "year": r.year, "statement_id": i, "text": s}
        for r in sf.itertuples()
        for i, s in enumerate(split_statements(r.text))
    ]
    st = pd.DataFrame(rows)
    st["series"] = st.doc_id.str.rsplit("_", n=1).str[0]  # the corpus spells this agency two ways
    bp = compare.boilerplate(st, agency_col="series")
    assert (bp.kind == "same_agency").all()
    assert (bp.n_years == 3).any()
    assert bp.n_statements.sum() >= 0.3 * len(st)


# --------------------------------------------------------------------------- follow_through


INTERP_PLAN = "二是丰富政策解读形式，推出图表和视频解读，提高解读材料的可读性。"
#: (doc_id, agency, year, statement_id, text, label, themes) of two agencies' statements
FT_ROWS = [
    ("x22", "甲县", 2022, 0, INTERP_PLAN, "improvement", ["policy_interpretation"]),
    ("x22", "甲县", 2022, 1, "三是改版门户网站搜索功能，方便群众查找文件。", "improvement", ["platform"]),
    ("x22", "甲县", 2022, 2, "政策解读形式比较单一。", "problem", ["policy_interpretation"]),
    ("x23", "甲县", 2023, 0, "政策解读形式比较单一，图表和视频解读数量偏少。", "problem", ["policy_interpretation"]),
    ("x23", "甲县", 2023, 1, "依申请公开答复文书的格式还不够统一。", "problem", ["application_handling"]),
    # similar wording but a different theme: not a recurrence of the website commitment
    ("x23", "甲县", 2023, 2, "门户网站搜索功能的群众满意度调查尚未开展。", "problem", ["public_engagement"]),
    # the plan carried over word for word
    ("x23", "甲县", 2023, 3, INTERP_PLAN, "improvement", ["policy_interpretation"]),
    # an agency without consecutive years
    ("z21", "乙县", 2021, 0, "继续加强培训。", "improvement", ["staff_capacity"]),
    ("z23", "乙县", 2023, 0, "培训不足。", "problem", ["staff_capacity"]),
]


def ft_frame():
    return pd.DataFrame([st_row(*row) for row in FT_ROWS])


def test_follow_through_links_recurring_problem():
    ft = compare.follow_through(ft_frame())
    assert list(ft.columns) == FOLLOW_THROUGH_COLUMNS
    assert set(ft.agency) == {"甲县"}  # 乙县 has no consecutive years
    interp = ft[ft.commitment_id == "x22/0"]
    assert len(interp) == 1
    row = interp.iloc[0]
    assert row.recurs and row.problem_id == "x23/0" and row.shared_themes == ["policy_interpretation"]
    assert row.similarity >= 0.3 and row.verbatim and row.year == 2022 and row.next_year == 2023
    web = ft[ft.commitment_id == "x22/1"].iloc[0]
    assert not web.recurs and pd.isna(web.problem_id) and not web.verbatim
    assert web.similarity > 0.1  # similar text exists, but the themes differ
    # without themes the text decides: the website problem is then linked
    no_themes = compare.follow_through(ft_frame().assign(themes=[[] for _ in range(9)]), threshold=0.2)
    assert no_themes[no_themes.commitment_id == "x22/1"].recurs.all()
    summary = compare.follow_through_summary(ft)
    s = summary.set_index("agency").loc["甲县"]
    assert (s.n_commitments, s.n_recurring, s.n_verbatim) == (2, 1, 1)
    assert s.share_recurring == pytest.approx(0.5)


def test_follow_through_with_word_tokenizer_and_empty():
    ft = compare.follow_through(ft_frame(), tokenizer=bigrams)
    assert ft[ft.commitment_id == "x22/0"].recurs.all()
    empty = compare.follow_through(ft_frame()[ft_frame().agency == "乙县"])
    assert empty.empty and "recurs" in empty.columns
    assert compare.follow_through_summary(empty).empty


# --------------------------------------------------------------------------- report_quality


def make_report(doc_id, agency, year, n_found, failed):
    meta = ReportMeta(doc_id=doc_id, agency=agency, year=year, level="county", region="某省")
    keys = ["overview", "proactive", "applications", "review_litigation", "problems", "other"]
    secs = {k: Section(key=k, text="正文", found=i < n_found) for i, k in enumerate(keys)}
    checks = pd.DataFrame(
        {
            "rule": ["r1", "r2"],
            "table": ["t", "t"],
            "where": ["", ""],
            "expected": [1, 2],
            "found": [1, 3],
            "ok": [True, not failed],
        }
    )
    warns = [ReportWarning("missing_section", "缺少部分")] * (6 - n_found)
    return Report(meta=meta, text="报告正文" * 10, sections=secs, checks=checks, warnings=warns)


def test_report_quality():
    class FakeCorpus:
        reports = [make_report("a", "甲县", 2022, 6, False), make_report("b", "乙县", 2022, 4, True)]

        def statements_frame(self):
            return pd.DataFrame(
                [
                    st_row("a", "甲县", 2022, i, "x", lab)
                    for i, lab in enumerate(["problem", "problem", "improvement", "other"])
                ]
            )

        def commitments_frame(self):
            return pd.DataFrame({"doc_id": ["a", "a"], "statement_id": [2, 3], "specificity": [0.2, 0.6]})

    q = compare.report_quality(FakeCorpus())
    assert list(q.columns) == QUALITY_COLUMNS
    a, b = q.iloc[0], q.iloc[1]
    assert (a.n_chars, a.n_problems, a.n_improvements, a.failed_checks, a.sections_found) == (40, 2, 1, 0, 6)
    assert a.mean_specificity == pytest.approx(0.4)
    assert (b.n_problems, b.failed_checks, b.n_warnings, b.sections_found) == (0, 1, 2, 4)
    assert np.isnan(b.mean_specificity)
    only = compare.report_quality(FakeCorpus.reports)
    assert only.n_problems.isna().all() and len(only) == 2
    with pytest.raises(NlpReportsError, match="Corpus"):
        compare.report_quality(object())


def test_default_tokenizer_is_the_package_tokenizer():
    pytest.importorskip("jieba")
    county = "乡镇便民服务站的公开栏更新较慢，村务公开栏内容陈旧。乡镇工作人员对公开栏管理不熟悉。"
    city = "门户网站的搜索功能不够好用，网站专栏信息分散，政务新媒体与网站发布不同步。"
    sf = sections(
        [
            ("c1", "丙县", "county", county),
            ("c2", "丁县", "county", county),
            ("m1", "戊市", "city", city),
            ("m2", "己市", "city", city),
        ]
    )
    k = compare.keyness(sf, by="level", target="county", min_count=2)
    assert k.iloc[0].direction == "target" and "乡镇" in k[k.direction == "target"].term.tolist()
    assert "网站" in k[k.direction == "reference"].term.tolist()
    assert not k.term.str.contains(r"[，。]").any()
    sim = compare.similarity(sf)
    assert sim.loc["c1", "c2"] == pytest.approx(1.0) and sim.loc["c1", "m1"] < 0.3


def test_boilerplate_members_takes_boilerplates_arguments():
    """The two functions describe the same clusters only if their arguments and defaults agree: one
    parameter list, shown in full (help(), Jupyter) and checked on every call."""
    import inspect

    a, b = inspect.signature(compare.boilerplate), inspect.signature(compare.boilerplate_members)
    assert list(a.parameters.values()) == list(b.parameters.values())
    assert all(p.annotation is not p.empty for p in b.parameters.values())
    assert b.parameters["threshold"].default == 0.8 and b.parameters["threshold"].kind is inspect.Parameter.KEYWORD_ONLY
    assert b.return_annotation == "pd.DataFrame"
    st = boiler_frame()
    members = compare.boilerplate_members(st, 2, threshold=0.5, seed=3)
    assert set(members["cluster_id"]) == set(compare.boilerplate(st, 2, threshold=0.5, seed=3)["cluster_id"])
    with pytest.raises(TypeError, match=r"boilerplate_members\(\) got an unexpected keyword argument 'treshold'"):
        compare.boilerplate_members(st, treshold=0.5)
    with pytest.raises(TypeError, match="too many positional arguments"):
        compare.boilerplate_members(st, 2, 0.5)  # threshold is keyword-only, as in boilerplate
