//! `GET /api/regions` (the provinces) and `GET /api/regions/{code}` (one division with its
//! direct children): how the browser's address picker gets the national list one level at a
//! time instead of embedding it in the wasm (see `domain::region`). Public, cacheable data.

use axum::extract::Path;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::region::{directory, Region, RegionCode};
use serde::Serialize;

/// The list changes once a year at most; a day of caching costs nothing.
const CACHE_ONE_DAY: &str = "public, max-age=86400";

#[derive(Serialize)]
struct RegionNode<'a> {
    #[serde(flatten)]
    region: &'a Region,
    children: Vec<&'a Region>,
}

fn cached(body: impl Serialize) -> Response {
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(CACHE_ONE_DAY));
    response
}

pub async fn provinces() -> Response {
    cached(directory().provinces().collect::<Vec<_>>())
}

pub async fn region(Path(code): Path<String>) -> Response {
    let Ok(code) = RegionCode::parse(&code) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let d = directory();
    match d.get(code) {
        Some(region) => cached(RegionNode {
            region,
            children: d.children_of(Some(code)).collect(),
        }),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
