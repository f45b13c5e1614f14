//! Complaints about either service (pengaduan), as both published standards describe:
//! the officer responds until there is a solution; what they cannot resolve goes to the
//! official (Pejabat Sekretariat DPRD for reses, Pejabat Bagian Kesra for permits), who
//! resolves it. Every step is an entry of an append-only timeline.
//!
//! A complaint syncs like any record; the server checks each change with
//! [`Pengaduan::check_change`]: the timeline only grows, and the status follows it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kehadiran::telepon;
use crate::sync::MIN_CLIENT_TIME_MS;
use crate::validate::{FieldError, required_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layanan {
    Reses,
    Izin,
}

impl Layanan {
    pub const ALL: [Layanan; 2] = [Layanan::Reses, Layanan::Izin];
    pub fn label(self) -> &'static str {
        match self {
            Layanan::Reses => "Fasilitasi reses DPRD",
            Layanan::Izin => "Izin penyelenggaraan kegiatan",
        }
    }
    /// Who a complaint is escalated to.
    pub fn pejabat(self) -> &'static str {
        match self {
            Layanan::Reses => "Pejabat Sekretariat DPRD",
            Layanan::Izin => "Pejabat Bagian Kesra",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Saluran {
    Langsung,
    Telepon,
    Email,
    Lapor,
}

impl Saluran {
    pub const ALL: [Saluran; 4] = [
        Saluran::Langsung,
        Saluran::Telepon,
        Saluran::Email,
        Saluran::Lapor,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Saluran::Langsung => "Langsung (tatap muka)",
            Saluran::Telepon => "Telepon",
            Saluran::Email => "Email",
            Saluran::Lapor => "LAPOR!",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusPengaduan {
    /// Logged, not yet answered.
    Baru,
    /// The officer responded; not solved yet.
    Ditanggapi,
    /// Passed to the official.
    Dieskalasi,
    /// Closed with a solution.
    Selesai,
}

impl StatusPengaduan {
    pub const ALL: [StatusPengaduan; 4] = [
        StatusPengaduan::Baru,
        StatusPengaduan::Ditanggapi,
        StatusPengaduan::Dieskalasi,
        StatusPengaduan::Selesai,
    ];
    pub fn label(self) -> &'static str {
        match self {
            StatusPengaduan::Baru => "Baru",
            StatusPengaduan::Ditanggapi => "Ditanggapi",
            StatusPengaduan::Dieskalasi => "Diteruskan ke pejabat",
            StatusPengaduan::Selesai => "Selesai",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AksiPengaduan {
    Dicatat,
    Tanggapan,
    Eskalasi,
    Selesai,
}

impl AksiPengaduan {
    pub fn label(self) -> &'static str {
        match self {
            AksiPengaduan::Dicatat => "Pengaduan dicatat",
            AksiPengaduan::Tanggapan => "Tanggapan",
            AksiPengaduan::Eskalasi => "Diteruskan ke pejabat",
            AksiPengaduan::Selesai => "Selesai dengan solusi",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JejakPengaduan {
    pub waktu: i64,
    pub aksi: AksiPengaduan,
    pub oleh: Uuid,
    pub nama: String,
    pub isi: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pengaduan {
    pub id: Uuid,
    pub layanan: Layanan,
    pub saluran: Saluran,
    pub nama: String,
    /// Phone or email to reach the complainant (optional).
    #[serde(default)]
    pub kontak: String,
    pub isi: String,
    /// Registration number of the permit concerned, if any.
    #[serde(default)]
    pub rujukan: String,
    pub status: StatusPengaduan,
    pub diterima: i64,
    pub jejak: Vec<JejakPengaduan>,
}

/// Who is acting, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Petugas {
    pub user_id: Uuid,
    pub nama: String,
    pub waktu: i64,
}

impl Pengaduan {
    /// A new complaint, logged by `by`.
    #[allow(clippy::too_many_arguments)]
    pub fn catat(
        id: Uuid,
        layanan: Layanan,
        saluran: Saluran,
        nama: &str,
        kontak: &str,
        isi: &str,
        rujukan: &str,
        by: &Petugas,
    ) -> Result<Pengaduan, FieldError> {
        let p = Pengaduan {
            id,
            layanan,
            saluran,
            nama: nama.trim().into(),
            kontak: kontak.trim().into(),
            isi: isi.trim().into(),
            rujukan: rujukan.trim().into(),
            status: StatusPengaduan::Baru,
            diterima: by.waktu,
            jejak: vec![JejakPengaduan {
                waktu: by.waktu,
                aksi: AksiPengaduan::Dicatat,
                oleh: by.user_id,
                nama: by.nama.clone(),
                isi: String::new(),
            }],
        };
        p.validate()?;
        Ok(p)
    }

    /// The status after `aksi` from `status`, if allowed.
    pub fn status_setelah(status: StatusPengaduan, aksi: AksiPengaduan) -> Option<StatusPengaduan> {
        use AksiPengaduan as A;
        use StatusPengaduan as S;
        match (status, aksi) {
            (S::Baru | S::Ditanggapi, A::Tanggapan) => Some(S::Ditanggapi),
            (S::Dieskalasi, A::Tanggapan) => Some(S::Dieskalasi),
            (S::Baru | S::Ditanggapi, A::Eskalasi) => Some(S::Dieskalasi),
            (S::Baru | S::Ditanggapi | S::Dieskalasi, A::Selesai) => Some(S::Selesai),
            _ => None,
        }
    }

    /// Responds, escalates or closes: appends to the timeline and moves the status.
    pub fn tindak(
        &self,
        aksi: AksiPengaduan,
        isi: &str,
        by: &Petugas,
    ) -> Result<Pengaduan, FieldError> {
        let err = |message: &str| FieldError {
            field: "isi",
            message: message.into(),
        };
        let next = Pengaduan::status_setelah(self.status, aksi).ok_or_else(|| {
            err("Tindakan ini tidak dapat dilakukan pada status pengaduan sekarang.")
        })?;
        if isi.trim().is_empty() {
            return Err(err(match aksi {
                AksiPengaduan::Selesai => "Tuliskan solusinya.",
                AksiPengaduan::Eskalasi => "Tuliskan mengapa pengaduan diteruskan.",
                _ => "Tuliskan tanggapannya.",
            }));
        }
        let mut p = self.clone();
        p.status = next;
        p.jejak.push(JejakPengaduan {
            waktu: by.waktu,
            aksi,
            oleh: by.user_id,
            nama: by.nama.clone(),
            isi: isi.trim().into(),
        });
        p.validate()?;
        Ok(p)
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama pengadu", &self.nama, 120)?;
        required_text("isi", "Isi pengaduan", &self.isi, 4_000)?;
        if self.kontak.contains('@') {
            if self.kontak.chars().count() > 120 || !self.kontak.contains('.') {
                return Err(FieldError {
                    field: "kontak",
                    message: "Alamat email tidak valid.".into(),
                });
            }
        } else {
            telepon("kontak", &self.kontak)?;
        }
        if self.rujukan.chars().count() > 40 {
            return Err(FieldError {
                field: "rujukan",
                message: "Nomor rujukan terlalu panjang.".into(),
            });
        }
        let bad = |m: &str| {
            Err(FieldError {
                field: "jejak",
                message: m.into(),
            })
        };
        if self.diterima < MIN_CLIENT_TIME_MS {
            return bad("Waktu pengaduan tidak masuk akal.");
        }
        if self.jejak.first().map(|j| j.aksi) != Some(AksiPengaduan::Dicatat)
            || self.jejak.len() > 200
        {
            return bad("Riwayat pengaduan tidak valid.");
        }
        // The status is what the timeline says.
        let mut s = StatusPengaduan::Baru;
        for j in &self.jejak[1..] {
            match Pengaduan::status_setelah(s, j.aksi) {
                Some(n) => s = n,
                None => return bad("Urutan riwayat pengaduan tidak valid."),
            }
            if j.isi.chars().count() > 4_000 {
                return bad("Isi riwayat terlalu panjang.");
            }
        }
        if s != self.status {
            return bad("Status tidak sesuai dengan riwayat pengaduan.");
        }
        Ok(())
    }

    /// A change from `old` to `self` keeps the timeline: nothing removed or rewritten,
    /// and what the complaint says stays as logged.
    pub fn check_change(&self, old: &Pengaduan) -> Result<(), String> {
        if self.jejak.len() < old.jejak.len() || self.jejak[..old.jejak.len()] != old.jejak[..] {
            return Err(
                "Riwayat pengaduan tidak boleh diubah atau dihapus, hanya ditambah.".into(),
            );
        }
        if (
            self.layanan,
            self.saluran,
            &self.nama,
            &self.isi,
            self.diterima,
        ) != (old.layanan, old.saluran, &old.nama, &old.isi, old.diterima)
        {
            return Err("Isi pengaduan yang sudah dicatat tidak dapat diubah.".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(t: i64) -> Petugas {
        Petugas {
            user_id: Uuid::from_u128(1),
            nama: "Petugas".into(),
            waktu: 1_795_000_000_000 + t,
        }
    }

    fn baru() -> Pengaduan {
        Pengaduan::catat(
            Uuid::from_u128(9),
            Layanan::Izin,
            Saluran::Telepon,
            "Bu Ani",
            "0812 3456 7890",
            "Surat izin belum jadi",
            "IZN/2026/0001",
            &by(0),
        )
        .unwrap()
    }

    #[test]
    fn respond_escalate_and_close_follow_the_standard() {
        let p = baru();
        let p = p
            .tindak(AksiPengaduan::Tanggapan, "Sedang diproses", &by(1))
            .unwrap();
        assert_eq!(p.status, StatusPengaduan::Ditanggapi);
        let p = p
            .tindak(AksiPengaduan::Eskalasi, "Perlu keputusan Kabag", &by(2))
            .unwrap();
        assert_eq!(p.status, StatusPengaduan::Dieskalasi);
        let p = p
            .tindak(AksiPengaduan::Selesai, "Surat diterbitkan hari ini", &by(3))
            .unwrap();
        assert_eq!(p.status, StatusPengaduan::Selesai);
        assert_eq!(p.jejak.len(), 4);
        assert!(p.tindak(AksiPengaduan::Tanggapan, "lagi", &by(4)).is_err());
        assert!(baru().tindak(AksiPengaduan::Selesai, "  ", &by(1)).is_err());
    }

    #[test]
    fn the_timeline_only_grows_and_the_complaint_stays_as_logged() {
        let old = baru()
            .tindak(AksiPengaduan::Tanggapan, "A", &by(1))
            .unwrap();
        let next = old.tindak(AksiPengaduan::Selesai, "B", &by(2)).unwrap();
        assert!(next.check_change(&old).is_ok());
        let mut rewritten = next.clone();
        rewritten.jejak[1].isi = "diubah".into();
        assert!(rewritten.check_change(&old).is_err());
        let mut shrunk = old.clone();
        shrunk.jejak.pop();
        shrunk.status = StatusPengaduan::Baru;
        assert!(shrunk.check_change(&old).is_err());
        let mut edited = next.clone();
        edited.isi = "lain".into();
        assert!(edited.check_change(&old).is_err());
        let mut lying = next;
        lying.status = StatusPengaduan::Baru;
        assert!(lying.validate().is_err(), "status must follow the timeline");
    }

    #[test]
    fn contact_is_a_phone_or_an_email() {
        let mut p = baru();
        p.kontak = "ani@example.id".into();
        assert!(p.validate().is_ok());
        p.kontak = "ani@".into();
        assert_eq!(p.validate().unwrap_err().field, "kontak");
        p.kontak = "12".into();
        assert_eq!(p.validate().unwrap_err().field, "kontak");
    }
}
