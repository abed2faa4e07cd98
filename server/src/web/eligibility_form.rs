//! `POST /eligibility`: the no-JavaScript path of the screener. Each button posts every answer
//! with its `action`; the server steps with the same `navigate` the island runs, searches
//! places by name for the region question, and renders the page again at the next group (422
//! when the group being left has errors, 400 when the body is not screener answers at all).

use app::api::eligibility::server;
use app::pages::eligibility::ScreenerPost;
use app::ports::RequestCtx;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::eligibility::screener::{Action, ScreenerForm, Step};
use domain::form::{FormErrors, MSG_REQUEST_MALFORMED};

use super::{AppState, MAX_BODY_BYTES};

struct MalformedRequest;

impl domain::Localized for MalformedRequest {
    fn message_id(&self) -> &'static str {
        MSG_REQUEST_MALFORMED
    }
}

pub async fn post_screener(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let ctx = RequestCtx::from_parts(&parts);
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).ok();
    let value = |name: &str| {
        pairs
            .iter()
            .flatten()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default()
    };
    let form = pairs.as_ref().and_then(|p| {
        ScreenerForm::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str()))).ok()
    });
    let (post, status) = match form {
        None => {
            let mut errors = FormErrors::new();
            errors.push("step", &MalformedRequest);
            (
                ScreenerPost {
                    errors,
                    ..ScreenerPost::default()
                },
                StatusCode::BAD_REQUEST,
            )
        }
        Some(mut form) => {
            let at = Step::from_key(&value("step")).unwrap_or(Step::Place);
            let action = Action::parse(&value("action")).unwrap_or(Action::Next);
            let nav = server::step(&mut form, at, action, ctx.today);
            let (query, matches, searched) = if action == Action::FindRegion {
                let query: String = value("region_query");
                let matches = server::search(&query);
                (query, matches, true)
            } else {
                (value("region_query"), Vec::new(), false)
            };
            let status = if nav.errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            (
                ScreenerPost {
                    form,
                    step: nav.step,
                    errors: nav.errors,
                    query,
                    matches,
                    searched,
                },
                status,
            )
        }
    };
    super::render_post(&state, parts, post, status).await
}
