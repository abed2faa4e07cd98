//! The staff workspace's pages (issue 7): sign-in, the second factor (with enrolment by QR
//! code), the work queue and the case page. Server-rendered only, no islands: the server's
//! handlers (`server/src/web/staff.rs`) authenticate, load the data through the staff service
//! and render the route with a [`StaffPage`] in context; every form posts back to them.

use domain::case::{ActionKind, CaseActionForm, Stage};
use domain::staff::{AuditFilterForm, StaffAccountForm};
use domain::FormErrors;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::staff::{CaseFilter, CaseList, CaseView, StaffIdentity};
use crate::error::AppError;
use crate::i18n::{current_locale, message};
use crate::pages::staff_admin::{
    accounts_page, audit_page, notifications_page, password_page, reports_page, AccountView,
    AuditView, ChainCheck, NotificationView, ReportView, ACCOUNTS_PATH, AUDIT_PATH,
    NOTIFICATIONS_PATH, PASSWORD_PATH, REPORTS_PATH,
};
use crate::t;

pub const SIGN_IN_PATH: &str = "/staff";
pub const CODE_PATH: &str = "/staff/code";
pub const SIGN_OUT_PATH: &str = "/staff/sign-out";
pub const QUEUE_PATH: &str = "/staff/queue";
pub const EXPORT_PATH: &str = "/staff/queue/export.csv";
pub const PUBLISH_PATH: &str = "/staff/publish";
pub const CASES_PATH: &str = "/staff/cases";

/// What a staff page shows, provided by the server.
#[derive(Debug, Clone)]
pub enum StaffPage {
    SignIn {
        username: String,
        error: Option<&'static str>,
    },
    Code {
        /// `(base32 secret, QR code SVG)` while enrolling.
        enrolment: Option<(String, String)>,
        error: Option<&'static str>,
    },
    Queue {
        me: StaffIdentity,
        list: CaseList,
        filter: CaseFilter,
        flash: Option<String>,
    },
    Case {
        me: StaffIdentity,
        case: Box<CaseView>,
        form: CaseActionForm,
        errors: FormErrors,
        flash: Option<String>,
    },
    Failed {
        me: Option<StaffIdentity>,
        error: AppError,
    },
    /// `me` is `None` while a temporary password must be changed (the frame's links would
    /// lead nowhere yet); the CSRF token then comes in `csrf`.
    Password {
        me: Option<StaffIdentity>,
        csrf: String,
        forced: bool,
        errors: FormErrors,
        done: bool,
    },
    Accounts {
        me: StaffIdentity,
        accounts: Vec<AccountView>,
        form: StaffAccountForm,
        errors: FormErrors,
        flash: Option<String>,
    },
    Audit {
        me: StaffIdentity,
        rows: Vec<AuditView>,
        filter: AuditFilterForm,
        errors: FormErrors,
        older: Option<i64>,
        check: Option<ChainCheck>,
    },
    Notifications {
        me: StaffIdentity,
        rows: Vec<NotificationView>,
    },
    Reports {
        me: StaffIdentity,
        report: Box<ReportView>,
        errors: FormErrors,
    },
    MarriageRoster {
        me: StaffIdentity,
        view: Box<crate::pages::staff_marriage::RosterView>,
    },
    MarriageOffice {
        me: StaffIdentity,
        view: Box<crate::pages::staff_marriage::OfficeEditView>,
    },
}

fn program_names(keys: &[String]) -> String {
    keys.iter()
        .map(|k| {
            domain::application::Program::from_key(k)
                .map_or_else(|| k.clone(), crate::pages::apply::program_name)
        })
        .collect::<Vec<_>>()
        .join("、")
}

pub fn stage_name(stage: Stage) -> String {
    message(
        current_locale(),
        &format!("case-stage-{}", stage.key()),
        &[],
    )
}

fn action_name(key: &str) -> String {
    message(current_locale(), &format!("case-action-{key}"), &[])
}

pub(crate) fn china_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000) + 8 * 3600;
    let date = domain::Date::from_unix_seconds(ms.div_euclid(1000), 8 * 3600)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let day = secs.rem_euclid(86_400);
    format!("{date} {:02}:{:02}", day / 3600, (day % 3600) / 60)
}

/// The frame of a signed-in page: who, where, sign out.
pub(crate) fn staff_bar(me: &StaffIdentity) -> impl IntoView {
    view! {
        <div class="staff-bar" data-role=me.role.key()>
            <p class="staff-bar__who">
                <strong>{me.display_name.clone()}</strong>
                " · " {message(current_locale(), &format!("staff-role-{}", me.role.key()), &[])}
                " · " {me.jurisdiction_name.clone()}
            </p>
            <nav aria-label=t!("staff-nav-label") class="staff-bar__nav">
                {me.role.works_cases().then(|| view! {
                    <a href=QUEUE_PATH>{t!("staff-queue-title")}</a>
                    <a href=NOTIFICATIONS_PATH>{t!("staff-notifications-title")}</a>
                })}
                {me.role.works_marriage().then(|| view! {
                    <a href=crate::pages::staff_marriage::ROSTER_PATH>{t!("staff-marriage-title")}</a>
                })}
                {(me.role != domain::case::Role::Registrar).then(|| view! {
                    <a href=REPORTS_PATH>{t!("staff-reports-title")}</a>
                })}
                {(me.role == domain::case::Role::Admin).then(|| view! {
                    <a href=ACCOUNTS_PATH>{t!("staff-accounts-title")}</a>
                    <a href=AUDIT_PATH>{t!("staff-audit-title")}</a>
                })}
                <a href=PASSWORD_PATH>{t!("staff-password-title")}</a>
                <form method="post" action=SIGN_OUT_PATH class="staff-bar__signout">
                    <input type="hidden" name="csrf" value=me.csrf.clone()/>
                    <button class="button button--secondary button--small" type="submit">{t!("staff-sign-out")}</button>
                </form>
            </nav>
        </div>
    }
}

pub(crate) fn error_summary(errors: &FormErrors) -> Option<impl IntoView> {
    (!errors.is_empty()).then(|| {
        let locale = current_locale();
        let items = errors
            .errors
            .iter()
            .map(|e| {
                view! { <li><a href=format!("#field-{}", e.field)>{message(locale, &e.message_id, &e.args)}</a></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus>
                <h2 class="error-summary__title" id="error-summary-title">{t!("err-summary-title")}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
    })
}

fn single_error(id: Option<&'static str>) -> Option<impl IntoView> {
    id.map(|id| {
        view! {
            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" autofocus>
                <h2 class="error-summary__title" id="error-summary-title">{t!("err-summary-title")}</h2>
                <p>{message(current_locale(), id, &[])}</p>
            </div>
        }
    })
}

fn sign_in(username: String, error: Option<&'static str>) -> impl IntoView {
    view! {
        <Title text=crate::components::page_title(&t!("staff-signin-title"), error.is_some())/>
        <h1 class="heading-xl">{t!("staff-signin-title")}</h1>
        <p class="lead">{t!("staff-signin-lead")}</p>
        {single_error(error)}
        <form class="form" method="post" action=SIGN_IN_PATH novalidate>
            <div class="form-group">
                <label class="label" for="field-username">{t!("staff-username")}</label>
                <input class="input input--width-20" id="field-username" name="username" type="text"
                    autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="32" value=username/>
            </div>
            <div class="form-group">
                <label class="label" for="field-password">{t!("staff-password")}</label>
                <input class="input input--width-20" id="field-password" name="password" type="password"
                    autocomplete="current-password" maxlength="128"/>
            </div>
            <button class="button" type="submit" id="field-submit">{t!("staff-signin-submit")}</button>
        </form>
        <p class="hint">{t!("staff-signin-help")}</p>
    }
}

fn code_page(enrolment: Option<(String, String)>, error: Option<&'static str>) -> impl IntoView {
    let enrolling = enrolment.is_some();
    let enrol = enrolment.map(|(secret, svg)| {
        view! {
            <section aria-labelledby="enrol-title">
                <h2 class="heading-m" id="enrol-title">{t!("staff-enrol-title")}</h2>
                <p>{t!("staff-enrol-lead")}</p>
                <div class="qr" role="img" aria-label=t!("staff-enrol-qr-label") inner_html=svg></div>
                <p>{t!("staff-enrol-secret")} " " <code class="secret" data-secret=secret.clone()>{secret.clone()}</code></p>
            </section>
        }
    });
    view! {
        <Title text=crate::components::page_title(&t!("staff-code-title"), error.is_some())/>
        <h1 class="heading-xl">{t!("staff-code-title")}</h1>
        {single_error(error)}
        {enrol}
        <form class="form" method="post" action=CODE_PATH novalidate>
            <div class="form-group">
                <label class="label" for="field-code">{if enrolling { t!("staff-enrol-code") } else { t!("staff-code-label") }}</label>
                <p class="hint" id="field-code-hint">{t!("staff-code-hint")}</p>
                <input class="input input--width-5" id="field-code" name="code" type="text" inputmode="numeric"
                    autocomplete="one-time-code" maxlength="7" aria-describedby="field-code-hint"/>
            </div>
            <button class="button" type="submit" id="field-submit">{t!("staff-code-submit")}</button>
        </form>
    }
}

fn queue(
    me: StaffIdentity,
    list: CaseList,
    filter: CaseFilter,
    flash: Option<String>,
) -> impl IntoView {
    let stage_options = Stage::ALL
        .iter()
        .map(|s| {
            view! { <option value=s.key() selected=filter.stage == s.key()>{stage_name(*s)}</option> }
        })
        .collect_view();
    let program_options = domain::application::Program::ALL
        .iter()
        .map(|p| {
            view! { <option value=p.key() selected=filter.program == p.key()>{crate::pages::apply::program_name(*p)}</option> }
        })
        .collect_view();
    let township_options = list
        .townships
        .iter()
        .map(|(code, name)| view! { <option value=code.clone() selected=&filter.township == code>{name.clone()}</option> })
        .collect_view();
    let publishable = list.rows.iter().any(|r| r.stage == Stage::AwaitingNotice);
    let rows = list
        .rows
        .iter()
        .map(|r| {
            let days = match r.days_left {
                Some(d) if d < 0 => t!("staff-overdue-days", days = d.abs()),
                Some(d) => t!("staff-days-left", days = d),
                None => String::new(),
            };
            let select = (r.stage == Stage::AwaitingNotice).then(|| {
                view! {
                    <input type="checkbox" name="numbers" value=r.number.clone() form="publish-form"
                        id=format!("publish-{}", r.number) aria-label=t!("staff-publish-select", number = r.number.clone())/>
                }
            });
            view! {
                <tr class=if r.overdue { "queue__row queue__row--overdue" } else { "queue__row" } data-number=r.number.clone() data-stage=r.stage.key()>
                    <td>{select}</td>
                    <td><a href=format!("{CASES_PATH}/{}", r.number)>{r.number.clone()}</a></td>
                    <td>{program_names(&r.programs)}</td>
                    <td><span class="tag">{stage_name(r.stage)}</span>{r.simplified.then(|| view! { " " <span class="tag tag--info">{t!("staff-simplified")}</span> })}</td>
                    <td>{r.township_name.clone()} " " {r.community.clone()}</td>
                    <td>{r.household_size}</td>
                    <td>{r.submitted_on.clone()}</td>
                    <td>{r.deadline.clone().unwrap_or_default()}<br/><span class=if r.overdue { "overdue" } else { "" }>{days}</span></td>
                </tr>
            }
        })
        .collect_view();
    // Filter values are keys and digits; anything else is dropped rather than escaped.
    let clean = |v: &str| -> String {
        v.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let export_query = format!(
        "program={}&stage={}&township={}&overdue={}",
        clean(&filter.program),
        clean(&filter.stage),
        clean(&filter.township),
        clean(&filter.overdue)
    );
    let empty = list.rows.is_empty();
    let page_link = |n: u32| format!("{QUEUE_PATH}?{export_query}&page={n}");
    let pagination = (list.page > 1 || list.has_next).then(|| {
        view! {
            <nav class="pagination" aria-label=t!("staff-pages-label")>
                {(list.page > 1).then(|| view! { <a href=page_link(list.page - 1) rel="prev" id="queue-previous">{t!("staff-page-previous")}</a> })}
                " " <span aria-current="page">{t!("staff-page-current", number = list.page)}</span> " "
                {list.has_next.then(|| view! { <a href=page_link(list.page + 1) rel="next" id="queue-next">{t!("staff-page-next")}</a> })}
            </nav>
        }
    });
    view! {
        <Title text=t!("staff-queue-title")/>
        {staff_bar(&me)}
        <h1 class="heading-xl">{t!("staff-queue-title")}</h1>
        {flash.map(|f| view! { <div class="notice notice--success" role="status">{f}</div> })}
        <form class="filters" method="get" action=QUEUE_PATH>
            <div class="form-group">
                <label class="label" for="field-program">{t!("staff-filter-program")}</label>
                <select class="select" id="field-program" name="program"><option value="">{t!("staff-filter-any")}</option>{program_options}</select>
            </div>
            <div class="form-group">
                <label class="label" for="field-stage">{t!("staff-filter-stage")}</label>
                <select class="select" id="field-stage" name="stage"><option value="">{t!("staff-filter-any")}</option>{stage_options}</select>
            </div>
            <div class="form-group">
                <label class="label" for="field-township">{t!("staff-filter-township")}</label>
                <select class="select" id="field-township" name="township"><option value="">{t!("staff-filter-any")}</option>{township_options}</select>
            </div>
            <div class="form-group checkbox">
                <input type="checkbox" id="field-overdue" name="overdue" value="yes" checked=filter.overdue == "yes"/>
                <label for="field-overdue">{t!("staff-filter-overdue")}</label>
            </div>
            <button class="button button--secondary" type="submit">{t!("staff-filter-apply")}</button>
        </form>
        <p><a href=format!("{EXPORT_PATH}?{export_query}") download="cases.csv">{t!("staff-export-csv")}</a></p>
        {if empty {
            view! { <p class="hint">{t!("staff-queue-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("staff-queue-title")>
                <table class="queue">
                    <caption class="visually-hidden">{t!("staff-queue-title")}</caption>
                    <thead><tr>
                        <th scope="col"><span class="visually-hidden">{t!("staff-publish-column")}</span></th>
                        <th scope="col">{t!("staff-col-number")}</th>
                        <th scope="col">{t!("staff-col-programs")}</th>
                        <th scope="col">{t!("staff-col-stage")}</th>
                        <th scope="col">{t!("staff-col-place")}</th>
                        <th scope="col">{t!("staff-col-size")}</th>
                        <th scope="col">{t!("staff-col-submitted")}</th>
                        <th scope="col">{t!("staff-col-deadline")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                </div>
            }.into_any()
        }}
        {pagination}
        {publishable.then(|| view! {
            <form id="publish-form" method="post" action=PUBLISH_PATH>
                <input type="hidden" name="csrf" value=me.csrf.clone()/>
                <button class="button" type="submit" id="publish-submit">{t!("staff-publish-selected")}</button>
            </form>
        })}
    }
}

fn row(label: String, value: String) -> impl IntoView {
    view! { <div class="summary-list__row"><dt>{label}</dt><dd>{value}</dd></div> }
}

/// The form of one action, with the fields that action needs.
fn action_form(
    me: &StaffIdentity,
    case: &CaseView,
    kind: ActionKind,
    form: &CaseActionForm,
    errors: &FormErrors,
) -> impl IntoView {
    let locale = current_locale();
    let err = |field: &str| {
        (form.action == kind.key())
            .then(|| errors.for_field(field))
            .flatten()
            .map(|e| view! { <p class="error-message" id=format!("field-{field}-error")>{message(locale, &e.message_id, &e.args)}</p> })
    };
    let mine = form.action == kind.key();
    let value = |v: &str| if mine { v.to_owned() } else { String::new() };
    let text_field = |label: String| {
        view! {
            <div class="form-group">
                <label class="label" for=format!("{}-text", kind.key())>{label}</label>
                {err("text")}
                <textarea class="textarea" id=format!("{}-text", kind.key()) name="text" rows="3" maxlength="1000">{value(&form.text)}</textarea>
            </div>
        }
    };
    let fields = match kind {
        ActionKind::NotAccept | ActionKind::ProposeRejection | ActionKind::Reject => Some(text_field(t!("staff-field-reasons")).into_any()),
        ActionKind::RequestSupplement => Some(text_field(t!("staff-field-items")).into_any()),
        ActionKind::RecordObjection => Some(text_field(t!("staff-field-objection")).into_any()),
        ActionKind::RecordHomeVisit | ActionKind::RecordAppraisal => Some(view! {
            <div class="form-group">
                <label class="label" for=format!("{}-date", kind.key())>{t!("staff-field-date")}</label>
                {err("on_date")}
                <input class="input input--width-10" type="date" id=format!("{}-date", kind.key()) name="on_date" value=value(&form.on_date)/>
            </div>
            {text_field(t!("staff-field-findings"))}
        }.into_any()),
        ActionKind::RecordVerification => Some(view! {
            <p class="hint">{t!("staff-declared", amount = case.declared_income_per_capita.clone())}</p>
            <div class="form-group">
                <label class="label" for="verify-income">{t!("staff-field-verified-income")}</label>
                {err("verified_income")}
                <input class="input input--width-10" id="verify-income" name="verified_income" inputmode="decimal" value=value(&form.verified_income)/>
            </div>
            <fieldset class="form-group">
                <legend class="label">{t!("staff-field-verified-assets")}</legend>
                {err("verified_assets_ok")}
                <div class="radio"><input type="radio" id="verify-assets-yes" name="verified_assets_ok" value="yes" checked=true/><label for="verify-assets-yes">{t!("staff-yes")}</label></div>
                <div class="radio"><input type="radio" id="verify-assets-no" name="verified_assets_ok" value="no"/><label for="verify-assets-no">{t!("staff-no")}</label></div>
            </fieldset>
            <div class="checkbox"><input type="checkbox" id="verify-single" name="single_registration" value="yes"/><label for="verify-single">{t!("staff-field-single-registration")}</label></div>
            <div class="checkbox"><input type="checkbox" id="verify-complaint" name="complaint" value="yes"/><label for="verify-complaint">{t!("staff-field-complaint")}</label></div>
        }.into_any()),
        ActionKind::ProposeApproval => Some(view! {
            <div class="form-group">
                <label class="label" for="propose-amount">{t!("staff-field-amount")}</label>
                {err("amount")}
                <input class="input input--width-10" id="propose-amount" name="amount" inputmode="decimal"
                    value=if mine { form.amount.clone() } else { case.verified_amount.clone().unwrap_or_default() }/>
            </div>
        }.into_any()),
        ActionKind::Approve => Some(view! {
            <div class="form-group">
                <label class="label" for="approve-amount">{t!("staff-field-amount")}</label>
                {err("amount")}
                <input class="input input--width-10" id="approve-amount" name="amount" inputmode="decimal"
                    value=if mine { form.amount.clone() } else { case.proposed_amount.clone().unwrap_or_default() }/>
            </div>
            <div class="form-group">
                <label class="label" for="approve-month">{t!("staff-field-pay-from")}</label>
                {err("pay_from")}
                <input class="input input--width-10" type="month" id="approve-month" name="pay_from"
                    value=if mine { form.pay_from.clone() } else { case.earliest_pay_from.clone() }/>
            </div>
        }.into_any()),
        _ => None,
    };
    let warning = matches!(
        kind,
        ActionKind::NotAccept | ActionKind::Reject | ActionKind::ProposeRejection
    );
    view! {
        <form class="form case-action" method="post" action=format!("{CASES_PATH}/{}", case.number) data-action=kind.key()>
            <h3 class="heading-s">{action_name(kind.key())}</h3>
            <input type="hidden" name="csrf" value=me.csrf.clone()/>
            <input type="hidden" name="action" value=kind.key()/>
            {err("action")}
            {fields}
            <button class=if warning { "button button--warning" } else { "button" } type="submit">{action_name(kind.key())}</button>
        </form>
    }
}

fn case_page(
    me: StaffIdentity,
    case: CaseView,
    form: CaseActionForm,
    errors: FormErrors,
    flash: Option<String>,
) -> impl IntoView {
    let members = case
        .members
        .iter()
        .map(|m| {
            view! {
                <tr><td>{m.name.clone()}</td><td>{m.id_number_masked.clone()}</td><td>{m.birth_date.clone()} " (" {m.age} ")"</td>
                <td>{m.occupation.clone()}</td><td>{m.disability.clone()}</td><td>{m.monthly_income.clone()}</td></tr>
            }
        })
        .collect_view();
    let signatures = case
        .signatures
        .iter()
        .map(|s| {
            view! {
                <figure class="signature-view">
                    <svg viewBox="0 0 600 200" role="img" aria-label=t!("staff-signature-of", name = s.member.clone())>
                        <path d=s.path.clone() fill="none" stroke="#0b0c0c" stroke-width="3"/>
                    </svg>
                    <figcaption>{s.member.clone()} {s.guardian.then(|| t!("staff-signed-by-guardian", name = s.signer.clone()))} " · " {s.text_version.clone()} " · SHA-256 " <code>{s.text_sha256.chars().take(12).collect::<String>()}</code></figcaption>
                </figure>
            }
        })
        .collect_view();
    let documents = case
        .documents
        .iter()
        .map(|(id, kind)| view! { <li><a href=format!("{CASES_PATH}/{}/documents/{id}", case.number) target="_blank">{kind.clone()} " " {id.chars().take(8).collect::<String>()}</a></li> })
        .collect_view();
    let recheck = case
        .recheck
        .iter()
        .map(|r| view! { <li>{r.program.clone()} ": " {r.outcome.clone()} {r.amount.clone().map(|a| format!(" ¥{a}"))}</li> })
        .collect_view();
    let history = case
        .history
        .iter()
        .map(|e| {
            view! {
                <li class="history__item" data-action=e.action.clone()>
                    <strong>{action_name(&e.action)}</strong> " → " {stage_name(e.stage)}
                    <span class="hint">" " {e.on_date.clone()} " · " {e.actor.clone()} " · " {china_time(e.at)}</span>
                    {e.detail.clone().map(|d| view! { <pre class="history__detail">{d}</pre> })}
                </li>
            }
        })
        .collect_view();
    let notes = case
        .notes
        .iter()
        .map(|n| view! { <li><strong>{n.author.clone()}</strong> " " <span class="hint">{china_time(n.at)}</span><p>{n.body.clone()}</p></li> })
        .collect_view();
    let actions = case
        .actions
        .iter()
        .map(|k| action_form(&me, &case, *k, &form, &errors))
        .collect_view();
    let no_actions = case.actions.is_empty();
    let deadline = match (case.deadline.clone(), case.days_left) {
        (Some(d), Some(left)) if left < 0 => {
            format!("{d} · {}", t!("staff-overdue-days", days = left.abs()))
        }
        (Some(d), Some(left)) => format!("{d} · {}", t!("staff-days-left", days = left)),
        (Some(d), None) => d,
        _ => t!("staff-deadline-not-started"),
    };
    view! {
        <Title text=crate::components::page_title(&t!("staff-case-title", number = case.number.clone()), !errors.is_empty())/>
        {staff_bar(&me)}
        <p><a href=QUEUE_PATH>{t!("staff-back-to-queue")}</a></p>
        <h1 class="heading-xl">{t!("staff-case-title", number = case.number.clone())}</h1>
        {flash.map(|f| view! { <div class="notice notice--success" role="status">{f}</div> })}
        {error_summary(&errors)}
        <p><span class="tag" data-stage=case.stage.key() id="case-stage">{stage_name(case.stage)}</span>
           {case.simplified.then(|| view! { " " <span class="tag tag--info">{t!("staff-simplified")}</span> })}</p>
        <dl class="summary-list">
            {row(t!("staff-col-programs"), program_names(&case.programs))}
            {row(t!("staff-col-place"), format!("{} {} {}", case.place, case.township_name, case.community))}
            {row(t!("staff-col-submitted"), case.submitted_on.clone())}
            {row(t!("staff-accepted-on"), case.accepted_on.clone().unwrap_or_default())}
            {row(t!("staff-col-deadline"), deadline)}
            {row(t!("staff-simplified-available"), if case.simplified_available { t!("staff-yes") } else { t!("staff-no") })}
            {row(t!("staff-notice-period"), case.notice.clone().map(|(a, b)| format!("{a} – {b}")).unwrap_or_default())}
            {row(t!("staff-proposed-amount"), case.proposed_amount.clone().unwrap_or_default())}
            {row(t!("staff-decided-amount"), case.amount.clone().map(|a| format!("{a} · {}", case.pay_from.clone().unwrap_or_default())).unwrap_or_default())}
            {row(t!("apply-mobile-label"), case.mobile_masked.clone())}
            {row(t!("staff-declared-income"), case.declared_income_per_capita.clone())}
            {row(t!("staff-declared-assets"), if case.declared_assets_ok { t!("staff-yes") } else { t!("staff-no") })}
        </dl>
        <section aria-labelledby="actions-title" class="case-actions">
            <h2 class="heading-l" id="actions-title">{t!("staff-actions-title")}</h2>
            {no_actions.then(|| view! { <p class="hint">{t!("staff-no-actions")}</p> })}
            {actions}
        </section>
        <h2 class="heading-l">{t!("apply-section-members")}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("apply-section-members")><table class="members">
            <thead><tr><th scope="col">{t!("staff-col-name")}</th><th scope="col">{t!("staff-col-id")}</th><th scope="col">{t!("staff-col-birth")}</th>
            <th scope="col">{t!("staff-col-work")}</th><th scope="col">{t!("staff-col-disability")}</th><th scope="col">{t!("staff-col-income")}</th></tr></thead>
            <tbody>{members}</tbody>
        </table></div>
        <h2 class="heading-l">{t!("apply-section-hardship")}</h2>
        <p class="hardship">{case.hardship.clone()}</p>
        <h2 class="heading-l">{t!("staff-recheck-title")}</h2>
        <ul>{recheck}</ul>
        {case.verified_amount.clone().map(|a| view! { <p>{t!("staff-verified-amount", amount = a)}</p> })}
        <h2 class="heading-l">{t!("apply-section-documents")}</h2>
        <ul>{documents}</ul>
        <h2 class="heading-l">{t!("apply-section-commitments")}</h2>
        <div class="signatures">{signatures}</div>
        <h2 class="heading-l">{t!("staff-history-title")}</h2>
        <ol class="history">{history}</ol>
        <h2 class="heading-l">{t!("staff-notes-title")}</h2>
        <ul class="notes">{notes}</ul>
        <form class="form" method="post" action=format!("{CASES_PATH}/{}/notes", case.number)>
            <input type="hidden" name="csrf" value=me.csrf.clone()/>
            <div class="form-group">
                <label class="label" for="field-note">{t!("staff-note-label")}</label>
                <textarea class="textarea" id="field-note" name="note" rows="3" maxlength="1000"></textarea>
            </div>
            <button class="button button--secondary" type="submit">{t!("staff-note-submit")}</button>
        </form>
    }
}

fn failed(me: Option<StaffIdentity>, error: AppError) -> impl IntoView {
    let args = match &error {
        AppError::Internal { support_ref } => vec![domain::MessageArg {
            name: "ref".into(),
            value: support_ref.clone(),
        }],
        _ => Vec::new(),
    };
    view! {
        <Title text=t!("staff-failed-title")/>
        {me.as_ref().map(staff_bar)}
        <h1 class="heading-xl">{t!("staff-failed-title")}</h1>
        <p>{message(current_locale(), error.message_id(), &args)}</p>
        <p><a href=QUEUE_PATH>{t!("staff-back-to-queue")}</a></p>
    }
}

/// Every `/staff…` route renders this; the server decides what.
#[component]
pub fn StaffRoute() -> impl IntoView {
    match use_context::<StaffPage>() {
        Some(StaffPage::SignIn { username, error }) => sign_in(username, error).into_any(),
        Some(StaffPage::Code { enrolment, error }) => code_page(enrolment, error).into_any(),
        Some(StaffPage::Queue {
            me,
            list,
            filter,
            flash,
        }) => queue(me, list, filter, flash).into_any(),
        Some(StaffPage::Case {
            me,
            case,
            form,
            errors,
            flash,
        }) => case_page(me, *case, form, errors, flash).into_any(),
        Some(StaffPage::Failed { me, error }) => failed(me, error).into_any(),
        Some(StaffPage::Password {
            me,
            csrf,
            forced,
            errors,
            done,
        }) => password_page(me, csrf, forced, errors, done).into_any(),
        Some(StaffPage::Accounts {
            me,
            accounts,
            form,
            errors,
            flash,
        }) => accounts_page(me, accounts, form, errors, flash).into_any(),
        Some(StaffPage::Audit {
            me,
            rows,
            filter,
            errors,
            older,
            check,
        }) => audit_page(me, rows, filter, errors, older, check).into_any(),
        Some(StaffPage::Notifications { me, rows }) => notifications_page(me, rows).into_any(),
        Some(StaffPage::Reports { me, report, errors }) => {
            reports_page(me, *report, errors).into_any()
        }
        Some(StaffPage::MarriageRoster { me, view }) => {
            crate::pages::staff_marriage::roster_page(me, *view).into_any()
        }
        Some(StaffPage::MarriageOffice { me, view }) => {
            crate::pages::staff_marriage::office_page(me, *view).into_any()
        }
        None => sign_in(String::new(), None).into_any(),
    }
}

/// One entry of the public notice: only what the rules allow (policy-rules.md §11.1).
#[derive(Debug, Clone)]
pub struct NoticeEntry {
    pub name_masked: String,
    pub township: String,
    pub community: String,
    pub household_size: i64,
    pub programs: Vec<String>,
    pub amount: String,
    pub from: String,
    pub to: String,
}

/// `/notices`, rendered by the server with the entries of the day.
#[derive(Debug, Clone)]
pub struct Notices {
    pub entries: Vec<NoticeEntry>,
    pub today: String,
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let notices = use_context::<Notices>().unwrap_or(Notices {
        entries: Vec::new(),
        today: String::new(),
    });
    let rows = notices
        .entries
        .iter()
        .map(|e| {
            view! {
                <tr class="notice-entry">
                    <td>{e.name_masked.clone()}</td>
                    <td>{e.township.clone()} " " {e.community.clone()}</td>
                    <td>{e.household_size}</td>
                    <td>{program_names(&e.programs)}</td>
                    <td>{e.amount.clone()}</td>
                    <td>{e.from.clone()} " – " {e.to.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = notices.entries.is_empty();
    view! {
        <Title text=t!("notices-title")/>
        <h1 class="heading-xl">{t!("notices-title")}</h1>
        <p class="lead">{t!("notices-lead")}</p>
        <p class="hint">{t!("notices-privacy")}</p>
        {if empty {
            view! { <p>{t!("notices-empty")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t!("notices-title")><table class="notices">
                    <caption class="visually-hidden">{t!("notices-title")}</caption>
                    <thead><tr>
                        <th scope="col">{t!("notices-col-name")}</th>
                        <th scope="col">{t!("notices-col-place")}</th>
                        <th scope="col">{t!("notices-col-size")}</th>
                        <th scope="col">{t!("notices-col-program")}</th>
                        <th scope="col">{t!("notices-col-amount")}</th>
                        <th scope="col">{t!("notices-col-period")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            }.into_any()
        }}
        <p>{t!("notices-objection")}</p>
    }
}
