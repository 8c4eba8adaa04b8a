#!/usr/bin/env bash
# Measures the release app on the demo clinic: time from launch until the Day
# page's data is served, and the memory of the app with its WebKit processes
# (resident set sizes added up) a few seconds after start.
# Usage: scripts/measure-app.sh   (builds the release app first)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${FRONTDESK_SESSION_DIR:-}" ]; then
  bash scripts/ensure-deps.sh test
  exec bash scripts/with-session.sh bash "$0" "$@"
fi

npm run --silent build:ui
cargo build --quiet --release -p frontdesk --features custom-protocol
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
app="$target_dir/release/frontdesk"

data_dir=$(mktemp -d)
trap 'rm -rf "$data_dir"' EXIT
# Open the demo once so the measured start reopens it as a returning user would.
"$target_dir/debug/frontdesk-cli" demo --db "$data_dir/demo.db" >/dev/null 2>&1 ||
  cargo run --quiet -p frontdesk-cli -- demo --db "$data_dir/demo.db" >/dev/null
printf demo >"$data_dir/last-opened"

# A process and all its descendants (WebKit's web and network processes).
descendants() {
  echo "$1"
  for child in $(pgrep -P "$1" || true); do descendants "$child"; done
}

for run in 1 2 3; do
  log="$data_dir/run-$run.log"
  RUST_LOG=info "$app" --data-dir "$data_dir" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q "day view served" "$log" && break
    sleep 0.05
  done
  served=$(grep -m1 "day view served" "$log" | sed -E 's/\x1b\[[0-9;]*m//g; s/.*since_launch_ms=([0-9]+).*/\1/')
  sleep 3
  rss_kb=0
  for p in $(descendants "$pid"); do
    kb=$(awk '/VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    rss_kb=$((rss_kb + kb))
  done
  echo "run $run: day view served ${served:-?} ms after launch; app + WebKit processes RSS $((rss_kb / 1024)) MiB"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
