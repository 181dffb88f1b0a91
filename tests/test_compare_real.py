"""Comparisons on the real corpus, end to end from the files (read -> statements -> compare)."""

from __future__ import annotations

import pytest

import nlp_reports as nr


@pytest.fixture(scope="module")
def text_statements(real_corpus_dir):
    corpus = nr.read_corpus(real_corpus_dir / "text", progress=False)
    return corpus, corpus.statements_frame()


def test_pingtan_reports_are_one_agency(text_statements):
    corpus, _ = text_statements
    dv = corpus.docvars
    pingtan = dv[dv.doc_id.str.startswith("pingtan")]
    assert pingtan["agency"].nunique() > 1  # the agency signs with different office names …
    assert pingtan["agency_key"].nunique() == 1  # … but is one reporting entity
    assert set(pingtan["agency_id"]) == {"350128:government"}  # 平潭综合实验区 governs 平潭县 (GB/T 2260 350128)
    assert set(pingtan["year"]) >= set(range(2011, 2020)) | {2021, 2023, 2025}


def test_boilerplate_finds_pingtan_2011_to_2013(text_statements):
    _, st = text_statements
    bp = nr.compare.boilerplate(st, min_agencies=2)
    same = bp[bp.kind == "same_agency"]
    spanning = same[same["years"].map(lambda ys: {2011, 2012, 2013} <= set(ys))]
    assert len(spanning) >= 3, bp[["kind", "years", "representative"]]
    # year-over-year repetition of one agency is not reported as copying between agencies
    assert not any({2011, 2012, 2013} <= set(ys) for ys in bp[bp.kind == "cross_agency"]["years"])


def test_follow_through_links_pingtan_commitments_to_next_year_problems(text_statements):
    _, st = text_statements
    ft = nr.compare.follow_through(st)
    pingtan = ft[ft.agency.str.contains("平潭")]
    assert set(pingtan.agency_id) == {"350128:government"}
    assert set(pingtan.year) >= {2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018}
    assert (pingtan.next_year == pingtan.year + 1).all()
    linked = pingtan[pingtan.recurs]
    assert len(linked) >= 1
    assert (linked.similarity >= 0.3).all()
    # 2012 and 2013 print the same measures: carried over verbatim
    assert pingtan[(pingtan.year == 2012) & pingtan.verbatim].shape[0] >= 3


def test_duplicate_names_get_distinct_doc_ids(real_corpus_dir):
    corpus = nr.read_corpus(
        [real_corpus_dir / "text" / "pingtan_syq_2016.txt", real_corpus_dir / "rendered" / "pingtan_syq_2016.word.pdf"],
        progress=False,
    )
    ids = list(corpus.docvars.doc_id)
    assert len(set(ids)) == 2 and ids[0] == "pingtan_syq_2016"
    assert any(w.code == "duplicate_doc_id" for w in corpus.reports[1].warnings)
