# %% [markdown]
# # 04 Validation
#
# The whole loop of validating a measurement against human coding, as content analysis requires: draw a stratified sample, code it (two coders), measure agreement, compare the model with the coders, train a classifier for your own codebook, see how many labels are enough, pick the next statements to code, and report shares with their uncertainty. Last, the tables as an agency-year panel for regressions.
#
# **About the codes in this notebook.** Nobody sat down and coded these statements. When the real corpus is available (`NLP_REPORTS_REAL_CORPUS`), coder A's codes are the labels of the gold standard and coder B is coder A with 10 % of codes changed at random. Without it (as in the outputs committed here) both coders are **simulated from the model's own labels with noise**, so agreement with the model says nothing about the model; it only shows the workflow. Replace the simulation cell with `codes = nr.validate.read_codes("coded.xlsx")` on your coders' file.

# %%
<<setup>>
import tempfile
import numpy as np
%matplotlib inline
WORK = Path(tempfile.mkdtemp())
# one copy of each report: the same report as text, HTML and PDF would be sampled and counted three times
inputs = [SAMPLE / "txt"] + ([REAL / "pdf", REAL / "text"] if REAL is not None else [])

# %%
<<read_corpus>>
st = corpus.statements_frame()
gold = None
if REAL is not None:
    <<read_gold>>
    st = st[st["doc_id"].isin(set(gold["doc"]))]   # sample where a gold label exists
print(len(st), "statements from", st["doc_id"].nunique(), "reports")

# %% [markdown]
# ## 1. A stratified sample to code
#
# Stratified by the model's label and the agency's level, with stable ids; the model's label is not on the sheet.

# %%
sample = nr.validate.sample(st, n=40, by=["label", "level"], seed=1)
sample.to_excel(WORK / "to_code.xlsx")      # sheets: to_code, codebook
sample[["unit_id", "level", "text", "code_A", "code_B"]].head(8)

# %%
pd.read_excel(WORK / "to_code.xlsx", sheet_name="codebook")

# %% [markdown]
# ## 2. Coding (simulated here, see the note at the top)

# %%
rng = np.random.default_rng(7)
LABELS = ["problem", "improvement", "other"]
def noisy(codes, p):
    return [c if rng.random() > p else rng.choice([x for x in LABELS if x != c]) for c in codes]
model_label = st.set_index(nr.validate.unit_ids(st))["label"]
if gold is not None:
    key = lambda t: "".join(str(t).split())
    gold_label = dict(zip(gold["text"].map(key), gold["label"]))
    truth = [gold_label.get(key(t)) for t in sample["text"]]
    source = "coder A = gold standard, coder B = gold with 10 % noise"
    a = truth
    b = [None if t is None else c for t, c in zip(truth, noisy([t or "other" for t in truth], 0.10))]
else:
    base = model_label.loc[sample["unit_id"]].tolist()
    source = "SIMULATED from the model with noise (no human coding): coder A 10 %, coder B 15 % changed"
    a, b = noisy(base, 0.10), noisy(base, 0.15)
coded = pd.DataFrame(sample).assign(code_A=a, code_B=b)
with pd.ExcelWriter(WORK / "coded.xlsx") as xw:
    coded.to_excel(xw, sheet_name="to_code", index=False)
    sample.codebook_frame().to_excel(xw, sheet_name="codebook", index=False)
codes = nr.validate.read_codes(WORK / "coded.xlsx")
print(source)
codes[["unit_id", "code_A", "code_B"]].head()

# %% [markdown]
# ## 3. Agreement between coders (bootstrap 95 % intervals over statements)

# %%
nr.validate.agreement(codes).round(3)

# %% [markdown]
# ## 4. The model against the coders

# %%
clf = nr.StatementClassifier.pretrained()
validation = nr.validate.against_model(codes, model=clf)
validation

# %%
validation.rates().round(3)

# %% [markdown]
# ## 5. Your own codebook and classifier
#
# A codebook with codes, definitions, seed terms and examples (here the three statement labels, written to Excel and read back); the labelled statements are the ones written for this project.

# %%
from nlp_reports.nlp.classifier import load_training_statements
cb = nr.Codebook.from_dict({"codes": [
    {"code": "problem", "definition": "a shortcoming of the disclosure work", "seed_terms": ["不够", "不足", "有待"]},
    {"code": "improvement", "definition": "a measure or plan to fix it", "seed_terms": ["加强", "进一步", "下一步"]},
    {"code": "other", "definition": "lead-ins, transitions, summaries", "seed_terms": ["主要", "如下"]}]})
cb.to_excel(WORK / "codebook.xlsx")
cb = nr.Codebook.from_excel(WORK / "codebook.xlsx")
train = load_training_statements().sample(n=300, random_state=0)
texts, labels = train["text"].tolist(), train["label"].tolist()
model = nr.CodebookClassifier(cb).fit(texts, labels)
nr.validate.against_model(codes, model=model, n_boot=500).metrics.round(3)

# %%
lc = nr.validate.learning_curve(model, texts, labels, sizes=[40, 80, 120, 200], cv=3)
ax = lc.plot(x="n_train", y="score", marker="o", legend=False, ylim=(0, 1))
ax.fill_between(lc["n_train"], lc["low"], lc["high"], alpha=0.2)
ax.set_xlabel("labelled statements"); ax.set_ylabel("macro-F1 (3-fold)")
lc[["n_train", "score", "sd", "low", "high"]].round(3)

# %% [markdown]
# ## 6. What to code next (uncertainty sampling)

# %%
nxt = nr.validate.next_to_code(model, st, n=8, exclude=codes)
nxt[["unit_id", "uncertainty", "text"]]

# %% [markdown]
# ## 7. Shares with their uncertainty
#
# Bootstrap over reports within each group; `correct=` adjusts the label shares for the confusion measured in step 4.

# %%
nr.compare.label_shares(st, by="level", ci=0.95, correct=validation).round(3)

# %%
nr.compare.theme_profile(st, by="level", ci=0.95).head(10).round(3)

# %% [markdown]
# ## 8. The tables as an agency × year panel

# %%
panel = corpus.panel()
panel[["agency_id", "agency", "year", "doc_id", "n_reports", "duplicate", "checks_ok", "t3_new_tot", "t4_review_total"]]

# %%
panel.attrs["codebook"].head(8)

# %%
nr.io.to_stata(panel, WORK / "panel.dta")
with pd.io.stata.StataReader(WORK / "panel.dta") as rd:
    print(list(rd.variable_labels().items())[14:20])
