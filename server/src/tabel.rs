//! Spreadsheets in and out. In: the guest lists members' offices send, as XLSX (read
//! with `calamine`) or CSV (any of `,` `;` tab, UTF-8 or Windows-1252), turned into a
//! header and rows of trimmed text. Out: exports as XLSX (`rust_xlsxwriter`) and CSV,
//! with every text cell neutralised against formula injection.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

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
        "Isi berkas XLSX terlalu besar setelah dibuka (lebih dari {0} MB). Simpan daftar tamu saja, tanpa gambar atau lembar lain."
    )]
    TerlaluBesar(u64),
    #[error(
        "Sel {0} berisi rumus (formula). Simpan ulang lembar kerja sebagai nilai saja, lalu impor kembali."
    )]
    Rumus(String),
}

pub const MAX_BARIS: usize = 10_000;

/// Reads the first worksheet of an XLSX file, or a CSV file (recognised by content).
pub fn baca(bytes: &[u8]) -> Result<Lembar, TabelError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") {
        xlsx_rows(bytes)?
    } else {
        csv_rows(bytes)?
    };
    lembar(rows)
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
    let mut baris = Vec::new();
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
    // Drop blank rows but keep row numbers right: numbering is positional, so blank
    // rows inside the data become empty rows only if followed by data; trailing ones go.
    while data_rows.last().is_some_and(Option::is_none) {
        data_rows.pop();
    }
    if data_rows.len() > MAX_BARIS {
        return Err(TabelError::TerlaluBanyak(MAX_BARIS));
    }
    for r in data_rows {
        baris.push(r.unwrap_or_else(|| vec![String::new(); header.len()]));
    }
    Ok(Lembar {
        header,
        baris,
        baris_judul: skipped + 1,
    })
}

fn a1(row: u32, col: u32) -> String {
    let mut c = col + 1;
    let mut letters = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        letters.push((b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Largest unpacked size of an uploaded workbook: a 10,000-row guest list is a few MB;
/// more is a workbook full of pictures, or a zip bomb.
pub const MAX_XLSX_MB: u64 = 64;

/// Refuses a workbook whose parts unpack to more than [`MAX_XLSX_MB`] in all, before
/// calamine reads it. The sizes a zip declares can lie, so each part is inflated here
/// into nothing, and reading stops as soon as the total passes the limit.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), TabelError> {
    use std::io::Read;
    let broken = |e: zip::result::ZipError| TabelError::BukanTabel(format!("XLSX rusak: {e}"));
    let limit = MAX_XLSX_MB * 1024 * 1024;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(broken)?;
        let read = std::io::copy(&mut part.take(limit - total + 1), &mut std::io::sink())
            .map_err(|e| TabelError::BukanTabel(format!("XLSX rusak: {e}")))?;
        total += read;
        if total > limit {
            return Err(TabelError::TerlaluBesar(MAX_XLSX_MB));
        }
    }
    Ok(())
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, TabelError> {
    check_unpacked_size(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| TabelError::BukanTabel(format!("XLSX rusak: {e}")))?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| TabelError::BukanTabel("tidak ada lembar kerja".into()))?;
    if let Ok(formulas) = book.worksheet_formula(&name) {
        let (r0, c0) = formulas.start().unwrap_or((0, 0));
        if let Some((r, c, _)) = formulas.used_cells().find(|(_, _, f)| !f.is_empty()) {
            return Err(TabelError::Rumus(a1(r0 + r as u32, c0 + c as u32)));
        }
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|e| TabelError::BukanTabel(format!("lembar kerja tidak terbaca: {e}")))?;
    // Rows above the used range count for numbering.
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let height = range.height();
    if height > MAX_BARIS + 50 {
        return Err(TabelError::TerlaluBanyak(MAX_BARIS));
    }
    let mut out: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(teks_sel));
        out.push(cells);
    }
    Ok(out)
}

fn teks_sel(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(dt) => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

fn csv_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, TabelError> {
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
    for rec in reader.records() {
        let rec = rec.map_err(|e| TabelError::BukanTabel(format!("CSV tidak terbaca: {e}")))?;
        out.push(rec.iter().map(|c| c.trim().to_string()).collect());
        if out.len() > MAX_BARIS + 50 {
            return Err(TabelError::TerlaluBanyak(MAX_BARIS));
        }
    }
    Ok(out)
}

/// One cell of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Sel {
    Teks(String),
    Angka(f64),
}

/// Would a spreadsheet read this text as a formula? (OWASP "CSV injection": a value
/// starting with `=` `+` `-` `@`, tab or carriage return, also after leading spaces, and
/// the full-width forms some input methods type.)
pub fn seperti_rumus(s: &str) -> bool {
    s.starts_with(['\t', '\r'])
        || s.trim_start_matches(' ').starts_with([
            '=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
        ])
}

/// Neutralises a CSV cell against formula injection: a formula-looking value gets a
/// leading apostrophe, which spreadsheets read as "this is text".
pub fn netralkan(s: &str) -> Cow<'_, str> {
    if seperti_rumus(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// One worksheet of an export.
pub struct Lembaran<'a> {
    pub nama: &'a str,
    pub header: &'a [&'a str],
    pub baris: &'a [Vec<Sel>],
}

/// An XLSX workbook with one worksheet (see [`xlsx_buku`]).
pub fn xlsx(nama_lembar: &str, header: &[&str], baris: &[Vec<Sel>]) -> Result<Vec<u8>, String> {
    xlsx_buku(&[Lembaran {
        nama: nama_lembar,
        header,
        baris,
    }])
}

/// An XLSX workbook, a worksheet per [`Lembaran`]: bold frozen header with a filter,
/// widths that fit the content, text always written as text. A formula-looking text
/// cell also gets Excel's quote prefix (the cell style that a typed apostrophe makes),
/// so it stays text even when someone edits it, while its value is exactly what was
/// stored.
pub fn xlsx_buku(lembar: &[Lembaran]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let bold = Format::new().set_bold().set_background_color("#E8F1EC");
    let teks = Format::new().set_quote_prefix();
    for l in lembar {
        let sheet = book.add_worksheet();
        sheet.set_name(l.nama).map_err(e)?;
        let mut widths: Vec<usize> = l.header.iter().map(|h| h.chars().count()).collect();
        for (c, h) in l.header.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *h, &bold)
                .map_err(e)?;
        }
        for (r, row) in l.baris.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let len = match cell {
                    Sel::Teks(s) => {
                        if seperti_rumus(s) {
                            sheet
                                .write_string_with_format(r, c as u16, s, &teks)
                                .map_err(e)?;
                        } else {
                            sheet.write_string(r, c as u16, s).map_err(e)?;
                        }
                        s.chars().count()
                    }
                    Sel::Angka(n) => {
                        sheet.write_number(r, c as u16, *n).map_err(e)?;
                        n.to_string().len()
                    }
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(len);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet
                .set_column_width(c as u16, (*w).clamp(6, 60) as f64 + 2.0)
                .map_err(e)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(e)?;
        if !l.header.is_empty() {
            sheet
                .autofilter(0, 0, l.baris.len() as u32, l.header.len() as u16 - 1)
                .map_err(e)?;
        }
    }
    book.save_to_buffer().map_err(e)
}

/// CSV for Excel: UTF-8 with BOM, comma separated, CRLF, text neutralised.
pub fn csv(header: &[&str], baris: &[Vec<Sel>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(header);
    for row in baris {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Sel::Teks(s) => netralkan(s).into_owned(),
                Sel::Angka(n) => n.to_string(),
            })
            .collect();
        let _ = w.write_record(&cells);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Sel {
        Sel::Teks(s.into())
    }

    #[test]
    fn an_export_reads_back_with_numbers_accents_and_neutralised_formulas() {
        let bytes = xlsx(
            "Tamu",
            &["Nama", "RT", "Catatan"],
            &[
                vec![t("Sélamet Ma'ruf"), Sel::Angka(3.0), t("=1+1")],
                vec![t("Siti"), Sel::Angka(1.5), t("biasa")],
            ],
        )
        .unwrap();
        let l = baca(&bytes).unwrap();
        assert_eq!(l.header, ["Nama", "RT", "Catatan"]);
        // Exactly what was stored, and a text cell, not a formula (read back as one,
        // this file would be refused, naming the cell).
        assert_eq!(l.baris[0], ["Sélamet Ma'ruf", "3", "=1+1"]);
        assert_eq!(l.baris[1], ["Siti", "1.5", "biasa"]);
        assert_eq!(l.baris_judul, 1);
        // The formula-looking cell carries the quote prefix: C2 uses a style that has it.
        let (styles, sheet) = (
            xml_of(&bytes, "xl/styles.xml"),
            xml_of(&bytes, "xl/worksheets/sheet1.xml"),
        );
        assert_eq!(styles.matches("quotePrefix=\"1\"").count(), 1, "{styles}");
        let style_of = |cell: &str| {
            let at = sheet.find(&format!("r=\"{cell}\"")).unwrap();
            let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
            tag.split("s=\"")
                .nth(1)
                .map(|x| x[..x.find('"').unwrap()].to_string())
        };
        let xfs = &styles[styles.find("<cellXfs").unwrap()..];
        let xf = |i: usize| xfs.split("<xf ").nth(i + 1).unwrap().to_string();
        let c2 = style_of("C2").expect("C2 has a style");
        assert!(xf(c2.parse().unwrap()).contains("quotePrefix=\"1\""));
        assert!(style_of("A2").is_none_or(|s| !xf(s.parse().unwrap()).contains("quotePrefix")));
    }

    fn xml_of(xlsx: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn a_workbook_with_a_formula_is_refused_naming_the_cell() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let s = book.add_worksheet();
        s.write_string(0, 0, "Nama").unwrap();
        s.write_string(1, 0, "Siti").unwrap();
        s.write_formula(2, 1, "=1+2").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(baca(&bytes), Err(TabelError::Rumus("B3".into())));
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
    fn a_workbook_that_unpacks_to_too_much_is_refused_before_unpacking() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/media/image1.bmp", opts).unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..(MAX_XLSX_MB + 1) {
            zip.write_all(&zeros).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024, "{} bytes", bytes.len());
        assert_eq!(baca(&bytes), Err(TabelError::TerlaluBesar(MAX_XLSX_MB)));
    }

    #[test]
    fn a_workbook_lying_about_its_unpacked_size_is_refused_too() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..(MAX_XLSX_MB + 1) {
            zip.write_all(&zeros).unwrap();
        }
        let mut bytes = zip.finish().unwrap().into_inner();
        // Patch the declared uncompressed size (local header offset 22, central
        // directory entry offset 24) down to 1 KB.
        let small = 1024u32.to_le_bytes();
        bytes[22..26].copy_from_slice(&small);
        let cd = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[cd + 24..cd + 28].copy_from_slice(&small);
        let declared: u64 = {
            let mut z = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            (0..z.len())
                .map(|i| z.by_index_raw(i).unwrap().size())
                .sum()
        };
        assert_eq!(declared, 1024, "the zip now lies");
        // Inflating is stopped at the limit, whatever the header says.
        assert_eq!(
            check_unpacked_size(&bytes),
            Err(TabelError::TerlaluBesar(MAX_XLSX_MB))
        );
        assert_eq!(baca(&bytes), Err(TabelError::TerlaluBesar(MAX_XLSX_MB)));
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
    fn csv_export_is_excel_friendly_and_neutralised() {
        let out = csv(
            &["Nama", "Isi"],
            &[
                vec![t("@SUM(A1)"), t("-2+3")],
                vec![t("+62812"), t("a, b")],
                vec![t("Biasa"), Sel::Angka(2.5)],
            ],
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s.trim_start_matches('\u{feff}'),
            "Nama,Isi\r\n'@SUM(A1),'-2+3\r\n'+62812,\"a, b\"\r\nBiasa,2.5\r\n"
        );
        assert!(matches!(netralkan("Siti"), Cow::Borrowed(_)));
        for sly in ["  =1+1", "\t=1+1", "\u{ff1d}1+1", "\r@x"] {
            assert!(netralkan(sly).starts_with('\''), "{sly:?}");
        }
        assert!(!seperti_rumus("Jl. Kurinci - Gang 3"));
    }
}
