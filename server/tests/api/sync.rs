//! Push and pull against the real server and a real SQLite file.

use std::collections::HashSet;

use reses_domain::sync::{Mutation, Op, Outcome, RecordKind};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{Session, TestApp, new_guest, now_ms};

async fn my_event(s: &Session) -> Uuid {
    s.pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .expect("an assigned event")
        .id
}

#[tokio::test]
async fn a_push_is_applied_once_and_a_replay_is_acknowledged_as_duplicate() {
    let app = TestApp::seeded().await;
    let s = app.login("pendamping1").await;
    let event = my_event(&s).await;
    let batch: Vec<Mutation> = (0..20)
        .map(|i| new_guest(event, &format!("Warga {i}")))
        .collect();
    let first = s.push(&batch).await;
    assert!(
        first
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. }))
    );
    let again = s.push(&batch).await;
    for (a, b) in first.results.iter().zip(&again.results) {
        let (Outcome::Applied { rev }, Outcome::Duplicate { rev: dup }) = (&a.outcome, &b.outcome)
        else {
            panic!("{a:?} / {b:?}");
        };
        assert_eq!(rev, dup);
    }
    let stored = app.stored("tamu").await;
    let warga = stored
        .iter()
        .filter(|t| t["nama"].as_str().unwrap().starts_with("Warga "))
        .count();
    assert_eq!(warga, 20);
}

#[tokio::test]
async fn the_same_batch_sent_twice_concurrently_is_stored_once() {
    let app = TestApp::seeded().await;
    let s = app.login("pendamping1").await;
    let event = my_event(&s).await;
    let batch: Vec<Mutation> = (0..50)
        .map(|i| new_guest(event, &format!("Serentak {i}")))
        .collect();
    let (a, b) = tokio::join!(s.push(&batch), s.push(&batch));
    let settled =
        |r: &reses_domain::sync::PushResponse| r.results.iter().all(|x| x.outcome.is_settled());
    assert!(settled(&a) && settled(&b));
    let n: i64 =
        sqlx::query_scalar("select count(*) from records where data->>'nama' like 'Serentak %'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(n, 50);
}

#[tokio::test]
async fn pull_pages_in_order_and_a_cursor_continues_where_it_left_off() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let all = staf.pull_all().await;
    assert_eq!(
        all.len(),
        20 + 8 + 1 + 8 + 320 + 2,
        "reses staff see every reses demo record and the two complaints, no permits"
    );
    let revs: Vec<i64> = all.iter().map(|r| r.rev).collect();
    assert!(
        revs.windows(2).all(|w| w[0] < w[1]),
        "oldest first, no repeats"
    );

    let page: reses_domain::sync::PullResponse = staf
        .get("/api/sync/pull?since=0&limit=1000")
        .await
        .json()
        .await
        .unwrap();
    assert!(!page.more);
    let event = all
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    staf.push(&[new_guest(event, "Baru Sekali")]).await;
    let next: reses_domain::sync::PullResponse = staf
        .get(&format!("/api/sync/pull?since={}", page.cursor))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next.changes.len(), 1);
    assert_eq!(next.changes[0].data["nama"], "Baru Sekali");
}

#[tokio::test]
async fn a_companion_pulls_only_their_events_and_guest_lists() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let mine = p1.pull_all().await;
    let events: HashSet<Uuid> = mine
        .iter()
        .filter(|r| r.kind == RecordKind::ResesEvent)
        .map(|r| r.id)
        .collect();
    assert_eq!(
        events.len(),
        2,
        "the demo assigns two events to pendamping1"
    );
    for r in &mine {
        match r.kind {
            RecordKind::Tamu
            | RecordKind::Kehadiran
            | RecordKind::TamuTambahan
            | RecordKind::Aspirasi
            | RecordKind::DokumentasiReses => assert!(
                events.contains(&Uuid::parse_str(r.data["event_id"].as_str().unwrap()).unwrap())
            ),
            RecordKind::Pendamping => assert_eq!(Some(r.id), p1.profile.subject_id),
            RecordKind::ResesEvent => {
                let ps = r.data["pendamping_ids"].as_array().unwrap();
                assert!(ps.contains(&json!(p1.profile.subject_id.unwrap())));
            }
            RecordKind::Anggota | RecordKind::MasaSidang => {}
            RecordKind::Izin | RecordKind::Pengaduan => panic!("{:?} reached a companion", r.kind),
        }
    }
    assert_eq!(
        mine.iter().filter(|r| r.kind == RecordKind::Tamu).count(),
        80
    );
}

#[tokio::test]
async fn assigning_an_event_brings_its_guest_list_to_the_companion() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let p2 = app.login("pendamping2").await;
    let before = p2.pull_all().await;
    let cursor: i64 = before.iter().map(|r| r.rev).max().unwrap();
    // An event pendamping2 does not have yet.
    let all = staf.pull_all().await;
    let theirs: HashSet<Uuid> = before
        .iter()
        .filter(|r| r.kind == RecordKind::ResesEvent)
        .map(|r| r.id)
        .collect();
    let other = all
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent && !theirs.contains(&r.id))
        .unwrap();
    let mut data = other.data.clone();
    data["pendamping_ids"]
        .as_array_mut()
        .unwrap()
        .push(json!(p2.profile.subject_id.unwrap()));
    let m = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::ResesEvent,
        record_id: other.id,
        base_rev: other.rev,
        op: Op::Put {
            data,
            changed: vec!["pendamping_ids".into()],
        },
        client_time: now_ms(),
    };
    assert!(staf.push(&[m]).await.results[0].outcome.is_settled());
    let page: reses_domain::sync::PullResponse = p2
        .get(&format!("/api/sync/pull?since={cursor}&limit=2000"))
        .await
        .json()
        .await
        .unwrap();
    assert!(page.changes.iter().any(|r| r.id == other.id));
    let guests = page
        .changes
        .iter()
        .filter(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(other.id))
        .count();
    assert_eq!(guests, 40);
}

#[tokio::test]
async fn concurrent_edits_of_one_field_conflict_and_the_server_copy_comes_back() {
    let app = TestApp::seeded().await;
    let a = app.login("pendamping1").await;
    let b = app.login("staf").await;
    let guest = a
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::Tamu)
        .unwrap();
    let edit = |who: &str, field: &str| {
        let mut data = guest.data.clone();
        data[field] = json!(who);
        Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::Tamu,
            record_id: guest.id,
            base_rev: guest.rev,
            op: Op::Put {
                data,
                changed: vec![field.into()],
            },
            client_time: now_ms(),
        }
    };
    assert!(
        b.push(&[edit("Catatan staf", "keterangan")]).await.results[0]
            .outcome
            .is_settled()
    );
    // Another field from another device merges.
    assert!(
        a.push(&[edit("Jl. Baru No. 1", "alamat")]).await.results[0]
            .outcome
            .is_settled()
    );
    // The same field conflicts; the server copy is returned.
    let out = a.push(&[edit("Catatan pendamping", "keterangan")]).await;
    let Outcome::Conflict { server } = &out.results[0].outcome else {
        panic!("{:?}", out.results[0]);
    };
    assert_eq!(server.data["keterangan"], "Catatan staf");
    assert_eq!(server.data["alamat"], "Jl. Baru No. 1");
}
