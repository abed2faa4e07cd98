//! Housekeeping that keeps the tables that grow with traffic bounded: idempotency records (a
//! retry is honoured for a day), rate-limit buckets (an idle bucket is full again after its
//! window, at most an hour; dropped after a day), expired application drafts, and uploads that
//! no application claimed within a week (the file leaves the document store too).
//!
//! Every server instance runs it every 10 minutes; each statement is idempotent, so several
//! instances sweeping at once only repeat each other's work.

use std::sync::Arc;
use std::time::Duration;

use crate::documents::{DocumentId, DocumentStore};
use crate::storage::{now_ms, Storage, StorageError};

const DAY_MS: i64 = 24 * 3600 * 1000;
/// How long a submission's key and first response are kept for retries.
pub const IDEMPOTENCY_KEEP_MS: i64 = DAY_MS;
/// Buckets idle this long are full again (every window is an hour or less) and can go.
pub const BUCKET_IDLE_MS: i64 = DAY_MS;
/// Uploads an application has not claimed within this time are deleted.
pub const UNCLAIMED_UPLOAD_MS: i64 = 7 * DAY_MS;
const INTERVAL: Duration = Duration::from_secs(10 * 60);

/// Rows (and files) removed by one sweep.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub idempotency_records: u64,
    pub rate_limit_buckets: u64,
    pub drafts: u64,
    pub uploads: u64,
}

/// One sweep as of `now_ms` (a parameter, so tests can sweep "a week later").
pub async fn sweep(
    storage: &Storage,
    documents: &dyn DocumentStore,
    now_ms: i64,
) -> Result<Swept, StorageError> {
    let mut swept = Swept {
        idempotency_records: storage
            .prune_idempotency_records(now_ms - IDEMPOTENCY_KEEP_MS)
            .await?,
        rate_limit_buckets: storage
            .prune_rate_limit_buckets(now_ms - BUCKET_IDLE_MS)
            .await?,
        drafts: storage.prune_application_drafts(now_ms).await?,
        uploads: 0,
    };
    storage
        .prune_staff_sessions(now_ms, crate::staff::IDLE_TIMEOUT_MS)
        .await?;
    for id in storage
        .unclaimed_uploads(now_ms - UNCLAIMED_UPLOAD_MS)
        .await?
    {
        // The row goes first, and only while still unclaimed: an application claiming it at
        // this moment either wins (the file stays) or finds it gone and asks for it again.
        if storage.delete_unclaimed_upload(&id).await? {
            if let Some(doc) = DocumentId::parse(&id) {
                if let Err(e) = documents.delete(&doc).await {
                    tracing::warn!(error = %e, "could not delete an unclaimed upload's file");
                }
            }
            swept.uploads += 1;
        }
    }
    Ok(swept)
}

/// Sweeps every 10 minutes until the task is aborted.
pub fn spawn(
    storage: Arc<Storage>,
    documents: Arc<dyn DocumentStore>,
    marriage: Arc<crate::marriage::MarriageDesk>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match sweep(&storage, documents.as_ref(), now_ms()).await {
                Ok(s) => tracing::info!(
                    idempotency_records = s.idempotency_records,
                    rate_limit_buckets = s.rate_limit_buckets,
                    drafts = s.drafts,
                    uploads = s.uploads,
                    "maintenance sweep"
                ),
                Err(e) => tracing::warn!(error = %e, "maintenance sweep failed"),
            }
            // Marriage bookings: places of holds nobody confirmed go back (a hold on the same
            // slot or by the same couple also frees them at once), and tomorrow's couples get
            // their reminder. Both are idempotent across instances.
            let now = now_ms();
            match storage.release_expired_marriage_holds(now).await {
                Ok(n) if n > 0 => tracing::info!(holds = n, "expired marriage holds released"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "releasing marriage holds failed"),
            }
            let today = crate::marriage::china_now(now).0.to_string();
            if let Err(e) = storage.release_lapsed_marriage_persons(&today).await {
                tracing::warn!(error = %e, "releasing past marriage bookings failed");
            }
            match marriage.queue_reminders(now).await {
                Ok(n) if n > 0 => tracing::info!(reminders = n, "marriage reminders queued"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "queuing marriage reminders failed"),
            }
        }
    })
}
