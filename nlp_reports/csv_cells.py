"""CSV cells a spreadsheet opens safely: lists joined with ``|``, formula-like text escaped with ``'``.

The one rule for every CSV the package writes (``analyze``/``parse`` outputs, streamed frames, the
panel); parquet keeps the raw text.

>>> escape_formula("=1+1"), escape_formula("-3.5"), escape_formula("正文")
("'=1+1", '-3.5', '正文')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def escape_formula(value: Any) -> Any:
    """``'`` + the text when a spreadsheet would treat it as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def flat_lists(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (themes, sub-headings) joined with ``|`` so both formats hold plain cells."""
    flat = df.copy()
    for col in flat.columns:
        if flat[col].dtype == object and flat[col].map(lambda v: isinstance(v, (list, tuple, set))).any():
            flat[col] = flat[col].map(lambda v: "|".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
    return flat


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell passed through :func:`escape_formula` (numeric columns untouched)."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(escape_formula).astype(object if out[col].dtype == object else out[col].dtype)
    out.columns = [escape_formula(c) for c in out.columns]
    return out
