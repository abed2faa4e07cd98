//! Idempotency records: a state-changing request carries a key; its effect and its response are
//! committed in one transaction together with the key, so a retry, a double tap or a concurrent
//! duplicate gets the first response and causes no second effect.
//!
//! The key row is inserted first. A concurrent duplicate blocks on it (PostgreSQL: the unique
//! index; SQLite: the write lock) until the first transaction ends: if it committed, the
//! duplicate sees the stored response; if it rolled back (the effect failed), the duplicate
//! runs the effect itself.

use futures::future::BoxFuture;
use sqlx::{Any, Row, Transaction};

use super::{now_ms, Storage, StorageError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotent {
    /// The effect ran now; this is its response.
    Fresh(Vec<u8>),
    /// The key was used before with the same request; the first response.
    Replayed(Vec<u8>),
    /// The key was used before with a different request.
    Conflict,
}

impl Storage {
    /// Runs `effect` once per `(scope, key)`. `fingerprint` identifies the request's content
    /// (a keyed hash: it must not reveal personal data). The effect runs inside the
    /// transaction that records the key and returns the response bytes to store.
    pub async fn idempotent<F>(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
        effect: F,
    ) -> Result<Idempotent, StorageError>
    where
        F: for<'t> FnOnce(
            &'t mut Transaction<'static, Any>,
        ) -> BoxFuture<'t, Result<Vec<u8>, StorageError>>,
    {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_records (scope, key, fingerprint, response, created_at)
             VALUES ($1, $2, $3, NULL, $4)
             ON CONFLICT (scope, key) DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(fingerprint)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await?;
            return self.replay(scope, key, fingerprint).await;
        }
        let response = effect(&mut tx).await?;
        sqlx::query("UPDATE idempotency_records SET response = $3 WHERE scope = $1 AND key = $2")
            .bind(scope)
            .bind(key)
            .bind(&response)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Idempotent::Fresh(response))
    }

    async fn replay(
        &self,
        scope: &str,
        key: &str,
        fingerprint: &str,
    ) -> Result<Idempotent, StorageError> {
        let row = sqlx::query(
            "SELECT fingerprint, response FROM idempotency_records WHERE scope = $1 AND key = $2",
        )
        .bind(scope)
        .bind(key)
        .fetch_one(self.pool())
        .await?;
        let stored: String = row.try_get("fingerprint")?;
        if stored != fingerprint {
            return Ok(Idempotent::Conflict);
        }
        let response: Option<Vec<u8>> = row.try_get("response")?;
        // Rows are committed with their response, so a visible row always has one.
        Ok(Idempotent::Replayed(response.unwrap_or_default()))
    }

    /// Deletes records older than `before_ms` (keys are honoured for at least a day).
    pub async fn prune_idempotency_records(&self, before_ms: i64) -> Result<u64, StorageError> {
        Ok(
            sqlx::query("DELETE FROM idempotency_records WHERE created_at < $1")
                .bind(before_ms)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}
