//! What every synced record goes through on the server, per kind: decoded as its type
//! and validated, stamped with what only the server may say (who recorded it, when an
//! event was closed), its recording times bounded, re-serialised (unknown fields are
//! dropped) and capped in size.
//!
//! The device is not trusted for identity or time (DESIGN.md §4.3). A field the server
//! stamps keeps the server copy's value when the device sends it back unchanged, and
//! gets the signed-in user (or the server clock) when it is new; a device can therefore
//! neither put another person's name on a check-in nor backdate a closing.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::aspirasi::{Aspirasi, DokumentasiReses};
use crate::izin::PermohonanIzin;
use crate::jenis::dengan_tipe;
use crate::kantor::{
    BelanjaReses, Centang, HariLibur, KategoriAspirasi, Kelurahan, KesiapanReses, PermintaanData,
};
use crate::kehadiran::{JejakHadir, Kehadiran, TamuTambahan};
use crate::pengaduan::{JejakPengaduan, Pengaduan};
use crate::pengaturan::PengaturanKantor;
use crate::reses::{Anggota, MasaSidang, Pendamping, ResesEvent, Tamu};
use crate::sync::{Actor, MIN_CLIENT_TIME_MS, RecordKind, Scope};
use crate::tanggal::Tanggal;
use crate::validate::FieldError;

/// Largest record, as stored (JSON). Every field is bounded by its own validation; this
/// caps the whole, so no record can make every device's pull heavy.
pub const MAX_RECORD_BYTES: usize = 256 * 1024;
/// How far ahead of the server clock a recording time may be (device clocks drift).
pub const MAX_AHEAD_MS: i64 = 86_400_000;

/// A record another one must point at, live, in the same event (an attendance names a
/// guest of its event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub kind: RecordKind,
    pub id: Uuid,
    pub event_id: Uuid,
    /// Said when the reference does not hold.
    pub message: &'static str,
}

/// An incoming record as the server will store it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The typed record re-serialised: only its known fields.
    pub data: Map<String, Value>,
    pub scope: Scope,
    pub reference: Option<Reference>,
}

/// The per-type rules. Every record type implements it; the defaults are "nothing to
/// stamp, no recording times, no attachments".
pub trait RecordRules: Serialize + DeserializeOwned {
    fn record_id(&self) -> Uuid;
    /// The reses event the record belongs to (access and pull filtering).
    fn event_id(&self) -> Option<Uuid> {
        None
    }
    /// The type's own validation (`now`: server time, for rules that depend on today).
    fn validate_at(&self, now: i64) -> Result<(), FieldError>;
    /// Replaces what only the server may say, given the server copy (`current`).
    /// Fails when a recording time is outside [2020, server now + 1 day].
    fn stamp(&mut self, _current: Option<&Self>, _by: &Actor) -> Result<(), String> {
        Ok(())
    }
    /// SHA-256 (hex) of every attachment the record cites.
    fn attachments(&self) -> Vec<String> {
        Vec::new()
    }
    fn reference(&self) -> Option<Reference> {
        None
    }
}

/// `t` is a plausible recording time at server time `now`.
pub fn check_time(t: i64, now: i64, what: &str) -> Result<(), String> {
    if t < MIN_CLIENT_TIME_MS || t > now.saturating_add(MAX_AHEAD_MS) {
        return Err(format!(
            "Waktu {what} tidak masuk akal. Periksa tanggal dan jam perangkat."
        ));
    }
    Ok(())
}

/// The recorder of a record: kept from the server copy, or the signed-in user when new.
fn recorder(current: Option<(Uuid, &str)>, by: &Actor) -> (Uuid, String) {
    match current {
        Some((id, nama)) => (id, nama.to_string()),
        None => (by.user_id, by.nama.clone()),
    }
}

/// The methods every record type shares (its id, its event, its own validation), plus
/// whatever else the type needs (`{ fn stamp… }`).
macro_rules! rules {
    ($t:ty, $event:expr $(, { $($extra:tt)* })?) => {
        impl RecordRules for $t {
            fn record_id(&self) -> Uuid {
                self.id
            }
            fn event_id(&self) -> Option<Uuid> {
                let event: fn(&$t) -> Option<Uuid> = $event;
                event(self)
            }
            fn validate_at(&self, _now: i64) -> Result<(), FieldError> {
                self.validate()
            }
            $($($extra)*)?
        }
    };
}

rules!(Anggota, |_| None);
rules!(Pendamping, |_| None);
rules!(MasaSidang, |_| None);
rules!(ResesEvent, |r| Some(r.id));
rules!(Tamu, |r| Some(r.event_id));
rules!(Kelurahan, |_| None);
rules!(KategoriAspirasi, |_| None);
rules!(HariLibur, |_| None);
rules!(PermintaanData, |r| r.event_id);
rules!(BelanjaReses, |r| Some(r.event_id));
rules!(PengaturanKantor, |_| None);

rules!(Kehadiran, |r| Some(r.event_id), {
    /// Trail entries the server already holds stay as they are; every other entry is
    /// this user's, on this device. The check-in kept is the server's when it is the
    /// same one (time and signature), else this user's.
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        let known: &[JejakHadir] = current.map_or(&[], |c| &c.jejak);
        for j in &mut self.jejak {
            if known.contains(j) {
                continue;
            }
            check_time(j.waktu, by.now, "kehadiran")?;
            j.oleh = by.user_id;
            j.nama = by.nama.clone();
            j.perangkat = by.device_id;
        }
        let same = current.filter(|c| c.waktu == self.waktu && c.tanda_tangan == self.tanda_tangan);
        if same.is_none() {
            check_time(self.waktu, by.now, "kehadiran")?;
        }
        (self.dicatat_oleh, self.nama_pencatat) =
            recorder(same.map(|c| (c.dicatat_oleh, c.nama_pencatat.as_str())), by);
        Ok(())
    }
    fn reference(&self) -> Option<Reference> {
        Some(Reference {
            kind: RecordKind::Tamu,
            id: self.tamu_id,
            event_id: self.event_id,
            message: "Tamu ini tidak ada di daftar undangan kegiatan tersebut.",
        })
    }
});

rules!(TamuTambahan, |r| Some(r.event_id), {
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        if current.is_none_or(|c| c.waktu != self.waktu) {
            check_time(self.waktu, by.now, "hadir")?;
        }
        (self.dicatat_oleh, self.nama_pencatat) = recorder(
            current.map(|c| (c.dicatat_oleh, c.nama_pencatat.as_str())),
            by,
        );
        Ok(())
    }
});

rules!(Aspirasi, |r| Some(r.event_id), {
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        if current.is_none_or(|c| c.waktu != self.waktu) {
            check_time(self.waktu, by.now, "pencatatan")?;
        }
        (self.dicatat_oleh, self.nama_pencatat) = recorder(
            current.map(|c| (c.dicatat_oleh, c.nama_pencatat.as_str())),
            by,
        );
        Ok(())
    }
    fn attachments(&self) -> Vec<String> {
        self.foto.clone()
    }
});

rules!(DokumentasiReses, |r| Some(r.event_id), {
    /// A closing is the server's: when it first arrives it gets the server clock and
    /// the signed-in user; later copies cannot move it. Clearing it (reopening) is left
    /// to authorisation, which allows it to office staff only.
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        if self.ditutup_pada.is_none() {
            self.ditutup_oleh = None;
            return Ok(());
        }
        match current.filter(|c| c.ditutup_pada.is_some()) {
            Some(c) => {
                self.ditutup_pada = c.ditutup_pada;
                self.ditutup_oleh = c.ditutup_oleh.clone();
            }
            None => {
                self.ditutup_pada = Some(by.now);
                self.ditutup_oleh = Some(by.nama.clone());
            }
        }
        Ok(())
    }
    fn attachments(&self) -> Vec<String> {
        self.foto.clone()
    }
});

rules!(KesiapanReses, |r| Some(r.event_id), {
    /// A tick the server does not have yet is this user's, now.
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        let stamp = |mine: &mut Option<Centang>, theirs: Option<&Centang>| {
            if let Some(c) = mine {
                match theirs {
                    Some(t) => t.clone_into(c),
                    None => {
                        *c = Centang {
                            oleh: by.nama.clone(),
                            pada: by.now,
                        }
                    }
                }
            }
        };
        let cur = |f: fn(&KesiapanReses) -> &Option<Centang>| current.and_then(|c| f(c).as_ref());
        stamp(
            &mut self.pendamping_dikonfirmasi,
            cur(|c| &c.pendamping_dikonfirmasi),
        );
        stamp(&mut self.dokumen_dicetak, cur(|c| &c.dokumen_dicetak));
        stamp(&mut self.bahan_diterima, cur(|c| &c.bahan_diterima));
        stamp(
            &mut self.tempat_dikonfirmasi,
            cur(|c| &c.tempat_dikonfirmasi),
        );
        Ok(())
    }
});

rules!(Pengaduan, |_| None, {
    /// Timeline entries the server does not hold yet are this user's.
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        if current.is_none_or(|c| c.diterima != self.diterima) {
            check_time(self.diterima, by.now, "penerimaan pengaduan")?;
        }
        let known: &[JejakPengaduan] = current.map_or(&[], |c| &c.jejak);
        for j in &mut self.jejak {
            if known.contains(j) {
                continue;
            }
            check_time(j.waktu, by.now, "tanggapan")?;
            j.oleh = by.user_id;
            j.nama = by.nama.clone();
        }
        Ok(())
    }
});

impl RecordRules for PermohonanIzin {
    fn record_id(&self) -> Uuid {
        self.id
    }
    // Whether a NIK's birth date is possible depends on today.
    fn validate_at(&self, now: i64) -> Result<(), FieldError> {
        self.validate(Tanggal::from_epoch_ms_wib(now))
    }
    fn stamp(&mut self, current: Option<&Self>, by: &Actor) -> Result<(), String> {
        if current.is_none_or(|c| c.dibuat != self.dibuat) {
            check_time(self.dibuat, by.now, "pembuatan permohonan")?;
        }
        Ok(())
    }
    fn attachments(&self) -> Vec<String> {
        self.surat_permohonan
            .iter()
            .chain(&self.scan_identitas)
            .cloned()
            .collect()
    }
}

/// Runs `$body` with `$t` standing for the record type of `$kind`: the one table from
/// kinds to types.
macro_rules! with_type {
    ($kind:expr, $t:ident => $body:expr) => {
        crate::jenis::jenis_rekaman!(dengan_tipe; $kind, $t => $body)
    };
}

/// Decodes a record, saying which field did not fit (never the decoder's own text).
///
/// From an owned value through [`crate::json::dari`], as the app's storage reads
/// records: one decoder per record type in the app's code, not one for `Value` and
/// another for `&Value`, and none reading a record from an array.
fn decode<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    crate::json::dari(v.clone()).map_err(|e| misfit::<T>(v, &e))
}

/// Why `v` did not decode as `T`. The server names the field at fault wherever it is
/// (a second, path-tracking pass, only on failure); the app, which only meets this in
/// the office list editor, names a missing field and otherwise says the record does
/// not fit, so it carries no second decoder per type.
#[cfg(not(target_arch = "wasm32"))]
fn misfit<T: DeserializeOwned>(v: &Value, _: &serde_json::Error) -> String {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(_) => TIDAK_SESUAI.to_string(),
        Err(e) => {
            let path = e.path().to_string();
            describe(
                &e.inner().to_string(),
                path.split('.').next().unwrap_or_default(),
            )
        }
    }
}

#[cfg(target_arch = "wasm32")]
#[allow(
    clippy::extra_unused_type_parameters,
    reason = "the native version's signature, so `decode` calls either alike"
)]
fn misfit<T>(_: &Value, e: &serde_json::Error) -> String {
    describe(&e.to_string(), "")
}

const TIDAK_SESUAI: &str = "Data catatan tidak lengkap atau tidak sesuai format.";

/// The message for a decoder's error `inner` at the top-level field `at` (`""` or `"?"`
/// when unknown).
fn describe(inner: &str, at: &str) -> String {
    // A missing field is reported at its parent; its name is in the message.
    let missing = inner
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
        .map(str::to_string);
    let field = match &missing {
        Some(m) if at.is_empty() || at == "?" => m.clone(),
        _ => at.to_string(),
    }
    .replace('_', " ");
    if field.is_empty() || field == "?" {
        TIDAK_SESUAI.to_string()
    } else if missing.is_some() {
        format!("Isian \"{field}\" wajib diisi.")
    } else {
        format!("Isian \"{field}\" belum diisi atau tidak sesuai format.")
    }
}

/// Counts the bytes written to it.
struct Size(usize);

impl std::io::Write for Size {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn encode<T: Serialize>(r: &T) -> Result<Map<String, Value>, String> {
    let mut size = Size(0);
    if serde_json::to_writer(&mut size, r).is_err() {
        return Err("Data catatan tidak dapat disimpan.".into());
    }
    match serde_json::to_value(r) {
        Ok(Value::Object(o)) => {
            let size = size.0;
            if size > MAX_RECORD_BYTES {
                return Err(format!(
                    "Catatan terlalu besar ({} KB; paling besar {} KB).",
                    size / 1024,
                    MAX_RECORD_BYTES / 1024
                ));
            }
            Ok(o)
        }
        _ => Err("Data catatan harus berupa objek.".into()),
    }
}

fn typed<T: RecordRules>(id: Uuid, data: &Value, now: i64) -> Result<T, String> {
    typed_field(id, data, now).map_err(|e| e.message)
}

fn typed_field<T: RecordRules>(id: Uuid, data: &Value, now: i64) -> Result<T, FieldError> {
    let whole = |message: String| FieldError { field: "", message };
    let r: T = decode(data).map_err(whole)?;
    r.validate_at(now)?;
    if r.record_id() != id {
        return Err(whole(
            "ID di dalam data tidak sama dengan ID catatan.".into(),
        ));
    }
    Ok(r)
}

fn accept_as<T: RecordRules>(
    id: Uuid,
    data: &Value,
    current: Option<&Map<String, Value>>,
    by: &Actor,
) -> Result<Checked, String> {
    let mut r: T = typed(id, data, by.now)?;
    // The server copy was checked when it was stored; one that no longer reads (an older
    // shape) is treated as absent for stamping, so nothing of it is trusted either.
    let cur: Option<T> = current.and_then(|c| crate::json::dari(Value::Object(c.clone())).ok());
    r.stamp(cur.as_ref(), by)?;
    Ok(Checked {
        data: encode(&r)?,
        scope: Scope {
            event_id: r.event_id(),
        },
        reference: r.reference(),
    })
}

impl RecordKind {
    /// Decodes `data` as this kind, checks it is valid (as of `now`, ms since epoch) and
    /// carries `id`, and returns the reses event it belongs to. What the office list
    /// editor asks before it queues a change; the server uses [`RecordKind::accept`].
    pub fn check(self, id: Uuid, data: &Value, now: i64) -> Result<Scope, String> {
        with_type!(self, T => typed::<T>(id, data, now).map(|r| Scope { event_id: r.event_id() }))
    }

    /// [`check`](Self::check), saying which field is wrong (`""` for the whole record),
    /// for forms that mark the field.
    pub fn check_field(self, id: Uuid, data: &Value, now: i64) -> Result<Scope, FieldError> {
        with_type!(self, T => typed_field::<T>(id, data, now).map(|r| Scope { event_id: r.event_id() }))
    }

    /// The server's reading of an incoming record: [`check`](Self::check), then stamped
    /// against the server copy `current` by `by`, re-serialised and size-capped.
    pub fn accept(
        self,
        id: Uuid,
        data: &Value,
        current: Option<&Map<String, Value>>,
        by: &Actor,
    ) -> Result<Checked, String> {
        with_type!(self, T => accept_as::<T>(id, data, current, by))
    }

    /// The kinds whose records cite attachments.
    pub const CITE_ATTACHMENTS: [RecordKind; 3] = [
        RecordKind::Aspirasi,
        RecordKind::DokumentasiReses,
        RecordKind::Izin,
    ];

    /// The attachments a stored record cites (none when it does not read as its kind).
    pub fn attachments(self, data: &Map<String, Value>) -> Vec<String> {
        if !Self::CITE_ATTACHMENTS.contains(&self) {
            return Vec::new();
        }
        let value = Value::Object(data.clone());
        with_type!(self, T => T::deserialize(&value).map(|r| r.attachments()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kehadiran::{AksiHadir, Pencatat};
    use crate::tanda_tangan::TandaTangan;
    use serde_json::json;

    const NOW: i64 = 1_795_000_000_000;

    fn actor(n: u128) -> Actor {
        Actor {
            user_id: Uuid::from_u128(n),
            device_id: Some(Uuid::from_u128(100 + n)),
            now: NOW,
            nama: format!("Pengguna {n}"),
        }
    }

    fn check_in(n: u128, waktu: i64) -> Kehadiran {
        let by = Pencatat {
            user_id: Uuid::from_u128(n),
            nama: format!("Ditulis perangkat {n}"),
            perangkat: Some(Uuid::from_u128(100 + n)),
            waktu,
        };
        let ttd = TandaTangan::from_strokes(100.0, 40.0, &[vec![(1.0, 1.0), (9.0, 9.0)]]).unwrap();
        Kehadiran::check_in(
            None,
            Uuid::from_u128(0xE),
            Uuid::from_u128(0x7),
            true,
            ttd,
            &by,
        )
        .unwrap()
    }

    fn accept(k: &Kehadiran, current: Option<&Kehadiran>, by: &Actor) -> Result<Kehadiran, String> {
        let cur = current.map(|c| {
            serde_json::to_value(c)
                .unwrap()
                .as_object()
                .unwrap()
                .clone()
        });
        let checked = RecordKind::Kehadiran.accept(
            k.id,
            &serde_json::to_value(k).unwrap(),
            cur.as_ref(),
            by,
        )?;
        Ok(serde_json::from_value(Value::Object(checked.data)).unwrap())
    }

    #[test]
    fn a_check_in_is_recorded_by_the_signed_in_user_whatever_the_device_wrote() {
        // The device claims user 9 (a staff member) recorded it.
        let k = check_in(9, NOW - 60_000);
        let stored = accept(&k, None, &actor(1)).unwrap();
        assert_eq!(stored.dicatat_oleh, Uuid::from_u128(1));
        assert_eq!(stored.nama_pencatat, "Pengguna 1");
        assert_eq!(stored.jejak[0].oleh, Uuid::from_u128(1));
        assert_eq!(stored.jejak[0].perangkat, Some(Uuid::from_u128(101)));
        assert_eq!(stored.waktu, NOW - 60_000, "the time stays the device's");
    }

    #[test]
    fn trail_entries_the_server_holds_keep_their_recorder() {
        let first = accept(&check_in(1, NOW - 60_000), None, &actor(1)).unwrap();
        // Another tablet pulled it, then undid it.
        let by2 = Pencatat {
            user_id: Uuid::from_u128(1),
            nama: "pura-pura pengguna 1".into(),
            perangkat: None,
            waktu: NOW - 30_000,
        };
        let undone = first.undo(&by2, "salah orang").unwrap();
        let stored = accept(&undone, Some(&first), &actor(2)).unwrap();
        assert_eq!(stored.jejak[0], first.jejak[0]);
        assert_eq!(stored.jejak[1].oleh, Uuid::from_u128(2));
        assert_eq!(stored.jejak[1].nama, "Pengguna 2");
        assert_eq!(stored.jejak[1].aksi, AksiHadir::Batal);
        // The check-in itself is the first tablet's.
        assert_eq!(stored.dicatat_oleh, Uuid::from_u128(1));
    }

    #[test]
    fn recording_times_outside_2020_to_tomorrow_are_refused() {
        let mut k = check_in(1, NOW - 60_000);
        k.jejak[0].waktu = 9_000_000_000_000_000;
        assert!(
            accept(&k, None, &actor(1))
                .unwrap_err()
                .contains("tidak masuk akal")
        );
        let k = check_in(1, NOW + MAX_AHEAD_MS + 1);
        assert!(accept(&k, None, &actor(1)).is_err());
        let k = check_in(1, NOW + MAX_AHEAD_MS - 1);
        assert!(accept(&k, None, &actor(1)).is_ok());
    }

    #[test]
    fn unknown_fields_are_dropped_and_oversized_records_refused() {
        let k = check_in(1, NOW - 60_000);
        let mut v = serde_json::to_value(&k).unwrap();
        v["sisipan"] = json!("x".repeat(1000));
        let checked = RecordKind::Kehadiran
            .accept(k.id, &v, None, &actor(1))
            .unwrap();
        assert!(!checked.data.contains_key("sisipan"));
        assert!(checked.data.contains_key("tamu_id"));
        let big = Tamu {
            id: Uuid::from_u128(5),
            event_id: Uuid::from_u128(0xE),
            nama: "Siti".into(),
            alamat: String::new(),
            rt: String::new(),
            rw: String::new(),
            kelurahan: String::new(),
            jenis_kelamin: None,
            keterangan: String::new(),
            telepon: String::new(),
        };
        assert!(encode(&big).is_ok());
        let huge: Map<String, Value> = (0..300)
            .map(|i| (format!("f{i}"), Value::String("y".repeat(1024))))
            .collect();
        assert!(encode(&huge).unwrap_err().contains("terlalu besar"));
    }

    #[test]
    fn a_record_that_does_not_decode_names_its_field_not_the_decoder() {
        let mut v = serde_json::to_value(ResesEvent {
            id: Uuid::from_u128(1),
            anggota_id: Uuid::from_u128(2),
            masa_sidang_id: Uuid::from_u128(3),
            tanggal: Tanggal::new(2026, 12, 1).unwrap(),
            jam_mulai: 540,
            tempat: "Balai".into(),
            alamat: "Jl. A".into(),
            kelurahan: "Medono".into(),
            kecamatan: "Pekalongan Barat".into(),
            perkiraan_tamu: 5,
            pendamping_ids: vec![],
            status: crate::reses::StatusReses::Direncanakan,
            kunci_undangan: String::new(),
            mulai_fasilitasi: None,
            nomor_undangan: String::new(),
        })
        .unwrap();
        v["anggota_id"] = json!("");
        let e = RecordKind::ResesEvent
            .check(Uuid::from_u128(1), &v, NOW)
            .unwrap_err();
        assert!(e.starts_with("Isian \"anggota id\""), "{e}");
        assert!(!e.contains("UUID") && !e.contains("line"), "{e}");
        let e = RecordKind::Tamu
            .check(Uuid::from_u128(1), &json!({"id": Uuid::from_u128(1)}), NOW)
            .unwrap_err();
        assert!(e.contains("wajib diisi"), "{e}");
    }

    #[test]
    fn a_closing_gets_the_server_clock_and_cannot_be_moved() {
        let event = Uuid::from_u128(0xE);
        let mut d = DokumentasiReses::empty(event);
        d.ditutup_pada = Some(MIN_CLIENT_TIME_MS + 5);
        d.ditutup_oleh = Some("siapa saja".into());
        let by = actor(1);
        let mut first = d.clone();
        first.stamp(None, &by).unwrap();
        assert_eq!(first.ditutup_pada, Some(NOW));
        assert_eq!(first.ditutup_oleh.as_deref(), Some("Pengguna 1"));
        let mut later = d.clone();
        later.stamp(Some(&first), &actor(2)).unwrap();
        assert_eq!(later.ditutup_pada, Some(NOW));
        assert_eq!(later.ditutup_oleh.as_deref(), Some("Pengguna 1"));
    }

    #[test]
    fn readiness_ticks_are_stamped_with_the_user_and_server_time() {
        let event = Uuid::from_u128(0xE);
        let mut k: KesiapanReses = serde_json::from_value(json!({
            "id": KesiapanReses::id_for(event), "event_id": event,
            "dokumen_dicetak": {"oleh": "Orang lain", "pada": 1}
        }))
        .unwrap();
        k.stamp(None, &actor(3)).unwrap();
        let tick = k.dokumen_dicetak.clone().unwrap();
        assert_eq!((tick.oleh.as_str(), tick.pada), ("Pengguna 3", NOW));
        let mut again = k.clone();
        again.dokumen_dicetak = Some(Centang {
            oleh: "ubah".into(),
            pada: 2,
        });
        again.stamp(Some(&k), &actor(4)).unwrap();
        assert_eq!(again.dokumen_dicetak, Some(tick));
    }
}
