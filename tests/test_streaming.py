"""Streaming analyze: the parquet datasets equal the in-memory frames; nr.open_results reads them lazily."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import nlp_reports as nr
from nlp_reports.cli import main
from nlp_reports.errors import NotARunFolderError

FRAMES = ["reports", "sections", "tables", "checks", "warnings", "errors", "statements", "commitments"]


def _norm(df: pd.DataFrame) -> pd.DataFrame:
    """Cells as comparable text (lists as lists, numbers as floats, missing as one marker), rows sorted."""

    def cell(v):
        if isinstance(v, np.ndarray):
            v = v.tolist()
        if isinstance(v, (list, tuple)):
            return repr(list(v))
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return "<NA>"
        if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
            return repr(float(v))
        return str(v)

    out = df.map(cell) if len(df) else df.astype(object)
    return out.sort_values(list(out.columns)).reset_index(drop=True)


@pytest.fixture(scope="module")
def inputs(sample_dir):
    return [str(sample_dir / "txt"), str(sample_dir / "html")]


@pytest.fixture(scope="module")
def memory(inputs):
    return nr.read_corpus(inputs, progress=False)


@pytest.fixture(scope="module")
def run2(inputs, tmp_path_factory):
    """A run in batches of 2 inputs (many partitions, later batches widening earlier schemas)."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["analyze", *inputs, "--out", str(out), "--no-progress", "--no-html", "--batch-size", "2"]) == 0
    return out


def test_streamed_frames_equal_the_in_memory_frames(memory, run2):
    res = nr.open_results(run2)
    for name in FRAMES:
        a = getattr(memory, f"{name}_frame")()
        b = res.read(name)
        if name == "errors":
            a, b = a.drop(columns="seconds"), b.drop(columns="seconds")
        assert list(b.columns) == list(a.columns), name
        pd.testing.assert_frame_equal(_norm(a), _norm(b), obj=name)
    pd.testing.assert_frame_equal(_norm(nr.compare.report_quality(memory)), _norm(res.report_quality()))
    pd.testing.assert_frame_equal(_norm(memory.agencies()), _norm(res.agencies()))
    panel = memory.panel()
    assert list(res.panel().columns) == list(panel.columns)
    pd.testing.assert_frame_equal(_norm(panel), _norm(res.panel()))
    assert res.panel()["year"].dtype == "Int64" and "codebook" in pd.read_parquet(run2 / "panel.parquet").attrs


def test_batch_size_does_not_change_the_frames(inputs, run2, tmp_path):
    out = tmp_path / "big"
    assert main(["analyze", *inputs, "--out", str(out), "--no-progress", "--no-html", "--batch-size", "500"]) == 0
    one, many = nr.open_results(out), nr.open_results(run2)
    for name in FRAMES + ["report_quality", "panel"]:
        pd.testing.assert_frame_equal(_norm(one.read(name)), _norm(many.read(name)), obj=name)
    # batches of 2: one file per batch and year; of 500: one per year
    assert len(list((run2 / "statements.parquet").rglob("part-*.parquet"))) > len(
        list((out / "statements.parquet").rglob("part-*.parquet"))
    )
    # the CSVs are made from the parquet, formula-escaped, and hold every row
    assert len(pd.read_csv(out / "sections.csv")) == len(one.sections())


def test_open_results_columns_filters_and_manifest(run2, memory):
    res = nr.open_results(run2)
    assert {"statements", "reports", "commitments", "panel", "agencies", "notes"} <= set(res.frames)
    st = res.statements(columns=["doc_id", "year", "label", "themes"], filters=[("year", ">=", 2022)])
    assert st.columns.tolist() == ["doc_id", "year", "label", "themes"]
    full = memory.statements_frame()
    assert len(st) == int((full["year"] >= 2022).sum()) and st["year"].min() >= 2022
    assert all(isinstance(t, (list, np.ndarray)) for t in st["themes"])  # lists stay lists in parquet
    both = res.statements(columns=["doc_id"], filters=[("year", "==", 2021), ("label", "==", "problem")])
    assert len(both) == int(((full["year"] == 2021) & (full["label"] == "problem")).sum())
    assert res.manifest["n_reports"] == len(memory) and len(res.manifest["inputs"]) == len(memory)
    assert json.loads((run2 / "manifest.json").read_text(encoding="utf-8"))["command"] == "analyze"
    with pytest.raises(KeyError, match="no column"):
        res.statements(columns=["nope"])
    with pytest.raises(AttributeError, match="no frame"):
        res.nonsense  # noqa: B018
    dd = pytest.importorskip("dask.dataframe")
    lazy = res.statements(columns=["doc_id", "year", "label"], filters=[("year", ">=", 2022)], lazy=True)
    assert isinstance(lazy, dd.DataFrame)
    pd.testing.assert_frame_equal(_norm(lazy.compute()), _norm(st[["doc_id", "year", "label"]]), check_dtype=False)


def test_not_a_run_folder_is_a_clear_error(tmp_path, sample_dir):
    with pytest.raises(NotARunFolderError, match="not a folder"):
        nr.open_results(tmp_path / "missing")
    with pytest.raises(NotARunFolderError, match="manifest.json"):
        nr.open_results(sample_dir)
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(NotARunFolderError, match="not a manifest"):
        nr.open_results(tmp_path)


def test_rerun_replaces_dataset_folders(inputs, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", inputs[1], "--out", str(out), "--no-progress", "--no-html", "--compare", "never"]) == 0
    assert main(["analyze", *inputs, "--out", str(out), "--no-progress", "--no-html", "--compare", "never"]) == 0
    res = nr.open_results(out)
    assert len(res.reports()) == res.manifest["n_reports"] > 1
    assert not [p for p in out.iterdir() if p.name.startswith(".nlp-reports-staging-")]
    notes = res.notes()
    assert "boilerplate" in set(notes["step"])  # skipped by --compare never, and said so


def test_batches_that_disagree_on_a_column_type_unify(tmp_path):
    from nlp_reports.run_dataset import DatasetWriter, iter_frame_batches

    w = DatasetWriter(tmp_path / "x.parquet")
    w.write(pd.DataFrame({"year": [2020], "published": [np.nan], "n": [1]}), 1)  # no date yet: float NaN
    w.write(pd.DataFrame({"year": [None], "published": ["2021-01-01"], "n": [2.5]}), 2)
    w.finish()
    df = pd.concat(list(iter_frame_batches(tmp_path / "x.parquet")), ignore_index=True)
    assert df["published"].tolist()[1] == "2021-01-01" and df["n"].tolist() == [1.0, 2.5]
    assert df["year"].isna().tolist() == [False, True]  # unknown year: its own folder, read back as missing
