# %% [markdown]
# # 01 Read reports
#
# One report end to end: metadata, the six parts, sub-headings, the tables as numbers, and the consistency checks (勾稽关系). Then a whole folder with `read_corpus`.

# %%
<<setup>>

# %% [markdown]
# ## One report (a PDF typeset from the sample corpus)

# %%
pdf = sorted((SAMPLE / "pdf").glob("*.pdf"))[0]
rep = nr.read_report(pdf)
rep

# %%
rep.meta

# %%
pd.DataFrame([{"key": k, "heading": s.heading, "chars": len(s.text), "sub-headings": len(s.subsections)}
              for k, s in rep.sections.items()])

# %%
[(s.number, s.title) for s in rep.section("overview").subsections]

# %%
print(rep.section("problems").text)

# %% [markdown]
# ## Tables and checks

# %%
rep.tables.applications

# %%
rep.tables.review_litigation

# %%
rep.checks

# %%
rep.warnings

# %% [markdown]
# ## A folder of reports: parallel, cached, bad inputs recorded

# %%
bad = [REAL / "bad"] if REAL is not None else []
corpus = nr.read_corpus(inputs + bad, n_jobs=2, cache_dir=ROOT / ".nlp_reports_cache", progress=False)
corpus

# %%
corpus.reports_frame()[["doc_id", "agency", "year", "level", "region", "status", "failed_checks"]]

# %%
corpus.errors_frame()[["source", "reason", "message"]]

# %%
corpus.tables_frame().query("table == 'review_litigation'").head(15)

# %%
failed = corpus.checks_frame().query('not ok')
failed
