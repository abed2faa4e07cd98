//! `/contact` and `/contact/sent`: the "contact the bureau" slice.
//!
//! With JavaScript the island submits through the server function; without it the form posts
//! to `/contact`, where the server re-parses it and, on errors, renders this page again with the
//! resident's input and the errors ([`ContactSubmission`] in context) and status 422.

use domain::{ContactForm, ContactReference};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::error::{AppError, APP_ERROR_MESSAGE_IDS};
use crate::i18n::{client_messages, current_locale, message};
use crate::islands::contact_form::{ContactFormIsland, ContactFormText};
use crate::islands::MessageTemplates;
use crate::t;

/// The outcome of a failed no-JavaScript submission, provided by the server's `/contact` POST
/// handler so the page is rendered again with what the resident typed.
#[derive(Debug, Clone)]
pub struct ContactSubmission {
    pub form: ContactForm,
    pub error: AppError,
}

/// A fresh idempotency key for a newly rendered form.
fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let locale = current_locale();
    let submission = use_context::<ContactSubmission>();
    let (initial, submitted, page_error) = match submission {
        Some(ContactSubmission { mut form, error }) => {
            if domain::IdempotencyKey::parse(&form.idempotency_key).is_err() {
                form.idempotency_key = new_idempotency_key();
            }
            let page_error = match &error {
                AppError::Invalid(_) => None,
                AppError::Internal { support_ref } => Some(message(
                    locale,
                    error.message_id(),
                    &[domain::MessageArg {
                        name: "ref".into(),
                        value: support_ref.clone(),
                    }],
                )),
                other => Some(message(locale, other.message_id(), &[])),
            };
            (form, true, page_error)
        }
        None => (
            ContactForm {
                idempotency_key: new_idempotency_key(),
                ..ContactForm::default()
            },
            false,
            None,
        ),
    };
    let text = ContactFormText {
        name_label: t!("contact-name-label"),
        name_hint: t!("contact-name-hint"),
        mobile_label: t!("contact-mobile-label"),
        mobile_hint: t!("contact-mobile-hint"),
        message_label: t!("contact-message-label"),
        message_hint: t!("contact-message-hint"),
        submit: t!("contact-submit"),
        sending: t!("contact-sending"),
        summary_title: t!("err-summary-title"),
        error_prefix: t!("err-prefix"),
    };
    let mut ids = domain::all_message_ids();
    ids.extend_from_slice(APP_ERROR_MESSAGE_IDS);
    let messages = MessageTemplates::from(client_messages(locale, &ids));
    let title = crate::components::page_title(&t!("contact-title"), submitted);

    view! {
        <Title text=title/>
        <h1 class="heading-xl">{t!("contact-title")}</h1>
        <p class="lead">{t!("contact-intro")}</p>
        <ContactFormIsland
            text=text
            messages=messages
            initial=initial
            submitted=submitted
            page_error=page_error
        />
        <p class="privacy-note">{t!("contact-privacy")}</p>
    }
}

#[component]
pub fn ContactSentPage() -> impl IntoView {
    let query = use_query_map();
    // Only a well-formed reference is echoed back; anything else shows the page without one.
    let reference = query
        .with_untracked(|q| q.get("ref"))
        .and_then(|r| ContactReference::parse(&r));
    view! {
        <Title text=format!("{} - {}", t!("contact-sent-title"), t!("site-title"))/>
        <div class="panel panel--confirmation">
            <h1 class="panel__title">{t!("contact-sent-title")}</h1>
            {reference.map(|r| view! {
                <div class="panel__body">
                    {t!("contact-sent-reference")}
                    <br/>
                    <strong class="reference">{r.as_str().to_owned()}</strong>
                </div>
            })}
        </div>
        <h2 class="heading-m">{t!("contact-sent-next-title")}</h2>
        <p>{t!("contact-sent-next-body")}</p>
        <p>
            <a class="back-link" href="/">{t!("back-home")}</a>
        </p>
    }
}
