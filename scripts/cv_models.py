#!/usr/bin/env python
"""Grouped cross-validation of the part-五 models on the project's own training statements.

    python scripts/cv_models.py [--folds 5] [--no-classifier]

Why: the real gold (``scripts/evaluate.py``) is small and was looked at while building the models, so
it flatters them.  This estimate never touches it: the written training statements
(``nlp_reports/nlp/data/train_statements.jsonl``) are split into ``--folds`` folds, keeping
near-duplicates together (statements sharing at least half of their character 3-grams form one group,
so a paraphrase is never on both sides), and each fold is predicted by models trained on the others with
the shipped settings (thresholds and calibration tuned inside the training folds).  The tagger's
training folds also hold the composed statements of ``train_themes.jsonl``, as in
``scripts/train_models.py`` (``--no-composed`` leaves them out); they are never measured.

Prints theme micro precision / recall / F1 (overall, by number of gold themes, per theme) and the
calibration (ECE, 15 bins) of the tagger's per-theme probabilities; macro-F1 and top-label ECE of the
statement classifier.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402

from nlp_reports.nlp.calibration import expected_calibration_error, multilabel_ece, top_label  # noqa: E402
from nlp_reports.nlp.classifier import LABELS, StatementClassifier, load_training_statements  # noqa: E402
from nlp_reports.nlp.model_io import data_path  # noqa: E402
from nlp_reports.nlp.theme_metrics import by_n_gold, micro_prf, per_theme_table  # noqa: E402
from nlp_reports.nlp.themes import THEME_TRAINING_FILE, ThemeTagger  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from train_models import COMPOSED_WEIGHT  # noqa: E402


def near_duplicate_groups(texts: list[str], min_jaccard: float = 0.5) -> np.ndarray:
    """Group id per text: connected components of the 'shares ≥ ``min_jaccard`` of its 3-grams' graph."""
    grams = [{t[i : i + 3] for i in range(max(1, len(t) - 2))} for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = grams[i], grams[j]
            if a and b and len(a & b) >= min_jaccard * len(a | b):
                parent[find(i)] = find(j)
    roots = [find(i) for i in range(len(texts))]
    ids = {r: k for k, r in enumerate(dict.fromkeys(roots))}
    return np.asarray([ids[r] for r in roots])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-classifier", action="store_true")
    ap.add_argument("--no-tagger", action="store_true")
    ap.add_argument(
        "--no-composed", action="store_true", help="train the tagger without the composed train_themes.jsonl"
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PARAM=VALUE",
        help="a ThemeTagger parameter to try instead of the shipped default (Python literal), repeatable",
    )
    ap.add_argument(
        "--test-first",
        type=int,
        default=None,
        metavar="N",
        help="measure on the first N statements only; the later ones are always training data "
        "(compares data additions on an unchanged test set)",
    )
    args = ap.parse_args(argv)

    params = {k: ast.literal_eval(v) for k, v in (item.split("=", 1) for item in args.set)}
    train = load_training_statements()
    texts, labels, themes = train["text"].tolist(), train["label"].to_numpy(), train["themes"].tolist()
    n_test = len(texts) if args.test_first is None else min(args.test_first, len(texts))
    groups = near_duplicate_groups(texts[:n_test])
    print(
        f"training statements: {len(texts)}; measured on the first {n_test} in {groups.max() + 1} near-duplicate groups, "
        f"{args.folds} grouped folds"
    )
    extra = np.arange(n_test, len(texts))
    folds = [
        (np.concatenate([tr, extra]), te)
        for tr, te in GroupKFold(n_splits=args.folds).split(texts[:n_test], groups=groups)
    ]
    texts_all, labels_all, themes_all = texts, labels, themes

    if not args.no_classifier:
        t0 = time.perf_counter()
        texts, labels, themes = texts_all, labels_all, themes_all
        proba = np.zeros((len(texts), len(LABELS)))
        classes = None
        for tr, te in folds:
            clf = StatementClassifier(random_state=0).fit([texts[i] for i in tr], labels[tr])
            classes = list(clf.classes_)
            proba[te] = clf.predict_proba([texts[i] for i in te])
        assert classes is not None
        proba, labels = proba[:n_test], labels[:n_test]
        pred = np.asarray(classes)[proba.argmax(axis=1)]
        conf, correct = top_label(proba, [classes.index(y) for y in labels])
        print(
            f"\n== StatementClassifier, grouped CV ({time.perf_counter() - t0:.0f} s): macro-F1 "
            f"{f1_score(labels, pred, labels=list(LABELS), average='macro'):.3f}, accuracy {correct.mean():.3f}, "
            f"mean confidence {conf.mean():.3f}, ECE {expected_calibration_error(conf, correct):.3f}"
        )

    if not args.no_tagger:
        t0 = time.perf_counter()
        texts, themes = texts_all, themes_all
        pred_t: list[list[str]] = [[] for _ in texts]
        P = None
        composed = None if args.no_composed else load_training_statements(data_path(THEME_TRAINING_FILE))
        ct = [] if composed is None else composed["text"].tolist()
        cy = [] if composed is None else composed["themes"].tolist()
        print(f"\ntheme tagger: every training fold adds {len(ct)} composed statements (weight {COMPOSED_WEIGHT})")
        for tr, te in folds:
            tagger = ThemeTagger(**{"random_state": 0, **params}).fit(
                [texts[i] for i in tr] + ct,
                [themes[i] for i in tr] + cy,
                sample_weight=[1.0] * len(tr) + [COMPOSED_WEIGHT] * len(ct),
                tune_on=[True] * len(tr) + [False] * len(ct),
            )
            if P is None:
                P = np.zeros((len(texts), len(tagger.classes_)))
                codes = list(tagger.classes_)
            te_texts = [texts[i] for i in te]
            P[te] = tagger.predict_proba(te_texts)
            for i, p in zip(te, tagger.predict(te_texts)):
                pred_t[i] = p
        assert P is not None
        P, themes, pred_t = P[:n_test], themes_all[:n_test], pred_t[:n_test]
        m = micro_prf(themes, pred_t)
        cal = multilabel_ece(P, themes, codes)
        print(
            f"\n== ThemeTagger, grouped CV ({time.perf_counter() - t0:.0f} s): micro-F1 {m['f1']:.3f}  "
            f"precision {m['precision']:.3f}  recall {m['recall']:.3f}"
        )
        print(
            f"calibration of the per-theme probabilities: ECE pooled {cal['pooled']:.3f}, classwise {cal['classwise']:.3f}"
        )
        print(by_n_gold(themes, pred_t).round(3).to_string())
        table = per_theme_table(themes, pred_t, codes)
        table["ece"] = pd.Series(cal["per_class"])
        print(table.round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
