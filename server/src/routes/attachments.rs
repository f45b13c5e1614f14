//! Attachments (photos, scans): `PUT /api/attachments/{sha256}` uploads one file,
//! idempotently, verified against its SHA-256; `GET` returns it.
//!
//! # Who may
//! - Upload: the roles that write records which cite attachments (companions and office
//!   staff for aspiration and documentation photos, permit intake for scans), each
//!   within a quota of bytes ([`crate::ServerConfig::attachment_quota_bytes`]).
//! - Read: whoever may see a record that cites the file (`attachment_refs`, kept with
//!   every record write), and its uploader. Knowing a hash is not enough.
//!
//! Files are served with a sandboxing Content-Security-Policy; PDFs as downloads.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use reses_domain::akses::Tugas;
use reses_domain::sync::{RecordKind, Scope};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{CurrentUser, hex};
use crate::error::ApiError;
use crate::headers::ATTACHMENT_CSP;
use crate::store::{NewAttachment, Stored};
use crate::sync_store;

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
    user.require(Tugas::UnggahLampiran)?;
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
    let quota = state.config.attachment_quota_bytes;
    let stored = state
        .store
        .put_attachment(NewAttachment {
            sha256: &sha,
            content_type: &content_type,
            data: &body,
            created_by: user.id(),
            quota_bytes: quota,
            now: state.clock.now(),
        })
        .await?;
    match stored {
        Stored::AlreadyThere => Ok(StatusCode::OK),
        Stored::New => Ok(StatusCode::CREATED),
        Stored::OverQuota => Err(ApiError::QuotaExceeded(format!(
            "Kuota lampiran akun Anda ({} MB) sudah penuh. Hubungi admin Setwan; catatan Anda tetap tersimpan di perangkat.",
            quota / (1024 * 1024)
        ))),
    }
}

/// May `user` read attachment `sha`: their own upload, or cited by a record they see.
async fn may_read(
    state: &AppState,
    user: &CurrentUser,
    sha: &str,
    created_by: &str,
) -> Result<bool, ApiError> {
    if created_by == user.id().to_string() {
        return Ok(true);
    }
    let citing = state.store.attachment_citing(sha).await?;
    if citing.is_empty() {
        return Ok(false);
    }
    let vis = sync_store::visibility(&state.store, user).await?;
    Ok(citing.iter().any(|(id, kind, event)| {
        let (Ok(id), Some(kind)) = (Uuid::parse_str(id), RecordKind::parse(kind)) else {
            return false;
        };
        let scope = Scope {
            event_id: event.as_deref().and_then(|e| Uuid::parse_str(e).ok()),
        };
        vis.can_see(kind, id, scope)
    }))
}

async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(sha): Path<String>,
) -> Result<Response, ApiError> {
    let sha = check_hash(&sha)?;
    let row = state.store.attachment_meta(&sha).await?;
    let (content_type, created_by) = row.ok_or(ApiError::NotFound)?;
    if !may_read(&state, &user, &sha, &created_by).await? {
        return Err(ApiError::Forbidden(
            "Lampiran ini bukan bagian dari data yang boleh Anda lihat.".into(),
        ));
    }
    let data = state
        .store
        .attachment_data(&sha)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut res = data.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(ATTACHMENT_CSP),
    );
    if content_type == "application/pdf" {
        let name = format!("attachment; filename=\"lampiran-{}.pdf\"", &sha[..12]);
        if let Ok(v) = HeaderValue::from_str(&name) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    Ok(res)
}
