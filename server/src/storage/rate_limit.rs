//! Rate limits whose token buckets live in the database, so a limit holds across every server
//! instance (an in-process limiter would multiply by the number of instances). One statement
//! per check: refill by elapsed time, take a token if there is one.

use std::time::Duration;

use sqlx::{Any, Transaction};

use super::{now_ms, Storage, StorageError};

/// Thousandths of a token: integer arithmetic in SQL, fine-grained refill.
const MILLI: i64 = 1000;

/// `burst` requests at once, refilled evenly over `per` (e.g. 5 per 15 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub per: Duration,
}

impl RateLimit {
    /// Capacity in thousandths of a token and the refill window in milliseconds.
    fn milli(self) -> (i64, i64) {
        (
            i64::from(self.burst.max(1)) * MILLI,
            (self.per.as_millis() as i64).max(1),
        )
    }
}

impl Storage {
    /// Deletes buckets not touched since `before_ms` (they would be full again anyway).
    pub async fn prune_rate_limit_buckets(&self, before_ms: i64) -> Result<u64, StorageError> {
        Ok(
            sqlx::query("DELETE FROM rate_limit_buckets WHERE updated_at < $1")
                .bind(before_ms)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }

    /// Takes one token from `bucket`; `false` means the caller is over the limit.
    pub async fn rate_limit_take(
        &self,
        bucket: &str,
        limit: RateLimit,
    ) -> Result<bool, StorageError> {
        self.take_token(self.pool(), bucket, limit).await
    }

    /// The same inside a transaction: the token is spent only if the transaction commits, so
    /// a replayed idempotent request (which rolls back) costs nothing.
    pub async fn rate_limit_take_in(
        &self,
        tx: &mut Transaction<'static, Any>,
        bucket: &str,
        limit: RateLimit,
    ) -> Result<bool, StorageError> {
        self.take_token(&mut **tx, bucket, limit).await
    }

    /// Refill by elapsed time and take a token if there is one, in one upsert.
    async fn take_token<'e, E>(
        &self,
        executor: E,
        bucket: &str,
        limit: RateLimit,
    ) -> Result<bool, StorageError>
    where
        E: sqlx::Executor<'e, Database = Any>,
    {
        let refilled = format!(
            "{least}($2, rate_limit_buckets.milli_tokens + {greatest}(0, $3 - rate_limit_buckets.updated_at) * $2 / $4)",
            least = self.least(),
            greatest = self.greatest(),
        );
        let sql = format!(
            "INSERT INTO rate_limit_buckets (bucket, milli_tokens, updated_at) VALUES ($1, $2 - {MILLI}, $3)
             ON CONFLICT (bucket) DO UPDATE SET milli_tokens = {refilled} - {MILLI}, updated_at = $3
             WHERE {refilled} >= {MILLI}
             RETURNING milli_tokens"
        );
        let (capacity, window) = limit.milli();
        Ok(sqlx::query(&sql)
            .bind(bucket)
            .bind(capacity)
            .bind(now_ms())
            .bind(window)
            .fetch_optional(executor)
            .await?
            .is_some())
    }
}
