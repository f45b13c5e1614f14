//! Permits to hold public events (izin penyelenggaraan kegiatan, seed 004): the
//! application, the published procedure as a workflow with one responsible role per
//! step, and the step times as working-time deadlines.
//!
//! An application is written (offline too) as a draft and synced like any record. The
//! server owns the fields the workflow sets ([`KOLOM_SERVER`]): it gives the registration
//! number when it first receives a submitted application, and it alone applies
//! [`Tindakan`]s, each checked by [`langkah`] and appended to the timeline.

use crate::sort;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;
use crate::kehadiran::telepon;
use crate::kerja::{Kalender, Sla};
use crate::nik::periksa_nik;
use crate::sync::MIN_CLIENT_TIME_MS;
use crate::tanggal::{Tanggal, format_waktu_lokal, parse_waktu_lokal};
use crate::validate::{FieldError, required_text};

/// Fields only the server writes.
pub const KOLOM_SERVER: [&str; 4] = ["status", "riwayat", "nomor_registrasi", "nomor_surat"];

/// Health-protocol measures an application may commit to (checklist).
pub const PROTOKOL: [&str; 7] = [
    "Menyediakan tempat cuci tangan dan sabun / hand sanitizer",
    "Peserta wajib memakai masker",
    "Pengecekan suhu tubuh di pintu masuk",
    "Pengaturan jarak tempat duduk",
    "Membatasi jumlah peserta sesuai kapasitas",
    "Menyediakan petugas pengawas protokol kesehatan",
    "Tidak menyajikan makanan prasmanan",
];

/// Kinds of event.
pub const JENIS_KEGIATAN: [&str; 7] = [
    "Keagamaan",
    "Pernikahan / hajatan",
    "Seni dan budaya",
    "Olahraga",
    "Pendidikan / seminar",
    "Pameran / bazar",
    "Lainnya",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusIzin {
    /// Written, not yet submitted.
    Draf,
    /// Received; the registration number is given.
    Diterima,
    /// Disposition to Bagian Kesra (via Sekda and Asisten).
    Didisposisikan,
    /// Received by the Kesra officer.
    DiterimaPetugas,
    /// Permit letter drafted.
    DraftSurat,
    /// Reviewed by the PPTK.
    DitelitiPptk,
    /// Verified by the Kabag Kesra.
    DiverifikasiKabag,
    /// Forwarded by the Sekda and Asisten to the Walikota.
    DiteruskanSekda,
    /// Approved by the Walikota: ready for pickup at the front desk.
    SiapDiambil,
    /// Picked up by the applicant.
    Diambil,
    /// Returned for correction; the officer corrects and drafts again.
    Dikembalikan,
    /// Refused, with a reason.
    Ditolak,
}

impl StatusIzin {
    pub fn label(self) -> &'static str {
        match self {
            StatusIzin::Draf => "Draf",
            StatusIzin::Diterima => "Diterima",
            StatusIzin::Didisposisikan => "Didisposisikan ke Kesra",
            StatusIzin::DiterimaPetugas => "Diterima petugas",
            StatusIzin::DraftSurat => "Draf surat izin dibuat",
            StatusIzin::DitelitiPptk => "Diteliti PPTK",
            StatusIzin::DiverifikasiKabag => "Diverifikasi Kabag Kesra",
            StatusIzin::DiteruskanSekda => "Diteruskan Sekda / Asisten",
            StatusIzin::SiapDiambil => "Disetujui Walikota, siap diambil",
            StatusIzin::Diambil => "Sudah diambil",
            StatusIzin::Dikembalikan => "Dikembalikan untuk perbaikan",
            StatusIzin::Ditolak => "Ditolak",
        }
    }

    pub fn selesai(self) -> bool {
        matches!(self, StatusIzin::Diambil | StatusIzin::Ditolak)
    }
}

/// What a person does to an application at its current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aksi {
    /// Complete the current step (the button says what that means, [`Langkah::tombol`]).
    Lanjut,
    /// Return for correction (review steps only); a note is required.
    Kembalikan,
    /// Refuse (review steps only); a reason is required.
    Tolak,
}

/// A request to act on an application (`POST /api/izin/{id}/tindakan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tindakan {
    pub aksi: Aksi,
    #[serde(default)]
    pub catatan: String,
}

/// One entry of the append-only timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiwayatIzin {
    pub waktu: i64,
    pub status: StatusIzin,
    pub oleh: Uuid,
    pub nama: String,
    pub peran: Role,
    #[serde(default)]
    pub catatan: String,
}

/// One run through a published stage ([`PermohonanIzin::waktu_tahap`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaktuTahap {
    /// Index into [`TAHAP`].
    pub tahap: usize,
    pub mulai: i64,
    /// `None` while the application still waits at this stage.
    pub selesai: Option<i64>,
    /// Office minutes taken (so far).
    pub menit: i64,
    /// Ended (or, running, still) within the published time.
    pub tepat: bool,
}

/// The step an application waits at: who acts, with what button, within what time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Langkah {
    /// The role responsible.
    pub peran: Role,
    /// Where `Lanjut` leads.
    pub berikut: StatusIzin,
    /// The button's words.
    pub tombol: &'static str,
    /// May this step return or refuse the application?
    pub tinjauan: bool,
    /// The published stage this step belongs to and its time ([`TAHAP`]).
    pub tahap: usize,
}

/// The published stages (seed 004, Uraian a–f) and their times. Stage `e` runs from the
/// PPTK's submission to the Walikota's approval; stage `f` is the pickup.
pub const TAHAP: [(&str, Sla); 6] = [
    ("Disposisi ke Bagian Kesra", Sla::Menit(5)),
    ("Penerimaan disposisi oleh petugas", Sla::Menit(30)),
    ("Pembuatan draf surat izin", Sla::Menit(60)),
    ("Penelitian dan koreksi PPTK", Sla::Menit(30)),
    (
        "Verifikasi Kabag, Sekda/Asisten, persetujuan Walikota",
        Sla::HariKerja(1),
    ),
    ("Pengambilan surat izin", Sla::HariKerja(1)),
];

/// The step an application in `status` waits at, if any.
pub fn langkah(status: StatusIzin) -> Option<Langkah> {
    use StatusIzin as S;
    let l = |peran, berikut, tombol, tinjauan, tahap| {
        Some(Langkah {
            peran,
            berikut,
            tombol,
            tinjauan,
            tahap,
        })
    };
    match status {
        S::Diterima => l(
            Role::Sekda,
            S::Didisposisikan,
            "Disposisikan ke Kesra",
            false,
            0,
        ),
        S::Didisposisikan => l(
            Role::PetugasKesra,
            S::DiterimaPetugas,
            "Terima disposisi",
            false,
            1,
        ),
        S::DiterimaPetugas => l(
            Role::PetugasKesra,
            S::DraftSurat,
            "Draf surat izin selesai",
            true,
            2,
        ),
        S::Dikembalikan => l(
            Role::PetugasKesra,
            S::DraftSurat,
            "Perbaikan selesai, ajukan lagi",
            false,
            2,
        ),
        S::DraftSurat => l(
            Role::Pptk,
            S::DitelitiPptk,
            "Sudah diteliti, ajukan ke Kabag",
            true,
            3,
        ),
        S::DitelitiPptk => l(
            Role::KabagKesra,
            S::DiverifikasiKabag,
            "Verifikasi",
            true,
            4,
        ),
        S::DiverifikasiKabag => l(
            Role::Sekda,
            S::DiteruskanSekda,
            "Teruskan ke Walikota",
            true,
            4,
        ),
        S::DiteruskanSekda => l(Role::Walikota, S::SiapDiambil, "Setujui", true, 4),
        S::SiapDiambil => l(
            Role::PetugasInformasi,
            S::Diambil,
            "Sudah diambil pemohon",
            false,
            5,
        ),
        S::Draf | S::Diambil | S::Ditolak => None,
    }
}

/// The status after `role` does `aksi` at `status`, or why they may not.
pub fn transisi(status: StatusIzin, role: Role, t: &Tindakan) -> Result<StatusIzin, String> {
    let Some(step) = langkah(status) else {
        return Err(format!(
            "Permohonan berstatus \"{}\" tidak dapat diproses lagi.",
            status.label()
        ));
    };
    if role != step.peran {
        return Err(format!(
            "Langkah ini dikerjakan oleh {}, bukan {}.",
            step.peran.label(),
            role.label()
        ));
    }
    if t.catatan.chars().count() > 1_000 {
        return Err("Catatan terlalu panjang (paling banyak 1.000 karakter).".into());
    }
    match t.aksi {
        Aksi::Lanjut => Ok(step.berikut),
        Aksi::Kembalikan | Aksi::Tolak if !step.tinjauan => {
            Err("Langkah ini tidak dapat mengembalikan atau menolak permohonan.".into())
        }
        Aksi::Kembalikan | Aksi::Tolak if t.catatan.trim().is_empty() => {
            Err("Tuliskan alasannya pada catatan.".into())
        }
        Aksi::Kembalikan => Ok(StatusIzin::Dikembalikan),
        Aksi::Tolak => Ok(StatusIzin::Ditolak),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pemohon {
    pub nama: String,
    pub nik: String,
    pub alamat: String,
    pub telepon: String,
    #[serde(default)]
    pub organisasi: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keramaian {
    pub nama: String,
    pub jenis: String,
    /// Start and end, ms since epoch.
    pub mulai: i64,
    pub selesai: i64,
    pub tempat: String,
    pub perkiraan_peserta: u32,
    /// Which of [`PROTOKOL`] (by text) the applicant commits to.
    #[serde(default)]
    pub protokol: Vec<String>,
}

/// A permit application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermohonanIzin {
    pub id: Uuid,
    pub pemohon: Pemohon,
    pub kegiatan: Keramaian,
    /// SHA-256 of the scanned request letter and ID card (attachments).
    #[serde(default)]
    pub surat_permohonan: Option<String>,
    #[serde(default)]
    pub scan_identitas: Option<String>,
    /// The officer sent it in (the server then numbers it).
    pub diajukan: bool,
    /// When it was written (device time): the provisional number is made from it.
    pub dibuat: i64,
    // Server-owned (KOLOM_SERVER).
    pub status: StatusIzin,
    #[serde(default)]
    pub riwayat: Vec<RiwayatIzin>,
    #[serde(default)]
    pub nomor_registrasi: Option<String>,
    #[serde(default)]
    pub nomor_surat: Option<String>,
}

impl PermohonanIzin {
    /// What to show before the server numbers it: `SEMENTARA-…`.
    pub fn nomor_tampil(&self) -> String {
        self.nomor_registrasi.clone().unwrap_or_else(|| {
            let s = self.id.simple().to_string();
            format!("SEMENTARA-{}", s[s.len() - 6..].to_ascii_uppercase())
        })
    }

    pub fn validate(&self, today: Tanggal) -> Result<(), FieldError> {
        let p = &self.pemohon;
        let k = &self.kegiatan;
        let err = |field, message: String| Err(FieldError { field, message });
        required_text("nama", "Nama pemohon", &p.nama, 120)?;
        if let Err(e) = periksa_nik(&p.nik, today) {
            return err("nik", e);
        }
        required_text("alamat", "Alamat pemohon", &p.alamat, 240)?;
        required_text("telepon", "Nomor telepon", &p.telepon, 20)?;
        telepon("telepon", &p.telepon)?;
        if p.organisasi.chars().count() > 160 {
            return err("organisasi", "Nama organisasi terlalu panjang.".into());
        }
        required_text("nama_kegiatan", "Nama kegiatan", &k.nama, 160)?;
        required_text("jenis", "Jenis kegiatan", &k.jenis, 60)?;
        required_text("tempat", "Tempat kegiatan", &k.tempat, 240)?;
        if k.mulai < MIN_CLIENT_TIME_MS {
            return err("mulai", "Isi tanggal dan jam mulai kegiatan.".into());
        }
        if k.selesai <= k.mulai {
            return err(
                "selesai",
                "Waktu selesai harus sesudah waktu mulai kegiatan.".into(),
            );
        }
        if k.selesai - k.mulai > 31 * 86_400_000 {
            return err(
                "selesai",
                "Kegiatan paling lama 31 hari; ajukan izin terpisah untuk yang lebih lama.".into(),
            );
        }
        if k.perkiraan_peserta == 0 || k.perkiraan_peserta > 100_000 {
            return err(
                "perkiraan_peserta",
                "Perkiraan peserta harus 1 sampai 100.000 orang.".into(),
            );
        }
        if k.protokol.len() > PROTOKOL.len() || k.protokol.iter().any(|x| x.chars().count() > 160) {
            return err("protokol", "Daftar protokol kesehatan tidak valid.".into());
        }
        for f in [&self.surat_permohonan, &self.scan_identitas]
            .into_iter()
            .flatten()
        {
            if f.len() != 64 || !f.bytes().all(|b| b.is_ascii_hexdigit()) {
                return err("lampiran", "Rujukan lampiran tidak valid.".into());
            }
        }
        if self.diajukan && self.surat_permohonan.is_none() {
            return err(
                "surat_permohonan",
                "Lampirkan pindaian surat permohonan sebelum mengajukan.".into(),
            );
        }
        if self.diajukan && self.scan_identitas.is_none() {
            return err(
                "scan_identitas",
                "Lampirkan pindaian tanda pengenal sebelum mengajukan.".into(),
            );
        }
        Ok(())
    }

    /// When the current stage started: the first timeline entry of that stage in the
    /// latest run through it.
    pub fn mulai_tahap(&self) -> Option<(usize, i64)> {
        let step = langkah(self.status)?;
        let mut start = self.riwayat.last()?.waktu;
        for r in self.riwayat.iter().rev() {
            // The entry that led into this stage is the one whose own step is in an
            // earlier stage (or none).
            match langkah(r.status) {
                Some(l) if l.tahap == step.tahap => start = r.waktu,
                _ => break,
            }
        }
        Some((step.tahap, start))
    }

    /// Each run through a published stage, in order: when it started and ended, how many
    /// office minutes it took, against the stage's published time. A stage gone through
    /// twice (returned for correction) shows twice; the current one has no end yet.
    pub fn waktu_tahap(&self, cal: &Kalender, now: i64) -> Vec<WaktuTahap> {
        let mut out: Vec<WaktuTahap> = Vec::new();
        for r in &self.riwayat {
            let tahap = langkah(r.status).map(|l| l.tahap);
            if let Some(last) = out.last_mut()
                && last.selesai.is_none()
            {
                if Some(last.tahap) == tahap {
                    continue;
                }
                last.selesai = Some(r.waktu);
            }
            if let Some(tahap) = tahap {
                out.push(WaktuTahap {
                    tahap,
                    mulai: r.waktu,
                    selesai: None,
                    menit: 0,
                    tepat: true,
                });
            }
        }
        for w in &mut out {
            let end = w.selesai.unwrap_or(now.max(w.mulai));
            w.menit = cal.menit_kerja_antara(w.mulai, end);
            w.tepat = end <= cal.tenggat(w.mulai, TAHAP[w.tahap].1);
        }
        out
    }

    /// The deadline of the current stage, in working time.
    pub fn tenggat(&self, cal: &Kalender) -> Option<i64> {
        let (tahap, start) = self.mulai_tahap()?;
        Some(cal.tenggat(start, TAHAP[tahap].1))
    }
}

/// The inbox of `role`: applications waiting at a step of theirs, the earliest deadline
/// first (so what is overdue comes first), with each deadline.
pub fn kotak_masuk<'a>(
    all: impl IntoIterator<Item = &'a PermohonanIzin>,
    role: Role,
    cal: &Kalender,
) -> Vec<(&'a PermohonanIzin, Option<i64>)> {
    let mut out: Vec<_> = all
        .into_iter()
        .filter(|p| langkah(p.status).is_some_and(|l| l.peran == role))
        .map(|p| (p, p.tenggat(cal)))
        .collect();
    sort::by_key(&mut out, |(p, due)| (due.unwrap_or(i64::MAX), p.dibuat));
    out
}

/// A registration number: `IZN/2026/0042`.
pub fn nomor_registrasi(tahun: i32, urut: i64) -> String {
    format!("IZN/{tahun}/{urut:04}")
}

/// A permit letter number: `300.1/0042/Kesra/XI/2026`.
pub fn nomor_surat(tanggal: Tanggal, urut: i64) -> String {
    const ROMAWI: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    format!(
        "300.1/{urut:04}/Kesra/{}/{}",
        ROMAWI[usize::from(tanggal.month) - 1],
        tanggal.year
    )
}

/// The application form's draft (`/izin/baru`, or correcting one at `/izin/:id/ubah`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrafIzin {
    pub id: Option<Uuid>,
    pub nama: String,
    pub nik: String,
    pub alamat: String,
    pub telepon: String,
    pub organisasi: String,
    pub nama_kegiatan: String,
    pub jenis: String,
    /// `datetime-local` values, WIB.
    pub mulai: String,
    pub selesai: String,
    pub tempat: String,
    pub perkiraan_peserta: String,
    pub protokol: Vec<String>,
    pub surat: Vec<String>,
    pub identitas: Vec<String>,
}

crate::draf::draf_dengan_id!(DrafIzin);

impl DrafIzin {
    /// The draft of a correction of `p`.
    pub fn dari_rekaman(p: &PermohonanIzin) -> DrafIzin {
        DrafIzin {
            id: Some(p.id),
            nama: p.pemohon.nama.clone(),
            nik: p.pemohon.nik.clone(),
            alamat: p.pemohon.alamat.clone(),
            telepon: p.pemohon.telepon.clone(),
            organisasi: p.pemohon.organisasi.clone(),
            nama_kegiatan: p.kegiatan.nama.clone(),
            jenis: p.kegiatan.jenis.clone(),
            mulai: format_waktu_lokal(p.kegiatan.mulai),
            selesai: format_waktu_lokal(p.kegiatan.selesai),
            tempat: p.kegiatan.tempat.clone(),
            perkiraan_peserta: p.kegiatan.perkiraan_peserta.to_string(),
            protokol: p.kegiatan.protokol.clone(),
            surat: p.surat_permohonan.iter().cloned().collect(),
            identitas: p.scan_identitas.iter().cloned().collect(),
        }
    }

    /// The application this draft saves as record `id` at `now`: new (a draft; submitted
    /// with `ajukan`), or a correction of `base`, which keeps what the workflow owns
    /// (status, timeline, numbers, when it was made, that it was submitted).
    pub fn ke_rekaman(
        &self,
        id: Uuid,
        base: Option<&PermohonanIzin>,
        ajukan: bool,
        now: i64,
    ) -> Result<PermohonanIzin, FieldError> {
        let salah = |field, message: &str| FieldError {
            field,
            message: message.into(),
        };
        let mulai = parse_waktu_lokal(&self.mulai)
            .ok_or_else(|| salah("mulai", "Isi tanggal dan jam mulai kegiatan."))?;
        let selesai = parse_waktu_lokal(&self.selesai)
            .ok_or_else(|| salah("selesai", "Isi tanggal dan jam selesai kegiatan."))?;
        let perkiraan_peserta = self
            .perkiraan_peserta
            .trim()
            .replace('.', "")
            .parse::<u32>()
            .map_err(|_| salah("perkiraan_peserta", "Perkiraan peserta harus berupa angka."))?;
        let p = PermohonanIzin {
            id,
            pemohon: Pemohon {
                nama: self.nama.trim().into(),
                nik: self.nik.chars().filter(char::is_ascii_digit).collect(),
                alamat: self.alamat.trim().into(),
                telepon: self.telepon.trim().into(),
                organisasi: self.organisasi.trim().into(),
            },
            kegiatan: Keramaian {
                nama: self.nama_kegiatan.trim().into(),
                jenis: self.jenis.clone(),
                mulai,
                selesai,
                tempat: self.tempat.trim().into(),
                perkiraan_peserta,
                protokol: self.protokol.clone(),
            },
            surat_permohonan: self.surat.first().cloned(),
            scan_identitas: self.identitas.first().cloned(),
            diajukan: ajukan || base.is_some_and(|b| b.diajukan),
            dibuat: base.map_or(now, |b| b.dibuat),
            status: base.map_or(StatusIzin::Draf, |b| b.status),
            riwayat: base.map(|b| b.riwayat.clone()).unwrap_or_default(),
            nomor_registrasi: base.and_then(|b| b.nomor_registrasi.clone()),
            nomor_surat: base.and_then(|b| b.nomor_surat.clone()),
        };
        p.validate(Tanggal::from_epoch_ms_wib(now))?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tanggal::epoch_ms_wib;

    fn lanjut() -> Tindakan {
        Tindakan {
            aksi: Aksi::Lanjut,
            catatan: String::new(),
        }
    }

    #[test]
    fn the_procedure_runs_through_every_role_in_order() {
        let order = [
            (Role::Sekda, StatusIzin::Didisposisikan),
            (Role::PetugasKesra, StatusIzin::DiterimaPetugas),
            (Role::PetugasKesra, StatusIzin::DraftSurat),
            (Role::Pptk, StatusIzin::DitelitiPptk),
            (Role::KabagKesra, StatusIzin::DiverifikasiKabag),
            (Role::Sekda, StatusIzin::DiteruskanSekda),
            (Role::Walikota, StatusIzin::SiapDiambil),
            (Role::PetugasInformasi, StatusIzin::Diambil),
        ];
        let mut s = StatusIzin::Diterima;
        for (role, next) in order {
            for other in Role::ALL.into_iter().filter(|r| *r != role) {
                assert!(
                    transisi(s, other, &lanjut()).is_err(),
                    "{other:?} acted at {s:?}"
                );
            }
            s = transisi(s, role, &lanjut()).unwrap();
            assert_eq!(s, next);
        }
        assert!(s.selesai());
        assert!(transisi(s, Role::Admin, &lanjut()).is_err());
    }

    #[test]
    fn review_steps_return_or_refuse_with_a_reason_and_others_cannot() {
        let back = |catatan: &str| Tindakan {
            aksi: Aksi::Kembalikan,
            catatan: catatan.into(),
        };
        assert_eq!(
            transisi(StatusIzin::DraftSurat, Role::Pptk, &back("Tanggal salah")),
            Ok(StatusIzin::Dikembalikan)
        );
        assert!(transisi(StatusIzin::DraftSurat, Role::Pptk, &back(" ")).is_err());
        assert!(transisi(StatusIzin::Diterima, Role::Sekda, &back("x")).is_err());
        let refuse = Tindakan {
            aksi: Aksi::Tolak,
            catatan: "Melanggar ketentuan".into(),
        };
        assert_eq!(
            transisi(StatusIzin::DiteruskanSekda, Role::Walikota, &refuse),
            Ok(StatusIzin::Ditolak)
        );
        // A returned application goes back to the officer, then to the PPTK again.
        assert_eq!(
            transisi(StatusIzin::Dikembalikan, Role::PetugasKesra, &lanjut()),
            Ok(StatusIzin::DraftSurat)
        );
    }

    #[test]
    fn the_stage_deadline_runs_from_the_start_of_the_stage() {
        let t = |h, m| epoch_ms_wib(Tanggal::new(2026, 11, 24).unwrap(), h, m);
        let entry = |status, waktu| RiwayatIzin {
            waktu,
            status,
            oleh: Uuid::nil(),
            nama: String::new(),
            peran: Role::Admin,
            catatan: String::new(),
        };
        let mut p = contoh();
        p.status = StatusIzin::DiverifikasiKabag;
        p.riwayat = vec![
            entry(StatusIzin::Diterima, t(8, 0)),
            entry(StatusIzin::DraftSurat, t(9, 0)),
            entry(StatusIzin::DitelitiPptk, t(10, 0)),
            entry(StatusIzin::DiverifikasiKabag, t(13, 0)),
        ];
        // Stage e started when the PPTK finished (10.00): due 10.00 the next working day.
        assert_eq!(p.mulai_tahap(), Some((4, t(10, 0))));
        let due = p.tenggat(&Kalender::standar()).unwrap();
        assert_eq!(
            due,
            epoch_ms_wib(Tanggal::new(2026, 11, 25).unwrap(), 10, 0)
        );
    }

    #[test]
    fn the_inbox_puts_the_most_overdue_first_and_only_the_roles_own_steps() {
        let t = |h, m| epoch_ms_wib(Tanggal::new(2026, 11, 24).unwrap(), h, m);
        let at = |status, waktu| {
            let mut p = contoh();
            p.id = Uuid::from_u128(waktu as u128);
            p.status = status;
            p.riwayat = vec![RiwayatIzin {
                waktu,
                status,
                oleh: Uuid::nil(),
                nama: String::new(),
                peran: Role::Admin,
                catatan: String::new(),
            }];
            p
        };
        let recent = at(StatusIzin::DraftSurat, t(10, 0));
        let old = at(StatusIzin::DraftSurat, t(8, 0));
        let not_mine = at(StatusIzin::DitelitiPptk, t(7, 0));
        let all = [recent.clone(), not_mine, old.clone()];
        let inbox = kotak_masuk(&all, Role::Pptk, &Kalender::standar());
        let ids: Vec<Uuid> = inbox.iter().map(|(p, _)| p.id).collect();
        assert_eq!(ids, vec![old.id, recent.id]);
        // Stage d is 30 minutes: the older one was due at 08.30.
        assert_eq!(inbox[0].1, Some(t(8, 30)));
    }

    fn contoh() -> PermohonanIzin {
        let day = Tanggal::new(2026, 12, 5).unwrap();
        PermohonanIzin {
            id: Uuid::from_u128(1),
            pemohon: Pemohon {
                nama: "Ahmad Fauzi".into(),
                nik: "3375011708850001".into(),
                alamat: "Jl. Hayam Wuruk 5".into(),
                telepon: "0812 2345 6789".into(),
                organisasi: "Karang Taruna".into(),
            },
            kegiatan: Keramaian {
                nama: "Pengajian akbar".into(),
                jenis: JENIS_KEGIATAN[0].into(),
                mulai: epoch_ms_wib(day, 19, 0),
                selesai: epoch_ms_wib(day, 22, 0),
                tempat: "Lapangan Mataram".into(),
                perkiraan_peserta: 300,
                protokol: vec![PROTOKOL[0].into()],
            },
            surat_permohonan: Some("a".repeat(64)),
            scan_identitas: Some("b".repeat(64)),
            diajukan: true,
            dibuat: epoch_ms_wib(day, 8, 0),
            status: StatusIzin::Draf,
            riwayat: Vec::new(),
            nomor_registrasi: None,
            nomor_surat: None,
        }
    }

    #[test]
    fn each_stage_run_is_timed_against_its_published_time() {
        let cal = Kalender::standar();
        // Wednesday 2 December 2026, office hours.
        let day = Tanggal::new(2026, 12, 2).unwrap();
        let mut p = contoh();
        let step = |status, h, m| RiwayatIzin {
            waktu: epoch_ms_wib(day, h, m),
            status,
            oleh: Uuid::nil(),
            nama: "x".into(),
            peran: Role::PetugasKesra,
            catatan: String::new(),
        };
        p.riwayat = vec![
            step(StatusIzin::Diterima, 8, 0),
            step(StatusIzin::Didisposisikan, 8, 4),
            step(StatusIzin::DiterimaPetugas, 8, 50),
            step(StatusIzin::Dikembalikan, 9, 10),
            step(StatusIzin::DraftSurat, 9, 40),
        ];
        p.status = StatusIzin::DraftSurat;
        let w = p.waktu_tahap(&cal, epoch_ms_wib(day, 10, 0));
        let got: Vec<_> = w
            .iter()
            .map(|w| (w.tahap, w.menit, w.tepat, w.selesai.is_some()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 4, true, true),
                (1, 46, false, true),
                // Received, returned, corrected: one run of the drafting stage.
                (2, 50, true, true),
                (3, 20, true, false),
            ]
        );
    }

    #[test]
    fn applications_check_nik_dates_and_attachments() {
        let today = Tanggal::new(2026, 11, 23).unwrap();
        assert!(contoh().validate(today).is_ok());
        let mut p = contoh();
        p.pemohon.nik = "1234".into();
        assert_eq!(p.validate(today).unwrap_err().field, "nik");
        let mut p = contoh();
        p.kegiatan.selesai = p.kegiatan.mulai - 60_000;
        assert_eq!(p.validate(today).unwrap_err().field, "selesai");
        let mut p = contoh();
        p.kegiatan.perkiraan_peserta = 0;
        assert_eq!(p.validate(today).unwrap_err().field, "perkiraan_peserta");
        let mut p = contoh();
        p.surat_permohonan = None;
        assert_eq!(p.validate(today).unwrap_err().field, "surat_permohonan");
        p.diajukan = false;
        assert!(p.validate(today).is_ok(), "a draft may lack attachments");
    }

    #[test]
    fn numbers_read_the_official_way() {
        assert_eq!(nomor_registrasi(2026, 42), "IZN/2026/0042");
        assert_eq!(
            nomor_surat(Tanggal::new(2026, 11, 23).unwrap(), 7),
            "300.1/0007/Kesra/XI/2026"
        );
        assert!(contoh().nomor_tampil().starts_with("SEMENTARA-"));
    }

    #[test]
    fn an_application_draft_becomes_a_draft_record_and_a_correction_keeps_the_workflow() {
        let now = crate::tanggal::epoch_ms_wib(Tanggal::new(2026, 12, 1).unwrap(), 9, 0);
        let d = DrafIzin {
            nama: "Ahmad Fauzi".into(),
            nik: "3375 0101 0101 0001".into(),
            alamat: "Jl. Hayam Wuruk 5".into(),
            telepon: "081234567890".into(),
            nama_kegiatan: "Pengajian akbar".into(),
            jenis: JENIS_KEGIATAN[0].into(),
            mulai: "2026-12-20T19:00".into(),
            selesai: "2026-12-20T22:00".into(),
            tempat: "Lapangan Mataram".into(),
            perkiraan_peserta: "1.500".into(),
            surat: vec!["a".repeat(64)],
            identitas: vec!["b".repeat(64)],
            ..DrafIzin::default()
        };
        let id = Uuid::from_u128(9);
        let p = d.ke_rekaman(id, None, false, now).unwrap();
        assert_eq!(
            (p.status, p.diajukan, p.dibuat),
            (StatusIzin::Draf, false, now)
        );
        assert_eq!(p.pemohon.nik, "3375010101010001");
        assert_eq!(p.kegiatan.perkiraan_peserta, 1_500);
        assert_eq!(DrafIzin::dari_rekaman(&p).mulai, "2026-12-20T19:00");

        let mut numbered = p.clone();
        numbered.status = StatusIzin::Dikembalikan;
        numbered.diajukan = true;
        numbered.nomor_registrasi = Some("REG-2026-0001".into());
        let mut fix = DrafIzin::dari_rekaman(&numbered);
        fix.tempat = "GOR Jetayu".into();
        let q = fix.ke_rekaman(id, Some(&numbered), false, now + 1).unwrap();
        assert_eq!(q.kegiatan.tempat, "GOR Jetayu");
        assert_eq!(
            (q.status, q.diajukan, q.dibuat),
            (StatusIzin::Dikembalikan, true, now)
        );
        assert_eq!(q.nomor_registrasi.as_deref(), Some("REG-2026-0001"));

        let mut no_start = d.clone();
        no_start.mulai = String::new();
        assert_eq!(
            no_start.ke_rekaman(id, None, true, now).unwrap_err().field,
            "mulai"
        );
        let mut crowd = d;
        crowd.perkiraan_peserta = "banyak".into();
        assert_eq!(
            crowd.ke_rekaman(id, None, true, now).unwrap_err().field,
            "perkiraan_peserta"
        );
    }
}
