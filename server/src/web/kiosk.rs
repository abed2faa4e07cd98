//! Kiosk mode (issue 9): `GET /kiosk` marks the browser as a service-hall kiosk (a session
//! cookie) and opens the home page; `GET /kiosk/reset` — the "end" button and the idle timer —
//! wipes every trace of the last user the browser keeps for the portal with `Clear-Site-Data`
//! (cookies, storage, HTTP cache and the back/forward cache), then goes back to `/kiosk`.
//!
//! The reset answer is a tiny page rather than a redirect: `Clear-Site-Data` is applied to the
//! response that carries it, and the page then moves on by `<meta http-equiv="refresh">`, which
//! needs no script (and passes the page CSP).

use app::locale::KIOSK_COOKIE;
use app::prefs::Prefs;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;

pub async fn get_kiosk(State(state): State<AppState>) -> Response {
    let secure = if state.web.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let mut response = Redirect::to("/").into_response();
    // A session cookie: the kiosk's browser starts at /kiosk whenever it starts.
    if let Ok(cookie) = HeaderValue::from_str(&format!(
        "{KIOSK_COOKIE}=1; Path=/; SameSite=Lax; HttpOnly{secure}"
    )) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

pub async fn get_reset(request: Request) -> Response {
    let prefs = Prefs::from_headers(request.headers());
    let text = app::i18n::message(prefs.locale, "kiosk-reset", &[]);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"0;url=/kiosk\">\
         <title>{text}</title></head><body><p>{text}</p></body></html>",
        lang = prefs.locale.tag(),
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    response
}
