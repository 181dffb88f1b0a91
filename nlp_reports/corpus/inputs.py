"""Turn what the user passes (paths, globs, folders) into an ordered list of input files.

Folders and ``**`` globs are walked with our own walker: a symlinked folder is entered only once
(by its real path), so a symlink loop (``a/link -> ..``) can neither make the walk endless nor
read one folder many times, and a file reachable through several links is listed once.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Iterator
from typing import Union

from ..errors import FileNotFound

#: file endings read when a folder is given
INPUT_SUFFIXES = (".pdf", ".txt", ".html", ".htm", ".text", ".docx", ".doc", ".wps")

Inputs = Union[str, "os.PathLike[str]", Iterable[Union[str, "os.PathLike[str]"]]]


def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def _walk_files(root: str) -> Iterator[str]:
    """Every file below ``root`` (as ``root/…`` paths), each real folder entered once.

    Symlinks are followed, but a folder whose real path was already walked is skipped, which
    ends symlink loops and keeps a folder linked twice from being read twice.
    """
    seen_dirs: set[str] = set()
    stack = [root]
    while stack:
        d = stack.pop()
        real = os.path.realpath(d)
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            continue  # unreadable folder: nothing to list
        subdirs = []
        for e in entries:
            try:
                if e.is_dir():
                    subdirs.append(e.path)
                elif e.is_file():
                    yield e.path
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _glob_files(pattern: str) -> list[str]:
    """Files matching ``pattern``; a ``**`` part is matched over :func:`_walk_files` (loop-safe)."""
    if "**" not in pattern:
        return [m for m in glob.glob(pattern) if os.path.isfile(m)]
    parts = pattern.replace(os.sep, "/").split("/")
    first = next(i for i, p in enumerate(parts) if "**" in p)
    base = "/".join(parts[:first]) or ("/" if first else "")
    roots = sorted(glob.glob(base)) if _is_glob(base) else [base or "."]
    out = []
    for root in roots:
        if not os.path.isdir(root):
            continue
        for f in _walk_files(root):
            rel = os.path.relpath(f, root).replace(os.sep, "/").split("/")
            if _match_parts(parts[first:], rel):
                out.append(f if base else os.path.relpath(f, "."))
    return out


def _match_parts(pat: list[str], names: list[str]) -> bool:
    """Glob match of path components; ``**`` matches zero or more folders (hidden names only
    when the pattern part starts with a dot, as in :mod:`glob`)."""
    memo: dict[tuple[int, int], bool] = {}

    def one(p: str, n: str) -> bool:
        return (not n.startswith(".") or p.startswith(".")) and fnmatch.fnmatchcase(n, p)

    def go(i: int, j: int) -> bool:
        key = (i, j)
        if key not in memo:
            if i == len(pat):
                r = j == len(names)
            elif pat[i] == "**":
                deeper = j < len(names) - 1 or (i == len(pat) - 1 and j < len(names))
                r = go(i + 1, j) or (deeper and not names[j].startswith(".") and go(i, j + 1))
            else:
                r = j < len(names) and one(pat[i], names[j]) and go(i + 1, j + 1)
            memo[key] = r
        return memo[key]

    return go(0, 0)


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
            matches = sorted(_glob_files(s))
            if not matches:
                raise FileNotFound(f"the pattern {s!r} matches no file; check the folder and the file endings", path=s)
            out.extend(matches)
        elif os.path.isdir(s):
            found = sorted(
                p
                for p in _walk_files(s)
                if os.path.splitext(p)[1].lower() in INPUT_SUFFIXES and not os.path.basename(p).startswith(".")
            )
            out.extend(found)
        elif os.path.isfile(s):
            out.append(s)
        else:
            raise FileNotFound(f"{s}: no such file or folder; check the path", path=s)
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.realpath(p)  # one file reached through two links is read once
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique
