"""Scale-out: read_corpus on a dask.distributed LocalCluster gives the same result as a local run.

The cluster tests run in a fresh interpreter (subprocess): a Dask client started inside a test process
that has already run hundreds of other tests (thread pools, loky workers, signal timers) is at the
mercy of that state; a clean process is also what a user's script or the CLI sees.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import nlp_reports as nr

pytest.importorskip("distributed", reason="pip install 'nlp_reports[dask]' for the Dask backend")

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import logging, os, shutil, sys, tempfile
    from pathlib import Path
    import pandas as pd
    import distributed
    import nlp_reports as nr

    sample = Path(sys.argv[1])
    files = sorted((sample / "txt").glob("*.txt")) + sorted((sample / "pdf").glob("*.pdf"))[:2]
    local = nr.read_corpus(files, progress=False)
    faults = Path(tempfile.mkdtemp())
    for name in ("hung.txt", "victim.txt"):  # test hooks: one never finishes, one kills its worker
        shutil.copy(files[0], faults / name)
    os.environ["NLP_REPORTS_TEST_WORKER_FAULT"] = "hang:hung.txt,kill:victim.txt"
    if __name__ == "__main__":
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \\
             distributed.Client(cluster) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
            remote = nr.read_corpus(files, backend="dask", progress=False)
            # a hung file is stopped by the timeout although Dask runs tasks in worker threads
            hung = nr.read_corpus([faults / "hung.txt", files[1]], backend="dask", timeout=3, progress=False)
            assert hung.errors_frame()["reason"].tolist() == ["timeout"] and len(hung) == 1, hung.errors_frame()
            # a file that kills its reading process is one error record; TerminatedWorkerError never escapes
            died = nr.read_corpus([faults / "victim.txt", files[1], files[2]], backend="dask", progress=False)
            assert died.errors_frame()["reason"].tolist() == ["worker_died"] and len(died) == 2, died.errors_frame()
        pd.testing.assert_frame_equal(local.reports_frame(), remote.reports_frame())
        pd.testing.assert_frame_equal(local.tables_frame(), remote.tables_frame())
        print("OK", len(remote))
    """
)


def test_dask_backend_matches_local(sample_dir, tmp_path):
    script = tmp_path / "dask_check.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), str(sample_dir)], capture_output=True, text=True, timeout=600, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    n = len(list((sample_dir / "txt").glob("*.txt"))) + 2
    assert proc.stdout.strip().splitlines()[-1] == f"OK {n}"


def test_dask_backend_without_client_says_what_to_do(sample_dir):
    files = sorted((sample_dir / "txt").glob("*.txt"))[:2]
    with pytest.raises(nr.errors.NlpReportsError, match="Client"):
        nr.read_corpus(files, backend="dask", progress=False)


def test_cli_runs_on_a_local_dask_cluster(sample_dir, tmp_path):
    out = tmp_path / "parsed"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlp_reports.cli",
            "parse",
            str(sample_dir / "txt"),
            "--out",
            str(out),
            "--backend",
            "dask",
            "--n-jobs",
            "2",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(pd.read_csv(out / "reports.csv")) == len(list((sample_dir / "txt").glob("*.txt")))


def test_cli_scheduler_needs_dask_backend(sample_dir, tmp_path, capsys):
    from nlp_reports.cli import main

    code = main(
        [
            "parse",
            str(sample_dir / "txt"),
            "--out",
            str(tmp_path / "o"),
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--no-progress",
        ]
    )
    assert code == 2 and "--backend dask" in capsys.readouterr().err
