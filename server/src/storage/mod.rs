//! Storage: one interface, one implementation per database.
//!
//! Services talk only to [`Storage`]; nothing outside this module names a database. SQLite is
//! the embedded default; a PostgreSQL implementation of the same trait is selected by a
//! `postgres://` URL once it lands (issue 4). To add a query: add a method to the trait, then
//! implement it in every backend module and cover it in the shared storage test suite.
//!
//! Races are decided by the database (constraints, `INSERT … ON CONFLICT`, conditional
//! updates), never by a read-check-write sequence in Rust.

pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::config::StorageConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A uniqueness constraint other than the one the operation handles itself.
    #[error("unique constraint violated: {0}")]
    UniqueViolation(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("storage configuration: {0}")]
    Config(String),
}

impl StorageError {
    /// Classifies a sqlx error, separating unique violations (which callers may retry).
    pub fn from_sqlx(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error() {
            if db.is_unique_violation() {
                return StorageError::UniqueViolation(db.message().to_owned());
            }
        }
        StorageError::Database(e)
    }
}

/// A contact message ready to store: personal data already encrypted or indexed.
#[derive(Debug, Clone)]
pub struct NewContactMessage {
    pub reference: String,
    pub idempotency_key: String,
    /// Keyed hash of the submitted content, to tell a replay from a conflicting reuse.
    pub request_fingerprint: String,
    pub name: String,
    pub mobile_ciphertext: Vec<u8>,
    /// Keyed hash of the mobile number (lookup without decrypting).
    pub mobile_index: String,
    pub message: String,
    pub locale: String,
    pub created_at: DateTime<Utc>,
}

/// What happened to an insert guarded by an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentInsert {
    /// Stored now.
    Created { reference: String },
    /// The key was already used; the first submission's reference and fingerprint.
    Existing {
        reference: String,
        request_fingerprint: String,
    },
}

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Applies pending migrations.
    async fn migrate(&self) -> Result<(), StorageError>;

    /// A trivial round trip, for `/healthz`.
    async fn ping(&self) -> Result<(), StorageError>;

    /// Stores a contact message unless its idempotency key was used before.
    async fn insert_contact_message(
        &self,
        message: &NewContactMessage,
    ) -> Result<IdempotentInsert, StorageError>;

    async fn count_contact_messages(&self) -> Result<i64, StorageError>;

    /// Closes the connection pool (graceful shutdown).
    async fn close(&self);
}

/// Opens the configured database.
pub async fn connect(config: &StorageConfig) -> Result<Arc<dyn Storage>, StorageError> {
    let url = config.effective_database_url();
    if url.starts_with("sqlite:") {
        if config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| {
                StorageError::Config(format!(
                    "cannot create data directory {}: {e}",
                    config.data_dir.display()
                ))
            })?;
        }
        Ok(Arc::new(sqlite::SqliteStorage::connect(&url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Err(StorageError::Config(
            "the PostgreSQL backend is not available in this version; use SQLite \
             (unset DATABASE_URL)"
                .to_owned(),
        ))
    } else {
        Err(StorageError::Config(
            "DATABASE_URL must start with sqlite: or postgres:".to_owned(),
        ))
    }
}
