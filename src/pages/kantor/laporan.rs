//! Laporan reses (PP 12/2018 art. 88(5)) per event and per member per period: time and
//! place, participants (count, by gender, by kelurahan, the list with signatures),
//! aspirations and complaints received (by category and location, with SVG charts), and
//! the documentation photos. Built from the device's records, so it prints offline.

use leptos::prelude::*;
use reses_domain::sort;

use crate::hooks::{Loaded, use_loaded, use_loaded_by};
use leptos_router::components::A;
use reses_domain::aspirasi::Aspirasi;
use reses_domain::html::Html;
use reses_domain::laporan::{Peserta, Ringkasan, aspirasi_per_bidang, peserta, ringkas};
use reses_domain::reses::{Anggota, JenisKelamin, MasaSidang, ResesEvent, format_event_start};
use reses_domain::sync::RecordKind;
use reses_domain::tanggal::format_time_wib;
use uuid::Uuid;

use super::cetak::Berkas;
use super::dokumen::{kop, nomor, pasang, tabel, tanda_tangan, tempat_tanggal};
use super::kegiatan::{use_event, with_event};
use super::{nama, nilai_teks, opsi};
use crate::components::{PageHeader, Thumb};
use crate::session::use_session;

/// A horizontal bar chart as SVG: one bar per (label, count).
fn grafik(h: &mut Html, title: &str, rows: &[(String, usize)], testid: &str) {
    h.raw(r#"<figure class="grafik" data-testid=""#)
        .raw(testid)
        .raw(r#"">"#)
        .el("figcaption", title);
    if rows.is_empty() {
        h.raw(r#"<p class="muted">Belum ada data.</p></figure>"#);
        return;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let bar_h = 22;
    h.raw(r#"<svg viewBox="0 0 600 "#)
        .num(rows.len() * bar_h + 8)
        .raw(r#"" width="100%" role="img" aria-label=""#)
        .text(title)
        .raw(r#"">"#);
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * bar_h + 4;
        let w = (*n as f64 / max as f64 * 330.0).max(2.0);
        h.raw(r#"<g><text x="0" y=""#)
            .num(y + 15)
            .raw(r#"" font-size="12">"#)
            .text(&label.chars().take(36).collect::<String>())
            .raw(r#"</text><rect x="230" y=""#)
            .num(y)
            .raw(r#"" width=""#)
            .raw(&w.to_string())
            .raw(r#"" height=""#)
            .num(bar_h - 6)
            .raw(r##"" fill="#0b6e4f"></rect><text x=""##)
            .raw(&(230.0 + w + 6.0).to_string())
            .raw(r#"" y=""#)
            .num(y + 15)
            .raw(r#"" font-size="12">"#)
            .num(*n)
            .raw("</text></g>");
    }
    h.raw("</svg></figure>");
}

/// The report's closing: place and date, and the member's and the companion's signature.
fn penutup(h: &mut Html, berkas: &[Berkas]) {
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
    h.raw(r#"<div class="laporan-ttd" data-testid="laporan-ttd">"#)
        .el(r#"p class="tanggal-surat""#, &tempat_tanggal(&pengaturan))
        .raw(r#"<div class="ttd-pair">"#);
    tanda_tangan(h, "Pendamping reses,", &pendamping.join(", "), "");
    tanda_tangan(h, "Anggota DPRD Kota Pekalongan,", &anggota, "");
    h.raw("</div></div>");
}

/// Section I: when and where each meeting was, and how many came.
fn waktu_tempat(h: &mut Html, berkas: &[Berkas]) {
    h.raw("<h2>I. Waktu dan tempat</h2>");
    tabel(
        h,
        r#"class="print-table""#,
        "<th>No</th><th>Waktu</th><th>Tempat</th><th>Kelurahan</th><th>Hadir</th>",
    );
    for (i, b) in berkas.iter().enumerate() {
        let e = &b.event;
        nomor(h, i)
            .el("td", &format_event_start(e.tanggal, e.jam_mulai))
            .el("td", &format!("{}, {}", e.tempat, e.alamat))
            .el("td", &e.kelurahan)
            .raw("<td>")
            .num(b.hadir.iter().filter(|k| k.hadir).count() + b.tambahan.len())
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
}

/// Section III: the aspirations and complaints, counted, charted and listed by category.
fn aspirasi(h: &mut Html, r: &Ringkasan, aspirasi: &[Aspirasi]) {
    h.raw("<h2>III. Aspirasi dan pengaduan masyarakat</h2>").el(
        r#"p data-testid="laporan-aspirasi""#,
        &format!(
            "{} masukan diterima dalam {} bidang: {} aspirasi dan {} pengaduan.",
            r.aspirasi,
            r.per_bidang.len(),
            r.aspirasi - r.pengaduan,
            r.pengaduan
        ),
    );
    if !r.per_bidang.is_empty() {
        h.raw(r#"<div class="grafik-grid">"#);
        grafik(h, "Aspirasi menurut bidang", &r.per_bidang, "grafik-bidang");
        grafik(h, "Aspirasi menurut lokasi", &r.per_lokasi, "grafik-lokasi");
        h.raw("</div>");
    }
    for (bidang, list) in aspirasi_per_bidang(aspirasi) {
        h.el("h3", &format!("{bidang} ({})", list.len()));
        tabel(
            h,
            r#"class="print-table""#,
            "<th>No</th><th>Jenis</th><th>Pengusul</th><th>Permasalahan</th><th>Usulan</th><th>Lokasi</th>",
        );
        for (i, a) in list.into_iter().enumerate() {
            h.raw(r#"<tr data-jenis=""#)
                .raw(a.jenis.as_str())
                .raw(r#""><td>"#)
                .num(i + 1)
                .raw("</td>")
                .el("td", a.jenis.label())
                .el("td", &a.pengusul.nama)
                .el("td", &a.masalah)
                .el("td", &a.permintaan)
                .el("td", &format!("{}, {}", a.kelurahan, a.kecamatan))
                .raw("</tr>");
        }
        h.raw("</tbody></table>");
    }
}

/// Section IV: everyone who came, with their signatures.
fn daftar_hadir(h: &mut Html, orang: &[Peserta]) {
    h.raw("<h2>IV. Daftar hadir peserta</h2>");
    tabel(
        h,
        r#"class="print-table hadir" data-testid="laporan-daftar-hadir""#,
        "<th>No</th><th>Nama</th><th>Kelurahan</th><th>L/P</th><th>Jam</th><th>Tanda tangan</th>",
    );
    for (i, p) in orang.iter().enumerate() {
        h.raw("<tr><td>").num(i + 1).raw("</td><td>").text(&p.nama);
        if p.tambahan {
            h.raw("<small> (tanpa undangan)</small>");
        }
        h.raw("</td>")
            .el("td", &p.kelurahan)
            .el("td", JenisKelamin::kode(p.jenis_kelamin))
            .el("td", &format_time_wib(p.waktu))
            .raw(r#"<td class="ttd-cell">"#);
        if let Some(t) = &p.tanda_tangan {
            t.tulis_svg(h);
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table>");
}

/// The report over one or more events' records.
/// `start`: when the screen began loading (`performance.now()`), for the measure.
fn laporan(judul: String, berkas: Vec<Berkas>, start: f64) -> impl IntoView {
    let tamu: Vec<_> = berkas.iter().flat_map(|b| b.tamu.iter().cloned()).collect();
    let hadir: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.hadir.iter().cloned())
        .collect();
    let tambahan: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.tambahan.iter().cloned())
        .collect();
    let semua_aspirasi: Vec<_> = berkas
        .iter()
        .flat_map(|b| b.aspirasi.iter().cloned())
        .collect();
    let orang: Vec<Peserta> = peserta(&tamu, &hadir, &tambahan);
    let r = ringkas(tamu.len(), &orang, &semua_aspirasi);
    let gender = [
        ("Laki-laki".to_string(), r.laki_laki),
        ("Perempuan".to_string(), r.perempuan),
        ("Tidak diisi".to_string(), r.tanpa_jenis_kelamin),
    ];
    let foto: Vec<String> = berkas
        .iter()
        .filter_map(|b| b.dokumentasi.as_ref())
        .flat_map(|d| d.foto.iter().cloned())
        .chain(semua_aspirasi.iter().flat_map(|a| a.foto.iter().cloned()))
        .collect();

    let mut h = Html::new();
    kop(&mut h);
    h.raw(r#"<p class="doc-title">LAPORAN HASIL RESES</p>"#)
        .el(r#"h1 class="doc-title""#, &judul);
    waktu_tempat(&mut h, &berkas);
    let tanpa_jk = if r.tanpa_jenis_kelamin > 0 {
        format!(", {} tidak diisi", r.tanpa_jenis_kelamin)
    } else {
        String::new()
    };
    h.raw("<h2>II. Peserta</h2>")
        .el(
            r#"p data-testid="laporan-peserta""#,
            &format!(
                "Hadir {} orang dari {} undangan ({} tanpa undangan): {} laki-laki, {} perempuan{tanpa_jk}.",
                r.hadir, r.undangan, r.tambahan, r.laki_laki, r.perempuan
            ),
        )
        .raw(r#"<div class="grafik-grid">"#);
    grafik(
        &mut h,
        "Peserta menurut jenis kelamin",
        &gender,
        "grafik-gender",
    );
    grafik(
        &mut h,
        "Peserta menurut kelurahan",
        &r.per_kelurahan,
        "grafik-kelurahan",
    );
    h.raw("</div>");
    aspirasi(&mut h, &r, &semua_aspirasi);
    daftar_hadir(&mut h, &orang);
    h.raw("<h2>V. Dokumentasi kegiatan</h2>");
    // The companions' notes of each meeting, dated (several events in a member's report).
    let mut catatan = berkas
        .iter()
        .filter_map(|b| Some((b, b.dokumentasi.as_ref()?.catatan.trim())))
        .filter(|(_, c)| !c.is_empty())
        .peekable();
    if catatan.peek().is_some() {
        h.raw(r#"<div data-testid="laporan-catatan">"#);
        for (b, text) in catatan {
            let when = format!("{}, {}", b.event.tanggal.format_long(), b.event.tempat);
            h.raw("<p>")
                .el("strong", &format!("Catatan kegiatan ({when}): "))
                .text(text)
                .raw("</p>");
        }
        h.raw("</div>");
    }
    let mut tutup = Html::new();
    penutup(&mut tutup, &berkas);
    let view = view! {
        <article class="a4 laporan" tabindex="0" data-testid="laporan">
            {pasang(h)}
            {if foto.is_empty() {
                view! { <p class="muted">"Belum ada foto dokumentasi."</p> }.into_any()
            } else {
                view! {
                    <div class="foto-grid" data-testid="laporan-foto">
                        {foto.into_iter().map(|sha| view! { <Thumb sha=sha/> }).collect_view()}
                    </div>
                }.into_any()
            }}
            {pasang(tutup)}
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
