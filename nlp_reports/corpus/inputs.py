"""Turn what the user passes (paths, globs, folders) into an ordered list of input files."""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable, Union

from ..errors import FileNotFound

#: file endings read when a folder is given
INPUT_SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".text", ".docx", ".doc", ".wps")

Inputs = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def expand_inputs(inputs: Inputs) -> list[str]:
    """Expand paths, ``**`` globs and folders into a sorted, de-duplicated list of files.

    A folder contributes every file below it whose name ends in one of :data:`INPUT_SUFFIXES`.
    A path that does not exist raises :class:`~nlp_reports.errors.FileNotFound`; a glob that
    matches nothing raises it too (an empty batch is almost always a typo).

    >>> expand_inputs("corpora/sample/txt")[:2]
    ['corpora/sample/txt/bailuzhen_2021.txt', 'corpora/sample/txt/jiangyu_wjw_2019.txt']
    >>> expand_inputs("corpora/sample/**/yunxi_*.pdf")
    ['corpora/sample/pdf/yunxi_2022.pdf', 'corpora/sample/pdf/yunxi_2023.pdf']
    """
    if isinstance(inputs, (str, os.PathLike)):
        items = [inputs]
    else:
        items = list(inputs)
    out: list[str] = []
    for item in items:
        s = os.fspath(item)
        if _is_glob(s):
            matches = sorted(m for m in glob.glob(s, recursive=True) if os.path.isfile(m))
            if not matches:
                raise FileNotFound(f"the pattern {s!r} matches no file; check the folder and the file endings", path=s)
            out.extend(matches)
        elif os.path.isdir(s):
            found = sorted(
                str(p)
                for p in Path(s).rglob("*")
                if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and not p.name.startswith(".")
            )
            out.extend(found)
        elif os.path.isfile(s):
            out.append(s)
        else:
            raise FileNotFound(f"{s}: no such file or folder; check the path", path=s)
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique
