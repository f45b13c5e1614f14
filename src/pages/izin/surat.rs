use leptos::prelude::*;

use crate::hooks::Loaded;
use leptos_router::components::A;
use reses_domain::html::Html;
use reses_domain::izin::{PermohonanIzin, StatusIzin};
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::tanggal::{Tanggal, format_datetime_wib};

use super::use_permohonan;
use crate::pages::kantor::{baris, pasang};
use crate::pages::reses::route_uuid;

/// The permit letter on A4, from the application on this device (prints offline too).
/// Until the Walikota approves it, it is marked as a draft and has no number.
#[component]
pub fn SuratIzin() -> impl IntoView {
    let list = use_permohonan();
    let id = route_uuid("id");
    let pengaturan = crate::pages::use_pengaturan();
    view! {
        <section class="surat-page">
            <div class="no-print actions">
                {move || id.get().map(|id| view! { <A href=format!("/izin/{id}") attr:class="back-link">"‹ Permohonan"</A> })}
                <button type="button" class="btn primary" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Cetak"</button>
            </div>
            <Loaded state=list memuat="Memuat permohonan…" let:all>
                {move || match all.iter().find(|p| Some(p.value.id) == id.get()) {
                    Some(p) => view! { <Surat p=p.value.clone() setelan=pengaturan.get().and_then(Result::ok).unwrap_or_default()/> }.into_any(),
                    None => view! { <p class="empty-state">"Permohonan ini tidak ada di perangkat ini."</p> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn Surat(p: PermohonanIzin, setelan: PengaturanKantor) -> impl IntoView {
    let approved = matches!(p.status, StatusIzin::SiapDiambil | StatusIzin::Diambil);
    let approved_at = p
        .riwayat
        .iter()
        .find(|r| r.status == StatusIzin::SiapDiambil)
        .map(|r| r.waktu);
    let tanggal = approved_at
        .map(|t| Tanggal::from_epoch_ms_wib(t).format_medium())
        .unwrap_or_else(|| "………………".into());
    let k = &p.kegiatan;
    let mut h = Html::new();
    h.raw(if approved {
        r#"<article class="a4 surat" tabindex="0" data-testid="surat-izin">"#
    } else {
        r#"<article class="a4 surat draf" tabindex="0" data-testid="surat-izin">"#
    })
    .raw(concat!(
        r#"<header class="kop"><p class="kop-1">PEMERINTAH KOTA PEKALONGAN</p>"#,
        r#"<p class="kop-2">SEKRETARIAT DAERAH</p>"#,
        r#"<p class="kop-3">Jl. Mataram No. 1 Pekalongan 51111</p></header>"#,
        r#"<table class="surat-meta">"#
    ));
    baris(
        &mut h,
        "Nomor",
        p.nomor_surat
            .as_deref()
            .unwrap_or("(diberikan setelah disetujui)"),
    );
    baris(&mut h, "Registrasi", &p.nomor_tampil());
    baris(&mut h, "Perihal", "Izin Penyelenggaraan Kegiatan");
    h.raw(
        r#"</table><h1 class="visually-hidden">Surat izin penyelenggaraan kegiatan</h1><p>Yth. "#,
    )
    .text(&p.pemohon.nama);
    if !p.pemohon.organisasi.is_empty() {
        h.raw(" (").text(&p.pemohon.organisasi).raw(")");
    }
    h.raw("<br>").text(&p.pemohon.alamat).raw(concat!(
        "</p><p>Menindaklanjuti surat permohonan Saudara, dengan ini Walikota Pekalongan ",
        "memberikan izin penyelenggaraan kegiatan:</p>",
        r#"<table class="surat-isi">"#
    ));
    baris(&mut h, "Nama kegiatan", &k.nama);
    baris(&mut h, "Jenis kegiatan", &k.jenis);
    baris(
        &mut h,
        "Waktu",
        &format!(
            "{} s.d. {}",
            format_datetime_wib(k.mulai),
            format_datetime_wib(k.selesai)
        ),
    );
    baris(&mut h, "Tempat", &k.tempat);
    baris(
        &mut h,
        "Perkiraan peserta",
        &format!("{} orang", k.perkiraan_peserta),
    );
    h.raw(
        "</table><p>dengan ketentuan penyelenggara wajib melaksanakan protokol kesehatan:</p><ol>",
    );
    for x in &k.protokol {
        h.el("li", x);
    }
    h.raw(concat!(
        "</ol><p>Izin ini dapat dicabut apabila penyelenggara tidak mematuhi ketentuan di atas.</p>",
        r#"<div class="ttd" data-testid="surat-ttd">"#
    ))
    .el("p", &format!("{}, {tanggal}", setelan.tempat_surat))
    .el(
        r#"p class="ttd-jabatan""#,
        &setelan.penandatangan_izin_jabatan,
    )
    .raw(if approved {
        r#"<p class="ttd-space">ttd.</p>"#
    } else {
        r#"<p class="ttd-space"></p>"#
    })
    .el(
        r#"p class="ttd-nama""#,
        &PengaturanKantor::atau_titik(&setelan.penandatangan_izin_nama),
    );
    if let Some(n) = PengaturanKantor::baris_nip(&setelan.penandatangan_izin_nip) {
        h.el("p", &n);
    }
    h.raw("</div>");
    // The watermark is drawn by CSS (`.surat.draf::after`): faint on purpose, and said
    // once in words here.
    if !approved {
        h.raw(r#"<p class="visually-hidden">Draf: surat ini belum disetujui.</p>"#);
    }
    h.raw("</article>");
    pasang(h)
}
