"""A content-hash disk cache: a rerun does not re-parse (or re-analyse) unchanged files.

Entries are keyed by the SHA-256 of the input's bytes plus a version string of the code that
produced them, so editing a file or upgrading the parser invalidates exactly what changed.
The cache lives only where the user points ``cache_dir``; nothing is written beside the inputs.
Entries are pickles written by this package into the user's own cache folder: do not point
``cache_dir`` at a folder that others can write to.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Any, Optional

#: bump when the reading layer's output changes, so old cache entries are ignored
PARSE_VERSION = "parse-3"


class DiskCache:
    """Key/value store of pickled objects under ``root/<namespace>/<key[:2]>/<key>.pkl``."""

    def __init__(self, root: str | os.PathLike[str], namespace: str) -> None:
        self.root = Path(root)
        self.namespace = namespace

    def _path(self, key: str) -> Path:
        return self.root / self.namespace / key[:2] / f"{key}.pkl"

    def get(self, key: str) -> Optional[Any]:
        p = self._path(key)
        if not p.is_file():
            return None
        try:
            with open(p, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # a damaged entry is a miss, and is rewritten
            return None

    def put(self, key: str, value: Any) -> None:
        p = self._path(key)
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, p)  # atomic: parallel writers never leave a half entry
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()
