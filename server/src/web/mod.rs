//! The HTTP layer: builds the axum router around the Leptos app, applies the security
//! middleware and runs the server with graceful shutdown.

mod apply_form;
pub mod assets;
mod contact_form;
pub mod documents;
mod eligibility_form;
mod health;
mod kiosk;
mod marriage;
pub mod middleware;
mod prefs;
mod regions;
mod staff;
mod staff_admin;
mod staff_marriage;
mod track_form;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use app::ports::Services;
use axum::extract::FromRef;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

use crate::config::ServeConfig;
use crate::documents::DocumentStore;
use crate::pii::PiiVault;
use crate::storage::Storage;

/// Largest request body of form posts and server functions; document uploads and whole
/// applications get larger limits (`middleware::body_limit`).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    pub storage: Arc<Storage>,
    /// Uploaded documents (used by the application feature).
    pub documents: Arc<dyn DocumentStore>,
    pub web: Arc<WebConfig>,
    /// The staff workspace's service (sign-in steps the port does not cover).
    pub staff: Arc<crate::staff::StaffService>,
    /// Marriage registration booking (residents and the registration desk).
    pub marriage: Arc<crate::marriage::MarriageDesk>,
}

/// Settings of the HTTP layer itself.
#[derive(Debug, Clone)]
pub struct WebConfig {
    pub trust_proxy_headers: bool,
    pub secure_cookies: bool,
    /// Serve `POST /test/clock` (end-to-end tests only; see `config::ServeConfig::test_clock`).
    pub test_clock: bool,
    /// See `config::ServeConfig::public_url`.
    pub public_url: Option<String>,
    /// The content version of the built front-end files (`assets::version`); `None` when the
    /// site root has none.
    pub asset_version: Option<String>,
}

impl WebConfig {
    /// The origin a link for another device starts with: the configured public address, or
    /// else the one this request came to (scheme from `secure_cookies`, which a deployment
    /// behind TLS sets). The `Host` header is the client's own say, but a link built from it
    /// is only ever shown back to that same client.
    pub fn public_origin(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        if let Some(url) = &self.public_url {
            return Some(url.trim_end_matches('/').to_owned());
        }
        let host = headers.get(axum::http::header::HOST)?.to_str().ok()?;
        let valid = !host.is_empty()
            && host.len() <= 255
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        let scheme = if self.secure_cookies { "https" } else { "http" };
        valid.then(|| format!("{scheme}://{host}"))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// Context every render and server-function call receives.
    fn leptos_context(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let services = self.services.clone();
        let assets = app::shell::AssetBase(
            self.web
                .asset_version
                .as_deref()
                .map(|v| format!("/v/{v}"))
                .unwrap_or_default(),
        );
        move || {
            provide_context(services.clone());
            provide_context(assets.clone());
        }
    }
}

/// Answers a no-JavaScript form post with its page: rendered as that page's GET would be, with
/// `post` (what was posted and its outcome) in context for the page to show, and `status`.
pub(crate) async fn render_post<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    mut parts: http::request::Parts,
    post: T,
    status: axum::http::StatusCode,
) -> axum::response::Response {
    let context = state.leptos_context();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || {
            context();
            provide_context(post.clone());
        },
        move || app::shell(options.clone()),
    );
    parts.method = axum::http::Method::GET;
    let mut response = render(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::empty(),
    ))
    .await;
    *response.status_mut() = status;
    response
}

/// The complete router.
pub fn router(state: AppState) -> Router {
    // The staff pages and /notices are rendered by their own handlers (web/staff.rs), which
    // load the data first; the generated GET routes for them are left out.
    let routes: Vec<_> = generate_route_list(app::App)
        .into_iter()
        .filter(|r| {
            !r.path().starts_with("/staff")
                && r.path() != "/notices"
                && !r.path().starts_with("/marriage/")
        })
        .collect();
    let shell_options = state.leptos_options.clone();
    let context = state.leptos_context();
    let fallback_context = state.leptos_context();

    Router::new()
        .route(documents::UPLOAD_PATH, post(documents::upload))
        .route("/healthz", get(health::healthz))
        .route("/v/{version}/pkg/{*file}", get(assets::versioned))
        .route("/prefs", get(prefs::set_prefs))
        .route("/kiosk", get(kiosk::get_kiosk))
        .route(app::islands::kiosk::RESET_PATH, get(kiosk::get_reset))
        .route("/contact", post(contact_form::post_contact))
        .route("/eligibility", post(eligibility_form::post_screener))
        .route("/apply", post(apply_form::post_apply))
        .route(app::pages::apply::FORM_PATH, post(apply_form::post_form))
        .route(
            app::pages::apply::SUBMIT_PATH,
            post(apply_form::post_submit),
        )
        .route(
            app::pages::apply::RESUME_PATH,
            post(apply_form::post_resume),
        )
        .route(app::pages::track::TRACK_PATH, post(track_form::post_track))
        .route(
            app::pages::track::SUPPLEMENT_PATH,
            post(track_form::post_supplement),
        )
        .route("/staff", get(staff::get_sign_in).post(staff::post_sign_in))
        .route("/staff/code", get(staff::get_code).post(staff::post_code))
        .route("/staff/sign-out", post(staff::post_sign_out))
        .route("/staff/queue", get(staff::get_queue))
        .route("/staff/queue/export.csv", get(staff::get_export))
        .route("/staff/publish", post(staff::post_publish))
        .route(
            "/staff/cases/{number}",
            get(staff::get_case).post(staff::post_case),
        )
        .route("/staff/cases/{number}/notes", post(staff::post_note))
        .route(
            "/staff/cases/{number}/documents/{id}",
            get(staff::get_document),
        )
        .route(
            "/staff/password",
            get(staff_admin::get_password).post(staff_admin::post_password),
        )
        .route(
            "/staff/accounts",
            get(staff_admin::get_accounts).post(staff_admin::post_accounts),
        )
        .route(
            "/staff/accounts/{username}",
            post(staff_admin::post_account_action),
        )
        .route("/staff/audit", get(staff_admin::get_audit))
        .route("/staff/audit/verify", post(staff_admin::post_audit_verify))
        .route("/staff/notifications", get(staff_admin::get_notifications))
        .route("/staff/reports", get(staff_admin::get_reports))
        .route(
            "/staff/reports/export.csv",
            get(staff_admin::get_reports_csv),
        )
        .route(
            "/staff/reports/export.xlsx",
            get(staff_admin::get_reports_xlsx),
        )
        .route("/notices", get(staff::get_notices))
        .route(
            app::pages::marriage::MARRIAGE_PATH,
            post(marriage::post_flow),
        )
        .route(
            app::pages::marriage::MANAGE_PATH,
            get(marriage::get_manage).post(marriage::post_manage),
        )
        .route(
            "/marriage/hold/{token}",
            get(marriage::get_hold).post(marriage::post_hold),
        )
        .route("/marriage/booking/{token}", get(marriage::get_booking))
        .route(
            "/marriage/booking/{token}/booking.ics",
            get(marriage::get_ics),
        )
        .route(
            app::pages::staff_marriage::ROSTER_PATH,
            get(staff_marriage::get_roster),
        )
        .route(
            app::pages::staff_marriage::CHECK_IN_PATH,
            post(staff_marriage::post_check_in),
        )
        .route(
            app::pages::staff_marriage::NO_SHOW_PATH,
            post(staff_marriage::post_no_show),
        )
        .route(
            app::pages::staff_marriage::CLOSE_DAY_PATH,
            post(staff_marriage::post_close_day),
        )
        .route(
            "/staff/marriage/offices/{id}",
            get(staff_marriage::get_office).post(staff_marriage::post_office),
        )
        .route(
            "/staff/marriage/offices/{id}/special",
            post(staff_marriage::post_special),
        )
        .route(
            "/staff/marriage/offices/{id}/special/delete",
            post(staff_marriage::post_special_delete),
        )
        .route(
            "/staff/marriage/offices/{id}/reopen",
            post(staff_marriage::post_reopen),
        )
        .route("/api/regions", get(regions::provinces))
        .route("/api/regions/{code}", get(regions::region))
        .merge(test_clock_routes(state.web.test_clock))
        .leptos_routes_with_context(&state, routes, context, move || {
            app::shell(shell_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(fallback_context, app::shell))
        .layer(
            ServiceBuilder::new()
                .layer(axum::middleware::from_fn(
                    middleware::drop_client_request_id,
                ))
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::trace_layer())
                .layer(axum::middleware::from_fn_with_state(
                    state.web.clone(),
                    middleware::security_headers,
                ))
                .layer(axum::middleware::from_fn(assets::revalidate_unversioned))
                .layer(axum::middleware::from_fn_with_state(
                    state.web.clone(),
                    middleware::client_ip,
                ))
                .layer(axum::middleware::from_fn(middleware::reject_cross_site))
                .layer(axum::middleware::from_fn(middleware::limit_body))
                // Compression wraps the status mapper: the mapper must read the error body
                // before it is compressed.
                .layer(CompressionLayer::new())
                .layer(axum::middleware::from_fn(middleware::server_fn_status)),
        )
        .with_state(state)
}

/// `POST /test/clock`, only on a server started for end-to-end tests.
fn test_clock_routes(enabled: bool) -> Router<AppState> {
    if enabled {
        tracing::warn!("test clock enabled: POST /test/clock moves the portal's clock");
        Router::new().route("/test/clock", post(staff::post_test_clock))
    } else {
        Router::new()
    }
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    router: Router,
    staff: Arc<crate::staff::StaffService>,
    storage: Arc<Storage>,
    documents: Arc<dyn DocumentStore>,
    sender: Arc<dyn crate::staff::notify::Sender>,
    marriage: Arc<crate::marriage::MarriageDesk>,
}

impl Server {
    /// Opens the database, applies migrations, loads the PII key and binds the listener.
    pub async fn bind(config: ServeConfig) -> anyhow::Result<Self> {
        let storage = crate::storage::connect(&config.storage).await?;
        storage.migrate().await?;
        let vault = Arc::new(PiiVault::load_with(
            config.pii_key.as_deref(),
            config.pii_data_keys.as_deref(),
            &config.storage.data_dir,
        )?);
        crate::pii::ensure_key_matches(&storage, &vault).await?;
        let documents =
            crate::documents::open(config.documents.as_deref(), &config.storage.data_dir)?;
        let sender = crate::staff::notify::configured_sender(
            config.sms_gateway_url.as_deref(),
            config.sms_gateway_token.clone(),
        )?;
        let (services, staff) = crate::services::build(storage.clone(), vault.clone())?;
        let added =
            crate::marriage::offices::ensure_offices(&storage, crate::storage::now_ms()).await?;
        if added > 0 {
            tracing::info!(
                offices = added,
                "marriage registration offices created from the region list"
            );
        }
        let marriage = Arc::new(crate::marriage::MarriageDesk::new(
            storage.clone(),
            vault.clone(),
            staff.calendar.clone(),
        ));
        let leptos_options = LeptosOptions::builder()
            .output_name("portal")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(config.listen)
            .build();
        let state = AppState {
            leptos_options,
            services,
            storage: storage.clone(),
            documents: documents.clone(),
            web: Arc::new(WebConfig {
                trust_proxy_headers: config.trust_proxy_headers,
                secure_cookies: config.secure_cookies,
                test_clock: config.test_clock,
                public_url: config.public_url.clone(),
                asset_version: assets::version(&config.site_root),
            }),
            staff: staff.clone(),
            marriage: marriage.clone(),
        };
        let state_assets = state.web.asset_version.clone();
        let listener = TcpListener::bind(config.listen).await?;
        tracing::info!(
            address = %listener.local_addr()?,
            database = storage.backend().name(),
            documents = documents.kind(),
            assets = state_assets.as_deref().unwrap_or("none built"),
            "portal ready"
        );
        Ok(Self {
            listener,
            router: router(state),
            staff,
            storage,
            documents,
            sender,
            marriage,
        })
    }

    /// The marriage booking service (demo data, tests).
    pub fn marriage(&self) -> &Arc<crate::marriage::MarriageDesk> {
        &self.marriage
    }

    /// The staff service (demo accounts, tests).
    pub fn staff(&self) -> &crate::staff::StaffService {
        &self.staff
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound TCP listener has an address")
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish and closes the
    /// database.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let sweeper = crate::maintenance::spawn(
            self.storage.clone(),
            self.documents.clone(),
            self.marriage.clone(),
        );
        // The configured sender: an SMS gateway, or the storing sender whose messages wait
        // on the staff notifications page.
        let outbox = crate::staff::notify::spawn(
            self.storage.clone(),
            self.staff.vault.clone(),
            self.sender.clone(),
        );
        // TCP_NODELAY: a file is written as headers, then body chunks; with Nagle's algorithm
        // each small write after the first waited for the client's delayed ACK (40 ms here),
        // which `scripts/bench.sh` showed as a 48 ms p99 for every static file and wasm chunk.
        use axum::serve::ListenerExt;
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY not set");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        sweeper.abort();
        outbox.abort();
        tracing::info!("shutting down: closing the database");
        self.storage.close().await;
        Ok(())
    }
}

/// Completes on SIGINT (Ctrl+C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

#[cfg(test)]
mod tests {
    use super::WebConfig;
    use axum::http::{header::HOST, HeaderMap, HeaderValue};

    fn config(public_url: Option<&str>, secure: bool) -> WebConfig {
        WebConfig {
            trust_proxy_headers: false,
            secure_cookies: secure,
            test_clock: false,
            public_url: public_url.map(str::to_owned),
            asset_version: None,
        }
    }

    fn host(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn links_for_another_device_use_the_public_address_else_the_host() {
        let configured = config(Some("https://minzheng.example.gov.cn/"), false);
        assert_eq!(
            configured.public_origin(&host("10.0.0.5:3000")).as_deref(),
            Some("https://minzheng.example.gov.cn")
        );
        assert_eq!(
            config(None, false)
                .public_origin(&host("10.0.0.5:3000"))
                .as_deref(),
            Some("http://10.0.0.5:3000")
        );
        assert_eq!(
            config(None, true)
                .public_origin(&host("[::1]:8443"))
                .as_deref(),
            Some("https://[::1]:8443")
        );
        // A Host that could carry a path, a user or markup gives no link at all.
        for hostile in ["evil.example/phish", "a@b", "x\"><svg", ""] {
            assert_eq!(config(None, false).public_origin(&host(hostile)), None);
        }
        assert_eq!(config(None, false).public_origin(&HeaderMap::new()), None);
    }
}
