#!/usr/bin/env bash
# The dependency audit: cargo-deny checks Cargo.lock for
#   advisories  known vulnerabilities, unsound and unmaintained crates (RustSec database)
#   licenses    only the licences deny.toml allows
#   bans        no wildcard versions; duplicate versions reported
#   sources     crates.io only
# The RustSec database is a git repository on GitHub. Where GitHub cannot be reached (the CI
# machines reach only package registries) the snapshot in third_party/rustsec-advisories is used,
# and the audit fails if a locked crate has advisories the snapshot does not carry: refresh it
# with scripts/vendor-advisories.py from a machine that reaches GitHub.
# Findings name the crate without the dependency graph (duplicates alone print thousands of
# lines): `cargo tree -i CRATE` shows what pulls one in.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORTAL_ROOT"

if ! cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION\$"; then
  echo "cargo-deny $CARGO_DENY_VERSION is not installed: run scripts/setup.sh" >&2
  exit 1
fi

# cargo-deny's default database URL, spelt as it spells it.
UPSTREAM=https://github.com/RustSec/advisory-db
if timeout 15 git ls-remote --quiet "$UPSTREAM" HEAD > /dev/null 2>&1; then
  log "advisories: the RustSec database at $UPSTREAM"
  exec cargo deny --locked check --hide-inclusion-graph
fi

SNAPSHOT=third_party/rustsec-advisories
commit=$(awk -F' = ' '$1 == "commit" { print $2 }' "$SNAPSHOT/SNAPSHOT")
date=$(awk -F' = ' '$1 == "date" { print $2 }' "$SNAPSHOT/SNAPSHOT")
age_days=$(( ( $(date +%s) - $(date -d "$date" +%s) ) / 86400 ))
log "advisories: $UPSTREAM is out of reach; using the snapshot of $date ($age_days days old, ${commit:0:12})"

# A locked crate with advisories upstream must have them in the snapshot.
missing=$(comm -12 <(cat Cargo.lock fuzz/Cargo.lock 2>/dev/null | sed -n 's/^name = "\(.*\)"$/\1/p' | sort -u) \
                   <(sort -u "$SNAPSHOT/advised-crates.txt") |
          while read -r name; do [ -d "$SNAPSHOT/crates/$name" ] || echo "$name"; done)
if [ -n "$missing" ]; then
  echo "these locked crates have advisories the snapshot does not carry: $missing" >&2
  echo "refresh it: scripts/vendor-advisories.py PATH-TO-ADVISORY-DB-CHECKOUT" >&2
  exit 1
fi

# cargo-deny reads its database with git from the upstream URL: make a git repository of the
# snapshot (dated as the snapshot, so its age is the database's) and have git fetch from it
# instead (url.<local>.insteadOf), into a database directory of its own.
repo="$PORTAL_CACHE_DIR/advisory-db/snapshot"
stamp="$commit:$(cat "$SNAPSHOT"/crates/*/*.md | sha256sum | cut -c1-16)"
if [ "$(cat "$repo.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$repo" "$PORTAL_CACHE_DIR/advisory-db/fetched"
  mkdir -p "$repo"
  cp -r "$SNAPSHOT/crates" "$repo/crates"
  (
    cd "$repo"
    git init -q -b main
    git add crates
    GIT_AUTHOR_DATE="$date" GIT_COMMITTER_DATE="$date" \
      git -c user.name=snapshot -c user.email=snapshot@localhost commit -q -m "RustSec advisory-db $commit"
  )
  echo "$stamp" > "$repo.stamp"
fi
config="$PORTAL_CACHE_DIR/advisory-db/deny.toml"
sed "s|^\[advisories\]$|[advisories]\ndb-path = \"$PORTAL_CACHE_DIR/advisory-db/fetched\"|" deny.toml > "$config"
GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="url.file://$repo.insteadOf" GIT_CONFIG_VALUE_0="https://github.com/RustSec/advisory-db" \
  cargo deny --locked --config "$config" check --hide-inclusion-graph
