use leptos::prelude::*;
use leptos_router::components::A;

use super::{ClosedNotice, Kembali, Lapangan, use_lapangan, with_lapangan};

/// One reses event: what it is, live counts, and the way to each task of the day.
#[component]
pub fn EventHub() -> impl IntoView {
    let data = use_lapangan();
    view! {
        <section class="reses-acara">
            <Kembali href="/reses".into() label="Reses saya"/>
            {with_lapangan(data, |l| view! { <Hub l=l/> })}
        </section>
    }
}

#[component]
fn Hub(l: Lapangan) -> impl IntoView {
    let base = format!("/reses/{}", l.event.id);
    let closed = l.ditutup();
    let link = |path: &str| format!("{base}/{path}");
    view! {
        <header class="page-header">
            <h1>{l.judul()}</h1>
            <p class="lead">{l.waktu_tempat()}</p>
            <p class="muted">{format!("{}, Kel. {}, Kec. {}", l.event.alamat, l.event.kelurahan, l.event.kecamatan)}</p>
        </header>
        <ClosedNotice ditutup=closed/>
        <dl class="counts big" data-testid="event-counts">
            <div><dt>"Diundang"</dt><dd data-testid="count-diundang">{l.tamu.len()}</dd></div>
            <div><dt>"Hadir"</dt><dd data-testid="count-hadir">{l.jumlah_hadir()}</dd></div>
            <div><dt>"Tanpa undangan"</dt><dd data-testid="count-tambahan">{l.jumlah_tambahan.live}</dd></div>
            <div><dt>"Aspirasi"</dt><dd data-testid="count-aspirasi">{l.jumlah_aspirasi.live}</dd></div>
            <div><dt>"Belum terkirim"</dt><dd data-testid="count-pending">{l.belum_terkirim()}</dd></div>
        </dl>
        <nav class="task-grid" aria-label="Tugas di lokasi">
            <A href=link("hadir")>
                <strong>"Daftar hadir"</strong>
                <span>"Cari tamu undangan, tanda tangan"</span>
            </A>
            <A href=link("pindai")>
                <strong>"Pindai undangan"</strong>
                <span>"Kode QR pada undangan"</span>
            </A>
            <A href=link("tambahan")>
                <strong>"Tamu tanpa undangan"</strong>
                <span>"Warga yang datang tanpa undangan"</span>
            </A>
            <A href=link("aspirasi")>
                <strong>"Aspirasi warga"</strong>
                <span>"Lembar aspirasi dengan foto"</span>
            </A>
            <A href=link("dokumentasi")>
                <strong>"Dokumentasi & penutupan"</strong>
                <span>{if closed.is_some() { "Kegiatan sudah ditutup" } else { "Catatan, foto, tutup kegiatan" }}</span>
            </A>
            <A href=format!("/kantor/kegiatan/{}/laporan", l.event.id)>
                <strong>"Laporan reses"</strong>
                <span>"Peserta, aspirasi dan pengaduan, dokumentasi"</span>
            </A>
        </nav>
    }
}
