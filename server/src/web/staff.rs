//! The staff workspace over HTTP (issue 7): the pages of `app::pages::staff` rendered with
//! their data, and their form posts.
//!
//! - `GET/POST /staff` — sign in with username and password (a half session cookie);
//! - `GET/POST /staff/code` — the TOTP code, or enrolment by QR code first (the full session);
//! - `POST /staff/sign-out`;
//! - `GET /staff/queue` (filters in the query), `GET /staff/queue/export.csv`;
//! - `GET/POST /staff/cases/{number}` — the case and its workflow steps; `…/notes`;
//!   `…/documents/{id}` streams an attached document (audited);
//! - `POST /staff/publish` — bulk publication of notices;
//! - `GET /notices` — the public notices of the day (masked).
//!
//! Every post carries the session's CSRF token besides passing the Fetch Metadata check of the
//! middleware; a missing or wrong token is a 403 and nothing happens.

use app::api::staff::CaseFilter;
use app::error::AppError;
use app::pages::staff::{
    NoticeEntry, Notices, StaffPage, CASES_PATH, CODE_PATH, QUEUE_PATH, SIGN_IN_PATH,
};
use app::ports::{RequestCtx, STAFF_SESSION_COOKIE};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use domain::case::{CaseActionForm, Stage};
use domain::FormErrors;

use super::{AppState, MAX_BODY_BYTES};
use crate::staff::{PasswordOutcome, SignInError};

fn session_cookie(state: &AppState, token: &str, max_age_seconds: i64) -> HeaderValue {
    let secure = if state.web.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{STAFF_SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

pub(super) fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST)
}

pub(super) async fn render(
    state: &AppState,
    mut parts: http::request::Parts,
    path: &str,
    page: StaffPage,
    status: StatusCode,
) -> Response {
    if let Ok(uri) = path.parse::<Uri>() {
        parts.uri = uri;
    }
    let mut response = super::render_post(state, parts, page, status).await;
    // Staff pages hold personal data: never cached, never indexed.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

/// A failure page, or back to sign-in when the session is gone.
pub(super) async fn failure(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    error: AppError,
) -> Response {
    if error == AppError::NotSignedIn {
        return see_other(SIGN_IN_PATH);
    }
    if error == AppError::PasswordChangeRequired {
        return see_other(app::pages::staff_admin::PASSWORD_PATH);
    }
    let me = state.services.staff.identity(ctx).await.ok();
    let status = status_of(&error);
    let path = parts.uri.path().to_owned();
    render(state, parts, &path, StaffPage::Failed { me, error }, status).await
}

pub(super) async fn form_pairs(
    body: axum::body::Body,
) -> Result<Vec<(String, String)>, StatusCode> {
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE)?;
    serde_urlencoded::from_bytes(&bytes).map_err(|_| StatusCode::BAD_REQUEST)
}

/// A value of the query string (a confirmation after a redirect), cut to the characters of
/// keys, names and numbers: it is shown back, so nothing else gets through.
pub(super) fn flag(parts: &http::request::Parts, key: &str) -> Option<String> {
    parts.uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
            .map(|v| {
                v.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                    .take(32)
                    .collect()
            })
    })
}

pub(super) fn value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// A staff form post: its parts, context and pairs, once the body is read and the session's
/// CSRF token checked; otherwise the response to send (400/413, sign-in, or 403).
pub(super) async fn checked_post(
    state: &AppState,
    request: Request,
) -> Result<(http::request::Parts, RequestCtx, Vec<(String, String)>), Response> {
    let (parts, body) = request.into_parts();
    let pairs = form_pairs(body)
        .await
        .map_err(IntoResponse::into_response)?;
    let ctx = RequestCtx::from_parts(&parts);
    if let Err(e) = check_csrf(state, &ctx, &pairs).await {
        return Err(failure(state, parts, &ctx, e).await);
    }
    Ok((parts, ctx, pairs))
}

/// Whether the post carries the signed-in member's CSRF token.
async fn check_csrf(
    state: &AppState,
    ctx: &RequestCtx,
    pairs: &[(String, String)],
) -> Result<(), AppError> {
    let me = state.services.staff.identity(ctx).await?;
    if value(pairs, "csrf") == me.csrf && !me.csrf.is_empty() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn get_sign_in(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    if state.services.staff.identity(&ctx).await.is_ok() {
        return see_other(QUEUE_PATH);
    }
    render(
        &state,
        parts,
        SIGN_IN_PATH,
        StaffPage::SignIn {
            username: String::new(),
            error: None,
        },
        StatusCode::OK,
    )
    .await
}

pub async fn post_sign_in(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let username: String = value(&pairs, "username").chars().take(32).collect();
    match state
        .staff
        .sign_in_password(&ctx, &username, value(&pairs, "password"))
        .await
    {
        Ok(PasswordOutcome::SecondFactor { token, .. }) => with_cookie(
            see_other(CODE_PATH),
            session_cookie(&state, &token, crate::staff::IDLE_TIMEOUT_MS / 1000),
        ),
        Err(e) => {
            let status = match e {
                SignInError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                SignInError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::UNAUTHORIZED,
            };
            render(
                &state,
                parts,
                SIGN_IN_PATH,
                StaffPage::SignIn {
                    username,
                    error: Some(e.message_id()),
                },
                status,
            )
            .await
        }
    }
}

pub async fn get_code(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let enrolled = match state.staff.session(&ctx).await {
        Ok(Some(s)) if s.stage == "password" => s.user.totp_secret_ciphertext.is_some(),
        _ => return see_other(SIGN_IN_PATH),
    };
    let enrolment = if enrolled {
        None
    } else {
        match state.staff.begin_enrolment(&ctx).await {
            Ok(e) => Some(e),
            Err(_) => return see_other(SIGN_IN_PATH),
        }
    };
    render(
        &state,
        parts,
        CODE_PATH,
        StaffPage::Code {
            enrolment,
            error: None,
        },
        StatusCode::OK,
    )
    .await
}

pub async fn post_code(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    match state.staff.sign_in_code(&ctx, value(&pairs, "code")).await {
        Ok(token) => with_cookie(
            see_other(QUEUE_PATH),
            session_cookie(&state, &token, crate::staff::SESSION_MAX_MS / 1000),
        ),
        Err(SignInError::Expired) => see_other(SIGN_IN_PATH),
        Err(e) => {
            // Enrolling: show the same QR code again (the pending secret is unchanged).
            render(
                &state,
                parts,
                CODE_PATH,
                StaffPage::Code {
                    enrolment: None,
                    error: Some(e.message_id()),
                },
                StatusCode::UNAUTHORIZED,
            )
            .await
        }
    }
}

pub async fn post_sign_out(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = form_pairs(body).await.unwrap_or_default();
    let ctx = RequestCtx::from_parts(&parts);
    // Also from a session still on a temporary password (which `check_csrf` turns away).
    if let Ok((staff, _)) = state.staff.authenticate_any(&ctx).await {
        if !staff.csrf.is_empty() && value(&pairs, "csrf") == staff.csrf {
            state.staff.sign_out(&ctx).await;
        }
    }
    with_cookie(see_other(SIGN_IN_PATH), session_cookie(&state, "", 0))
}

pub async fn get_queue(
    State(state): State<AppState>,
    Query(filter): Query<CaseFilter>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let me = match state.services.staff.identity(&ctx).await {
        Ok(me) => me,
        Err(e) => return failure(&state, parts, &ctx, e).await,
    };
    // Administrators do no case work: their first page is the accounts; a registrar's is the
    // marriage registration roster.
    if me.role == domain::case::Role::Registrar {
        return see_other(app::pages::staff_marriage::ROSTER_PATH);
    }
    if !me.role.works_cases() {
        return see_other(app::pages::staff_admin::ACCOUNTS_PATH);
    }
    let flash = flag(&parts, "published")
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| {
            app::i18n::message(
                ctx.locale,
                "staff-published",
                &[domain::message::arg("count", n)],
            )
        });
    match state.services.staff.cases(&ctx, &filter).await {
        Ok(list) => {
            render(
                &state,
                parts,
                QUEUE_PATH,
                StaffPage::Queue {
                    me,
                    list,
                    filter,
                    flash,
                },
                StatusCode::OK,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

pub async fn get_export(
    State(state): State<AppState>,
    Query(filter): Query<CaseFilter>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    match state.services.staff.export_csv(&ctx, &filter).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"cases.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            csv,
        )
            .into_response(),
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

#[allow(clippy::too_many_arguments)] // one page, its request, and what to show on it
async fn case_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    number: &str,
    form: CaseActionForm,
    errors: FormErrors,
    flash: Option<String>,
    status: StatusCode,
) -> Response {
    let me = match state.services.staff.identity(ctx).await {
        Ok(me) => me,
        Err(e) => return failure(state, parts, ctx, e).await,
    };
    match state.services.staff.case(ctx, number).await {
        Ok(case) => {
            let path = format!("{CASES_PATH}/{}", case.number);
            render(
                state,
                parts,
                &path,
                StaffPage::Case {
                    me,
                    case: Box::new(case),
                    form,
                    errors,
                    flash,
                },
                status,
            )
            .await
        }
        Err(e) => failure(state, parts, ctx, e).await,
    }
}

pub async fn get_case(
    State(state): State<AppState>,
    Path(number): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let flash = flag(&parts, "done")
        .and_then(|k| Stage::from_key(&k))
        .map(|s| {
            let stage = app::i18n::message(ctx.locale, &format!("case-stage-{}", s.key()), &[]);
            app::i18n::message(
                ctx.locale,
                "staff-step-done",
                &[domain::message::arg("stage", stage)],
            )
        });
    case_page(
        &state,
        parts,
        &ctx,
        &number,
        CaseActionForm::default(),
        FormErrors::new(),
        flash,
        StatusCode::OK,
    )
    .await
}

pub async fn post_case(
    State(state): State<AppState>,
    Path(number): Path<String>,
    request: Request,
) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let form = CaseActionForm {
        action: value(&pairs, "action").to_owned(),
        text: value(&pairs, "text").to_owned(),
        amount: value(&pairs, "amount").to_owned(),
        pay_from: value(&pairs, "pay_from").to_owned(),
        on_date: value(&pairs, "on_date").to_owned(),
        verified_income: value(&pairs, "verified_income").to_owned(),
        verified_assets_ok: value(&pairs, "verified_assets_ok").to_owned(),
        single_registration: value(&pairs, "single_registration").to_owned(),
        complaint: value(&pairs, "complaint").to_owned(),
    };
    match state.services.staff.act(&ctx, &number, &form).await {
        Ok(stage) => see_other(&format!(
            "{CASES_PATH}/{}?done={}",
            number.trim().to_ascii_uppercase(),
            stage.key()
        )),
        Err(AppError::Invalid(errors)) => {
            case_page(
                &state,
                parts,
                &ctx,
                &number,
                form,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

pub async fn post_note(
    State(state): State<AppState>,
    Path(number): Path<String>,
    request: Request,
) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    match state
        .staff
        .add_note(&ctx, &number, value(&pairs, "note"))
        .await
    {
        Ok(()) => see_other(&format!(
            "{CASES_PATH}/{}",
            number.trim().to_ascii_uppercase()
        )),
        Err(AppError::Invalid(errors)) => {
            case_page(
                &state,
                parts,
                &ctx,
                &number,
                CaseActionForm::default(),
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

pub async fn post_publish(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let numbers: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "numbers")
        .map(|(_, v)| v.clone())
        .collect();
    match state.staff.publish_many(&ctx, &numbers).await {
        Ok(n) => see_other(&format!("{QUEUE_PATH}?published={n}")),
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

pub async fn get_document(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    match state
        .staff
        .document(&ctx, &number, &id, state.documents.as_ref())
        .await
    {
        Ok((kind, bytes)) => (
            [
                (header::CONTENT_TYPE, kind),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::CONTENT_DISPOSITION, "inline".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

/// `/notices`: public, but only the fields the rules allow, only during the notice period,
/// and kept out of search engines (policy-rules.md §11.1).
pub async fn get_notices(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let entries = match state.staff.public_notices(&ctx).await {
        Ok(rows) => rows
            .into_iter()
            .map(|r| NoticeEntry {
                name_masked: r.notice_name.clone(),
                township: crate::staff::township_name(&r.township),
                community: r.community.clone(),
                household_size: r.household_size,
                programs: r
                    .programs
                    .split(',')
                    .filter(|p| domain::application::Program::from_key(p).is_some())
                    .map(str::to_owned)
                    .collect(),
                amount: r
                    .proposed_amount_fen
                    .map(|f| domain::Money::from_fen(f).yuan_string())
                    .unwrap_or_default(),
                from: r.notice_from.clone().unwrap_or_default(),
                to: r.notice_to.clone().unwrap_or_default(),
            })
            .collect(),
        Err(e) => return failure(&state, parts, &ctx, e).await,
    };
    let notices = Notices {
        entries,
        today: ctx.today.to_string(),
    };
    let mut response = super::render_post(&state, parts, notices, StatusCode::OK).await;
    response.headers_mut().insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /test/clock?days=N` (only with `--test-clock`): moves the clock N days (negative:
/// back again).
pub async fn post_test_clock(
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let days = q
        .get("days")
        .and_then(|d| d.parse::<i64>().ok())
        .unwrap_or(0);
    if !(-400..=400).contains(&days) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    app::ports::advance_clock_days(days);
    (StatusCode::OK, app::ports::china_today().to_string()).into_response()
}
