#!/usr/bin/env bash
# Set everything up and run the test suite. The real-corpus tests run when NLP_REPORTS_REAL_CORPUS is set
# (default here: ../shared/corpora/real when that folder exists).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh dev,ocr
if [ -z "${NLP_REPORTS_REAL_CORPUS:-}" ] && [ -d ../shared/corpora/real ]; then
  export NLP_REPORTS_REAL_CORPUS="$(cd ../shared/corpora/real && pwd)"
fi
export MPLBACKEND=Agg
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
