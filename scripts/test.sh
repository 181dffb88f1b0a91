#!/usr/bin/env bash
# Set everything up, lint (ruff), type-check (mypy) and run the test suite. The real-corpus tests run when
# NLP_REPORTS_REAL_CORPUS is set (default here: ../shared/corpora/real when that folder exists).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh dev,ocr
if [ -z "${NLP_REPORTS_REAL_CORPUS:-}" ] && [ -d ../shared/corpora/real ]; then
  export NLP_REPORTS_REAL_CORPUS="$(cd ../shared/corpora/real && pwd)"
fi
export MPLBACKEND=Agg
# Lint, format check and type-check first (settings in pyproject.toml); a finding fails the run before the tests start.
.venv/bin/python -m ruff check nlp_reports scripts tests benchmarks
.venv/bin/python -m ruff format --check nlp_reports scripts tests benchmarks
.venv/bin/python -m mypy
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
