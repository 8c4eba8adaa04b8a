#!/usr/bin/env bash
# Runs a command inside a private, headless desktop session:
#   - its own D-Bus session bus (dbus-run-session),
#   - gnome-keyring's Secret Service, unlocked, with its keyrings in a temp folder,
#   - an Xvfb display (unless one is already set),
#   - dunst as the notification daemon, and a dbus-monitor log of notifications
#     at $FRONTDESK_SESSION_DIR/notifications.log.
# Only the processes started here are stopped at the end (gnome-keyring and
# any portal D-Bus started leave with the session bus).
# Usage: scripts/with-session.sh COMMAND [ARGS...]
set -euo pipefail

if [ "${1:-}" != "--inside" ]; then
  if [ -n "${FRONTDESK_SESSION_DIR:-}" ]; then exec "$@"; fi  # already inside one
  session_dir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-session.XXXXXX")
  mkdir -p "$session_dir/data" "$session_dir/config" "$session_dir/run"
  chmod 700 "$session_dir/run"
  export FRONTDESK_SESSION_DIR="$session_dir"
  export XDG_DATA_HOME="$session_dir/data" XDG_CONFIG_HOME="$session_dir/config" XDG_RUNTIME_DIR="$session_dir/run"
  status=0
  dbus-run-session -- bash "$0" --inside "$@" || status=$?
  # Leftovers never decide the outcome: the command's status does.
  fusermount3 -u -z "$session_dir/run/doc" 2>/dev/null || true
  rm -rf "$session_dir" 2>/dev/null || true
  exit $status
fi
shift

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # GTK may have started the document portal, which mounts a FUSE folder here.
  fusermount3 -u -z "$XDG_RUNTIME_DIR/doc" 2>/dev/null || true
}
trap cleanup EXIT

# The keyring: unlocked with a throwaway password, secrets component only.
printf '%s' "frontdesk-session" | gnome-keyring-daemon --unlock --components=secrets >/dev/null

if [ -z "${DISPLAY:-}" ]; then
  display=99
  while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$FRONTDESK_SESSION_DIR/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":$display"
  for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
fi

dbus-monitor "interface='org.freedesktop.Notifications'" >"$FRONTDESK_SESSION_DIR/notifications.log" 2>&1 &
pids+=($!)
if command -v dunst >/dev/null; then
  dunst >"$FRONTDESK_SESSION_DIR/dunst.log" 2>&1 &
  pids+=($!)
fi

"$@"
