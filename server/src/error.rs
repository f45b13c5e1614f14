//! The one API error type. Every handler returns `Result<_, ApiError>`, and every error
//! leaves as the shared JSON body `{code, message}` from `reses_domain`.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use reses_domain::{ErrorBody, ErrorCode};

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed or fails validation; the message says what to fix.
    #[error("{0}")]
    BadRequest(String),
    /// 401: not signed in (no or unknown session).
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401: the session expired; the app asks to sign in again and keeps its queue.
    #[error("session expired")]
    SessionExpired,
    /// 401: an administrator revoked this device; retrying will not help.
    #[error("device revoked")]
    DeviceRevoked,
    /// 403: signed in, but this role or assignment may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 404: nothing at this address.
    #[error("not found")]
    NotFound,
    /// 409: the record changed since the user looked; the message says what happened.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 429: too many failed attempts; try again after `retry_after_secs`.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// 429: the server is busy with other password checks or imports; retry shortly.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    /// 403: the account must change the password an admin set before anything else.
    #[error("password change required")]
    PasswordChangeRequired,
    /// 413: the body is larger than accepted.
    #[error("payload too large")]
    PayloadTooLarge,
    /// 413: this account's attachment quota is used up; the message says so.
    #[error("quota exceeded: {0}")]
    QuotaExceeded(String),
    /// 503: a dependency (the database) is unavailable.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// 500: a bug or an unexpected failure. Logged once, never echoed to the client.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // Down, restarting, or the writer queue is longer than a minute: retry later.
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            // Still contended after the handler's retries: nothing written, retry later.
            StoreError::Contended(m) => ApiError::Unavailable(m),
            e => ApiError::Internal(e.into()),
        }
    }
}

impl ApiError {
    fn status_and_body(&self) -> (StatusCode, ErrorBody) {
        match self {
            ApiError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                ErrorBody::new(ErrorCode::BadRequest, m.clone()),
            ),
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new(ErrorCode::Unauthenticated, "Silakan masuk terlebih dahulu."),
            ),
            ApiError::SessionExpired => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new(
                    ErrorCode::SessionExpired,
                    "Sesi Anda telah berakhir. Silakan masuk kembali; data yang belum terkirim tetap tersimpan.",
                ),
            ),
            ApiError::DeviceRevoked => (
                StatusCode::UNAUTHORIZED,
                ErrorBody::new(
                    ErrorCode::DeviceRevoked,
                    "Akses perangkat ini telah dicabut oleh admin. Hubungi Setwan; data yang belum terkirim tetap tersimpan di perangkat.",
                ),
            ),
            ApiError::Forbidden(m) => (
                StatusCode::FORBIDDEN,
                ErrorBody::new(ErrorCode::Forbidden, m.clone()),
            ),
            ApiError::TooManyRequests { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody::new(
                    ErrorCode::TooManyRequests,
                    format!(
                        "Terlalu banyak percobaan gagal. Coba lagi dalam {} menit.",
                        retry_after_secs.div_ceil(60)
                    ),
                ),
            ),
            ApiError::Busy { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorBody::new(
                    ErrorCode::TooManyRequests,
                    format!(
                        "Server sedang sibuk. Coba lagi dalam {retry_after_secs} detik; data Anda tetap tersimpan."
                    ),
                ),
            ),
            ApiError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                ErrorBody::new(
                    ErrorCode::PasswordChangeRequired,
                    "Kata sandi Anda diatur oleh admin. Ganti kata sandi terlebih dahulu.",
                ),
            ),
            ApiError::Conflict(m) => (
                StatusCode::CONFLICT,
                ErrorBody::new(ErrorCode::Conflict, m.clone()),
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
            ApiError::QuotaExceeded(m) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorBody::new(ErrorCode::PayloadTooLarge, m.clone()),
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
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after_secs }
            | ApiError::Busy { retry_after_secs } => Some(*retry_after_secs),
            ApiError::Unavailable(_) => Some(5),
            _ => None,
        };
        let (status, body) = self.status_and_body();
        let mut res = Self::respond(status, body);
        if let Some(secs) = retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

impl ApiError {
    fn respond(status: StatusCode, body: ErrorBody) -> Response {
        // Errors are answers about one moment; no cache may keep them.
        (
            status,
            [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
            Json(body),
        )
            .into_response()
    }
}
