//! Reses at the office, as the server sees it: guest lists imported all or nothing (and
//! bad files changing nothing), exports that read back as what was stored, and who may
//! do either.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reses_domain::impor::{HasilSimpan, PratinjauImpor};
use reses_domain::kehadiran::{Kehadiran, Pencatat};
use reses_domain::sync::{Mutation, Op, RecordKind};
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Session, TestApp, now_ms};

async fn first_event(s: &Session) -> Uuid {
    s.pull_all()
        .await
        .iter()
        .filter(|r| r.kind == RecordKind::ResesEvent)
        .min_by_key(|r| r.data["tanggal"].as_str().unwrap().to_string())
        .unwrap()
        .id
}

async fn impor(
    s: &Session,
    event: Uuid,
    body: Vec<u8>,
    pratinjau: bool,
    kolom: &str,
) -> reqwest::Response {
    s.client
        .post(s.url(&format!(
            "/api/kegiatan/{event}/impor-tamu?pratinjau={pratinjau}&kolom={kolom}"
        )))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn guests(app: &TestApp, event: Uuid) -> usize {
    app.stored_live("tamu")
        .await
        .iter()
        .filter(|t| t["event_id"] == json!(event))
        .count()
}

async fn refused(res: reqwest::Response) -> (u16, ErrorBody) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

const GOOD: &str = "No;Nama Lengkap;Alamat;RT/RW;Kelurahan;L/P;Jabatan\n\
1;Hj. Siti Aminah;Jl. Jlamprang 5;003/005;Medono;P;Ketua PKK\n\
2;Ahmad Ma'ruf;Jl. Seruni 2;1/2;Medono;L;Ketua RT 01\n\
3;HJ. SITI AMINAH;Jl. Jlamprang 5;3/5;medono;P;\n\
4;Budi Santoso;;RT 4 RW 2;Tirto;laki-laki;Tokoh pemuda\n";

#[tokio::test]
async fn a_guest_list_is_previewed_then_imported_whole_and_reaches_the_companion() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let p1 = app.login("pendamping1").await;
    let event = first_event(&p1).await;
    let before = guests(&app, event).await;

    let res = impor(&staf, event, GOOD.as_bytes().to_vec(), true, "").await;
    assert_eq!(res.status(), 200);
    let p: PratinjauImpor = res.json().await.unwrap();
    assert_eq!(p.header.len(), 7);
    assert_eq!(p.galat_pemetaan, None);
    assert_eq!(
        (p.hasil.valid, p.hasil.bermasalah, p.hasil.duplikat),
        (3, 0, 1)
    );
    assert_eq!(
        p.hasil.baris[2].duplikat.as_deref(),
        Some("sama dengan baris 2")
    );
    assert_eq!(
        guests(&app, event).await,
        before,
        "a preview stores nothing"
    );

    let res = impor(&staf, event, GOOD.as_bytes().to_vec(), false, "").await;
    assert_eq!(res.status(), 200);
    let h: HasilSimpan = res.json().await.unwrap();
    assert_eq!((h.disimpan, h.dilewati), (3, 1));
    assert_eq!(guests(&app, event).await, before + 3);
    let stored = app.stored("tamu").await;
    let budi = stored.iter().find(|t| t["nama"] == "Budi Santoso").unwrap();
    assert_eq!(
        (budi["rt"].as_str(), budi["rw"].as_str()),
        (Some("4"), Some("2"))
    );
    assert_eq!(budi["jenis_kelamin"], "L");

    // The companion's next pull brings the new guests.
    let theirs = p1.pull_all().await;
    assert!(
        theirs
            .iter()
            .any(|r| r.kind == RecordKind::Tamu && r.data["nama"] == "Ahmad Ma'ruf")
    );

    // The same file again adds nobody: everyone is a duplicate now.
    let (status, body) =
        refused(impor(&staf, event, GOOD.as_bytes().to_vec(), false, "").await).await;
    assert_eq!(status, 400);
    assert!(
        body.message.contains("Tidak ada tamu baru"),
        "{}",
        body.message
    );
    assert_eq!(guests(&app, event).await, before + 3);
}

#[tokio::test]
async fn bad_files_get_clear_errors_and_change_nothing() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let event = first_event(&app.login("pendamping1").await).await;
    let before = guests(&app, event).await;

    // Wrong columns: nothing says which one holds the name.
    let wrong = b"Kolom A,Kolom B\nx,y\n".to_vec();
    let p: PratinjauImpor = impor(&staf, event, wrong.clone(), true, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        p.galat_pemetaan.as_deref(),
        Some("Pilih kolom yang berisi nama tamu.")
    );
    let (status, body) = refused(impor(&staf, event, wrong, false, "").await).await;
    assert_eq!((status, body.code), (400, ErrorCode::BadRequest));
    assert!(body.message.contains("nama tamu"));

    // The mapping can be chosen instead of guessed.
    let mapped = impor(
        &staf,
        event,
        b"Kolom A,Kolom B\nWarga Baru,Medono\n".to_vec(),
        true,
        "nama,kelurahan",
    )
    .await;
    let p: PratinjauImpor = mapped.json().await.unwrap();
    assert_eq!((p.hasil.valid, p.galat_pemetaan), (1, None));
    let (status, _) = refused(
        impor(
            &staf,
            event,
            b"Nama\nx\n".to_vec(),
            true,
            "nama,bukan_kolom",
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);

    // One bad row refuses the whole file.
    let one_bad = format!("{GOOD}5;=HYPERLINK(\"http://x\");;;;;\n6;;Jl. Tanpa Nama;;;;\n");
    let (status, body) = refused(impor(&staf, event, one_bad.into_bytes(), false, "").await).await;
    assert_eq!(status, 400);
    assert!(
        body.message
            .starts_with("Impor dibatalkan: 2 baris bermasalah (baris 6:"),
        "{}",
        body.message
    );
    assert!(
        body.message.contains("baris 7: Nama tamu wajib diisi."),
        "{}",
        body.message
    );

    for (what, bytes, expect) in [
        ("empty", Vec::new(), "Berkas kosong"),
        ("blank", b" \n \n".to_vec(), "Berkas kosong"),
        (
            "png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10".to_vec(),
            "tidak dapat dibaca sebagai CSV atau XLSX",
        ),
        (
            "zip",
            [b"PK\x03\x04".as_slice(), &[0u8; 100]].concat(),
            "tidak dapat dibaca sebagai CSV atau XLSX",
        ),
        ("formula", formula_xlsx(), "berisi rumus"),
        ("huge", huge_csv(10_001), "paling banyak 10000 baris"),
        ("huge xlsx", huge_xlsx(10_001), "paling banyak 10000 baris"),
    ] {
        let (status, body) = refused(impor(&staf, event, bytes, false, "").await).await;
        assert_eq!(status, 400, "{what}");
        assert!(body.message.contains(expect), "{what}: {}", body.message);
    }
    assert_eq!(
        guests(&app, event).await,
        before,
        "no bad file stored anyone"
    );
}

fn formula_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Nama").unwrap();
    s.write_string(1, 0, "Siti").unwrap();
    s.write_formula(2, 0, "=A2&\" Aminah\"").unwrap();
    book.save_to_buffer().unwrap()
}

fn huge_xlsx(rows: usize) -> Vec<u8> {
    use reses_server::lembar::{Sel, xlsx};
    let rows: Vec<Vec<Sel>> = (0..rows)
        .map(|i| vec![Sel::Teks(format!("Tamu {i}")), Sel::Teks("Medono".into())])
        .collect();
    xlsx("Tamu", &["Nama", "Kelurahan"], &rows).unwrap()
}

fn huge_csv(rows: usize) -> Vec<u8> {
    let mut s = String::from("Nama,Kelurahan\n");
    for i in 0..rows {
        s.push_str(&format!("Tamu {i},Medono\n"));
    }
    s.into_bytes()
}

#[tokio::test]
async fn a_large_xlsx_imports_in_one_go() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let event = first_event(&app.login("pendamping1").await).await;
    let before = guests(&app, event).await;
    let rows: Vec<Vec<reses_server::lembar::Sel>> = (0..2_000)
        .map(|i| {
            vec![
                reses_server::lembar::Sel::Teks(format!("Warga Nomor {i}")),
                reses_server::lembar::Sel::Angka((i % 12 + 1) as f64),
                reses_server::lembar::Sel::Teks("Medono".into()),
            ]
        })
        .collect();
    let bytes = reses_server::lembar::xlsx("Tamu", &["Nama", "RT", "Kelurahan"], &rows).unwrap();
    let res = impor(&staf, event, bytes, false, "").await;
    assert_eq!(res.status(), 200);
    let h: HasilSimpan = res.json().await.unwrap();
    assert_eq!(h.disimpan, 2_000);
    assert_eq!(guests(&app, event).await, before + 2_000);
}

#[tokio::test]
async fn only_office_staff_import_and_export() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let event = first_event(&p1).await;
    let (status, body) =
        refused(impor(&p1, event, GOOD.as_bytes().to_vec(), false, "").await).await;
    assert_eq!((status, body.code), (403, ErrorCode::Forbidden));
    for who in ["pendamping1", "kesra", "anggota"] {
        let s = app.login(who).await;
        for berkas in ["aspirasi.xlsx", "kehadiran.csv", "laporan.xlsx"] {
            let res = s.get(&format!("/api/ekspor/{berkas}?event={event}")).await;
            assert_eq!(res.status(), 403, "{who} {berkas}");
        }
    }
    let analis = app.login("analis").await;
    assert_eq!(
        analis
            .get(&format!("/api/ekspor/aspirasi.csv?event={event}"))
            .await
            .status(),
        200
    );
    let (status, _) =
        refused(impor(&analis, event, GOOD.as_bytes().to_vec(), true, "").await).await;
    assert_eq!(status, 403, "analysts read, they do not change guest lists");
    let staf = app.login("staf").await;
    assert_eq!(staf.get("/api/ekspor/aspirasi.xlsx").await.status(), 400);
    assert_eq!(
        staf.get(&format!("/api/ekspor/rahasia.xlsx?event={event}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        staf.get(&format!(
            "/api/ekspor/aspirasi.xlsx?event={}",
            Uuid::now_v7()
        ))
        .await
        .status(),
        404
    );
    let (status, _) =
        refused(impor(&staf, Uuid::now_v7(), GOOD.as_bytes().to_vec(), true, "").await).await;
    assert_eq!(status, 404);
}

fn put<T: Serialize>(kind: RecordKind, id: Uuid, value: &T) -> Mutation {
    let data = serde_json::to_value(value).unwrap();
    let changed = data.as_object().unwrap().keys().cloned().collect();
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev: 0,
        op: Op::Put { data, changed },
        client_time: now_ms(),
    }
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn ev_tempat(all: &[reses_domain::sync::RecordEnvelope], event: Uuid) -> &str {
    all.iter().find(|r| r.id == event).unwrap().data["tempat"]
        .as_str()
        .unwrap()
}

async fn kehadiran_xlsx(s: &Session, event: Uuid) -> Vec<u8> {
    s.get(&format!("/api/ekspor/kehadiran.xlsx?event={event}"))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

fn sheet(bytes: Vec<u8>) -> Vec<Vec<String>> {
    let name = {
        let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
        book.sheet_names()[0].clone()
    };
    sheet_named(bytes, &name)
}

fn sheet_named(bytes: Vec<u8>, name: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn exports_read_back_as_what_was_stored_with_formulas_neutralised() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let staf = app.login("staf").await;
    let all = p1.pull_all().await;
    let event = first_event(&p1).await;
    let guest = all
        .iter()
        .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(event))
        .unwrap();
    let by = Pencatat {
        user_id: p1.profile.user_id,
        nama: p1.profile.display_name.clone(),
        perangkat: Some(p1.device_id),
        waktu: now_ms(),
    };
    let ttd = TandaTangan::from_strokes(300.0, 120.0, &[vec![(5.0, 5.0), (80.0, 60.0)]]).unwrap();
    let k = Kehadiran::check_in(None, event, guest.id, true, ttd, &by).unwrap();
    let aspirasi_id = Uuid::now_v7();
    let aspirasi = json!({
        "id": aspirasi_id, "event_id": event,
        "pengusul": {"ref_id": null, "nama": "@Warga Iseng"},
        "bidang": "Kesehatan", "masalah": "=HYPERLINK(\"http://jahat\")", "permintaan": "Perbaikan posyandu",
        "jenis": "pengaduan",
        "kecamatan": "Pekalongan Barat", "kelurahan": "Medono", "rt": "3", "rw": "5",
        "alamat": "Gg. Melati", "volume": 1.5, "satuan": "unit", "prioritas": "tinggi", "foto": ["a".repeat(64)],
        "waktu": now_ms(), "dicatat_oleh": p1.profile.user_id, "nama_pencatat": "P1"
    });
    let out = p1
        .push(&[
            put(RecordKind::Kehadiran, k.id, &k),
            put(RecordKind::Aspirasi, aspirasi_id, &aspirasi),
        ])
        .await;
    assert!(
        out.results.iter().all(|r| r.outcome.is_settled()),
        "{out:?}"
    );

    let res = staf
        .get(&format!("/api/ekspor/kehadiran.xlsx?event={event}"))
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".xlsx")
    );
    let rows = sheet(res.bytes().await.unwrap().to_vec());
    assert_eq!(rows[0][3], "Nama");
    assert_eq!(rows.len(), 2, "one person present");
    assert_eq!(rows[1][3], guest.data["nama"].as_str().unwrap());
    assert_eq!(rows[1][7], guest.data["kelurahan"].as_str().unwrap());
    assert_eq!(rows[1][12], "Ada");

    let res = staf
        .get(&format!("/api/ekspor/aspirasi.xlsx?event={event}"))
        .await;
    let rows = sheet(res.bytes().await.unwrap().to_vec());
    assert_eq!(rows[0][..4], ["No", "Pengusul", "Permasalahan", "Usulan"]);
    let row = &rows[1];
    // In XLSX the values are exactly what was stored: written as text cells with the
    // quote prefix, never as formulas.
    assert_eq!(row[1], "@Warga Iseng");
    assert_eq!(row[2], "=HYPERLINK(\"http://jahat\")");
    assert_eq!(row[3], "Perbaikan posyandu");
    assert_eq!(
        (row[7].as_str(), row[8].as_str()),
        ("Medono", "Pekalongan Barat")
    );
    assert_eq!(row[10], "Dinas Kesehatan", "target OPD from the category");
    assert_eq!((row[11].as_str(), row[12].as_str()), ("1.5", "unit"));
    assert!(row[14].ends_with(&format!("/api/attachments/{}", "a".repeat(64))));
    assert_eq!(row[17], "Pengaduan");

    let csv = staf
        .get(&format!("/api/ekspor/aspirasi.csv?event={event}"))
        .await;
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let disposition = csv.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    let text = csv.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'));
    // Indonesian Excel: `;` between cells, a decimal comma.
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("\u{feff}No;Pengusul;"),
        "{text}"
    );
    let rows_csv = read_csv(&text);
    assert_eq!(rows_csv.len(), rows.len());
    assert_eq!(rows_csv[0], rows[0], "the same columns as the XLSX");
    // In CSV the apostrophe is the neutralisation; the rest matches the XLSX.
    assert_eq!(rows_csv[1][1], "'@Warga Iseng");
    assert_eq!(rows_csv[1][2], "'=HYPERLINK(\"http://jahat\")");
    assert_eq!(rows_csv[1][3..11], rows[1][3..11]);
    assert_eq!(rows_csv[1][11], "1,5");
    assert_eq!(rows_csv[1][12..14], rows[1][12..14]);
    // The name says which member and which day.
    let ev = all.iter().find(|r| r.id == event).unwrap();
    let member = all
        .iter()
        .find(|r| r.id.to_string() == ev.data["anggota_id"].as_str().unwrap())
        .unwrap();
    let first_word = member.data["nama"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap()
        .to_ascii_lowercase();
    let day = ev.data["tanggal"].as_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"aspirasi-")
            && disposition.contains(&first_word.replace(|c: char| !c.is_ascii_alphanumeric(), "-"))
            && disposition.ends_with(&format!("-{day}.csv\"")),
        "{disposition}"
    );
    assert_eq!(rows_csv[1][17], "Pengaduan");

    let att = read_csv(
        &staf
            .get(&format!("/api/ekspor/kehadiran.csv?event={event}"))
            .await
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(att.len(), 2, "header and the one person present");
    assert_eq!(att[0][3], "Nama");
    assert_eq!(att[1][3], guest.data["nama"].as_str().unwrap());
    assert_eq!(att[1][11..], ["Tidak", "Ada"]);

    // The report as a workbook: the printed report's summary, then both lists.
    let res = staf
        .get(&format!("/api/ekspor/laporan.xlsx?event={event}"))
        .await;
    assert_eq!(res.status(), 200);
    let book = res.bytes().await.unwrap().to_vec();
    let names = {
        let b: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(book.clone())).unwrap();
        b.sheet_names().to_vec()
    };
    assert_eq!(
        names,
        ["Ringkasan", "Daftar hadir", "Aspirasi dan pengaduan"]
    );
    let summary = sheet_named(book.clone(), "Ringkasan");
    let count = |uraian: &str| {
        summary
            .iter()
            .find(|r| r[1] == uraian)
            .unwrap_or_else(|| panic!("no row {uraian}: {summary:?}"))[2]
            .clone()
    };
    let invited = all
        .iter()
        .filter(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(event))
        .count();
    assert_eq!(count("Undangan"), invited.to_string());
    assert_eq!(count("Hadir"), "1");
    assert_eq!(
        (count("Aspirasi"), count("Pengaduan")),
        ("0".into(), "1".into())
    );
    assert_eq!(count("Bidang Kesehatan"), "1");
    assert_eq!(count("Lokasi Medono, Pekalongan Barat"), "1");
    assert_eq!(count("Foto"), "1");
    assert!(
        summary[1][1].contains(ev_tempat(&all, event)),
        "{:?}",
        summary[1]
    );
    assert_eq!(
        sheet_named(book.clone(), "Daftar hadir"),
        sheet(kehadiran_xlsx(&staf, event).await)
    );
    assert_eq!(sheet_named(book, "Aspirasi dan pengaduan"), rows);
    // A report is a workbook, not a flat file.
    assert_eq!(
        staf.get(&format!("/api/ekspor/laporan.csv?event={event}"))
            .await
            .status(),
        404
    );

    // By member and period: the same rows.
    let ev = all.iter().find(|r| r.id == event).unwrap();
    let q = format!(
        "anggota={}&masa_sidang={}",
        ev.data["anggota_id"].as_str().unwrap(),
        ev.data["masa_sidang_id"].as_str().unwrap()
    );
    let rows2 = sheet(
        staf.get(&format!("/api/ekspor/aspirasi.xlsx?{q}"))
            .await
            .bytes()
            .await
            .unwrap()
            .to_vec(),
    );
    assert_eq!(rows2.len(), rows.len());
}

#[tokio::test]
async fn reimporting_after_guests_were_deleted_or_corrected_brings_back_only_the_deleted() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let event = first_event(&app.login("pendamping1").await).await;
    let res = impor(&staf, event, GOOD.as_bytes().to_vec(), false, "").await;
    assert_eq!(res.status(), 200);
    let before = guests(&app, event).await;
    let mine = |name: &str| {
        let name = name.to_string();
        let all = staf.pull_all();
        async move {
            all.await
                .into_iter()
                .find(|r| r.kind == RecordKind::Tamu && r.data["nama"] == json!(name))
                .unwrap()
        }
    };
    // Staff delete Budi and correct Ahmad's name.
    let budi = mine("Budi Santoso").await;
    let ahmad = mine("Ahmad Ma'ruf").await;
    let mut corrected = ahmad.data.clone();
    corrected["nama"] = json!("Ahmad Ma'ruf, S.Pd.");
    let out = staf
        .push(&[
            Mutation {
                mutation_id: Uuid::now_v7(),
                kind: RecordKind::Tamu,
                record_id: budi.id,
                base_rev: budi.rev,
                op: Op::Delete,
                client_time: now_ms(),
            },
            Mutation {
                mutation_id: Uuid::now_v7(),
                kind: RecordKind::Tamu,
                record_id: ahmad.id,
                base_rev: ahmad.rev,
                op: Op::Put {
                    data: corrected,
                    changed: vec!["nama".into()],
                },
                client_time: now_ms(),
            },
        ])
        .await;
    assert!(
        out.results.iter().all(|r| r.outcome.is_settled()),
        "{out:?}"
    );
    assert_eq!(guests(&app, event).await, before - 1);

    // The same file again: Budi comes back, Ahmad is the corrected guest, not a new one.
    let p: PratinjauImpor = impor(&staf, event, GOOD.as_bytes().to_vec(), true, "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p.hasil.valid, p.hasil.duplikat, p.hasil.bermasalah),
        (1, 3, 0)
    );
    assert_eq!(
        p.hasil.jumlah_dikembalikan(),
        1,
        "the preview says Budi comes back"
    );
    assert!(
        p.hasil
            .baris
            .iter()
            .any(|b| b.dikembalikan && b.tamu.nama == "Budi Santoso")
    );
    let res = impor(&staf, event, GOOD.as_bytes().to_vec(), false, "").await;
    assert_eq!(res.status(), 200);
    let h: HasilSimpan = res.json().await.unwrap();
    assert_eq!((h.disimpan, h.dilewati), (1, 3));
    assert_eq!(guests(&app, event).await, before);
    let back = mine("Budi Santoso").await;
    assert_eq!(back.id, budi.id, "the deleted guest returns under its id");
    assert!(!back.deleted);
    assert_eq!(mine("Ahmad Ma'ruf, S.Pd.").await.id, ahmad.id);
}

#[tokio::test]
async fn an_older_app_editing_a_complaint_without_knowing_jenis_keeps_it_a_complaint() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let event = first_event(&p1).await;
    let id = Uuid::now_v7();
    let mut data = json!({
        "id": id, "event_id": event, "pengusul": {"ref_id": null, "nama": "Warga"},
        "jenis": "pengaduan", "bidang": "Kesehatan", "masalah": "Antrean lama",
        "permintaan": "Tambah loket", "kecamatan": "Pekalongan Barat", "kelurahan": "Medono",
        "rt": "", "rw": "", "alamat": "", "volume": null, "satuan": "", "prioritas": "sedang",
        "foto": [], "waktu": now_ms(), "dicatat_oleh": p1.profile.user_id, "nama_pencatat": "P1"
    });
    let out = p1.push(&[put(RecordKind::Aspirasi, id, &data)]).await;
    let rev = match out.results[0].outcome {
        reses_domain::sync::Outcome::Applied { rev } => rev,
        ref o => panic!("{o:?}"),
    };
    // An app from before complaints existed sends the record without the field.
    data.as_object_mut().unwrap().remove("jenis");
    data["permintaan"] = json!("Tambah loket pendaftaran");
    let edit = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Aspirasi,
        record_id: id,
        base_rev: rev,
        op: Op::Put {
            data,
            changed: vec!["permintaan".into()],
        },
        client_time: now_ms(),
    };
    let out = p1.push(&[edit]).await;
    assert!(out.results[0].outcome.is_settled(), "{out:?}");
    let stored = app.stored_live("aspirasi").await;
    let a = stored.iter().find(|a| a["id"] == json!(id)).unwrap();
    assert_eq!(a["permintaan"], "Tambah loket pendaftaran");
    assert_eq!(a["jenis"], "pengaduan");
}

#[tokio::test]
async fn the_permit_desk_receives_the_holidays_but_only_the_office_keeps_them() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let seen = kesra.pull_all().await;
    let libur: Vec<_> = seen
        .iter()
        .filter(|r| r.kind == RecordKind::HariLibur)
        .collect();
    assert_eq!(libur.len(), reses_domain::kerja::libur_resmi().len());
    assert!(
        seen.iter().all(|r| matches!(
            r.kind,
            RecordKind::Izin | RecordKind::Pengaduan | RecordKind::HariLibur
        )),
        "nothing of reses but the calendar"
    );
    let mut data = libur[0].data.clone();
    data["nama"] = json!("Diubah oleh Kesra");
    let out = kesra
        .push(&[Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::HariLibur,
            record_id: libur[0].id,
            base_rev: libur[0].rev,
            op: Op::Put {
                data,
                changed: vec!["nama".into()],
            },
            client_time: now_ms(),
        }])
        .await;
    assert!(
        matches!(
            out.results[0].outcome,
            reses_domain::sync::Outcome::Rejected { .. }
        ),
        "{out:?}"
    );
}
