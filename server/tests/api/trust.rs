//! Safe to deploy, records side: the server stamps who recorded what and when an event
//! was closed; times are bounded; late field records are judged by the server's
//! evidence, not the device's clock; a batch cannot vouch for itself; mutation ids are
//! the user's own; unknown fields are not stored; attachments are read through the
//! records that cite them; a hostile spreadsheet is refused and the server lives on.

use reqwest::StatusCode;
use reses_domain::aspirasi::DokumentasiReses;
use reses_domain::kehadiran::{Kehadiran, Pencatat};
use reses_domain::sync::{Mutation, Op, Outcome, RecordKind, RejectCode};
use reses_domain::tanda_tangan::TandaTangan;
use reses_server::ServerConfig;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Session, TestApp, assigned, now_ms, put, spawn_app_with};

fn put_value(kind: RecordKind, id: Uuid, data: Value, client_time: i64) -> Mutation {
    let changed = data.as_object().unwrap().keys().cloned().collect();
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev: 0,
        op: Op::Put { data, changed },
        client_time,
    }
}

fn rejected(o: &Outcome, words: &str) -> bool {
    matches!(o, Outcome::Rejected { reason, .. } if reason.contains(words))
}

fn check_in_by(user: Uuid, nama: &str, event: Uuid, tamu: Uuid, waktu: i64) -> Kehadiran {
    let by = Pencatat {
        user_id: user,
        nama: nama.into(),
        perangkat: None,
        waktu,
    };
    let ttd = TandaTangan::from_strokes(300.0, 120.0, &[vec![(5.0, 5.0), (80.0, 60.0)]]);
    Kehadiran::check_in(None, event, tamu, true, ttd.unwrap(), &by).unwrap()
}

fn aspirasi(event: Uuid, foto: &[String], at: i64) -> (Uuid, Value) {
    let id = Uuid::now_v7();
    let data = json!({
        "id": id, "event_id": event, "pengusul": {"ref_id": null, "nama": "Bu Tini"},
        "bidang": "Kesehatan", "masalah": "Posyandu rusak", "permintaan": "Perbaikan",
        "kecamatan": "Pekalongan Barat", "kelurahan": "Medono", "rt": "", "rw": "",
        "alamat": "", "volume": null, "satuan": "", "prioritas": "sedang", "foto": foto,
        "waktu": at, "dicatat_oleh": Uuid::nil(), "nama_pencatat": "siapa saja"
    });
    (id, data)
}

async fn push_aspirasi(s: &Session, event: Uuid, foto: &[String], at: i64) -> (Uuid, Outcome) {
    let (id, data) = aspirasi(event, foto, at);
    let res = s
        .push(&[put_value(RecordKind::Aspirasi, id, data, at)])
        .await;
    (id, res.results[0].outcome.clone())
}

#[tokio::test]
async fn a_check_in_names_the_signed_in_companion_whatever_the_tablet_wrote() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let staf = app.login("staf").await;
    let (event, tamu) = assigned(&p1).await;
    let forged = check_in_by(
        staf.profile.user_id,
        "Staf Setwan",
        event,
        tamu,
        now_ms() - 60_000,
    );
    let res = p1
        .push(&[put(RecordKind::Kehadiran, forged.id, &forged, now_ms())])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let stored: Kehadiran =
        serde_json::from_value(app.stored("kehadiran").await[0].clone()).unwrap();
    assert_eq!(stored.dicatat_oleh, p1.profile.user_id);
    assert_eq!(stored.nama_pencatat, p1.profile.display_name);
    assert_eq!(stored.jejak[0].oleh, p1.profile.user_id);
    assert_eq!(stored.jejak[0].perangkat, Some(p1.device_id));
}

#[tokio::test]
async fn a_trail_entry_from_the_far_future_is_refused_and_cannot_outlast_honest_check_ins() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, tamu) = assigned(&p1).await;
    let me = p1.profile.user_id;
    let mut k = check_in_by(me, "P1", event, tamu, now_ms() - 60_000);
    k.jejak[0].waktu = 9_000_000_000_000_000;
    let res = p1
        .push(&[put(RecordKind::Kehadiran, k.id, &k, now_ms())])
        .await;
    assert!(
        rejected(&res.results[0].outcome, "tidak masuk akal"),
        "{res:?}"
    );
    assert!(app.stored("kehadiran").await.is_empty());
    let honest = check_in_by(me, "P1", event, tamu, now_ms() - 30_000);
    let res = p1
        .push(&[put(RecordKind::Kehadiran, honest.id, &honest, now_ms())])
        .await;
    assert!(res.results[0].outcome.is_settled());
    let stored: Kehadiran =
        serde_json::from_value(app.stored("kehadiran").await[0].clone()).unwrap();
    assert!(stored.hadir);
}

#[tokio::test]
async fn fields_the_record_does_not_have_are_not_stored_or_sent_to_other_devices() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, _) = assigned(&p1).await;
    let id = Uuid::now_v7();
    let data = json!({
        "id": id, "event_id": event, "nama": "Pak Darto", "alamat": "Jl. Seruni 2",
        "rt": "002", "rw": "004", "kelurahan": "Medono", "jenis_kelamin": "L",
        "keterangan": "", "sisipan": "x".repeat(3_500_000)
    });
    let res = p1
        .push(&[put_value(RecordKind::Tamu, id, data, now_ms())])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let raw = app
        .raw
        .string("select data from records where id = $1", &[id.into()])
        .await;
    assert!(raw.len() < 1_000, "{} bytes stored", raw.len());
    let staf = app.login("staf").await;
    let pulled = staf
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == id)
        .unwrap();
    assert!(pulled.data.get("sisipan").is_none());
    assert_eq!(pulled.data["nama"], "Pak Darto");
}

#[tokio::test]
async fn a_closing_is_the_servers_and_only_office_staff_can_reopen_the_event() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, _) = assigned(&p1).await;
    let started = now_ms();
    let mut d = DokumentasiReses::empty(event);
    d.catatan = "Berjalan lancar".into();
    // Backdated to 2020, by someone else's name.
    d.ditutup_pada = Some(reses_domain::sync::MIN_CLIENT_TIME_MS + 1);
    d.ditutup_oleh = Some("Orang lain".into());
    let res = p1
        .push(&[put(RecordKind::DokumentasiReses, d.id, &d, now_ms())])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let stored: DokumentasiReses =
        serde_json::from_value(app.stored("dokumentasi_reses").await[0].clone()).unwrap();
    assert!(
        stored.ditutup_pada.unwrap() >= started,
        "server time, not the device's"
    );
    assert_eq!(
        stored.ditutup_oleh.as_deref(),
        Some(p1.profile.display_name.as_str())
    );
    p1.pull_all().await;

    // The companion can neither delete nor clear the closing, nor record afterwards.
    let rev = p1
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == d.id)
        .unwrap()
        .rev;
    let delete = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::DokumentasiReses,
        record_id: d.id,
        base_rev: rev,
        op: Op::Delete,
        client_time: reses_domain::sync::MIN_CLIENT_TIME_MS + 2,
    };
    let mut open = stored.clone();
    open.ditutup_pada = None;
    let reopen = Mutation {
        base_rev: rev,
        op: Op::Put {
            data: serde_json::to_value(&open).unwrap(),
            changed: vec!["ditutup_pada".into()],
        },
        ..put(RecordKind::DokumentasiReses, d.id, &open, started - 1)
    };
    let res = p1.push(&[delete, reopen]).await;
    for r in &res.results {
        assert!(
            matches!(
                r.outcome,
                Outcome::Rejected {
                    code: RejectCode::Forbidden,
                    ..
                }
            ),
            "{r:?}"
        );
    }
    let (_, late) = push_aspirasi(&p1, event, &[], started - 10_000).await;
    assert!(rejected(&late, "sudah ditutup"), "{late:?}");

    // Staff reopen it; the companion records again.
    let staf = app.login("staf").await;
    let reopen = Mutation {
        base_rev: rev,
        op: Op::Put {
            data: serde_json::to_value(&open).unwrap(),
            changed: vec!["ditutup_pada".into()],
        },
        ..put(RecordKind::DokumentasiReses, d.id, &open, now_ms())
    };
    assert!(staf.push(&[reopen]).await.results[0].outcome.is_settled());
    let closed = app.raw.i64("select count(*) from event_closed", &[]).await;
    assert_eq!(closed, 0);
    let (_, again) = push_aspirasi(&p1, event, &[], now_ms()).await;
    assert!(again.is_settled(), "{again:?}");
}

#[tokio::test]
async fn a_tablet_offline_since_before_the_closing_still_delivers_what_it_recorded() {
    let app = TestApp::seeded().await;
    let closer = app.login("pendamping1").await;
    let offline = app.login("pendamping1").await;
    let (event, _) = assigned(&closer).await;
    offline.pull_all().await; // its last contact, while the event was open
    let recorded = now_ms();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut d = DokumentasiReses::empty(event);
    d.ditutup_pada = Some(now_ms());
    assert!(
        closer
            .push(&[put(RecordKind::DokumentasiReses, d.id, &d, now_ms())])
            .await
            .results[0]
            .outcome
            .is_settled()
    );

    let (_, delivered) = push_aspirasi(&offline, event, &[], recorded).await;
    assert!(delivered.is_settled(), "{delivered:?}");
    // Once it has pulled (and so learnt of the closing), backdating does not help.
    offline.pull_all().await;
    let (_, backdated) = push_aspirasi(&offline, event, &[], recorded).await;
    assert!(rejected(&backdated, "sudah ditutup"), "{backdated:?}");
}

#[tokio::test]
async fn late_records_are_accepted_only_within_a_bounded_window() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, _) = assigned(&p1).await;
    let now = now_ms();
    // Unassigned eight days ago; the tablet last pulled nine days ago.
    app.raw
        .exec(
            "update event_access set dicabut_pada = $1 where event_id = $2",
            &[(now - 8 * 86_400_000).into(), event.into()],
        )
        .await;
    app.raw
        .exec(
            "update devices set last_pull_at = $1 where id = $2",
            &[(now - 9 * 86_400_000).into(), p1.device_id.into()],
        )
        .await;
    let (_, out) = push_aspirasi(&p1, event, &[], now - 10 * 86_400_000).await;
    assert!(rejected(&out, "tidak ditugaskan"), "{out:?}");
    // Within the window, the same evidence is enough.
    app.raw
        .exec(
            "update event_access set dicabut_pada = $1 where event_id = $2",
            &[(now - 86_400_000).into(), event.into()],
        )
        .await;
    let (_, out) = push_aspirasi(&p1, event, &[], now - 2 * 86_400_000).await;
    assert!(out.is_settled(), "{out:?}");
}

#[tokio::test]
async fn a_refused_guest_in_the_same_batch_does_not_vouch_for_an_attendance() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let p2 = app.login("pendamping2").await;
    let (mine, _) = assigned(&p1).await;
    let (_, theirs) = assigned(&p2).await;
    // Claim pendamping2's guest for my event, then check them in there.
    let claim = json!({
        "id": theirs, "event_id": mine, "nama": "Diambil alih", "alamat": "",
        "rt": "", "rw": "", "kelurahan": "Medono", "jenis_kelamin": "L", "keterangan": ""
    });
    let k = check_in_by(p1.profile.user_id, "P1", mine, theirs, now_ms() - 1_000);
    let res = p1
        .push(&[
            put_value(RecordKind::Tamu, theirs, claim, now_ms()),
            put(RecordKind::Kehadiran, k.id, &k, now_ms()),
        ])
        .await;
    assert!(
        matches!(res.results[0].outcome, Outcome::Rejected { .. }),
        "{res:?}"
    );
    assert!(
        rejected(&res.results[1].outcome, "daftar undangan"),
        "{res:?}"
    );
    assert!(app.stored("kehadiran").await.is_empty());
}

#[tokio::test]
async fn a_mutation_id_is_the_senders_own_and_names_one_content() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, _) = assigned(&p1).await;
    let m = crate::helpers::new_guest(event, "Bu Sri");
    assert!(matches!(
        p1.push(std::slice::from_ref(&m)).await.results[0].outcome,
        Outcome::Applied { .. }
    ));
    assert!(matches!(
        p1.push(std::slice::from_ref(&m)).await.results[0].outcome,
        Outcome::Duplicate { .. }
    ));
    let other = Mutation {
        mutation_id: m.mutation_id,
        ..crate::helpers::new_guest(event, "Bu Sri Lain")
    };
    let res = p1.push(&[other]).await;
    assert!(
        rejected(&res.results[0].outcome, "isi yang lain"),
        "{res:?}"
    );
    let staf = app.login("staf").await;
    let res = staf.push(std::slice::from_ref(&m)).await;
    assert!(
        rejected(&res.results[0].outcome, "pengguna lain"),
        "{res:?}"
    );
    let names: Vec<Value> = app
        .stored("tamu")
        .await
        .into_iter()
        .map(|t| t["nama"].clone())
        .collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| n.as_str().is_some_and(|n| n.starts_with("Bu Sri")))
            .count(),
        1
    );
}

#[tokio::test]
async fn attachments_are_read_through_the_records_that_cite_them() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, _) = assigned(&p1).await;
    let photo = b"\xff\xd8\xff\xe0 foto posyandu".to_vec();
    assert_eq!(
        p1.upload("image/jpeg", &photo).await.status(),
        StatusCode::CREATED
    );
    let sha = crate::helpers_hex(&<sha2::Sha256 as sha2::Digest>::digest(&photo));
    let (aid, out) = push_aspirasi(&p1, event, std::slice::from_ref(&sha), now_ms()).await;
    assert!(out.is_settled(), "{out:?}");
    let path = format!("/api/attachments/{sha}");
    for (who, status) in [
        ("staf", 200),
        ("pendamping1", 200),
        ("pendamping2", 403),
        ("kesra", 403),
        ("pptk", 403),
    ] {
        let s = app.login(who).await;
        assert_eq!(s.get(&path).await.status(), status, "{who}");
    }

    // A permit's ID-card scan: the permit chain reads it; reses staff and companions do not.
    let kesra = app.login("kesra").await;
    let scan = b"%PDF-1.4 scan ktp".to_vec();
    assert_eq!(kesra.upload("application/pdf", &scan).await.status(), 201);
    let scan_sha = crate::helpers_hex(&<sha2::Sha256 as sha2::Digest>::digest(&scan));
    let mut izin = crate::izin::permohonan(false);
    izin.scan_identitas = Some(scan_sha.clone());
    let res = kesra
        .push(&[put(RecordKind::Izin, izin.id, &izin, now_ms())])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let path = format!("/api/attachments/{scan_sha}");
    for (who, status) in [("pptk", 200), ("staf", 403), ("pendamping1", 403)] {
        let s = app.login(who).await;
        assert_eq!(s.get(&path).await.status(), status, "{who}");
    }
    let pdf = app.login("pptk").await.get(&path).await;
    assert!(
        pdf.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let csp = pdf.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );

    // Once the aspiration is deleted, its photo is nobody's to read but its uploader's.
    let rev = p1
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == aid)
        .unwrap()
        .rev;
    let del = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Aspirasi,
        record_id: aid,
        base_rev: rev,
        op: Op::Delete,
        client_time: now_ms(),
    };
    assert!(p1.push(&[del]).await.results[0].outcome.is_settled());
    let staf = app.login("staf").await;
    assert_eq!(
        staf.get(&format!("/api/attachments/{sha}")).await.status(),
        403
    );
}

#[tokio::test]
async fn only_roles_that_cite_attachments_upload_and_each_within_a_quota() {
    let app = spawn_app_with(ServerConfig {
        attachment_quota_bytes: 1_000,
        ..ServerConfig::default()
    })
    .await;
    reses_server::demo::load_if_empty(&app.db).await.unwrap();
    for who in ["pptk", "kabag", "walikota", "anggota", "analis"] {
        let s = app.login(who).await;
        let res = s.upload("image/png", b"\x89PNG bukan haknya").await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let p1 = app.login("pendamping1").await;
    let first = vec![1u8; 600];
    assert_eq!(p1.upload("image/jpeg", &first).await.status(), 201);
    assert_eq!(
        p1.upload("image/jpeg", &first).await.status(),
        200,
        "the same file is free"
    );
    let res = p1.upload("image/jpeg", &[2u8; 600]).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: reses_domain::ErrorBody = res.json().await.unwrap();
    assert!(body.message.contains("Kuota"), "{}", body.message);
    // The quota is per account.
    let kesra = app.login("kesra").await;
    assert_eq!(kesra.upload("image/jpeg", &[3u8; 600]).await.status(), 201);
}

#[tokio::test]
async fn a_hostile_spreadsheet_is_refused_and_the_server_lives_on() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let event = staf
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    let import = |body: Vec<u8>| {
        staf.client
            .post(staf.url(&format!("/api/kegiatan/{event}/impor-tamu?pratinjau=true")))
            .body(body)
            .send()
    };
    let corners = corner_xlsx();
    assert!(
        corners.len() < 8_000,
        "a small file: {} bytes",
        corners.len()
    );
    let res = import(corners).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: reses_domain::ErrorBody = res.json().await.unwrap();
    assert!(body.message.contains("terlalu lebar"), "{}", body.message);
    let mut wide = b"Nama".to_vec();
    wide.extend(b",x".repeat(3_000_000));
    wide.extend(b"\nSiti\n");
    let res = import(wide).await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/api/health").await.status(), 200);
}

/// A workbook whose only cells are A1 and XFD1048576.
fn corner_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Nama").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save_to_buffer().unwrap()
}
