#!/usr/bin/env python
"""Measure statement-boundary F1 of ``split_statements_spans`` against the real gold.

Usage::

    python scripts/eval_boundaries.py [CORPUS_DIR] [--mode text|concat|both] [-v]

CORPUS_DIR defaults to $NLP_REPORTS_REAL_CORPUS or ../shared/corpora/real.

Two kinds of input per gold document:

* ``text``   -- part 五 cut from the real report text (``text/*.txt``, or the PDF read with our
  ingest stage / pdfminer): from the end of the part heading in front of the first gold statement
  to the end of the last gold statement, so sub-headings and line breaks are included as the
  structure stage would give them;
* ``concat`` -- the gold statements joined with nothing in between.

A predicted statement start counts as correct when it lies within 2 characters of a gold start not
yet matched (offsets on the whitespace-free input).  Precision/recall/F1 are micro-averaged.
The gold is used only to measure, never to set rules.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from nlp_reports.nlp.statements import split_statements_spans

TOLERANCE = 2

_PART_HEADING = re.compile(
    r"[一二三四五六七八九十]{1,2}、[^。\n；]{0,24}?(?:问题|措施|打算|计划|改进情况)"
    r"(?:及改进情况|和改进情况|及改进措施|和改进措施|与改进措施|及整改措施|和原因)?"
)


@dataclass
class Case:
    doc: str
    text: str  # the input handed to the splitter
    gold: list[str]  # gold statement texts (whitespace-free)


def _load_gold(corpus: Path) -> dict[str, list[str]]:
    gold: dict[str, list[str]] = {}
    with open(corpus / "gold" / "statements.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("none"):
                continue
            gold.setdefault(rec["doc"], []).append(rec["text"])
    return gold


def _report_text(corpus: Path, doc: str) -> str | None:
    txt = corpus / "text" / f"{doc}.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8")
    pdf = corpus / "pdf" / f"{doc}.pdf"
    if not pdf.exists():
        return None
    try:  # our own ingest stage, when it is there
        from nlp_reports.ingest import load_document  # type: ignore

        return load_document(str(pdf)).text
    except Exception:
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))


def _nows_index(text: str) -> tuple[str, list[int]]:
    """Whitespace-free text and, for each of its chars, the offset in ``text``."""
    chars, pos = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            pos.append(i)
    return "".join(chars), pos


def _cut_part(text: str, gold: list[str]) -> str | None:
    """Part 五 of ``text``: from after the part heading before the first gold statement to the last one's end."""
    flat, pos = _nows_index(text)
    first = re.sub(r"\s+", "", gold[0])
    last = re.sub(r"\s+", "", gold[-1])
    i = flat.find(first)
    if i < 0:
        i = flat.find(first[:12])
    if i < 0:
        return None
    j = flat.find(last, i)
    end_flat = j + len(last) if j >= 0 else -1
    if j < 0:
        k = flat.find(last[-12:], i)
        if k < 0:
            return None
        end_flat = k + 12
    start = pos[i]
    # margin: include sub-headings between the part heading and the first statement
    window_start = max(0, start - 80)
    window = text[window_start:start]
    heads = list(_PART_HEADING.finditer(window))
    if heads:
        start = window_start + heads[-1].end()
    else:
        nl = window.rfind("\n")
        start = window_start + nl + 1 if nl >= 0 else start
    end = pos[end_flat - 1] + 1
    return text[start:end]


def build_cases(corpus: Path, mode: str = "text") -> list[Case]:
    """Inputs and gold statements of every gold document (``mode``: 'text' or 'concat')."""
    gold = _load_gold(corpus)
    cases = []
    for doc, stmts in gold.items():
        if mode == "concat":
            cases.append(Case(doc, "".join(stmts), stmts))
            continue
        full = _report_text(corpus, doc)
        part = _cut_part(full, stmts) if full else None
        if part is None:
            print(f"warning: part 五 of {doc} not found in its text; using the concatenated gold", file=sys.stderr)
            part = "".join(stmts)
        cases.append(Case(doc, part, stmts))
    return cases


def score_case(case: Case) -> tuple[int, int, int]:
    """(true positives, predicted, gold) boundaries of one document."""
    flat, pos = _nows_index(case.text)
    # whitespace-free offset of each raw offset
    raw2flat = {p: k for k, p in enumerate(pos)}
    gold_starts, at = [], 0
    for g in case.gold:
        g = re.sub(r"\s+", "", g)
        k = flat.find(g, at)
        if k < 0:
            k = flat.find(g[:8], at)
        if k < 0:
            k = at
        gold_starts.append(k)
        at = k + len(g) if k >= at else at
    pred_starts = []
    for span in split_statements_spans(case.text):
        s = span.start
        while s < len(case.text) and case.text[s].isspace():
            s += 1
        pred_starts.append(raw2flat.get(s, len(flat)))
    used = [False] * len(gold_starts)
    tp = 0
    for p in pred_starts:
        best = None
        for gi, g in enumerate(gold_starts):
            if not used[gi] and abs(g - p) <= TOLERANCE and (best is None or abs(g - p) < abs(gold_starts[best] - p)):
                best = gi
        if best is not None:
            used[best] = True
            tp += 1
    return tp, len(pred_starts), len(gold_starts)


def evaluate(cases: list[Case]) -> dict:
    """Micro precision/recall/F1 over ``cases`` and a per-doc table."""
    rows, TP, P, G = [], 0, 0, 0
    for case in cases:
        tp, p, g = score_case(case)
        TP, P, G = TP + tp, P + p, G + g
        f = 2 * tp / (p + g) if p + g else 1.0
        rows.append({"doc": case.doc, "tp": tp, "pred": p, "gold": g, "f1": round(f, 3)})
    prec = TP / P if P else 0.0
    rec = TP / G if G else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "docs": rows}


def _default_corpus() -> Path:
    env = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "real"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=None)
    ap.add_argument("--mode", choices=["text", "concat", "both"], default="both")
    ap.add_argument("-v", "--verbose", action="store_true", help="show predicted vs gold statements of imperfect docs")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus) if args.corpus else _default_corpus()
    if not (corpus / "gold" / "statements.jsonl").exists():
        print(f"no gold under {corpus}; pass the real corpus folder or set NLP_REPORTS_REAL_CORPUS", file=sys.stderr)
        return 2
    modes = ["text", "concat"] if args.mode == "both" else [args.mode]
    for mode in modes:
        cases = build_cases(corpus, mode)
        res = evaluate(cases)
        print(f"== {mode}: P={res['precision']:.3f} R={res['recall']:.3f} F1={res['f1']:.3f}")
        for row, case in zip(res["docs"], cases):
            print(
                f"  {row['doc']:<24} tp={row['tp']:>3} pred={row['pred']:>3} gold={row['gold']:>3} f1={row['f1']:.3f}"
            )
            if args.verbose and row["f1"] < 1:
                for s in split_statements_spans(case.text):
                    print("      P|", s.text)
                for g in case.gold:
                    print("      G|", g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
