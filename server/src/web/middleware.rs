//! Security and protocol middleware.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::error::AppError;
use app::ports::ClientIp;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::TraceLayer;

use super::WebConfig;

/// Header Leptos puts on a server function's error response.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Largest server-function error body the status mapper will read.
const MAX_ERROR_BODY_BYTES: usize = 256 * 1024;

/// Request logging: method, path (never the query string, which may carry references),
/// status, latency and request id.
pub fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    impl Fn(&Request<Body>) -> tracing::Span + Clone,
> {
    TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
        let request_id = request
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %loggable_path(request.uri().path()),
            request_id = %request_id,
        )
    })
}

/// The path as logged: capability tokens in paths (a marriage booking's hold and confirmation
/// pages are reached by a 256-bit token) are replaced, so log access does not grant access to
/// a couple's booking.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in ["/marriage/hold/", "/marriage/booking/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest.find('/').map_or("", |i| &rest[i..]);
            return format!("{prefix}…{tail}").into();
        }
    }
    path.into()
}

/// Establishes the client address once: the socket peer, or — when the deployment says a
/// trusted reverse proxy sits in front — the address that proxy appended to `X-Forwarded-For`
/// (the rightmost entry; everything left of it was sent by the client and can be forged).
pub async fn client_ip(
    State(config): State<Arc<WebConfig>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = config
        .trust_proxy_headers
        .then(|| {
            request
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|ip| ip.trim().parse::<IpAddr>().ok())
        })
        .flatten();
    if let Some(ip) = forwarded.or(peer) {
        request.extensions_mut().insert(ClientIp(ip));
    }
    next.run(request).await
}

/// Request ids are assigned here, never taken from the client: they are the support reference
/// residents quote and the key of our logs.
pub async fn drop_client_request_id(mut request: Request, next: Next) -> Response {
    request.headers_mut().remove("x-request-id");
    next.run(request).await
}

/// CSRF defence for every state-changing request (server functions have none built in).
///
/// Browsers send `Sec-Fetch-Site` on every request; a state-changing request must say
/// `same-origin` (`none`, a typed or bookmarked navigation, is never a form post). Where it is absent (older browsers) the `Origin`
/// must match the `Host`. Requests carrying neither header come from non-browser clients,
/// which cannot be used for CSRF, and pass.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if is_safe_method(request.method()) || is_same_site_request(&request) {
        return next.run(request).await;
    }
    tracing::warn!(path = %request.uri().path(), "cross-site state-changing request refused");
    let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
    let mut response = (StatusCode::FORBIDDEN, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static("Sec-Fetch-Site, Origin"),
    );
    response
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_same_site_request(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return site.as_bytes() == b"same-origin";
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, rest)| rest.trim_end_matches('/'));
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

/// The body limit of a request: documents up to 10 MB on their upload route, a whole
/// application (every member's drawn signature included) up to 256 KiB as JSON or 512 KiB as a
/// posted form, anything else 64 KiB.
pub fn body_limit(path: &str) -> usize {
    match path {
        super::documents::UPLOAD_PATH => super::documents::MAX_UPLOAD_BODY_BYTES,
        APPLICATION_SUBMIT_PATH | APPLICATION_DRAFT_PATH => MAX_APPLICATION_BODY_BYTES,
        app::pages::apply::FORM_PATH | app::pages::apply::SUBMIT_PATH => MAX_APPLICATION_FORM_BYTES,
        _ => super::MAX_BODY_BYTES,
    }
}

pub const APPLICATION_SUBMIT_PATH: &str = "/api/applications/submit";
pub const APPLICATION_DRAFT_PATH: &str = "/api/applications/draft/save";
/// 20 members × a 12,000-character signature, plus the rest of the form.
pub const MAX_APPLICATION_BODY_BYTES: usize = 256 * 1024;
/// The same application posted as a form: URL encoding writes each `,` and `;` of a drawing
/// as three characters.
pub const MAX_APPLICATION_FORM_BYTES: usize = 512 * 1024;

/// Applies [`body_limit`]: 413 when `Content-Length` announces more, and a body that grows
/// beyond it mid-stream fails the handler's read.
pub async fn limit_body(request: Request, next: Next) -> Response {
    use tower::ServiceExt;
    let limit = body_limit(request.uri().path());
    let mut next = Some(next);
    let service = tower::ServiceBuilder::new()
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limit))
        .layer(tower_http::map_request_body::MapRequestBodyLayer::new(
            Body::new,
        ))
        .service_fn(move |request: Request| {
            let next = next.take();
            async move {
                Ok::<_, std::convert::Infallible>(match next {
                    Some(next) => next.run(request).await,
                    None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                })
            }
        });
    match service.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// Leptos answers every server-function error with status 500. This maps the error value to
/// its real status (422 for field errors, 400 for an unreadable request, …), so clients and
/// monitoring see a client error as a client error.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(error.status_code()) {
            parts.status = status;
        }
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Headers every response carries. Pages set their own CSP with a per-response nonce (see
/// `app::shell`); other responses get a CSP that allows nothing. HSTS goes out when the
/// portal is served over HTTPS (`--secure-cookies` says so: TLS ends at the reverse proxy,
/// and the portal never answers plain HTTP on a public address).
pub async fn security_headers(
    State(config): State<Arc<WebConfig>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if config.secure_cookies {
        // A year, the preload lists' minimum; subdomains are the operator's to decide.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    let defaults: [(HeaderName, &'static str); 6] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(method).uri("/api/x");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn booking_tokens_never_reach_the_log() {
        let token = "ab".repeat(32);
        assert_eq!(
            loggable_path(&format!("/marriage/hold/{token}")),
            "/marriage/hold/…"
        );
        assert_eq!(
            loggable_path(&format!("/marriage/booking/{token}/booking.ics")),
            "/marriage/booking/…/booking.ics"
        );
        assert_eq!(loggable_path("/marriage/manage"), "/marriage/manage");
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site_request(&req(
            Method::POST,
            &[("sec-fetch-site", "same-origin")]
        )));
        assert!(!is_same_site_request(&req(
            Method::POST,
            &[("sec-fetch-site", "cross-site")]
        )));
        assert!(!is_same_site_request(&req(
            Method::POST,
            &[("sec-fetch-site", "same-site")]
        )));
    }

    #[test]
    fn origin_must_match_host_otherwise() {
        let ok = [
            ("origin", "http://portal.example:3000"),
            ("host", "portal.example:3000"),
        ];
        assert!(is_same_site_request(&req(Method::POST, &ok)));
        let bad = [
            ("origin", "https://evil.example"),
            ("host", "portal.example"),
        ];
        assert!(!is_same_site_request(&req(Method::POST, &bad)));
        assert!(!is_same_site_request(&req(
            Method::POST,
            &[("origin", "null"), ("host", "a")]
        )));
        assert!(is_same_site_request(&req(Method::POST, &[])));
    }
}
