//! The HTML document around every page: `<html lang>` and the theme class decided from the
//! request, the stylesheet, the islands hydration script (with the request's CSP nonce) and
//! the Content-Security-Policy header that allows exactly that script.

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::prefs::Prefs;
use crate::routes::App;

/// The CSP for pages: scripts only from this origin or carrying this response's nonce,
/// WebAssembly compilation allowed without allowing `eval`, no framing, no plugins.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Where this build's front-end files (`pkg/`: wasm, JS, CSS) are served: the server puts
/// `/v/<content hash>` in front, so browsers may keep them for a year (any changed byte gives
/// a new name). Empty: served at `/pkg/` itself, revalidated on each use.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssetBase(pub String);

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let assets = use_context::<AssetBase>().unwrap_or_default().0;
    let prefs = use_context::<http::request::Parts>()
        .map(|parts| Prefs::from_headers(&parts.headers))
        .unwrap_or_default();
    provide_context(prefs);
    provide_context(prefs.locale);
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) = http::HeaderValue::from_str(&content_security_policy(&nonce.to_string()))
        {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    let theme = if prefs.elder { "elder" } else { "standard" };
    let class = if prefs.kiosk {
        format!("{theme} kiosk")
    } else {
        theme.to_owned()
    };
    view! {
        <!DOCTYPE html>
        <html lang=prefs.locale.tag() class=class>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=format!("{assets}/pkg/portal.css")/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options=options islands=true root=assets/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}
