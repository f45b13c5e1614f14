//! Importing a guest list, the office's reses work that needs the server (exports are in
//! [`super::ekspor`]):
//! `POST /api/kegiatan/{id}/impor-tamu?pratinjau=true&kolom=nama,,rt_rw,…` checks a
//! guest list (CSV or XLSX in the body) or, without `pratinjau`, stores all of it in one
//! transaction — or nothing, when any row has a problem.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use reses_domain::akses::Tugas;
use reses_domain::impor::{
    HasilSimpan, Pemetaan, PratinjauImpor, pemetaan_dari_teks, periksa, periksa_pemetaan,
    tebak_pemetaan,
};
use reses_domain::reses::{ResesEvent, Tamu};
use reses_domain::sync::{Actor, Mutation, Op, Outcome, RecordKind};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::lembar;
use crate::store::Tx;

/// Largest guest-list upload.
pub const MAX_IMPOR_BYTES: usize = 8 * 1024 * 1024;
/// Spreadsheets read at once (each may take up to the unpacked-size cap in memory).
pub const IMPORTS_AT_ONCE: usize = 2;
/// How long reading one spreadsheet may take.
const IMPORT_BUDGET: Duration = Duration::from_secs(10);
/// Rows of a preview beyond the problem rows and duplicates.
const PRATINJAU_BARIS: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/kegiatan/{id}/impor-tamu",
        post(impor_tamu).layer(DefaultBodyLimit::max(MAX_IMPOR_BYTES)),
    )
}

pub(super) fn bad_id() -> ApiError {
    ApiError::BadRequest("ID tidak valid.".into())
}

fn unreadable(kind: RecordKind, e: &serde_json::Error) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("stored {} unreadable: {e}", kind.as_str()))
}

/// The live records of `kind` of the given events.
pub(super) async fn records<T: DeserializeOwned>(
    tx: &mut Tx,
    kind: RecordKind,
    events: &[Uuid],
) -> Result<Vec<T>, ApiError> {
    tx.live_in_events(kind, events)
        .await?
        .iter()
        .map(|d| serde_json::from_str(d).map_err(|e| unreadable(kind, &e)))
        .collect()
}

/// Every live record of `kind` (unreadable ones skipped).
pub(super) async fn all_of<T: DeserializeOwned>(
    tx: &mut Tx,
    kind: RecordKind,
) -> Result<Vec<T>, ApiError> {
    Ok(tx
        .live_of_kind(kind)
        .await?
        .iter()
        .filter_map(|d| serde_json::from_str(d).ok())
        .collect())
}

/// The event's deleted records of `kind`, with their revisions.
async fn deleted_revs(
    tx: &mut Tx,
    kind: RecordKind,
    event_id: Uuid,
) -> Result<HashMap<Uuid, i64>, ApiError> {
    Ok(tx
        .deleted_in_event(kind, event_id)
        .await?
        .into_iter()
        .filter_map(|(id, rev)| Some((Uuid::parse_str(&id).ok()?, rev)))
        .collect())
}

/// One live reses event, or 404.
pub(super) async fn event(tx: &mut Tx, id: Uuid) -> Result<ResesEvent, ApiError> {
    let data = tx
        .record_data(RecordKind::ResesEvent, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    serde_json::from_str(&data).map_err(|e| unreadable(RecordKind::ResesEvent, &e))
}

/// Reads an uploaded spreadsheet off the async runtime, a few at a time, within a time
/// budget ([`tabel`] bounds its memory).
async fn read_sheet(state: &AppState, body: Bytes) -> Result<lembar::Lembar, ApiError> {
    let permit = tokio::time::timeout(IMPORT_BUDGET, state.imports.clone().acquire_owned())
        .await
        .map_err(|_| ApiError::Busy {
            retry_after_secs: 10,
        })?
        .map_err(|e| ApiError::Internal(e.into()))?;
    let read = tokio::task::spawn_blocking(move || {
        let out = lembar::baca_dalam(&body, lembar::Batas::new(IMPORT_BUDGET));
        drop(permit);
        out
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    read.map_err(|e| ApiError::BadRequest(e.to_string()))
}

#[derive(Debug, Deserialize)]
struct ImporQuery {
    #[serde(default)]
    pratinjau: bool,
    #[serde(default)]
    kolom: String,
}

#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn impor_tamu(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    query: Result<Query<ImporQuery>, axum::extract::rejection::QueryRejection>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    user.require(Tugas::ImporTamu)?;
    let event_id = Uuid::parse_str(&id).map_err(|_| bad_id())?;
    let Query(q) = query
        .map_err(|_| ApiError::BadRequest("Parameter pratinjau harus true atau false.".into()))?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::BadRequest("Isi berkas tidak dapat dibaca.".into())
        }
    })?;
    event(&mut state.store.read().await?, event_id).await?;
    let lembar = read_sheet(&state, body).await?;
    let mut pemetaan: Pemetaan = if q.kolom.trim().is_empty() {
        tebak_pemetaan(&lembar.header)
    } else {
        pemetaan_dari_teks(&q.kolom).map_err(ApiError::BadRequest)?
    };
    pemetaan.resize(lembar.header.len(), None);
    let galat_pemetaan = periksa_pemetaan(&pemetaan).err();

    // A preview only reads; storing takes the writer.
    let mut tx = if q.pratinjau {
        state.store.read().await?
    } else {
        state.store.write_revisions().await?
    };
    let ada: Vec<Tamu> = records(&mut tx, RecordKind::Tamu, &[event_id]).await?;
    // Guests deleted from the list since an earlier import come back under their old id.
    let dihapus = deleted_revs(&mut tx, RecordKind::Tamu, event_id).await?;
    let mut hasil = periksa(event_id, &pemetaan, &lembar.baris, lembar.baris_judul, &ada);
    hasil.tandai_dikembalikan(&dihapus.keys().copied().collect());
    if q.pratinjau {
        let mut shown = 0;
        hasil.baris.retain(|b| {
            let keep = !b.galat.is_empty() || b.duplikat.is_some() || shown < PRATINJAU_BARIS;
            if b.galat.is_empty() && b.duplikat.is_none() && keep {
                shown += 1;
            }
            keep
        });
        return Ok(Json(PratinjauImpor {
            header: lembar.header,
            pemetaan,
            galat_pemetaan,
            jumlah_baris: lembar.baris.len(),
            hasil,
        })
        .into_response());
    }
    if let Some(e) = galat_pemetaan {
        return Err(ApiError::BadRequest(format!("Impor dibatalkan: {e}")));
    }
    if let Some(e) = hasil.ringkasan_galat() {
        return Err(ApiError::BadRequest(e));
    }
    if hasil.valid == 0 {
        return Err(ApiError::BadRequest(
            "Tidak ada tamu baru di berkas ini: semua baris sudah ada di daftar tamu atau berkas tidak berisi data.".into(),
        ));
    }
    let actor = Actor {
        user_id: user.id(),
        device_id: None,
        now: state.clock.now(),
        nama: user.profile.display_name.clone(),
    };
    let mutations: Vec<Mutation> = hasil
        .tamu_baru()
        .map(|t| {
            let data = serde_json::to_value(t)?;
            let changed = data
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            Ok(Mutation {
                mutation_id: Uuid::now_v7(),
                kind: RecordKind::Tamu,
                record_id: t.id,
                base_rev: dihapus.get(&t.id).copied().unwrap_or(0),
                op: Op::Put { data, changed },
                client_time: actor.now,
            })
        })
        .collect::<Result<_, serde_json::Error>>()
        .map_err(anyhow::Error::from)?;
    let mut store = tx.load_batch(&mutations).await?;
    let outcomes = store.apply_all(&mutations, &actor, |_, _, _| Ok(()));
    if let Some((m, o)) = mutations
        .iter()
        .zip(&outcomes)
        .find(|(_, o)| !o.is_settled())
    {
        // Nothing is written: the transaction is dropped.
        tracing::warn!(event = %event_id, tamu = %m.record_id, outcome = ?o, "import refused");
        let nama = hasil
            .tamu_baru()
            .find(|t| t.id == m.record_id)
            .map_or_else(String::new, |t| format!(" {}", t.nama));
        let none = "Tidak ada tamu yang disimpan";
        return Err(match o {
            Outcome::Rejected { reason, .. } => ApiError::BadRequest(format!(
                "Impor dibatalkan: tamu{nama} ditolak ({reason}). {none}."
            )),
            _ => ApiError::Conflict(format!(
                "Impor dibatalkan: tamu{nama} baru saja diubah di tempat lain. {none}; muat ulang halaman lalu impor lagi."
            )),
        });
    }
    tx.flush(store, &actor).await?;
    tx.commit().await?;
    tracing::info!(event = %event_id, disimpan = mutations.len(), "guest list imported");
    Ok(Json(HasilSimpan {
        disimpan: mutations.len(),
        dilewati: hasil.duplikat,
    })
    .into_response())
}
