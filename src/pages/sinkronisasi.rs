use leptos::prelude::*;

use crate::components::PageHeader;

#[component]
pub fn Sinkronisasi() -> impl IntoView {
    view! {
        <section>
            <PageHeader
                title="Sinkronisasi"
                lead="Data yang dicatat di perangkat ini dikirim ke server kantor saat ada koneksi."
            />
            <p class="empty-state">"Tidak ada data yang menunggu dikirim."</p>
        </section>
    }
}
