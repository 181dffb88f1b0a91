"""Parameter lists written once (nlp_reports/_signature.py): the public functions built with them show
every parameter with its annotation and default, and reject a wrong keyword naming themselves."""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import pytest
from typing_extensions import TypedDict, Unpack

import nlp_reports as nr
from nlp_reports._signature import keywords_of, same_parameters_as
from nlp_reports.compare.uncertainty import ShareUncertainty
from nlp_reports.errors import NlpReportsError

KW = inspect.Parameter.KEYWORD_ONLY


@dataclass(frozen=True)
class _Style:
    colour: str = "red"
    width: int = 1


class _OtherKeywords(TypedDict, total=False):
    colour: str
    height: int


def test_keywords_of_refuses_a_typeddict_that_names_other_fields():
    def draw(shape: str, **style: Unpack[_OtherKeywords]) -> str:
        return shape

    with pytest.raises(TypeError, match=r"has keys \['colour', 'height'\], _Style has fields \['colour', 'width'\]"):
        keywords_of(_Style)(draw)


def test_keywords_of_needs_unpacked_keywords_and_defaults():
    def untyped(shape: str, **style: int) -> str:
        return shape

    with pytest.raises(TypeError, match="annotate \\*\\*style as Unpack"):
        keywords_of(_Style)(untyped)

    @dataclass
    class NoDefault:
        colour: str

    with pytest.raises(TypeError, match=r"fields \['colour'\] need a default"):
        keywords_of(NoDefault)


def test_same_parameters_as_passes_every_argument_with_the_sources_defaults():
    def source(a: int, b: int = 2, *, c: str = "x") -> None: ...

    @same_parameters_as(source)
    def echo(**arguments: object) -> dict:
        return arguments

    assert echo(1) == {"a": 1, "b": 2, "c": "x"}
    assert echo(1, c="y") == {"a": 1, "b": 2, "c": "y"}
    assert (
        echo.__name__ == "echo"
        and str(inspect.signature(echo)) == "(a: 'int', b: 'int' = 2, *, c: 'str' = 'x') -> 'dict'"
    )
    with pytest.raises(TypeError, match=r"echo\(\) missing a required argument: 'a'"):
        echo()


@pytest.mark.parametrize(
    "func, own",
    [
        (nr.compare.theme_profile, {"by": "agency", "labels": ("problem", "improvement"), "normalize": True}),
        (nr.compare.label_shares, {"by": "agency", "labels": ("problem", "improvement", "other")}),
    ],
)
def test_share_functions_show_their_uncertainty_keywords(func, own):
    p = inspect.signature(func).parameters
    expected = {"ci": None, "n_boot": 1000, "seed": 1, "cluster": "doc_id", "correct": None}
    assert list(p) == ["st", *own, *expected]
    assert {k: p[k].default for k in own} == own
    assert {k: p[k].default for k in expected} == expected
    assert all(p[k].kind is KW and p[k].annotation is not p[k].empty for k in expected)
    assert p["ci"].annotation == "float | None" and p["n_boot"].annotation == "int"
    assert ShareUncertainty() == ShareUncertainty(**expected)
    with pytest.raises(TypeError, match=rf"{func.__name__}\(\) got an unexpected keyword argument 'n_bot'"):
        func(None, n_bot=10)


def test_share_uncertainty_is_checked_before_any_work():
    """A bad level fails at once, even where no statement would have needed an interval."""
    import pandas as pd

    empty = pd.DataFrame(columns=["agency", "label", "themes"])
    with pytest.raises(NlpReportsError, match="ci is a confidence level"):
        nr.compare.theme_profile(empty, ci=1.5)
    with pytest.raises(NlpReportsError, match="ci is a confidence level"):
        nr.compare.label_shares(empty, ci=95)


def test_load_document_shows_the_pdf_options_and_reads_with_them(sample_dir):
    from nlp_reports.ingest import load_document
    from nlp_reports.ingest.pdf_options import PdfReadOptions

    p = inspect.signature(load_document).parameters
    assert list(p) == ["path", "data", "ocr", "on_ocr_pages", "engine"]
    assert [p[k].default for k in ("data", "ocr", "on_ocr_pages", "engine")] == [None, "auto", None, "pdfminer"]
    assert all(p[k].kind is KW and p[k].annotation is not p[k].empty for k in ("ocr", "on_ocr_pages", "engine"))
    assert PdfReadOptions() == PdfReadOptions(ocr="auto", on_ocr_pages=None, engine="pdfminer")
    with pytest.raises(TypeError, match=r"load_document\(\) got an unexpected keyword argument 'egnine'"):
        load_document(sample_dir / "pdf" / "yunxi_2023.pdf", egnine="pdfium")
    with pytest.raises(NlpReportsError, match="engine='word'"):
        load_document(sample_dir / "pdf" / "yunxi_2023.pdf", engine="word")
    doc = load_document(sample_dir / "pdf" / "yunxi_2023.pdf", ocr=False)
    assert doc.format == "pdf" and not doc.ocr_pages
