"""End to end on every real report (agency PDFs, rendered PDFs, texts): parts, clean part 五, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nlp_reports.ingest.normalize import normalize_text

FURNITURE = [
    re.compile(r"-\s*\d+\s*-"),  # "- 3 -"
    re.compile(r"(?<!\d)\d{1,2}\s*/\s*\d{1,2}(?!\d)"),  # "2/5"
    re.compile(r"第\s*\d+\s*页"),
    re.compile(r"https?://"),
    re.compile(r"\d{1,2}/\d{1,2}/\d{2},\s*\d{1,2}:\d{2}\s*[AP]M"),  # browser print date
]


@pytest.fixture(scope="module")
def gold(gold_statements):
    out: dict[str, list[str]] = {}
    for r in gold_statements:
        out.setdefault(r["doc"], [])
        if not r.get("none"):
            out[r["doc"]].append(normalize_text(r["text"]))
    return out


def _key(rep) -> str:
    return Path(rep.meta.source).name.split(".")[0]


def test_every_real_report_is_read(real_corpus):
    assert not real_corpus.errors, real_corpus.errors_frame()
    assert len(real_corpus) == 2 + 12 + 19


def test_part_five_found_and_clean(real_corpus, gold):
    for rep in real_corpus:
        doc = _key(rep)
        statements = gold.get(doc)
        assert statements is not None, doc
        sec = rep.section("problems")
        if not statements:
            continue
        assert sec.found and sec.text, (rep.meta.source, "part 五 not found")
        flat = re.sub(r"\s+", "", sec.text)
        missing = [s for s in statements if re.sub(r"\s+", "", s) not in flat]
        assert not missing, (rep.meta.source, missing[:2])
        for rx in FURNITURE:
            assert not rx.search(sec.text), (rep.meta.source, rx.pattern, rx.search(sec.text).group(0))
        # no line-break artefacts: a line never starts with closing punctuation
        assert not re.search(r"\n[，。；：、）]", sec.text), rep.meta.source


def test_six_parts_of_template_reports(real_corpus):
    for rep in real_corpus:
        if rep.meta.year is not None and rep.meta.year >= 2019:
            missing = [
                k
                for k in ("overview", "proactive", "applications", "review_litigation", "problems")
                if not rep.section(k).found
            ]
            assert not missing, (rep.meta.source, missing)


def test_metadata_of_every_real_report(real_corpus, real_corpus_dir):
    manifest = {}
    for line in (real_corpus_dir / "MANIFEST.tsv").read_text("utf-8").splitlines()[1:]:
        cols = line.split("\t")
        manifest[cols[0]] = (cols[1], int(cols[2]))
    for rep in real_corpus:
        agency, year = manifest[_key(rep)]
        assert rep.meta.year == year, (rep.meta.source, rep.meta.year)
        assert rep.meta.agency and (rep.meta.agency in agency or agency.split(" ")[0] in rep.meta.agency), (
            rep.meta.source,
            rep.meta.agency,
            agency,
        )
        assert rep.meta.level in {"province", "city", "county", "township", "department"}, rep.meta.source
