"""The fuzz and fault suite on a small sample (``scripts/fuzz_batch.py`` runs it at full size).

What must happen, per kind of input (every input ends as a report or a specific error record,
never as an uncaught exception or an ``internal_error``, and no input outlives the timeout):

* ``mutant``        (byte flips, truncations, duplicated/deleted chunks of the real PDFs): a report
                    (``ok``/``warnings``) or one of ``corrupt``, ``not_a_pdf``, ``no_text_layer``,
                    ``not_a_report``, ``empty``, ``encrypted``, ``unsupported_format``, ``timeout``, ``memory``;
* ``flate_bomb``    (content stream inflating ~1000-fold): ``no_text_layer`` (it draws one glyph) or,
                    when the limit is hit first, ``memory`` / ``timeout``; the worker stays under the limit;
* ``xobject_bomb``  (forms drawing forms, 2^depth glyphs): ``timeout`` or ``memory``;
* ``html_*``        (huge page, 2,500-deep nesting, span bomb, ``<!---->`` bomb, unclosed tags): a report;
* ``encoding``      UTF-16 without BOM / UTF-8 with NULs / mixed UTF-8+GBK / GB18030 / UTF-32: a report,
                    with ``encoding_guessed`` / ``nul_bytes`` / ``encoding_mixed`` where it applies;
                    random bytes: ``unsupported_format``; Big5 (traditional text): a report decoded as
                    Big5 (never GB mojibake) and converted to simplified.
"""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import nlp_reports as nr

from conftest import ROOT, load_script

REPORT_OUTCOMES = {"ok", "warnings"}


@pytest.fixture(scope="module")
def fuzz():
    return load_script("fuzz_batch")


@pytest.fixture(scope="module")
def fuzz_inputs(fuzz, real_corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz")
    kinds = fuzz.generate(
        out, mutants=30, seed=11, bomb_mb=16, xobject_depth=30, html_scale=0.05, real=str(real_corpus_dir)
    )
    return out, kinds


def _check(res, kinds: dict[str, str]) -> None:
    assert not res.crashes, res.crashes
    assert not res.hangs, res.hangs
    assert res.worker_deaths == 0
    assert set(res.outcome) == set(kinds), "every input ends as a report or an error record"
    assert res.reports + res.errors == len(kinds)
    for name, kind in kinds.items():
        got = res.outcome[name]
        if kind == "mutant":
            assert got in REPORT_OUTCOMES | fuzz_expected(), (name, got)
        elif kind == "flate_bomb":
            assert got in {"no_text_layer", "memory", "timeout"}, (name, got)
        elif kind == "xobject_bomb":
            assert got in {"timeout", "memory"}, (name, got)
        elif kind.startswith("html_"):
            assert got in REPORT_OUTCOMES, (name, got)
        elif name in ("enc_random.txt", "enc_latin1_noise.txt"):
            assert got == "unsupported_format", (name, got)
        else:
            assert got in REPORT_OUTCOMES, (name, got)


def fuzz_expected() -> set[str]:
    return set(load_script("fuzz_batch").EXPECTED_REASONS) - {"worker_died", "not_found"}


def test_fuzz_sample_local(fuzz, fuzz_inputs) -> None:
    out, kinds = fuzz_inputs
    paths = sorted(out / n for n in kinds)
    res = fuzz.run(paths, backend="local", n_jobs=2, timeout=10.0, max_memory="1GB", grace=20.0)
    print(res.line())
    _check(res, kinds)
    assert res.peak_worker_mb < 2048
    # the encoding cases say what they guessed
    for name, code in [
        ("enc_utf16le_nobom.txt", "encoding_guessed"),
        ("enc_utf8_nuls.txt", "nul_bytes"),
        ("enc_mixed_utf8_gbk.txt", "encoding_mixed"),
        ("enc_big5.txt", "encoding_guessed"),
    ]:
        rep = nr.read_report(out / name)
        assert code in {w.code for w in rep.warnings}


def test_fuzz_generators_are_seeded(fuzz, real_corpus_dir, tmp_path) -> None:
    a = fuzz.generate(
        tmp_path / "a", mutants=3, seed=5, bomb_mb=1, xobject_depth=5, html_scale=0.01, real=str(real_corpus_dir)
    )
    b = fuzz.generate(
        tmp_path / "b", mutants=3, seed=5, bomb_mb=1, xobject_depth=5, html_scale=0.01, real=str(real_corpus_dir)
    )
    assert a == b
    for name in a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    bomb = (tmp_path / "a" / "bomb_flate.pdf").read_bytes()
    assert len(bomb) < 20_000  # 1 MB of content in a few KB


def test_fuzz_sample_dask(real_corpus_dir) -> None:
    """The Dask backend in a fresh interpreter (see tests/test_dask.py for why)."""
    pytest.importorskip("distributed")
    args = [
        sys.executable,
        str(ROOT / "scripts" / "fuzz_batch.py"),
        "--mutants",
        "12",
        "--small",
        "--backend",
        "dask",
        "--n-jobs",
        "2",
        "--timeout",
        "10",
        "--xobject-depth",
        "30",
        "--seed",
        "3",
        "--real",
        str(real_corpus_dir),
    ]
    if "max_memory" not in inspect.signature(nr.read_corpus).parameters:
        # this version's timeout is SIGALRM, which cannot fire in Dask worker threads (issue 11)
        args.append("--no-bombs")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=ROOT)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("fuzz ")), "")
    assert line, proc.stdout + proc.stderr
    assert " crashes=0 " in line and " hangs=0 " in line and " worker_deaths=0 " in line, proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]


def test_a_hang_is_judged_against_the_files_own_limit(fuzz, tmp_path) -> None:
    """Long PDFs and OCR'd pages get more time by design (README, Limits): past that it is a hang."""
    one = tmp_path / "one.pdf"
    one.write_bytes(fuzz.hostile_pdfs.flate_bomb(1))
    text = tmp_path / "a.txt"
    text.write_text("x")
    long = tmp_path / "long.pdf"
    long.write_bytes(b"%PDF-1.4\n" + b"<< /Type /Page >>\n" * 12)
    assert fuzz.allowed_seconds(text, 30.0, 0) == 30.0
    assert fuzz.allowed_seconds(one, 30.0, 0) == 30.0
    assert fuzz.allowed_seconds(long, 30.0, 0) == 120.0  # 10 s a page
    assert fuzz.allowed_seconds(one, 30.0, 2) == 150.0  # + 60 s per OCR'd page
