//! Runtime configuration, assembled from CLI flags and environment variables by `cli`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Name of the SQLite database file inside the data directory.
pub const SQLITE_FILE: &str = "portal.sqlite3";

/// Where the portal keeps its data and how it reaches its database.
#[derive(Debug, Clone)]
pub struct StorageConfig {
    /// Holds the SQLite database (by default), the generated PII key and uploads.
    pub data_dir: PathBuf,
    /// `sqlite:…` or `postgres://…`; `None` means SQLite in `data_dir`.
    pub database_url: Option<String>,
}

impl StorageConfig {
    /// The database URL actually used.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_owned(),
            _ => sqlite_url(&self.data_dir.join(SQLITE_FILE)),
        }
    }
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

/// Everything `serve` needs.
#[derive(Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub storage: StorageConfig,
    /// The directory cargo-leptos built (`pkg/` with wasm, JS and CSS, plus `public/` assets).
    pub site_root: PathBuf,
    /// 32-byte key for PII encryption, base64; generated into the data directory when absent.
    pub pii_key: Option<String>,
    /// Rotated data keys, comma-separated base64, newest first (`crate::pii`); `None` reads
    /// `<data-dir>/pii-data.keys` if it exists.
    pub pii_data_keys: Option<String>,
    /// Believe `X-Forwarded-For` from the reverse proxy for the client address.
    pub trust_proxy_headers: bool,
    /// Mark cookies `Secure` (set when the portal is served over HTTPS).
    pub secure_cookies: bool,
    /// Where uploaded documents go: `file:PATH`, `s3://BUCKET?endpoint=…`, or `None` for the
    /// `documents` directory in the data directory.
    pub documents: Option<String>,
    /// End-to-end tests only: serve `POST /test/clock`, which moves the portal's clock
    /// forward (e.g. past a 7-day notice). Never set in a deployment.
    pub test_clock: bool,
    /// An HTTP SMS gateway for notifications (`notify::HttpSmsSender`); `None` keeps SMS in
    /// the outbox for staff to see.
    pub sms_gateway_url: Option<String>,
    /// The gateway's bearer token (never printed).
    pub sms_gateway_token: Option<String>,
    /// The address residents reach the portal at (`https://host[:port]`), for links that leave
    /// the device they were made on: a kiosk's hand-off QR code. `None`: the request's `Host`.
    pub public_url: Option<String>,
}

/// Never prints the PII key.
impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("listen", &self.listen)
            .field("storage", &self.storage)
            .field("site_root", &self.site_root)
            .field("pii_key", &self.pii_key.as_ref().map(|_| "<redacted>"))
            .field(
                "pii_data_keys",
                &self.pii_data_keys.as_ref().map(|_| "<redacted>"),
            )
            .field("trust_proxy_headers", &self.trust_proxy_headers)
            .field("secure_cookies", &self.secure_cookies)
            .field("documents", &self.documents)
            .field("test_clock", &self.test_clock)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field("public_url", &self.public_url)
            .field(
                "sms_gateway_token",
                &self.sms_gateway_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}
