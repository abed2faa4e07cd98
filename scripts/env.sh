# Shared environment of the project scripts (sourced, not executed).
#
# The cargo target directory and downloaded tools live in a cache directory outside the
# checkout, so a fresh clone (CI) reuses earlier builds and tools.

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORTAL_CACHE_DIR="${PORTAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/civil-portal}"
export PORTAL_ROOT PORTAL_CACHE_DIR
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PORTAL_CACHE_DIR/target}"
export PATH="$HOME/.cargo/bin:$PORTAL_CACHE_DIR/tools/binaryen/node_modules/.bin:$PATH"
# cargo-leptos bakes this into the build; setting it for plain cargo commands too keeps them
# from invalidating each other's artefacts (and makes the server look for pkg/portal.wasm).
export LEPTOS_OUTPUT_NAME=portal

# Tool versions. wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
CARGO_LEPTOS_VERSION=0.3.10   # 0.3.11 --locked needs Rust 1.96
MOTO_VERSION=5.2.5           # S3-protocol test server (PyPI)
BINARYEN_NPM_VERSION=132.0.0  # Debian's binaryen 108 emits wasm that silently fails to hydrate
CARGO_DENY_VERSION=0.20.2    # the dependency audit (scripts/audit.sh)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
