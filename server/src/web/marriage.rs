//! The marriage booking pages over HTTP (issue 8), all usable without JavaScript:
//!
//! - `POST /marriage`: the booking form's steps (`action` = `service`, `parties`, `search`,
//!   `office`, `date`, `slot`, or `to-<step>` to go back). Every post re-parses everything the
//!   earlier steps collected (hidden fields) and re-runs their checks: nothing is trusted
//!   because an earlier page showed it. The last step holds the slot and answers 303 to the
//!   hold's page.
//! - `GET/POST /marriage/hold/{token}`: the hold, confirmed (303 to the booking) or released.
//! - `GET /marriage/booking/{token}` and `…/booking.ics`: the confirmation and calendar entry.
//! - `GET/POST /marriage/manage`: find a booking by code and document number; reschedule or
//!   cancel it.
//!
//! Every page holds personal data: `no-store`, and field errors answer 422.

use app::error::AppError;
use app::pages::marriage::{
    FlowView, ManageView, MarriageView, Step, Values, BOOKING_PATH, HOLD_PATH, MANAGE_PATH,
    MARRIAGE_PATH,
};
use app::ports::RequestCtx;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use domain::booking::ManageForm;

use super::staff::{form_pairs, status_of, value};
use super::AppState;
use crate::marriage::{parse_token, Checked, MarriageDesk};

/// Field names the booking form may post, and their longest accepted value: anything else
/// is dropped before parsing (a hostile payload cannot smuggle extra state through the steps).
fn allowed(key: &str) -> Option<usize> {
    match key {
        "service" | "action" | "slot" | "date" | "office" | "received_on" | "mobile" | "q"
        | "hold_key" => Some(32),
        _ => {
            let (party, field) = key.split_once('.')?;
            if !matches!(party, "party_a" | "party_b") {
                return None;
            }
            app::pages::marriage::PARTY_FIELDS
                .contains(&field)
                .then_some(if field == "name" { 64 } else { 32 })
        }
    }
}

fn values_of(pairs: Vec<(String, String)>) -> Values {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in pairs {
        if let Some(max) = allowed(&k) {
            if !out.iter().any(|(seen, _)| *seen == k) {
                out.push((k, v.chars().take(max).collect()));
            }
        }
    }
    Values(out)
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn render(
    state: &AppState,
    mut parts: http::request::Parts,
    path: &str,
    view: MarriageView,
    status: StatusCode,
) -> Response {
    if let Ok(uri) = path.parse::<Uri>() {
        parts.uri = uri;
    }
    no_store(super::render_post(state, parts, view, status).await)
}

fn desk(state: &AppState) -> &MarriageDesk {
    &state.marriage
}

/// Puts an error into the flow's view; returns the status to answer.
fn refuse(v: &mut FlowView, error: AppError) -> StatusCode {
    let status = status_of(&error);
    match error {
        AppError::Invalid(errors) => v.errors = errors,
        other => v.failure = Some(other),
    }
    status
}

/// The same for the manage page.
fn refuse_manage(v: &mut ManageView, error: AppError) -> StatusCode {
    let status = status_of(&error);
    match error {
        AppError::Invalid(errors) => v.errors = errors,
        other => v.failure = Some(other),
    }
    status
}

/// Steps 2–5 start by re-checking the parties; a failure sends the couple back to step 2.
async fn checked(
    state: &AppState,
    ctx: &RequestCtx,
    values: &Values,
) -> Result<Checked, (FlowView, StatusCode)> {
    match desk(state).precheck(ctx, values).await {
        Ok(c) => Ok(c),
        Err(e) => {
            let mut v = FlowView::at(Step::Parties, values.clone());
            let status = refuse(&mut v, e);
            Err((v, status))
        }
    }
}

/// The flow after a post: the view to show and its status, or a redirect.
async fn step(
    state: &AppState,
    ctx: &RequestCtx,
    values: Values,
) -> Result<(FlowView, StatusCode), Response> {
    let action = values.get("action").to_owned();
    let d = desk(state);
    if action == "to-service" {
        return Ok((FlowView::at(Step::Service, values), StatusCode::OK));
    }
    if action == "service" || action == "to-parties" {
        if domain::marriage::MarriageService::from_key(values.get("service")).is_none() {
            let mut v = FlowView::at(Step::Service, values);
            v.errors
                .push("service", &domain::marriage::PartiesError::Service);
            return Ok((v, StatusCode::UNPROCESSABLE_ENTITY));
        }
        return Ok((FlowView::at(Step::Parties, values), StatusCode::OK));
    }
    const ACTIONS: [&str; 8] = [
        "parties",
        "search",
        "to-office",
        "office",
        "to-date",
        "date",
        "slot",
        "to-slot",
    ];
    if !ACTIONS.contains(&action.as_str()) {
        return Ok((FlowView::at(Step::Service, values), StatusCode::BAD_REQUEST));
    }
    if action == "slot" {
        // The same slot form again (double tap, retry): its hold exists, go to it.
        if let Ok(crate::marriage::HoldOfKey::Live(token)) =
            d.hold_of_key(ctx, Some(values.get("hold_key"))).await
        {
            return Err(Redirect::to(&format!("{HOLD_PATH}/{token}")).into_response());
        }
    }
    let checked = match checked(state, ctx, &values).await {
        Ok(c) => c,
        Err(shown) => return Ok(shown),
    };
    let precheck = Some(checked.precheck.clone());
    let office_step = |values: Values, offices, searched| {
        let mut v = FlowView::at(Step::Office, values);
        v.precheck = precheck.clone();
        v.offices = offices;
        v.searched = searched;
        v
    };
    match action.as_str() {
        "parties" | "search" | "to-office" => {
            let query = values.get("q").to_owned();
            let searched = !query.trim().is_empty();
            match d.search_offices(ctx, &checked, &query).await {
                Ok(offices) => Ok((office_step(values, offices, searched), StatusCode::OK)),
                Err(e) => {
                    let mut v = office_step(values, Vec::new(), searched);
                    let status = refuse(&mut v, e);
                    Ok((v, status))
                }
            }
        }
        "office" | "to-date" | "date" | "slot" | "to-slot" => {
            let office = match d.chosen_office(ctx, &checked, values.get("office")).await {
                Ok(o) => o,
                Err(e) => {
                    let offices = d
                        .search_offices(ctx, &checked, values.get("q"))
                        .await
                        .unwrap_or_default();
                    let mut v = office_step(values, offices, true);
                    let status = refuse(&mut v, e);
                    return Ok((v, status));
                }
            };
            let date_step = |values: Values, dates| {
                let mut v = FlowView::at(Step::Date, values);
                v.precheck = precheck.clone();
                v.office = Some(d.office_view(&office));
                v.dates = dates;
                v
            };
            if action == "office" || action == "to-date" {
                return match d.dates(ctx, &checked, &office).await {
                    Ok(dates) => Ok((date_step(values, dates), StatusCode::OK)),
                    Err(e) => {
                        let mut v = date_step(values, Vec::new());
                        let status = refuse(&mut v, e);
                        Ok((v, status))
                    }
                };
            }
            let (date, slots) = match d
                .chosen_date(ctx, &checked, &office, values.get("date"))
                .await
            {
                Ok(x) => x,
                Err(e) => {
                    let dates = d.dates(ctx, &checked, &office).await.unwrap_or_default();
                    let mut v = date_step(values, dates);
                    let status = refuse(&mut v, e);
                    return Ok((v, status));
                }
            };
            let slot_step = |mut values: Values, slots| {
                // The hold key makes "hold this slot" idempotent (see MarriageDesk::hold).
                if values.get("hold_key").len() != 32 {
                    values.0.retain(|(k, _)| k != "hold_key");
                    values
                        .0
                        .push(("hold_key".to_owned(), crate::marriage::new_hold_key()));
                }
                let mut v = FlowView::at(Step::Slot, values);
                v.precheck = precheck.clone();
                v.office = Some(d.office_view(&office));
                v.slots = slots;
                v
            };
            if action == "date" || action == "to-slot" {
                return Ok((slot_step(values, slots), StatusCode::OK));
            }
            match d
                .hold(
                    ctx,
                    &checked,
                    &office,
                    date,
                    values.get("slot"),
                    Some(values.get("hold_key")).filter(|k| !k.is_empty()),
                )
                .await
            {
                Ok(token) => Err(Redirect::to(&format!("{HOLD_PATH}/{token}")).into_response()),
                Err(e) => {
                    // The places may have changed: show the day again as it is now.
                    let slots = d
                        .chosen_date(ctx, &checked, &office, values.get("date"))
                        .await
                        .map(|(_, s)| s)
                        .unwrap_or(slots);
                    let mut v = slot_step(values, slots);
                    let status = refuse(&mut v, e);
                    Ok((v, status))
                }
            }
        }
        _ => Ok((FlowView::at(Step::Service, values), StatusCode::BAD_REQUEST)),
    }
}

pub async fn post_flow(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    match step(&state, &ctx, values_of(pairs)).await {
        Ok((view, status)) => {
            render(
                &state,
                parts,
                MARRIAGE_PATH,
                MarriageView::Flow(Box::new(view)),
                status,
            )
            .await
        }
        Err(redirect) => no_store(redirect),
    }
}

async fn gone(state: &AppState, parts: http::request::Parts) -> Response {
    let path = parts.uri.path().to_owned();
    render(
        state,
        parts,
        &path,
        MarriageView::Gone,
        StatusCode::NOT_FOUND,
    )
    .await
}

async fn failed(state: &AppState, parts: http::request::Parts, e: AppError) -> Response {
    let status = status_of(&e);
    let mut v = FlowView::start();
    v.failure = Some(e);
    render(
        state,
        parts,
        MARRIAGE_PATH,
        MarriageView::Flow(Box::new(v)),
        status,
    )
    .await
}

pub async fn get_hold(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let Some(token) = parse_token(&token) else {
        return gone(&state, parts).await;
    };
    let row = match desk(&state).by_token(&ctx, token).await {
        Ok(Some(r)) => r,
        Ok(None) => return gone(&state, parts).await,
        Err(e) => return failed(&state, parts, e).await,
    };
    match row.status.as_str() {
        "held" if row.hold_expires_at > crate::storage::now_ms() => {
            show_booking(&state, parts, &ctx, &row, token, MarriageView::Hold).await
        }
        "held" | "expired" => gone(&state, parts).await,
        _ => no_store(Redirect::to(&format!("{BOOKING_PATH}/{token}")).into_response()),
    }
}

pub async fn post_hold(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let Some(token) = parse_token(&token) else {
        return gone(&state, parts).await;
    };
    match value(&pairs, "action") {
        "release" => match desk(&state).release_hold(&ctx, token).await {
            Ok(()) => no_store(Redirect::to(MARRIAGE_PATH).into_response()),
            Err(e) => failed(&state, parts, e).await,
        },
        "confirm" => match desk(&state).confirm(&ctx, token).await {
            Ok(Some(_)) => {
                no_store(Redirect::to(&format!("{BOOKING_PATH}/{token}")).into_response())
            }
            // Confirmed already (a double tap) shows the booking; expired shows why not.
            Ok(None) => match desk(&state).by_token(&ctx, token).await {
                Ok(Some(r)) if r.status == "booked" => {
                    no_store(Redirect::to(&format!("{BOOKING_PATH}/{token}")).into_response())
                }
                Ok(_) => gone(&state, parts).await,
                Err(e) => failed(&state, parts, e).await,
            },
            Err(e) => failed(&state, parts, e).await,
        },
        _ => StatusCode::BAD_REQUEST.into_response(),
    }
}

pub async fn get_booking(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let Some(token) = parse_token(&token) else {
        return gone(&state, parts).await;
    };
    let row = match desk(&state).by_token(&ctx, token).await {
        Ok(Some(r)) if r.status != "held" && r.status != "expired" => r,
        Ok(Some(r)) if r.status == "held" => {
            return no_store(Redirect::to(&format!("{HOLD_PATH}/{token}")).into_response())
        }
        Ok(_) => return gone(&state, parts).await,
        Err(e) => return failed(&state, parts, e).await,
    };
    show_booking(&state, parts, &ctx, &row, token, MarriageView::Booked).await
}

/// The hold or confirmation page of a booking, at the requested path.
async fn show_booking(
    state: &AppState,
    parts: http::request::Parts,
    ctx: &RequestCtx,
    row: &crate::storage::BookingRow,
    token: &str,
    page: fn(Box<app::pages::marriage::BookingView>) -> MarriageView,
) -> Response {
    match desk(state).booking_view(ctx, row, Some(token)).await {
        Ok(v) => {
            let path = parts.uri.path().to_owned();
            render(state, parts, &path, page(Box::new(v)), StatusCode::OK).await
        }
        Err(e) => failed(state, parts, e).await,
    }
}

pub async fn get_ics(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let Some(token) = parse_token(&token) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row = match desk(&state).by_token(&ctx, token).await {
        Ok(Some(r)) if r.status == "booked" => r,
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return status_of(&e).into_response(),
    };
    match desk(&state).ics(&ctx, &row).await {
        Ok(body) => no_store(
            (
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"marriage-booking.ics\"",
                    ),
                ],
                body,
            )
                .into_response(),
        ),
        Err(e) => status_of(&e).into_response(),
    }
}

pub async fn get_manage(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    render(
        &state,
        parts,
        MANAGE_PATH,
        MarriageView::Manage(Box::default()),
        StatusCode::OK,
    )
    .await
}

/// `POST /marriage/manage`: every action first finds the booking again by code and document
/// (rate-limited), so a cancel or a move needs both, every time.
pub async fn post_manage(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let pairs = match form_pairs(body).await {
        Ok(p) => p,
        Err(status) => return status.into_response(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let form = ManageForm {
        code: value(&pairs, "code").chars().take(32).collect(),
        document_number: value(&pairs, "document_number").chars().take(40).collect(),
    };
    let mut view = ManageView {
        code: form.code.clone(),
        ..ManageView::default()
    };
    let d = desk(&state);
    let (status, view) = match d.find(&ctx, &form).await {
        Err(e) => {
            let status = refuse_manage(&mut view, e);
            (status, view)
        }
        Ok((request, row, stored)) => {
            view.document = request.document_number.clone();
            let action = value(&pairs, "action");
            let mut status = StatusCode::OK;
            let mut row = row;
            match action {
                "cancel" => match d.cancel(&ctx, &row).await {
                    Ok(()) => {
                        view.done = Some("cancelled".into());
                        row.status = "cancelled".into();
                    }
                    Err(e) => {
                        status = refuse_manage(&mut view, e);
                    }
                },
                "dates" | "reschedule" if row.status == "booked" => {
                    let outcome = async {
                        let checked = d.recheck(&ctx, &row, &stored).await?;
                        let office = d.chosen_office_for(&ctx, &row).await?;
                        let (date, slots) = d
                            .chosen_date(&ctx, &checked, &office, value(&pairs, "date"))
                            .await?;
                        if action == "dates" {
                            return Ok::<_, AppError>((date, Some(slots)));
                        }
                        d.reschedule(&ctx, &row, &checked, date, value(&pairs, "slot"))
                            .await?;
                        Ok((date, None))
                    }
                    .await;
                    match outcome {
                        Ok((date, Some(slots))) => {
                            view.chosen_date = date.to_string();
                            view.slots = slots;
                        }
                        Ok((_, None)) => {
                            view.done = Some("rescheduled".into());
                            if let Ok(Some(updated)) =
                                state.storage.marriage_booking_by_id(row.id).await
                            {
                                row = updated;
                            }
                        }
                        Err(e) => {
                            status = refuse_manage(&mut view, e);
                        }
                    }
                }
                _ => {}
            }
            if row.status == "booked" && view.slots.is_empty() {
                if let Ok(checked) = d.recheck(&ctx, &row, &stored).await {
                    if let Ok(office) = d.chosen_office_for(&ctx, &row).await {
                        view.dates = d.dates(&ctx, &checked, &office).await.unwrap_or_default();
                    }
                }
            }
            match d.booking_view(&ctx, &row, None).await {
                Ok(b) => view.booking = Some(b),
                Err(e) => {
                    status = status_of(&e);
                    view.failure = Some(e);
                }
            }
            (status, view)
        }
    };
    render(
        &state,
        parts,
        MANAGE_PATH,
        MarriageView::Manage(Box::new(view)),
        status,
    )
    .await
}
