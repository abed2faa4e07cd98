//! The eligibility screener in the browser.
//!
//! The server renders the whole screener (`pages::screener_form`): one `<form>` that works
//! without JavaScript, every group in it, the results drawn by the server. This island receives
//! that markup as its children, which are not part of the wasm, and enhances it in place:
//!
//! - the buttons run the same `domain::eligibility::screener::navigate` the server runs, so
//!   moving between groups, adding and removing people and the errors of a group need no round
//!   trip; only reaching the results posts the form, and the server, which is authoritative,
//!   evaluates and draws them;
//! - follow-up questions appear as the answers they depend on are given;
//! - the place search asks the server for matches and redraws the place choices;
//! - the engine runs in wasm with the parameters the server resolved for the chosen place, and
//!   "so far you may get" updates as the resident types; on the results screen the browser's
//!   evaluation is compared with the server's (`data-server-agrees`).
//!
//! Why not a reactive view: drawing the form in the browser put every question's markup and its
//! hydration code into the wasm, and the page was 234 KiB of wasm against a 200 KB budget
//! (docs/PERFORMANCE.md). The island now only edits the server's markup, through the hooks
//! listed in `pages::screener_form`.

use domain::eligibility::screener::{
    self, asks_daily_living, navigate, situation_questions, Action, ScreenerForm, Step, INCOME_ROWS,
};
use domain::eligibility::{
    outcomes_fingerprint, Amount, Citation, Outcome, ProgramOutcome, Resolved,
};
use domain::household::{DAILY_LIVING_FIELDS, MAX_MEMBERS};
use domain::{Date, FormErrors};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTemplateElement};

use crate::api::eligibility::{policy_parameters, search_regions, RegionChoice};
use crate::islands::MessageTemplates;

/// The form posts here without JavaScript.
pub const SCREENER_PATH: &str = "/eligibility";

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
pub const ASSET_FIELDS: [(&str, bool); 6] = [
    ("deposits", true),
    ("securities", true),
    ("residential_properties", false),
    ("non_residential_properties", false),
    ("motor_vehicles", false),
    ("business_registrations", false),
];

/// Every UI text of the screener's form (the server's markup and the island), besides the
/// outcome reasons and field errors.
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

/// The texts the island itself writes: progress, headings, button labels, the place search,
/// the running results and field errors. The rest of the screener's text is in the server's
/// markup.
pub fn island_text_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "scr-progress",
        "scr-continue",
        "scr-see-results",
        "scr-region-matches",
        "scr-region-none",
        "scr-region-quick",
        "scr-amount-monthly",
        "scr-amount-one-off",
        "scr-amount-none",
        "scr-live-none",
        "scr-loading-rules",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    ids.extend(Step::ALL.iter().map(|s| format!("scr-step-{}", s.key())));
    ids.extend(
        domain::eligibility::Program::ALL
            .iter()
            .map(|p| format!("elig-program-{}", p.key())),
    );
    // The errors a group's answers can have.
    for list in [
        domain::form::FORM_MESSAGE_IDS,
        domain::date::DateError::MESSAGE_IDS,
        domain::money::MoneyError::MESSAGE_IDS,
        domain::region::RegionCodeError::MESSAGE_IDS,
        domain::household::HouseholdError::MESSAGE_IDS,
        screener::ScreenerError::MESSAGE_IDS,
    ] {
        ids.extend(list.iter().map(|s| s.to_string()));
    }
    ids
}

/// The id of a question's control (`field-<input name>`), the target of the error summary.
pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// Orders outcomes the way residents read them: what they may get first.
pub fn outcome_rank(o: &Outcome) -> u8 {
    match o {
        Outcome::Eligible { .. } => 0,
        Outcome::NeedsInfo { .. } => 1,
        Outcome::NeedsReview { .. } => 2,
        Outcome::Ineligible { .. } => 3,
    }
}

/// "About 1,374.00 yuan a month", or a one-off sum.
pub fn amount_text(t: &MessageTemplates, amount: &Amount) -> String {
    match amount {
        Amount::Monthly(m) => t.render_pairs("scr-amount-monthly", &[("amount", m.yuan_grouped())]),
        Amount::OneOff(m) => t.render_pairs("scr-amount-one-off", &[("amount", m.yuan_grouped())]),
        Amount::None => t.render("scr-amount-none", &[]),
    }
}

/// What the island knows: the answers (the inputs' state), the group on screen and its
/// errors, and the place's parameters.
struct State {
    form: ScreenerForm,
    step: Step,
    errors: FormErrors,
    params: Option<Resolved>,
    loading_rules: bool,
    /// The chosen place with its full name, kept first among the place choices.
    chosen: Option<RegionChoice>,
    /// The last search: what was asked and what it found.
    query: Option<String>,
    matches: Vec<RegionChoice>,
}

impl State {
    /// The engine, in the browser: well under a millisecond (docs/PERFORMANCE.md). The
    /// parameters of another place are never used.
    fn outcomes(&self, today: Date) -> Option<Vec<ProgramOutcome>> {
        let code = self.form.region.trim();
        let params = self.params.as_ref().filter(|p| p.region == code)?;
        let screening = screener::parse(&self.form, today).ok()?;
        Some(domain::eligibility::evaluate(&screening, params))
    }
}

#[island(lazy)]
pub fn ScreenerIsland(
    /// The texts of [`island_text_ids`].
    texts: MessageTemplates,
    /// The answers as input name/value pairs: pairs, not the nested form, so the wasm needs no
    /// decoder for the form's structs.
    initial: Vec<(String, String)>,
    /// The group on screen, by key.
    step: String,
    errors: FormErrors,
    /// Today in China: the date the rules are applied on, the same in browser and server.
    today: Date,
    /// The parameters in force for the chosen place today, resolved by the server, in
    /// `Resolved::to_text` form (a few hundred bytes of parser instead of a serde decoder).
    params: Option<String>,
    /// The chosen place, with its full name.
    region: Option<RegionChoice>,
    /// What the last search found, and the places whose own standards the portal holds.
    matches: Vec<RegionChoice>,
    quick: Vec<RegionChoice>,
    /// The server's form (`pages::screener_form::screener_form`).
    children: Children,
) -> impl IntoView {
    let texts = StoredValue::new(texts);
    let quick = StoredValue::new(quick);
    let state = StoredValue::new(State {
        form: ScreenerForm::from_pairs(initial.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap_or_default(),
        step: Step::from_key(&step).unwrap_or(Step::Place),
        errors,
        params: params.and_then(|t| Resolved::from_text(&t)),
        loading_rules: false,
        chosen: region,
        query: None,
        matches,
    });
    let host = NodeRef::<html::Div>::new();
    let root = move || host.get_untracked().map(Element::from);
    let redraw = move || {
        if let Some(root) = root() {
            state.with_value(|s| texts.with_value(|t| draw(&root, s, t, today)));
        }
    };

    // A place whose parameters the browser lacks: ask the server for them.
    let fetch_params = move |code: String| {
        state.update_value(|s| s.loading_rules = true);
        redraw();
        leptos::task::spawn_local(async move {
            let result = policy_parameters(code.clone()).await;
            state.update_value(|s| {
                if s.form.region.trim() == code {
                    if let Ok(text) = result {
                        s.params = Resolved::from_text(&text);
                    }
                    s.loading_rules = false;
                }
            });
            redraw();
        });
    };

    Effect::new(move |_| {
        let Some(root) = host.get().map(Element::from) else {
            return;
        };
        redraw();
        if let Some(form) = find(&root, "form") {
            let _ = form.set_attribute("data-hydrated", "true");
        }
        let (step, has_errors) = state.with_value(|s| (s.step, !s.errors.is_empty()));
        if step == Step::Results {
            compare_with_server(&root, state.with_value(|s| s.outcomes(today)));
        }
        // A page that answers a post (a step, the results): focus its heading or its errors,
        // as a move inside the page does, unless the resident has already moved on.
        let untouched = document()
            .active_element()
            .is_none_or(|el| el.tag_name() == "BODY");
        if (step != Step::Place || has_errors) && untouched {
            focus_after_move(root, has_errors);
        }
    });

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("button[name=action]").ok().flatten());
        let Some(action) = button
            .and_then(|b| b.get_attribute("value"))
            .and_then(|v| Action::parse(&v))
        else {
            return;
        };
        let Some(host_el) = root() else {
            return;
        };
        if action == Action::FindRegion {
            ev.prevent_default();
            let query = find(&host_el, "[name=region_query]")
                .map(|el| el.unchecked_into::<HtmlInputElement>().value())
                .unwrap_or_default();
            leptos::task::spawn_local(async move {
                if let Ok(found) = search_regions(query.clone()).await {
                    state.update_value(|s| {
                        s.matches = found;
                        s.query = Some(query);
                    });
                    if let Some(root) = root() {
                        state.with_value(|s| {
                            texts.with_value(|t| quick.with_value(|q| draw_places(&root, s, q, t)))
                        });
                    }
                }
            });
            return;
        }
        let (nav, form) = state.with_value(|s| {
            let mut form = s.form.clone();
            (navigate(&mut form, s.step, action, today), form)
        });
        // The results are the server's to draw: let the form post.
        if nav.step == Step::Results && nav.errors.is_empty() {
            return;
        }
        ev.prevent_default();
        let moved = state.with_value(|s| s.step != nav.step);
        let has_errors = !nav.errors.is_empty();
        state.update_value(|s| {
            s.form = form;
            s.step = nav.step;
            s.errors = nav.errors;
        });
        redraw();
        if matches!(action, Action::RemoveMember(_)) {
            // The people after the one removed moved up: every answer is rewritten.
            state.with_value(|s| write_answers(&host_el, &s.form));
        }
        if moved || has_errors {
            focus_after_move(host_el, has_errors);
        }
    };

    // Every input reports here (event delegation): the form state is the inputs' state.
    let on_input = move |ev: leptos::ev::Event| {
        let target = event_target::<HtmlInputElement>(&ev);
        let name = target.name();
        if name.is_empty() || name == "region_query" || name == "step" {
            return;
        }
        let value = target.value();
        let mut fetch = None;
        state.update_value(|s| {
            if name == "region" {
                let label = s
                    .matches
                    .iter()
                    .find(|c| c.code == value)
                    .cloned()
                    .or_else(|| quick.with_value(|q| q.iter().find(|c| c.code == value).cloned()));
                if label.is_some() {
                    s.chosen = label;
                }
            }
            if s.form.set(&name, &value).is_ok() {
                s.errors.errors.retain(|fe| fe.field != name);
            }
            let code = s.form.region.trim().to_owned();
            if name == "region"
                && !code.is_empty()
                && s.params.as_ref().is_none_or(|p| p.region != code)
            {
                fetch = Some(code);
            }
        });
        redraw();
        if let Some(code) = fetch {
            fetch_params(code);
        }
    };

    view! {
        <div class="screener-host" node_ref=host on:click=on_click on:input=on_input on:change=on_input>
            {children()}
        </div>
    }
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

fn find_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn set_hidden(el: &Element, hidden: bool) {
    if hidden {
        let _ = el.set_attribute("hidden", "");
    } else {
        let _ = el.remove_attribute("hidden");
    }
}

fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

fn create(tag: &str, class: &str) -> Option<Element> {
    let el = document().create_element(tag).ok()?;
    if !class.is_empty() {
        el.set_class_name(class);
    }
    Some(el)
}

/// Brings the server's markup to the island's state.
fn draw(root: &Element, s: &State, t: &MessageTemplates, today: Date) {
    let step = s.step;
    let key = step.key();
    if let Some(form) = find(root, "form") {
        let _ = form.set_attribute("data-step", key);
    }
    if let Some(input) = find(root, "input[name=step]") {
        input.unchecked_into::<HtmlInputElement>().set_value(key);
    }
    for group in find_all(root, "[data-group]") {
        set_hidden(
            &group,
            group.get_attribute("data-group").as_deref() != Some(key),
        );
    }
    if let Some(results) = find(root, "section.results") {
        set_hidden(&results, step != Step::Results);
    }
    if let Some(heading) = find(root, ".screener__heading") {
        set_text(&heading, &t.render(&format!("scr-step-{key}"), &[]));
    }
    if let Some(progress) = find(root, ".screener__progress") {
        let text = if step == Step::Results {
            String::new()
        } else {
            let (n, total) = screener::progress(&s.form, step, today);
            t.render_pairs(
                "scr-progress",
                &[("n", n.to_string()), ("total", total.to_string())],
            )
        };
        set_text(&progress, &text);
    }
    if let Some(next) = find(root, "[data-nav=next]") {
        let order = screener::steps(&s.form, today);
        let last = order.iter().rfind(|s| **s != Step::Results).copied() == Some(step);
        let label = if last {
            "scr-see-results"
        } else {
            "scr-continue"
        };
        set_text(&next, &t.render(label, &[]));
        set_hidden(&next, step == Step::Results);
    }
    if let Some(back) = find(root, "[data-nav=back]") {
        set_hidden(&back, step == Step::Place);
    }
    draw_errors(root, &s.errors, t);
    draw_people(root, &s.form, today);
    draw_live(root, s, t, today);
}

/// The error summary, and each question's error message and red border.
fn draw_errors(root: &Element, errors: &FormErrors, t: &MessageTemplates) {
    if let Some(summary) = find(root, ".error-summary") {
        set_hidden(&summary, errors.is_empty());
    }
    // Redrawn only when it changes: the summary is an alert, which screen readers announce
    // on every change (and the server drew it already on a page that answers a post).
    let messages: Vec<String> = errors.errors.iter().map(|fe| t.field_error(fe)).collect();
    if let Some(list) = find(root, ".error-summary__list")
        .filter(|l| l.text_content().unwrap_or_default() != messages.concat())
    {
        list.set_text_content(None);
        for (fe, message) in errors.errors.iter().zip(&messages) {
            let (Some(li), Some(a)) = (create("li", ""), create("a", "")) else {
                continue;
            };
            let _ = a.set_attribute("href", &format!("#{}", field_id(&fe.field)));
            a.set_text_content(Some(message));
            let _ = li.append_child(&a);
            let _ = list.append_child(&li);
        }
    }
    for group in find_all(root, "[data-field]") {
        let name = group.get_attribute("data-field").unwrap_or_default();
        let has = errors.for_field(&name).is_some();
        let _ = group
            .class_list()
            .toggle_with_force("form-group--error", has);
    }
    for message in find_all(root, "[data-error-for]") {
        let name = message.get_attribute("data-error-for").unwrap_or_default();
        let error = errors.for_field(&name);
        if let (Some(fe), Some(text)) = (error, message.last_element_child()) {
            set_text(&text, &t.field_error(fe));
        }
        set_hidden(&message, error.is_none());
    }
}

/// One person block per member in each group, follow-up questions shown when they apply.
fn draw_people(root: &Element, form: &ScreenerForm, today: Date) {
    let members = &form.household.members;
    for kind in ["people", "income", "care"] {
        let (Some(list), Some(template)) = (
            find(root, &format!("[data-members={kind}]")),
            find(root, &format!("template[data-template={kind}]")),
        ) else {
            continue;
        };
        let have = list.child_element_count() as usize;
        for i in have..members.len() {
            if let Some(block) = person_from_template(&template, i) {
                let _ = list.append_child(&block);
            }
        }
        for _ in members.len()..have {
            if let Some(last) = list.last_element_child() {
                last.remove();
            }
        }
    }
    if let Some(add) = find(root, "[data-add-member]") {
        set_hidden(&add, members.len() >= MAX_MEMBERS);
    }
    for block in find_all(root, "[data-members=care] > [data-member]") {
        let member = member_of(&block).and_then(|i| members.get(i));
        set_hidden(&block, !member.is_some_and(|m| asks_daily_living(m, today)));
    }
    let asked = situation_questions(form, today);
    for el in find_all(root, "[data-when]") {
        let member = el
            .closest("[data-member]")
            .ok()
            .flatten()
            .and_then(|b| member_of(&b))
            .and_then(|i| members.get(i));
        let show = match el.get_attribute("data-when").as_deref() {
            Some("student") => member.is_some_and(|m| m.work_status == "student"),
            Some("disabled") => member.is_some_and(|m| !m.disability_category.is_empty()),
            Some("supporter") => asked.supporter,
            Some("long_term_care") => asked.long_term_care,
            Some("parents") => asked.parents,
            _ => true,
        };
        set_hidden(&el, !show);
    }
}

fn member_of(block: &Element) -> Option<usize> {
    block.get_attribute("data-member")?.parse().ok()
}

/// A copy of the server's blank person, its `__i__` and `__n__` made the person's index and
/// number (in input names and ids, and in the heading "family member 2").
fn person_from_template(template: &Element, i: usize) -> Option<Element> {
    let blank = template
        .dyn_ref::<HtmlTemplateElement>()?
        .content()
        .first_element_child()?;
    let block: Element = blank.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let (index, number) = (i.to_string(), (i + 1).to_string());
    let fill = |v: &str| v.replace("__i__", &index).replace("__n__", &number);
    let mut elements = find_all(&block, "*");
    elements.push(block.clone());
    for el in elements {
        for attr in [
            "id",
            "name",
            "for",
            "value",
            "aria-describedby",
            "data-member",
            "data-field",
            "data-error-for",
        ] {
            if let Some(v) = el.get_attribute(attr).filter(|v| v.contains("__")) {
                let _ = el.set_attribute(attr, &fill(&v));
            }
        }
        if el.child_element_count() == 0 {
            if let Some(text) = el.text_content().filter(|t| t.contains("__n__")) {
                el.set_text_content(Some(&fill(&text)));
            }
        }
    }
    Some(block)
}

/// Writes every person's answers into their inputs (after a person is removed, each later
/// person's answers move up one block).
fn write_answers(root: &Element, form: &ScreenerForm) {
    let pairs = form.to_pairs();
    for el in find_all(
        root,
        "[data-members] input[name], [data-members] select[name]",
    ) {
        let input = el.unchecked_into::<HtmlInputElement>();
        if input.type_() == "hidden" {
            continue;
        }
        let name = input.name();
        let value = pairs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default();
        if input.type_() == "radio" {
            input.set_checked(input.value() == value);
        } else {
            input.set_value(value);
        }
    }
}

/// "So far you may get …", on the groups after the household (redrawn only when it changes,
/// so screen readers hear it once).
fn draw_live(root: &Element, s: &State, t: &MessageTemplates, today: Date) {
    let Some(aside) = find(root, "[data-live]") else {
        return;
    };
    let shown = matches!(
        s.step,
        Step::Income | Step::Assets | Step::Care | Step::Situation
    );
    set_hidden(&aside, !shown);
    let Some(body) = find(&aside, "[data-live-body]").filter(|_| shown) else {
        return;
    };
    let eligible: Vec<String> = if s.loading_rules {
        Vec::new()
    } else {
        s.outcomes(today)
            .iter()
            .flatten()
            .filter_map(|po| match &po.outcome {
                Outcome::Eligible { amount, .. } => Some(format!(
                    "{} · {}",
                    t.render(&format!("elig-program-{}", po.program.key()), &[]),
                    amount_text(t, amount)
                )),
                _ => None,
            })
            .collect()
    };
    let signature = if s.loading_rules {
        "loading".to_owned()
    } else {
        eligible.join("\n")
    };
    if body.get_attribute("data-shows").as_deref() == Some(signature.as_str()) {
        return;
    }
    let _ = body.set_attribute("data-shows", &signature);
    body.set_text_content(None);
    let content = if eligible.is_empty() {
        create("p", "").inspect(|p| {
            let id = if s.loading_rules {
                "scr-loading-rules"
            } else {
                "scr-live-none"
            };
            p.set_text_content(Some(&t.render(id, &[])));
        })
    } else {
        create("ul", "live-results__list").inspect(|ul| {
            for line in &eligible {
                if let Some(li) = create("li", "") {
                    li.set_text_content(Some(line));
                    let _ = ul.append_child(&li);
                }
            }
        })
    };
    if let Some(content) = content {
        let _ = body.append_child(&content);
    }
}

/// The place choices after a search: the current choice, what the search found, then the
/// places whose standards the portal holds. The list is drawn anew from the state, never
/// reused by position: a search answer that arrives as the resident taps must not turn the
/// radio under their finger into another place.
fn draw_places(root: &Element, s: &State, quick: &[RegionChoice], t: &MessageTemplates) {
    let mut options: Vec<&RegionChoice> = s.chosen.iter().collect();
    for m in &s.matches {
        if !options.iter().any(|o| o.code == m.code) {
            options.push(m);
        }
    }
    let show_found = !options.is_empty();
    for q in quick {
        if !options.iter().any(|o| o.code == q.code) {
            options.push(q);
        }
    }
    if let Some(none) = find(root, "[data-region-none]") {
        let found_nothing = s.query.is_some() && s.matches.is_empty();
        if let Some(q) = s.query.as_ref().filter(|_| found_nothing) {
            set_text(
                &none,
                &t.render_pairs("scr-region-none", &[("query", q.clone())]),
            );
        }
        set_hidden(&none, !found_nothing);
    }
    if let Some(boxed) = find(root, "[data-region-box]") {
        set_hidden(&boxed, options.is_empty());
    }
    if let Some(legend) = find(root, "[data-region-legend]") {
        let id = if show_found {
            "scr-region-matches"
        } else {
            "scr-region-quick"
        };
        set_text(&legend, &t.render(id, &[]));
    }
    let Some(list) = find(root, "[data-region-list]") else {
        return;
    };
    list.set_text_content(None);
    for o in options {
        let (Some(item), Some(input), Some(label)) = (
            create("div", "radios__item"),
            create("input", "radios__input"),
            create("label", "radios__label"),
        ) else {
            continue;
        };
        let id = format!("field-region-{}", o.code);
        for (k, v) in [
            ("type", "radio"),
            ("id", id.as_str()),
            ("name", "region"),
            ("value", o.code.as_str()),
        ] {
            let _ = input.set_attribute(k, v);
        }
        if s.form.region == o.code {
            let _ = input.set_attribute("checked", "");
        }
        let _ = label.set_attribute("for", &id);
        // Place names are data in Simplified Chinese (see `DATA_LANG`).
        let _ = label.set_attribute("lang", crate::locale::DATA_LANG);
        label.set_text_content(Some(&o.label));
        let _ = item.append_child(&input);
        let _ = item.append_child(&label);
        let _ = list.append_child(&item);
    }
}

/// On the results the server drew: does the browser's engine agree? It should, always; a
/// disagreement is a bug worth seeing (logged, and recorded in the markup for the tests).
fn compare_with_server(root: &Element, local: Option<Vec<ProgramOutcome>>) {
    let (Some(section), Some(local)) = (find(root, "section.results"), local) else {
        return;
    };
    let digest = outcomes_fingerprint(&local);
    let agrees = section.get_attribute("data-server-digest").as_deref() == Some(digest.as_str());
    let _ = section.set_attribute("data-browser-digest", &digest);
    let _ = section.set_attribute("data-server-agrees", if agrees { "true" } else { "false" });
    if !agrees {
        leptos::logging::warn!("browser and server outcomes differ");
    }
}

/// After a move: the error summary when there are errors, else the new group's heading.
fn focus_after_move(root: Element, has_errors: bool) {
    request_animation_frame(move || {
        let target = if has_errors {
            find(&root, ".error-summary")
        } else {
            None
        }
        .or_else(|| find(&root, ".screener__heading"));
        if let Some(el) = target.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
            el.scroll_into_view();
            let _ = el.focus();
        }
    });
}
