//! `/marriage`: booking marriage registration at any office in the country (issue 8;
//! policy-rules.md §9). Server-rendered steps that work without JavaScript — every step is one
//! `<form>` posting to `/marriage` with what the earlier steps collected in hidden fields, and
//! the server re-parses all of it on every post (`server/src/web/marriage.rs`):
//!
//! service → both parties' documents → pre-check (legal age, different people, no active
//! booking, designated office, cooling-off) → office (search by region name) → date → time →
//! a 10-minute hold → confirm → the booking code, its QR code, what to bring and an .ics file.
//!
//! `/marriage/manage` finds a booking by its code and either party's document number, to cancel
//! or move it. The view data comes from the server in context ([`MarriageView`]).

use domain::message::MessageArg;
use domain::FormErrors;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::select;
use crate::components::title::page_title;
use crate::error::AppError;
use crate::i18n::{client_messages, current_locale, message};
use crate::islands::draft::PrintButton;
use crate::pages::apply::{field_id, group, radios, text_input};
use crate::t;

pub const MARRIAGE_PATH: &str = "/marriage";
pub const MANAGE_PATH: &str = "/marriage/manage";
/// `/marriage/hold/{token}`: the hold awaiting confirmation.
pub const HOLD_PATH: &str = "/marriage/hold";
/// `/marriage/booking/{token}`: the confirmation (and `…/booking.ics`).
pub const BOOKING_PATH: &str = "/marriage/booking";

/// The steps of the booking form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Service,
    Parties,
    Office,
    Date,
    Slot,
}

/// What the form holds: name/value pairs under the field paths the domain reports errors at
/// (`party_a.document_number`, `office`, `date` …).
#[derive(Debug, Clone, Default)]
pub struct Values(pub Vec<(String, String)>);

impl Values {
    pub fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// The fields each step adds, carried as hidden inputs by the later steps.
pub const PARTY_FIELDS: [&str; 6] = [
    "document_kind",
    "document_number",
    "country",
    "name",
    "sex",
    "birth_date",
];

pub fn fields_before(step: Step) -> Vec<String> {
    let mut keys = Vec::new();
    if step > Step::Service {
        keys.push("service".to_owned());
    }
    if step > Step::Parties {
        for party in ["party_a", "party_b"] {
            for f in PARTY_FIELDS {
                keys.push(format!("{party}.{f}"));
            }
        }
        keys.push("mobile".to_owned());
        keys.push("received_on".to_owned());
    }
    if step > Step::Office {
        keys.push("office".to_owned());
    }
    if step > Step::Date {
        keys.push("date".to_owned());
    }
    keys
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeView {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// Province · city · county.
    pub region_path: String,
    pub designated: bool,
    /// The open weekdays (1 = Monday … 7 = Sunday) and their hours ("09:00-17:00").
    pub hours: Vec<(u8, String)>,
}

/// A message to show with its arguments (a rule explained).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub args: Vec<MessageArg>,
}

impl Note {
    pub fn new(id: &str, args: Vec<MessageArg>) -> Self {
        Self {
            id: id.to_owned(),
            args,
        }
    }

    fn text(&self) -> String {
        message(current_locale(), &self.id, &self.args)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOption {
    /// YYYY-MM-DD
    pub date: String,
    /// 1 = Monday … 7 = Sunday
    pub weekday: u8,
    pub remaining: u32,
    pub special: Option<String>,
    /// Why this date cannot be chosen for these parties (shown, and refused if chosen).
    pub warning: Option<Note>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotOption {
    pub start: String,
    pub end: String,
    pub remaining: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartySummary {
    pub name: String,
    pub document: String,
}

/// What the pre-check found: the parties (names, masked documents) and the rules that decide
/// which dates and offices can be offered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Precheck {
    pub parties: Vec<PartySummary>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone)]
pub struct FlowView {
    pub step: Step,
    pub values: Values,
    pub errors: FormErrors,
    pub precheck: Option<Precheck>,
    pub offices: Vec<OfficeView>,
    pub searched: bool,
    pub office: Option<OfficeView>,
    pub dates: Vec<DateOption>,
    pub slots: Vec<SlotOption>,
    /// A failure that is not a field's (too many attempts, a server problem).
    pub failure: Option<AppError>,
}

impl FlowView {
    pub fn start() -> Self {
        Self::at(Step::Service, Values::default())
    }

    pub fn at(step: Step, values: Values) -> Self {
        Self {
            step,
            values,
            errors: FormErrors::new(),
            precheck: None,
            offices: Vec::new(),
            searched: false,
            office: None,
            dates: Vec::new(),
            slots: Vec::new(),
            failure: None,
        }
    }
}

/// A booking as its couple sees it.
#[derive(Debug, Clone)]
pub struct BookingView {
    /// Grouped for reading aloud: `XXXXX-XXXXX`.
    pub code: String,
    pub service: String,
    /// held, booked, cancelled, expired, arrived, no_show, office_closed
    pub status: String,
    pub office: OfficeView,
    pub date: String,
    pub weekday: u8,
    pub start: String,
    pub end: String,
    pub parties: Vec<PartySummary>,
    /// Message ids of what to bring.
    pub bring: Vec<String>,
    pub qr_svg: Option<String>,
    /// China time the hold ends ("HH:MM"), while held.
    pub hold_until: Option<String>,
    /// The capability in the URL of the hold and confirmation pages.
    pub token: Option<String>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Default)]
pub struct ManageView {
    pub code: String,
    /// Kept only after it matched, for the cancel and reschedule forms (a no-store page).
    pub document: String,
    pub errors: FormErrors,
    pub failure: Option<AppError>,
    pub booking: Option<BookingView>,
    pub dates: Vec<DateOption>,
    pub chosen_date: String,
    pub slots: Vec<SlotOption>,
    /// "cancelled" or "rescheduled" after a successful post.
    pub done: Option<String>,
}

#[derive(Debug, Clone)]
pub enum MarriageView {
    Flow(Box<FlowView>),
    Hold(Box<BookingView>),
    Booked(Box<BookingView>),
    Manage(Box<ManageView>),
    /// A hold or confirmation link that leads nowhere (expired, unknown).
    Gone,
}

pub fn service_name(key: &str) -> String {
    match key {
        "marriage" => t!("marriage-service-marriage"),
        "divorce_application" => t!("marriage-service-divorce_application"),
        "divorce_certificate" => t!("marriage-service-divorce_certificate"),
        "replace_marriage_certificate" => t!("marriage-service-replace_marriage_certificate"),
        "replace_divorce_certificate" => t!("marriage-service-replace_divorce_certificate"),
        other => other.to_owned(),
    }
}

fn service_hint(key: &str) -> String {
    match key {
        "marriage" => t!("marriage-service-marriage-hint"),
        "divorce_application" => t!("marriage-service-divorce_application-hint"),
        "divorce_certificate" => t!("marriage-service-divorce_certificate-hint"),
        "replace_marriage_certificate" => t!("marriage-service-replace_marriage_certificate-hint"),
        _ => t!("marriage-service-replace_divorce_certificate-hint"),
    }
}

pub fn weekday_name(weekday: u8) -> String {
    match weekday {
        1 => t!("weekday-1"),
        2 => t!("weekday-2"),
        3 => t!("weekday-3"),
        4 => t!("weekday-4"),
        5 => t!("weekday-5"),
        6 => t!("weekday-6"),
        _ => t!("weekday-7"),
    }
}

pub fn status_name(status: &str) -> String {
    match status {
        "held" => t!("marriage-status-held"),
        "booked" => t!("marriage-status-booked"),
        "cancelled" => t!("marriage-status-cancelled"),
        "expired" => t!("marriage-status-expired"),
        "arrived" => t!("marriage-status-arrived"),
        "no_show" => t!("marriage-status-no_show"),
        _ => t!("marriage-status-office_closed"),
    }
}

fn hidden_fields(values: &Values, keys: &[String]) -> impl IntoView {
    keys.iter()
        .map(|k| view! { <input type="hidden" name=k.clone() value=values.get(k).to_owned()/> })
        .collect_view()
}

pub(crate) fn error_summary(errors: &FormErrors) -> Option<impl IntoView> {
    crate::pages::staff::error_summary(errors)
}

fn failure_banner(failure: &Option<AppError>) -> Option<impl IntoView> {
    failure.as_ref().map(|e| {
        let args = match e {
            AppError::Internal { support_ref } => vec![MessageArg {
                name: "ref".into(),
                value: support_ref.clone(),
            }],
            _ => Vec::new(),
        };
        let text = message(current_locale(), e.message_id(), &args);
        view! { <div class="error-summary" role="alert"><p>{text}</p></div> }
    })
}

fn step_number(step: Step) -> u8 {
    match step {
        Step::Service => 1,
        Step::Parties => 2,
        Step::Office => 3,
        Step::Date => 4,
        Step::Slot => 5,
    }
}

fn back_button(to: Step) -> impl IntoView {
    let value = match to {
        Step::Service => "to-service",
        Step::Parties => "to-parties",
        Step::Office => "to-office",
        Step::Date => "to-date",
        Step::Slot => "to-slot",
    };
    view! { <button class="button button--secondary" type="submit" name="action" value=value formnovalidate=true>{t!("marriage-back")}</button> }
}

fn service_step(v: &FlowView) -> impl IntoView {
    let options = domain::marriage::MarriageService::ALL
        .into_iter()
        .map(|s| {
            (
                s.key().to_owned(),
                format!("{} — {}", service_name(s.key()), service_hint(s.key())),
            )
        })
        .collect();
    view! {
        {radios(&v.errors, "service", t!("marriage-service-legend"), Some(t!("marriage-service-hint")), options, v.values.get("service"), false)}
        <button class="button" type="submit" name="action" value="service">{t!("marriage-continue")}</button>
    }
}

fn document_kinds() -> Vec<(String, String)> {
    [
        ("resident_id", t!("marriage-doc-resident_id")),
        ("hk_macao_permit", t!("marriage-doc-hk_macao_permit")),
        ("taiwan_permit", t!("marriage-doc-taiwan_permit")),
        ("residence_permit", t!("marriage-doc-residence_permit")),
        (
            "permanent_residence",
            t!("marriage-doc-permanent_residence"),
        ),
        ("foreign_passport", t!("marriage-doc-foreign_passport")),
    ]
    .into_iter()
    .map(|(k, l)| (k.to_owned(), l))
    .collect()
}

fn party_fields(v: &FlowView, party: &'static str, legend: String) -> impl IntoView {
    let name = |f: &str| format!("{party}.{f}");
    let kind_name = name("document_kind");
    let kind = v.values.get(&kind_name);
    let kind = if kind.is_empty() { "resident_id" } else { kind };
    let open_more = kind != "resident_id"
        || !v.values.get(&name("sex")).is_empty()
        || ["sex", "birth_date", "country"]
            .iter()
            .any(|f| v.errors.for_field(&name(f)).is_some());
    view! {
        <fieldset class="fieldset party">
            <legend class="fieldset__legend fieldset__legend--m">{legend}</legend>
            {group(&v.errors, &name("name"), t!("marriage-party-name"), None,
                text_input(&v.errors, &name("name"), v.values.get(&name("name")), "text", "input--width-20", "off"))}
            {group(&v.errors, &kind_name, t!("marriage-party-document-kind"), None,
                select(&kind_name, kind, document_kinds(), ""))}
            {group(&v.errors, &name("document_number"), t!("marriage-party-document-number"), Some(t!("marriage-party-document-number-hint")),
                text_input(&v.errors, &name("document_number"), v.values.get(&name("document_number")), "text", "input--width-20", "off"))}
            <details class="details" open=open_more>
                <summary class="details__summary">{t!("marriage-party-more")}</summary>
                <div class="details__text">
                    {group(&v.errors, &name("country"), t!("marriage-party-country"), Some(t!("marriage-party-country-hint")),
                        text_input(&v.errors, &name("country"), v.values.get(&name("country")), "text", "input--width-4", "off"))}
                    {group(&v.errors, &name("sex"), t!("marriage-party-sex"), None,
                        select(&name("sex"), v.values.get(&name("sex")), vec![
                            (String::new(), t!("marriage-party-sex-choose")),
                            ("male".to_owned(), t!("marriage-party-sex-male")),
                            ("female".to_owned(), t!("marriage-party-sex-female")),
                        ], ""))}
                    {group(&v.errors, &name("birth_date"), t!("marriage-party-birth-date"), Some(t!("marriage-date-hint")),
                        text_input(&v.errors, &name("birth_date"), v.values.get(&name("birth_date")), "numeric", "input--width-10", "off"))}
                </div>
            </details>
        </fieldset>
    }
}

fn parties_step(v: &FlowView) -> impl IntoView {
    let service = v.values.get("service").to_owned();
    let both = !service.starts_with("replace_");
    let first = if both {
        t!("marriage-party-a")
    } else {
        t!("marriage-party-self")
    };
    view! {
        <p class="service-chosen">{t!("marriage-service-chosen")}" "<strong>{service_name(&service)}</strong></p>
        <p class="hint">{t!("marriage-parties-intro")}</p>
        {party_fields(v, "party_a", first)}
        {both.then(|| party_fields(v, "party_b", t!("marriage-party-b")))}
        {(service == "divorce_certificate").then(|| group(&v.errors, "received_on", t!("marriage-received-on"), Some(t!("marriage-received-on-hint")),
            text_input(&v.errors, "received_on", v.values.get("received_on"), "numeric", "input--width-10", "off")))}
        {group(&v.errors, "mobile", t!("marriage-mobile"), Some(t!("marriage-mobile-hint")),
            text_input(&v.errors, "mobile", v.values.get("mobile"), "tel", "input--width-10", "tel"))}
        <div class="button-group">
            <button class="button" type="submit" name="action" value="parties">{t!("marriage-check")}</button>
            {back_button(Step::Service)}
        </div>
    }
}

fn precheck_panel(p: &Precheck) -> impl IntoView {
    let parties = p
        .parties
        .iter()
        .map(|s| view! { <li>{s.name.clone()}" · "{s.document.clone()}</li> })
        .collect_view();
    let notes = p
        .notes
        .iter()
        .map(|n| view! { <li>{n.text()}</li> })
        .collect_view();
    view! {
        <div class="panel panel--check">
            <h2 class="heading-s">{t!("marriage-precheck-passed")}</h2>
            <ul class="list">{parties}</ul>
            <ul class="list list--bullet">{notes}</ul>
        </div>
    }
}

/// Opening hours with runs of weekdays that share their hours folded ("周一至周五 09:00-17:00").
fn hours_lines(hours: &[(u8, String)]) -> Vec<String> {
    let mut runs: Vec<(u8, u8, &str)> = Vec::new();
    for (day, h) in hours {
        match runs.last_mut() {
            Some((_, last, hh)) if *last + 1 == *day && *hh == h.as_str() => *last = *day,
            _ => runs.push((*day, *day, h.as_str())),
        }
    }
    runs.into_iter()
        .map(|(first, last, h)| {
            let days = if first == last {
                weekday_name(first)
            } else {
                crate::pages::apply::tr_args(
                    "marriage-hours-range",
                    &[("from", weekday_name(first)), ("to", weekday_name(last))],
                )
            };
            format!("{days} {h}")
        })
        .collect()
}

pub fn office_card(o: &OfficeView) -> impl IntoView {
    let hours = hours_lines(&o.hours)
        .into_iter()
        .map(|line| view! { <li>{line}</li> })
        .collect_view();
    view! {
        <div class="office">
            <p class="office__name"><strong lang=crate::locale::DATA_LANG>{o.name.clone()}</strong>
                {o.designated.then(|| view! { " "<span class="tag">{t!("marriage-office-designated")}</span> })}
            </p>
            <p class="office__region" lang=crate::locale::DATA_LANG>{o.region_path.clone()}</p>
            <p class="office__address" lang=crate::locale::DATA_LANG>{o.address.clone()}</p>
            {(!o.phone.is_empty()).then(|| view! { <p class="office__phone">{t!("marriage-office-phone")}" "{o.phone.clone()}</p> })}
            <ul class="list office__hours">{hours}</ul>
        </div>
    }
}

fn office_step(v: &FlowView) -> impl IntoView {
    let query = v.values.get("q").to_owned();
    let chosen = v.values.get("office").to_owned();
    let list = v
        .offices
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let id = if k == 0 {
                field_id("office")
            } else {
                format!("field-office-{k}")
            };
            let value = o.id.to_string();
            let checked = value == chosen;
            view! {
                <div class="radios__item radios__item--card">
                    <input class="radios__input" type="radio" id=id.clone() name="office" value=value checked=checked/>
                    <label class="radios__label" for=id>{office_card(o)}</label>
                </div>
            }
        })
        .collect_view();
    let error = v
        .errors
        .for_field("office")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    view! {
        {group(&v.errors, "q", t!("marriage-office-search"), Some(t!("marriage-office-search-hint")),
            view! {
                <div class="search">
                    {text_input(&v.errors, "q", &query, "search", "input--width-20", "off")}
                    <button class="button button--secondary" type="submit" name="action" value="search">{t!("marriage-office-search-button")}</button>
                </div>
            })}
        {(v.searched && v.offices.is_empty()).then(|| view! { <p class="hint">{t!("marriage-office-none")}</p> })}
        {(!v.offices.is_empty()).then(|| view! {
            <div class=crate::pages::apply::group_class(error.is_some())>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{t!("marriage-office-legend")}</legend>
                    {error.clone().map(|m| view! { <p class="error-message" id="field-office-error">{m}</p> })}
                    <div class="radios">{list}</div>
                </fieldset>
            </div>
            <button class="button" type="submit" name="action" value="office">{t!("marriage-continue")}</button>
        })}
        {(v.offices.is_empty() && error.is_some()).then(|| view! { <p class="error-message" id="field-office">{error.clone()}</p> })}
        <div class="button-group">{back_button(Step::Parties)}</div>
    }
}

fn date_label(d: &DateOption) -> String {
    format!("{} {}", d.date, weekday_name(d.weekday))
}

fn date_step(v: &FlowView) -> impl IntoView {
    let chosen = v.values.get("date").to_owned();
    let error = v
        .errors
        .for_field("date")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let list = date_radios(&v.dates, &chosen);
    let date_class = crate::pages::apply::group_class(error.is_some());
    view! {
        {v.office.as_ref().map(office_card)}
        <div class=date_class>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{t!("marriage-date-legend")}</legend>
                <p class="hint">{t!("marriage-date-legend-hint")}</p>
                {error.map(|m| view! { <p class="error-message" id="field-date-error">{m}</p> })}
                {v.dates.is_empty().then(|| view! { <p class="hint" id="field-date">{t!("marriage-date-none")}</p> })}
                <div class="radios radios--dates">{list}</div>
            </fieldset>
        </div>
        <div class="button-group">
            {(!v.dates.is_empty()).then(|| view! { <button class="button" type="submit" name="action" value="date">{t!("marriage-continue")}</button> })}
            {back_button(Step::Office)}
        </div>
    }
}

fn date_radios(dates: &[DateOption], chosen: &str) -> impl IntoView {
    dates
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let id = if k == 0 {
                field_id("date")
            } else {
                format!("field-date-{k}")
            };
            let full = d.remaining == 0;
            let label = date_label(d);
            let remaining = if full {
                t!("marriage-date-full")
            } else {
                crate::pages::apply::tr_args(
                    "marriage-date-remaining",
                    &[("count", d.remaining.to_string())],
                )
            };
            view! {
                <div class="radios__item">
                    <input class="radios__input" type="radio" id=id.clone() name="date" value=d.date.clone()
                        checked=d.date == chosen disabled=full/>
                    <label class="radios__label" for=id>
                        <span class="date__day">{label}</span>
                        {d.special.clone().map(|s| view! { " "<span class="tag tag--special">{s}</span> })}
                        <span class="hint date__remaining">{remaining}</span>
                        {d.warning.as_ref().map(|w| view! { <span class="date__warning">{w.text()}</span> })}
                    </label>
                </div>
            }
        })
        .collect_view()
}

fn slot_radios(slots: &[SlotOption], chosen: &str) -> impl IntoView {
    slots
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let id = if k == 0 {
                field_id("slot")
            } else {
                format!("field-slot-{k}")
            };
            let full = s.remaining == 0;
            let remaining = if full {
                t!("marriage-date-full")
            } else {
                crate::pages::apply::tr_args(
                    "marriage-date-remaining",
                    &[("count", s.remaining.to_string())],
                )
            };
            view! {
                <div class="radios__item">
                    <input class="radios__input" type="radio" id=id.clone() name="slot" value=s.start.clone()
                        checked=s.start == chosen disabled=full/>
                    <label class="radios__label" for=id>
                        {format!("{}–{}", s.start, s.end)}" "<span class="hint">{remaining}</span>
                    </label>
                </div>
            }
        })
        .collect_view()
}

fn slot_step(v: &FlowView) -> impl IntoView {
    let chosen = v.values.get("slot").to_owned();
    let error = v
        .errors
        .for_field("slot")
        .map(|e| message(current_locale(), &e.message_id, &e.args));
    let slot_class = crate::pages::apply::group_class(error.is_some());
    view! {
        {v.office.as_ref().map(office_card)}
        <p><strong>{t!("marriage-date-chosen")}" "{v.values.get("date").to_owned()}</strong></p>
        <div class=slot_class>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">{t!("marriage-slot-legend")}</legend>
                {error.map(|m| view! { <p class="error-message" id="field-slot-error">{m}</p> })}
                <div class="radios radios--slots">{slot_radios(&v.slots, &chosen)}</div>
            </fieldset>
        </div>
        <input type="hidden" name="hold_key" value=v.values.get("hold_key").to_owned()/>
        <p class="hint">{t!("marriage-slot-hold-hint")}</p>
        <div class="button-group">
            <button class="button" type="submit" name="action" value="slot">{t!("marriage-slot-hold")}</button>
            {back_button(Step::Date)}
        </div>
    }
}

fn flow_page(v: FlowView) -> impl IntoView {
    let heading = t!("service-marriage-title");
    let title = page_title(&heading, !v.errors.is_empty());
    let step_of = crate::pages::apply::tr_args(
        "marriage-step-of",
        &[
            ("n", step_number(v.step).to_string()),
            ("total", "5".to_owned()),
        ],
    );
    let step_title = match v.step {
        Step::Service => t!("marriage-step-service"),
        Step::Parties => t!("marriage-step-parties"),
        Step::Office => t!("marriage-step-office"),
        Step::Date => t!("marriage-step-date"),
        Step::Slot => t!("marriage-step-slot"),
    };
    let carried = hidden_fields(&v.values, &fields_before(v.step));
    let body = match v.step {
        Step::Service => service_step(&v).into_any(),
        Step::Parties => parties_step(&v).into_any(),
        Step::Office => office_step(&v).into_any(),
        Step::Date => date_step(&v).into_any(),
        Step::Slot => slot_step(&v).into_any(),
    };
    view! {
        <Title text=title/>
        <div class="marriage">
            <p class="caption">{step_of}</p>
            <h1 class="heading-l">{heading}</h1>
            {(v.step == Step::Service).then(|| view! {
                <p class="lead">{t!("marriage-lead")}</p>
                <p class="legal-basis">{t!("marriage-legal-basis")}</p>
                <p><a class="link" href=MANAGE_PATH>{t!("marriage-manage-link")}</a></p>
            })}
            {failure_banner(&v.failure)}
            {error_summary(&v.errors)}
            {v.precheck.as_ref().filter(|_| v.step >= Step::Office).map(precheck_panel)}
            <form method="post" action=MARRIAGE_PATH novalidate=true>
                <h2 class="heading-m">{step_title}</h2>
                {carried}
                {body}
            </form>
        </div>
    }
}

fn booking_summary(b: &BookingView) -> impl IntoView {
    let parties = b
        .parties
        .iter()
        .map(|p| view! { <li>{p.name.clone()}" · "{p.document.clone()}</li> })
        .collect_view();
    view! {
        <dl class="summary-list">
            <div class="summary-list__row"><dt>{t!("marriage-summary-service")}</dt><dd>{service_name(&b.service)}</dd></div>
            <div class="summary-list__row"><dt>{t!("marriage-summary-when")}</dt>
                <dd>{format!("{} {} {}–{}", b.date, weekday_name(b.weekday), b.start, b.end)}</dd></div>
            <div class="summary-list__row"><dt>{t!("marriage-summary-where")}</dt><dd>{office_card(&b.office)}</dd></div>
            <div class="summary-list__row"><dt>{t!("marriage-summary-parties")}</dt><dd><ul class="list">{parties}</ul></dd></div>
            <div class="summary-list__row"><dt>{t!("marriage-summary-status")}</dt><dd>{status_name(&b.status)}</dd></div>
        </dl>
    }
}

fn bring_list(b: &BookingView) -> impl IntoView {
    let locale = current_locale();
    let items = b
        .bring
        .iter()
        .map(|id| view! { <li>{message(locale, id, &[])}</li> })
        .collect_view();
    view! {
        <h2 class="heading-m">{t!("marriage-bring-title")}</h2>
        <ul class="list list--bullet">{items}</ul>
    }
}

fn hold_page(b: BookingView) -> impl IntoView {
    let heading = t!("marriage-hold-title");
    let token = b.token.clone().unwrap_or_default();
    let until = b.hold_until.clone().unwrap_or_default();
    view! {
        <Title text=page_title(&heading, false)/>
        <h1 class="heading-l">{heading}</h1>
        <div class="panel panel--hold" role="status">
            {crate::pages::apply::tr_args("marriage-hold-until", &[("time", until)])}
        </div>
        {booking_summary(&b)}
        {bring_list(&b)}
        <form method="post" action=format!("{HOLD_PATH}/{token}")>
            <p class="hint">{t!("marriage-hold-confirm-hint")}</p>
            <div class="button-group">
                <button class="button" type="submit" name="action" value="confirm">{t!("marriage-hold-confirm")}</button>
                <button class="button button--secondary" type="submit" name="action" value="release">{t!("marriage-hold-release")}</button>
            </div>
        </form>
    }
}

fn booked_page(b: BookingView) -> impl IntoView {
    let heading = t!("marriage-booked-title");
    let token = b.token.clone().unwrap_or_default();
    let notes = b
        .notes
        .iter()
        .map(|n| view! { <li>{n.text()}</li> })
        .collect_view();
    let active = b.status == "booked";
    let print_texts = client_messages(current_locale(), &["apply-print"]).into();
    view! {
        <Title text=page_title(&heading, false)/>
        <div class=if active { "panel panel--confirmation" } else { "panel" }>
            <h1 class="panel__title">{if active { heading.clone() } else { status_name(&b.status) }}</h1>
            <div class="panel__body">
                {t!("marriage-booked-code")}<br/>
                <strong class="booking-code" data-testid="booking-code">{b.code.clone()}</strong>
            </div>
        </div>
        {(active).then(|| b.qr_svg.clone().map(|svg| view! {
            <figure class="booking-qr">
                <div class="qr" role="img" aria-label=t!("marriage-booked-qr-label") inner_html=svg></div>
                <figcaption class="hint">{t!("marriage-booked-qr-hint")}</figcaption>
            </figure>
        }))}
        {booking_summary(&b)}
        {bring_list(&b)}
        <ul class="list list--bullet">{notes}</ul>
        <h2 class="heading-m">{t!("marriage-booked-next")}</h2>
        <p>{t!("marriage-booked-sms")}</p>
        <p>{t!("marriage-booked-manage")}" "<a class="link" href=MANAGE_PATH>{t!("marriage-manage-link")}</a></p>
        <div class="button-group no-print">
            {active.then(|| view! { <a class="button button--secondary" href=format!("{BOOKING_PATH}/{token}/booking.ics") download="marriage-booking.ics">{t!("marriage-booked-ics")}</a> })}
            <PrintButton texts=print_texts/>
        </div>
    }
}

fn manage_page(m: ManageView) -> impl IntoView {
    let heading = t!("marriage-manage-title");
    let title = page_title(&heading, !m.errors.is_empty());
    let done = m.done.clone().map(|d| {
        let text = if d == "cancelled" {
            t!("marriage-manage-cancelled")
        } else {
            t!("marriage-manage-rescheduled")
        };
        view! { <div class="panel panel--confirmation" role="status"><p class="panel__body">{text}</p></div> }
    });
    let lookup = view! {
        <form method="post" action=MANAGE_PATH novalidate=true>
            {group(&m.errors, "code", t!("marriage-manage-code"), Some(t!("marriage-manage-code-hint")),
                text_input(&m.errors, "code", &m.code, "text", "input--width-10", "off"))}
            {group(&m.errors, "document_number", t!("marriage-manage-document"), Some(t!("marriage-manage-document-hint")),
                text_input(&m.errors, "document_number", if m.booking.is_some() { &m.document } else { "" }, "text", "input--width-20", "off"))}
            <button class="button" type="submit" name="action" value="find">{t!("marriage-manage-find")}</button>
        </form>
    };
    let details = m.booking.clone().map(|b| {
        let active = b.status == "booked";
        let code = m.code.clone();
        let document = m.document.clone();
        let hidden = move || {
            view! {
                <input type="hidden" name="code" value=code.clone()/>
                <input type="hidden" name="document_number" value=document.clone()/>
            }
        };
        let chosen = m.chosen_date.clone();
        let error_date = m
            .errors
            .for_field("date")
            .or(m.errors.for_field("slot"))
            .map(|e| message(current_locale(), &e.message_id, &e.args));
        view! {
            {booking_summary(&b)}
            {active.then(|| view! {
                <h2 class="heading-m">{t!("marriage-manage-reschedule")}</h2>
                <form method="post" action=MANAGE_PATH novalidate=true>
                    {hidden()}
                    {error_date.map(|msg| view! { <p class="error-message">{msg}</p> })}
                    {if m.slots.is_empty() {
                        view! {
                            <fieldset class="fieldset">
                                <legend class="fieldset__legend">{t!("marriage-date-legend")}</legend>
                                <div class="radios radios--dates">{date_radios(&m.dates, &chosen)}</div>
                            </fieldset>
                            <button class="button button--secondary" type="submit" name="action" value="dates">{t!("marriage-continue")}</button>
                        }.into_any()
                    } else {
                        view! {
                            <input type="hidden" name="date" value=chosen.clone()/>
                            <p><strong>{t!("marriage-date-chosen")}" "{chosen.clone()}</strong></p>
                            <fieldset class="fieldset">
                                <legend class="fieldset__legend">{t!("marriage-slot-legend")}</legend>
                                <div class="radios radios--slots">{slot_radios(&m.slots, "")}</div>
                            </fieldset>
                            <button class="button" type="submit" name="action" value="reschedule">{t!("marriage-manage-reschedule-button")}</button>
                        }.into_any()
                    }}
                </form>
                <h2 class="heading-m">{t!("marriage-manage-cancel")}</h2>
                <form method="post" action=MANAGE_PATH>
                    {hidden()}
                    <p class="hint">{t!("marriage-manage-cancel-hint")}</p>
                    <button class="button button--warning" type="submit" name="action" value="cancel">{t!("marriage-manage-cancel-button")}</button>
                </form>
            })}
        }
    });
    view! {
        <Title text=title/>
        <h1 class="heading-l">{heading}</h1>
        {done}
        {failure_banner(&m.failure)}
        {error_summary(&m.errors)}
        {if m.booking.is_some() { details.into_any() } else { lookup.into_any() }}
    }
}

/// Every `/marriage…` page.
#[component]
pub fn MarriagePage() -> impl IntoView {
    match use_context::<MarriageView>() {
        None => flow_page(FlowView::start()).into_any(),
        Some(MarriageView::Flow(v)) => flow_page(*v).into_any(),
        Some(MarriageView::Hold(b)) => hold_page(*b).into_any(),
        Some(MarriageView::Booked(b)) => booked_page(*b).into_any(),
        Some(MarriageView::Manage(m)) => manage_page(*m).into_any(),
        Some(MarriageView::Gone) => {
            let heading = t!("marriage-gone-title");
            view! {
                <Title text=page_title(&heading, false)/>
                <h1 class="heading-l">{heading}</h1>
                <p>{t!("marriage-gone-text")}</p>
                <p><a class="button" href=MARRIAGE_PATH>{t!("marriage-gone-again")}</a></p>
            }
            .into_any()
        }
    }
}
