//! Exports as XLSX (`rust_xlsxwriter`) and CSV, with every text cell neutralised
//! against formula injection.

use std::borrow::Cow;

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

/// CSV for Excel with Indonesian regional settings: UTF-8 with BOM, `;` between cells
/// (the list separator there, since `,` is the decimal mark), numbers with a decimal
/// comma, CRLF, text neutralised. No `sep=;` line: Excel then ignores the BOM and reads
/// the file as ANSI, breaking every accented name.
pub fn csv(header: &[&str], baris: &[Vec<Sel>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = w.write_record(header);
    for row in baris {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Sel::Teks(s) => netralkan(s).into_owned(),
                Sel::Angka(n) => n.to_string().replace('.', ","),
            })
            .collect();
        let _ = w.write_record(&cells);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lembar::baca;
    use std::io::Cursor;

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
    fn csv_export_is_excel_friendly_and_neutralised() {
        let out = csv(
            &["Nama", "Isi"],
            &[
                vec![t("@SUM(A1)"), t("-2+3")],
                vec![t("+62812"), t("a, b; c")],
                vec![t("Biasa"), Sel::Angka(2.5)],
            ],
        );
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with('\u{feff}'));
        assert_eq!(
            s.trim_start_matches('\u{feff}'),
            "Nama;Isi\r\n'@SUM(A1);'-2+3\r\n'+62812;\"a, b; c\"\r\nBiasa;2,5\r\n"
        );
        assert!(matches!(netralkan("Siti"), Cow::Borrowed(_)));
        for sly in ["  =1+1", "\t=1+1", "\u{ff1d}1+1", "\r@x"] {
            assert!(netralkan(sly).starts_with('\''), "{sly:?}");
        }
        assert!(!seperti_rumus("Jl. Kurinci - Gang 3"));
    }
}
