//! Laporan reses (PP 12/2018 art. 88(5)) per event and per member per period: time and
//! place, participants (count, by gender, by kelurahan, the list with signatures),
//! aspirations and complaints received (by category and location, with SVG charts), and
//! the documentation photos. Built from the device's records, so it prints offline.

use leptos::prelude::*;
use reses_domain::sort;

use crate::hooks::{Loaded, use_loaded, use_loaded_by};
use leptos_router::components::A;
use reses_domain::aspirasi::DokumentasiReses;
use reses_domain::laporan::{Peserta, aspirasi_per_bidang, peserta, ringkas};
use reses_domain::reses::{Anggota, MasaSidang, ResesEvent, format_event_start};
use reses_domain::sync::RecordKind;
use reses_domain::tanggal::format_time_wib;
use uuid::Uuid;

use super::cetak::{Berkas, kop};
use super::kegiatan::{use_event, with_event};
use super::{nama, nilai_teks, opsi};
use crate::components::{PageHeader, SignatureImage, Thumb};
use crate::session::use_session;

/// A horizontal bar chart as SVG: one bar per (label, count).
fn grafik(title: &'static str, rows: &[(String, usize)], testid: &'static str) -> AnyView {
    if rows.is_empty() {
        return view! {
            <figure class="grafik" data-testid=testid>
                <figcaption>{title}</figcaption>
                <p class="muted">"Belum ada data."</p>
            </figure>
        }
        .into_any();
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let bar_h = 22;
    let h = rows.len() * bar_h + 8;
    view! {
        <figure class="grafik" data-testid=testid>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 600 {h}") width="100%" role="img" aria-label=title>
                {rows.iter().enumerate().map(|(i, (label, n))| {
                    let y = i * bar_h + 4;
                    let w = (*n as f64 / max as f64 * 330.0).max(2.0);
                    view! {
                        <g>
                            <text x="0" y=y + 15 font-size="12">{label.chars().take(36).collect::<String>()}</text>
                            <rect x="230" y=y width=w height=bar_h - 6 fill="#0b6e4f"/>
                            <text x=230.0 + w + 6.0 y=y + 15 font-size="12">{n.to_string()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}

/// The report over one or more events' records.
/// `start`: when the screen began loading (`performance.now()`), for the measure.
/// The report's closing: place and date, and the member's and the companion's signature.
fn penutup(berkas: &[Berkas]) -> impl IntoView + use<> {
    let first = berkas.first();
    let pengaturan = first.map(|b| b.pengaturan.clone()).unwrap_or_default();
    let anggota = first
        .and_then(|b| b.anggota.as_ref())
        .map(|a| a.nama.clone())
        .unwrap_or_default();
    let mut pendamping: Vec<String> = berkas
        .iter()
        .flat_map(|b| b.pendamping.iter().map(|p| p.nama.clone()))
        .collect();
    sort::all(&mut pendamping);
    pendamping.dedup();
    view! {
        <div class="laporan-ttd" data-testid="laporan-ttd">
            <p class="tanggal-surat">{super::cetak::tempat_tanggal(&pengaturan)}</p>
            <div class="ttd-pair">
                {super::cetak::tanda_tangan("Pendamping reses,".into(), &pendamping.join(", "), "")}
                {super::cetak::tanda_tangan("Anggota DPRD Kota Pekalongan,".into(), &anggota, "")}
            </div>
        </div>
    }
}

fn laporan(judul: String, berkas: Vec<Berkas>, start: f64) -> impl IntoView {
    let berkas_ttd = berkas.clone();
    let tamu: Vec<_> = berkas.iter().flat_map(|b| b.tamu.iter().cloned()).collect();
    let hadir: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.hadir.iter().cloned())
        .collect();
    let tambahan: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.tambahan.iter().cloned())
        .collect();
    let aspirasi: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.aspirasi.iter().cloned())
        .collect();
    let orang: Vec<Peserta> = peserta(&tamu, &hadir, &tambahan);
    let r = ringkas(tamu.len(), &orang, &aspirasi);
    let kelompok = aspirasi_per_bidang(&aspirasi);
    let gender = vec![
        ("Laki-laki".to_string(), r.laki_laki),
        ("Perempuan".to_string(), r.perempuan),
        ("Tidak diisi".to_string(), r.tanpa_jenis_kelamin),
    ];
    let dokumentasi: Vec<&DokumentasiReses> = berkas
        .iter()
        .filter_map(|b| b.dokumentasi.as_ref())
        .collect();
    let foto: Vec<String> = dokumentasi
        .iter()
        .flat_map(|d| d.foto.iter().cloned())
        .chain(aspirasi.iter().flat_map(|a| a.foto.iter().cloned()))
        .collect();
    // The companions' notes of each meeting, dated (several events in a member's report).
    let catatan: Vec<(String, String)> = berkas
        .iter()
        .filter_map(|b| {
            let c = b.dokumentasi.as_ref()?.catatan.trim();
            (!c.is_empty()).then(|| {
                (
                    format!("{}, {}", b.event.tanggal.format_long(), b.event.tempat),
                    c.to_string(),
                )
            })
        })
        .collect();
    let view = view! {
        <article class="a4 laporan" tabindex="0" data-testid="laporan">
            {kop()}
            <p class="doc-title">"LAPORAN HASIL RESES"</p>
            <h1 class="doc-title">{judul}</h1>
            <h2>"I. Waktu dan tempat"</h2>
            <table class="print-table">
                <thead><tr><th>"No"</th><th>"Waktu"</th><th>"Tempat"</th><th>"Kelurahan"</th><th>"Hadir"</th></tr></thead>
                <tbody>
                {berkas.iter().enumerate().map(|(i, b)| {
                    let n = b.hadir.iter().filter(|k| k.hadir).count() + b.tambahan.len();
                    view! { <tr><td>{i + 1}</td><td>{format_event_start(b.event.tanggal, b.event.jam_mulai)}</td>
                        <td>{format!("{}, {}", b.event.tempat, b.event.alamat)}</td><td>{b.event.kelurahan.clone()}</td><td>{n}</td></tr> }
                }).collect_view()}
                </tbody>
            </table>
            <h2>"II. Peserta"</h2>
            <p data-testid="laporan-peserta">{format!("Hadir {} orang dari {} undangan ({} tanpa undangan): {} laki-laki, {} perempuan{}.",
                r.hadir, r.undangan, r.tambahan, r.laki_laki, r.perempuan,
                if r.tanpa_jenis_kelamin > 0 { format!(", {} tidak diisi", r.tanpa_jenis_kelamin) } else { String::new() })}</p>
            <div class="grafik-grid">
                {grafik("Peserta menurut jenis kelamin", &gender, "grafik-gender")}
                {grafik("Peserta menurut kelurahan", &r.per_kelurahan, "grafik-kelurahan")}
            </div>
            <h2>"III. Aspirasi dan pengaduan masyarakat"</h2>
            <p data-testid="laporan-aspirasi">{format!("{} masukan diterima dalam {} bidang: {} aspirasi dan {} pengaduan.",
                r.aspirasi, r.per_bidang.len(), r.aspirasi - r.pengaduan, r.pengaduan)}</p>
            {(!r.per_bidang.is_empty()).then(|| view! {
                <div class="grafik-grid">
                    {grafik("Aspirasi menurut bidang", &r.per_bidang, "grafik-bidang")}
                    {grafik("Aspirasi menurut lokasi", &r.per_lokasi, "grafik-lokasi")}
                </div>
            })}
            {kelompok.into_iter().map(|(bidang, list)| view! {
                <h3>{format!("{bidang} ({})", list.len())}</h3>
                <table class="print-table">
                    <thead><tr><th>"No"</th><th>"Jenis"</th><th>"Pengusul"</th><th>"Permasalahan"</th><th>"Usulan"</th><th>"Lokasi"</th></tr></thead>
                    <tbody>
                        {list.into_iter().enumerate().map(|(i, a)| view! {
                            <tr data-jenis=a.jenis.as_str()><td>{i + 1}</td><td>{a.jenis.label()}</td><td>{a.pengusul.nama.clone()}</td><td>{a.masalah.clone()}</td><td>{a.permintaan.clone()}</td>
                                <td>{format!("{}, {}", a.kelurahan, a.kecamatan)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }).collect_view()}
            <h2>"IV. Daftar hadir peserta"</h2>
            <table class="print-table hadir" data-testid="laporan-daftar-hadir">
                <thead><tr><th>"No"</th><th>"Nama"</th><th>"Kelurahan"</th><th>"L/P"</th><th>"Jam"</th><th>"Tanda tangan"</th></tr></thead>
                <tbody>
                    {orang.into_iter().enumerate().map(|(i, p)| view! {
                        <tr><td>{i + 1}</td><td>{p.nama}{p.tambahan.then(|| view! { <small>" (tanpa undangan)"</small> })}</td><td>{p.kelurahan}</td>
                            <td>{reses_domain::reses::JenisKelamin::kode(p.jenis_kelamin)}</td><td>{format_time_wib(p.waktu)}</td>
                            <td class="ttd-cell">{p.tanda_tangan.map(|t| view! { <SignatureImage value=t/> })}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>"V. Dokumentasi kegiatan"</h2>
            {(!catatan.is_empty()).then(|| view! {
                <div data-testid="laporan-catatan">
                    {catatan.into_iter().map(|(when, text)| view! {
                        <p><strong>{format!("Catatan kegiatan ({when}): ")}</strong>{text}</p>
                    }).collect_view()}
                </div>
            })}
            {if foto.is_empty() {
                view! { <p class="muted">"Belum ada foto dokumentasi."</p> }.into_any()
            } else {
                view! {
                    <div class="foto-grid" data-testid="laporan-foto">
                        {foto.into_iter().map(|sha| view! { <Thumb sha=sha/> }).collect_view()}
                    </div>
                }.into_any()
            }}
            {penutup(&berkas_ttd)}
        </article>
    };
    let detail = format!("{} peserta, {} aspirasi", r.hadir, r.aspirasi);
    // From opening the screen (records read from IndexedDB, counted, drawn) to the next
    // frame after the report is in the DOM; read by `make bench`.
    request_animation_frame(move || crate::perf::measure("report_render", start, &detail));
    view
}

/// Whether the signed-in user works at the office (and may export).
fn staf_kantor() -> bool {
    use_session().boleh(reses_domain::akses::Tugas::KantorReses)
}

fn tombol(export_query: String) -> impl IntoView {
    if !staf_kantor() {
        return view! {
            <div class="no-print actions">
                <button type="button" class="btn primary" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Cetak laporan"</button>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="no-print actions">
            <button type="button" class="btn primary" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Cetak laporan"</button>
            <a class="btn" href=format!("/api/ekspor/laporan.xlsx?{export_query}") download>"Ekspor laporan (XLSX)"</a>
            <a class="btn" href=format!("/api/ekspor/kehadiran.xlsx?{export_query}") download>"Ekspor daftar hadir (XLSX)"</a>
            <a class="btn" href=format!("/api/ekspor/aspirasi.xlsx?{export_query}") download>"Ekspor aspirasi SIPD (XLSX)"</a>
            <a class="btn" href=format!("/api/ekspor/aspirasi.csv?{export_query}") download>"CSV"</a>
        </div>
    }
    .into_any()
}

/// `/kantor/kegiatan/:id/laporan`
#[component]
pub fn LaporanKegiatan() -> impl IntoView {
    let start = crate::perf::now();
    let data = use_event();
    view! {
        <section class="surat-page">
            {with_event(data, move |e, m| {
                let id = e.id;
                let res = use_loaded(move |store| {
                    let (e, m) = (e.clone(), m.clone());
                    async move { Berkas::load(&store, e, m).await }
                });
                view! {
                    <p class="no-print"><A href=if staf_kantor() { format!("/kantor/kegiatan/{id}") } else { format!("/reses/{id}") }>"‹ Kegiatan"</A></p>
                    {tombol(format!("event={id}"))}
                    <Loaded state=res memuat="Menyusun laporan…" let:b>
                        {
                            let judul = format!("Reses {} — {}", b.anggota.as_ref().map_or("", |a| a.nama.as_str()), b.event.tanggal.format_long());
                            laporan(judul, vec![b], start)
                        }
                    </Loaded>
                }
            })}
        </section>
    }
}

/// `/kantor/laporan`: one member's events in one period, in one report.
#[component]
pub fn LaporanAnggota() -> impl IntoView {
    let anggota = RwSignal::new(String::new());
    let masa = RwSignal::new(String::new());
    let members = opsi(RecordKind::Anggota, nama);
    let periods = opsi(RecordKind::MasaSidang, |v| {
        format!(
            "{} {}",
            nilai_teks(v, "nama"),
            v.get("tahun")
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(0)
        )
    });
    let res = use_loaded_by(
        move || (anggota.get(), masa.get()),
        |store, (a, p)| async move {
            let (Ok(a), Ok(p)) = (Uuid::parse_str(&a), Uuid::parse_str(&p)) else {
                return Ok(None);
            };
            let m = |x: crate::storage::StorageError| x.message();
            let member: Option<Anggota> = store
                .repo::<Anggota>()
                .get(a)
                .await
                .map_err(m)?
                .map(|s| s.value);
            let period: Option<MasaSidang> = store
                .repo::<MasaSidang>()
                .get(p)
                .await
                .map_err(m)?
                .map(|s| s.value);
            let mut events: Vec<ResesEvent> = store
                .repo::<ResesEvent>()
                .list()
                .await
                .map_err(m)?
                .into_iter()
                .map(|s| s.value)
                .filter(|e| e.anggota_id == a && e.masa_sidang_id == p)
                .collect();
            sort::by_key(&mut events, |e| (e.tanggal, e.jam_mulai));
            let mut all = Vec::new();
            for e in events {
                all.push(Berkas::load(&store, e, member.clone()).await?);
            }
            let judul = format!(
                "Reses {} — {}",
                member.map_or_else(String::new, |m| m.nama),
                period.map_or_else(String::new, |p| format!("{} Tahun {}", p.nama, p.tahun))
            );
            Ok::<_, String>(Some((judul, all)))
        },
    );
    let select = |label: &'static str,
                  id: &'static str,
                  sig: RwSignal<String>,
                  opts: super::tabel::Pilihan| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id data-testid=id on:change=move |ev| sig.set(event_target_value(&ev))>
                    <option value="">"— pilih —"</option>
                    {move || opts.get().into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <section class="surat-page">
            <div class="no-print">
                <p><A href="/kantor">"‹ Kantor reses"</A></p>
                <PageHeader title="Laporan reses per anggota" lead="Semua kegiatan seorang anggota dalam satu masa sidang."/>
                <div class="form inline">
                    {select("Anggota", "laporan-anggota", anggota, members)}
                    {select("Masa sidang", "laporan-masa", masa, periods)}
                </div>
            </div>
            <Loaded state=res memuat="Menyusun laporan…" let:found>
                {match found {
                    None => view! { <p class="muted">"Pilih anggota dan masa sidang."</p> }.into_any(),
                    Some((_, all)) if all.is_empty() => view! { <p class="empty-state">"Anggota ini tidak punya kegiatan reses pada masa sidang tersebut."</p> }.into_any(),
                    Some((judul, all)) => view! {
                        {tombol(format!("anggota={}&masa_sidang={}", anggota.get_untracked(), masa.get_untracked()))}
                        {laporan(judul, all, crate::perf::now())}
                    }.into_any(),
                }}
            </Loaded>
        </section>
    }
}
