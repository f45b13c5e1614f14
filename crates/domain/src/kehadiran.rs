//! Attendance at a reses meeting (daftar hadir): invited guests checked in from the list,
//! and walk-ins who came without an invitation (seed 000 step 7).
//!
//! # One attendance per guest, whatever the number of tablets
//! The attendance record of a guest has an id derived from the guest's id
//! ([`Kehadiran::id_for`]), so two tablets checking in the same guest offline write the
//! same record. On the server the two copies do not conflict: they merge by
//! [`Kehadiran::merge`], which keeps the earliest check-in (its time, signature and
//! recorder) and the audit trail of both. Merging is commutative and idempotent, so the
//! order in which tablets sync does not matter.

use crate::sort;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::reses::JenisKelamin;
use crate::sync::MIN_CLIENT_TIME_MS;
use crate::tanda_tangan::TandaTangan;
use crate::validate::{FieldError, required_text};

/// Namespace of the ids derived from another record's id.
const NS_KEHADIRAN: Uuid = Uuid::from_u128(0x6b65_6861_6469_7261_6e00_0000_0000_0001);

/// What was done to an attendance, in its audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AksiHadir {
    /// Checked in.
    Hadir,
    /// A mistaken check-in undone.
    Batal,
}

/// One entry of an attendance's audit trail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct JejakHadir {
    /// When (ms since epoch, device clock).
    pub waktu: i64,
    pub aksi: AksiHadir,
    /// The user who did it.
    pub oleh: Uuid,
    pub nama: String,
    pub perangkat: Option<Uuid>,
    /// Why a check-in was undone (optional).
    #[serde(default)]
    pub alasan: String,
}

/// The attendance of one invited guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kehadiran {
    /// Always [`Kehadiran::id_for`] of `tamu_id`.
    pub id: Uuid,
    pub event_id: Uuid,
    pub tamu_id: Uuid,
    /// Present now (false after an undo).
    pub hadir: bool,
    /// When the guest was checked in (the earliest check-in when tablets merged).
    pub waktu: i64,
    /// The guest handed in the invitation.
    pub undangan_kembali: bool,
    pub tanda_tangan: Option<TandaTangan>,
    pub dicatat_oleh: Uuid,
    pub nama_pencatat: String,
    /// Every check-in and undo, oldest first.
    pub jejak: Vec<JejakHadir>,
}

/// Who recorded a change, on which device, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pencatat {
    pub user_id: Uuid,
    pub nama: String,
    pub perangkat: Option<Uuid>,
    pub waktu: i64,
}

impl Pencatat {
    fn jejak(&self, aksi: AksiHadir, alasan: &str) -> JejakHadir {
        JejakHadir {
            waktu: self.waktu,
            aksi,
            oleh: self.user_id,
            nama: self.nama.clone(),
            perangkat: self.perangkat,
            alasan: alasan.trim().to_string(),
        }
    }
}

impl Kehadiran {
    /// The attendance id of a guest: the same on every device.
    pub fn id_for(tamu_id: Uuid) -> Uuid {
        Uuid::new_v5(&NS_KEHADIRAN, tamu_id.as_bytes())
    }

    /// Checks a guest in. `current` is this device's copy of the guest's attendance, if
    /// any: a guest already present cannot be checked in twice.
    pub fn check_in(
        current: Option<&Kehadiran>,
        event_id: Uuid,
        tamu_id: Uuid,
        undangan_kembali: bool,
        tanda_tangan: TandaTangan,
        by: &Pencatat,
    ) -> Result<Kehadiran, FieldError> {
        if let Some(c) = current.filter(|c| c.hadir) {
            return Err(FieldError {
                field: "hadir",
                message: format!(
                    "Tamu ini sudah tercatat hadir pukul {} oleh {}.",
                    crate::tanggal::format_time_wib(c.waktu),
                    c.nama_pencatat
                ),
            });
        }
        let mut jejak = current.map(|c| c.jejak.clone()).unwrap_or_default();
        jejak.push(by.jejak(AksiHadir::Hadir, ""));
        let k = Kehadiran {
            id: Kehadiran::id_for(tamu_id),
            event_id,
            tamu_id,
            hadir: true,
            waktu: by.waktu,
            undangan_kembali,
            tanda_tangan: Some(tanda_tangan),
            dicatat_oleh: by.user_id,
            nama_pencatat: by.nama.clone(),
            jejak,
        };
        k.validate()?;
        Ok(k)
    }

    /// Undoes a mistaken check-in; the trail keeps both the check-in and the undo.
    pub fn undo(&self, by: &Pencatat, alasan: &str) -> Result<Kehadiran, FieldError> {
        if !self.hadir {
            return Err(FieldError {
                field: "hadir",
                message: "Tamu ini tidak sedang tercatat hadir.".into(),
            });
        }
        if alasan.chars().count() > 240 {
            return Err(FieldError {
                field: "alasan",
                message: "Alasan terlalu panjang (paling banyak 240 karakter).".into(),
            });
        }
        let mut k = self.clone();
        k.hadir = false;
        k.jejak.push(by.jejak(AksiHadir::Batal, alasan));
        Ok(k)
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        let err = |field, message: &str| {
            Err(FieldError {
                field,
                message: message.into(),
            })
        };
        if self.id != Kehadiran::id_for(self.tamu_id) {
            return err("id", "ID kehadiran tidak sesuai dengan tamunya.");
        }
        if self.waktu < MIN_CLIENT_TIME_MS {
            return err("waktu", "Waktu hadir tidak masuk akal.");
        }
        if self.jejak.is_empty() || self.jejak.len() > 200 {
            return err("jejak", "Jejak kehadiran tidak valid.");
        }
        if self.hadir {
            match &self.tanda_tangan {
                Some(t) => t.validate()?,
                None => return err("tanda_tangan", "Tanda tangan belum dibuat."),
            }
        }
        if self.nama_pencatat.chars().count() > 120
            || self.jejak.iter().any(|j| {
                j.nama.chars().count() > 120
                    || j.alasan.chars().count() > 240
                    || j.waktu < MIN_CLIENT_TIME_MS
            })
        {
            return err("jejak", "Jejak kehadiran tidak valid.");
        }
        Ok(())
    }

    /// Joins two copies of one guest's attendance (two tablets, or a tablet and the
    /// server): the trail is the union of both; present or not follows the latest entry
    /// of the trail; the check-in kept (time, signature, invitation returned, recorder)
    /// is the earliest of the copies that are present.
    pub fn merge(a: &Kehadiran, b: &Kehadiran) -> Kehadiran {
        let mut jejak: Vec<JejakHadir> = a.jejak.iter().chain(&b.jejak).cloned().collect();
        sort::all(&mut jejak);
        jejak.dedup();
        let hadir = jejak
            .last()
            .map_or(a.hadir || b.hadir, |j| j.aksi == AksiHadir::Hadir);
        let key = |k: &Kehadiran| (!k.hadir, k.waktu, k.dicatat_oleh, k.jejak.len());
        let first = if key(a) <= key(b) { a } else { b };
        Kehadiran {
            hadir,
            jejak,
            ..first.clone()
        }
    }
}

/// A walk-in: someone who came without an invitation (tamu tanpa undangan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TamuTambahan {
    pub id: Uuid,
    pub event_id: Uuid,
    pub nama: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub jenis_kelamin: JenisKelamin,
    /// Optional.
    #[serde(default)]
    pub telepon: String,
    pub tanda_tangan: TandaTangan,
    pub waktu: i64,
    pub dicatat_oleh: Uuid,
    pub nama_pencatat: String,
}

impl TamuTambahan {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama", &self.nama, 120)?;
        required_text("alamat", "Alamat", &self.alamat, 240)?;
        rt_rw(&self.rt, &self.rw)?;
        required_text("kelurahan", "Kelurahan", &self.kelurahan, 80)?;
        telepon("telepon", &self.telepon)?;
        self.tanda_tangan.validate()?;
        if self.waktu < MIN_CLIENT_TIME_MS {
            return Err(FieldError {
                field: "waktu",
                message: "Waktu hadir tidak masuk akal.".into(),
            });
        }
        Ok(())
    }
}

/// RT and RW: empty, or a number of at most 3 digits.
pub fn rt_rw(rt: &str, rw: &str) -> Result<(), FieldError> {
    for (field, label, v) in [("rt", "RT", rt), ("rw", "RW", rw)] {
        let v = v.trim();
        if !v.is_empty() && (v.len() > 3 || !v.chars().all(|c| c.is_ascii_digit())) {
            return Err(FieldError {
                field,
                message: format!("{label} harus berupa angka, paling banyak 3 digit."),
            });
        }
    }
    Ok(())
}

/// An optional Indonesian phone number: 8 to 15 digits, optionally `+62…`, spaces and
/// dashes allowed.
pub fn telepon(field: &'static str, v: &str) -> Result<(), FieldError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(());
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let allowed = v
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == ' ' || c == '-' || (c == '+' && i == 0));
    if !allowed || !(8..=15).contains(&digits.len()) {
        return Err(FieldError {
            field,
            message: "Nomor telepon harus 8–15 angka, misalnya 0812 3456 7890.".into(),
        });
    }
    Ok(())
}

/// The check-in form's draft: whether the invitation came back, and the signature.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrafHadir {
    pub undangan_kembali: Option<bool>,
    pub tanda_tangan: Option<TandaTangan>,
}

impl crate::draf::Draf for DrafHadir {}

impl DrafHadir {
    /// The guest `tamu_id` of `event_id` checked in by `by` (over `current`, the guest's
    /// attendance record if there is one); or what is still missing.
    pub fn ke_rekaman(
        &self,
        current: Option<&Kehadiran>,
        event_id: Uuid,
        tamu_id: Uuid,
        by: &Pencatat,
    ) -> Result<Kehadiran, FieldError> {
        let kembali = self.undangan_kembali.ok_or_else(|| FieldError {
            field: "undangan_kembali",
            message: "Pilih apakah undangan dikembalikan.".into(),
        })?;
        let ttd = self.tanda_tangan.clone().ok_or_else(|| FieldError {
            field: "tanda_tangan",
            message: "Tanda tangan belum dibuat. Minta tamu menandatangani di kotak.".into(),
        })?;
        Kehadiran::check_in(current, event_id, tamu_id, kembali, ttd, by)
    }
}

/// The walk-in form's draft (`/reses/:id/tambahan/baru`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrafTamuTambahan {
    pub id: Option<Uuid>,
    pub nama: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub telepon: String,
    pub tanda_tangan: Option<TandaTangan>,
}

crate::draf::draf_dengan_id!(DrafTamuTambahan);

impl DrafTamuTambahan {
    /// The walk-in this draft records at `event_id`, by `by`, as record `id`; or the
    /// field that is wrong.
    pub fn ke_rekaman(
        &self,
        id: Uuid,
        event_id: Uuid,
        by: &Pencatat,
    ) -> Result<TamuTambahan, FieldError> {
        let salah = |field, message: &str| FieldError {
            field,
            message: message.into(),
        };
        let jenis_kelamin = self
            .jenis_kelamin
            .ok_or_else(|| salah("jenis_kelamin", "Pilih jenis kelamin."))?;
        let tanda_tangan = self
            .tanda_tangan
            .clone()
            .ok_or_else(|| salah("tanda_tangan", "Tanda tangan belum dibuat."))?;
        let rec = TamuTambahan {
            id,
            event_id,
            nama: self.nama.trim().to_string(),
            alamat: self.alamat.trim().to_string(),
            rt: self.rt.trim().to_string(),
            rw: self.rw.trim().to_string(),
            kelurahan: self.kelurahan.clone(),
            jenis_kelamin,
            telepon: self.telepon.trim().to_string(),
            tanda_tangan,
            waktu: by.waktu,
            dicatat_oleh: by.user_id,
            nama_pencatat: by.nama.clone(),
        };
        rec.validate()?;
        Ok(rec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_000_000_000;

    fn ttd() -> TandaTangan {
        TandaTangan::from_strokes(100.0, 40.0, &[vec![(1.0, 1.0), (9.0, 9.0)]]).unwrap()
    }

    fn by(n: u128, waktu: i64) -> Pencatat {
        Pencatat {
            user_id: Uuid::from_u128(n),
            nama: format!("Pendamping {n}"),
            perangkat: Some(Uuid::from_u128(100 + n)),
            waktu,
        }
    }

    fn guest() -> (Uuid, Uuid) {
        (Uuid::from_u128(7), Uuid::from_u128(8))
    }

    #[test]
    fn a_present_guest_cannot_be_checked_in_twice_but_can_after_an_undo() {
        let (e, t) = guest();
        let k = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0)).unwrap();
        assert!(k.hadir);
        assert_eq!(k.id, Kehadiran::id_for(t));
        let again = Kehadiran::check_in(Some(&k), e, t, true, ttd(), &by(1, T0 + 5));
        assert_eq!(again.unwrap_err().field, "hadir");

        let undone = k.undo(&by(1, T0 + 10), "salah pilih").unwrap();
        assert!(!undone.hadir);
        assert_eq!(undone.jejak.len(), 2);
        assert_eq!(undone.jejak[1].alasan, "salah pilih");
        assert!(undone.validate().is_ok());
        let redo = Kehadiran::check_in(Some(&undone), e, t, false, ttd(), &by(1, T0 + 20)).unwrap();
        assert!(redo.hadir);
        assert_eq!(redo.jejak.len(), 3);
        assert_eq!(redo.waktu, T0 + 20);
    }

    #[test]
    fn two_tablets_merge_into_one_attendance_with_the_earliest_time_and_both_recorders() {
        let (e, t) = guest();
        let a = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0 + 60_000)).unwrap();
        let b = Kehadiran::check_in(None, e, t, false, ttd(), &by(2, T0)).unwrap();
        let m = Kehadiran::merge(&a, &b);
        assert!(m.hadir);
        assert_eq!(m.waktu, T0);
        assert_eq!(m.dicatat_oleh, Uuid::from_u128(2));
        assert!(!m.undangan_kembali);
        let who: Vec<u128> = m.jejak.iter().map(|j| j.oleh.as_u128()).collect();
        assert_eq!(who, vec![2, 1]);
        // Commutative and idempotent.
        assert_eq!(Kehadiran::merge(&b, &a), m);
        assert_eq!(Kehadiran::merge(&m, &a), m);
        assert_eq!(Kehadiran::merge(&m, &m), m);
        assert!(m.validate().is_ok());
    }

    #[test]
    fn an_undo_after_the_other_tablets_check_in_wins_and_an_earlier_one_does_not() {
        let (e, t) = guest();
        let a = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0)).unwrap();
        let b = Kehadiran::check_in(None, e, t, true, ttd(), &by(2, T0 + 10))
            .unwrap()
            .undo(&by(2, T0 + 20), "")
            .unwrap();
        assert!(!Kehadiran::merge(&a, &b).hadir);
        let late = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0 + 30)).unwrap();
        let m = Kehadiran::merge(&late, &b);
        assert!(m.hadir);
        assert_eq!(m.waktu, T0 + 30, "the check-in still standing is kept");
    }

    #[test]
    fn forged_ids_and_missing_signatures_are_refused() {
        let (e, t) = guest();
        let mut k = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0)).unwrap();
        k.id = Uuid::from_u128(99);
        assert_eq!(k.validate().unwrap_err().field, "id");
        let mut k = Kehadiran::check_in(None, e, t, true, ttd(), &by(1, T0)).unwrap();
        k.tanda_tangan = None;
        assert_eq!(k.validate().unwrap_err().field, "tanda_tangan");
    }

    #[test]
    fn walk_ins_need_a_name_address_and_a_sane_phone() {
        let w = TamuTambahan {
            id: Uuid::from_u128(1),
            event_id: Uuid::from_u128(2),
            nama: "Budi".into(),
            alamat: "Jl. Sriwijaya 4".into(),
            rt: "2".into(),
            rw: "11".into(),
            kelurahan: "Medono".into(),
            jenis_kelamin: JenisKelamin::LakiLaki,
            telepon: "+62 812-3456-7890".into(),
            tanda_tangan: ttd(),
            waktu: T0,
            dicatat_oleh: Uuid::from_u128(3),
            nama_pencatat: "P".into(),
        };
        assert!(w.validate().is_ok());
        let e = TamuTambahan {
            nama: "  ".into(),
            ..w.clone()
        };
        assert_eq!(e.validate().unwrap_err().field, "nama");
        for bad in ["12345", "0812abc45678", "08-12+3456789"] {
            let e = TamuTambahan {
                telepon: bad.into(),
                ..w.clone()
            };
            assert_eq!(e.validate().unwrap_err().field, "telepon", "{bad}");
        }
    }

    fn draf_tambahan() -> DrafTamuTambahan {
        DrafTamuTambahan {
            id: None,
            nama: "  Pak Warsono ".into(),
            alamat: "Jl. Seruni 4".into(),
            rt: "001".into(),
            rw: "002".into(),
            kelurahan: "Medono".into(),
            jenis_kelamin: Some(JenisKelamin::LakiLaki),
            telepon: String::new(),
            tanda_tangan: TandaTangan::from_strokes(
                300.0,
                120.0,
                &[vec![(5.0, 5.0), (80.0, 60.0)]],
            ),
        }
    }

    #[test]
    fn a_walk_in_draft_becomes_a_trimmed_record_by_the_recorder() {
        let by = Pencatat {
            user_id: Uuid::from_u128(7),
            nama: "Sri".into(),
            perangkat: None,
            waktu: 1_795_000_000_000,
        };
        let (id, event) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let t = draf_tambahan().ke_rekaman(id, event, &by).unwrap();
        assert_eq!(
            (t.id, t.event_id, t.nama.as_str()),
            (id, event, "Pak Warsono")
        );
        assert_eq!(
            (t.dicatat_oleh, t.nama_pencatat.as_str(), t.waktu),
            (by.user_id, "Sri", by.waktu)
        );

        let mut no_gender = draf_tambahan();
        no_gender.jenis_kelamin = None;
        assert_eq!(
            no_gender.ke_rekaman(id, event, &by).unwrap_err().field,
            "jenis_kelamin"
        );
        let mut unsigned = draf_tambahan();
        unsigned.tanda_tangan = None;
        assert_eq!(
            unsigned.ke_rekaman(id, event, &by).unwrap_err().field,
            "tanda_tangan"
        );
        let mut bad_rt = draf_tambahan();
        bad_rt.rt = "tiga".into();
        assert_eq!(bad_rt.ke_rekaman(id, event, &by).unwrap_err().field, "rt");
    }

    #[test]
    fn a_check_in_draft_needs_the_invitation_answer_and_a_signature() {
        let by = Pencatat {
            user_id: Uuid::from_u128(7),
            nama: "Sri".into(),
            perangkat: None,
            waktu: 1_795_000_000_000,
        };
        let (event, tamu) = (Uuid::from_u128(2), Uuid::from_u128(3));
        let mut d = DrafHadir::default();
        assert_eq!(
            d.ke_rekaman(None, event, tamu, &by).unwrap_err().field,
            "undangan_kembali"
        );
        d.undangan_kembali = Some(true);
        assert_eq!(
            d.ke_rekaman(None, event, tamu, &by).unwrap_err().field,
            "tanda_tangan"
        );
        d.tanda_tangan = TandaTangan::from_strokes(300.0, 120.0, &[vec![(5.0, 5.0), (80.0, 60.0)]]);
        let k = d.ke_rekaman(None, event, tamu, &by).unwrap();
        assert_eq!(
            (k.id, k.hadir, k.undangan_kembali),
            (Kehadiran::id_for(tamu), true, true)
        );
    }
}
