"""Comparisons across agencies, levels, regions and years: tidy DataFrames from corpus frames.

>>> import nlp_reports as nr
>>> from nlp_reports import compare
>>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
>>> compare.theme_profile(corpus.statements_frame(), by=["level", "year"]).columns.tolist()
['level', 'year', 'label', 'theme', 'n', 'share']
>>> compare.similarity(corpus).shape
(7, 7)
"""

from .boilerplate import boilerplate, boilerplate_members, normalize_statement
from .follow_through import follow_through, follow_through_summary
from .keyness import keyness
from .profiles import label_shares, theme_profile
from .quality import report_quality
from .similarity import similarity, similarity_long

__all__ = [
    "theme_profile",
    "label_shares",
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
