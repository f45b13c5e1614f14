//! Citizens' aspirations recorded at a reses meeting (lembar aspirasi), and the event's
//! own documentation (notes, photos, closing). Seed 000 step 7.

use crate::sort;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::kantor::KategoriAspirasi;
use crate::kehadiran::rt_rw;
use crate::sync::MIN_CLIENT_TIME_MS;
use crate::validate::{FieldError, required_text};

/// Photos per aspiration.
pub const MAKS_FOTO_ASPIRASI: usize = 5;
/// Photos of an event's documentation.
pub const MAKS_FOTO_DOKUMENTASI: usize = 20;
/// Largest volume accepted; anything above is a typing mistake.
pub const MAKS_VOLUME: f64 = 1_000_000.0;

/// The fields (bidang) aspirations are grouped by. Staff may add their own; these are the
/// starting list, close to the affairs of the city agencies (OPD).
pub const BIDANG: [&str; 10] = [
    "Infrastruktur dan Pekerjaan Umum",
    "Pendidikan",
    "Kesehatan",
    "Sosial dan Pemberdayaan Masyarakat",
    "Ekonomi, UMKM dan Tenaga Kerja",
    "Lingkungan Hidup dan Persampahan",
    "Perumahan dan Permukiman",
    "Keagamaan dan Kebudayaan",
    "Pemerintahan dan Ketertiban",
    "Lainnya",
];

/// Units offered for the volume of a request.
pub const SATUAN: [&str; 10] = [
    "meter", "m²", "unit", "paket", "titik", "orang", "kegiatan", "buah", "lokasi", "set",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prioritas {
    Tinggi,
    Sedang,
    Rendah,
}

impl Prioritas {
    pub const ALL: [Prioritas; 3] = [Prioritas::Tinggi, Prioritas::Sedang, Prioritas::Rendah];

    pub fn label(self) -> &'static str {
        match self {
            Prioritas::Tinggi => "Tinggi",
            Prioritas::Sedang => "Sedang",
            Prioritas::Rendah => "Rendah",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Prioritas::Tinggi => "tinggi",
            Prioritas::Sedang => "sedang",
            Prioritas::Rendah => "rendah",
        }
    }

    pub fn parse(s: &str) -> Option<Prioritas> {
        Prioritas::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// What a citizen brought to the meeting: a request (aspirasi, which may become pokir)
/// or a complaint about a public service (pengaduan). The reses report counts both
/// (PP 12/2018 art. 88(5)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JenisMasukan {
    #[default]
    Aspirasi,
    Pengaduan,
}

impl JenisMasukan {
    pub const ALL: [JenisMasukan; 2] = [JenisMasukan::Aspirasi, JenisMasukan::Pengaduan];

    pub fn label(self) -> &'static str {
        match self {
            JenisMasukan::Aspirasi => "Aspirasi",
            JenisMasukan::Pengaduan => "Pengaduan",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JenisMasukan::Aspirasi => "aspirasi",
            JenisMasukan::Pengaduan => "pengaduan",
        }
    }
}

/// Who proposed an aspiration: an invited guest, a walk-in, or someone typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pengusul {
    /// The guest (`tamu`) or walk-in (`tamu_tambahan`) record, when chosen from the list.
    #[serde(default)]
    pub ref_id: Option<Uuid>,
    pub nama: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aspirasi {
    pub id: Uuid,
    pub event_id: Uuid,
    pub pengusul: Pengusul,
    /// Aspiration or complaint; records made before the distinction are aspirations.
    #[serde(default)]
    pub jenis: JenisMasukan,
    pub bidang: String,
    /// The problem (permasalahan).
    pub masalah: String,
    /// What is asked for (usulan).
    pub permintaan: String,
    pub kecamatan: String,
    pub kelurahan: String,
    pub rt: String,
    pub rw: String,
    pub alamat: String,
    pub volume: Option<f64>,
    #[serde(default)]
    pub satuan: String,
    pub prioritas: Prioritas,
    /// SHA-256 (hex) of each photo, stored and uploaded as attachments.
    #[serde(default)]
    pub foto: Vec<String>,
    pub waktu: i64,
    pub dicatat_oleh: Uuid,
    pub nama_pencatat: String,
}

impl Aspirasi {
    pub fn validate(&self) -> Result<(), FieldError> {
        let err = |field, message: String| Err(FieldError { field, message });
        required_text("pengusul", "Nama pengusul", &self.pengusul.nama, 120)?;
        if self.bidang.trim().is_empty() {
            return err("bidang", "Pilih bidang aspirasi.".into());
        }
        required_text("bidang", "Bidang", &self.bidang, 80)?;
        required_text("masalah", "Permasalahan", &self.masalah, 2_000)?;
        required_text("permintaan", "Usulan", &self.permintaan, 2_000)?;
        lokasi(&self.kecamatan, &self.kelurahan)?;
        rt_rw(&self.rt, &self.rw)?;
        if self.alamat.chars().count() > 240 {
            return err(
                "alamat",
                "Alamat terlalu panjang (paling banyak 240 karakter).".into(),
            );
        }
        if let Some(v) = self.volume {
            if !v.is_finite() || v <= 0.0 {
                return err("volume", "Volume harus angka lebih dari 0.".into());
            }
            if v > MAKS_VOLUME {
                return err(
                    "volume",
                    "Volume terlalu besar (paling banyak 1.000.000). Periksa angkanya.".into(),
                );
            }
            if self.satuan.trim().is_empty() {
                return err("satuan", "Isi satuan untuk volume ini.".into());
            }
        }
        if self.satuan.chars().count() > 30 {
            return err("satuan", "Satuan terlalu panjang.".into());
        }
        foto_list(&self.foto, MAKS_FOTO_ASPIRASI)?;
        if self.waktu < MIN_CLIENT_TIME_MS {
            return err("waktu", "Waktu pencatatan tidak masuk akal.".into());
        }
        Ok(())
    }
}

/// Kecamatan and kelurahan: both filled. Which kelurahan lie in which kecamatan is the
/// office's editable data (record kind `wilayah`), which the forms offer; a record
/// checks only what holds whatever that data says.
pub fn lokasi(kecamatan: &str, kelurahan: &str) -> Result<(), FieldError> {
    required_text("kecamatan", "Kecamatan", kecamatan, 80)?;
    required_text("kelurahan", "Kelurahan", kelurahan, 80)
}

/// The categories the forms offer: the office's records (by name), or the starting list
/// while the device has none.
pub fn daftar_bidang(kategori: &[KategoriAspirasi]) -> Vec<String> {
    let mut v: Vec<String> = kategori.iter().map(|k| k.nama.clone()).collect();
    if v.is_empty() {
        return BIDANG.iter().map(|b| b.to_string()).collect();
    }
    sort::by_key(&mut v, |n| (n == "Lainnya", n.to_lowercase()));
    v.dedup();
    v
}

/// A list of photo references: at most `max`, each a SHA-256 in hex, no repeats.
pub fn foto_list(foto: &[String], max: usize) -> Result<(), FieldError> {
    let err = |message: String| {
        Err(FieldError {
            field: "foto",
            message,
        })
    };
    if foto.len() > max {
        return err(format!("Paling banyak {max} foto."));
    }
    if foto
        .iter()
        .any(|f| f.len() != 64 || !f.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    {
        return err("Rujukan foto tidak valid.".into());
    }
    let mut sorted = foto.to_vec();
    sort::all(&mut sorted);
    sorted.dedup();
    if sorted.len() != foto.len() {
        return err("Foto yang sama dipasang dua kali.".into());
    }
    Ok(())
}

/// Notes and photos of a reses meeting, and its closing. One per event
/// ([`DokumentasiReses::id_for`]). Once closed, the companion cannot change anything of
/// the event any more; the server refuses changes made after the closing time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DokumentasiReses {
    pub id: Uuid,
    pub event_id: Uuid,
    #[serde(default)]
    pub catatan: String,
    #[serde(default)]
    pub foto: Vec<String>,
    /// When the companion closed the event (ms since epoch).
    #[serde(default)]
    pub ditutup_pada: Option<i64>,
    #[serde(default)]
    pub ditutup_oleh: Option<String>,
}

const NS_DOKUMENTASI: Uuid = Uuid::from_u128(0x646f_6b75_6d65_6e74_6173_6900_0000_0001);

impl DokumentasiReses {
    pub fn id_for(event_id: Uuid) -> Uuid {
        Uuid::new_v5(&NS_DOKUMENTASI, event_id.as_bytes())
    }

    pub fn empty(event_id: Uuid) -> Self {
        DokumentasiReses {
            id: DokumentasiReses::id_for(event_id),
            event_id,
            catatan: String::new(),
            foto: Vec::new(),
            ditutup_pada: None,
            ditutup_oleh: None,
        }
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if self.id != DokumentasiReses::id_for(self.event_id) {
            return Err(FieldError {
                field: "id",
                message: "ID dokumentasi tidak sesuai dengan kegiatannya.".into(),
            });
        }
        if self.catatan.chars().count() > 10_000 {
            return Err(FieldError {
                field: "catatan",
                message: "Catatan terlalu panjang (paling banyak 10.000 karakter).".into(),
            });
        }
        foto_list(&self.foto, MAKS_FOTO_DOKUMENTASI)?;
        if self.ditutup_pada.is_some_and(|t| t < MIN_CLIENT_TIME_MS) {
            return Err(FieldError {
                field: "ditutup_pada",
                message: "Waktu penutupan tidak masuk akal.".into(),
            });
        }
        Ok(())
    }
}

/// Parses a volume typed the Indonesian way (`1.500,5`) or the plain way (`1500.5`).
pub fn parse_volume(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let normalised = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if s.matches('.').count() > 1 || s.split('.').nth(1).is_some_and(|d| d.len() == 3) {
        // `1.500` is one thousand five hundred in Indonesian writing.
        s.replace('.', "")
    } else {
        s.to_string()
    };
    decimal(&normalised)
        .map(Some)
        .ok_or_else(|| format!("\"{s}\" bukan angka."))
}

/// Powers of ten that an `f64` holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A plain decimal (`-12.5`, `.5`, `3.`; no exponent) with at most 15 significant digits,
/// rounded as `str::parse::<f64>` rounds it. Its digits as an integer and the power of
/// ten to divide by are both exact in an `f64`, so their quotient is the correctly
/// rounded value. Written out because `f64::from_str` brings a 10 KB table and its
/// general algorithm into the app for numbers a person types.
fn decimal(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut digits: u64 = 0;
    let mut significant = 0;
    for b in int.bytes().chain(frac.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        digits = digits * 10 + u64::from(b - b'0');
        if digits > 0 {
            significant += 1;
        }
        if significant > 15 {
            return None;
        }
    }
    let value = digits as f64 / POW10.get(frac.len())?;
    Some(if negative { -value } else { value })
}

/// The aspiration form's draft (`/reses/:id/aspirasi/baru`, or editing one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrafAspirasi {
    pub id: Option<Uuid>,
    #[serde(default)]
    pub jenis: JenisMasukan,
    pub pengusul: String,
    pub bidang: String,
    pub masalah: String,
    pub permintaan: String,
    pub kecamatan: String,
    pub kelurahan: String,
    pub rt: String,
    pub rw: String,
    pub alamat: String,
    pub volume: String,
    pub satuan: String,
    pub prioritas: Option<Prioritas>,
    pub foto: Vec<String>,
}

crate::draf::draf_dengan_id!(DrafAspirasi);

impl DrafAspirasi {
    /// The draft of an edit of `a`.
    pub fn dari_rekaman(a: &Aspirasi) -> DrafAspirasi {
        DrafAspirasi {
            id: Some(a.id),
            jenis: a.jenis,
            pengusul: a.pengusul.nama.clone(),
            bidang: a.bidang.clone(),
            masalah: a.masalah.clone(),
            permintaan: a.permintaan.clone(),
            kecamatan: a.kecamatan.clone(),
            kelurahan: a.kelurahan.clone(),
            rt: a.rt.clone(),
            rw: a.rw.clone(),
            alamat: a.alamat.clone(),
            volume: a
                .volume
                .map(|v| v.to_string().replace('.', ","))
                .unwrap_or_default(),
            satuan: a.satuan.clone(),
            prioritas: Some(a.prioritas),
            foto: a.foto.clone(),
        }
    }

    /// The aspiration this draft records at `event_id` as record `id`: new, by `by`, or
    /// an edit of `existing` (which keeps who recorded it and when). `pengusul_ref`: the
    /// guest or walk-in the proposer's name was chosen from, if any.
    pub fn ke_rekaman(
        &self,
        id: Uuid,
        event_id: Uuid,
        by: &crate::kehadiran::Pencatat,
        existing: Option<&Aspirasi>,
        pengusul_ref: Option<Uuid>,
    ) -> Result<Aspirasi, FieldError> {
        let volume = parse_volume(&self.volume).map_err(|message| FieldError {
            field: "volume",
            message,
        })?;
        let prioritas = self.prioritas.ok_or_else(|| FieldError {
            field: "prioritas",
            message: "Pilih prioritas.".into(),
        })?;
        let rec = Aspirasi {
            id,
            event_id,
            pengusul: Pengusul {
                ref_id: pengusul_ref,
                nama: self.pengusul.trim().to_string(),
            },
            jenis: self.jenis,
            bidang: self.bidang.clone(),
            masalah: self.masalah.trim().to_string(),
            permintaan: self.permintaan.trim().to_string(),
            kecamatan: self.kecamatan.clone(),
            kelurahan: self.kelurahan.clone(),
            rt: self.rt.trim().to_string(),
            rw: self.rw.trim().to_string(),
            alamat: self.alamat.trim().to_string(),
            volume,
            satuan: if volume.is_some() {
                self.satuan.trim().to_string()
            } else {
                String::new()
            },
            prioritas,
            foto: self.foto.clone(),
            waktu: existing.map_or(by.waktu, |a| a.waktu),
            dicatat_oleh: existing.map_or(by.user_id, |a| a.dicatat_oleh),
            nama_pencatat: existing.map_or_else(|| by.nama.clone(), |a| a.nama_pencatat.clone()),
        };
        rec.validate()?;
        Ok(rec)
    }
}

/// The documentation form's draft: the event's notes and photos.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DrafDokumentasi {
    pub catatan: String,
    pub foto: Vec<String>,
}

impl crate::draf::Draf for DrafDokumentasi {}

impl DrafDokumentasi {
    pub fn dari_rekaman(d: &DokumentasiReses) -> DrafDokumentasi {
        DrafDokumentasi {
            catatan: d.catatan.clone(),
            foto: d.foto.clone(),
        }
    }

    /// The event's documentation `stored` with this draft's notes and photos; closed by
    /// `tutup` (who, and when) if given.
    pub fn ke_rekaman(
        &self,
        stored: &DokumentasiReses,
        tutup: Option<&crate::kehadiran::Pencatat>,
    ) -> Result<DokumentasiReses, FieldError> {
        let mut d = stored.clone();
        d.catatan = self.catatan.clone();
        d.foto = self.foto.clone();
        if let Some(by) = tutup {
            d.ditutup_pada = Some(by.waktu);
            d.ditutup_oleh = Some(by.nama.clone());
        }
        d.validate()?;
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aspirasi() -> Aspirasi {
        Aspirasi {
            id: Uuid::from_u128(1),
            event_id: Uuid::from_u128(2),
            pengusul: Pengusul {
                ref_id: None,
                nama: "Pak RT".into(),
            },
            jenis: JenisMasukan::Aspirasi,
            bidang: BIDANG[0].into(),
            masalah: "Saluran air tersumbat".into(),
            permintaan: "Normalisasi saluran".into(),
            kecamatan: "Pekalongan Barat".into(),
            kelurahan: "Medono".into(),
            rt: "3".into(),
            rw: "5".into(),
            alamat: "Gg. Melati".into(),
            volume: Some(120.0),
            satuan: "meter".into(),
            prioritas: Prioritas::Tinggi,
            foto: vec!["a".repeat(64)],
            waktu: 1_795_000_000_000,
            dicatat_oleh: Uuid::from_u128(3),
            nama_pencatat: "P".into(),
        }
    }

    #[test]
    fn a_complete_aspiration_is_valid() {
        assert!(aspirasi().validate().is_ok());
    }

    #[test]
    fn records_made_before_complaints_existed_read_as_aspirations() {
        let mut v = serde_json::to_value(aspirasi()).unwrap();
        v.as_object_mut().unwrap().remove("jenis");
        let a: Aspirasi = serde_json::from_value(v).unwrap();
        assert_eq!(a.jenis, JenisMasukan::Aspirasi);
        let mut v = serde_json::to_value(aspirasi()).unwrap();
        v["jenis"] = "pengaduan".into();
        let a: Aspirasi = serde_json::from_value(v).unwrap();
        assert_eq!(a.jenis, JenisMasukan::Pengaduan);
    }

    #[test]
    fn absurd_volumes_and_missing_units_are_refused() {
        for v in [0.0, -3.0, f64::NAN, 5e9] {
            let a = Aspirasi {
                volume: Some(v),
                ..aspirasi()
            };
            assert_eq!(a.validate().unwrap_err().field, "volume", "{v}");
        }
        let a = Aspirasi {
            satuan: " ".into(),
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "satuan");
        let a = Aspirasi {
            volume: None,
            satuan: String::new(),
            ..aspirasi()
        };
        assert!(a.validate().is_ok());
    }

    #[test]
    fn a_missing_place_and_too_many_photos_are_refused() {
        let a = Aspirasi {
            kelurahan: " ".into(),
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "kelurahan");
        let a = Aspirasi {
            foto: (0..6).map(|i| format!("{i:064x}")).collect(),
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "foto");
        let a = Aspirasi {
            foto: vec!["x".repeat(64)],
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "foto");
    }

    #[test]
    fn the_offered_categories_are_the_offices_once_it_has_any() {
        assert_eq!(daftar_bidang(&[]).len(), BIDANG.len());
        let k = |nama: &str| KategoriAspirasi {
            id: Uuid::nil(),
            nama: nama.into(),
            opd: "Dinas".into(),
        };
        assert_eq!(
            daftar_bidang(&[k("Lainnya"), k("Pendidikan"), k("Air Bersih")]),
            ["Air Bersih", "Pendidikan", "Lainnya"]
        );
    }

    #[test]
    fn empty_problem_or_request_is_refused() {
        let a = Aspirasi {
            masalah: "".into(),
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "masalah");
        let a = Aspirasi {
            permintaan: " ".into(),
            ..aspirasi()
        };
        assert_eq!(a.validate().unwrap_err().field, "permintaan");
    }

    #[test]
    fn volumes_parse_the_indonesian_way() {
        assert_eq!(parse_volume(""), Ok(None));
        assert_eq!(parse_volume("120"), Ok(Some(120.0)));
        assert_eq!(parse_volume("1.500"), Ok(Some(1500.0)));
        assert_eq!(parse_volume("1.500,5"), Ok(Some(1500.5)));
        assert_eq!(parse_volume("2,5"), Ok(Some(2.5)));
        assert_eq!(parse_volume("2.5"), Ok(Some(2.5)));
        assert!(parse_volume("banyak").is_err());
        assert_eq!(parse_volume("0,75"), Ok(Some(0.75)));
        assert_eq!(parse_volume(",5"), Ok(Some(0.5)));
        assert_eq!(parse_volume("-3"), Ok(Some(-3.0)));
    }

    #[test]
    fn a_volume_that_is_not_a_plain_decimal_is_refused() {
        for s in [
            "1e3", "inf", "NaN", "1,2,3", "--1", "1-", "12a", ".", ",", "1 000",
        ] {
            assert_eq!(parse_volume(s), Err(format!("\"{s}\" bukan angka.")), "{s}");
        }
        // More than 15 significant digits is more than a volume needs.
        assert!(parse_volume("1234567890123456").is_err());
        assert_eq!(
            parse_volume("123456789012345"),
            Ok(Some(123_456_789_012_345.0))
        );
        assert_eq!(parse_volume("0000000000000000001"), Ok(Some(1.0)));
    }

    // proptest is a native-only dev-dependency (it needs OS randomness).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn decimals_round_as_the_standard_parser_does(
            int in "[0-9]{0,8}",
            frac in "[0-9]{0,7}",
            negative: bool,
        ) {
            let text = format!("{}{int}.{frac}", if negative { "-" } else { "" });
            let expected = if int.is_empty() && frac.is_empty() {
                None
            } else {
                text.parse::<f64>().ok()
            };
            proptest::prop_assert_eq!(decimal(&text), expected);
        }
    }

    #[test]
    fn documentation_belongs_to_its_event() {
        let d = DokumentasiReses::empty(Uuid::from_u128(5));
        assert!(d.validate().is_ok());
        let bad = DokumentasiReses {
            event_id: Uuid::from_u128(6),
            ..d
        };
        assert_eq!(bad.validate().unwrap_err().field, "id");
    }

    fn draf_aspirasi() -> DrafAspirasi {
        DrafAspirasi {
            pengusul: " Bu Tini ".into(),
            bidang: "Kesehatan".into(),
            masalah: "Posyandu rusak".into(),
            permintaan: "Perbaikan atap".into(),
            kecamatan: "Pekalongan Barat".into(),
            kelurahan: "Medono".into(),
            volume: "2,5".into(),
            satuan: "unit".into(),
            prioritas: Some(Prioritas::Tinggi),
            ..DrafAspirasi::default()
        }
    }

    #[test]
    fn an_aspiration_draft_becomes_a_record_and_an_edit_keeps_who_recorded_it() {
        let by = crate::kehadiran::Pencatat {
            user_id: Uuid::from_u128(7),
            nama: "Sri".into(),
            perangkat: None,
            waktu: 1_795_000_000_000,
        };
        let (id, event) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let a = draf_aspirasi()
            .ke_rekaman(id, event, &by, None, None)
            .unwrap();
        assert_eq!(
            (a.pengusul.nama.as_str(), a.volume, a.satuan.as_str()),
            ("Bu Tini", Some(2.5), "unit")
        );
        assert_eq!((a.dicatat_oleh, a.waktu), (by.user_id, by.waktu));

        let later = crate::kehadiran::Pencatat {
            user_id: Uuid::from_u128(8),
            nama: "Budi".into(),
            perangkat: None,
            waktu: by.waktu + 60_000,
        };
        let mut edit = DrafAspirasi::dari_rekaman(&a);
        edit.permintaan = "Perbaikan atap dan lantai".into();
        edit.volume = String::new();
        let b = edit.ke_rekaman(id, event, &later, Some(&a), None).unwrap();
        assert_eq!(
            (b.dicatat_oleh, b.waktu, b.nama_pencatat.as_str()),
            (by.user_id, by.waktu, "Sri")
        );
        assert_eq!(
            (b.volume, b.satuan.as_str()),
            (None, ""),
            "no unit without a volume"
        );

        let mut no_priority = draf_aspirasi();
        no_priority.prioritas = None;
        assert_eq!(
            no_priority
                .ke_rekaman(id, event, &by, None, None)
                .unwrap_err()
                .field,
            "prioritas"
        );
        let mut bad_volume = draf_aspirasi();
        bad_volume.volume = "banyak".into();
        assert_eq!(
            bad_volume
                .ke_rekaman(id, event, &by, None, None)
                .unwrap_err()
                .field,
            "volume"
        );
    }

    #[test]
    fn a_documentation_draft_keeps_the_record_and_closing_stamps_who_and_when() {
        let event = Uuid::from_u128(3);
        let stored = DokumentasiReses::empty(event);
        let d = DrafDokumentasi {
            catatan: "Berjalan lancar".into(),
            foto: vec![],
        };
        let saved = d.ke_rekaman(&stored, None).unwrap();
        assert_eq!(
            (saved.id, saved.catatan.as_str(), saved.ditutup_pada),
            (stored.id, "Berjalan lancar", None)
        );
        let by = crate::kehadiran::Pencatat {
            user_id: Uuid::from_u128(7),
            nama: "Sri".into(),
            perangkat: None,
            waktu: 1_795_000_000_000,
        };
        let closed = d.ke_rekaman(&stored, Some(&by)).unwrap();
        assert_eq!(
            (closed.ditutup_pada, closed.ditutup_oleh.as_deref()),
            (Some(by.waktu), Some("Sri"))
        );
        assert_eq!(DrafDokumentasi::dari_rekaman(&closed), d);
        let too_many = DrafDokumentasi {
            catatan: String::new(),
            foto: (0..=MAKS_FOTO_DOKUMENTASI)
                .map(|i| format!("{i:064x}"))
                .collect(),
        };
        assert!(too_many.ke_rekaman(&stored, None).is_err());
    }
}
