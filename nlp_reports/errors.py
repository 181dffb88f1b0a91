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

    ``reason`` is a short machine-readable code (``no_text_layer``, ``encrypted``,
    ``corrupt``, ``empty``, ``not_a_pdf``, ``not_a_report``, ``unsupported_format``,
    ``timeout``, ``memory``, ``worker_died``, ``not_found``) used in ``errors_frame()``.
    """

    reason = "unreadable"

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __reduce__(self):  # keep path when crossing process boundaries
        return (self.__class__, (self.args[0] if self.args else "", self.path))


class FileNotFound(InputError):
    reason = "not_found"


class EmptyFileError(InputError):
    reason = "empty"


class NotAPdfError(InputError):
    reason = "not_a_pdf"


class EncryptedPdfError(InputError):
    reason = "encrypted"


class CorruptPdfError(InputError):
    reason = "corrupt"


class CorruptDocumentError(InputError):
    """A Word document (.docx/.doc/.wps) that is damaged or could not be converted."""

    reason = "corrupt"


class NoTextLayerError(InputError):
    reason = "no_text_layer"


class NotAReportError(InputError):
    reason = "not_a_report"


class UnsupportedFormatError(InputError):
    reason = "unsupported_format"


class ParseTimeoutError(InputError):
    reason = "timeout"


class OcrUnavailableError(NlpReportsError):
    """OCR was asked for, but the optional engine (the ``ocr`` extra) is not installed."""


class MemoryLimitError(InputError):
    """Reading the file needed more memory than ``max_memory`` (a decompression bomb, or a huge file)."""

    reason = "memory"


class WorkerDiedError(InputError):
    """The process reading the file died (killed by the system, or a crash in a native library)."""

    reason = "worker_died"


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
