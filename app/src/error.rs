//! The error every server function returns.
//!
//! Two layers (DESIGN.md §9): domain problems the resident can fix travel as values
//! ([`AppError::Invalid`] with field errors, [`AppError::RateLimited`], …) and are shown in the
//! page; infrastructure failures are logged on the server with context and reach the browser
//! only as [`AppError::Internal`] with a support reference.

use domain::FormErrors;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The input did not parse; the resident sees each field's message.
    #[error("invalid input ({} field errors)", .0.len())]
    Invalid(FormErrors),
    /// The request itself could not be read (not a form, wrong encoding, missing body).
    #[error("malformed request")]
    Malformed,
    /// The same idempotency key was used for a different submission.
    #[error("idempotency key reused with different content")]
    IdempotencyConflict,
    /// Cross-site request or missing rights.
    #[error("forbidden")]
    Forbidden,
    /// A staff request without a valid, complete session (sign in again).
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in with a temporary password (a new account or a reset): nothing else is
    /// allowed until the member has chosen their own.
    #[error("password change required")]
    PasswordChangeRequired,
    /// Nothing by that reference within the caller's reach (also what a case outside the
    /// caller's jurisdiction looks like: its existence is not revealed).
    #[error("not found")]
    NotFound,
    #[error("too many requests")]
    RateLimited,
    /// The browser could not reach the server (only ever produced on the client).
    #[error("server unreachable")]
    Unreachable,
    /// Something broke on our side; `support_ref` lets staff find the log entry.
    #[error("internal error (reference {support_ref})")]
    Internal { support_ref: String },
}

impl AppError {
    /// HTTP status for this error; the server's response layer applies it to server-function
    /// responses (which Leptos would otherwise send as 500).
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Malformed => 400,
            AppError::IdempotencyConflict => 409,
            AppError::Forbidden => 403,
            AppError::NotSignedIn => 401,
            AppError::PasswordChangeRequired => 403,
            AppError::NotFound => 404,
            AppError::RateLimited => 429,
            AppError::Unreachable => 503,
            AppError::Internal { .. } => 500,
        }
    }

    /// Message ID of the page-level text for this error.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "err-summary-title",
            AppError::Malformed => domain::form::MSG_REQUEST_MALFORMED,
            AppError::IdempotencyConflict => "err-idempotency-conflict",
            AppError::Forbidden => "err-forbidden",
            AppError::NotSignedIn => "err-not-signed-in",
            AppError::PasswordChangeRequired => "err-password-change-required",
            AppError::NotFound => "err-not-found",
            AppError::RateLimited => "err-rate-limited",
            AppError::Unreachable => "err-network",
            AppError::Internal { .. } => "err-internal",
        }
    }

    pub fn form_errors(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

/// Message IDs of every page-level error, for islands that must show them.
pub const APP_ERROR_MESSAGE_IDS: &[&str] = &[
    "err-summary-title",
    domain::form::MSG_REQUEST_MALFORMED,
    "err-idempotency-conflict",
    "err-forbidden",
    "err-not-signed-in",
    "err-not-found",
    "err-rate-limited",
    "err-network",
    "err-internal",
];

impl From<domain::eligibility::screener::Malformed> for AppError {
    fn from(_: domain::eligibility::screener::Malformed) -> Self {
        AppError::Malformed
    }
}

impl From<FormErrors> for AppError {
    fn from(errors: FormErrors) -> Self {
        AppError::Invalid(errors)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Framework-level failures: argument decoding problems are the client's fault (4xx);
    /// anything else is ours.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::Malformed,
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            _ => AppError::Internal {
                support_ref: "server-fn".to_owned(),
            },
        }
    }
}
