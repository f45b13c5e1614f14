//! What companions record in the field, as the server sees it: attendance from two
//! tablets joins into one, only assigned events can be written, a closed event refuses
//! later changes, and invitation codes check out.

use reses_domain::aspirasi::DokumentasiReses;
use reses_domain::kehadiran::{Kehadiran, Pencatat};
use reses_domain::sync::{Outcome, RecordKind, RejectCode};
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::undangan::KodeUndangan;
use uuid::Uuid;

use crate::helpers::{Session, TestApp, assigned, now_ms, put};

fn check_in(s: &Session, event: Uuid, tamu: Uuid, waktu: i64) -> Kehadiran {
    let by = Pencatat {
        user_id: s.profile.user_id,
        nama: s.profile.display_name.clone(),
        perangkat: Some(s.device_id),
        waktu,
    };
    let ttd = TandaTangan::from_strokes(300.0, 120.0, &[vec![(5.0, 5.0), (80.0, 60.0)]]);
    Kehadiran::check_in(None, event, tamu, true, ttd.unwrap(), &by).unwrap()
}

#[tokio::test]
async fn two_tablets_checking_in_one_guest_give_one_attendance_with_the_earliest_time() {
    let app = TestApp::seeded().await;
    let a = app.login("pendamping1").await;
    let b = app.login("pendamping1").await;
    let (event, tamu) = assigned(&a).await;
    let t0 = now_ms() - 600_000;
    let late = check_in(&a, event, tamu, t0 + 120_000);
    let early = check_in(&b, event, tamu, t0);
    for (s, k) in [(&a, &late), (&b, &early)] {
        let res = s
            .push(&[put(RecordKind::Kehadiran, k.id, k, k.waktu)])
            .await;
        assert!(
            matches!(res.results[0].outcome, Outcome::Applied { .. }),
            "{res:?}"
        );
    }
    let stored = app.stored("kehadiran").await;
    assert_eq!(stored.len(), 1);
    let k: Kehadiran = serde_json::from_value(stored[0].clone()).unwrap();
    assert_eq!(k.waktu, t0);
    assert_eq!(k.jejak.len(), 2);
    let devices: Vec<_> = k.jejak.iter().map(|j| j.perangkat.unwrap()).collect();
    assert_eq!(devices, vec![b.device_id, a.device_id]);
}

#[tokio::test]
async fn a_companion_cannot_record_attendance_at_an_event_not_assigned_to_them() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let p2 = app.login("pendamping2").await;
    let (event, tamu) = assigned(&p1).await;
    let k = check_in(&p2, event, tamu, now_ms() - 1_000);
    let res = p2
        .push(&[put(RecordKind::Kehadiran, k.id, &k, k.waktu)])
        .await;
    assert!(matches!(
        res.results[0].outcome,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    assert!(app.stored("kehadiran").await.is_empty());
}

#[tokio::test]
async fn a_closed_event_refuses_what_was_made_after_closing_and_keeps_what_came_before() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, tamu) = assigned(&p1).await;
    let closed_at = now_ms() - 60_000;
    let mut dok = DokumentasiReses::empty(event);
    dok.catatan = "Acara berjalan lancar.".into();
    dok.ditutup_pada = Some(closed_at);
    let res = p1
        .push(&[put(RecordKind::DokumentasiReses, dok.id, &dok, closed_at)])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");

    // A check-in made before the close (a second tablet syncing late) is kept ...
    let before = check_in(&p1, event, tamu, closed_at - 30_000);
    let res = p1
        .push(&[put(RecordKind::Kehadiran, before.id, &before, before.waktu)])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
    // ... one made after it is refused, with a reason a person can read.
    let all = p1.pull_all().await;
    let other = all
        .iter()
        .find(|r| {
            r.kind == RecordKind::Tamu
                && r.data["event_id"] == serde_json::json!(event)
                && r.id != tamu
        })
        .unwrap()
        .id;
    let after = check_in(&p1, event, other, closed_at + 10_000);
    let res = p1
        .push(&[put(RecordKind::Kehadiran, after.id, &after, after.waktu)])
        .await;
    match &res.results[0].outcome {
        Outcome::Rejected { code, reason } => {
            assert_eq!(*code, RejectCode::Forbidden);
            assert!(reason.contains("sudah ditutup"), "{reason}");
        }
        o => panic!("{o:?}"),
    }
    // Staff can still correct the event after it closed.
    let staf = app.login("staf").await;
    let fix = check_in(&staf, event, other, closed_at + 20_000);
    let res = staf
        .push(&[put(RecordKind::Kehadiran, fix.id, &fix, fix.waktu)])
        .await;
    assert!(res.results[0].outcome.is_settled(), "{res:?}");
}

#[tokio::test]
async fn invitation_codes_name_the_guest_and_check_out_against_the_events_key() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let (event, tamu) = assigned(&p1).await;
    let staf = app.login("staf").await;
    let res = staf.get(&format!("/api/undangan/{tamu}")).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let kode = KodeUndangan::baca(body["kode"].as_str().unwrap()).unwrap();
    assert_eq!((kode.event_id, kode.tamu_id), (event, tamu));
    let ev = p1
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.id == event)
        .unwrap();
    let kunci = ev.data["kunci_undangan"].as_str().unwrap();
    assert_eq!(kunci.len(), 32);
    assert!(kode.sah(kunci));
    assert!(!kode.sah(""));

    // Another companion may not read the code of a guest not theirs.
    let p2 = app.login("pendamping2").await;
    assert_eq!(p2.get(&format!("/api/undangan/{tamu}")).await.status(), 403);
    assert_eq!(
        staf.get(&format!("/api/undangan/{}", Uuid::now_v7()))
            .await
            .status(),
        404
    );
    assert_eq!(staf.get("/api/undangan/bukan-id").await.status(), 400);
}

#[tokio::test]
async fn an_attendance_must_name_a_guest_of_its_own_event() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let all = p1.pull_all().await;
    let events: Vec<Uuid> = all
        .iter()
        .filter(|r| r.kind == RecordKind::ResesEvent)
        .map(|r| r.id)
        .collect();
    // A guest of pendamping1's second event, recorded at the first.
    let other_guest = all
        .iter()
        .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == serde_json::json!(events[1]))
        .unwrap()
        .id;
    let k = check_in(&p1, events[0], other_guest, now_ms() - 1_000);
    let res = p1
        .push(&[put(RecordKind::Kehadiran, k.id, &k, k.waktu)])
        .await;
    match &res.results[0].outcome {
        Outcome::Rejected { reason, .. } => assert!(reason.contains("daftar undangan"), "{reason}"),
        o => panic!("{o:?}"),
    }
    // Nor a guest that does not exist.
    let k = check_in(&p1, events[0], Uuid::now_v7(), now_ms() - 1_000);
    let res = p1
        .push(&[put(RecordKind::Kehadiran, k.id, &k, k.waktu)])
        .await;
    assert!(matches!(res.results[0].outcome, Outcome::Rejected { .. }));
    assert!(app.stored("kehadiran").await.is_empty());
}
