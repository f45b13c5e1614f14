//! The routes of every screen outside the first chunk. The app's router (`app.rs`) holds
//! only the first chunk's routes and one catch-all route whose view loads the lazy chunk
//! (`crate::lazy::LayarLain`); these routes then match the same location inside it. A
//! route tree is generic code per route, so the first chunk carries 6 routes, not 33.

use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::path;

use super::{
    Admin, AspirasiForm, AspirasiList, Cetak, Dokumentasi, ImporTamu, InfoLayanan, IzinDetail,
    IzinForm, IzinKegiatan, Kantor, KantorData, KantorKegiatan, KataSandi, KunciPin,
    LaporanAnggota, LaporanKegiatan, NotFound, Pengaduan, PengaduanBaru, PengaduanDetail,
    Pengaturan, Pindai, Sinkronisasi, SuratIzin, TamuTambahanForm, TamuTambahanList,
};
use crate::routes::AppRoute;

/// Every screen of the lazy chunk, by its path; an unknown path is "not found".
#[component]
pub fn LayarLain() -> impl IntoView {
    // Only these screens show deadlines; the calendar (and its holiday records' decoding)
    // lives in this chunk. This view stays mounted from one of its screens to the next.
    super::provide_kalender();
    view! {
        <Routes fallback=NotFound>
            <Route path=path!("/reses/:id/pindai") view=Pindai/>
            <Route path=path!("/reses/:id/tambahan") view=TamuTambahanList/>
            <Route path=path!("/reses/:id/tambahan/baru") view=TamuTambahanForm/>
            <Route path=path!("/reses/:id/aspirasi") view=AspirasiList/>
            <Route path=path!("/reses/:id/aspirasi/baru") view=AspirasiForm/>
            <Route path=path!("/reses/:id/aspirasi/:aid") view=AspirasiForm/>
            <Route path=path!("/reses/:id/dokumentasi") view=Dokumentasi/>
            <Route path=AppRoute::Kantor.segment() view=Kantor/>
            <Route path=path!("/kantor/data/:jenis") view=KantorData/>
            <Route path=path!("/kantor/laporan") view=LaporanAnggota/>
            <Route path=path!("/kantor/kegiatan/:id") view=KantorKegiatan/>
            <Route path=path!("/kantor/kegiatan/:id/impor") view=ImporTamu/>
            <Route path=path!("/kantor/kegiatan/:id/laporan") view=LaporanKegiatan/>
            <Route path=path!("/kantor/kegiatan/:id/cetak/:dok") view=Cetak/>
            <Route path=AppRoute::IzinKegiatan.segment() view=IzinKegiatan/>
            <Route path=path!("/izin/baru") view=IzinForm/>
            <Route path=path!("/izin/:id") view=IzinDetail/>
            <Route path=path!("/izin/:id/ubah") view=IzinForm/>
            <Route path=path!("/izin/:id/surat") view=SuratIzin/>
            <Route path=AppRoute::Pengaduan.segment() view=Pengaduan/>
            <Route path=path!("/pengaduan/baru") view=PengaduanBaru/>
            <Route path=path!("/pengaduan/:id") view=PengaduanDetail/>
            <Route path=AppRoute::InfoLayanan.segment() view=InfoLayanan/>
            <Route path=AppRoute::Sinkronisasi.segment() view=Sinkronisasi/>
            <Route path=AppRoute::Admin.segment() view=Admin/>
            <Route path=path!("/akun/kata-sandi") view=KataSandi/>
            <Route path=path!("/akun/pin") view=KunciPin/>
            <Route path=path!("/pengaturan") view=Pengaturan/>
        </Routes>
    }
}
