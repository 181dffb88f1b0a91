"""Script of a report: traditional characters -> simplified (OpenCC), mirror-site pinyin notes removed.

Mirror sites re-publish reports in traditional characters and sometimes add the pinyin of a word
in brackets after it (``報(bào)告``, ``報告（bàogào）``, ``报(bao4)告``).  Everything downstream
(heading vocabulary, table row labels, the tokenizer) is written for simplified text, so a whole
report detected as traditional is converted with OpenCC's ``t2s`` before it is read.  Detection
counts *traditional-only* characters (those ``t2s`` changes) against *simplified-only* ones (those
``s2t`` changes): a simplified report with a stray traditional character is never converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["ScriptResult", "detect_script", "strip_pinyin_notes", "to_simplified", "convert_script"]

_CJK = re.compile(r"[\u3400-\u9fff]")

#: a report is traditional when at least this share of its CJK characters are traditional-only …
_MIN_TRAD_SHARE = 0.03
#: … and traditional-only characters outnumber simplified-only ones by this factor
_MIN_RATIO = 3.0


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=20000)
def _char_kind(ch: str) -> int:
    """+1 traditional-only, -1 simplified-only, 0 the same in both scripts."""
    if _converter("t2s").convert(ch) != ch:
        return 1
    if _converter("s2t").convert(ch) != ch:
        return -1
    return 0


def _char_kinds(chars: tuple[str, ...]) -> dict[str, int]:
    """:func:`_char_kind` of many characters with one OpenCC call per direction (one character a line)."""
    if not chars:
        return {}
    joined = "\n".join(chars)
    t2s = _converter("t2s").convert(joined).split("\n")
    s2t = _converter("s2t").convert(joined).split("\n")
    if len(t2s) != len(chars) or len(s2t) != len(chars):
        return {ch: _char_kind(ch) for ch in chars}
    return {ch: (1 if a != ch else -1 if b != ch else 0) for ch, a, b in zip(chars, t2s, s2t)}


#: frequent traditional-only characters of these reports (報告 開 關 務 資 處 縣 …): a text with almost none of
#: them is simplified without asking OpenCC (which costs ~0.3 s to load per process)
_FREQUENT_TRAD = re.compile(
    "[報開關務資處縣區實發經設們個這來時會為國說與書門問題體長點動義計進過還應當現員機構統規劃據數權"
    "強領導職責議專網頁認識級單項類標準辦審複訴訟結維糾請轉決護務複雜優將對從無]"
)


def detect_script(text: str) -> str:
    """``'traditional'`` if ``text`` is written in traditional characters, else ``'simplified'``.

    >>> detect_script("政府信息公開工作年度報告"), detect_script("政府信息公开工作年度报告")
    ('traditional', 'simplified')
    """
    from collections import Counter

    n_cjk = len(_CJK.findall(text))
    if n_cjk == 0 or len(_FREQUENT_TRAD.findall(text)) < _MIN_TRAD_SHARE * n_cjk / 2:
        return "simplified"
    counts = Counter(_CJK.findall(text))
    n = sum(counts.values())
    kinds = _char_kinds(tuple(counts))
    trad = sum(c for ch, c in counts.items() if kinds[ch] > 0)
    simp = sum(c for ch, c in counts.items() if kinds[ch] < 0)
    if n == 0:
        return "simplified"
    if trad >= _MIN_TRAD_SHARE * n and trad >= _MIN_RATIO * simp:
        return "traditional"
    return "simplified"


def to_simplified(text: str) -> str:
    """``text`` converted from traditional to simplified characters (OpenCC ``t2s``, phrase-aware)."""
    return _converter("t2s").convert(text)


_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTER = "a-zü" + _TONE
#: one pinyin syllable: letters with a tone mark, or letters followed by a tone number (bao4)
_SYL = r"(?:[" + _LETTER + r"]{0,6}[" + _TONE + r"][" + _LETTER + r"]{0,5}|[a-zü]{1,6}[1-5])"
#: bracketed pinyin (one or more syllables, optionally space/apostrophe-separated) after a CJK character
_PINYIN_NOTE = re.compile(
    r"(?<=[\u3400-\u9fff])\s?[(（]\s*(?:"
    + _SYL
    + r"|[a-zü]{1,6})(?:[\s'’·-]?(?:"
    + _SYL
    + r"|[a-zü]{1,6})){0,5}\s*[)）]"
)
_HAS_TONE = re.compile(r"[" + _TONE + r"]|[a-zü][1-5]")


def strip_pinyin_notes(text: str) -> tuple[str, int]:
    """Remove bracketed pinyin after Chinese characters; returns (text, number removed).

    Only brackets holding lower-case pinyin syllables with at least one tone (mark or number) are
    removed, so an abbreviation ``（PDF）`` or a bracketed remark is never touched.

    >>> strip_pinyin_notes("年度報(bào)告和整改（zhěng gǎi）措施，报(bao4)告（PDF）")
    ('年度報告和整改措施，报告（PDF）', 3)
    """
    n = 0

    def repl(m: re.Match) -> str:
        nonlocal n
        inner = m.group(0)
        if not _HAS_TONE.search(inner):
            return inner
        n += 1
        return ""

    return _PINYIN_NOTE.sub(repl, text), n


@dataclass
class ScriptResult:
    """The outcome of :func:`convert_script`."""

    text: str
    script: str  # the script the input was written in: 'simplified' | 'traditional'
    n_pinyin: int = 0

    @property
    def changed(self) -> bool:
        return self.script == "traditional" or self.n_pinyin > 0


def convert_script(text: str) -> ScriptResult:
    """Pinyin notes removed and, when the text is traditional, converted to simplified.

    >>> r = convert_script("五、存在的主要問題及改進情況")
    >>> r.text, r.script
    ('五、存在的主要问题及改进情况', 'traditional')
    """
    stripped, n = strip_pinyin_notes(text)
    script = detect_script(stripped)
    out = to_simplified(stripped) if script == "traditional" else stripped
    return ScriptResult(out, script, n)


# ----------------------------------------------------------------------------- applied to inputs

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


def decode_input(data: bytes, fmt: str, path: str = "") -> str:
    """The text of a text or HTML input as the readers decode it (declared charset of a page first)."""
    from .text_reader import decode_bytes

    if fmt == "html":
        m = _CHARSET.search(data[:4096])
        cs = m.group(1).decode("ascii", "ignore").lower() if m else None
        if cs and cs not in ("utf-8", "utf8"):
            try:
                return data.decode("gb18030" if cs in ("gb2312", "gbk", "gb18030") else cs)
            except (LookupError, UnicodeDecodeError):
                pass
    return decode_bytes(data, path)[0]


def converted_bytes(text: str, fmt: str) -> bytes:
    """``text`` (already converted) as UTF-8 bytes for the reader; an HTML page's charset says so too."""
    if fmt == "html":
        text = (
            re.sub(
                r"(<meta[^>]+charset\s*=\s*[\"']?)[A-Za-z0-9_\-]+",
                r"\1utf-8",
                text[:4096],
                count=1,
                flags=re.IGNORECASE,
            )
            + text[4096:]
        )
    return text.encode("utf-8")


def script_warning(result: ScriptResult):
    """The ``script_converted`` / ``mirror_noise`` warning describing what :func:`convert_script` changed."""
    from ..model import ReportWarning

    if result.script == "traditional":
        extra = f"; {result.n_pinyin} bracketed pinyin notes removed" if result.n_pinyin else ""
        return ReportWarning(
            "script_converted",
            "the report is written in traditional characters and was converted to simplified (OpenCC t2s)"
            f"{extra}; the original is in Report.source_text",
            detail="traditional->simplified",
        )
    return ReportWarning(
        "mirror_noise",
        f"{result.n_pinyin} bracketed pinyin annotations removed (text from a mirror site); "
        "prefer the agency's own page if available",
    )


def convert_document(doc) -> None:
    """Convert a read :class:`~nlp_reports.model.RawDocument` in place (PDF and Word inputs).

    Paragraphs, lines (and their characters, which the PDF table reader uses), markup tables and
    the title are converted; ``doc.script`` and ``doc.source_text`` are set.
    """
    from dataclasses import replace

    if not doc.source_text:
        doc.source_text = doc.text
    result = convert_script(doc.text)
    doc.script = result.script
    if not result.changed:
        return

    def conv(s: str) -> str:
        s2 = strip_pinyin_notes(s)[0] if result.n_pinyin else s
        return to_simplified(s2) if result.script == "traditional" else s2

    for p in doc.paragraphs:
        p.text = conv(p.text)
    for page in doc.pages:
        for line in page.lines:
            line.text = conv(line.text)
            if line.chars and result.script == "traditional":
                line.chars = [replace(c, text=to_simplified(c.text)) if _CJK.match(c.text) else c for c in line.chars]
    doc.html_tables = [[[conv(c) for c in row] for row in t] for t in doc.html_tables]
    doc.title = conv(doc.title)
    doc.warnings.append(script_warning(result))
