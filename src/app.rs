//! The root component: shell-wide state, the router and the layout around every page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{StaticSegment, path};

use crate::components::{
    LockScreen, NavBar, OnlineStatus, PinPrompt, SignInAgain, SyncBadge, UpdateBanner, UserMenu,
};
use crate::lazy::{
    Admin, AspirasiForm, AspirasiList, Cetak, Dokumentasi, ImporTamu, InfoLayanan, IzinDetail,
    IzinForm, IzinKegiatan, Kantor, KantorData, KantorKegiatan, KataSandi, KataSandiWajib,
    KunciPin, LaporanAnggota, LaporanKegiatan, Pengaduan, PengaduanBaru, PengaduanDetail,
    Pengaturan, Pindai, Sinkronisasi, SuratIzin, TamuTambahanForm, TamuTambahanList,
};
use crate::pages::{Beranda, CheckIn, DaftarHadir, EventHub, Masuk, NotFound, Reses};
use crate::pwa::provide_pwa;
use crate::routes::AppRoute;
use crate::session::AppSession;

fn seg(route: AppRoute) -> StaticSegment<&'static str> {
    StaticSegment(route.path().trim_start_matches('/'))
}

#[component]
pub fn App() -> impl IntoView {
    provide_pwa();
    let session = AppSession::provide();
    crate::pages::provide_kalender();
    let signed_in = move || session.profile.get().is_some();
    // Signed in and not locked: personal data may show.
    let open = move || signed_in() && !session.locked.get();
    view! {
        <Router>
            <a class="skip-link" href="#isi">"Lewati ke isi"</a>
            <header class="app-header">
                <div class="brand">
                    <img src="/icons/icon-192.png" alt="" width="32" height="32"/>
                    <div>
                        <strong>"Reses & Izin Kegiatan"</strong>
                        <small>"Setwan DPRD Kota Pekalongan"</small>
                    </div>
                </div>
                <div class="header-status">
                    <Show when=open>
                        <SyncBadge/>
                        <UserMenu/>
                    </Show>
                    <OnlineStatus/>
                </div>
            </header>
            <UpdateBanner/>
            <Show when=open>
                <SignInAgain/>
                <PinPrompt/>
            </Show>
            <div class="app-body">
                <Show when=move || !session.locked.get() || !signed_in()>
                    <NavBar/>
                </Show>
                <main id="isi" class="app-main" tabindex="-1">
                    // Signed out: the sign-in, and the public service information.
                    <Show when=signed_in fallback=|| view! {
                        <Routes fallback=Masuk>
                            <Route path=seg(AppRoute::InfoLayanan) view=InfoLayanan/>
                        </Routes>
                    }>
                    <Show when=move || !session.locked.get() fallback=LockScreen>
                    <Show when=move || !session.must_change_password() fallback=KataSandiWajib>
                    <Routes fallback=NotFound>
                        <Route path=seg(AppRoute::Beranda) view=Beranda/>
                        <Route path=seg(AppRoute::Reses) view=Reses/>
                        <Route path=path!("/reses/:id") view=EventHub/>
                        <Route path=path!("/reses/:id/hadir") view=DaftarHadir/>
                        <Route path=path!("/reses/:id/hadir/:tamu") view=CheckIn/>
                        <Route path=path!("/reses/:id/pindai") view=Pindai/>
                        <Route path=path!("/reses/:id/tambahan") view=TamuTambahanList/>
                        <Route path=path!("/reses/:id/tambahan/baru") view=TamuTambahanForm/>
                        <Route path=path!("/reses/:id/aspirasi") view=AspirasiList/>
                        <Route path=path!("/reses/:id/aspirasi/baru") view=AspirasiForm/>
                        <Route path=path!("/reses/:id/aspirasi/:aid") view=AspirasiForm/>
                        <Route path=path!("/reses/:id/dokumentasi") view=Dokumentasi/>
                        <Route path=seg(AppRoute::Kantor) view=Kantor/>
                        <Route path=path!("/kantor/data/:jenis") view=KantorData/>
                        <Route path=path!("/kantor/laporan") view=LaporanAnggota/>
                        <Route path=path!("/kantor/kegiatan/:id") view=KantorKegiatan/>
                        <Route path=path!("/kantor/kegiatan/:id/impor") view=ImporTamu/>
                        <Route path=path!("/kantor/kegiatan/:id/laporan") view=LaporanKegiatan/>
                        <Route path=path!("/kantor/kegiatan/:id/cetak/:dok") view=Cetak/>
                        <Route path=seg(AppRoute::IzinKegiatan) view=IzinKegiatan/>
                        <Route path=path!("/izin/baru") view=IzinForm/>
                        <Route path=path!("/izin/:id") view=IzinDetail/>
                        <Route path=path!("/izin/:id/ubah") view=IzinForm/>
                        <Route path=path!("/izin/:id/surat") view=SuratIzin/>
                        <Route path=seg(AppRoute::Pengaduan) view=Pengaduan/>
                        <Route path=path!("/pengaduan/baru") view=PengaduanBaru/>
                        <Route path=path!("/pengaduan/:id") view=PengaduanDetail/>
                        <Route path=seg(AppRoute::InfoLayanan) view=InfoLayanan/>
                        <Route path=seg(AppRoute::Sinkronisasi) view=Sinkronisasi/>
                        <Route path=seg(AppRoute::Admin) view=Admin/>
                        <Route path=path!("/akun/kata-sandi") view=KataSandi/>
                        <Route path=path!("/akun/pin") view=KunciPin/>
                        <Route path=path!("/pengaturan") view=Pengaturan/>
                    </Routes>
                    </Show>
                    </Show>
                    </Show>
                </main>
            </div>
        </Router>
    }
}
