"""Per-file isolation: bombs, hung files and dying workers become error records; the batch goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.corpus import isolation
from nlp_reports.corpus.isolation import Limits, parse_memory
from nlp_reports.corpus.worker import count_pdf_pages
from nlp_reports.testing.hostile_pdfs import flate_bomb, xobject_bomb


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bombs")
    # text operators as filler: the parser builds objects, so memory (not time) is what runs out
    (d / "flate.pdf").write_bytes(flate_bomb(20, filler=b"BT /F1 12 Tf 72 720 Td (aaaa) Tj ET\n"))
    (d / "xobject.pdf").write_bytes(xobject_bomb(depth=12, fanout=10))
    return {"flate": d / "flate.pdf", "xobject": d / "xobject.pdf"}


@pytest.fixture
def quick_pages(monkeypatch):
    """Hung one-page files are cut at ``timeout`` itself, not at the per-page floor."""
    monkeypatch.setattr(isolation, "PER_PAGE_SECONDS", 0.0)


def test_flate_bomb_is_stopped_by_the_memory_limit_and_not_cached(bombs, sample_dir, tmp_path):
    good = sample_dir / "txt" / "yunxi_2023.txt"
    cache = tmp_path / "cache"
    corpus = nr.read_corpus([bombs["flate"], good], timeout=120, max_memory="200MB", cache_dir=cache, progress=False)
    assert [r.meta.doc_id for r in corpus] == ["yunxi_2023"]
    err = corpus.errors_frame()
    assert err["reason"].tolist() == ["memory"]
    assert "max_memory" in err["message"].iloc[0]
    assert len(list(cache.rglob("*.json"))) == 1  # the good file only: a transient failure is never cached


def test_read_report_has_limits_too(bombs, quick_pages):
    with pytest.raises(nr.errors.ParseTimeoutError, match="timeout"):
        nr.read_report(bombs["xobject"], timeout=2, max_memory="2GB")
    with pytest.raises(nr.errors.MemoryLimitError):
        nr.read_report(bombs["flate"], timeout=120, max_memory="200MB")


@pytest.mark.parametrize("backend,n_jobs", [(None, 1), (None, 2), ("threading", 2)])
def test_timeout_works_on_every_local_backend(bombs, sample_dir, quick_pages, backend, n_jobs):
    good = sample_dir / "txt" / "yunxi_2022.txt"
    corpus = nr.read_corpus(
        [bombs["xobject"], good], timeout=2, max_memory="2GB", n_jobs=n_jobs, backend=backend, progress=False
    )
    assert corpus.errors_frame()["reason"].tolist() == ["timeout"]
    assert len(corpus) == 1


def test_a_killed_worker_is_an_error_record_and_the_batch_goes_on(sample_dir, tmp_path, monkeypatch):
    files = sorted((sample_dir / "txt").glob("*.txt"))[:3]
    victim = tmp_path / "victim.txt"
    shutil.copy(files[0], victim)
    monkeypatch.setenv("NLP_REPORTS_TEST_WORKER_FAULT", "kill:victim.txt")
    for backend, n_jobs in [(None, 1), (None, 2), ("loky", 2)]:
        corpus = nr.read_corpus([files[0], victim, *files[1:]], n_jobs=n_jobs, backend=backend, progress=False)
        assert corpus.errors_frame()["reason"].tolist() == ["worker_died"], backend
        assert len(corpus) == 3
    with pytest.raises(nr.errors.WorkerDiedError):
        nr.read_report(victim)


def test_timeout_grows_with_the_page_count():
    lim = Limits(timeout=120)
    assert lim.deadline_seconds(1) == 120
    assert lim.deadline_seconds(30) == 30 * isolation.PER_PAGE_SECONDS
    assert lim.deadline_seconds(10**6) == isolation.MAX_TIMED_PAGES * isolation.PER_PAGE_SECONDS
    assert Limits(timeout=None).deadline_seconds(30) is None


def test_cheap_page_count(sample_dir):
    pdf = sample_dir / "pdf" / "yunxi_2023.pdf"
    assert count_pdf_pages(pdf.read_bytes()) == nr.read_report(pdf).meta.n_pages
    assert count_pdf_pages(b"%PDF-1.7 junk") == 0


def test_memory_sizes():
    assert parse_memory("1GB") == 1 << 30
    assert parse_memory("800MB") == 800 << 20
    assert parse_memory(12345) == 12345
    assert parse_memory(None) is None and parse_memory(0) is None
    with pytest.raises(nr.errors.NlpReportsError, match="max_memory"):
        parse_memory("lots")


def test_no_limits_reads_in_process(sample_dir):
    rep = nr.read_report(sample_dir / "txt" / "yunxi_2023.txt", timeout=None, max_memory=None)
    assert rep.meta.year == 2023
    same = nr.read_report(sample_dir / "txt" / "yunxi_2023.txt")
    assert same.meta == rep.meta and same.text == rep.text


def test_ocr_pages_extend_the_time_limit_but_a_hung_file_is_still_cut():
    from nlp_reports.corpus.isolation import OCR_PAGE_SECONDS, PER_PAGE_SECONDS, Limits

    lim = Limits(timeout=120.0)
    assert lim.deadline_seconds(1) == 120.0  # a hung one-page file: the plain limit
    assert lim.deadline_seconds(30) == 30 * PER_PAGE_SECONDS
    assert lim.deadline_seconds(30, 30) == 30 * PER_PAGE_SECONDS + 30 * OCR_PAGE_SECONDS  # a 30-page scan
    assert Limits(timeout=None).deadline_seconds(30, 30) is None


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads a process's environment from /proc")
def test_the_reading_worker_does_not_inherit_dasks_malloc_tuning(monkeypatch):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536; inherited, it made every PDF 10x slower on Dask."""
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    monkeypatch.setenv("NLP_REPORTS_TEST_KEEP", "1")
    w = isolation.Worker(None)
    try:
        env = Path(f"/proc/{w.proc.pid}/environ").read_bytes().split(b"\0")
    finally:
        w.kill()
    assert b"NLP_REPORTS_TEST_KEEP=1" in env
    assert not any(e.startswith(b"MALLOC_TRIM_THRESHOLD_=") for e in env)


def test_read_payload_records_an_encoding_bug_instead_of_raising(monkeypatch):
    """The worker's answer is always a payload: a failure while encoding becomes an internal_error record."""
    from nlp_reports.corpus import codec, worker

    def broken(rep):
        raise ValueError("cannot encode")

    monkeypatch.setattr(codec, "encode_report", broken)
    payload = worker.read_payload("corpora/sample/txt/yunxi_2023.txt", {})
    assert payload["kind"] == "error" and payload["reason"] == "internal_error"
    assert "ValueError" in payload["message"] and len(payload["sha256"]) == 64
