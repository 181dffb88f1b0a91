#!/usr/bin/env python
"""Measure the part-五 models on the real gold (the gold is for MEASURING only, never for training).

    python scripts/evaluate.py [--real PATH] [--no-from-corpus] [--no-boundaries] [--plot reliability.png]

Prints, on ``PATH/gold/statements.jsonl`` (X = gold statement texts, y = gold labels):

* ``StatementClassifier.pretrained()``: per-class precision / recall / F1, macro-F1, and the
  calibration of ``predict_proba`` (multi-class Brier score, top-label expected calibration error
  over 15 equal-width bins);
* ``StatementClassifier.from_corpus(real corpus)``: the same (the corpus = the real report texts and
  PDFs read with ``nlp_reports.read_corpus``; only their text is used, weakly labelled), with the
  weak-label counts per source.  This figure is IN-SAMPLE (the model saw the texts it is measured on);
* the honest estimate: leave-one-agency-out (:func:`leave_one_agency_out`): for each agency
  (``agency_key``; the twelve Pingtan reports are one group) ``from_corpus`` is trained on the OTHER
  reports and predicts the gold statements of the held-out agency; the predictions are pooled and
  measured, next to ``pretrained()`` on the same pooled set (already out-of-sample);
* ``ThemeTagger.pretrained()``: theme micro precision / recall / F1 (overall, per theme, by number of
  gold themes) next to the seed-term keyword baseline, and the calibration of its per-theme
  probabilities (ECE over 15 equal-width bins: pooled over statement × theme, and the mean of the
  per-theme ECEs); ``--plot PATH`` saves a reliability diagram of both models;
* statement boundary F1 of ``split_statements_spans`` (``scripts/eval_boundaries.py``);
* commitments (``extract_commitments`` on the gold improvement statements): main action accuracy,
  object character F1, time frame and target precision / recall, against
  ``tests/data/commitments_gold.jsonl`` (offsets into the gold statements; ``scripts/eval_commitments.py``),
  next to the written held-out set.

``PATH`` defaults to $NLP_REPORTS_REAL_CORPUS, else ../shared/corpora/real.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.metrics import f1_score, precision_recall_fscore_support  # noqa: E402

from nlp_reports.nlp.calibration import N_BINS, expected_calibration_error, multilabel_ece, top_label  # noqa: E402
from nlp_reports.nlp.classifier import LABELS, StatementClassifier  # noqa: E402
from nlp_reports.nlp.theme_metrics import by_n_gold, micro_prf, per_theme_table  # noqa: E402
from nlp_reports.nlp.themes import ThemeTagger, keyword_themes, micro_f1  # noqa: E402


def default_real() -> Path:
    env = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpora" / "real"


def load_gold(real: Path) -> pd.DataFrame:
    """Gold statements (doc, i, text, label, themes); reports marked ``none`` are dropped."""
    rows = []
    with open(real / "gold" / "statements.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                if "text" in r:
                    rows.append(r)
    df = pd.DataFrame(rows)
    df["themes"] = [list(t) if isinstance(t, list) else [] for t in df.get("themes", [[]] * len(df))]
    return df


def label_report(y: Sequence[str], pred: Sequence[str]) -> pd.DataFrame:
    """Per-class precision / recall / F1 / support, plus a macro row."""
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=list(LABELS), zero_division=0)
    table = pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": s}, index=list(LABELS))
    table.loc["macro"] = [p.mean(), r.mean(), f.mean(), s.sum()]
    return table


def calibration(y: Sequence[str], proba: np.ndarray, classes: Sequence[str], n_bins: int = N_BINS) -> dict[str, float]:
    """Multi-class Brier score (mean squared error of the probability vector) and top-label ECE (15 bins)."""
    classes = list(classes)
    onehot = np.zeros_like(proba)
    for i, lab in enumerate(y):
        onehot[i, classes.index(lab)] = 1.0
    brier = float(((proba - onehot) ** 2).sum(axis=1).mean())
    conf, correct = top_label(proba, [classes.index(lab) for lab in y])
    ece = expected_calibration_error(conf, correct, n_bins)
    return {"brier": brier, "ece": float(ece), "mean_confidence": float(conf.mean()), "accuracy": float(correct.mean())}


def report_classifier(name: str, clf: StatementClassifier, gold: pd.DataFrame) -> float:
    X, y = gold["text"].tolist(), gold["label"].tolist()
    proba = clf.predict_proba(X)
    pred = np.asarray(clf.classes_)[proba.argmax(axis=1)]
    table = label_report(y, pred)
    cal = calibration(y, proba, clf.classes_)
    macro = f1_score(y, pred, labels=list(LABELS), average="macro")
    print(f"\n== {name}: macro-F1 {macro:.3f}")
    print(table.round(3).to_string())
    print(
        f"calibration: Brier {cal['brier']:.3f}  ECE {cal['ece']:.3f}  "
        f"(mean confidence {cal['mean_confidence']:.3f}, accuracy {cal['accuracy']:.3f}, temperature {clf.temperature_:.3f})"
    )
    return float(macro)


def report_themes(tagger: ThemeTagger, gold: pd.DataFrame) -> dict[str, Any]:
    """Theme micro precision / recall / F1, per theme and by number of gold themes, and calibration."""
    X, Y = gold["text"].tolist(), gold["themes"].tolist()
    proba = tagger.predict_proba(X)
    pred = tagger.predict(X)
    base = keyword_themes(X)
    m = micro_prf(Y, pred)
    cal = multilabel_ece(proba, Y, list(tagger.classes_))
    print(
        f"\n== ThemeTagger.pretrained(): theme micro-F1 {m['f1']:.3f}  precision {m['precision']:.3f}  "
        f"recall {m['recall']:.3f}   (seed-term keyword baseline F1 {micro_f1(Y, base):.3f})"
    )
    print(f"   with the gold label, 'other' -> []: {micro_f1(Y, tagger.predict(X, labels=gold['label'].tolist())):.3f}")
    print(
        f"calibration of the per-theme probabilities ({N_BINS} bins): ECE pooled over statement x theme "
        f"{cal['pooled']:.3f}, classwise (mean of per-theme ECEs) {cal['classwise']:.3f}"
    )
    print(by_n_gold(Y, pred).round(3).to_string())
    table = per_theme_table(Y, pred, list(tagger.classes_))
    table["ece"] = pd.Series(cal["per_class"])
    print(table.round(3).to_string())
    return {**m, "ece_pooled": cal["pooled"], "ece_classwise": cal["classwise"], "proba": proba}


def plot_reliability(path: Path, clf: StatementClassifier, tagger: ThemeTagger, gold: pd.DataFrame) -> None:
    """Save the reliability diagram of both models on the gold statements to ``path``."""
    from nlp_reports.nlp.calibration import multilabel_outcomes
    from nlp_reports.plot import reliability_diagram

    X = gold["text"].tolist()
    classes = list(clf.classes_)
    conf, correct = top_label(clf.predict_proba(X), [classes.index(lab) for lab in gold["label"]])
    P = tagger.predict_proba(X)
    G = multilabel_outcomes(P, gold["themes"].tolist(), list(tagger.classes_))
    fig = reliability_diagram(
        {"classifier (max probability)": (conf, correct), "tagger (every theme probability)": (P.ravel(), G.ravel())},
        title=f"real gold, {len(gold)} statements",
    )
    fig.savefig(path, dpi=120)
    print(f"\nreliability diagram -> {path}")


def real_corpus(real: Path) -> Any:
    """The real reports (text files and agency PDFs) read with the toolkit.

    ``rendered/`` is left out on purpose: its PDFs are the same reports as some ``text/`` files
    (typeset twice), so reading it would count those reports three times.
    """
    import nlp_reports as nr

    inputs = [str(p) for p in (real / "text", real / "pdf") if p.exists()]
    return nr.read_corpus(inputs, progress=False)


def agency_groups(corpus: Any, gold: pd.DataFrame) -> dict[str, str]:
    """doc id -> group (``agency_key`` from ``corpus.docvars``; a gold report not in the corpus is its own group)."""
    dv = corpus.docvars
    groups = {str(d): (str(k) if isinstance(k, str) and k else str(d)) for d, k in zip(dv["doc_id"], dv["agency_key"])}
    for doc in gold["doc"].unique():
        groups.setdefault(str(doc), str(doc))
    return groups


def leave_one_agency_out(corpus: Any, gold: pd.DataFrame, **from_corpus_kw: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Out-of-agency predictions of ``from_corpus`` for every gold statement.

    Why: ``from_corpus`` trained on a corpus and measured on the same reports' statements is flattered
    (it saw those texts and their weak labels).  Here the model that predicts an agency's statements
    never saw any report of that agency.  ``from_corpus_kw`` go to ``from_corpus`` (default
    ``base=pretrained(), random_state=0``).  Returns (the gold rows + ``group``, ``pred`` and
    ``proba_<label>`` columns; one row per held-out group: n_test, n_train_reports, n_weak (weak
    labels of the training reports), n_weak_used, n_train, errors, accuracy).
    """
    groups = agency_groups(corpus, gold)
    gold = gold.assign(group=[groups[str(d)] for d in gold["doc"]])
    kw = {"base": StatementClassifier.pretrained(), "random_state": 0, **from_corpus_kw}
    parts, folds = [], []
    for g in sorted(gold["group"].unique()):
        train = [r for r in corpus.reports if groups.get(str(r.meta.doc_id)) != g]
        test = gold[gold["group"] == g]
        clf = StatementClassifier.from_corpus(train, **kw)
        proba = clf.predict_proba(test["text"].tolist())
        out = test.copy()
        out["pred"] = np.asarray(clf.classes_)[proba.argmax(axis=1)]
        for j, c in enumerate(clf.classes_):
            out[f"proba_{c}"] = proba[:, j]
        parts.append(out)
        w = clf.weak_labels_
        folds.append(
            {
                "group": g,
                "n_test": len(test),
                "n_train_reports": len(train),
                "n_weak": int(w["label"].notna().sum()),
                "n_weak_used": int(clf.n_weak_used_),
                "n_train": int(clf.n_train_),
                "errors": int((out["pred"] != test["label"]).sum()),
                "accuracy": float((out["pred"] == test["label"]).mean()),
            }
        )
    pooled = pd.concat(parts).sort_index()
    proba_cols = [c for c in pooled.columns if c.startswith("proba_")]
    pooled[proba_cols] = pooled[proba_cols].fillna(0.0)  # a fold trained without some class
    return pooled, pd.DataFrame(folds).set_index("group")


def report_loao(corpus: Any, gold: pd.DataFrame) -> float:
    """Print the leave-one-agency-out figures of from_corpus and pretrained() on the same pooled set."""
    t0 = time.perf_counter()
    pooled, folds = leave_one_agency_out(corpus, gold)
    dt = time.perf_counter() - t0
    y, pred = pooled["label"].tolist(), pooled["pred"].tolist()
    macro = f1_score(y, pred, labels=list(LABELS), average="macro")
    print(f"\n== leave-one-agency-out from_corpus ({len(folds)} agencies, {dt:.1f} s): pooled macro-F1 {macro:.3f}")
    print(label_report(y, pred).round(3).to_string())
    classes = [c[len("proba_") :] for c in pooled.columns if c.startswith("proba_")]
    cal = calibration(y, pooled[[f"proba_{c}" for c in classes]].to_numpy(), classes)
    print(
        f"calibration: Brier {cal['brier']:.3f}  ECE {cal['ece']:.3f}  (mean confidence {cal['mean_confidence']:.3f})"
    )
    print("per held-out agency:")
    print(folds.round(3).to_string())
    pre = StatementClassifier.pretrained().predict(pooled["text"].tolist())
    pre_macro = f1_score(y, pre, labels=list(LABELS), average="macro")
    print(f"pretrained() on the same pooled statements: macro-F1 {pre_macro:.3f}")
    return float(macro)


def _sibling_script(name: str) -> Any:
    """Import ``scripts/<name>.py`` as module ``name`` (the scripts folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # registered first: a script's dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


def report_boundaries(real: Path) -> None:
    path = ROOT / "scripts" / "eval_boundaries.py"
    if importlib.util.find_spec("nlp_reports.nlp.statements") is None or not path.exists():
        print("\n(statement boundaries: nlp_reports.nlp.statements or scripts/eval_boundaries.py missing; skipped)")
        return
    mod = _sibling_script("eval_boundaries")
    print("\n== statement boundaries (split_statements_spans)")
    for mode in ("text", "concat"):
        res = mod.evaluate(mod.build_cases(real, mode))
        print(f"   {mode:<6}: P {res['precision']:.3f}  R {res['recall']:.3f}  F1 {res['f1']:.3f}")


def report_commitments(real: Path) -> None:
    mod = _sibling_script("eval_commitments")
    print("\n== commitments (extract_commitments on the improvement statements)")
    print(mod.format_result("real gold   ", mod.evaluate(mod.load_real_cases(real))))
    print(mod.format_result("written held-out", mod.evaluate(mod.load_dev_cases(mod.HELDOUT))))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--real", default=None, help="the real corpus folder (with gold/); default $NLP_REPORTS_REAL_CORPUS"
    )
    ap.add_argument("--no-from-corpus", action="store_true", help="skip the from_corpus evaluation")
    ap.add_argument("--no-boundaries", action="store_true", help="skip the boundary evaluation")
    ap.add_argument("--no-loao", action="store_true", help="skip the leave-one-agency-out evaluation of from_corpus")
    ap.add_argument("--no-commitments", action="store_true", help="skip the commitment evaluation")
    ap.add_argument("--plot", default=None, help="save the reliability diagram of both models (PNG) to this path")
    args = ap.parse_args(argv)
    real = Path(args.real) if args.real else default_real()
    if not (real / "gold" / "statements.jsonl").exists():
        print(
            f"no gold at {real}/gold/statements.jsonl; pass --real PATH or set NLP_REPORTS_REAL_CORPUS", file=sys.stderr
        )
        return 2
    gold = load_gold(real)
    print(f"gold: {len(gold)} statements of {gold['doc'].nunique()} reports {gold['label'].value_counts().to_dict()}")

    report_classifier("StatementClassifier.pretrained()", StatementClassifier.pretrained(), gold)

    if not args.no_from_corpus:
        t0 = time.perf_counter()
        corpus = real_corpus(real)
        t1 = time.perf_counter()
        clf = StatementClassifier.from_corpus(corpus, base=StatementClassifier.pretrained(), random_state=0)
        t2 = time.perf_counter()
        print(
            f"\nreal corpus: {len(corpus.reports)} reports read in {t1 - t0:.1f} s; from_corpus trained in {t2 - t1:.1f} s"
        )
        print("weak labels (source x label):")
        print(clf.weak_label_report_.to_string())
        report_classifier(
            "StatementClassifier.from_corpus(real corpus) [IN-SAMPLE: trained on these reports]", clf, gold
        )
        if not args.no_loao:
            report_loao(corpus, gold)

    tagger = ThemeTagger.pretrained()
    report_themes(tagger, gold)
    if args.plot:
        plot_reliability(Path(args.plot), StatementClassifier.pretrained(), tagger, gold)
    if not args.no_boundaries:
        report_boundaries(real)
    if not args.no_commitments:
        report_commitments(real)
    return 0


if __name__ == "__main__":
    sys.exit(main())
