"""Versions derived from the code itself, so a cache can never serve results of other code.

The parse version hashes the source of every module that turns bytes into a :class:`Report`
(ingest, structure, the document model, the cache format) plus the versions of the libraries that
read the bytes; the NLP version hashes the nlp package (code and shipped data) plus jieba's version.
Editing any of those files, or upgrading pdfminer.six, changes the version and so the cache folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from .._version import __version__

_PKG = Path(__file__).resolve().parent.parent

#: what reading depends on: package-relative files/folders whose content is hashed
PARSE_SOURCES = (
    "ingest",
    "structure",
    "model.py",
    "errors.py",
    "frames.py",
    "text_patterns.py",
    "corpus/codec.py",
    "corpus/reader.py",
    "corpus/options.py",
)
#: libraries whose version changes what reading produces
PARSE_LIBRARIES = (
    "pdfminer.six",
    "charset-normalizer",
    "pypdfium2",
    "rapidocr-onnxruntime",
    "opencc",
    "python-docx",
    "pandas",
)
#: what the statements frame depends on, besides the models themselves
NLP_SOURCES = ("nlp", "text_patterns.py", "frames.py", "corpus/analysis.py")
NLP_LIBRARIES = ("jieba", "scikit-learn", "numpy")


def library_version(name: str) -> str:
    """Installed version of a distribution, or ``"absent"``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def package_version() -> str:
    """The installed nlp_reports version (the source tree's when not installed)."""
    return __version__


def _files(rel: str) -> list[Path]:
    p = _PKG / rel
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc")
    return [p] if p.is_file() else []


@cache
def source_hash(sources: tuple[str, ...], libraries: tuple[str, ...]) -> str:
    """SHA-256 (hex, 16 chars) of the named source files' bytes and the libraries' versions."""
    h = hashlib.sha256(package_version().encode())
    for rel in sources:
        for f in _files(rel):
            h.update(str(f.relative_to(_PKG)).encode())
            h.update(f.read_bytes())
    for lib in libraries:
        h.update(f"{lib}={library_version(lib)}".encode())
    return h.hexdigest()[:16]


def parse_version(options: Mapping[str, Any] | None = None) -> str:
    """Cache namespace of reading results: code hash + the reading options that change the result.

    ``options`` is a dict of reading options (e.g. an OCR mode); each distinct dict gets its own
    namespace, so adding an option later only needs a new key in that dict.
    """
    h = hashlib.sha256(source_hash(PARSE_SOURCES, PARSE_LIBRARIES).encode())
    h.update(json.dumps(dict(options or {}), sort_keys=True, default=str).encode())
    return "parse-" + h.hexdigest()[:16]


def nlp_version() -> str:
    """Code hash of the statement splitting/labelling stage (models are fingerprinted separately)."""
    return "nlp-" + source_hash(NLP_SOURCES, NLP_LIBRARIES)


def environment() -> dict[str, str]:
    """Versions of the package, its reading/NLP code and the libraries that matter, for a run manifest."""
    libs = sorted(set(PARSE_LIBRARIES + NLP_LIBRARIES + ("joblib", "pyarrow", "psutil")))
    import platform
    import sys

    return {
        "nlp_reports": package_version(),
        "parse_code": source_hash(PARSE_SOURCES, PARSE_LIBRARIES),
        "nlp_code": source_hash(NLP_SOURCES, NLP_LIBRARIES),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        **{lib: library_version(lib) for lib in libs},
    }
