#!/usr/bin/env bash
# Set everything up and run the main job on the bundled sample corpus -> out/sample/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_env.sh ocr
.venv/bin/nlp-reports analyze corpora/sample/pdf \
  --out out/sample --n-jobs 2 --cache-dir .nlp_reports_cache "$@"
echo "open out/sample/summary.html in a browser"
