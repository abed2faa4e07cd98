//! `/apply`: one household's application for 低保, 特困, 临时救助 and 残疾人两项补贴 with the
//! 诚信承诺 forms (policy-rules.md §2.1, §2.9, §13).
//!
//! Server-rendered and complete without JavaScript: one `<form>` holds every answer and posts
//! to `/apply/form` with the button's `action` (add or remove a member, find the place, save on
//! the server, check the answers); the server folds the pairs with
//! [`ApplicationForm::from_pairs`], acts, and renders this page again with an [`ApplyState`]
//! in context. "Check your answers" shows everything once more with the values in hidden
//! inputs and submits to `/apply/submit` with an idempotency key; the confirmation is the
//! answer to that post (the access code is shown once and never put in a URL).
//!
//! Islands add what needs a browser: the signature pad (`islands::signature`), document upload
//! with downscaling and progress (`islands::documents`), the browser autosave and the print
//! button (`islands::draft`). Server handlers: `server/src/web/apply_form.rs`.

use domain::application::{
    needs_guardian, ApplicationForm, CommitmentTexts, Program, COMMITMENT_VERSION,
    MAX_HARDSHIP_CHARS,
};
use domain::eligibility::screener::{asks_daily_living, member_age, INCOME_ROWS};
use domain::household::{Household, DAILY_LIVING_FIELDS};
use domain::{Date, FormErrors, MessageArg};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::applications::{DraftSaved, Submitted};
use crate::api::eligibility::RegionChoice;
use crate::components::form::{action_button, radio_items, select};
use crate::error::AppError;
use crate::i18n::{client_messages, current_locale, message};
use crate::islands::documents::DocumentUploader;
use crate::islands::draft::{DraftKeeper, PrintButton};
use crate::islands::kiosk::KeypadKind;
use crate::islands::screener::{DISABILITY_CATEGORIES, RELATIONS, SCHOOL_STAGES, WORK_STATUSES};
use crate::islands::signature::SignaturePad;
use crate::t;

pub const APPLY_PATH: &str = "/apply";
/// Where the form posts its actions.
pub const FORM_PATH: &str = "/apply/form";
/// Where "submit" posts.
pub const SUBMIT_PATH: &str = "/apply/submit";
/// Continue a draft saved on the server.
pub const RESUME_PATH: &str = "/apply/resume";
/// The id of the application `<form>` (the autosave island finds it by this id).
pub const FORM_ID: &str = "application-form";

/// What a post to `/apply…` produced, rendered by [`ApplyPage`].
#[derive(Debug, Clone)]
pub struct ApplyState {
    pub form: ApplicationForm,
    pub errors: FormErrors,
    pub view: ApplyView,
    /// The code of the last save on the server: saving again keeps it.
    pub resume_code: String,
    pub banner: Option<Banner>,
    /// The place search, when the resident asked for one.
    pub place_query: String,
    pub place_matches: Option<Vec<RegionChoice>>,
    /// The place's full name, when the form has a listed one.
    pub place_label: Option<String>,
}

impl ApplyState {
    pub fn new(form: ApplicationForm) -> Self {
        ApplyState {
            form,
            errors: FormErrors::new(),
            view: ApplyView::Form,
            resume_code: String::new(),
            banner: None,
            place_query: String::new(),
            place_matches: None,
            place_label: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum ApplyView {
    Form,
    /// Check your answers; the key makes a double tap or a retried post one application.
    Check {
        idempotency_key: String,
    },
    Done(Submitted),
    /// A refusal that is not about a field (rate limit, conflict, our own fault).
    Failed(AppError),
}

#[derive(Debug, Clone)]
pub enum Banner {
    /// Started from the screener's answers.
    Carried { people: usize, region: String },
    /// Continued from a draft saved on the server.
    Resumed,
    /// Saved on the server. On a kiosk, `handoff_qr_svg` is a QR code of this draft's resume
    /// address, to carry on on the resident's own phone (which still asks for the ID number).
    Saved {
        saved: DraftSaved,
        handoff_url: Option<String>,
        handoff_qr_svg: Option<String>,
    },
}

/// The address a phone opens to continue a draft saved on the server: the resume page with
/// the code filled in. The code alone opens nothing: the applicant's ID number is asked for.
pub fn resume_url(origin: &str, resume_code: &str) -> String {
    format!(
        "{}{RESUME_PATH}?code={resume_code}",
        origin.trim_end_matches('/')
    )
}

/// A resume code as the resume page accepts it from its address: the code's own alphabet
/// (letters and digits), at most 32 characters; anything else is dropped.
pub fn resume_code_from_query(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// The sections of the task list, in order: (anchor, title message, field prefixes).
const SECTIONS: [(&str, &str, &[&str]); 8] = [
    ("programs", "apply-section-programs", &["programs"]),
    (
        "place",
        "apply-section-place",
        &[
            "region",
            "township",
            "community",
            "area",
            "apply_at",
            "residence_permit",
            "mobile",
        ],
    ),
    ("members", "apply-section-members", &["members"]),
    ("income", "apply-section-income", &["members[", "assets"]),
    ("hardship", "apply-section-hardship", &["hardship"]),
    ("documents", "apply-section-documents", &["documents"]),
    (
        "commitments",
        "apply-section-commitments",
        &["notice_read", "commitment_version", "signatures"],
    ),
    ("check", "apply-section-check", &[]),
];

/// The household's assets, in page order: (field, whether an amount of money).
const ASSET_FIELDS: [(&str, bool); 8] = [
    ("deposits", true),
    ("securities", true),
    ("residential_properties", false),
    ("non_residential_properties", false),
    ("motor_vehicles", false),
    ("exempt_vehicles", false),
    ("business_registrations", false),
    ("large_farm_machinery", false),
];

/// Every message ID this page builds at run time (the `t!` ones are checked when compiling;
/// these by the i18n tests, in every locale).
pub fn dynamic_text_ids() -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(SECTIONS.iter().map(|(_, title, _)| title.to_string()));
    ids.extend(
        Program::ALL
            .iter()
            .map(|p| format!("apply-program-hint-{}", p.key())),
    );
    ids.extend(ASSET_FIELDS.iter().map(|(f, _)| format!("scr-asset-{f}")));
    ids.extend(
        INCOME_ROWS
            .iter()
            .map(|k| format!("scr-income-{}", k.key())),
    );
    ids.extend(DAILY_LIVING_FIELDS.iter().map(|f| format!("scr-adl-{f}")));
    ids.extend(RELATIONS.iter().map(|r| format!("scr-relation-{r}")));
    ids.extend(WORK_STATUSES.iter().map(|w| format!("scr-work-{w}")));
    ids.extend(SCHOOL_STAGES.iter().map(|st| format!("scr-stage-{st}")));
    ids.extend(
        DISABILITY_CATEGORIES
            .iter()
            .map(|c| format!("scr-disability-{c}")),
    );
    for list in [
        crate::islands::documents::TEXT_IDS,
        crate::islands::signature::TEXT_IDS,
        crate::islands::draft::TEXT_IDS,
        &[
            "scr-person-n",
            "scr-level-n",
            "scr-care-person",
            "scr-region-none",
            "apply-print",
        ],
    ] {
        ids.extend(list.iter().map(|id| id.to_string()));
    }
    ids
}

fn tr(id: &str) -> String {
    message(current_locale(), id, &[])
}

pub(crate) fn tr_args(id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<MessageArg> = args
        .iter()
        .map(|(n, v)| MessageArg {
            name: (*n).to_owned(),
            value: v.clone(),
        })
        .collect();
    message(current_locale(), id, &args)
}

/// The Fluent ID of a program's name (also used by the server for report labels).
pub fn program_message_id(p: Program) -> &'static str {
    match p {
        Program::Dibao => "elig-program-dibao",
        Program::Tekun => "elig-program-tekun",
        Program::Temporary => "elig-program-temporary",
        Program::DisabilityAllowances => "app-program-disability_allowances",
    }
}

pub fn program_name(p: Program) -> String {
    crate::i18n::message(crate::i18n::current_locale(), program_message_id(p), &[])
}

pub(crate) fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "form-group form-group--error"
    } else {
        "form-group"
    }
}

pub(crate) fn field_id(name: &str) -> String {
    format!("field-{name}")
}

fn member_heading(i: usize) -> String {
    if i == 0 {
        t!("apply-member-applicant")
    } else {
        tr_args("scr-person-n", &[("n", (i + 1).to_string())])
    }
}

/// A member's name for headings, once given.
fn member_title(form: &ApplicationForm, i: usize) -> String {
    let name = form.household.members[i].name.trim();
    if name.is_empty() {
        member_heading(i)
    } else {
        format!("{}（{}）", member_heading(i), name)
    }
}

/// A labelled control with its hint and its error (the server's rendering of the same markup
/// the islands use).
pub(crate) fn group(
    errors: &FormErrors,
    name: &str,
    label: String,
    hint: Option<String>,
    control: impl IntoView,
) -> impl IntoView {
    let error = errors
        .for_field(name)
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let id = field_id(name);
    let class = if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    };
    view! {
        <div class=class>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error.map(|m| view! {
                <p class="error-message" id=format!("{id}-error")>
                    <span class="visually-hidden">{t!("err-prefix")}</span>
                    {m}
                </p>
            })}
            {control}
        </div>
    }
}

pub(crate) fn text_input(
    errors: &FormErrors,
    name: &str,
    value: &str,
    inputmode: &'static str,
    width: &'static str,
    autocomplete: &'static str,
) -> impl IntoView {
    let invalid = errors.for_field(name).is_some().then_some("true");
    view! {
        <input
            class=format!("input {width}")
            id=field_id(name)
            name=name.to_owned()
            type="text"
            inputmode=inputmode
            // The kiosk's keypad (islands/kiosk.rs) serves these fields; elsewhere it is inert.
            data-keypad=KeypadKind::for_field(name, inputmode).map(KeypadKind::attr)
            autocomplete=autocomplete
            spellcheck="false"
            value=value.to_owned()
            aria-invalid=invalid
            aria-describedby=format!("field-{name}-hint field-{name}-error")
        />
    }
}

/// Radios with a legend; the first radio carries the field's id (the error summary's target).
pub(crate) fn radios(
    errors: &FormErrors,
    name: &str,
    legend: String,
    hint: Option<String>,
    options: Vec<(String, String)>,
    current: &str,
    inline: bool,
) -> impl IntoView {
    let id = field_id(name);
    let error = errors
        .for_field(name)
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let class = if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    };
    let items = radio_items(&id, name, options, current);
    view! {
        <div class=class>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <p class="hint">{h}</p> })}
                {error.map(|m| view! { <p class="error-message" id=format!("{id}-error")>{m}</p> })}
                <div class=if inline { "radios radios--inline" } else { "radios" }>{items}</div>
            </fieldset>
        </div>
    }
}

fn hidden(name: String, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value/> }
}

/// A submit button whose answer opens at a section (`#section-…` on the post's URL: the
/// browser keeps the fragment, with or without JavaScript).
fn section_button(
    class: &'static str,
    action: String,
    section: &'static str,
    label: impl IntoView,
) -> impl IntoView {
    view! {
        <button class=class type="submit" name="action" value=action formaction=format!("{FORM_PATH}#section-{section}")>
            {label}
        </button>
    }
}

/// The error summary: every error, linked to its field, in page order.
fn error_summary(errors: &FormErrors) -> impl IntoView {
    let locale = current_locale();
    let items = errors
        .errors
        .iter()
        .map(|e| {
            let text = message(locale, &e.message_id, &e.args);
            view! { <li><a href=format!("#field-{}", e.field)>{text}</a></li> }
        })
        .collect_view();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus>
                <h2 class="error-summary__title" id="error-summary-title">{t!("err-summary-title")}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
    })
}

/// How far each section is: (anchor, title, state) with state `done`, `todo` or `error`.
fn section_states(
    form: &ApplicationForm,
    errors: &FormErrors,
) -> Vec<(&'static str, String, &'static str)> {
    let members = &form.household.members;
    let done = |anchor: &str| -> bool {
        match anchor {
            "programs" => !form.programs.is_empty(),
            "place" => {
                !form.region.is_empty()
                    && !form.area.is_empty()
                    && !form.apply_at.is_empty()
                    && !form.mobile.is_empty()
            }
            "members" => members
                .iter()
                .all(|m| !m.name.trim().is_empty() && !m.id_number.trim().is_empty()),
            // Income and assets may be truly none: done once the members are.
            "income" => members.iter().all(|m| !m.name.trim().is_empty()),
            "hardship" => !form.hardship.trim().is_empty(),
            "documents" => !form.documents.is_empty(),
            "commitments" => {
                form.notice_read == "yes"
                    && form
                        .signatures
                        .iter()
                        .all(|s| !s.typed_name.trim().is_empty() && !s.strokes.trim().is_empty())
            }
            _ => false,
        }
    };
    SECTIONS
        .iter()
        .map(|(anchor, title, prefixes)| {
            let has_error = errors.errors.iter().any(|e| {
                prefixes.iter().any(|p| {
                    // Income errors are `members[i].income…`; member errors are the rest.
                    let matches = e.field.starts_with(p);
                    match *anchor {
                        "members" => matches && !e.field.contains(".income["),
                        "income" => {
                            matches
                                && (e.field.contains(".income[") || e.field.starts_with("assets"))
                        }
                        _ => matches,
                    }
                })
            });
            let state = if has_error {
                "error"
            } else if done(anchor) {
                "done"
            } else {
                "todo"
            };
            (*anchor, tr(title), state)
        })
        .collect()
}

fn task_list(form: &ApplicationForm, errors: &FormErrors) -> impl IntoView {
    let items = section_states(form, errors)
        .into_iter()
        .filter(|(anchor, _, _)| *anchor != "check")
        .map(|(anchor, title, state)| {
            let tag = match state {
                "done" => t!("apply-task-done"),
                "error" => t!("apply-task-error"),
                _ => t!("apply-task-todo"),
            };
            view! {
                <li class="task-list__item" data-section=anchor data-state=state>
                    <a class="task-list__link" href=format!("#section-{anchor}")>{title}</a>
                    <span class=format!("tag tag--{state}")>{tag}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="task-list" aria-labelledby="task-list-title">
            <h2 class="heading-m" id="task-list-title">{t!("apply-task-list-title")}</h2>
            <ol class="task-list__items">{items}</ol>
        </nav>
    }
}

fn programs_section(form: &ApplicationForm, errors: &FormErrors) -> impl IntoView {
    let error = errors
        .for_field("programs")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let items = Program::ALL
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let id = if k == 0 {
                "field-programs".to_owned()
            } else {
                format!("field-programs-{k}")
            };
            let checked = form.programs.iter().any(|x| x == p.key());
            let hint = tr(&format!("apply-program-hint-{}", p.key()));
            view! {
                <div class="checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id=id.clone() name="programs" value=p.key() checked=checked/>
                    <label class="checkboxes__label" for=id>{program_name(*p)}</label>
                    <p class="hint checkboxes__hint">{hint}</p>
                </div>
            }
        })
        .collect_view();
    let class = if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    };
    view! {
        <section class="apply-section" id="section-programs" aria-labelledby="section-programs-title">
            <h2 class="heading-l" id="section-programs-title">{t!("apply-section-programs")}</h2>
            <div class=class>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{t!("apply-programs-legend")}</legend>
                    <p class="hint">{t!("apply-programs-hint")}</p>
                    {error.map(|m| view! { <p class="error-message" id="field-programs-error">{m}</p> })}
                    <div class="checkboxes">{items}</div>
                </fieldset>
            </div>
        </section>
    }
}

fn place_section(state: &ApplyState) -> impl IntoView {
    let form = &state.form;
    let errors = &state.errors;
    let region_error = errors
        .for_field("region")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let chosen = state
        .place_label
        .clone()
        .filter(|_| !form.region.is_empty());
    let region_block = match chosen {
        Some(label) => view! {
            <div class="form-group" id="field-region" tabindex="-1">
                <p class="label">{t!("apply-place-label")}</p>
                <p class="place-chosen" data-region=form.region.clone()>{label}</p>
                {hidden("region".into(), form.region.clone())}
                {section_button("button button--secondary button--small", "change_place".into(), "place", t!("apply-place-change"))}
            </div>
        }
        .into_any(),
        None => {
            let matches = state.place_matches.clone().map(|list| {
                if list.is_empty() {
                    view! { <p class="hint">{tr_args("scr-region-none", &[("query", state.place_query.clone())])}</p> }
                        .into_any()
                } else {
                    let options = list.into_iter().map(|c| (c.code, c.label)).collect();
                    radios(errors, "region", t!("scr-region-matches"), None, options, &form.region, false)
                        .into_any()
                }
            });
            let class = group_class(region_error.is_some());
            // The error summary links to `field-region`: the first place found when the
            // search found some, else the search box.
            let search_id = if state.place_matches.as_ref().is_some_and(|m| !m.is_empty()) {
                "field-place_query"
            } else {
                "field-region"
            };
            view! {
                <div class=class>
                    <label class="label" for=search_id>{t!("apply-place-query-label")}</label>
                    <p class="hint" id="field-region-hint">{t!("apply-place-hint")}</p>
                    {region_error.map(|m| view! { <p class="error-message" id="field-region-error">{m}</p> })}
                    <div class="search">
                        <input
                            class="input input--width-10"
                            id=search_id
                            name="place_query"
                            type="search"
                            autocomplete="off"
                            maxlength="20"
                            value=state.place_query.clone()
                            aria-describedby="field-region-hint field-region-error"
                        />
                        {section_button("button button--secondary", "search_place".into(), "place", t!("scr-region-search"))}
                    </div>
                </div>
                {matches}
            }
            .into_any()
        }
    };
    // The township (whose intake clerk receives the application) and the village or
    // community (where the notice is posted), once the county is known.
    let township_block = crate::api::eligibility::server::listed_region(&form.region)
        .ok()
        .map(|code| {
            let listed = domain::region::townships().of_county(code);
            let township = (!listed.is_empty()).then(|| {
                let mut options = vec![choose()];
                options.extend(listed.iter().map(|t| (t.code.to_string(), t.name.clone())));
                group(
                    errors,
                    "township",
                    t!("apply-township-label"),
                    Some(t!("apply-township-hint")),
                    select("township", &form.township, options, ""),
                )
            });
            view! {
                {township}
                {group(errors, "community", t!("apply-community-label"), Some(t!("apply-community-hint")),
                    text_input(errors, "community", &form.community, "text", "input--width-20", "off"))}
            }
        });
    let areas = vec![
        ("urban".to_owned(), t!("scr-area-urban")),
        ("rural".to_owned(), t!("scr-area-rural")),
    ];
    // The place of residence is offered only where the chosen place takes such applications
    // (a dated, cited parameter); before a place is chosen both are, and the check decides.
    let residence_offered = match crate::api::eligibility::server::listed_region(&form.region) {
        Ok(code) => use_context::<crate::ports::Services>().is_none_or(|s| {
            domain::application::residence_applications_allowed(
                &s.policy.parameters(code, crate::ports::china_today()),
            )
        }),
        Err(_) => true,
    };
    let mut apply_at = vec![("hukou".to_owned(), t!("apply-at-hukou"))];
    if residence_offered || form.apply_at == "residence" {
        apply_at.push(("residence".to_owned(), t!("apply-at-residence")));
    }
    // With one way open, it is chosen already.
    let apply_at_current = if !residence_offered && form.apply_at.is_empty() {
        "hukou"
    } else {
        form.apply_at.as_str()
    };
    let apply_at_hint = if residence_offered {
        t!("apply-at-hint")
    } else {
        t!("apply-at-hint-hukou-only")
    };
    let permit = (residence_offered || form.apply_at == "residence").then(|| {
        group(
            errors,
            "residence_permit",
            t!("apply-permit-label"),
            Some(t!("apply-permit-hint")),
            text_input(
                errors,
                "residence_permit",
                &form.residence_permit,
                "text",
                "input--width-20",
                "off",
            ),
        )
    });
    view! {
        <section class="apply-section" id="section-place" aria-labelledby="section-place-title">
            <h2 class="heading-l" id="section-place-title">{t!("apply-section-place")}</h2>
            {region_block}
            {township_block}
            {radios(errors, "area", t!("scr-area-label"), Some(t!("scr-area-hint")), areas, &form.area, true)}
            {radios(errors, "apply_at", t!("apply-at-legend"), Some(apply_at_hint), apply_at, apply_at_current, false)}
            {permit}
            {group(errors, "mobile", t!("apply-mobile-label"), Some(t!("apply-mobile-hint")),
                text_input(errors, "mobile", &form.mobile, "tel", "input--width-10", "tel"))}
        </section>
    }
}

fn choose() -> (String, String) {
    (String::new(), t!("scr-choose"))
}

fn member_block(form: &ApplicationForm, errors: &FormErrors, i: usize) -> impl IntoView {
    let m = &form.household.members[i];
    let at = |f: &str| format!("members[{i}].{f}");
    let relation = if i == 0 {
        hidden(at("relation"), "applicant".into()).into_any()
    } else {
        let mut options = vec![choose()];
        options.extend(
            RELATIONS
                .iter()
                .map(|r| (r.to_string(), tr(&format!("scr-relation-{r}")))),
        );
        group(
            errors,
            &at("relation"),
            t!("scr-relation-label"),
            None,
            select(&at("relation"), &m.relation, options, ""),
        )
        .into_any()
    };
    let mut work = vec![choose()];
    work.extend(
        WORK_STATUSES
            .iter()
            .map(|w| (w.to_string(), tr(&format!("scr-work-{w}")))),
    );
    let mut stages = vec![choose()];
    stages.extend(
        SCHOOL_STAGES
            .iter()
            .map(|s| (s.to_string(), tr(&format!("scr-stage-{s}")))),
    );
    let mut categories = vec![(String::new(), t!("scr-disability-none"))];
    categories.extend(
        DISABILITY_CATEGORIES
            .iter()
            .map(|c| (c.to_string(), tr(&format!("scr-disability-{c}")))),
    );
    let mut levels = vec![choose()];
    levels.extend((1..=4).map(|l| {
        (
            l.to_string(),
            tr_args("scr-level-n", &[("n", l.to_string())]),
        )
    }));
    let remove = (i > 0).then(|| {
        section_button(
            "button button--warning button--small",
            format!("remove_member:{i}"),
            "members",
            view! {
                {t!("scr-remove-person")}
                <span class="visually-hidden">{format!("（{}）", member_heading(i))}</span>
            },
        )
    });
    view! {
        <div class="person" data-member=i>
            <h3 class="heading-m person__title">{member_title(form, i)}</h3>
            {relation}
            {group(errors, &at("name"), t!("apply-name-label"), Some(t!("apply-name-hint")),
                text_input(errors, &at("name"), &m.name, "text", "input--width-10", if i == 0 { "name" } else { "off" }))}
            {group(errors, &at("id_number"), t!("apply-id-label"), Some(t!("apply-id-hint")),
                text_input(errors, &at("id_number"), &m.id_number, "text", "input--width-20", "off"))}
            {group(errors, &at("birth_date"), t!("scr-birth-label"), Some(t!("apply-birth-hint")),
                text_input(errors, &at("birth_date"), &m.birth_date, "numeric", "input--width-10", "off"))}
            {group(errors, &at("work_status"), t!("scr-work-label"), None, select(&at("work_status"), &m.work_status, work, ""))}
            {group(errors, &at("school_stage"), t!("scr-stage-label"), None, select(&at("school_stage"), &m.school_stage, stages, ""))}
            {group(errors, &at("disability_category"), t!("scr-disability-label"), None,
                select(&at("disability_category"), &m.disability_category, categories, ""))}
            {group(errors, &at("disability_level"), t!("scr-level-label"), None,
                select(&at("disability_level"), &m.disability_level, levels, ""))}
            {remove}
        </div>
    }
}

fn members_section(form: &ApplicationForm, errors: &FormErrors) -> impl IntoView {
    let people = (0..form.household.members.len())
        .map(|i| member_block(form, errors, i))
        .collect_view();
    let can_add = form.household.members.len() < domain::household::MAX_MEMBERS;
    view! {
        <section class="apply-section" id="section-members" aria-labelledby="section-members-title">
            <h2 class="heading-l" id="section-members-title">{t!("apply-section-members")}</h2>
            <p class="hint">{t!("apply-members-hint")}</p>
            {people}
            {can_add.then(|| section_button("button button--secondary", "add_member".into(), "members", t!("scr-add-person")))}
        </section>
    }
}

fn income_section(form: &ApplicationForm, errors: &FormErrors, today: Date) -> impl IntoView {
    let people = form
        .household
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let rows = INCOME_ROWS
                .iter()
                .enumerate()
                .map(|(j, kind)| {
                    let row = m.income.get(j).cloned().unwrap_or_default();
                    let base = format!("members[{i}].income[{j}]");
                    let amount = format!("{base}.amount");
                    let period = format!("{base}.period");
                    let periods = vec![
                        ("monthly".to_owned(), t!("scr-period-monthly")),
                        ("yearly".to_owned(), t!("scr-period-yearly")),
                    ];
                    let control = view! {
                        {hidden(format!("{base}.kind"), kind.key().to_owned())}
                        <div class="input-affix">
                            {text_input(errors, &amount, &row.amount, "decimal", "input--width-10", "off")}
                            <span class="input-affix__suffix">{t!("scr-amount-unit")}</span>
                            <label class="visually-hidden" for=field_id(&period)>{t!("scr-period-label")}</label>
                            {select(&period, &row.period, periods, "")}
                        </div>
                    };
                    group(errors, &amount, tr(&format!("scr-income-{}", kind.key())), None, control)
                })
                .collect_view();
            // Daily living: asked of people aged 60 or over and of disabled people (the 特困
            // care tier and the care allowances depend on it).
            let care = asks_daily_living(m, today).then(|| {
                let questions = DAILY_LIVING_FIELDS
                    .iter()
                    .enumerate()
                    .map(|(k, f)| {
                        let name = format!("members[{i}].daily_living.{f}");
                        let current = m.daily_living.get(k).cloned().unwrap_or_default();
                        let options = vec![
                            ("yes".to_owned(), t!("scr-adl-can")),
                            ("no".to_owned(), t!("scr-adl-cannot")),
                        ];
                        radios(errors, &name, tr(&format!("scr-adl-{f}")), None, options, &current, true)
                    })
                    .collect_view();
                view! {
                    <h4 class="heading-s">{tr_args("scr-care-person", &[("person", member_heading(i))])}</h4>
                    {questions}
                }
            });
            // Answers not asked (the person is younger, not disabled) still travel, so that
            // a change of birth date does not lose them.
            let kept = (!asks_daily_living(m, today)).then(|| {
                DAILY_LIVING_FIELDS
                    .iter()
                    .zip(&m.daily_living)
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(f, v)| hidden(format!("members[{i}].daily_living.{f}"), v.clone()))
                    .collect_view()
            });
            view! {
                <div class="person" data-member=i>
                    <h3 class="heading-m person__title">{member_title(form, i)}</h3>
                    {rows}
                    {care}
                    {kept}
                </div>
            }
        })
        .collect_view();
    let assets = ASSET_FIELDS
        .iter()
        .map(|(f, money)| {
            let name = format!("assets.{f}");
            (*f, form.get(&name), *money)
        })
        .map(|(f, v, money)| {
            let name = format!("assets.{f}");
            let v = &v;
            let input = text_input(
                errors,
                &name,
                v,
                if money { "decimal" } else { "numeric" },
                "input--width-5",
                "off",
            );
            let control = if money {
                view! {
                    <div class="input-affix">
                        {input}
                        <span class="input-affix__suffix">{t!("scr-amount-unit")}</span>
                    </div>
                }
                .into_any()
            } else {
                input.into_any()
            };
            group(errors, &name, tr(&format!("scr-asset-{f}")), None, control)
        })
        .collect_view();
    view! {
        <section class="apply-section" id="section-income" aria-labelledby="section-income-title">
            <h2 class="heading-l" id="section-income-title">{t!("apply-section-income")}</h2>
            <p class="hint">{t!("scr-income-hint")}</p>
            {people}
            <h3 class="heading-m">{t!("apply-assets-title")}</h3>
            <p class="hint">{t!("scr-assets-hint")}</p>
            {assets}
        </section>
    }
}

fn hardship_section(form: &ApplicationForm, errors: &FormErrors) -> impl IntoView {
    let name = "hardship";
    let invalid = errors.for_field(name).is_some().then_some("true");
    let control = view! {
        <textarea
            class="textarea"
            id="field-hardship"
            name="hardship"
            rows="6"
            aria-invalid=invalid
            aria-describedby="field-hardship-hint field-hardship-error"
        >{crate::islands::textarea_text(&form.hardship)}</textarea>
    };
    view! {
        <section class="apply-section" id="section-hardship" aria-labelledby="section-hardship-title">
            <h2 class="heading-l" id="section-hardship-title">{t!("apply-section-hardship")}</h2>
            {group(errors, name, t!("apply-hardship-label"),
                Some(t!("apply-hardship-hint", max = MAX_HARDSHIP_CHARS)), control)}
        </section>
    }
}

fn documents_section(form: &ApplicationForm, errors: &FormErrors) -> impl IntoView {
    let locale = current_locale();
    let texts = client_messages(locale, crate::islands::documents::TEXT_IDS).into();
    let error = errors
        .for_field("documents")
        .map(|e| message(locale, &e.message_id, &e.args));
    let error_class = group_class(error.is_some());
    view! {
        <section class="apply-section" id="section-documents" aria-labelledby="section-documents-title">
            <h2 class="heading-l" id="section-documents-title">{t!("apply-section-documents")}</h2>
            <p class="hint">{t!("apply-documents-hint")}</p>
            <ul class="list list--bullet">
                <li>{t!("apply-documents-id")}</li>
                <li>{t!("apply-documents-hukou")}</li>
                <li>{t!("apply-documents-disability")}</li>
                <li>{t!("apply-documents-medical")}</li>
            </ul>
            <div class=error_class>
                {error.map(|m| view! { <p class="error-message" id="field-documents-error">{m}</p> })}
                <DocumentUploader documents=form.documents.clone() texts=texts/>
            </div>
        </section>
    }
}

fn commitment_texts() -> Option<(CommitmentTexts, String)> {
    use_context::<crate::ports::Services>().map(|s| s.applications.commitment_texts())
}

fn signature_block(
    form: &ApplicationForm,
    errors: &FormErrors,
    household: Option<&Household>,
    today: Date,
    i: usize,
) -> impl IntoView {
    let m = &form.household.members[i];
    let s = form.signatures.get(i).cloned().unwrap_or_default();
    let at = |f: &str| format!("signatures[{i}].{f}");
    // Whether a guardian must sign: from the parsed household when it parses, else from the
    // birth date as far as the form tells.
    let minor = match household {
        Some(h) => needs_guardian(h, i, today),
        None => member_age(m, today)
            .or_else(|| {
                domain::IdNumber::parse_as_of(&m.id_number, today)
                    .ok()
                    .and_then(|id| domain::date::age_on(id.birth_date(), today))
            })
            .is_some_and(|a| a < domain::application::AGE_OF_MAJORITY),
    };
    let signer = if minor {
        "guardian".to_owned()
    } else if s.signer.is_empty() {
        "self".to_owned()
    } else {
        s.signer.clone()
    };
    let signer_control = if minor {
        view! {
            {hidden(at("signer"), "guardian".into())}
            <p class="hint">{t!("apply-sign-minor")}</p>
        }
        .into_any()
    } else {
        let options = vec![
            ("self".to_owned(), t!("apply-sign-self")),
            ("guardian".to_owned(), t!("apply-sign-guardian")),
        ];
        radios(
            errors,
            &at("signer"),
            t!("apply-signer-legend"),
            None,
            options,
            &signer,
            false,
        )
        .into_any()
    };
    let mut guardians = vec![choose()];
    guardians.extend(
        (0..form.household.members.len())
            .filter(|&g| g != i)
            .map(|g| (g.to_string(), member_title(form, g))),
    );
    // Asked when a guardian signs: always for a minor; for an adult once "a guardian signs"
    // is chosen (without JavaScript, the check reports the missing guardian and shows it).
    let guardian = (minor || signer == "guardian").then(|| {
        group(
            errors,
            &at("guardian"),
            t!("apply-guardian-label"),
            Some(t!("apply-guardian-hint")),
            select(&at("guardian"), &s.guardian, guardians, ""),
        )
    });
    let pad_texts = client_messages(current_locale(), crate::islands::signature::TEXT_IDS).into();
    let strokes_error = errors
        .for_field(&at("strokes"))
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let strokes_error_class = group_class(strokes_error.is_some());
    view! {
        <fieldset class="fieldset signature" data-signature=i>
            <legend class="fieldset__legend heading-m">{tr_args("apply-sign-for", &[("person", member_title(form, i))])}</legend>
            {signer_control}
            {guardian}
            {group(errors, &at("typed_name"), t!("apply-typed-name-label"), Some(t!("apply-typed-name-hint")),
                text_input(errors, &at("typed_name"), &s.typed_name, "text", "input--width-10", "off"))}
            <div class=strokes_error_class>
                <p class="label" id=format!("field-signatures[{i}].strokes-label")>{t!("apply-draw-label")}</p>
                {strokes_error.map(|m| view! { <p class="error-message">{m}</p> })}
                <SignaturePad index=i strokes=s.strokes.clone() texts=pad_texts/>
            </div>
        </fieldset>
    }
}

fn commitments_section(form: &ApplicationForm, errors: &FormErrors, today: Date) -> impl IntoView {
    let texts = commitment_texts();
    let documents = texts.as_ref().map(|(texts, sha)| {
        let docs = texts
            .documents
            .iter()
            .map(|d| {
                let paragraphs = d
                    .body
                    .split("\n\n")
                    .map(|p| view! { <p>{p.trim().to_owned()}</p> })
                    .collect_view();
                view! {
                    <article class="commitment commitment--scroll" lang="zh-CN" tabindex="0" aria-label=d.title.clone() data-document=d.key.clone()>
                        <h3 class="heading-m">{d.title.clone()}</h3>
                        {paragraphs}
                    </article>
                }
            })
            .collect_view();
        view! {
            {docs}
            <p class="hint">{t!("commitments-version")}": "{texts.version.clone()}" · "{t!("commitments-sha256")}": "<code class="hash">{sha.clone()}</code></p>
        }
    });
    let household = Household::parse(&form.household, today).ok();
    let signatures = (0..form.household.members.len())
        .map(|i| signature_block(form, errors, household.as_ref(), today, i))
        .collect_view();
    let notice_error = errors
        .for_field("notice_read")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let version_error = errors
        .for_field("commitment_version")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let notice_error_class = group_class(notice_error.is_some());
    view! {
        <section class="apply-section" id="section-commitments" aria-labelledby="section-commitments-title">
            <h2 class="heading-l" id="section-commitments-title">{t!("apply-section-commitments")}</h2>
            <p>{t!("apply-commitments-intro")}</p>
            <p><a href=crate::pages::commitments::COMMITMENTS_PATH>{t!("apply-read-commitments")}</a></p>
            {version_error.map(|m| view! { <p class="error-message" id="field-commitment_version">{m}</p> })}
            {documents}
            {hidden("commitment_version".into(), COMMITMENT_VERSION.into())}
            <div class=notice_error_class>
                {notice_error.map(|m| view! { <p class="error-message" id="field-notice_read-error">{m}</p> })}
                <div class="checkboxes">
                    <div class="checkboxes__item">
                        <input class="checkboxes__input" type="checkbox" id="field-notice_read" name="notice_read" value="yes" checked=form.notice_read == "yes"/>
                        <label class="checkboxes__label" for="field-notice_read">{t!("apply-notice-read")}</label>
                    </div>
                </div>
            </div>
            <p>{t!("apply-sign-intro")}</p>
            {signatures}
        </section>
    }
}

fn banner_view(banner: Banner) -> impl IntoView {
    match banner {
        Banner::Carried { people, region } => view! {
            <div class="panel panel--carried" role="status" data-carried-members=people>
                <p class="panel__body">{t!("apply-carried", people = people, region = region)}</p>
            </div>
        }
        .into_any(),
        Banner::Resumed => view! {
            <div class="panel panel--carried" role="status" data-resumed="true">
                <p class="panel__body">{t!("apply-resumed")}</p>
            </div>
        }
        .into_any(),
        Banner::Saved { saved, handoff_url, handoff_qr_svg } => view! {
            <div class="panel panel--saved" role="status" data-resume-code=saved.resume_code.clone()>
                <h2 class="heading-m">{t!("apply-saved-title")}</h2>
                <p class="panel__body">{t!("apply-saved-code")}</p>
                <p class="code-display">{saved.resume_code.clone()}</p>
                <p class="panel__body">{t!("apply-saved-body", date = saved.expires_on.to_string())}</p>
                {handoff_qr_svg.map(|svg| view! {
                    <figure class="handoff-qr" data-handoff-qr="">
                        <div class="qr" role="img" aria-label=t!("apply-handoff-qr-label") inner_html=svg></div>
                        <figcaption class="panel__body">
                            {t!("apply-handoff-qr-hint")}
                            <span class="handoff-qr__url" data-handoff-url="">{handoff_url.clone()}</span>
                        </figcaption>
                    </figure>
                })}
            </div>
        }
        .into_any(),
    }
}

/// `fresh`: a plain `GET /apply` (the only time a copy kept in the browser is offered).
fn form_view(state: ApplyState, today: Date, fresh: bool) -> impl IntoView {
    let draft_texts = client_messages(current_locale(), crate::islands::draft::TEXT_IDS).into();
    let form = &state.form;
    let errors = &state.errors;
    view! {
        <p class="lead">{t!("apply-lead")}</p>
        {state.banner.clone().map(banner_view)}
        {error_summary(errors)}
        <DraftKeeper form_id=FORM_ID.to_owned() offer=fresh clear=false texts=draft_texts/>
        {task_list(form, errors)}
        <form class="form apply-form" id=FORM_ID method="post" action=FORM_PATH novalidate>
            // Enter in a text field presses the first submit button: make that "check".
            <button class="visually-hidden" type="submit" name="action" value="check" tabindex="-1" aria-hidden="true">{t!("apply-check")}</button>
            {hidden("resume_code".into(), state.resume_code.clone())}
            {programs_section(form, errors)}
            {place_section(&state)}
            {members_section(form, errors)}
            {income_section(form, errors, today)}
            {hardship_section(form, errors)}
            {documents_section(form, errors)}
            {commitments_section(form, errors, today)}
            <section class="apply-section" id="section-check" aria-labelledby="section-check-title">
                <h2 class="heading-l" id="section-check-title">{t!("apply-section-check")}</h2>
                <p>{t!("apply-save-hint")}</p>
                <div class="button-group">
                    {action_button("button", "check".into(), t!("apply-check"))}
                    {action_button("button button--secondary", "save".into(), t!("apply-save"))}
                </div>
            </section>
        </form>
        <p><a href=RESUME_PATH>{t!("apply-resume-link")}</a></p>
    }
}

fn summary_row(label: String, value: impl IntoView) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

fn check_view(state: ApplyState, idempotency_key: String, today: Date) -> impl IntoView {
    let form = &state.form;
    let programs = form
        .programs
        .iter()
        .filter_map(|p| Program::from_key(p))
        .map(program_name)
        .collect::<Vec<_>>()
        .join("、");
    let apply_at = if form.apply_at == "residence" {
        format!("{}（{}）", t!("apply-at-residence"), form.residence_permit)
    } else {
        t!("apply-at-hukou")
    };
    let area = if form.area == "rural" {
        t!("scr-area-rural")
    } else {
        t!("scr-area-urban")
    };
    let household = Household::parse(&form.household, today).ok();
    let members = form
        .household
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let income: Vec<String> = m
                .income
                .iter()
                .zip(INCOME_ROWS)
                .filter(|(r, _)| !r.amount.trim().is_empty())
                .map(|(r, kind)| {
                    let period = if r.period == "yearly" { t!("scr-period-yearly") } else { t!("scr-period-monthly") };
                    format!("{} {}{} {}", tr(&format!("scr-income-{}", kind.key())), r.amount.trim(), t!("scr-amount-unit"), period)
                })
                .collect();
            let income = if income.is_empty() { t!("apply-none") } else { income.join("；") };
            let relation = if i == 0 { t!("apply-member-applicant") } else { tr(&format!("scr-relation-{}", m.relation)) };
            let sig = form.signatures.get(i).cloned().unwrap_or_default();
            let signed_by = match household.as_ref() {
                Some(_) if sig.signer == "guardian" => tr_args("apply-signed-by-guardian", &[("person", sig.typed_name.clone())]),
                _ => tr_args("apply-signed-by-self", &[("person", sig.typed_name.clone())]),
            };
            let path = domain::application::Strokes::parse(&sig.strokes)
                .map(|s| s.svg_path())
                .unwrap_or_default();
            view! {
                <h3 class="heading-m">{member_title(form, i)}</h3>
                <dl class="summary-list" data-member=i>
                    {summary_row(t!("scr-relation-label"), relation)}
                    {summary_row(t!("apply-name-label"), m.name.clone())}
                    {summary_row(t!("apply-id-label"), m.id_number.clone())}
                    {summary_row(t!("apply-income-row"), income)}
                    {summary_row(t!("apply-signature-row"), view! {
                        <span>{signed_by}</span>
                        <svg class="signature-preview" viewBox="0 0 1000 400" role="img" aria-label=t!("apply-signature-row")>
                            <path d=path fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>
                        </svg>
                    })}
                </dl>
            }
        })
        .collect_view();
    let hidden_pairs = form
        .to_pairs()
        .into_iter()
        .map(|(k, v)| hidden(k, v))
        .collect_view();
    view! {
        <p class="lead">{t!("apply-check-lead")}</p>
        <h2 class="heading-l">{t!("apply-section-programs")}</h2>
        <dl class="summary-list">
            {summary_row(t!("apply-programs-legend"), programs)}
            {summary_row(t!("apply-place-label"), state.place_label.clone().unwrap_or_else(|| form.region.clone()))}
            {summary_row(t!("apply-township-label"), domain::region::TownshipCode::parse(&form.township)
                .ok()
                .and_then(|t| domain::region::townships().get(t).map(|t| t.name.clone()))
                .unwrap_or_default())}
            {summary_row(t!("apply-community-label"), form.community.clone())}
            {summary_row(t!("scr-area-label"), area)}
            {summary_row(t!("apply-at-legend"), apply_at)}
            {summary_row(t!("apply-mobile-label"), form.mobile.clone())}
            {summary_row(t!("apply-section-hardship"), form.hardship.clone())}
            {summary_row(t!("apply-section-documents"), t!("apply-documents-count", count = form.documents.len()))}
        </dl>
        <h2 class="heading-l">{t!("apply-section-members")}</h2>
        {members}
        <form class="form" method="post" action=FORM_PATH id="check-form">
            {hidden_pairs}
            {hidden("resume_code".into(), state.resume_code.clone())}
            {hidden("idempotency_key".into(), idempotency_key)}
            <h2 class="heading-l">{t!("apply-declaration-title")}</h2>
            <p>{t!("apply-declaration")}</p>
            <div class="button-group">
                <button class="button" type="submit" formaction=SUBMIT_PATH name="action" value="submit" id="field-submit">{t!("apply-submit")}</button>
                {action_button("button button--secondary", "edit".into(), t!("apply-edit"))}
            </div>
        </form>
    }
}

fn done_view(s: Submitted) -> impl IntoView {
    let draft_texts = client_messages(current_locale(), crate::islands::draft::TEXT_IDS).into();
    let print_texts = client_messages(current_locale(), &["apply-print"]).into();
    let procedure = if s.procedure == "commitment" {
        t!("track-procedure-commitment")
    } else {
        t!("track-procedure-standard")
    };
    let deadline = if s.deadline_provisional {
        t!(
            "track-deadline-provisional",
            days = s.working_days,
            date = s.deadline.to_string()
        )
    } else {
        t!(
            "track-deadline",
            days = s.working_days,
            date = s.deadline.to_string()
        )
    };
    view! {
        <DraftKeeper form_id=FORM_ID.to_owned() offer=false clear=true texts=draft_texts/>
        <div class="panel panel--confirmation receipt" data-application-number=s.number.clone()>
            <p class="panel__body">{t!("apply-done-number")}</p>
            <p class="code-display" id="application-number">{s.number.clone()}</p>
            <p class="panel__body">{t!("apply-done-code")}</p>
            <p class="code-display" id="access-code">{s.access_code.clone()}</p>
            <p class="panel__body"><strong>{t!("apply-done-code-once")}</strong></p>
        </div>
        <dl class="summary-list receipt">
            {summary_row(t!("track-submitted-on"), s.submitted_on.to_string())}
            {summary_row(t!("track-procedure"), procedure)}
        </dl>
        <p class="notice receipt" data-deadline=s.deadline.to_string()>{deadline}</p>
        <h2 class="heading-m">{t!("apply-next-title")}</h2>
        <ol class="list list--number">
            <li>{t!("track-step-accepted-text")}</li>
            <li>{t!("track-step-econ_check-text")}</li>
            <li>{t!("track-step-public_notice-text")}</li>
            <li>{t!("track-step-decided-text")}</li>
        </ol>
        <p>{t!("apply-done-track")}" "<a href=crate::pages::track::TRACK_PATH>{t!("service-track-title")}</a></p>
        <PrintButton texts=print_texts/>
    }
}

/// A refusal that is not about one field.
fn failed_view(error: AppError) -> impl IntoView {
    let args = match &error {
        AppError::Internal { support_ref } => vec![MessageArg {
            name: "ref".into(),
            value: support_ref.clone(),
        }],
        _ => Vec::new(),
    };
    let text = message(current_locale(), error.message_id(), &args);
    view! {
        <div class="error-summary" tabindex="-1" role="alert" autofocus>
            <h2 class="error-summary__title">{t!("err-summary-title")}</h2>
            <p>{text}</p>
        </div>
        <p><a href=APPLY_PATH>{t!("apply-start-again")}</a></p>
    }
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let today = crate::ports::china_today();
    let posted = use_context::<ApplyState>();
    let fresh = posted.is_none();
    let state = posted.unwrap_or_else(|| ApplyState::new(ApplicationForm::new()));
    let (heading, body) = match state.view.clone() {
        ApplyView::Form => (
            t!("service-apply-title"),
            form_view(state, today, fresh).into_any(),
        ),
        ApplyView::Check { idempotency_key } => (
            t!("apply-check-title"),
            check_view(state, idempotency_key, today).into_any(),
        ),
        ApplyView::Done(s) => (t!("apply-done-heading"), done_view(s).into_any()),
        ApplyView::Failed(e) => (t!("service-apply-title"), failed_view(e).into_any()),
    };
    let has_errors = use_context::<ApplyState>().is_some_and(|s| !s.errors.is_empty());
    let title = crate::components::page_title(&heading, has_errors);
    let suggest_elder =
        !crate::prefs::use_prefs().elder && elder_applicant(&state_form_for_elder(), today);
    view! {
        <Title text=title/>
        <h1 class="heading-xl">{heading}</h1>
        {suggest_elder.then(elder_suggestion)}
        {body}
    }
}

/// The form of this request (as posted), for the elder-mode suggestion.
fn state_form_for_elder() -> ApplicationForm {
    use_context::<ApplyState>()
        .map(|s| s.form)
        .unwrap_or_default()
}

/// Whether the applicant's ID number shows 60 周岁 or more (适老化: the larger 长辈版 is then
/// offered at the top of the form, never switched on unasked).
fn elder_applicant(form: &ApplicationForm, today: domain::Date) -> bool {
    form.household
        .members
        .first()
        .and_then(|m| domain::identity::IdNumber::parse(&m.id_number).ok())
        .and_then(|id| domain::date::age_on(id.birth_date(), today))
        .is_some_and(|age| age >= 60)
}

fn elder_suggestion() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let here = location.pathname.get_untracked();
    let href = format!(
        "/prefs?elder=1&next={}",
        crate::components::layout::encode_component(&here)
    );
    view! {
        <div class="notice elder-suggestion" role="note">
            <p>{t!("apply-elder-suggestion")}" "<a class="link" href=href>{t!("elder-mode-on")}</a></p>
        </div>
    }
}

/// What a resume attempt produced (`POST /apply/resume` when it failed).
#[derive(Debug, Clone)]
pub struct ResumeAttempt {
    pub error: AppError,
    /// The code as typed (cleaned), so a mistyped ID number does not mean typing it again.
    pub code: String,
}

/// `/apply/resume`: continue a draft saved on the server with its code and the applicant's ID
/// number.
#[component]
pub fn ResumePage() -> impl IntoView {
    let locale = current_locale();
    let error = use_context::<ResumeAttempt>().map(|a| match a.error {
        AppError::Invalid(errors) => errors
            .errors
            .first()
            .map(|e| message(locale, &e.message_id, &e.args))
            .unwrap_or_default(),
        other => message(locale, other.message_id(), &[]),
    });
    let has_error = error.is_some();
    // Opened from a kiosk's hand-off QR code (`?code=`), or after a failed attempt.
    let prefilled = use_context::<ResumeAttempt>()
        .map(|a| a.code)
        .unwrap_or_else(|| {
            resume_code_from_query(
                &leptos_router::hooks::use_query_map()
                    .with_untracked(|q| q.get("code"))
                    .unwrap_or_default(),
            )
        });
    let title = crate::components::page_title(&t!("apply-resume-title"), has_error);
    view! {
        <Title text=title/>
        <h1 class="heading-xl">{t!("apply-resume-title")}</h1>
        <p class="lead">{t!("apply-resume-lead")}</p>
        {error.map(|msg| view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus>
                <h2 class="error-summary__title" id="error-summary-title">{t!("err-summary-title")}</h2>
                <ul class="error-summary__list"><li><a href="#field-resume_code">{msg}</a></li></ul>
            </div>
        })}
        <form class="form" method="post" action=RESUME_PATH novalidate>
            <div class=if has_error { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="field-resume_code">{t!("apply-resume-code-label")}</label>
                <input class="input input--width-10" id="field-resume_code" name="resume_code" type="text"
                    autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32"
                    value=prefilled/>
            </div>
            <div class="form-group">
                <label class="label" for="field-id_number">{t!("apply-resume-id-label")}</label>
                <input class="input input--width-20" id="field-id_number" name="id_number" type="text"
                    autocomplete="off" spellcheck="false" maxlength="32" data-keypad=KeypadKind::IdNumber.attr()/>
            </div>
            <button class="button" type="submit" id="field-submit">{t!("apply-resume-submit")}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_applicant(id: &str) -> ApplicationForm {
        let mut form = ApplicationForm::new();
        form.household.members[0].id_number = id.to_owned();
        form
    }

    #[test]
    fn the_elder_view_is_offered_from_60() {
        let today = domain::Date::from_ymd(2026, 12, 5).unwrap();
        // A valid GB 11643 number for a birth date (MOD 11-2 check character).
        let id = |birth: &str| {
            let body = format!("110105{birth}001");
            const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
            let sum: u32 = body
                .bytes()
                .zip(W)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
        };
        assert!(elder_applicant(&with_applicant(&id("19661205")), today));
        assert!(!elder_applicant(&with_applicant(&id("19661206")), today));
        assert!(!elder_applicant(&with_applicant("not a number"), today));
        assert!(!elder_applicant(&ApplicationForm::new(), today));
    }
}
