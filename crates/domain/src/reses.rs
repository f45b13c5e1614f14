//! Reses master data and events (seed 000, DESIGN.md §3.1): members of the council,
//! companions, session periods, reses events and their invited guests.
//!
//! These are record bodies; the sync envelope (id, rev, timestamps, device) wraps them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tanggal::Tanggal;
use crate::validate::{FieldError, required_text};

/// Anggota DPRD: a member of the city council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anggota {
    pub id: Uuid,
    pub nama: String,
    /// Party caucus, e.g. `Fraksi PKB`.
    pub fraksi: String,
    /// Electoral district, e.g. `Dapil 1 (Pekalongan Barat)`.
    pub dapil: String,
    /// Committee, e.g. `Komisi A`.
    pub komisi: String,
}

impl Anggota {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama anggota", &self.nama, 120)?;
        required_text("fraksi", "Fraksi", &self.fraksi, 80)?;
        required_text("dapil", "Dapil", &self.dapil, 80)?;
        required_text("komisi", "Komisi", &self.komisi, 40)
    }
}

/// Pendamping: the companion who goes with a member to the reses meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pendamping {
    pub id: Uuid,
    pub nama: String,
    pub telepon: String,
}

impl Pendamping {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama pendamping", &self.nama, 120)?;
        required_text("telepon", "Nomor telepon", &self.telepon, 20)
    }
}

/// A reses period: three a year, one per masa sidang.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MasaSidang {
    pub id: Uuid,
    /// `Masa Sidang III`.
    pub nama: String,
    pub tahun: i32,
    pub mulai: Tanggal,
    pub selesai: Tanggal,
}

impl MasaSidang {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama masa sidang", &self.nama, 60)?;
        if self.selesai < self.mulai {
            return Err(FieldError {
                field: "selesai",
                message: "Tanggal selesai tidak boleh sebelum tanggal mulai.".into(),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusReses {
    Direncanakan,
    Siap,
    Berlangsung,
    Selesai,
}

impl StatusReses {
    pub fn label(self) -> &'static str {
        match self {
            StatusReses::Direncanakan => "Direncanakan",
            StatusReses::Siap => "Siap",
            StatusReses::Berlangsung => "Berlangsung",
            StatusReses::Selesai => "Selesai",
        }
    }
}

/// One reses meeting of one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResesEvent {
    pub id: Uuid,
    pub anggota_id: Uuid,
    pub masa_sidang_id: Uuid,
    pub tanggal: Tanggal,
    /// Start time as minutes after midnight WIB.
    pub jam_mulai: u16,
    pub tempat: String,
    pub alamat: String,
    pub kelurahan: String,
    pub kecamatan: String,
    pub perkiraan_tamu: u32,
    /// The companions assigned; they alone (of the companions) see this event.
    pub pendamping_ids: Vec<Uuid>,
    pub status: StatusReses,
    /// Key of the invitation QR codes (see [`crate::undangan`]); empty on events made
    /// before keys existed.
    #[serde(default)]
    pub kunci_undangan: String,
    /// The day the secretariat began facilitating this reses (seed 000 step 1, the data
    /// request): the 21-working-day service deadline counts from it. `None` on events
    /// made before the field existed (see [`crate::kantor::mulai_fasilitasi`]).
    #[serde(default)]
    pub mulai_fasilitasi: Option<Tanggal>,
    /// The running number of its invitation letter (the `{urut}` of the office's
    /// numbering pattern); empty until the office gives one.
    #[serde(default)]
    pub nomor_undangan: String,
}

impl ResesEvent {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("tempat", "Tempat", &self.tempat, 160)?;
        required_text("alamat", "Alamat", &self.alamat, 240)?;
        required_text("kelurahan", "Kelurahan", &self.kelurahan, 80)?;
        if self.jam_mulai >= 24 * 60 {
            return Err(FieldError {
                field: "jam_mulai",
                message: "Jam mulai tidak valid.".into(),
            });
        }
        if self.nomor_undangan.chars().count() > 20 {
            return Err(FieldError {
                field: "nomor_undangan",
                message: "Nomor urut undangan paling banyak 20 karakter.".into(),
            });
        }
        if self.perkiraan_tamu > 10_000 {
            return Err(FieldError {
                field: "perkiraan_tamu",
                message: "Perkiraan tamu paling banyak 10.000 orang.".into(),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JenisKelamin {
    #[serde(rename = "L")]
    LakiLaki,
    #[serde(rename = "P")]
    Perempuan,
}

impl JenisKelamin {
    /// `L`, `P`, or nothing when not given: how lists and exports write it.
    pub fn kode(j: Option<JenisKelamin>) -> &'static str {
        match j {
            Some(JenisKelamin::LakiLaki) => "L",
            Some(JenisKelamin::Perempuan) => "P",
            None => "",
        }
    }
}

/// A guest on an event's invited list (daftar tamu undangan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tamu {
    pub id: Uuid,
    pub event_id: Uuid,
    pub nama: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    /// Role in the community, e.g. `Ketua RT 03`.
    pub keterangan: String,
    /// Phone or WhatsApp number, when the member's office lists one (personal data:
    /// shown only to those who see the guest list).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub telepon: String,
}

impl Tamu {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama tamu", &self.nama, 120)?;
        if self.alamat.chars().count() > 240 {
            return Err(FieldError {
                field: "alamat",
                message: "Alamat terlalu panjang (paling banyak 240 karakter).".into(),
            });
        }
        crate::kehadiran::telepon("telepon", &self.telepon)?;
        for (field, label, v) in [("rt", "RT", &self.rt), ("rw", "RW", &self.rw)] {
            if !v.is_empty() && (v.len() > 3 || !v.chars().all(|c| c.is_ascii_digit())) {
                return Err(FieldError {
                    field,
                    message: format!("{label} harus berupa angka, paling banyak 3 digit."),
                });
            }
        }
        Ok(())
    }
}

/// `Senin, 2 Maret 2026, 09.00 WIB` for an event's start.
pub fn format_event_start(tanggal: Tanggal, jam_mulai: u16) -> String {
    format!(
        "{}, {:02}.{:02} WIB",
        tanggal.format_long(),
        jam_mulai / 60,
        jam_mulai % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tamu() -> Tamu {
        Tamu {
            id: Uuid::nil(),
            event_id: Uuid::nil(),
            nama: "Siti Aminah".into(),
            alamat: "Jl. Merdeka No. 5".into(),
            rt: "003".into(),
            rw: "05".into(),
            kelurahan: "Medono".into(),
            jenis_kelamin: Some(JenisKelamin::Perempuan),
            keterangan: String::new(),
            telepon: String::new(),
        }
    }

    #[test]
    fn a_complete_guest_is_valid_and_a_nameless_one_is_not() {
        assert!(tamu().validate().is_ok());
        let e = Tamu {
            nama: " ".into(),
            ..tamu()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "nama");
    }

    #[test]
    fn rt_must_be_a_short_number() {
        let e = Tamu {
            rt: "3a".into(),
            ..tamu()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "rt");
        assert!(
            Tamu {
                rt: String::new(),
                ..tamu()
            }
            .validate()
            .is_ok()
        );
    }

    #[test]
    fn period_cannot_end_before_it_starts() {
        let p = MasaSidang {
            id: Uuid::nil(),
            nama: "Masa Sidang III".into(),
            tahun: 2026,
            mulai: Tanggal::new(2026, 11, 20).unwrap(),
            selesai: Tanggal::new(2026, 11, 10).unwrap(),
        };
        assert_eq!(p.validate().unwrap_err().field, "selesai");
    }

    #[test]
    fn event_start_reads_in_indonesian() {
        let t = Tanggal::new(2026, 3, 2).unwrap();
        assert_eq!(
            format_event_start(t, 9 * 60 + 30),
            "Senin, 2 Maret 2026, 09.30 WIB"
        );
    }
}
