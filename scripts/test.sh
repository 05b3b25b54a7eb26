#!/usr/bin/env bash
# Install kroniek with everything its tests use, then run the test suite.
# Tests that need ../shared/data, a PostgreSQL server (KRONIEK_TEST_PG) or Debian's chromium skip cleanly
# when those are absent; .ci/run provides all three.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh all
exec "$ROOT/.venv/bin/python" -m pytest "$@"
