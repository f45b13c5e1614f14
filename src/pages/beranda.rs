use leptos::prelude::*;
use leptos_router::components::A;
use reses_domain::tanggal::Tanggal;

use crate::components::AreaIcon;
use crate::routes::AppRoute;

/// Home: today's date (WIB) and the way into each area.
#[component]
pub fn Beranda() -> impl IntoView {
    let today = Tanggal::from_epoch_ms_wib(js_sys::Date::now() as i64).format_long();
    let session = crate::session::use_session();
    let areas = move || {
        AppRoute::nav_for(session.profile.get().map(|p| p.role))
            .into_iter()
            .filter(|r| !matches!(r, AppRoute::Beranda | AppRoute::Admin))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="beranda">
            <header class="page-header">
                <p class="today" data-testid="today">{today}</p>
                <h1>"Selamat datang"</h1>
                <p class="lead">
                    "Layanan fasilitasi reses DPRD dan izin penyelenggaraan kegiatan "
                    "Kota Pekalongan. Aplikasi ini tetap bekerja tanpa sinyal."
                </p>
            </header>
            <ul class="cards">
                {move || areas()
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                <A href=r.path()>
                                    <span class="card-icon"><AreaIcon route=r/></span>
                                    <span class="card-title">{r.label()}</span>
                                    <span class="card-text">{card_text(r)}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

fn card_text(route: AppRoute) -> &'static str {
    match route {
        AppRoute::Reses => "Kegiatan reses, daftar tamu, kehadiran dan aspirasi.",
        AppRoute::Kantor => "Data induk, kegiatan, impor tamu, anggaran, cetak, laporan, tenggat.",
        AppRoute::IzinKegiatan => "Permohonan izin penyelenggaraan kegiatan dan prosesnya.",
        AppRoute::Pengaduan => "Pengaduan layanan, tanggapan dan penyelesaiannya.",
        AppRoute::InfoLayanan => "Standar pelayanan: persyaratan, prosedur, waktu, biaya.",
        AppRoute::Sinkronisasi => "Data yang menunggu dikirim ke server kantor.",
        AppRoute::Beranda | AppRoute::Admin => "",
    }
}
