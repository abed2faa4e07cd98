#!/usr/bin/env bash
# Coverage-guided fuzzing of every domain parser (libFuzzer via cargo-fuzz, on stable Rust with
# `--sanitizer none`: safe-Rust parsers need no memory sanitizer; panics, bad string slicing and
# overflow checks are what we look for). Bounded: SECONDS per target (default 30).
# Writes docs/FUZZING.md with executions and outcome per target; exits non-zero on any crash.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
seconds="${1:-30}"
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  log "crates.io: installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install --locked --force cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
# Fuzz builds use their own flags; keep them out of the main target directory.
export CARGO_TARGET_DIR="$PORTAL_CACHE_DIR/fuzz-target"
cd "$PORTAL_ROOT"
log "building fuzz targets"
cargo fuzz build --sanitizer none
report="$PORTAL_ROOT/docs/FUZZING.md"
rows=""
failed=0
total=0
for target in $(cargo fuzz list); do
  log "fuzzing $target for ${seconds}s"
  logfile=$(mktemp)
  if cargo fuzz run --sanitizer none "$target" -- -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 >"$logfile" 2>&1; then
    outcome="no crash"
  else
    outcome="**CRASH** (see fuzz/artifacts/$target)"
    failed=1
    tail -40 "$logfile" >&2
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logfile" | tail -1 | grep -o '[0-9]*$' || echo 0)
  corpus=$(find "fuzz/corpus/$target" -type f 2>/dev/null | wc -l)
  total=$((total + execs))
  rows+="| \`$target\` | ${seconds} s | $(printf "%'d" "$execs") | $corpus | $outcome |"$'\n'
  rm -f "$logfile"
done
cat > "$report" <<MD
# Fuzzing

Every parser in \`domain\` has a coverage-guided fuzz target in \`fuzz/fuzz_targets/\` (libFuzzer
through cargo-fuzz $CARGO_FUZZ_VERSION on stable Rust, \`--sanitizer none\`). Besides "no panic", the
targets check invariants: a parsed value re-parses to itself from its display form, money and dates
round-trip, ID numbers are 18 characters with a birth date not after "today", and a form that fails
to parse always reports at least one field error. The form targets (contact, household, marriage
parties) split the input on newlines into fields.

Latest run: $(date -u +%Y-%m-%d), command \`scripts/fuzz.sh $seconds\`, on the 2-core development
machine (Rust $(rustc --version | awk '{print $2}')).

| target | time | executions | corpus entries | result |
|---|---:|---:|---:|---|
$rows
Total executions: $(printf "%'d" "$total").

To reproduce a crash: \`cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/crash-…\`.
MD
log "wrote $report"
exit "$failed"
