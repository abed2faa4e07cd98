#!/usr/bin/env bash
# Runs the Playwright end2end suite alone against the last release build (scripts/test.sh builds
# it; or run `cargo leptos build --release --split` first). Extra arguments go to Playwright, e.g.
#   scripts/e2e.sh --project mobile tests/contact.spec.ts
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ ! -x "$CARGO_TARGET_DIR/release/server" ] || [ ! -f "$PORTAL_ROOT/target/site/pkg/portal.wasm" ]; then
  echo "No release build found: run 'cargo leptos build --release --split' (or scripts/test.sh) first." >&2
  exit 1
fi
cd "$PORTAL_ROOT/end2end"
export LEPTOS_SITE_ROOT="$PORTAL_ROOT/target/site"
npx playwright test "$@"
# A plain summary line for CI logs ("N passed, N failed").
node -e '
  const r = require("./artifacts/results.json").stats;
  console.log(`end2end: ${r.expected} passed, ${r.unexpected + r.flaky} failed, ${r.skipped} skipped`);
'
