#!/usr/bin/env bash
# The main job on the bundled sample: install, annotate and store the sample articles in an embedded
# SQLite store (kroniek.db), print what was found, and say how to open the web view.
#   bash scripts/demo.sh            # build the store and print a summary
#   bash scripts/demo.sh --serve    # ... and then serve the web view on http://127.0.0.1:8000
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/bootstrap.sh web
K="$ROOT/.venv/bin/kroniek"
DB="${KRONIEK_DB:-$ROOT/kroniek.db}"
echo "== kroniek add sample/ --db $DB"
"$K" add sample/ --db "$DB" || true
echo
echo "== kroniek entities (top 15)"
"$K" entities --db "$DB" --limit 15
echo
echo "== kroniek quotes --speaker Trump"
"$K" quotes --db "$DB" --speaker Trump
echo
echo "== kroniek show 000_f80c548452cfc866 (the seed article)"
"$K" show 000_f80c548452cfc866 --db "$DB"
echo
echo "== kroniek timeline Poetin"
"$K" timeline Poetin --db "$DB"
echo
echo "== kroniek search 'Helsinki'"
"$K" search Helsinki --db "$DB"
echo
if [ "${1:-}" = "--serve" ]; then
  echo "Serving the store: open http://127.0.0.1:8000/ (Ctrl-C stops)"
  exec "$K" serve --db "$DB" --host 127.0.0.1 --port 8000
fi
echo "Store: $DB. Web view: run '$K serve --db $DB' (or 'bash scripts/demo.sh --serve') and open http://127.0.0.1:8000/"
