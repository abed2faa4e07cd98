//! The eligibility screener's server functions:
//! - `GET /api/eligibility/parameters?region=`: the policy values in force today in a region,
//!   which the browser's copy of the engine decides with (`Resolved::to_text`);
//! - `GET /api/eligibility/regions?query=`: places by name, for the region question;
//! - `POST /api/eligibility/screen` (JSON): the authoritative evaluation of a screener form,
//!   sent as its input name/value pairs. The screener page itself no longer calls it (its
//!   results are drawn by the server on the post that reaches them); it stays the API for
//!   other clients, with the outcomes' digest the page also carries.
//!
//! What crosses the wire is shaped for the wasm's size: the answers travel as name/value pairs
//! (the same names the no-JavaScript form posts) and the parameters as text. A nested form or
//! outcome type would put a serde decoder per struct into the wasm; the pairs and the raw text
//! need none.

use domain::eligibility::ProgramOutcome;
use domain::Date;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::{GetUrl, Json};

use crate::error::AppError;

/// A place the resident can choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChoice {
    pub code: String,
    /// The full name from the province down ("广东省 阳江市 阳西县").
    pub label: String,
}

/// The server's decision on a screener form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenResult {
    pub date: Date,
    pub region: RegionChoice,
    pub outcomes: Vec<ProgramOutcome>,
}

/// [`ScreenResult`] as the server function sends it: the same JSON plus the outcomes' digest
/// (`domain::eligibility::outcomes_digest`), by which a client can tell whether its own
/// evaluation agrees without decoding the outcomes.
#[derive(Debug, Serialize, Deserialize)]
pub struct ScreenAnswer {
    pub date: Date,
    pub region: RegionChoice,
    pub outcomes: Box<serde_json::value::RawValue>,
    pub digest: String,
}

/// Longest search text accepted (the longest county name has 11 characters).
pub const MAX_QUERY_CHARS: usize = 20;
/// Most places one search returns.
pub const MAX_MATCHES: usize = 12;

#[server(prefix = "/api", endpoint = "eligibility/parameters", input = GetUrl)]
pub async fn policy_parameters(#[server(default)] region: String) -> Result<String, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    let code = server::listed_region(&region)?;
    Ok(services.policy.parameters(code, ctx.today).to_text())
}

#[server(prefix = "/api", endpoint = "eligibility/regions", input = GetUrl)]
pub async fn search_regions(
    #[server(default)] query: String,
) -> Result<Vec<RegionChoice>, AppError> {
    Ok(server::search(&query))
}

#[server(prefix = "/api", endpoint = "eligibility/screen", input = Json)]
pub async fn screen(answers: Vec<(String, String)>) -> Result<ScreenAnswer, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    let form = domain::eligibility::screener::ScreenerForm::from_pairs(
        answers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )?;
    let result = server::evaluate(&services, &ctx, &form)?;
    let outcomes =
        serde_json::value::to_raw_value(&result.outcomes).map_err(|_| AppError::Internal {
            support_ref: ctx.request_id.clone(),
        })?;
    Ok(ScreenAnswer {
        date: result.date,
        region: result.region,
        digest: domain::eligibility::outcomes_digest(&result.outcomes),
        outcomes,
    })
}

/// The server-side steps, shared by the server functions, the no-JavaScript page and tests.
#[cfg(feature = "ssr")]
pub mod server {
    use domain::eligibility::screener::{self, Action, Navigation, ScreenerForm, Step};
    use domain::form::FormErrors;
    use domain::region::{directory, RegionCode, RegionCodeError};
    use domain::Date;

    use super::{RegionChoice, ScreenResult, MAX_MATCHES, MAX_QUERY_CHARS};
    use crate::error::AppError;
    use crate::ports::{RequestCtx, Services};

    /// A region code that is in the national list.
    pub fn listed_region(raw: &str) -> Result<RegionCode, AppError> {
        directory()
            .parse_listed(raw)
            .map(|r| r.code)
            .map_err(|e: RegionCodeError| {
                let mut errors = FormErrors::new();
                errors.push("region", &e);
                AppError::Invalid(errors)
            })
    }

    /// One step of the no-JavaScript screener: the browser's `navigate`, plus the check only
    /// the server can make (that the chosen code is in the national list).
    pub fn step(form: &mut ScreenerForm, at: Step, action: Action, today: Date) -> Navigation {
        let nav = screener::navigate(form, at, action, today);
        let unlisted =
            !form.region.trim().is_empty() && directory().parse_listed(&form.region).is_err();
        if nav.step > Step::Place && unlisted {
            let mut errors = FormErrors::new();
            errors.push("region", &RegionCodeError::NotInList);
            return Navigation {
                step: Step::Place,
                errors,
            };
        }
        nav
    }

    /// The place's name from the province down.
    pub fn choice(code: RegionCode) -> RegionChoice {
        // The lineage runs from the place up; names read from the province down.
        let names: Vec<&str> = directory()
            .lineage(code)
            .iter()
            .rev()
            .map(|r| r.name.as_str())
            .collect();
        RegionChoice {
            code: code.to_string(),
            label: names.join(" "),
        }
    }

    /// Places whose name contains the query: counties, and prefecture-level cities that have
    /// no counties (东莞, 中山), which is where residents apply.
    pub fn search(query: &str) -> Vec<RegionChoice> {
        let query: String = query.trim().chars().take(MAX_QUERY_CHARS).collect();
        let d = directory();
        d.search(&query, 200)
            .into_iter()
            .filter(|r| d.children_of(Some(r.code)).next().is_none())
            .take(MAX_MATCHES)
            .map(|r| choice(r.code))
            .collect()
    }

    /// Parses the answers as the browser did, checks the place against the national list and
    /// decides with the parameters in force today.
    pub fn evaluate(
        services: &Services,
        ctx: &RequestCtx,
        form: &ScreenerForm,
    ) -> Result<ScreenResult, AppError> {
        let form = form.sanitized()?;
        let screening = screener::parse(&form, ctx.today)?;
        let code = listed_region(&form.region)?;
        let params = services.policy.parameters(code, ctx.today);
        Ok(ScreenResult {
            date: ctx.today,
            region: choice(code),
            outcomes: domain::eligibility::evaluate(&screening, &params),
        })
    }
}
