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

    /// The areas in the navigation for a role.
    pub fn nav_for(role: Option<reses_domain::Role>) -> Vec<AppRoute> {
        let mut routes = AppRoute::NAV.to_vec();
        if role.is_some_and(|r| reses_domain::kantor::STAF_KANTOR.contains(&r)) {
            routes.insert(2, AppRoute::Kantor);
        }
        if role == Some(reses_domain::Role::Admin) {
            routes.push(AppRoute::Admin);
        }
        routes
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
