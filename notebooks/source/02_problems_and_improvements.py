# %% [markdown]
# # 02 Problems and improvements
#
# Part 五 split into statements, each labelled *problem*, *improvement* or *other*, with themes and commitments; then a model retrained on the corpus itself (weak supervision) and an evaluation.

# %%
<<setup>>

# %%
<<read_corpus>>
len(corpus)

# %% [markdown]
# ## Tokens and statements of one report

# %%
tok = nr.Tokenizer()
rep = corpus.reports[0]
text = rep.section("problems").text
print(tok(text[:60]))
stmts = nr.split_statements(text)
stmts

# %%
clf = nr.StatementClassifier.pretrained()
pd.DataFrame({"statement": stmts, "label": clf.predict(stmts),
              "proba": clf.predict_proba(stmts).max(axis=1).round(2),
              "themes": nr.ThemeTagger.pretrained().predict(stmts)})

# %% [markdown]
# Why a theme? `explain` lists, per theme, its probability, the seed terms of the taxonomy found in the statement and the features that weigh most (contribution = weight × value, log-odds).

# %%
nr.ThemeTagger.pretrained().explain(stmts[0])

# %%
nr.extract_commitments(stmts)

# %% [markdown]
# ## The whole corpus

# %%
st = corpus.statements_frame()
st.groupby(["agency", "label"]).size().unstack(fill_value=0)

# %%
cm = corpus.commitments_frame()
cm.sort_values("specificity", ascending=False).head(10)

# %% [markdown]
# ## Retraining on the corpus (weak supervision)

# %%
clf2 = nr.StatementClassifier.from_corpus(corpus)
clf2.weak_label_report_

# %%
agree = (clf2.predict(list(st.text)) == st.label).mean()
print(f"agreement with the shipped model: {agree:.2%}")

# %% [markdown]
# ## Evaluation on the gold standard (only when the real corpus is available)

# %%
from sklearn.metrics import classification_report
if REAL is not None:
    <<read_gold>>
    for name, model in [("pretrained", clf), ("from_corpus", clf2)]:
        print(name)
        print(classification_report(gold["label"], model.predict(list(gold["text"])), digits=3))
else:
    print("set NLP_REPORTS_REAL_CORPUS to evaluate on the gold standard")

# %% [markdown]
# ## Calibration (only when the real corpus is available)
#
# Is a probability of 0.8 right 80 % of the time? Expected calibration error (ECE, 15 equal-width bins) and a reliability diagram on the gold statements: the classifier's top probability against correctness, the tagger's probability of every theme against the gold themes. `scripts/evaluate.py --plot` draws the same figure.

# %%
from nlp_reports.nlp.calibration import expected_calibration_error, multilabel_outcomes, top_label
if REAL is not None:
    tagger = nr.ThemeTagger.pretrained()
    gold["themes"] = [t if isinstance(t, list) else [] for t in gold["themes"]]
    classes = list(clf.classes_)
    conf, correct = top_label(clf.predict_proba(list(gold["text"])), [classes.index(y) for y in gold["label"]])
    P = tagger.predict_proba(list(gold["text"]))
    G = multilabel_outcomes(P, gold["themes"], tagger.classes_)
    print(f"classifier: ECE {expected_calibration_error(conf, correct):.3f} "
          f"(mean confidence {conf.mean():.3f}, accuracy {correct.mean():.3f})")
    print(f"tagger: ECE {expected_calibration_error(P.ravel(), G.ravel()):.3f} over statement x theme")
    fig = nr.plot.reliability_diagram({"classifier": (conf, correct), "tagger": (P.ravel(), G.ravel())},
                                      title=f"real gold, {len(gold)} statements")
else:
    print("set NLP_REPORTS_REAL_CORPUS to measure calibration on the gold standard")

# %% [markdown]
# ## Topics the taxonomy may miss (NMF)

# %%
texts = list(st.loc[st.label == "problem", "text"])
topics = nr.discover_topics(texts, n_topics=min(5, max(2, len(texts) // 10)))
topics.terms.pivot(index="rank", columns="topic", values="term").head(8)
