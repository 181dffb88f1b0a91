"""The nlp-reports command: analyze (the main job), parse, train, and bad arguments."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from nlp_reports.cli import main


def test_bad_arguments_exit_nonzero(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["analyze"])
    assert exc.value.code != 0
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate", "x"])
    assert exc.value.code != 0


def test_missing_input_is_a_short_message(tmp_path, capsys):
    code = main(["parse", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no such file" in err and "Traceback" not in err


def test_parse_writes_frames(sample_dir, tmp_path):
    out = tmp_path / "parsed"
    code = main(["parse", str(sample_dir / "txt"), "--out", str(out), "--no-progress"])
    assert code == 0
    rf = pd.read_csv(out / "reports.csv")
    assert len(rf) == len(list((sample_dir / "txt").glob("*.txt")))
    assert (out / "tables.parquet").exists() and (out / "errors.csv").exists()


def test_analyze_main_job(sample_dir, tmp_path):
    out = tmp_path / "analysis"
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlp_reports.cli",
            "analyze",
            str(sample_dir / "txt"),
            str(bad),
            "--out",
            str(out),
            "--n-jobs",
            "2",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "could not be read" in proc.stderr and "empty" in proc.stderr  # the per-file error summary
    st = pd.read_parquet(out / "statements.parquet")
    assert set(st["label"]) <= {"problem", "improvement", "other"} and len(st) > 20
    for name in ("commitments", "boilerplate", "follow_through", "theme_profile", "report_quality"):
        assert (out / f"{name}.csv").exists(), name
    panel = pd.read_stata(out / "panel.dta")
    assert len(panel) == 7 and "t3_granted_nat" in panel.columns
    assert pd.read_parquet(out / "panel.parquet")["year"].dtype == "Int64"
    assert (out / "panel.csv").exists() and (out / "panel.codebook.csv").exists()
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and "问题" in html


def test_train_saves_a_model_that_analyze_uses(sample_dir, tmp_path):
    model = tmp_path / "m" / "model.json"
    assert main(["train", str(sample_dir / "txt"), "--model", str(model), "--no-progress"]) == 0
    assert model.exists()
    out = tmp_path / "a2"
    assert (
        main(
            ["analyze", str(sample_dir / "txt"), "--out", str(out), "--model", str(model), "--no-progress", "--no-html"]
        )
        == 0
    )
    assert (out / "statements.csv").exists()
