//! Storage of uploaded documents, behind [`DocumentStore`]: a local directory by default (under
//! the data directory, never the web root), an S3-compatible object store by configuration.
//! Content checks happen before storing ([`domain::document::check_upload`]); documents are
//! stored under random ids, never under a resident's file name.

mod local;
mod s3;
pub mod sigv4;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use domain::document::{check_upload, DocumentError, DocumentType};
use rand::RngCore;

pub use local::LocalDirectoryStore;
pub use s3::{S3Config, S3Store};

/// A stored document's id: 128 random bits, hex. Reveals nothing and cannot be guessed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentId(String);

impl DocumentId {
    pub fn random() -> Self {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(hex::encode(bytes))
    }

    /// Accepts only the shape `random` produces, so an id can never be a path.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == 32
            && raw
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentStoreError {
    #[error(transparent)]
    Rejected(#[from] DocumentError),
    #[error("document store I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("object store: {0}")]
    Remote(String),
    #[error("document store configuration: {0}")]
    Config(String),
}

#[async_trait]
pub trait DocumentStore: Send + Sync {
    /// `"local"` or `"s3"`, for logs and `/healthz`.
    fn kind(&self) -> &'static str;
    async fn put_bytes(
        &self,
        id: &DocumentId,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), DocumentStoreError>;
    async fn get(&self, id: &DocumentId) -> Result<Option<Vec<u8>>, DocumentStoreError>;
    /// `true` when something was deleted.
    async fn delete(&self, id: &DocumentId) -> Result<bool, DocumentStoreError>;
}

/// Checks an upload at the boundary and stores it under a new id.
pub async fn store_upload(
    store: &dyn DocumentStore,
    bytes: Vec<u8>,
    file_name: Option<&str>,
) -> Result<(DocumentId, DocumentType), DocumentStoreError> {
    let kind = check_upload(&bytes, file_name)?;
    let id = DocumentId::random();
    store.put_bytes(&id, kind.mime(), bytes).await?;
    Ok((id, kind))
}

/// Opens the configured store: `s3://BUCKET?endpoint=URL&region=REGION` (credentials from
/// `PORTAL_S3_ACCESS_KEY_ID` / `PORTAL_S3_SECRET_ACCESS_KEY`), `file:PATH`, or by default the
/// `documents` directory inside the data directory.
pub fn open(
    spec: Option<&str>,
    data_dir: &Path,
) -> Result<Arc<dyn DocumentStore>, DocumentStoreError> {
    match spec.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Arc::new(LocalDirectoryStore::new(
            data_dir.join("documents"),
        )?)),
        Some(s) if s.starts_with("file:") => Ok(Arc::new(LocalDirectoryStore::new(
            s.trim_start_matches("file:")
                .trim_start_matches("//")
                .into(),
        )?)),
        Some(s) if s.starts_with("s3://") => {
            let config = S3Config::from_url(
                s,
                std::env::var("PORTAL_S3_ACCESS_KEY_ID").unwrap_or_default(),
                std::env::var("PORTAL_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
            )?;
            Ok(Arc::new(S3Store::new(config)?))
        }
        Some(other) => Err(DocumentStoreError::Config(format!(
            "documents store must be file:PATH or s3://BUCKET?endpoint=…, not {other:?}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_never_paths() {
        let a = DocumentId::random();
        assert_ne!(a, DocumentId::random());
        assert_eq!(DocumentId::parse(a.as_str()), Some(a));
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF0123456789abcdef0123456789",
            &"a".repeat(33),
        ] {
            assert_eq!(DocumentId::parse(bad), None, "{bad}");
        }
    }
}
