"""Exceptions of nlp_reports.

Every error the toolkit raises on purpose derives from :class:`NlpReportsError`
and says what the user can do about it.  ``read_corpus`` turns the input errors
(:class:`InputError` and its subclasses) into one row of ``corpus.errors_frame()``
each, so that one bad file never stops a batch.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any


class NlpReportsError(Exception):
    """Base class of all errors raised by nlp_reports."""


class InputError(NlpReportsError):
    """An input file could not be turned into a report.

    ``reason`` is a short machine-readable code used in ``errors_frame()``: ``unreadable`` here, and
    the code each subclass below names as a class keyword (``class EmptyFileError(InputError,
    reason="empty")``); a subclass that names none is refused, so no error reaches the frame unnamed.
    """

    reason: str = "unreadable"

    def __init_subclass__(cls, reason: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not reason:
            raise TypeError(f"{cls.__name__} must name its errors_frame code: class {cls.__name__}(..., reason='...')")
        cls.reason = reason

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __reduce__(self):  # keep path when crossing process boundaries
        return (self.__class__, (self.args[0] if self.args else "", self.path))


class FileNotFound(InputError, reason="not_found"):
    """A path, folder or pattern names no file, or the file disappeared before it was read: check the path."""


class EmptyFileError(InputError, reason="empty"):
    """The file is empty, or no report text is left once scripts, navigation and page furniture are gone.

    Remove it from the input, or get a complete copy.
    """


class NotAPdfError(InputError, reason="not_a_pdf"):
    """Named .pdf but not a PDF (often the HTML page of a download link): download the document itself."""


class EncryptedPdfError(InputError, reason="encrypted"):
    """The PDF needs a password: get an unprotected copy, or open it with the password and print it to a new PDF."""


class CorruptPdfError(InputError, reason="corrupt"):
    """The PDF is damaged or truncated: no pages, or none that can be read or rendered.  Download it again."""


class CorruptDocumentError(InputError, reason="corrupt"):
    """A Word document (.docx/.doc/.wps) that is damaged or could not be converted."""


class NoTextLayerError(InputError, reason="no_text_layer"):
    """The PDF has no usable text: a scan (图片版) that OCR did not read, or fonts without a Unicode mapping.

    Install the ``ocr`` extra and read with OCR on, or find a text version of the report.
    """


class NotAReportError(InputError, reason="not_a_report"):
    """The text is no government information disclosure annual report (no 政府信息公开 vocabulary, none of
    the six parts): remove it from the input, or check that the right file was given."""


class UnsupportedFormatError(InputError, reason="unsupported_format"):
    """A file type nlp_reports does not read (told by its bytes), an old .doc/.wps without LibreOffice, or
    text in an unknown encoding.  Convert it to PDF (with a text layer), .docx or UTF-8 text."""


class ParseTimeoutError(InputError, reason="timeout"):
    """Reading the file took longer than ``timeout`` seconds: raise the timeout, or check the file."""


class OcrUnavailableError(NlpReportsError):
    """OCR was asked for, but the optional engine (the ``ocr`` extra) is not installed."""


class MemoryLimitError(InputError, reason="memory"):
    """Reading the file needed more memory than ``max_memory`` (a decompression bomb, or a huge file)."""


class WorkerDiedError(InputError, reason="worker_died"):
    """The process reading the file died (killed by the system, or a crash in a native library)."""


class ModelError(NlpReportsError):
    """A model could not be loaded, trained or applied."""


class ModelInputError(ModelError, ValueError):
    """Data or parameters given to a model's ``fit`` / ``predict`` are unusable (also a ``ValueError``,
    as scikit-learn's tools expect of an estimator)."""


@cache
def _not_fitted_error() -> type:
    """Build :class:`NotFittedError` on first use: it subclasses scikit-learn's ``NotFittedError``, and
    importing scikit-learn here would slow ``import nlp_reports`` for users who never touch a model."""
    from sklearn.exceptions import NotFittedError as _SklearnNotFitted

    return type(
        "NotFittedError",
        (ModelError, _SklearnNotFitted),
        {"__module__": __name__, "__doc__": "A model was used before ``fit`` (also sklearn's ``NotFittedError``)."},
    )


if TYPE_CHECKING:
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError

    class NotFittedError(ModelError, _SklearnNotFittedError):
        """A model was used before ``fit``."""


def __getattr__(name: str) -> Any:
    # ``NotFittedError`` is created lazily (see _not_fitted_error); everything else is a plain attribute
    if name == "NotFittedError":
        return _not_fitted_error()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class FontNotFoundError(NlpReportsError):
    """No installed font can draw Chinese text."""


class CodingError(NlpReportsError):
    """A file of human codes (``nr.validate.read_codes``) cannot be used: bad codes, missing columns, one coder."""


class CodebookError(NlpReportsError):
    """A codebook (``nr.Codebook``) is malformed: no codes, duplicate codes, unreadable file."""


class NotARunFolderError(NlpReportsError):
    """``open_results`` was given a folder that is not the finished ``--out`` folder of an analyze run."""
