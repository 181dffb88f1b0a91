"""Timing of nlp_reports.compare.boilerplate on synthetic statement frames.

    .venv/bin/python benchmarks/bench_boilerplate.py [10000 50000 100000]

Each synthetic report has 10 statements of 25-60 random characters from a domain-like alphabet;
5 % of the statements are copies (with a changed enumeration marker and year, and sometimes one
character changed) of 200 "template" sentences, shared by several agencies.  Prints the time, the
number of clusters and how many of the planted copies were found.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from nlp_reports.compare import boilerplate

ALPHABET = list(
    "政府信息公开工作存在问题改进情况加强规范平台建设网站人员培训解读依申请办理及时准确全面深化完善"
    "制度机制监督考核落实责任基层标准化专栏栏目更新发布回应关切互动群众企业政策文件目录保密审查档案"
)


def synthetic(n: int, seed: int = 0) -> tuple[pd.DataFrame, int]:
    rng = np.random.default_rng(seed)
    templates = ["".join(rng.choice(ALPHABET, size=rng.integers(30, 60))) for _ in range(200)]
    rows = []
    planted = 0
    for i in range(n):
        doc = i // 10
        if rng.random() < 0.05:
            t = list(templates[rng.integers(len(templates))])
            if rng.random() < 0.5:
                t[rng.integers(len(t))] = rng.choice(ALPHABET)
            text = f"{rng.integers(1, 9)}、" + "".join(t) + f"，{2015 + doc % 10}年。"
            planted += 1
        else:
            text = "".join(rng.choice(ALPHABET, size=rng.integers(25, 60))) + "。"
        rows.append((f"doc{doc}", f"机关{doc // 5}", 2015 + doc % 10, i % 10, text))
    return pd.DataFrame(rows, columns=["doc_id", "agency", "year", "statement_id", "text"]), planted


def main(sizes: list[int]) -> None:
    for n in sizes:
        st, planted = synthetic(n)
        t0 = time.perf_counter()
        bp = boilerplate(st)
        dt = time.perf_counter() - t0
        found = int(bp["n_statements"].sum()) if len(bp) else 0
        print(
            f"{n:>7} statements: {dt:6.2f} s  ({1e6 * dt / n:5.1f} µs/statement)  "
            f"{len(bp)} clusters, {found} clustered statements, {planted} planted copies"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000, 100_000])
