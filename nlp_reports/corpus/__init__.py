"""Corpus: many inputs -> reports (parallel, cached, one error record per bad input) and tidy frames."""

from .corpus import DOCVARS, Corpus
from .options import ReadOptions
from .reader import ErrorRecord, iter_reports, process_file, read_corpus, read_report

__all__ = [
    "Corpus",
    "DOCVARS",
    "ErrorRecord",
    "ReadOptions",
    "iter_reports",
    "process_file",
    "read_corpus",
    "read_report",
]
