//! The embedded SQLite backend.
//!
//! WAL journal (readers never block the writer), `synchronous=NORMAL` (a committed transaction
//! survives a process crash; a power cut may lose the last few — the documented trade-off for
//! an order of magnitude more write throughput), foreign keys on, and a busy timeout so
//! concurrent writers queue instead of failing.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

use super::{Backend, IdempotentInsert, NewContactMessage, Storage, StorageError};

/// How long a statement waits for a lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Pool size: readers run in parallel under WAL; writers serialize on SQLite's lock.
const MAX_CONNECTIONS: u32 = 8;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub struct SqliteStorage {
    pool: SqlitePool,
}

impl SqliteStorage {
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn migrate(&self) -> Result<(), StorageError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn insert_contact_message(
        &self,
        m: &NewContactMessage,
    ) -> Result<IdempotentInsert, StorageError> {
        // One statement decides the race between two submissions with the same key: the
        // unique index admits exactly one, the other gets no row back.
        let inserted = sqlx::query(
            "INSERT INTO contact_messages
               (reference, idempotency_key, request_fingerprint, name, mobile_ciphertext,
                mobile_index, message, locale, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (idempotency_key) DO NOTHING
             RETURNING reference",
        )
        .bind(&m.reference)
        .bind(&m.idempotency_key)
        .bind(&m.request_fingerprint)
        .bind(&m.name)
        .bind(&m.mobile_ciphertext)
        .bind(&m.mobile_index)
        .bind(&m.message)
        .bind(&m.locale)
        .bind(m.created_at)
        .fetch_optional(&self.pool)
        .await
        .map_err(StorageError::from_sqlx)?;
        if let Some(row) = inserted {
            return Ok(IdempotentInsert::Created {
                reference: row.try_get("reference")?,
            });
        }
        let row = sqlx::query(
            "SELECT reference, request_fingerprint FROM contact_messages WHERE idempotency_key = $1",
        )
        .bind(&m.idempotency_key)
        .fetch_one(&self.pool)
        .await?;
        Ok(IdempotentInsert::Existing {
            reference: row.try_get("reference")?,
            request_fingerprint: row.try_get("request_fingerprint")?,
        })
    }

    async fn count_contact_messages(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM contact_messages")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
