"""Write the notebooks in notebooks/ from their sources in notebooks/source/ and execute them, so that they are
committed with their outputs.

    python scripts/make_notebooks.py            # write and execute (outputs from the bundled corpus)
    python scripts/make_notebooks.py --no-run   # write the cells only

Each notebook's cells are written as text in ``notebooks/source/<name>.py``, in the "percent" format
of Jupytext and of editors' cell modes: a line ``# %%`` starts a code cell, ``# %% [markdown]`` a
markdown cell (its lines commented with ``# ``).  A line ``<<name>>`` in a code cell stands for the
cell ``# %% name`` of ``notebooks/source/_shared.py`` (the set-up, how inputs and gold are read),
indented as the line; so what all notebooks share is written once.

The notebooks run top to bottom on the bundled sample corpus, and also on the real corpus when the
environment variable NLP_REPORTS_REAL_CORPUS points at it.  The committed outputs are made with that
variable unset (the real reports' text must not end up in the repository), from the repository root,
with the worktree's ``nlp_reports`` first on the path.  tests/test_notebooks.py executes them again.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "notebooks" / "source"
#: the cells every notebook may refer to as ``<<name>>``
SHARED = SOURCES / "_shared.py"

_CELL_START = re.compile(r"^# %%(?P<header>.*)$", re.MULTILINE)
_REFERENCE = re.compile(r"^(?P<indent>[ \t]*)<<(?P<name>\w+)>>$")


def read_cells(path: Path) -> list[tuple[str, str, str]]:
    """``(kind, title, source)`` of each cell of the percent-format file ``path``, in order.

    ``kind`` is ``"markdown"`` for ``# %% [markdown]`` (the ``# `` of its lines removed), else
    ``"code"``; ``title`` is the rest of the ``# %%`` line.  Text before the first cell and blank
    lines ending a cell are not part of any cell.
    """
    text = path.read_text(encoding="utf-8")
    starts = list(_CELL_START.finditer(text))
    cells = []
    for here, after in zip(starts, [*starts[1:], None]):
        body = text[here.end() + 1 : after.start() if after else len(text)].rstrip("\n")
        title = here["header"].strip()
        if title.startswith("[markdown]"):
            lines = [line[2:] if line.startswith("# ") else line.removeprefix("#") for line in body.split("\n")]
            cells.append(("markdown", title.removeprefix("[markdown]").strip(), "\n".join(lines)))
        else:
            cells.append(("code", title, body))
    return cells


def expand(source: str, shared: dict[str, str]) -> str:
    """``source`` with each line ``<<name>>`` replaced by the shared cell ``name``, indented as the line."""
    lines = []
    for line in source.split("\n"):
        ref = _REFERENCE.match(line)
        if ref is None:
            lines.append(line)
            continue
        if ref["name"] not in shared:
            raise SystemExit(f"<<{ref['name']}>>: no cell '# %% {ref['name']}' in {SHARED.relative_to(ROOT)}")
        lines += [ref["indent"] + part if part else part for part in shared[ref["name"]].split("\n")]
    return "\n".join(lines)


def notebook(path: Path, shared: dict[str, str]) -> nbformat.NotebookNode:
    """The Python 3 notebook of the source file ``path``: its cells, shared ones filled in."""
    cells = [
        new_markdown_cell(source) if kind == "markdown" else new_code_cell(expand(source, shared))
        for kind, _, source in read_cells(path)
    ]
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return new_notebook(cells=cells, metadata=metadata)


def notebook_sources() -> list[Path]:
    """The source of each notebook, by name (``_shared.py`` and other ``_`` files are not notebooks)."""
    return sorted(p for p in SOURCES.glob("*.py") if not p.name.startswith("_"))


def execute(nb: nbformat.NotebookNode, cwd: Path) -> None:
    """Run ``nb`` in place on the bundled corpus only (no real-report text in the outputs)."""
    import nbclient

    os.environ.pop("NLP_REPORTS_REAL_CORPUS", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nbclient.NotebookClient(
        nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    raise SystemExit(f"a cell failed: {out.get('ename')}: {out.get('evalue')}")
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    out["text"] = ""  # warnings and progress bars: not part of the result
            cell["outputs"] = [
                o for o in cell["outputs"] if not (o.get("output_type") == "stream" and not o.get("text"))
            ]
            cell["metadata"].pop("execution", None)


def scrub(nb: nbformat.NotebookNode) -> None:
    """Paths of this checkout in the outputs become relative ones (``corpora/sample/...``); cell ids are
    numbered, so that regenerating an unchanged notebook gives the same file."""
    root = str(ROOT) + os.sep
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        for out in cell.get("outputs", []):
            if isinstance(out.get("text"), str):
                out["text"] = out["text"].replace(root, "")
            for key, val in (out.get("data") or {}).items():
                if isinstance(val, str) and key.startswith("text/"):
                    out["data"][key] = val.replace(root, "")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-run", action="store_true", help="write the cells without executing them")
    ap.add_argument("names", nargs="*", help="only these notebooks (e.g. 04_validation)")
    args = ap.parse_args(argv)
    out = ROOT / "notebooks"
    shared = {title: source for kind, title, source in read_cells(SHARED) if kind == "code"}
    for path in notebook_sources():
        name = path.stem
        if args.names and name not in args.names:
            continue
        nb = notebook(path, shared)
        if not args.no_run:
            execute(nb, out)
        scrub(nb)
        nbformat.write(nb, out / f"{name}.ipynb")
        print(f"wrote notebooks/{name}.ipynb" + ("" if args.no_run else " (executed)"), file=sys.stderr)


if __name__ == "__main__":
    main()
