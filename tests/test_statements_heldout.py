"""Held-out check of the part-五 statement splitter, plus property tests.

``tests/data/statements_heldout.jsonl`` holds invented part-五 texts (township to province,
2010-2025 styles) whose statements were written by hand from GUIDELINES.md *before* the splitter
was run on them; the ids starting with ``b2_`` were written after a first round of fixes, as a
second unseen batch.  Boundary F1 is measured with the functions of ``scripts/eval_boundaries.py``
(a start within 2 characters on whitespace-free text counts).

The property tests perturb those texts (statement order shuffled inside each section, random
spaces and line breaks added) and check that concatenating the statements gives the text minus
its sub-headings and whitespace, and that the offsets index the input.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from nlp_reports.nlp.statements import split_statements, split_statements_spans

DATA = Path(__file__).resolve().parent / "data" / "statements_heldout.jsonl"


def _nows(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _records() -> list[dict]:
    with open(DATA, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _eval_module():
    from conftest import load_script

    return load_script("eval_boundaries")


def _sections(rec: dict) -> list[tuple[str, list[str]]]:
    """Align the expected statements on the text: [(heading before them or '', statements)].

    What the statements do not cover in the whitespace-free text are the dropped sub-headings.
    """
    flat = _nows(rec["text"])
    out: list[tuple[str, list[str]]] = [("", [])]
    at = 0
    for st in rec["statements"]:
        k = flat.find(st, at)
        assert k >= 0, (rec["id"], st)
        if k > at:
            out.append((flat[at:k], []))
        out[-1][1].append(st)
        at = k + len(st)
    if at < len(flat):
        out.append((flat[at:], []))
    return out


def test_heldout_data_is_consistent():
    recs = _records()
    assert len(recs) >= 25
    assert len({r["id"] for r in recs}) == len(recs)
    for rec in recs:
        assert 80 <= len(rec["text"]) <= 600, rec["id"]
        heads = [h for h, _ in _sections(rec) if h]
        # every uncovered stretch is a sub-heading line of the text, never statement material
        for h in heads:
            assert len(h) <= 12 and re.search(r"问题|不足|措施|改进", h), (rec["id"], h)
        assert "".join(rec["statements"]) + "".join(heads) != ""


def test_heldout_boundary_f1():
    mod = _eval_module()
    cases = [mod.Case(r["id"], r["text"], r["statements"]) for r in _records()]
    res = mod.evaluate(cases)
    assert res["f1"] >= 0.90, res
    # no single document may collapse: every one keeps most of its boundaries
    assert all(row["f1"] >= 0.6 for row in res["docs"]), [row for row in res["docs"] if row["f1"] < 0.6]


@pytest.mark.parametrize(
    "rec_id",
    ["county_scjg_2023", "bureau_2018_summary", "township_paragraph", "city_dept_inline_measures"],
)
def test_heldout_exact_statements(rec_id):
    rec = next(r for r in _records() if r["id"] == rec_id)
    assert split_statements(rec["text"]) == rec["statements"]


def test_leadin_word_after_comma_goes_with_first_item():
    got = split_statements("本年度工作仍有不足，主要是：栏目更新不够及时、解读形式较为单一。")
    assert got == ["本年度工作仍有不足，", "主要是：栏目更新不够及时、", "解读形式较为单一。"]


def test_measure_after_problem_inside_item_when_series_goes_on():
    text = "一是网页栏目维护不及时。下一步将明确维护责任人，每周巡检一次。\n二是公开目录有待更新。"
    assert split_statements(text) == [
        "一是网页栏目维护不及时。",
        "下一步将明确维护责任人，每周巡检一次。",
        "二是公开目录有待更新。",
    ]


def test_prepositional_frame_after_modal_attaches():
    got = split_statements("下一步，我镇将围绕民生重点工作，重点公开救助资金发放信息，同时用好村务公开栏。")
    assert got == ["下一步，我镇将围绕民生重点工作，重点公开救助资金发放信息，", "同时用好村务公开栏。"]


def _perturb(rec: dict, rng: random.Random) -> tuple[str, str]:
    """A perturbed text of ``rec`` and the whitespace-free text its statements must reproduce."""
    parts: list[str] = []
    expected: list[str] = []
    for head, stmts in _sections(rec):
        if head:
            parts.append("\n" + head + "\n")
        stmts = list(stmts)
        rng.shuffle(stmts)
        for st in stmts:
            parts.append(_wrap(st, rng) + rng.choice(["", "", " ", "\n", "\n\n", "  \n", "\u3000"]))
            expected.append(st)
    return "".join(parts), "".join(expected)


def _wrap(st: str, rng: random.Random) -> str:
    """Insert soft line breaks / spaces between two CJK characters (as PDF line wraps do)."""
    chars = list(st)
    out = [chars[0]]
    for a, b in zip(chars, chars[1:]):
        if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" and rng.random() < 0.04:
            out.append(rng.choice(["\n", " ", "\n  "]))
        out.append(b)
    return "".join(out)


def test_property_concatenation_and_offsets_on_perturbed_texts():
    rng = random.Random(20240517)
    recs = _records()
    for trial in range(300):
        rec = rng.choice(recs)
        text, expected = _perturb(rec, rng)
        spans = split_statements_spans(text)
        assert "".join(s.text for s in spans) == expected, (trial, rec["id"], text)
        for s in spans:
            assert 0 <= s.start < s.end <= len(text)
            assert _nows(text[s.start : s.end]) == s.text
            assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_property_whole_texts_with_random_whitespace():
    """Line breaks and spaces anywhere between CJK characters never lose or duplicate text."""
    rng = random.Random(7)
    for rec in _records():
        for _ in range(5):
            text = _wrap(rec["text"], rng)
            spans = split_statements_spans(text)
            joined = "".join(s.text for s in spans)
            flat = _nows(text)
            # only dropped sub-headings may be missing, and the rest keeps its order
            assert len(joined) <= len(flat)
            it = iter(flat)
            assert all(ch in it for ch in joined), rec["id"]
            for s in spans:
                assert _nows(text[s.start : s.end]) == s.text
