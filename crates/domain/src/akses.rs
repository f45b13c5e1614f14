//! Who may see and change what: the one access policy of the product, pure, used by the
//! server to authorise every request and by the app to decide what it shows.
//!
//! The policy answers by role (and, for companions and members, by assignment); the
//! rules that depend on a record's content — a permit may only be edited while it is a
//! draft or returned, a complaint's timeline only grows, a companion may change only an
//! event's status and only while it is open, late field records — are the server's
//! (`sync_store::authorize`), on top of this.
//!
//! A test of the server (`server/tests/api/akses.rs`) walks every role × kind ×
//! change and every role × action and checks the server's answers equal this module's.

use crate::Role;
use crate::pengaduan::Layanan;
use crate::sync::RecordKind;

/// The roles that work on reses at the office: they see all of it, and may export it.
pub const STAF_KANTOR: [Role; 3] = [Role::Admin, Role::StafSetwan, Role::AnalisKebijakan];

/// The permit service's roles: Bagian Kesra and the officials on its route. They see
/// the applications (and the complaints), and take the steps of the procedure.
pub const PETUGAS_IZIN: [Role; 6] = [
    Role::PetugasKesra,
    Role::Pptk,
    Role::KabagKesra,
    Role::Sekda,
    Role::Walikota,
    Role::PetugasInformasi,
];

/// Who may write an application: intake at Kesra or the front desk (and the admin).
pub const PENERIMA_IZIN: [Role; 3] = [Role::Admin, Role::PetugasKesra, Role::PetugasInformasi];

/// What the reses staff receive: the whole reses service and the complaints.
const LIHAT_STAF_RESES: [RecordKind; 17] = [
    RecordKind::Anggota,
    RecordKind::Pendamping,
    RecordKind::MasaSidang,
    RecordKind::ResesEvent,
    RecordKind::Tamu,
    RecordKind::Kehadiran,
    RecordKind::TamuTambahan,
    RecordKind::Aspirasi,
    RecordKind::DokumentasiReses,
    RecordKind::Wilayah,
    RecordKind::KategoriAspirasi,
    RecordKind::HariLibur,
    RecordKind::PermintaanData,
    RecordKind::BelanjaReses,
    RecordKind::KesiapanReses,
    RecordKind::PengaturanKantor,
    RecordKind::Pengaduan,
];

/// What the permit service receives: applications, complaints, and what the permit step
/// times and letters need (holidays: step times are working time; the letter's
/// signatory is in the document settings).
const LIHAT_PETUGAS_IZIN: [RecordKind; 4] = [
    RecordKind::Izin,
    RecordKind::Pengaduan,
    RecordKind::HariLibur,
    RecordKind::PengaturanKantor,
];

/// The kinds of an event's records its companions and member see: not the office's
/// budget lines.
pub const JENIS_EVENT_DITUGASKAN: [RecordKind; 7] = [
    RecordKind::ResesEvent,
    RecordKind::Tamu,
    RecordKind::Kehadiran,
    RecordKind::TamuTambahan,
    RecordKind::Aspirasi,
    RecordKind::DokumentasiReses,
    RecordKind::KesiapanReses,
];

/// What a role receives in a pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lihat {
    /// Every record.
    Semua,
    /// Every record of these kinds.
    Jenis(&'static [RecordKind]),
    /// Reses master data, their own person record, and the records of the events they
    /// are assigned to ([`terlihat_ditugaskan`]).
    Penugasan,
    Tidak,
}

pub fn lihat(role: Role) -> Lihat {
    match role {
        Role::Admin => Lihat::Semua,
        r if STAF_KANTOR.contains(&r) => Lihat::Jenis(&LIHAT_STAF_RESES),
        r if PETUGAS_IZIN.contains(&r) => Lihat::Jenis(&LIHAT_PETUGAS_IZIN),
        Role::Pendamping | Role::Anggota => Lihat::Penugasan,
        _ => Lihat::Tidak,
    }
}

/// Under [`Lihat::Penugasan`], does a user see a record of `kind`? `diri_sendiri`: the
/// record is the user's own person record; `acara_ditugaskan`: the record belongs to an
/// event the user is assigned to.
pub fn terlihat_ditugaskan(kind: RecordKind, diri_sendiri: bool, acara_ditugaskan: bool) -> bool {
    match kind {
        k if RecordKind::REFERENSI.contains(&k) => true,
        RecordKind::Pendamping => diri_sendiri,
        k if JENIS_EVENT_DITUGASKAN.contains(&k) => acara_ditugaskan,
        _ => false,
    }
}

/// May `role` receive records of `kind` at all (some or all of them)?
pub fn melihat_jenis(role: Role, kind: RecordKind) -> bool {
    match lihat(role) {
        Lihat::Semua => true,
        Lihat::Jenis(kinds) => kinds.contains(&kind),
        Lihat::Penugasan => terlihat_ditugaskan(kind, true, true),
        Lihat::Tidak => false,
    }
}

/// A change to a record, as a person makes it on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perubahan {
    Tambah,
    Ubah,
    Hapus,
}

impl Perubahan {
    pub const ALL: [Perubahan; 3] = [Perubahan::Tambah, Perubahan::Ubah, Perubahan::Hapus];
}

/// The answer to "may this role make this change to a record of this kind?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hak {
    /// Yes, for any record of the kind (subject to the kind's own content rules).
    Ya,
    /// Only for records of the events the user is assigned to, while the event is open;
    /// of an event itself only its status.
    Penugasan,
    Tidak,
}

/// The office's part: may `role` change records of `kind` from the office screens?
/// Reses staff (and the admin) all of the reses service; the policy analyst the data
/// requests to members, their part of the procedure (step 1); the permit service the
/// document settings (the permit letter's signatory).
fn ditulis_kantor(role: Role, kind: RecordKind) -> bool {
    match role {
        Role::Admin | Role::StafSetwan => RecordKind::RESES.contains(&kind),
        Role::AnalisKebijakan => kind == RecordKind::PermintaanData,
        Role::PetugasKesra => kind == RecordKind::PengaturanKantor,
        _ => false,
    }
}

/// May `role` make change `p` to a record of `kind`?
pub fn hak(role: Role, kind: RecordKind, p: Perubahan) -> Hak {
    let ya = |b: bool| if b { Hak::Ya } else { Hak::Tidak };
    match kind {
        // Applications: intake writes them while they are drafts or returned.
        RecordKind::Izin => ya(PENERIMA_IZIN.contains(&role)),
        // Complaints: logged and followed up by either service; never deleted.
        RecordKind::Pengaduan => {
            ya(p != Perubahan::Hapus
                && (STAF_KANTOR.contains(&role) || PETUGAS_IZIN.contains(&role)))
        }
        _ if ditulis_kantor(role, kind) => Hak::Ya,
        _ if role != Role::Pendamping => Hak::Tidak,
        // A companion, in the field, on their assigned events.
        RecordKind::Tamu
        | RecordKind::TamuTambahan
        | RecordKind::Aspirasi
        | RecordKind::DokumentasiReses => Hak::Penugasan,
        // A check-in is corrected, never removed.
        RecordKind::Kehadiran if p != Perubahan::Hapus => Hak::Penugasan,
        // The event's status (berlangsung, selesai).
        RecordKind::ResesEvent if p == Perubahan::Ubah => Hak::Penugasan,
        _ => Hak::Tidak,
    }
}

/// May `role` change records of `kind` wherever they are (the office screens)?
pub fn boleh_ubah(role: Role, kind: RecordKind) -> bool {
    hak(role, kind, Perubahan::Ubah) == Hak::Ya
}

/// What a person does beyond changing one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tugas {
    /// The office screens of reses, and exports of attendance, aspirations and reports.
    KantorReses,
    /// Importing a guest list from a spreadsheet.
    ImporTamu,
    /// Uploading a photo or document that a record will cite.
    UnggahLampiran,
    /// Taking a step of the permit procedure (which step is `izin::transisi`'s).
    ProsesIzin,
    /// Looking up an application's status by its registration number (front desk).
    CariStatusIzin,
    /// Accounts and devices.
    KelolaAkun,
}

impl Tugas {
    pub const ALL: [Tugas; 6] = [
        Tugas::KantorReses,
        Tugas::ImporTamu,
        Tugas::UnggahLampiran,
        Tugas::ProsesIzin,
        Tugas::CariStatusIzin,
        Tugas::KelolaAkun,
    ];
}

pub fn boleh(role: Role, tugas: Tugas) -> bool {
    match tugas {
        Tugas::KantorReses => STAF_KANTOR.contains(&role),
        Tugas::ImporTamu => hak(role, RecordKind::Tamu, Perubahan::Tambah) == Hak::Ya,
        // Whoever may write a record that cites attachments.
        Tugas::UnggahLampiran => [
            RecordKind::Aspirasi,
            RecordKind::DokumentasiReses,
            RecordKind::Izin,
        ]
        .into_iter()
        .any(|k| hak(role, k, Perubahan::Tambah) != Hak::Tidak),
        Tugas::ProsesIzin => PETUGAS_IZIN.contains(&role),
        Tugas::CariStatusIzin => PETUGAS_IZIN.contains(&role) || PENERIMA_IZIN.contains(&role),
        Tugas::KelolaAkun => role == Role::Admin,
    }
}

/// The service whose complaints a role logs by default (reses staff: reses; the permit
/// service and the admin: permits).
pub fn layanan_pengaduan(role: Role) -> Layanan {
    match role {
        Role::StafSetwan | Role::AnalisKebijakan => Layanan::Reses,
        _ => Layanan::Izin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_staff_write_the_reses_service_and_the_analyst_only_data_requests() {
        assert!(boleh_ubah(Role::StafSetwan, RecordKind::Tamu));
        assert!(!boleh_ubah(Role::AnalisKebijakan, RecordKind::Anggota));
        assert!(boleh_ubah(
            Role::AnalisKebijakan,
            RecordKind::PermintaanData
        ));
        for kind in RecordKind::RESES {
            assert!(boleh_ubah(Role::StafSetwan, kind), "{kind:?}");
            assert!(!boleh_ubah(Role::Anggota, kind), "{kind:?}");
            assert!(!boleh_ubah(Role::Pendamping, kind), "{kind:?}");
        }
        assert!(!boleh_ubah(Role::StafSetwan, RecordKind::Izin));
        assert!(boleh_ubah(Role::Admin, RecordKind::HariLibur));
        assert!(!boleh_ubah(Role::PetugasKesra, RecordKind::HariLibur));
        assert!(boleh_ubah(Role::PetugasKesra, RecordKind::PengaturanKantor));
    }

    #[test]
    fn a_companion_writes_only_field_records_of_assigned_events() {
        use Perubahan::*;
        let p = |k, c| hak(Role::Pendamping, k, c);
        assert_eq!(p(RecordKind::Tamu, Tambah), Hak::Penugasan);
        assert_eq!(p(RecordKind::Kehadiran, Ubah), Hak::Penugasan);
        assert_eq!(p(RecordKind::Kehadiran, Hapus), Hak::Tidak);
        assert_eq!(p(RecordKind::ResesEvent, Ubah), Hak::Penugasan);
        assert_eq!(p(RecordKind::ResesEvent, Tambah), Hak::Tidak);
        assert_eq!(p(RecordKind::BelanjaReses, Tambah), Hak::Tidak);
        assert_eq!(p(RecordKind::Anggota, Ubah), Hak::Tidak);
        for kind in RecordKind::ALL {
            for c in Perubahan::ALL {
                assert_eq!(hak(Role::Anggota, kind, c), Hak::Tidak, "{kind:?} {c:?}");
            }
        }
    }

    #[test]
    fn nobody_writes_what_they_cannot_see() {
        for role in Role::ALL {
            for kind in RecordKind::ALL {
                for c in Perubahan::ALL {
                    if hak(role, kind, c) != Hak::Tidak {
                        assert!(melihat_jenis(role, kind), "{role:?} {kind:?} {c:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn complaints_are_never_deleted_and_permits_are_written_by_intake_only() {
        for role in Role::ALL {
            assert_eq!(
                hak(role, RecordKind::Pengaduan, Perubahan::Hapus),
                Hak::Tidak
            );
            let intake = PENERIMA_IZIN.contains(&role);
            assert_eq!(
                hak(role, RecordKind::Izin, Perubahan::Tambah) == Hak::Ya,
                intake
            );
        }
        assert!(boleh(Role::Pendamping, Tugas::UnggahLampiran));
        assert!(!boleh(Role::Anggota, Tugas::UnggahLampiran));
        assert!(boleh(Role::PetugasInformasi, Tugas::UnggahLampiran));
        assert!(!boleh(Role::Pptk, Tugas::UnggahLampiran));
    }
}
