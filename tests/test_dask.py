"""Scale-out: read_corpus on a dask.distributed LocalCluster gives the same result as a local run."""
from __future__ import annotations

import pandas as pd
import pytest

import nlp_reports as nr

distributed = pytest.importorskip("distributed", reason="pip install 'nlp_reports[dask]' for the Dask backend")


def test_dask_backend_matches_local(sample_dir):
    files = sorted((sample_dir / "txt").glob("*.txt")) + sorted((sample_dir / "pdf").glob("*.pdf"))[:2]
    local = nr.read_corpus(files, progress=False)
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster, distributed.Client(cluster) as client:
        client.wait_for_workers(2, timeout=120)
        assert len(client.scheduler_info()["workers"]) == 2
        remote = nr.read_corpus(files, backend="dask", progress=False)
    pd.testing.assert_frame_equal(local.reports_frame(), remote.reports_frame())
    pd.testing.assert_frame_equal(local.tables_frame(), remote.tables_frame())


def test_dask_backend_without_client_says_what_to_do(sample_dir):
    files = sorted((sample_dir / "txt").glob("*.txt"))[:2]
    with pytest.raises(nr.errors.NlpReportsError, match="Client"):
        nr.read_corpus(files, backend="dask", progress=False)


def test_cli_runs_on_a_local_dask_cluster(sample_dir, tmp_path):
    from nlp_reports.cli import main

    out = tmp_path / "parsed"
    code = main(["parse", str(sample_dir / "txt"), "--out", str(out), "--backend", "dask", "--n-jobs", "2", "--no-progress"])
    assert code == 0
    import pandas as pd

    assert len(pd.read_csv(out / "reports.csv")) == len(list((sample_dir / "txt").glob("*.txt")))


def test_cli_scheduler_needs_dask_backend(sample_dir, tmp_path, capsys):
    from nlp_reports.cli import main

    code = main(["parse", str(sample_dir / "txt"), "--out", str(tmp_path / "o"), "--scheduler", "tcp://127.0.0.1:1", "--no-progress"])
    assert code == 2 and "--backend dask" in capsys.readouterr().err
