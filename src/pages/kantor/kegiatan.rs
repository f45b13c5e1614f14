//! One event at the office: its guest list, materials and budget, readiness checklist,
//! documents to print, report and exports.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use reses_domain::kantor::{BUTIR_KESIAPAN, BelanjaReses, Centang, KesiapanReses, format_rupiah};
use reses_domain::reses::{Anggota, ResesEvent, format_event_start};
use reses_domain::sync::RecordKind;
use serde_json::Value;
use uuid::Uuid;

use super::tabel::{Jenis, Kolom, TabelData};
use super::{tetap, wilayah_opsi};
use crate::components::PageHeader;
use crate::hooks::{Loaded, UseLoadedReturn, use_loaded, use_loaded_by};
use crate::pages::reses::route_uuid;
use crate::session::use_session;

/// The documents an event prints, by route segment.
pub const DOKUMEN: [(&str, &str); 7] = [
    ("undangan", "Undangan per tamu (dengan kode QR)"),
    ("daftar-undangan", "Daftar tamu undangan"),
    ("daftar-hadir", "Daftar hadir (dengan tanda tangan)"),
    ("aspirasi-kosong", "Lembar aspirasi (kosong)"),
    ("aspirasi", "Lembar aspirasi (terisi)"),
    ("pendamping", "Daftar pendamping"),
    ("anggaran", "Rincian anggaran"),
];

/// The event of a route and its member, as loaded from the device.
pub type EventData = UseLoadedReturn<Option<(ResesEvent, Option<Anggota>)>>;

/// The event of the route and its member, from this device.
pub fn use_event() -> EventData {
    let id = route_uuid("id");
    use_loaded_by(
        move || id.get(),
        |store, id| async move {
            let Some(id) = id else { return Ok(None) };
            let Some(e) = store
                .repo::<ResesEvent>()
                .get(id)
                .await
                .map_err(|e| e.message())?
                .filter(|e| !e.deleted)
            else {
                return Ok(None);
            };
            let m = store
                .repo::<Anggota>()
                .get(e.value.anggota_id)
                .await
                .map_err(|e| e.message())?
                .map(|m| m.value);
            Ok(Some((e.value, m)))
        },
    )
}

/// Shows `body` once the event has loaded (a loading line, error or "not found" before).
///
/// The body is rebuilt only when the event or its member really changed, not on every
/// background sync: lists inside it reload by themselves, and an open form, a chosen
/// file or a message on screen stay where they are.
pub fn with_event<V: IntoView + 'static>(
    data: EventData,
    body: impl Fn(ResesEvent, Option<Anggota>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Loaded state=data.select(Clone::clone) memuat="Memuat kegiatan…" let:found>
            {match found {
                Some((e, m)) => body(e, m).into_any(),
                None => view! {
                    <p class="empty-state" data-testid="kegiatan-tidak-ada">"Kegiatan ini tidak ada di perangkat ini. Sinkronkan dulu, atau kembali ke "<A href="/kantor/data/kegiatan">"daftar kegiatan"</A>"."</p>
                }
                .into_any(),
            }}
        </Loaded>
    }
}

fn satuan() -> Vec<String> {
    [
        "kotak", "paket", "lembar", "buah", "orang", "unit", "hari", "set", "rim",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn total_belanja(rows: &[Value]) -> String {
    let lines: Vec<BelanjaReses> = rows
        .iter()
        .filter_map(|v| reses_domain::json::dari(v.clone()).ok())
        .collect();
    let total: i64 = lines.iter().map(BelanjaReses::total).sum();
    let diterima = lines.iter().filter(|b| b.diterima).count();
    format!(
        "Jumlah anggaran: {} · {} dari {} barang sudah diterima",
        format_rupiah(total),
        diterima,
        lines.len()
    )
}

#[component]
pub fn KantorKegiatan() -> impl IntoView {
    let session = use_session();
    let data = use_event();
    view! {
        <section class="kantor">
            <p><A href="/kantor/data/kegiatan">"← Daftar kegiatan"</A></p>
            {with_event(data, move |e, m| {
                let id = e.id;
                let may_import = session.boleh(reses_domain::akses::Tugas::ImporTamu);
                let lead = format!("{} · {}, {} · {}", format_event_start(e.tanggal, e.jam_mulai), e.tempat, e.kelurahan,
                    m.as_ref().map_or("", |m| m.nama.as_str()));
                view! {
                    <PageHeader title="Kegiatan reses" lead=lead/>
                    <nav class="hub-links" aria-label="Dokumen dan laporan">
                        {may_import.then(|| view! { <A href=format!("/kantor/kegiatan/{id}/impor") attr:class="btn big">"Impor daftar tamu"</A> })}
                        <A href=format!("/kantor/kegiatan/{id}/laporan") attr:class="btn big">"Laporan reses"</A>
                    </nav>
                    <h2>"Cetak"</h2>
                    <ul class="link-list" data-testid="dokumen">
                        {super::kegiatan::DOKUMEN.iter().map(|(seg, label)| view! {
                            <li><A href=format!("/kantor/kegiatan/{id}/cetak/{seg}")>{*label}</A></li>
                        }).collect_view()}
                    </ul>
                    <h2>"Ekspor (dari server)"</h2>
                    <ul class="link-list" data-testid="ekspor">
                        <li><a href=format!("/api/ekspor/laporan.xlsx?event={id}") download>"Laporan reses: ringkasan, daftar hadir dan aspirasi (XLSX)"</a></li>
                        <li><a href=format!("/api/ekspor/kehadiran.xlsx?event={id}") download>"Daftar hadir (XLSX)"</a>" · "
                            <a href=format!("/api/ekspor/kehadiran.csv?event={id}") download>"CSV"</a></li>
                        <li><a href=format!("/api/ekspor/aspirasi.xlsx?event={id}") download>"Aspirasi untuk pokir SIPD (XLSX)"</a>" · "
                            <a href=format!("/api/ekspor/aspirasi.csv?event={id}") download>"CSV"</a></li>
                    </ul>
                    <h2>"Kesiapan"</h2>
                    <Kesiapan event_id=id/>
                    <h2>"Daftar tamu undangan"</h2>
                    <TabelData kind=RecordKind::Tamu event=id
                        kolom=vec![
                            Kolom::new("nama", "Nama", Jenis::Teks).wajib(),
                            Kolom::new("alamat", "Alamat", Jenis::Teks),
                            Kolom::new("rt", "RT", Jenis::Teks),
                            Kolom::new("rw", "RW", Jenis::Teks),
                            Kolom::new("kelurahan", "Kelurahan", Jenis::Pilih(wilayah_opsi("kelurahan"))).opsional(),
                            Kolom::new("jenis_kelamin", "L/P", Jenis::PilihOpsional(Signal::stored(vec![("L".into(), "Laki-laki".into()), ("P".into(), "Perempuan".into())]))),
                            Kolom::new("keterangan", "Keterangan", Jenis::Teks),
                            Kolom::new("telepon", "No. HP/WA", Jenis::Teks),
                        ]/>
                    <h2>"Bahan dan anggaran"</h2>
                    <TabelData kind=RecordKind::BelanjaReses event=id
                        urut={(|v: &Value| v.get("barang").and_then(Value::as_str).unwrap_or_default().to_lowercase()) as fn(&Value) -> String}
                        ringkasan={total_belanja as fn(&[Value]) -> String}
                        kolom=vec![
                            Kolom::new("barang", "Barang/jasa", Jenis::Teks).wajib(),
                            Kolom::new("volume", "Volume", Jenis::Desimal),
                            Kolom::new("satuan", "Satuan", Jenis::Pilih(tetap(satuan()))),
                            Kolom::new("harga_satuan", "Harga satuan", Jenis::Rupiah),
                            Kolom::new("pemasok", "Penyedia", Jenis::Teks),
                            Kolom::new("diterima", "Diterima", Jenis::Centang),
                        ]/>
                }
            })}
        </section>
    }
}

/// Step 6: the four readiness items, each with who ticked it and when.
#[component]
fn Kesiapan(event_id: Uuid) -> impl IntoView {
    let session = use_session();
    // A failed read is an error with a retry, never an empty checklist.
    let record = use_loaded(move |store| async move {
        store
            .repo::<KesiapanReses>()
            .get(KesiapanReses::id_for(event_id))
            .await
            .map(|r| r.map_or_else(|| KesiapanReses::empty(event_id), |s| s.value))
            .map_err(|e| e.message())
    });
    let error = RwSignal::new(None::<String>);
    let may_tick = session.boleh_menulis(RecordKind::KesiapanReses);
    // A tick changes one item of the checklist as stored at that moment, never the copy
    // on screen: other people's ticks stay whatever this screen read.
    let toggle = move |field: &'static str, on: bool| {
        let who = session
            .profile
            .get_untracked()
            .map(|p| p.display_name)
            .unwrap_or_default();
        let tick = on.then(|| Centang {
            oleh: who,
            pada: js_sys::Date::now() as i64,
        });
        spawn_local(async move {
            let Some(store) = session.store() else {
                error.set(Some(
                    "Penyimpanan perangkat belum siap. Coba lagi sebentar.".into(),
                ));
                return;
            };
            let saved = store
                .repo::<KesiapanReses>()
                .update(
                    KesiapanReses::id_for(event_id),
                    || KesiapanReses::empty(event_id),
                    |k| k.set(field, tick),
                )
                .await;
            match saved {
                Ok(_) => session.changed(),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <Loaded state=record memuat="Memuat daftar kesiapan…" let:k>
            <ul class="checklist" data-testid="kesiapan">
                {BUTIR_KESIAPAN.iter().map(|(field, label)| {
                    let c = k.butir(field).cloned();
                    let on = c.is_some();
                    let field = *field;
                    view! {
                        <li>
                            <label class="check">
                                <input type="checkbox" data-testid=format!("kesiapan-{field}") prop:checked=on disabled=!may_tick
                                    on:change=move |ev| toggle(field, event_target_checked(&ev))/>
                                {*label}
                            </label>
                            {c.map(|c| view! { <span class="muted">{format!(" — {}, {}", c.oleh, reses_domain::tanggal::format_datetime_wib(c.pada))}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Loaded>
        <p class="error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
    }
}
