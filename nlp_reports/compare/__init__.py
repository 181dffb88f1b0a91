"""Comparisons across agencies, levels, regions and years: tidy DataFrames from corpus frames.

>>> from nlp_reports import compare                                    # doctest: +SKIP
>>> compare.theme_profile(corpus.statements_frame(), by=["level", "year"])  # doctest: +SKIP
"""
from .boilerplate import boilerplate, boilerplate_members, normalize_statement
from .follow_through import follow_through, follow_through_summary
from .keyness import keyness
from .profiles import theme_profile
from .quality import report_quality
from .similarity import similarity, similarity_long

__all__ = [
    "theme_profile",
    "keyness",
    "similarity",
    "similarity_long",
    "boilerplate",
    "boilerplate_members",
    "normalize_statement",
    "follow_through",
    "follow_through_summary",
    "report_quality",
]
