#!/usr/bin/env bash
# Create .venv and install kroniek into it (idempotent; reinstalls only when pyproject.toml changes).
# Usage: source scripts/bootstrap.sh [EXTRAS]   e.g. "web" or "all"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EXTRAS="${1:-web}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "kroniek needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x "$ROOT/.venv/bin/python" ]; then
  if ! "$PY" -m venv "$ROOT/.venv" 2>/dev/null; then
    # Debian ships venv separately
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      rm -rf "$ROOT/.venv"; "$PY" -m venv "$ROOT/.venv"
    else
      echo "cannot create a virtual environment: install python3-venv" >&2; exit 1
    fi
  fi
fi
STAMP="$ROOT/.venv/.kroniek-installed-$EXTRAS-$(sha1sum "$ROOT/pyproject.toml" | cut -c1-12)"
if [ ! -f "$STAMP" ]; then
  "$ROOT/.venv/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$ROOT/.venv/bin/python" -m pip install -q -e "$ROOT[$EXTRAS]"
  touch "$STAMP"
fi
