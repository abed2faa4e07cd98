//! Documents as files in a local directory: `ROOT/ab/abcdef…` (two-character fan-out keeps
//! directories small), written to a temporary file, flushed to disk and renamed, so a crash
//! never leaves a half-written document under its id.

use std::path::PathBuf;

use async_trait::async_trait;
use tokio::io::AsyncWriteExt;

use super::{DocumentId, DocumentStore, DocumentStoreError};

pub struct LocalDirectoryStore {
    root: PathBuf,
}

impl LocalDirectoryStore {
    pub fn new(root: PathBuf) -> Result<Self, DocumentStoreError> {
        std::fs::create_dir_all(&root)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(Self { root })
    }

    fn path(&self, id: &DocumentId) -> PathBuf {
        self.root.join(&id.as_str()[..2]).join(id.as_str())
    }
}

#[async_trait]
impl DocumentStore for LocalDirectoryStore {
    fn kind(&self) -> &'static str {
        "local"
    }

    async fn put_bytes(
        &self,
        id: &DocumentId,
        _content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), DocumentStoreError> {
        let path = self.path(id);
        let dir = path.parent().expect("a document path has a parent");
        tokio::fs::create_dir_all(dir).await?;
        let temp = dir.join(format!(".{}.partial", id.as_str()));
        let mut file = tokio::fs::File::create(&temp).await?;
        file.write_all(&bytes).await?;
        file.sync_all().await?;
        drop(file);
        tokio::fs::rename(&temp, &path).await?;
        Ok(())
    }

    async fn get(&self, id: &DocumentId) -> Result<Option<Vec<u8>>, DocumentStoreError> {
        match tokio::fs::read(self.path(id)).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(&self, id: &DocumentId) -> Result<bool, DocumentStoreError> {
        match tokio::fs::remove_file(self.path(id)).await {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
