//! Exports of the office's reses data, made on the server from what it stores:
//! `GET /api/ekspor/{berkas}?event=…` (or `?anggota=…&masa_sidang=…` for a member's
//! events in one period), where `berkas` is
//! - `kehadiran.xlsx` / `kehadiran.csv`: everyone present, with their check-in;
//! - `aspirasi.xlsx` / `aspirasi.csv`: aspirations and complaints, in the columns entering
//!   pokir in SIPD asks for;
//! - `laporan.xlsx`: the laporan reses as a workbook: the summary the printed report
//!   shows (PP 12/2018 art. 88(5)), then both lists above.
//!
//! Office roles only (`kantor::STAF_KANTOR`); personal data, so never cached.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use reses_domain::aspirasi::{Aspirasi, DokumentasiReses};
use reses_domain::kantor::KategoriAspirasi;
use reses_domain::kehadiran::{Kehadiran, TamuTambahan};
use reses_domain::laporan::{Peserta, peserta, ringkas};
use reses_domain::reses::{JenisKelamin, ResesEvent, Tamu, format_event_start};
use reses_domain::sync::RecordKind;
use reses_domain::tanggal::{Tanggal, format_time_wib};
use serde::Deserialize;
use uuid::Uuid;

use super::reses::{all_of, bad_id, event, records};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::lembar::{self, Lembaran, Sel};
use crate::store::Tx;
use reses_domain::akses::Tugas;

pub fn router() -> Router<AppState> {
    Router::new().route("/ekspor/{berkas}", get(ekspor))
}

#[derive(Debug, Deserialize)]
struct EksporQuery {
    event: Option<String>,
    anggota: Option<String>,
    masa_sidang: Option<String>,
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

const KOLOM_RINGKASAN: [&str; 3] = ["Bagian", "Uraian", "Jumlah"];

fn angka(n: usize) -> Sel {
    Sel::Angka(n as f64)
}

fn teks(s: impl Into<String>) -> Sel {
    Sel::Teks(s.into())
}

/// The events an export covers, in date order: one by id, or a member's in a period.
async fn lingkup(tx: &mut Tx, q: &EksporQuery) -> Result<Vec<ResesEvent>, ApiError> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .map(Uuid::parse_str)
            .transpose()
            .map_err(|_| bad_id())
    };
    let (event_id, anggota, masa) = (parse(&q.event)?, parse(&q.anggota)?, parse(&q.masa_sidang)?);
    let mut events: Vec<ResesEvent> = match (event_id, anggota, masa) {
        (Some(e), _, _) => vec![event(tx, e).await?],
        (None, Some(a), Some(m)) => all_of::<ResesEvent>(tx, RecordKind::ResesEvent)
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
    Ok(events)
}

/// The records of the events in scope that the exports draw on.
struct Data {
    events: Vec<ResesEvent>,
    tamu: Vec<Tamu>,
    /// Everyone present, by event (in date order), invited before walk-ins, by time.
    orang: Vec<Peserta>,
    /// By event, then time.
    aspirasi: Vec<Aspirasi>,
    dokumentasi: Vec<DokumentasiReses>,
}

impl Data {
    async fn load(tx: &mut Tx, events: Vec<ResesEvent>) -> Result<Data, ApiError> {
        let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
        let pos = |e: Uuid| ids.iter().position(|x| *x == e);
        let tamu: Vec<Tamu> = records(tx, RecordKind::Tamu, &ids).await?;
        let hadir: Vec<Kehadiran> = records(tx, RecordKind::Kehadiran, &ids).await?;
        let tambahan: Vec<TamuTambahan> = records(tx, RecordKind::TamuTambahan, &ids).await?;
        let mut orang = peserta(&tamu, &hadir, &tambahan);
        orang.sort_by_key(|p| (pos(p.event_id), p.tambahan, p.waktu));
        let mut aspirasi: Vec<Aspirasi> = records(tx, RecordKind::Aspirasi, &ids).await?;
        aspirasi.sort_by_key(|a| (pos(a.event_id), a.waktu));
        let mut dokumentasi: Vec<DokumentasiReses> =
            records(tx, RecordKind::DokumentasiReses, &ids).await?;
        dokumentasi.sort_by_key(|d| pos(d.event_id));
        Ok(Data {
            events,
            tamu,
            orang,
            aspirasi,
            dokumentasi,
        })
    }

    fn event(&self, id: Uuid) -> Option<&ResesEvent> {
        self.events.iter().find(|e| e.id == id)
    }

    fn when(&self, id: Uuid) -> String {
        self.event(id).map_or_else(String::new, |e| e.tanggal.iso())
    }

    fn place(&self, id: Uuid) -> String {
        self.event(id)
            .map_or_else(String::new, |e| e.tempat.clone())
    }

    fn kehadiran(&self) -> Vec<Vec<Sel>> {
        self.orang
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    angka(i + 1),
                    teks(self.when(p.event_id)),
                    teks(self.place(p.event_id)),
                    teks(&p.nama),
                    teks(&p.alamat),
                    teks(&p.rt),
                    teks(&p.rw),
                    teks(&p.kelurahan),
                    teks(JenisKelamin::kode(p.jenis_kelamin)),
                    teks(&p.keterangan),
                    teks(format_time_wib(p.waktu)),
                    teks(if p.tambahan { "Ya" } else { "Tidak" }),
                    teks(if p.tanda_tangan.is_some() { "Ada" } else { "" }),
                ]
            })
            .collect()
    }

    /// `opd`: the target agency of each category; `foto`: a photo's link.
    fn aspirasi(
        &self,
        opd: &HashMap<String, String>,
        foto: impl Fn(&str) -> String,
    ) -> Vec<Vec<Sel>> {
        self.aspirasi
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let links: Vec<String> = a.foto.iter().map(|sha| foto(sha)).collect();
                vec![
                    angka(i + 1),
                    teks(&a.pengusul.nama),
                    teks(&a.masalah),
                    teks(&a.permintaan),
                    teks(&a.alamat),
                    teks(&a.rt),
                    teks(&a.rw),
                    teks(&a.kelurahan),
                    teks(&a.kecamatan),
                    teks(&a.bidang),
                    teks(opd.get(&a.bidang).cloned().unwrap_or_default()),
                    a.volume.map_or_else(|| teks(""), Sel::Angka),
                    teks(&a.satuan),
                    teks(a.prioritas.label()),
                    teks(links.join("\n")),
                    teks(self.when(a.event_id)),
                    teks(self.place(a.event_id)),
                    teks(a.jenis.label()),
                ]
            })
            .collect()
    }

    /// The printed report's summary as rows (section, item, count): the same counts
    /// (`laporan::ringkas`) the app draws.
    fn ringkasan(&self) -> Vec<Vec<Sel>> {
        let r = ringkas(self.tamu.len(), &self.orang, &self.aspirasi);
        let mut rows = Vec::new();
        let mut add = |bagian: &str, uraian: String, n: Option<usize>| {
            rows.push(vec![
                teks(bagian),
                teks(uraian),
                n.map_or_else(|| teks(""), angka),
            ]);
        };
        for e in &self.events {
            let hadir = self.orang.iter().filter(|p| p.event_id == e.id).count();
            add(
                "I. Waktu dan tempat",
                format!(
                    "{} — {}, {}, Kel. {}, Kec. {}",
                    format_event_start(e.tanggal, e.jam_mulai),
                    e.tempat,
                    e.alamat,
                    e.kelurahan,
                    e.kecamatan
                ),
                Some(hadir),
            );
        }
        let peserta = "II. Peserta";
        add(peserta, "Undangan".into(), Some(r.undangan));
        add(peserta, "Hadir".into(), Some(r.hadir));
        add(peserta, "Tanpa undangan".into(), Some(r.tambahan));
        add(peserta, "Laki-laki".into(), Some(r.laki_laki));
        add(peserta, "Perempuan".into(), Some(r.perempuan));
        add(
            peserta,
            "Jenis kelamin tidak diisi".into(),
            Some(r.tanpa_jenis_kelamin),
        );
        for (kel, n) in &r.per_kelurahan {
            add(peserta, format!("Kelurahan {kel}"), Some(*n));
        }
        let masukan = "III. Aspirasi dan pengaduan";
        add(masukan, "Aspirasi".into(), Some(r.aspirasi - r.pengaduan));
        add(masukan, "Pengaduan".into(), Some(r.pengaduan));
        for (bidang, n) in &r.per_bidang {
            add(masukan, format!("Bidang {bidang}"), Some(*n));
        }
        for (lokasi, n) in &r.per_lokasi {
            add(masukan, format!("Lokasi {lokasi}"), Some(*n));
        }
        let dok = "V. Dokumentasi kegiatan";
        let foto = self.dokumentasi.iter().map(|d| d.foto.len()).sum::<usize>()
            + self.aspirasi.iter().map(|a| a.foto.len()).sum::<usize>();
        add(dok, "Foto".into(), Some(foto));
        for d in self
            .dokumentasi
            .iter()
            .filter(|d| !d.catatan.trim().is_empty())
        {
            let when = self
                .event(d.event_id)
                .map_or_else(String::new, |e| e.tanggal.format_long());
            add(dok, format!("Catatan ({when}): {}", d.catatan.trim()), None);
        }
        rows
    }
}

/// Where a photo is fetched from: this server as the browser reached it. A Host that is
/// not a plain host name (and port) is not written into the file.
fn photo_base(headers: &HeaderMap) -> String {
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
    format!("{proto}://{host}/api/attachments/")
}

#[tracing::instrument(skip_all, fields(user = %user.id(), berkas = %berkas))]
async fn ekspor(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(berkas): Path<String>,
    headers: HeaderMap,
    query: Result<Query<EksporQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    user.require(Tugas::KantorReses)?;
    let (isi, format) = berkas
        .split_once('.')
        .filter(|(i, f)| match *f {
            "xlsx" => matches!(*i, "kehadiran" | "aspirasi" | "laporan"),
            "csv" => matches!(*i, "kehadiran" | "aspirasi"),
            _ => false,
        })
        .ok_or(ApiError::NotFound)?;
    let Query(q) =
        query.map_err(|_| ApiError::BadRequest("Parameter ekspor tidak valid.".into()))?;
    // One snapshot for the whole export.
    let mut tx = state.store.read().await?;
    let events = lingkup(&mut tx, &q).await?;
    let data = Data::load(&mut tx, events).await?;
    let opd: HashMap<String, String> = if isi == "kehadiran" {
        HashMap::new()
    } else {
        all_of::<KategoriAspirasi>(&mut tx, RecordKind::KategoriAspirasi)
            .await?
            .into_iter()
            .map(|k| (k.nama, k.opd))
            .collect()
    };
    let base = photo_base(&headers);
    let foto = |sha: &str| format!("{base}{sha}");
    let kehadiran = || data.kehadiran();
    let aspirasi = || data.aspirasi(&opd, foto);
    let xlsx = |lembar: &[Lembaran]| {
        lembar::xlsx_buku(lembar).map_err(|e| ApiError::Internal(anyhow::anyhow!(e)))
    };
    let bytes = match (isi, format) {
        ("kehadiran", "csv") => lembar::csv(&KOLOM_KEHADIRAN, &kehadiran()),
        ("aspirasi", "csv") => lembar::csv(&KOLOM_ASPIRASI, &aspirasi()),
        ("kehadiran", _) => xlsx(&[lembar("Daftar hadir", &KOLOM_KEHADIRAN, &kehadiran())])?,
        ("aspirasi", _) => xlsx(&[lembar("Pokir", &KOLOM_ASPIRASI, &aspirasi())])?,
        _ => xlsx(&[
            lembar("Ringkasan", &KOLOM_RINGKASAN, &data.ringkasan()),
            lembar("Daftar hadir", &KOLOM_KEHADIRAN, &kehadiran()),
            lembar("Aspirasi dan pengaduan", &KOLOM_ASPIRASI, &aspirasi()),
        ])?,
    };
    let mime = if format == "xlsx" {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    };
    let name = format!(
        "{}.{format}",
        nama_berkas(&state, &q, isi, &data.events).await?
    );
    let mut res = bytes.into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// The download's name, saying what it covers: `daftar-hadir-<member>-<event date>` for
/// one event, `aspirasi-<member>-<period>-<year>` for a member's period (ASCII, so every
/// browser and file system keeps it as it is).
async fn nama_berkas(
    state: &AppState,
    q: &EksporQuery,
    isi: &str,
    events: &[ResesEvent],
) -> Result<String, ApiError> {
    let isi = match isi {
        "kehadiran" => "daftar-hadir",
        "aspirasi" => "aspirasi",
        _ => "laporan-reses",
    };
    let nama = |kind: RecordKind, id: Option<Uuid>| async move {
        let Some(id) = id else {
            return Ok::<_, ApiError>(None);
        };
        let data = state.store.record_data(kind, id).await?;
        Ok(data
            .and_then(|d| serde_json::from_str::<serde_json::Value>(&d).ok())
            .map(|v| {
                let nama = v["nama"].as_str().unwrap_or_default().to_string();
                match v["tahun"].as_i64() {
                    Some(t) => format!("{nama} {t}"),
                    None => nama,
                }
            }))
    };
    let mut bagian = vec![isi.to_string()];
    let anggota = q
        .anggota
        .as_deref()
        .and_then(|a| Uuid::parse_str(a).ok())
        .or(events.first().map(|e| e.anggota_id));
    bagian.extend(nama(RecordKind::Anggota, anggota).await?);
    match (q.event.is_some(), events.first()) {
        (true, Some(e)) => bagian.push(e.tanggal.iso()),
        _ => {
            let masa = q
                .masa_sidang
                .as_deref()
                .and_then(|m| Uuid::parse_str(m).ok());
            bagian.extend(nama(RecordKind::MasaSidang, masa).await?);
        }
    }
    if bagian.len() == 1 {
        bagian.push(Tanggal::from_epoch_ms_wib(state.clock.now()).iso());
    }
    Ok(slug(&bagian.join(" ")))
}

/// Lower-case ASCII letters and digits, runs of anything else as one `-`: `Hj. Siti
/// Aminah, S.E.` → `hj-siti-aminah-s-e`.
fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(120).collect()
}

fn lembar<'a>(nama: &'a str, header: &'a [&'a str], baris: &'a [Vec<Sel>]) -> Lembaran<'a> {
    Lembaran {
        nama,
        header,
        baris,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_name_keeps_only_ascii_words() {
        assert_eq!(
            super::slug("aspirasi Hj. Siti Aminah, S.E. Masa Sidang III 2026"),
            "aspirasi-hj-siti-aminah-s-e-masa-sidang-iii-2026"
        );
        assert_eq!(
            super::slug("daftar-hadir Sélamet 2026-03-02"),
            "daftar-hadir-s-lamet-2026-03-02"
        );
    }
}
