#!/usr/bin/env bash
# `npm run bench`: the engine's scenario benchmark (small/medium/large and two
# adversarial scenarios, run in-process and through the release CLI), the
# day-repair benchmark (generated days of up to 20, 60 and 300 visits, against
# the baseline and best-known costs) and the patient-search benchmark at 100k
# patients. Prints tables; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release -p frontdesk-cli
cargo bench --quiet -p frontdesk-engine --bench scenarios
cargo bench --quiet -p frontdesk-engine --bench repair
if grep -q 'name = "patient_search"' crates/frontdesk-core/Cargo.toml; then
  cargo bench --quiet -p frontdesk-core --bench patient_search
fi
