#!/usr/bin/env python
"""Measure ``extract_commitments`` against a commitment gold (main action, object, time frame, target).

Usage::

    python scripts/eval_commitments.py [CORPUS_DIR] [--dev | --heldout] [-v]

Two gold sets, both annotated by the rules of ``docs/COMMITMENTS_GUIDELINES.md``:

* the real gold: ``tests/data/commitments_gold.jsonl`` holds, for every improvement statement of
  ``CORPUS_DIR/gold/statements.jsonl``, the report id, the statement index, a hash of the statement
  text and character offsets (start, end) of the parts into that text -- never the text itself (the
  reports are not ours to copy); the text is read from CORPUS_DIR at run time.  It is for measuring
  only: no rule was written by looking at where the extractor fails on it.
* ``--dev``: ``tests/data/commitments_dev.jsonl``, sentences written for this project, annotated
  with strings; the rules were tuned on this set.
* ``--heldout``: ``tests/data/commitments_heldout.jsonl``, a second batch of written sentences,
  annotated before the extractor was run on them and not used to tune it.

Figures: main action accuracy (the predicted action is the head verb or the whole verb
coordination of the gold), object character F1 (bag-of-characters overlap of predicted and gold
object, SQuAD style, averaged over statements; both empty = 1), time frame and target precision /
recall (a prediction is right when it and the gold overlap as strings: one contains the other).
CORPUS_DIR defaults to $NLP_REPORTS_REAL_CORPUS or ../shared/corpora/real.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nlp_reports.nlp.commitments import extract_commitments  # noqa: E402

GOLD = ROOT / "tests" / "data" / "commitments_gold.jsonl"
DEV = ROOT / "tests" / "data" / "commitments_dev.jsonl"
HELDOUT = ROOT / "tests" / "data" / "commitments_heldout.jsonl"
PARTS = ("action", "action_group", "object", "time_frame", "target")


@dataclass
class Case:
    id: str
    text: str
    year: int | None  # the report year (dates up to it are past, not a time frame)
    action: str | None
    action_group: str | None
    object: str | None
    time_frame: str | None
    target: str | None


def default_real() -> Path:
    env = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpora" / "real"


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_real_cases(real: Path, gold: Path = GOLD) -> list[Case]:
    """The real gold: offsets from ``gold`` applied to the statement texts of ``real``."""
    texts: dict[tuple[str, int], str] = {}
    with open(real / "gold" / "statements.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if "text" in r:
                texts[(r["doc"], int(r["i"]))] = r["text"]
    cases = []
    with open(gold, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            g = json.loads(line)
            key = (g["doc"], int(g["i"]))
            if key not in texts:
                raise SystemExit(f"{gold}: {key} is not a statement of {real}/gold/statements.jsonl")
            t = texts[key]
            if text_hash(t) != g["sha1"]:
                raise SystemExit(f"{gold}: the text of {key} changed (hash); re-annotate it")
            span = {k: (t[g[k][0] : g[k][1]] if g.get(k) else None) for k in PARTS}
            m = re.search(r"_(\d{4})$", g["doc"])  # the real corpus names files <agency>_<year>
            cases.append(Case(f"{g['doc']}/{g['i']}", t, int(m.group(1)) if m else None, **span))
    return cases


def load_dev_cases(path: Path = DEV) -> list[Case]:
    cases = []
    with open(path, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if line.strip():
                r = json.loads(line)
                cases.append(Case(f"dev/{k}", r["text"], r.get("year"), *(r.get(p) for p in PARTS)))
    return cases


def char_f1(pred: str | None, gold: str | None) -> float:
    """Bag-of-characters F1 of two strings; 1 when both are empty, 0 when one is."""
    if not pred and not gold:
        return 1.0
    if not pred or not gold:
        return 0.0
    common = sum((Counter(pred) & Counter(gold)).values())
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(gold)
    return 2 * p * r / (p + r)


def _overlaps(pred: str | None, gold: str | None) -> bool:
    return bool(pred and gold and (pred in gold or gold in pred))


def _none(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def evaluate(cases: list[Case], tokenizer: Any = None) -> dict[str, Any]:
    """Figures of ``extract_commitments`` on ``cases`` and one row per case (for -v)."""
    cm = extract_commitments(
        [c.text for c in cases], labels=["improvement"] * len(cases), year=[c.year for c in cases], tokenizer=tokenizer
    )
    rows = []
    for c, (_, p) in zip(cases, cm.iterrows()):
        act = _none(p["action"])
        rows.append(
            {
                "id": c.id,
                "action_ok": act is not None and act in {c.action, c.action_group},
                "object_f1": char_f1(_none(p["object"]), c.object),
                "pred": (act, _none(p["object"]), _none(p["time_frame"]), _none(p["target"])),
                "gold": (c.action, c.object, c.time_frame, c.target),
                "tf": (_none(p["time_frame"]), c.time_frame),
                "target": (_none(p["target"]), c.target),
            }
        )
    out: dict[str, Any] = {"n": len(rows), "rows": rows}
    out["action_accuracy"] = sum(r["action_ok"] for r in rows) / max(1, len(rows))
    out["object_char_f1"] = sum(r["object_f1"] for r in rows) / max(1, len(rows))
    for name in ("tf", "target"):
        n_pred = sum(r[name][0] is not None for r in rows)
        n_gold = sum(r[name][1] is not None for r in rows)
        ok = sum(_overlaps(*r[name]) for r in rows)
        key = "time_frame" if name == "tf" else "target"
        out[f"{key}_precision"] = ok / n_pred if n_pred else float("nan")
        out[f"{key}_recall"] = ok / n_gold if n_gold else float("nan")
        out[f"{key}_support"] = n_gold
    return out


def format_result(name: str, res: dict[str, Any]) -> str:
    return (
        f"   {name}: {res['n']} statements  action accuracy {res['action_accuracy']:.3f}  "
        f"object char-F1 {res['object_char_f1']:.3f}  time frame P {res['time_frame_precision']:.3f} "
        f"R {res['time_frame_recall']:.3f} (n={res['time_frame_support']})  target P {res['target_precision']:.3f} "
        f"R {res['target_recall']:.3f} (n={res['target_support']})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=None)
    ap.add_argument("--dev", action="store_true", help="measure on the written dev set instead of the real gold")
    ap.add_argument(
        "--heldout", action="store_true", help="measure on the written held-out set instead of the real gold"
    )
    ap.add_argument("-v", action="store_true", help="print every statement that is not fully right")
    args = ap.parse_args(argv)
    if args.dev or args.heldout:
        cases = load_dev_cases(DEV if args.dev else HELDOUT)
    else:
        real = Path(args.corpus) if args.corpus else default_real()
        if not (real / "gold" / "statements.jsonl").exists():
            print(
                f"no gold at {real}/gold/statements.jsonl; pass CORPUS_DIR or set NLP_REPORTS_REAL_CORPUS",
                file=sys.stderr,
            )
            return 2
        cases = load_real_cases(real)
    res = evaluate(cases)
    print(format_result("dev set" if args.dev else "held-out set" if args.heldout else "real gold", res))
    if args.v:
        for r in res["rows"]:
            if (
                not r["action_ok"]
                or r["object_f1"] < 1
                or not (r["tf"][0] == r["tf"][1] or _overlaps(*r["tf"]))
                or (r["target"][0] != r["target"][1] and not _overlaps(*r["target"]))
            ):
                print(f"{r['id']:<28} pred {r['pred']}\n{'':<28} gold {r['gold']}  objF1 {r['object_f1']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
