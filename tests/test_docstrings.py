"""The runnable examples in the docstrings of the main entry points, and the public API's names.

Why: the README and the docstrings are what users copy; an example that no longer runs (renamed
argument, changed column, moved file) must fail here, not in a user's notebook.  The examples use
the bundled sample corpus with paths relative to the repository root, so each doctest runs with the
working directory there.
"""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

import nlp_reports as nr

from conftest import ROOT

#: modules whose docstring examples are run (nlp/themes.py keeps its own examples and tests)
DOCTEST_MODULES = [
    "nlp_reports",
    "nlp_reports.model",
    "nlp_reports._signature",
    "nlp_reports.corpus.reader",
    "nlp_reports.corpus.options",
    "nlp_reports.corpus.corpus",
    "nlp_reports.corpus.inputs",
    "nlp_reports.ingest",
    "nlp_reports.ingest.choices",
    "nlp_reports.ingest.pdf_options",
    "nlp_reports.structure.metadata",
    "nlp_reports.structure.table_settings",
    "nlp_reports.structure.table_geometry",
    "nlp_reports.structure.tables_debug",
    "nlp_reports.testing.pdfgen",
    "nlp_reports.nlp.tokenizer",
    "nlp_reports.nlp.statements",
    "nlp_reports.nlp.classifier",
    "nlp_reports.nlp.model_io",
    "nlp_reports.nlp.calibration",
    "nlp_reports.nlp.theme_metrics",
    "nlp_reports.nlp.taxonomy",
    "nlp_reports.nlp.theme_thresholds",
    "nlp_reports.nlp.commitments",
    "nlp_reports.nlp.topics",
    "nlp_reports.nlp.codebook",
    "nlp_reports.validate",
    "nlp_reports.validate.agreement",
    "nlp_reports.validate.coding",
    "nlp_reports.compare",
    "nlp_reports.compare.profiles",
    "nlp_reports.compare.keyness",
    "nlp_reports.compare.boilerplate",
    "nlp_reports.compare.follow_through",
    "nlp_reports.compare.similarity",
    "nlp_reports.compare.quality",
    "nlp_reports.plot.heatmaps",
    "nlp_reports.cli",
]

OPTIONFLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _attr(path: str):
    """``'nlp_reports.compare:keyness'`` or ``'nlp_reports:Corpus.subset'`` -> the object."""
    modname, _, qualname = path.partition(":")
    obj = importlib.import_module(modname)
    for name in qualname.split("."):
        obj = getattr(obj, name)
    return obj


#: entry points that must carry at least one example that runs (not ``+SKIP``)
ENTRY_POINTS = [
    "nlp_reports:read_report",
    "nlp_reports:read_corpus",
    "nlp_reports:Corpus",
    "nlp_reports:Corpus.statements_frame",
    "nlp_reports:Corpus.commitments_frame",
    "nlp_reports:Corpus.reports_frame",
    "nlp_reports:Corpus.subset",
    "nlp_reports:Corpus.panel",
    "nlp_reports:Report",
    "nlp_reports.ingest:load_document",
    "nlp_reports.nlp.tokenizer:Tokenizer",
    "nlp_reports.nlp.statements:split_statements",
    "nlp_reports.nlp.statements:split_statements_spans",
    "nlp_reports.nlp.classifier:StatementClassifier",
    "nlp_reports.nlp.classifier:StatementClassifier.pretrained",
    "nlp_reports.nlp.classifier:StatementClassifier.predict",
    "nlp_reports.nlp.classifier:StatementClassifier.from_corpus",
    "nlp_reports.nlp.themes:ThemeTagger.pretrained",
    "nlp_reports.nlp.themes:ThemeTagger.explain",
    "nlp_reports.nlp.commitments:extract_commitments",
    "nlp_reports.nlp.topics:discover_topics",
    "nlp_reports.nlp.codebook:CodebookClassifier",
    "nlp_reports.validate:sample",
    "nlp_reports.validate:agreement",
    "nlp_reports.compare:theme_profile",
    "nlp_reports.compare:keyness",
    "nlp_reports.compare:boilerplate",
    "nlp_reports.compare:follow_through",
    "nlp_reports.compare:similarity",
    "nlp_reports.compare:report_quality",
    "nlp_reports.plot:theme_heatmap",
    "nlp_reports.cli:main",
]


def _runnable_examples(obj) -> list[doctest.Example]:
    doc = inspect.getdoc(obj) or ""
    examples = doctest.DocTestParser().get_examples(doc)
    return [ex for ex in examples if not ex.options.get(doctest.SKIP, False)]


@pytest.mark.parametrize("path", ENTRY_POINTS)
def test_entry_point_has_a_runnable_example(path):
    obj = _attr(path)
    assert _runnable_examples(obj), f"{path}: its docstring needs an example that runs (no `# doctest: +SKIP`)"


@pytest.mark.parametrize("modname", DOCTEST_MODULES)
def test_docstring_examples_run(modname, monkeypatch):
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(modname)
    tests = [t for t in doctest.DocTestFinder().find(module, modname) if t.examples]
    assert tests, f"{modname}: no docstring example found"
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    report: list[str] = []
    for test in sorted(tests, key=lambda t: t.name):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} failing example(s) in {modname}:\n" + "".join(report)


def test_doctest_runner_reports_a_wrong_example(monkeypatch):
    """The harness above must fail on a wrong expectation (guard against a test that cannot fail)."""
    monkeypatch.chdir(ROOT)
    bad = """
    >>> import nlp_reports as nr
    >>> nr.read_report("corpora/sample/txt/yunxi_2023.txt").meta.year
    1999
    """
    test = doctest.DocTestParser().get_doctest(bad, {}, "bad", "bad.py", 0)
    runner = doctest.DocTestRunner(optionflags=OPTIONFLAGS)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.summarize(verbose=False).failed == 1
    assert "2023" in "".join(out)


# --------------------------------------------------------------------------- public API


def _params(func) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(func).parameters)


def test_public_api_reading_layer():
    p = _params(nr.read_report)
    # issue 11: timeout/max_memory; issue 7: ocr; issue 13: engine
    assert list(p) == ["path", "timeout", "max_memory", "cache_dir", "ocr", "engine"]
    assert all(
        p[k].kind is inspect.Parameter.KEYWORD_ONLY for k in ("timeout", "max_memory", "cache_dir", "ocr", "engine")
    )
    assert p["ocr"].default == "auto" and p["engine"].default == "pdfminer"
    p = _params(nr.read_corpus)
    assert list(p)[0] == "inputs"
    for kw in ("n_jobs", "cache_dir", "backend", "timeout", "max_memory", "ocr", "engine"):
        assert kw in p and p[kw].kind is inspect.Parameter.KEYWORD_ONLY, kw
    assert p["ocr"].default == "auto" and p["engine"].default == "pdfminer"
    assert p["n_jobs"].default == 1 and p["cache_dir"].default is None and p["backend"].default is None


def test_public_api_corpus_and_report_objects(sample_dir):
    for name in (
        "reports_frame",
        "sections_frame",
        "tables_frame",
        "errors_frame",
        "statements_frame",
        "commitments_frame",
    ):
        assert callable(getattr(nr.Corpus, name)), name
    assert "where" in _params(nr.Corpus.subset)

    rep = nr.read_report(sample_dir / "txt" / "yunxi_2023.txt")
    assert rep.meta.doc_id == "yunxi_2023"
    assert set(rep.sections) <= set(nr.SECTION_KEYS)
    assert list(_params(rep.section)) == ["key"]
    assert rep.section("problems").found
    assert rep.tables.applications.shape == (25, 7)
    assert list(rep.checks.columns) == ["rule", "table", "where", "expected", "found", "ok"]
    assert isinstance(rep.warnings, list)
    assert "yunxi_2023" in rep._repr_html_()


def test_public_api_nlp():
    assert callable(nr.Tokenizer())
    assert list(_params(nr.split_statements)) == ["text"]
    assert list(_params(nr.split_statements_spans)) == ["text"]
    for name in ("pretrained", "from_corpus", "predict", "predict_proba", "save", "load"):
        assert callable(getattr(nr.StatementClassifier, name)), name
    assert list(_params(nr.StatementClassifier.from_corpus))[0] == "corpus"
    tagger = nr.ThemeTagger.pretrained()
    assert list(_params(tagger.predict))[0] in ("X", "texts", "statements")
    assert tagger.predict(["政策解读形式单一"]) == [["policy_interpretation"]]
    assert list(_params(nr.extract_commitments))[0] == "stmts"
    p = _params(nr.discover_topics)
    assert list(p)[0] == "texts" and p["n_topics"].default == 8


@pytest.mark.parametrize(
    "func, first, keywords",
    [
        ("theme_profile", "st", {"by": "agency"}),
        ("keyness", "corpus", {"by": "level", "target": "county"}),
        ("similarity", "corpus", {"part": "problems"}),
        ("boilerplate", "st", {"min_agencies": 2}),
        ("follow_through", "st", {}),
        ("report_quality", "corpus", {}),
    ],
)
def test_public_api_compare(func, first, keywords):
    p = _params(getattr(nr.compare, func))
    assert list(p)[0] == first
    for kw, default in keywords.items():
        assert kw in p, f"compare.{func} lacks {kw}="
        assert p[kw].default == default, f"compare.{func}({kw}=) default {p[kw].default!r}"


def test_public_api_plot():
    for name in ("theme_heatmap", "similarity_heatmap", "keyness"):
        assert callable(getattr(nr.plot, name)), name
    assert list(_params(nr.plot.theme_heatmap))[0] == "profile"


def test_package_lists_its_lazy_names():
    for name in (
        "Tokenizer",
        "split_statements",
        "StatementClassifier",
        "ThemeTagger",
        "extract_commitments",
        "discover_topics",
        "compare",
        "plot",
        "load_document",
        "read_report",
        "read_corpus",
        "Corpus",
    ):
        assert name in nr.__all__ and name in dir(nr), name
        assert getattr(nr, name) is not None
    with pytest.raises(AttributeError):
        nr.no_such_name  # noqa: B018
