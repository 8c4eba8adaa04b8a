#!/usr/bin/env bash
# Installs what Frontdesk needs when it is missing: Debian/Ubuntu system
# packages (through apt, as root or with sudo), the npm packages (npm ci),
# and — for the tests — tauri-driver. Usage: scripts/ensure-deps.sh build|test|measure
# (measure: the tests' packages and faketime, for scripts/measure-app.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

purpose=${1:-build}

build_packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config libdbus-1-dev)
test_packages=(xvfb xauth webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools dunst
  libnotify-bin imagemagick xdotool postgresql postgresql-contrib python3 python3-venv)

wanted=("${build_packages[@]}")
if [ "$purpose" = test ] || [ "$purpose" = measure ]; then wanted+=("${test_packages[@]}"); fi
if [ "$purpose" = measure ]; then wanted+=(faketime); fi

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing system packages: ${missing[*]}"
  if ! command -v apt-get >/dev/null; then
    echo "Frontdesk's scripts install system packages with apt (Debian/Ubuntu). Install these yourself: ${missing[*]}" >&2
    exit 1
  fi
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Frontdesk needs Node.js 20.19 or newer (found $(node --version 2>/dev/null || echo none)); Debian 12's own nodejs is too old." >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$purpose" != build ] && ! command -v tauri-driver >/dev/null; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --version 2.0.6 --locked --quiet
fi

# The reminder tests' real SMTP server and iCalendar parser (PyPI: aiosmtpd,
# icalendar) in a virtual environment; tests/reminders.rs runs the same script.
if [ "$purpose" != build ]; then
  bash tests/reminders/python-env.sh >/dev/null
fi
