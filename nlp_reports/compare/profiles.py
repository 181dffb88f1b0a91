"""Theme profiles: how often each theme is raised, per group of reports."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from ._frames import as_list, require_columns, statements_frame, theme_list


def theme_profile(
    st: Any,
    by: str | Sequence[str] = "agency",
    *,
    labels: Sequence[str] = ("problem", "improvement"),
    normalize: bool = True,
) -> pd.DataFrame:
    """Count themes of statements per group and label.

    ``st`` is a statements frame (``corpus.statements_frame()``, or a corpus offering it) with columns
    ``label`` and ``themes`` (a list of theme codes per statement) and the grouping column(s) ``by``
    (any metadata column: agency, year, level, region, ... ; a str or a list).

    A statement tagged with two themes counts once for each.  Returns one row per group × label × theme
    with columns ``[*by, label, theme, n, share]``: ``n`` the number of statements of that label in the
    group carrying the theme, ``share`` = ``n`` / number of statements of that label in the group
    (so shares of one group × label need not sum to 1: statements can have 0 or 2 themes).  With
    ``normalize=False`` ``share`` is ``n`` / total theme mentions of the group × label (sums to 1).
    Groups with a label but no themed statement contribute no rows.

    >>> import nlp_reports as nr
    >>> corpus = nr.read_corpus("corpora/sample/txt", progress=False)
    >>> st = corpus.statements_frame()
    >>> prof = nr.compare.theme_profile(st, by="level")
    >>> prof.columns.tolist()
    ['level', 'label', 'theme', 'n', 'share']
    >>> county = prof[(prof["level"] == "county") & (prof["label"] == "problem")].set_index("theme")
    >>> "platform" in county.index, bool(county["share"].between(0, 1).all())
    (True, True)
    >>> print(county.loc["platform", "n"])   # 网站 / 适老化 problems of 云溪县 2022 and 2023 and 西塬县 2016
    3
    >>> nr.compare.theme_profile(st, by=["agency_key", "year"]).columns.tolist()[:2]
    ['agency_key', 'year']
    """
    df = statements_frame(st)
    keys = as_list(by)
    require_columns(df, [*keys, "label", "themes"], "the statements frame")
    cols = [*keys, "label", "theme", "n", "share"]
    sub = df[df["label"].isin(list(labels))][[*keys, "label", "themes"]].copy()
    if sub.empty:
        return pd.DataFrame(columns=cols)
    group_keys = [*keys, "label"]
    n_statements = sub.groupby(group_keys, dropna=False).size().rename("n_statements")
    sub["theme"] = sub["themes"].map(theme_list)
    ex = sub.drop(columns="themes").explode("theme").dropna(subset=["theme"])
    if ex.empty:
        return pd.DataFrame(columns=cols)
    counts = ex.groupby([*group_keys, "theme"], dropna=False).size().rename("n").reset_index()
    if normalize:
        counts = counts.merge(n_statements.reset_index(), on=group_keys, how="left")
        counts["share"] = counts["n"] / counts["n_statements"]
        counts = counts.drop(columns="n_statements")
    else:
        counts["share"] = counts["n"] / counts.groupby(group_keys, dropna=False)["n"].transform("sum")
    counts["n"] = counts["n"].astype("int64")
    counts = counts.sort_values([*group_keys, "n", "theme"], ascending=[True] * len(group_keys) + [False, True])
    return counts[cols].reset_index(drop=True)
