"""The result cache: plain JSON that cannot run code, keyed by code-derived versions, and never fatal."""

from __future__ import annotations

import errno
import json
import os
import pickle
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import nlp_reports as nr
from nlp_reports.corpus import cache as cache_mod
from nlp_reports.corpus import codec, versions
from nlp_reports.corpus.cache import CacheWarning, DiskCache


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.json"))


class _Boom:
    """Unpickling this writes a marker file: proof that a cache load ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def test_planted_entries_never_run_code_and_are_misses(sample_dir, tmp_path):
    src = sample_dir / "txt" / "yunxi_2023.txt"
    cache = tmp_path / "cache"
    first = nr.read_corpus([src], cache_dir=cache, progress=False)
    (entry,) = _entries(cache)
    marker = tmp_path / "pwned"
    # a pickle under the old layout and under the new file name: neither is ever unpickled
    sha = entry.stem
    old = cache / "parse-1" / sha[:2] / f"{sha}.pkl"
    old.parent.mkdir(parents=True)
    old.write_bytes(pickle.dumps(_Boom(str(marker))))
    entry.write_bytes(pickle.dumps(_Boom(str(marker))))
    again = nr.read_corpus([src], cache_dir=cache, progress=False)
    assert not marker.exists()
    assert again.n_cached == 0  # not JSON: a miss, and rewritten
    pd.testing.assert_frame_equal(first.reports_frame(), again.reports_frame())
    json.loads(entry.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d["meta"].update(year="2023"),  # wrong type
        lambda d: d["tables"].update(applications={"index": [], "columns": [], "dtypes": ["os.system"], "data": []}),
        lambda d: d.update(kind="something"),
        lambda d: d["sections"].append({"key": "nope"}),
        lambda d: d["meta"].update(sha256="0" * 64),  # an entry of other bytes
    ],
)
def test_entries_that_do_not_validate_are_misses(sample_dir, tmp_path, mangle):
    src = sample_dir / "txt" / "yunxi_2022.txt"
    cache = tmp_path / "cache"
    nr.read_corpus([src], cache_dir=cache, progress=False)
    (entry,) = _entries(cache)
    d = json.loads(entry.read_text(encoding="utf-8"))
    mangle(d)
    entry.write_text(json.dumps(d), encoding="utf-8")
    again = nr.read_corpus([src], cache_dir=cache, progress=False)
    assert again.n_cached == 0 and len(again) == 1 and not again.errors


def test_report_round_trips_exactly(sample_dir):
    rep = nr.read_report(sample_dir / "pdf" / "bailuzhen_2021.pdf")
    back = codec.decode_report(json.loads(codec.dumps(codec.encode_report(rep))))
    assert back.meta == rep.meta and back.sections == rep.sections and back.warnings == rep.warnings
    for name, df in rep.tables.items():
        pd.testing.assert_frame_equal(df, getattr(back.tables, name))
    pd.testing.assert_frame_equal(rep.checks, back.checks)


def test_version_follows_the_code_and_the_options(tmp_path, monkeypatch):
    base = versions.parse_version({})
    assert versions.parse_version({"ocr": "auto"}) != base
    assert versions.parse_version({"ocr": "auto"}) == versions.parse_version({"ocr": "auto"})
    copy = tmp_path / "nlp_reports"
    shutil.copytree(versions._PKG, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(versions, "_PKG", copy)
    versions.source_hash.cache_clear()
    try:
        same = versions.parse_version({})
        nlp_before = versions.nlp_version()
        with open(copy / "structure" / "sections.py", "a", encoding="utf-8") as fh:
            fh.write("\n# a change to the reading code\n")
        versions.source_hash.cache_clear()
        assert same == base
        assert versions.parse_version({}) != base  # an edit of the reader: a new cache namespace
        assert versions.nlp_version() == nlp_before  # ... that the statements cache does not care about
    finally:
        versions.source_hash.cache_clear()


def test_renamed_copy_from_cache_takes_its_new_name_and_year(sample_dir, tmp_path):
    text = (sample_dir / "txt" / "yunxi_2023.txt").read_text(encoding="utf-8")
    # no year in the text: the year comes from the file name
    undated = "\n".join(line for line in text.splitlines() if "2023" not in line and "2022" not in line)
    a = tmp_path / "a" / "agency_2021.txt"
    b = tmp_path / "b" / "agency_2019.txt"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text(undated, encoding="utf-8")
    cache = tmp_path / "cache"
    ra = nr.read_corpus([a], cache_dir=cache, progress=False)
    rb = nr.read_corpus([b], cache_dir=cache, progress=False)
    assert rb.n_cached == 1
    assert (ra[0].meta.doc_id, ra[0].meta.year) == ("agency_2021", 2021)
    assert (rb[0].meta.doc_id, rb[0].meta.year, rb[0].meta.source) == ("agency_2019", 2019, str(b))


def _enospc(*a, **kw):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("fail", ["enospc", "readonly"])
def test_unwritable_cache_warns_once_and_loses_nothing(sample_dir, tmp_path, monkeypatch, fail):
    files = sorted((sample_dir / "txt").glob("*.txt"))
    if fail == "enospc":
        cache = tmp_path / "cache"
        monkeypatch.setattr(cache_mod.os, "replace", _enospc)
    else:
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        cache = blocker / "cache"  # cannot be created by anyone, root included
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = nr.read_corpus(files, cache_dir=cache, n_jobs=2, progress=False)
        st = corpus.statements_frame()
    cw = [w for w in caught if issubclass(w.category, CacheWarning)]
    assert len(corpus) == len(files) and not corpus.errors
    assert len(st) > 0
    assert 1 <= len(cw) <= 2  # one for the reading cache, at most one for the statements cache
    assert "cannot be written" in str(cw[0].message)
    assert not list(tmp_path.rglob("*.tmp"))


def test_real_read_only_folder(sample_dir, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root writes into read-only folders; the other cases cover it")
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        with pytest.warns(CacheWarning):
            corpus = nr.read_corpus(sorted((sample_dir / "txt").glob("*.txt"))[:2], cache_dir=cache, progress=False)
        assert len(corpus) == 2
    finally:
        cache.chmod(0o700)


def test_disk_cache_refuses_odd_keys(tmp_path):
    c = DiskCache(tmp_path, "ns")
    with pytest.raises(ValueError):
        c.put("../../evil", {"a": 1})
    assert c.put("ab12", {"a": 1}) and c.get("ab12") == {"a": 1}
    (tmp_path / "ns" / "ab" / "ab12.json").write_text("{not json")
    assert c.get("ab12") is None


def test_statements_cache_is_json_and_validated(sample_dir, tmp_path):
    corpus = nr.read_corpus(sorted((sample_dir / "txt").glob("*.txt"))[:2], cache_dir=tmp_path, progress=False)
    st = corpus.statements_frame()
    files = [p for p in _entries(tmp_path) if p.parts[-3].startswith("statements-")]
    assert len(files) == 2
    files[0].write_text('[{"text": 1}]', encoding="utf-8")
    again = nr.read_corpus(sorted((sample_dir / "txt").glob("*.txt"))[:2], cache_dir=tmp_path, progress=False)
    pd.testing.assert_frame_equal(st, again.statements_frame())
