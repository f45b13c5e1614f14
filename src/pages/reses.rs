use leptos::prelude::*;

use crate::components::PageHeader;

#[component]
pub fn Reses() -> impl IntoView {
    view! {
        <section>
            <PageHeader
                title="Reses"
                lead="Kegiatan reses anggota DPRD"
            />
            <p class="empty-state">" jadwal, daftar tamu undangan, kehadiran dan aspirasi warga.:Belum ada kegiatan reses di perangkat ini."</p>
        </section>
    }
}
