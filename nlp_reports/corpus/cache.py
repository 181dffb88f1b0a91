"""A content-hash disk cache of plain JSON: a rerun does not re-parse (or re-analyse) unchanged files.

Entries live under ``root/<namespace>/<key[:2]>/<key>.json``. The key is the SHA-256 of the input's
bytes; the namespace is a version derived from the code and library versions that produced the entry
(see :mod:`nlp_reports.corpus.versions`), so upgrading or editing the reader never serves stale
results. Entries are JSON, decoded by :mod:`nlp_reports.corpus.codec` into our own dataclasses: a
planted or damaged entry cannot run code, it is just a miss. Writes are atomic (temp file + rename);
a folder that cannot be written (read-only, full disk) turns writing off with one warning, and reading
goes on without the cache.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

#: an entry bigger than this is not a report of ours: ignored without reading it
MAX_ENTRY_BYTES = 256 * 1024 * 1024


class CacheWarning(UserWarning):
    """The cache folder could not be used; results are still computed, just not kept."""


class DiskCache:
    """Key/value store of JSON texts under ``root/<namespace>/<key[:2]>/<key>.json``."""

    def __init__(self, root: str | os.PathLike[str], namespace: str) -> None:
        self.root = Path(root)
        self.namespace = namespace
        self.writable = True

    def _path(self, key: str) -> Path:
        if not key or not all(c in "0123456789abcdef" for c in key):
            raise ValueError(f"cache keys are lowercase hex digests, not {key!r}")
        return self.root / self.namespace / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any | None:
        """The parsed JSON value stored under ``key``, or ``None`` (missing, unreadable, not JSON)."""
        try:
            p = self._path(key)
            if not p.is_file() or p.stat().st_size > MAX_ENTRY_BYTES:
                return None
            with open(p, encoding="utf-8") as fh:
                return json.load(fh)
        except (OSError, ValueError, RecursionError):  # a damaged entry is a miss, and is rewritten
            return None

    def put_text(self, key: str, text: str) -> bool:
        """Store a JSON text atomically; False (and one warning per cache) when the folder cannot be written."""
        if not self.writable:
            return False
        p = self._path(key)
        tmp = None
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, p)  # atomic: parallel writers never leave a half entry
            return True
        except OSError as exc:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            self.writable = False
            warnings.warn(
                f"cache folder {self.root} cannot be written ({exc.strerror or exc}); "
                "going on without caching: free space or pass a writable cache_dir",
                CacheWarning,
                stacklevel=3,
            )
            return False

    def put(self, key: str, value: Any) -> bool:
        """Store a JSON-able value (see :meth:`put_text`)."""
        return self.put_text(key, json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()
