//! The marriage registration desk over HTTP (issue 8):
//!
//! - `GET /staff/marriage?office=…&date=…` — the roster of an office on a day;
//! - `POST /staff/marriage/check-in` (booking code), `…/no-show`, `…/close-day`;
//! - `GET/POST /staff/marriage/offices/{id}` — details and weekly schedule (administrators);
//!   `…/special`, `…/special/delete`, `…/reopen`.
//!
//! Posts carry the session's CSRF token (`web/staff.rs::checked_post`); a desk action answers
//! 303 back to the roster with its confirmation, or the roster again with the field errors (422).

use app::pages::staff::StaffPage;
use app::pages::staff_marriage::{OfficeEditView, ROSTER_PATH};
use app::ports::RequestCtx;
use axum::extract::{FromRequestParts, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::booking::{ClosureForm, ScheduleForm, SpecialDateForm};
use domain::office::OfficeForm;

use super::staff::{checked_post, failure, flag, render, see_other, value};
use super::AppState;
use crate::marriage::staff::{DayEntry, DeskOutcome};
use crate::staff::StaffCtx;

fn query_value(parts: &http::request::Parts, key: &str) -> Option<String> {
    flag(parts, key).filter(|v| !v.is_empty())
}

async fn roster_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    office: Option<i64>,
    date: Option<String>,
    adjust: impl FnOnce(&mut app::pages::staff_marriage::RosterView),
    status: StatusCode,
) -> Response {
    match state
        .marriage
        .roster(&state.staff, ctx, office, date.as_deref())
        .await
    {
        Ok((me, mut view)) => {
            adjust(&mut view);
            let page = StaffPage::MarriageRoster {
                me: state.staff.identity_of(&me),
                view: Box::new(view),
            };
            render(state, parts, ROSTER_PATH, page, status).await
        }
        Err(e) => failure(state, parts, ctx, e).await,
    }
}

pub async fn get_roster(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let office = query_value(&parts, "office").and_then(|v| v.parse().ok());
    let date = query_value(&parts, "date");
    let done = query_value(&parts, "done");
    roster_page(
        &state,
        parts,
        &ctx,
        office,
        date,
        |v| {
            v.flash = done.and_then(|d| match d.as_str() {
                "arrived" => Some("staff-marriage-flash-arrived".to_owned()),
                "no_show" => Some("staff-marriage-flash-no-show".to_owned()),
                "closed" => Some("staff-marriage-flash-closed".to_owned()),
                _ => None,
            })
        },
        StatusCode::OK,
    )
    .await
}

fn office_of(pairs: &[(String, String)]) -> Option<i64> {
    value(pairs, "office").trim().parse().ok()
}

/// Answers a desk action: back to the roster with its confirmation, or the roster with errors.
async fn answer(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    pairs: &[(String, String)],
    outcome: Result<DeskOutcome, app::error::AppError>,
) -> Response {
    let office = office_of(pairs);
    let date = Some(value(pairs, "date").to_owned()).filter(|d| !d.is_empty());
    match outcome {
        Ok(DeskOutcome::Done(id)) => {
            let done = match id {
                "staff-marriage-flash-arrived" => "arrived",
                "staff-marriage-flash-no-show" => "no_show",
                _ => "closed",
            };
            let mut to = format!(
                "{ROSTER_PATH}?office={}&done={done}",
                office.unwrap_or_default()
            );
            if let Some(d) = &date {
                if domain::Date::parse(d).is_ok() {
                    to.push_str(&format!("&date={d}"));
                }
            }
            see_other(&to)
        }
        Ok(DeskOutcome::Invalid(errors)) => {
            let code: String = value(pairs, "code").chars().take(32).collect();
            let closure_date: String = value(pairs, "closure.date").chars().take(32).collect();
            let closure_reason: String = value(pairs, "closure.reason").chars().take(120).collect();
            roster_page(
                state,
                parts,
                ctx,
                office,
                date,
                move |v| {
                    v.errors = errors;
                    v.code = code;
                    v.closure_date = closure_date;
                    v.closure_reason = closure_reason;
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => failure(state, parts, ctx, e).await,
    }
}

pub async fn post_check_in(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(office) = office_of(&pairs) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let outcome = state
        .marriage
        .check_in(&state.staff, &ctx, office, value(&pairs, "code"))
        .await;
    answer(&state, parts, &ctx, &pairs, outcome).await
}

pub async fn post_no_show(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let (Some(office), Ok(booking)) = (office_of(&pairs), value(&pairs, "booking").trim().parse())
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let outcome = state
        .marriage
        .no_show(&state.staff, &ctx, office, booking)
        .await;
    answer(&state, parts, &ctx, &pairs, outcome).await
}

pub async fn post_close_day(State(state): State<AppState>, request: Request) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let Some(office) = office_of(&pairs) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let form = ClosureForm {
        date: value(&pairs, "closure.date").chars().take(32).collect(),
        reason: value(&pairs, "closure.reason").chars().take(120).collect(),
    };
    let outcome = state
        .marriage
        .close_day(&state.staff, &ctx, office, &form)
        .await;
    answer(&state, parts, &ctx, &pairs, outcome).await
}

async fn office_page(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    result: Result<(StaffCtx, OfficeEditView), app::error::AppError>,
) -> Response {
    match result {
        Ok((me, view)) => {
            let status = if view.errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let id = view.office.as_ref().map(|o| o.id).unwrap_or_default();
            let page = StaffPage::MarriageOffice {
                me: state.staff.identity_of(&me),
                view: Box::new(view),
            };
            render(
                state,
                parts,
                &format!("/staff/marriage/offices/{id}"),
                page,
                status,
            )
            .await
        }
        Err(e) => failure(state, parts, ctx, e).await,
    }
}

/// An office id from the path. axum's own `Path<i64>` rejection repeats the raw segment in its
/// answer (markup included, before any sign-in check); an id that is not a number just names
/// no office.
pub struct OfficeId(i64);

impl<S: Send + Sync> FromRequestParts<S> for OfficeId {
    type Rejection = StatusCode;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| StatusCode::NOT_FOUND)?;
        raw.parse().map(OfficeId).map_err(|_| StatusCode::NOT_FOUND)
    }
}

pub async fn get_office(
    State(state): State<AppState>,
    OfficeId(id): OfficeId,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let result = state.marriage.office_edit(&state.staff, &ctx, id).await;
    office_page(&state, parts, &ctx, result).await
}

fn bounded(pairs: &[(String, String)], key: &str, max: usize) -> String {
    value(pairs, key).chars().take(max).collect()
}

pub async fn post_office(
    State(state): State<AppState>,
    OfficeId(id): OfficeId,
    request: Request,
) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let details = OfficeForm {
        name: bounded(&pairs, "name", 200),
        address: bounded(&pairs, "address", 400),
        phone: bounded(&pairs, "phone", 100),
        active: bounded(&pairs, "active", 4),
    };
    let s = |k: &str| bounded(&pairs, k, 32);
    let schedule = ScheduleForm {
        mon: s("mon"),
        tue: s("tue"),
        wed: s("wed"),
        thu: s("thu"),
        fri: s("fri"),
        sat: s("sat"),
        sun: s("sun"),
        slot_minutes: s("slot_minutes"),
        cap_marriage: s("cap_marriage"),
        cap_divorce_application: s("cap_divorce_application"),
        cap_divorce_certificate: s("cap_divorce_certificate"),
        cap_replace_marriage: s("cap_replace_marriage"),
        cap_replace_divorce: s("cap_replace_divorce"),
        min_days_ahead: s("min_days_ahead"),
        max_days_ahead: s("max_days_ahead"),
    };
    let result = state
        .marriage
        .save_office(&state.staff, &ctx, id, &details, &schedule)
        .await;
    office_page(&state, parts, &ctx, result).await
}

pub async fn post_special(
    State(state): State<AppState>,
    OfficeId(id): OfficeId,
    request: Request,
) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let form = SpecialDateForm {
        date: bounded(&pairs, "special.date", 32),
        label: bounded(&pairs, "special.label", 100),
        hours: bounded(&pairs, "special.hours", 32),
        marriage_capacity: bounded(&pairs, "special.marriage_capacity", 16),
        release_on: bounded(&pairs, "special.release_on", 32),
    };
    let result = state
        .marriage
        .add_special(&state.staff, &ctx, id, &form)
        .await;
    office_page(&state, parts, &ctx, result).await
}

/// `…/special/delete` and `…/reopen`: one date's entry goes.
async fn remove_entry(state: AppState, id: i64, request: Request, entry: DayEntry) -> Response {
    let (parts, ctx, pairs) = match checked_post(&state, request).await {
        Ok(x) => x,
        Err(response) => return response,
    };
    let result = state
        .marriage
        .remove_day_entry(&state.staff, &ctx, id, value(&pairs, "date"), entry)
        .await;
    office_page(&state, parts, &ctx, result).await
}

pub async fn post_special_delete(
    State(state): State<AppState>,
    OfficeId(id): OfficeId,
    request: Request,
) -> Response {
    remove_entry(state, id, request, DayEntry::SpecialDate).await
}

pub async fn post_reopen(
    State(state): State<AppState>,
    OfficeId(id): OfficeId,
    request: Request,
) -> Response {
    remove_entry(state, id, request, DayEntry::Closure).await
}
