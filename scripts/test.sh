#!/usr/bin/env bash
# Sets up what is missing, then runs every check the project has, stopping at the first failure:
#   1. rustfmt check
#   2. clippy, warnings denied, separately for the server (ssr) and browser (hydrate, wasm32)
#   3. the dependency audit: cargo-deny advisories, licences, bans, sources (scripts/audit.sh)
#   4. unit, property and integration tests (real server on port 0), each storage and
#      integration test on a fresh SQLite file and, when TEST_DATABASE_URL is set, on a fresh
#      PostgreSQL schema
#   5. the domain tests again, compiled to wasm32 and run in Node (browser and server agree)
#   6. release build of the site (cargo leptos build --release --split)
#   7. Playwright end2end on Debian's chromium: mobile, kiosk, desktop, no-JavaScript; axe scans;
#      screenshots in end2end/artifacts/screenshots/
#   8. the server's log of that run holds no full ID or mobile number (scripts/scan-logs.py)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$PORTAL_ROOT/scripts/setup.sh"
cd "$PORTAL_ROOT"
start=$(date +%s)

# A CI run once died with "No space left on device" halfway through compiling: the shared target
# directory had grown over many builds. Incremental caches are only a speed-up for edit-compile
# loops, so CI does without them; and when the disk is short, stale artefacts go first.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
free_gib() { df -Pk "$1" | awk 'NR==2 { print int($4 / 1048576) }'; }
mkdir -p "$CARGO_TARGET_DIR"
if [ "$(free_gib "$CARGO_TARGET_DIR")" -lt 15 ]; then
  log "only $(free_gib "$CARGO_TARGET_DIR") GiB free: removing the incremental caches of $CARGO_TARGET_DIR"
  find "$CARGO_TARGET_DIR" -maxdepth 3 -type d -name incremental -prune -exec rm -rf {} +
fi
if [ "$(free_gib "$CARGO_TARGET_DIR")" -lt 10 ]; then
  log "still only $(free_gib "$CARGO_TARGET_DIR") GiB free: starting $CARGO_TARGET_DIR afresh"
  rm -rf "$CARGO_TARGET_DIR"
  mkdir -p "$CARGO_TARGET_DIR"
fi
log "$(free_gib "$CARGO_TARGET_DIR") GiB free for $CARGO_TARGET_DIR (a full build from scratch takes about 7 GiB)"
step() { log "[$(( $(date +%s) - start ))s] $*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy (server side: ssr)"
cargo clippy --locked --workspace --all-targets -- -D warnings

step "clippy (browser side: hydrate, wasm32)"
cargo clippy --locked -p app --lib --no-default-features --features hydrate \
  --target wasm32-unknown-unknown -- -D warnings

step "dependency audit (cargo deny: RustSec advisories, licences, bans, sources)"
"$PORTAL_ROOT/scripts/audit.sh"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  step "unit, property and integration tests (SQLite and PostgreSQL)"
else
  step "unit, property and integration tests (SQLite only: TEST_DATABASE_URL is not set, PostgreSQL variants are SKIPPED)"
fi
cargo test --locked --workspace

step "domain tests compiled to wasm32, run in Node (same tests as natively)"
cargo test --locked -p domain --target wasm32-unknown-unknown --lib
# A test module without the wasm_bindgen_test import would be skipped silently in wasm: the two
# lists of test names must be identical.
list_tests() { cargo test --locked -p domain --lib "$@" -- --list 2>/dev/null | grep ': test$' | sort; }
if ! diff <(list_tests) <(list_tests --target wasm32-unknown-unknown) > /dev/null; then
  echo "domain tests differ between native and wasm32:" >&2
  diff <(list_tests) <(list_tests --target wasm32-unknown-unknown) >&2 || true
  exit 1
fi

step "release build (cargo leptos build --release --split)"
cargo leptos build --release --precompress --split --cargo-locked

step "end2end (Playwright, Debian chromium)"
rm -rf end2end/artifacts
"$PORTAL_ROOT/scripts/e2e.sh"

step "log scan: no full ID or mobile number in the end2end server's log"
python3 scripts/scan-logs.py --self-test
python3 scripts/scan-logs.py end2end/artifacts/server.log

step "all checks passed"
