"""One self-contained HTML page summarising an analysis: tables of results and the plots inlined as PNG."""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;
margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;font-size:13px;margin:0.5em 0}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#f3f3f3}h2{border-bottom:1px solid #ddd;padding-bottom:4px}img{max-width:100%}
.note{color:#666}
"""


def _fig_png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _table(df: pd.DataFrame | None, max_rows: int = 30, cols: list[str] | None = None) -> str:
    if df is None or not len(df):
        return "<p class='note'>(none)</p>"
    if cols:
        df = df[[c for c in cols if c in df.columns]]
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == object:
            df[c] = df[c].map(lambda v: "、".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
    more = (
        f"<p class='note'>… {len(df) - max_rows} more rows in the CSV/parquet files</p>" if len(df) > max_rows else ""
    )
    return df.head(max_rows).to_html(index=False, escape=True) + more


def write_summary(path: str | Path, corpus: Any, frames: dict[str, pd.DataFrame], figures: dict[str, Any]) -> Path:
    """Write ``summary.html`` (UTF-8, no external files) and return its path."""
    path = Path(path)
    st = frames.get("statements")
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>nlp_reports 分析摘要 — {len(corpus)} reports</title><style>{_CSS}</style></head><body>",
        "<h1>nlp_reports 分析摘要 / analysis summary</h1>",
        f"<p>{len(corpus)} reports read, {len(corpus.errors)} inputs could not be read, "
        f"{0 if st is None else len(st)} statements in part 五.</p>",
        "<h2>Reports 报告</h2>",
        _table(
            frames.get("reports"),
            50,
            ["doc_id", "agency", "year", "level", "region", "status", "failed_checks", "warnings"],
        ),
    ]
    if len(corpus.errors):
        parts += [
            "<h2>Inputs that could not be read 无法读取的文件</h2>",
            _table(frames.get("errors"), 50, ["source", "reason", "message"]),
        ]
    checks = frames.get("checks")
    if checks is not None and len(checks):
        failed = checks[~checks["ok"].astype(bool)]
        parts += [f"<h2>Failed consistency checks 勾稽关系 ({len(failed)} of {len(checks)})</h2>", _table(failed, 40)]
    if st is not None and len(st):
        counts = st.groupby(["doc_id", "label"]).size().unstack(fill_value=0).reset_index()
        parts += ["<h2>Statements by label 问题与改进</h2>", _table(counts, 50)]
        parts += [
            "<h2>Statements 陈述 (first rows)</h2>",
            _table(st, 40, ["doc_id", "statement_id", "label", "proba", "themes", "text"]),
        ]
    for name, title in (
        ("commitments", "Commitments 承诺"),
        ("boilerplate", "Boilerplate shared between reports 雷同表述"),
        ("follow_through", "Follow-through: commitments of year t vs problems of t+1"),
        ("report_quality", "Report quality"),
        ("keyness", "Distinctive terms 关键词"),
        ("notes", "Notes"),
    ):
        if name in frames:
            parts += [f"<h2>{escape(title)}</h2>", _table(frames[name], 30)]
    for name, fig in figures.items():
        parts += [f"<h2>{escape(name)}</h2>", f"<img alt='{escape(name)}' src='data:image/png;base64,{_fig_png(fig)}'>"]
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
