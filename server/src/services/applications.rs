//! Applications for assistance: re-parse with the domain types, re-run eligibility, encrypt the
//! personal data and store everything in one transaction, once per idempotency key; tracking
//! by number and access code, with one answer for "no such number" and "wrong code".

use std::sync::Arc;

use app::api::applications::{DraftSaved, Submitted, Tracking};
use app::error::AppError;
use app::ports::{Applications, PolicyBook, RequestCtx};
use async_trait::async_trait;
use domain::application::{
    commitment_texts, Application, ApplicationForm, CommitmentTexts, Program, Signer,
};
use domain::calendar::OfficialCalendar;
use domain::eligibility::{Facts, Screening};
use domain::{FormErrors, IdempotencyKey, Localized};
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::contact::client_bucket;
use super::internal;
use crate::pii::PiiVault;
use crate::storage::{
    claim_documents, insert_application, now_ms, Idempotent, NewApplication, NewSignature,
    RateLimit, Storage, StorageError, TrackedApplication,
};

/// Purpose labels bind ciphertexts and index values to their column.
pub(crate) const PAYLOAD_PURPOSE: &str = "application.payload";
pub(crate) const ELIGIBILITY_PURPOSE: &str = "application.eligibility";
pub(crate) const STROKES_PURPOSE: &str = "application.signature";
const APPLICANT_PURPOSE: &str = "application.applicant";
const ACCESS_CODE_PURPOSE: &str = "application.access_code";
const FINGERPRINT_PURPOSE: &str = "application.fingerprint";
/// The stored response of a submission holds the access code: encrypted, so the idempotency
/// table never holds it in clear either.
pub(crate) const RECEIPT_PURPOSE: &str = "application.receipt";
pub(crate) const IDEMPOTENCY_SCOPE: &str = "application.submit";
pub(crate) const DRAFT_PURPOSE: &str = "application.draft";
const RESUME_CODE_PURPOSE: &str = "application.resume_code";
/// How long a saved draft is kept.
const DRAFT_DAYS: i64 = 30;
const RESUME_CODE_LEN: usize = 8;
/// Draft saves per client (autosave is in the browser; this is the explicit "save").
const DRAFT_SAVES_PER_CLIENT: RateLimit = RateLimit {
    burst: 30,
    per: std::time::Duration::from_secs(60 * 60),
};

/// Unambiguous characters (no 0/O, 1/I/L) for numbers and codes read aloud or typed on a phone.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const NUMBER_RANDOM_LEN: usize = 6;
const ACCESS_CODE_LEN: usize = 8;
const NUMBER_ATTEMPTS: usize = 3;

/// New applications per client: a household applies once; a service hall's kiosk shares one
/// address, hence the burst.
const SUBMISSIONS_PER_CLIENT: RateLimit = RateLimit {
    burst: 10,
    per: std::time::Duration::from_secs(60 * 60),
};
/// Tracking lookups per client and per application number: enough for a resident checking
/// now and then, far too few to guess an 8-character code (31^8 ≈ 8.5 × 10^11).
const LOOKUPS_PER_CLIENT: RateLimit = RateLimit {
    burst: 20,
    per: std::time::Duration::from_secs(15 * 60),
};
const LOOKUPS_PER_NUMBER: RateLimit = RateLimit {
    burst: 5,
    per: std::time::Duration::from_secs(15 * 60),
};

/// The applicant's name as the public notice shows it (张*三), or empty when the applicant
/// is a minor: minors are never published (policy-rules.md §11.1, PIPL 第二十八条).
fn notice_name(app: &Application, today: domain::Date) -> String {
    let applicant = app.household.applicant();
    match (&applicant.name, applicant.age_on(today)) {
        (Some(name), Some(age)) if age >= 18 => name.masked(),
        _ => String::new(),
    }
}

/// The message for an unknown number and for a wrong code alike.
pub const MSG_TRACK_NOT_FOUND: &str = "err-track-not-found";

struct TrackNotFound;

/// The message for a wrong resume code and a wrong ID number alike.
pub const MSG_DRAFT_NOT_FOUND: &str = "err-draft-not-found";

struct DraftNotFound;

impl Localized for DraftNotFound {
    fn message_id(&self) -> &'static str {
        MSG_DRAFT_NOT_FOUND
    }
}

impl Localized for TrackNotFound {
    fn message_id(&self) -> &'static str {
        MSG_TRACK_NOT_FOUND
    }
}

pub struct ApplicationService {
    storage: Arc<Storage>,
    vault: Arc<PiiVault>,
    policy: Arc<dyn PolicyBook>,
    calendar: Arc<OfficialCalendar>,
    texts: CommitmentTexts,
    text_sha256: String,
    /// The case workflow, for the resident's own step (answering a 补正 request).
    cases: Arc<crate::staff::StaffService>,
}

fn random_code(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut bytes);
    // 256 is not a multiple of 31: the first 8 letters are very slightly likelier (by 1/256);
    // irrelevant for codes protected by rate limits.
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Constant-time equality of two keyed hashes.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An application number as typed: any case, spaces, the hyphen optional ("sq20261123 abcdef").
fn normalize_number(raw: &str) -> String {
    let mut n: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .take(32)
        .collect();
    if n.len() == 10 + NUMBER_RANDOM_LEN && n.is_ascii() {
        n.insert(10, '-');
    }
    n
}

fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .take(32)
        .collect()
}

impl ApplicationService {
    pub fn new(
        storage: Arc<Storage>,
        vault: Arc<PiiVault>,
        policy: Arc<dyn PolicyBook>,
        calendar: Arc<OfficialCalendar>,
        cases: Arc<crate::staff::StaffService>,
    ) -> anyhow::Result<Self> {
        let texts = commitment_texts().map_err(|e| anyhow::anyhow!("commitment documents: {e}"))?;
        let text_sha256 = hex::encode(Sha256::digest(texts.signed_text().as_bytes()));
        Ok(Self {
            storage,
            vault,
            policy,
            calendar,
            texts,
            text_sha256,
            cases,
        })
    }

    /// SHA-256 of the commitment text now shown (what signatures record).
    pub fn commitment_sha256(&self) -> &str {
        &self.text_sha256
    }

    /// The eligibility record kept with the application: the outcomes on the date of
    /// submission and every parameter (value, version date, citation) they rest on.
    fn eligibility_record(&self, app: &Application, today: domain::Date) -> String {
        let params = self.policy.parameters(app.region, today);
        let screening = Screening {
            region: app.region,
            area: app.area,
            date: today,
            household: app.household.clone(),
            // The application does not ask the screener's situation questions; staff
            // establish them. Unknown is "not sure", which the engine reports as needing review.
            facts: Facts::default(),
        };
        let outcomes = domain::eligibility::evaluate(&screening, &params);
        serde_json::json!({
            "date": today,
            "region": app.region.to_string(),
            "outcomes": outcomes,
            "parameters": params,
        })
        .to_string()
    }

    fn row(
        &self,
        ctx: &RequestCtx,
        app: &Application,
        form: &ApplicationForm,
        access_code: &str,
        number: String,
    ) -> Result<(NewApplication, Submitted), AppError> {
        let today = ctx.today;
        let working_days = app
            .programs
            .iter()
            .map(|p| p.statutory_working_days())
            .max()
            .unwrap_or(30);
        let deadline = self
            .calendar
            .deadline(today, working_days)
            .ok_or_else(|| internal(ctx, "deadline", &"date out of range"))?;
        let applicant_id = app
            .household
            .applicant()
            .id_number
            .as_ref()
            .ok_or_else(|| internal(ctx, "application", &"applicant without ID number"))?;
        let payload = serde_json::to_string(form).map_err(|e| internal(ctx, "payload", &e))?;
        let now = now_ms();
        let signatures = app
            .signatures
            .iter()
            .map(|s| NewSignature {
                member_index: s.member as i64,
                signer_index: match s.signer {
                    Signer::Themself => s.member as i64,
                    Signer::Guardian(g) => g as i64,
                },
                role: match s.signer {
                    Signer::Themself => "self",
                    Signer::Guardian(_) => "guardian",
                },
                text_version: self.texts.version.clone(),
                text_sha256: self.text_sha256.clone(),
                strokes_ciphertext: self.vault.encrypt(STROKES_PURPOSE, &s.strokes.encode()),
                signed_at: now,
            })
            .collect();
        let submitted = Submitted {
            number: number.clone(),
            access_code: access_code.to_owned(),
            submitted_on: today,
            // Every application here is made with the signed commitments.
            procedure: "commitment".to_owned(),
            working_days,
            deadline: deadline.end,
            deadline_provisional: deadline.provisional,
        };
        let row = NewApplication {
            number,
            access_code_hash: self.vault.blind_index(ACCESS_CODE_PURPOSE, access_code),
            region: app.region.to_string(),
            programs: app
                .programs
                .iter()
                .map(|p| p.key())
                .collect::<Vec<_>>()
                .join(","),
            procedure: "commitment",
            status: "submitted",
            applicant_index: self
                .vault
                .blind_index(APPLICANT_PURPOSE, applicant_id.as_str()),
            payload_ciphertext: self.vault.encrypt(PAYLOAD_PURPOSE, &payload),
            township: app.township.map(|t| t.to_string()).unwrap_or_default(),
            community: app.community.clone(),
            scope_code: domain::region::scope_code(app.region, app.township),
            household_size: app.household.size() as i64,
            notice_name: notice_name(app, today),
            eligibility_ciphertext: self
                .vault
                .encrypt(ELIGIBILITY_PURPOSE, &self.eligibility_record(app, today)),
            commitment_version: self.texts.version.clone(),
            submitted_on: today.to_string(),
            deadline: deadline.end.to_string(),
            deadline_provisional: deadline.provisional,
            submitted_at: now,
            signatures,
            documents: app.documents.clone(),
        };
        Ok((row, submitted))
    }

    /// A lookup by secret (an access or resume code): one token from the client's bucket and
    /// one from the secret's own, so neither many guesses at one application nor a few
    /// guesses at many get through. The answer is the same whichever bucket is empty.
    async fn take_lookup_tokens(
        &self,
        ctx: &RequestCtx,
        kind: &str,
        secret_key: &str,
    ) -> Result<(), AppError> {
        let client = format!("{kind}-client:{}", client_bucket(ctx.client_ip));
        let per_key = format!("{kind}-key:{secret_key}");
        for (bucket, limit) in [
            (&client, LOOKUPS_PER_CLIENT),
            (&per_key, LOOKUPS_PER_NUMBER),
        ] {
            match self.storage.rate_limit_take(bucket, limit).await {
                Ok(true) => {}
                Ok(false) => return Err(AppError::RateLimited),
                Err(e) => return Err(internal(ctx, "rate limit", &e)),
            }
        }
        Ok(())
    }

    fn new_number(today: domain::Date) -> String {
        format!("SQ{}-{}", today.compact(), random_code(NUMBER_RANDOM_LEN))
    }
}

#[async_trait]
impl Applications for ApplicationService {
    async fn submit(
        &self,
        ctx: &RequestCtx,
        form: ApplicationForm,
        key: IdempotencyKey,
    ) -> Result<Submitted, AppError> {
        let app = Application::parse(&form, ctx.today).map_err(AppError::Invalid)?;
        app::api::eligibility::server::listed_region(&app.region.to_string())?;
        app.check_place(&self.policy.parameters(app.region, ctx.today))
            .map_err(AppError::Invalid)?;
        app.check_township().map_err(AppError::Invalid)?;
        let canonical = serde_json::to_string(&form).map_err(|e| internal(ctx, "form", &e))?;
        let fingerprint = self.vault.blind_index(FINGERPRINT_PURPOSE, &canonical);
        let bucket = format!("application:{}", client_bucket(ctx.client_ip));
        let access_code = random_code(ACCESS_CODE_LEN);
        let mut last_error = None;
        for _ in 0..NUMBER_ATTEMPTS {
            let (row, submitted) =
                self.row(ctx, &app, &form, &access_code, Self::new_number(ctx.today))?;
            let receipt =
                serde_json::to_string(&submitted).map_err(|e| internal(ctx, "receipt", &e))?;
            let sealed = self.vault.encrypt(RECEIPT_PURPOSE, &receipt);
            let (storage, limiter_bucket) = (self.storage.clone(), bucket.clone());
            let outcome = self
                .storage
                .idempotent(IDEMPOTENCY_SCOPE, key.as_str(), &fingerprint, |tx| {
                    Box::pin(async move {
                        if !storage
                            .rate_limit_take_in(tx, &limiter_bucket, SUBMISSIONS_PER_CLIENT)
                            .await?
                        {
                            return Err(StorageError::RateLimited);
                        }
                        insert_application(tx, &row).await?;
                        if !claim_documents(tx, &row.number, &row.documents).await? {
                            return Err(StorageError::Precondition("documents"));
                        }
                        Ok(sealed)
                    })
                })
                .await;
            let sealed = match outcome {
                Ok(Idempotent::Fresh(bytes) | Idempotent::Replayed(bytes)) => bytes,
                Ok(Idempotent::Conflict) => return Err(AppError::IdempotencyConflict),
                Err(StorageError::RateLimited) => return Err(AppError::RateLimited),
                Err(StorageError::Precondition(field)) => {
                    let mut errors = FormErrors::new();
                    errors.push(
                        field,
                        &domain::application::ApplicationError::DocumentUnknown,
                    );
                    return Err(AppError::Invalid(errors));
                }
                // The number was taken (a one-in-a-billion draw): draw again.
                Err(StorageError::UniqueViolation(e)) => {
                    last_error = Some(e);
                    continue;
                }
                Err(e) => return Err(internal(ctx, "application insert", &e)),
            };
            let receipt = self
                .vault
                .decrypt(RECEIPT_PURPOSE, &sealed)
                .map_err(|e| internal(ctx, "receipt", &e))?;
            return serde_json::from_str(&receipt).map_err(|e| internal(ctx, "receipt", &e));
        }
        Err(internal(
            ctx,
            "application number",
            &last_error.unwrap_or_default(),
        ))
    }

    fn commitment_texts(&self) -> (CommitmentTexts, String) {
        (self.texts.clone(), self.text_sha256.clone())
    }

    async fn save_draft(
        &self,
        ctx: &RequestCtx,
        form: ApplicationForm,
        resume_code: Option<String>,
    ) -> Result<DraftSaved, AppError> {
        // A draft may be incomplete, but it must be findable: the applicant's ID number is
        // what it is found by (with the code), so that one must be valid.
        let raw_id = form
            .household
            .members
            .first()
            .map(|m| m.id_number.clone())
            .unwrap_or_default();
        let id = domain::IdNumber::parse_as_of(&raw_id, ctx.today).map_err(|e| {
            let mut errors = FormErrors::new();
            errors.push("members[0].id_number", &e);
            AppError::Invalid(errors)
        })?;
        let bucket = format!("draft-save:{}", client_bucket(ctx.client_ip));
        match self
            .storage
            .rate_limit_take(&bucket, DRAFT_SAVES_PER_CLIENT)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(AppError::RateLimited),
            Err(e) => return Err(internal(ctx, "rate limit", &e)),
        }
        let applicant_index = self.vault.blind_index(APPLICANT_PURPOSE, id.as_str());
        let payload = serde_json::to_string(&form).map_err(|e| internal(ctx, "draft", &e))?;
        let now = now_ms();
        // Continue an earlier save only when it belongs to the same applicant; otherwise a
        // new code (a guessed code cannot overwrite someone else's draft).
        let mut code = None;
        if let Some(previous) = resume_code.map(|c| normalize_code(&c)) {
            let hash = self.vault.blind_index(RESUME_CODE_PURPOSE, &previous);
            let existing = self
                .storage
                .load_application_draft(&hash, &applicant_index, now)
                .await
                .map_err(|e| internal(ctx, "draft", &e))?;
            if existing.is_some() {
                code = Some(previous);
            }
        }
        let code = code.unwrap_or_else(|| random_code(RESUME_CODE_LEN));
        let expires_at = now + DRAFT_DAYS * 24 * 3600 * 1000;
        self.storage
            .save_application_draft(
                &self.vault.blind_index(RESUME_CODE_PURPOSE, &code),
                &applicant_index,
                &self.vault.encrypt(DRAFT_PURPOSE, &payload),
                now,
                expires_at,
            )
            .await
            .map_err(|e| internal(ctx, "draft", &e))?;
        Ok(DraftSaved {
            resume_code: code,
            expires_on: ctx
                .today
                .add_days(DRAFT_DAYS)
                .ok_or_else(|| internal(ctx, "draft", &"date out of range"))?,
        })
    }

    async fn resume_draft(
        &self,
        ctx: &RequestCtx,
        resume_code: &str,
        id_number: &str,
    ) -> Result<ApplicationForm, AppError> {
        let code = normalize_code(resume_code);
        let not_found = || {
            let mut errors = FormErrors::new();
            errors.push("resume_code", &DraftNotFound);
            AppError::Invalid(errors)
        };
        self.take_lookup_tokens(ctx, "resume", &code).await?;
        // An unreadable ID number is "not found" too: the answer never says which half was
        // wrong.
        let Ok(id) = domain::IdNumber::parse_as_of(id_number, ctx.today) else {
            return Err(not_found());
        };
        let blob = self
            .storage
            .load_application_draft(
                &self.vault.blind_index(RESUME_CODE_PURPOSE, &code),
                &self.vault.blind_index(APPLICANT_PURPOSE, id.as_str()),
                now_ms(),
            )
            .await
            .map_err(|e| internal(ctx, "draft", &e))?
            .ok_or_else(not_found)?;
        let payload = self
            .vault
            .decrypt(DRAFT_PURPOSE, &blob)
            .map_err(|e| internal(ctx, "draft", &e))?;
        serde_json::from_str(&payload).map_err(|e| internal(ctx, "draft", &e))
    }

    async fn track(
        &self,
        ctx: &RequestCtx,
        number: &str,
        access_code: &str,
    ) -> Result<Tracking, AppError> {
        let t = self.tracked(ctx, number, access_code).await?;
        Ok(self.tracking(t))
    }

    async fn supplement(
        &self,
        ctx: &RequestCtx,
        number: &str,
        access_code: &str,
        reply: domain::application::SupplementReplyForm,
    ) -> Result<Tracking, AppError> {
        // The answer's shape first: its errors say nothing about the application, and a
        // resident correcting a typo should not spend the number's few lookups. Then the
        // access code (rate-limited, one answer for a wrong number or code).
        let reply = reply.parse()?;
        let t = self.tracked(ctx, number, access_code).await?;
        self.cases
            .resident_supplement(ctx, &t.number, &reply)
            .await?;
        let t = self
            .storage
            .tracked_application(&t.number)
            .await
            .map_err(|e| internal(ctx, "tracking", &e))?
            .ok_or(AppError::NotFound)?;
        Ok(self.tracking(t))
    }
}

impl ApplicationService {
    /// The application for a number and its access code, or the one answer for both a
    /// wrong number and a wrong code.
    async fn tracked(
        &self,
        ctx: &RequestCtx,
        number: &str,
        access_code: &str,
    ) -> Result<TrackedApplication, AppError> {
        let number = normalize_number(number);
        let code = normalize_code(access_code);
        let not_found = || {
            let mut errors = FormErrors::new();
            errors.push("access_code", &TrackNotFound);
            AppError::Invalid(errors)
        };
        self.take_lookup_tokens(ctx, "track", &number).await?;
        // The hash is computed whether or not the number exists, so both answers take the
        // same work.
        let presented = self.vault.blind_index(ACCESS_CODE_PURPOSE, &code);
        let found = self
            .storage
            .tracked_application(&number)
            .await
            .map_err(|e| internal(ctx, "tracking", &e))?;
        let Some(t) = found.filter(|t| same(&t.access_code_hash, &presented)) else {
            return Err(not_found());
        };
        Ok(t)
    }

    /// What `/track` shows of a tracked application.
    fn tracking(&self, t: TrackedApplication) -> Tracking {
        Tracking {
            number: t.number,
            programs: t
                .programs
                .split(',')
                .filter(|p| Program::from_key(p).is_some())
                .map(str::to_owned)
                .collect(),
            procedure: t.procedure,
            status: t.status,
            submitted_on: t.submitted_on,
            deadline: t.deadline,
            deadline_provisional: t.deadline_provisional,
            events: t.events,
            steps: t
                .steps
                .into_iter()
                .map(|(action, stage, on_date, detail)| {
                    // Only what the resident is owed in writing is shown: the documents asked
                    // for and the reasons of a refusal; findings and figures stay with staff.
                    let owed = matches!(
                        action.as_str(),
                        "request_supplement" | "not_accept" | "reject" | "supplemented"
                    );
                    let text = detail
                        .filter(|_| owed)
                        .and_then(|d| self.vault.decrypt(crate::staff::EVENT_PURPOSE, &d).ok())
                        .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
                        .and_then(|v| v["text"].as_str().map(str::to_owned));
                    app::api::applications::TrackStep {
                        action,
                        stage,
                        on_date,
                        text,
                    }
                })
                .collect(),
            amount: t
                .amount_fen
                .map(|f| domain::Money::from_fen(f).yuan_string()),
            pay_from: t.pay_from,
            notice: t.notice,
        }
    }
}
