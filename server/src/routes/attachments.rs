//! Attachments (photos, scans, signatures): `PUT /api/attachments/{sha256}` uploads one
//! file, idempotently, verified against its SHA-256; `GET` returns it to staff and to
//! whoever uploaded it.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::auth::{CurrentUser, hex};
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::sync_store::{KESRA, RESES_STAFF};

/// Photos are downscaled on the device (≤ 1600 px JPEG, a few hundred KB); scans of
/// letters can be larger.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
const ALLOWED: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/attachments/{sha256}", put(upload).get(download))
        .layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES))
}

fn check_hash(s: &str) -> Result<String, ApiError> {
    if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(ApiError::BadRequest(
            "Alamat lampiran harus SHA-256 (64 digit heksadesimal).".into(),
        ))
    }
}

#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn upload(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let sha = check_hash(&sha)?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest("Isi lampiran tidak dapat dibaca.".into())
        }
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !ALLOWED.contains(&content_type.as_str()) {
        return Err(ApiError::BadRequest(
            "Jenis lampiran harus JPEG, PNG, WebP atau PDF.".into(),
        ));
    }
    if body.is_empty() {
        return Err(ApiError::BadRequest("Lampiran kosong.".into()));
    }
    let actual = hex(&Sha256::digest(&body));
    if actual != sha {
        return Err(ApiError::BadRequest(
            "Isi lampiran tidak cocok dengan SHA-256-nya (rusak di jalan?). Kirim ulang.".into(),
        ));
    }
    let n = sqlx::query(
        "insert into attachments (sha256, content_type, size, data, created_at, created_by)
         values (?, ?, ?, ?, ?, ?) on conflict (sha256) do nothing",
    )
    .bind(&sha)
    .bind(&content_type)
    .bind(body.len() as i64)
    .bind(body.as_ref())
    .bind(now_ms())
    .bind(user.id().to_string())
    .execute(&state.db)
    .await?
    .rows_affected();
    Ok(if n == 1 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    })
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha): Path<String>,
) -> Result<Response, ApiError> {
    let sha = check_hash(&sha)?;
    let row: Option<(String, Vec<u8>, String)> =
        sqlx::query_as("select content_type, data, created_by from attachments where sha256 = ?")
            .bind(&sha)
            .fetch_optional(&state.db)
            .await?;
    let (content_type, data, created_by) = row.ok_or(ApiError::NotFound)?;
    let staff = RESES_STAFF.contains(&user.role()) || KESRA.contains(&user.role());
    if !staff && created_by != user.id().to_string() {
        return Err(ApiError::Forbidden("Lampiran ini bukan milik Anda.".into()));
    }
    let mut res = data.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
