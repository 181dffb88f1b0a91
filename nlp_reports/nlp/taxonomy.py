"""The theme taxonomy of part-五 statements and its seed-term matching.

``nlp/data/themes.json`` holds the 10 themes of the gold guidelines (code, Chinese name, definition,
20–40 seed terms per theme).  :func:`load_taxonomy` reads it and merges a user file (extra seed terms
or new themes); :func:`keyword_themes` is the seed-term baseline tagger and :func:`keyword_scores` the
seed-term evidence that :class:`~nlp_reports.nlp.themes.ThemeTagger` blends with its model.

>>> codes = [t.code for t in load_taxonomy()]
>>> len(codes), "platform" in codes
(10, True)
>>> keyword_themes(["政府网站栏目更新不及时"])[0][0]
'platform'
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ModelError
from .model_io import data_path
from .text_estimator import as_texts

TAXONOMY_FILE = "themes.json"


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy: its ``code`` (``platform``), Chinese ``name`` and ``definition`` (as in
    the gold guidelines), and the ``seed_terms`` whose occurrence in a statement is evidence for it."""

    code: str
    name: str
    definition: str
    seed_terms: tuple[str, ...]


def _read_themes(path: str) -> list[Theme]:
    try:
        with open(path, encoding="utf-8") as fh:
            obj = json.load(fh)
    except FileNotFoundError as exc:
        raise ModelError(
            f"theme file {path!r} not found; pass the path of a JSON file like nlp/data/themes.json"
        ) from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"theme file {path!r} is not valid JSON ({exc})") from exc
    items = obj.get("themes") if isinstance(obj, dict) else obj
    if not isinstance(items, list):
        raise ModelError(f"theme file {path!r} must hold a list of themes under the key 'themes'")
    out = []
    for it in items:
        if not isinstance(it, dict) or not it.get("code"):
            raise ModelError(f"every theme in {path!r} needs at least a 'code' (and 'seed_terms'); got {it!r}")
        out.append(
            Theme(
                code=str(it["code"]),
                name=str(it.get("name", "")),
                definition=str(it.get("definition", "")),
                seed_terms=tuple(str(t) for t in it.get("seed_terms", [])),
            )
        )
    return out


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> list[Theme]:
    """The packaged taxonomy, merged with the user file ``path`` if given.

    A theme of the user file with a known code adds its seed terms (and replaces a non-empty name or
    definition); a theme with a new code is appended.
    """
    themes = {t.code: t for t in _read_themes(data_path(TAXONOMY_FILE))}
    if path is not None:
        for t in _read_themes(os.fspath(path)):
            old = themes.get(t.code)
            if old is None:
                themes[t.code] = t
            else:
                terms = old.seed_terms + tuple(x for x in t.seed_terms if x not in old.seed_terms)
                themes[t.code] = Theme(t.code, t.name or old.name, t.definition or old.definition, terms)
    return list(themes.values())


def keyword_themes(texts: Sequence[str], taxonomy: list[Theme] | None = None, max_themes: int = 2) -> list[list[str]]:
    """Baseline: the themes whose seed terms occur most often (longer terms count more), at most ``max_themes``."""
    taxonomy = taxonomy or load_taxonomy()
    out = []
    for text in as_texts(texts):
        scores = []
        for th in taxonomy:
            s = sum(len(term) for term in th.seed_terms if term in text)
            if s:
                scores.append((-s, th.code))
        out.append([code for _, code in sorted(scores)[:max_themes]])
    return out


def keyword_scores(texts: Sequence[str], taxonomy: list[Theme], scale: float = 4.0) -> np.ndarray:
    """Seed-term evidence per theme in [0, 1): ``1 - exp(-(total length of matched seed terms) / scale)``."""
    M = np.asarray(
        [[sum(len(term) for term in th.seed_terms if term in t) for th in taxonomy] for t in texts], dtype=float
    ).reshape(len(texts), len(taxonomy))
    return 1.0 - np.exp(-M / scale)
