//! Applications for assistance (issue 6):
//! - `POST /api/applications/submit` (JSON): the complete application with an idempotency key;
//!   stored once, in one transaction, with its eligibility record; answers the application
//!   number and an access code (shown once, kept only as a keyed hash);
//! - `POST /api/applications/track`: number + access code → the timeline. A wrong number and a
//!   wrong code get the same answer, and lookups are rate-limited per client and per number;
//! - `POST /api/applications/supplement` (JSON): number + access code + the resident's answer
//!   to a 补正 request (a note and/or uploaded documents) → the timeline;
//! - `POST /api/applications/draft/save` (JSON) and `…/draft/resume`: continue on another
//!   device with a resume code and the applicant's ID number.

use domain::application::ApplicationForm;
use domain::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::error::AppError;

/// The confirmation of a stored application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub number: String,
    /// Shown to the resident once; the server keeps only its keyed hash.
    pub access_code: String,
    pub submitted_on: Date,
    /// `commitment` (诚信承诺, usually about 15 working days) or `standard`.
    pub procedure: String,
    /// The statutory limit, in working days from acceptance.
    pub working_days: u32,
    /// Its last day if the application is accepted the day it was submitted, counted with the
    /// State Council's holiday and 调休 calendar.
    pub deadline: Date,
    /// The count reached a year whose holiday notice is not yet published.
    pub deadline_provisional: bool,
}

/// A saved draft: the code to continue with (with the applicant's ID number) and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSaved {
    pub resume_code: String,
    pub expires_on: Date,
}

/// What tracking shows: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    pub number: String,
    pub programs: Vec<String>,
    pub procedure: String,
    pub status: String,
    pub submitted_on: String,
    pub deadline: String,
    pub deadline_provisional: bool,
    /// (status, Unix milliseconds), oldest first.
    pub events: Vec<(String, i64)>,
    /// Every step taken, oldest first.
    pub steps: Vec<TrackStep>,
    /// The approved monthly amount (yuan) and the month payment starts.
    pub amount: Option<String>,
    pub pay_from: Option<String>,
    /// The public notice's first and last day.
    pub notice: Option<(String, String)>,
}

/// One step of an application as the resident sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackStep {
    /// `submit` or a `domain::case::ActionKind` key.
    pub action: String,
    /// The stage the step led to.
    pub stage: String,
    /// The civil date of the step.
    pub on_date: String,
    /// What staff wrote that the resident is owed: the documents asked for, or the reasons
    /// for not accepting or rejecting.
    pub text: Option<String>,
}

#[server(prefix = "/api", endpoint = "applications/submit", input = Json)]
pub async fn submit_application(
    form: ApplicationForm,
    idempotency_key: String,
) -> Result<Submitted, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    let key = domain::IdempotencyKey::parse(&idempotency_key).map_err(|e| {
        let mut errors = domain::FormErrors::new();
        errors.push("idempotency_key", &e);
        AppError::Invalid(errors)
    })?;
    services.applications.submit(&ctx, form, key).await
}

#[server(prefix = "/api", endpoint = "applications/draft/save", input = Json)]
pub async fn save_draft(
    form: ApplicationForm,
    #[server(default)] resume_code: Option<String>,
) -> Result<DraftSaved, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services
        .applications
        .save_draft(&ctx, form, resume_code)
        .await
}

#[server(prefix = "/api", endpoint = "applications/draft/resume")]
pub async fn resume_draft(
    #[server(default)] resume_code: String,
    #[server(default)] id_number: String,
) -> Result<ApplicationForm, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services
        .applications
        .resume_draft(&ctx, &resume_code, &id_number)
        .await
}

#[server(prefix = "/api", endpoint = "applications/track")]
pub async fn track_application(
    #[server(default)] number: String,
    #[server(default)] access_code: String,
) -> Result<Tracking, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services
        .applications
        .track(&ctx, &number, &access_code)
        .await
}

/// The resident's answer to a 补正 request: a note and/or documents uploaded through
/// `POST /api/documents`. Checked against the access code like a lookup.
#[server(prefix = "/api", endpoint = "applications/supplement", input = server_fn::codec::Json)]
pub async fn supplement_application(
    #[server(default)] number: String,
    #[server(default)] access_code: String,
    #[server(default)] reply: domain::application::SupplementReplyForm,
) -> Result<Tracking, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services
        .applications
        .supplement(&ctx, &number, &access_code, reply)
        .await
}
