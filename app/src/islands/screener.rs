//! The eligibility screener: short groups of questions, one group per screen, and the result
//! of every program with its reasons and the rule each rests on.
//!
//! The server renders it complete, as one `<form>` that posts to `/eligibility`: every group is
//! in the form (those not on screen are `hidden`), the buttons carry an `action`, and the server
//! steps with `domain::eligibility::screener::navigate` and evaluates on the results screen. So
//! it works without JavaScript. Once hydrated, the same `navigate` runs in the browser, the
//! engine runs in wasm with the parameters the server resolved for the chosen place, results
//! update as the resident types, and the results screen is confirmed by the server, which is
//! authoritative (`data-server-agrees` records whether the two agreed).

use domain::eligibility::screener::{
    self, asks_daily_living, navigate, situation_questions, Action, ScreenerForm, Step, INCOME_ROWS,
};
use domain::eligibility::{
    outcomes_digest, Amount, Citation, Outcome, ProgramOutcome, Reason, Resolved,
};
use domain::household::DAILY_LIVING_FIELDS;
use domain::{Date, FormErrors, MessageArg};
use leptos::either::{Either, EitherOf3};
use leptos::html;
use leptos::prelude::*;

use crate::api::eligibility::{policy_parameters, screen, search_regions, RegionChoice};
use crate::islands::MessageTemplates;

/// The form posts here without JavaScript.
pub const SCREENER_PATH: &str = "/eligibility";
/// "Apply now" posts the answers here.
pub const APPLY_PATH: &str = "/apply";

/// Relations a household member other than the resident can have.
pub const RELATIONS: [&str; 9] = [
    "spouse",
    "child",
    "parent",
    "child_in_law",
    "parent_in_law",
    "sibling",
    "grandparent",
    "grandchild",
    "other",
];
pub const WORK_STATUSES: [&str; 10] = [
    "employed",
    "self_employed",
    "farming",
    "unemployed",
    "retired",
    "unable_to_work",
    "student",
    "child",
    "incarcerated",
    "religious_living_apart",
];
pub const SCHOOL_STAGES: [&str; 6] = [
    "preschool",
    "compulsory",
    "high_school",
    "vocational",
    "undergraduate",
    "postgraduate",
];
pub const DISABILITY_CATEGORIES: [&str; 7] = [
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
];
pub const PARENTS: [&str; 5] = [
    "not_applicable",
    "both_deceased_or_unknown",
    "one_deceased_other_unable",
    "both_unable",
    "not_sure",
];
const ASSET_FIELDS: [(&str, bool); 6] = [
    ("deposits", true),
    ("securities", true),
    ("residential_properties", false),
    ("non_residential_properties", false),
    ("motor_vehicles", false),
    ("business_registrations", false),
];

/// Every UI text the island shows, besides the outcome reasons and field errors.
pub fn text_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "scr-progress",
        "scr-continue",
        "scr-back",
        "scr-see-results",
        "scr-region-label",
        "scr-region-hint",
        "scr-region-search",
        "scr-region-query-label",
        "scr-region-matches",
        "scr-region-none",
        "scr-region-quick",
        "scr-area-label",
        "scr-area-hint",
        "scr-area-urban",
        "scr-area-rural",
        "scr-people-hint",
        "scr-person-you",
        "scr-person-n",
        "scr-relation-label",
        "scr-birth-label",
        "scr-birth-hint",
        "scr-work-label",
        "scr-stage-label",
        "scr-disability-label",
        "scr-disability-none",
        "scr-level-label",
        "scr-level-n",
        "scr-choose",
        "scr-add-person",
        "scr-remove-person",
        "scr-income-hint",
        "scr-period-monthly",
        "scr-period-yearly",
        "scr-period-label",
        "scr-amount-unit",
        "scr-assets-hint",
        "scr-care-hint",
        "scr-care-person",
        "scr-adl-can",
        "scr-adl-cannot",
        "scr-situation-hint",
        "scr-emergency-label",
        "scr-spending-label",
        "scr-supporter-label",
        "scr-long-term-care-label",
        "scr-parents-label",
        "scr-yes",
        "scr-no",
        "scr-not-sure",
        "scr-results-basis",
        "scr-results-disclaimer",
        "scr-results-checking",
        "scr-group-eligible",
        "scr-group-needs-info",
        "scr-group-review",
        "scr-group-ineligible",
        "scr-amount-monthly",
        "scr-amount-one-off",
        "scr-amount-none",
        "scr-rule",
        "scr-apply-now",
        "scr-apply-hint",
        "scr-change",
        "scr-live-title",
        "scr-live-none",
        "scr-loading-rules",
        "err-summary-title",
        "err-prefix",
        "err-network",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for step in Step::ALL {
        ids.push(format!("scr-step-{}", step.key()));
    }
    for p in domain::eligibility::Program::ALL {
        ids.push(format!("elig-program-{}", p.key()));
    }
    ids.extend(RELATIONS.iter().map(|r| format!("scr-relation-{r}")));
    ids.extend(WORK_STATUSES.iter().map(|w| format!("scr-work-{w}")));
    ids.extend(SCHOOL_STAGES.iter().map(|s| format!("scr-stage-{s}")));
    ids.extend(
        DISABILITY_CATEGORIES
            .iter()
            .map(|c| format!("scr-disability-{c}")),
    );
    ids.extend(
        INCOME_ROWS
            .iter()
            .map(|k| format!("scr-income-{}", k.key())),
    );
    ids.extend(ASSET_FIELDS.iter().map(|(f, _)| format!("scr-asset-{f}")));
    ids.extend(DAILY_LIVING_FIELDS.iter().map(|f| format!("scr-adl-{f}")));
    ids.extend(PARENTS.iter().map(|p| format!("scr-parents-{p}")));
    ids
}

/// "《title》number（date）source", the way a citation is shown under a reason.
pub fn citation_text(c: &Citation) -> String {
    let mut out = format!("《{}》", c.title);
    if !c.number.is_empty() {
        out.push_str(&c.number);
    }
    if !c.date.is_empty() {
        out.push_str(&format!("（{}）", c.date));
    }
    if !c.source.is_empty() {
        out.push(' ');
        out.push_str(&c.source);
    }
    out
}

type Texts = StoredValue<MessageTemplates>;

fn tr(texts: Texts, id: &str) -> String {
    texts.with_value(|t| t.render(id, &[]))
}

fn tr_args(texts: Texts, id: &str, args: &[(&str, String)]) -> String {
    let args: Vec<MessageArg> = args
        .iter()
        .map(|(n, v)| MessageArg {
            name: (*n).to_owned(),
            value: v.clone(),
        })
        .collect();
    texts.with_value(|t| t.render(id, &args))
}

fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// A labelled control with its hint and its error.
fn group(
    errors: RwSignal<FormErrors>,
    texts: Texts,
    name: String,
    label: String,
    hint: Option<String>,
    control: impl IntoView + 'static,
) -> impl IntoView {
    let for_class = name.clone();
    let for_error = name.clone();
    let id = field_id(&name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class=move || {
            if errors.with(|e| e.for_field(&for_class).is_some()) {
                "form-group form-group--error"
            } else {
                "form-group"
            }
        }>
            <label class="label" for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {move || {
                errors.with(|e| {
                    e.for_field(&for_error).map(|fe| {
                        let msg = texts.with_value(|t| t.field_error(fe));
                        let prefix = tr(texts, "err-prefix");
                        view! {
                            <p class="error-message" id=error_id.clone()>
                                <span class="visually-hidden">{prefix}</span>
                                {msg}
                            </p>
                        }
                    })
                })
            }}
            {control}
        </div>
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

/// A group of radios with a legend (one question, several answers).
fn radios(errors: RwSignal<FormErrors>, texts: Texts, choice: Choice) -> impl IntoView {
    let Choice {
        name,
        legend,
        hint,
        options,
        current,
        inline,
    } = choice;
    let id = field_id(&name);
    let items = options
        .into_iter()
        .enumerate()
        .map(|(k, (value, label))| {
            // The first radio carries the field's id, so the error summary can focus it.
            let radio_id = if k == 0 {
                id.clone()
            } else {
                format!("{id}-{k}")
            };
            let checked = value == current;
            radio(radio_id, &name, value, label, checked)
        })
        .collect_view();
    let layout = RadioLayout {
        name,
        hint,
        inline,
        fieldset_is_target: false,
    };
    radio_group(errors, texts, layout, legend, items)
}

/// A submit button naming its action: without JavaScript it posts `action=<key>`, and the
/// server steps with it; with JavaScript the island runs the same `navigate`.
fn action_button(
    class: &'static str,
    action: Action,
    act: impl Fn(leptos::ev::MouseEvent, Action) + Copy + 'static,
    label: impl IntoView + 'static,
) -> impl IntoView {
    view! {
        <button class=class type="submit" name="action" value=action.key() on:click=move |ev| act(ev, action)>
            {label}
        </button>
    }
}

fn radio(id: String, name: &str, value: String, label: String, checked: bool) -> impl IntoView {
    // Place names are data in Simplified Chinese (see `DATA_LANG`).
    let lang = (name == "region").then_some(crate::locale::DATA_LANG);
    view! {
        <div class="radios__item">
            <input
                class="radios__input"
                type="radio"
                id=id.clone()
                name=name.to_owned()
                value=value
                checked=checked
            />
            <label class="radios__label" for=id lang=lang>{label}</label>
        </div>
    }
}

/// What surrounds a group's radios.
struct RadioLayout {
    name: String,
    hint: Option<String>,
    /// Short answers side by side.
    inline: bool,
    /// The fieldset, not the first radio, is what the error summary links to (when the radios
    /// are keyed by value and the first one changes).
    fieldset_is_target: bool,
}

/// The fieldset, legend, hint and error message around a group's radios.
fn radio_group(
    errors: RwSignal<FormErrors>,
    texts: Texts,
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
    let for_class = name.clone();
    let id = field_id(&name);
    let fieldset_id = fieldset_is_target.then(|| id.clone());
    let fieldset_tabindex = fieldset_is_target.then_some("-1");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class=move || {
            if errors.with(|e| e.for_field(&for_class).is_some()) {
                "form-group form-group--error"
            } else {
                "form-group"
            }
        }>
            <fieldset class="fieldset" id=fieldset_id tabindex=fieldset_tabindex>
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
                {move || {
                    errors.with(|e| {
                        e.for_field(&name).map(|fe| {
                            let msg = texts.with_value(|t| t.field_error(fe));
                            view! { <p class="error-message" id=error_id.clone()>{msg}</p> }
                        })
                    })
                }}
                <div class=if inline { "radios radios--inline" } else { "radios" }>{items}</div>
            </fieldset>
        </div>
    }
}

fn select(name: &str, current: &str, options: Vec<(String, String)>, width: &str) -> impl IntoView {
    let items = options
        .into_iter()
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let class = format!("select {width}");
    view! {
        <select
            class=class
            id=field_id(name)
            name=name.to_owned()
            aria-describedby=format!("field-{name}-hint field-{name}-error")
        >
            {items}
        </select>
    }
}

fn text_input(
    name: &str,
    current: &str,
    kind: &str,
    inputmode: &str,
    width: &str,
) -> impl IntoView {
    let class = format!("input {width}");
    view! {
        <input
            class=class
            id=field_id(name)
            name=name.to_owned()
            type=kind.to_owned()
            inputmode=inputmode.to_owned()
            data-keypad=(kind == "text").then(|| super::kiosk::KeypadKind::for_field(name, inputmode)).flatten().map(super::kiosk::KeypadKind::attr)
            autocomplete="off"
            value=current.to_owned()
            aria-describedby=format!("field-{name}-hint field-{name}-error")
        />
    }
}

/// Orders outcomes the way residents read them: what they may get first.
fn outcome_rank(o: &Outcome) -> u8 {
    match o {
        Outcome::Eligible { .. } => 0,
        Outcome::NeedsInfo { .. } => 1,
        Outcome::NeedsReview { .. } => 2,
        Outcome::Ineligible { .. } => 3,
    }
}

fn reason_view(texts: Texts, r: &Reason) -> impl IntoView {
    let text = texts.with_value(|t| t.render(&r.message_id, &r.args));
    let label = format!("{}：", tr(texts, "scr-rule"));
    let cited = citation_text(&r.citation);
    view! {
        <li class="reason" data-message-id=r.message_id.clone()>
            <span class="reason__text">{text}</span>
            <span class="reason__rule">{label}<cite lang=crate::locale::DATA_LANG>{cited}</cite></span>
        </li>
    }
}

fn amount_text(texts: Texts, amount: &Amount) -> String {
    match amount {
        Amount::Monthly(m) => tr_args(texts, "scr-amount-monthly", &[("amount", m.yuan_grouped())]),
        Amount::OneOff(m) => tr_args(texts, "scr-amount-one-off", &[("amount", m.yuan_grouped())]),
        Amount::None => tr(texts, "scr-amount-none"),
    }
}

/// One program's result card.
fn outcome_view(texts: Texts, po: &ProgramOutcome) -> impl IntoView {
    let key = po.program.key();
    let name = tr(texts, &format!("elig-program-{key}"));
    let (badge, amount) = match &po.outcome {
        Outcome::Eligible { amount, .. } => {
            ("scr-group-eligible", Some(amount_text(texts, amount)))
        }
        Outcome::NeedsInfo { .. } => ("scr-group-needs-info", None),
        Outcome::NeedsReview { .. } => ("scr-group-review", None),
        Outcome::Ineligible { .. } => ("scr-group-ineligible", None),
    };
    let kind = po.outcome.kind();
    let reasons = po
        .outcome
        .reasons()
        .iter()
        .map(|r| reason_view(texts, r))
        .collect_view();
    view! {
        <li class=format!("outcome outcome--{kind}") data-program=key data-outcome=kind>
            <h3 class="outcome__title">
                <span class="outcome__name">{name}</span>
                <span class="outcome__badge">{tr(texts, badge)}</span>
            </h3>
            {amount.map(|a| view! { <p class="outcome__amount">{a}</p> })}
            <ul class="outcome__reasons">{reasons}</ul>
        </li>
    }
}

fn sorted(outcomes: &[ProgramOutcome]) -> Vec<ProgramOutcome> {
    let mut v = outcomes.to_vec();
    v.sort_by_key(|po| outcome_rank(&po.outcome));
    v
}

#[island(lazy)]
pub fn ScreenerIsland(
    texts: MessageTemplates,
    /// The answers so far (empty on a first visit).
    /// The answers so far as input name/value pairs (empty on a first visit): pairs, not the
    /// nested form, so the wasm needs no decoder for the form's structs.
    initial: Vec<(String, String)>,
    /// The group on screen, by key (a string decodes with code the wasm has anyway).
    step: String,
    errors: FormErrors,
    /// Today in China: the date the rules are applied on, the same in browser and server.
    today: Date,
    /// The parameters in force for the chosen place today, resolved by the server.
    /// In `Resolved::to_text` form (decoded by a few hundred bytes of parser instead of a
    /// serde decoder per parameter type).
    params: Option<String>,
    /// The chosen place, with its full name.
    region: Option<RegionChoice>,
    /// The last place search and what it found (no-JavaScript search, or a re-render).
    query: String,
    matches: Vec<RegionChoice>,
    searched: bool,
    /// Places whose own standards the portal holds.
    quick: Vec<RegionChoice>,
) -> impl IntoView {
    let texts: Texts = StoredValue::new(texts);
    let form = RwSignal::new(
        ScreenerForm::from_pairs(initial.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap_or_default(),
    );
    let step = RwSignal::new(Step::from_key(&step).unwrap_or(Step::Place));
    let errors = RwSignal::new(errors);
    let params = RwSignal::new(params.and_then(|t| Resolved::from_text(&t)));
    let chosen = RwSignal::new(region);
    let query = RwSignal::new(query);
    let matches = RwSignal::new(matches);
    let searched = RwSignal::new(searched);
    let quick = StoredValue::new(quick);
    let hydrated = RwSignal::new(false);
    let server_agrees = RwSignal::new(None::<bool>);
    let loading_rules = RwSignal::new(false);

    let form_ref = NodeRef::<html::Form>::new();
    let heading_ref = NodeRef::<html::H2>::new();
    let summary_ref = NodeRef::<html::Div>::new();

    Effect::new(move |_| {
        if let Some(el) = form_ref.get() {
            let _ = el.set_attribute("data-hydrated", "true");
            hydrated.set(true);
        }
    });

    let member_count = Memo::new(move |_| form.with(|f| f.household.members.len()));
    let region_code = Memo::new(move |_| form.with(|f| f.region.trim().to_owned()));
    let order = Memo::new(move |_| form.with(|f| screener::steps(f, today)));

    // The engine, in the browser: every answer re-evaluates (well under a millisecond; see
    // docs/PERFORMANCE.md). Parameters of another place are never used.
    let outcomes = Memo::new(move |_| {
        let code = region_code.get();
        params.with(|p| {
            let p = p.as_ref().filter(|p| p.region == code)?;
            let screening = form.with(|f| screener::parse(f, today).ok())?;
            Some(domain::eligibility::evaluate(&screening, p))
        })
    });

    // A new place: fetch the values in force there (the browser has no policy data of its own).
    Effect::new(move |_| {
        let code = region_code.get();
        if code.is_empty()
            || params.with_untracked(|p| p.as_ref().is_some_and(|p| p.region == code))
        {
            return;
        }
        loading_rules.set(true);
        leptos::task::spawn_local(async move {
            let result = policy_parameters(code.clone()).await;
            if region_code.get_untracked() == code {
                if let Ok(text) = result {
                    params.set(Resolved::from_text(&text));
                }
                loading_rules.set(false);
            }
        });
    });

    // On the results screen the server decides too; it is authoritative, and a disagreement
    // would be a bug worth seeing (it is logged in the console and shown in the markup).
    Effect::new(move |_| {
        if step.get() != Step::Results {
            return;
        }
        let Some(local) = outcomes.get() else {
            return;
        };
        server_agrees.set(None);
        let answers = form.with_untracked(ScreenerForm::to_pairs);
        leptos::task::spawn_local(async move {
            if let Ok(result) = screen(answers).await {
                let agrees = result.digest == outcomes_digest(&local);
                server_agrees.set(Some(agrees));
                if !agrees {
                    // The server is authoritative: let it render the results (the
                    // no-JavaScript path posts step=results and shows its own evaluation).
                    leptos::logging::warn!("browser and server outcomes differ");
                    if let Some(el) = form_ref.get_untracked() {
                        let _ = el.submit();
                    }
                }
            }
        });
    });

    let focus_after_move = move |has_errors: bool| {
        request_animation_frame(move || {
            if has_errors {
                if let Some(el) = summary_ref.get_untracked() {
                    let _ = el.focus();
                    return;
                }
            }
            if let Some(el) = heading_ref.get_untracked() {
                el.scroll_into_view();
                let _ = el.focus();
            }
        });
    };

    // Buttons: the same `navigate` the server runs for the no-JavaScript post.
    let act = move |ev: leptos::ev::MouseEvent, action: Action| {
        ev.prevent_default();
        if action == Action::FindRegion {
            let q = query.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(found) = search_regions(q).await {
                    matches.set(found);
                    searched.set(true);
                }
            });
            return;
        }
        let mut f = form.get_untracked();
        let nav = navigate(&mut f, step.get_untracked(), action, today);
        form.set(f);
        let moved = nav.step != step.get_untracked();
        let has_errors = !nav.errors.is_empty();
        errors.set(nav.errors);
        step.set(nav.step);
        if moved || has_errors {
            focus_after_move(has_errors);
        }
    };

    // Every input reports here (event delegation): the form state is the inputs' state.
    let on_input = move |ev: leptos::ev::Event| {
        let target = event_target::<leptos::web_sys::HtmlInputElement>(&ev);
        let name = target.name();
        let value = target.value();
        if name == "region_query" {
            query.set(value);
            return;
        }
        if name == "region" {
            let label = matches
                .with_untracked(|m| m.iter().find(|c| c.code == value).cloned())
                .or_else(|| quick.with_value(|q| q.iter().find(|c| c.code == value).cloned()));
            if label.is_some() {
                chosen.set(label);
            }
        }
        let mut changed = false;
        form.update(|f| changed = f.set(&name, &value).is_ok());
        if changed {
            errors.update(|e| e.errors.retain(|fe| fe.field != name));
        }
    };

    let summary_visible = move || errors.with(|e| !e.is_empty());
    let summary = move || {
        errors.with(|e| {
            e.errors
                .iter()
                .map(|fe| {
                    let msg = texts.with_value(|t| t.field_error(fe));
                    let href = format!("#{}", field_id(&fe.field));
                    view! { <li><a href=href>{msg}</a></li> }
                })
                .collect_view()
        })
    };

    let progress = move || {
        let s = step.get();
        if s == Step::Results {
            return String::new();
        }
        let (n, total) = form.with(|f| screener::progress(f, s, today));
        tr_args(
            texts,
            "scr-progress",
            &[("n", n.to_string()), ("total", total.to_string())],
        )
    };

    // ---- Place ----
    // What the search found (and the current choice) first, then the places whose standards
    // the portal holds. The radios are keyed by region code: a search answer that arrives as
    // the resident taps must not turn the radio under their finger into another place, which
    // is what re-rendering by position did (a tap on 阳西 in the quick picks chose 清水河 once
    // the answer had moved 阳西 to the top).
    let region_options = Memo::new(move |_| {
        let mut options: Vec<RegionChoice> = Vec::new();
        // The choice is read untracked: choosing must not reorder the list (a new search does).
        if let Some(c) = chosen.get_untracked() {
            options.push(c);
        }
        matches.with(|found| {
            for m in found {
                if !options.iter().any(|o| o.code == m.code) {
                    options.push(m.clone());
                }
            }
        });
        let show_found = !options.is_empty();
        quick.with_value(|q| {
            for c in q {
                if !options.iter().any(|o| o.code == c.code) {
                    options.push(c.clone());
                }
            }
        });
        (options, show_found)
    });
    let place = move || {
        let found_nothing = move || searched.get() && matches.with(Vec::is_empty);
        let none_text = move || {
            tr_args(
                texts,
                "scr-region-none",
                &[("query", query.get_untracked())],
            )
        };
        let legend = move || {
            if region_options.with(|(_, found)| *found) {
                tr(texts, "scr-region-matches")
            } else {
                tr(texts, "scr-region-quick")
            }
        };
        let items = view! {
            <For
                each=move || region_options.with(|(o, _)| o.clone())
                key=|c| c.code.clone()
                let:c
            >
                {
                    let checked = form.with_untracked(|f| f.region == c.code);
                    radio(format!("field-region-{}", c.code), "region", c.code, c.label, checked)
                }
            </For>
        };
        view! {
            {move || found_nothing().then(|| view! { <p class="notice" role="status">{none_text()}</p> })}
            <div hidden=move || region_options.with(|(o, _)| o.is_empty())>
                {radio_group(
                    errors,
                    texts,
                    RadioLayout { name: "region".into(), hint: None, inline: false, fieldset_is_target: true },
                    legend,
                    items,
                )}
            </div>
        }
    };

    view! {
        <form
            class="form screener"
            method="post"
            action=SCREENER_PATH
            novalidate
            node_ref=form_ref
            on:input=on_input
            on:change=on_input
            data-step=move || step.get().key()
        >
            // Enter in any field continues, as the visible "continue" button would.
            <button
                class="visually-hidden"
                type="submit"
                name="action"
                value="next"
                tabindex="-1"
                aria-hidden="true"
                on:click=move |ev| act(ev, Action::Next)
            ></button>
            <input type="hidden" name="step" value=move || step.get().key()/>

            <div
                class="error-summary"
                node_ref=summary_ref
                tabindex="-1"
                role="alert"
                aria-labelledby="error-summary-title"
                hidden=move || !summary_visible()
            >
                <h2 class="error-summary__title" id="error-summary-title">
                    {tr(texts, "err-summary-title")}
                </h2>
                <ul class="error-summary__list">{summary}</ul>
            </div>

            <p class="screener__progress">{progress}</p>
            <h2 class="heading-l screener__heading" tabindex="-1" node_ref=heading_ref>
                {move || tr(texts, &format!("scr-step-{}", step.get().key()))}
            </h2>

            <fieldset class="screener__step" data-group="place" hidden=move || step.get() != Step::Place>
                <div class="form-group">
                    <label class="label" for="field-region_query">{tr(texts, "scr-region-query-label")}</label>
                    <p class="hint" id="field-region_query-hint">{tr(texts, "scr-region-hint")}</p>
                    <div class="search">
                        <input
                            class="input input--width-10"
                            id="field-region_query"
                            name="region_query"
                            type="search"
                            autocomplete="off"
                            maxlength="20"
                            value=query.get_untracked()
                            aria-describedby="field-region_query-hint"
                        />
                        {action_button("button button--secondary", Action::FindRegion, act, tr(texts, "scr-region-search"))}
                    </div>
                </div>
                <div aria-live="polite">{place()}</div>
                {move || {
                    let area = form.with_untracked(|f| f.area.clone());
                    radios(errors, texts, Choice { name: "area".into(), legend: tr(texts, "scr-area-label"), hint: Some(tr(texts, "scr-area-hint")), options: vec![
                            ("urban".into(), tr(texts, "scr-area-urban")),
                            ("rural".into(), tr(texts, "scr-area-rural")),
                        ], current: area, inline: false })
                }}
            </fieldset>

            <fieldset class="screener__step" data-group="people" hidden=move || step.get() != Step::People>
                <p class="hint">{tr(texts, "scr-people-hint")}</p>
                {move || {
                    let n = member_count.get();
                    (0..n).map(|i| people_view(texts, errors, form, hydrated, i, act)).collect_view()
                }}
                {move || (member_count.get() < domain::household::MAX_MEMBERS).then(|| {
                    action_button("button button--secondary", Action::AddMember, act, tr(texts, "scr-add-person"))
                })}
            </fieldset>

            <fieldset class="screener__step" data-group="income" hidden=move || step.get() != Step::Income>
                <p class="hint">{tr(texts, "scr-income-hint")}</p>
                {move || {
                    let n = member_count.get();
                    (0..n).map(|i| income_view(texts, errors, form, i)).collect_view()
                }}
            </fieldset>

            <fieldset class="screener__step" data-group="assets" hidden=move || step.get() != Step::Assets>
                <p class="hint">{tr(texts, "scr-assets-hint")}</p>
                {ASSET_FIELDS.iter().map(|(f, money)| {
                    let name = format!("assets.{f}");
                    let current = form.with_untracked(|fm| fm.get(&name));
                    let control = if *money {
                        Either::Left(view! {
                            <div class="input-affix">
                                {text_input(&name, &current, "text", "decimal", "input--width-10")}
                                <span class="input-affix__suffix">{tr(texts, "scr-amount-unit")}</span>
                            </div>
                        })
                    } else {
                        Either::Right(text_input(&name, &current, "text", "numeric", "input--width-4"))
                    };
                    group(errors, texts, name.clone(), tr(texts, &format!("scr-asset-{f}")), None, control)
                }).collect_view()}
            </fieldset>

            <fieldset class="screener__step" data-group="care" hidden=move || step.get() != Step::Care>
                <p class="hint">{tr(texts, "scr-care-hint")}</p>
                {move || {
                    let n = member_count.get();
                    (0..n).map(|i| care_view(texts, errors, form, hydrated, i, today)).collect_view()
                }}
            </fieldset>

            <fieldset class="screener__step" data-group="situation" hidden=move || step.get() != Step::Situation>
                <p class="hint">{tr(texts, "scr-situation-hint")}</p>
                {situation_view(texts, errors, form, hydrated, today)}
            </fieldset>

            {move || (step.get() == Step::Results).then(|| view! {
                <section
                    class="results"
                    aria-labelledby="results-basis"
                    data-server-agrees=move || server_agrees.get().map(|a| a.to_string())
                    data-browser-digest=move || outcomes.with(|o| o.as_ref().map(|o| outcomes_digest(o)))
                >
                    {move || {
                        let basis = chosen.get().map(|c| c.label).unwrap_or_default();
                        view! {
                            <p class="lead" id="results-basis">
                                {tr_args(texts, "scr-results-basis", &[("region", basis), ("date", today.to_string())])}
                            </p>
                        }
                    }}
                    {move || match outcomes.get() {
                        Some(list) => Either::Left(view! {
                            <ul class="outcomes">
                                {sorted(&list).iter().map(|po| outcome_view(texts, po)).collect_view()}
                            </ul>
                        }),
                        None => Either::Right(view! { <p class="notice">{tr(texts, "scr-loading-rules")}</p> }),
                    }}
                    <p class="notice">{tr(texts, "scr-results-disclaimer")}</p>
                    <div class="apply-now">
                        <button
                            class="button button--start"
                            type="submit"
                            formaction=APPLY_PATH
                            formmethod="post"
                            name="from"
                            value="eligibility"
                        >
                            {tr(texts, "scr-apply-now")}
                        </button>
                        <p class="hint">{tr(texts, "scr-apply-hint")}</p>
                    </div>
                    <h2 class="heading-m">{tr(texts, "scr-change")}</h2>
                    <ul class="change-list">
                        {move || order.get().into_iter().filter(|s| *s != Step::Results).map(|s| {
                            let label = tr(texts, &format!("scr-step-{}", s.key()));
                            view! { <li>{action_button("link-button", Action::Goto(s), act, label)}</li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}

            {move || {
                let s = step.get();
                let show_live = hydrated.get() && matches!(s, Step::Income | Step::Assets | Step::Care | Step::Situation);
                show_live.then(|| live_view(texts, outcomes, loading_rules))
            }}

            <div class="screener__nav">
                {move || (step.get() != Step::Results).then(|| {
                    let last = order.with(|o| o.iter().rfind(|s| **s != Step::Results).copied()) == Some(step.get());
                    let label = if last { tr(texts, "scr-see-results") } else { tr(texts, "scr-continue") };
                    action_button("button", Action::Next, act, label)
                })}
                {move || (step.get() != Step::Place).then(|| {
                    action_button("button button--secondary", Action::Back, act, tr(texts, "scr-back"))
                })}
            </div>
        </form>
    }
}

/// "So far you may get …", updated as the resident types (JavaScript only).
fn live_view(
    texts: Texts,
    outcomes: Memo<Option<Vec<ProgramOutcome>>>,
    loading_rules: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <aside class="live-results" aria-live="polite" aria-atomic="true">
            <h3 class="heading-s">{tr(texts, "scr-live-title")}</h3>
            {move || {
                if loading_rules.get() {
                    return EitherOf3::A(view! { <p>{tr(texts, "scr-loading-rules")}</p> });
                }
                let eligible: Vec<String> = outcomes.with(|o| {
                    o.iter()
                        .flatten()
                        .filter_map(|po| match &po.outcome {
                            Outcome::Eligible { amount, .. } => Some(format!(
                                "{} · {}",
                                tr(texts, &format!("elig-program-{}", po.program.key())),
                                amount_text(texts, amount)
                            )),
                            _ => None,
                        })
                        .collect()
                });
                if eligible.is_empty() {
                    EitherOf3::B(view! { <p>{tr(texts, "scr-live-none")}</p> })
                } else {
                    EitherOf3::C(view! {
                        <ul class="live-results__list">
                            {eligible.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                        </ul>
                    })
                }
            }}
        </aside>
    }
}

fn member_heading(texts: Texts, i: usize) -> String {
    if i == 0 {
        tr(texts, "scr-person-you")
    } else {
        tr_args(texts, "scr-person-n", &[("n", (i + 1).to_string())])
    }
}

fn people_view(
    texts: Texts,
    errors: RwSignal<FormErrors>,
    form: RwSignal<ScreenerForm>,
    hydrated: RwSignal<bool>,
    i: usize,
    act: impl Fn(leptos::ev::MouseEvent, Action) + Copy + 'static,
) -> impl IntoView {
    let m = form.with_untracked(|f| f.household.members[i].clone());
    let at = |f: &str| format!("members[{i}].{f}");
    let choose = (String::new(), tr(texts, "scr-choose"));
    let relation = (i > 0).then(|| {
        let mut options = vec![choose.clone()];
        options.extend(
            RELATIONS
                .iter()
                .map(|r| (r.to_string(), tr(texts, &format!("scr-relation-{r}")))),
        );
        group(
            errors,
            texts,
            at("relation"),
            tr(texts, "scr-relation-label"),
            None,
            select(&at("relation"), &m.relation, options, ""),
        )
    });
    let mut work = vec![choose.clone()];
    work.extend(
        WORK_STATUSES
            .iter()
            .map(|w| (w.to_string(), tr(texts, &format!("scr-work-{w}")))),
    );
    let mut stages = vec![choose.clone()];
    stages.extend(
        SCHOOL_STAGES
            .iter()
            .map(|s| (s.to_string(), tr(texts, &format!("scr-stage-{s}")))),
    );
    let mut categories = vec![(String::new(), tr(texts, "scr-disability-none"))];
    categories.extend(
        DISABILITY_CATEGORIES
            .iter()
            .map(|c| (c.to_string(), tr(texts, &format!("scr-disability-{c}")))),
    );
    let mut levels = vec![choose];
    levels.extend((1..=4).map(|l| {
        (
            l.to_string(),
            tr_args(texts, "scr-level-n", &[("n", l.to_string())]),
        )
    }));
    // Follow-up questions are revealed by the answer they depend on; without JavaScript
    // they are always shown (the hint says when they apply).
    let is_student = move || {
        form.with(|f| {
            f.household
                .members
                .get(i)
                .is_some_and(|m| m.work_status == "student")
        })
    };
    let is_disabled = move || {
        form.with(|f| {
            f.household
                .members
                .get(i)
                .is_some_and(|m| !m.disability_category.is_empty())
        })
    };
    view! {
        <div class="person" data-member=i>
            <h3 class="heading-s person__title">{member_heading(texts, i)}</h3>
            {relation}
            {group(errors, texts, at("birth_date"), tr(texts, "scr-birth-label"), Some(tr(texts, "scr-birth-hint")),
                text_input(&at("birth_date"), &m.birth_date, "text", "numeric", "input--width-10"))}
            {group(errors, texts, at("work_status"), tr(texts, "scr-work-label"), None,
                select(&at("work_status"), &m.work_status, work, ""))}
            <div class="conditional" hidden=move || hydrated.get() && !is_student()>
                {group(errors, texts, at("school_stage"), tr(texts, "scr-stage-label"), None,
                    select(&at("school_stage"), &m.school_stage, stages, ""))}
            </div>
            {group(errors, texts, at("disability_category"), tr(texts, "scr-disability-label"), None,
                select(&at("disability_category"), &m.disability_category, categories, ""))}
            <div class="conditional" hidden=move || hydrated.get() && !is_disabled()>
                {group(errors, texts, at("disability_level"), tr(texts, "scr-level-label"), None,
                    select(&at("disability_level"), &m.disability_level, levels, ""))}
            </div>
            {(i > 0).then(|| {
                let label = view! {
                    {tr(texts, "scr-remove-person")}
                    <span class="visually-hidden">{format!("（{}）", member_heading(texts, i))}</span>
                };
                action_button("button button--warning button--small", Action::RemoveMember(i), act, label)
            })}
        </div>
    }
}

fn income_view(
    texts: Texts,
    errors: RwSignal<FormErrors>,
    form: RwSignal<ScreenerForm>,
    i: usize,
) -> impl IntoView {
    let m = form.with_untracked(|f| f.household.members[i].clone());
    let rows = INCOME_ROWS
        .iter()
        .enumerate()
        .map(|(j, kind)| {
            let row = m.income.get(j).cloned().unwrap_or_default();
            let base = format!("members[{i}].income[{j}]");
            let amount = format!("{base}.amount");
            let period = format!("{base}.period");
            let periods = vec![
                ("monthly".to_owned(), tr(texts, "scr-period-monthly")),
                ("yearly".to_owned(), tr(texts, "scr-period-yearly")),
            ];
            let control = view! {
                <input type="hidden" name=format!("{base}.kind") value=kind.key()/>
                <div class="input-affix">
                    {text_input(&amount, &row.amount, "text", "decimal", "input--width-10")}
                    <span class="input-affix__suffix">{tr(texts, "scr-amount-unit")}</span>
                    <label class="visually-hidden" for=field_id(&period)>{tr(texts, "scr-period-label")}</label>
                    {select(&period, &row.period, periods, "select--inline")}
                </div>
            };
            group(
                errors,
                texts,
                amount.clone(),
                tr(texts, &format!("scr-income-{}", kind.key())),
                None,
                control,
            )
        })
        .collect_view();
    view! {
        <div class="person" data-member=i>
            <h3 class="heading-s person__title">{member_heading(texts, i)}</h3>
            {rows}
        </div>
    }
}

fn care_view(
    texts: Texts,
    errors: RwSignal<FormErrors>,
    form: RwSignal<ScreenerForm>,
    hydrated: RwSignal<bool>,
    i: usize,
    today: Date,
) -> impl IntoView {
    let m = form.with_untracked(|f| f.household.members[i].clone());
    let asked = move || {
        form.with(|f| {
            f.household
                .members
                .get(i)
                .is_some_and(|m| asks_daily_living(m, today))
        })
    };
    // Without JavaScript the group shows only people it applied to when the page was drawn.
    let asked_at_render = asks_daily_living(&m, today);
    let questions = DAILY_LIVING_FIELDS
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let name = format!("members[{i}].daily_living.{f}");
            let current = m.daily_living.get(k).cloned().unwrap_or_default();
            radios(
                errors,
                texts,
                Choice {
                    name,
                    legend: tr(texts, &format!("scr-adl-{f}")),
                    hint: None,
                    options: vec![
                        ("yes".into(), tr(texts, "scr-adl-can")),
                        ("no".into(), tr(texts, "scr-adl-cannot")),
                    ],
                    current,
                    inline: true,
                },
            )
        })
        .collect_view();
    view! {
        <div
            class="person"
            data-member=i
            hidden=move || if hydrated.get() { !asked() } else { !asked_at_render }
        >
            <h3 class="heading-s person__title">
                {tr_args(texts, "scr-care-person", &[("person", member_heading(texts, i))])}
            </h3>
            {questions}
        </div>
    }
}

fn situation_view(
    texts: Texts,
    errors: RwSignal<FormErrors>,
    form: RwSignal<ScreenerForm>,
    hydrated: RwSignal<bool>,
    today: Date,
) -> impl IntoView {
    let f = form.get_untracked();
    let at_render = situation_questions(&f, today);
    let asked = move || form.with(|f| situation_questions(f, today));
    let yes_no_unsure = || {
        vec![
            ("yes".to_owned(), tr(texts, "scr-yes")),
            ("no".to_owned(), tr(texts, "scr-no")),
            ("not_sure".to_owned(), tr(texts, "scr-not-sure")),
        ]
    };
    let q = |name: &str, label: &str, current: &str| {
        radios(
            errors,
            texts,
            Choice {
                name: format!("facts.{name}"),
                legend: tr(texts, label),
                hint: None,
                options: yes_no_unsure(),
                current: current.to_owned(),
                inline: true,
            },
        )
    };
    let parents: Vec<(String, String)> = PARENTS
        .iter()
        .map(|p| (p.to_string(), tr(texts, &format!("scr-parents-{p}"))))
        .collect();
    view! {
        {q("emergency", "scr-emergency-label", &f.facts.emergency)}
        {q("heavy_necessary_spending", "scr-spending-label", &f.facts.heavy_necessary_spending)}
        <div class="conditional" hidden=move || if hydrated.get() { !asked().supporter } else { !at_render.supporter }>
            {q("capable_supporter", "scr-supporter-label", &f.facts.capable_supporter)}
        </div>
        <div class="conditional" hidden=move || if hydrated.get() { !asked().long_term_care } else { !at_render.long_term_care }>
            {q("needs_long_term_care", "scr-long-term-care-label", &f.facts.needs_long_term_care)}
        </div>
        <div class="conditional" hidden=move || if hydrated.get() { !asked().parents } else { !at_render.parents }>
            {radios(errors, texts, Choice { name: "facts.parents".into(), legend: tr(texts, "scr-parents-label"), hint: None, options: parents, current: f.facts.parents.clone(), inline: false })}
        </div>
    }
}
