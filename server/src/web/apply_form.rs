//! `POST /apply`: the screener's "apply now" posts every answer here. They are re-parsed with
//! the screener's limits (a body that is not screener answers is a 400) and handed to the apply
//! page in context; nothing is stored until the resident submits an application.

use app::pages::apply::CarriedAnswers;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::eligibility::screener::ScreenerForm;

use super::{AppState, MAX_BODY_BYTES};

pub async fn post_apply(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Some(form) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|p| {
            ScreenerForm::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))).ok()
        })
    else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let region = domain::region::directory()
        .parse_listed(&form.region)
        .ok()
        .map(|r| app::api::eligibility::server::choice(r.code).label);
    let carried = CarriedAnswers { form, region };
    super::render_post(&state, parts, carried, StatusCode::OK).await
}
