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
from collections.abc import Callable, Sequence

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


def _find(text: str, keys: Sequence[str], start: int, stop: int | None = None) -> re.Match | None:
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
        m = re.search(re.escape(marker) + r"\s*[.．、]\s*$", text[max(floor, i - 6) : i]) if marker.isdigit() else None
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


def _first_cells(text: str, pos: int, stop: int) -> re.Match | None:
    """The first run after ``pos`` that holds cells (a digit, or at least three pipes)."""
    for m in _RUN_RE.finditer(text, pos, stop):
        run = m.group(0)
        if any(ch.isdigit() for ch in run) or run.count("|") >= 3:
            return m
    return None


def _segment(pieces: Sequence[str], k: int, valid: Callable[[list[int]], bool] | None) -> list[int] | None:
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
            part = s[off : off + L]
            if len(part) > 1 and part[0] == "0":
                break
            rec(pi, off + L, acc + [part])

    if any(not p.isdigit() for p in pieces):
        return None
    rec(0, 0, [])
    return sols[0] if len(sols) == 1 else None


def _cells(
    run: str, k: int, valid: Callable[[list[int]], bool] | None = None, decimal: bool = False
) -> tuple[list | None, str]:
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
        out: list[float | None] = []
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
    return all(sum(nums[b * 5 : b * 5 + 4]) == nums[b * 5 + 4] for b in range(3))


# --------------------------------------------------------------------------- table 三


def _applications(text: str, warnings: list[ReportWarning]) -> pd.DataFrame | None:
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
        if not re.search(r"\d", text[first.end() : first.end() + 80]):
            continue
        # the table ends with the last row's numbers
        tail = _first_cells(text, last.end(), min(len(text), last.end() + 300))
        region = text[: tail.end() if tail else len(text)]
        layout = T.choose_layout(region[first.start() :])
        frame, why = _rows_from_keys(region, first, layout)
        notes: list[ReportWarning] = []
        if frame is None:
            frame, why2, notes = _rows_lenient(text[: min(len(text), last.end() + 300)], first, layout)
            if frame is None:
                why = f"{why} (read by labels: {why2})" if why2 and why2 != why else why
                continue
        warnings.extend(notes)
        if frame.isna().any().any() and not any(w.code == "table_blank_cells" for w in notes):
            warnings.append(ReportWarning("table_blank_cells", "table 三 leaves some cells blank", "kept as <NA>"))
        return frame
    if why:
        warnings.append(
            ReportWarning("table_unparsed", f"table 三: {why}", "the table was not read rather than guessed")
        )
    return None


def _row_keys(region: str, first: re.Match, layout: Sequence[T.RowSpec]) -> tuple[list[re.Match] | None, str]:
    """The key phrase of each template row, in order (``None`` and the reason if a row is missing)."""
    keys: list[re.Match] = []
    cur = first.start()
    for spec in layout:
        # prefer the enumerated label ("3.其他") over a bare key that may sit in a group label
        numbered = (
            _find(region, [f"{spec.marker}{sep}{k}" for k in spec.keys for sep in ".、．"], cur)
            if spec.marker.isdigit()
            else None
        )
        m = _find(region, spec.keys, numbered.start() if numbered else cur)
        if m is None:
            return None, f"row {spec.label} not found"
        keys.append(m)
        cur = m.end()
    return keys, ""


def _rows_from_keys(region: str, first: re.Match, layout: Sequence[T.RowSpec]) -> tuple[pd.DataFrame | None, str]:
    keys, why = _row_keys(region, first, layout)
    if keys is None:
        return None, why
    starts = [
        _label_start(region, m.start(), keys[i - 1].end() if i else 0, spec.marker)
        for i, (m, spec) in enumerate(zip(keys, layout))
    ]
    rows = []
    for i, (m, spec) in enumerate(zip(keys, layout)):
        stop = starts[i + 1] if i + 1 < len(keys) else len(region)
        run = _run_after(region, m.end(), stop)
        vals, why = _cells(run, len(T.APPLICANT_COLUMNS), _row_sum_ok)
        if vals is None:
            return None, f"row {spec.label}: {why}"
        rows.append(vals)
    return T.applications_frame(rows, [s.label for s in layout]), ""


# --------------------------------------------------------------------------- table 三, lenient reading

#: a printed mark that stands for "nothing / not applicable" in a cell (kept as <NA>, never 0)
NA_MARK_RE = T.NA_MARK_RE
_NUMBER_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_GLUED_TAIL = re.compile(r"(?<=[\u3400-\u9fff）)”])(\d{1,3}(?:,\d{3})+|\d+)$")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


def _cell_value(tok: str) -> tuple[bool, str | None]:
    """(is a cell, number text) of one printed token: a number, or an NA mark (text ``None``)."""
    if _NUMBER_TOKEN.fullmatch(tok):
        return True, tok
    if NA_MARK_RE.fullmatch(tok):
        return True, None
    return False, None


def _ints(cells: Sequence[str | None]) -> list[int | None] | None:
    """Whole numbers of a row's cell texts (NA stays ``None``); ``None`` if a cell is a decimal."""
    out: list[int | None] = []
    for c in cells:
        if c is None:
            out.append(None)
            continue
        v = T.parse_number(c)
        if v is None:
            return None
        out.append(int(v))
    return out


def cell_groups(seg: str) -> list[tuple[list[str | None], int, int, bool]]:
    """Runs of cells in ``seg``: ``(number texts, start, end, has_label_before)`` (NA marks -> ``None``).

    Cells are whitespace-separated numbers or NA marks (——, /, -); a label or any other text
    ends a run.  A number glued to the end of a label ("…数量30") is a cell; an enumerator
    ("4.其他") is not.  ``has_label_before`` says whether text other than cells precedes the run.
    """
    groups: list[tuple[list[str | None], int, int, bool]] = []
    cur: list[str | None] = []
    c0 = c1 = 0
    label = False
    for m in re.finditer(r"[^\s|]+", seg):
        tok = m.group(0)
        ok, v = _cell_value(tok)
        if not ok:
            g = _GLUED_TAIL.search(tok)
            if cur:
                groups.append((cur, c0, c1, label))
                cur = []
            label = True
            if g and not re.match(r"\d+[.．、]", tok):
                cur, c0, c1 = [g.group(1)], m.start() + g.start(1), m.end()
            continue
        if not cur:
            c0 = m.start()
        cur.append(v)
        c1 = m.end()
    if cur:
        groups.append((cur, c0, c1, label))
    return groups


def _pipe_cells(line: str, k: int) -> list[str | None] | None:
    """The cells of one ``|``-separated row after its label (blank cells -> None), or ``None``."""
    parts = [p.strip() for p in line.split("|")[1:]]
    while parts and _CJK_RE.search(parts[0]):
        parts = parts[1:]  # label cells repeated by spans
    if len(parts) == k + 1 and not parts[-1]:
        parts = parts[:-1]
    out: list[str | None] = []
    for p in parts:
        if not p:
            out.append(None)
            continue
        ok, v = _cell_value(p)
        if not ok:
            return None
        out.append(v)
    return out if out else None


def _na_label_start(region: str, pos: int, floor: int, marker: str) -> int:
    """Like :func:`_label_start`, but never takes NA marks (——, /) of the previous row into the label."""
    s = _label_start(region, pos, floor, marker)
    # advance past any NA tokens caught in the walked-back span
    span = region[s:pos]
    last = None
    for m in re.finditer(r"(?:" + NA_MARK_RE.pattern + r")(?=\s|$)", span):
        if m.start() == 0 or span[m.start() - 1].isspace():
            last = m
    return s + last.end() if last is not None else s


def _rows_lenient(
    region: str, first: re.Match, layout: Sequence[T.RowSpec]
) -> tuple[pd.DataFrame | None, str, list[ReportWarning]]:
    """Table 三 when the strict reading fails: rows matched by label, values as printed.

    Handles NA marks in cells (kept as <NA>), rows the agency added (skipped, reported as
    ``table_extra_rows``), template rows printed without numbers (<NA>), and one added column
    when the template's arithmetic (row 总计 = the six applicant columns) tells uniquely which
    column it is.  Anything less certain gives ``None``.
    """
    k = len(T.APPLICANT_COLUMNS)
    keys, why = _row_keys(region, first, layout)
    if keys is None:
        return None, why, []
    starts = [
        _na_label_start(region, m.start(), keys[i - 1].end() if i else 0, spec.marker)
        for i, (m, spec) in enumerate(zip(keys, layout))
    ]
    rows: list[list[int | None] | None] = []
    extra: list[str] = []
    for i, (m, spec) in enumerate(zip(keys, layout)):
        stop = starts[i + 1] if i + 1 < len(keys) else len(region)
        seg = region[m.end() : stop]
        if i + 1 == len(keys):  # the last row: only its own line(s) up to the first cells
            gs = cell_groups(seg)
            seg = seg[: gs[0][2]] if gs else seg
        first_line = seg.split("\n", 1)[0]
        if "|" in first_line:
            cells = _pipe_cells(first_line, k)
            vals = _ints(cells) if cells is not None else None
            if vals is None:
                return None, f"row {spec.label}: cells {first_line.strip()!r} are not numbers", []
            rows.append(vals)
            for line in seg.split("\n")[1:]:
                if "|" in line and re.search(r"\d", line) and _CJK_RE.search(line):
                    extra.append(line.split("|")[0].strip()[:30])
            continue
        gs = cell_groups(seg)
        if not gs:
            rows.append(None)
            continue
        vals = _ints(gs[0][0])
        if vals is None:
            return None, f"row {spec.label}: a cell is not a whole number", []
        rows.append(vals)
        for _cells, a, _b, label in gs[1:]:
            if label:
                lab = seg[:a].split()
                extra.append((lab[-1] if lab else "?")[:30])
    widths = {len(r) for r in rows if r is not None}
    notes: list[ReportWarning] = []
    if not widths:
        return None, "no numbers", []
    if widths == {k}:
        out = [r if r is not None else [None] * k for r in rows]
    elif len(widths) == 1 and widths.pop() == k + 1:
        j = _extra_column(rows)
        if j is None:
            return None, f"rows have {k + 1} cells for {k} columns and the added column cannot be told apart", []
        out = [[v for c, v in enumerate(r) if c != j] if r is not None else [None] * k for r in rows]
        notes.append(
            ReportWarning(
                "table_extra_rows",
                f"table 三: column {j + 1} is not a template column and was left out",
                "the agency added a column; the template columns kept their printed values",
            )
        )
    else:
        bad, bad_row = next((i, r) for i, r in enumerate(rows) if r is not None and len(r) != k)
        return None, f"row {layout[bad].label}: {len(bad_row)} cells for {k} columns", []
    if extra:
        notes.append(
            ReportWarning(
                "table_extra_rows", f"table 三: {len(extra)} row(s) not in the template were left out", "; ".join(extra)
            )
        )
    na = sum(v is None for r in out for v in r)
    if na:
        blank = sum(r is None for r in rows)
        notes.append(
            ReportWarning(
                "table_blank_cells",
                f"table 三 leaves {na} cells blank or marked as not applicable",
                f"kept as <NA> ({blank} rows without numbers); no value was invented",
            )
        )
    return T.applications_frame(out, [s.label for s in layout]), "", notes


def _extra_column(rows: Sequence[Sequence[float | None] | None]) -> int | None:
    """Index of the one added column that, left out, makes every row's 总计 the sum of the rest."""
    full = [[v for v in r if v is not None] for r in rows if r is not None and all(v is not None for v in r)]
    if not full:
        return None
    n = len(full[0])
    fits = []
    for j in range(n - 1):
        kept = [[v for c, v in enumerate(r) if c != j] for r in full]
        if all(sum(r[:-1]) == r[-1] for r in kept):
            fits.append(j)
    if len(fits) != 1:
        return None
    # the left-out column must hold numbers that are not all zero, else any zero column would do
    return fits[0] if any(r[fits[0]] for r in full) else None


# --------------------------------------------------------------------------- table 四


def _review(text: str, warnings: list[ReportWarning]) -> pd.DataFrame | None:
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
            # cells marked as not applicable (——, /) instead of 0: read them as <NA>
            groups = cell_groups(text[ends[-1] : min(len(text), ends[-1] + 400)])
            if groups and len(groups[0][0]) == 15 and any(c is None for c in groups[0][0]):
                vals = _ints(groups[0][0])
        if vals is None:
            warnings.append(
                ReportWarning("table_unparsed", f"table 四: {why}", "the table was not read rather than guessed")
            )
            return None
        if any(v is None for v in vals):
            warnings.append(ReportWarning("table_blank_cells", "table 四 leaves some cells blank", "kept as <NA>"))
        return T.review_frame(vals)
    return None


# --------------------------------------------------------------------------- table 二


_ROW_LABEL_RE = re.compile("|".join(_key_re(k) for k, _ in T.PROACTIVE_ROW_LABELS))


def _proactive(text: str, warnings: list[ReportWarning]) -> pd.DataFrame | None:
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
    na_items: list[str] = []
    for i, mk in enumerate(marks):
        stop = marks[i + 1].start() if i + 1 < len(marks) else end
        if stop <= mk.end():
            continue
        body = text[mk.end() : stop]
        labels = [lm for lm in _ROW_LABEL_RE.finditer(body) if T.proactive_row_item(lm.group(0))]
        head = body[: labels[0].start()] if labels else body
        hdr = [(float(r), col) for r, (_, _, col) in enumerate(T.header_phrases(T.squeeze(head)))]
        rows = []
        for j, lm in enumerate(labels):
            item = T.proactive_row_item(lm.group(0))
            assert item is not None  # `labels` keeps only row labels that name an item
            nxt = labels[j + 1].start() if j + 1 < len(labels) else len(body)
            cells = _first_cells(body, lm.end(), nxt)
            run = cells.group(0).strip() if cells else ""
            marked = cell_groups(body[lm.end() : nxt])
            if marked and any(c is None for c in marked[0][0]) and (not run or len(marked[0][0]) == max(1, len(hdr))):
                # cells marked as not applicable (——, /): keep their places, values stay <NA>
                run = " ".join(c if c is not None else T.NA_CELL for c in marked[0][0])
                na_items.append(item)
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
    if na_items and frame is not None:
        warnings.append(
            ReportWarning(
                "table_blank_cells",
                "table 二 marks some cells as not applicable",
                f"{', '.join(na_items)}: kept as <NA>, no value was invented",
            )
        )
    if old and frame is not None:
        warnings.append(T.old_layout_warning())
    return frame


# --------------------------------------------------------------------------- entry points


_TAB_ROW = re.compile(r"^[^\n]*\t[^\n]*\t[^\n]*$", re.M)


def tab_rows_as_pipes(text: str) -> tuple[str, int]:
    r"""Rows copied from a web page as tab-separated cells, rewritten as ``|``-separated rows.

    The tabs say exactly which column each number is in, so a blank cell after the row label
    (``14\t\t\t\t\t\t14``) is a cell left empty by the agency: it is read as 0 and counted (the
    caller warns ``table_blank_cells``).  Blank cells before the label (indentation) are dropped.
    Returns (text, number of blank cells read as 0).

    >>> tab_rows_as_pipes("一、本年新收\t14\t\t\t\t\t\t14")
    ('一、本年新收 | 14 | 0 | 0 | 0 | 0 | 0 | 14', 5)
    """
    n_blank = 0

    def row(m: re.Match) -> str:
        nonlocal n_blank
        cells = [c.strip() for c in m.group(0).rstrip(" \r").split("\t")]
        while cells and not cells[0]:
            cells.pop(0)
        last_label = max((i for i, c in enumerate(cells) if _CJK_RE.search(c)), default=-1)
        after = cells[last_label + 1 :]
        if not any(re.fullmatch(r"[\d.,]+", c) for c in after) and (last_label < 0 or len(after) < 3):
            return " | ".join(c for c in cells if c)  # a header row: no numbers to place
        out = [c for c in cells[: last_label + 1] if c]
        for c in cells[last_label + 1 :]:
            if not c:
                n_blank += 1
                c = "0"
            out.append(c)
        return " | ".join(out)

    return _TAB_ROW.sub(row, text), n_blank


def extract_text_tables_from_string(text: str) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables found in ``text`` (see the module docstring for the shapes read)."""
    text = text.translate(_DIGITS)
    warnings: list[ReportWarning] = []
    n_blank = 0
    if "\t" in text:
        text, n_blank = tab_rows_as_pipes(text)
    tables = Tables(
        proactive=_proactive(text, warnings),
        applications=_applications(text, warnings),
        review_litigation=_review(text, warnings),
    )
    if n_blank and any(df is not None for _, df in tables.items()):
        warnings.append(
            ReportWarning(
                "table_blank_cells",
                f"{n_blank} blank cells of tab-separated table rows read as 0",
                "the tabs place every number in its column; an empty cell after the row label is taken as 0",
            )
        )
    return tables, warnings


def document_text(doc: RawDocument) -> str:
    """The text to search for tables: the kept lines if the reader gave lines, else the paragraphs."""
    lines = [ln.text for p in doc.pages for ln in p.lines if not ln.furniture]
    return "\n".join(lines) if lines else doc.text


def extract_text_tables(doc: RawDocument) -> tuple[Tables, list[ReportWarning]]:
    """The three standard tables of a text document."""
    return extract_text_tables_from_string(document_text(doc))
