//! The office server of Reses & Izin Kegiatan: the sync API, accounts and storage, and
//! the built app, in one process.
//!
//! # Layout
//! - [`config`]: flags and environment variables.
//! - [`db`]: the SQLite pool and migrations (`server/migrations`).
//! - [`error`]: [`ApiError`](error::ApiError), the one error type of every handler.
//! - [`routes`]: the API under `/api`, one module per resource.
//! - [`static_files`]: the app from `dist/` with compression, cache headers, SPA fallback.
//! - [`demo`]: demo data loaded into an empty database on first start.
//! - [`password`]: argon2id hashing.
//! - [`auth`]: sessions, the signed-in user extractor, the login rate limiter.
//! - [`extract`]: the JSON extractor whose rejections are `ApiError`s.
//! - [`sync_store`]: push/pull over SQLite, visibility and authorisation.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod password;
pub mod routes;
pub mod static_files;
pub mod sync_store;
pub mod tabel;

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{MatchedPath, Request};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    /// Serialises pushes: one writer, revisions in commit order.
    pub write_lock: Arc<tokio::sync::Mutex<()>>,
    pub limiter: Arc<auth::LoginLimiter>,
    /// Verified against when a username does not exist (equal timing).
    pub dummy_hash: Arc<String>,
    /// Mark the session cookie `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(db: db::Db, secure_cookies: bool) -> Self {
        Self {
            db,
            write_lock: Arc::default(),
            limiter: Arc::new(auth::LoginLimiter::new(Duration::from_millis(300))),
            dummy_hash: Arc::new(routes::auth::dummy_hash()),
            secure_cookies,
        }
    }
}

/// Largest JSON body the API reads (a push of 500 mutations fits comfortably).
pub const API_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The whole HTTP application: `/api/*` and the app from `dist`.
pub fn app(state: AppState, dist: &Path) -> Router {
    let trace = TraceLayer::new_for_http().make_span_with(|req: &Request| {
        let route = req
            .extensions()
            .get::<MatchedPath>()
            .map_or(req.uri().path(), MatchedPath::as_str);
        tracing::info_span!("http", method = %req.method(), route = %route)
    });
    Router::new()
        .nest(
            "/api",
            routes::router()
                .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
                .with_state(state),
        )
        .merge(static_files::router(dist))
        // Precompressed files already carry Content-Encoding and are passed through;
        // API JSON and anything without a precompressed sibling is compressed here.
        .layer(CompressionLayer::new())
        .layer(trace)
}

/// Serves until `shutdown` resolves, then finishes in-flight requests and returns.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    dist: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state, dist))
        .with_graceful_shutdown(shutdown)
        .await
}
