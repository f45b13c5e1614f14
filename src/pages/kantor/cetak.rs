//! The documents of one event on A4 with the council's letterhead, from what is on the
//! device, so they print offline: invitations with their QR codes, the invited list, the
//! attendance list (with signatures once captured), the aspiration sheet (blank and
//! filled), the companion list and the budget breakdown.

use leptos::prelude::*;
use reses_domain::sort;

use crate::hooks::{Loaded, use_loaded};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use reses_domain::aspirasi::{Aspirasi, DokumentasiReses, daftar_bidang};
use reses_domain::kantor::{BelanjaReses, KategoriAspirasi, format_rupiah};
use reses_domain::kehadiran::{Kehadiran, TamuTambahan};
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::reses::{
    Anggota, JenisKelamin, MasaSidang, Pendamping, ResesEvent, Tamu, format_event_start,
};
use reses_domain::tanggal::{Tanggal, format_time_wib};
use reses_domain::undangan::kode_undangan;
use uuid::Uuid;

use super::kegiatan::{DOKUMEN, use_event, with_event};
use crate::components::SignatureImage;

/// Everything an event's documents draw on.
#[derive(Clone)]
pub struct Berkas {
    pub event: ResesEvent,
    pub anggota: Option<Anggota>,
    pub masa: Option<MasaSidang>,
    pub tamu: Vec<Tamu>,
    pub hadir: Vec<Kehadiran>,
    pub tambahan: Vec<TamuTambahan>,
    pub aspirasi: Vec<Aspirasi>,
    pub pendamping: Vec<Pendamping>,
    pub belanja: Vec<BelanjaReses>,
    /// The aspiration categories the office keeps (for the blank sheet).
    pub bidang: Vec<String>,
    /// Notes, photos and closing of the meeting.
    pub dokumentasi: Option<DokumentasiReses>,
    /// Signatories and numbering (the defaults until the office saved its own).
    pub pengaturan: PengaturanKantor,
}

/// The live records of kind `T` of one event, as values.
async fn of_event<T: reses_domain::sync::SyncRecord>(
    store: &crate::storage::Store,
    event: Uuid,
) -> Result<Vec<T>, String> {
    Ok(store
        .repo::<T>()
        .list_by_event(event)
        .await
        .map_err(|e| e.message())?
        .into_iter()
        .map(|s| s.value)
        .collect())
}

/// Every live record of kind `T` on the device, as values.
async fn all<T: reses_domain::sync::SyncRecord>(
    store: &crate::storage::Store,
) -> Result<Vec<T>, String> {
    Ok(store
        .repo::<T>()
        .list()
        .await
        .map_err(|e| e.message())?
        .into_iter()
        .map(|s| s.value)
        .collect())
}

impl Berkas {
    pub async fn load(
        store: &crate::storage::Store,
        event: ResesEvent,
        anggota: Option<Anggota>,
    ) -> Result<Berkas, String> {
        let e = event.id;
        let masa = store
            .repo::<MasaSidang>()
            .get(event.masa_sidang_id)
            .await
            .map_err(|e| e.message())?
            .map(|s| s.value);
        let mut tamu: Vec<Tamu> = of_event(store, e).await?;
        sort::by_cached_key(&mut tamu, |t| t.nama.to_lowercase());
        let hadir = of_event(store, e).await?;
        let tambahan = of_event(store, e).await?;
        let mut aspirasi: Vec<Aspirasi> = of_event(store, e).await?;
        sort::by_key(&mut aspirasi, |a| a.waktu);
        let pendamping = all::<Pendamping>(store)
            .await?
            .into_iter()
            .filter(|p| event.pendamping_ids.contains(&p.id))
            .collect();
        let mut belanja: Vec<BelanjaReses> = of_event(store, e).await?;
        sort::by_cached_key(&mut belanja, |b| b.barang.to_lowercase());
        let dokumentasi = store
            .repo::<DokumentasiReses>()
            .get(DokumentasiReses::id_for(e))
            .await
            .map_err(|e| e.message())?
            .filter(|d| !d.deleted)
            .map(|d| d.value);
        let kategori: Vec<KategoriAspirasi> = all(store).await?;
        let pengaturan = crate::pages::pengaturan::baca_pengaturan(store).await?;
        Ok(Berkas {
            event,
            anggota,
            masa,
            tamu,
            hadir,
            tambahan,
            aspirasi,
            pendamping,
            belanja,
            bidang: daftar_bidang(&kategori),
            dokumentasi,
            pengaturan,
        })
    }

    fn nama_anggota(&self) -> String {
        self.anggota
            .as_ref()
            .map_or_else(|| "Anggota DPRD".into(), |a| a.nama.clone())
    }

    fn masa_sidang(&self) -> String {
        self.masa
            .as_ref()
            .map_or_else(String::new, |m| format!("{} Tahun {}", m.nama, m.tahun))
    }
}

/// `/kantor/kegiatan/:id/cetak/:dok`
#[component]
pub fn Cetak() -> impl IntoView {
    let data = use_event();
    let params = use_params_map();
    let dok = Memo::new(move |_| params.with(|p| p.get("dok").unwrap_or_default()));
    view! {
        <section class="surat-page cetak">
            {with_event(data, move |e, m| {
                let id = e.id;
                let berkas = use_loaded(move |store| {
                    let (e, m) = (e.clone(), m.clone());
                    async move { Berkas::load(&store, e, m).await }
                });
                view! {
                    <div class="no-print actions">
                        <A href=format!("/kantor/kegiatan/{id}") attr:class="back-link">"‹ Kegiatan"</A>
                        <button type="button" class="btn primary" data-testid="cetak" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Cetak"</button>
                        <nav class="doc-tabs" aria-label="Dokumen">
                            {DOKUMEN.iter().map(|(seg, label)| view! { <A href=format!("/kantor/kegiatan/{id}/cetak/{seg}")>{*label}</A> }).collect_view()}
                        </nav>
                    </div>
                    <Loaded state=berkas memuat="Menyiapkan dokumen…" let:b>
                        {move || dokumen(&dok.get(), b.clone())}
                    </Loaded>
                }
            })}
        </section>
    }
}

fn dokumen(dok: &str, b: Berkas) -> AnyView {
    match dok {
        "undangan" => undangan(b).into_any(),
        "daftar-undangan" => daftar_undangan(b).into_any(),
        "daftar-hadir" => daftar_hadir(b).into_any(),
        "aspirasi-kosong" => aspirasi_kosong(b).into_any(),
        "aspirasi" => aspirasi_terisi(b).into_any(),
        "pendamping" => daftar_pendamping(b).into_any(),
        "anggaran" => anggaran(b).into_any(),
        _ => view! { <p class="empty-state">"Dokumen ini tidak dikenal."</p> }.into_any(),
    }
}

/// Today, as the date line of a letter: "Pekalongan, 2 Maret 2026".
pub fn tempat_tanggal(p: &PengaturanKantor) -> String {
    format!(
        "{}, {}",
        p.tempat_surat,
        Tanggal::from_epoch_ms_wib(js_sys::Date::now() as i64).format_medium()
    )
}

/// A signature block: the office, room to sign, the name (or dots to write it) and the
/// NIP when there is one.
pub fn tanda_tangan(jabatan: String, nama: &str, nip: &str) -> impl IntoView + use<> {
    let (nama, nip) = (
        PengaturanKantor::atau_titik(nama),
        PengaturanKantor::baris_nip(nip),
    );
    view! {
        <div class="ttd">
            <p>{jabatan}</p>
            <p class="ttd-space"></p>
            <p class="ttd-nama">{nama}</p>
            {nip.map(|n| view! { <p>{n}</p> })}
        </div>
    }
}

/// The secretariat's letterhead (address as on its published service standard).
pub fn kop() -> impl IntoView {
    view! {
        <header class="kop">
            <p class="kop-1">"PEMERINTAH KOTA PEKALONGAN"</p>
            <p class="kop-2">"SEKRETARIAT DEWAN PERWAKILAN RAKYAT DAERAH"</p>
            <p class="kop-3">"Jl. Mataram No. 3 Pekalongan Barat, Kota Pekalongan 51111 · Telepon (0285) 421984 · setwan.pekalongankota.go.id"</p>
        </header>
    }
}

fn judul(b: &Berkas, title: &str) -> AnyView {
    let e = &b.event;
    view! {
        <h1 class="doc-title">{title.to_string()}</h1>
        <table class="surat-meta">
            <tr><td>"Kegiatan"</td><td>{format!(": Reses {} {}", b.nama_anggota(), b.masa_sidang())}</td></tr>
            <tr><td>"Waktu"</td><td>{format!(": {}", format_event_start(e.tanggal, e.jam_mulai))}</td></tr>
            <tr><td>"Tempat"</td><td>{format!(": {}, {}, Kel. {}, Kec. {}", e.tempat, e.alamat, e.kelurahan, e.kecamatan)}</td></tr>
        </table>
    }
    .into_any()
}

fn rt_rw(rt: &str, rw: &str) -> String {
    if rt.is_empty() && rw.is_empty() {
        String::new()
    } else {
        format!(
            "{}/{}",
            if rt.is_empty() { "-" } else { rt },
            if rw.is_empty() { "-" } else { rw }
        )
    }
}

/// A QR code as an SVG path (4-module quiet zone), or nothing if it cannot be made.
pub fn qr_svg(payload: &str) -> AnyView {
    let Ok(code) = qrcode::QrCode::new(payload.as_bytes()) else {
        return view! { <p class="error">"Kode QR tidak dapat dibuat."</p> }.into_any();
    };
    let w = code.width();
    let colors = code.to_colors();
    let mut d = String::with_capacity(w * w * 4);
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            d.push_str(&format!("M{} {}h1v1h-1z", i % w + 4, i / w + 4));
        }
    }
    let size = w + 8;
    view! {
        <svg class="qr" viewBox=format!("0 0 {size} {size}") role="img" aria-label="Kode QR undangan" data-qr=payload.to_string()
            shape-rendering="crispEdges">
            <rect width=size height=size fill="#fff"/>
            <path d=d fill="#000"/>
        </svg>
    }
    .into_any()
}

fn undangan(b: Berkas) -> impl IntoView {
    let e = b.event.clone();
    if e.kunci_undangan.is_empty() {
        return view! { <p class="error" role="alert">"Kegiatan ini belum punya kunci undangan; simpan ulang kegiatannya di kantor agar kode QR dapat dibuat."</p> }.into_any();
    }
    if b.tamu.is_empty() {
        return view! { <p class="empty-state">"Belum ada tamu undangan untuk kegiatan ini."</p> }
            .into_any();
    }
    let anggota = b.nama_anggota();
    let masa = b.masa_sidang();
    let p = b.pengaturan.clone();
    let nomor = p.nomor_undangan(&e.nomor_undangan, e.tanggal);
    let tanggal_surat = tempat_tanggal(&p);
    let first = b.tamu.first().map(|t| t.id);
    b.tamu
        .iter()
        .map(|t| {
            let kode = kode_undangan(&e.kunci_undangan, e.id, t.id);
            view! {
                <article class="a4 undangan" tabindex="0" data-testid="undangan">
                    {kop()}
                    {(first == Some(t.id)).then(|| view! { <h1 class="visually-hidden">"Undangan reses"</h1> })}
                    <div class="surat-kepala">
                        <table class="surat-nomor">
                            <tr><td>"Nomor"</td><td data-testid="nomor-undangan">{format!(": {nomor}")}</td></tr>
                            <tr><td>"Sifat"</td><td>{format!(": {}", p.sifat_undangan)}</td></tr>
                            <tr><td>"Lampiran"</td><td>": -"</td></tr>
                            <tr><td>"Perihal"</td><td>": Undangan Reses"</td></tr>
                        </table>
                        <p class="tanggal-surat">{tanggal_surat.clone()}</p>
                    </div>
                    <p class="tujuan">"Kepada Yth."<br/><strong>{t.nama.clone()}</strong><br/>
                        {format!("{} {}", t.alamat, if t.rt.is_empty() { String::new() } else { format!("RT {} RW {}", t.rt, t.rw) })}<br/>
                        {format!("Kel. {}", t.kelurahan)}<br/>"di tempat"</p>
                    <p>"Dengan hormat,"</p>
                    <p>{format!("Dalam rangka pelaksanaan reses {masa}, kami mengharap kehadiran Bapak/Ibu/Saudara pada kegiatan reses {anggota}, Anggota DPRD Kota Pekalongan, yang akan dilaksanakan pada:")}</p>
                    <table class="surat-isi">
                        <tr><td>"Hari, tanggal"</td><td>{format!(": {}", e.tanggal.format_long())}</td></tr>
                        <tr><td>"Pukul"</td><td>{format!(": {:02}.{:02} WIB s.d. selesai", e.jam_mulai / 60, e.jam_mulai % 60)}</td></tr>
                        <tr><td>"Tempat"</td><td>{format!(": {}", e.tempat)}</td></tr>
                        <tr><td>"Alamat"</td><td>{format!(": {}", e.alamat)}</td></tr>
                    </table>
                    <p>"Mohon undangan ini dibawa dan ditunjukkan kepada petugas pendamping saat datang. Atas perhatian dan kehadirannya kami ucapkan terima kasih."</p>
                    <div class="undangan-bawah">
                        <figure class="qr-box">{qr_svg(&kode)}<figcaption>"Pindai saat hadir"</figcaption></figure>
                        {tanda_tangan("Sekretaris DPRD Kota Pekalongan".into(), &p.sekretaris_nama, &p.sekretaris_nip)}
                    </div>
                </article>
            }
        })
        .collect_view()
        .into_any()
}

fn daftar_undangan(b: Berkas) -> impl IntoView {
    view! {
        <article class="a4 landscape-ok" tabindex="0" data-testid="daftar-undangan">
            {kop()}
            {judul(&b, "DAFTAR TAMU UNDANGAN RESES")}
            <table class="print-table">
                <thead><tr><th>"No"</th><th>"Nama"</th><th>"Alamat"</th><th>"RT/RW"</th><th>"Kelurahan"</th><th>"L/P"</th><th>"Keterangan"</th></tr></thead>
                <tbody>
                    {b.tamu.iter().enumerate().map(|(i, t)| view! {
                        <tr><td>{i + 1}</td><td>{t.nama.clone()}</td><td>{t.alamat.clone()}</td><td>{rt_rw(&t.rt, &t.rw)}</td><td>{t.kelurahan.clone()}</td><td>{JenisKelamin::kode(t.jenis_kelamin)}</td><td>{t.keterangan.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{format!("Jumlah: {} orang.", b.tamu.len())}</p>
        </article>
    }
}

fn daftar_hadir(b: Berkas) -> impl IntoView {
    let present: std::collections::HashMap<Uuid, &Kehadiran> = b
        .hadir
        .iter()
        .filter(|k| k.hadir)
        .map(|k| (k.tamu_id, k))
        .collect();
    let hadir_count = present.len() + b.tambahan.len();
    let rows = b
        .tamu
        .iter()
        .map(|t| {
            let k = present.get(&t.id);
            (
                t.nama.clone(),
                format!("{} {}", t.alamat, rt_rw(&t.rt, &t.rw))
                    .trim()
                    .to_string(),
                t.kelurahan.clone(),
                JenisKelamin::kode(t.jenis_kelamin),
                k.map(|k| format_time_wib(k.waktu)).unwrap_or_default(),
                k.and_then(|k| k.tanda_tangan.clone()),
                false,
            )
        })
        .chain(b.tambahan.iter().map(|t| {
            (
                t.nama.clone(),
                format!("{} {}", t.alamat, rt_rw(&t.rt, &t.rw))
                    .trim()
                    .to_string(),
                t.kelurahan.clone(),
                JenisKelamin::kode(Some(t.jenis_kelamin)),
                format_time_wib(t.waktu),
                Some(t.tanda_tangan.clone()),
                true,
            )
        }))
        .collect::<Vec<_>>();
    view! {
        <article class="a4" tabindex="0" data-testid="daftar-hadir">
            {kop()}
            {judul(&b, "DAFTAR HADIR RESES")}
            <table class="print-table hadir">
                <thead><tr><th>"No"</th><th>"Nama"</th><th>"Alamat"</th><th>"Kelurahan"</th><th>"L/P"</th><th>"Jam"</th><th>"Tanda tangan"</th></tr></thead>
                <tbody>
                    {rows.into_iter().enumerate().map(|(i, (nama, alamat, kel, jk, jam, ttd, tambahan))| { let hadir = (!jam.is_empty()).to_string(); view! {
                        <tr data-hadir=hadir>
                            <td>{i + 1}</td>
                            <td>{nama}{tambahan.then(|| view! { <small>" (tanpa undangan)"</small> })}</td>
                            <td>{alamat}</td><td>{kel}</td><td>{jk}</td><td>{jam}</td>
                            <td class="ttd-cell">{ttd.map(|t| view! { <SignatureImage value=t/> })}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <p data-testid="jumlah-hadir">{format!("Hadir: {hadir_count} orang ({} undangan, {} tanpa undangan) dari {} undangan.", present.len(), b.tambahan.len(), b.tamu.len())}</p>
        </article>
    }
}

fn aspirasi_kosong(b: Berkas) -> impl IntoView {
    let line = || view! { <span class="isian"></span> };
    view! {
        <article class="a4" tabindex="0" data-testid="aspirasi-kosong">
            {kop()}
            {judul(&b, "LEMBAR ASPIRASI MASYARAKAT")}
            <table class="isian-table">
                <tr><td>"Nama pengusul"</td><td>{line()}</td></tr>
                <tr><td>"Alamat"</td><td>{line()}</td></tr>
                <tr><td>"RT / RW"</td><td>{line()}</td></tr>
                <tr><td>"Kelurahan / Kecamatan"</td><td>{line()}</td></tr>
                <tr><td>"Nomor telepon"</td><td>{line()}</td></tr>
            </table>
            <p><strong>"Jenis (beri tanda ✓):"</strong>" ☐ Aspirasi (usulan)   ☐ Pengaduan (keluhan layanan publik)"</p>
            <p><strong>"Bidang (beri tanda ✓):"</strong></p>
            <ul class="kotak-pilihan">{b.bidang.iter().map(|b| view! { <li>"☐ "{b.clone()}</li> }).collect_view()}</ul>
            <p><strong>"Permasalahan:"</strong></p>
            <div class="kotak-tulis"></div>
            <p><strong>"Usulan / permintaan:"</strong></p>
            <div class="kotak-tulis"></div>
            <table class="isian-table">
                <tr><td>"Lokasi usulan"</td><td>{line()}</td></tr>
                <tr><td>"Volume dan satuan"</td><td>{line()}</td></tr>
            </table>
            <div class="ttd"><p>"Pengusul,"</p><p class="ttd-space"></p><p>"(………………………………)"</p></div>
        </article>
    }
}

fn aspirasi_terisi(b: Berkas) -> impl IntoView {
    if b.aspirasi.is_empty() {
        return view! {
            <h1 class="visually-hidden">"Rekapitulasi aspirasi masyarakat"</h1>
            <p class="empty-state">"Belum ada aspirasi tercatat untuk kegiatan ini."</p>
        }
        .into_any();
    }
    view! {
        <article class="a4" tabindex="0" data-testid="aspirasi-terisi">
            {kop()}
            {judul(&b, "REKAPITULASI ASPIRASI MASYARAKAT")}
            <table class="print-table">
                <thead><tr><th>"No"</th><th>"Pengusul"</th><th>"Jenis"</th><th>"Bidang"</th><th>"Permasalahan"</th><th>"Usulan"</th><th>"Lokasi"</th><th>"Volume"</th><th>"Prioritas"</th></tr></thead>
                <tbody>
                    {b.aspirasi.iter().enumerate().map(|(i, a)| view! {
                        <tr>
                            <td>{i + 1}</td><td>{a.pengusul.nama.clone()}</td><td>{a.jenis.label()}</td><td>{a.bidang.clone()}</td><td>{a.masalah.clone()}</td><td>{a.permintaan.clone()}</td>
                            <td>{format!("{} {}, {}, {}", a.alamat, rt_rw(&a.rt, &a.rw), a.kelurahan, a.kecamatan).trim().to_string()}</td>
                            <td>{a.volume.map(|v| format!("{} {}", super::tabel::tampil(&super::tabel::Jenis::Desimal, Some(&serde_json::json!(v))), a.satuan)).unwrap_or_default()}</td>
                            <td>{a.prioritas.label()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </article>
    }
    .into_any()
}

fn daftar_pendamping(b: Berkas) -> impl IntoView {
    view! {
        <article class="a4" tabindex="0" data-testid="daftar-pendamping">
            {kop()}
            {judul(&b, "DAFTAR PENDAMPING RESES")}
            <table class="print-table">
                <thead><tr><th>"No"</th><th>"Nama"</th><th>"Telepon"</th><th>"Tugas"</th><th>"Tanda tangan"</th></tr></thead>
                <tbody>
                    {b.pendamping.iter().enumerate().map(|(i, p)| view! {
                        <tr><td>{i + 1}</td><td>{p.nama.clone()}</td><td>{p.telepon.clone()}</td><td>"Pendamping reses"</td><td class="ttd-cell"></td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {b.pendamping.is_empty().then(|| view! { <p class="error">"Belum ada pendamping yang ditugaskan."</p> })}
        </article>
    }
}

fn anggaran(b: Berkas) -> impl IntoView {
    let total: i64 = b.belanja.iter().map(BelanjaReses::total).sum();
    view! {
        <article class="a4" tabindex="0" data-testid="rincian-anggaran">
            {kop()}
            {judul(&b, "RINCIAN ANGGARAN KEGIATAN RESES")}
            <table class="print-table">
                <thead><tr><th>"No"</th><th>"Uraian"</th><th>"Volume"</th><th>"Satuan"</th><th class="num">"Harga satuan"</th><th class="num">"Jumlah"</th><th>"Penyedia"</th></tr></thead>
                <tbody>
                    {b.belanja.iter().enumerate().map(|(i, l)| view! {
                        <tr><td>{i + 1}</td><td>{l.barang.clone()}</td><td>{super::tabel::tampil(&super::tabel::Jenis::Desimal, Some(&serde_json::json!(l.volume)))}</td>
                            <td>{l.satuan.clone()}</td><td class="num">{format_rupiah(l.harga_satuan)}</td><td class="num">{format_rupiah(l.total())}</td><td>{l.pemasok.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th colspan="5">"Jumlah"</th><th class="num" data-testid="anggaran-total">{format_rupiah(total)}</th><th></th></tr></tfoot>
            </table>
            <p class="tanggal-surat">{tempat_tanggal(&b.pengaturan)}</p>
            {tanda_tangan("Pejabat Pelaksana Teknis Kegiatan".into(), &b.pengaturan.pptk_nama, &b.pengaturan.pptk_nip)}
        </article>
    }
}
