#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the UI and starts Frontdesk on
# its encrypted database (the first run offers the demo clinic).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh build
npm run --silent build:ui
target_dir=${CARGO_TARGET_DIR:-target}
if [ ! -x "$target_dir/release/frontdesk" ]; then
  # The first build compiles the whole Rust side from source (Tauri and its
  # WebKitGTK bindings, SQLCipher, sqlx, …: about 600 crates). Show cargo's
  # progress rather than minutes of silence.
  echo "==> First build of Frontdesk (release): compiling about 600 Rust crates, including"
  echo "    SQLCipher and Tauri. This takes roughly 6–7 minutes on 2 cores (2–3 on 8);"
  echo "    later starts take seconds."
  cargo build --release -p frontdesk --features custom-protocol
fi
exec cargo run --quiet --release -p frontdesk --features custom-protocol -- "$@"
