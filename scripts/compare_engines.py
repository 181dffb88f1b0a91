"""Compare the two PDF engines (pdfminer, pdfium) report by report: part texts, tables, checks, errors.

    python scripts/compare_engines.py [PDF or folder ...]

Default inputs: every PDF under $NLP_REPORTS_REAL_CORPUS (pdf/, rendered/, bad/) and corpora/sample/pdf.
Per file it prints whether the part texts (after whitespace normalisation, per part), the tables and
the checks are equal, or for an unreadable file whether both engines give the same error reason; each
remaining difference is shown as a short excerpt of both sides with the cause it was classified as.
The last lines give the equality rates over the real PDFs (agency PDFs and rendered ones).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nlp_reports as nr  # noqa: E402
from nlp_reports.errors import InputError  # noqa: E402
from nlp_reports.structure.template import tables_as_lists  # noqa: E402

_WS = re.compile(r"\s+")


def default_inputs() -> list[Path]:
    """Real PDFs (when $NLP_REPORTS_REAL_CORPUS is set) and the bundled sample PDFs."""
    out: list[Path] = []
    real = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if real:
        for sub in ("pdf", "rendered", "bad"):
            out.extend(sorted((Path(real) / sub).glob("*.pdf")))
    out.extend(sorted((ROOT / "corpora" / "sample" / "pdf").rglob("*.pdf")))
    return out


def norm(text: str) -> str:
    """Whitespace removed: the engines may differ in where a line breaks, never in the characters."""
    return _WS.sub("", text or "")


def read(path: Path, engine: str) -> tuple[Any, str | None, float]:
    """(report or None, error reason or None, seconds) of one engine."""
    t0 = time.perf_counter()
    try:
        rep = nr.read_report(path, engine=engine, timeout=None, max_memory=None, ocr="never")
        return rep, None, time.perf_counter() - t0
    except InputError as exc:
        return None, exc.reason, time.perf_counter() - t0


def classify(a: str, b: str) -> str:
    """The kind of a text difference, from the characters on each side."""
    if sorted(a) == sorted(b):
        return "same characters, different order (line or column order)"
    ca, cb = Counter(a), Counter(b)
    only_a, only_b = ca - cb, cb - ca
    sym = "".join(sorted(set(only_a) | set(only_b)))
    if not only_b:
        return f"characters only in pdfminer: {''.join(sorted(only_a.elements()))[:30]!r}"
    if not only_a:
        return f"characters only in pdfium: {''.join(sorted(only_b.elements()))[:30]!r}"
    if sum(only_a.values()) == sum(only_b.values()):
        return f"characters mapped differently (glyph -> Unicode): {sym[:30]!r}"
    return (
        f"characters differ: pdfminer +{''.join(only_a.elements())[:20]!r}, pdfium +{''.join(only_b.elements())[:20]!r}"
    )


def excerpt(a: str, b: str, width: int = 30) -> str:
    """The first differing stretch of ``a`` and ``b`` with a little context."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            return (
                f"pdfminer …{a[max(0, i1 - width) : i2 + width]}…\n"
                f"      pdfium   …{b[max(0, j1 - width) : j2 + width]}…  [{classify(a[i1:i2], b[j1:j2])}]"
            )
    return ""


def compare(path: Path) -> dict[str, Any]:
    """One file's comparison: equality flags, explanations, timings."""
    ra, ea, ta = read(path, "pdfminer")
    rb, eb, tb = read(path, "pdfium")
    out: dict[str, Any] = {"file": str(path), "t_pdfminer": ta, "t_pdfium": tb, "notes": []}
    if ra is None or rb is None:
        out["error"] = (ea, eb)
        out["parts"] = out["tables"] = out["checks"] = ea == eb
        if ea != eb:
            out["notes"].append(f"error reasons differ: pdfminer {ea}, pdfium {eb}")
        return out
    parts_equal = True
    for key in nr.SECTION_KEYS:
        sa, sb = ra.sections.get(key), rb.sections.get(key)
        a, b = norm(sa.text if sa else ""), norm(sb.text if sb else "")
        if a != b:
            parts_equal = False
            out["notes"].append(f"part {key}: {excerpt(a, b)}")
    out["parts"] = parts_equal
    ta_, tb_ = tables_as_lists(ra.tables), tables_as_lists(rb.tables)
    out["tables"] = ta_ == tb_
    if not out["tables"]:
        for name in sorted(set(ta_) | set(tb_)):
            if ta_.get(name) != tb_.get(name):
                out["notes"].append(
                    f"table {name}: pdfminer {str(ta_.get(name))[:120]} | pdfium {str(tb_.get(name))[:120]}"
                )
    ca, cb = ra.checks.reset_index(drop=True), rb.checks.reset_index(drop=True)
    out["checks"] = ca.astype(str).equals(cb.astype(str))
    if not out["checks"]:
        out["notes"].append(f"checks: pdfminer failed {int((~ca['ok']).sum())}, pdfium failed {int((~cb['ok']).sum())}")
    meta_a = (ra.meta.agency, ra.meta.year, ra.meta.title)
    meta_b = (rb.meta.agency, rb.meta.year, rb.meta.title)
    if meta_a != meta_b:
        out["notes"].append(f"meta: pdfminer {meta_a} | pdfium {meta_b}")
    wa, wb = sorted(w.code for w in ra.warnings), sorted(w.code for w in rb.warnings)
    if wa != wb:
        out["notes"].append(f"warnings: pdfminer {wa} | pdfium {wb}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="*", help="PDFs or folders (default: the real corpus and the sample PDFs)")
    args = ap.parse_args(argv)
    paths: list[Path] = []
    for a in args.inputs:
        p = Path(a)
        paths.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    paths = paths or default_inputs()
    if not paths:
        print("no PDFs: set NLP_REPORTS_REAL_CORPUS or pass PDFs", file=sys.stderr)
        return 2
    real_root = os.environ.get("NLP_REPORTS_REAL_CORPUS") or "\0"
    rows = []
    for p in paths:
        r = compare(p)
        rows.append(r)
        flags = " ".join(f"{k}={'=' if r[k] else 'DIFF'}" for k in ("parts", "tables", "checks"))
        err = f" error={r['error'][0]}/{r['error'][1]}" if "error" in r else ""
        print(f"{p.name:45s} {flags}{err}  pdfminer {r['t_pdfminer']:.2f}s pdfium {r['t_pdfium']:.2f}s")
        for note in r["notes"]:
            print(f"    - {note}")
    real = [r for r in rows if r["file"].startswith(real_root) and "/bad/" not in r["file"]]
    for label, group in (("real PDFs", real), ("all files", rows)):
        if not group:
            continue
        n = len(group)
        rates = {k: sum(r[k] for r in group) / n for k in ("parts", "tables", "checks")}
        ta = sum(r["t_pdfminer"] for r in group)
        tb = sum(r["t_pdfium"] for r in group)
        print(
            f"{label}: {n} files; part texts equal {rates['parts']:.0%}, tables equal {rates['tables']:.0%}, "
            f"checks equal {rates['checks']:.0%}; read time pdfminer {ta:.1f}s, pdfium {tb:.1f}s ({ta / max(tb, 1e-9):.1f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
