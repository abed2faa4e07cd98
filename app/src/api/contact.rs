//! `POST /api/contact/submit`: a resident's message to the bureau.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the resident gets back: a reference to quote when calling the bureau.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactReceipt {
    pub reference: String,
}

/// Arguments arrive as plain strings (a URL-encoded form body identical to the no-JavaScript
/// `<form>`); a missing field is an empty string so that it gets the field's own "required"
/// message rather than a framework error.
#[server(prefix = "/api", endpoint = "contact/submit")]
pub async fn submit_contact(
    #[server(default)] name: String,
    #[server(default)] mobile: String,
    #[server(default)] message: String,
    #[server(default)] idempotency_key: String,
) -> Result<ContactReceipt, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let services = crate::ports::Services::current()?;
    let form = domain::ContactForm {
        name,
        mobile,
        message,
        idempotency_key,
    };
    process(&services, &ctx, &form).await
}

/// Shared by the server function and the no-JavaScript form post: parse, then one service call.
#[cfg(feature = "ssr")]
pub async fn process(
    services: &crate::ports::Services,
    ctx: &crate::ports::RequestCtx,
    form: &domain::ContactForm,
) -> Result<ContactReceipt, AppError> {
    let message = domain::ContactMessage::try_from(form)?;
    services.contact.submit(ctx, message).await
}
