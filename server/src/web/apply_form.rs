//! The application pages' posts (`app/src/pages/apply.rs`), which work without JavaScript:
//!
//! - `POST /apply`: the screener's "apply now" with every screener answer; the application
//!   starts from them (place, household, income, assets; the kinds of help the screener found
//!   likely are ticked).
//! - `POST /apply/form`: the application form with the button's `action`: `add_member`,
//!   `remove_member:<i>`, `search_place`, `change_place`, `save` (on the server, for a resume
//!   code), `check` (parse everything; the check-answers page when it parses), `edit`.
//! - `POST /apply/submit`: the check-answers page's submit, with its idempotency key: the same
//!   service as the JSON server function (one transaction, replay-safe), answered with the
//!   confirmation page itself, so the access code never appears in a URL.
//! - `POST /apply/resume`: a resume code and the applicant's ID number.
//!
//! Every page is rendered at `/apply` (or `/apply/resume`) with an `ApplyState` in context;
//! a body that is not an application form is a 400, a form that does not parse a 422.

use app::api::eligibility::server as elig;
use app::error::AppError;
use app::pages::apply::{
    resume_code_from_query, resume_url, ApplyState, ApplyView, Banner, ResumeAttempt, APPLY_PATH,
    RESUME_PATH,
};
use app::ports::RequestCtx;
use axum::extract::{Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use domain::application::{Application, ApplicationForm, Program};
use domain::eligibility::screener::ScreenerForm;
use domain::eligibility::{self, Outcome};

use super::middleware::MAX_APPLICATION_FORM_BYTES;
use super::{AppState, MAX_BODY_BYTES};

/// The posted pairs, or the status to answer.
async fn pairs(body: axum::body::Body, limit: usize) -> Result<Vec<(String, String)>, StatusCode> {
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .map_err(|_| StatusCode::BAD_REQUEST)
}

/// The posted pairs and the application form they make, or the status to answer (a body that
/// is not an application form is a 400).
async fn application_pairs(
    body: axum::body::Body,
) -> Result<(Vec<(String, String)>, ApplicationForm), StatusCode> {
    let pairs = pairs(body, MAX_APPLICATION_FORM_BYTES).await?;
    let form = ApplicationForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    Ok((pairs, form))
}

/// Shows a refusal: field errors in the form (422), anything else as a failure page.
fn refuse(apply: &mut ApplyState, error: AppError) -> StatusCode {
    let status = status_of(&error);
    match error {
        AppError::Invalid(errors) => apply.errors = errors,
        other => apply.view = ApplyView::Failed(other),
    }
    status
}

fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST)
}

/// The place's full name when the form names a listed one.
fn place_label(form: &ApplicationForm) -> Option<String> {
    elig::listed_region(&form.region)
        .ok()
        .map(|code| elig::choice(code).label)
}

/// Renders the application page (at `/apply`, whatever the post's path) with `state`.
async fn render(
    state: &AppState,
    mut parts: http::request::Parts,
    mut apply: ApplyState,
    status: StatusCode,
    path: &'static str,
) -> Response {
    if apply.place_label.is_none() {
        apply.place_label = place_label(&apply.form);
    }
    parts.uri = Uri::from_static(path);
    super::render_post(state, parts, apply, status).await
}

/// The application programs the screener found likely (eligible, or needing a closer look).
fn likely_programs(state: &AppState, ctx: &RequestCtx, screener: &ScreenerForm) -> Vec<String> {
    let Ok(result) = elig::evaluate(&state.services, ctx, screener) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for o in &result.outcomes {
        let likely = matches!(
            o.outcome,
            Outcome::Eligible { .. } | Outcome::NeedsReview { .. }
        );
        let program = match o.program {
            eligibility::Program::Dibao => Some(Program::Dibao),
            eligibility::Program::Tekun => Some(Program::Tekun),
            eligibility::Program::Temporary => Some(Program::Temporary),
            eligibility::Program::DisabilityLiving | eligibility::Program::DisabilityCare => {
                Some(Program::DisabilityAllowances)
            }
            _ => None,
        };
        if let (true, Some(p)) = (likely, program) {
            if !out.iter().any(|k| k == p.key()) {
                out.push(p.key().to_owned());
            }
        }
    }
    out
}

/// `POST /apply`: the screener's answers start an application.
pub async fn post_apply(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match pairs(body, MAX_BODY_BYTES).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let Ok(screener) =
        ScreenerForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let ctx = RequestCtx::from_parts(&parts);
    let mut form = ApplicationForm::from_screener(&screener);
    form.programs = likely_programs(&state, &ctx, &screener);
    let region = place_label(&form).unwrap_or_default();
    let mut apply = ApplyState::new(form);
    apply.banner = Some(Banner::Carried {
        people: apply.form.household.members.len(),
        region,
    });
    render(&state, parts, apply, StatusCode::OK, APPLY_PATH).await
}

/// `POST /apply/form`: one action on the application form.
pub async fn post_form(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (pairs, mut form) = match application_pairs(body).await {
        Ok(posted) => posted,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let action = value(&pairs, "action").to_owned();
    let resume_code: String = value(&pairs, "resume_code").chars().take(32).collect();
    let mut apply = ApplyState::new(ApplicationForm::default());
    apply.resume_code = resume_code.clone();
    let mut status = StatusCode::OK;
    match action.as_str() {
        "add_member" => {
            form.add_member();
        }
        "search_place" => {
            let query: String = value(&pairs, "place_query")
                .trim()
                .chars()
                .take(20)
                .collect();
            form.region.clear();
            apply.place_matches = Some(elig::search(&query));
            apply.place_query = query;
        }
        "change_place" => {
            form.region.clear();
        }
        "save" => match state
            .services
            .applications
            .save_draft(
                &ctx,
                form.clone(),
                (!resume_code.is_empty()).then_some(resume_code),
            )
            .await
        {
            Ok(saved) => {
                apply.resume_code = saved.resume_code.clone();
                // A kiosk is shared: offer to carry on on the resident's own phone.
                let kiosk = app::prefs::Prefs::from_headers(&parts.headers).kiosk;
                let handoff_url = kiosk
                    .then(|| state.web.public_origin(&parts.headers))
                    .flatten()
                    .map(|origin| resume_url(&origin, &saved.resume_code));
                apply.banner = Some(Banner::Saved {
                    handoff_qr_svg: handoff_url.as_deref().and_then(crate::staff::auth::qr_svg),
                    handoff_url,
                    saved,
                });
            }
            Err(e) => status = refuse(&mut apply, e),
        },
        "check" => {
            let parsed = Application::parse(&form, ctx.today)
                .map_err(AppError::Invalid)
                .and_then(|app| {
                    let code = elig::listed_region(&app.region.to_string())?;
                    app.check_place(&state.services.policy.parameters(code, ctx.today))
                        .map_err(AppError::Invalid)?;
                    app.check_township().map_err(AppError::Invalid)
                });
            match parsed {
                Ok(_) => {
                    apply.view = ApplyView::Check {
                        idempotency_key: uuid::Uuid::new_v4().to_string(),
                    }
                }
                Err(e) => status = refuse(&mut apply, e),
            }
        }
        other => {
            if let Some(i) = other
                .strip_prefix("remove_member:")
                .and_then(|i| i.parse::<usize>().ok())
            {
                form.remove_member(i);
            }
            // "edit" and anything else: the form as posted.
        }
    }
    apply.form = form;
    render(&state, parts, apply, status, APPLY_PATH).await
}

/// `POST /apply/submit`: store the application once.
pub async fn post_submit(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (pairs, form) = match application_pairs(body).await {
        Ok(posted) => posted,
        Err(status) => return status.into_response(),
    };
    let Ok(key) = domain::IdempotencyKey::parse(value(&pairs, "idempotency_key")) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let ctx = RequestCtx::from_parts(&parts);
    let mut apply = ApplyState::new(form.clone());
    apply.resume_code = value(&pairs, "resume_code").chars().take(32).collect();
    let status = match state.services.applications.submit(&ctx, form, key).await {
        Ok(submitted) => {
            apply.view = ApplyView::Done(submitted);
            StatusCode::OK
        }
        Err(e) => refuse(&mut apply, e),
    };
    render(&state, parts, apply, status, APPLY_PATH).await
}

/// `POST /apply/resume`: a draft saved on the server, by its code and the applicant's ID.
pub async fn post_resume(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match pairs(body, MAX_BODY_BYTES).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let code = value(&pairs, "resume_code").to_owned();
    let result = state
        .services
        .applications
        .resume_draft(&ctx, &code, value(&pairs, "id_number"))
        .await;
    match result {
        Ok(mut form) => {
            form.normalize();
            let mut apply = ApplyState::new(form);
            apply.resume_code = code.trim().to_uppercase().chars().take(32).collect();
            apply.banner = Some(Banner::Resumed);
            render(&state, parts, apply, StatusCode::OK, APPLY_PATH).await
        }
        Err(error) => {
            let status = status_of(&error);
            let mut parts = parts;
            parts.uri = Uri::from_static(RESUME_PATH);
            let code = resume_code_from_query(&code);
            super::render_post(&state, parts, ResumeAttempt { error, code }, status).await
        }
    }
}
