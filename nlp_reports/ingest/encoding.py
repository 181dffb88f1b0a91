"""Which encoding a text file uses, and its text.

Reports downloaded over many years come in every encoding Chinese Windows and web servers
produce.  Handled, in this order:

* a BOM (UTF-8, UTF-16, UTF-32) decides;
* UTF-16 without a BOM ("Unicode" text saved by old tools): both byte orders are decoded and
  kept when the result is plausible text (CJK, ASCII, punctuation), with ``encoding_guessed``;
* UTF-8, also with stray NUL bytes (removed, warning ``nul_bytes``);
* files that mix UTF-8 and GBK line by line (a GBK file appended to in UTF-8): each line is
  decoded on its own (warning ``encoding_mixed``);
* GB18030 (GBK, GB2312) or Big5 (traditional Chinese, Taiwan/Hong Kong tools and mirror
  sites).  Big5 bytes nearly always decode as GB18030 too — into mojibake — so both decodings
  are scored by how many of their characters are *common* ones (level 1 of GB2312 for the GB
  reading, 常用字 of Big5 for the Big5 reading; mojibake is mostly rare characters) and the
  better one is kept; Big5 or a close call gives ``encoding_guessed``.

What is left undecodable is replaced by U+FFFD with warning ``encoding``; a file that is mostly
undecodable raises :class:`~nlp_reports.errors.UnsupportedFormatError`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from ..errors import UnsupportedFormatError
from ..model import ReportWarning

__all__ = ["DecodedText", "decode_text", "looks_like_text", "common_char_ratio"]

#: characters looked at when scoring a decoding (enough to decide, cheap on big files)
_SAMPLE_CHARS = 20000
#: margin by which the Big5 reading must beat the GB reading to be chosen
_BIG5_MARGIN = 0.15


@dataclass
class DecodedText:
    """The text of a file, the encoding it was read with, and warnings about the reading."""

    text: str
    encoding: str
    warnings: list[ReportWarning] = field(default_factory=list)


def _is_plausible_char(ch: str) -> bool:
    o = ord(ch)
    return (
        32 <= o < 127
        or ch in "\t\n\r\x0c"
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0x3400 <= o <= 0x9FFF  # CJK ideographs
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x206F  # general punctuation (“” — …)
        or 0x00A0 <= o <= 0x00FF
        or 0x2460 <= o <= 0x24FF  # enclosed numbers ①
        or 0x2E80 <= o <= 0x2FDF  # radicals (Chromium PDFs)
    )


def plausible_ratio(text: str) -> float:
    """Share of characters that occur in Chinese report text (CJK, ASCII, punctuation)."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(map(_is_plausible_char, sample)) / len(sample)


def common_char_ratio(text: str, encoding: str) -> float:
    """Share of the CJK characters of ``text`` that are common characters in ``encoding``'s own order.

    GB2312 puts its 3,755 most common characters first (lead bytes B0-D7); Big5 its 5,401 常用字
    (lead bytes A4-C6).  Real text scores about 0.9 or more in its own encoding, mojibake
    (Big5 read as GB or the reverse) about 0.6 or less.
    """
    if encoding == "gb18030":
        enc, lo, hi = "gb2312", 0xB0, 0xD7
    else:
        enc, lo, hi = "cp950", 0xA4, 0xC6
    n = good = 0
    for ch in text[: _SAMPLE_CHARS * 2]:
        if "\u4e00" <= ch <= "\u9fff":
            n += 1
            try:
                b = ch.encode(enc)
            except UnicodeEncodeError:
                continue
            good += lo <= b[0] <= hi
            if n >= _SAMPLE_CHARS:
                break
    return good / n if n else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """The byte order ('utf-16-le'/'utf-16-be') under which ``data`` reads as text, else ``None``."""
    if len(data) < 4:
        return None
    head = data[: 2 * _SAMPLE_CHARS]
    head = head[: len(head) // 2 * 2]
    best, best_ratio = None, 0.0
    for enc in ("utf-16-le", "utf-16-be"):
        text = head.decode(enc, errors="replace")
        ratio = plausible_ratio(text)
        if ratio > best_ratio:
            best, best_ratio = enc, ratio
    # UTF-8/GB text read as UTF-16 gives Hangul, private-use and unassigned characters
    return best if best_ratio >= 0.97 else None


def _legacy(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, confident) of bytes in GB18030 or Big5, the better-scoring reading."""
    readings: dict[str, str] = {}
    for enc in ("gb18030", "cp950"):
        try:
            readings[enc] = data.decode(enc)
        except UnicodeDecodeError:
            continue
    if not readings:
        return data.decode("gb18030", errors="replace"), "gb18030", False
    if len(readings) == 1:
        enc, text = next(iter(readings.items()))
        return text, enc, enc == "gb18030"
    s_gb = common_char_ratio(readings["gb18030"], "gb18030")
    s_b5 = common_char_ratio(readings["cp950"], "big5")
    if s_b5 > s_gb + _BIG5_MARGIN:
        return readings["cp950"], "cp950", False
    return readings["gb18030"], "gb18030", s_gb >= s_b5 + _BIG5_MARGIN


def _utf8_line_ok(line: bytes) -> bool:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # GB bytes can form valid UTF-8 of two-byte sequences (Latin, Greek, Cyrillic…); Chinese UTF-8
    # has three-byte characters
    return any(ord(ch) >= 0x800 for ch in text) and plausible_ratio(text) >= 0.9


_ENC_NAMES = {"cp950": "Big5", "gb18030": "GB18030/GBK", "utf-8": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


def decode_text(data: bytes, path: str = "") -> DecodedText:
    """Decode the bytes of a text file (see the module docstring for the order of the tests)."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _finish(data.decode(enc, errors="replace"), enc, [], path)
    warnings: list[ReportWarning] = []
    if b"\x00" in data[: 2 * _SAMPLE_CHARS]:
        enc16 = _utf16_without_bom(data)
        if enc16:
            warnings.append(
                ReportWarning(
                    "encoding_guessed", f"no byte-order mark: read as {enc16.upper()} (UTF-16 text); check the text"
                )
            )
            return _finish(data[: len(data) // 2 * 2].decode(enc16, errors="replace"), enc16, warnings, path)
    n_nul = data.count(b"\x00")
    if n_nul:
        data = data.replace(b"\x00", b"")
        warnings.append(
            ReportWarning("nul_bytes", f"{n_nul} NUL byte(s) removed (a damaged download or a file padded with zeros)")
        )
    try:
        return _finish(data.decode("utf-8"), "utf-8", warnings, path)
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    keep = {i for i, ln in enumerate(lines) if not ln.isascii() and _utf8_line_ok(ln)}
    if keep:
        other = [ln for i, ln in enumerate(lines) if i not in keep and not ln.isascii()]
        _, enc, _ = _legacy(b"\n".join(other))
        text = "\n".join(
            ln.decode("utf-8") if i in keep else ln.decode(enc, errors="replace") for i, ln in enumerate(lines)
        )
        warnings.append(
            ReportWarning(
                "encoding_mixed",
                f"the file mixes encodings: {len(keep)} line(s) read as UTF-8, {len(other)} as {_ENC_NAMES[enc]}; "
                "check the text and save the file as UTF-8",
            )
        )
        return _finish(text, f"utf-8+{enc}", warnings, path)
    text, enc, confident = _legacy(data)
    if not confident:
        warnings.append(
            ReportWarning(
                "encoding_guessed",
                f"no encoding declared: read as {_ENC_NAMES[enc]}"
                + (" (traditional Chinese)" if enc == "cp950" else "")
                + "; if the text looks garbled, save the file as UTF-8",
            )
        )
    return _finish(text, enc, warnings, path)


def _finish(text: str, enc: str, warnings: list[ReportWarning], path: str) -> DecodedText:
    bad = text.count("\ufffd")
    if bad:
        if bad > max(20, len(text) // 20):
            raise UnsupportedFormatError(
                f"{path}: the text is neither UTF-8, GB18030, Big5 nor UTF-16 ({bad} undecodable characters); "
                "convert the file to UTF-8 and try again",
                path=path,
            )
        warnings.append(
            ReportWarning("encoding", f"{bad} undecodable bytes replaced by U+FFFD; check the file's encoding")
        )
    return DecodedText(text, enc, warnings)


def looks_like_text(head: bytes) -> bool:
    """True if the first bytes of a file read as text in one of the encodings :func:`decode_text` handles."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head and _utf16_without_bom(head):
        return True
    body = head.replace(b"\x00", b"") if head.count(b"\x00") <= len(head) // 20 else head
    for enc in ("utf-8", "gb18030", "cp950"):
        try:
            text = body.decode(enc)
        except UnicodeDecodeError as exc:
            if exc.start < len(body) - 4:  # not just a character cut at the end of the sample
                continue
            text = body[: exc.start].decode(enc)
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\x0c")
        if text and controls <= max(2, len(text) // 200):
            return True
    # UTF-8 and GBK lines mixed: judged line by line
    lines = [ln for ln in body.split(b"\n")[:-1] if ln.strip()]
    if lines:
        ok = 0
        for ln in lines:
            for enc in ("utf-8", "gb18030"):
                try:
                    ln.decode(enc)
                    ok += 1
                    break
                except UnicodeDecodeError:
                    continue
        return ok >= 0.9 * len(lines)
    return False
