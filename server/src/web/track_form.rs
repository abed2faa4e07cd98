//! `POST /track`: the tracking form without JavaScript. The lookup goes through the same
//! service as the server function (rate limits, one answer for a wrong number or code), and
//! the page is rendered again with the outcome and its status (200, 422, 429).

use app::pages::track::TrackLookup;
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
    let lookup = TrackLookup { number, result };
    super::render_post(&state, parts, lookup, status).await
}
