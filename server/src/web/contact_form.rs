//! `POST /contact`: the no-JavaScript path of the contact form. The same parse-and-submit as
//! the server function; on success a 303 to the confirmation page, on failure the contact page
//! rendered again with what the resident typed and the errors, with the error's 4xx status.

use app::api::contact::process;
use app::error::AppError;
use app::pages::contact::ContactSubmission;
use app::ports::RequestCtx;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::ContactForm;

use super::{AppState, MAX_BODY_BYTES};

pub async fn post_contact(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let ctx = RequestCtx::from_parts(&parts);
    let (form, result) = match serde_urlencoded::from_bytes::<ContactForm>(&bytes) {
        Ok(form) => {
            let result = process(&state.services, &ctx, &form).await;
            (form, result)
        }
        Err(_) => (ContactForm::default(), Err(AppError::Malformed)),
    };
    let error = match result {
        Ok(receipt) => {
            let target = format!(
                "{}?ref={}",
                app::islands::contact_form::SENT_PATH,
                receipt.reference
            );
            return Redirect::to(&target).into_response();
        }
        Err(error) => error,
    };
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let submission = ContactSubmission { form, error };
    super::render_post(&state, parts, submission, status).await
}
