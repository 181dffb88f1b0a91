"""What `--out` holds: spreadsheet-safe CSVs, one run per folder, a manifest; kill -9 of the CLI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from nlp_reports.cli import main
from nlp_reports.csv_cells import csv_safe, escape_formula
from nlp_reports.outputs import OutputFolder

ROOT = Path(__file__).resolve().parent.parent


def test_formula_rule():
    for bad in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=x", '=HYPERLINK("http://x")']:
        assert escape_formula(bad) == "'" + bad
    for fine in ["-3", "+0.5", "-1e3", "12%", "正常文本", "", "a=b", -3, 2.5, None]:
        assert escape_formula(fine) == fine
    df = pd.DataFrame({"n": [-1, 2], "s": ["=A1", "ok"], "f": [-0.5, 1.0]})
    safe = csv_safe(df)
    assert safe["n"].tolist() == [-1, 2] and safe["f"].tolist() == [-0.5, 1.0]
    assert safe["s"].tolist() == ["'=A1", "ok"]


def test_csv_escapes_but_parquet_keeps_raw_text(sample_dir, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sample_dir / "txt" / "yunxi_2023.txt", src / "=HYPERLINK(x).txt")
    out = tmp_path / "out"
    assert main(["parse", str(src), "--out", str(out), "--no-progress"]) == 0
    csv = pd.read_csv(out / "reports.csv")
    assert csv["doc_id"].tolist() == ["'=HYPERLINK(x)"]
    assert pd.read_parquet(out / "reports.parquet")["doc_id"].tolist() == ["=HYPERLINK(x)"]
    tables = pd.read_csv(out / "tables.csv")
    assert pd.api.types.is_numeric_dtype(tables["value"])  # numbers stay numbers


def test_rerun_leaves_one_run_and_never_touches_user_files(sample_dir, tmp_path):
    out = tmp_path / "out"
    files = [str(p) for p in sorted((sample_dir / "txt").glob("*.txt"))[:2]]
    assert main(["parse", *files, "--out", str(out), "--no-progress"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "reports.csv" in manifest["files"] and len(manifest["inputs"]) == 2
    assert all(len(i["sha256"]) == 64 for i in manifest["inputs"])
    assert manifest["versions"]["pdfminer.six"] and manifest["options"]["timeout"] == 120.0
    # a file of an earlier run that this run does not write is removed
    (out / "keyness.csv").write_text("old")
    manifest["files"].append("keyness.csv")
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["parse", files[0], "--out", str(out), "--no-progress"]) == 0
    assert not (out / "keyness.csv").exists()
    assert len(pd.read_csv(out / "reports.csv")) == 1
    assert not [p for p in out.iterdir() if p.name.startswith(".nlp-reports-staging-")]
    # a file the user put there: refused, nothing changed, nothing read
    (out / "my_notes.txt").write_text("mine")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir())
    assert main(["parse", files[0], "--out", str(out), "--no-progress"]) == 2
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir()) == before
    assert (out / "my_notes.txt").read_text() == "mine"


def test_folder_of_a_user_without_manifest_is_refused(tmp_path):
    out = tmp_path / "theirs"
    out.mkdir()
    (out / "reports.csv").write_text("theirs")
    from nlp_reports.errors import NlpReportsError

    with pytest.raises(NlpReportsError, match="did not write"):
        OutputFolder(out)
    assert (out / "reports.csv").read_text() == "theirs"


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def test_kill_9_of_the_cli_kills_its_workers_and_a_rerun_gives_identical_frames(sample_dir, tmp_path):
    psutil = pytest.importorskip("psutil")
    if os.name != "posix":
        pytest.skip("kill -9 is POSIX")
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    hung = tmp_path / "hung.txt"  # keeps a worker busy (test hook: it never finishes) when the CLI is killed
    shutil.copy(sample_dir / "txt" / "yunxi_2023.txt", hung)
    cmd = [
        sys.executable,
        "-m",
        "nlp_reports.cli",
        "parse",
        str(sample_dir / "pdf"),
        str(hung),
        "--out",
        str(out),
        "--n-jobs",
        "2",
        "--cache-dir",
        str(cache),
        "--timeout",
        "3",
        "--no-progress",
        "--ocr",
        "never",
    ]
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        NLP_REPORTS_TEST_WORKER_FAULT="hang:hung.txt",
    )
    first = [("600" if a == "3" else a) for a in cmd]  # the hung file must still be running at the kill
    proc = subprocess.Popen(first, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the CLI started no reading workers"
    n_pdf = len(list((sample_dir / "pdf").rglob("*.pdf")))  # the scanned sample too (no_text_layer, cached)
    try:
        while time.monotonic() < deadline and len(list(cache.rglob("*.json"))) < n_pdf:
            time.sleep(0.05)  # all PDFs read and cached: a worker is now stuck in the hung file (last input)
        assert len(list(cache.rglob("*.json"))) == n_pdf
    except BaseException:
        proc.kill()
        raise
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone = time.monotonic() + 5
    while time.monotonic() < gone and any(
        psutil.pid_exists(w) and psutil.Process(w).status() != "zombie" for w in workers
    ):
        time.sleep(0.05)
    alive = [w for w in workers if psutil.pid_exists(w) and psutil.Process(w).status() != "zombie"]
    assert not alive, f"workers outlived the CLI: {alive}"
    # the rerun (same cache, same --out) gives what an uninterrupted run gives
    assert subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True).returncode == 0
    clean = tmp_path / "clean"
    ref = [str(clean) if a == str(out) else "1" if a == "2" else a for a in cmd]
    ref = ref[: ref.index("--cache-dir")] + ref[ref.index("--cache-dir") + 2 :]  # no cache, one worker
    assert subprocess.run(ref, cwd=ROOT, env=env, capture_output=True).returncode == 0
    for name in ("reports", "sections", "tables", "checks", "warnings", "errors"):
        a = pd.read_parquet(out / f"{name}.parquet")
        b = pd.read_parquet(clean / f"{name}.parquet")
        if "seconds" in a:
            a, b = a.drop(columns="seconds"), b.drop(columns="seconds")
        if "message" in a:  # the error message names the file: same path in both runs
            assert a["message"].tolist() == b["message"].tolist()
        pd.testing.assert_frame_equal(a, b)
    # the hung file timed out; the scanned sample is a no_text_layer error with OCR off
    assert sorted(pd.read_parquet(out / "errors.parquet")["reason"].tolist()) == ["no_text_layer", "timeout"]
