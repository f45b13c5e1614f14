use leptos::prelude::*;

use crate::routes::AppRoute;

/// A line icon for a main area, drawn as inline SVG so it never depends on the device's
/// fonts (several phone fonts lack the Unicode symbols).
#[component]
pub fn AreaIcon(route: AppRoute) -> impl IntoView {
    let d = match route {
        AppRoute::Beranda => "M3 11l9-7 9 7M5 10v10h5v-6h4v6h5V10",
        AppRoute::Reses => "M4 5h16v15H4zM4 10h16M8 3v4M16 3v4M8 14h3M8 17h6",
        AppRoute::Kantor => "M3 21h18M5 21V8l7-5 7 5v13M9 21v-6h6v6M9 11h.01M15 11h.01",
        AppRoute::IzinKegiatan => "M6 3h9l4 4v14H6zM14 3v5h5M9 13h7M9 17h5",
        AppRoute::Pengaduan => "M4 5h16v11H9l-5 4zM8 9h8M8 12h5",
        AppRoute::InfoLayanan => "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5v.5",
        AppRoute::Sinkronisasi => {
            "M4 9a8 8 0 0 1 14-3l2 2M20 4v4h-4M20 15a8 8 0 0 1-14 3l-2-2M4 20v-4h4"
        }
        AppRoute::Admin => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=d/>
        </svg>
    }
}
