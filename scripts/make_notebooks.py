"""Write the three notebooks in notebooks/ (run once after editing the cells below).

    python scripts/make_notebooks.py

The notebooks run top to bottom on the bundled sample corpus, and also on the real corpus when the
environment variable NLP_REPORTS_REAL_CORPUS points at it. tests/test_notebooks.py executes them.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent

SETUP = '''import os
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
print("real corpus:", REAL or "not set (sample corpus only)")'''


def nb01() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 01 Read reports\n\nOne report end to end: metadata, the six parts, sub-headings, the tables "
            "as numbers, and the consistency checks (勾稽关系). Then a whole folder with `read_corpus`."
        ),
        new_code_cell(SETUP),
        new_markdown_cell("## One report (a PDF typeset from the sample corpus)"),
        new_code_cell(
            'pdf = sorted((SAMPLE / "pdf").glob("*.pdf"))[0]\nrep = nr.read_report(pdf)\nrep'
        ),
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
        new_code_cell('corpus.reports_frame()[["doc_id", "agency", "year", "level", "region", "status", "failed_checks"]]'),
        new_code_cell("corpus.errors_frame()[[\"source\", \"reason\", \"message\"]]"),
        new_code_cell('corpus.tables_frame().query("table == \'review_litigation\'").head(15)'),
        new_code_cell("failed = corpus.checks_frame().query('not ok')\nfailed"),
    ]
    return new_notebook(cells=cells, metadata=_meta())


def nb02() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 02 Problems and improvements\n\nPart 五 split into statements, each labelled *problem*, "
            "*improvement* or *other*, with themes and commitments; then a model retrained on the corpus "
            "itself (weak supervision) and an evaluation."
        ),
        new_code_cell(SETUP),
        new_code_cell('corpus = nr.read_corpus(inputs, cache_dir=ROOT / ".nlp_reports_cache", progress=False)\nlen(corpus)'),
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
        new_code_cell("st = corpus.statements_frame()\nst.groupby([\"agency\", \"label\"]).size().unstack(fill_value=0)"),
        new_code_cell('cm = corpus.commitments_frame()\ncm.sort_values("specificity", ascending=False).head(10)'),
        new_markdown_cell("## Retraining on the corpus (weak supervision)"),
        new_code_cell(
            "clf2 = nr.StatementClassifier.from_corpus(corpus)\nclf2.weak_label_report_"
        ),
        new_code_cell(
            "agree = (clf2.predict(list(st.text)) == st.label).mean()\n"
            'print(f"agreement with the shipped model: {agree:.2%}")'
        ),
        new_markdown_cell("## Evaluation on the gold standard (only when the real corpus is available)"),
        new_code_cell(
            "from sklearn.metrics import classification_report\n"
            "if REAL is not None:\n"
            '    gold = pd.read_json(REAL / "gold" / "statements.jsonl", lines=True)\n'
            '    gold = gold[gold["text"].notna()]\n'
            '    for name, model in [("pretrained", clf), ("from_corpus", clf2)]:\n'
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
            "topics.terms.pivot(index=\"rank\", columns=\"topic\", values=\"term\").head(8)"
        ),
    ]
    return new_notebook(cells=cells, metadata=_meta())


def nb03() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# 03 Compare agencies\n\nTheme profiles, distinctive terms, similarity, boilerplate shared between "
            "agencies, whether last year's commitments come back as this year's problems, and plots."
        ),
        new_code_cell(SETUP + "\n%matplotlib inline"),
        new_code_cell(
            'corpus = nr.read_corpus(inputs, cache_dir=ROOT / ".nlp_reports_cache", progress=False)\n'
            "st = corpus.statements_frame()\ncorpus.docvars"
        ),
        new_code_cell('profile = nr.compare.theme_profile(st, by="agency")\nprofile.head(12)'),
        new_code_cell("nr.plot.theme_heatmap(profile)"),
        new_code_cell(
            'level = corpus.docvars["level"].value_counts().index[0]\n'
            'k = nr.compare.keyness(corpus, by="level", target=level)\nk.head(15)'
        ),
        new_code_cell("nr.plot.keyness(k)"),
        new_code_cell('sim = nr.compare.similarity(corpus, part="problems")\nnr.plot.similarity_heatmap(sim)'),
        new_code_cell('bp = nr.compare.boilerplate(st, min_agencies=2)\nbp[["kind", "n_statements", "n_agencies", "years", "representative"]]'),
        new_code_cell("ft = nr.compare.follow_through(st)\nft[ft.recurs].head(10)"),
        new_code_cell("nr.compare.report_quality(corpus)"),
        new_code_cell('nr.plot.theme_over_time(st, by="year")'),
    ]
    return new_notebook(cells=cells, metadata=_meta())


def _meta() -> dict:
    return {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }


def main() -> None:
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    for name, fn in (
        ("01_read_reports", nb01),
        ("02_problems_and_improvements", nb02),
        ("03_compare_agencies", nb03),
    ):
        nbformat.write(fn(), out / f"{name}.ipynb")
        print(f"wrote notebooks/{name}.ipynb")


if __name__ == "__main__":
    main()
