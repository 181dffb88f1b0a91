#!/usr/bin/env python
"""Train the models shipped with nlp_reports and write them as JSON (no pickle).

    python scripts/train_models.py [--out nlp_reports/nlp/data] [--sample corpora/sample/txt]

Training data, all written by the project (never the real gold):

* ``nlp_reports/nlp/data/train_statements.jsonl`` — labelled statements (label + themes);
* the part-五 statements of the sample corpus ``corpora/sample/txt``, labelled only by weak
  supervision (:mod:`nlp_reports.nlp.weak_labels`, confidence >= 0.6);
* the cue lexicon entries of :mod:`nlp_reports.nlp.cues` as short examples with a small weight;
* for the theme tagger only: ``nlp_reports/nlp/data/train_themes.jsonl``, statements composed from the
  project's phrase banks by ``scripts/make_theme_statements.py`` (weight ``COMPOSED_WEIGHT``; the
  thresholds and calibration are tuned on the written statements only).

Writes ``statement_classifier.json`` and ``theme_tagger.json``.  Deterministic: a rerun on the same
data writes the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from nlp_reports.nlp import cues  # noqa: E402
from nlp_reports.nlp.classifier import MODEL_FILE, StatementClassifier, load_training_statements  # noqa: E402
from nlp_reports.nlp.model_io import data_path  # noqa: E402
from nlp_reports.nlp.themes import MODEL_FILE as THEME_FILE  # noqa: E402
from nlp_reports.nlp.themes import THEME_TRAINING_FILE, ThemeTagger  # noqa: E402

#: weight of one composed statement (``train_themes.jsonl``) in the theme tagger's training
COMPOSED_WEIGHT = 0.5
#: weak labels of the sample corpus below this confidence are not used
MIN_CONFIDENCE = 0.6
#: weight of one cue-lexicon entry used as a training example
CUE_WEIGHT = 0.2


def cue_examples() -> pd.DataFrame:
    """The cue lexicon entries (two characters or more) as labelled mini-statements."""
    rows = []
    for label, terms in (
        ("problem", cues.PROBLEM_CUES),
        ("improvement", cues.IMPROVEMENT_CUES),
        ("other", cues.LEADIN_CUES + cues.TRANSITION_CUES + cues.SUMMARY_CUES),
    ):
        for t in terms:
            if len(t) >= 2:
                rows.append({"text": t, "label": label, "source": "cue_lexicon", "weight": CUE_WEIGHT})
    return pd.DataFrame(rows).drop_duplicates("text", keep="first")


def sample_examples(sample_dir: Path) -> pd.DataFrame:
    """Weakly labelled part-五 statements of the sample corpus (empty if the folder is missing)."""
    if not sample_dir.exists():
        print(f"  (no sample corpus at {sample_dir}; skipped)")
        return pd.DataFrame(columns=["text", "label", "source", "weight"])
    import nlp_reports as nr
    from nlp_reports.nlp.weak_labels import label_counts, weak_label_reports

    corpus = nr.read_corpus(str(sample_dir), progress=False)
    weak = weak_label_reports(corpus.reports)
    print(f"  sample corpus: {len(corpus.reports)} reports, {len(weak)} statements; weak labels by source:")
    print(label_counts(weak).to_string())
    used = weak[weak["label"].notna() & (weak["confidence"] >= MIN_CONFIDENCE)]
    return pd.DataFrame(
        {"text": used["text"], "label": used["label"], "source": "sample_weak", "weight": used["confidence"]}
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "nlp_reports" / "nlp" / "data"), help="folder for the JSON models")
    ap.add_argument("--sample", default=str(ROOT / "corpora" / "sample" / "txt"), help="sample corpus folder")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    train = load_training_statements()
    print(f"training statements: {len(train)} {train['label'].value_counts().to_dict()}")
    gold_like = pd.DataFrame(
        {"text": train["text"], "label": train["label"], "source": "train_statements", "weight": 1.0}
    )
    data = pd.concat([gold_like, sample_examples(Path(args.sample)), cue_examples()], ignore_index=True)
    data = data.drop_duplicates(["text", "label"], keep="first").reset_index(drop=True)
    print("classifier training set:")
    print(pd.crosstab(data["source"], data["label"]).to_string())

    t0 = time.perf_counter()
    # temperature: out-of-fold scores of the hand-labelled statements only (weak and lexicon rows are too easy)
    clf = StatementClassifier(random_state=0).fit(
        data["text"].tolist(),
        data["label"].tolist(),
        sample_weight=data["weight"].tolist(),
        calibrate_on=(data["source"] == "train_statements").tolist(),
    )
    clf_path = out / MODEL_FILE
    clf.save(clf_path)
    print(
        f"statement classifier: {time.perf_counter() - t0:.1f} s, temperature {clf.temperature_:.3f} "
        f"(out-of-fold ECE of the hand-labelled statements {getattr(clf, 'cv_ece_', float('nan')):.3f}) -> {clf_path}"
    )

    t0 = time.perf_counter()
    composed = load_training_statements(data_path(THEME_TRAINING_FILE))
    print(f"theme tagger: {len(train)} written + {len(composed)} composed statements ({THEME_TRAINING_FILE})")
    tagger = ThemeTagger(random_state=0).fit(
        train["text"].tolist() + composed["text"].tolist(),
        train["themes"].tolist() + composed["themes"].tolist(),
        sample_weight=[1.0] * len(train) + [COMPOSED_WEIGHT] * len(composed),
        tune_on=[True] * len(train) + [False] * len(composed),
    )
    tag_path = out / THEME_FILE
    tagger.save(tag_path)
    print(
        f"theme tagger: {time.perf_counter() - t0:.1f} s, keyword_weight {tagger.keyword_weight_}, thresholds "
        f"{tagger.threshold_}/{tagger.second_threshold_}, second ratio {tagger.second_ratio_}, "
        f"per-theme offsets {dict(zip(tagger.classes_, tagger.theme_offsets_.round(2).tolist()))}, "
        f"second stage {tagger.stacking or 'none'} (C {tagger.stack_C_}), CV micro-F1 {tagger.cv_micro_f1_:.3f} -> {tag_path}"
    )
    for p in (clf_path, tag_path):
        digest = hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        print(f"  {p.name}: {os.path.getsize(p) / 1e6:.2f} MB sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
