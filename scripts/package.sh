#!/usr/bin/env bash
# `npm run package`: release installers for reception PCs (.deb and .rpm; both
# build offline). On macOS/Windows run `npx tauri build` there instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh build
npx tauri build --bundles deb,rpm
