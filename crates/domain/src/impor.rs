//! Importing an event's guest list from the spreadsheet a member's office sends (seed
//! 000 step 3): which column holds what (guessed from the header, chosen by staff),
//! each row checked, duplicates found, and all of it or nothing stored.
//!
//! Reading the file itself (CSV or XLSX) is the server's; this module sees text cells.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::cari::lipat;
use crate::reses::{JenisKelamin, Tamu};

/// A guest field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KolomTamu {
    Nama,
    Alamat,
    Rt,
    Rw,
    /// `03/05` or `RT 3 RW 5` in one column.
    RtRw,
    Kelurahan,
    JenisKelamin,
    Keterangan,
    /// `No. HP`, `HP`, `Telepon`, `WA`.
    Telepon,
}

impl KolomTamu {
    pub const ALL: [KolomTamu; 9] = [
        KolomTamu::Nama,
        KolomTamu::Alamat,
        KolomTamu::Rt,
        KolomTamu::Rw,
        KolomTamu::RtRw,
        KolomTamu::Kelurahan,
        KolomTamu::JenisKelamin,
        KolomTamu::Keterangan,
        KolomTamu::Telepon,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            KolomTamu::Nama => "nama",
            KolomTamu::Alamat => "alamat",
            KolomTamu::Rt => "rt",
            KolomTamu::Rw => "rw",
            KolomTamu::RtRw => "rt_rw",
            KolomTamu::Kelurahan => "kelurahan",
            KolomTamu::JenisKelamin => "jenis_kelamin",
            KolomTamu::Keterangan => "keterangan",
            KolomTamu::Telepon => "telepon",
        }
    }

    pub fn parse(s: &str) -> Option<KolomTamu> {
        KolomTamu::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            KolomTamu::Nama => "Nama",
            KolomTamu::Alamat => "Alamat",
            KolomTamu::Rt => "RT",
            KolomTamu::Rw => "RW",
            KolomTamu::RtRw => "RT/RW",
            KolomTamu::Kelurahan => "Kelurahan",
            KolomTamu::JenisKelamin => "Jenis kelamin (L/P)",
            KolomTamu::Keterangan => "Keterangan/jabatan",
            KolomTamu::Telepon => "No. HP/WA",
        }
    }

    /// The field a header names, if it plainly names one.
    fn dari_judul(judul: &str) -> Option<KolomTamu> {
        let j = lipat(judul);
        let has = |w: &str| j.split(' ').any(|t| t == w);
        Some(match () {
            _ if has("nama") => KolomTamu::Nama,
            _ if has("rt") && has("rw") => KolomTamu::RtRw,
            _ if has("rt") => KolomTamu::Rt,
            _ if has("rw") => KolomTamu::Rw,
            _ if has("kelurahan") || has("kel") || has("desa") => KolomTamu::Kelurahan,
            _ if has("alamat") || has("dukuh") || has("jalan") => KolomTamu::Alamat,
            _ if has("jk") || has("kelamin") || has("gender") || j == "l p" => {
                KolomTamu::JenisKelamin
            }
            _ if has("keterangan") || has("jabatan") || has("ket") || has("unsur") => {
                KolomTamu::Keterangan
            }
            _ if has("hp")
                || has("telepon")
                || has("telp")
                || has("tlp")
                || has("wa")
                || has("whatsapp")
                || has("ponsel") =>
            {
                KolomTamu::Telepon
            }
            _ => return None,
        })
    }
}

/// Which guest field each column of the sheet feeds (`None`: ignored).
pub type Pemetaan = Vec<Option<KolomTamu>>;

/// Guesses the mapping from the header row; each field is taken by its first column.
pub fn tebak_pemetaan(header: &[String]) -> Pemetaan {
    let mut taken = Vec::new();
    header
        .iter()
        .map(|h| {
            let k = KolomTamu::dari_judul(h).filter(|k| !taken.contains(k))?;
            taken.push(k);
            Some(k)
        })
        .collect()
}

/// What is wrong with a mapping as a whole (no name column, a field mapped twice).
pub fn periksa_pemetaan(p: &Pemetaan) -> Result<(), String> {
    if !p.contains(&Some(KolomTamu::Nama)) {
        return Err("Pilih kolom yang berisi nama tamu.".into());
    }
    for k in KolomTamu::ALL {
        if p.iter().filter(|c| **c == Some(k)).count() > 1 {
            return Err(format!("Kolom {} dipilih lebih dari sekali.", k.label()));
        }
    }
    let both = |a, b| p.contains(&Some(a)) && p.contains(&Some(b));
    if both(KolomTamu::RtRw, KolomTamu::Rt) || both(KolomTamu::RtRw, KolomTamu::Rw) {
        return Err("Pilih RT/RW gabungan atau RT dan RW terpisah, bukan keduanya.".into());
    }
    Ok(())
}

/// One data row as checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BarisImpor {
    /// Row number as the spreadsheet shows it (the header is row 1).
    pub baris: usize,
    pub tamu: Tamu,
    /// Problems that stop the import, in words a person can act on.
    pub galat: Vec<String>,
    /// The row is already on the list (or earlier in the file): skipped, not an error.
    pub duplikat: Option<String>,
    /// The guest was on the list once and deleted since: importing brings them back.
    #[serde(default)]
    pub dikembalikan: bool,
}

/// The whole check: every row, and the counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HasilImpor {
    pub baris: Vec<BarisImpor>,
    pub valid: usize,
    pub bermasalah: usize,
    pub duplikat: usize,
}

impl HasilImpor {
    /// The guests an import stores: the valid rows that are not duplicates.
    pub fn tamu_baru(&self) -> impl Iterator<Item = &Tamu> {
        self.baris
            .iter()
            .filter(|b| b.galat.is_empty() && b.duplikat.is_none())
            .map(|b| &b.tamu)
    }

    /// Marks the rows that would bring back a guest deleted from the list (`dihapus`:
    /// the ids of the event's deleted guests), so staff see it before importing.
    pub fn tandai_dikembalikan(&mut self, dihapus: &std::collections::HashSet<Uuid>) {
        for b in &mut self.baris {
            b.dikembalikan =
                b.galat.is_empty() && b.duplikat.is_none() && dihapus.contains(&b.tamu.id);
        }
    }

    /// How many rows would bring back a deleted guest.
    pub fn jumlah_dikembalikan(&self) -> usize {
        self.baris.iter().filter(|b| b.dikembalikan).count()
    }

    /// A one-paragraph summary of why the import cannot go ahead, naming the first rows.
    pub fn ringkasan_galat(&self) -> Option<String> {
        if self.bermasalah == 0 {
            return None;
        }
        let first: Vec<String> = self
            .baris
            .iter()
            .filter(|b| !b.galat.is_empty())
            .take(5)
            .map(|b| format!("baris {}: {}", b.baris, b.galat.join(" ")))
            .collect();
        Some(format!(
            "Impor dibatalkan: {} baris bermasalah ({}{}). Tidak ada tamu yang disimpan; perbaiki berkasnya lalu impor ulang.",
            self.bermasalah,
            first.join("; "),
            if self.bermasalah > 5 { "; …" } else { "" }
        ))
    }
}

/// The server's answer to a preview: the header, the mapping used (guessed unless one was
/// given), what is wrong with the mapping, and the rows checked. To keep the answer small,
/// `hasil.baris` holds the first rows plus every problem row and duplicate; the counts
/// are over the whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PratinjauImpor {
    pub header: Vec<String>,
    pub pemetaan: Pemetaan,
    pub galat_pemetaan: Option<String>,
    pub hasil: HasilImpor,
    pub jumlah_baris: usize,
}

/// The answer to an import that went through: guests stored and duplicates skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HasilSimpan {
    pub disimpan: usize,
    pub dilewati: usize,
}

/// The mapping as a query parameter: one field key (or nothing) per column, comma
/// separated.
pub fn pemetaan_ke_teks(p: &Pemetaan) -> String {
    p.iter()
        .map(|k| k.map_or("", KolomTamu::as_str))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn pemetaan_dari_teks(s: &str) -> Result<Pemetaan, String> {
    s.split(',')
        .map(|k| match k.trim() {
            "" => Ok(None),
            k => KolomTamu::parse(k)
                .map(Some)
                .ok_or_else(|| format!("Kolom tujuan \"{k}\" tidak dikenal.")),
        })
        .collect()
}

/// The key two rows share when they are the same person: folded name, RT, RW, kelurahan.
pub fn kunci_duplikat(t: &Tamu) -> String {
    let num = |s: &str| s.trim().trim_start_matches('0').to_string();
    format!(
        "{}|{}|{}|{}",
        lipat(&t.nama),
        num(&t.rt),
        num(&t.rw),
        lipat(&t.kelurahan)
    )
}

/// The id an imported guest gets: derived from the event and the person, so importing
/// the same file twice cannot add anyone twice.
pub fn id_tamu_impor(event_id: Uuid, t: &Tamu) -> Uuid {
    Uuid::new_v5(&event_id, format!("impor:{}", kunci_duplikat(t)).as_bytes())
}

/// A cell that reads as a spreadsheet formula: `=…` always; after `+`, `-` or `@`, a
/// function call (`@SUM(A1)`, `-HYPERLINK(…)`), a reference or comparison (`!`, `=`,
/// `&`, `^`), or plain arithmetic (`+1+1`, `-2*3`). A phone number (`+62 (812)
/// 3456-7890`) or a dash before a note (`-RT 03/RW 05`) is text: exports neutralise
/// whatever reaches them anyway.
fn rumus(v: &str) -> bool {
    let v = v.trim_start();
    let Some(first) = v.chars().next() else {
        return false;
    };
    let rest = &v[first.len_utf8()..];
    match first {
        '=' | '\u{ff1d}' => true,
        '+' | '-' | '@' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}' => {
            let chars: Vec<char> = rest.chars().collect();
            let call = chars
                .windows(2)
                .any(|w| w[0].is_ascii_alphabetic() && w[1] == '(');
            let arithmetic = rest.contains(['+', '*', '/', '^'])
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || "+-*/^.,() ".contains(c));
            call || arithmetic || rest.contains(['!', '=', '&'])
        }
        _ => false,
    }
}

fn jenis_kelamin(v: &str) -> Result<Option<JenisKelamin>, String> {
    Ok(match lipat(v).as_str() {
        "" | "-" => None,
        "l" | "lk" | "laki" | "laki laki" | "pria" | "male" => Some(JenisKelamin::LakiLaki),
        "p" | "pr" | "perempuan" | "wanita" | "female" => Some(JenisKelamin::Perempuan),
        _ => {
            return Err(format!(
                "Jenis kelamin \"{v}\" tidak dikenal (tulis L atau P)."
            ));
        }
    })
}

/// `03/05`, `3 / 5`, `RT 03 RW 05`, `003/005` → (`3`, `5`) as text.
fn pisah_rt_rw(v: &str) -> Result<(String, String), String> {
    let nums: Vec<String> = lipat(v)
        .split(' ')
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty())
        .map(str::to_string)
        .collect();
    match nums.as_slice() {
        [] => Ok((String::new(), String::new())),
        [rt, rw] => Ok((rt.clone(), rw.clone())),
        _ => Err(format!(
            "RT/RW \"{v}\" tidak dapat dibaca (tulis mis. 03/05)."
        )),
    }
}

/// Checks every row against `pemetaan` and the event's current list (`ada`). Row
/// numbers count the header as row 1 (`baris_judul` rows above the data in all).
pub fn periksa(
    event_id: Uuid,
    pemetaan: &Pemetaan,
    rows: &[Vec<String>],
    baris_judul: usize,
    ada: &[Tamu],
) -> HasilImpor {
    let mut seen: HashMap<String, String> = ada
        .iter()
        .map(|t| (kunci_duplikat(t), "sudah ada di daftar tamu".to_string()))
        .collect();
    // A guest brought by an earlier import and corrected since keeps the id the file's
    // row would get: the row is that guest, not a new one.
    let ids: std::collections::HashSet<Uuid> = ada.iter().map(|t| t.id).collect();
    let mut out = Vec::with_capacity(rows.len());
    let (mut valid, mut bermasalah, mut duplikat) = (0, 0, 0);
    for (i, row) in rows.iter().enumerate() {
        let nomor = i + baris_judul + 1;
        let mut galat = Vec::new();
        let mut t = Tamu {
            id: Uuid::nil(),
            event_id,
            nama: String::new(),
            alamat: String::new(),
            rt: String::new(),
            rw: String::new(),
            kelurahan: String::new(),
            jenis_kelamin: None,
            keterangan: String::new(),
            telepon: String::new(),
        };
        for (col, kolom) in pemetaan.iter().enumerate() {
            let Some(kolom) = kolom else { continue };
            let v = row.get(col).map(|s| s.trim()).unwrap_or("");
            if rumus(v) {
                galat.push(format!(
                    "Kolom {} berisi rumus (\"{}\"); tulis sebagai teks biasa.",
                    kolom.label(),
                    v.chars().take(30).collect::<String>()
                ));
                continue;
            }
            match kolom {
                KolomTamu::Nama => t.nama = v.to_string(),
                KolomTamu::Alamat => t.alamat = v.to_string(),
                KolomTamu::Rt => t.rt = v.to_string(),
                KolomTamu::Rw => t.rw = v.to_string(),
                KolomTamu::RtRw => match pisah_rt_rw(v) {
                    Ok((rt, rw)) => (t.rt, t.rw) = (rt, rw),
                    Err(e) => galat.push(e),
                },
                KolomTamu::Kelurahan => t.kelurahan = v.to_string(),
                KolomTamu::JenisKelamin => match jenis_kelamin(v) {
                    Ok(jk) => t.jenis_kelamin = jk,
                    Err(e) => galat.push(e),
                },
                KolomTamu::Keterangan => t.keterangan = v.to_string(),
                // Spreadsheets keep a typed `0812…` as the number 812…: put the 0 back.
                KolomTamu::Telepon => {
                    t.telepon = if v.starts_with('8') && v.chars().all(|c| c.is_ascii_digit()) {
                        format!("0{v}")
                    } else {
                        v.to_string()
                    }
                }
            }
        }
        // Spreadsheets drop leading zeros and offices write `RT 3`: keep the number.
        for v in [&mut t.rt, &mut t.rw] {
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            if !v.is_empty()
                && lipat(v)
                    .replace(' ', "")
                    .trim_start_matches(['r', 't', 'w'])
                    == digits
            {
                *v = digits;
            }
        }
        if galat.is_empty()
            && let Err(e) = t.validate()
        {
            galat.push(e.message);
        }
        if t.keterangan.chars().count() > 120 && galat.is_empty() {
            galat.push("Keterangan terlalu panjang (paling banyak 120 karakter).".into());
        }
        t.id = id_tamu_impor(event_id, &t);
        let mut dup = None;
        if galat.is_empty() {
            let key = kunci_duplikat(&t);
            if let Some(why) = seen.get(&key) {
                dup = Some(why.clone());
                duplikat += 1;
            } else if ids.contains(&t.id) {
                dup = Some("sudah ada di daftar tamu (diubah sejak impor sebelumnya)".into());
                duplikat += 1;
            } else {
                seen.insert(key, format!("sama dengan baris {nomor}"));
                valid += 1;
            }
        } else {
            bermasalah += 1;
        }
        out.push(BarisImpor {
            baris: nomor,
            tamu: t,
            galat,
            duplikat: dup,
            dikembalikan: false,
        });
    }
    HasilImpor {
        baris: out,
        valid,
        bermasalah,
        duplikat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn the_mapping_is_guessed_from_the_header_members_offices_write() {
        let p = tebak_pemetaan(&s(&[
            "No",
            "Nama Lengkap",
            "Alamat",
            "RT/RW",
            "Kel.",
            "L/P",
            "Jabatan",
            "No. HP",
        ]));
        assert_eq!(
            p,
            vec![
                None,
                Some(KolomTamu::Nama),
                Some(KolomTamu::Alamat),
                Some(KolomTamu::RtRw),
                Some(KolomTamu::Kelurahan),
                Some(KolomTamu::JenisKelamin),
                Some(KolomTamu::Keterangan),
                Some(KolomTamu::Telepon),
            ]
        );
        assert!(periksa_pemetaan(&p).is_ok());
        for phone in ["HP", "Telepon", "WA", "No. Telp", "Nomor WhatsApp"] {
            assert_eq!(
                tebak_pemetaan(&s(&[phone])),
                vec![Some(KolomTamu::Telepon)],
                "{phone}"
            );
        }
        let none = tebak_pemetaan(&s(&["A", "B"]));
        assert_eq!(
            periksa_pemetaan(&none).unwrap_err(),
            "Pilih kolom yang berisi nama tamu."
        );
        let twice = vec![Some(KolomTamu::Nama), Some(KolomTamu::Nama)];
        assert!(periksa_pemetaan(&twice).is_err());
    }

    #[test]
    fn rows_are_read_checked_and_numbered_like_the_sheet() {
        let e = Uuid::from_u128(1);
        let p = tebak_pemetaan(&s(&["Nama", "RT/RW", "Kelurahan", "JK"]));
        let rows = vec![
            s(&["Siti Aminah", "003/005", "Medono", "P"]),
            s(&["", "1/2", "Medono", "L"]),
            s(&["=HYPERLINK(\"x\")", "", "", ""]),
            s(&["Budi", "RT 3 RW 5", "Medono", "laki-laki"]),
            s(&["Joko", "3/5/7", "Medono", "X"]),
        ];
        let r = periksa(e, &p, &rows, 1, &[]);
        assert_eq!((r.valid, r.bermasalah, r.duplikat), (2, 3, 0));
        let first = &r.baris[0];
        assert_eq!(first.baris, 2);
        assert_eq!((first.tamu.rt.as_str(), first.tamu.rw.as_str()), ("3", "5"));
        assert_eq!(first.tamu.jenis_kelamin, Some(JenisKelamin::Perempuan));
        assert_eq!(r.baris[1].galat, vec!["Nama tamu wajib diisi.".to_string()]);
        assert!(
            r.baris[2].galat[0].contains("rumus"),
            "{:?}",
            r.baris[2].galat
        );
        assert_eq!(r.baris[3].tamu.jenis_kelamin, Some(JenisKelamin::LakiLaki));
        assert_eq!(r.baris[4].galat.len(), 2, "{:?}", r.baris[4].galat);
        let msg = r.ringkasan_galat().unwrap();
        assert!(
            msg.starts_with("Impor dibatalkan: 3 baris bermasalah (baris 3:"),
            "{msg}"
        );
    }

    #[test]
    fn phone_numbers_keep_their_leading_zero_and_nonsense_is_named() {
        let p = tebak_pemetaan(&s(&["Nama", "No. HP"]));
        let rows = vec![
            s(&["Siti", "81234567890"]),
            s(&["Budi", "+62 812-3456-7890"]),
            s(&["Joko", "tanya pak RT"]),
        ];
        let r = periksa(Uuid::from_u128(1), &p, &rows, 1, &[]);
        assert_eq!(r.baris[0].tamu.telepon, "081234567890");
        assert_eq!(r.baris[1].tamu.telepon, "+62 812-3456-7890");
        assert!(
            r.baris[2].galat[0].starts_with("Nomor telepon"),
            "{:?}",
            r.baris[2].galat
        );
    }

    #[test]
    fn duplicates_in_the_file_and_on_the_list_are_skipped_not_errors() {
        let e = Uuid::from_u128(1);
        let p = vec![
            Some(KolomTamu::Nama),
            Some(KolomTamu::Rt),
            Some(KolomTamu::Kelurahan),
        ];
        let rows = vec![
            s(&["Siti Aminah", "3", "Medono"]),
            s(&["SITI AMINAH", "003", "medono"]),
            s(&["Ahmad Ma'ruf", "1", "Tirto"]),
        ];
        let first = periksa(e, &p, &rows[..1], 1, &[]);
        let existing = vec![first.baris[0].tamu.clone()];
        let r = periksa(e, &p, &rows, 1, &[]);
        assert_eq!((r.valid, r.duplikat), (2, 1));
        assert_eq!(r.baris[1].duplikat.as_deref(), Some("sama dengan baris 2"));
        assert_eq!(r.tamu_baru().count(), 2);
        assert!(r.ringkasan_galat().is_none());
        let again = periksa(e, &p, &rows, 1, &existing);
        assert_eq!((again.valid, again.duplikat), (1, 2));
        assert_eq!(
            again.baris[0].duplikat.as_deref(),
            Some("sudah ada di daftar tamu")
        );
        // The same person gets the same id whichever import brings them.
        assert_eq!(r.baris[0].tamu.id, existing[0].id);
    }

    #[test]
    fn formulas_are_caught_but_phone_numbers_and_dashes_are_text() {
        assert!(rumus("=1+1"));
        assert!(rumus("  =HYPERLINK(\"http://x\")"));
        assert!(rumus("-1+2"));
        assert!(rumus("+1+1"));
        assert!(rumus("@SUM(A1)"));
        assert!(rumus("\u{ff1d}1+1"));
        assert!(rumus("-HYPERLINK(\"http://x\")"));
        assert!(rumus("-2*3"));
        assert!(rumus("@A1&A2"));
        assert!(!rumus("+62 812 3456 7890"));
        assert!(!rumus("+62 (812) 3456-7890"));
        assert!(!rumus("-RT 03/RW 05"));
        assert!(!rumus("- Jl. Kurinci 3/5"));
        assert!(!rumus("@budi_setiawan"));
        assert!(!rumus("+62812"));
        assert!(!rumus("-Ketua RT 03"));
        assert!(!rumus("-"));
        assert!(!rumus("- catatan"));
        assert!(!rumus("Siti"));
        assert!(!rumus(""));
    }

    #[test]
    fn a_guest_corrected_since_an_earlier_import_is_not_imported_again() {
        let e = Uuid::from_u128(1);
        let p = vec![Some(KolomTamu::Nama), Some(KolomTamu::Kelurahan)];
        let rows = vec![s(&["Siti Aminah", "Medono"]), s(&["Budi", "Tirto"])];
        let first = periksa(e, &p, &rows, 1, &[]);
        // Staff corrected Siti's name after the first import.
        let mut corrected = first.baris[0].tamu.clone();
        corrected.nama = "Siti Aminah, S.Pd.".into();
        let again = periksa(e, &p, &rows, 1, &[corrected]);
        assert_eq!((again.valid, again.duplikat, again.bermasalah), (1, 1, 0));
        assert!(
            again.baris[0]
                .duplikat
                .as_deref()
                .unwrap()
                .contains("diubah")
        );
        assert_eq!(
            again
                .tamu_baru()
                .map(|t| t.nama.as_str())
                .collect::<Vec<_>>(),
            ["Budi"]
        );
        // Budi was deleted from the list since: the preview says he comes back.
        let mut again = again;
        again.tandai_dikembalikan(&[first.baris[1].tamu.id, first.baris[0].tamu.id].into());
        assert!(again.baris[1].dikembalikan);
        assert!(
            !again.baris[0].dikembalikan,
            "a duplicate is skipped, not restored"
        );
        assert_eq!(again.jumlah_dikembalikan(), 1);
    }
}
