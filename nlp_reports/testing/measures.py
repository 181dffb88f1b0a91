"""How close a text or a set of tables read from a file is to a reference: shared by tests and benchmarks.

``tests/test_ocr.py`` asserts on these measures and ``benchmarks/bench_ocr.py`` prints them, so the
figures a benchmark reports are the ones the tests hold to.

>>> char_recall("政务 公开", "政务公开工作")
1.0
>>> cell_accuracy({"t": [[1, 2], [3]]}, {"t": [[1, 9]]})
0.3333333333333333
"""

from __future__ import annotations

import difflib
from typing import Any


def char_recall(reference: str, text: str) -> float:
    """Share of the reference's characters (whitespace ignored) found in order in ``text`` (1.0 for an empty reference)."""
    a = "".join(reference.split())
    b = "".join(text.split())
    if not a:
        return 1.0
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    return matched / len(a)


def flat_cells(x: Any) -> list[Any]:
    """The leaves of nested lists (the cells of tables as lists of rows), in reading order."""
    out: list[Any] = []
    for v in x:
        out.extend(flat_cells(v) if isinstance(v, list) else [v])
    return out


def cell_accuracy(gold: dict[str, Any], got: dict[str, Any]) -> float:
    """Share of the gold table cells (nested lists per table key) that ``got`` prints identically, in
    reading order (a missing cell is wrong; 1.0 when there is no gold cell)."""
    n = ok = 0
    for key, cells in gold.items():
        g = flat_cells(cells)
        h = flat_cells(got.get(key, []))
        h += [None] * (len(g) - len(h))
        n += len(g)
        ok += sum(x == y for x, y in zip(g, h))
    return ok / n if n else 1.0
