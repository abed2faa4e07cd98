//! The staff workspace's server functions and the data its pages show (issue 7).
//!
//! - `POST /api/staff/cases` — the work queue within the caller's jurisdiction, filtered;
//! - `POST /api/staff/case` — one case in full (a view of personal data: audited);
//! - `POST /api/staff/export` — the queue as CSV (audited);
//! - `POST /api/staff/act` — one workflow step (`domain::case`), audited, with notifications.
//!
//! Each authenticates the staff session from its cookie inside the service; the service scopes
//! every query to the caller's jurisdiction. The staff pages (`crate::pages::staff`) are
//! rendered by the server with the same data (`StaffPage` in context) and post their forms to
//! the server's own handlers, which call the same service.

use domain::case::{ActionKind, CaseActionForm, Role, Stage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Who is signed in, for the page frame and the forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffIdentity {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    /// The per-session token every staff form carries.
    pub csrf: String,
}

/// The work queue's filters as posted or in the query string (empty = any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    #[serde(default)]
    pub program: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub township: String,
    /// `yes`: only cases past their time limit.
    #[serde(default)]
    pub overdue: String,
    /// Page of the queue, from 1 (empty = the first).
    #[serde(default)]
    pub page: String,
}

/// One line of the work queue. No personal data beyond the village or community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    pub number: String,
    pub programs: Vec<String>,
    pub stage: Stage,
    pub township: String,
    pub township_name: String,
    pub community: String,
    pub household_size: i64,
    pub submitted_on: String,
    /// The time limit's last day, once the case is accepted.
    pub deadline: Option<String>,
    /// Working days left (negative when overdue), while the clock runs.
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub simplified: bool,
    /// The opinion's proposed monthly amount (yuan), for bulk publication.
    pub proposed_amount: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseList {
    pub rows: Vec<CaseRow>,
    /// Townships of the caller's jurisdiction that have cases, for the filter (code, name).
    pub townships: Vec<(String, String)>,
    /// This page's number (from 1) and whether another follows.
    pub page: u32,
    pub has_next: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub name: String,
    pub id_number_masked: String,
    pub birth_date: String,
    pub age: u32,
    pub occupation: String,
    pub disability: String,
    pub monthly_income: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureView {
    pub member: String,
    pub signer: String,
    pub guardian: bool,
    pub text_version: String,
    pub text_sha256: String,
    /// SVG path data of the drawing.
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub stage: Stage,
    pub action: String,
    pub actor: String,
    pub on_date: String,
    /// Unix milliseconds.
    pub at: i64,
    /// Reasons, figures or findings, decrypted for staff.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: String,
    pub body: String,
    pub at: i64,
}

/// One program's result of re-running eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecheckView {
    pub program: String,
    /// `eligible`, `not_eligible` or `needs_review`.
    pub outcome: String,
    pub amount: Option<String>,
}

/// A case in full, for staff within its jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub number: String,
    pub stage: Stage,
    pub programs: Vec<String>,
    pub procedure: String,
    pub place: String,
    pub township_name: String,
    pub community: String,
    pub submitted_on: String,
    pub accepted_on: Option<String>,
    pub deadline: Option<String>,
    pub days_left: Option<i64>,
    pub overdue: bool,
    pub simplified_available: bool,
    pub simplified: bool,
    pub notice: Option<(String, String)>,
    pub proposed_amount: Option<String>,
    pub amount: Option<String>,
    pub pay_from: Option<String>,
    pub mobile_masked: String,
    pub members: Vec<MemberView>,
    pub declared_income_per_capita: String,
    pub declared_assets_ok: bool,
    pub hardship: String,
    pub documents: Vec<(String, String)>,
    pub signatures: Vec<SignatureView>,
    /// Eligibility on the declared figures with today's parameters.
    pub recheck: Vec<RecheckView>,
    /// The 低保 amount the verified figures give: (standard − verified income) × size.
    pub verified_amount: Option<String>,
    pub history: Vec<EventView>,
    pub notes: Vec<NoteView>,
    /// The steps this user may take now.
    pub actions: Vec<ActionKind>,
    /// First day payment may start if approved today (`YYYY-MM`).
    pub earliest_pay_from: String,
}

#[server(prefix = "/api/staff", endpoint = "cases", input = server_fn::codec::Json)]
pub async fn staff_cases(#[server(default)] filter: CaseFilter) -> Result<CaseList, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services.staff.cases(&ctx, &filter).await
}

#[server(prefix = "/api/staff", endpoint = "case", input = server_fn::codec::Json)]
pub async fn staff_case(number: String) -> Result<CaseView, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services.staff.case(&ctx, &number).await
}

#[server(prefix = "/api/staff", endpoint = "export", input = server_fn::codec::Json)]
pub async fn staff_export(#[server(default)] filter: CaseFilter) -> Result<String, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services.staff.export_csv(&ctx, &filter).await
}

#[server(prefix = "/api/staff", endpoint = "act", input = server_fn::codec::Json)]
pub async fn staff_act(
    number: String,
    #[server(default)] form: CaseActionForm,
) -> Result<Stage, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    services.staff.act(&ctx, &number, &form).await
}
