"""Cost of agency identity (gazetteer load, division, type, agency_id) per report.

    .venv/bin/python benchmarks/bench_identity.py [REAL_CORPUS_DIR]

Reads the texts of the real corpus once (``text/``), then times :func:`assign_identity` on each:
with the agency name as read (a place chain: no scan of the text unless the name is ambiguous) and
with the place removed from the name (the division must come from the text).  Prints milliseconds.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from nlp_reports.model import ReportMeta
from nlp_reports.structure.agency_id import assign_identity
from nlp_reports.structure.gazetteer import load_gazetteer


def main(root: str) -> None:
    import nlp_reports as nr

    t0 = time.perf_counter()
    load_gazetteer()
    print(f"gazetteer load: {1000 * (time.perf_counter() - t0):.0f} ms (once per process)")
    reps = list(nr.read_corpus(Path(root) / "text", progress=False))
    for label, strip in (("agency name as read", False), ("place left out of the name", True)):
        t0 = time.perf_counter()
        n = 0
        for _ in range(5):
            for rep in reps:
                agency = rep.meta.agency or ""
                if strip:
                    agency = agency[-6:]
                meta = ReportMeta(agency=agency, title=rep.meta.title)
                assign_identity(meta, rep.text)
                n += 1
        ms = 1000 * (time.perf_counter() - t0) / n
        print(
            f"{label}: {ms:.2f} ms per report ({len(reps)} reports, mean {sum(len(r.text) for r in reps) // len(reps)} chars)"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NLP_REPORTS_REAL_CORPUS", "../shared/corpora/real"))
