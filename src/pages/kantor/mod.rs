//! Reses at the office (seed 000 steps 1–6, DESIGN.md §3.1): master data, data requests
//! to members, events and their companions, guest lists and imports, materials and
//! budget, the readiness checklist, printed documents, the report, and the 21-working-day
//! deadline of each facilitation. Everything but importing and exporting (done on the
//! server) works offline on what the device holds.

mod cetak;
mod dokumen;
mod impor;
mod kegiatan;
mod laporan;
mod libur;
pub mod tabel;

pub use cetak::Cetak;
pub use dokumen::{baris, pasang};
pub use impor::ImporTamu;
pub use kegiatan::KantorKegiatan;
pub use laporan::{LaporanAnggota, LaporanKegiatan};

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use reses_domain::kantor::{
    HARI_KERJA_FASILITASI, PermintaanData, StatusTenggat, tahun_tanpa_libur, tenggat_fasilitasi,
};
use reses_domain::reses::{Anggota, ResesEvent, StatusReses, format_event_start};
use reses_domain::sort;
use reses_domain::sync::{RecordKind, SyncRecord};
use reses_domain::tanggal::Tanggal;
use serde_json::Value;
use uuid::Uuid;

use crate::components::PageHeader;
use crate::hooks::{Loaded, use_loaded};
use crate::session::use_session;
use tabel::{Jenis, Kolom, Pilihan, TabelData};

/// Options from the records of one kind on this device: (id, label), sorted by label.
pub fn opsi(kind: RecordKind, label: fn(&Value) -> String) -> Pilihan {
    let session = use_session();
    let res = crate::hooks::use_async(move || {
        session.data_rev.track();
        async move {
            let Some(store) = session.store_ready().await else {
                return Vec::new();
            };
            let mut v: Vec<(String, String)> = store
                .list(kind)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|r| !r.deleted)
                .map(|r| (r.id.clone(), label(&r.data)))
                .collect();
            sort::by(&mut v, |a, b| a.1.cmp(&b.1));
            v
        }
    });
    Signal::derive(move || res.get().unwrap_or_default())
}

/// A string field of an untyped record (`""` when absent).
pub(super) fn nilai_teks(v: &Value, k: &str) -> String {
    v.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn nama(v: &Value) -> String {
    nilai_teks(v, "nama")
}

/// Options of fixed labels (value = label).
fn tetap(items: Vec<String>) -> Pilihan {
    Signal::stored(items.into_iter().map(|s| (s.clone(), s)).collect())
}

/// Kecamatan and kelurahan names from the editable wilayah records.
fn wilayah_opsi(field: &'static str) -> Pilihan {
    let all = opsi(RecordKind::Wilayah, |v| {
        format!(
            "{}\u{1f}{}",
            nilai_teks(v, "kecamatan"),
            nilai_teks(v, "nama")
        )
    });
    Signal::derive(move || {
        let mut names: Vec<String> = all
            .get()
            .into_iter()
            .filter_map(|(_, l)| {
                let (kec, kel) = l.split_once('\u{1f}')?;
                Some(if field == "kecamatan" { kec } else { kel }.to_string())
            })
            .collect();
        sort::all(&mut names);
        names.dedup();
        names.into_iter().map(|s| (s.clone(), s)).collect()
    })
}

fn hari_ini() -> Tanggal {
    Tanggal::from_epoch_ms_wib(js_sys::Date::now() as i64)
}

/// 16 random bytes as hex: the key that signs an event's invitation QR codes.
pub fn kunci_acak() -> String {
    let mut buf = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut buf);
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

fn event_label(v: &Value) -> String {
    let t = Tanggal::parse_iso(&nilai_teks(v, "tanggal"))
        .map_or_else(String::new, Tanggal::format_medium);
    format!("{t} — {}", nilai_teks(v, "tempat"))
}

/// The lists the office keeps, by route segment: title, lead and the editor.
fn daftar(jenis: &str) -> Option<(&'static str, &'static str, AnyView)> {
    Some(match jenis {
        "anggota" => (
            "Anggota DPRD",
            "Nama, fraksi, dapil dan komisi anggota dewan.",
            view! {
                <TabelData kind=RecordKind::Anggota
                    kolom=vec![
                        Kolom::new("nama", "Nama", Jenis::Teks).wajib(),
                        Kolom::new("fraksi", "Fraksi", Jenis::Teks).wajib(),
                        Kolom::new("dapil", "Dapil", Jenis::Teks).wajib(),
                        Kolom::new("komisi", "Komisi", Jenis::Teks).wajib(),
                    ]/>
            }
            .into_any(),
        ),
        "pendamping" => (
            "Pendamping",
            "Pendamping yang ditugaskan ke kegiatan reses.",
            view! {
                <TabelData kind=RecordKind::Pendamping
                    kolom=vec![
                        Kolom::new("nama", "Nama", Jenis::Teks).wajib(),
                        Kolom::new("telepon", "Telepon", Jenis::Teks).wajib(),
                    ]/>
            }
            .into_any(),
        ),
        "masa-sidang" => (
            "Masa sidang",
            "Periode reses: tiga kali setahun, satu per masa sidang.",
            view! {
                <TabelData kind=RecordKind::MasaSidang
                    urut={(|v: &Value| nilai_teks(v, "mulai")) as fn(&Value) -> String}
                    kolom=vec![
                        Kolom::new("nama", "Nama", Jenis::Teks).wajib(),
                        Kolom::new("tahun", "Tahun", Jenis::Angka),
                        Kolom::new("mulai", "Mulai", Jenis::Tanggal),
                        Kolom::new("selesai", "Selesai", Jenis::Tanggal),
                    ]/>
            }
            .into_any(),
        ),
        "wilayah" => (
            "Wilayah",
            "Kecamatan dan kelurahan Kota Pekalongan; dipakai di daftar tamu dan aspirasi.",
            view! {
                <TabelData kind=RecordKind::Wilayah
                    urut={(|v: &Value| format!("{} {}", nilai_teks(v, "kecamatan"), nilai_teks(v, "nama"))) as fn(&Value) -> String}
                    kolom=vec![
                        Kolom::new("kecamatan", "Kecamatan", Jenis::Teks).wajib(),
                        Kolom::new("nama", "Kelurahan", Jenis::Teks).wajib(),
                    ]/>
            }
            .into_any(),
        ),
        "kategori" => (
            "Kategori aspirasi",
            "Bidang aspirasi dan OPD tujuannya (untuk pokir di SIPD).",
            view! {
                <TabelData kind=RecordKind::KategoriAspirasi
                    kolom=vec![
                        Kolom::new("nama", "Kategori", Jenis::Teks).wajib(),
                        Kolom::new("opd", "OPD tujuan", Jenis::Teks).wajib(),
                    ]/>
            }
            .into_any(),
        ),
        "hari-libur" => (
            "Hari libur",
            "Libur nasional dan cuti bersama per tahun; tenggat 21 hari kerja melewatinya.",
            view! {
                <libur::LiburResmiPanel/>
                <TabelData kind=RecordKind::HariLibur
                    urut={(|v: &Value| nilai_teks(v, "tanggal")) as fn(&Value) -> String}
                    kolom=vec![
                        Kolom::new("tanggal", "Tanggal", Jenis::Tanggal),
                        Kolom::new("nama", "Keterangan", Jenis::Teks).wajib(),
                        Kolom::new("cuti_bersama", "Cuti bersama", Jenis::Centang),
                    ]/>
            }
            .into_any(),
        ),
        "permintaan" => (
            "Permintaan data",
            "Permintaan data kepada anggota (langkah 1): apa yang diminta, batas waktu, sudah diterima atau belum.",
            view! {
                <TabelData kind=RecordKind::PermintaanData
                    urut={(|v: &Value| nilai_teks(v, "tenggat")) as fn(&Value) -> String}
                    kolom=vec![
                        Kolom::new("anggota_id", "Anggota", Jenis::Pilih(opsi(RecordKind::Anggota, nama))),
                        Kolom::new("perihal", "Perihal", Jenis::Teks).wajib(),
                        Kolom::new("event_id", "Kegiatan", Jenis::PilihOpsional(opsi(RecordKind::ResesEvent, event_label))).form(),
                        Kolom::new("diminta", "Diminta", Jenis::Tanggal),
                        Kolom::new("tenggat", "Batas waktu", Jenis::Tanggal),
                        Kolom::new("diterima", "Diterima", Jenis::TanggalOpsional),
                        Kolom::new("catatan", "Catatan", Jenis::Panjang).form(),
                    ]/>
            }
            .into_any(),
        ),
        "kegiatan" => (
            "Kegiatan reses",
            "Jadwal, tempat dan pendamping tiap kegiatan. Pendamping menerima kegiatan dan daftar tamunya pada sinkronisasi berikutnya.",
            view! {
                <TabelData kind=RecordKind::ResesEvent
                    urut={(|v: &Value| format!("{} {:05}", nilai_teks(v, "tanggal"), v.get("jam_mulai").and_then(Value::as_i64).unwrap_or(0))) as fn(&Value) -> String}
                    tautan={(|v: &Value| (format!("/kantor/kegiatan/{}", nilai_teks(v, "id")), "Buka")) as fn(&Value) -> (String, &'static str)}
                    kolom=kolom_kegiatan()/>
            }
            .into_any(),
        ),
        _ => return None,
    })
}

fn kolom_kegiatan() -> Vec<Kolom> {
    let status = Signal::stored(
        [
            StatusReses::Direncanakan,
            StatusReses::Siap,
            StatusReses::Berlangsung,
            StatusReses::Selesai,
        ]
        .iter()
        .map(|s| {
            (
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                s.label().to_string(),
            )
        })
        .collect::<Vec<_>>(),
    );
    vec![
        Kolom::new("tanggal", "Tanggal", Jenis::Tanggal),
        Kolom::new("jam_mulai", "Jam", Jenis::Jam),
        Kolom::new(
            "anggota_id",
            "Anggota",
            Jenis::Pilih(opsi(RecordKind::Anggota, nama)),
        ),
        Kolom::new(
            "masa_sidang_id",
            "Masa sidang",
            Jenis::Pilih(opsi(RecordKind::MasaSidang, |v| {
                format!(
                    "{} {}",
                    nilai_teks(v, "nama"),
                    v.get("tahun").and_then(Value::as_i64).unwrap_or(0)
                )
            })),
        )
        .form(),
        Kolom::new("tempat", "Tempat", Jenis::Teks).wajib(),
        Kolom::new("alamat", "Alamat", Jenis::Teks).wajib().form(),
        Kolom::new(
            "kecamatan",
            "Kecamatan",
            Jenis::Pilih(wilayah_opsi("kecamatan")),
        )
        .form(),
        Kolom::new(
            "kelurahan",
            "Kelurahan",
            Jenis::Pilih(wilayah_opsi("kelurahan")),
        ),
        Kolom::new("perkiraan_tamu", "Perkiraan tamu", Jenis::Angka).form(),
        Kolom::new("nomor_undangan", "Nomor urut undangan", Jenis::Teks).form(),
        Kolom::new(
            "pendamping_ids",
            "Pendamping",
            Jenis::Banyak(opsi(RecordKind::Pendamping, nama)),
        ),
        Kolom::new("status", "Status", Jenis::Pilih(status)),
        Kolom::new(
            "mulai_fasilitasi",
            "Mulai fasilitasi (tenggat 21 hari kerja dihitung dari sini)",
            Jenis::TanggalOpsional,
        )
        .form(),
    ]
}

/// `/kantor/data/:jenis`: one of the office's lists.
#[component]
pub fn KantorData() -> impl IntoView {
    let params = use_params_map();
    move || {
        let jenis = params.with(|p| p.get("jenis").unwrap_or_default());
        match daftar(&jenis) {
            Some((title, lead, body)) => view! {
                <section class="kantor">
                    <p><A href="/kantor">"← Kantor reses"</A></p>
                    <PageHeader title=title lead=lead/>
                    {body}
                </section>
            }
            .into_any(),
            None => view! { <crate::pages::NotFound/> }.into_any(),
        }
    }
}

const MENU: [(&str, &str); 8] = [
    ("kegiatan", "Kegiatan reses"),
    ("permintaan", "Permintaan data"),
    ("anggota", "Anggota DPRD"),
    ("pendamping", "Pendamping"),
    ("masa-sidang", "Masa sidang"),
    ("wilayah", "Wilayah"),
    ("kategori", "Kategori aspirasi"),
    ("hari-libur", "Hari libur"),
];

/// Every record of `T` on this device, deleted ones left out.
pub(super) async fn values<T: SyncRecord>(store: &crate::storage::Store) -> Result<Vec<T>, String> {
    let all = store.repo::<T>().list().await.map_err(|e| e.message())?;
    Ok(all.into_iter().map(|s| s.value).collect())
}

/// What the dashboard shows: events, members and data requests.
type Dasbor = (Vec<ResesEvent>, Vec<Anggota>, Vec<PermintaanData>);

/// `/kantor`: the office's dashboard — deadlines due soon or late, data requests past
/// due — and the way to every list.
#[component]
pub fn Kantor() -> impl IntoView {
    let data = use_loaded(|store| async move {
        let (events, members, requests) = futures::join!(
            values::<ResesEvent>(&store),
            values::<Anggota>(&store),
            values::<PermintaanData>(&store)
        );
        Ok::<Dasbor, String>((events?, members?, requests?))
    });
    let kal = crate::pages::use_kalender();
    let deadlines = move |(events, members, reqs): Dasbor| {
        let kal = kal.get();
        let today = hari_ini();
        let mut rows: Vec<(StatusTenggat, Tanggal, Tanggal, ResesEvent)> = events
            .into_iter()
            .map(|e| {
                let (start, due) = tenggat_fasilitasi(&kal, &e, &reqs);
                (
                    StatusTenggat::of(&kal, due, today, e.status == StatusReses::Selesai),
                    start,
                    due,
                    e,
                )
            })
            .collect();
        sort::by_key(&mut rows, |(s, _, due, _)| {
            (matches!(s, StatusTenggat::Selesai), *due)
        });
        let unknown_years = tahun_tanpa_libur(
            &kal,
            rows.iter()
                .filter(|(s, ..)| !matches!(s, StatusTenggat::Selesai))
                .flat_map(|(_, start, due, _)| [start.year, due.year]),
        );
        let member = |id: Uuid| {
            members
                .iter()
                .find(|m| m.id == id)
                .map_or_else(String::new, |m| m.nama.clone())
        };
        let late = rows
            .iter()
            .filter(|(s, ..)| matches!(s, StatusTenggat::Terlambat(_)))
            .count();
        let soon = rows
            .iter()
            .filter(|(s, ..)| matches!(s, StatusTenggat::Segera(_)))
            .count();
        view! {
            <p data-testid="tenggat-ringkasan">{format!("{late} terlambat, {soon} segera jatuh tempo (tenggat {HARI_KERJA_FASILITASI} hari kerja sejak fasilitasi dimulai).")}</p>
            {(!unknown_years.is_empty()).then(|| view! {
                <p class="notice" role="status" data-testid="libur-belum-dicatat">
                    {format!("Hari libur tahun {} belum dicatat: tenggat di tahun itu dihitung tanpa hari libur nasional. ",
                        unknown_years.iter().map(i32::to_string).collect::<Vec<_>>().join(", "))}
                    <A href="/kantor/data/hari-libur">"Catat hari libur"</A>
                </p>
            })}
            <div class="table-wrap">
            <table class="table" data-testid="tenggat">
                <thead><tr><th>"Kegiatan"</th><th>"Anggota"</th><th>"Mulai fasilitasi"</th><th>"Tenggat"</th><th>"Status"</th></tr></thead>
                <tbody>
                {rows.into_iter().map(|(s, start, due, e)| view! {
                    <tr data-status=s.class()>
                        <td><A href=format!("/kantor/kegiatan/{}", e.id)>{format!("{} — {}", format_event_start(e.tanggal, e.jam_mulai), e.tempat)}</A></td>
                        <td>{member(e.anggota_id)}</td>
                        <td>{start.format_medium()}</td>
                        <td>{due.format_medium()}</td>
                        <td><span class=format!("chip {}", s.class())>{s.label()}</span></td>
                    </tr>
                }).collect_view()}
                </tbody>
            </table>
            </div>
        }
        .into_any()
    };
    let overdue = move |(_, members, reqs): &Dasbor| {
        let today = hari_ini();
        let mut late: Vec<PermintaanData> = reqs
            .iter()
            .filter(|p| p.terlambat(today))
            .cloned()
            .collect();
        sort::by_key(&mut late, |p| p.tenggat);
        if late.is_empty() {
            return view! { <p class="muted" data-testid="permintaan-terlambat">"Tidak ada permintaan data yang lewat batas waktu."</p> }.into_any();
        }
        view! {
            <ul class="record-list" data-testid="permintaan-terlambat">
                {late.into_iter().map(|p| {
                    let m = members.iter().find(|m| m.id == p.anggota_id).map_or_else(String::new, |m| m.nama.clone());
                    view! {
                        <li class="pengingat">
                            <span><strong>{m}</strong>" — "{p.perihal.clone()}</span>
                            <span><span class="chip late">{format!("lewat batas {}", p.tenggat.format_medium())}</span></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="kantor">
            <PageHeader title="Kantor reses" lead="Data induk, kegiatan, daftar tamu, belanja, kesiapan, cetak dan laporan."/>
            <nav class="hub-links" aria-label="Daftar kantor reses">
                {MENU.iter().map(|(seg, label)| view! { <A href=format!("/kantor/data/{seg}") attr:class="btn big">{*label}</A> }).collect_view()}
                <A href="/kantor/laporan" attr:class="btn big">"Laporan per anggota"</A>
                <A href="/pengaturan" attr:class="btn big">"Pengaturan dokumen"</A>
            </nav>
            <Loaded state=data memuat="Memuat kegiatan…" let:d>
                <h2>"Pengingat permintaan data"</h2>
                {overdue(&d)}
                <h2>"Tenggat fasilitasi reses"</h2>
                {deadlines(d)}
            </Loaded>
        </section>
    }
}
