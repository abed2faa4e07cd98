//! `POST /api/documents`: one document for an application (a photo or a PDF), sent as the raw
//! request body with its file name in `X-File-Name` (percent-encoded). The browser downscales
//! photos before sending; the server checks the content against the name (an executable
//! renamed `.jpg` is refused), stores it under a random id and records the upload, which an
//! application then claims once (`attached_to`).
//!
//! Answers: 200 `{"id", "kind", "size"}`; 422 with a field error on `document`; 413 beyond
//! the size limit; 429 over the per-client rate.

use app::error::AppError;
use app::ports::RequestCtx;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::document::MAX_DOCUMENT_BYTES;
use domain::FormErrors;

use super::AppState;
use crate::documents::{store_upload, DocumentStoreError};
use crate::services::contact::client_bucket;
use crate::services::internal;
use crate::storage::{now_ms, RateLimit};

pub const UPLOAD_PATH: &str = "/api/documents";
/// The request may carry a little more than the largest accepted file, so that a file just
/// over the limit gets the precise "larger than 10 MB" message rather than a bare 413.
pub const MAX_UPLOAD_BODY_BYTES: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

/// Uploads per client: an application has at most 20 documents, and a resident may replace a
/// few; a service hall kiosk shares one address.
const UPLOADS_PER_CLIENT: RateLimit = RateLimit {
    burst: 60,
    per: std::time::Duration::from_secs(60 * 60),
};

/// The same JSON error body as a server function's, with its status.
fn error(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(e)).into_response()
}

pub async fn upload(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let ctx = RequestCtx::from_parts(&parts);
    let Ok(bytes) = axum::body::to_bytes(body, MAX_UPLOAD_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let bucket = format!("upload:{}", client_bucket(ctx.client_ip));
    match state
        .storage
        .rate_limit_take(&bucket, UPLOADS_PER_CLIENT)
        .await
    {
        Ok(true) => {}
        Ok(false) => return error(AppError::RateLimited),
        Err(e) => return error(internal(&ctx, "upload rate limit", &e)),
    }
    // The name only serves the content check (a photo named .pdf is refused); it is never
    // stored or logged.
    let file_name = parts
        .headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode);
    let size = bytes.len();
    match store_upload(
        state.documents.as_ref(),
        bytes.to_vec(),
        file_name.as_deref(),
    )
    .await
    {
        Ok((id, kind)) => {
            if let Err(e) = state
                .storage
                .record_upload(id.as_str(), kind.extension(), size as i64, now_ms())
                .await
            {
                let _ = state.documents.delete(&id).await;
                return error(internal(&ctx, "upload record", &e));
            }
            Json(serde_json::json!({ "id": id.as_str(), "kind": kind.extension(), "size": size }))
                .into_response()
        }
        Err(DocumentStoreError::Rejected(e)) => {
            let mut errors = FormErrors::new();
            errors.push("document", &e);
            error(AppError::Invalid(errors))
        }
        Err(e) => error(internal(&ctx, "document store", &e)),
    }
}

/// Decodes `%XX` escapes (the browser sends `encodeURIComponent(file.name)`); anything
/// malformed is kept as it is, which at worst fails the name check.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_percent_decoded() {
        assert_eq!(
            super::percent_decode("%E8%BA%AB%E4%BB%BD%E8%AF%81.jpg"),
            "身份证.jpg"
        );
        assert_eq!(super::percent_decode("a%2"), "a%2");
        assert_eq!(super::percent_decode("%E8%"), "\u{fffd}%");
        assert_eq!(super::percent_decode("%身"), "%身");
        assert_eq!(super::percent_decode("plain.pdf"), "plain.pdf");
    }
}
