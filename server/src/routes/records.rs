//! `GET /api/records/{kind}/{id}`: one record, if this user may see it (403 otherwise).
//! `GET /api/undangan/{tamu_id}`: the invitation code (QR payload) of one guest.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use reses_domain::reses::{ResesEvent, Tamu};
use reses_domain::sync::{RecordEnvelope, RecordKind};
use reses_domain::undangan::kode_undangan;
use serde::Serialize;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::sync_store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/records/{kind}/{id}", get(get_record))
        .route("/undangan/{tamu_id}", get(undangan))
}

#[derive(Debug, Serialize)]
struct Undangan {
    event_id: Uuid,
    tamu_id: Uuid,
    /// The text to print as a QR code (`reses_domain::undangan`).
    kode: String,
}

/// The invitation code of a guest, for whoever may see the guest's event.
async fn undangan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(tamu_id): Path<String>,
) -> Result<Json<Undangan>, ApiError> {
    let tamu_id =
        Uuid::parse_str(&tamu_id).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))?;
    let vis = sync_store::visibility(&state.store, &user).await?;
    let forbidden = || {
        ApiError::Forbidden(
            "Tamu ini bukan bagian dari kegiatan yang ditugaskan kepada Anda.".into(),
        )
    };
    let tamu = sync_store::get_record(&state.store, &vis, RecordKind::Tamu, tamu_id)
        .await?
        .map_err(|()| forbidden())?
        .filter(|r| !r.deleted)
        .ok_or(ApiError::NotFound)?;
    let tamu: Tamu = serde_json::from_value(tamu.data)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored guest unreadable: {e}")))?;
    let event = sync_store::get_record(&state.store, &vis, RecordKind::ResesEvent, tamu.event_id)
        .await?
        .map_err(|()| forbidden())?
        .ok_or(ApiError::NotFound)?;
    let event: ResesEvent = serde_json::from_value(event.data)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored event unreadable: {e}")))?;
    Ok(Json(Undangan {
        event_id: event.id,
        tamu_id,
        kode: kode_undangan(&event.kunci_undangan, event.id, tamu_id),
    }))
}

async fn get_record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<RecordEnvelope>, ApiError> {
    let kind = RecordKind::parse(&kind)
        .ok_or_else(|| ApiError::BadRequest(format!("Jenis data tidak dikenal: {kind}.")))?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))?;
    let vis = sync_store::visibility(&state.store, &user).await?;
    match sync_store::get_record(&state.store, &vis, kind, id).await? {
        Ok(Some(r)) => Ok(Json(r)),
        Ok(None) => Err(ApiError::NotFound),
        Err(()) => Err(ApiError::Forbidden(
            "Data ini bukan bagian dari kegiatan yang ditugaskan kepada Anda.".into(),
        )),
    }
}
