//! Reading the first worksheet of an XLSX guest list with bounded memory.
//!
//! 1. The workbook's parts are inflated into nothing first: more than [`MAX_XLSX_MB`]
//!    unpacked (whatever sizes the zip declares) is refused.
//! 2. The first sheet's XML is scanned for formulas (`<f>`), streaming. calamine's own
//!    formula reader is not used: it builds the sheet's dense range and a map per cell of
//!    a shared formula's declared range, both sized by what the file claims.
//! 3. Cells are streamed with calamine's cell reader; a cell with a value beyond
//!    [`MAX_KOLOM`] columns or the row limit stops the read. Rows are built from the
//!    cells seen, never from the sheet's declared dimension.

use std::io::{BufReader, Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;

use super::{BARIS_JUDUL_MAKS, Batas, MAX_BARIS, MAX_KOLOM, TabelError};

/// Largest unpacked size of an uploaded workbook: a 10,000-row guest list is a few MB;
/// more is a workbook full of pictures, or a zip bomb.
pub const MAX_XLSX_MB: u64 = 32;

fn rusak(e: impl std::fmt::Display) -> TabelError {
    TabelError::BukanTabel(format!("XLSX rusak: {e}"))
}

pub(super) fn rows(bytes: &[u8], batas: Batas) -> Result<Vec<Vec<String>>, TabelError> {
    check_unpacked_size(bytes)?;
    let sheet = first_sheet_path(bytes)?;
    check_formulas(bytes, &sheet, batas)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(rusak)?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| TabelError::BukanTabel("tidak ada lembar kerja".into()))?;
    let mut cells = book
        .worksheet_cells_reader(&name)
        .map_err(|e| TabelError::BukanTabel(format!("lembar kerja tidak terbaca: {e}")))?;
    let max_rows = MAX_BARIS + BARIS_JUDUL_MAKS;
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut n = 0usize;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| TabelError::BukanTabel(format!("lembar kerja tidak terbaca: {e}")))?
    {
        n += 1;
        if n.is_multiple_of(4096) {
            batas.cek()?;
        }
        let value = teks_sel(&Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue; // a formatted but empty cell, wherever it is
        }
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        if c >= MAX_KOLOM {
            return Err(TabelError::TerlaluLebar(MAX_KOLOM));
        }
        if r >= max_rows {
            return Err(TabelError::TerlaluBanyak(MAX_BARIS));
        }
        if out.len() <= r {
            out.resize(r + 1, Vec::new());
        }
        let row = &mut out[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = value;
    }
    Ok(out)
}

/// Refuses a workbook whose parts unpack to more than [`MAX_XLSX_MB`] in all, before
/// anything reads it. The sizes a zip declares can lie, so each part is inflated here
/// into nothing, and reading stops as soon as the total passes the limit.
pub(super) fn check_unpacked_size(bytes: &[u8]) -> Result<(), TabelError> {
    let limit = MAX_XLSX_MB * 1024 * 1024;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(rusak)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(rusak)?;
        let read = std::io::copy(&mut part.take(limit - total + 1), &mut std::io::sink())
            .map_err(rusak)?;
        total += read;
        if total > limit {
            return Err(TabelError::TerlaluBesar(MAX_XLSX_MB));
        }
    }
    Ok(())
}

/// One zip part as a streaming XML reader.
type Part<'a, 'b> = quick_xml::Reader<BufReader<zip::read::ZipFile<'a, Cursor<&'b [u8]>>>>;

fn xml_part<'a, 'b>(
    zip: &'a mut zip::ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
) -> Result<Part<'a, 'b>, TabelError> {
    let part = zip
        .by_name(name)
        .map_err(|_| TabelError::BukanTabel(format!("bagian {name} tidak ada")))?;
    Ok(quick_xml::Reader::from_reader(BufReader::new(part)))
}

fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key || a.key.local_name().as_ref() == key)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
}

/// The zip path of the workbook's first sheet (as calamine orders them).
fn first_sheet_path(bytes: &[u8]) -> Result<String, TabelError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(rusak)?;
    let mut rel_id = None;
    {
        let mut xml = xml_part(&mut zip, "xl/workbook.xml")?;
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf).map_err(rusak)? {
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                    rel_id = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"id")
                        .and_then(|a| String::from_utf8(a.value.into_owned()).ok());
                    break;
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
    }
    let rel_id = rel_id.ok_or_else(|| TabelError::BukanTabel("tidak ada lembar kerja".into()))?;
    let mut xml = xml_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf).map_err(rusak)? {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == b"Relationship"
                    && attr(&e, b"Id").as_deref() == Some(rel_id.as_str()) =>
            {
                let target = attr(&e, b"Target").unwrap_or_default();
                let target = target.trim_start_matches('/');
                return Ok(if target.starts_with("xl/") {
                    target.to_string()
                } else {
                    format!("xl/{target}")
                });
            }
            Event::Eof => {
                return Err(TabelError::BukanTabel(
                    "lembar kerja tidak ditemukan".into(),
                ));
            }
            _ => {}
        }
        buf.clear();
    }
}

/// Refuses a sheet with any formula, naming the first cell that has one.
fn check_formulas(bytes: &[u8], sheet: &str, batas: Batas) -> Result<(), TabelError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(rusak)?;
    let mut xml = xml_part(&mut zip, sheet)?;
    let mut buf = Vec::new();
    let mut cell = String::new();
    let mut n = 0usize;
    loop {
        n += 1;
        if n.is_multiple_of(4096) {
            batas.cek()?;
        }
        match xml.read_event_into(&mut buf).map_err(rusak)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"c" => cell = attr(&e, b"r").unwrap_or_default(),
                b"f" => {
                    let at = if cell.is_empty() {
                        "?".to_string()
                    } else {
                        cell
                    };
                    return Err(TabelError::Rumus(at));
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lembar::baca;
    use std::io::Write;

    /// A minimal workbook whose first sheet is `sheet_xml` (no shared strings).
    fn workbook(sheet_xml: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut part = |name: &str, body: &str| {
            zip.start_file(name, opts).unwrap();
            zip.write_all(body.as_bytes()).unwrap();
        };
        part(
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        );
        part(
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tamu" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        );
        part(
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        );
        part("xl/worksheets/sheet1.xml", sheet_xml);
        zip.finish().unwrap().into_inner()
    }

    fn sheet(dimension: &str, cells: &str) -> String {
        format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
        )
    }

    #[test]
    fn two_cells_at_opposite_corners_are_refused_without_allocating_the_box() {
        let bytes = workbook(&sheet(
            "A1:XFD1048576",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ));
        assert!(bytes.len() < 2_000, "{} bytes", bytes.len());
        assert_eq!(baca(&bytes), Err(TabelError::TerlaluLebar(MAX_KOLOM)));
        // Far down in column A: too many rows, refused as such.
        let bytes = workbook(&sheet(
            "A1:A1048576",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row><row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>"#,
        ));
        assert_eq!(baca(&bytes), Err(TabelError::TerlaluBanyak(MAX_BARIS)));
    }

    #[test]
    fn a_lying_dimension_and_formatted_empty_cells_do_not_matter() {
        let bytes = workbook(&sheet(
            "A1:XFD1048576",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c><c r="B1" t="inlineStr"><is><t>RT</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Siti</t></is></c><c r="B2"><v>3</v></c><c r="XFD2" s="1"/></row>"#,
        ));
        let l = baca(&bytes).unwrap();
        assert_eq!(l.header, ["Nama", "RT"]);
        assert_eq!(l.baris, [vec!["Siti".to_string(), "3".to_string()]]);
    }

    #[test]
    fn a_shared_formula_over_the_whole_sheet_is_refused_by_name_not_by_memory() {
        let bytes = workbook(&sheet(
            "A1:B2",
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c></row><row r="2"><c r="B2"><f t="shared" ref="A1:XFD1048576" si="4000000000">A1</f><v>0</v></c></row>"#,
        ));
        assert_eq!(baca(&bytes), Err(TabelError::Rumus("B2".into())));
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
}
