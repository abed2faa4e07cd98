//! The honest page of a service that is not open yet: its real heading and purpose, a plain
//! statement that it cannot be used online yet, and where to get the service today.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::t;

#[component]
pub fn ServicePending(title: String, purpose: String) -> impl IntoView {
    view! {
        <Title text=format!("{title} - {}", t!("site-title"))/>
        <h1 class="heading-xl">{title}</h1>
        <p class="lead">{purpose}</p>
        <div class="notice" role="status">
            <strong class="notice__title">{t!("pending-title")}</strong>
            <p>{t!("pending-body")}</p>
        </div>
        <h2 class="heading-m">{t!("pending-alternatives-title")}</h2>
        <ul class="list list--bullet">
            <li>{t!("pending-alternative-hall")}</li>
            <li>{t!("pending-alternative-phone")}</li>
            <li>
                <a href="/contact">{t!("pending-alternative-contact")}</a>
            </li>
        </ul>
        <p>
            <a class="back-link" href="/">{t!("back-home")}</a>
        </p>
    }
}
