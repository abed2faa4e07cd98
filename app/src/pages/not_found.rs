//! The 404 page (status set through the response options).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=format!("{} - {}", t!("not-found-title"), t!("site-title"))/>
        <h1 class="heading-xl">{t!("not-found-title")}</h1>
        <p>{t!("not-found-body")}</p>
        <p>
            <a class="back-link" href="/">{t!("back-home")}</a>
        </p>
    }
}
