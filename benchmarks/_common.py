"""What the benchmark scripts share: the real report PDFs to time, and best-of-n timing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def real_pdfs(real: Path) -> list[Path]:
    """The real report PDFs under ``real``: the agencies' own (``pdf/``), then the rendered ones (``rendered/``)."""
    return sorted((real / "pdf").glob("*.pdf")) + sorted((real / "rendered").glob("*.pdf"))


def best_times(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """The fastest of ``repeat`` runs of ``fn``: (wall-clock seconds, CPU seconds of this process).

    CPU time is the steadier figure on a shared machine (waiting for a core is not counted).
    """
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus)


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest wall-clock time of ``repeat`` runs of ``fn`` (seconds)."""
    return best_times(fn, repeat)[0]
