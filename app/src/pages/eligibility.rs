//! `/eligibility`: "which help could my household get?" — the screener island, rendered by the
//! server with the answers so far. Without JavaScript its form posts back to `/eligibility`,
//! where the server steps through the groups (and evaluates on the results screen) and renders
//! this page again with [`ScreenerPost`] in context.

use domain::eligibility::screener::{ScreenerForm, Step};
use domain::form::FormErrors;
use domain::region::directory;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::eligibility::{server, RegionChoice};
use crate::error::APP_ERROR_MESSAGE_IDS;
use crate::i18n::{client_messages, current_locale};
use crate::islands::screener::{island_text_ids, text_ids, ScreenerIsland};
use crate::islands::MessageTemplates;
use crate::pages::screener_form::{screener_form, ScreenerModel};
use crate::ports::{china_today, Services};
use crate::t;

/// The state after a no-JavaScript post, provided by the server's `/eligibility` handler.
#[derive(Debug, Clone)]
pub struct ScreenerPost {
    pub form: ScreenerForm,
    pub step: Step,
    pub errors: FormErrors,
    pub query: String,
    pub matches: Vec<RegionChoice>,
    pub searched: bool,
}

impl Default for ScreenerPost {
    fn default() -> Self {
        ScreenerPost {
            form: ScreenerForm::new(),
            step: Step::Place,
            errors: FormErrors::new(),
            query: String::new(),
            matches: Vec::new(),
            searched: false,
        }
    }
}

/// Every message the form may show: its own text, the engine's reasons, field errors.
fn form_messages() -> MessageTemplates {
    let ids = text_ids();
    let mut refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    refs.extend(domain::all_message_ids());
    refs.extend_from_slice(APP_ERROR_MESSAGE_IDS);
    MessageTemplates::from(client_messages(current_locale(), &refs))
}

/// The few the island writes itself (headings, progress, running results, field errors).
fn island_messages() -> MessageTemplates {
    let ids = island_text_ids();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    MessageTemplates::from(client_messages(current_locale(), &refs))
}

#[component]
pub fn EligibilityPage() -> impl IntoView {
    let today = china_today();
    let post = use_context::<ScreenerPost>().unwrap_or_default();
    let services = Services::current().ok();
    let listed = directory()
        .parse_listed(&post.form.region)
        .ok()
        .map(|r| r.code);
    let region = listed.map(server::choice);
    let params = match (&services, listed) {
        (Some(s), Some(code)) => Some(s.policy.parameters(code, today)),
        _ => None,
    };
    // Quick picks: the places (where residents apply) whose own standards the portal holds.
    let quick: Vec<RegionChoice> = services
        .map(|s| s.policy.regions_with_standards())
        .unwrap_or_default()
        .into_iter()
        .filter(|code| directory().children_of(Some(*code)).next().is_none())
        .map(server::choice)
        .collect();
    let has_errors = !post.errors.is_empty();
    let title = crate::components::page_title(&t!("service-eligibility-title"), has_errors);
    // The results screen: the server's evaluation is the one shown.
    let outcomes = match (&params, post.step) {
        (Some(p), Step::Results) => domain::eligibility::screener::parse(&post.form, today)
            .ok()
            .map(|screening| domain::eligibility::evaluate(&screening, p)),
        _ => None,
    };
    let island = (
        post.form.to_pairs(),
        post.step.key().to_owned(),
        post.errors.clone(),
        params.map(|p| p.to_text()),
        region.clone(),
        post.matches.clone(),
        quick.clone(),
    );
    let model = ScreenerModel {
        texts: form_messages(),
        form: post.form,
        step: post.step,
        errors: post.errors,
        today,
        region,
        query: post.query,
        matches: post.matches,
        searched: post.searched,
        quick,
        outcomes,
    };
    let (initial, step, errors, params, region, matches, quick) = island;
    view! {
        <Title text=title/>
        <h1 class="heading-xl">{t!("service-eligibility-title")}</h1>
        <p class="lead">{t!("scr-intro")}</p>
        <ScreenerIsland
            texts=island_messages()
            initial=initial
            step=step
            errors=errors
            today=today
            params=params
            region=region
            matches=matches
            quick=quick
        >
            {screener_form(model)}
        </ScreenerIsland>
        <p class="privacy-note">{t!("scr-privacy")}</p>
    }
}
