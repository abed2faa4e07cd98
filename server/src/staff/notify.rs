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

pub const RECIPIENT_PURPOSE: &str = "notification.recipient";
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

/// Attempts before a notification is marked failed; the pause before attempt `k + 1` is
/// `RETRY_BASE_MS × 2^k` (30 s, 1 min, 2 min … about 1 h 4 min in all), enough to ride out a
/// gateway's maintenance window without hammering it.
pub const MAX_ATTEMPTS: i64 = 8;
const RETRY_BASE_MS: i64 = 30_000;

/// When a notification that has now failed `attempts` times is tried again (`None`: never).
pub fn retry_at(attempts: i64, now: i64) -> Option<i64> {
    (attempts < MAX_ATTEMPTS).then(|| now + RETRY_BASE_MS * (1 << (attempts - 1).clamp(0, 16)))
}

/// How long one instance holds a notification it is sending: well past the gateway
/// client's 10 s timeout, so a slow send is never taken over by another instance.
const SEND_LEASE_MS: i64 = 60_000;

/// Hands due notifications to the sender. Every instance runs this; each notification is
/// claimed first (`Storage::claim_notification`), so instances sweeping at once send each
/// one once. Only an instance that dies between claiming and marking leaves it to be sent
/// again after the lease, with the same `Idempotency-Key` for the gateway to drop.
/// A failure leaves it pending for a later attempt until [`MAX_ATTEMPTS`].
pub async fn deliver_pending(
    storage: &Storage,
    vault: &PiiVault,
    sender: &Arc<dyn Sender>,
    now: i64,
) -> Result<usize, StorageError> {
    let mut delivered = 0;
    for n in storage.pending_notifications(now, BATCH).await? {
        if !storage
            .claim_notification(n.id, now, now + SEND_LEASE_MS)
            .await?
        {
            continue; // another instance is sending it
        }
        let mobile = n
            .recipient_ciphertext
            .as_deref()
            .and_then(|c| vault.decrypt(RECIPIENT_PURPOSE, c).ok());
        match sender.send(&n, mobile.as_deref()).await {
            Ok(status) => {
                if storage.mark_notification(n.id, status, None, now).await? {
                    delivered += 1;
                }
            }
            Err(e) => {
                let retry = retry_at(n.attempts + 1, now);
                // The error text comes from the gateway; the recipient is never logged.
                tracing::warn!(notification = n.id, attempt = n.attempts + 1, retry = retry.is_some(), error = %e, "notification not delivered");
                storage.record_notification_failure(n.id, &e, retry).await?;
            }
        }
    }
    Ok(delivered)
}

/// An SMS gateway reached over HTTPS: each SMS is POSTed as JSON
/// `{"id", "to", "text"}` with a bearer token, and the notification's id as
/// `Idempotency-Key`, so a gateway that deduplicates never sends a message twice when the
/// outbox retries after a crash. Any 2xx answer counts as sent.
pub struct HttpSmsSender {
    client: reqwest::Client,
    url: reqwest::Url,
    token: Option<String>,
}

impl HttpSmsSender {
    pub fn new(url: &str, token: Option<String>) -> anyhow::Result<Self> {
        let url = reqwest::Url::parse(url).map_err(|e| anyhow::anyhow!("SMS gateway URL: {e}"))?;
        // Mobile numbers and the token cross this connection: HTTPS, except to a gateway
        // relay on the same machine.
        let host = url.host_str().unwrap_or_default();
        let loopback = host == "localhost"
            || host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => anyhow::bail!("SMS gateway URL must be https (http only on loopback)"),
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()?;
        Ok(Self { client, url, token })
    }
}

/// The text of a notification, in its language.
pub fn notification_text(n: &NotificationRow) -> String {
    let locale = app::locale::Locale::from_tag(&n.locale).unwrap_or(app::locale::Locale::ZhCn);
    let args: Vec<domain::MessageArg> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&n.args)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, v)| {
                v.as_str().map(|value| domain::MessageArg {
                    name,
                    value: value.to_owned(),
                })
            })
            .collect();
    app::i18n::message(locale, &n.template, &args)
}

#[async_trait]
impl Sender for HttpSmsSender {
    async fn send(
        &self,
        n: &NotificationRow,
        mobile: Option<&str>,
    ) -> Result<&'static str, String> {
        if n.channel == "portal" {
            // Shown on /track; nothing to send.
            return Ok("sent");
        }
        let Some(to) = mobile else {
            return Err("recipient cannot be decrypted".to_owned());
        };
        let mut request = self
            .client
            .post(self.url.clone())
            .header("idempotency-key", format!("notification-{}", n.id))
            .json(&serde_json::json!({
                "id": n.id,
                "to": to,
                "text": notification_text(n),
            }));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        match request.send().await {
            Ok(r) if r.status().is_success() => Ok("sent"),
            Ok(r) => Err(format!("gateway answered {}", r.status().as_u16())),
            Err(e) => Err(format!(
                "gateway unreachable: {}",
                if e.is_timeout() {
                    "timeout"
                } else {
                    "connection"
                }
            )),
        }
    }
}

/// The sender the configuration asks for: the HTTP gateway when a URL is given, otherwise
/// the storing sender (messages wait on the staff notifications page).
pub fn configured_sender(
    gateway_url: Option<&str>,
    token: Option<String>,
) -> anyhow::Result<Arc<dyn Sender>> {
    Ok(match gateway_url {
        Some(url) => Arc::new(HttpSmsSender::new(url, token)?),
        None => Arc::new(StoringSender),
    })
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
            match deliver_pending(&storage, &vault, &sender, now_ms()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(delivered = n, "notifications delivered"),
                Err(e) => tracing::warn!(error = %e, "notification delivery failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_retried_with_growing_pauses_then_given_up() {
        assert_eq!(retry_at(1, 0), Some(30_000));
        assert_eq!(retry_at(2, 0), Some(60_000));
        assert_eq!(retry_at(7, 0), Some(30_000 * 64));
        assert_eq!(retry_at(MAX_ATTEMPTS, 0), None);
        let total: i64 = (1..MAX_ATTEMPTS).map(|k| retry_at(k, 0).unwrap()).sum();
        assert!(
            total > 60 * 60 * 1000,
            "rides out an hour's outage: {total}"
        );
    }

    #[test]
    fn a_gateway_url_must_be_http() {
        assert!(configured_sender(Some("ftp://gateway.example/sms"), None).is_err());
        assert!(configured_sender(Some("not a url"), None).is_err());
        assert!(configured_sender(Some("https://gateway.example/sms"), None).is_ok());
        assert!(configured_sender(Some("http://gateway.example/sms"), None).is_err());
        assert!(configured_sender(Some("http://127.0.0.1:9000/sms"), None).is_ok());
        assert!(configured_sender(None, None).is_ok());
    }
}
