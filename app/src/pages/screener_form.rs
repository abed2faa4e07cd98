//! The eligibility screener's form as the server renders it: short groups of questions, one
//! group per screen, and on the results screen every program's outcome with its reasons and
//! the rule each rests on.
//!
//! It is one `<form>` that posts to `/eligibility`: every group is in the form (those not on
//! screen are `hidden`), the buttons carry an `action`, and the server steps with
//! `domain::eligibility::screener::navigate` and evaluates on the results screen. So it works
//! without JavaScript. In the browser, [`ScreenerIsland`](crate::islands::screener::ScreenerIsland)
//! receives this markup as its children and enhances it in place; for that it carries a few
//! hooks, all `data-` attributes:
//!
//! - `data-group` on each group's fieldset, `data-field` on each question and `data-error-for`
//!   on its error message (rendered, `hidden`, even when there is no error);
//! - `data-when` on follow-up questions (revealed by the answer they depend on);
//! - `data-members` on the per-person lists, with a `<template data-template>` holding one
//!   more person, `__i__` and `__n__` standing for the person's index and number;
//! - `data-region-*` on the place choice, `data-live` on the running results, `data-nav` on
//!   the continue and back buttons, `data-server-digest` on the results.
//!
//! Nothing here runs in the browser, so none of it is in the wasm (island children are
//! rendered by the server only).

use domain::eligibility::screener::{
    self, asks_daily_living, situation_questions, Action, ScreenerForm, Step, INCOME_ROWS,
};
use domain::eligibility::{outcomes_fingerprint, Amount, Outcome, ProgramOutcome, Reason};
use domain::household::{MemberForm, DAILY_LIVING_FIELDS, MAX_MEMBERS};
use domain::{Date, FormErrors};
use leptos::either::Either;
use leptos::prelude::*;

use crate::api::eligibility::RegionChoice;
use crate::components::form::{action_button, radio, radio_items, select};
use crate::islands::screener::{
    citation_text, field_id, outcome_rank, ASSET_FIELDS, DISABILITY_CATEGORIES, PARENTS, RELATIONS,
    SCHOOL_STAGES, SCREENER_PATH, WORK_STATUSES,
};
use crate::islands::MessageTemplates;

/// "Apply now" posts the answers here.
const APPLY_PATH: &str = "/apply";

/// What the server knows when it draws the screener.
pub struct ScreenerModel {
    pub texts: MessageTemplates,
    pub form: ScreenerForm,
    pub step: Step,
    pub errors: FormErrors,
    pub today: Date,
    /// The chosen place, with its full name.
    pub region: Option<RegionChoice>,
    /// The last place search and what it found.
    pub query: String,
    pub matches: Vec<RegionChoice>,
    pub searched: bool,
    /// Places whose own standards the portal holds.
    pub quick: Vec<RegionChoice>,
    /// On the results screen: the server's evaluation (None when the place has no rules).
    pub outcomes: Option<Vec<ProgramOutcome>>,
}

struct Ctx<'a> {
    texts: &'a MessageTemplates,
    errors: &'a FormErrors,
}

impl Ctx<'_> {
    fn tr(&self, id: &str) -> String {
        self.texts.render(id, &[])
    }

    fn tr_args(&self, id: &str, args: &[(&str, String)]) -> String {
        self.texts.render_pairs(id, args)
    }

    fn group_class(&self, name: &str) -> &'static str {
        if self.errors.for_field(name).is_some() {
            "form-group form-group--error"
        } else {
            "form-group"
        }
    }

    /// A question's error message: always in the markup (hidden when there is none), so the
    /// browser can show one without drawing anything.
    fn error_message(&self, name: &str) -> impl IntoView {
        let error = self.errors.for_field(name);
        let msg = error
            .map(|fe| self.texts.field_error(fe))
            .unwrap_or_default();
        view! {
            <p class="error-message" id=format!("{}-error", field_id(name)) data-error-for=name.to_owned() hidden=error.is_none()>
                <span class="visually-hidden">{self.tr("err-prefix")}</span>
                <span>{msg}</span>
            </p>
        }
    }

    /// A labelled control with its hint and its error.
    fn group(
        &self,
        name: &str,
        label: String,
        hint: Option<String>,
        control: impl IntoView + 'static,
    ) -> impl IntoView {
        let id = field_id(name);
        let hint_id = format!("{id}-hint");
        view! {
            <div class=self.group_class(name) data-field=name.to_owned()>
                <label class="label" for=id>{label}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
                {self.error_message(name)}
                {control}
            </div>
        }
    }

    /// The fieldset, legend, hint and error message around a group's radios.
    fn radio_group(
        &self,
        layout: RadioLayout,
        legend: impl IntoView + 'static,
        items: impl IntoView + 'static,
    ) -> impl IntoView {
        let RadioLayout {
            name,
            hint,
            inline,
            fieldset_is_target,
        } = layout;
        let id = field_id(&name);
        let fieldset_id = fieldset_is_target.then(|| id.clone());
        let fieldset_tabindex = fieldset_is_target.then_some("-1");
        let hint_id = format!("{id}-hint");
        let list_hook = (name == "region").then_some("");
        view! {
            <div class=self.group_class(&name) data-field=name.clone()>
                <fieldset class="fieldset" id=fieldset_id tabindex=fieldset_tabindex>
                    <legend class="fieldset__legend">{legend}</legend>
                    {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
                    {self.error_message(&name)}
                    <div class=if inline { "radios radios--inline" } else { "radios" } data-region-list=list_hook>
                        {items}
                    </div>
                </fieldset>
            </div>
        }
    }

    /// A group of radios with a legend (one question, several answers).
    fn radios(&self, choice: Choice) -> impl IntoView {
        let Choice {
            name,
            legend,
            hint,
            options,
            current,
            inline,
        } = choice;
        let id = field_id(&name);
        let items = radio_items(&id, &name, options, &current);
        let layout = RadioLayout {
            name,
            hint,
            inline,
            fieldset_is_target: false,
        };
        self.radio_group(layout, legend, items)
    }

    fn member_heading(&self, slot: &Slot) -> String {
        if slot.first {
            self.tr("scr-person-you")
        } else {
            self.tr_args("scr-person-n", &[("n", slot.number.clone())])
        }
    }

    fn options(&self, first: (&str, &str), values: &[&str], prefix: &str) -> Vec<(String, String)> {
        let mut out = vec![(first.0.to_owned(), self.tr(first.1))];
        out.extend(
            values
                .iter()
                .map(|v| (v.to_string(), self.tr(&format!("{prefix}{v}")))),
        );
        out
    }
}

/// One question answered by choosing one of several radios.
struct Choice {
    name: String,
    legend: String,
    hint: Option<String>,
    /// (value, label) pairs.
    options: Vec<(String, String)>,
    current: String,
    /// Short answers side by side ("yes / no / not sure").
    inline: bool,
}

/// What surrounds a group's radios.
struct RadioLayout {
    name: String,
    hint: Option<String>,
    /// Short answers side by side.
    inline: bool,
    /// The fieldset, not the first radio, is what the error summary links to (when the radios
    /// are ordered by a search and the first one changes).
    fieldset_is_target: bool,
}

/// Which person a block is for: an index and a number, or the `__i__`/`__n__` placeholders of
/// the template the browser copies for a person it adds.
struct Slot {
    index: String,
    number: String,
    first: bool,
}

impl Slot {
    fn at(i: usize) -> Slot {
        Slot {
            index: i.to_string(),
            number: (i + 1).to_string(),
            first: i == 0,
        }
    }

    fn template() -> Slot {
        Slot {
            index: "__i__".into(),
            number: "__n__".into(),
            first: false,
        }
    }

    fn name(&self, field: &str) -> String {
        format!("members[{}].{field}", self.index)
    }
}

fn text_input(name: &str, current: &str, inputmode: &str, width: &str) -> impl IntoView {
    let class = format!("input {width}");
    let keypad = crate::islands::kiosk::KeypadKind::for_field(name, inputmode)
        .map(crate::islands::kiosk::KeypadKind::attr);
    view! {
        <input
            class=class
            id=field_id(name)
            name=name.to_owned()
            type="text"
            inputmode=inputmode.to_owned()
            data-keypad=keypad
            autocomplete="off"
            value=current.to_owned()
            aria-describedby=format!("field-{name}-hint field-{name}-error")
        />
    }
}

fn reason_view(c: &Ctx, r: &Reason) -> impl IntoView {
    let text = c.texts.render(&r.message_id, &r.args);
    let label = format!("{}：", c.tr("scr-rule"));
    let cited = citation_text(&r.citation);
    view! {
        <li class="reason" data-message-id=r.message_id.clone()>
            <span class="reason__text">{text}</span>
            <span class="reason__rule">{label}<cite lang=crate::locale::DATA_LANG>{cited}</cite></span>
        </li>
    }
}

fn amount_text(c: &Ctx, amount: &Amount) -> String {
    crate::islands::screener::amount_text(c.texts, amount)
}

/// One program's result card.
fn outcome_view(c: &Ctx, po: &ProgramOutcome) -> impl IntoView {
    let key = po.program.key();
    let name = c.tr(&format!("elig-program-{key}"));
    let (badge, amount) = match &po.outcome {
        Outcome::Eligible { amount, .. } => ("scr-group-eligible", Some(amount_text(c, amount))),
        Outcome::NeedsInfo { .. } => ("scr-group-needs-info", None),
        Outcome::NeedsReview { .. } => ("scr-group-review", None),
        Outcome::Ineligible { .. } => ("scr-group-ineligible", None),
    };
    let kind = po.outcome.kind();
    let reasons = po
        .outcome
        .reasons()
        .iter()
        .map(|r| reason_view(c, r))
        .collect_view();
    view! {
        <li class=format!("outcome outcome--{kind}") data-program=key data-outcome=kind>
            <h3 class="outcome__title">
                <span class="outcome__name">{name}</span>
                <span class="outcome__badge">{c.tr(badge)}</span>
            </h3>
            {amount.map(|a| view! { <p class="outcome__amount">{a}</p> })}
            <ul class="outcome__reasons">{reasons}</ul>
        </li>
    }
}

fn people_view(c: &Ctx, slot: &Slot, m: &MemberForm) -> impl IntoView {
    let choose = ("", "scr-choose");
    let relation = (!slot.first).then(|| {
        let name = slot.name("relation");
        c.group(
            &name,
            c.tr("scr-relation-label"),
            None,
            select(
                &name,
                &m.relation,
                c.options(choose, &RELATIONS, "scr-relation-"),
                "",
            ),
        )
    });
    let mut levels = vec![(String::new(), c.tr("scr-choose"))];
    levels.extend((1..=4).map(|l| {
        (
            l.to_string(),
            c.tr_args("scr-level-n", &[("n", l.to_string())]),
        )
    }));
    let field = |f: &str, label: &str, current: &str, options: Vec<(String, String)>| {
        let name = slot.name(f);
        c.group(
            &name,
            c.tr(label),
            None,
            select(&name, current, options, ""),
        )
    };
    let birth = slot.name("birth_date");
    // Follow-up questions (`data-when`) are revealed by the answer they depend on; without
    // JavaScript they are always shown (the hint says when they apply).
    view! {
        <div class="person" data-member=slot.index.clone()>
            <h3 class="heading-s person__title">{c.member_heading(slot)}</h3>
            {relation}
            {c.group(&birth, c.tr("scr-birth-label"), Some(c.tr("scr-birth-hint")),
                text_input(&birth, &m.birth_date, "numeric", "input--width-10"))}
            {field("work_status", "scr-work-label", &m.work_status, c.options(choose, &WORK_STATUSES, "scr-work-"))}
            <div class="conditional" data-when="student">
                {field("school_stage", "scr-stage-label", &m.school_stage, c.options(choose, &SCHOOL_STAGES, "scr-stage-"))}
            </div>
            {field("disability_category", "scr-disability-label", &m.disability_category,
                c.options(("", "scr-disability-none"), &DISABILITY_CATEGORIES, "scr-disability-"))}
            <div class="conditional" data-when="disabled">
                {field("disability_level", "scr-level-label", &m.disability_level, levels)}
            </div>
            {(!slot.first).then(|| {
                let label = view! {
                    {c.tr("scr-remove-person")}
                    <span class="visually-hidden">{format!("（{}）", c.member_heading(slot))}</span>
                };
                action_button("button button--warning button--small", format!("remove_member:{}", slot.index), label)
            })}
        </div>
    }
}

fn income_view(c: &Ctx, slot: &Slot, m: &MemberForm) -> impl IntoView {
    let rows = INCOME_ROWS
        .iter()
        .enumerate()
        .map(|(j, kind)| {
            let row = m.income.get(j).cloned().unwrap_or_default();
            let base = slot.name(&format!("income[{j}]"));
            let amount = format!("{base}.amount");
            let period = format!("{base}.period");
            let periods = vec![
                ("monthly".to_owned(), c.tr("scr-period-monthly")),
                ("yearly".to_owned(), c.tr("scr-period-yearly")),
            ];
            let control = view! {
                <input type="hidden" name=format!("{base}.kind") value=kind.key()/>
                <div class="input-affix">
                    {text_input(&amount, &row.amount, "decimal", "input--width-10")}
                    <span class="input-affix__suffix">{c.tr("scr-amount-unit")}</span>
                    <label class="visually-hidden" for=field_id(&period)>{c.tr("scr-period-label")}</label>
                    {select(&period, &row.period, periods, "select--inline")}
                </div>
            };
            c.group(&amount, c.tr(&format!("scr-income-{}", kind.key())), None, control)
        })
        .collect_view();
    view! {
        <div class="person" data-member=slot.index.clone()>
            <h3 class="heading-s person__title">{c.member_heading(slot)}</h3>
            {rows}
        </div>
    }
}

fn care_view(c: &Ctx, slot: &Slot, m: &MemberForm, today: Date) -> impl IntoView {
    let questions = DAILY_LIVING_FIELDS
        .iter()
        .enumerate()
        .map(|(k, f)| {
            c.radios(Choice {
                name: slot.name(&format!("daily_living.{f}")),
                legend: c.tr(&format!("scr-adl-{f}")),
                hint: None,
                options: vec![
                    ("yes".into(), c.tr("scr-adl-can")),
                    ("no".into(), c.tr("scr-adl-cannot")),
                ],
                current: m.daily_living.get(k).cloned().unwrap_or_default(),
                inline: true,
            })
        })
        .collect_view();
    // Only the people the group applies to (the browser re-decides as answers change).
    view! {
        <div class="person" data-member=slot.index.clone() hidden=!asks_daily_living(m, today)>
            <h3 class="heading-s person__title">
                {c.tr_args("scr-care-person", &[("person", c.member_heading(slot))])}
            </h3>
            {questions}
        </div>
    }
}

fn situation_view(c: &Ctx, form: &ScreenerForm, today: Date) -> impl IntoView {
    let asked = situation_questions(form, today);
    let yes_no_unsure = || {
        vec![
            ("yes".to_owned(), c.tr("scr-yes")),
            ("no".to_owned(), c.tr("scr-no")),
            ("not_sure".to_owned(), c.tr("scr-not-sure")),
        ]
    };
    let f = &form.facts;
    let q = |name: &str, label: &str, current: &str| {
        c.radios(Choice {
            name: format!("facts.{name}"),
            legend: c.tr(label),
            hint: None,
            options: yes_no_unsure(),
            current: current.to_owned(),
            inline: true,
        })
    };
    let parents: Vec<(String, String)> = PARENTS
        .iter()
        .map(|p| (p.to_string(), c.tr(&format!("scr-parents-{p}"))))
        .collect();
    view! {
        {q("emergency", "scr-emergency-label", &f.emergency)}
        {q("heavy_necessary_spending", "scr-spending-label", &f.heavy_necessary_spending)}
        <div class="conditional" data-when="supporter" hidden=!asked.supporter>
            {q("capable_supporter", "scr-supporter-label", &f.capable_supporter)}
        </div>
        <div class="conditional" data-when="long_term_care" hidden=!asked.long_term_care>
            {q("needs_long_term_care", "scr-long-term-care-label", &f.needs_long_term_care)}
        </div>
        <div class="conditional" data-when="parents" hidden=!asked.parents>
            {c.radios(Choice { name: "facts.parents".into(), legend: c.tr("scr-parents-label"), hint: None, options: parents, current: f.parents.clone(), inline: false })}
        </div>
    }
}

/// The place question: a search, then what it found (and the current choice) first, then
/// the places whose standards the portal holds.
fn place_view(c: &Ctx, m: &ScreenerModel) -> impl IntoView {
    let mut options: Vec<RegionChoice> = m.region.iter().cloned().collect();
    for found in &m.matches {
        if !options.iter().any(|o| o.code == found.code) {
            options.push(found.clone());
        }
    }
    let show_found = !options.is_empty();
    for q in &m.quick {
        if !options.iter().any(|o| o.code == q.code) {
            options.push(q.clone());
        }
    }
    let found_nothing = m.searched && m.matches.is_empty();
    let none_text = if found_nothing {
        c.tr_args("scr-region-none", &[("query", m.query.clone())])
    } else {
        String::new()
    };
    let legend = c.tr(if show_found {
        "scr-region-matches"
    } else {
        "scr-region-quick"
    });
    let empty = options.is_empty();
    let items = options
        .into_iter()
        .map(|o| {
            let checked = m.form.region == o.code;
            radio(
                format!("field-region-{}", o.code),
                "region",
                o.code,
                o.label,
                checked,
            )
        })
        .collect_view();
    let area = Choice {
        name: "area".into(),
        legend: c.tr("scr-area-label"),
        hint: Some(c.tr("scr-area-hint")),
        options: vec![
            ("urban".into(), c.tr("scr-area-urban")),
            ("rural".into(), c.tr("scr-area-rural")),
        ],
        current: m.form.area.clone(),
        inline: false,
    };
    view! {
        <div class="form-group">
            <label class="label" for="field-region_query">{c.tr("scr-region-query-label")}</label>
            <p class="hint" id="field-region_query-hint">{c.tr("scr-region-hint")}</p>
            <div class="search">
                <input
                    class="input input--width-10"
                    id="field-region_query"
                    name="region_query"
                    type="search"
                    autocomplete="off"
                    maxlength="20"
                    value=m.query.clone()
                    aria-describedby="field-region_query-hint"
                />
                {action_button("button button--secondary", Action::FindRegion.key(), c.tr("scr-region-search"))}
            </div>
        </div>
        <div aria-live="polite">
            <p class="notice" role="status" data-region-none="" hidden=!found_nothing>{none_text}</p>
            <div data-region-box="" hidden=empty>
                {c.radio_group(
                    RadioLayout { name: "region".into(), hint: None, inline: false, fieldset_is_target: true },
                    view! { <span data-region-legend="">{legend}</span> },
                    items,
                )}
            </div>
        </div>
        {c.radios(area)}
    }
}

fn results_view(c: &Ctx, m: &ScreenerModel) -> impl IntoView {
    let basis = m
        .region
        .as_ref()
        .map(|r| r.label.clone())
        .unwrap_or_default();
    let digest = m.outcomes.as_ref().map(|o| outcomes_fingerprint(o));
    let outcomes = match &m.outcomes {
        Some(list) => {
            let mut sorted = list.clone();
            sorted.sort_by_key(|po| outcome_rank(&po.outcome));
            Either::Left(view! {
                <ul class="outcomes">{sorted.iter().map(|po| outcome_view(c, po)).collect_view()}</ul>
            })
        }
        None => Either::Right(view! { <p class="notice">{c.tr("scr-loading-rules")}</p> }),
    };
    let order = screener::steps(&m.form, m.today);
    view! {
        <section class="results" aria-labelledby="results-basis" data-server-digest=digest>
            <p class="lead" id="results-basis">
                {c.tr_args("scr-results-basis", &[("region", basis), ("date", m.today.to_string())])}
            </p>
            {outcomes}
            <p class="notice">{c.tr("scr-results-disclaimer")}</p>
            <div class="apply-now">
                <button class="button button--start" type="submit" formaction=APPLY_PATH formmethod="post" name="from" value="eligibility">
                    {c.tr("scr-apply-now")}
                </button>
                <p class="hint">{c.tr("scr-apply-hint")}</p>
            </div>
            <h2 class="heading-m">{c.tr("scr-change")}</h2>
            <ul class="change-list">
                {order.into_iter().filter(|s| *s != Step::Results).map(|s| {
                    let label = c.tr(&format!("scr-step-{}", s.key()));
                    view! { <li>{action_button("link-button", Action::Goto(s).key(), label)}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The whole screener form, at the group `m.step`.
pub fn screener_form(m: ScreenerModel) -> impl IntoView {
    let c = Ctx {
        texts: &m.texts,
        errors: &m.errors,
    };
    let step = m.step;
    let today = m.today;
    let members = &m.form.household.members;
    let slots: Vec<Slot> = (0..members.len()).map(Slot::at).collect();
    // The template's person: another member, unanswered, in the screener's shape.
    let blank = {
        let mut f = ScreenerForm::new();
        f.household.members.push(MemberForm::default());
        f.normalize();
        f.household.members.pop().unwrap_or_default()
    };
    let summary = m
        .errors
        .errors
        .iter()
        .map(|fe| {
            let msg = m.texts.field_error(fe);
            let href = format!("#{}", field_id(&fe.field));
            view! { <li><a href=href>{msg}</a></li> }
        })
        .collect_view();
    let progress = if step == Step::Results {
        String::new()
    } else {
        let (n, total) = screener::progress(&m.form, step, today);
        c.tr_args(
            "scr-progress",
            &[("n", n.to_string()), ("total", total.to_string())],
        )
    };
    let order = screener::steps(&m.form, today);
    let last = order.iter().rfind(|s| **s != Step::Results).copied() == Some(step);
    let next_label = c.tr(if last {
        "scr-see-results"
    } else {
        "scr-continue"
    });
    let fieldset = |group: Step| (group.key(), step != group);
    let (place_key, place_hidden) = fieldset(Step::Place);
    let (people_key, people_hidden) = fieldset(Step::People);
    let (income_key, income_hidden) = fieldset(Step::Income);
    let (assets_key, assets_hidden) = fieldset(Step::Assets);
    let (care_key, care_hidden) = fieldset(Step::Care);
    let (situation_key, situation_hidden) = fieldset(Step::Situation);
    view! {
        <form class="form screener" method="post" action=SCREENER_PATH novalidate data-step=step.key()>
            // Enter in any field continues, as the visible "continue" button would.
            <button class="visually-hidden" type="submit" name="action" value="next" tabindex="-1" aria-hidden="true"></button>
            <input type="hidden" name="step" value=step.key()/>

            <div class="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title" hidden=m.errors.is_empty()>
                <h2 class="error-summary__title" id="error-summary-title">{c.tr("err-summary-title")}</h2>
                <ul class="error-summary__list">{summary}</ul>
            </div>

            <p class="screener__progress">{progress}</p>
            <h2 class="heading-l screener__heading" tabindex="-1">{c.tr(&format!("scr-step-{}", step.key()))}</h2>

            <fieldset class="screener__step" data-group=place_key hidden=place_hidden>
                {place_view(&c, &m)}
            </fieldset>

            <fieldset class="screener__step" data-group=people_key hidden=people_hidden>
                <p class="hint">{c.tr("scr-people-hint")}</p>
                <div data-members="people">
                    {slots.iter().zip(members).map(|(s, mf)| people_view(&c, s, mf)).collect_view()}
                </div>
                <template data-template="people">{people_view(&c, &Slot::template(), &blank)}</template>
                <button class="button button--secondary" type="submit" name="action" value=Action::AddMember.key() data-add-member="" hidden={members.len() >= MAX_MEMBERS}>
                    {c.tr("scr-add-person")}
                </button>
            </fieldset>

            <fieldset class="screener__step" data-group=income_key hidden=income_hidden>
                <p class="hint">{c.tr("scr-income-hint")}</p>
                <div data-members="income">
                    {slots.iter().zip(members).map(|(s, mf)| income_view(&c, s, mf)).collect_view()}
                </div>
                <template data-template="income">{income_view(&c, &Slot::template(), &blank)}</template>
            </fieldset>

            <fieldset class="screener__step" data-group=assets_key hidden=assets_hidden>
                <p class="hint">{c.tr("scr-assets-hint")}</p>
                {ASSET_FIELDS.iter().map(|(f, money)| {
                    let name = format!("assets.{f}");
                    let current = m.form.get(&name);
                    let control = if *money {
                        Either::Left(view! {
                            <div class="input-affix">
                                {text_input(&name, &current, "decimal", "input--width-10")}
                                <span class="input-affix__suffix">{c.tr("scr-amount-unit")}</span>
                            </div>
                        })
                    } else {
                        Either::Right(text_input(&name, &current, "numeric", "input--width-4"))
                    };
                    c.group(&name, c.tr(&format!("scr-asset-{f}")), None, control)
                }).collect_view()}
            </fieldset>

            <fieldset class="screener__step" data-group=care_key hidden=care_hidden>
                <p class="hint">{c.tr("scr-care-hint")}</p>
                <div data-members="care">
                    {slots.iter().zip(members).map(|(s, mf)| care_view(&c, s, mf, today)).collect_view()}
                </div>
                <template data-template="care">{care_view(&c, &Slot::template(), &blank, today)}</template>
            </fieldset>

            <fieldset class="screener__step" data-group=situation_key hidden=situation_hidden>
                <p class="hint">{c.tr("scr-situation-hint")}</p>
                {situation_view(&c, &m.form, today)}
            </fieldset>

            {(step == Step::Results).then(|| results_view(&c, &m))}

            // "So far you may get …": filled in by the browser as the resident types.
            <aside class="live-results" aria-live="polite" aria-atomic="true" data-live="" hidden>
                <h3 class="heading-s">{c.tr("scr-live-title")}</h3>
                <div data-live-body=""></div>
            </aside>

            <div class="screener__nav">
                <button class="button" type="submit" name="action" value=Action::Next.key() data-nav="next" hidden={step == Step::Results}>
                    {next_label}
                </button>
                <button class="button button--secondary" type="submit" name="action" value=Action::Back.key() data-nav="back" hidden={step == Step::Place}>
                    {c.tr("scr-back")}
                </button>
            </div>
        </form>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::i18n::client_messages;
    use crate::locale::Locale;

    fn blank() -> MemberForm {
        let mut f = ScreenerForm::new();
        f.household.members.push(MemberForm::default());
        f.normalize();
        f.household.members.pop().unwrap()
    }

    /// The person the island copies from the template, with `__i__` and `__n__` filled in, is
    /// exactly the person the server draws at that place (names, ids, labels, heading, the
    /// remove button), in each of the three groups drawn per person.
    #[test]
    fn a_person_from_the_template_is_the_person_the_server_draws() {
        let ids = crate::islands::screener::text_ids();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let texts = MessageTemplates::from(client_messages(Locale::ZhCn, &refs));
        let errors = FormErrors::new();
        let c = Ctx {
            texts: &texts,
            errors: &errors,
        };
        let m = blank();
        let today = Date::parse("2026-12-06").unwrap();
        for i in [1usize, 2, MAX_MEMBERS - 1] {
            let fill = |html: String| {
                assert!(html.contains("__i__"));
                html.replace("__i__", &i.to_string())
                    .replace("__n__", &(i + 1).to_string())
            };
            let slot = Slot::at(i);
            let template = Slot::template();
            assert_eq!(
                people_view(&c, &slot, &m).to_html(),
                fill(people_view(&c, &template, &m).to_html())
            );
            assert_eq!(
                income_view(&c, &slot, &m).to_html(),
                fill(income_view(&c, &template, &m).to_html())
            );
            assert_eq!(
                care_view(&c, &slot, &m, today).to_html(),
                fill(care_view(&c, &template, &m, today).to_html())
            );
        }
        // The heading of a copied person carries its number.
        assert!(people_view(&c, &Slot::template(), &m)
            .to_html()
            .contains("__n__"));
    }

    /// The hooks the island relies on are in the server's markup: every question has its
    /// group and its (hidden) error message, and the running results are there to fill in.
    #[test]
    fn the_form_carries_the_hooks_the_island_edits() {
        let ids = crate::islands::screener::text_ids();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut form = ScreenerForm::new();
        form.household.members.push(MemberForm::default());
        form.normalize();
        let model = ScreenerModel {
            texts: MessageTemplates::from(client_messages(Locale::ZhCn, &refs)),
            form,
            step: Step::People,
            errors: FormErrors::new(),
            today: Date::parse("2026-12-06").unwrap(),
            region: None,
            query: String::new(),
            matches: Vec::new(),
            searched: false,
            quick: Vec::new(),
            outcomes: None,
        };
        let html = screener_form(model).to_html();
        for hook in [
            r#"data-field="members[1].birth_date""#,
            r#"data-error-for="members[1].birth_date""#,
            r#"data-field="assets.deposits""#,
            r#"data-field="facts.emergency""#,
            r#"data-error-for="region""#,
            r#"data-members="people""#,
            r#"data-template="care""#,
            "data-region-list",
            "data-live-body",
            r#"data-nav="next""#,
        ] {
            assert!(html.contains(hook), "{hook}");
        }
        // Only the group on screen is shown.
        assert!(html.contains(r#"data-group="people" class"#));
        assert!(html.contains(r#"data-group="place" hidden"#));
    }
}
