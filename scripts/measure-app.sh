#!/usr/bin/env bash
# Measures the release app beside an empty Tauri window built from the same
# lock file (benches/empty-window), so the numbers say what Frontdesk itself
# costs on this machine:
#   - memory: PSS (from /proc/PID/smaps_rollup; RSS too) summed over the app,
#     its WebKitWebProcess and WebKitNetworkProcess, 4 s after its first
#     call was answered;
#   - start: launch → first answer, from each app's own log (Frontdesk:
#     "day view served"; the empty window: "page ready" when its page's one
#     command runs), both counted from the start of main().
# Scenarios: the empty window; Frontdesk reopening the demo on a weekday;
# Frontdesk on a practice whose day has 600 visits in 28 columns
# (benches/busy-day), with the time to show that day (click → painted, read
# in the window through tauri-driver: scripts/measure-day-paint.mjs).
# Every app runs with the clock at the next Monday, 10:30 in the demo's
# Chicago (faketime), so the demo shows a working day whatever today is.
#
# Usage: scripts/measure-app.sh [--no-build] [RUNS]   (default 3 runs of each;
#   builds first unless --no-build)
#   FRONTDESK_APP=/path/to/frontdesk  measures that build of the app instead
#   (e.g. main's, for a before/after), against the same empty window.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${FRONTDESK_SESSION_DIR:-}" ]; then
  bash scripts/ensure-deps.sh measure
  exec bash scripts/with-session.sh bash "$0" "$@"
fi
build=yes
if [ "${1:-}" = --no-build ]; then
  build=no
  shift
fi
runs=${1:-3}

if [ "$build" = yes ]; then
  npm run --silent build:ui
  cargo build --quiet --release -p frontdesk -p empty-window --features frontdesk/custom-protocol,empty-window/custom-protocol
  cargo build --quiet -p frontdesk-cli -p busy-day
fi
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
app=${FRONTDESK_APP:-$target_dir/release/frontdesk}
empty="$target_dir/release/empty-window"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
monday=$(date -u -d "next monday" +%F)
export FAKETIME_DONT_FAKE_MONOTONIC=1
clock="$monday 16:30:00 UTC" # 10:30 in Chicago (CST); the clock runs on from there

# The demo, opened once so the measured start reopens it as a returning user would.
mkdir -p "$work/demo"
"$target_dir/debug/frontdesk-cli" demo --db "$work/demo/demo.db" --date "$monday" >/dev/null
printf demo >"$work/demo/last-opened"
# The busy day: a practice (in UTC) whose Monday holds 600 visits in 28 columns.
mkdir -p "$work/busy"
"$target_dir/debug/busy-day" --data-dir "$work/busy" --date "$monday" --columns 28 --visits 600 >/dev/null
printf practice >"$work/busy/last-opened"

# The app's process and all its descendants (WebKit's processes run below it).
descendants() {
  echo "$1"
  for child in $(pgrep -P "$1" || true); do descendants "$child"; done
}

# "PSS RSS" in KiB over the app and its WebKit web and network processes.
memory_of() {
  local pss=0 rss=0 p name
  for p in $(descendants "$1"); do
    name=$(cat "/proc/$p/comm" 2>/dev/null || true)
    case "$name" in
      frontdesk | empty-window | WebKitWebProces* | WebKitNetworkP*) ;;
      *) continue ;;
    esac
    read -r p_pss p_rss < <(awk '/^Pss:/ {p=$2} /^Rss:/ {r=$2} END {print p+0, r+0}' "/proc/$p/smaps_rollup" 2>/dev/null || echo "0 0")
    pss=$((pss + p_pss))
    rss=$((rss + p_rss))
  done
  echo "$pss $rss"
}

# One run: prints "launch_ms pss_kib rss_kib asked_ms took_ms" (the last two:
# when the page asked for the start-up status, how long the day view took).
run_once() {
  local binary=$1 data_dir=$2 marker=$3 log pid served asked took
  log=$(mktemp -p "$work")
  RUST_LOG=info faketime "$clock" "$binary" --data-dir "$data_dir" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q "$marker" "$log" && break
    sleep 0.05
  done
  served=$(grep -m1 "$marker" "$log" | sed -E 's/\x1b\[[0-9;]*m//g; s/.*since_launch_ms=([0-9]+).*/\1/' || true)
  # Frontdesk's steps on the way (its log; the empty window has none).
  asked=$(grep -m1 "startup status asked" "$log" | sed -E 's/\x1b\[[0-9;]*m//g; s/.*since_launch_ms=([0-9]+).*/\1/' || true)
  took=$(grep -m1 "$marker" "$log" | sed -E 's/\x1b\[[0-9;]*m//g' | grep -o 'elapsed_ms=[0-9]*' | cut -d= -f2 || true)
  sleep 4
  read -r pss rss < <(memory_of "$pid")
  # faketime may run the app as its child: stop the whole tree.
  for p in $(descendants "$pid"); do kill "$p" 2>/dev/null || true; done
  wait "$pid" 2>/dev/null || true
  if [ -z "$served" ]; then
    echo "no \"$marker\" from $binary; its output:" >&2
    tail -5 "$log" >&2
  fi
  echo "${served:-0} $pss $rss ${asked:--} ${took:--}"
}

# The scenarios take turns (empty, demo, busy; then again), so a machine
# busy with something else weighs on all of them alike.
names=(empty-window demo busy-day)
declare -A binary_of=([empty-window]="$empty" [demo]="$app" [busy-day]="$app")
declare -A data_of=([empty-window]="$work/empty" [demo]="$work/demo" [busy-day]="$work/busy")
declare -A marker_of=([empty-window]="page ready" [demo]="day view served" [busy-day]="day view served")
declare -A launches psss rsss round_launch
echo "==> $runs runs each; app: $app; clock: $monday 10:30 America/Chicago"
for i in $(seq 1 "$runs"); do
  for name in "${names[@]}"; do
    read -r launch pss rss asked took < <(run_once "${binary_of[$name]}" "${data_of[$name]}" "${marker_of[$name]}")
    printf '  %-14s run %d: launch → first answer %4d ms, PSS %4d MiB, RSS %4d MiB' "$name" "$i" "$launch" $((pss / 1024)) $((rss / 1024))
    if [ "$asked" != - ]; then printf ' (page asked at %s ms; day view took %s ms)' "$asked" "$took"; fi
    echo
    if [ "$launch" = 0 ]; then continue; fi # no answer (its output is shown above)
    round_launch[$name,$i]=$launch
    launches[$name]+="$launch "
    psss[$name]+="$pss "
    rsss[$name]+="$rss "
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A median_launch median_pss median_rss round_ratio
for name in "${names[@]}"; do
  # Launch against the empty window of the same round: load from elsewhere
  # weighs on both, so this ratio is steadier than the one of the medians.
  ratios=""
  for i in $(seq 1 "$runs"); do
    a=${round_launch[$name,$i]:-}
    b=${round_launch[empty-window,$i]:-}
    if [ -n "$a" ] && [ -n "$b" ]; then ratios+="$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}') "; fi
  done
  round_ratio[$name]=$(printf '%s\n' $ratios | sort -g | awk '{a[NR]=$1} END {printf "%.2f×", a[int((NR+1)/2)]}')
  median_launch[$name]=$(median "${launches[$name]}")
  median_pss[$name]=$(($(median "${psss[$name]}") / 1024))
  median_rss[$name]=$(($(median "${rsss[$name]}") / 1024))
done

# The busy day's paint, in the window (tauri-driver runs the app).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
native_port=$(free_port)
wrapper="$work/app-at-monday"
printf '#!/bin/sh\nexec faketime "%s" "%s" "$@"\n' "$clock" "$app" >"$wrapper"
chmod +x "$wrapper"
tauri-driver --port "$port" --native-port "$native_port" >"$work/driver.log" 2>&1 &
driver=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
paint=$(FRONTDESK_MEASURE_PORT=$port node scripts/measure-day-paint.mjs "$wrapper" "$work/busy" "$runs" | tail -1)
kill "$driver" 2>/dev/null || true
wait "$driver" 2>/dev/null || true
paints=$(node -e 'const p=JSON.parse(process.argv[1]).paint_ms; console.log(p.join(" "))' "$paint")
paint_median=$(median "$paints")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
base_pss=${median_pss[empty-window]}
base_launch=${median_launch[empty-window]}
echo
echo "| medians of $runs runs | PSS MiB | RSS MiB | launch → first answer ms | PSS vs empty | launch vs empty | launch vs empty, same round |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for name in "${names[@]}"; do
  echo "| $name | ${median_pss[$name]} | ${median_rss[$name]} | ${median_launch[$name]} | $(ratio "${median_pss[$name]}" "$base_pss") | $(ratio "${median_launch[$name]}" "$base_launch") | ${round_ratio[$name]} |"
done
echo
reply=$(node -e 'console.log(Math.round(JSON.parse(process.argv[1]).reply_bytes / 1000))' "$paint")
echo "busy day (600 visits, 28 columns): day_view reply ${reply} KB; shown (click → painted) in $paints ms (median $paint_median ms)"
