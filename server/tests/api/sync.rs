//! Push and pull against the real server and a real SQLite file.

use std::collections::HashSet;

use reses_domain::sync::{Mutation, Op, Outcome, RecordEnvelope, RecordKind};
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

/// The office's edit that sets the event's companions to `ids`.
fn with_companions(event: &RecordEnvelope, ids: Vec<serde_json::Value>) -> Mutation {
    let mut data = event.data.clone();
    data["pendamping_ids"] = serde_json::Value::Array(ids);
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::ResesEvent,
        record_id: event.id,
        base_rev: event.rev,
        op: Op::Put {
            data,
            changed: vec!["pendamping_ids".into()],
        },
        client_time: now_ms(),
    }
}

/// The office's edit that adds `companion` to the event's companions.
fn assign_companion(event: &RecordEnvelope, companion: &Session) -> Mutation {
    let mut ids = event.data["pendamping_ids"].as_array().unwrap().clone();
    ids.push(json!(companion.profile.subject_id.unwrap()));
    with_companions(event, ids)
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
    let n = app
        .stored("tamu")
        .await
        .iter()
        .filter(|t| {
            t["nama"]
                .as_str()
                .is_some_and(|n| n.starts_with("Serentak "))
        })
        .count();
    assert_eq!(n, 50);
}

#[tokio::test]
async fn pull_pages_in_order_and_a_cursor_continues_where_it_left_off() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let all = staf.pull_all().await;
    assert_eq!(
        all.len(),
        20 + 8 + 1 + 8 + 320 + 2 + (27 + 10 + 24) + (8 + 8 * 4 + 1),
        "reses staff see every reses demo record (master data: 27 kelurahan, 10 categories, \
         24 holidays; office: 8 data requests, 4 budget lines per event, 1 checklist) and \
         the two complaints, no permits"
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
            | RecordKind::DokumentasiReses
            | RecordKind::KesiapanReses => assert!(
                events.contains(&Uuid::parse_str(r.data["event_id"].as_str().unwrap()).unwrap())
            ),
            RecordKind::Pendamping => assert_eq!(Some(r.id), p1.profile.subject_id),
            RecordKind::ResesEvent => {
                let ps = r.data["pendamping_ids"].as_array().unwrap();
                assert!(ps.contains(&json!(p1.profile.subject_id.unwrap())));
            }
            RecordKind::Anggota
            | RecordKind::MasaSidang
            | RecordKind::Wilayah
            | RecordKind::KategoriAspirasi
            | RecordKind::HariLibur => {}
            RecordKind::Izin
            | RecordKind::Pengaduan
            | RecordKind::PermintaanData
            | RecordKind::BelanjaReses
            | RecordKind::PengaturanKantor => panic!("{:?} reached a companion", r.kind),
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
    let m = assign_companion(other, &p2);
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
async fn an_assignment_change_gives_new_revisions_but_an_edit_made_before_it_does_not_conflict() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let p1 = app.login("pendamping1").await;
    let p2 = app.login("pendamping2").await;
    let mine = p1.pull_all().await;
    let event = mine
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap();
    let guest = mine
        .iter()
        .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(event.id))
        .unwrap();
    // The office adds a second companion: every record of the event gets a new revision.
    let assign = assign_companion(event, &p2);
    assert!(staf.push(&[assign]).await.results[0].outcome.is_settled());
    let after = staf.pull_all().await;
    let bumped = after.iter().find(|r| r.id == guest.id).unwrap();
    assert!(
        bumped.rev > guest.rev,
        "the guest was not given a new revision"
    );
    // The companion's edit, made offline from the copy before the change, still lands:
    // no field of the guest changed.
    let mut edited = guest.data.clone();
    edited["keterangan"] = json!("Datang bersama istri");
    let edit = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Tamu,
        record_id: guest.id,
        base_rev: guest.rev,
        op: Op::Put {
            data: edited,
            changed: vec!["keterangan".into()],
        },
        client_time: now_ms(),
    };
    let out = p1.push(&[edit]).await;
    assert!(out.results[0].outcome.is_settled(), "{:?}", out.results[0]);
    let now = p1.pull_all().await;
    let g = now.iter().find(|r| r.id == guest.id).unwrap();
    assert_eq!(g.data["keterangan"], "Datang bersama istri");
}

#[tokio::test]
async fn an_unassigned_companion_is_told_to_drop_the_event_but_their_field_records_still_count() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let p1 = app.login("pendamping1").await;
    let mine = p1.pull_all().await;
    let event = mine
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .clone();
    let guest = mine
        .iter()
        .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(event.id))
        .unwrap()
        .clone();
    let first: reses_domain::sync::PullResponse = p1
        .get("/api/sync/pull?since=0&limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert!(first.kegiatan.as_ref().unwrap().contains(&event.id));
    // Recorded offline at the meeting, before the office unassigns them.
    let recorded_at = now_ms();
    let walk_in = |name: &str, at: i64| {
        Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::Aspirasi,
            record_id: Uuid::now_v7(),
            base_rev: 0,
            op: Op::Put {
                data: serde_json::Value::Null,
                changed: vec![],
            },
            client_time: at,
        }
        .with_aspirasi(event.id, name)
    };
    let unassign = with_companions(&event, vec![]);
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    assert!(staf.push(&[unassign]).await.results[0].outcome.is_settled());

    // Back online, the tablet pushes first (as the app does): what was recorded before
    // the unassignment, on a device that last pulled before it, still arrives.
    let out = p1.push(&[walk_in("Sebelum dicabut", recorded_at)]).await;
    assert!(out.results[0].outcome.is_settled(), "{:?}", out.results[0]);

    let after: reses_domain::sync::PullResponse = p1
        .get("/api/sync/pull?since=0&limit=2000")
        .await
        .json()
        .await
        .unwrap();
    let kegiatan = after.kegiatan.unwrap();
    assert!(
        !kegiatan.contains(&event.id),
        "the event is no longer theirs"
    );
    assert_eq!(kegiatan.len(), 1);
    assert!(
        !after
            .changes
            .iter()
            .any(|r| r.id == event.id || r.id == guest.id)
    );

    // Once the device has been told, nothing new is accepted: neither a record made
    // afterwards nor one backdated to before the unassignment.
    let late = p1
        .push(&[walk_in("Sesudah dicabut", now_ms() + 1000)])
        .await;
    assert!(
        matches!(&late.results[0].outcome, Outcome::Rejected { reason, .. } if reason.contains("tidak ditugaskan")),
        "{:?}",
        late.results[0]
    );
    let backdated = p1.push(&[walk_in("Tanggal mundur", recorded_at - 1)]).await;
    assert!(
        matches!(&backdated.results[0].outcome, Outcome::Rejected { .. }),
        "{:?}",
        backdated.results[0]
    );
    // Nor may they change the guest list any more.
    let mut g = guest.data.clone();
    g["alamat"] = json!("Jl. Lain");
    let edit = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Tamu,
        record_id: guest.id,
        base_rev: guest.rev,
        op: Op::Put {
            data: g,
            changed: vec!["alamat".into()],
        },
        client_time: recorded_at,
    };
    assert!(matches!(
        p1.push(&[edit]).await.results[0].outcome,
        Outcome::Rejected { .. }
    ));
}

trait WithAspirasi {
    fn with_aspirasi(self, event: Uuid, pengusul: &str) -> Mutation;
}

impl WithAspirasi for Mutation {
    fn with_aspirasi(mut self, event: Uuid, pengusul: &str) -> Mutation {
        let data = json!({
            "id": self.record_id, "event_id": event,
            "pengusul": {"ref_id": null, "nama": pengusul},
            "bidang": "Kesehatan", "masalah": "Posyandu rusak", "permintaan": "Perbaikan",
            "kecamatan": "Pekalongan Barat", "kelurahan": "Medono", "rt": "", "rw": "",
            "alamat": "", "volume": null, "satuan": "", "prioritas": "sedang", "foto": [],
            "waktu": self.client_time, "dicatat_oleh": Uuid::nil(), "nama_pencatat": "P1"
        });
        let changed = data.as_object().unwrap().keys().cloned().collect();
        self.op = Op::Put { data, changed };
        self
    }
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
