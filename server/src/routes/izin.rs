//! The permit workflow (DESIGN.md §3.2, seed 004):
//! - `POST /api/izin/{id}/tindakan`: the role responsible for the application's current
//!   step completes it, returns it for correction or refuses it. Anyone else gets 403,
//!   whatever their screen showed; a step someone else already took gets 409.
//! - `GET /api/izin/status?nomor=IZN/2026/0001`: the front desk's status lookup (no
//!   personal data in the answer).

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::izin::{RiwayatIzin, StatusIzin, Tindakan, nomor_surat, transisi};
use reses_domain::sync::{Actor, RecordEnvelope, RecordKind};
use reses_domain::tanggal::Tanggal;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::sync_store;
use reses_domain::akses::Tugas;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/izin/{id}/tindakan", post(tindakan))
        .route("/izin/status", get(status))
}

/// The action, and the status the person saw when they chose it.
#[derive(Debug, Deserialize)]
struct Permintaan {
    #[serde(flatten)]
    tindakan: Tindakan,
    dari: Option<StatusIzin>,
}

#[tracing::instrument(skip_all, fields(user = %user.id(), izin = %id))]
async fn tindakan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<Permintaan>,
) -> Result<Json<RecordEnvelope>, ApiError> {
    let id = Uuid::parse_str(&id).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))?;
    user.require(Tugas::ProsesIzin)?;
    let mut tx = state.store.write_revisions().await?;
    let actor = Actor {
        user_id: user.id(),
        device_id: None,
        now: state.clock.now(),
        nama: user.profile.display_name.clone(),
    };
    let mut store = tx.load_records(&[id]).await?;
    let record = store
        .record(id)
        .filter(|r| r.kind == RecordKind::Izin && !r.deleted)
        .ok_or(ApiError::NotFound)?;
    let izin = sync_store::permohonan(record)?;
    if let Some(seen) = req.dari
        && seen != izin.status
    {
        return Err(ApiError::Conflict(format!(
            "Permohonan ini sudah berstatus \"{}\"; muat ulang untuk melihat perubahannya.",
            izin.status.label()
        )));
    }
    let next = transisi(izin.status, user.role(), &req.tindakan).map_err(|m| {
        if reses_domain::izin::langkah(izin.status).is_some_and(|l| l.peran != user.role()) {
            ApiError::Forbidden(m)
        } else {
            ApiError::BadRequest(m)
        }
    })?;
    let mut riwayat = izin.riwayat.clone();
    riwayat.push(RiwayatIzin {
        waktu: actor.now,
        status: next,
        oleh: user.id(),
        nama: user.profile.display_name.clone(),
        peran: user.role(),
        catatan: req.tindakan.catatan.trim().to_string(),
    });
    let mut data = Map::new();
    data.insert(
        "status".into(),
        serde_json::to_value(next).map_err(anyhow::Error::from)?,
    );
    data.insert(
        "riwayat".into(),
        serde_json::to_value(&riwayat).map_err(anyhow::Error::from)?,
    );
    if next == StatusIzin::SiapDiambil && izin.nomor_surat.is_none() {
        let today = Tanggal::from_epoch_ms_wib(actor.now);
        let urut = tx.next_number("surat_izin", today.year).await?;
        data.insert(
            "nomor_surat".into(),
            Value::String(nomor_surat(today, urut)),
        );
    }
    store.server_put(id, data, &actor);
    let envelope = store
        .record(id)
        .map(|r| r.envelope(id))
        .ok_or(ApiError::NotFound)?;
    tx.flush(store, &actor).await?;
    tx.commit().await?;
    Ok(Json(envelope))
}

#[derive(Debug, Deserialize)]
struct StatusQuery {
    nomor: String,
}

#[derive(Debug, Serialize)]
struct StatusJawaban {
    nomor_registrasi: String,
    status: StatusIzin,
    status_label: &'static str,
    kegiatan: String,
    riwayat: Vec<(i64, &'static str)>,
}

/// The status of an application by its registration number, for the front desk.
async fn status(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<Query<StatusQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<StatusJawaban>, ApiError> {
    let Query(q) = query.map_err(|_| ApiError::BadRequest("Isi nomor registrasi.".into()))?;
    user.require(Tugas::CariStatusIzin)?;
    let nomor = q.nomor.trim().to_uppercase();
    if nomor.is_empty() || nomor.len() > 40 {
        return Err(ApiError::BadRequest("Nomor registrasi tidak valid.".into()));
    }
    let data = state.store.izin_by_number(&nomor).await?;
    let data = data.ok_or(ApiError::NotFound)?;
    let izin: reses_domain::izin::PermohonanIzin =
        serde_json::from_str(&data).map_err(anyhow::Error::from)?;
    Ok(Json(StatusJawaban {
        nomor_registrasi: nomor,
        status: izin.status,
        status_label: izin.status.label(),
        kegiatan: izin.kegiatan.nama,
        riwayat: izin
            .riwayat
            .iter()
            .map(|r| (r.waktu, r.status.label()))
            .collect(),
    }))
}
