use leptos::prelude::*;

use crate::hooks::Loaded;
use leptos_router::components::A;
use reses_domain::izin::{PermohonanIzin, StatusIzin};
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::tanggal::{Tanggal, format_datetime_wib};

use super::use_permohonan;
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
    let k = p.kegiatan.clone();
    view! {
        <article class="a4 surat" tabindex="0" class:draf=!approved data-testid="surat-izin">
            <header class="kop">
                <p class="kop-1">"PEMERINTAH KOTA PEKALONGAN"</p>
                <p class="kop-2">"SEKRETARIAT DAERAH"</p>
                <p class="kop-3">"Jl. Mataram No. 1 Pekalongan 51111"</p>
            </header>
            <table class="surat-meta">
                <tr><td>"Nomor"</td><td>": "{p.nomor_surat.clone().unwrap_or_else(|| "(diberikan setelah disetujui)".into())}</td></tr>
                <tr><td>"Registrasi"</td><td>": "{p.nomor_tampil()}</td></tr>
                <tr><td>"Perihal"</td><td>": Izin Penyelenggaraan Kegiatan"</td></tr>
            </table>
            <h1 class="visually-hidden">"Surat izin penyelenggaraan kegiatan"</h1>
            <p>"Yth. "{p.pemohon.nama.clone()}{(!p.pemohon.organisasi.is_empty()).then(|| format!(" ({})", p.pemohon.organisasi))}<br/>{p.pemohon.alamat.clone()}</p>
            <p>"Menindaklanjuti surat permohonan Saudara, dengan ini Walikota Pekalongan memberikan izin penyelenggaraan kegiatan:"</p>
            <table class="surat-isi">
                <tr><td>"Nama kegiatan"</td><td>": "{k.nama.clone()}</td></tr>
                <tr><td>"Jenis kegiatan"</td><td>": "{k.jenis.clone()}</td></tr>
                <tr><td>"Waktu"</td><td>": "{format!("{} s.d. {}", format_datetime_wib(k.mulai), format_datetime_wib(k.selesai))}</td></tr>
                <tr><td>"Tempat"</td><td>": "{k.tempat.clone()}</td></tr>
                <tr><td>"Perkiraan peserta"</td><td>": "{format!("{} orang", k.perkiraan_peserta)}</td></tr>
            </table>
            <p>"dengan ketentuan penyelenggara wajib melaksanakan protokol kesehatan:"</p>
            <ol>{k.protokol.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ol>
            <p>"Izin ini dapat dicabut apabila penyelenggara tidak mematuhi ketentuan di atas."</p>
            <div class="ttd" data-testid="surat-ttd">
                <p>{format!("{}, {tanggal}", setelan.tempat_surat)}</p>
                <p class="ttd-jabatan">{setelan.penandatangan_izin_jabatan.clone()}</p>
                <p class="ttd-space">{if approved { "ttd." } else { "" }}</p>
                <p class="ttd-nama">{PengaturanKantor::atau_titik(&setelan.penandatangan_izin_nama)}</p>
                {PengaturanKantor::baris_nip(&setelan.penandatangan_izin_nip).map(|n| view! { <p>{n}</p> })}
            </div>
            // The watermark is drawn by CSS (`.surat.draf::after`): faint on purpose, and
            // said once in words here.
            {(!approved).then(|| view! { <p class="visually-hidden">"Draf: surat ini belum disetujui."</p> })}
        </article>
    }
}
