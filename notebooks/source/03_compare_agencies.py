# %% [markdown]
# # 03 Compare agencies
#
# Theme profiles, distinctive terms, similarity, boilerplate shared between agencies, whether last year's commitments come back as this year's problems, and plots.

# %%
<<setup>>
%matplotlib inline

# %%
<<read_corpus>>
st = corpus.statements_frame()
corpus.docvars

# %%
profile = nr.compare.theme_profile(st, by="agency")
profile.head(12)

# %%
nr.plot.theme_heatmap(profile)

# %%
level = corpus.docvars["level"].value_counts().index[0]
k = nr.compare.keyness(corpus, by="level", target=level)
k.head(15)

# %%
nr.plot.keyness(k)

# %%
sim = nr.compare.similarity(corpus, part="problems")
nr.plot.similarity_heatmap(sim)

# %%
bp = nr.compare.boilerplate(st, min_agencies=2)
bp[["kind", "n_statements", "n_agencies", "years", "representative"]]

# %%
ft = nr.compare.follow_through(st)
ft[ft.recurs].head(10)

# %%
nr.compare.report_quality(corpus)

# %%
nr.plot.theme_over_time(st, by="year")
