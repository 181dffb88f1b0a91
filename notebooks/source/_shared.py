# Cells the notebooks share, each written once: a line <<name>> in a cell of a notebook's source stands
# for the cell '# %% name' below, indented as that line (scripts/make_notebooks.py fills them in).

# %% setup
import os
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
print("real corpus:", REAL or "not set (sample corpus only)")

# %% read_corpus
corpus = nr.read_corpus(inputs, cache_dir=ROOT / ".nlp_reports_cache", progress=False)

# %% read_gold
gold = pd.read_json(REAL / "gold" / "statements.jsonl", lines=True)
gold = gold[gold["text"].notna()]
