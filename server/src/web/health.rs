//! `GET /healthz`: liveness plus the database's state, for load balancers and operators.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let backend = state.storage.backend().name();
    match state.storage.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({
                "status": "ok",
                "database": { "backend": backend, "status": "ok" },
                "documents": { "store": state.documents.kind() }
            })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({
                    "status": "unavailable",
                    "database": { "backend": backend, "status": "unreachable" }
                })),
            )
        }
    }
}
