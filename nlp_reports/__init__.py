"""nlp_reports: Chinese government information disclosure annual reports (政府信息公开工作年度报告) as research data.

Read -> structure -> nlp -> compare (paths relative to the repository root):

>>> import nlp_reports as nr
>>> rep = nr.read_report("corpora/sample/pdf/yunxi_2023.pdf")
>>> print(rep.meta.agency, rep.meta.year, rep.section("problems").subsections[1].title)
云溪县人民政府 2023 改进措施
>>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
>>> st = corpus.statements_frame()
>>> sorted(st["label"].unique())
['improvement', 'other', 'problem']
>>> nr.compare.theme_profile(st, by="agency").columns.tolist()
['agency', 'label', 'theme', 'n', 'share']

For a big batch, ``nr.read_corpus("reports/", n_jobs=2, cache_dir=".nlp_reports_cache")`` reads in
worker processes and keeps a content-hash cache, so a rerun skips unchanged files.

Heavy parts (jieba, scikit-learn, matplotlib) are imported on first use, so ``import nlp_reports``
stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import errors
from ._version import __version__  # noqa: F401  (the package version)
from .corpus import Corpus, read_corpus, read_report
from .model import SECTION_KEYS, Report, ReportMeta, Section, Subsection, Tables

_LAZY = {
    "Tokenizer": ("nlp_reports.nlp.tokenizer", "Tokenizer"),
    "split_statements": ("nlp_reports.nlp.statements", "split_statements"),
    "split_statements_spans": ("nlp_reports.nlp.statements", "split_statements_spans"),
    "StatementClassifier": ("nlp_reports.nlp.classifier", "StatementClassifier"),
    "ThemeTagger": ("nlp_reports.nlp.themes", "ThemeTagger"),
    "load_taxonomy": ("nlp_reports.nlp.taxonomy", "load_taxonomy"),
    "extract_commitments": ("nlp_reports.nlp.commitments", "extract_commitments"),
    "discover_topics": ("nlp_reports.nlp.topics", "discover_topics"),
    "compare": ("nlp_reports.compare", None),
    "validate": ("nlp_reports.validate", None),
    "io": ("nlp_reports.io", None),
    "Codebook": ("nlp_reports.nlp.codebook", "Codebook"),
    "CodebookClassifier": ("nlp_reports.nlp.codebook", "CodebookClassifier"),
    "plot": ("nlp_reports.plot", None),
    "load_document": ("nlp_reports.ingest", "load_document"),
    "open_results": ("nlp_reports.results", "open_results"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        mod_name, attr = _LAZY[name]
        mod = importlib.import_module(mod_name)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module 'nlp_reports' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))


__all__ = [
    "Corpus",
    "Report",
    "ReportMeta",
    "Section",
    "Subsection",
    "Tables",
    "SECTION_KEYS",
    "errors",
    "read_corpus",
    "read_report",
    *_LAZY,
]
