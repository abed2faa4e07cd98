//! The Leptos UI of the civil-affairs portal.
//!
//! Islands architecture (DESIGN.md §2 "HTML first"): every page is rendered on the server and
//! works without JavaScript; only components marked `#[island]` are hydrated in the browser.
//! Pages, layout and translations are therefore compiled only with the `ssr` feature, and the
//! wasm bundle contains just the islands, the server-function client stubs and `domain`.
//!
//! Layout: `pages/` (one module per route, mirroring the four resident services plus the staff
//! workspace), `components/` (server-rendered building blocks), `islands/` (interactive parts),
//! `api/` (server functions, one file per function, grouped by feature), `ports` (the service
//! interfaces the server implements), `i18n` (Fluent loaders).

// The islands return concrete view types rather than `AnyView` (each type erasure put
// about 2 KB of unused async-hydration code into the wasm); the server-side view types of the
// screener page then nest deeper than the default limit.
#![recursion_limit = "256"]

pub mod api;
pub mod error;
pub mod islands;
pub mod locale;

#[cfg(feature = "ssr")]
pub mod components;
#[cfg(feature = "ssr")]
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod shell;

#[cfg(feature = "ssr")]
pub use routes::App;
#[cfg(feature = "ssr")]
pub use shell::shell;

/// Browser entry point: hydrate the islands, nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// Times the eligibility engine where residents run it: in the browser, compiled to wasm. The
/// end2end benchmark (`end2end/tests/eligibility.spec.ts`) calls it with a screener form (its
/// input name/value pairs, as JSON `[[name, value], …]`), the parameters the server resolved
/// (`Resolved::to_text`) and today's date; it parses the form and evaluates every
/// program `iterations` times, exactly as the screener island does on each answer, and returns
/// the milliseconds one parse-and-evaluate took. Numbers: docs/PERFORMANCE.md.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn eligibility_benchmark(
    form_json: &str,
    params_text: &str,
    today: &str,
    iterations: u32,
) -> Result<f64, String> {
    use domain::eligibility::screener::{self, ScreenerForm};
    use std::hint::black_box;
    let pairs: Vec<(String, String)> =
        serde_json::from_str(form_json).map_err(|e| e.to_string())?;
    let form = ScreenerForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|_| "malformed form".to_owned())?;
    let params = domain::eligibility::Resolved::from_text(params_text)
        .ok_or_else(|| "unreadable parameters".to_owned())?;
    let today = domain::Date::parse(today).map_err(|e| e.to_string())?;
    let iterations = iterations.max(1);
    let start = js_sys::Date::now();
    for _ in 0..iterations {
        let screening = screener::parse(black_box(&form), today)
            .map_err(|e| format!("{} field errors", e.len()))?;
        black_box(domain::eligibility::evaluate(
            &screening,
            black_box(&params),
        ));
    }
    Ok((js_sys::Date::now() - start) / f64::from(iterations))
}
