//! Notifications to residents when their case changes (issue 7): written to the outbox in the
//! transaction of the change, delivered afterwards by the configured [`Sender`]. The default
//! sender stores them (status `stored`) for staff to see; a real SMS gateway implements the
//! same trait and is chosen by configuration.

use std::sync::Arc;

use async_trait::async_trait;
use domain::application::Application;
use domain::case::{CaseAction, Stage};

use crate::pii::PiiVault;
use crate::storage::{now_ms, NewNotification, NotificationRow, Storage, StorageError};

const RECIPIENT_PURPOSE: &str = "notification.recipient";
/// Notifications handed to the sender per sweep.
const BATCH: i64 = 100;

/// The stages a resident is told about: the ones that ask something of them or decide.
fn notifies(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Accepted
            | Stage::NotAccepted
            | Stage::SupplementRequested
            | Stage::InNotice
            | Stage::Approved
            | Stage::Rejected
    )
}

/// The outbox rows for a step: an SMS to the applicant's mobile and an in-portal message
/// (shown on `/track`). The text is a message ID with the application number only — the SMS
/// says what happened and where to look, never the reasons or the household's data.
pub fn status_notifications(
    vault: &PiiVault,
    number: &str,
    app: &Application,
    to: Stage,
    action: &CaseAction,
    now: i64,
) -> Vec<NewNotification> {
    if !notifies(to) || matches!(action, CaseAction::Supplemented { .. }) {
        return Vec::new();
    }
    let template = format!("notify-{}", to.key());
    let args = serde_json::json!({ "number": number }).to_string();
    // Residents apply in Chinese; the SMS goes out in the portal's default language.
    let locale = "zh-CN".to_owned();
    vec![
        NewNotification {
            application_number: number.to_owned(),
            channel: "sms",
            recipient_ciphertext: Some(vault.encrypt(RECIPIENT_PURPOSE, app.mobile.as_str())),
            recipient_masked: app.mobile.masked(),
            template: template.clone(),
            args: args.clone(),
            locale: locale.clone(),
            created_at: now,
        },
        NewNotification {
            application_number: number.to_owned(),
            channel: "portal",
            recipient_ciphertext: None,
            recipient_masked: String::new(),
            template,
            args,
            locale,
            created_at: now,
        },
    ]
}

/// Where notifications go. Implementations must be idempotent per notification id: the
/// outbox may hand the same one over again after a crash between sending and marking.
#[async_trait]
pub trait Sender: Send + Sync {
    /// `mobile` is the decrypted recipient of an SMS; `None` for in-portal messages.
    async fn send(&self, n: &NotificationRow, mobile: Option<&str>)
        -> Result<&'static str, String>;
}

/// The default: keeps the message in the outbox (status `stored`), shown on the staff
/// notifications page and, for portal messages, on `/track`.
pub struct StoringSender;

#[async_trait]
impl Sender for StoringSender {
    async fn send(
        &self,
        n: &NotificationRow,
        _mobile: Option<&str>,
    ) -> Result<&'static str, String> {
        Ok(if n.channel == "portal" {
            "sent"
        } else {
            "stored"
        })
    }
}

/// Hands pending notifications to the sender; each is marked once (a conditional update), so
/// two instances sweeping at once deliver each at most once more than needed, never lose one.
pub async fn deliver_pending(
    storage: &Storage,
    vault: &PiiVault,
    sender: &Arc<dyn Sender>,
) -> Result<usize, StorageError> {
    let mut delivered = 0;
    for n in storage.pending_notifications(BATCH).await? {
        let mobile = n
            .recipient_ciphertext
            .as_deref()
            .and_then(|c| vault.decrypt(RECIPIENT_PURPOSE, c).ok());
        let (status, error) = match sender.send(&n, mobile.as_deref()).await {
            Ok(status) => (status, None),
            Err(e) => ("failed", Some(e)),
        };
        if storage
            .mark_notification(n.id, status, error.as_deref(), now_ms())
            .await?
        {
            delivered += 1;
        }
    }
    Ok(delivered)
}

/// How often each instance hands pending notifications to the sender.
const DELIVERY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// Delivers the outbox every few seconds until the task is aborted.
pub fn spawn(
    storage: Arc<Storage>,
    vault: Arc<PiiVault>,
    sender: Arc<dyn Sender>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(DELIVERY_INTERVAL);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            match deliver_pending(&storage, &vault, &sender).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(delivered = n, "notifications delivered"),
                Err(e) => tracing::warn!(error = %e, "notification delivery failed"),
            }
        }
    })
}
