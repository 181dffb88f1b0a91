"""Validation of any model against human coding, as content analysis requires.

>>> import nlp_reports as nr
>>> st = nr.read_corpus("corpora/sample/txt", progress=False).statements_frame()
>>> sheet = nr.validate.sample(st, n=30, by=["label", "level"], seed=1)   # stratified, stable unit ids
>>> sheet.columns.tolist()   # coders fill code_A and code_B
['unit_id', 'doc_id', 'agency', 'year', 'level', 'region', 'context', 'text', 'code_A', 'code_B', 'note']

Then ``sheet.to_excel("to_code.xlsx")`` (a ``codebook`` sheet explains the columns and codes),
``codes = nr.validate.read_codes("coded.xlsx")``, ``nr.validate.agreement(codes)`` (Krippendorff's
alpha, Cohen's kappa, percent agreement with bootstrap CIs), ``nr.validate.against_model(codes,
model=clf)``, ``nr.validate.learning_curve(model, texts, labels)`` and
``nr.validate.next_to_code(model, st, n=50)``.
"""

from .agreement import agreement, cohen_kappa, krippendorff_alpha, percent_agreement
from .coding import (
    CodingSheet,
    consensus,
    next_to_code,
    read_codes,
    sample,
    to_excel,
    unit_ids,
)
from .performance import ModelValidation, against_model, learning_curve

__all__ = [
    "CodingSheet",
    "ModelValidation",
    "against_model",
    "agreement",
    "cohen_kappa",
    "consensus",
    "krippendorff_alpha",
    "learning_curve",
    "next_to_code",
    "percent_agreement",
    "read_codes",
    "sample",
    "to_excel",
    "unit_ids",
]
