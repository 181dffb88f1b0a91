"""Tables 二, 三, 四 from plain text.

Three shapes of text tables are read:

* numbers separated by spaces (text of a printed web page: ``一、本年新收… 9 0 0 0 0 0 9``),
  labels possibly broken over lines and numbers possibly on their own line;
* cells separated by ``|`` (markup flattened row by row; empty cells stay empty -> ``<NA>``);
* web text flattened into one line with the digits of neighbouring cells glued together
  (``…数量640020470二、…``).  Such a run is split into cells only when exactly one split
  obeys the template's own arithmetic (row 总计 = sum of the six applicant columns; each
  table 四 block's 总计 = sum of its four results).  Otherwise the table is not guessed:
  it is returned as ``None`` with a ``table_unparsed`` warning saying which row failed.

Rows are found by their key phrases in template order; a row's numbers are the run of
digits that follows its label and stops at the next row's label.
"""
from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

import pandas as pd

from ..model import RawDocument, ReportWarning, Tables
from . import template as T

_DIGITS = str.maketrans("０１２３４５６７８９．｜", "0123456789.|")
_RUN_RE = re.compile(r"[\d\s|.,]+")
_LABEL_CHARS = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’\"'/\s（）()《》\-]")
#: longest number a glued run may hold (cells of these tables stay below ten million)
_MAX_DIGITS = 7


def _key_re(key: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in key)


def _find(text: str, keys: Sequence[str], start: int, stop: Optional[int] = None) -> Optional[re.Match]:
    """Earliest match of any of ``keys`` (whitespace allowed between chars) in ``text[start:stop]``."""
    best = None
    for k in keys:
        m = re.compile(_key_re(k)).search(text, start, len(text) if stop is None else stop)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def _label_start(text: str, pos: int, floor: int, marker: str) -> int:
    """Walk back from a key phrase to where its row label starts (enumerator included)."""
    i = pos
    while i > floor:
        m = re.search(re.escape(marker) + r"\s*[.．、]\s*$", text[max(floor, i - 6):i]) if marker.isdigit() else None
        if m:
            return max(floor, i - 6) + m.start()
        ch = text[i - 1]
        if ch.isdigit() or ch in "|.,":
            break
        if not _LABEL_CHARS.match(ch):
            break
        i -= 1
    return i


def _run_after(text: str, pos: int, stop: int) -> str:
    """The numbers of a row: the run of digits / spaces / pipes between ``pos`` and ``stop``.

    Between a row's key phrase and the next row's label there may be the rest of the label,
    repeated label cells (markup spans) and group labels of the next row; the run holding the
    most digits and pipes is the row's cells.
    """
    best, score = "", 0
    for m in _RUN_RE.finditer(text, pos, stop):
        run = m.group(0)
        sc = sum(ch.isdigit() or ch == "|" for ch in run)
        if sc > score:
            best, score = run, sc
    return best


def _first_cells(text: str, pos: int, stop: int) -> Optional[re.Match]:
    """The first run after ``pos`` that holds cells (a digit, or at least three pipes)."""
    for m in _RUN_RE.finditer(text, pos, stop):
        run = m.group(0)
        if any(ch.isdigit() for ch in run) or run.count("|") >= 3:
            return m
    return None


def _segment(pieces: Sequence[str], k: int, valid: Optional[Callable[[list[int]], bool]]) -> Optional[list[int]]:
    """The unique way to cut glued digit strings into ``k`` numbers that ``valid`` accepts, else ``None``."""
    sols: list[list[int]] = []

    def rec(pi: int, off: int, acc: list[str]) -> None:
        if len(sols) > 1 or len(acc) > k:
            return
        if pi == len(pieces):
            if len(acc) == k:
                nums = [int(a) for a in acc]
                if valid is None or valid(nums):
                    sols.append(nums)
            return
        s = pieces[pi]
        if off == len(s):
            rec(pi + 1, 0, acc)
            return
        for L in range(1, min(_MAX_DIGITS, len(s) - off) + 1):
            part = s[off:off + L]
            if len(part) > 1 and part[0] == "0":
                break
            rec(pi, off + L, acc + [part])

    if any(not p.isdigit() for p in pieces):
        return None
    rec(0, 0, [])
    return sols[0] if len(sols) == 1 else None


def _cells(run: str, k: int, valid: Optional[Callable[[list[int]], bool]] = None,
           decimal: bool = False) -> tuple[Optional[list], str]:
    """Cut a numeric run into ``k`` cells; returns (values or None, reason)."""
    run = run.strip()
    if "|" in run:
        parts = run.split("|")
        if run.startswith("|"):
            parts = parts[1:]
        if len(parts) == k + 1 and not parts[-1].strip():
            parts = parts[:-1]
        if len(parts) != k:
            return None, f"{len(parts)} cells for {k} columns"
        out = []
        for p in parts:
            p = p.strip()
            if not p:
                out.append(None)
                continue
            v = T.parse_number(p, decimal=decimal)
            if v is None:
                return None, f"cell {p!r} is not a number"
            out.append(v)
        return out, ""
    toks = run.split()
    if len(toks) == k:
        vals = [T.parse_number(t, decimal=decimal) for t in toks]
        if any(v is None for v in vals):
            return None, f"{run!r} is not {k} numbers"
        return vals, ""
    if not toks:
        return None, "no numbers"
    if len(toks) > k:
        return None, f"{len(toks)} numbers for {k} columns"
    vals2 = _segment(toks, k, valid)
    if vals2 is None:
        return None, f"digits {run!r} cannot be split into {k} cells unambiguously"
    return vals2, ""


def _row_sum_ok(nums: list[int]) -> bool:
    return sum(nums[:-1]) == nums[-1]


def _blocks_ok(nums: list[int]) -> bool:
    return all(sum(nums[b * 5:b * 5 + 4]) == nums[b * 5 + 4] for b in range(3))


# --------------------------------------------------------------------------- table 三


def _applications(text: str, warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    """Table 三 from the first 本年新收 row that starts a readable table (narrative mentions are skipped)."""
    first_keys, last_keys = T.APPLICATION_ROWS_25[0].keys, T.APPLICATION_ROWS_25[-1].keys
    why = ""
    pos = 0
    while True:
        first = _find(text, first_keys, pos)
        if first is None:
            break
        pos = first.end()
        last = _find(text, last_keys, first.end())
        if last is None:
            break
        if not re.search(r"\d", text[first.end():first.end() + 80]):
            continue
        # the table ends with the last row's numbers
        tail = _first_cells(text, last.end(), min(len(text), last.end() + 300))
        region = text[:tail.end() if tail else len(text)]
        frame, why = _rows_from_keys(region, first, T.choose_layout(region[first.start():]))
        if frame is None:
            continue
        if frame.isna().any().any():
            warnings.append(ReportWarning("table_blank_cells", "table 三 leaves some cells blank", "kept as <NA>"))
        return frame
    if why:
        warnings.append(ReportWarning("table_unparsed", f"table 三: {why}", "the table was not read rather than guessed"))
    return None


def _rows_from_keys(region: str, first: re.Match, layout: Sequence[T.RowSpec]) -> tuple[Optional[pd.DataFrame], str]:
    keys: list[re.Match] = []
    cur = first.start()
    for spec in layout:
        # prefer the enumerated label ("3.其他") over a bare key that may sit in a group label
        numbered = _find(region, [f"{spec.marker}{sep}{k}" for k in spec.keys for sep in ".、．"], cur) \
            if spec.marker.isdigit() else None
        m = _find(region, spec.keys, numbered.start() if numbered else cur)
        if m is None:
            return None, f"row {spec.label} not found"
        keys.append(m)
        cur = m.end()
    starts = [_label_start(region, m.start(), keys[i - 1].end() if i else 0, spec.marker)
              for i, (m, spec) in enumerate(zip(keys, layout))]
    rows = []
    for i, (m, spec) in enumerate(zip(keys, layout)):
        stop = starts[i + 1] if i + 1 < len(keys) else len(region)
        run = _run_after(region, m.end(), stop)
        vals, why = _cells(run, len(T.APPLICANT_COLUMNS), _row_sum_ok)
        if vals is None:
            return None, f"row {spec.label}: {why}"
        rows.append(vals)
    return T.applications_frame(rows, [s.label for s in layout]), ""


# --------------------------------------------------------------------------- table 四


def _review(text: str, warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    head = re.compile(_key_re("结果维持"))
    total = re.compile(_key_re("总计"))
    for m in head.finditer(text):
        digit = re.compile(r"\d").search(text, m.end())
        stop = digit.start() if digit else len(text)
        ends = [t.end() for t in total.finditer(text, m.end(), min(stop, m.end() + 600))]
        if len(ends) < 3:  # the header names 总计 once per block (more when markup repeats spans)
            continue
        cells = _first_cells(text, ends[-1], min(len(text), ends[-1] + 400))
        run = cells.group(0) if cells else ""
        vals, why = _cells(run, 15, _blocks_ok)
        if vals is None:
            warnings.append(ReportWarning("table_unparsed", f"table 四: {why}", "the table was not read rather than guessed"))
            return None
        if any(v is None for v in vals):
            warnings.append(ReportWarning("table_blank_cells", "table 四 leaves some cells blank", "kept as <NA>"))
        return T.review_frame(vals)
    return None


# --------------------------------------------------------------------------- table 二


_ROW_LABEL_RE = re.compile("|".join(_key_re(k) for k, _ in T.PROACTIVE_ROW_LABELS))


def _proactive(text: str, warnings: list[ReportWarning]) -> Optional[pd.DataFrame]:
    art = re.compile(_key_re("第二十条第") + r"\s*[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*" + _key_re("项"))
    marks = list(art.finditer(text))
    if not marks:
        return None
    # blocks run from one 第二十条 heading to the next; the last one stops at table 三
    end_m = _find(text, ("收到和处理", "勾稽关系", "申请人情况", "本年新收"), marks[-1].end())
    part3 = re.compile(r"\n\s*三\s*、").search(text, marks[-1].end())
    end = min(m.start() for m in (end_m, part3) if m) if (end_m or part3) else min(len(text), marks[-1].end() + 300)
    blocks: list[T.ProactiveBlock] = []
    problems: list[str] = []
    for i, mk in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else end
        if stop <= mk.end():
            continue
        body = text[mk.end():stop]
        labels = [lm for lm in _ROW_LABEL_RE.finditer(body) if T.proactive_row_item(lm.group(0))]
        head = body[:labels[0].start()] if labels else body
        hdr = [(float(r), col) for r, (_, _, col) in enumerate(T.header_phrases(T.squeeze(head)))]
        rows = []
        for j, lm in enumerate(labels):
            item = T.proactive_row_item(lm.group(0))
            nxt = labels[j + 1].start() if j + 1 < len(labels) else len(body)
            cells = _first_cells(body, lm.end(), nxt)
            run = cells.group(0).strip() if cells else ""
            if "|" in run or len(run.split()) == max(1, len(hdr)):
                parts = [p.strip() for p in run.strip("|").split("|")] if "|" in run else run.split()
            elif run and len(hdr) > 1:
                segs = _segment(run.split(), len(hdr), None)
                if segs is None:
                    problems.append(f"{item}: digits {run!r} cannot be split into {len(hdr)} cells unambiguously")
                    continue
                parts = [str(v) for v in segs]
            else:
                parts = run.split()
            rows.append((item, [(float(r), p) for r, p in enumerate(parts) if p]))
            if "|" in run and any(not p for p in parts):
                problems.append(f"{item}: blank cell")
        blocks.append(T.ProactiveBlock(header=hdr, rows=rows, geometric=False, old=T.is_2019_header(head)))
    frame, more, old = T.assemble_proactive(blocks)
    problems += more
    if problems:
        warnings.append(ReportWarning("table_unparsed", "table 二: some cells could not be read", "; ".join(problems)))
        return None
    if old and frame is not None:
        warnings.append(ReportWarning("table_old_layout", "table 二 uses the 2019 columns",
                                      "本年新制作数量 -> 本年制发件数, 对外公开总数量 -> 现行有效件数; other 2019 columns dropped"))
    return frame


# --------------------------------------------------------------------------- entry points


def extract_text_tables_from_string(text: str) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables found in ``text`` (see the module docstring for the shapes read)."""
    text = text.translate(_DIGITS)
    warnings: list[ReportWarning] = []
    tables = Tables(
        proactive=_proactive(text, warnings),
        applications=_applications(text, warnings),
        review_litigation=_review(text, warnings),
    )
    return tables, warnings


def document_text(doc: RawDocument) -> str:
    """The text to search for tables: the kept lines if the reader gave lines, else the paragraphs."""
    lines = [ln.text for p in doc.pages for ln in p.lines if not ln.furniture]
    return "\n".join(lines) if lines else doc.text


def extract_text_tables(doc: RawDocument) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables of a text document."""
    return extract_text_tables_from_string(document_text(doc))
