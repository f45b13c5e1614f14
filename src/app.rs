//! The root component: shell-wide state, the router and the layout around every page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{
    LockScreen, NavBar, OnlineStatus, PinPrompt, SignInAgain, SyncBadge, UpdateBanner, UserMenu,
};
use crate::lazy::{InfoLayanan, KataSandiWajib, LayarLain};
use crate::pages::{Beranda, CheckIn, DaftarHadir, EventHub, Masuk, NotFound, Reses};
use crate::pwa::provide_pwa;
use crate::routes::AppRoute;
use crate::session::AppSession;

#[component]
pub fn App() -> impl IntoView {
    provide_pwa();
    let session = AppSession::provide();
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
                            <Route path=AppRoute::InfoLayanan.segment() view=InfoLayanan/>
                        </Routes>
                    }>
                    <Show when=move || !session.locked.get() fallback=LockScreen>
                    <Show when=move || !session.must_change_password() fallback=KataSandiWajib>
                    <Routes fallback=NotFound>
                        <Route path=AppRoute::Beranda.segment() view=Beranda/>
                        <Route path=AppRoute::Reses.segment() view=Reses/>
                        <Route path=path!("/reses/:id") view=EventHub/>
                        <Route path=path!("/reses/:id/hadir") view=DaftarHadir/>
                        <Route path=path!("/reses/:id/hadir/:tamu") view=CheckIn/>
                        // Every other screen: its chunk loads, and its routes
                        // (pages::LayarLain) match the same location there.
                        <Route path=path!("/*lainnya") view=LayarLain/>
                    </Routes>
                    </Show>
                    </Show>
                    </Show>
                </main>
            </div>
        </Router>
    }
}
