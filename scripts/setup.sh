#!/usr/bin/env bash
# Installs everything the portal needs to build, run and test, each only when it is missing or
# at the wrong version, and only from package registries (Debian apt, crates.io, npm):
#   Debian: chromium, fonts-noto-cjk (Chinese glyphs in screenshots), nodejs/npm
#   rustup: the wasm32-unknown-unknown target of the installed toolchain
#   crates.io: cargo-leptos (with no_downloads: it must never fetch tools itself),
#              wasm-bindgen-cli (the exact version in Cargo.lock),
#              cargo-deny (the dependency audit, scripts/audit.sh)
#   npm: binaryen (wasm-opt), the end2end suite's packages (end2end/package-lock.json)
#   PyPI: moto[server], an S3-protocol server the object-store tests talk to
# A second run only checks. First run on a 2-core machine: about an hour, nearly all of it
# compiling cargo-leptos (~40 min), wasm-bindgen-cli (~13 min) and cargo-deny (~6 min) from source.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

need_apt=()
for pkg in chromium fonts-noto-cjk nodejs npm; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm may come from elsewhere (e.g. a node installed by the image): accept a working one.
    case "$pkg" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
    esac
    need_apt+=("$pkg")
  fi
done
if ((${#need_apt[@]})); then
  log "apt: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos: right version AND built with no_downloads (recorded in ~/.cargo/.crates2.json).
cargo_leptos_ok() {
  command -v cargo-leptos >/dev/null || return 1
  cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION" || return 1
  python3 - "$CARGO_LEPTOS_VERSION" <<'PY' || return 1
import json, os, sys
path = os.path.join(os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")), ".crates2.json")
data = json.load(open(path))["installs"]
ok = any(k.startswith(f"cargo-leptos {sys.argv[1]} ") and "no_downloads" in v.get("features", [])
         for k, v in data.items())
sys.exit(0 if ok else 1)
PY
}
if ! cargo_leptos_ok; then
  log "crates.io: installing cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads); ~40 min on 2 cores"
  cargo install --locked --force cargo-leptos --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$PORTAL_ROOT/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  log "crates.io: installing wasm-bindgen-cli $WASM_BINDGEN_VERSION; ~13 min on 2 cores"
  # --locked fails when the registry lacks a version the tool's lockfile pins; retry without.
  cargo install --locked --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" ||
    cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION\$"; then
  log "crates.io: installing cargo-deny $CARGO_DENY_VERSION (the dependency audit); ~6 min on 2 cores"
  cargo install --locked --force cargo-deny --version "$CARGO_DENY_VERSION"
fi

BINARYEN_DIR="$PORTAL_CACHE_DIR/tools/binaryen"
if ! "$BINARYEN_DIR/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_NPM_VERSION%%.*}"; then
  log "npm: installing binaryen@$BINARYEN_NPM_VERSION (wasm-opt)"
  mkdir -p "$BINARYEN_DIR"
  npm install --prefix "$BINARYEN_DIR" --no-audit --no-fund --silent "binaryen@$BINARYEN_NPM_VERSION"
fi

# An S3-protocol server for the object-store tests (moto's server mode, from PyPI).
MOTO_DIR="$PORTAL_CACHE_DIR/tools/moto"
if [ ! -x "$MOTO_DIR/bin/moto_server" ]; then
  log "PyPI: installing moto[server] (S3-compatible test server)"
  python3 -m venv "$MOTO_DIR"
  "$MOTO_DIR/bin/pip" install --quiet "moto[server]==$MOTO_VERSION"
fi

E2E="$PORTAL_ROOT/end2end"
stamp="$E2E/node_modules/.package-lock.sha256"
want=$(sha256sum "$E2E/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "npm: installing the end2end packages (no browser download: Debian's chromium is used)"
  (cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  echo "$want" > "$stamp"
fi

log "setup complete: $(cargo leptos --version), $(wasm-bindgen --version), $(cargo deny --version), wasm-opt $("$BINARYEN_DIR/node_modules/.bin/wasm-opt" --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -1)"
