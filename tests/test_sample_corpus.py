"""Light checks of the bundled sample corpus and the labelled training statements.

The sample reports and statements are invented text; these tests keep them usable: files present,
PDFs reproducible from scripts/make_sample_pdfs.py, table arithmetic as documented (one deliberate
break), training data well-formed and balanced, and (with the real corpus) nothing copied from it.
"""

from __future__ import annotations

import collections
import importlib.util
import io
import json
import os
import re
import sys
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"
TRAIN = ROOT / "nlp_reports" / "nlp" / "data" / "train_statements.jsonl"
ROW = re.compile(r"^(\S.*?)((?:\s+-?\d+(?:\.\d+)?){7})$")
NUMS15 = re.compile(r"^\d+(?:\s+\d+){14}$")


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_pdfs", ROOT / "scripts" / "make_sample_pdfs.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the script is executed
    spec.loader.exec_module(mod)
    return mod


def _texts() -> list[Path]:
    return sorted((SAMPLE / "txt").glob("*.txt"))


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", extract_text(io.BytesIO(data)))


def test_files_present() -> None:
    names = [p.stem for p in _texts()]
    assert 6 <= len(names) <= 8, names
    assert (SAMPLE / "README.md").is_file()
    for name in names:
        assert (SAMPLE / "pdf" / f"{name}.pdf").is_file(), f"run scripts/make_sample_pdfs.py ({name})"
        assert name in (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert list((SAMPLE / "html").glob("*.html"))


def test_pdfs_regenerate_with_same_text(tmp_path: Path) -> None:
    mod = _script()
    names = ["yunxi_2023", "nanling_bgt_2020", "xiyuan_2016"]
    made = mod.make_all(SAMPLE / "txt", tmp_path, names)
    for path in made:
        fresh = path.read_bytes()
        committed = (SAMPLE / "pdf" / path.name).read_bytes()
        assert _pdf_text(fresh) == _pdf_text(committed), f"{path.name}: rerun scripts/make_sample_pdfs.py"
    again = mod.make_all(SAMPLE / "txt", tmp_path / "again", names[:1])
    assert again[0].read_bytes() == (tmp_path / again[0].name).read_bytes(), "output must be deterministic"


def test_pdf_layout_features() -> None:
    text = extract_text(str(SAMPLE / "pdf" / "nanling_bgt_2020.pdf"))
    assert "- 1 -" in text and "- 2 -" in text
    title = _texts()[0].read_text(encoding="utf-8").splitlines()[0]
    first = extract_text(str(SAMPLE / "pdf" / f"{_texts()[0].stem}.pdf"), page_numbers=[0])
    assert re.sub(r"\s+", "", title) in re.sub(r"\s+", "", first)
    # the running header repeats the title on every page of the provincial report
    pages = extract_text(str(SAMPLE / "pdf" / "nanling_bgt_2020.pdf")).split("\f")
    assert sum("南岭省人民政府办公厅2020年政府信息公开工作年度报告" in re.sub(r"\s+", "", p) for p in pages) >= 3


def test_html_has_paragraphs_and_tables() -> None:
    page = (SAMPLE / "html" / "linjiang_scjgj_2023.html").read_text(encoding="utf-8")
    assert page.count("<table") == 3 and page.count("<p") > 10
    assert 'rowspan="' in page and 'colspan="' in page


def _tables(path: Path) -> tuple[list[list[int]], list[int] | None]:
    rows, review = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if NUMS15.match(line.strip()):
            review = [int(x) for x in line.split()]
        elif m := ROW.match(line.strip()):
            rows.append([int(x) for x in m.group(2).split()])
    return rows, review


def test_table_arithmetic_holds_except_documented_break() -> None:
    broken = []
    for path in _texts():
        rows, review = _tables(path)
        if not rows:
            continue  # pre-2019 report: figures in prose only
        assert len(rows) in (23, 25), (path.name, len(rows))
        for r in rows:
            assert sum(r[:6]) == r[6], (path.name, r)
        new, carried, total, carry_on = rows[0], rows[1], rows[-2], rows[-1]
        assert [sum(c) for c in zip(*rows[2:-2])] == total, path.name
        assert [a + b for a, b in zip(new, carried)] == [a + b for a, b in zip(total, carry_on)], path.name
        assert review is not None, path.name
        for k in range(3):
            block = review[5 * k : 5 * k + 5]
            if sum(block[:4]) != block[4]:
                broken.append((path.stem, k))
    assert broken == [("bailuzhen_2021", 0)], broken


def test_narrative_restates_table_four() -> None:
    text = (SAMPLE / "txt" / "yunxi_2023.txt").read_text(encoding="utf-8")
    _, review = _tables(SAMPLE / "txt" / "yunxi_2023.txt")
    m = re.search(r"行政复议(\d+)件（结果维持(\d+)件，结果纠正(\d+)件，其他结果(\d+)件，尚未审结(\d+)件）", text)
    assert m and [int(x) for x in m.groups()] == [review[4], *review[:4]]


def _train() -> list[dict]:
    return [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_train_statements_well_formed_and_balanced(theme_codes: set[str]) -> None:
    rows = _train()
    assert len(rows) >= 450
    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts), "duplicate statements"
    per = collections.Counter()
    for r in rows:
        assert r["label"] in {"problem", "improvement", "other"}, r
        assert set(r["themes"]) <= theme_codes and len(r["themes"]) <= 2, r
        assert r["shape"] and r["text"].strip() == r["text"], r
        per.update((t, r["label"]) for t in r["themes"])
    for theme in theme_codes:
        assert per[(theme, "problem")] >= 15 and per[(theme, "improvement")] >= 15, theme
    labels = collections.Counter(r["label"] for r in rows)
    assert labels["other"] >= 40
    # fragments of split lists and enumerated items with their markers are represented
    assert sum(t.endswith(("、", "，")) for t in texts) >= 60
    assert (
        sum(
            bool(re.match(r"^(一是|二是|三是|（[一二三四五六七八九]）|\d\.|第[一二三四五六七八九]，)", t))
            for t in texts
        )
        >= 80
    )


def _windows(text: str, width: int = 18) -> set[str]:
    s = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    return {s[i : i + width] for i in range(max(0, len(s) - width + 1))}


def test_nothing_copied_from_real_reports() -> None:
    real = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if not real:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real")
    seen: set[str] = set()
    for p in Path(real).rglob("*"):
        if p.suffix in (".txt", ".jsonl"):
            seen |= _windows(p.read_text(encoding="utf-8", errors="ignore"))
    template = Path(real).parent.parent / "TEMPLATE.md"  # the template's own wording is a fact
    if template.is_file():
        seen -= _windows(template.read_text(encoding="utf-8"))
    for r in _train():
        assert not (_windows(r["text"]) & seen), r["text"]
    for path in _texts():
        for line in path.read_text(encoding="utf-8").splitlines():
            # table header rows and the template formula for table-四 figures are template facts
            if ROW.match(line) or NUMS15.match(line) or line.startswith(("信息内容", "结果维持")) or "结果维持" in line:
                continue
            assert not (_windows(line) & seen), (path.name, line)
