use leptos::prelude::*;

use crate::components::PageHeader;

#[component]
pub fn InfoLayanan() -> impl IntoView {
    view! {
        <section>
            <PageHeader
                title="Info Layanan"
                lead="Standar pelayanan yang dipublikasikan"
            />
            <p class="empty-state">" persyaratan, prosedur, waktu penyelesaian, biaya, produk dan saluran pengaduan.:Standar pelayanan sedang disiapkan untuk dibaca tanpa sinyal."</p>
        </section>
    }
}
