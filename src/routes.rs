//! The app's routes, as an enum so paths and labels are written once.

/// A main area of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppRoute {
    Beranda,
    Reses,
    /// Reses at the office; shown to reses staff.
    Kantor,
    IzinKegiatan,
    Pengaduan,
    InfoLayanan,
    Sinkronisasi,
    /// Accounts and devices; shown to admins only.
    Admin,
}

impl AppRoute {
    /// The areas shown in the navigation.
    pub const NAV: [AppRoute; 6] = [
        AppRoute::Beranda,
        AppRoute::Reses,
        AppRoute::IzinKegiatan,
        AppRoute::Pengaduan,
        AppRoute::InfoLayanan,
        AppRoute::Sinkronisasi,
    ];

    /// The areas in the navigation for a role (signed out: the public service
    /// information only). Each area is shown to the roles the server serves there, by
    /// the one access policy (`reses_domain::akses`).
    pub fn nav_for(role: Option<reses_domain::Role>) -> Vec<AppRoute> {
        use reses_domain::akses::{Tugas, boleh, melihat_jenis};
        use reses_domain::sync::RecordKind;
        let Some(role) = role else {
            return vec![AppRoute::InfoLayanan];
        };
        let shown = |r: AppRoute| match r {
            AppRoute::Reses => melihat_jenis(role, RecordKind::ResesEvent),
            AppRoute::Kantor => boleh(role, Tugas::KantorReses),
            AppRoute::IzinKegiatan => melihat_jenis(role, RecordKind::Izin),
            AppRoute::Pengaduan => melihat_jenis(role, RecordKind::Pengaduan),
            AppRoute::Admin => boleh(role, Tugas::KelolaAkun),
            AppRoute::Beranda | AppRoute::InfoLayanan | AppRoute::Sinkronisasi => true,
        };
        [
            AppRoute::Beranda,
            AppRoute::Reses,
            AppRoute::Kantor,
            AppRoute::IzinKegiatan,
            AppRoute::Pengaduan,
            AppRoute::InfoLayanan,
            AppRoute::Sinkronisasi,
            AppRoute::Admin,
        ]
        .into_iter()
        .filter(|r| shown(*r))
        .collect()
    }

    /// The area's path as a router segment (`<Route path=AppRoute::Reses.segment() …/>`).
    pub fn segment(self) -> leptos_router::StaticSegment<&'static str> {
        leptos_router::StaticSegment(self.path().trim_start_matches('/'))
    }

    pub fn path(self) -> &'static str {
        match self {
            AppRoute::Beranda => "/",
            AppRoute::Reses => "/reses",
            AppRoute::Kantor => "/kantor",
            AppRoute::IzinKegiatan => "/izin",
            AppRoute::Pengaduan => "/pengaduan",
            AppRoute::InfoLayanan => "/info",
            AppRoute::Sinkronisasi => "/sinkronisasi",
            AppRoute::Admin => "/admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AppRoute::Beranda => "Beranda",
            AppRoute::Reses => "Reses",
            AppRoute::Kantor => "Kantor Reses",
            AppRoute::IzinKegiatan => "Izin Kegiatan",
            AppRoute::Pengaduan => "Pengaduan",
            AppRoute::InfoLayanan => "Info Layanan",
            AppRoute::Sinkronisasi => "Sinkronisasi",
            AppRoute::Admin => "Admin",
        }
    }
}
