use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::AppRoute;

/// Any address the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Halaman tidak ditemukan"</h1>
            <p class="lead">"Alamat yang Anda buka tidak ada di aplikasi ini."</p>
            <A href=AppRoute::Beranda.path()>"Kembali ke Beranda"</A>
        </section>
    }
}
