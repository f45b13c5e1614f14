//! The permit workflow over HTTP: numbering on submission, every role in turn, anyone
//! else refused with 403, server-owned fields protected, the front desk's lookup; and
//! complaints whose timeline only grows.

use reses_domain::izin::{JENIS_KEGIATAN, Keramaian, Pemohon, PermohonanIzin, StatusIzin};
use reses_domain::pengaduan::{AksiPengaduan, Layanan, Pengaduan, Petugas, Saluran};
use reses_domain::sync::{Mutation, Op, Outcome, RecordKind, RejectCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Session, TestApp, now_ms};

pub(crate) fn permohonan(diajukan: bool) -> PermohonanIzin {
    let start = now_ms() + 7 * 86_400_000;
    PermohonanIzin {
        id: Uuid::now_v7(),
        pemohon: Pemohon {
            nama: "Ahmad Fauzi".into(),
            nik: "3375011708850001".into(),
            alamat: "Jl. Hayam Wuruk 5, Pekalongan".into(),
            telepon: "0812 2345 6789".into(),
            organisasi: "Karang Taruna Medono".into(),
        },
        kegiatan: Keramaian {
            nama: "Pengajian akbar".into(),
            jenis: JENIS_KEGIATAN[0].into(),
            mulai: start,
            selesai: start + 3 * 3_600_000,
            tempat: "Lapangan Mataram".into(),
            perkiraan_peserta: 300,
            protokol: vec![],
        },
        surat_permohonan: Some("a".repeat(64)),
        scan_identitas: Some("b".repeat(64)),
        diajukan,
        dibuat: now_ms(),
        status: StatusIzin::Draf,
        riwayat: vec![],
        nomor_registrasi: None,
        nomor_surat: None,
    }
}

fn put<T: serde::Serialize>(
    kind: RecordKind,
    id: Uuid,
    base_rev: i64,
    v: &T,
    changed: Option<Vec<String>>,
) -> Mutation {
    let data = serde_json::to_value(v).unwrap();
    let changed = changed.unwrap_or_else(|| data.as_object().unwrap().keys().cloned().collect());
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev,
        op: Op::Put { data, changed },
        client_time: now_ms(),
    }
}

async fn stored(s: &Session, id: Uuid) -> (PermohonanIzin, i64) {
    let r = s
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == id)
        .expect("the application reaches this user");
    (serde_json::from_value(r.data).unwrap(), r.rev)
}

async fn act(s: &Session, id: Uuid, aksi: &str, catatan: &str) -> reqwest::Response {
    s.client
        .post(s.url(&format!("/api/izin/{id}/tindakan")))
        .json(&json!({ "aksi": aksi, "catatan": catatan }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_permit_goes_through_every_role_and_anyone_out_of_turn_is_refused() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let p = permohonan(true);
    let res = kesra
        .push(&[put(RecordKind::Izin, p.id, 0, &p, None)])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let (got, _) = stored(&kesra, p.id).await;
    let year = reses_domain::tanggal::Tanggal::from_epoch_ms_wib(now_ms()).year;
    let nomor = got.nomor_registrasi.unwrap();
    assert!(
        nomor.starts_with(&format!("IZN/{year}/")) && nomor.len() == 13,
        "{nomor}"
    );
    assert_eq!(got.status, StatusIzin::Diterima);
    assert_eq!(got.riwayat.len(), 1);

    let mut users = std::collections::HashMap::new();
    for u in [
        "kesra",
        "pptk",
        "kabag",
        "sekda",
        "walikota",
        "informasi",
        "staf",
        "pendamping1",
    ] {
        users.insert(u, app.login(u).await);
    }
    let order = [
        ("sekda", StatusIzin::Didisposisikan),
        ("kesra", StatusIzin::DiterimaPetugas),
        ("kesra", StatusIzin::DraftSurat),
        ("pptk", StatusIzin::DitelitiPptk),
        ("kabag", StatusIzin::DiverifikasiKabag),
        ("sekda", StatusIzin::DiteruskanSekda),
        ("walikota", StatusIzin::SiapDiambil),
        ("informasi", StatusIzin::Diambil),
    ];
    for (who, next) in order {
        for (other, s) in &users {
            if *other == who {
                continue;
            }
            let res = act(s, p.id, "lanjut", "").await;
            assert_eq!(res.status(), 403, "{other} acted in {who}'s turn");
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["code"], "forbidden");
        }
        let res = act(&users[who], p.id, "lanjut", "Sudah").await;
        assert_eq!(res.status(), 200, "{who}");
        let (got, _) = stored(&kesra, p.id).await;
        assert_eq!(got.status, next);
    }
    let (done, _) = stored(&kesra, p.id).await;
    assert_eq!(done.riwayat.len(), 9);
    let surat = done.nomor_surat.unwrap();
    assert!(
        surat.starts_with("300.1/") && surat.contains("/Kesra/"),
        "{surat}"
    );
    let res = act(&users["informasi"], p.id, "lanjut", "").await;
    assert_eq!(res.status(), 400, "nothing left to do");
}

#[tokio::test]
async fn returns_need_a_reason_and_a_stale_screen_gets_409() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let p = permohonan(true);
    kesra
        .push(&[put(RecordKind::Izin, p.id, 0, &p, None)])
        .await;
    let sekda = app.login("sekda").await;
    assert_eq!(act(&sekda, p.id, "lanjut", "").await.status(), 200);
    assert_eq!(act(&kesra, p.id, "lanjut", "").await.status(), 200);
    assert_eq!(act(&kesra, p.id, "lanjut", "").await.status(), 200);
    let pptk = app.login("pptk").await;
    // A return without a reason is refused and changes nothing.
    assert_eq!(act(&pptk, p.id, "kembalikan", " ").await.status(), 400);
    assert_eq!(stored(&kesra, p.id).await.0.status, StatusIzin::DraftSurat);
    assert_eq!(
        act(&pptk, p.id, "kembalikan", "Jam kegiatan salah")
            .await
            .status(),
        200
    );
    assert_eq!(
        stored(&kesra, p.id).await.0.status,
        StatusIzin::Dikembalikan
    );
    // The officer may now correct the application (not its workflow fields) ...
    let (mut cur, rev) = stored(&kesra, p.id).await;
    cur.kegiatan.tempat = "Aula Kelurahan Medono".into();
    let ok = kesra
        .push(&[put(
            RecordKind::Izin,
            p.id,
            rev,
            &cur,
            Some(vec!["kegiatan".into()]),
        )])
        .await;
    assert!(ok.results[0].outcome.is_settled(), "{ok:?}");
    let forged = kesra
        .push(&[put(
            RecordKind::Izin,
            p.id,
            rev,
            &cur,
            Some(vec!["status".into()]),
        )])
        .await;
    assert!(matches!(
        forged.results[0].outcome,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    // ... and send it again; a second click from an old screen gets 409.
    let res = kesra
        .client
        .post(kesra.url(&format!("/api/izin/{}/tindakan", p.id)))
        .json(&json!({ "aksi": "lanjut", "catatan": "", "dari": "dikembalikan" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let again = kesra
        .client
        .post(kesra.url(&format!("/api/izin/{}/tindakan", p.id)))
        .json(&json!({ "aksi": "lanjut", "catatan": "", "dari": "dikembalikan" }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    // In process, the application itself can no longer be edited.
    let (cur, rev) = stored(&kesra, p.id).await;
    let late = kesra
        .push(&[put(
            RecordKind::Izin,
            p.id,
            rev,
            &cur,
            Some(vec!["pemohon".into()]),
        )])
        .await;
    assert!(matches!(late.results[0].outcome, Outcome::Rejected { .. }));
}

#[tokio::test]
async fn bad_applications_and_other_roles_are_refused_and_change_nothing() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let mut bad = permohonan(true);
    bad.pemohon.nik = "3375013102850001".into();
    let mut ended_before = permohonan(true);
    ended_before.kegiatan.selesai = ended_before.kegiatan.mulai - 1;
    let mut numbered = permohonan(false);
    numbered.nomor_registrasi = Some("IZN/2026/9999".into());
    let res = kesra
        .push(&[
            put(RecordKind::Izin, bad.id, 0, &bad, None),
            put(RecordKind::Izin, ended_before.id, 0, &ended_before, None),
            put(RecordKind::Izin, numbered.id, 0, &numbered, None),
        ])
        .await;
    for (r, needle) in
        res.results
            .iter()
            .zip(["Tanggal lahir", "sesudah waktu mulai", "draf tanpa nomor"])
    {
        match &r.outcome {
            Outcome::Rejected { reason, .. } => assert!(reason.contains(needle), "{reason}"),
            o => panic!("{o:?}"),
        }
    }
    let p = permohonan(false);
    let staf = app.login("staf").await;
    let res = staf.push(&[put(RecordKind::Izin, p.id, 0, &p, None)]).await;
    assert!(matches!(
        res.results[0].outcome,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    let ids: Vec<String> = [bad.id, ended_before.id, numbered.id, p.id]
        .iter()
        .map(Uuid::to_string)
        .collect();
    assert!(
        app.stored("izin")
            .await
            .iter()
            .all(|r| !ids.contains(&r["id"].as_str().unwrap().to_string())),
        "nothing refused was stored"
    );
    // A draft (not submitted) gets no number.
    kesra
        .push(&[put(RecordKind::Izin, p.id, 0, &p, None)])
        .await;
    assert_eq!(stored(&kesra, p.id).await.0.nomor_registrasi, None);
    // Reses staff do not see permit applications (the applicant's NIK), nor the reverse.
    assert!(
        staf.pull_all()
            .await
            .iter()
            .all(|r| r.kind != RecordKind::Izin)
    );
    assert!(
        kesra
            .pull_all()
            .await
            .iter()
            // Permits, complaints, and the holidays their step times count around.
            .all(|r| matches!(
                r.kind,
                RecordKind::Izin | RecordKind::Pengaduan | RecordKind::HariLibur
            ))
    );
}

#[tokio::test]
async fn the_front_desk_looks_up_a_status_without_personal_data() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let p = permohonan(true);
    kesra
        .push(&[put(RecordKind::Izin, p.id, 0, &p, None)])
        .await;
    let nomor = stored(&kesra, p.id).await.0.nomor_registrasi.unwrap();
    let informasi = app.login("informasi").await;
    let res = informasi
        .get(&format!("/api/izin/status?nomor={}", nomor.to_lowercase()))
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "diterima");
    assert!(!body.to_string().contains("3375011708850001"));
    assert_eq!(
        informasi
            .get("/api/izin/status?nomor=IZN/2026/7777")
            .await
            .status(),
        404
    );
    let p1 = app.login("pendamping1").await;
    assert_eq!(
        p1.get(&format!("/api/izin/status?nomor={nomor}"))
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn a_complaints_timeline_only_grows() {
    let app = TestApp::seeded().await;
    let kesra = app.login("kesra").await;
    let by = |t: i64| Petugas {
        user_id: kesra.profile.user_id,
        nama: "Petugas Kesra".into(),
        waktu: now_ms() - 10_000 + t,
    };
    let c = Pengaduan::catat(
        Uuid::now_v7(),
        Layanan::Izin,
        Saluran::Lapor,
        "Bu Ani",
        "",
        "Belum ada kabar",
        "",
        &by(0),
    )
    .unwrap();
    assert!(
        kesra
            .push(&[put(RecordKind::Pengaduan, c.id, 0, &c, None)])
            .await
            .results[0]
            .outcome
            .is_settled()
    );
    let rev = kesra
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == c.id)
        .unwrap()
        .rev;
    let answered = c
        .tindak(
            AksiPengaduan::Tanggapan,
            "Sedang diverifikasi Kabag",
            &by(1),
        )
        .unwrap();
    let res = kesra
        .push(&[put(
            RecordKind::Pengaduan,
            c.id,
            rev,
            &answered,
            Some(vec!["status".into(), "jejak".into()]),
        )])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    let rev = kesra
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == c.id)
        .unwrap()
        .rev;
    let mut rewritten = answered.clone();
    rewritten.jejak[1].isi = "Sudah selesai".into();
    let res = kesra
        .push(&[put(
            RecordKind::Pengaduan,
            c.id,
            rev,
            &rewritten,
            Some(vec!["jejak".into()]),
        )])
        .await;
    assert!(
        matches!(res.results[0].outcome, Outcome::Rejected { .. }),
        "{res:?}"
    );
    // Reses staff log complaints too; a companion may not.
    let staf = app.login("staf").await;
    let reses = Pengaduan::catat(
        Uuid::now_v7(),
        Layanan::Reses,
        Saluran::Langsung,
        "Pak Darto",
        "",
        "Undangan tidak sampai",
        "",
        &by(2),
    )
    .unwrap();
    assert!(
        staf.push(&[put(RecordKind::Pengaduan, reses.id, 0, &reses, None)])
            .await
            .results[0]
            .outcome
            .is_settled()
    );
    let p1 = app.login("pendamping1").await;
    let other = Pengaduan::catat(
        Uuid::now_v7(),
        Layanan::Reses,
        Saluran::Langsung,
        "X",
        "",
        "Y",
        "",
        &by(3),
    )
    .unwrap();
    assert!(matches!(
        p1.push(&[put(RecordKind::Pengaduan, other.id, 0, &other, None)])
            .await
            .results[0]
            .outcome,
        Outcome::Rejected { .. }
    ));
}
