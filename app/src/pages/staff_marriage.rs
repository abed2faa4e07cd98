//! The marriage registration desk for staff (issue 8): the day's roster of an office, check-in
//! by booking code (typed, or scanned from the couple's QR code by a scanner that types it),
//! no-show marking and closing a day (`/staff/marriage`); the office's details, weekly
//! schedule, special dates and closures (`/staff/marriage/offices/{id}`, administrators).
//! Rendered by `server/src/web/staff_marriage.rs` with the data in context.

use domain::booking::{ScheduleForm, SpecialDateForm, DAY_KEYS};
use domain::office::OfficeForm;
use domain::FormErrors;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::StaffIdentity;
use crate::i18n::{client_messages, current_locale, message};
use crate::islands::scanner::QrScanner;
use crate::islands::MessageTemplates;
use crate::pages::apply::{group, text_input};
use crate::pages::marriage::{office_card, service_name, status_name, OfficeView};
use crate::pages::staff::{error_summary, staff_bar};
use crate::t;

pub const ROSTER_PATH: &str = "/staff/marriage";
pub const CHECK_IN_PATH: &str = "/staff/marriage/check-in";
pub const NO_SHOW_PATH: &str = "/staff/marriage/no-show";
pub const CLOSE_DAY_PATH: &str = "/staff/marriage/close-day";
pub const OFFICES_PATH: &str = "/staff/marriage/offices";

#[derive(Debug, Clone)]
pub struct RosterRow {
    pub id: i64,
    pub code: String,
    pub service: String,
    pub start: String,
    pub end: String,
    pub status: String,
    /// Full names: the registrar compares them with the documents at the counter.
    pub names: Vec<String>,
    pub documents: Vec<String>,
    pub handled_by: Option<String>,
    /// Whether the slot has begun (no-show can be marked).
    pub started: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RosterView {
    /// Offices in the member's jurisdiction: (id, name).
    pub offices: Vec<(i64, String)>,
    pub office: Option<OfficeView>,
    pub date: String,
    pub today: String,
    pub rows: Vec<RosterRow>,
    /// The closure of this day, if closed: its reason.
    pub closed: Option<String>,
    pub code: String,
    pub closure_date: String,
    pub closure_reason: String,
    pub errors: FormErrors,
    /// Message id of what just happened.
    pub flash: Option<String>,
    pub can_edit: bool,
}

#[derive(Debug, Clone, Default)]
pub struct OfficeEditView {
    pub office: Option<OfficeView>,
    pub details: OfficeForm,
    pub schedule: ScheduleForm,
    pub special: SpecialDateForm,
    /// Upcoming special dates: (date, label, hours, quota, release day).
    pub specials: Vec<(String, String, String, i64, String)>,
    /// Upcoming closures: (date, reason).
    pub closures: Vec<(String, String)>,
    pub errors: FormErrors,
    pub flash: Option<String>,
}

fn flash_panel(flash: &Option<String>) -> Option<impl IntoView> {
    flash.as_ref().map(|id| {
        let text = message(current_locale(), id, &[]);
        view! { <div class="panel panel--confirmation" role="status"><p class="panel__body">{text}</p></div> }
    })
}

fn csrf_field(me: &StaffIdentity) -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=me.csrf.clone()/> }
}

pub fn roster_page(me: StaffIdentity, v: RosterView) -> impl IntoView {
    let heading = t!("staff-marriage-title");
    let office_id = v.office.as_ref().map(|o| o.id).unwrap_or_default();
    let office_options = v
        .offices
        .iter()
        .map(|(id, name)| {
            view! { <option value=id.to_string() selected=*id == office_id>{name.clone()}</option> }
        })
        .collect_view();
    let rows = v
        .rows
        .iter()
        .map(|r| {
            let names = r.names.join("、");
            let docs = r.documents.join("、");
            let booked = r.status == "booked";
            let me2 = me.clone();
            view! {
                <tr data-code=r.code.clone() data-status=r.status.clone()>
                    <td>{format!("{}–{}", r.start, r.end)}</td>
                    <td>{service_name(&r.service)}</td>
                    <td><code>{r.code.clone()}</code></td>
                    <td>{names}<br/><span class="hint">{docs}</span></td>
                    <td>{status_name(&r.status)}{r.handled_by.clone().map(|h| view! { <br/><span class="hint">{h}</span> })}</td>
                    <td>
                        {(booked && r.started).then(|| view! {
                            <form method="post" action=NO_SHOW_PATH>
                                {csrf_field(&me2)}
                                <input type="hidden" name="booking" value=r.id.to_string()/>
                                <input type="hidden" name="office" value=office_id.to_string()/>
                                <input type="hidden" name="date" value=v.date.clone()/>
                                <button class="button button--secondary button--small" type="submit">{t!("staff-marriage-no-show")}</button>
                            </form>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let is_today = v.date == v.today;
    let scanner_texts: MessageTemplates =
        client_messages(current_locale(), crate::islands::scanner::TEXT_IDS).into();
    view! {
        <Title text=heading.clone()/>
        {staff_bar(&me)}
        <h1 class="heading-l">{heading}</h1>
        {flash_panel(&v.flash)}
        {error_summary(&v.errors)}
        <form method="get" action=ROSTER_PATH class="filters">
            <div class="form-group">
                <label class="label" for="field-office">{t!("staff-marriage-office")}</label>
                <select class="select" id="field-office" name="office">{office_options}</select>
            </div>
            <div class="form-group">
                <label class="label" for="field-date">{t!("staff-marriage-date")}</label>
                <input class="input input--w10" id="field-date" name="date" type="date" value=v.date.clone()/>
            </div>
            <button class="button button--secondary" type="submit">{t!("staff-marriage-show")}</button>
        </form>
        {v.office.as_ref().map(office_card)}
        {v.can_edit.then(|| view! {
            <p><a class="link" href=format!("{OFFICES_PATH}/{office_id}")>{t!("staff-marriage-edit-office")}</a></p>
        })}
        {v.closed.clone().map(|reason| view! {
            <div class="panel panel--warning" role="status">
                <p>{crate::pages::apply::tr_args("staff-marriage-closed", &[("reason", reason)])}</p>
            </div>
        })}
        {is_today.then(|| view! {
            <form method="post" action=CHECK_IN_PATH class="check-in" novalidate=true>
                {csrf_field(&me)}
                <input type="hidden" name="office" value=office_id.to_string()/>
                {group(&v.errors, "code", t!("staff-marriage-check-in-code"), Some(t!("staff-marriage-check-in-hint")),
                    text_input(&v.errors, "code", &v.code, "text", "input--width-10", "off"))}
                <div class="button-group">
                    <button class="button" type="submit">{t!("staff-marriage-check-in")}</button>
                    <QrScanner texts=scanner_texts.clone() input_id="field-code".to_owned()/>
                </div>
            </form>
        })}
        <h2 class="heading-m">{crate::pages::apply::tr_args("staff-marriage-roster-of", &[("date", v.date.clone()), ("count", v.rows.len().to_string())])}</h2>
        {if v.rows.is_empty() {
            view! { <p class="hint">{t!("staff-marriage-roster-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-marriage-title")><table class="table roster">
                    <thead><tr>
                        <th scope="col">{t!("staff-marriage-col-time")}</th>
                        <th scope="col">{t!("staff-marriage-col-service")}</th>
                        <th scope="col">{t!("staff-marriage-col-code")}</th>
                        <th scope="col">{t!("staff-marriage-col-parties")}</th>
                        <th scope="col">{t!("staff-marriage-col-status")}</th>
                        <th scope="col"><span class="visually-hidden">{t!("staff-marriage-col-actions")}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
        {(v.closed.is_none()).then(|| view! {
            <h2 class="heading-m">{t!("staff-marriage-close-title")}</h2>
            <p class="hint">{t!("staff-marriage-close-hint")}</p>
            <form method="post" action=CLOSE_DAY_PATH novalidate=true>
                {csrf_field(&me)}
                <input type="hidden" name="office" value=office_id.to_string()/>
                {group(&v.errors, "closure.date", t!("staff-marriage-date"), None,
                    text_input(&v.errors, "closure.date", if v.closure_date.is_empty() { &v.date } else { &v.closure_date }, "numeric", "input--width-10", "off"))}
                {group(&v.errors, "closure.reason", t!("staff-marriage-close-reason"), None,
                    text_input(&v.errors, "closure.reason", &v.closure_reason, "text", "input--width-20", "off"))}
                <button class="button button--warning" type="submit">{t!("staff-marriage-close-button")}</button>
            </form>
        })}
    }
}

fn schedule_fields(errors: &FormErrors, s: &ScheduleForm) -> impl IntoView {
    let days = DAY_KEYS
        .iter()
        .enumerate()
        .map(|(i, key)| {
            let value = [&s.mon, &s.tue, &s.wed, &s.thu, &s.fri, &s.sat, &s.sun][i].clone();
            group(
                errors,
                key,
                crate::pages::marriage::weekday_name(i as u8 + 1),
                None,
                text_input(errors, key, &value, "text", "input--width-10", "off"),
            )
        })
        .collect_view();
    let caps = [
        ("cap_marriage", "marriage", &s.cap_marriage),
        (
            "cap_divorce_application",
            "divorce_application",
            &s.cap_divorce_application,
        ),
        (
            "cap_divorce_certificate",
            "divorce_certificate",
            &s.cap_divorce_certificate,
        ),
        (
            "cap_replace_marriage",
            "replace_marriage_certificate",
            &s.cap_replace_marriage,
        ),
        (
            "cap_replace_divorce",
            "replace_divorce_certificate",
            &s.cap_replace_divorce,
        ),
    ]
    .into_iter()
    .map(|(field, service, value)| {
        group(
            errors,
            field,
            service_name(service),
            None,
            text_input(errors, field, value, "numeric", "input--width-4", "off"),
        )
    })
    .collect_view();
    view! {
        <fieldset class="fieldset">
            <legend class="fieldset__legend">{t!("staff-office-hours")}</legend>
            <p class="hint">{t!("staff-office-hours-hint")}</p>
            {days}
        </fieldset>
        {group(errors, "slot_minutes", t!("staff-office-slot-minutes"), None,
            text_input(errors, "slot_minutes", &s.slot_minutes, "numeric", "input--width-4", "off"))}
        <fieldset class="fieldset">
            <legend class="fieldset__legend">{t!("staff-office-capacity")}</legend>
            <p class="hint">{t!("staff-office-capacity-hint")}</p>
            {caps}
        </fieldset>
        {group(errors, "min_days_ahead", t!("staff-office-min-days"), None,
            text_input(errors, "min_days_ahead", &s.min_days_ahead, "numeric", "input--width-4", "off"))}
        {group(errors, "max_days_ahead", t!("staff-office-max-days"), None,
            text_input(errors, "max_days_ahead", &s.max_days_ahead, "numeric", "input--width-4", "off"))}
    }
}

pub fn office_page(me: StaffIdentity, v: OfficeEditView) -> impl IntoView {
    let heading = t!("staff-office-title");
    let id = v.office.as_ref().map(|o| o.id).unwrap_or_default();
    let action = format!("{OFFICES_PATH}/{id}");
    let specials = v
        .specials
        .iter()
        .map(|(date, label, hours, quota, release)| {
            let me2 = me.clone();
            view! {
                <tr>
                    <td>{date.clone()}</td><td>{label.clone()}</td>
                    <td>{if hours.is_empty() { t!("staff-office-special-usual-hours") } else { hours.clone() }}</td>
                    <td>{quota.to_string()}</td><td>{release.clone()}</td>
                    <td>
                        <form method="post" action=format!("{OFFICES_PATH}/{id}/special/delete")>
                            {csrf_field(&me2)}
                            <input type="hidden" name="date" value=date.clone()/>
                            <button class="button button--secondary button--small" type="submit">{t!("staff-office-remove")}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let closures = v
        .closures
        .iter()
        .map(|(date, reason)| {
            let me2 = me.clone();
            view! {
                <tr>
                    <td>{date.clone()}</td><td>{reason.clone()}</td>
                    <td>
                        <form method="post" action=format!("{OFFICES_PATH}/{id}/reopen")>
                            {csrf_field(&me2)}
                            <input type="hidden" name="date" value=date.clone()/>
                            <button class="button button--secondary button--small" type="submit">{t!("staff-office-reopen")}</button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let sp = v.special.clone();
    view! {
        <Title text=heading.clone()/>
        {staff_bar(&me)}
        <p><a class="link" href=format!("{ROSTER_PATH}?office={id}")>{t!("staff-office-back")}</a></p>
        <h1 class="heading-l">{heading}</h1>
        {flash_panel(&v.flash)}
        {error_summary(&v.errors)}
        // As residents see it now.
        {v.office.as_ref().map(office_card)}
        <form method="post" action=action.clone() novalidate=true>
            {csrf_field(&me)}
            {group(&v.errors, "name", t!("staff-office-name"), None,
                text_input(&v.errors, "name", &v.details.name, "text", "input--width-30", "off"))}
            {group(&v.errors, "address", t!("staff-office-address"), None,
                text_input(&v.errors, "address", &v.details.address, "text", "input--width-30", "off"))}
            {group(&v.errors, "phone", t!("staff-office-phone"), None,
                text_input(&v.errors, "phone", &v.details.phone, "tel", "input--width-20", "off"))}
            <div class="checkboxes">
                <div class="checkboxes__item">
                    <input class="checkboxes__input" type="checkbox" id="field-active" name="active" value="1" checked=v.details.active == "1"/>
                    <label class="checkboxes__label" for="field-active">{t!("staff-office-active")}</label>
                </div>
            </div>
            {schedule_fields(&v.errors, &v.schedule)}
            <button class="button" type="submit">{t!("staff-office-save")}</button>
        </form>
        <h2 class="heading-m">{t!("staff-office-specials")}</h2>
        <p class="hint">{t!("staff-office-specials-hint")}</p>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-office-specials")><table class="table">
            <thead><tr>
                <th scope="col">{t!("staff-marriage-date")}</th><th scope="col">{t!("staff-office-special-label")}</th>
                <th scope="col">{t!("staff-office-special-hours")}</th><th scope="col">{t!("staff-office-special-quota")}</th>
                <th scope="col">{t!("staff-office-special-release")}</th><th scope="col"><span class="visually-hidden">{t!("staff-marriage-col-actions")}</span></th>
            </tr></thead>
            <tbody>{specials}</tbody>
        </table></div>
        <form method="post" action=format!("{action}/special") novalidate=true>
            {csrf_field(&me)}
            {group(&v.errors, "special.date", t!("staff-marriage-date"), None,
                text_input(&v.errors, "special.date", &sp.date, "numeric", "input--width-10", "off"))}
            {group(&v.errors, "special.label", t!("staff-office-special-label"), None,
                text_input(&v.errors, "special.label", &sp.label, "text", "input--width-10", "off"))}
            {group(&v.errors, "special.hours", t!("staff-office-special-hours"), Some(t!("staff-office-special-hours-hint")),
                text_input(&v.errors, "special.hours", &sp.hours, "text", "input--width-10", "off"))}
            {group(&v.errors, "special.marriage_capacity", t!("staff-office-special-quota"), None,
                text_input(&v.errors, "special.marriage_capacity", &sp.marriage_capacity, "numeric", "input--width-4", "off"))}
            {group(&v.errors, "special.release_on", t!("staff-office-special-release"), Some(t!("staff-office-special-release-hint")),
                text_input(&v.errors, "special.release_on", &sp.release_on, "numeric", "input--width-10", "off"))}
            <button class="button button--secondary" type="submit">{t!("staff-office-special-add")}</button>
        </form>
        <h2 class="heading-m">{t!("staff-office-closures")}</h2>
        {if v.closures.is_empty() {
            view! { <p class="hint">{t!("staff-office-closures-none")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-office-closures")><table class="table">
                    <thead><tr><th scope="col">{t!("staff-marriage-date")}</th><th scope="col">{t!("staff-marriage-close-reason")}</th><th scope="col"><span class="visually-hidden">{t!("staff-marriage-col-actions")}</span></th></tr></thead>
                    <tbody>{closures}</tbody>
                </table></div>
            }.into_any()
        }}
    }
}
