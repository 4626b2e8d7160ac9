#!/usr/bin/env bash
# Install (Debian packages) and start a throwaway PostgreSQL server for the test suite; `stop` stops it.
# Prints the URL the tests read from WIREWATCH_TEST_PG.
set -euo pipefail
if [ "${1:-start}" = "stop" ]; then
  pg_ctlcluster "$(ls /etc/postgresql | sort -V | tail -1)" main stop >/dev/null 2>&1 || true
  exit 0
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
[ -d "/etc/postgresql/$version/main" ] || pg_createcluster "$version" main >&2
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qAt" >&2 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wirewatch') THEN
    CREATE ROLE wirewatch LOGIN PASSWORD 'wirewatch' CREATEDB;
  END IF;
END $$;
SQL
su postgres -c "psql -qAtc \"SELECT 1 FROM pg_database WHERE datname='wirewatch_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O wirewatch wirewatch_test" >&2
echo "postgresql://wirewatch:wirewatch@127.0.0.1:5432/wirewatch_test"
