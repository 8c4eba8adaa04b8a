#!/usr/bin/env bash
# `npm run bench:workstations`: N workstations booking and reading day views
# on one database — PostgreSQL (a throwaway server from pg_virtualenv) for
# N = 1, 8, 32, 64 and the SQLCipher file for N = 1, 8 — and how fast a
# booking on one workstation reaches another's day view. Prints tables.
# BENCH_SECONDS (default 60), BENCH_PG_N and BENCH_SQLITE_N choose the runs.
# Each workstation holds up to 6 connections (5 pooled, 1 listening): 64
# need more than PostgreSQL's default max_connections of 100.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh test >/dev/null
exec bash scripts/with-session.sh pg_virtualenv -t -o max_connections=500 \
  cargo bench --quiet -p frontdesk-core --bench workstations
