//! Serves the built app from `dist/`: precompressed brotli/gzip siblings when the
//! browser accepts them, cache headers by kind of file, and the single-page-app
//! fallback (app routes get index.html; missing files get a plain 404).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::ApiError;

/// Hashed assets never change under their name: cache for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// index.html, the service worker and the manifest must be revalidated every time so a
/// new version is noticed.
const REVALIDATE: &str = "no-cache";
/// Unhashed static files (icons): cache briefly.
const SHORT: &str = "public, max-age=3600";

pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(true)
        .fallback(tower::service_fn(move |req: Request| {
            let index = index.clone();
            async move { Ok::<_, std::convert::Infallible>(spa_fallback(req, index).await) }
        }));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// App routes (no file extension in the last segment) get index.html so deep links and
/// reloads work; anything that looks like a file and is missing is a real 404.
async fn spa_fallback(req: Request, index: PathBuf) -> Response {
    let path = req.uri().path();
    // `nest("/api")` does not see `/api/` itself; nothing under /api is ever the app.
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        return (StatusCode::NOT_FOUND, "Tidak ditemukan").into_response();
    }
    let index_req = Request::builder()
        .uri("/index.html")
        .header(
            header::ACCEPT_ENCODING,
            req.headers()
                .get(header::ACCEPT_ENCODING)
                .cloned()
                .unwrap_or(HeaderValue::from_static("identity")),
        )
        .body(Body::empty())
        .unwrap_or_default();
    match ServeFile::new(index)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(index_req)
        .await
    {
        Ok(res) => {
            let mut res = res.map(Body::new);
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
            res
        }
        Err(e) => match e {},
    }
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let policy = cache_policy(req.uri().path());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    // The same URL answers with brotli, gzip or identity bodies: shared caches must key
    // on Accept-Encoding.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if res.status().is_success() && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    if name.is_empty() || !name.contains('.') {
        REVALIDATE
    } else if is_hashed(name) {
        IMMUTABLE
    } else if matches!(name, "index.html" | "sw.js" | "manifest.webmanifest") {
        REVALIDATE
    } else {
        SHORT
    }
}

/// Trunk names hashed files `stem-<16 hex>.ext` (the wasm as `stem-<hash>_bg.wasm`).
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable_and_the_shell_revalidates() {
        assert_eq!(cache_policy("/reses-app-0123456789abcdef.js"), IMMUTABLE);
        assert_eq!(
            cache_policy("/reses-app-0123456789abcdef_bg.wasm"),
            IMMUTABLE
        );
        assert_eq!(cache_policy("/style-fedcba9876543210.css"), IMMUTABLE);
        assert_eq!(cache_policy("/index.html"), REVALIDATE);
        assert_eq!(cache_policy("/sw.js"), REVALIDATE);
        assert_eq!(cache_policy("/manifest.webmanifest"), REVALIDATE);
        assert_eq!(cache_policy("/reses"), REVALIDATE);
        assert_eq!(cache_policy("/"), REVALIDATE);
        assert_eq!(cache_policy("/icons/icon-192.png"), SHORT);
        assert_eq!(cache_policy("/app-notahash.js"), SHORT);
    }
}
