//! Spreadsheets in and out. In: the guest lists members' offices send, as XLSX or CSV
//! (any of `,` `;` tab, UTF-8 or Windows-1252), turned into a header and rows of
//! trimmed text. Out ([`ekspor`]): exports as XLSX and CSV, neutralised against formula
//! injection.
//!
//! # Bounded reading
//! A small file must never take the server down. Before anything is allocated per
//! cell, a workbook's unpacked size is capped; cells are streamed (never the dense
//! bounding box a spreadsheet reader would build), and a cell beyond [`MAX_KOLOM`]
//! columns or [`MAX_BARIS`] rows stops the read. A CSV header wider than [`MAX_KOLOM`]
//! is refused before any row is padded to it. Reading stops at a time budget too
//! ([`Batas`]); the server runs it off the async runtime.

mod ekspor;
mod xlsx;

use std::borrow::Cow;
use std::time::{Duration, Instant};

pub use ekspor::{Lembaran, Sel, csv, netralkan, seperti_rumus, xlsx, xlsx_buku};
pub use xlsx::MAX_XLSX_MB;

/// A sheet read from an uploaded file: the header row and the data rows, as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Lembar {
    pub header: Vec<String>,
    pub baris: Vec<Vec<String>>,
    /// Sheet rows above the first data row (the header and any blank rows before it).
    pub baris_judul: usize,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TabelError {
    #[error("Berkas kosong: tidak ada baris judul kolom maupun data.")]
    Kosong,
    #[error(
        "Berkas tidak dapat dibaca sebagai CSV atau XLSX ({0}). Simpan daftar tamu sebagai .xlsx atau .csv lalu coba lagi."
    )]
    BukanTabel(String),
    #[error("Berkas terlalu besar: paling banyak {0} baris data.")]
    TerlaluBanyak(usize),
    #[error(
        "Berkas terlalu lebar: paling banyak {0} kolom. Simpan daftar tamu saja, tanpa kolom kosong di kanan."
    )]
    TerlaluLebar(usize),
    #[error(
        "Isi berkas XLSX terlalu besar setelah dibuka (lebih dari {0} MB). Simpan daftar tamu saja, tanpa gambar atau lembar lain."
    )]
    TerlaluBesar(u64),
    #[error(
        "Sel {0} berisi rumus (formula). Simpan ulang lembar kerja sebagai nilai saja, lalu impor kembali."
    )]
    Rumus(String),
    #[error(
        "Berkas ini terlalu rumit untuk dibaca dalam batas waktu. Simpan daftar tamu saja sebagai .xlsx atau .csv baru."
    )]
    Waktu,
}

/// Data rows a guest list may have.
pub const MAX_BARIS: usize = 10_000;
/// Columns a guest list may have (it uses about ten).
pub const MAX_KOLOM: usize = 64;
/// Rows above the data (titles, notes) a sheet may have on top of [`MAX_BARIS`].
const BARIS_JUDUL_MAKS: usize = 50;

/// The time budget of one read.
#[derive(Debug, Clone, Copy)]
pub struct Batas {
    deadline: Instant,
}

impl Batas {
    pub fn new(budget: Duration) -> Self {
        Batas {
            deadline: Instant::now() + budget,
        }
    }

    fn cek(&self) -> Result<(), TabelError> {
        if Instant::now() > self.deadline {
            Err(TabelError::Waktu)
        } else {
            Ok(())
        }
    }
}

/// Reads the first worksheet of an XLSX file, or a CSV file (recognised by content),
/// within `batas`.
pub fn baca_dalam(bytes: &[u8], batas: Batas) -> Result<Lembar, TabelError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        xlsx::rows(bytes, batas)?
    } else {
        csv_rows(bytes, batas)?
    };
    lembar(rows)
}

/// [`baca_dalam`] with a generous budget (tests, tools).
pub fn baca(bytes: &[u8]) -> Result<Lembar, TabelError> {
    baca_dalam(bytes, Batas::new(Duration::from_secs(30)))
}

fn lembar(rows: Vec<Vec<String>>) -> Result<Lembar, TabelError> {
    let mut it = rows.into_iter().enumerate();
    let (skipped, mut header) = loop {
        match it.next() {
            None => return Err(TabelError::Kosong),
            Some((i, r)) if r.iter().any(|c| !c.is_empty()) => break (i, r),
            Some(_) => {}
        }
    };
    while header.last().is_some_and(String::is_empty) {
        header.pop();
    }
    if header.len() > MAX_KOLOM {
        return Err(TabelError::TerlaluLebar(MAX_KOLOM));
    }
    let mut data_rows = Vec::new();
    for (_, mut r) in it {
        if r.iter().all(String::is_empty) {
            // A blank row keeps its place in the numbering.
            data_rows.push(None);
            continue;
        }
        if r.len() < header.len() {
            r.resize(header.len(), String::new());
        }
        data_rows.push(Some(r));
    }
    // Blank rows inside the data stay (as empty rows) so row numbers match the sheet;
    // trailing ones go.
    while data_rows.last().is_some_and(Option::is_none) {
        data_rows.pop();
    }
    if data_rows.len() > MAX_BARIS {
        return Err(TabelError::TerlaluBanyak(MAX_BARIS));
    }
    let baris = data_rows
        .into_iter()
        .map(|r| r.unwrap_or_else(|| vec![String::new(); header.len()]))
        .collect();
    Ok(Lembar {
        header,
        baris,
        baris_judul: skipped + 1,
    })
}

fn csv_rows(bytes: &[u8], batas: Batas) -> Result<Vec<Vec<String>>, TabelError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(TabelError::Kosong);
    }
    let control = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n'))
        .count();
    if bytes.contains(&0) || control * 100 > bytes.len() {
        return Err(TabelError::BukanTabel("berkas biner".into()));
    }
    let text: Cow<str> = match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        // Excel's "CSV" on Windows: Windows-1252 (curly quotes, en dashes and accents).
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    };
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let delimiter = if count('\t') > count(';').max(count(',')) {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| TabelError::BukanTabel(format!("CSV tidak terbaca: {e}")))?;
        if !more {
            return Ok(out);
        }
        // Trailing empty cells do not count towards the width (a spreadsheet saves a
        // whole row of separators for formatting alone).
        let width = (0..record.len())
            .rev()
            .find(|&i| !record[i].trim().is_empty())
            .map_or(0, |i| i + 1);
        if width > MAX_KOLOM {
            return Err(TabelError::TerlaluLebar(MAX_KOLOM));
        }
        out.push(
            record
                .iter()
                .take(width)
                .map(|c| c.trim().to_string())
                .collect(),
        );
        if out.len() > MAX_BARIS + BARIS_JUDUL_MAKS {
            return Err(TabelError::TerlaluBanyak(MAX_BARIS));
        }
        if out.len().is_multiple_of(512) {
            batas.cek()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn t(s: &str) -> Sel {
        Sel::Teks(s.into())
    }

    #[test]
    fn csv_in_the_ways_offices_save_it() {
        let l = baca(b"\xEF\xBB\xBFNama;RT/RW;Kelurahan\nSiti;03/05;Medono\nBudi\n").unwrap();
        assert_eq!(l.header, ["Nama", "RT/RW", "Kelurahan"]);
        assert_eq!(l.baris[0], ["Siti", "03/05", "Medono"]);
        assert_eq!(l.baris[1], ["Budi", "", ""]);
        let latin1 = baca(b"Nama,Kelurahan\nJos\xE9,Tirto\n").unwrap();
        assert_eq!(latin1.baris[0][0], "José");
        // Excel's curly apostrophe and en dash (0x92, 0x96) in Windows-1252.
        let cp1252 = baca(b"Nama,Alamat\nAbdul Ma\x92ruf,Jl. Kurinci \x96 Gg. 3\n").unwrap();
        assert_eq!(
            cp1252.baris[0],
            ["Abdul Ma\u{2019}ruf", "Jl. Kurinci \u{2013} Gg. 3"]
        );
        let tabs = baca(b"Nama\tRT\n\"Ahmad, S.Pd.\"\t1\n").unwrap();
        assert_eq!(tabs.baris[0], ["Ahmad, S.Pd.", "1"]);
        let quoted = baca(b"Nama,RT\n\"Ahmad, S.Pd.\",1\n").unwrap();
        assert_eq!(quoted.baris[0], ["Ahmad, S.Pd.", "1"]);
    }

    #[test]
    fn what_is_not_a_guest_list_gets_a_clear_error_and_no_panic() {
        assert_eq!(baca(b""), Err(TabelError::Kosong));
        assert_eq!(baca(b"  \n\r\n "), Err(TabelError::Kosong));
        assert!(baca(b"Nama,RT\n").unwrap().baris.is_empty());
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert!(matches!(baca(png), Err(TabelError::BukanTabel(_))));
        let good = xlsx("A", &["Nama"], &[vec![t("Siti")]]).unwrap();
        assert!(matches!(baca(&good[..200]), Err(TabelError::BukanTabel(_))));
        // A zip that is not a workbook.
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend([0u8; 64]);
        assert!(matches!(baca(&zip), Err(TabelError::BukanTabel(_))));
        let mut seed = 7u64;
        for n in 0..200 {
            let junk: Vec<u8> = (0..n * 7)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (seed >> 33) as u8
                })
                .collect();
            let _ = baca(&junk);
        }
    }

    #[test]
    fn at_most_ten_thousand_rows() {
        let mut big = String::from("Nama\n");
        for i in 0..MAX_BARIS {
            big.push_str(&format!("Tamu {i}\n"));
        }
        assert_eq!(baca(big.as_bytes()).unwrap().baris.len(), MAX_BARIS);
        big.push_str("Satu lagi\n");
        assert_eq!(
            baca(big.as_bytes()),
            Err(TabelError::TerlaluBanyak(MAX_BARIS))
        );
    }

    #[test]
    fn a_header_wider_than_the_supported_columns_is_refused_before_padding() {
        let mut wide = "Nama".to_string();
        for i in 0..MAX_KOLOM {
            wide.push_str(&format!(",K{i}"));
        }
        wide.push_str("\nSiti\n");
        assert_eq!(
            baca(wide.as_bytes()),
            Err(TabelError::TerlaluLebar(MAX_KOLOM))
        );
        // Millions of separators in the header: refused, nothing padded.
        let mut huge = "Nama".to_string() + &",x".repeat(2_000_000);
        huge.push_str("\nSiti\nBudi\n");
        assert_eq!(
            baca(huge.as_bytes()),
            Err(TabelError::TerlaluLebar(MAX_KOLOM))
        );
        // Empty separators at the end of a row are not columns.
        let padded = format!("Nama,RT{}\nSiti,1{}\n", ",".repeat(500), ",".repeat(500));
        let l = baca(padded.as_bytes()).unwrap();
        assert_eq!(l.header, ["Nama", "RT"]);
        assert_eq!(l.baris[0], ["Siti", "1"]);
    }

    #[test]
    fn a_read_past_its_time_budget_stops_with_a_clear_error() {
        let mut big = String::from("Nama\n");
        for i in 0..5_000 {
            big.push_str(&format!("Tamu {i}\n"));
        }
        let spent = Batas::new(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(baca_dalam(big.as_bytes(), spent), Err(TabelError::Waktu));
    }
}
