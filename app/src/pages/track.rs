//! `/track`: an application's progress, for its number and access code. A plain server-rendered
//! form (no JavaScript needed): it posts to `/track`, where the server looks the application up
//! through `Applications::track` and renders this page again with the outcome
//! ([`TrackLookup`] in context). A wrong number and a wrong code get the same answer.

use domain::application::Program;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::applications::Tracking;
use crate::error::AppError;
use crate::i18n::{current_locale, message};
use crate::islands::documents::DocumentUploader;
use crate::t;

/// Where the form posts.
pub const TRACK_PATH: &str = "/track";

/// Where the answer to a request for more documents posts.
pub const SUPPLEMENT_PATH: &str = "/track/supplement";

/// The outcome of a lookup, provided by the server's `POST /track`.
#[derive(Debug, Clone)]
pub struct TrackLookup {
    /// What the resident typed, shown again.
    pub number: String,
    /// The access code, only after it matched: it goes back into the answer form of a
    /// 补正 request (a hidden field of a page that is never cached), never into the lookup
    /// form, so a failed guess is never echoed.
    pub access_code: String,
    pub result: Result<Tracking, AppError>,
    /// The answer form's state after a post.
    pub reply: ReplyState,
}

/// What the answer form shows: the note typed and its errors, or that it was sent.
#[derive(Debug, Clone, Default)]
pub struct ReplyState {
    pub note: String,
    pub documents: Vec<String>,
    pub errors: domain::FormErrors,
    pub sent: bool,
}

/// The statutory steps of an application under the 诚信承诺 procedure, in order
/// (policy-rules.md §2.5, §2.9, §13.1): the status key each step's event carries.
pub const STEPS: [&str; 5] = [
    "submitted",
    "accepted",
    "econ_check",
    "public_notice",
    "decided",
];

fn program_name(key: &str) -> String {
    Program::from_key(key).map_or_else(|| key.to_owned(), crate::pages::apply::program_name)
}

fn step_title(step: &str) -> String {
    match step {
        "submitted" => t!("track-step-submitted"),
        "accepted" => t!("track-step-accepted"),
        "econ_check" => t!("track-step-econ_check"),
        "public_notice" => t!("track-step-public_notice"),
        _ => t!("track-step-decided"),
    }
}

fn step_text(step: &str) -> String {
    match step {
        "submitted" => t!("track-step-submitted-text"),
        "accepted" => t!("track-step-accepted-text"),
        "econ_check" => t!("track-step-econ_check-text"),
        "public_notice" => t!("track-step-public_notice-text"),
        _ => t!("track-step-decided-text"),
    }
}

/// A Unix-milliseconds time as a date in China (UTC+8).
fn china_date(ms: i64) -> String {
    domain::Date::from_unix_seconds(ms.div_euclid(1000), 8 * 3600)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// The statutory step a recorded action completes (the other actions — home visit,
/// appraisal, objection, 补正 — appear in the history below the timeline).
fn step_of(action: &str) -> Option<&'static str> {
    match action {
        "submit" => Some("submitted"),
        "accept" => Some("accepted"),
        "record_verification" => Some("econ_check"),
        "publish" => Some("public_notice"),
        "approve" | "reject" | "not_accept" => Some("decided"),
        _ => None,
    }
}

fn timeline(t: &Tracking, access_code: &str, reply: &ReplyState) -> impl IntoView {
    // The date a step was reached: its last occurrence (a notice published again after an
    // objection counts from the new publication).
    let reached = |step: &str| {
        t.steps
            .iter()
            .rev()
            .find(|s| step_of(&s.action) == Some(step))
            .map(|s| s.on_date.clone())
            .or_else(|| {
                (step == "submitted").then(|| t.events.first().map(|(_, at)| china_date(*at)))?
            })
    };
    // Steps with an event are done; the first one without is where the application is now.
    let current = STEPS
        .iter()
        .rposition(|s| reached(s).is_some())
        .map_or(0, |last| (last + 1).min(STEPS.len() - 1));
    let finished = reached("decided").is_some();
    let waiting = t.status == "supplement_requested";
    let working_days = t
        .programs
        .iter()
        .filter_map(|p| Program::from_key(p))
        .map(Program::statutory_working_days)
        .max()
        .unwrap_or(30);
    let programs = t
        .programs
        .iter()
        .map(|p| program_name(p))
        .collect::<Vec<_>>()
        .join("、");
    let items = STEPS
        .iter()
        .enumerate()
        .map(|(k, step)| {
            let when = reached(step);
            let (state, label) = if k < current || finished {
                ("done", t!("track-done"))
            } else if k == current {
                ("current", t!("track-current"))
            } else {
                ("pending", t!("track-pending"))
            };
            let aria_current = (k == current && !finished).then_some("step");
            view! {
                <li class=format!("timeline__step timeline__step--{state}") data-step=*step data-state=state aria-current=aria_current>
                    <h3 class="timeline__title">{step_title(step)}</h3>
                    <p class="timeline__state">
                        <span class="tag">{label}</span>
                        {when.map(|d| view! { <span class="timeline__date">{d}</span> })}
                    </p>
                    <p class="timeline__text">{step_text(step)}</p>
                </li>
            }
        })
        .collect_view();
    let deadline = if t.deadline_provisional {
        t!(
            "track-deadline-provisional",
            days = working_days,
            date = t.deadline.clone()
        )
    } else {
        t!(
            "track-deadline",
            days = working_days,
            date = t.deadline.clone()
        )
    };
    view! {
        <section class="track-result" aria-labelledby="track-result-title" data-status=t.status.clone()>
            <h2 class="heading-m" id="track-result-title">{t!("track-result-title", number = t.number.clone())}</h2>
            <dl class="summary-list">
                <div class="summary-list__row">
                    <dt>{t!("track-programs")}</dt>
                    <dd>{programs}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!("track-procedure")}</dt>
                    <dd>{if t.procedure == "commitment" { t!("track-procedure-commitment") } else { t!("track-procedure-standard") }}</dd>
                </div>
                <div class="summary-list__row">
                    <dt>{t!("track-submitted-on")}</dt>
                    <dd>{t.submitted_on.clone()}</dd>
                </div>
            </dl>
            {reply.sent.then(|| view! {
                <div class="notice notice--success" role="status" id="track-reply-sent">{t!("track-reply-sent")}</div>
            })}
            // An answer that came when nothing was asked any more (sent twice, or staff had
            // already recorded the papers): say so here, since the answer form is gone.
            {(!waiting && !reply.errors.is_empty()).then(|| {
                let locale = current_locale();
                let items = reply.errors.errors.iter()
                    .map(|e| view! { <li>{message(locale, &e.message_id, &e.args)}</li> })
                    .collect_view();
                view! {
                    <div class="error-summary" tabindex="-1" role="alert" id="track-reply-refused">
                        <ul class="error-summary__list">{items}</ul>
                    </div>
                }
            })}
            {waiting.then(|| {
                let items = t.steps.iter().rev().find(|s| s.action == "request_supplement").and_then(|s| s.text.clone());
                view! {
                    <div class="panel panel--action" role="status" id="track-waiting">
                        <h3 class="heading-s">{t!("track-waiting-title")}</h3>
                        <p>{t!("track-waiting-text")}</p>
                        {items.map(|i| view! { <p class="track-items">{i}</p> })}
                    </div>
                    {reply_form(&t.number, access_code, reply)}
                }
            })}
            {t.amount.clone().map(|amount| view! {
                <div class="panel panel--confirmation" id="track-decision">
                    <h3 class="panel__title">{t!("track-approved-title")}</h3>
                    <p class="panel__body">{t!("track-approved-text", amount = amount, month = t.pay_from.clone().unwrap_or_default())}</p>
                </div>
            })}
            {t.notice.clone().map(|(from, to)| view! {
                <p class="notice" id="track-notice">{t!("track-notice-period", from = from, to = to)}</p>
            })}
            <p class="notice" data-deadline=t.deadline.clone()>{deadline}</p>
            <ol class="timeline">{items}</ol>
            <h3 class="heading-s">{t!("track-history-title")}</h3>
            <ol class="history" id="track-history">
                {t.steps.iter().map(|s| {
                    let label = if s.action == "submit" { t!("track-step-submitted") } else { crate::i18n::message(crate::i18n::current_locale(), &format!("case-action-{}", s.action), &[]) };
                    view! {
                        <li class="history__item" data-action=s.action.clone()>
                            <span class="history__date">{s.on_date.clone()}</span> " " <strong>{label}</strong>
                            {s.text.clone().map(|x| view! { <p class="history__detail">{x}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <h3 class="heading-s">{t!("track-appeal-title")}</h3>
            <p>{t!("track-appeal")}</p>
        </section>
    }
}

/// The answer to a 补正 request: what the resident is providing, in words, and photos or
/// scans of the documents (uploaded by the same island as the application's; without
/// JavaScript the note alone can be sent and the papers brought to the office).
fn reply_form(number: &str, access_code: &str, reply: &ReplyState) -> impl IntoView {
    let locale = current_locale();
    let texts = crate::i18n::client_messages(locale, crate::islands::documents::TEXT_IDS).into();
    let error = |field: &str| {
        reply
            .errors
            .for_field(field)
            .map(|e| message(locale, &e.message_id, &e.args))
    };
    let note_error = error("note");
    let documents_error = error("documents");
    let (note_class, documents_class) = (
        crate::pages::apply::group_class(note_error.is_some()),
        crate::pages::apply::group_class(documents_error.is_some()),
    );
    let summary = (!reply.errors.is_empty()).then(|| {
        let items = reply
            .errors
            .errors
            .iter()
            .map(|e| view! { <li><a href=format!("#field-{}", e.field)>{message(locale, &e.message_id, &e.args)}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="reply-error-title" autofocus>
                <h2 class="error-summary__title" id="reply-error-title">{t!("err-summary-title")}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
    });
    view! {
        <section class="track-reply" aria-labelledby="track-reply-title" id="track-reply">
            <h3 class="heading-s" id="track-reply-title">{t!("track-reply-title")}</h3>
            <p class="hint">{t!("track-reply-hint")}</p>
            {summary}
            <form class="form" method="post" action=SUPPLEMENT_PATH novalidate>
                <input type="hidden" name="number" value=number.to_owned()/>
                <input type="hidden" name="access_code" value=access_code.to_owned()/>
                <div class=note_class>
                    <label class="label" for="field-note">{t!("track-reply-note")}</label>
                    {note_error.map(|m| view! { <p class="error-message" id="field-note-error">{m}</p> })}
                    <textarea class="textarea" id="field-note" name="note" rows="4" maxlength="1000">{reply.note.clone()}</textarea>
                </div>
                <div class=documents_class>
                    {documents_error.map(|m| view! { <p class="error-message" id="field-documents-error">{m}</p> })}
                    <DocumentUploader documents=reply.documents.clone() texts=texts/>
                </div>
                <button class="button" type="submit" id="track-reply-submit">{t!("track-reply-submit")}</button>
            </form>
        </section>
    }
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let locale = current_locale();
    let lookup = use_context::<TrackLookup>();
    let number = lookup
        .as_ref()
        .map(|l| l.number.clone())
        .unwrap_or_default();
    let access_code = lookup
        .as_ref()
        .map(|l| l.access_code.clone())
        .unwrap_or_default();
    let reply = lookup.as_ref().map(|l| l.reply.clone()).unwrap_or_default();
    let (found, error) = match lookup.map(|l| l.result) {
        Some(Ok(t)) => (Some(t), None),
        Some(Err(AppError::Invalid(errors))) => {
            let msg = errors
                .errors
                .first()
                .map(|e| message(locale, &e.message_id, &e.args))
                .unwrap_or_default();
            (None, Some(msg))
        }
        Some(Err(other)) => {
            let args = match &other {
                AppError::Internal { support_ref } => vec![domain::MessageArg {
                    name: "ref".into(),
                    value: support_ref.clone(),
                }],
                _ => Vec::new(),
            };
            (None, Some(message(locale, other.message_id(), &args)))
        }
        None => (None, None),
    };
    let title = crate::components::page_title(&t!("service-track-title"), error.is_some());
    let has_error = error.is_some();
    view! {
        <Title text=title/>
        <h1 class="heading-xl">{t!("service-track-title")}</h1>
        <p class="lead">{t!("track-intro")}</p>
        {error.map(|msg| view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus>
                <h2 class="error-summary__title" id="error-summary-title">{t!("err-summary-title")}</h2>
                <ul class="error-summary__list">
                    <li><a href="#field-access_code">{msg}</a></li>
                </ul>
            </div>
        })}
        <form class="form" method="post" action=TRACK_PATH novalidate>
            <div class="form-group">
                <label class="label" for="field-number">{t!("track-number-label")}</label>
                <p class="hint" id="field-number-hint">{t!("track-number-hint")}</p>
                <input
                    class="input input--width-20"
                    id="field-number"
                    name="number"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="32"
                    value=number
                    aria-describedby="field-number-hint"
                />
            </div>
            <div class=if has_error { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="field-access_code">{t!("track-code-label")}</label>
                <p class="hint" id="field-access_code-hint">{t!("track-code-hint")}</p>
                <input
                    class="input input--width-10"
                    id="field-access_code"
                    name="access_code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="32"
                    aria-describedby="field-access_code-hint"
                    aria-invalid=has_error.then_some("true")
                />
            </div>
            <button class="button" type="submit" id="field-submit">{t!("track-submit")}</button>
        </form>
        {found.map(|t| timeline(&t, &access_code, &reply))}
    }
}
