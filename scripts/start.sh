#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the UI and starts Frontdesk on
# its encrypted database (the first run offers the demo clinic).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh build
npm run --silent build:ui
exec cargo run --quiet --release -p frontdesk --features custom-protocol -- "$@"
