#!/usr/bin/env bash
# Sets up what is missing, builds the release site and serves the portal on embedded SQLite.
# Environment: PORTAL_LISTEN (default 127.0.0.1:3000), PORTAL_DATA_DIR (default ./data),
# DATABASE_URL, and every other variable `server serve --help` lists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$PORTAL_ROOT/scripts/setup.sh"
cd "$PORTAL_ROOT"
log "building the release site (cargo leptos build --release --split)"
cargo leptos build --release --precompress --split
export LEPTOS_SITE_ROOT="$PORTAL_ROOT/target/site"
export PORTAL_DATA_DIR="${PORTAL_DATA_DIR:-$PORTAL_ROOT/data}"
# --demo-data: the documented demo staff accounts (README) on a fresh database.
exec "$CARGO_TARGET_DIR/release/server" serve --demo-data
