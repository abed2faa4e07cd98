//! The staff workspace's own-account and oversight pages over HTTP (issue 7):
//!
//! - `GET/POST /staff/password` — change one's password (forced while it is temporary);
//! - `GET/POST /staff/accounts`, `POST /staff/accounts/{username}` — administrators list,
//!   create, disable, enable, unlock and reset accounts within their jurisdiction;
//! - `GET /staff/audit`, `POST /staff/audit/verify` — administrators browse the audit trail
//!   and verify its chain;
//! - `GET /staff/notifications` — the outbox of the jurisdiction's cases;
//! - `GET /staff/reports`, `…/export.csv?table=…`, `…/export.xlsx` — counts and processing
//!   times, their charts and downloads.
//!
//! Each parses its input with the `domain` types, calls one service method and renders the
//! page (`app::pages::staff_admin`); posts carry the session's CSRF token (see
//! `web/staff.rs::checked_post`).

use app::error::AppError;
use app::pages::staff::StaffPage;
use app::pages::staff_admin::{
    ChainCheck, ReportView, ACCOUNTS_PATH, AUDIT_PATH, NOTIFICATIONS_PATH, PASSWORD_PATH,
    REPORTS_PATH,
};
use app::ports::RequestCtx;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::staff::{AccountActionForm, AuditFilterForm, ReportPeriodForm, StaffAccountForm};
use domain::FormErrors;
use serde::Deserialize;

use super::staff::{checked_post, failure, flag, form_pairs, render, see_other, status_of, value};
use super::AppState;

// ---- password ---------------------------------------------------------------------------

async fn password_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    errors: FormErrors,
    done: bool,
    status: StatusCode,
) -> Response {
    let (staff, forced) = match state.staff.authenticate_any(ctx).await {
        Ok(s) => s,
        Err(e) => return failure(state, parts, ctx, e).await,
    };
    let me = (!forced).then(|| state.staff.identity_of(&staff));
    let page = StaffPage::Password {
        me,
        csrf: staff.csrf.clone(),
        forced,
        errors,
        done,
    };
    render(state, parts, PASSWORD_PATH, page, status).await
}

pub async fn get_password(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let done = flag(&parts, "done").is_some();
    password_page(&state, parts, &ctx, FormErrors::new(), done, StatusCode::OK).await
}

pub async fn post_password(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    // The CSRF check of every staff form, but for a session that may still be on a
    // temporary password (which `checked_post` would turn away).
    let forced = match state.staff.authenticate_any(&ctx).await {
        Ok((staff, forced)) if !staff.csrf.is_empty() && value(&pairs, "csrf") == staff.csrf => {
            forced
        }
        Ok(_) => return failure(&state, parts, &ctx, AppError::Forbidden).await,
        Err(e) => return failure(&state, parts, &ctx, e).await,
    };
    match state
        .staff
        .change_password(
            &ctx,
            value(&pairs, "current_password"),
            value(&pairs, "new_password"),
            value(&pairs, "confirm_password"),
        )
        .await
    {
        // After a forced change the member starts work; otherwise they see it done.
        Ok(()) if forced => see_other(app::pages::staff::QUEUE_PATH),
        Ok(()) => see_other(&format!("{PASSWORD_PATH}?done=1")),
        Err(AppError::Invalid(errors)) => {
            password_page(
                &state,
                parts,
                &ctx,
                errors,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

// ---- accounts ---------------------------------------------------------------------------

async fn accounts_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    form: StaffAccountForm,
    errors: FormErrors,
    status: StatusCode,
) -> Response {
    let flash = flag(&parts, "created")
        .map(|name| {
            app::i18n::message(
                ctx.locale,
                "staff-account-created",
                &[domain::message::arg("name", name)],
            )
        })
        .or_else(|| {
            let (name, action) = (flag(&parts, "account")?, flag(&parts, "done")?);
            let done = app::i18n::message(ctx.locale, &format!("staff-account-{action}"), &[]);
            Some(app::i18n::message(
                ctx.locale,
                "staff-account-done",
                &[
                    domain::message::arg("name", name),
                    domain::message::arg("stage", done),
                ],
            ))
        });
    let (me, accounts) = match (
        state.services.staff.identity(ctx).await,
        state.staff.accounts(ctx).await,
    ) {
        (Ok(me), Ok(accounts)) => (me, accounts),
        (Err(e), _) | (_, Err(e)) => return failure(state, parts, ctx, e).await,
    };
    // The password is never sent back into the page.
    let form = StaffAccountForm {
        password: String::new(),
        ..form
    };
    let page = StaffPage::Accounts {
        me,
        accounts,
        form,
        errors,
        flash,
    };
    render(state, parts, ACCOUNTS_PATH, page, status).await
}

pub async fn get_accounts(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let form = StaffAccountForm {
        role: "intake".to_owned(),
        ..StaffAccountForm::default()
    };
    accounts_page(&state, parts, &ctx, form, FormErrors::new(), StatusCode::OK).await
}

pub async fn post_accounts(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let form = StaffAccountForm {
        username: value(&pairs, "username").chars().take(64).collect(),
        display_name: value(&pairs, "display_name").chars().take(64).collect(),
        role: value(&pairs, "role").chars().take(16).collect(),
        jurisdiction: value(&pairs, "jurisdiction").chars().take(16).collect(),
        password: value(&pairs, "password").to_owned(),
    };
    match state.staff.create_account_from_form(&ctx, &form).await {
        Ok(name) => see_other(&format!("{ACCOUNTS_PATH}?created={name}")),
        Err(AppError::Invalid(errors)) => {
            accounts_page(
                &state,
                parts,
                &ctx,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

pub async fn post_account_action(
    State(state): State<AppState>,
    Path(username): Path<String>,
    request: Request,
) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    let form = AccountActionForm {
        action: value(&pairs, "action").to_owned(),
        password: value(&pairs, "password").to_owned(),
    };
    match state.staff.account_action(&ctx, &username, &form).await {
        Ok(done) => see_other(&format!(
            "{ACCOUNTS_PATH}?account={}&done={done}",
            username.trim().to_ascii_lowercase()
        )),
        Err(AppError::Invalid(mut errors)) => {
            // The reset form's password belongs to that account's row, not to the form
            // that creates accounts.
            let row_field = format!("reset-{}", username.trim().to_ascii_lowercase());
            for e in &mut errors.errors {
                if e.field == "password" {
                    e.field.clone_from(&row_field);
                }
            }
            accounts_page(
                &state,
                parts,
                &ctx,
                StaffAccountForm::default(),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

// ---- audit ------------------------------------------------------------------------------

async fn audit_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    filter: AuditFilterForm,
    check: Option<ChainCheck>,
) -> Response {
    let me = match state.services.staff.identity(ctx).await {
        Ok(me) => me,
        Err(e) => return failure(state, parts, ctx, e).await,
    };
    let (rows, older, errors, status) = match filter.parse() {
        Ok(parsed) => match state.staff.audit_page(ctx, &parsed).await {
            Ok((rows, older)) => (rows, older, FormErrors::new(), StatusCode::OK),
            Err(e) => return failure(state, parts, ctx, e).await,
        },
        Err(errors) => (Vec::new(), None, errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let page = StaffPage::Audit {
        me,
        rows,
        filter,
        errors,
        older,
        check,
    };
    render(state, parts, AUDIT_PATH, page, status).await
}

pub async fn get_audit(
    State(state): State<AppState>,
    Query(filter): Query<AuditFilterForm>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    audit_page(&state, parts, &ctx, filter, None).await
}

pub async fn post_audit_verify(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, _) = match checked_post(&state, request).await {
        Ok(p) => p,
        Err(response) => return response,
    };
    match state.staff.check_audit_chain(&ctx).await {
        Ok(check) => audit_page(&state, parts, &ctx, AuditFilterForm::default(), Some(check)).await,
        Err(e) => failure(&state, parts, &ctx, e).await,
    }
}

// ---- notifications ----------------------------------------------------------------------

pub async fn get_notifications(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let (me, rows) = match (
        state.services.staff.identity(&ctx).await,
        state.staff.notifications(&ctx).await,
    ) {
        (Ok(me), Ok(rows)) => (me, rows),
        (Err(e), _) | (_, Err(e)) => return failure(&state, parts, &ctx, e).await,
    };
    let page = StaffPage::Notifications { me, rows };
    render(&state, parts, NOTIFICATIONS_PATH, page, StatusCode::OK).await
}

// ---- reports ----------------------------------------------------------------------------

pub async fn get_reports(
    State(state): State<AppState>,
    Query(period): Query<ReportPeriodForm>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let me = match state.services.staff.identity(&ctx).await {
        Ok(me) => me,
        Err(e) => return failure(&state, parts, &ctx, e).await,
    };
    let (report, errors, status) = match state.staff.report_view(&ctx, &period).await {
        Ok(report) => (report, FormErrors::new(), StatusCode::OK),
        Err(AppError::Invalid(errors)) => {
            // The period did not parse: show the form with its errors and no figures.
            let empty = ReportView {
                period: period.clone(),
                total: 0,
                sections: Vec::new(),
                truncated: false,
            };
            (empty, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => return failure(&state, parts, &ctx, e).await,
    };
    let page = StaffPage::Reports {
        me,
        report: Box::new(report),
        errors,
    };
    render(&state, parts, REPORTS_PATH, page, status).await
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    table: String,
    #[serde(flatten)]
    period: ReportPeriodForm,
}

fn download(content_type: &'static str, filename: &'static str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store"),
        ],
        bytes,
    )
        .into_response()
}

async fn export_failure(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    e: AppError,
) -> Response {
    match e {
        // A bad period in a download link: a plain 422 (there is no form to show it in).
        AppError::Invalid(_) => (status_of(&e), "invalid report period").into_response(),
        e => failure(state, parts, ctx, e).await,
    }
}

pub async fn get_reports_csv(
    State(state): State<AppState>,
    Query(q): Query<ExportQuery>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    match state
        .staff
        .report_export(&ctx, &q.period, Some(q.table.trim()))
        .await
    {
        Ok(bytes) => download(
            "text/csv; charset=utf-8",
            "attachment; filename=\"report.csv\"",
            bytes,
        ),
        Err(e) => export_failure(&state, parts, &ctx, e).await,
    }
}

pub async fn get_reports_xlsx(
    State(state): State<AppState>,
    Query(period): Query<ReportPeriodForm>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    match state.staff.report_export(&ctx, &period, None).await {
        Ok(bytes) => download(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment; filename=\"reports.xlsx\"",
            bytes,
        ),
        Err(e) => export_failure(&state, parts, &ctx, e).await,
    }
}
