//! The contact form: the server renders it complete (it works without JavaScript, posting to
//! `/contact`); once hydrated it validates each field with the same `domain` parsers the server
//! uses, shows the error next to the field as soon as the resident leaves it (and clears it as
//! soon as it is fixed), and submits through the `submit_contact` server function.

use domain::contact::fields;
use domain::{ContactForm, ContactMessage, FormErrors};
use leptos::html;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::contact::submit_contact;
use crate::error::AppError;
use crate::islands::{textarea_text, MessageTemplates};

/// Where the browser goes after a successful submission.
pub const SENT_PATH: &str = "/contact/sent";

/// Visible text of the form, translated by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFormText {
    pub name_label: String,
    pub name_hint: String,
    pub mobile_label: String,
    pub mobile_hint: String,
    pub message_label: String,
    pub message_hint: String,
    pub submit: String,
    pub sending: String,
    pub summary_title: String,
    /// Screen-reader prefix of inline errors ("错误：").
    pub error_prefix: String,
}

const VISIBLE_FIELDS: [&str; 3] = [fields::NAME, fields::MOBILE, fields::MESSAGE];

#[island(lazy)]
pub fn ContactFormIsland(
    text: ContactFormText,
    messages: MessageTemplates,
    /// Values to show: empty on first visit, the submitted values after a failed no-JS post.
    initial: ContactForm,
    /// Whether the resident already tried to submit (every error is then shown).
    submitted: bool,
    /// A page-level problem (rate limit, internal error) from a previous attempt.
    page_error: Option<String>,
) -> impl IntoView {
    let name = RwSignal::new(initial.name.clone());
    let mobile = RwSignal::new(initial.mobile.clone());
    let message = RwSignal::new(initial.message.clone());
    let idempotency_key = StoredValue::new(initial.idempotency_key.clone());
    // A short list, not a set: three fields, and no set type of its own in the wasm.
    let touched = RwSignal::new(if submitted {
        VISIBLE_FIELDS.to_vec()
    } else {
        Vec::<&'static str>::new()
    });
    let attempted = RwSignal::new(submitted);
    let server_errors = RwSignal::new(None::<FormErrors>);
    let page_error = RwSignal::new(page_error);
    let pending = RwSignal::new(false);
    let messages = StoredValue::new(messages);

    let current = move || ContactForm {
        name: name.get(),
        mobile: mobile.get(),
        message: message.get(),
        idempotency_key: idempotency_key.get_value(),
    };
    // The errors on display: the domain's verdict on the fields the resident has left, or
    // what the server said when it disagreed (it is authoritative).
    let shown = Memo::new(move |_| {
        let client = match ContactMessage::try_from(&current()) {
            Ok(_) => FormErrors::new(),
            Err(all) => {
                let touched = touched.get();
                FormErrors {
                    errors: all
                        .errors
                        .into_iter()
                        .filter(|e| touched.iter().any(|f| *f == e.field))
                        .collect(),
                }
            }
        };
        if client.is_empty() {
            server_errors.get().unwrap_or_default()
        } else {
            client
        }
    });
    let error_for = move |field: &'static str| {
        move || {
            shown.with(|e| {
                e.for_field(field)
                    .map(|fe| messages.with_value(|m| m.field_error(fe)))
            })
        }
    };
    let touch = move |field: &'static str| {
        touched.update(|t| {
            if !t.contains(&field) {
                t.push(field);
            }
        })
    };

    let form_ref = NodeRef::<html::Form>::new();
    let summary_ref = NodeRef::<html::Div>::new();
    let name_ref = NodeRef::<html::Input>::new();
    let mobile_ref = NodeRef::<html::Input>::new();
    let message_ref = NodeRef::<html::Textarea>::new();
    let focus_summary = move || {
        request_animation_frame(move || {
            if let Some(el) = summary_ref.get_untracked() {
                let _ = el.focus();
            }
        });
    };

    // Effects run only in the browser: this marks the form as live (end2end tests wait for it).
    Effect::new(move |_| {
        if let Some(form) = form_ref.get() {
            let _ = form.set_attribute("data-hydrated", "true");
        }
    });
    // Error-summary links move focus into the field, not just scroll to it (a plain anchor
    // without JavaScript still scrolls there).
    let focus_field = move |ev: leptos::ev::MouseEvent, id: String| {
        let Some(input) = document().get_element_by_id(&id) else {
            return;
        };
        ev.prevent_default();
        input.scroll_into_view();
        if let Ok(el) =
            leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlElement>(input)
        {
            let _ = el.focus();
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return; // a double tap while the first request is in flight
        }
        // Text typed before the wasm finished loading is in the DOM, not yet in the signals.
        if let Some(el) = name_ref.get_untracked() {
            name.set(el.value());
        }
        if let Some(el) = mobile_ref.get_untracked() {
            mobile.set(el.value());
        }
        if let Some(el) = message_ref.get_untracked() {
            message.set(el.value());
        }
        touched.set(VISIBLE_FIELDS.to_vec());
        attempted.set(true);
        server_errors.set(None);
        page_error.set(None);
        let form = current();
        if ContactMessage::try_from(&form).is_err() {
            focus_summary();
            return;
        }
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result =
                submit_contact(form.name, form.mobile, form.message, form.idempotency_key).await;
            match result {
                Ok(receipt) => {
                    let url = format!("{SENT_PATH}?ref={}", receipt.reference);
                    let _ = window().location().set_href(&url);
                }
                Err(AppError::Invalid(errors)) => {
                    server_errors.set(Some(errors));
                    pending.set(false);
                    focus_summary();
                }
                Err(other) => {
                    let support_ref = match &other {
                        AppError::Internal { support_ref } => support_ref.clone(),
                        _ => String::new(),
                    };
                    let arg = domain::MessageArg {
                        name: "ref".to_owned(),
                        value: support_ref,
                    };
                    let text = messages.with_value(|m| m.render(other.message_id(), &[arg]));
                    page_error.set(Some(text));
                    pending.set(false);
                    focus_summary();
                }
            }
        });
    };

    let summary_visible = move || {
        page_error.with(Option::is_some) || (attempted.get() && !shown.with(FormErrors::is_empty))
    };
    let field_class = move |field: &'static str| {
        move || {
            if shown.with(|e| e.for_field(field).is_some()) {
                "form-group form-group--error"
            } else {
                "form-group"
            }
        }
    };
    let described_by = move |field: &'static str| {
        move || {
            if shown.with(|e| e.for_field(field).is_some()) {
                format!("field-{field}-hint field-{field}-error")
            } else {
                format!("field-{field}-hint")
            }
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            shown
                .with(|e| e.for_field(field).is_some())
                .then_some("true")
        }
    };
    let prefix = text.error_prefix.clone();
    let inline = move |field: &'static str| {
        let prefix = prefix.clone();
        let error = error_for(field);
        move || {
            error().map(|msg| {
                view! {
                    <p class="error-message" id=format!("field-{field}-error")>
                        <span class="visually-hidden">{prefix.clone()}</span>
                        {msg}
                    </p>
                }
            })
        }
    };

    view! {
        <form
            class="form"
            method="post"
            action="/contact"
            novalidate
            node_ref=form_ref
            on:submit=on_submit
        >
            <div
                class="error-summary"
                node_ref=summary_ref
                tabindex="-1"
                role="alert"
                aria-labelledby="error-summary-title"
                hidden=move || !summary_visible()
            >
                <h2 class="error-summary__title" id="error-summary-title">
                    {text.summary_title.clone()}
                </h2>
                <ul class="error-summary__list">
                    {move || page_error.get().map(|msg| view! { <li>{msg}</li> })}
                    {move || {
                        shown
                            .get()
                            .errors
                            .into_iter()
                            .map(|e| {
                                let msg = messages.with_value(|m| m.field_error(&e));
                                let id = if e.field == fields::IDEMPOTENCY_KEY {
                                    "field-submit".to_owned()
                                } else {
                                    format!("field-{}", e.field)
                                };
                                let href = format!("#{id}");
                                view! {
                                    <li>
                                        <a href=href on:click=move |ev| focus_field(ev, id.clone())>
                                            {msg}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>

            <input type="hidden" name="idempotency_key" value=initial.idempotency_key.clone()/>

            <div class=field_class(fields::NAME)>
                <label class="label" for="field-name">{text.name_label.clone()}</label>
                <p class="hint" id="field-name-hint">{text.name_hint.clone()}</p>
                {inline(fields::NAME)}
                <input
                    class="input input--width-20"
                    id="field-name"
                    name="name"
                    type="text"
                    autocomplete="name"
                    spellcheck="false"
                    maxlength="120"
                    value=initial.name.clone()
                    node_ref=name_ref
                    aria-describedby=described_by(fields::NAME)
                    aria-invalid=invalid(fields::NAME)
                    on:input=move |ev| {
                        name.set(event_target_value(&ev));
                        server_errors.set(None);
                    }
                    on:change=move |_| touch(fields::NAME)
                />
            </div>

            <div class=field_class(fields::MOBILE)>
                <label class="label" for="field-mobile">{text.mobile_label.clone()}</label>
                <p class="hint" id="field-mobile-hint">{text.mobile_hint.clone()}</p>
                {inline(fields::MOBILE)}
                <input
                    class="input input--width-20"
                    id="field-mobile"
                    name="mobile"
                    type="tel"
                    inputmode="tel"
                    data-keypad=super::kiosk::KeypadKind::Digits.attr()
                    autocomplete="tel-national"
                    maxlength="32"
                    value=initial.mobile.clone()
                    node_ref=mobile_ref
                    aria-describedby=described_by(fields::MOBILE)
                    aria-invalid=invalid(fields::MOBILE)
                    on:input=move |ev| {
                        mobile.set(event_target_value(&ev));
                        server_errors.set(None);
                    }
                    on:change=move |_| touch(fields::MOBILE)
                />
            </div>

            <div class=field_class(fields::MESSAGE)>
                <label class="label" for="field-message">{text.message_label.clone()}</label>
                <p class="hint" id="field-message-hint">{text.message_hint.clone()}</p>
                {inline(fields::MESSAGE)}
                <textarea
                    class="textarea"
                    id="field-message"
                    name="message"
                    rows="6"
                    node_ref=message_ref
                    aria-describedby=described_by(fields::MESSAGE)
                    aria-invalid=invalid(fields::MESSAGE)
                    on:input=move |ev| {
                        message.set(event_target_value(&ev));
                        server_errors.set(None);
                    }
                    on:change=move |_| touch(fields::MESSAGE)
                >
                    {textarea_text(&initial.message)}
                </textarea>
            </div>

            <button
                class="button"
                id="field-submit"
                type="submit"
                disabled=move || pending.get()
                aria-busy=move || pending.get().then_some("true")
            >
                {move || if pending.get() { text.sending.clone() } else { text.submit.clone() }}
            </button>
        </form>
    }
}
