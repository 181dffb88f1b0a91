"""Write the notebooks in notebooks/ and execute them, so that they are committed with their outputs.

    python scripts/make_notebooks.py            # write and execute (outputs from the bundled corpus)
    python scripts/make_notebooks.py --no-run   # write the cells only

The notebooks run top to bottom on the bundled sample corpus, and also on the real corpus when the
environment variable NLP_REPORTS_REAL_CORPUS points at it.  The committed outputs are made with that
variable unset (the real reports' text must not end up in the repository), from the repository root,
with the worktree's ``nlp_reports`` first on the path.  tests/test_notebooks.py executes them again.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

SETUP = """import os
from pathlib import Path
import pandas as pd
import nlp_reports as nr

pd.set_option("display.max_colwidth", 80)
ROOT = Path.cwd() if (Path.cwd() / "corpora").is_dir() else Path.cwd().parent
SAMPLE = ROOT / "corpora" / "sample"
REAL = os.environ.get("NLP_REPORTS_REAL_CORPUS")
REAL = Path(REAL) if REAL else None
inputs = [SAMPLE / "txt", SAMPLE / "html", SAMPLE / "pdf"]
if REAL is not None:
    inputs += [REAL / "pdf", REAL / "rendered", REAL / "text"]
print("real corpus:", REAL or "not set (sample corpus only)")"""
#: how the notebooks read their inputs (the cache makes a rerun fast) and the gold statements (inside ``if REAL``)
READ_CORPUS = 'corpus = nr.read_corpus(inputs, cache_dir=ROOT / ".nlp_reports_cache", progress=False)\n'
READ_GOLD = (
    '    gold = pd.read_json(REAL / "gold" / "statements.jsonl", lines=True)\n    gold = gold[gold["text"].notna()]\n'
)


def _notebook(intro: str, cells: list[nbformat.NotebookNode]) -> nbformat.NotebookNode:
    """A Python 3 notebook: the ``intro`` markdown (its title and what it shows), then ``cells``."""
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return new_notebook(cells=[new_markdown_cell(intro), *cells], metadata=metadata)


def nb01() -> nbformat.NotebookNode:
    return _notebook(
        "# 01 Read reports\n\nOne report end to end: metadata, the six parts, sub-headings, the tables "
        "as numbers, and the consistency checks (勾稽关系). Then a whole folder with `read_corpus`.",
        [
            new_code_cell(SETUP),
            new_markdown_cell("## One report (a PDF typeset from the sample corpus)"),
            new_code_cell('pdf = sorted((SAMPLE / "pdf").glob("*.pdf"))[0]\nrep = nr.read_report(pdf)\nrep'),
            new_code_cell("rep.meta"),
            new_code_cell(
                'pd.DataFrame([{"key": k, "heading": s.heading, "chars": len(s.text), "sub-headings": len(s.subsections)}\n'
                "              for k, s in rep.sections.items()])"
            ),
            new_code_cell('[(s.number, s.title) for s in rep.section("overview").subsections]'),
            new_code_cell('print(rep.section("problems").text)'),
            new_markdown_cell("## Tables and checks"),
            new_code_cell("rep.tables.applications"),
            new_code_cell("rep.tables.review_litigation"),
            new_code_cell("rep.checks"),
            new_code_cell("rep.warnings"),
            new_markdown_cell("## A folder of reports: parallel, cached, bad inputs recorded"),
            new_code_cell(
                'bad = [REAL / "bad"] if REAL is not None else []\n'
                'corpus = nr.read_corpus(inputs + bad, n_jobs=2, cache_dir=ROOT / ".nlp_reports_cache", progress=False)\n'
                "corpus"
            ),
            new_code_cell(
                'corpus.reports_frame()[["doc_id", "agency", "year", "level", "region", "status", "failed_checks"]]'
            ),
            new_code_cell('corpus.errors_frame()[["source", "reason", "message"]]'),
            new_code_cell("corpus.tables_frame().query(\"table == 'review_litigation'\").head(15)"),
            new_code_cell("failed = corpus.checks_frame().query('not ok')\nfailed"),
        ],
    )


def nb02() -> nbformat.NotebookNode:
    return _notebook(
        "# 02 Problems and improvements\n\nPart 五 split into statements, each labelled *problem*, "
        "*improvement* or *other*, with themes and commitments; then a model retrained on the corpus "
        "itself (weak supervision) and an evaluation.",
        [
            new_code_cell(SETUP),
            new_code_cell(READ_CORPUS + "len(corpus)"),
            new_markdown_cell("## Tokens and statements of one report"),
            new_code_cell(
                "tok = nr.Tokenizer()\n"
                'rep = corpus.reports[0]\ntext = rep.section("problems").text\n'
                "print(tok(text[:60]))\n"
                "stmts = nr.split_statements(text)\nstmts"
            ),
            new_code_cell(
                "clf = nr.StatementClassifier.pretrained()\n"
                'pd.DataFrame({"statement": stmts, "label": clf.predict(stmts),\n'
                '              "proba": clf.predict_proba(stmts).max(axis=1).round(2),\n'
                '              "themes": nr.ThemeTagger.pretrained().predict(stmts)})'
            ),
            new_markdown_cell(
                "Why a theme? `explain` lists, per theme, its probability, the seed terms of the taxonomy found "
                "in the statement and the features that weigh most (contribution = weight × value, log-odds)."
            ),
            new_code_cell("nr.ThemeTagger.pretrained().explain(stmts[0])"),
            new_code_cell("nr.extract_commitments(stmts)"),
            new_markdown_cell("## The whole corpus"),
            new_code_cell(
                'st = corpus.statements_frame()\nst.groupby(["agency", "label"]).size().unstack(fill_value=0)'
            ),
            new_code_cell('cm = corpus.commitments_frame()\ncm.sort_values("specificity", ascending=False).head(10)'),
            new_markdown_cell("## Retraining on the corpus (weak supervision)"),
            new_code_cell("clf2 = nr.StatementClassifier.from_corpus(corpus)\nclf2.weak_label_report_"),
            new_code_cell(
                "agree = (clf2.predict(list(st.text)) == st.label).mean()\n"
                'print(f"agreement with the shipped model: {agree:.2%}")'
            ),
            new_markdown_cell("## Evaluation on the gold standard (only when the real corpus is available)"),
            new_code_cell(
                "from sklearn.metrics import classification_report\n"
                "if REAL is not None:\n"
                + READ_GOLD
                + '    for name, model in [("pretrained", clf), ("from_corpus", clf2)]:\n'
                "        print(name)\n"
                '        print(classification_report(gold["label"], model.predict(list(gold["text"])), digits=3))\n'
                "else:\n"
                '    print("set NLP_REPORTS_REAL_CORPUS to evaluate on the gold standard")'
            ),
            new_markdown_cell(
                "## Calibration (only when the real corpus is available)\n\nIs a probability of 0.8 right 80 % of "
                "the time? Expected calibration error (ECE, 15 equal-width bins) and a reliability diagram on the gold "
                "statements: the classifier's top probability against correctness, the tagger's probability of every "
                "theme against the gold themes. `scripts/evaluate.py --plot` draws the same figure."
            ),
            new_code_cell(
                "from nlp_reports.nlp.calibration import expected_calibration_error, multilabel_outcomes, top_label\n"
                "if REAL is not None:\n"
                "    tagger = nr.ThemeTagger.pretrained()\n"
                '    gold["themes"] = [t if isinstance(t, list) else [] for t in gold["themes"]]\n'
                "    classes = list(clf.classes_)\n"
                '    conf, correct = top_label(clf.predict_proba(list(gold["text"])), [classes.index(y) for y in gold["label"]])\n'
                '    P = tagger.predict_proba(list(gold["text"]))\n'
                '    G = multilabel_outcomes(P, gold["themes"], tagger.classes_)\n'
                '    print(f"classifier: ECE {expected_calibration_error(conf, correct):.3f} "\n'
                '          f"(mean confidence {conf.mean():.3f}, accuracy {correct.mean():.3f})")\n'
                '    print(f"tagger: ECE {expected_calibration_error(P.ravel(), G.ravel()):.3f} over statement x theme")\n'
                '    fig = nr.plot.reliability_diagram({"classifier": (conf, correct), "tagger": (P.ravel(), G.ravel())},\n'
                '                                      title=f"real gold, {len(gold)} statements")\n'
                "else:\n"
                '    print("set NLP_REPORTS_REAL_CORPUS to measure calibration on the gold standard")'
            ),
            new_markdown_cell("## Topics the taxonomy may miss (NMF)"),
            new_code_cell(
                'texts = list(st.loc[st.label == "problem", "text"])\n'
                "topics = nr.discover_topics(texts, n_topics=min(5, max(2, len(texts) // 10)))\n"
                'topics.terms.pivot(index="rank", columns="topic", values="term").head(8)'
            ),
        ],
    )


def nb03() -> nbformat.NotebookNode:
    return _notebook(
        "# 03 Compare agencies\n\nTheme profiles, distinctive terms, similarity, boilerplate shared between "
        "agencies, whether last year's commitments come back as this year's problems, and plots.",
        [
            new_code_cell(SETUP + "\n%matplotlib inline"),
            new_code_cell(READ_CORPUS + "st = corpus.statements_frame()\ncorpus.docvars"),
            new_code_cell('profile = nr.compare.theme_profile(st, by="agency")\nprofile.head(12)'),
            new_code_cell("nr.plot.theme_heatmap(profile)"),
            new_code_cell(
                'level = corpus.docvars["level"].value_counts().index[0]\n'
                'k = nr.compare.keyness(corpus, by="level", target=level)\nk.head(15)'
            ),
            new_code_cell("nr.plot.keyness(k)"),
            new_code_cell('sim = nr.compare.similarity(corpus, part="problems")\nnr.plot.similarity_heatmap(sim)'),
            new_code_cell(
                'bp = nr.compare.boilerplate(st, min_agencies=2)\nbp[["kind", "n_statements", "n_agencies", "years", "representative"]]'
            ),
            new_code_cell("ft = nr.compare.follow_through(st)\nft[ft.recurs].head(10)"),
            new_code_cell("nr.compare.report_quality(corpus)"),
            new_code_cell('nr.plot.theme_over_time(st, by="year")'),
        ],
    )


def nb04() -> nbformat.NotebookNode:
    return _notebook(
        "# 04 Validation\n\nThe whole loop of validating a measurement against human coding, as content "
        "analysis requires: draw a stratified sample, code it (two coders), measure agreement, compare the "
        "model with the coders, train a classifier for your own codebook, see how many labels are enough, "
        "pick the next statements to code, and report shares with their uncertainty. Last, the tables as an "
        "agency-year panel for regressions.\n\n"
        "**About the codes in this notebook.** Nobody sat down and coded these statements. When the real "
        "corpus is available (`NLP_REPORTS_REAL_CORPUS`), coder A's codes are the labels of the gold "
        "standard and coder B is coder A with 10 % of codes changed at random. Without it (as in the "
        "outputs committed here) both coders are **simulated from the model's own labels with noise**, so "
        "agreement with the model says nothing about the model; it only shows the workflow. Replace the "
        'simulation cell with `codes = nr.validate.read_codes("coded.xlsx")` on your coders\' file.',
        [
            new_code_cell(
                SETUP + "\nimport tempfile\nimport numpy as np\n%matplotlib inline\nWORK = Path(tempfile.mkdtemp())\n"
                "# one copy of each report: the same report as text, HTML and PDF would be sampled and counted three times\n"
                'inputs = [SAMPLE / "txt"] + ([REAL / "pdf", REAL / "text"] if REAL is not None else [])'
            ),
            new_code_cell(
                READ_CORPUS + "st = corpus.statements_frame()\n"
                "gold = None\n"
                "if REAL is not None:\n"
                + READ_GOLD
                + '    st = st[st["doc_id"].isin(set(gold["doc"]))]   # sample where a gold label exists\n'
                'print(len(st), "statements from", st["doc_id"].nunique(), "reports")'
            ),
            new_markdown_cell(
                "## 1. A stratified sample to code\n\nStratified by the model's label and the agency's level, "
                "with stable ids; the model's label is not on the sheet."
            ),
            new_code_cell(
                'sample = nr.validate.sample(st, n=40, by=["label", "level"], seed=1)\n'
                'sample.to_excel(WORK / "to_code.xlsx")      # sheets: to_code, codebook\n'
                'sample[["unit_id", "level", "text", "code_A", "code_B"]].head(8)'
            ),
            new_code_cell('pd.read_excel(WORK / "to_code.xlsx", sheet_name="codebook")'),
            new_markdown_cell("## 2. Coding (simulated here, see the note at the top)"),
            new_code_cell(
                "rng = np.random.default_rng(7)\n"
                'LABELS = ["problem", "improvement", "other"]\n'
                "def noisy(codes, p):\n"
                "    return [c if rng.random() > p else rng.choice([x for x in LABELS if x != c]) for c in codes]\n"
                'model_label = st.set_index(nr.validate.unit_ids(st))["label"]\n'
                "if gold is not None:\n"
                '    key = lambda t: "".join(str(t).split())\n'
                '    gold_label = dict(zip(gold["text"].map(key), gold["label"]))\n'
                '    truth = [gold_label.get(key(t)) for t in sample["text"]]\n'
                '    source = "coder A = gold standard, coder B = gold with 10 % noise"\n'
                "    a = truth\n"
                '    b = [None if t is None else c for t, c in zip(truth, noisy([t or "other" for t in truth], 0.10))]\n'
                "else:\n"
                '    base = model_label.loc[sample["unit_id"]].tolist()\n'
                '    source = "SIMULATED from the model with noise (no human coding): coder A 10 %, coder B 15 % changed"\n'
                "    a, b = noisy(base, 0.10), noisy(base, 0.15)\n"
                "coded = pd.DataFrame(sample).assign(code_A=a, code_B=b)\n"
                'with pd.ExcelWriter(WORK / "coded.xlsx") as xw:\n'
                '    coded.to_excel(xw, sheet_name="to_code", index=False)\n'
                '    sample.codebook_frame().to_excel(xw, sheet_name="codebook", index=False)\n'
                'codes = nr.validate.read_codes(WORK / "coded.xlsx")\n'
                'print(source)\ncodes[["unit_id", "code_A", "code_B"]].head()'
            ),
            new_markdown_cell("## 3. Agreement between coders (bootstrap 95 % intervals over statements)"),
            new_code_cell("nr.validate.agreement(codes).round(3)"),
            new_markdown_cell("## 4. The model against the coders"),
            new_code_cell(
                "clf = nr.StatementClassifier.pretrained()\n"
                "validation = nr.validate.against_model(codes, model=clf)\nvalidation"
            ),
            new_code_cell("validation.rates().round(3)"),
            new_markdown_cell(
                "## 5. Your own codebook and classifier\n\nA codebook with codes, definitions, seed terms and "
                "examples (here the three statement labels, written to Excel and read back); the labelled "
                "statements are the ones written for this project."
            ),
            new_code_cell(
                "from nlp_reports.nlp.classifier import load_training_statements\n"
                'cb = nr.Codebook.from_dict({"codes": [\n'
                '    {"code": "problem", "definition": "a shortcoming of the disclosure work", "seed_terms": ["不够", "不足", "有待"]},\n'
                '    {"code": "improvement", "definition": "a measure or plan to fix it", "seed_terms": ["加强", "进一步", "下一步"]},\n'
                '    {"code": "other", "definition": "lead-ins, transitions, summaries", "seed_terms": ["主要", "如下"]}]})\n'
                'cb.to_excel(WORK / "codebook.xlsx")\ncb = nr.Codebook.from_excel(WORK / "codebook.xlsx")\n'
                "train = load_training_statements().sample(n=300, random_state=0)\n"
                'texts, labels = train["text"].tolist(), train["label"].tolist()\n'
                "model = nr.CodebookClassifier(cb).fit(texts, labels)\n"
                "nr.validate.against_model(codes, model=model, n_boot=500).metrics.round(3)"
            ),
            new_code_cell(
                "lc = nr.validate.learning_curve(model, texts, labels, sizes=[40, 80, 120, 200], cv=3)\n"
                'ax = lc.plot(x="n_train", y="score", marker="o", legend=False, ylim=(0, 1))\n'
                'ax.fill_between(lc["n_train"], lc["low"], lc["high"], alpha=0.2)\n'
                'ax.set_xlabel("labelled statements"); ax.set_ylabel("macro-F1 (3-fold)")\n'
                'lc[["n_train", "score", "sd", "low", "high"]].round(3)'
            ),
            new_markdown_cell("## 6. What to code next (uncertainty sampling)"),
            new_code_cell(
                'nxt = nr.validate.next_to_code(model, st, n=8, exclude=codes)\nnxt[["unit_id", "uncertainty", "text"]]'
            ),
            new_markdown_cell(
                "## 7. Shares with their uncertainty\n\nBootstrap over reports within each group; "
                "`correct=` adjusts the label shares for the confusion measured in step 4."
            ),
            new_code_cell('nr.compare.label_shares(st, by="level", ci=0.95, correct=validation).round(3)'),
            new_code_cell('nr.compare.theme_profile(st, by="level", ci=0.95).head(10).round(3)'),
            new_markdown_cell("## 8. The tables as an agency × year panel"),
            new_code_cell(
                "panel = corpus.panel()\n"
                'panel[["agency_id", "agency", "year", "doc_id", "n_reports", "duplicate", "checks_ok", "t3_new_tot", "t4_review_total"]]'
            ),
            new_code_cell('panel.attrs["codebook"].head(8)'),
            new_code_cell(
                'nr.io.to_stata(panel, WORK / "panel.dta")\n'
                'with pd.io.stata.StataReader(WORK / "panel.dta") as rd:\n'
                "    print(list(rd.variable_labels().items())[14:20])"
            ),
        ],
    )


NOTEBOOKS = (
    ("01_read_reports", nb01),
    ("02_problems_and_improvements", nb02),
    ("03_compare_agencies", nb03),
    ("04_validation", nb04),
)


def execute(nb: nbformat.NotebookNode, cwd: Path) -> None:
    """Run ``nb`` in place on the bundled corpus only (no real-report text in the outputs)."""
    import nbclient

    os.environ.pop("NLP_REPORTS_REAL_CORPUS", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nbclient.NotebookClient(
        nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    raise SystemExit(f"a cell failed: {out.get('ename')}: {out.get('evalue')}")
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    out["text"] = ""  # warnings and progress bars: not part of the result
            cell["outputs"] = [
                o for o in cell["outputs"] if not (o.get("output_type") == "stream" and not o.get("text"))
            ]
            cell["metadata"].pop("execution", None)


def scrub(nb: nbformat.NotebookNode) -> None:
    """Paths of this checkout in the outputs become relative ones (``corpora/sample/...``); cell ids are
    numbered, so that regenerating an unchanged notebook gives the same file."""
    root = str(ROOT) + os.sep
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        for out in cell.get("outputs", []):
            if isinstance(out.get("text"), str):
                out["text"] = out["text"].replace(root, "")
            for key, val in (out.get("data") or {}).items():
                if isinstance(val, str) and key.startswith("text/"):
                    out["data"][key] = val.replace(root, "")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-run", action="store_true", help="write the cells without executing them")
    ap.add_argument("names", nargs="*", help="only these notebooks (e.g. 04_validation)")
    args = ap.parse_args(argv)
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    for name, fn in NOTEBOOKS:
        if args.names and name not in args.names:
            continue
        nb = fn()
        if not args.no_run:
            execute(nb, out)
        scrub(nb)
        nbformat.write(nb, out / f"{name}.ipynb")
        print(f"wrote notebooks/{name}.ipynb" + ("" if args.no_run else " (executed)"), file=sys.stderr)


if __name__ == "__main__":
    main()
