"""One set of reading options and one reader path for ``read_report``, ``read_corpus`` and ``iter_reports``.

Why: the options used to be written out (with their defaults) in five signatures and two CLI calls,
and ``read_report`` ran its own copy of the batch loop; a default or a rule changed in one place
drifted from the others.  These tests pin the single source: the keywords are ``ReadOptions``'
fields with its defaults, and both entry points give the same errors and share the cache, also when
the same bytes come back under another file name.
"""

from __future__ import annotations

import dataclasses
import inspect
import shutil
from pathlib import Path

import pytest

import nlp_reports as nr
from nlp_reports.corpus import iter_reports
from nlp_reports.corpus.options import ReadOptions
from nlp_reports.errors import NlpReportsError, NotAReportError, WorkerDiedError

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "sample" / "txt"


def _keywords(fn) -> dict[str, object]:
    return {name: p.default for name, p in inspect.signature(fn).parameters.items() if p.kind is p.KEYWORD_ONLY}


def test_read_corpus_keywords_are_the_read_options_fields_with_their_defaults() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(ReadOptions)}
    assert _keywords(nr.read_corpus) == defaults
    single = _keywords(nr.read_report)
    assert single == {k: defaults[k] for k in single}
    assert set(single) == {"timeout", "max_memory", "cache_dir", "ocr", "engine"}


def test_read_options_are_checked_and_normalised_when_made(tmp_path) -> None:
    o = ReadOptions(ocr=False, timeout=0, max_memory=None, cache_dir=tmp_path)
    assert (o.ocr, o.timeout, o.cache_dir, o.cache_path) == ("never", None, str(tmp_path), str(tmp_path))
    assert o.content() == {"ocr": "never", "engine": "pdfminer"}
    assert ReadOptions(ocr=True).ocr == "auto" and ReadOptions(cache_dir="").open_cache() is None
    for bad in ({"ocr": "sometimes"}, {"engine": "word"}, {"max_memory": "a lot"}):
        with pytest.raises(NlpReportsError):
            ReadOptions(**bad)
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.ocr = "always"  # type: ignore[misc]

    # the cache namespace depends on the options that change the result only
    def namespace(**kw) -> str:
        return ReadOptions(cache_dir=tmp_path, **kw).open_cache().namespace

    assert namespace(n_jobs=4, timeout=5) == namespace() != namespace(ocr="never")


def test_iter_reports_takes_options_or_their_keywords() -> None:
    files = [SAMPLE / "yunxi_2023.txt"]
    a = [r.meta.doc_id for r, _e, _c in iter_reports(files, ReadOptions(progress=False, timeout=None, max_memory=None))]
    b = [r.meta.doc_id for r, _e, _c in iter_reports(files, progress=False, timeout=None, max_memory=None)]
    c = [r.meta.doc_id for r, _e, _c in iter_reports(files, ReadOptions(progress=True), progress=False)]
    assert a == b == c == ["yunxi_2023"]
    with pytest.raises(TypeError):
        list(iter_reports(files, progress=False, n_workers=2))


def test_read_report_and_read_corpus_share_the_cache(tmp_path) -> None:
    src = tmp_path / "in" / "yunxi_2023.txt"
    src.parent.mkdir()
    shutil.copy(SAMPLE / "yunxi_2023.txt", src)
    cache = tmp_path / "cache"
    rep = nr.read_report(src, cache_dir=cache)
    corpus = nr.read_corpus([src], cache_dir=cache, progress=False)
    assert corpus.n_cached == 1
    assert corpus[0].meta == rep.meta and corpus[0].text == rep.text


def test_the_same_bad_input_fails_alike_both_ways(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要\n今天讨论了食堂的菜单和下周的值班安排。\n" * 20, encoding="utf-8")
    with pytest.raises(NotAReportError) as info:
        nr.read_report(bad)
    row = nr.read_corpus([bad], progress=False).errors_frame().iloc[0]
    assert (row["reason"], row["message"]) == ("not_a_report", str(info.value))
    # a worker that dies: the same reason both ways (read_report reads in the same limited worker)
    dying = tmp_path / "dying_2023.txt"
    shutil.copy(SAMPLE / "yunxi_2023.txt", dying)
    monkeypatch.setenv("NLP_REPORTS_TEST_WORKER_FAULT", f"kill:{dying.name}")
    with pytest.raises(WorkerDiedError):
        nr.read_report(dying, timeout=30)
    assert nr.read_corpus([dying], timeout=30, progress=False).errors_frame()["reason"].tolist() == ["worker_died"]


def test_a_cached_error_under_another_name_names_that_file(tmp_path) -> None:
    a, b = tmp_path / "a" / "first.txt", tmp_path / "b" / "second.txt"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text("会议纪要\n今天讨论了食堂的菜单和下周的值班安排。\n" * 20, encoding="utf-8")
    cache = tmp_path / "cache"
    first = nr.read_corpus([a], cache_dir=cache, progress=False)
    second = nr.read_corpus([b], cache_dir=cache, progress=False)
    assert second.n_cached == 1
    row = second.errors_frame().iloc[0]
    assert row["source"] == str(b) and row["message"].startswith(str(b))
    assert row["message"][len(str(b)) :] == first.errors_frame().iloc[0]["message"][len(str(a)) :]


def _undated(title: str) -> str:
    """The sample report with no year in its text, under ``title``."""
    lines = (SAMPLE / "yunxi_2023.txt").read_text(encoding="utf-8").splitlines()[1:]
    return "\n".join([title] + [x for x in lines if "2023" not in x and "2022" not in x])


@pytest.mark.parametrize(
    ("title", "first", "second", "cached", "year"),
    [
        # no year but the file name's: the year follows the name
        ("云溪县人民政府政府信息公开工作年度报告", "yx_2021", "yx_2019", True, 2019),
        # the title's year, and a name without one: the title's year
        ("云溪县人民政府政府信息公开工作2020年度报告", "yx_2021", "yx", True, 2020),
        # the title's year and another in the name: read again, as a fresh read decides
        ("云溪县人民政府政府信息公开工作2020年度报告", "yx", "yx_2019", False, 2020),
    ],
)
def test_a_cached_report_under_another_name_gets_the_year_a_fresh_read_gives(
    tmp_path, title, first, second, cached, year
) -> None:
    text = _undated(title)
    a, b = tmp_path / "a" / f"{first}.txt", tmp_path / "b" / f"{second}.txt"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text(text, encoding="utf-8")
    cache = tmp_path / "cache"
    nr.read_corpus([a], cache_dir=cache, progress=False)
    again = nr.read_corpus([b], cache_dir=cache, progress=False)
    fresh = nr.read_corpus([b], progress=False)
    assert again.n_cached == int(cached)
    assert (again[0].meta.doc_id, again[0].meta.source) == (second, str(b))
    assert again[0].meta.year == fresh[0].meta.year == year
