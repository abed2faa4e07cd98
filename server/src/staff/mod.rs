//! The staff workspace's services (issue 7): sign-in with a password and a TOTP second factor,
//! database-backed sessions, the case workflow within a jurisdiction, the audit trail, the
//! public notices and the notification outbox.
//!
//! Every entry point takes the request context first and authenticates it before anything
//! else ([`StaffService::authenticate`]); what it may see is then limited by the storage
//! queries themselves, which all take the member's scope prefix.

mod admin;
pub mod auth;
mod cases;
pub use cases::EVENT_PURPOSE;
pub(crate) use cases::NOTE_PURPOSE;
pub mod demo;
mod export;
pub mod notify;
mod reports;

use std::sync::Arc;

use app::api::staff::StaffIdentity;
use app::error::AppError;
use app::ports::{PolicyBook, RequestCtx};
use domain::case::Role;
use domain::region::Jurisdiction;
use domain::staff::{NewStaffAccount, OneTimeCode};
use domain::FormErrors;

use crate::pii::PiiVault;
use crate::services::contact::client_bucket;
use crate::services::internal;
use crate::storage::{
    append_audit, now_ms, AuditEntry, NewStaffUser, RateLimit, SessionRow, Storage, StorageError,
};

/// Sessions end after 30 minutes without a request (policy-rules.md §11.3: idle timeout ≤ 30
/// min) and after 12 hours in any case (one working day).
pub const IDLE_TIMEOUT_MS: i64 = 30 * 60 * 1000;
pub const SESSION_MAX_MS: i64 = 12 * 60 * 60 * 1000;
/// A half-finished sign-in (password given, code not yet) lasts 5 minutes.
const SECOND_FACTOR_MS: i64 = 5 * 60 * 1000;
pub(crate) const TOTP_PURPOSE: &str = "staff.totp";
const AUDIT_PURPOSE: &str = "audit.chain";
pub const TOTP_ISSUER: &str = "民政自助服务门户";
/// Audit actors that are not staff accounts start with `@`, which no username can
/// (`domain::staff::Username`): an account named `resident` can never claim their rows.
pub const SYSTEM_ACTOR_CLI: &str = "@cli";
pub const SYSTEM_ACTOR_RESIDENT: &str = "@resident";

/// Sign-in attempts per client address, whatever the account: slows password spraying
/// across accounts, which the per-account lockout cannot see.
const SIGN_INS_PER_CLIENT: RateLimit = RateLimit {
    burst: 20,
    per: std::time::Duration::from_secs(15 * 60),
};

/// A signed-in staff member: the explicit context every staff service call starts from
/// (DESIGN.md §9).
#[derive(Debug, Clone)]
pub struct StaffCtx {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: Jurisdiction,
    /// `jurisdiction.scope_prefix()`: what every case query is filtered by.
    pub prefix: String,
    pub csrf: String,
    pub client_ip: String,
    pub request_id: String,
}

/// The outcome of the password step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordOutcome {
    /// The session cookie to set; the member must now give a code (or enrol first).
    SecondFactor { token: String, enrolled: bool },
}

/// Why a sign-in step failed (what the page says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    /// Unknown user, wrong password or disabled account: one answer for all three.
    Credentials,
    /// Five failures: locked for 30 minutes.
    Locked,
    /// Too many attempts from this address.
    Throttled,
    /// The code is wrong, reused or expired.
    Code,
    /// The sign-in took too long or the cookie is gone.
    Expired,
    Internal,
}

impl SignInError {
    pub fn message_id(self) -> &'static str {
        match self {
            SignInError::Credentials => "staff-signin-error-credentials",
            SignInError::Locked => "staff-signin-error-locked",
            SignInError::Throttled => "err-rate-limited",
            SignInError::Code => "staff-signin-error-code",
            SignInError::Expired => "staff-signin-error-expired",
            SignInError::Internal => "err-internal",
        }
    }
}

pub struct StaffService {
    pub(crate) storage: Arc<Storage>,
    pub(crate) vault: Arc<PiiVault>,
    pub(crate) policy: Arc<dyn PolicyBook>,
    pub(crate) calendar: Arc<domain::calendar::OfficialCalendar>,
}

impl StaffService {
    pub fn new(
        storage: Arc<Storage>,
        vault: Arc<PiiVault>,
        policy: Arc<dyn PolicyBook>,
        calendar: Arc<domain::calendar::OfficialCalendar>,
    ) -> Self {
        Self {
            storage,
            vault,
            policy,
            calendar,
        }
    }

    /// The keyed hash that links the audit chain (a key derived from the PII master key:
    /// recomputing the chain after an edit needs the key, not only database access).
    pub fn audit_hasher(&self) -> impl Fn(&str) -> String + Send + Sync + '_ {
        move |text: &str| self.vault.blind_index(AUDIT_PURPOSE, text)
    }

    /// Appends one audit entry in its own transaction.
    pub(crate) async fn audit(&self, entry: AuditEntry) -> Result<(), StorageError> {
        let mut tx = self.storage.begin_write().await?;
        append_audit(&mut tx, &entry, &self.audit_hasher()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) fn entry(
        &self,
        ctx: &StaffCtx,
        action: &str,
        subject: &str,
        outcome: &str,
        detail: serde_json::Value,
    ) -> AuditEntry {
        AuditEntry {
            at: now_ms(),
            actor: ctx.username.clone(),
            role: ctx.role.key().to_owned(),
            action: action.to_owned(),
            subject: subject.to_owned(),
            outcome: outcome.to_owned(),
            detail: detail.to_string(),
            client_ip: ctx.client_ip.clone(),
        }
    }

    /// The signed-in member of this request, from a complete session within its idle time.
    /// A member still on a temporary password (a new account or an administrator's reset)
    /// gets [`AppError::PasswordChangeRequired`] from everything but the password change.
    pub async fn authenticate(&self, ctx: &RequestCtx) -> Result<StaffCtx, AppError> {
        let (staff, must_change) = self.authenticate_any(ctx).await?;
        if must_change {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(staff)
    }

    /// The member of a complete session, and whether they must change their password first.
    pub async fn authenticate_any(&self, ctx: &RequestCtx) -> Result<(StaffCtx, bool), AppError> {
        let session = self.session(ctx).await?.ok_or(AppError::NotSignedIn)?;
        if session.stage != "complete" {
            return Err(AppError::NotSignedIn);
        }
        Ok((
            self.staff_ctx(ctx, &session)?,
            session.user.must_change_password,
        ))
    }

    pub(crate) async fn session(&self, ctx: &RequestCtx) -> Result<Option<SessionRow>, AppError> {
        let Some(token) = ctx.staff_token.as_deref() else {
            return Ok(None);
        };
        self.storage
            .staff_session(&auth::token_hash(token), now_ms(), IDLE_TIMEOUT_MS)
            .await
            .map_err(|e| internal(ctx, "staff session", &e))
    }

    fn staff_ctx(&self, ctx: &RequestCtx, s: &SessionRow) -> Result<StaffCtx, AppError> {
        let role = Role::from_key(&s.user.role).ok_or(AppError::Forbidden)?;
        let jurisdiction =
            Jurisdiction::parse(&s.user.jurisdiction).map_err(|_| AppError::Forbidden)?;
        Ok(StaffCtx {
            user_id: s.user.id,
            username: s.user.username.clone(),
            display_name: s.user.display_name.clone(),
            role,
            prefix: jurisdiction.scope_prefix(),
            jurisdiction,
            csrf: s.csrf_token.clone(),
            client_ip: client_bucket(ctx.client_ip),
            request_id: ctx.request_id.clone(),
        })
    }

    /// The identity the page frame shows.
    pub fn identity_of(&self, s: &StaffCtx) -> StaffIdentity {
        StaffIdentity {
            username: s.username.clone(),
            display_name: s.display_name.clone(),
            role: s.role,
            jurisdiction: s.jurisdiction.to_string(),
            jurisdiction_name: jurisdiction_name(&s.jurisdiction),
            csrf: s.csrf.clone(),
        }
    }

    /// Step one: username and password. Throttled per client address; five failures lock
    /// the account for 30 minutes; an unknown name costs the same hashing as a wrong password.
    pub async fn sign_in_password(
        &self,
        ctx: &RequestCtx,
        username: &str,
        password: &str,
    ) -> Result<PasswordOutcome, SignInError> {
        let bucket = format!("staff-signin:{}", client_bucket(ctx.client_ip));
        match self
            .storage
            .rate_limit_take(&bucket, SIGN_INS_PER_CLIENT)
            .await
        {
            Ok(true) => {}
            Ok(false) => return Err(SignInError::Throttled),
            Err(e) => {
                internal(ctx, "sign-in throttle", &e);
                return Err(SignInError::Internal);
            }
        }
        let now = now_ms();
        let name = username.trim().to_ascii_lowercase();
        let user = match self.storage.staff_user_by_username(&name).await {
            Ok(u) => u,
            Err(e) => {
                internal(ctx, "sign-in lookup", &e);
                return Err(SignInError::Internal);
            }
        };
        // Bound the work an attacker can make the server do (argon2 takes any length).
        let password = password
            .chars()
            .take(domain::staff::PASSWORD_MAX_CHARS)
            .collect::<String>();
        let Some(user) = user else {
            let _ = auth::verify_password(password, auth::decoy_hash().await).await;
            self.audit_sign_in(ctx, &name, "password", "unknown-user")
                .await;
            return Err(SignInError::Credentials);
        };
        if user.locked_until > now {
            self.audit_sign_in(ctx, &name, "password", "locked").await;
            return Err(SignInError::Locked);
        }
        if !auth::verify_password(password, user.password_hash.clone()).await || !user.active {
            let _ = self.storage.record_login_failure(user.id, now).await;
            let locked = user.failed_logins + 1 >= crate::storage::LOCKOUT_AFTER_FAILURES;
            self.audit_sign_in(
                ctx,
                &name,
                "password",
                if locked {
                    "locked-now"
                } else {
                    "wrong-password"
                },
            )
            .await;
            return Err(if locked {
                SignInError::Locked
            } else {
                SignInError::Credentials
            });
        }
        let (token, hash) = auth::new_session_token();
        if let Err(e) = self
            .storage
            .insert_staff_session(
                &hash,
                user.id,
                "password",
                &auth::new_csrf_token(),
                now,
                now + SECOND_FACTOR_MS,
            )
            .await
        {
            internal(ctx, "session", &e);
            return Err(SignInError::Internal);
        }
        self.audit_sign_in(ctx, &name, "password", "ok").await;
        Ok(PasswordOutcome::SecondFactor {
            token,
            enrolled: user.totp_secret_ciphertext.is_some(),
        })
    }

    /// Starts (or restarts) TOTP enrolment for a half-signed-in member without a second factor:
    /// the secret in base32 and the QR code to scan.
    pub async fn begin_enrolment(&self, ctx: &RequestCtx) -> Result<(String, String), SignInError> {
        let session = self.half_session(ctx).await?;
        if session.user.totp_secret_ciphertext.is_some() {
            return Err(SignInError::Expired);
        }
        let secret = auth::new_totp_secret();
        let encoded = auth::base32(&secret);
        let sealed = self.vault.encrypt(TOTP_PURPOSE, &encoded);
        if let Err(e) = self
            .storage
            .set_totp_pending(session.user.id, &sealed)
            .await
        {
            internal(ctx, "enrolment", &e);
            return Err(SignInError::Internal);
        }
        let uri = auth::otpauth_uri(TOTP_ISSUER, &session.user.username, &secret);
        let svg = auth::qr_svg(&uri).unwrap_or_default();
        Ok((encoded, svg))
    }

    async fn half_session(&self, ctx: &RequestCtx) -> Result<SessionRow, SignInError> {
        match self.session(ctx).await {
            Ok(Some(s)) if s.stage == "password" => Ok(s),
            Ok(_) => Err(SignInError::Expired),
            Err(_) => Err(SignInError::Internal),
        }
    }

    /// Step two: the one-time code (enrolled: against the secret; enrolling: against the
    /// pending secret, which then becomes the account's). Failures count toward the lockout.
    /// Returns the token of the complete session.
    pub async fn sign_in_code(&self, ctx: &RequestCtx, code: &str) -> Result<String, SignInError> {
        let session = self.half_session(ctx).await?;
        let user = &session.user;
        let now = now_ms();
        if user.locked_until > now {
            return Err(SignInError::Locked);
        }
        let (sealed, enrolling) =
            match (&user.totp_secret_ciphertext, &user.totp_pending_ciphertext) {
                (Some(s), _) => (s, false),
                (None, Some(p)) => (p, true),
                (None, None) => return Err(SignInError::Expired),
            };
        let secret = self
            .vault
            .decrypt(TOTP_PURPOSE, sealed)
            .ok()
            .and_then(|b32| auth::base32_decode(&b32));
        let step = match (secret, OneTimeCode::parse(code)) {
            (Some(secret), Ok(code)) => {
                auth::totp_verify(&secret, code.value(), now / 1000, user.totp_last_step)
            }
            _ => None,
        };
        let accepted = match step {
            Some(step) if enrolling => self.storage.confirm_totp(user.id, step).await.is_ok(),
            Some(step) => self
                .storage
                .use_totp_step(user.id, step)
                .await
                .unwrap_or(false),
            None => false,
        };
        if !accepted {
            let _ = self.storage.record_login_failure(user.id, now).await;
            self.audit_sign_in(ctx, &user.username, "code", "wrong-code")
                .await;
            return Err(SignInError::Code);
        }
        let _ = self.storage.clear_login_failures(user.id).await;
        // The half session is replaced by a complete one under a new token, so the cookie
        // that crossed the password step is never the one that carries full rights.
        if let Some(token) = ctx.staff_token.as_deref() {
            let _ = self
                .storage
                .delete_staff_session(&auth::token_hash(token))
                .await;
        }
        let (token, hash) = auth::new_session_token();
        self.storage
            .insert_staff_session(
                &hash,
                user.id,
                "complete",
                &auth::new_csrf_token(),
                now,
                now + SESSION_MAX_MS,
            )
            .await
            .map_err(|e| {
                internal(ctx, "session", &e);
                SignInError::Internal
            })?;
        self.audit_sign_in(
            ctx,
            &user.username,
            if enrolling { "enrol" } else { "code" },
            "ok",
        )
        .await;
        Ok(token)
    }

    pub async fn sign_out(&self, ctx: &RequestCtx) {
        if let Some(token) = ctx.staff_token.as_deref() {
            if let Ok(Some(s)) = self.session(ctx).await {
                self.audit_sign_in(ctx, &s.user.username, "sign-out", "ok")
                    .await;
            }
            let _ = self
                .storage
                .delete_staff_session(&auth::token_hash(token))
                .await;
        }
    }

    /// Changes the signed-in member's own password (the current one is asked again).
    pub async fn change_password(
        &self,
        ctx: &RequestCtx,
        current: &str,
        new: &str,
        confirm: &str,
    ) -> Result<(), AppError> {
        let (staff, _) = self.authenticate_any(ctx).await?;
        let password = domain::staff::parse_password_change(current, new, confirm)?;
        let user = self
            .storage
            .staff_user_by_id(staff.user_id)
            .await
            .map_err(|e| internal(ctx, "password change", &e))?
            .ok_or(AppError::NotSignedIn)?;
        // Locked by wrong passwords (here or at sign-in): this session ends too, so an
        // unattended desk cannot go on guessing.
        if user.locked_until > now_ms() {
            self.sign_out(ctx).await;
            return Err(AppError::NotSignedIn);
        }
        // Bounded like the sign-in's: argon2 would hash any length.
        let current: String = current
            .chars()
            .take(domain::staff::PASSWORD_MAX_CHARS)
            .collect();
        if !auth::verify_password(current, user.password_hash).await {
            // A wrong current password counts toward the lockout: a session left open on an
            // unattended desk must not become a way to guess the password.
            let _ = self.storage.record_login_failure(user.id, now_ms()).await;
            self.audit(self.entry(
                &staff,
                "account.password-change",
                &staff.username,
                "wrong-password",
                serde_json::json!({}),
            ))
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
            let mut errors = FormErrors::new();
            errors.push(
                "current_password",
                &domain::staff::StaffError::CurrentPassword,
            );
            return Err(AppError::Invalid(errors));
        }
        let hash = auth::hash_password(password.expose().to_owned())
            .await
            .map_err(|e| internal(ctx, "password hash", &e))?;
        // Every other session of the account ends with the old password.
        let keep = ctx.staff_token.as_deref().map(auth::token_hash);
        self.storage
            .set_staff_password(staff.user_id, &hash, false, keep.as_deref(), now_ms())
            .await
            .map_err(|e| internal(ctx, "password change", &e))?;
        self.audit(self.entry(
            &staff,
            "account.password-change",
            &staff.username,
            "ok",
            serde_json::json!({}),
        ))
        .await
        .map_err(|e| internal(ctx, "audit", &e))?;
        Ok(())
    }

    async fn audit_sign_in(&self, ctx: &RequestCtx, username: &str, step: &str, outcome: &str) {
        let entry = AuditEntry {
            at: now_ms(),
            actor: username.to_owned(),
            role: String::new(),
            action: format!("sign-in.{step}"),
            subject: username.to_owned(),
            outcome: outcome.to_owned(),
            detail: "{}".to_owned(),
            client_ip: client_bucket(ctx.client_ip),
        };
        if let Err(e) = self.audit(entry).await {
            internal(ctx, "audit", &e);
        }
    }

    /// Creates an account (from the admin page or `server admin create-user`). `totp_secret`
    /// enrols it at once (demo accounts with documented secrets); otherwise the member enrols
    /// at first sign-in. `actor` is the administrator, or `None` for the command line.
    pub async fn create_account(
        &self,
        account: &NewStaffAccount,
        totp_secret: Option<&[u8]>,
        must_change_password: bool,
        actor: Option<&StaffCtx>,
    ) -> anyhow::Result<i64> {
        if !admin::jurisdiction_exists(&account.jurisdiction) {
            anyhow::bail!("no such division or township in the national lists");
        }
        if let Some(admin) = actor {
            if !admin::may_manage(admin, account.role, &account.jurisdiction) {
                anyhow::bail!("outside the administrator's jurisdiction");
            }
        }
        let hash = auth::hash_password(account.password.expose().to_owned()).await?;
        let id = self
            .storage
            .insert_staff_user(
                &NewStaffUser {
                    username: account.username.to_string(),
                    display_name: account.display_name.to_string(),
                    role: account.role.key().to_owned(),
                    jurisdiction: account.jurisdiction.to_string(),
                    password_hash: hash,
                    must_change_password,
                    totp_secret_ciphertext: totp_secret
                        .map(|s| self.vault.encrypt(TOTP_PURPOSE, &auth::base32(s))),
                },
                now_ms(),
            )
            .await?;
        let (actor_name, role, ip) = match actor {
            Some(a) => (
                a.username.clone(),
                a.role.key().to_owned(),
                a.client_ip.clone(),
            ),
            None => (SYSTEM_ACTOR_CLI.to_owned(), String::new(), String::new()),
        };
        self.audit(AuditEntry {
            at: now_ms(),
            actor: actor_name,
            role,
            action: "account.create".to_owned(),
            subject: account.username.to_string(),
            outcome: "ok".to_owned(),
            detail: serde_json::json!({
                "role": account.role.key(),
                "jurisdiction": account.jurisdiction.to_string(),
            })
            .to_string(),
            client_ip: ip,
        })
        .await?;
        Ok(id)
    }

    /// Walks the audit chain: (rows checked, first broken row).
    pub async fn verify_audit(&self) -> Result<(i64, Option<i64>), StorageError> {
        self.storage.verify_audit_chain(&self.audit_hasher()).await
    }
}

/// A jurisdiction's name: the township's, or the region's with its parents.
pub fn jurisdiction_name(j: &Jurisdiction) -> String {
    match j {
        // `lineage` runs from the division up; names read from the province down.
        Jurisdiction::Region(code) => domain::region::directory()
            .lineage(*code)
            .iter()
            .rev()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(""),
        Jurisdiction::Township(t) => {
            let county = jurisdiction_name(&Jurisdiction::Region(t.county()));
            let name = domain::region::townships()
                .get(*t)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| t.to_string());
            format!("{county}{name}")
        }
    }
}

/// The name of a township code as stored (empty when none).
pub fn township_name(code: &str) -> String {
    domain::region::TownshipCode::parse(code)
        .ok()
        .and_then(|t| domain::region::townships().get(t).map(|t| t.name.clone()))
        .unwrap_or_default()
}
