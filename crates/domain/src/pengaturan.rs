//! The office's document settings (record kind `pengaturan_kantor`, one record): who
//! signs the letters, their NIP, and how invitations are numbered. Data, not constants:
//! staff change them when an official changes, and every device prints with them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::tanggal::Tanggal;
use crate::validate::{FieldError, required_text};

/// What a signature block shows when nobody filled the setting in yet.
pub const KOSONG: &str = "………………………………";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PengaturanKantor {
    /// Always [`PengaturanKantor::ID`].
    pub id: Uuid,
    /// Where letters are written ("Pekalongan, 2 Maret 2026").
    #[serde(default = "tempat_bawaan")]
    pub tempat_surat: String,
    /// The Sekretaris DPRD, who signs invitations.
    #[serde(default)]
    pub sekretaris_nama: String,
    #[serde(default)]
    pub sekretaris_nip: String,
    /// The PPTK of the reses activity, who signs the budget breakdown.
    #[serde(default)]
    pub pptk_nama: String,
    #[serde(default)]
    pub pptk_nip: String,
    /// Invitation numbers: `{urut}`, `{bulan}` (Roman numerals) and `{tahun}` are filled.
    #[serde(default = "pola_bawaan")]
    pub pola_nomor_undangan: String,
    #[serde(default = "sifat_bawaan")]
    pub sifat_undangan: String,
    /// Who signs the permit letter, and as what.
    #[serde(default)]
    pub penandatangan_izin_nama: String,
    #[serde(default = "jabatan_izin_bawaan")]
    pub penandatangan_izin_jabatan: String,
    #[serde(default)]
    pub penandatangan_izin_nip: String,
}

fn tempat_bawaan() -> String {
    "Pekalongan".into()
}
fn pola_bawaan() -> String {
    "005/{urut}/DPRD/{bulan}/{tahun}".into()
}
fn sifat_bawaan() -> String {
    "Penting".into()
}
fn jabatan_izin_bawaan() -> String {
    "Wali Kota Pekalongan".into()
}

const BULAN_ROMAWI: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

impl Default for PengaturanKantor {
    fn default() -> Self {
        PengaturanKantor {
            id: Self::ID,
            tempat_surat: tempat_bawaan(),
            sekretaris_nama: String::new(),
            sekretaris_nip: String::new(),
            pptk_nama: String::new(),
            pptk_nip: String::new(),
            pola_nomor_undangan: pola_bawaan(),
            sifat_undangan: sifat_bawaan(),
            penandatangan_izin_nama: String::new(),
            penandatangan_izin_jabatan: jabatan_izin_bawaan(),
            penandatangan_izin_nip: String::new(),
        }
    }
}

/// A NIP: empty, or 18 digits (spaces allowed, as it is often printed).
fn nip(field: &'static str, label: &str, v: &str) -> Result<(), FieldError> {
    let digits: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || (digits.len() == 18 && digits.bytes().all(|b| b.is_ascii_digit())) {
        Ok(())
    } else {
        Err(FieldError {
            field,
            message: format!("{label} harus 18 angka, misalnya 19700101 199503 1 001."),
        })
    }
}

fn optional(field: &'static str, label: &str, v: &str, max: usize) -> Result<(), FieldError> {
    if v.chars().count() > max {
        return Err(FieldError {
            field,
            message: format!("{label} terlalu panjang (paling banyak {max} karakter)."),
        });
    }
    Ok(())
}

impl PengaturanKantor {
    /// The one record's id.
    pub const ID: Uuid = Uuid::from_u128(0x7065_6e67_6174_7572_616e_0000_0000_0001);

    pub fn validate(&self) -> Result<(), FieldError> {
        if self.id != Self::ID {
            return Err(FieldError {
                field: "id",
                message: "Pengaturan dokumen hanya satu untuk seluruh kantor.".into(),
            });
        }
        required_text("tempat_surat", "Tempat surat", &self.tempat_surat, 60)?;
        optional(
            "sekretaris_nama",
            "Nama Sekretaris DPRD",
            &self.sekretaris_nama,
            120,
        )?;
        nip(
            "sekretaris_nip",
            "NIP Sekretaris DPRD",
            &self.sekretaris_nip,
        )?;
        optional("pptk_nama", "Nama PPTK", &self.pptk_nama, 120)?;
        nip("pptk_nip", "NIP PPTK", &self.pptk_nip)?;
        required_text(
            "pola_nomor_undangan",
            "Pola nomor undangan",
            &self.pola_nomor_undangan,
            80,
        )?;
        if !self.pola_nomor_undangan.contains("{urut}") {
            return Err(FieldError {
                field: "pola_nomor_undangan",
                message: "Pola nomor undangan harus memuat {urut}, misalnya 005/{urut}/DPRD/{bulan}/{tahun}.".into(),
            });
        }
        optional("sifat_undangan", "Sifat undangan", &self.sifat_undangan, 40)?;
        optional(
            "penandatangan_izin_nama",
            "Nama penandatangan izin",
            &self.penandatangan_izin_nama,
            120,
        )?;
        required_text(
            "penandatangan_izin_jabatan",
            "Jabatan penandatangan izin",
            &self.penandatangan_izin_jabatan,
            120,
        )?;
        nip(
            "penandatangan_izin_nip",
            "NIP penandatangan izin",
            &self.penandatangan_izin_nip,
        )
    }

    /// An invitation's number: the pattern with `urut` (dots to fill by hand when the
    /// event has none yet), the month in Roman numerals and the year of `tanggal`.
    pub fn nomor_undangan(&self, urut: &str, tanggal: Tanggal) -> String {
        let urut = if urut.trim().is_empty() {
            "……"
        } else {
            urut.trim()
        };
        self.pola_nomor_undangan
            .replace("{urut}", urut)
            .replace(
                "{bulan}",
                BULAN_ROMAWI[(tanggal.month as usize).clamp(1, 12) - 1],
            )
            .replace("{tahun}", &tanggal.year.to_string())
    }

    /// A name for a signature block, or dots to sign over when it is not set.
    pub fn atau_titik(nama: &str) -> String {
        if nama.trim().is_empty() {
            KOSONG.into()
        } else {
            nama.trim().to_string()
        }
    }

    /// "NIP. 19700101 199503 1 001", or nothing when not set.
    pub fn baris_nip(nip: &str) -> Option<String> {
        (!nip.trim().is_empty()).then(|| format!("NIP. {}", nip.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_number_follows_the_office_pattern() {
        let p = PengaturanKantor::default();
        let d = Tanggal::new(2026, 11, 14).unwrap();
        assert_eq!(p.nomor_undangan("17", d), "005/17/DPRD/XI/2026");
        assert_eq!(p.nomor_undangan("", d), "005/……/DPRD/XI/2026");
        let mut q = p.clone();
        q.pola_nomor_undangan = "170/{urut}/Setwan".into();
        assert_eq!(q.nomor_undangan("3", d), "170/3/Setwan");
    }

    #[test]
    fn settings_are_checked_and_older_records_read_with_defaults() {
        let mut p = PengaturanKantor::default();
        assert!(p.validate().is_ok());
        p.sekretaris_nip = "19700101 199503 1 001".into();
        assert!(p.validate().is_ok());
        p.sekretaris_nip = "1970".into();
        assert_eq!(p.validate().unwrap_err().field, "sekretaris_nip");
        p.sekretaris_nip.clear();
        p.pola_nomor_undangan = "005/DPRD".into();
        assert!(p.validate().unwrap_err().message.contains("{urut}"));
        let old: PengaturanKantor =
            serde_json::from_value(serde_json::json!({"id": PengaturanKantor::ID})).unwrap();
        assert_eq!(old, PengaturanKantor::default());
    }
}
