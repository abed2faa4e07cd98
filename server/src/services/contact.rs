//! Contact messages: encrypt the phone number, store once per idempotency key, hand back a
//! reference.

use std::sync::Arc;

use app::api::contact::ContactReceipt;
use app::error::AppError;
use app::ports::{ContactInbox, RequestCtx};
use async_trait::async_trait;
use chrono::{FixedOffset, Utc};
use domain::{ContactMessage, ContactReference};
use rand::RngCore;

use crate::pii::PiiVault;
use crate::storage::{
    insert_contact_message, now_ms, Idempotent, NewContactMessage, RateLimit, Storage, StorageError,
};

/// Purpose labels bind ciphertexts and index values to their column.
pub(crate) const MOBILE_PURPOSE: &str = "contact.mobile";
const FINGERPRINT_PURPOSE: &str = "contact.fingerprint";
/// Idempotency scope of contact submissions.
const IDEMPOTENCY_SCOPE: &str = "contact";
/// China Standard Time, for the date inside references (residents read them in local time).
const CHINA_UTC_OFFSET_SECONDS: i32 = 8 * 3600;
/// Attempts at drawing a reference that is not taken yet (31^6 per day makes one retry rare).
const REFERENCE_ATTEMPTS: usize = 3;
/// New messages per client address: a resident rarely sends more than one or two; a service
/// hall kiosk shares one address, hence the burst. Replays of the same submission are free.
const MESSAGES_PER_CLIENT: RateLimit = RateLimit {
    burst: 5,
    per: std::time::Duration::from_secs(10 * 60),
};

/// The rate-limit identity of a client: an IPv4 address, or an IPv6 /64 (one subscriber
/// controls a whole /64, so per-address buckets would be free to rotate).
pub fn client_bucket(ip: Option<std::net::IpAddr>) -> String {
    match ip {
        Some(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Some(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "no-address".to_owned(),
    }
}

pub struct ContactService {
    storage: Arc<Storage>,
    vault: Arc<PiiVault>,
}

impl ContactService {
    pub fn new(storage: Arc<Storage>, vault: Arc<PiiVault>) -> Self {
        Self { storage, vault }
    }

    fn new_reference() -> ContactReference {
        let china = FixedOffset::east_opt(CHINA_UTC_OFFSET_SECONDS).expect("valid offset");
        let date = Utc::now()
            .with_timezone(&china)
            .format("%Y%m%d")
            .to_string();
        let mut random = [0u8; 6];
        rand::thread_rng().fill_bytes(&mut random);
        ContactReference::new(&date, random).expect("formatted date is 8 digits")
    }
}

#[async_trait]
impl ContactInbox for ContactService {
    async fn submit(
        &self,
        ctx: &RequestCtx,
        message: ContactMessage,
    ) -> Result<ContactReceipt, AppError> {
        let fingerprint = self.vault.blind_index(
            FINGERPRINT_PURPOSE,
            &format!(
                "{}\u{0}{}\u{0}{}",
                message.name.as_str(),
                message.mobile.as_str(),
                message.message.as_str()
            ),
        );
        let bucket = format!("contact:{}", client_bucket(ctx.client_ip));
        let mut last_error = None;
        for _ in 0..REFERENCE_ATTEMPTS {
            let row = NewContactMessage {
                reference: Self::new_reference().as_str().to_owned(),
                name: message.name.as_str().to_owned(),
                mobile_ciphertext: self.vault.encrypt(MOBILE_PURPOSE, message.mobile.as_str()),
                mobile_index: self
                    .vault
                    .blind_index(MOBILE_PURPOSE, message.mobile.as_str()),
                message: message.message.as_str().to_owned(),
                locale: ctx.locale.tag().to_owned(),
                created_at: now_ms(),
            };
            // The effect owns what it uses: it may outlive any borrow of `self`.
            let (storage, limiter_bucket) = (self.storage.clone(), bucket.clone());
            let outcome = self
                .storage
                .idempotent(
                    IDEMPOTENCY_SCOPE,
                    message.idempotency_key.as_str(),
                    &fingerprint,
                    |tx| {
                        Box::pin(async move {
                            if !storage
                                .rate_limit_take_in(tx, &limiter_bucket, MESSAGES_PER_CLIENT)
                                .await?
                            {
                                return Err(StorageError::RateLimited);
                            }
                            insert_contact_message(tx, &row).await?;
                            Ok(row.reference.into_bytes())
                        })
                    },
                )
                .await;
            match outcome {
                Ok(Idempotent::Fresh(reference)) | Ok(Idempotent::Replayed(reference)) => {
                    let reference = String::from_utf8(reference).map_err(|e| {
                        super::internal(ctx, "reading a stored contact reference", &e)
                    })?;
                    tracing::info!(
                        request_id = %ctx.request_id,
                        reference = %reference,
                        mobile = %message.mobile.masked(),
                        "contact message accepted"
                    );
                    return Ok(ContactReceipt { reference });
                }
                Ok(Idempotent::Conflict) => {
                    tracing::warn!(request_id = %ctx.request_id, "idempotency key reused with different content");
                    return Err(AppError::IdempotencyConflict);
                }
                Err(StorageError::RateLimited) => {
                    tracing::warn!(request_id = %ctx.request_id, "contact messages rate-limited for a client");
                    return Err(AppError::RateLimited);
                }
                // The random reference collided: draw another.
                Err(StorageError::UniqueViolation(e)) => last_error = Some(e),
                Err(e) => return Err(super::internal(ctx, "storing a contact message", &e)),
            }
        }
        Err(super::internal(
            ctx,
            "drawing a free contact reference",
            &last_error.unwrap_or_default(),
        ))
    }
}
