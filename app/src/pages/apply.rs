//! `/apply`: the household application. Until the application form lands (issue 6) the page
//! says honestly that it cannot be used online yet. The screener's "apply now" posts its
//! answers here ([`CarriedAnswers`] in context, provided by the server's `POST /apply`): the
//! page confirms what arrived, so the hand-over is real and tested, and the application form
//! will start from these answers.

use domain::eligibility::screener::ScreenerForm;
use leptos::prelude::*;

use crate::components::ServicePending;
use crate::t;

/// Screener answers posted by "apply now", already re-parsed by the server.
#[derive(Debug, Clone)]
pub struct CarriedAnswers {
    pub form: ScreenerForm,
    /// The place's full name, when the code is in the national list.
    pub region: Option<String>,
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let carried = use_context::<CarriedAnswers>();
    view! {
        {carried.map(|c| {
            let people = c.form.household.members.len();
            view! {
                <div class="panel panel--carried" role="status" data-carried-members=people>
                    <p class="panel__body">
                        {t!("apply-carried", people = people, region = c.region.unwrap_or_default())}
                    </p>
                </div>
            }
        })}
        <ServicePending
            title=t!("service-apply-title")
            purpose=t!("service-apply-description")
        />
        <p>
            <a href=crate::pages::commitments::COMMITMENTS_PATH>{t!("apply-read-commitments")}</a>
        </p>
    }
}
