"""Write every frame of a corpus to a folder (parquet), or compare two such folders.

Used to show that a change leaves results unchanged ("frames equal before and after")::

    python scripts/snapshot_frames.py write  ../shared/corpora/real  /tmp/before
    ... change the code ...
    python scripts/snapshot_frames.py write  ../shared/corpora/real  /tmp/after
    python scripts/snapshot_frames.py compare /tmp/before /tmp/after [--ignore-columns a,b]

`compare` prints, per frame, the columns that were added or removed and the cells that differ in
columns both have; it exits 1 when any shared cell differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

FRAMES = ["reports", "sections", "tables", "checks", "warnings", "errors", "statements", "commitments"]


def write(inputs: list[str], out: str) -> None:
    import nlp_reports as nr

    corpus = nr.read_corpus(inputs, progress=False)
    Path(out).mkdir(parents=True, exist_ok=True)
    for name in FRAMES:
        df = getattr(corpus, f"{name}_frame")()
        df = df.map(lambda v: repr(v) if isinstance(v, (list, tuple, dict)) else v)
        df.astype("string").to_parquet(Path(out) / f"{name}.parquet")
        print(f"{name}: {len(df)} rows")


def _key(df: pd.DataFrame) -> list[str]:
    return [
        c
        for c in ("doc_id", "source", "section", "table", "row", "column", "rule", "where", "statement_id", "code")
        if c in df.columns
    ]


def compare(a: str, b: str, ignore: set[str]) -> int:
    bad = 0
    for name in FRAMES:
        pa, pb = Path(a) / f"{name}.parquet", Path(b) / f"{name}.parquet"
        if not (pa.exists() and pb.exists()):
            continue
        x, y = pd.read_parquet(pa), pd.read_parquet(pb)
        added = [c for c in y.columns if c not in x.columns]
        removed = [c for c in x.columns if c not in y.columns]
        common = [c for c in x.columns if c in y.columns and c not in ignore]
        x, y = x[common].fillna("<NA>"), y[common].fillna("<NA>")
        x = x.sort_values(common).reset_index(drop=True)
        y = y.sort_values(common).reset_index(drop=True)
        line = f"{name}: rows {len(x)} -> {len(y)}"
        if added:
            line += f"; added columns {added}"
        if removed:
            line += f"; removed columns {removed}"
        if len(x) != len(y):
            bad += 1
            merged = x.merge(y, how="outer", indicator=True)
            only = merged[merged["_merge"] != "both"]
            line += f"; {len(only)} rows differ, e.g.\n{only.head(6).to_string()}"
        else:
            diff = x != y
            n = int(diff.to_numpy().sum())
            if n:
                bad += 1
                cols = diff.any()[lambda s: s].index.tolist()
                line += f"; {n} cells differ in {cols}"
                rows = diff.any(axis=1)
                for i in rows[rows].index[:5]:
                    for c in cols:
                        if x.at[i, c] != y.at[i, c]:
                            line += f"\n   row {i} {c}: {str(x.at[i, c])[:100]!r} -> {str(y.at[i, c])[:100]!r}"
        print(line)
    return 1 if bad else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("inputs", nargs="+")
    w.add_argument("out")
    c = sub.add_parser("compare")
    c.add_argument("a")
    c.add_argument("b")
    c.add_argument("--ignore-columns", default="")
    args = ap.parse_args()
    if args.cmd == "write":
        write(args.inputs, args.out)
    else:
        sys.exit(compare(args.a, args.b, {s for s in args.ignore_columns.split(",") if s}))


if __name__ == "__main__":
    main()
