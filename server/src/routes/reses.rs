//! The office's reses work that needs the server:
//! - `POST /api/kegiatan/{id}/impor-tamu?pratinjau=true&kolom=nama,,rt_rw,…`: check a
//!   guest list (CSV or XLSX in the body) or, without `pratinjau`, store all of it in one
//!   transaction — or nothing, when any row has a problem.
//! - `GET /api/ekspor/{kehadiran|aspirasi}.{xlsx|csv}?event=…` (or
//!   `?anggota=…&masa_sidang=…`): attendance and aspirations as spreadsheets; the
//!   aspiration columns follow what entering pokir in SIPD asks for.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::aspirasi::Aspirasi;
use reses_domain::impor::{
    HasilSimpan, Pemetaan, PratinjauImpor, pemetaan_dari_teks, periksa, periksa_pemetaan,
    tebak_pemetaan,
};
use reses_domain::kantor::KategoriAspirasi;
use reses_domain::kehadiran::{Kehadiran, TamuTambahan};
use reses_domain::laporan::peserta;
use reses_domain::reses::{JenisKelamin, ResesEvent, Tamu};
use reses_domain::sync::{Actor, Mutation, Op, RecordKind};
use reses_domain::tanggal::{Tanggal, format_time_wib};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::sync_store::{BatchStore, RESES_STAFF};
use crate::tabel::{self, Sel};

/// Largest guest-list upload.
pub const MAX_IMPOR_BYTES: usize = 8 * 1024 * 1024;
/// Rows of a preview beyond the problem rows and duplicates.
const PRATINJAU_BARIS: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/kegiatan/{id}/impor-tamu",
            post(impor_tamu).layer(DefaultBodyLimit::max(MAX_IMPOR_BYTES)),
        )
        .route("/ekspor/{berkas}", get(ekspor))
}

fn bad_id() -> ApiError {
    ApiError::BadRequest("ID tidak valid.".into())
}

async fn records<T: DeserializeOwned>(
    db: impl sqlx::SqliteExecutor<'_>,
    kind: RecordKind,
    events: &[Uuid],
) -> Result<Vec<T>, ApiError> {
    let ids = serde_json::to_string(&events.iter().map(Uuid::to_string).collect::<Vec<_>>())
        .map_err(anyhow::Error::from)?;
    let rows: Vec<String> = sqlx::query_scalar(
        "select data from records where kind = ? and deleted = 0
         and event_id in (select value from json_each(?))",
    )
    .bind(kind.as_str())
    .bind(ids)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|d| {
            serde_json::from_str(d).map_err(|e| {
                ApiError::Internal(anyhow::anyhow!("stored {} unreadable: {e}", kind.as_str()))
            })
        })
        .collect()
}

async fn all_of<T: DeserializeOwned>(
    db: impl sqlx::SqliteExecutor<'_>,
    kind: RecordKind,
) -> Result<Vec<T>, ApiError> {
    let rows: Vec<String> =
        sqlx::query_scalar("select data from records where kind = ? and deleted = 0")
            .bind(kind.as_str())
            .fetch_all(db)
            .await?;
    Ok(rows
        .iter()
        .filter_map(|d| serde_json::from_str(d).ok())
        .collect())
}

async fn event(db: impl sqlx::SqliteExecutor<'_>, id: Uuid) -> Result<ResesEvent, ApiError> {
    let data: Option<String> = sqlx::query_scalar(
        "select data from records where id = ? and kind = 'reses_event' and deleted = 0",
    )
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    let data = data.ok_or(ApiError::NotFound)?;
    serde_json::from_str(&data)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored event unreadable: {e}")))
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
    if !matches!(user.role(), Role::Admin | Role::StafSetwan) {
        return Err(ApiError::Forbidden(format!(
            "Daftar tamu diimpor oleh staf Sekretariat DPRD, bukan {}.",
            user.role().label()
        )));
    }
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
    event(&state.db, event_id).await?;
    let lembar = tabel::baca(&body).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let mut pemetaan: Pemetaan = if q.kolom.trim().is_empty() {
        tebak_pemetaan(&lembar.header)
    } else {
        pemetaan_dari_teks(&q.kolom).map_err(ApiError::BadRequest)?
    };
    pemetaan.resize(lembar.header.len(), None);
    let galat_pemetaan = periksa_pemetaan(&pemetaan).err();

    let _writer = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    let ada: Vec<Tamu> = records(&mut *tx, RecordKind::Tamu, &[event_id]).await?;
    // Guests deleted from the list since an earlier import come back under their old id.
    let dihapus: HashMap<Uuid, i64> = sqlx::query_as::<_, (String, i64)>(
        "select id, rev from records where kind = 'tamu' and deleted = 1 and event_id = ?",
    )
    .bind(event_id.to_string())
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .filter_map(|(id, rev)| Some((Uuid::parse_str(&id).ok()?, rev)))
    .collect();
    let mut hasil = periksa(event_id, &pemetaan, &lembar.baris, lembar.baris_judul, &ada);
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
        now: now_ms(),
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
    let mut store = BatchStore::load(&mut tx, &mutations).await?;
    let outcomes = store.apply_all(&mutations, actor, |_, _, _| Ok(()));
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
        return Err(ApiError::Conflict(format!(
            "Impor dibatalkan: tamu{nama} tidak dapat disimpan karena daftar tamu baru saja diubah. Tidak ada tamu yang disimpan; periksa ulang berkasnya lalu impor lagi."
        )));
    }
    store.flush(&mut tx, actor).await?;
    tx.commit().await?;
    tracing::info!(event = %event_id, disimpan = mutations.len(), "guest list imported");
    Ok(Json(HasilSimpan {
        disimpan: mutations.len(),
        dilewati: hasil.duplikat,
    })
    .into_response())
}

#[derive(Debug, Deserialize)]
struct EksporQuery {
    event: Option<String>,
    anggota: Option<String>,
    masa_sidang: Option<String>,
}

fn jk(j: Option<JenisKelamin>) -> &'static str {
    match j {
        Some(JenisKelamin::LakiLaki) => "L",
        Some(JenisKelamin::Perempuan) => "P",
        None => "",
    }
}

fn angka(n: usize) -> Sel {
    Sel::Angka(n as f64)
}

fn teks(s: impl Into<String>) -> Sel {
    Sel::Teks(s.into())
}

const KOLOM_KEHADIRAN: [&str; 13] = [
    "No",
    "Tanggal reses",
    "Tempat",
    "Nama",
    "Alamat",
    "RT",
    "RW",
    "Kelurahan",
    "L/P",
    "Keterangan",
    "Jam hadir",
    "Tanpa undangan",
    "Tanda tangan",
];

/// Columns for entering pokir in SIPD, then where it came from and whether it was an
/// aspiration or a complaint (complaints are not pokir; the column lets staff filter).
pub const KOLOM_ASPIRASI: [&str; 18] = [
    "No",
    "Pengusul",
    "Permasalahan",
    "Usulan",
    "Alamat",
    "RT",
    "RW",
    "Kelurahan",
    "Kecamatan",
    "Bidang",
    "OPD tujuan",
    "Volume",
    "Satuan",
    "Prioritas",
    "Foto",
    "Tanggal reses",
    "Tempat reses",
    "Jenis",
];

#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn ekspor(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(berkas): Path<String>,
    headers: HeaderMap,
    query: Result<Query<EksporQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    if !RESES_STAFF.contains(&user.role()) {
        return Err(ApiError::Forbidden(format!(
            "Ekspor data reses untuk staf Sekretariat DPRD, bukan {}.",
            user.role().label()
        )));
    }
    let (isi, format) = berkas
        .split_once('.')
        .filter(|(i, f)| matches!(*i, "kehadiran" | "aspirasi") && matches!(*f, "xlsx" | "csv"))
        .ok_or(ApiError::NotFound)?;
    let Query(q) =
        query.map_err(|_| ApiError::BadRequest("Parameter ekspor tidak valid.".into()))?;
    let parse = |s: &Option<String>| {
        s.as_deref()
            .map(Uuid::parse_str)
            .transpose()
            .map_err(|_| bad_id())
    };
    let (event_id, anggota, masa) = (parse(&q.event)?, parse(&q.anggota)?, parse(&q.masa_sidang)?);
    let mut events: Vec<ResesEvent> = match (event_id, anggota, masa) {
        (Some(e), _, _) => vec![event(&state.db, e).await?],
        (None, Some(a), Some(m)) => all_of::<ResesEvent>(&state.db, RecordKind::ResesEvent)
            .await?
            .into_iter()
            .filter(|e| e.anggota_id == a && e.masa_sidang_id == m)
            .collect(),
        _ => {
            return Err(ApiError::BadRequest(
                "Sebutkan kegiatan (event) atau anggota dan masa_sidang.".into(),
            ));
        }
    };
    events.sort_by_key(|e| (e.tanggal, e.jam_mulai));
    let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
    let by_id: HashMap<Uuid, &ResesEvent> = events.iter().map(|e| (e.id, e)).collect();
    let when = |id: Uuid| by_id.get(&id).map_or_else(String::new, |e| e.tanggal.iso());
    let where_ = |id: Uuid| {
        by_id
            .get(&id)
            .map_or_else(String::new, |e| e.tempat.clone())
    };
    let (header, rows): (Vec<&str>, Vec<Vec<Sel>>) = if isi == "kehadiran" {
        let tamu: Vec<Tamu> = records(&state.db, RecordKind::Tamu, &ids).await?;
        let hadir: Vec<Kehadiran> = records(&state.db, RecordKind::Kehadiran, &ids).await?;
        let tambahan: Vec<TamuTambahan> =
            records(&state.db, RecordKind::TamuTambahan, &ids).await?;
        let mut orang = peserta(&tamu, &hadir, &tambahan);
        orang.sort_by_key(|p| {
            (
                ids.iter().position(|e| *e == p.event_id),
                p.tambahan,
                p.waktu,
            )
        });
        let rows = orang
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    angka(i + 1),
                    teks(when(p.event_id)),
                    teks(where_(p.event_id)),
                    teks(p.nama),
                    teks(p.alamat),
                    teks(p.rt),
                    teks(p.rw),
                    teks(p.kelurahan),
                    teks(jk(p.jenis_kelamin)),
                    teks(p.keterangan),
                    teks(format_time_wib(p.waktu)),
                    teks(if p.tambahan { "Ya" } else { "Tidak" }),
                    teks(if p.tanda_tangan.is_some() { "Ada" } else { "" }),
                ]
            })
            .collect();
        (KOLOM_KEHADIRAN.to_vec(), rows)
    } else {
        let mut aspirasi: Vec<Aspirasi> = records(&state.db, RecordKind::Aspirasi, &ids).await?;
        aspirasi.sort_by_key(|a| (ids.iter().position(|e| *e == a.event_id), a.waktu));
        let opd: HashMap<String, String> =
            all_of::<KategoriAspirasi>(&state.db, RecordKind::KategoriAspirasi)
                .await?
                .into_iter()
                .map(|k| (k.nama, k.opd))
                .collect();
        // Photo links point back at this server as the browser reached it; a Host that
        // is not a plain host name (and port) is not written into the file.
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.len() <= 255
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            })
            .unwrap_or("127.0.0.1:8080");
        let proto = match headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
        {
            Some("https") => "https",
            _ => "http",
        };
        let rows = aspirasi
            .into_iter()
            .enumerate()
            .map(|(i, a)| {
                let foto: Vec<String> = a
                    .foto
                    .iter()
                    .map(|sha| format!("{proto}://{host}/api/attachments/{sha}"))
                    .collect();
                vec![
                    angka(i + 1),
                    teks(a.pengusul.nama),
                    teks(a.masalah),
                    teks(a.permintaan),
                    teks(a.alamat),
                    teks(a.rt),
                    teks(a.rw),
                    teks(a.kelurahan),
                    teks(a.kecamatan),
                    teks(a.bidang.clone()),
                    teks(opd.get(&a.bidang).cloned().unwrap_or_default()),
                    a.volume.map_or_else(|| teks(""), Sel::Angka),
                    teks(a.satuan),
                    teks(a.prioritas.label()),
                    teks(foto.join("\n")),
                    teks(when(a.event_id)),
                    teks(where_(a.event_id)),
                    teks(a.jenis.label()),
                ]
            })
            .collect();
        (KOLOM_ASPIRASI.to_vec(), rows)
    };
    let today = Tanggal::from_epoch_ms_wib(now_ms()).iso();
    let name = format!("{isi}-reses-{today}.{format}");
    let (bytes, mime) = if format == "xlsx" {
        let sheet = if isi == "kehadiran" {
            "Daftar hadir"
        } else {
            "Pokir"
        };
        (
            tabel::xlsx(sheet, &header, &rows)
                .map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    } else {
        (tabel::csv(&header, &rows), "text/csv; charset=utf-8")
    };
    let mut res = bytes.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
