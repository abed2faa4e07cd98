//! The staff workspace's own-account and oversight pages (issue 7): password change, account
//! management (administrators), the audit trail browser (administrators), the notification
//! outbox and the reports. Server-rendered only, like the rest of `/staff`; the server's
//! handlers (`server/src/web/staff_admin.rs`) load the data through the staff service, which
//! scopes it to the member's jurisdiction, and put a [`crate::pages::staff::StaffPage`] in
//! context.

use domain::case::Role;
use domain::staff::{AuditFilterForm, ReportPeriodForm, StaffAccountForm};
use domain::FormErrors;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::StaffIdentity;
use crate::i18n::{current_locale, message};
use crate::pages::apply::group_class;
use crate::pages::staff::{china_time, error_summary, staff_bar, CASES_PATH};
use crate::t;

pub const PASSWORD_PATH: &str = "/staff/password";
pub const ACCOUNTS_PATH: &str = "/staff/accounts";
pub const AUDIT_PATH: &str = "/staff/audit";
pub const AUDIT_VERIFY_PATH: &str = "/staff/audit/verify";
pub const NOTIFICATIONS_PATH: &str = "/staff/notifications";
pub const REPORTS_PATH: &str = "/staff/reports";
pub const REPORTS_CSV_PATH: &str = "/staff/reports/export.csv";
pub const REPORTS_XLSX_PATH: &str = "/staff/reports/export.xlsx";

/// One account as the administrator's list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountView {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub jurisdiction: String,
    pub jurisdiction_name: String,
    pub active: bool,
    pub locked: bool,
    pub enrolled: bool,
    pub must_change_password: bool,
    /// The administrator's own account (no actions offered on it).
    pub is_me: bool,
}

/// One audit row, as stored (the detail is JSON without personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditView {
    pub seq: i64,
    pub at: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub subject: String,
    pub outcome: String,
    pub detail: String,
    pub client_ip: String,
    /// The first characters of the row's chained hash.
    pub hash: String,
}

/// The result of walking the audit chain: rows checked and the first broken row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainCheck {
    pub checked: i64,
    pub broken_at: Option<i64>,
}

/// One notification of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationView {
    pub number: String,
    pub channel: String,
    pub recipient_masked: String,
    /// The message as the resident receives it.
    pub text: String,
    pub status: String,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

/// One report table with its chart, already localized (the CSV and XLSX exports are built
/// from the same table on the server, so the page and the files cannot disagree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSection {
    /// `program`, `stage` or `township`: the export's `table=` value.
    pub key: String,
    pub title: String,
    pub headings: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Server-rendered SVG bar chart (escaped by the `reports` crate).
    pub chart_svg: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    pub period: ReportPeriodForm,
    pub total: i64,
    pub sections: Vec<ReportSection>,
    /// More cases than the report reads at once: the figures cover the oldest ones only.
    pub truncated: bool,
}

/// A field's message under its label, if the field has an error.
fn field_message(errors: &FormErrors, field: &str) -> Option<impl IntoView> {
    errors.for_field(field).map(|e| {
        view! { <p class="error-message" id=format!("field-{field}-error")>{message(current_locale(), &e.message_id, &e.args)}</p> }
    })
}

pub fn password_page(
    me: Option<StaffIdentity>,
    csrf: String,
    forced: bool,
    errors: FormErrors,
    done: bool,
) -> impl IntoView {
    view! {
        <Title text=crate::components::page_title(&t!("staff-password-title"), !errors.is_empty())/>
        {me.as_ref().map(staff_bar)}
        <h1 class="heading-xl">{t!("staff-password-title")}</h1>
        {forced.then(|| view! {
            <div class="notice" role="status" id="password-forced">{t!("staff-password-forced")}</div>
            <form method="post" action=crate::pages::staff::SIGN_OUT_PATH>
                <input type="hidden" name="csrf" value=csrf.clone()/>
                <button class="button button--secondary button--small" type="submit">{t!("staff-sign-out")}</button>
            </form>
        })}
        {done.then(|| view! { <div class="notice notice--success" role="status" id="password-done">{t!("staff-password-done")}</div> })}
        {error_summary(&errors)}
        <p class="hint">{t!("staff-password-rule")}</p>
        <form class="form" method="post" action=PASSWORD_PATH novalidate>
            <input type="hidden" name="csrf" value=csrf/>
            <div class=group_class(errors.for_field("current_password").is_some())>
                <label class="label" for="field-current_password">{t!("staff-password-current")}</label>
                {field_message(&errors, "current_password")}
                <input class="input input--width-20" id="field-current_password" name="current_password" type="password"
                    autocomplete="current-password" maxlength="128"/>
            </div>
            <div class=group_class(errors.for_field("new_password").is_some())>
                <label class="label" for="field-new_password">{t!("staff-password-new")}</label>
                {field_message(&errors, "new_password")}
                <input class="input input--width-20" id="field-new_password" name="new_password" type="password"
                    autocomplete="new-password" maxlength="128"/>
            </div>
            <div class=group_class(errors.for_field("confirm_password").is_some())>
                <label class="label" for="field-confirm_password">{t!("staff-password-confirm")}</label>
                {field_message(&errors, "confirm_password")}
                <input class="input input--width-20" id="field-confirm_password" name="confirm_password" type="password"
                    autocomplete="new-password" maxlength="128"/>
            </div>
            <button class="button" type="submit" id="password-submit">{t!("staff-password-submit")}</button>
        </form>
    }
}

fn role_name(role: &str) -> String {
    if role.is_empty() {
        return String::new();
    }
    message(current_locale(), &format!("staff-role-{role}"), &[])
}

/// The account list with each account's actions, and the form to create one.
pub fn accounts_page(
    me: StaffIdentity,
    accounts: Vec<AccountView>,
    form: StaffAccountForm,
    errors: FormErrors,
    flash: Option<String>,
) -> impl IntoView {
    let locale = current_locale();
    let rows = accounts
        .iter()
        .map(|a| {
            let mut states = Vec::new();
            states.push(if a.active { t!("staff-account-active") } else { t!("staff-account-disabled") });
            if a.locked {
                states.push(t!("staff-account-locked"));
            }
            if !a.enrolled {
                states.push(t!("staff-account-not-enrolled"));
            }
            if a.must_change_password {
                states.push(t!("staff-account-must-change"));
            }
            let action = |key: &'static str, label: String, warning: bool| {
                view! {
                    <form method="post" action=format!("{ACCOUNTS_PATH}/{}", a.username) class="inline-form">
                        <input type="hidden" name="csrf" value=me.csrf.clone()/>
                        <input type="hidden" name="action" value=key/>
                        <button class=if warning { "button button--warning button--small" } else { "button button--secondary button--small" } type="submit"
                            aria-label=format!("{label} {}", a.username)>{label.clone()}</button>
                    </form>
                }
            };
            let reset_error = errors
                .for_field(&format!("reset-{}", a.username))
                .map(|e| message(locale, &e.message_id, &e.args));
            let actions = (!a.is_me).then(|| {
                view! {
                    {if a.active { action("disable", t!("staff-account-disable"), true).into_any() } else { action("enable", t!("staff-account-enable"), false).into_any() }}
                    {a.locked.then(|| action("unlock", t!("staff-account-unlock"), false))}
                    <details class="account-reset" open=reset_error.is_some()>
                        <summary>{t!("staff-account-reset")}</summary>
                        {reset_error.clone().map(|m| view! { <p class="error-message" id=format!("field-reset-{}-error", a.username)>{m}</p> })}
                        <form method="post" action=format!("{ACCOUNTS_PATH}/{}", a.username) class="form">
                            <input type="hidden" name="csrf" value=me.csrf.clone()/>
                            <input type="hidden" name="action" value="reset"/>
                            <label class="label" for=format!("field-reset-{}", a.username)>{t!("staff-account-temporary-password")}</label>
                            <input class="input input--width-20" type="password" id=format!("field-reset-{}", a.username) name="password"
                                autocomplete="new-password" maxlength="128"/>
                            <button class="button button--warning button--small" type="submit">{t!("staff-account-reset-submit")}</button>
                        </form>
                    </details>
                }
            });
            view! {
                <tr data-username=a.username.clone() data-active=a.active.to_string()>
                    <td><code>{a.username.clone()}</code></td>
                    <td>{a.display_name.clone()}</td>
                    <td>{role_name(a.role.key())}</td>
                    <td>{a.jurisdiction_name.clone()} " " <span class="hint">{a.jurisdiction.clone()}</span></td>
                    <td>{states.join("、")}</td>
                    <td class="account-actions">{actions}</td>
                </tr>
            }
        })
        .collect_view();
    let role_options = Role::ALL
        .iter()
        .map(|r| view! { <option value=r.key() selected=form.role == r.key()>{role_name(r.key())}</option> })
        .collect_view();
    view! {
        <Title text=crate::components::page_title(&t!("staff-accounts-title"), !errors.is_empty())/>
        {staff_bar(&me)}
        <h1 class="heading-xl">{t!("staff-accounts-title")}</h1>
        {flash.map(|f| view! { <div class="notice notice--success" role="status" id="accounts-flash">{f}</div> })}
        {error_summary(&errors)}
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-accounts-title")><table class="accounts">
            <caption class="visually-hidden">{t!("staff-accounts-title")}</caption>
            <thead><tr>
                <th scope="col">{t!("staff-username")}</th>
                <th scope="col">{t!("staff-account-name")}</th>
                <th scope="col">{t!("staff-account-role")}</th>
                <th scope="col">{t!("staff-account-jurisdiction")}</th>
                <th scope="col">{t!("staff-account-state")}</th>
                <th scope="col">{t!("staff-account-actions")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
        <h2 class="heading-l" id="create-title">{t!("staff-account-create-title")}</h2>
        <p class="hint">{t!("staff-account-create-hint")}</p>
        <form class="form" method="post" action=ACCOUNTS_PATH novalidate aria-labelledby="create-title">
            <input type="hidden" name="csrf" value=me.csrf.clone()/>
            <div class=group_class(errors.for_field("username").is_some())>
                <label class="label" for="field-username">{t!("staff-username")}</label>
                {field_message(&errors, "username")}
                <input class="input input--width-20" id="field-username" name="username" type="text" autocomplete="off"
                    autocapitalize="none" spellcheck="false" maxlength="32" value=form.username.clone()/>
            </div>
            <div class=group_class(errors.for_field("display_name").is_some())>
                <label class="label" for="field-display_name">{t!("staff-account-name")}</label>
                {field_message(&errors, "display_name")}
                <input class="input input--width-20" id="field-display_name" name="display_name" type="text" autocomplete="off"
                    maxlength="40" value=form.display_name.clone()/>
            </div>
            <div class=group_class(errors.for_field("role").is_some())>
                <label class="label" for="field-role">{t!("staff-account-role")}</label>
                {field_message(&errors, "role")}
                <select class="select" id="field-role" name="role">{role_options}</select>
            </div>
            <div class=group_class(errors.for_field("jurisdiction").is_some())>
                <label class="label" for="field-jurisdiction">{t!("staff-account-jurisdiction")}</label>
                <p class="hint" id="field-jurisdiction-hint">{t!("staff-account-jurisdiction-hint", region = me.jurisdiction.clone())}</p>
                {field_message(&errors, "jurisdiction")}
                <input class="input input--width-10" id="field-jurisdiction" name="jurisdiction" type="text" inputmode="numeric"
                    maxlength="9" aria-describedby="field-jurisdiction-hint" value=form.jurisdiction.clone()/>
            </div>
            <div class=group_class(errors.for_field("password").is_some())>
                <label class="label" for="field-password">{t!("staff-account-temporary-password")}</label>
                {field_message(&errors, "password")}
                <input class="input input--width-20" id="field-password" name="password" type="password" autocomplete="new-password" maxlength="128"/>
            </div>
            <button class="button" type="submit" id="account-create">{t!("staff-account-create-submit")}</button>
        </form>
    }
}

/// The audit trail, newest first, with filters, paging and the chain check.
pub fn audit_page(
    me: StaffIdentity,
    rows: Vec<AuditView>,
    filter: AuditFilterForm,
    errors: FormErrors,
    older: Option<i64>,
    check: Option<ChainCheck>,
) -> impl IntoView {
    let clean = |v: &str| -> String {
        v.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect()
    };
    let older_link = older.map(|seq| {
        format!(
            "{AUDIT_PATH}?actor={}&subject={}&before={seq}",
            clean(&filter.actor),
            clean(&filter.subject)
        )
    });
    let body = rows
        .iter()
        .map(|r| {
            // Plain text: administrators do not open cases (separation of duties).
            let subject = r.subject.clone();
            view! {
                <tr data-seq=r.seq data-action=r.action.clone() data-outcome=r.outcome.clone()>
                    <td>{r.seq}</td>
                    <td>{china_time(r.at)}</td>
                    <td><code>{r.actor.clone()}</code> " " <span class="hint">{role_name(&r.role)}</span></td>
                    <td>{r.action.clone()}</td>
                    <td>{subject}</td>
                    <td>{r.outcome.clone()}</td>
                    <td><code class="audit-detail">{r.detail.clone()}</code></td>
                    <td>{r.client_ip.clone()}</td>
                    <td><code>{r.hash.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    let check_view = check.map(|c| match c.broken_at {
        None => view! { <div class="notice notice--success" role="status" id="audit-check" data-ok="true">{t!("staff-audit-check-ok", count = c.checked)}</div> }.into_any(),
        Some(seq) => view! { <div class="error-summary" role="alert" id="audit-check" data-ok="false"><p>{t!("staff-audit-check-broken", count = c.checked, number = seq)}</p></div> }.into_any(),
    });
    view! {
        <Title text=crate::components::page_title(&t!("staff-audit-title"), !errors.is_empty())/>
        {staff_bar(&me)}
        <h1 class="heading-xl">{t!("staff-audit-title")}</h1>
        <p class="lead">{t!("staff-audit-lead")}</p>
        {check_view}
        {error_summary(&errors)}
        <form method="post" action=AUDIT_VERIFY_PATH>
            <input type="hidden" name="csrf" value=me.csrf.clone()/>
            <button class="button button--secondary" type="submit" id="audit-verify">{t!("staff-audit-verify")}</button>
        </form>
        <form class="filters" method="get" action=AUDIT_PATH>
            <div class="form-group">
                <label class="label" for="field-actor">{t!("staff-audit-actor")}</label>
                <input class="input input--width-20" id="field-actor" name="actor" type="text" maxlength="32" value=filter.actor.clone()/>
            </div>
            <div class="form-group">
                <label class="label" for="field-subject">{t!("staff-audit-subject")}</label>
                <input class="input input--width-20" id="field-subject" name="subject" type="text" maxlength="32" value=filter.subject.clone()/>
            </div>
            <button class="button button--secondary" type="submit">{t!("staff-filter-apply")}</button>
        </form>
        {if rows.is_empty() {
            view! { <p class="hint">{t!("staff-audit-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-audit-title")><table class="audit">
                    <caption class="visually-hidden">{t!("staff-audit-title")}</caption>
                    <thead><tr>
                        <th scope="col">"#"</th>
                        <th scope="col">{t!("staff-audit-time")}</th>
                        <th scope="col">{t!("staff-audit-actor")}</th>
                        <th scope="col">{t!("staff-audit-action")}</th>
                        <th scope="col">{t!("staff-audit-subject")}</th>
                        <th scope="col">{t!("staff-audit-outcome")}</th>
                        <th scope="col">{t!("staff-audit-detail")}</th>
                        <th scope="col">{t!("staff-audit-client")}</th>
                        <th scope="col">{t!("staff-audit-hash")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table></div>
            }.into_any()
        }}
        {older_link.map(|href| view! { <p><a href=href id="audit-older">{t!("staff-audit-older")}</a></p> })}
    }
}

/// The notification outbox of the jurisdiction's cases, newest first.
pub fn notifications_page(me: StaffIdentity, rows: Vec<NotificationView>) -> impl IntoView {
    let body = rows
        .iter()
        .map(|n| {
            view! {
                <tr data-status=n.status.clone() data-channel=n.channel.clone()>
                    <td>{china_time(n.created_at)}</td>
                    <td><a href=format!("{CASES_PATH}/{}", n.number)>{n.number.clone()}</a></td>
                    <td>{message(current_locale(), &format!("staff-channel-{}", n.channel), &[])} " " {n.recipient_masked.clone()}</td>
                    <td>{n.text.clone()}</td>
                    <td>{message(current_locale(), &format!("staff-delivery-{}", n.status), &[])}
                        {n.delivered_at.map(|at| view! { <br/><span class="hint">{china_time(at)}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=t!("staff-notifications-title")/>
        {staff_bar(&me)}
        <h1 class="heading-xl">{t!("staff-notifications-title")}</h1>
        <p class="lead">{t!("staff-notifications-lead")}</p>
        {if rows.is_empty() {
            view! { <p class="hint">{t!("staff-notifications-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-notifications-title")><table class="notifications">
                    <caption class="visually-hidden">{t!("staff-notifications-title")}</caption>
                    <thead><tr>
                        <th scope="col">{t!("staff-audit-time")}</th>
                        <th scope="col">{t!("staff-col-number")}</th>
                        <th scope="col">{t!("staff-notification-to")}</th>
                        <th scope="col">{t!("staff-notification-text")}</th>
                        <th scope="col">{t!("staff-notification-status")}</th>
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table></div>
            }.into_any()
        }}
    }
}

/// Counts and processing times within the jurisdiction: a period filter, then each table with
/// its chart and its downloads.
pub fn reports_page(me: StaffIdentity, report: ReportView, errors: FormErrors) -> impl IntoView {
    let clean = |v: &str| -> String {
        v.chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect()
    };
    let query = format!(
        "from={}&to={}",
        clean(&report.period.from),
        clean(&report.period.to)
    );
    let sections = report
        .sections
        .iter()
        .map(|s| {
            let head = s
                .headings
                .iter()
                .map(|h| view! { <th scope="col">{h.clone()}</th> })
                .collect_view();
            let body = s
                .rows
                .iter()
                .map(|r| {
                    let mut cells = r.iter();
                    let first = cells.next().cloned().unwrap_or_default();
                    let rest = cells.map(|c| view! { <td class="num">{c.clone()}</td> }).collect_view();
                    view! { <tr><th scope="row">{first}</th>{rest}</tr> }
                })
                .collect_view();
            let id = format!("report-{}", s.key);
            view! {
                <section class="report" aria-labelledby=id.clone() data-report=s.key.clone()>
                    <h2 class="heading-l" id=id.clone()>{s.title.clone()}</h2>
                    <div class="chart" inner_html=s.chart_svg.clone()></div>
                    <div class="table-wrap" tabindex="0" role="region" aria-label=s.title.clone()><table class="report-table">
                        <caption class="visually-hidden">{s.title.clone()}</caption>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{body}</tbody>
                    </table></div>
                    <p><a href=format!("{REPORTS_CSV_PATH}?table={}&{query}", s.key) download=format!("{}.csv", s.key)>{t!("staff-report-csv")}</a></p>
                </section>
            }
        })
        .collect_view();
    view! {
        <Title text=crate::components::page_title(&t!("staff-reports-title"), !errors.is_empty())/>
        {staff_bar(&me)}
        <h1 class="heading-xl">{t!("staff-reports-title")}</h1>
        <p class="lead">{t!("staff-reports-lead", name = me.jurisdiction_name.clone())}</p>
        {error_summary(&errors)}
        <form class="filters" method="get" action=REPORTS_PATH>
            <div class="form-group">
                <label class="label" for="field-from">{t!("staff-report-from")}</label>
                <input class="input input--width-10" type="date" id="field-from" name="from" value=report.period.from.clone()/>
            </div>
            <div class="form-group">
                <label class="label" for="field-to">{t!("staff-report-to")}</label>
                <input class="input input--width-10" type="date" id="field-to" name="to" value=report.period.to.clone()/>
            </div>
            <button class="button button--secondary" type="submit">{t!("staff-filter-apply")}</button>
        </form>
        <p id="report-total">{t!("staff-report-total", count = report.total)}</p>
        {report.truncated.then(|| view! { <p class="notice">{t!("staff-report-truncated")}</p> })}
        <p><a href=format!("{REPORTS_XLSX_PATH}?{query}") download="reports.xlsx" id="report-xlsx">{t!("staff-report-xlsx")}</a></p>
        {sections}
    }
}
