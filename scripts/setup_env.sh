#!/usr/bin/env bash
# Create .venv (if missing) and install nlp_reports with the given extras. Idempotent.
# Usage: bash scripts/setup_env.sh [EXTRAS]    e.g. bash scripts/setup_env.sh dev
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ -n "$extras" ]; then
  .venv/bin/python -m pip install -q -e ".[$extras]" > .venv/pip-install.log 2>&1 || { cat .venv/pip-install.log; exit 1; }
else
  .venv/bin/python -m pip install -q -e . > .venv/pip-install.log 2>&1 || { cat .venv/pip-install.log; exit 1; }
fi
# Plots need a font that draws Chinese; install one where we can (Debian/Ubuntu as root), otherwise say how.
if ! (command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q fonts-wqy-microhei >/dev/null 2>&1) \
      || echo "note: could not install a CJK font; plots will warn. Install fonts-noto-cjk or fonts-wqy-microhei."
  else
    echo "note: no CJK font found; for Chinese plot labels install fonts-noto-cjk (Debian/Ubuntu) or Noto Sans CJK."
  fi
fi
