//! The IndexedDB storage layer in a real browser: a change and its outbox entry are one
//! write; the schema upgrades from the previous version keeping data and queue; server
//! answers move entries the right way; a pull never overwrites unsent local edits; each
//! user has their own database.
#![cfg(target_arch = "wasm32")]

use reses_app::storage::{OutboxStatus, Store, SyncState, schema};
use reses_domain::sync::{Op, Outcome, PullResponse, RecordEnvelope, RecordKind, RejectCode};
use serde_json::{Value, json};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EVENT: &str = "0192f0c4-0000-7000-8000-0000000000e1";

fn guest(id: Uuid, nama: &str) -> Value {
    json!({
        "id": id, "event_id": EVENT, "nama": nama, "alamat": "Jl. Seruni No. 2",
        "rt": "002", "rw": "004", "kelurahan": "Medono", "jenis_kelamin": "L", "keterangan": ""
    })
}

async fn fresh(version: u32) -> (Store, String) {
    let name = format!("uji-{}", Uuid::now_v7());
    (Store::open_named(&name, version).await.unwrap(), name)
}

fn envelope(id: Uuid, rev: i64, data: Value) -> RecordEnvelope {
    RecordEnvelope {
        id,
        kind: RecordKind::Tamu,
        rev,
        data,
        deleted: false,
        updated_at: 1_790_000_000_000,
        updated_by: Uuid::nil(),
        device_id: None,
    }
}

#[wasm_bindgen_test]
async fn a_change_and_its_outbox_entry_are_written_together() {
    let (store, _) = fresh(schema::VERSION).await;
    let id = Uuid::now_v7();
    let saved = store
        .save(RecordKind::Tamu, id, guest(id, "Siti"), false)
        .await
        .unwrap();
    assert_eq!(saved.sync, SyncState::Pending);
    assert_eq!(saved.event_id.as_deref(), Some(EVENT));

    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    let m = &outbox[0].mutation;
    assert_eq!((m.kind, m.record_id, m.base_rev), (RecordKind::Tamu, id, 0));
    let Op::Put { changed, .. } = &m.op else {
        panic!("{m:?}")
    };
    assert_eq!(changed.len(), 9, "a new record sends every field");

    // An edit queues a second mutation, in order, with its own id.
    store
        .save(RecordKind::Tamu, id, guest(id, "Siti Aminah"), false)
        .await
        .unwrap();
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 2);
    assert!(outbox[0].seq < outbox[1].seq);
    assert_ne!(
        outbox[0].mutation.mutation_id,
        outbox[1].mutation.mutation_id
    );
    assert_eq!(store.unsent().await.unwrap(), 2);
    // What the header shows: one record waiting, however often it changed; a second
    // guest makes two.
    assert_eq!(store.unsent_records(2).await.unwrap(), 1);
    let other = Uuid::now_v7();
    store
        .save(RecordKind::Tamu, other, guest(other, "Budi"), false)
        .await
        .unwrap();
    assert_eq!(store.unsent_records(3).await.unwrap(), 2);
    let listed = store.list_by_event(RecordKind::Tamu, EVENT).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().any(|r| r.data["nama"] == "Siti Aminah"));
}

/// What version 1 of the app wrote for one new guest: the record and its outbox entry,
/// straight into the v1 stores (no indexes existed then).
async fn write_as_version_1(store: &Store, id: Uuid) {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use reses_app::storage::{LocalRecord, OutboxEntry};
    use reses_domain::sync::Mutation;
    let data = guest(id, "Dari versi 1");
    let record = LocalRecord {
        id: id.to_string(),
        kind: RecordKind::Tamu,
        rev: 0,
        event_id: Some(EVENT.into()),
        data: data.clone(),
        deleted: false,
        updated_at: 1.0,
        sync: SyncState::Pending,
    };
    let entry = OutboxEntry {
        seq: None,
        record_id: id.to_string(),
        kind: RecordKind::Tamu,
        status: OutboxStatus::Pending,
        mutation: Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::Tamu,
            record_id: id,
            base_rev: 0,
            op: Op::Put {
                changed: vec!["nama".into()],
                data,
            },
            client_time: 1_790_000_000_000,
        },
        error: None,
        server: None,
        created_at: 1.0,
    };
    let tx = store
        .database()
        .transaction(["tamu", "outbox"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    tx.object_store("tamu")
        .unwrap()
        .put(&record)
        .serde()
        .unwrap()
        .await
        .unwrap();
    tx.object_store("outbox")
        .unwrap()
        .add(&entry)
        .serde()
        .unwrap()
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[wasm_bindgen_test]
async fn the_schema_upgrades_from_version_1_keeping_records_and_the_queue() {
    let (v1, name) = fresh(1).await;
    let id = Uuid::now_v7();
    write_as_version_1(&v1, id).await;
    v1.close();

    let v2 = Store::open_named(&name, 2).await.unwrap();
    let rec = v2
        .get(RecordKind::Tamu, &id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rec.data["nama"], "Dari versi 1");
    // The new indexes work over the old data.
    assert_eq!(
        v2.list_by_event(RecordKind::Tamu, EVENT)
            .await
            .unwrap()
            .len(),
        1
    );
    let pending = v2.pending(10).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].mutation.record_id, id);
}

#[wasm_bindgen_test]
async fn server_answers_settle_conflict_or_reject_outbox_entries() {
    let (store, _) = fresh(schema::VERSION).await;
    let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
    for (i, id) in ids.iter().enumerate() {
        store
            .save(
                RecordKind::Tamu,
                *id,
                guest(*id, &format!("Tamu {i}")),
                false,
            )
            .await
            .unwrap();
    }
    let sent = store.pending(10).await.unwrap();
    let server_copy = envelope(ids[1], 7, guest(ids[1], "Versi server"));
    let outcomes = vec![
        Outcome::Applied { rev: 5 },
        Outcome::Conflict {
            server: Box::new(server_copy),
        },
        Outcome::Rejected {
            code: RejectCode::Invalid,
            reason: "Nama tamu wajib diisi.".into(),
        },
    ];
    store.settle(&sent, &outcomes).await.unwrap();

    let state = |i: usize| {
        let store = store.clone();
        let id = ids[i].to_string();
        async move { store.get(RecordKind::Tamu, &id).await.unwrap().unwrap() }
    };
    let applied = state(0).await;
    assert_eq!((applied.sync, applied.rev), (SyncState::Synced, 5));
    assert_eq!(state(1).await.sync, SyncState::Conflict);
    assert_eq!(state(2).await.sync, SyncState::Error);
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 2, "only the accepted entry left");
    assert_eq!(outbox[0].status, OutboxStatus::Conflict);
    assert_eq!(outbox[1].status, OutboxStatus::Rejected);
    assert_eq!(outbox[1].error.as_deref(), Some("Nama tamu wajib diisi."));
    assert!(
        store.pending(10).await.unwrap().is_empty(),
        "nothing is retried blindly"
    );

    // "Pakai versi saya": sent again on top of the server revision, with a new id.
    store
        .resolve_conflict(outbox[0].seq.unwrap(), true)
        .await
        .unwrap();
    let again = store.pending(10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].mutation.base_rev, 7);
    assert_ne!(
        again[0].mutation.mutation_id,
        outbox[0].mutation.mutation_id
    );
    assert_eq!(state(1).await.data["nama"], "Tamu 1");

    // "Kirim ulang" for the refused one.
    store.retry(outbox[1].seq.unwrap()).await.unwrap();
    assert_eq!(store.pending(10).await.unwrap().len(), 2);
    assert_eq!(state(2).await.sync, SyncState::Pending);
}

#[wasm_bindgen_test]
async fn taking_the_server_version_replaces_the_local_copy() {
    let (store, _) = fresh(schema::VERSION).await;
    let id = Uuid::now_v7();
    store
        .save(RecordKind::Tamu, id, guest(id, "Versi saya"), false)
        .await
        .unwrap();
    let sent = store.pending(10).await.unwrap();
    let server = envelope(id, 3, guest(id, "Versi server"));
    store
        .settle(
            &sent,
            &[Outcome::Conflict {
                server: Box::new(server),
            }],
        )
        .await
        .unwrap();
    let seq = store.outbox().await.unwrap()[0].seq.unwrap();
    store.resolve_conflict(seq, false).await.unwrap();
    let rec = store
        .get(RecordKind::Tamu, &id.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (rec.data["nama"].as_str(), rec.rev, rec.sync),
        (Some("Versi server"), 3, SyncState::Synced)
    );
    assert_eq!(store.unsent().await.unwrap(), 0);
}

#[wasm_bindgen_test]
async fn a_pull_keeps_unsent_local_edits_and_moves_the_cursor_with_the_data() {
    let (store, _) = fresh(schema::VERSION).await;
    let mine = Uuid::now_v7();
    let other = Uuid::now_v7();
    store
        .save(RecordKind::Tamu, mine, guest(mine, "Diubah di sini"), false)
        .await
        .unwrap();
    let page = PullResponse {
        kegiatan: None,
        changes: vec![
            envelope(mine, 10, guest(mine, "Versi lama server")),
            envelope(other, 11, guest(other, "Baru dari server")),
        ],
        cursor: 11,
        more: false,
    };
    store.apply_pull(&page).await.unwrap();
    let kept = store
        .get(RecordKind::Tamu, &mine.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.data["nama"], "Diubah di sini");
    assert_eq!(kept.sync, SyncState::Pending);
    let new = store
        .get(RecordKind::Tamu, &other.to_string())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (new.data["nama"].as_str(), new.rev, new.sync),
        (Some("Baru dari server"), 11, SyncState::Synced)
    );
    assert_eq!(store.cursor().await.unwrap(), 11);
    assert!(store.last_sync().await.unwrap().is_some());
}

#[wasm_bindgen_test]
async fn an_event_no_longer_assigned_leaves_the_device_but_unsent_work_stays() {
    let (store, _) = fresh(schema::VERSION).await;
    let other_event = "0192f0c4-0000-7000-8000-0000000000e2";
    let kept = Uuid::now_v7();
    let gone = Uuid::now_v7();
    let unsent = Uuid::now_v7();
    let in_other = |id: Uuid, nama: &str| {
        let mut g = guest(id, nama);
        g["event_id"] = json!(other_event);
        g
    };
    let first = PullResponse {
        kegiatan: None,
        changes: vec![
            envelope(kept, 1, guest(kept, "Tetap")),
            envelope(gone, 2, in_other(gone, "Hilang")),
        ],
        cursor: 2,
        more: false,
    };
    store.apply_pull(&first).await.unwrap();
    // Recorded here at the other event, not sent yet.
    store
        .save(
            RecordKind::Tamu,
            unsent,
            in_other(unsent, "Belum terkirim"),
            false,
        )
        .await
        .unwrap();
    let unassigned = PullResponse {
        kegiatan: Some(vec![Uuid::parse_str(EVENT).unwrap()]),
        changes: vec![],
        cursor: 3,
        more: false,
    };
    // A page with more to come purges nothing yet.
    store
        .apply_pull(&PullResponse {
            more: true,
            ..unassigned.clone()
        })
        .await
        .unwrap();
    assert!(
        store
            .get(RecordKind::Tamu, &gone.to_string())
            .await
            .unwrap()
            .is_some()
    );
    store.apply_pull(&unassigned).await.unwrap();
    let has = |id: Uuid| {
        let store = store.clone();
        async move {
            store
                .get(RecordKind::Tamu, &id.to_string())
                .await
                .unwrap()
                .is_some()
        }
    };
    assert!(has(kept).await, "the assigned event stays");
    assert!(!has(gone).await, "the unassigned event's guest is gone");
    assert!(
        has(unsent).await,
        "what waits in the outbox is never dropped"
    );
    assert_eq!(store.unsent().await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn each_user_on_a_device_has_their_own_database() {
    let a = format!("a-{}", Uuid::now_v7());
    let b = format!("b-{}", Uuid::now_v7());
    let store_a = Store::open(&a).await.unwrap();
    let id = Uuid::now_v7();
    store_a
        .save(RecordKind::Tamu, id, guest(id, "Milik A"), false)
        .await
        .unwrap();
    let store_b = Store::open(&b).await.unwrap();
    assert_eq!(store_b.count(RecordKind::Tamu).await.unwrap(), 0);
    assert_eq!(store_b.unsent().await.unwrap(), 0);
    assert_eq!(store_a.count(RecordKind::Tamu).await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn typed_repositories_round_trip_records_of_their_kind() {
    use reses_domain::reses::{JenisKelamin, Tamu};
    let (store, _) = fresh(schema::VERSION).await;
    let repo = store.repo::<Tamu>();
    let event = Uuid::parse_str(EVENT).unwrap();
    let tamu = Tamu {
        id: Uuid::now_v7(),
        event_id: event,
        nama: "Hj. Maryam Syafii".into(),
        alamat: "Jl. Sriwijaya No. 9".into(),
        rt: "004".into(),
        rw: "002".into(),
        kelurahan: "Kauman".into(),
        jenis_kelamin: Some(JenisKelamin::Perempuan),
        keterangan: "Tokoh agama".into(),
        telepon: "0812-3456-7890".into(),
    };
    let saved = repo.save(&tamu).await.unwrap();
    assert_eq!(
        (saved.value.clone(), saved.sync, saved.rev),
        (tamu.clone(), SyncState::Pending, 0)
    );
    assert_eq!(repo.get(tamu.id).await.unwrap().unwrap().value, tamu);
    assert_eq!(repo.list_by_event(event).await.unwrap().len(), 1);
    repo.delete(&tamu).await.unwrap();
    assert!(
        repo.list().await.unwrap().is_empty(),
        "deleted records are not listed"
    );
    assert!(repo.get(tamu.id).await.unwrap().unwrap().deleted);
    assert_eq!(
        store.unsent().await.unwrap(),
        2,
        "the create and the delete are both queued"
    );
}

#[wasm_bindgen_test]
async fn attachments_are_kept_by_content_hash_once_until_uploaded() {
    use reses_app::storage::UploadStatus;
    let (store, _) = fresh(schema::VERSION).await;
    let sha = store
        .put_attachment(b"abc".to_vec(), "image/png")
        .await
        .unwrap();
    assert_eq!(
        sha,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        store
            .put_attachment(b"abc".to_vec(), "image/png")
            .await
            .unwrap(),
        sha
    );
    let pending = store.pending_attachments().await.unwrap();
    assert_eq!(pending.len(), 1, "the same bytes are one attachment");
    assert_eq!(pending[0].bytes, b"abc");
    store
        .mark_attachment(&sha, UploadStatus::Uploaded, None)
        .await
        .unwrap();
    assert!(store.pending_attachments().await.unwrap().is_empty());
    assert_eq!(
        store.attachment(&sha).await.unwrap().unwrap().status,
        UploadStatus::Uploaded
    );
}

#[wasm_bindgen_test]
async fn the_schema_upgrades_from_version_2_adding_attachments_and_keeping_records() {
    let (v2, name) = fresh(2).await;
    let id = Uuid::now_v7();
    v2.save(RecordKind::Tamu, id, guest(id, "Dari versi 2"), false)
        .await
        .unwrap();
    v2.close();
    let v3 = Store::open_named(&name, 3).await.unwrap();
    assert_eq!(
        v3.get(RecordKind::Tamu, &id.to_string())
            .await
            .unwrap()
            .unwrap()
            .data["nama"],
        "Dari versi 2"
    );
    assert_eq!(v3.unsent().await.unwrap(), 1);
    v3.put_attachment(b"foto".to_vec(), "image/jpeg")
        .await
        .unwrap();
    assert_eq!(v3.pending_attachments().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn saving_again_replaces_a_refused_change_and_keeps_its_fields() {
    let (store, _) = fresh(schema::VERSION).await;
    let id = Uuid::now_v7();
    store
        .save(RecordKind::Tamu, id, guest(id, "Siti"), false)
        .await
        .unwrap();
    let sent = store.pending(10).await.unwrap();
    let refused = Outcome::Rejected {
        code: RejectCode::Invalid,
        reason: "RT salah".into(),
    };
    store.settle(&sent, &[refused]).await.unwrap();
    store
        .save(RecordKind::Tamu, id, guest(id, "Siti Aminah"), false)
        .await
        .unwrap();
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1, "the refused entry is superseded");
    let Op::Put { changed, .. } = &outbox[0].mutation.op else {
        panic!()
    };
    assert!(
        changed.contains(&"rt".to_string()) && changed.contains(&"nama".to_string()),
        "{changed:?}"
    );
    assert_eq!(outbox[0].status, OutboxStatus::Pending);
}

#[wasm_bindgen_test]
async fn version_4_adds_the_field_stores_and_a_check_in_lists_by_event() {
    use reses_domain::kehadiran::{Kehadiran, Pencatat};
    use reses_domain::tanda_tangan::TandaTangan;

    let (v3, name) = fresh(3).await;
    let id = Uuid::now_v7();
    v3.save(RecordKind::Tamu, id, guest(id, "Dari versi 3"), false)
        .await
        .unwrap();
    v3.close();
    let v4 = Store::open_named(&name, 4).await.unwrap();
    assert_eq!(
        v4.unsent().await.unwrap(),
        1,
        "the queue survives the upgrade"
    );

    let by = Pencatat {
        user_id: Uuid::now_v7(),
        nama: "Pendamping".into(),
        perangkat: None,
        waktu: 1_795_000_000_000,
    };
    let ttd = TandaTangan::from_strokes(200.0, 80.0, &[vec![(1.0, 1.0), (50.0, 40.0)]]).unwrap();
    let event = Uuid::parse_str(EVENT).unwrap();
    let k = Kehadiran::check_in(None, event, id, true, ttd, &by).unwrap();
    let saved = v4.repo::<Kehadiran>().save(&k).await.unwrap();
    assert_eq!(saved.sync, SyncState::Pending);
    let listed = v4.repo::<Kehadiran>().list_by_event(event).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].value, k);
    let outbox = v4.outbox().await.unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[1].kind, RecordKind::Kehadiran);
    assert_eq!(outbox[1].mutation.record_id, Kehadiran::id_for(id));
}

#[wasm_bindgen_test]
async fn a_readiness_tick_changes_only_its_item_of_the_checklist_as_stored() {
    use reses_domain::kantor::{Centang, KesiapanReses};
    let (store, _) = fresh(schema::VERSION).await;
    let event = Uuid::parse_str(EVENT).unwrap();
    let id = KesiapanReses::id_for(event);
    // The office's checklist as the server has it: Rina ticked one item.
    let mut theirs = KesiapanReses::empty(event);
    theirs.set(
        "pendamping_dikonfirmasi",
        Some(Centang {
            oleh: "Rina".into(),
            pada: 1_795_000_000_000,
        }),
    );
    let page = PullResponse {
        kegiatan: None,
        changes: vec![],
        cursor: 42,
        more: false,
    };
    store.apply_pull(&page).await.unwrap();
    let mut server_copy = envelope(id, 5, serde_json::to_value(&theirs).unwrap());
    server_copy.kind = RecordKind::KesiapanReses;
    store.apply_server_records(&[server_copy]).await.unwrap();
    assert_eq!(
        store.cursor().await.unwrap(),
        42,
        "a command's answer keeps the cursor"
    );

    // This screen's tick, whatever copy the screen had read (or failed to read).
    let mine = Centang {
        oleh: "Budi".into(),
        pada: 1_795_000_100_000,
    };
    let saved = store
        .repo::<KesiapanReses>()
        .update(
            id,
            || KesiapanReses::empty(event),
            |k| k.set("dokumen_dicetak", Some(mine.clone())),
        )
        .await
        .unwrap();
    assert_eq!(
        saved.value.butir("pendamping_dikonfirmasi").unwrap().oleh,
        "Rina"
    );
    assert_eq!(saved.value.butir("dokumen_dicetak"), Some(&mine));
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    let m = &outbox[0].mutation;
    assert_eq!(m.base_rev, 5);
    let Op::Put { changed, .. } = &m.op else {
        panic!("{m:?}")
    };
    assert_eq!(
        changed,
        &vec!["dokumen_dicetak".to_string()],
        "only the ticked item travels"
    );

    // With nothing stored yet, the tick starts an empty checklist.
    let other = Uuid::now_v7();
    let fresh_list = store
        .repo::<KesiapanReses>()
        .update(
            KesiapanReses::id_for(other),
            || KesiapanReses::empty(other),
            |k| k.set("tempat_dikonfirmasi", Some(mine.clone())),
        )
        .await
        .unwrap();
    assert_eq!(fresh_list.value.butir("tempat_dikonfirmasi"), Some(&mine));
    assert!(fresh_list.value.butir("pendamping_dikonfirmasi").is_none());
}

/// The object stores a database has.
fn store_names(store: &Store) -> Vec<String> {
    store.database().object_store_names().collect()
}

#[wasm_bindgen_test]
async fn every_kind_has_its_object_store_after_a_fresh_install_and_after_every_upgrade_path() {
    let expected: Vec<&str> = RecordKind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(["outbox", "meta"])
        .collect();
    let (fresh_install, _) = fresh(schema::VERSION).await;
    let names = store_names(&fresh_install);
    for e in &expected {
        assert!(
            names.iter().any(|n| n == e),
            "fresh install lacks {e}: {names:?}"
        );
    }
    for from in 1..schema::VERSION {
        let (old, name) = fresh(from).await;
        old.close();
        let upgraded = Store::open_named(&name, schema::VERSION).await.unwrap();
        let names = store_names(&upgraded);
        for e in &expected {
            assert!(
                names.iter().any(|n| n == e),
                "upgrade from version {from} lacks {e}: {names:?}"
            );
        }
        upgraded.close();
    }
}

#[wasm_bindgen_test]
async fn an_events_tally_counts_its_live_records_and_those_waiting_to_be_sent() {
    let (store, _) = fresh(schema::VERSION).await;
    for nama in ["Siti", "Budi"] {
        let id = Uuid::now_v7();
        store
            .save(RecordKind::Tamu, id, guest(id, nama), false)
            .await
            .unwrap();
    }
    let (synced, gone, elsewhere) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let mut removed = envelope(gone, 2, guest(gone, "Dihapus"));
    removed.deleted = true;
    let mut other = guest(elsewhere, "Acara lain");
    other["event_id"] = json!("0192f0c4-0000-7000-8000-0000000000e2");
    store
        .apply_server_records(&[
            envelope(synced, 1, guest(synced, "Dari kantor")),
            removed,
            envelope(elsewhere, 3, other),
        ])
        .await
        .unwrap();
    let tally = store.tally_by_event(RecordKind::Tamu, EVENT).await.unwrap();
    assert_eq!((tally.live, tally.unsynced), (3, 2));
    let none = store
        .tally_by_event(RecordKind::Aspirasi, EVENT)
        .await
        .unwrap();
    assert_eq!((none.live, none.unsynced), (0, 0));
}
