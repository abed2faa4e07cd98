//! Storage: one SQL implementation, two databases.
//!
//! SQLite is the embedded default; PostgreSQL serves several server instances sharing one
//! database. Both are reached through sqlx's `Any` driver with `$1`-style parameters (which
//! both accept), so every query is written once; the few dialect differences (`LEAST` vs `MIN`,
//! `FOR UPDATE SKIP LOCKED`, how a write transaction begins) are named methods on [`Storage`].
//! Each backend has its own migrations directory (`migrations/sqlite`, `migrations/postgres`),
//! because DDL differs (BLOB/BYTEA, identity columns). Times are BIGINT Unix milliseconds in
//! both, which keeps every value inside the types `Any` carries.
//!
//! Races are decided by the database — constraints, `INSERT … ON CONFLICT`, conditional
//! `UPDATE … WHERE reserved < capacity` — never by reading, checking in Rust and writing.
//!
//! Adding a query: add a method in the module of its feature (`contact.rs`, …), in one SQL
//! text for both backends (or branch on [`Storage::backend`] where a dialect differs), add a
//! migration to both directories if the schema changes, and cover it in
//! `server/tests/storage.rs`, which runs on SQLite and on PostgreSQL.

mod applications;
mod contact;
mod idempotency;
mod jobs;
mod marriage;
mod rate_limit;
mod reservations;
mod staff;

use std::str::FromStr;
use std::sync::{Arc, Once};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};

use crate::config::StorageConfig;

pub use applications::{
    attach_documents, claim_documents, insert_application, NewApplication, NewSignature,
    TrackedApplication,
};
pub use contact::{insert_contact_message, NewContactMessage};
pub use idempotency::Idempotent;
pub use jobs::{Job, JobCounts, JobFailure};
pub use marriage::{
    BookingRow, ClosureRow, HoldOutcome, NewHold, NewOffice, OfficeRow, SlotCount, SlotKey,
    SpecialDateRow,
};
pub use rate_limit::RateLimit;
pub use reservations::Reservation;
pub use staff::{
    append_audit, apply_case_step, audit_chain_text, insert_case_note, insert_notification,
    AuditEntry, AuditRow, CaseQuery, CaseRowData, CaseUpdate, NewEvent, NewNotification,
    NewStaffUser, NotificationRow, SessionRow, StaffUserRow, LOCKOUT_AFTER_FAILURES, LOCKOUT_MS,
};

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
    /// A uniqueness constraint other than the one an operation handles itself.
    #[error("unique constraint violated: {0}")]
    UniqueViolation(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("storage configuration: {0}")]
    Config(String),
    /// An effect refused because its caller is over a rate limit (rolls the transaction back).
    #[error("rate limited")]
    RateLimited,
    /// A condition the effect checks inside its transaction did not hold (rolls it back); the
    /// text names the condition for the caller to turn into a field error.
    #[error("precondition failed: {0}")]
    Precondition(&'static str),
    /// PostgreSQL chose this transaction as a deadlock victim or could not serialize it: the
    /// caller may run it again from the start.
    #[error("transaction must be retried: {0}")]
    Retry(String),
}

impl From<sqlx::Error> for StorageError {
    /// Separates unique violations (which callers may retry) from other failures.
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error() {
            if db.is_unique_violation() {
                return StorageError::UniqueViolation(db.message().to_owned());
            }
            // 40P01 deadlock_detected, 40001 serialization_failure (PostgreSQL).
            if matches!(db.code().as_deref(), Some("40P01" | "40001")) {
                return StorageError::Retry(db.message().to_owned());
            }
        }
        StorageError::Database(e)
    }
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// SQLite runs one writer at a time; readers run in parallel under WAL.
const SQLITE_MAX_CONNECTIONS: u32 = 8;
const POSTGRES_MAX_CONNECTIONS: u32 = 16;
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `close` waits for connections still in use before closing the pool anyway.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

pub struct Storage {
    pool: AnyPool,
    backend: Backend,
}

/// Milliseconds since the Unix epoch, the time unit of every stored timestamp.
pub fn now_ms() -> i64 {
    // The portal's clock (the system clock, moved only by the end-to-end tests' test clock).
    app::ports::now_ms()
}

/// Opens the configured database (SQLite in the data directory when no URL is set).
pub async fn connect(config: &StorageConfig) -> Result<Arc<Storage>, StorageError> {
    if config
        .database_url
        .as_deref()
        .is_none_or(|u| u.trim().is_empty())
    {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            StorageError::Config(format!(
                "cannot create data directory {}: {e}",
                config.data_dir.display()
            ))
        })?;
    }
    Ok(Arc::new(
        Storage::connect(&config.effective_database_url()).await?,
    ))
}

impl Storage {
    pub async fn connect(url: &str) -> Result<Self, StorageError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StorageError::Config(
                "DATABASE_URL must start with sqlite: or postgres:".to_owned(),
            ));
        };
        let pool = match backend {
            Backend::Sqlite => {
                // `mode=rwc` creates the file; the driver's defaults already enable foreign keys
                // and a 5 s busy timeout.
                let url = if url.contains('?') {
                    url.to_owned()
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(SQLITE_MAX_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            // WAL: readers never block the writer. NORMAL: a committed
                            // transaction survives a process crash; a power cut may lose the
                            // last few (the documented trade-off for ~10× write throughput).
                            conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                                .await?;
                            Ok(())
                        })
                    })
                    .connect_with(AnyConnectOptions::from_str(&url)?)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(POSTGRES_MAX_CONNECTIONS)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(AnyConnectOptions::from_str(url)?)
                    .await?
            }
        };
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn migrate(&self) -> Result<(), StorageError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATOR.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATOR.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A trivial round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection; on SQLite the last one to close folds the `-wal` file back
    /// into the database and removes it, which `restore` looks for.
    pub async fn close(&self) {
        // sqlx's `Pool::close` can miss a connection that is on its way back to the pool: the
        // return pings the connection after checking that the pool is open and only then puts
        // it in the idle queue, and `close` stops looking at that queue once it holds every
        // permit. Such a connection stays open until the pool is dropped (a clean-clone CI run
        // saw `restore` refuse a database "in use" right after `close`). So wait first, for a
        // bounded time, until every connection is back, and let `close` take them all.
        let deadline = tokio::time::Instant::now() + CLOSE_WAIT;
        while self.pool.num_idle() < self.pool.size() as usize
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        self.pool.close().await;
    }

    /// A transaction that writes. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so a read-then-write inside cannot fail half-way with SQLITE_BUSY and
    /// concurrent writers queue on the busy timeout; on PostgreSQL row locks and constraints
    /// decide.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StorageError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// The two-argument minimum: `MIN` in SQLite, `LEAST` in PostgreSQL.
    pub(crate) fn least(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "MIN",
            Backend::Postgres => "LEAST",
        }
    }

    /// The two-argument maximum: `MAX` in SQLite, `GREATEST` in PostgreSQL.
    pub(crate) fn greatest(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "MAX",
            Backend::Postgres => "GREATEST",
        }
    }

    /// Row-lock clause for "claim one row nobody else is claiming": PostgreSQL skips rows other
    /// transactions hold; SQLite needs nothing (one writer at a time).
    pub(crate) fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        }
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Records `value` as the database's PII key check unless one is recorded already, and
    /// returns the recorded one (see `crate::pii::ensure_key_matches`).
    pub async fn pii_key_check(&self, value: &str) -> Result<String, StorageError> {
        sqlx::query(
            "INSERT INTO pii_key_check (id, check_value, created_at) VALUES (1, $1, $2)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(value)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        let row = sqlx::query("SELECT check_value FROM pii_key_check WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("check_value")?)
    }

    /// The data key `server pii-key rotate` made current, if a rotation ever ran.
    pub async fn pii_data_key_check(&self) -> Result<Option<String>, StorageError> {
        let row = sqlx::query("SELECT data_key_check FROM pii_key_check WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("data_key_check")?,
            None => None,
        })
    }

    /// Records `check` as the current data key (see `crate::rekey`). The master key's check
    /// must be recorded already (`pii_key_check`).
    pub async fn set_pii_data_key_check(&self, check: &str) -> Result<(), StorageError> {
        let updated = sqlx::query("UPDATE pii_key_check SET data_key_check = $1 WHERE id = 1")
            .bind(check)
            .execute(&self.pool)
            .await?;
        if updated.rows_affected() != 1 {
            return Err(StorageError::Precondition("pii_key_check"));
        }
        Ok(())
    }

    /// SQLite only: writes a consistent snapshot of the whole database to a new file at
    /// `path` (one read transaction, so writers carry on). See `crate::backup`.
    pub async fn vacuum_into(&self, path: &str) -> Result<(), StorageError> {
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// The SQLite migrations this build carries (for `crate::backup`'s version check).
pub fn sqlite_migrations() -> impl Iterator<Item = &'static sqlx::migrate::Migration> {
    SQLITE_MIGRATOR.iter()
}
