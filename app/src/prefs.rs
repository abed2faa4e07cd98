//! Per-request display preferences: language and 长辈版 (elder mode).

use leptos::prelude::use_context;

use crate::locale::{cookie_value, Locale, ELDER_COOKIE, KIOSK_COOKIE, LANG_COOKIE};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    pub locale: Locale,
    /// Larger type, more spacing and higher contrast (适老化).
    pub elder: bool,
    /// A shared service-hall kiosk (see `KIOSK_COOKIE`).
    pub kiosk: bool,
}

impl Prefs {
    /// Decided once per request on the server; the rendered `<html lang class>` carries the
    /// decision to the browser, so islands never guess differently (no hydration mismatch).
    pub fn from_headers(headers: &http::HeaderMap) -> Self {
        let cookies = headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join("; ");
        let accept = headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Prefs {
            locale: Locale::negotiate(cookie_value(&cookies, LANG_COOKIE), accept),
            elder: cookie_value(&cookies, ELDER_COOKIE) == Some("1"),
            kiosk: cookie_value(&cookies, KIOSK_COOKIE) == Some("1"),
        }
    }
}

/// The preferences of the request being rendered.
pub fn use_prefs() -> Prefs {
    use_context::<Prefs>().unwrap_or_default()
}
