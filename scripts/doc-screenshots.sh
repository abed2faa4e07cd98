#!/usr/bin/env bash
# Refreshes the screenshots in docs/screenshots/ (shown in the README) from the end2end tour,
# end2end/tests/tour.spec.ts: the home page, a screener result, the application's task list and
# a booking confirmation, on a phone, on a phone in elder mode and on a kiosk in kiosk mode.
# Needs the release build that scripts/test.sh makes (or `cargo leptos build --release --split`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
rm -rf "$PORTAL_ROOT/end2end/artifacts/screenshots/docs"
"$PORTAL_ROOT/scripts/e2e.sh" --project=mobile --project=kiosk tests/tour.spec.ts
mkdir -p "$PORTAL_ROOT/docs/screenshots"
cp "$PORTAL_ROOT"/end2end/artifacts/screenshots/docs/*.png "$PORTAL_ROOT/docs/screenshots/"
ls -l "$PORTAL_ROOT/docs/screenshots"
