//! The front-end files (`<site-root>/pkg`: wasm, JS, CSS and their `.br`/`.gz` twins) under a
//! content-addressed prefix, `/v/<version>/pkg/…`, with a year-long immutable cache.
//!
//! Residents are on slow mobile networks: after the first visit a page should cost its HTML
//! alone, without even a revalidation round trip per file. cargo-leptos' own file hashing does
//! not work with `--split` (each chunk's name is baked into the wasm that loads it), so instead
//! the whole directory gets one version, a hash of every file's name and bytes taken at
//! start-up, and the pages link to the files through it (`app::shell::AssetBase`). The lazily
//! loaded island chunks are fetched relative to the JS module's URL, so they inherit the prefix.
//!
//! A request for another version (a page rendered by an instance of another build, during a
//! rolling upgrade) still gets this build's file, marked `no-cache`, so nothing stale is kept
//! for a year under a name it does not match. The unversioned `/pkg/…` paths keep working,
//! revalidated on each use.

use std::path::{Path, PathBuf};

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::AppState;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// The version of the files in `<site_root>/pkg`: 16 hex digits of a SHA-256 over every file's
/// name and content, in name order. `None` when there are none (a server without a built site,
/// as in the integration tests): the pages then link to `/pkg/` directly.
pub fn version(site_root: &Path) -> Option<String> {
    let dir = site_root.join("pkg");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    if files.is_empty() {
        return None;
    }
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        hash.update(file.file_name()?.as_encoded_bytes());
        hash.update([0]);
        hash.update(std::fs::read(file).ok()?);
        hash.update([0]);
    }
    Some(hex::encode(&hash.finalize()[..8]))
}

/// `GET /v/{version}/pkg/{*file}`.
pub async fn versioned(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    // "/v/<version>/pkg/<file>": the version is the third segment.
    let mut segments = path.splitn(5, '/');
    let (Some(""), Some("v"), Some(version), Some("pkg"), Some(file)) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let current = state.web.asset_version.as_deref() == Some(version);
    let Ok(uri) = format!("/{file}").parse::<axum::http::Uri>() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    let pkg = Path::new(&*state.leptos_options.site_root).join("pkg");
    // ServeDir refuses `..` and other escapes from the directory.
    let served = ServeDir::new(pkg)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(Request::from_parts(parts, body))
        .await;
    let mut response = match served {
        Ok(r) => r.into_response(),
        Err(e) => match e {},
    };
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        let policy = if current { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Unversioned `/pkg/…` files may change under the same name with the next build: browsers
/// revalidate them (`Last-Modified`) before each use.
pub async fn revalidate_unversioned(request: Request, next: Next) -> Response {
    let unversioned = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if unversioned && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_follows_every_byte_and_name() {
        let site = tempfile::tempdir().unwrap();
        assert_eq!(version(site.path()), None, "no pkg directory");
        let pkg = site.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        assert_eq!(version(site.path()), None, "an empty one");
        std::fs::write(pkg.join("portal.js"), b"export default 1").unwrap();
        std::fs::write(pkg.join("portal.wasm"), b"\0asm").unwrap();
        let first = version(site.path()).unwrap();
        assert_eq!(first.len(), 16);
        assert_eq!(version(site.path()).as_deref(), Some(first.as_str()));
        std::fs::write(pkg.join("portal.wasm"), b"\0asn").unwrap();
        let second = version(site.path()).unwrap();
        assert_ne!(first, second);
        std::fs::rename(pkg.join("portal.wasm"), pkg.join("other.wasm")).unwrap();
        assert_ne!(version(site.path()).unwrap(), second);
    }
}
