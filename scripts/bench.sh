#!/usr/bin/env bash
# Measures the portal against DESIGN.md §10 and rewrites the "Benchmark run" section of
# docs/PERFORMANCE.md with every figure, the command behind it, the machine and the budget:
#   - release front-end sizes per file and per resident page (raw, gzip -9, brotli 11);
#   - SSR throughput and p50/p99 latency of /, /eligibility, /track and /notices at 64
#     connections (wrk, from Debian, on loopback), beside the same bytes served as a static file;
#   - server memory (RSS) at rest and its peak under that load;
#   - booking attempts per second in a last-slot race (server/benches/booking.rs; on PostgreSQL
#     too when TEST_DATABASE_URL is set);
#   - full-household eligibility evaluations per second (domain/benches/eligibility.rs).
# Usage: scripts/bench.sh    (about 15 minutes on 2 cores with a warm build cache)
# The load generator runs on the same machine as the server: on 2 cores they share the CPU, so
# the throughput figures are a floor for a server with the machine to itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$PORTAL_ROOT/scripts/setup.sh"
cd "$PORTAL_ROOT"

if ! command -v wrk >/dev/null; then
  log "apt: installing wrk (HTTP load generator)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk
fi

out=$(mktemp -d)
data=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$data" "$PORTAL_ROOT/target/site/bench-static"
}
trap cleanup EXIT

log "release build"
cargo leptos build --release --precompress --split --cargo-locked
log "front-end sizes"
node scripts/sizes.mjs > "$out/sizes.md"

log "eligibility engine (criterion)"
cargo bench --locked --profile perf -p domain --features policy-data --bench eligibility -- \
  --warm-up-time 2 --measurement-time 5 > "$out/eligibility.txt" 2>&1
log "booking race"
BENCH_DATABASE_URL="${TEST_DATABASE_URL:-}" cargo bench --locked --profile perf -p server --bench booking \
  > "$out/booking.txt" 2>&1 || { cat "$out/booking.txt"; exit 1; }
[ -n "${TEST_DATABASE_URL:-}" ] || sed -i '/BENCH_DATABASE_URL/d' "$out/booking.txt"

log "SSR under load"
port=3990
LEPTOS_SITE_ROOT="$PORTAL_ROOT/target/site" "$CARGO_TARGET_DIR/release/server" \
  --data-dir "$data" serve --demo-data --listen "127.0.0.1:$port" > "$out/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fsS "$base/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$base/healthz" >/dev/null
mkdir -p target/site/bench-static
for page in / /eligibility /track /notices; do curl -fsS "$base$page" >/dev/null; done
grep VmRSS "/proc/$server_pid/status" | awk '{print $2}' > "$out/rss-rest.txt"
for page in home:/ eligibility:/eligibility track:/track notices:/notices; do
  name=${page%%:*}; path=${page#*:}
  # The same bytes as a static file, served by the same server's file handler.
  curl -fsS "$base$path" -o "target/site/bench-static/$name.html"
  wrk -t2 -c64 -d10s --latency "$base$path" > "$out/ssr-$name.txt"
  wrk -t2 -c64 -d10s --latency "$base/bench-static/$name.html" > "$out/static-$name.txt"
  wc -c < "target/site/bench-static/$name.html" > "$out/bytes-$name.txt"
done
grep VmHWM "/proc/$server_pid/status" | awk '{print $2}' > "$out/rss-peak.txt"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

{
  echo "machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "toolchain: $(rustc --version), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
} > "$out/machine.txt"

python3 scripts/bench-report.py "$out" docs/PERFORMANCE.md
log "docs/PERFORMANCE.md updated (raw outputs in $out)"
