//! The interfaces between server functions and the services that implement them.
//!
//! `app` declares what it needs; the `server` crate implements it with storage, encryption and
//! logging, and provides a [`Services`] value through Leptos context. `app` therefore never
//! depends on `server`, and nothing that touches a database is compiled into the wasm.

use std::net::IpAddr;
use std::sync::Arc;

use async_trait::async_trait;
use domain::eligibility::Resolved;
use domain::ContactMessage;

use crate::api::contact::ContactReceipt;
use crate::error::AppError;
use crate::locale::Locale;
use crate::prefs::Prefs;

/// The client address as established by the server (peer address, or the trusted proxy's
/// forwarded address); inserted into request extensions by the server's middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Explicit request context handed to every service call (DESIGN.md §9): who is asking, in
/// which language, from where, under which request id. Staff identity and jurisdiction join
/// it with the staff workspace.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub locale: Locale,
    pub client_ip: Option<IpAddr>,
    /// Correlates log lines and is shown to residents as the support reference.
    pub request_id: String,
    /// Today's civil date in China (UTC+8), the date legal checks are made on.
    pub today: domain::Date,
    /// The staff session cookie, if the request carries one (authenticated by the staff
    /// service, never trusted here).
    pub staff_token: Option<String>,
}

/// The staff session cookie's name. `SameSite=Strict` and `HttpOnly` (set by the server).
pub const STAFF_SESSION_COOKIE: &str = "staff_session";

/// The staff session token of a request (bounded: a token is 64 hex characters).
fn staff_token(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| crate::locale::cookie_value(h, STAFF_SESSION_COOKIE))
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(str::to_owned)
}

/// China Standard Time has no daylight saving.
const CHINA_UTC_OFFSET_SECONDS: i32 = 8 * 3600;

/// Days the clock has been moved forward by `POST /test/clock` (end-to-end tests only; the
/// route exists only when the server is started with `--test-clock`).
static CLOCK_OFFSET_DAYS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Moves the portal's clock forward (tests of time limits and notice periods).
pub fn advance_clock_days(days: i64) {
    CLOCK_OFFSET_DAYS.fetch_add(days, std::sync::atomic::Ordering::SeqCst);
}

/// Milliseconds since the Unix epoch on the portal's clock (the system clock, plus any test
/// offset): the one source of "now" for stored times and civil dates.
pub fn now_ms() -> i64 {
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    real + CLOCK_OFFSET_DAYS.load(std::sync::atomic::Ordering::SeqCst) * 86_400_000
}

/// Today's date in China, from the portal's clock.
pub fn china_today() -> domain::Date {
    let seconds = now_ms().div_euclid(1000);
    domain::Date::from_unix_seconds(seconds, CHINA_UTC_OFFSET_SECONDS)
        .expect("the system clock is within the supported years")
}

impl RequestCtx {
    pub fn from_parts(parts: &http::request::Parts) -> Self {
        RequestCtx {
            locale: Prefs::from_headers(&parts.headers).locale,
            client_ip: parts.extensions.get::<ClientIp>().map(|c| c.0),
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_owned(),
            today: china_today(),
            staff_token: staff_token(&parts.headers),
        }
    }

    /// The context of the current server-function call or page render.
    pub fn current() -> Result<Self, AppError> {
        let parts = leptos::prelude::use_context::<http::request::Parts>().ok_or_else(|| {
            AppError::Internal {
                support_ref: "no-request".to_owned(),
            }
        })?;
        Ok(Self::from_parts(&parts))
    }
}

/// Messages residents send to the bureau.
#[async_trait]
pub trait ContactInbox: Send + Sync {
    /// Stores the message once per idempotency key and returns its reference.
    async fn submit(
        &self,
        ctx: &RequestCtx,
        message: ContactMessage,
    ) -> Result<ContactReceipt, AppError>;
}

/// Applications for assistance: submitted once, tracked by number and access code.
#[async_trait]
pub trait Applications: Send + Sync {
    /// Re-parses and stores a complete application once per idempotency key.
    async fn submit(
        &self,
        ctx: &RequestCtx,
        form: domain::application::ApplicationForm,
        key: domain::IdempotencyKey,
    ) -> Result<crate::api::applications::Submitted, AppError>;

    /// The timeline of an application, for its number and access code.
    async fn track(
        &self,
        ctx: &RequestCtx,
        number: &str,
        access_code: &str,
    ) -> Result<crate::api::applications::Tracking, AppError>;

    /// The resident's answer to a request for more documents, for the number and access
    /// code; the timeline afterwards.
    async fn supplement(
        &self,
        ctx: &RequestCtx,
        number: &str,
        access_code: &str,
        reply: domain::application::SupplementReplyForm,
    ) -> Result<crate::api::applications::Tracking, AppError>;

    /// The commitment documents residents sign now, and the SHA-256 (hex) of their exact
    /// text, which every signature records.
    fn commitment_texts(&self) -> (domain::application::CommitmentTexts, String);

    /// Saves an unfinished application for another device; `resume_code` continues an
    /// earlier save (same applicant) instead of issuing a new code.
    async fn save_draft(
        &self,
        ctx: &RequestCtx,
        form: domain::application::ApplicationForm,
        resume_code: Option<String>,
    ) -> Result<crate::api::applications::DraftSaved, AppError>;

    /// The saved application for a resume code and the applicant's ID number.
    async fn resume_draft(
        &self,
        ctx: &RequestCtx,
        resume_code: &str,
        id_number: &str,
    ) -> Result<domain::application::ApplicationForm, AppError>;
}

/// The staff workspace (issue 7). Every method authenticates the staff session in
/// `ctx.staff_token` first and scopes everything to the member's jurisdiction.
#[async_trait]
pub trait StaffDesk: Send + Sync {
    /// Who is signed in (a complete session: password and second factor).
    async fn identity(
        &self,
        ctx: &RequestCtx,
    ) -> Result<crate::api::staff::StaffIdentity, AppError>;

    async fn cases(
        &self,
        ctx: &RequestCtx,
        filter: &crate::api::staff::CaseFilter,
    ) -> Result<crate::api::staff::CaseList, AppError>;

    /// One case in full; the view is audited.
    async fn case(
        &self,
        ctx: &RequestCtx,
        number: &str,
    ) -> Result<crate::api::staff::CaseView, AppError>;

    /// The filtered queue as CSV; the export is audited.
    async fn export_csv(
        &self,
        ctx: &RequestCtx,
        filter: &crate::api::staff::CaseFilter,
    ) -> Result<String, AppError>;

    /// One workflow step; returns the case's new stage.
    async fn act(
        &self,
        ctx: &RequestCtx,
        number: &str,
        form: &domain::case::CaseActionForm,
    ) -> Result<domain::case::Stage, AppError>;
}

/// The policy parameters the eligibility engine decides with.
pub trait PolicyBook: Send + Sync {
    /// The values in force in `region` on `date` (county, then prefecture, province, nation).
    fn parameters(&self, region: domain::RegionCode, date: domain::Date) -> Resolved;

    /// Regions that have a 低保 standard of their own in the data, for the screener's quick
    /// picks ("standards we hold").
    fn regions_with_standards(&self) -> Vec<domain::RegionCode>;
}

/// Everything the server provides to server functions and pages.
#[derive(Clone)]
pub struct Services {
    pub contact: Arc<dyn ContactInbox>,
    pub applications: Arc<dyn Applications>,
    pub policy: Arc<dyn PolicyBook>,
    pub staff: Arc<dyn StaffDesk>,
}

impl Services {
    /// The services of the current request (provided by the server as context).
    pub fn current() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Services>().ok_or_else(|| AppError::Internal {
            support_ref: "no-services".to_owned(),
        })
    }
}
