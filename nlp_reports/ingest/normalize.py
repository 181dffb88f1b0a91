"""Text normalisation: the ONE place where characters are canonicalised.

Every reader (pdf, txt, html) passes its text through :func:`normalize_text` exactly once, so
that all later stages can compare strings without caring where they came from.

What it does and why:

* Unicode NFKC, so that full-width digits and Latin letters become ASCII and the Kangxi
  radicals (U+2F00-U+2FDF) that PDF printers emit for common ideographs (⼯ for 工) become the
  unified ideographs;
* CJK Radicals Supplement look-alikes (U+2E80-U+2EFF, e.g. ⻚ for 页), which NFKC leaves alone,
  are mapped to the ideograph they stand for;
* Chinese punctuation stays full-width: NFKC would turn ，；：？！（） into ASCII, which changes
  how Chinese sentences are split later, so those characters (and the ellipsis …, and the
  circled numbers ①-⑳ used as list markers) are protected from NFKC;
* zero-width characters, BOM, soft hyphen and stray control characters are dropped; no-break and
  ideographic spaces become an ordinary space.  Lines are never joined here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text", "RADICAL_MAP"]

#: characters NFKC must not touch: Chinese full-width punctuation, the ellipsis, circled numbers
_PROTECTED: str = "，；：？！（）…" + "".join(chr(c) for c in range(0x2460, 0x2474))

# Kangxi radicals whose NFKC target is a traditional-only variant (戶, 靑, 黃), while Chinese
# (simplified) fonts draw the radical exactly like the common simplified character: PDF printers
# using such fonts emit the radical for 户/青/黄, so it must become that character.
_KANGXI_SIMPLIFIED: dict[str, str] = {"⼾": "户", "⾭": "青", "⿈": "黄"}

# Protected characters are swapped for Unicode noncharacters (U+FDD0...), which NFKC leaves
# alone and which never occur in real text, then swapped back after NFKC.
_TO_PLACEHOLDER: dict[int, str] = {ord(ch): chr(0xFDD0 + i) for i, ch in enumerate(_PROTECTED)}
_TO_PLACEHOLDER.update({ord(k): v for k, v in _KANGXI_SIMPLIFIED.items()})
_FROM_PLACEHOLDER = {0xFDD0 + i: ch for i, ch in enumerate(_PROTECTED)}

# CJK Radicals Supplement -> unified ideograph.  Hand table: these code points have no Unicode
# decomposition.  Only radicals that look like a character used in running text are mapped.
_SUPPLEMENT_TABLE: dict[str, str] = {
    "⺁": "厂",
    "⺃": "乚",
    "⺅": "亻",
    "⺆": "冂",
    "⺇": "几",
    "⺉": "刂",
    "⺊": "卜",
    "⺋": "㔾",
    "⺌": "小",
    "⺎": "兀",
    "⺏": "尣",
    "⺐": "尢",
    "⺒": "巳",
    "⺓": "幺",
    "⺔": "彑",
    "⺖": "忄",
    "⺘": "扌",
    "⺙": "攵",
    "⺛": "旡",
    "⺜": "日",
    "⺝": "月",
    "⺞": "歺",
    "⺟": "母",
    "⺠": "民",
    "⺡": "氵",
    "⺢": "氺",
    "⺣": "灬",
    "⺤": "爫",
    "⺥": "爫",
    "⺦": "丬",
    "⺧": "牛",
    "⺨": "犭",
    "⺩": "王",
    "⺪": "疋",
    "⺬": "示",
    "⺭": "礻",
    "⺯": "糹",
    "⺰": "纟",
    "⺱": "罓",
    "⺲": "罒",
    "⺳": "㓁",
    "⺹": "耂",
    "⺺": "肀",
    "⺻": "聿",
    "⺼": "月",
    "⺽": "臼",
    "⺾": "艹",
    "⺿": "艹",
    "⻀": "艹",
    "⻁": "虎",
    "⻂": "衤",
    "⻃": "覀",
    "⻄": "西",
    "⻅": "见",
    "⻆": "角",
    "⻈": "讠",
    "⻉": "贝",
    "⻋": "车",
    "⻌": "辶",
    "⻍": "辶",
    "⻎": "辶",
    "⻏": "阝",
    "⻐": "钅",
    "⻑": "長",
    "⻒": "镸",
    "⻓": "长",
    "⻔": "门",
    "⻖": "阝",
    "⻗": "雨",
    "⻘": "青",
    "⻙": "韦",
    "⻚": "页",
    "⻛": "风",
    "⻜": "飞",
    "⻝": "食",
    "⻟": "飠",
    "⻠": "饣",
    "⻡": "首",
    "⻢": "马",
    "⻣": "骨",
    "⻤": "鬼",
    "⻥": "鱼",
    "⻦": "鸟",
    "⻧": "卤",
    "⻨": "麦",
    "⻩": "黄",
    "⻪": "黾",
    "⻫": "斉",
    "⻬": "齐",
    "⻭": "歯",
    "⻮": "齿",
    "⻯": "竜",
    "⻰": "龙",
    "⻱": "龜",
    "⻲": "亀",
    "⻳": "龟",
}


def _build_radical_map() -> dict[int, str]:
    """Radical code point -> ideograph, for both radical blocks.

    Kangxi radicals come from their NFKC decomposition (so the table also covers them when a
    caller skips NFKC); Supplement radicals from the hand table, completed from the Unicode
    names where the plain name matches a Kangxi radical (``CJK RADICAL RAIN`` -> 雨).
    """
    table: dict[int, str] = {}
    kangxi_by_name: dict[str, str] = {}
    for cp in range(0x2F00, 0x2FE0):
        ch = chr(cp)
        name = unicodedata.name(ch, "")
        target = unicodedata.normalize("NFKC", ch)
        if name and target != ch:
            table[cp] = _KANGXI_SIMPLIFIED.get(ch, target)
            kangxi_by_name[name.removeprefix("KANGXI RADICAL ")] = target
    for cp in range(0x2E80, 0x2F00):
        ch = chr(cp)
        if ch in _SUPPLEMENT_TABLE:
            table[cp] = _SUPPLEMENT_TABLE[ch]
            continue
        name = unicodedata.name(ch, "").removeprefix("CJK RADICAL ")
        if name in kangxi_by_name:  # e.g. a plain radical name with no ONE/TWO variant
            table[cp] = kangxi_by_name[name]
    return table


#: code point -> replacement, usable with ``str.translate``
RADICAL_MAP: dict[int, str] = _build_radical_map()

# After NFKC: radicals -> ideographs, protected placeholders back, invisible characters dropped.
_POST_TABLE: dict[int, str | None] = dict(RADICAL_MAP)
_POST_TABLE.update(_FROM_PLACEHOLDER)
for _cp in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD, 0x180E):
    _POST_TABLE[_cp] = None
for _cp in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
    if chr(_cp) not in "\t\n\r":
        _POST_TABLE[_cp] = None
for _cp in (0x00A0, 0x3000, 0x2007, 0x202F):
    _POST_TABLE[_cp] = " "
for _cp in (0x0B, 0x0C, 0x85, 0x2028, 0x2029):  # vertical tab, form feed, line/paragraph separators
    _POST_TABLE[_cp] = "\n"

_ASCII_ONLY = re.compile(r"[\t\n\r\x20-\x7e]*")


def normalize_text(s: str) -> str:
    """Return ``s`` normalised (see the module docstring); the same string for plain ASCII."""
    if not s or _ASCII_ONLY.fullmatch(s):
        return s
    protected = s.translate(_TO_PLACEHOLDER)
    return unicodedata.normalize("NFKC", protected).translate(_POST_TABLE)
