use leptos::prelude::*;

use crate::components::PageHeader;

#[component]
pub fn IzinKegiatan() -> impl IntoView {
    view! {
        <section>
            <PageHeader
                title="Izin Kegiatan"
                lead="Permohonan izin penyelenggaraan kegiatan, dari penerimaan sampai surat izin diambil."
            />
            <p class="empty-state">"Belum ada permohonan izin di perangkat ini."</p>
        </section>
    }
}
