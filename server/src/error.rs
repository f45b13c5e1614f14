//! The one API error type. Every handler returns `Result<_, ApiError>`, and every error
//! leaves as the shared JSON body `{code, message}` from `reses_domain`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use reses_domain::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or fails validation; the message says what to fix.
    #[error("{0}")]
    BadRequest(String),
    /// 404: nothing at this address.
    #[error("not found")]
    NotFound,
    /// 413: the body is larger than accepted.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 503: a dependency (the database) is unavailable.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 500: a bug or an unexpected failure. Logged once, never echoed to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl ApiError {
    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                ErrorBody::new(ErrorCode::BadRequest, m.clone()),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorBody::new(ErrorCode::NotFound, "Alamat API tidak ditemukan."),
            ),
            ApiError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorBody::new(
                    ErrorCode::PayloadTooLarge,
                    "Data yang dikirim terlalu besar.",
                ),
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorBody::new(
                    ErrorCode::Unavailable,
                    "Server sedang tidak dapat melayani. Coba lagi sebentar lagi.",
                ),
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorBody::new(
                    ErrorCode::Internal,
                    "Terjadi kesalahan di server. Data Anda tetap tersimpan; coba lagi nanti.",
                ),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "unavailable"),
            _ => {}
        }
        let (status, body) = self.status_and_body();
        // Errors are answers about one moment; no cache may keep them.
        (
            status,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Json(body),
        )
            .into_response()
    }
}
