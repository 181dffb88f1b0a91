"""China's administrative divisions (GB/T 2260 codes) and the special zones that sign reports.

The fact table ``structure/data/divisions.csv.gz`` (current divisions as of 2025-12-31 plus former
names and codes; source in ``structure/data/README.md``) and ``special_zones.csv`` are loaded once per
process by :func:`load_gazetteer` (a cached loader: no state at import time).

A place is found in a string in two ways:

* :meth:`Gazetteer.match_at` — a place name starting at a position, with short names allowed
  ('淮安经济技术开发区' starts with 淮安 = 淮安市): used on agency names, which start with their place;
* :meth:`Gazetteer.mentions` — full names in running text (short names of prefectures are ordinary
  words too often: 朝阳, 东方, 中山), two-character county names ('道县') only after a non-ideograph
  or a place suffix.

A name can stand for several divisions (朝阳区: Beijing and Changchun); the caller decides from context.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Division", "Gazetteer", "Mention", "load_gazetteer"]

_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}
_PREF_STEM = re.compile(r"(市|地区|盟)$")
_ETHNIC = (
    "蒙古|藏|回|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|"
    "土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|"
    "鄂伦春|赫哲|门巴|珞巴|基诺"
)
_AUTONOMOUS = re.compile(r"^(.+?)(?:(?:" + _ETHNIC + r")族)+自治(?:州|县|旗)$")
# county names that are also common nouns in running text
_COMMON_COUNTY_NAMES = frozenset(
    {"市中区", "城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "中区", "林区"}
)


@dataclass(frozen=True)
class Division:
    """One administrative division: six-digit code, name, level ('province' | 'prefecture' | 'county')."""

    code: str
    name: str
    level: str
    current: bool = True
    successor: str = ""


@dataclass(frozen=True)
class Mention:
    """A place named in a string: where, the text, and the division codes it can stand for."""

    start: int
    end: int
    text: str
    codes: tuple[str, ...]


class Gazetteer:
    """Look-ups over the division table: names -> codes, code -> division and its parents."""

    def __init__(self, divisions: list[Division], zones: dict[str, str]) -> None:
        self.by_code: dict[str, Division] = {}
        for d in divisions:  # current rows first in the table; a former row never hides a current one
            if d.code not in self.by_code or (d.current and not self.by_code[d.code].current):
                self.by_code[d.code] = d
        full: dict[str, set[str]] = {}
        short: dict[str, set[str]] = {}
        for d in divisions:
            code = d.code if d.current or not d.successor else d.successor
            full.setdefault(d.name, set()).add(code)
            for s in self._short_names(d):
                short.setdefault(s, set()).add(code)
        for name, host in zones.items():
            full.setdefault(name, set()).add(host)
        provinces = {
            n for n, cs in short.items() if any(self.by_code[c].level == "province" for c in cs if c in self.by_code)
        }
        # a prefecture's short name equal to a province's short name (海南 藏族自治州) names the province
        for n in provinces:
            short[n] = {c for c in short[n] if self.by_code[c].level == "province"}
        self._full = {k: tuple(sorted(v)) for k, v in full.items()}
        self._short = {k: tuple(sorted(v)) for k, v in short.items() if k not in self._full}
        self.zones = dict(zones)
        # names indexed by first character, longest first: a leftmost-longest scan is a few dict look-ups
        # per character (a regex alternation of 4,000 names costs ~30 ms per report)
        self._start_index = self._index(set(self._full) | set(self._short))
        text_names = {n for n in self._full if n not in _COMMON_COUNTY_NAMES}
        text_names |= {n for n, cs in self._short.items() if any(self.by_code[c].level == "province" for c in cs)}
        self._text_index = self._index(text_names)

    @staticmethod
    def _index(names: set[str]) -> dict[str, tuple[frozenset[str], tuple[int, ...]]]:
        by_first: dict[str, set[str]] = {}
        for n in names:
            by_first.setdefault(n[0], set()).add(n)
        return {ch: (frozenset(ns), tuple(sorted({len(n) for n in ns}, reverse=True))) for ch, ns in by_first.items()}

    @staticmethod
    def _longest_at(index: dict[str, tuple[frozenset[str], tuple[int, ...]]], s: str, pos: int) -> str | None:
        entry = index.get(s[pos]) if pos < len(s) else None
        if entry is None:
            return None
        names, lengths = entry
        for n in lengths:
            cand = s[pos : pos + n]
            if len(cand) == n and cand in names:
                return cand
        return None

    @staticmethod
    def _short_names(d: Division) -> list[str]:
        out = []
        if d.level == "province":
            m = re.match(r"^(.+?)(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)$", d.name)
            if m:
                out.append(m.group(1))
        elif d.level == "prefecture":
            m = _AUTONOMOUS.match(d.name)
            stem = m.group(1) if m else _PREF_STEM.sub("", d.name)
            if len(stem) >= 2 and stem != d.name:
                out.append(stem)
        return out

    # ------------------------------------------------------------------ look-ups
    def lookup(self, name: str) -> tuple[str, ...]:
        """Codes of the divisions (or zone hosts) a name stands for: '朝阳区' -> ('110105', '220104')."""
        return self._full.get(name) or self._short.get(name) or ()

    def division(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def parent_codes(self, code: str) -> list[str]:
        """Codes of the province and prefecture above ``code`` that exist in the table (top first)."""
        out = []
        prov = code[:2] + "0000"
        if prov != code and prov in self.by_code:
            out.append(prov)
        pref = code[:4] + "00"
        if pref not in (code, prov) and pref in self.by_code:
            out.append(pref)
        return out

    def within(self, code: str, ancestor: str) -> bool:
        """True if ``code`` is ``ancestor`` or lies inside it."""
        if code == ancestor:
            return True
        a = self.by_code.get(ancestor)
        if a is None:
            return False
        if a.level == "province":
            return code[:2] == ancestor[:2]
        if a.level == "prefecture":
            return code[:4] == ancestor[:4]
        return False

    def describe(self, code: str) -> dict[str, str | None]:
        """``{'province', 'prefecture', 'county', 'code'}`` of a division code."""
        d = self.by_code.get(code)
        out: dict[str, str | None] = {"province": None, "prefecture": None, "county": None, "code": code}
        if d is None:
            return out
        out[d.level] = d.name
        for p in self.parent_codes(code):
            pd_ = self.by_code[p]
            out[pd_.level] = pd_.name
        return out

    def level(self, code: str) -> str | None:
        d = self.by_code.get(code)
        return d.level if d else None

    # ------------------------------------------------------------------ finding names
    def match_at(self, s: str, pos: int = 0) -> Mention | None:
        """The longest place name (full or short) starting at ``pos`` of ``s``."""
        name = self._longest_at(self._start_index, s, pos)
        if name is None:
            return None
        return Mention(pos, pos + len(name), name, self.lookup(name))

    def mentions(self, text: str) -> list[Mention]:
        """Places named in running text (full names; province short names)."""
        out = []
        index, pos, end = self._text_index, 0, len(text)
        while pos < end:
            if text[pos] not in index:
                pos += 1
                continue
            name = self._longest_at(index, text, pos)
            if name is None:
                pos += 1
                continue
            if len(name) == 2 and pos > 0:
                prev = text[pos - 1]
                if "\u4e00" <= prev <= "\u9fff" and prev not in "省市州盟区在于处至和与及对向从到的了是为将把由经原全":
                    pos += 1  # '街道县…', '简单县…': a two-character county needs a clean left edge
                    continue
            out.append(Mention(pos, pos + len(name), name, self.lookup(name)))
            pos += len(name)
        return out

    def place_chain(self, name: str) -> tuple[list[Mention], int]:
        """The places an agency name starts with ('淮安市洪泽区人民政府' -> 淮安市, 洪泽区) and where they end.

        Each mention keeps only the codes consistent with the one before it (a county inside the
        prefecture named first); a leading '中共' is skipped.
        """
        pos = 2 if name.startswith("中共") else 0
        chain: list[Mention] = []
        while pos < len(name):
            m = self.match_at(name, pos)
            if m is None:
                break
            codes = m.codes
            if chain:
                inside = tuple(c for c in codes if any(self.within(c, p) for p in chain[-1].codes))
                if not inside:
                    break  # '新乡市卫滨区' fine; '北京市吉林…' stops at 吉林
                codes = inside
                # the parent is now the one that contains the child
                chain[-1] = Mention(
                    chain[-1].start,
                    chain[-1].end,
                    chain[-1].text,
                    tuple(p for p in chain[-1].codes if any(self.within(c, p) for c in codes)),
                )
            end = m.end
            if m.text not in self._full:  # a short name with its suffix: '湘西州', '淮安经济…' (none)
                suf = re.match(r"地区|市|州|盟|省", name[end:])
                end += suf.end() if suf else 0
            chain.append(Mention(m.start, end, name[m.start : end], codes))
            pos = end
        return chain, pos


def _read_rows(data: bytes) -> list[Division]:
    rows = csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")))
    return [Division(r["code"], r["name"], r["level"], r["status"] == "current", r["successor"]) for r in rows]


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The package's gazetteer, read once per process."""
    base = resources.files("nlp_reports.structure") / "data"
    divisions = _read_rows((base / "divisions.csv.gz").read_bytes())
    zones = {
        r["name"]: r["host_code"]
        for r in csv.DictReader(io.StringIO((base / "special_zones.csv").read_text(encoding="utf-8")))
    }
    return Gazetteer(divisions, zones)
