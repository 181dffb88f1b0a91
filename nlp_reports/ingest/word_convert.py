"""Old Word (.doc) and WPS (.wps) files -> .docx bytes, through LibreOffice headless.

The binary formats have no maintained pure-Python reader; LibreOffice converts them faithfully
(tables included).  The conversion runs ``soffice --headless --convert-to docx`` in a temporary
directory (its own user profile, so it never collides with a running LibreOffice) with a time
limit.  Without LibreOffice on the PATH the input is an ``unsupported_format`` error that says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptDocumentError, UnsupportedFormatError

__all__ = ["word_kind", "find_soffice", "convert_to_docx"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_EXT = (".doc", ".wps", ".dot", ".wpt")
#: stream names of an OLE compound file written by Word or WPS (UTF-16 directory entries)
_WORD_STREAMS = ("WordDocument".encode("utf-16-le"), "WpsDocument".encode("utf-16-le"))
#: seconds LibreOffice may take for one file
CONVERT_TIMEOUT = 120


def word_kind(path: str, data: bytes) -> str | None:
    """'docx' for a Word package, 'doc' for an old Word/WPS binary document, else ``None``."""
    from .docx_reader import is_docx

    if is_docx(data):
        return "docx"
    if data.startswith(_OLE):
        ext = os.path.splitext(path)[1].lower()
        if ext in _WORD_EXT or any(s in data for s in _WORD_STREAMS):
            return "doc"
    return None


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``) on the PATH, else ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(path: str, data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The .docx bytes of an old Word/WPS document ``data`` (named ``path``), converted by LibreOffice.

    Raises :class:`UnsupportedFormatError` when LibreOffice is not installed and
    :class:`CorruptDocumentError` when it cannot convert the file in time.
    """
    exe = find_soffice()
    name = os.path.basename(path) or "input.doc"
    if exe is None:
        raise UnsupportedFormatError(
            f"{name} is an old Word/WPS document (.doc/.wps); install LibreOffice (e.g. "
            "`apt-get install libreoffice-writer`, so that `soffice` is on the PATH) to read it, "
            "or save it as .docx or PDF first",
            path=path,
        )
    ext = os.path.splitext(name)[1].lower() or ".doc"
    with tempfile.TemporaryDirectory(prefix="nlp_reports_word_") as tmp:
        src = Path(tmp) / f"input{ext if ext in _WORD_EXT else '.doc'}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(src),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise CorruptDocumentError(
                f"{name}: LibreOffice did not convert the document within {timeout:.0f} s; "
                "open it in Word/WPS and save it as .docx",
                path=path,
            ) from exc
        out = src.with_suffix(".docx")
        if proc.returncode != 0 or not out.is_file():
            err = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[:200]
            raise CorruptDocumentError(
                f"{name}: LibreOffice could not convert the document ({err or 'no output'}); "
                "the file may be damaged: open it in Word/WPS and save it as .docx",
                path=path,
            )
        return out.read_bytes()
