"""The reading options of one call, in one frozen dataclass shared by every way of reading.

``read_report``, ``read_corpus``, ``iter_reports`` and the streaming ``analyze`` run all turn what the
user passes into one :class:`ReadOptions`, checked once when it is made, and hand it to the one
reader path of :mod:`nlp_reports.corpus.reader`: the same limits, cache and errors everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .cache import DiskCache
from .isolation import parse_memory
from .versions import parse_version

MemoryLike = int | str | None

#: default per-file time limit, in seconds (a PDF gets at least 10 s per page, see isolation.py)
DEFAULT_TIMEOUT = 120.0
#: default per-file memory limit of the reading process (resident bytes)
DEFAULT_MAX_MEMORY = "1GB"


def read_options(ocr: str | bool = "auto", engine: str = "pdfminer") -> dict[str, Any]:
    """The reading options that change the result (the cache key), checked: a bad value fails here, not per file."""
    from ..ingest.pdf_options import PdfReadOptions

    pdf = PdfReadOptions(ocr=ocr, engine=engine)
    opts = {"ocr": pdf.ocr, "engine": pdf.engine}
    if opts["engine"] == "pdfium":
        from ..ingest.pdfium_chars import require_pdfium

        require_pdfium()  # missing pypdfium2 fails here, once, with what to install
    return opts


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read, checked when made (a bad value fails at once, not once per file).

    ``ocr`` and ``engine`` change what is read (they are the cache key's options, :meth:`content`);
    the others say how: the per-file ``timeout`` (seconds; ``None`` or ``0`` = none) and
    ``max_memory`` (bytes or ``"1GB"``; ``None``/``0`` = none; both ``None``: read in this process),
    the ``cache_dir``, and for a batch ``n_jobs``, ``backend`` and the ``progress`` bar.
    The keywords of :func:`~nlp_reports.corpus.reader.read_corpus` are its fields.

    >>> from nlp_reports.corpus.options import ReadOptions
    >>> o = ReadOptions(ocr=False, timeout=0, cache_dir=None)
    >>> o.ocr, o.engine, o.timeout, o.content()
    ('never', 'pdfminer', None, {'ocr': 'never', 'engine': 'pdfminer'})
    >>> ReadOptions(engine="word")
    Traceback (most recent call last):
    ...
    nlp_reports.errors.NlpReportsError: engine='word': use 'pdfminer' (default) or 'pdfium'
    """

    n_jobs: int = 1
    cache_dir: str | os.PathLike[str] | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: MemoryLike = DEFAULT_MAX_MEMORY
    progress: bool = True
    backend: str | None = None
    ocr: str | bool = "auto"
    engine: str = "pdfminer"

    def __post_init__(self) -> None:
        checked = read_options(self.ocr, self.engine)
        parse_memory(self.max_memory)  # a bad size fails before any reading
        normal = {
            **checked,
            "cache_dir": (os.fspath(self.cache_dir) if self.cache_dir is not None else "") or None,
            "timeout": self.timeout if self.timeout and self.timeout > 0 else None,
        }
        for name, value in normal.items():
            object.__setattr__(self, name, value)  # frozen: the checked values are set once, here

    def content(self) -> dict[str, Any]:
        """The options that change what is read: the cache key's part and what the reading worker is told."""
        return {"ocr": self.ocr, "engine": self.engine}

    @property
    def cache_path(self) -> str | None:
        """``cache_dir`` as a string (None: no cache)."""
        return None if self.cache_dir is None else os.fspath(self.cache_dir)

    def open_cache(self) -> DiskCache | None:
        """The reading cache of these options (its namespace holds :meth:`content`), or None without ``cache_dir``."""
        path = self.cache_path
        return None if path is None else DiskCache(path, parse_version(self.content()))
