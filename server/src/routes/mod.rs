//! The HTTP API under `/api`. Each resource has its own module with a `router()`.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod ekspor;
pub mod health;
pub mod izin;
pub mod records;
pub mod reses;
pub mod sync;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::AppState;
use crate::error::ApiError;

/// Every route under `/api`. Unknown paths get the JSON 404, never the app's index.html.
/// API responses may carry personal data, so none of them is stored by any cache.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(admin::router())
        .merge(sync::router())
        .merge(records::router())
        .merge(attachments::router())
        .merge(izin::router())
        .merge(reses::router())
        .merge(ekspor::router())
        .fallback(|| async { ApiError::NotFound })
        .layer(axum::middleware::map_response(no_store))
}

async fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
