//! User roles (DESIGN.md §2). Every API call is authorised on the server by role and,
//! for companions and members, by assignment.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, roles, devices, revocation.
    Admin,
    /// Staf Bagian Fasilitasi Penganggaran dan Pengawasan: runs the reses service.
    StafSetwan,
    /// Analis Kebijakan: data requests to members (reses step 1).
    AnalisKebijakan,
    /// Anggota DPRD: read-only view of own events, attendance and aspirations.
    Anggota,
    /// Pendamping: field companion, works offline on assigned events only.
    Pendamping,
    /// Petugas Bagian Kesra: permit intake and drafting.
    PetugasKesra,
    /// PPTK: reviews the drafted permit letter.
    Pptk,
    /// Kabag Kesra: verifies the permit.
    KabagKesra,
    /// Sekda and Asisten Pemerintahan dan Kesra: forward to the mayor.
    Sekda,
    /// Walikota: approves the permit.
    Walikota,
    /// Petugas Informasi: front desk, hands over approved permits.
    PetugasInformasi,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::Admin,
        Role::StafSetwan,
        Role::AnalisKebijakan,
        Role::Anggota,
        Role::Pendamping,
        Role::PetugasKesra,
        Role::Pptk,
        Role::KabagKesra,
        Role::Sekda,
        Role::Walikota,
        Role::PetugasInformasi,
    ];

    /// The stable string used in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::StafSetwan => "staf_setwan",
            Role::AnalisKebijakan => "analis_kebijakan",
            Role::Anggota => "anggota",
            Role::Pendamping => "pendamping",
            Role::PetugasKesra => "petugas_kesra",
            Role::Pptk => "pptk",
            Role::KabagKesra => "kabag_kesra",
            Role::Sekda => "sekda",
            Role::Walikota => "walikota",
            Role::PetugasInformasi => "petugas_informasi",
        }
    }

    /// The name shown to people, in Bahasa Indonesia.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::StafSetwan => "Staf Setwan",
            Role::AnalisKebijakan => "Analis Kebijakan",
            Role::Anggota => "Anggota DPRD",
            Role::Pendamping => "Pendamping Reses",
            Role::PetugasKesra => "Petugas Kesra",
            Role::Pptk => "PPTK",
            Role::KabagKesra => "Kabag Kesra",
            Role::Sekda => "Sekda / Asisten",
            Role::Walikota => "Walikota",
            Role::PetugasInformasi => "Petugas Informasi",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_string_and_serde() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
