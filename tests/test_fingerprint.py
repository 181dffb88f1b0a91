"""The models fingerprint (key of the statements/commitments caches) is the same in every process."""

import os
import subprocess
import sys

SCRIPT = """
from sklearn.feature_extraction.text import TfidfVectorizer
from nlp_reports.corpus.fingerprint import models_fingerprint
vec = TfidfVectorizer(stop_words=["甲", "乙", "丙"], max_df=0.9).fit(["甲 公开 平台", "乙 公开 申请", "丙 平台 办理"])
vec.transform(["公开 平台"])  # sets _stop_words_id, a memory address
print(models_fingerprint("v", vec, {"公开", "平台", "申请", "办理"}))
"""


def _fingerprint(seed: str) -> str:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_fingerprint_does_not_depend_on_hash_seed_or_addresses():
    a, b = _fingerprint("1"), _fingerprint("2")
    assert len(a) == 16 and a == b


def test_fingerprint_tells_models_apart():
    from nlp_reports.corpus.fingerprint import models_fingerprint

    assert models_fingerprint("v", {"a", "b"}) != models_fingerprint("v", {"a", "c"})
    assert models_fingerprint("v", {"a"}) != models_fingerprint("w", {"a"})
