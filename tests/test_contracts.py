"""One definition per contract: import layers run one way, every frame starts with the document
variables, package data matches the files that exist."""

from __future__ import annotations

import ast
import fnmatch
from pathlib import Path

import pytest
import tomllib

import nlp_reports as nr
from nlp_reports.frames import CHECK_COLUMNS, DOCVARS, SECTION_COLUMNS, TABLE_COLUMNS, WARNING_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "nlp_reports"

#: data flows ingest -> structure -> nlp -> corpus -> compare; the modules at the bottom may be
#: imported by all, the application modules (cli, outputs, plots, validation, ...) import all.
BOTTOM = {"errors", "hashing", "model", "frames", "text_patterns", "_signature", "_version"}
LAYERS = {"ingest": 1, "structure": 2, "nlp": 3, "corpus": 4, "compare": 5}
APP = 6


def layer_of(module: str) -> int:
    """Layer of a dotted module name inside the package (``nlp_reports.x.y``)."""
    parts = module.split(".")
    if len(parts) == 1:
        return APP  # the package root imports everything it re-exports
    head = parts[1]
    if head in BOTTOM:
        return 0
    return LAYERS.get(head, APP)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the package in ``path``, lazy ones included."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in sorted(ast.walk(ast.parse(path.read_text(encoding="utf-8"))), key=lambda n: getattr(n, "lineno", 0)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or target == "nlp_reports":  # from . import x: x may be a module
                out += [(node.lineno, f"{target}.{a.name}") for a in node.names]
            else:
                out.append((node.lineno, target))
    return [(ln, m) for ln, m in out if m == "nlp_reports" or m.startswith("nlp_reports.")]


def test_layer_of_examples():
    assert layer_of("nlp_reports.ingest.pdf_reader") < layer_of("nlp_reports.structure.sections")
    assert (
        layer_of("nlp_reports.nlp.cues")
        < layer_of("nlp_reports.corpus.corpus")
        < layer_of("nlp_reports.compare.similarity")
    )
    assert layer_of("nlp_reports.text_patterns") == layer_of("nlp_reports.model") == 0
    assert layer_of("nlp_reports.cli") == layer_of("nlp_reports") == APP


def test_imports_run_one_way():
    """No module imports a module of a higher layer, not even inside a function."""
    bad = []
    for path in sorted(PKG.rglob("*.py")):
        own = layer_of(module_name(path))
        for line, target in imported_modules(path):
            if layer_of(target) > own:
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not bad, "imports against the flow ingest -> structure -> nlp -> corpus -> compare:\n" + "\n".join(bad)


def test_the_checker_sees_a_wrong_import(tmp_path):
    """A lazy upward import inside a function is found (so the test above can fail)."""
    fake = tmp_path / "fake.py"
    fake.write_text(
        "from ..model import Report\n\ndef late():\n    from ..corpus import read_corpus\n", encoding="utf-8"
    )
    found = imported_modules(fake, "nlp_reports.ingest.fake")
    assert found == [(1, "nlp_reports.model"), (4, "nlp_reports.corpus")]
    assert [m for _, m in found if layer_of(m) > layer_of("nlp_reports.ingest.fake")] == ["nlp_reports.corpus"]


@pytest.fixture(scope="module")
def corpus():
    return nr.read_corpus([ROOT / "corpora" / "sample" / "txt"], progress=False)


def test_every_frame_starts_with_the_document_variables(corpus):
    frames = {
        "docvars": corpus.docvars,
        "reports": corpus.reports_frame(),
        "sections": corpus.sections_frame(),
        "tables": corpus.tables_frame(),
        "checks": corpus.checks_frame(),
        "warnings": corpus.warnings_frame(),
        "statements": corpus.statements_frame(),
        "commitments": corpus.commitments_frame(),
    }
    for name, df in frames.items():
        assert df.columns.tolist()[: len(DOCVARS)] == DOCVARS, name
        assert len(df), name  # the sample has rows of every kind, so the columns are those of real rows
    assert frames["sections"].columns.tolist()[len(DOCVARS) :] == SECTION_COLUMNS
    assert frames["tables"].columns.tolist()[len(DOCVARS) :] == TABLE_COLUMNS
    assert frames["checks"].columns.tolist()[len(DOCVARS) :] == CHECK_COLUMNS
    assert frames["warnings"].columns.tolist()[len(DOCVARS) :] == WARNING_COLUMNS
    rep = corpus.reports[0]
    assert rep.checks.columns.tolist() == CHECK_COLUMNS
    assert rep.failed_checks.columns.tolist() == CHECK_COLUMNS


def test_pair_frames_carry_every_document_variable_twice(corpus):
    sl = nr.compare.similarity_long(corpus, part="problems")
    paired = [f"{v}_{s}" for v in DOCVARS for s in "ab"]
    paired[:2] = ["doc_a", "doc_b"]
    assert sl.columns.tolist()[: len(paired)] == paired
    assert sl["agency_key_a"].notna().all()


def test_empty_frames_have_the_same_columns():
    empty = nr.Corpus([])
    assert empty.checks_frame().columns.tolist() == DOCVARS + CHECK_COLUMNS
    assert empty.sections_frame().columns.tolist() == DOCVARS + SECTION_COLUMNS
    assert empty.tables_frame().columns.tolist() == DOCVARS + TABLE_COLUMNS
    assert empty.warnings_frame().columns.tolist() == DOCVARS + WARNING_COLUMNS


def test_package_data_matches_the_files():
    """Every package-data pattern matches a file, and every data file is shipped."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["nlp_reports"]
    files = [p.relative_to(PKG).as_posix() for p in PKG.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for pat in patterns:
        assert any(fnmatch.fnmatch(f, pat) for f in files), f"package-data {pat!r} matches no file"
    data_files = [f for f in files if "/data/" in f"/{f}"]
    assert data_files
    for f in data_files:
        assert any(fnmatch.fnmatch(f, pat) for pat in patterns), f"{f} is not in package-data"
