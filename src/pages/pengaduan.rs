use leptos::prelude::*;

use crate::components::PageHeader;

#[component]
pub fn Pengaduan() -> impl IntoView {
    view! {
        <section>
            <PageHeader
                title="Pengaduan"
                lead="Pengaduan atas layanan reses dan izin kegiatan"
            />
            <p class="empty-state">" tanggapan, penerusan ke pejabat, dan penyelesaian.:Belum ada pengaduan di perangkat ini."</p>
        </section>
    }
}
