"""The notebooks run top to bottom (on the sample corpus, plus the real one when it is set), and are
committed with their outputs (made by scripts/make_notebooks.py from the bundled corpus only)."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_read_reports",
        "02_problems_and_improvements",
        "03_compare_agencies",
        "04_validation",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_cells_are_those_of_its_source(path):
    """notebooks/source/<name>.py is where a cell is edited: the committed notebook must be made from it."""
    from conftest import load_script

    make = load_script("make_notebooks")
    shared = {title: source for kind, title, source in make.read_cells(make.SHARED) if kind == "code"}
    built = make.notebook(make.SOURCES / f"{path.stem}.py", shared)
    committed = nbformat.read(path, as_version=4)
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in built.cells], (
        "run python scripts/make_notebooks.py"
    )


def test_notebook_source_format(tmp_path):
    """Percent-format cells: markdown uncommented, trailing blank lines dropped, <<name>> filled in indented."""
    from conftest import load_script

    make = load_script("make_notebooks")
    src = tmp_path / "nb.py"
    src.write_text("# preamble\n# %% [markdown]\n# # Title\n#\n# text\n\n# %%\nif x:\n    <<two>>\ny\n\n\n")
    cells = make.read_cells(src)
    assert cells == [("markdown", "", "# Title\n\ntext"), ("code", "", "if x:\n    <<two>>\ny")]
    assert make.expand(cells[1][2], {"two": "a = 1\n\nb = 2"}) == "if x:\n    a = 1\n\n    b = 2\ny"
    with pytest.raises(SystemExit, match="<<two>>: no cell"):
        make.expand(cells[1][2], {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_with_outputs_of_the_bundled_corpus(path):
    """A reader sees results on a code-hosting page; the outputs never come from the real reports."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), "run python scripts/make_notebooks.py"
    assert sum(bool(c.get("outputs")) for c in code) >= len(code) - 2
    first = "".join(o.get("text", "") for o in code[0].get("outputs", []))
    assert "not set (sample corpus only)" in first
    assert not any(o.get("output_type") == "error" for c in code for o in c.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors
