#!/usr/bin/env bash
# `npm run test:e2e`: builds the app with the UI embedded and the test-only
# fixed clock, then drives the real window through tauri-driver and
# WebKitWebDriver under Xvfb. Screenshots and logs go to tests/e2e/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${FRONTDESK_SESSION_DIR:-}" ]; then
  bash scripts/ensure-deps.sh test
  exec bash scripts/with-session.sh bash "$0" "$@"
fi

npm run --silent build:ui
cargo build --quiet -p frontdesk --features custom-protocol,test-clock
cargo build --quiet -p frontdesk-cli --features test-clock
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
# Copy it aside: a later `cargo test` may rebuild target/debug/frontdesk without the UI.
mkdir -p "$target_dir/e2e"
cp "$target_dir/debug/frontdesk" "$target_dir/e2e/frontdesk"
export FRONTDESK_E2E_APP="$target_dir/e2e/frontdesk"
export FRONTDESK_E2E_CLI="$target_dir/debug/frontdesk-cli"

artifacts=tests/e2e/artifacts
rm -rf "$artifacts"
mkdir -p "$artifacts"
export FRONTDESK_E2E_ARTIFACTS="$PWD/$artifacts"
export FRONTDESK_E2E_DRIVER_LOG="$PWD/$artifacts/app-and-driver.log"

# Free ports, so two runs on one machine do not collide.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export FRONTDESK_E2E_PORT
FRONTDESK_E2E_PORT=$(free_port)
native_port=$(free_port)

# The app inherits this environment from tauri-driver: debug logs (sqlx's at
# trace), so the privacy tests have everything to search for names and keys.
RUST_LOG=debug,sqlx=trace RUST_BACKTRACE=1 tauri-driver --port "$FRONTDESK_E2E_PORT" --native-port "$native_port" >"$FRONTDESK_E2E_DRIVER_LOG" 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$FRONTDESK_E2E_PORT") 2>/dev/null; then break; fi
  sleep 0.1
done

# Arguments pick spec files (default: all of tests/e2e/). They run beside a
# throwaway PostgreSQL server (pg_virtualenv) for the shared-database specs;
# the app under tauri-driver above never sees its PG* variables.
if [ $# -gt 0 ]; then
  pg_virtualenv -t node --test --test-concurrency=1 "$@"
else
  pg_virtualenv -t node --test --test-concurrency=1 tests/e2e/
fi
