"""Writing a run's frames to ``--out``: spreadsheet-safe CSVs, atomic files, one run per folder, a manifest.

* **CSV formula escaping.** A text cell that a spreadsheet would run as a formula — one starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — gets a leading apostrophe (``'=1+1``) in
  the CSV, which Excel/LibreOffice show as text. Numbers are never touched (``-3`` stays a number),
  nor is text that is a plain number (``"-3"``, ``"+0.5"``). Parquet files keep the raw text.
* **One run per folder.** Everything is written into a staging folder inside ``--out`` and moved into
  place file by file (each move atomic); files of an earlier run that this run did not produce are
  then removed, and ``manifest.json`` is written last. Only files that are ours are ever replaced or
  removed (those listed in the previous run's ``manifest.json``): a folder holding anything else is
  refused before reading starts, so nothing a user put there is lost.
* **Manifest.** ``manifest.json`` lists the inputs with their SHA-256 and status, the versions of
  the package, its code and libraries, the models used, the run's options and the files written.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from .csv_cells import csv_safe, flat_lists
from .errors import NlpReportsError

MANIFEST = "manifest.json"
_STAGING_PREFIX = ".nlp-reports-staging-"


def _ours(name: str, previous: set[str]) -> bool:
    """A file of an earlier run (listed in its manifest), the manifest itself, or our staging folder."""
    return name in previous or name == MANIFEST or name.startswith(_STAGING_PREFIX)


def _previous_files(out: Path) -> set[str]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", []) if isinstance(data, dict) else []
        return {f for f in files if isinstance(f, str) and "/" not in f and "\\" not in f and f not in ("", ".", "..")}
    except (OSError, ValueError):
        return set()


class OutputFolder:
    """``--out`` of one run: checked before reading, filled through a staging folder, committed at the end."""

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise NlpReportsError(f"--out {self.out} is a file; give a folder")
        previous = _previous_files(self.out) if self.out.is_dir() else set()
        foreign = sorted(p.name for p in self.out.iterdir() if not _ours(p.name, previous)) if self.out.is_dir() else []
        if foreign:
            shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
            raise NlpReportsError(
                f"--out {self.out} holds files that nlp-reports did not write ({shown}); "
                "give an empty or new folder (nothing was changed)"
            )
        self.previous = previous
        self.written: list[str] = []
        self.staging: Path | None = None

    def _stage(self) -> Path:
        if self.staging is None:
            self.out.mkdir(parents=True, exist_ok=True)
            for old in self.out.glob(_STAGING_PREFIX + "*"):  # left by an interrupted run
                shutil.rmtree(old, ignore_errors=True)
            self.staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=self.out))
        return self.staging

    def staging_dir(self) -> Path:
        """The staging folder of this run (made on first use); files in it not recorded by :meth:`path` are not moved."""
        return self._stage()

    def path(self, name: str) -> Path:
        """Where to write output file ``name`` now (in the staging folder); recorded as written."""
        if name not in self.written:
            self.written.append(name)
        return self._stage() / name

    def write_frame(self, df: pd.DataFrame, name: str, *, keep_lists: bool = False) -> None:
        """``name.csv`` (UTF-8 with BOM, formula-escaped, opens in Excel) and ``name.parquet`` (raw text).

        Lists are joined with ``|`` in both files; with ``keep_lists`` the parquet keeps them as lists
        (as the frames of a streaming run do)."""
        flat = flat_lists(df)
        csv_safe(flat).to_csv(self.path(f"{name}.csv"), index=False, encoding="utf-8-sig")
        if keep_lists:
            import pyarrow.parquet as pq

            from .run_dataset import to_arrow

            pq.write_table(to_arrow(df), self._stage() / f"{name}.parquet")
            self.written.append(f"{name}.parquet")
            return
        try:
            pq = flat.copy()
            for col in pq.columns:
                if pq[col].dtype == object:
                    pq[col] = pq[col].map(
                        lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
                    )
            pq.to_parquet(self._stage() / f"{name}.parquet", index=False)
            self.written.append(f"{name}.parquet")
        except ImportError:
            pass

    def commit(self, manifest: dict[str, Any], inputs_log: Path | None = None) -> None:
        """Move the staged files into ``--out``, drop our files of an earlier run, write the manifest last.

        An output may be a folder (the parquet dataset of a streaming run); it replaces the earlier
        run's file or folder of that name.  ``inputs_log``: a file of JSON lines, one per input,
        copied into the manifest's ``inputs`` line by line (a run of 100,000 inputs never holds them).
        """
        stage = self._stage()
        for name in self.written:
            target = self.out / name
            if (stage / name).is_dir() or target.is_dir():
                _remove(target)  # a folder cannot replace another one in one move
            os.replace(stage / name, target)
        for name in sorted(self.previous - set(self.written) - {MANIFEST}):
            stale = self.out / name
            if (stale.is_file() or stale.is_dir()) and _ours(name, self.previous):
                _remove(stale)
        manifest = dict(manifest, files=sorted(self.written))
        tmp = stage / MANIFEST
        if inputs_log is None:
            tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        else:
            head = json.dumps(dict(manifest, inputs=[]), ensure_ascii=False, indent=1, default=str)
            cut = head.rindex('"inputs": []')
            with open(tmp, "w", encoding="utf-8") as out, open(inputs_log, encoding="utf-8") as lines:
                out.write(head[:cut] + '"inputs": [')
                for i, line in enumerate(lines):
                    out.write(("\n  " if i == 0 else ",\n  ") + line.strip())
                out.write("\n ]" + head[cut + len('"inputs": []') :])
        os.replace(tmp, self.out / MANIFEST)
        shutil.rmtree(stage, ignore_errors=True)
        self.staging = None

    def abandon(self) -> None:
        """Remove the staging folder of a failed run (the previous run's files stay as they were)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def run_manifest(
    command: str, options: dict[str, Any], corpus: Any, models: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What ``manifest.json`` records: inputs with hashes and status, versions, models, options."""
    from .corpus.versions import environment

    inputs: list[dict[str, Any]] = [
        {
            "source": r.meta.source,
            "sha256": r.meta.sha256,
            "status": "warnings" if r.warnings else "ok",
            "doc_id": r.meta.doc_id,
        }
        for r in corpus.reports
    ]
    inputs += [{"source": e.source, "sha256": e.sha256, "status": "error", "reason": e.reason} for e in corpus.errors]
    return {
        "command": command,
        "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "options": options,
        "versions": environment(),
        "models": models or {},
        "n_reports": len(corpus.reports),
        "n_errors": len(corpus.errors),
        "inputs": sorted(inputs, key=lambda d: d["source"]),
    }


def model_info(path: str | None) -> dict[str, Any]:
    """The classifier used: the shipped one, or a user's file with its SHA-256."""
    if not path:
        from .corpus.versions import nlp_version

        return {"classifier": "shipped", "tagger": "shipped", "nlp_version": nlp_version()}
    from .hashing import sha256_file

    return {"classifier": str(path), "classifier_sha256": sha256_file(path), "tagger": "shipped"}
