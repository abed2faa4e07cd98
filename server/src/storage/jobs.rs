//! A durable job queue in the database, so that with several server instances every job runs
//! once: a claim is one statement that marks the job running with a lease (PostgreSQL skips
//! rows other workers hold; SQLite has one writer at a time). A worker that dies loses its
//! lease and the job becomes claimable again; failures retry with backoff until the attempts
//! are used up, then the job is dead-lettered for an operator.

use std::time::Duration;

use sqlx::Row;

use super::{now_ms, Storage, StorageError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub queue: String,
    pub payload: String,
    /// Including the current one.
    pub attempts: i32,
    pub max_attempts: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFailure {
    /// Will be tried again at this time (ms).
    Retry { at_ms: i64 },
    /// Attempts used up: moved to the dead-letter state.
    Dead,
    /// The worker no longer held the job (lease expired and someone else took it).
    NotHeld,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub ready: i64,
    pub running: i64,
    pub done: i64,
    pub dead: i64,
}

impl Storage {
    pub async fn enqueue_job(
        &self,
        queue: &str,
        payload: &str,
        run_at_ms: i64,
        max_attempts: i32,
    ) -> Result<i64, StorageError> {
        let row = sqlx::query(
            "INSERT INTO jobs (queue, payload, status, attempts, max_attempts, run_at, created_at)
             VALUES ($1, $2, 'ready', 0, $3, $4, $5) RETURNING id",
        )
        .bind(queue)
        .bind(payload)
        .bind(max_attempts.max(1))
        .bind(run_at_ms)
        .bind(now_ms())
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("id")?)
    }

    /// Claims the next due job of `queue` for `worker` for `lease`; `None` when nothing is due.
    pub async fn claim_job(
        &self,
        queue: &str,
        worker: &str,
        lease: Duration,
    ) -> Result<Option<Job>, StorageError> {
        let now = now_ms();
        // Jobs whose worker vanished after their last attempt are dead-lettered first.
        sqlx::query(
            "UPDATE jobs SET status = 'dead', finished_at = $2, last_error = 'lease expired on the last attempt'
             WHERE queue = $1 AND status = 'running' AND locked_until < $2 AND attempts >= max_attempts",
        )
        .bind(queue)
        .bind(now)
        .execute(self.pool())
        .await?;
        let sql = format!(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $2, locked_until = $3
             WHERE id = (
                 SELECT id FROM jobs
                 WHERE queue = $1 AND attempts < max_attempts
                   AND ((status = 'ready' AND run_at <= $4) OR (status = 'running' AND locked_until < $4))
                 ORDER BY run_at, id
                 LIMIT 1 {}
             )
             RETURNING id, queue, payload, attempts, max_attempts",
            self.skip_locked()
        );
        let row = sqlx::query(&sql)
            .bind(queue)
            .bind(worker)
            .bind(now + lease.as_millis() as i64)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => Some(Job {
                id: r.try_get("id")?,
                queue: r.try_get("queue")?,
                payload: r.try_get("payload")?,
                attempts: r.try_get("attempts")?,
                max_attempts: r.try_get("max_attempts")?,
            }),
            None => None,
        })
    }

    /// Marks a job done; `false` if `worker` no longer held it.
    pub async fn complete_job(&self, id: i64, worker: &str) -> Result<bool, StorageError> {
        let done = sqlx::query(
            "UPDATE jobs SET status = 'done', finished_at = $3, locked_until = NULL
             WHERE id = $1 AND status = 'running' AND locked_by = $2",
        )
        .bind(id)
        .bind(worker)
        .bind(now_ms())
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(done == 1)
    }

    /// Records a failed attempt in one statement: retry after `backoff × 2^(attempts−1)`, or
    /// dead-letter when the attempts are used up; `NotHeld` when `worker` lost the job meanwhile.
    pub async fn fail_job(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        backoff: Duration,
    ) -> Result<JobFailure, StorageError> {
        let now = now_ms();
        let error: String = error.chars().take(2000).collect();
        let backoff_ms = backoff.as_millis() as i64;
        // 2^(attempts−1) for attempts 1..=17, via a CASE so both databases compute it alike.
        let factor = (1..=17)
            .map(|a| format!("WHEN {a} THEN {}", 1i64 << (a - 1)))
            .collect::<Vec<_>>()
            .join(" ");
        let sql = format!(
            "UPDATE jobs SET
                 status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'ready' END,
                 run_at = CASE WHEN attempts >= max_attempts THEN run_at
                               ELSE $3 + $4 * (CASE attempts {factor} ELSE 65536 END) END,
                 finished_at = CASE WHEN attempts >= max_attempts THEN $3 ELSE NULL END,
                 last_error = $5, locked_by = NULL, locked_until = NULL
             WHERE id = $1 AND locked_by = $2 AND status = 'running'
             RETURNING status, run_at"
        );
        let row = sqlx::query(&sql)
            .bind(id)
            .bind(worker)
            .bind(now)
            .bind(backoff_ms)
            .bind(&error)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else {
            return Ok(JobFailure::NotHeld);
        };
        let status: String = row.try_get("status")?;
        Ok(if status == "dead" {
            JobFailure::Dead
        } else {
            JobFailure::Retry {
                at_ms: row.try_get("run_at")?,
            }
        })
    }

    pub async fn job_counts(&self, queue: &str) -> Result<JobCounts, StorageError> {
        let rows =
            sqlx::query("SELECT status, COUNT(*) AS n FROM jobs WHERE queue = $1 GROUP BY status")
                .bind(queue)
                .fetch_all(self.pool())
                .await?;
        let mut counts = JobCounts::default();
        for row in rows {
            let n: i64 = row.try_get("n")?;
            match row.try_get::<String, _>("status")?.as_str() {
                "ready" => counts.ready = n,
                "running" => counts.running = n,
                "done" => counts.done = n,
                _ => counts.dead = n,
            }
        }
        Ok(counts)
    }
}
