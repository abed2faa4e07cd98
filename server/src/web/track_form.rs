//! `POST /track`: the tracking form without JavaScript. The lookup goes through the same
//! service as the server function (rate limits, one answer for a wrong number or code), and
//! the page is rendered again with the outcome and its status (200, 422, 429).

use app::pages::track::{ReplyState, TrackLookup};
use app::ports::RequestCtx;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{AppState, MAX_BODY_BYTES};

#[derive(Deserialize)]
struct TrackForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    access_code: String,
}

pub async fn post_track(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(form) = serde_urlencoded::from_bytes::<TrackForm>(&bytes) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let ctx = RequestCtx::from_parts(&parts);
    let result = state
        .services
        .applications
        .track(&ctx, &form.number, &form.access_code)
        .await;
    let status = match &result {
        Ok(_) => StatusCode::OK,
        Err(e) => StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST),
    };
    // Shown again in the form (bounded); the access code never is.
    let number: String = form.number.chars().take(32).collect();
    let access_code = if result.is_ok() {
        form.access_code.chars().take(32).collect()
    } else {
        String::new()
    };
    let lookup = TrackLookup {
        number,
        access_code,
        result,
        reply: ReplyState::default(),
    };
    no_store(super::render_post(&state, parts, lookup, status).await)
}

/// `POST /track/supplement`: the resident's answer to a request for more documents, with or
/// without JavaScript. The access code is checked first (rate-limited like a lookup); then the
/// answer's own errors are shown in its form, with what was typed kept.
pub async fn post_supplement(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let reply = domain::application::SupplementReplyForm {
        note: value("note"),
        // Bounded before parsing; the parse refuses more than the application allows.
        documents: pairs
            .iter()
            .filter(|(k, _)| k == "documents")
            .map(|(_, v)| v.chars().take(64).collect())
            .take(64)
            .collect(),
    };
    let ctx = RequestCtx::from_parts(&parts);
    let (number, access_code) = (value("number"), value("access_code"));
    let applications = &state.services.applications;
    let outcome = applications
        .supplement(&ctx, &number, &access_code, reply.clone())
        .await;
    let number: String = number.chars().take(32).collect();
    let access_code: String = access_code.chars().take(32).collect();
    let (result, reply_state, status) = match outcome {
        Ok(tracking) => (
            Ok(tracking),
            ReplyState {
                sent: true,
                ..ReplyState::default()
            },
            StatusCode::OK,
        ),
        // The answer itself did not parse: the timeline again, with the form's errors.
        Err(app::error::AppError::Invalid(errors)) if errors.for_field("access_code").is_none() => {
            let tracking = applications.track(&ctx, &number, &access_code).await;
            let state = ReplyState {
                note: reply.note.chars().take(1000).collect(),
                documents: Vec::new(),
                errors,
                sent: false,
            };
            (tracking, state, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => {
            let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
            (Err(e), ReplyState::default(), status)
        }
    };
    // The answer is shown on the tracking page itself.
    let mut parts = parts;
    parts.uri = axum::http::Uri::from_static(app::pages::track::TRACK_PATH);
    let lookup = TrackLookup {
        number,
        access_code: if result.is_ok() {
            access_code
        } else {
            String::new()
        },
        result,
        reply: reply_state,
    };
    no_store(super::render_post(&state, parts, lookup, status).await)
}

/// A tracking page carries the timeline and, while documents are asked for, the access code
/// in the answer form: never kept in a cache (kiosks and shared computers).
fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}
