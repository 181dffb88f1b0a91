"""Part headings printed with a wrong, extra or missing character, recognised by meaning and position.

A heading such as ``四、政府信息公开行政复仪、行政拆讼情况`` or ``一、总休情况`` matches no keyword of the
heading vocabulary, so its part would disappear and its text (and table) land in the part before.
Here the title is compared with the template's titles and their common variants by edit distance;
it is accepted only when it is close (one differing character for short titles, two for titles of
eight characters or more) **and** its numeral is the template numeral of that part — a typo is
tolerated in the wording, not in the position.  The sections stage reports every such match as an
``odd_heading`` warning.
"""

from __future__ import annotations

import re

from ..model import SECTION_KEYS

__all__ = ["fuzzy_title_key", "fuzzy_inline_title", "edit_distance", "TEMPLATE_TITLE_VARIANTS"]

#: template titles and frequent variants of each part (facts of the template)
TEMPLATE_TITLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "概述", "基本情况"),
    "proactive": ("主动公开政府信息情况", "主动公开政府信息的情况", "主动公开情况"),
    "applications": ("收到和处理政府信息公开申请情况", "依申请公开政府信息情况", "依申请公开情况"),
    "review_litigation": (
        "政府信息公开行政复议行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "行政复议和行政诉讼情况",
    ),
    "problems": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在的主要问题和改进措施",
        "存在的问题及改进措施",
    ),
    "other": ("其他需要报告的事项",),
}

_STRIP = re.compile(r"[\s、，,：:。.．]")


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance of ``a`` and ``b`` (stops early: any value above ``limit`` is ``limit + 1``)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def fuzzy_title_key(title: str, value: int) -> tuple[str, str] | None:
    """``(key, template title)`` when ``title`` is a near-miss of part ``value``'s template title, else ``None``.

    >>> fuzzy_title_key("政府信息公开行政复仪、行政拆讼情况", 4)
    ('review_litigation', '政府信息公开行政复议行政诉讼情况')
    >>> fuzzy_title_key("总休情况", 1), fuzzy_title_key("总休情况", 2), fuzzy_title_key("加强制度建设", 1)
    (('overview', '总体情况'), None, None)
    """
    if not 1 <= value <= len(SECTION_KEYS):
        return None
    key = SECTION_KEYS[value - 1]
    t = _STRIP.sub("", title)
    if len(t) < 4:
        return None
    for ref in TEMPLATE_TITLE_VARIANTS[key]:
        r = _STRIP.sub("", ref)
        allowed = 2 if len(r) >= 8 else 1
        if edit_distance(t, r, allowed) <= allowed:
            return key, ref
    return None


def fuzzy_inline_title(text: str, pos: int, value: int) -> tuple[str, str, int] | None:
    """``(key, template title, length)`` of a near-miss title of part ``value`` at ``text[pos:]`` that runs
    on into its body (one-line web text); only titles of eight characters or more are tried, so a short
    enumerated measure is never taken for a part.

    >>> fuzzy_inline_title("政府信息公开行政复仪、行政拆讼情况本年度无复议。", 0, 4)
    ('review_litigation', '政府信息公开行政复议行政诉讼情况', 17)
    """
    if not 1 <= value <= len(SECTION_KEYS):
        return None
    key = SECTION_KEYS[value - 1]
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    best: tuple[int, int, str] | None = None  # (distance, -length, ref)
    for ref in TEMPLATE_TITLE_VARIANTS[key]:
        r = _STRIP.sub("", ref)
        if len(r) < 8:
            continue
        for n in range(len(r) - 2, len(r) + 4):
            window = text[pos : pos + n]
            if len(window) < n or "\n" in window or "。" in window:
                break
            d = edit_distance(_STRIP.sub("", window), r, 2)
            # the window must end where the template title ends (its last character matches)
            if d <= 2 and window[-1] == r[-1] and (best is None or (d, -n) < best[:2]):
                best = (d, -n, ref)
    if best is None:
        return None
    return key, best[2], -best[1]
