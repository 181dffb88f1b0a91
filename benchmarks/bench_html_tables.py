"""Time and peak memory of reading an HTML page whose table has many rows and large row/col spans.

Why: spans used to be laid out on a dict grid scanned once per row (quadratic); a page with a
2,000-row table took tens of seconds.  Prints one line per size: rows, seconds, peak MB (tracemalloc).

    python benchmarks/bench_html_tables.py [rows ...]
"""

from __future__ import annotations

import sys
import time
import tracemalloc

from nlp_reports.ingest.html_reader import read_html
from nlp_reports.structure.report import build_report


def table_page(n_rows: int) -> bytes:
    """A report page whose table has ``n_rows`` rows, a first cell spanning all of them, wide colspans."""
    head = "<html><head><meta charset='utf-8'><title>某县2023年政府信息公开工作年度报告</title></head><body>"
    body = [
        "<p>一、总体情况</p><p>本年度政府信息公开工作有序推进。</p>"
        "<p>二、主动公开政府信息情况</p><p>本年主动公开各类信息共计若干条。</p><p>三、收到和处理政府信息公开申请情况</p><table>"
    ]
    for i in range(n_rows):
        cells = []
        if i == 0:
            cells.append(f"<td rowspan='{n_rows}'>本年新收政府信息公开申请数量</td>")
            cells.append("<td colspan='1000'>说明</td>")
        cells.extend(f"<td rowspan='{n_rows - i}' colspan='30'>{i * 7 + k}</td>" for k in range(3))
        body.append("<tr>" + "".join(cells) + "</tr>")
    body.append(
        "</table><p>四、政府信息公开行政复议、行政诉讼情况</p><p>本年度未发生行政复议和行政诉讼。</p><p>五、存在的主要问题及改进情况</p><p>培训不足。下一步将加强培训。</p></body></html>"
    )
    return (head + "".join(body)).encode("utf-8")


def main(argv: list[str]) -> None:
    for n in [int(a) for a in argv] or [200, 500, 2000]:
        data = table_page(n)
        tracemalloc.start()
        t0 = time.perf_counter()
        doc = read_html(f"bench_{n}.html", data)
        t1 = time.perf_counter()
        rep = build_report(doc)
        t2 = time.perf_counter()
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        codes = sorted({w.code for w in rep.warnings})
        print(
            f"rows={n} bytes={len(data)} read_html={t1 - t0:.2f}s build_report={t2 - t1:.2f}s "
            f"peak={peak:.0f}MB grid_cells={sum(len(r) for t in doc.html_tables for r in t)} warnings={codes}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
