//! `GET /prefs?lang=en&next=/path` and `?elder=1`: remembers a display preference in a cookie
//! and returns to the page. A plain link, so it works without JavaScript on every device.

use std::collections::HashMap;

use app::locale::{Locale, ELDER_COOKIE, LANG_COOKIE};
use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;

/// Preference cookies last a year.
const PREF_COOKIE_MAX_AGE_SECONDS: u32 = 365 * 24 * 3600;

/// Only a local absolute path is followed; anything else (another host, `//host`, a scheme,
/// backslashes, control characters) returns to the home page, so the link cannot be used as
/// an open redirect.
pub fn safe_return_path(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(char::is_control)
                && p.len() <= 2048 =>
        {
            p
        }
        _ => "/",
    }
}

fn cookie(name: &str, value: &str, max_age: u32, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax; HttpOnly{secure}"
    ))
    .ok()
}

pub async fn set_prefs(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let secure = state.web.secure_cookies;
    let mut response =
        Redirect::to(safe_return_path(query.get("next").map(String::as_str))).into_response();
    let headers = response.headers_mut();
    if let Some(locale) = query.get("lang").and_then(|l| Locale::from_tag(l)) {
        if let Some(c) = cookie(
            LANG_COOKIE,
            locale.tag(),
            PREF_COOKIE_MAX_AGE_SECONDS,
            secure,
        ) {
            headers.append(SET_COOKIE, c);
        }
    }
    match query.get("elder").map(String::as_str) {
        Some("1") => {
            if let Some(c) = cookie(ELDER_COOKIE, "1", PREF_COOKIE_MAX_AGE_SECONDS, secure) {
                headers.append(SET_COOKIE, c);
            }
        }
        Some("0") => {
            if let Some(c) = cookie(ELDER_COOKIE, "", 0, secure) {
                headers.append(SET_COOKIE, c);
            }
        }
        _ => {}
    }
    response
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_return_path(Some("/contact?x=1")), "/contact?x=1");
        assert_eq!(safe_return_path(Some("//evil.example/")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example/")), "/");
        assert_eq!(safe_return_path(Some("/\\evil.example")), "/");
        assert_eq!(safe_return_path(Some("/a\nb")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
