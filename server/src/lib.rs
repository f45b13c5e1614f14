//! The office server of Reses & Izin Kegiatan: the sync API, accounts and storage, and
//! the built app, in one process.
//!
//! # Layout
//! - [`config`]: flags, environment variables and subcommands.
//! - [`copy`]: `copy-db`, a whole database into an empty one, verified.
//! - [`store`]: every query, behind typed methods; SQLite or PostgreSQL; the clock.
//! - [`error`]: [`ApiError`](error::ApiError), the one error type of every handler.
//! - [`routes`]: the API under `/api`, one module per resource.
//! - [`static_files`]: the app from `dist/` with compression, cache headers, SPA fallback.
//! - [`headers`]: security headers on every response (CSP and friends).
//! - [`demo`]: demo data, loaded into an empty database only with `--demo`.
//! - [`accounts`]: creating accounts (the first admin, admin-made users).
//! - [`password`]: argon2id hashing.
//! - [`auth`]: sessions, the signed-in user extractors, bounded password checks.
//! - [`limiter`]: failed sign-ins per username and address, bounded.
//! - [`extract`]: the JSON extractor whose rejections are `ApiError`s.
//! - [`sync_store`]: visibility and authorisation, a push's batch in memory.
//! - [`tabel`]: spreadsheets in (bounded) and out.

pub mod accounts;
pub mod auth;
pub mod config;
pub mod copy;
pub mod demo;
pub mod error;
pub mod extract;
pub mod headers;
pub mod lembar;
pub mod limiter;
pub mod password;
pub mod routes;
pub mod static_files;
pub mod store;
pub mod sync_store;

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{MatchedPath, Request};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What the operator decided about this install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerConfig {
    /// Mark the session cookie `Secure` (served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from the proxy's `X-Forwarded-For`.
    pub behind_proxy: bool,
    /// Most attachment bytes one account may upload.
    pub attachment_quota_bytes: u64,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            secure_cookies: false,
            behind_proxy: false,
            attachment_quota_bytes: 2048 * 1024 * 1024,
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: store::Store,
    /// The server's time: every stamp and every time-dependent rule reads it.
    pub clock: store::Clock,
    pub limiter: Arc<auth::LoginLimiter>,
    /// Runs argon2 on a few dedicated threads (memory and CPU bounded).
    pub password_checks: Arc<auth::PasswordPool>,
    /// Bounds the spreadsheets being read at once.
    pub imports: Arc<Semaphore>,
    /// Verified against when a username does not exist (equal timing).
    pub dummy_hash: Arc<String>,
    pub config: ServerConfig,
}

impl AppState {
    pub fn new(store: store::Store, config: ServerConfig) -> Self {
        Self {
            store,
            clock: store::Clock::system(),
            limiter: Arc::new(auth::LoginLimiter::new(
                limiter::LimitPolicy::default(),
                Duration::from_millis(300),
            )),
            password_checks: Arc::new(auth::PasswordPool::new(auth::PASSWORD_WORKERS)),
            imports: Arc::new(Semaphore::new(routes::reses::IMPORTS_AT_ONCE)),
            dummy_hash: Arc::new(routes::auth::dummy_hash()),
            config,
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
        .layer(axum::middleware::map_response(headers::security_headers))
        .layer(trace)
}

/// Serves until `shutdown` resolves, then finishes in-flight requests and returns.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    dist: &Path,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state, dist).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
