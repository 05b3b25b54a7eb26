#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback for kroniek's store tests.
#
# Installs PostgreSQL from Debian packages when it is missing (needs root and apt-get), creates a
# data folder (default /tmp/kroniek-pg), starts a server on 127.0.0.1 (default port 54329, no
# other interface) as the non-root user "postgres" (or as the calling user when not root), creates
# the database "kroniek_test" owned by the role "kroniek", and makes the URL known:
#
#   source .ci/postgres.sh          # exports KRONIEK_TEST_PG=postgresql://kroniek@127.0.0.1:54329/kroniek_test
#   eval "$(.ci/postgres.sh)"       # the same, for a caller that runs it as a program
#   .ci/postgres.sh stop            # stops the server again
#
# When run as a program, stdout carries exactly one line, `export KRONIEK_TEST_PG=...`; progress
# goes to stderr. When PostgreSQL cannot be installed or started, nothing is exported (the
# PostgreSQL tests are then skipped) and, run as a program, the exit status is 1; sourced, it
# never aborts the caller (it is safe under `set -euo pipefail`).
# Settings: KRONIEK_PG_PORT, KRONIEK_PG_DIR. Re-running it reuses a server that is already up.

_kroniek_pg_main() (
  set -euo pipefail
  export PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
  port="${KRONIEK_PG_PORT:-54329}"
  dir="${KRONIEK_PG_DIR:-/tmp/kroniek-pg}"
  db="kroniek_test"
  role="kroniek"
  say() { echo "postgres.sh: $*" >&2; }

  bindir=""
  find_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
      if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then bindir="$d"; return 0; fi
    done
    return 1
  }
  if ! find_bindir; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "installing PostgreSQL from Debian packages"
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && \
        apt-get install -y -qq postgresql >/dev/null 2>&1; } || { say "apt-get install postgresql failed"; exit 1; }
      find_bindir || { say "PostgreSQL installed but initdb not found"; exit 1; }
    else
      say "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)"
      exit 1
    fi
  fi

  # run server commands as a non-root user: "postgres" when we are root, else ourselves
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    if command -v runuser >/dev/null; then
      as_pg() { runuser -u postgres -- "$@"; }
    else
      as_pg() { su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; }
    fi
  else
    as_pg() { "$@"; }
  fi

  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$dir"
    chown postgres: "$dir"
    chmod 700 "$dir"
  else
    mkdir -p "$dir" && chmod 700 "$dir"
  fi

  if [ ! -f "$dir/PG_VERSION" ]; then
    say "initialising a cluster in $dir"
    as_pg "$bindir/initdb" -D "$dir" -U "$role" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null \
      || as_pg "$bindir/initdb" -D "$dir" -U "$role" --auth=trust --encoding=UTF8 --no-locale >/dev/null
  fi
  if ! as_pg "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    say "starting the server on 127.0.0.1:$port"
    as_pg "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { say "server did not start; see $dir/server.log"; tail -20 "$dir/server.log" >&2; exit 1; }
  fi
  psql_() { as_pg "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$role" -X -q -t -A "$@"; }
  if [ "$(psql_ -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    psql_ -d postgres -c "CREATE DATABASE $db" >/dev/null
  fi
  echo "postgresql://$role@127.0.0.1:$port/$db"
)

_kroniek_pg_stop() (
  export PATH="$PATH:/usr/sbin:/sbin"
  dir="${KRONIEK_PG_DIR:-/tmp/kroniek-pg}"
  ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V -r | head -1)
  [ -n "$ctl" ] && [ -f "$dir/PG_VERSION" ] || exit 0
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$ctl" -D "$dir" -m fast stop; else "$ctl" -D "$dir" -m fast stop; fi
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # sourced: export the URL into the caller's shell, never abort it
  _kroniek_pg_url="$(_kroniek_pg_main || true)"
  if [ -n "$_kroniek_pg_url" ]; then
    export KRONIEK_TEST_PG="$_kroniek_pg_url"
    echo "postgres.sh: KRONIEK_TEST_PG=$KRONIEK_TEST_PG" >&2
  else
    echo "postgres.sh: no PostgreSQL server; the PostgreSQL store tests will be skipped" >&2
  fi
  unset _kroniek_pg_url
else
  if [ "${1:-}" = stop ]; then
    _kroniek_pg_stop
    exit $?
  fi
  url="$(_kroniek_pg_main)" || exit 1
  echo "export KRONIEK_TEST_PG=$url"
fi
