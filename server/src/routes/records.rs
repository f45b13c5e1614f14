//! `GET /api/records/{kind}/{id}`: one record, if this user may see it (403 otherwise).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use reses_domain::sync::{RecordEnvelope, RecordKind};
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::sync_store;

pub fn router() -> Router<AppState> {
    Router::new().route("/records/{kind}/{id}", get(get_record))
}

async fn get_record(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<RecordEnvelope>, ApiError> {
    let kind = RecordKind::parse(&kind)
        .ok_or_else(|| ApiError::BadRequest(format!("Jenis data tidak dikenal: {kind}.")))?;
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))?;
    let vis = sync_store::visibility(&state.db, &user).await?;
    match sync_store::get_record(&state.db, &vis, kind, id).await? {
        Ok(Some(r)) => Ok(Json(r)),
        Ok(None) => Err(ApiError::NotFound),
        Err(()) => Err(ApiError::Forbidden(
            "Data ini bukan bagian dari kegiatan yang ditugaskan kepada Anda.".into(),
        )),
    }
}
