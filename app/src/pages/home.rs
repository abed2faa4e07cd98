//! `/`: the four resident services and the staff entry.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::t;

#[component]
fn ServiceCard(
    href: &'static str,
    title: String,
    description: String,
    icon: &'static str,
) -> impl IntoView {
    view! {
        <li class="service-card">
            <a class="service-card__link" href=href>
                <span class=format!("service-card__icon service-card__icon--{icon}") aria-hidden="true"></span>
                <span class="service-card__title">{title}</span>
                <span class="service-card__description">{description}</span>
            </a>
        </li>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text=t!("site-title")/>
        <h1 class="heading-xl">{t!("home-heading")}</h1>
        <p class="lead">{t!("home-intro")}</p>
        <ul class="service-grid" aria-label=t!("home-services-label")>
            <ServiceCard
                href="/eligibility"
                icon="eligibility"
                title=t!("service-eligibility-title")
                description=t!("service-eligibility-description")
            />
            <ServiceCard
                href="/apply"
                icon="apply"
                title=t!("service-apply-title")
                description=t!("service-apply-description")
            />
            <ServiceCard
                href="/marriage"
                icon="marriage"
                title=t!("service-marriage-title")
                description=t!("service-marriage-description")
            />
            <ServiceCard
                href="/track"
                icon="track"
                title=t!("service-track-title")
                description=t!("service-track-description")
            />
        </ul>
        <section class="home-secondary" aria-labelledby="home-help">
            <h2 class="heading-m" id="home-help">{t!("home-help-title")}</h2>
            <p>
                {t!("home-help-body")} " "
                <a href="/contact">{t!("home-help-link")}</a>
            </p>
        </section>
        // A kiosk offers no way out of the resident services.
        {(!crate::prefs::use_prefs().kiosk).then(|| view! {
            <section class="staff-entry" aria-labelledby="home-staff">
                <h2 class="heading-s" id="home-staff">{t!("staff-entry-title")}</h2>
                <p>
                    <a href="/staff">{t!("staff-entry-link")}</a>
                </p>
            </section>
        })}
    }
}
