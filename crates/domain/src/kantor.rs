//! The office side of reses (seed 000 steps 1–6, DESIGN.md §3.1): the editable master
//! data (wilayah, aspiration categories, holidays), data requests to members, materials
//! and budget lines, the readiness checklist, and the service deadline of each reses.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kerja::{Kalender, LiburResmi, libur_resmi};
use crate::reses::ResesEvent;
use crate::tanggal::Tanggal;
use crate::validate::{FieldError, required_text};

fn salah(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// One kelurahan of the city and its kecamatan (record kind `wilayah`). The city's
/// areas change rarely but do change (the 2014 merger), so they are data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kelurahan {
    pub id: Uuid,
    pub kecamatan: String,
    pub nama: String,
}

impl Kelurahan {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("kecamatan", "Kecamatan", &self.kecamatan, 80)?;
        required_text("nama", "Nama kelurahan", &self.nama, 80)
    }
}

/// A category of citizens' aspirations and the OPD (city agency) that takes it up,
/// for entering pokir in SIPD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KategoriAspirasi {
    pub id: Uuid,
    pub nama: String,
    /// Target OPD, e.g. `Dinas Pekerjaan Umum dan Penataan Ruang`.
    pub opd: String,
}

impl KategoriAspirasi {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Nama kategori", &self.nama, 80)?;
        required_text("opd", "OPD tujuan", &self.opd, 160)
    }
}

/// A national holiday or cuti bersama: not a working day. Kept per date, so each year's
/// list (SKB tiga menteri) is entered and corrected as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HariLibur {
    pub id: Uuid,
    pub tanggal: Tanggal,
    pub nama: String,
    #[serde(default)]
    pub cuti_bersama: bool,
}

impl HariLibur {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("nama", "Keterangan hari libur", &self.nama, 120)
    }

    /// The record of a published holiday.
    pub fn resmi(l: &LiburResmi) -> HariLibur {
        HariLibur {
            id: HariLibur::id_for(l.tanggal),
            tanggal: l.tanggal,
            nama: l.nama.into(),
            cuti_bersama: l.cuti_bersama,
        }
    }

    /// The id of a date's entry: one per date, so two offices entering the same holiday
    /// write one record.
    pub fn id_for(tanggal: Tanggal) -> Uuid {
        Uuid::new_v5(
            &Uuid::NAMESPACE_OID,
            format!("hari-libur:{}", tanggal.iso()).as_bytes(),
        )
    }
}

/// The working-day calendar from the holiday records, year by year: a year with any
/// record is exactly its records; a year without any keeps the published list built in
/// (2026), so entering next year's holidays never drops this year's.
pub fn kalender<'a>(libur: impl IntoIterator<Item = &'a HariLibur>) -> Kalender {
    let dicatat: BTreeSet<Tanggal> = libur.into_iter().map(|h| h.tanggal).collect();
    let tahun: BTreeSet<i32> = dicatat.iter().map(|t| t.year).collect();
    let mut all: BTreeSet<Tanggal> = Kalender::standar()
        .libur
        .into_iter()
        .filter(|t| !tahun.contains(&t.year))
        .collect();
    all.extend(dicatat);
    Kalender { libur: all }
}

/// Published holidays of `year` that are not among the office's records while the
/// office keeps some for that year: they count as working days. Empty when the year has
/// no records (the published list applies whole) or holds all of them.
pub fn resmi_terlewat(libur: &[HariLibur], year: i32) -> Vec<LiburResmi> {
    let dicatat: BTreeSet<Tanggal> = libur
        .iter()
        .map(|h| h.tanggal)
        .filter(|t| t.year == year)
        .collect();
    if dicatat.is_empty() {
        return Vec::new();
    }
    libur_resmi()
        .into_iter()
        .filter(|l| l.tanggal.year == year && !dicatat.contains(&l.tanggal))
        .collect()
}

/// Years whose published list applies because the office has no record for them.
pub fn tahun_resmi_berlaku(libur: &[HariLibur]) -> Vec<i32> {
    let dicatat: BTreeSet<i32> = libur.iter().map(|h| h.tanggal.year).collect();
    let resmi: BTreeSet<i32> = libur_resmi().iter().map(|l| l.tanggal.year).collect();
    resmi.difference(&dicatat).copied().collect()
}

/// Of `years`, those the calendar knows no holiday of: deadlines falling there are
/// counted over weekends only, and staff should enter that year's list.
pub fn tahun_tanpa_libur(kal: &Kalender, years: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let known: BTreeSet<i32> = kal.libur.iter().map(|t| t.year).collect();
    let wanted: BTreeSet<i32> = years.into_iter().collect();
    wanted.difference(&known).copied().collect()
}

/// Step 1: the secretariat asks a member's office for data (the guest list, the venue,
/// the proposals) by a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermintaanData {
    pub id: Uuid,
    pub anggota_id: Uuid,
    /// The reses event it is for, when it is for one.
    #[serde(default)]
    pub event_id: Option<Uuid>,
    /// What was asked, e.g. `Daftar tamu undangan dan lokasi reses`.
    pub perihal: String,
    pub diminta: Tanggal,
    pub tenggat: Tanggal,
    /// When it came in; `None` while it is awaited.
    #[serde(default)]
    pub diterima: Option<Tanggal>,
    #[serde(default)]
    pub catatan: String,
}

impl PermintaanData {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("perihal", "Perihal permintaan", &self.perihal, 240)?;
        if self.tenggat < self.diminta {
            return Err(salah(
                "tenggat",
                "Batas waktu tidak boleh sebelum tanggal permintaan.",
            ));
        }
        if self.catatan.chars().count() > 1000 {
            return Err(salah(
                "catatan",
                "Catatan terlalu panjang (paling banyak 1.000 karakter).",
            ));
        }
        Ok(())
    }

    /// Awaited and past its due date on `hari_ini`.
    pub fn terlambat(&self, hari_ini: Tanggal) -> bool {
        self.diterima.is_none() && hari_ini > self.tenggat
    }
}

/// Step 2: one line of the materials order and budget of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BelanjaReses {
    pub id: Uuid,
    pub event_id: Uuid,
    /// `Konsumsi (snack box)`, `Sewa tenda`, `Spanduk`.
    pub barang: String,
    pub volume: f64,
    pub satuan: String,
    /// Unit price in whole rupiah.
    pub harga_satuan: i64,
    #[serde(default)]
    pub pemasok: String,
    #[serde(default)]
    pub diterima: bool,
}

/// Largest amount of one budget line: Rp 10 miliar.
pub const MAKS_RUPIAH: i64 = 10_000_000_000;

impl BelanjaReses {
    pub fn validate(&self) -> Result<(), FieldError> {
        required_text("barang", "Barang/jasa", &self.barang, 160)?;
        required_text("satuan", "Satuan", &self.satuan, 40)?;
        if !(self.volume.is_finite() && self.volume > 0.0 && self.volume <= 1_000_000.0) {
            return Err(salah("volume", "Volume harus lebih dari 0."));
        }
        if !(0..=MAKS_RUPIAH).contains(&self.harga_satuan) {
            return Err(salah("harga_satuan", "Harga satuan tidak wajar."));
        }
        if self.total() > MAKS_RUPIAH {
            return Err(salah(
                "harga_satuan",
                "Jumlah baris ini melebihi Rp 10 miliar.",
            ));
        }
        if self.pemasok.chars().count() > 160 {
            return Err(salah("pemasok", "Nama penyedia terlalu panjang."));
        }
        Ok(())
    }

    /// Volume × unit price, rounded to whole rupiah.
    pub fn total(&self) -> i64 {
        (self.volume * self.harga_satuan as f64).round() as i64
    }
}

/// `Rp 1.250.000` (negative amounts as `-Rp 5.000`).
pub fn format_rupiah(n: i64) -> String {
    let digits = crate::angka::format_angka(n.unsigned_abs() as f64, 0);
    format!("{}Rp {digits}", if n < 0 { "-" } else { "" })
}

/// Reads a rupiah amount as people type it: `Rp 1.250.000`, `1250000`, `1.250.000,00`.
pub fn parse_rupiah(s: &str) -> Result<i64, String> {
    let t = s
        .trim()
        .trim_start_matches("Rp")
        .trim_start_matches("rp")
        .trim();
    let t = match t.split_once(',') {
        Some((whole, sen)) if sen.chars().all(|c| c == '0') => whole,
        Some(_) => return Err("Tulis jumlah dalam rupiah penuh, tanpa sen.".into()),
        None => t,
    };
    let digits: String = t.chars().filter(|c| *c != '.' && *c != ' ').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || digits.len() > 12 {
        return Err("Tulis jumlah sebagai angka, mis. 1.250.000.".into());
    }
    digits
        .parse()
        .map_err(|_| "Jumlah tidak dapat dibaca.".to_string())
}

/// Who ticked an item of the readiness checklist, and when (ms since epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centang {
    pub oleh: String,
    pub pada: i64,
}

/// Step 6: is the event ready? One record per event; each item a top-level field, so
/// two people ticking different items at once both count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KesiapanReses {
    pub id: Uuid,
    pub event_id: Uuid,
    #[serde(default)]
    pub pendamping_dikonfirmasi: Option<Centang>,
    #[serde(default)]
    pub dokumen_dicetak: Option<Centang>,
    #[serde(default)]
    pub bahan_diterima: Option<Centang>,
    #[serde(default)]
    pub tempat_dikonfirmasi: Option<Centang>,
}

/// The checklist's items: field name and label.
pub const BUTIR_KESIAPAN: [(&str, &str); 4] = [
    ("pendamping_dikonfirmasi", "Pendamping sudah dikonfirmasi"),
    (
        "dokumen_dicetak",
        "Dokumen (undangan, daftar hadir, lembar aspirasi) sudah dicetak",
    ),
    ("bahan_diterima", "Bahan dan konsumsi sudah diterima"),
    ("tempat_dikonfirmasi", "Tempat sudah dikonfirmasi"),
];

impl KesiapanReses {
    pub fn id_for(event_id: Uuid) -> Uuid {
        Uuid::new_v5(&event_id, b"kesiapan")
    }

    pub fn empty(event_id: Uuid) -> Self {
        KesiapanReses {
            id: Self::id_for(event_id),
            event_id,
            pendamping_dikonfirmasi: None,
            dokumen_dicetak: None,
            bahan_diterima: None,
            tempat_dikonfirmasi: None,
        }
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if self.id != Self::id_for(self.event_id) {
            return Err(salah(
                "id",
                "Daftar kesiapan tidak cocok dengan kegiatannya.",
            ));
        }
        Ok(())
    }

    pub fn butir(&self, field: &str) -> Option<&Centang> {
        match field {
            "pendamping_dikonfirmasi" => self.pendamping_dikonfirmasi.as_ref(),
            "dokumen_dicetak" => self.dokumen_dicetak.as_ref(),
            "bahan_diterima" => self.bahan_diterima.as_ref(),
            "tempat_dikonfirmasi" => self.tempat_dikonfirmasi.as_ref(),
            _ => None,
        }
    }

    pub fn set(&mut self, field: &str, value: Option<Centang>) {
        let slot = match field {
            "pendamping_dikonfirmasi" => &mut self.pendamping_dikonfirmasi,
            "dokumen_dicetak" => &mut self.dokumen_dicetak,
            "bahan_diterima" => &mut self.bahan_diterima,
            "tempat_dikonfirmasi" => &mut self.tempat_dikonfirmasi,
            _ => return,
        };
        *slot = value;
    }

    /// How many of the items are ticked.
    pub fn selesai(&self) -> usize {
        BUTIR_KESIAPAN
            .iter()
            .filter(|(f, _)| self.butir(f).is_some())
            .count()
    }
}

/// Working days the secretariat has to complete a reses facilitation (seed 000).
pub const HARI_KERJA_FASILITASI: u32 = 21;

/// When the facilitation of `e` began: the day recorded on the event; for events made
/// before that was recorded, the first data request for it; failing both, the meeting.
pub fn mulai_fasilitasi(e: &ResesEvent, permintaan: &[PermintaanData]) -> Tanggal {
    e.mulai_fasilitasi
        .or_else(|| {
            permintaan
                .iter()
                .filter(|p| p.event_id == Some(e.id))
                .map(|p| p.diminta)
                .min()
        })
        .unwrap_or(e.tanggal)
}

/// The service deadline of `e`: (start, due date).
pub fn tenggat_fasilitasi(
    kal: &Kalender,
    e: &ResesEvent,
    permintaan: &[PermintaanData],
) -> (Tanggal, Tanggal) {
    let mulai = mulai_fasilitasi(e, permintaan);
    (mulai, tambah_hari_kerja(kal, mulai, HARI_KERJA_FASILITASI))
}

/// The `n`-th working day after `mulai` (weekends and holidays skipped).
pub fn tambah_hari_kerja(kal: &Kalender, mulai: Tanggal, n: u32) -> Tanggal {
    let mut t = mulai;
    let mut left = n;
    while left > 0 {
        t = t.add_days(1);
        if kal.hari_kerja(t) {
            left -= 1;
        }
    }
    t
}

/// Working days from `a` (exclusive) to `b` (inclusive); negative when `b` is before `a`.
pub fn hari_kerja_antara(kal: &Kalender, a: Tanggal, b: Tanggal) -> i64 {
    let (lo, hi, sign) = if b >= a { (a, b, 1) } else { (b, a, -1) };
    let mut n = 0;
    let mut t = lo;
    while t < hi {
        t = t.add_days(1);
        if kal.hari_kerja(t) {
            n += 1;
        }
    }
    sign * n
}

/// Where a facilitation stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTenggat {
    Selesai,
    /// Working days left (0: due today).
    Berjalan(i64),
    /// Due within [`SEGERA_HARI_KERJA`] working days.
    Segera(i64),
    /// Working days past due.
    Terlambat(i64),
}

/// "Due soon" means within this many working days.
pub const SEGERA_HARI_KERJA: i64 = 5;

impl StatusTenggat {
    pub fn of(kal: &Kalender, tenggat: Tanggal, hari_ini: Tanggal, selesai: bool) -> Self {
        if selesai {
            return StatusTenggat::Selesai;
        }
        let left = hari_kerja_antara(kal, hari_ini, tenggat);
        match left {
            l if l < 0 || (l == 0 && hari_ini > tenggat) => StatusTenggat::Terlambat(-l.min(-1)),
            l if l <= SEGERA_HARI_KERJA => StatusTenggat::Segera(l),
            l => StatusTenggat::Berjalan(l),
        }
    }

    pub fn label(self) -> String {
        match self {
            StatusTenggat::Selesai => "Selesai".into(),
            StatusTenggat::Berjalan(n) => format!("{n} hari kerja lagi"),
            StatusTenggat::Segera(0) => "Jatuh tempo hari ini".into(),
            StatusTenggat::Segera(n) => format!("Segera: {n} hari kerja lagi"),
            StatusTenggat::Terlambat(n) => format!("Terlambat {n} hari kerja"),
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            StatusTenggat::Selesai => "ok",
            StatusTenggat::Berjalan(_) => "muted",
            StatusTenggat::Segera(_) => "warn",
            StatusTenggat::Terlambat(_) => "late",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Tanggal {
        Tanggal::new(y, m, day).unwrap()
    }

    #[test]
    fn rupiah_reads_and_writes_the_indonesian_way() {
        assert_eq!(format_rupiah(0), "Rp 0");
        assert_eq!(format_rupiah(999), "Rp 999");
        assert_eq!(format_rupiah(1_250_000), "Rp 1.250.000");
        assert_eq!(format_rupiah(-5_000), "-Rp 5.000");
        assert_eq!(parse_rupiah("Rp 1.250.000"), Ok(1_250_000));
        assert_eq!(parse_rupiah("1250000"), Ok(1_250_000));
        assert_eq!(parse_rupiah("1.250.000,00"), Ok(1_250_000));
        assert!(parse_rupiah("1.250.000,50").is_err());
        assert!(parse_rupiah("satu juta").is_err());
        assert!(parse_rupiah("").is_err());
    }

    #[test]
    fn a_budget_line_totals_and_refuses_nonsense() {
        let b = BelanjaReses {
            id: Uuid::nil(),
            event_id: Uuid::nil(),
            barang: "Snack box".into(),
            volume: 150.0,
            satuan: "kotak".into(),
            harga_satuan: 12_500,
            pemasok: String::new(),
            diterima: false,
        };
        assert_eq!(b.total(), 1_875_000);
        assert!(b.validate().is_ok());
        let zero = BelanjaReses {
            volume: 0.0,
            ..b.clone()
        };
        assert_eq!(zero.validate().unwrap_err().field, "volume");
        let huge = BelanjaReses {
            volume: 1_000_000.0,
            harga_satuan: 1_000_000,
            ..b
        };
        assert_eq!(huge.validate().unwrap_err().field, "harga_satuan");
    }

    #[test]
    fn the_facilitation_deadline_skips_weekends_and_holidays() {
        let kal = Kalender::standar();
        // Monday 2 March 2026; Nyepi and Idul Fitri (18–24 March) are off.
        let start = d(2026, 3, 2);
        let due = tambah_hari_kerja(&kal, start, HARI_KERJA_FASILITASI);
        // 3–6, 9–13, 16–17 March = 11 days; 25–27, 30–31 March, 1–2 April = 7 (18);
        // 3 April is Good Friday; 6–8 April = 3 (21).
        assert_eq!(due, d(2026, 4, 8));
        assert_eq!(hari_kerja_antara(&kal, start, due), 21);
        assert_eq!(hari_kerja_antara(&kal, due, start), -21);
    }

    #[test]
    fn deadline_status_is_late_soon_or_running() {
        let kal = Kalender::standar();
        let due = d(2026, 4, 8); // Wednesday
        assert_eq!(
            StatusTenggat::of(&kal, due, d(2026, 4, 9), false),
            StatusTenggat::Terlambat(1)
        );
        assert_eq!(
            StatusTenggat::of(&kal, due, d(2026, 4, 8), false),
            StatusTenggat::Segera(0)
        );
        assert_eq!(
            StatusTenggat::of(&kal, due, d(2026, 4, 2), false),
            StatusTenggat::Segera(3)
        );
        assert_eq!(
            StatusTenggat::of(&kal, due, d(2026, 3, 2), false),
            StatusTenggat::Berjalan(21)
        );
        assert_eq!(
            StatusTenggat::of(&kal, due, d(2026, 5, 2), true),
            StatusTenggat::Selesai
        );
        assert_eq!(
            StatusTenggat::Terlambat(1).label(),
            "Terlambat 1 hari kerja"
        );
    }

    fn libur(t: Tanggal, nama: &str) -> HariLibur {
        HariLibur {
            id: HariLibur::id_for(t),
            tanggal: t,
            nama: nama.into(),
            cuti_bersama: false,
        }
    }

    #[test]
    fn holiday_records_replace_the_published_list_of_their_year_only() {
        let tahun_baru = libur(d(2027, 1, 1), "Tahun Baru 2027 Masehi");
        let kal = kalender([&tahun_baru]);
        assert!(!kal.hari_kerja(d(2027, 1, 1)));
        // Entering 2027 keeps the published 2026 list.
        assert!(!kal.hari_kerja(d(2026, 8, 17)));
        assert!(!kalender([]).hari_kerja(d(2026, 8, 17)));
        // Once 2026 has records of its own, they are the whole of 2026: a holiday the
        // office did not enter (17 August) is a working day, the one it did is not.
        let natal = libur(d(2026, 12, 25), "Hari Raya Natal");
        let kal = kalender([&tahun_baru, &natal]);
        assert!(kal.hari_kerja(d(2026, 8, 17)));
        assert!(!kal.hari_kerja(d(2026, 12, 25)));
    }

    #[test]
    fn published_holidays_left_out_of_a_kept_year_are_named() {
        assert!(
            resmi_terlewat(&[], 2026).is_empty(),
            "the whole list applies"
        );
        assert_eq!(tahun_resmi_berlaku(&[]), vec![2026]);
        let natal = libur(d(2026, 12, 25), "Hari Raya Natal");
        let left = resmi_terlewat(std::slice::from_ref(&natal), 2026);
        assert_eq!(left.len(), libur_resmi().len() - 1);
        assert!(left.iter().all(|l| l.tanggal != natal.tanggal));
        assert!(tahun_resmi_berlaku(&[natal]).is_empty());
        let all: Vec<HariLibur> = libur_resmi().iter().map(HariLibur::resmi).collect();
        assert!(resmi_terlewat(&all, 2026).is_empty());
        assert!(all.iter().all(|h| h.validate().is_ok()));
    }

    #[test]
    fn years_without_any_holiday_are_named() {
        let kal = kalender([]);
        assert_eq!(tahun_tanpa_libur(&kal, [2026, 2027, 2027]), vec![2027]);
        let kal = kalender([&libur(d(2027, 1, 1), "Tahun Baru")]);
        assert!(tahun_tanpa_libur(&kal, [2026, 2027]).is_empty());
    }

    #[test]
    fn the_deadline_counts_from_the_start_of_facilitation() {
        let e = ResesEvent {
            id: Uuid::from_u128(1),
            anggota_id: Uuid::from_u128(2),
            masa_sidang_id: Uuid::from_u128(3),
            tanggal: d(2026, 11, 30),
            jam_mulai: 540,
            tempat: "Balai".into(),
            alamat: "Jl. Merdeka".into(),
            kelurahan: "Medono".into(),
            kecamatan: "Pekalongan Barat".into(),
            perkiraan_tamu: 50,
            pendamping_ids: vec![],
            status: crate::reses::StatusReses::Direncanakan,
            kunci_undangan: String::new(),
            mulai_fasilitasi: None,
            nomor_undangan: String::new(),
        };
        let minta = |hari: u8, event_id| PermintaanData {
            id: Uuid::nil(),
            anggota_id: e.anggota_id,
            event_id,
            perihal: "Daftar tamu".into(),
            diminta: d(2026, 11, hari),
            tenggat: d(2026, 11, 25),
            diterima: None,
            catatan: String::new(),
        };
        let kal = Kalender::standar();
        // Nothing recorded: the meeting day.
        assert_eq!(mulai_fasilitasi(&e, &[]), e.tanggal);
        // The first data request for this event (another event's does not count).
        let reqs = [minta(9, Some(e.id)), minta(2, Some(e.id)), minta(1, None)];
        assert_eq!(mulai_fasilitasi(&e, &reqs), d(2026, 11, 2));
        // What the event records wins; Monday 2 November + 21 working days.
        let e = ResesEvent {
            mulai_fasilitasi: Some(d(2026, 11, 2)),
            ..e
        };
        assert_eq!(
            tenggat_fasilitasi(&kal, &e, &[]),
            (d(2026, 11, 2), d(2026, 12, 1))
        );
    }

    #[test]
    fn overdue_requests_are_the_awaited_ones_past_due() {
        let mut p = PermintaanData {
            id: Uuid::nil(),
            anggota_id: Uuid::nil(),
            event_id: None,
            perihal: "Daftar tamu undangan".into(),
            diminta: d(2026, 11, 2),
            tenggat: d(2026, 11, 9),
            diterima: None,
            catatan: String::new(),
        };
        assert!(p.validate().is_ok());
        assert!(!p.terlambat(d(2026, 11, 9)));
        assert!(p.terlambat(d(2026, 11, 10)));
        p.diterima = Some(d(2026, 11, 12));
        assert!(!p.terlambat(d(2026, 11, 20)));
        p.tenggat = d(2026, 11, 1);
        assert_eq!(p.validate().unwrap_err().field, "tenggat");
    }

    #[test]
    fn the_checklist_counts_ticked_items_and_belongs_to_its_event() {
        let e = Uuid::from_u128(7);
        let mut k = KesiapanReses::empty(e);
        assert_eq!(k.selesai(), 0);
        k.set(
            "tempat_dikonfirmasi",
            Some(Centang {
                oleh: "Staf".into(),
                pada: 1,
            }),
        );
        assert_eq!(k.selesai(), 1);
        assert!(k.validate().is_ok());
        k.event_id = Uuid::from_u128(8);
        assert!(k.validate().is_err());
    }
}
