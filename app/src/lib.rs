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
