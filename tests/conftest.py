"""Shared fixtures: the bundled sample corpus and the real corpus (from NLP_REPORTS_REAL_CORPUS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "sample"


def load_script(name: str):
    """Import ``scripts/<name>.py`` as a module (the scripts folder is not a package)."""
    import importlib.util
    import sys

    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # a script that defines dataclasses needs to be importable by name
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def theme_codes() -> set[str]:
    """The ten theme codes of the gold guidelines, written out as the expected value (not read from the package)."""
    return {
        "timeliness",
        "coverage",
        "policy_interpretation",
        "standardization",
        "application_handling",
        "platform",
        "staff_capacity",
        "public_engagement",
        "oversight",
        "information_management",
    }


@pytest.fixture(scope="session")
def real_corpus_dir() -> Path:
    path = os.environ.get("NLP_REPORTS_REAL_CORPUS")
    if not path:
        pytest.skip("set NLP_REPORTS_REAL_CORPUS to ../shared/corpora/real to run the real-corpus tests")
    p = Path(path)
    if not p.is_dir():
        pytest.fail(f"NLP_REPORTS_REAL_CORPUS={path} is not a folder")
    return p


@pytest.fixture(scope="session")
def gold_statements(real_corpus_dir) -> list[dict]:
    """The rows of the real corpus's ``gold/statements.jsonl`` (one dict per statement; read them, do not change them)."""
    import json

    text = (real_corpus_dir / "gold" / "statements.jsonl").read_text("utf-8")
    return [json.loads(x) for x in text.splitlines() if x.strip()]


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def real_corpus(real_corpus_dir):
    """All good real reports (pdf, rendered, text), read once per test session."""
    import nlp_reports as nr

    return nr.read_corpus(
        [real_corpus_dir / "pdf", real_corpus_dir / "rendered", real_corpus_dir / "text"], progress=False
    )


@pytest.fixture(scope="session")
def sample_corpus():
    import nlp_reports as nr

    return nr.read_corpus([SAMPLE / "txt", SAMPLE / "html"], progress=False)
