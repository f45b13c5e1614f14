//! The sync rules: idempotent replays, field-level merges, conflicts, rejections, and
//! the properties the protocol promises (DESIGN.md §4.1).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use reses_domain::reses::{JenisKelamin, Tamu};
use reses_domain::sync::{
    Actor, MemoryStore, Mutation, MutationResult, Op, Outcome, PushResponse, RecordEnvelope,
    RecordKind, RejectCode, StoredRecord, apply, changed_fields,
};
use serde_json::{Value, json};
use uuid::Uuid;

const NOW: i64 = 1_790_000_000_000; // 2026-09
const EVENT: Uuid = Uuid::from_u128(0xE0);

fn device(n: u128) -> Actor {
    Actor {
        user_id: Uuid::from_u128(0xA0 + n),
        device_id: Some(Uuid::from_u128(0xD0 + n)),
        now: NOW,
        nama: format!("Pengguna {n}"),
    }
}

fn guest(id: u128, nama: &str) -> Value {
    serde_json::to_value(Tamu {
        id: Uuid::from_u128(id),
        event_id: EVENT,
        nama: nama.into(),
        alamat: "Jl. Kurinci No. 4".into(),
        rt: "003".into(),
        rw: "005".into(),
        kelurahan: "Medono".into(),
        jenis_kelamin: Some(JenisKelamin::Perempuan),
        keterangan: String::new(),
        telepon: String::new(),
    })
    .unwrap()
}

fn put(mutation: u128, record: u128, base_rev: i64, data: Value, changed: &[&str]) -> Mutation {
    Mutation {
        mutation_id: Uuid::from_u128(mutation),
        kind: RecordKind::Tamu,
        record_id: Uuid::from_u128(record),
        base_rev,
        op: Op::Put {
            data,
            changed: changed.iter().map(|s| s.to_string()).collect(),
        },
        client_time: NOW - 1_000,
    }
}

fn create(mutation: u128, record: u128, nama: &str) -> Mutation {
    let data = guest(record, nama);
    let changed: Vec<String> = data.as_object().unwrap().keys().cloned().collect();
    let refs: Vec<&str> = changed.iter().map(String::as_str).collect();
    put(mutation, record, 0, data, &refs)
}

fn allow(
    _: &Mutation,
    _: Option<&StoredRecord>,
    _: reses_domain::sync::Scope,
) -> Result<(), String> {
    Ok(())
}

fn run(store: &mut MemoryStore, m: &Mutation, actor: Actor) -> Outcome {
    apply(store, m, &actor, allow)
}

fn nama(store: &MemoryStore, record: u128) -> String {
    store.records[&Uuid::from_u128(record)].data["nama"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn replayed_mutation_is_acknowledged_not_applied_twice() {
    let mut s = MemoryStore::default();
    let m = create(1, 100, "Siti Aminah");
    assert_eq!(run(&mut s, &m, device(1)), Outcome::Applied { rev: 1 });
    let before = s.clone();
    assert_eq!(run(&mut s, &m, device(1)), Outcome::Duplicate { rev: 1 });
    assert_eq!(s, before);
}

#[test]
fn a_devices_consecutive_offline_edits_never_conflict_with_each_other() {
    let mut s = MemoryStore::default();
    run(&mut s, &create(1, 100, "Siti"), device(1));
    // Still offline when it edited again: based on rev 0, like the create.
    let edit = put(2, 100, 0, guest(100, "Siti Aminah"), &["nama"]);
    assert_eq!(run(&mut s, &edit, device(1)), Outcome::Applied { rev: 2 });
    assert_eq!(nama(&s, 100), "Siti Aminah");
}

#[test]
fn edits_of_different_fields_from_two_devices_merge() {
    let mut s = MemoryStore::default();
    run(&mut s, &create(1, 100, "Siti"), device(1));
    let mut a = guest(100, "Siti Aminah");
    let b_data = {
        let mut v = guest(100, "Siti");
        v["rt"] = json!("007");
        v
    };
    a["rt"] = json!("003");
    assert!(matches!(
        run(&mut s, &put(2, 100, 1, a, &["nama"]), device(2)),
        Outcome::Applied { .. }
    ));
    assert!(matches!(
        run(&mut s, &put(3, 100, 1, b_data, &["rt"]), device(3)),
        Outcome::Applied { .. }
    ));
    let rec = &s.records[&Uuid::from_u128(100)].data;
    assert_eq!(rec["nama"], "Siti Aminah");
    assert_eq!(rec["rt"], "007");
}

/// Guest 100 created by device 1 (rev 1), then renamed "Siti A." by device 2 (rev 2).
fn guest_renamed_by_device_2() -> MemoryStore {
    let mut s = MemoryStore::default();
    run(&mut s, &create(1, 100, "Siti"), device(1));
    run(
        &mut s,
        &put(2, 100, 1, guest(100, "Siti A."), &["nama"]),
        device(2),
    );
    s
}

#[test]
fn edits_of_the_same_field_from_two_devices_conflict_and_return_the_server_copy() {
    let mut s = guest_renamed_by_device_2();
    let out = run(
        &mut s,
        &put(3, 100, 1, guest(100, "Sitti"), &["nama"]),
        device(3),
    );
    let Outcome::Conflict { server } = out else {
        panic!("expected a conflict, got {out:?}");
    };
    assert_eq!(server.rev, 2);
    assert_eq!(server.data["nama"], "Siti A.");
    assert_eq!(nama(&s, 100), "Siti A.", "the server copy wins");
    // Resolving "keep mine": a new mutation based on the server revision applies.
    let again = put(4, 100, 2, guest(100, "Sitti"), &["nama"]);
    assert!(matches!(
        run(&mut s, &again, device(3)),
        Outcome::Applied { .. }
    ));
    assert_eq!(nama(&s, 100), "Sitti");
}

#[test]
fn invalid_data_is_rejected_with_a_readable_reason_and_nothing_is_stored() {
    let mut s = MemoryStore::default();
    let out = run(&mut s, &create(1, 100, "   "), device(1));
    assert_eq!(
        out,
        Outcome::Rejected {
            code: RejectCode::Invalid,
            reason: "Nama tamu wajib diisi.".into()
        }
    );
    assert!(s.records.is_empty() && s.applied.is_empty() && s.rev == 0);

    let mut wrong_id = create(2, 100, "Siti");
    wrong_id.record_id = Uuid::from_u128(101);
    assert!(matches!(
        run(&mut s, &wrong_id, device(1)),
        Outcome::Rejected { .. }
    ));

    let mut absurd = create(3, 100, "Siti");
    absurd.client_time = 86_400_000; // 2 January 1970
    let Outcome::Rejected { reason, .. } = run(&mut s, &absurd, device(1)) else {
        panic!("absurd time accepted");
    };
    assert!(reason.contains("jam perangkat"), "{reason}");

    let script = create(4, 100, "<script>alert(1)</script>");
    assert!(
        matches!(run(&mut s, &script, device(1)), Outcome::Applied { .. }),
        "markup is stored as text; the app renders it escaped"
    );
}

#[test]
fn refusal_by_authorisation_is_forbidden_and_changes_nothing() {
    let mut s = MemoryStore::default();
    let out = apply(&mut s, &create(1, 100, "Siti"), &device(1), |_, _, _| {
        Err("Bukan kegiatan Anda.".into())
    });
    assert!(matches!(
        out,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    assert!(s.records.is_empty());
}

#[test]
fn delete_is_soft_and_an_edit_based_before_another_devices_delete_conflicts() {
    let mut s = MemoryStore::default();
    run(&mut s, &create(1, 100, "Siti"), device(1));
    let del = Mutation {
        op: Op::Delete,
        ..put(2, 100, 1, Value::Null, &[])
    };
    assert!(matches!(
        run(&mut s, &del, device(2)),
        Outcome::Applied { rev: 2 }
    ));
    assert!(s.records[&Uuid::from_u128(100)].deleted);
    let late = put(3, 100, 1, guest(100, "Siti A."), &["nama"]);
    assert!(matches!(
        run(&mut s, &late, device(3)),
        Outcome::Conflict { .. }
    ));
}

#[test]
fn changed_fields_lists_only_what_differs() {
    let base = guest(100, "Siti");
    let mut now = base.clone();
    now["rt"] = json!("009");
    assert_eq!(changed_fields(Some(&base), &now), vec!["rt".to_string()]);
    assert_eq!(
        changed_fields(None, &now).len(),
        now.as_object().unwrap().len()
    );
}

// ---- Properties ---------------------------------------------------------------------

/// A realistic push: one device's outbox over a few records — creates, then edits of
/// random fields (all based on rev 0, as an offline device would send them).
fn outbox() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec((0u128..4, 0usize..3, "[A-Za-z ]{1,12}"), 1..25).prop_map(|steps| {
        let mut created = std::collections::BTreeSet::new();
        steps
            .into_iter()
            .enumerate()
            .map(|(i, (rec, field, text))| {
                let id = 1_000 + i as u128;
                let record = 100 + rec;
                let text = format!("X{}", text.trim());
                if created.insert(record) {
                    return create(id, record, &text);
                }
                let mut data = guest(record, &text);
                let f = ["nama", "alamat", "keterangan"][field];
                data[f] = json!(text);
                put(id, record, 0, data, &[f])
            })
            .collect()
    })
}

fn apply_all(store: &mut MemoryStore, ms: &[Mutation], actor: Actor) -> Vec<Outcome> {
    ms.iter().map(|m| run(store, m, actor.clone())).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Replaying any prefix of a push any number of times, then the whole push, leaves
    /// the server exactly as one clean push would.
    #[test]
    fn replaying_any_prefix_any_number_of_times_changes_nothing(
        push in outbox(), cut in 0usize..25, replays in 1usize..4,
    ) {
        let mut clean = MemoryStore::default();
        let first = apply_all(&mut clean, &push, device(1));
        prop_assert!(first.iter().all(Outcome::is_settled), "{first:?}");

        let cut = cut.min(push.len());
        let mut retried = MemoryStore::default();
        for _ in 0..replays {
            apply_all(&mut retried, &push[..cut], device(1));
        }
        let last = apply_all(&mut retried, &push, device(1));
        prop_assert_eq!(&retried, &clean);
        for (i, out) in last.iter().enumerate() {
            if i < cut {
                prop_assert!(matches!(out, Outcome::Duplicate { .. }), "{out:?}");
            } else {
                prop_assert_eq!(out, &first[i]);
            }
        }
    }

    /// Two devices' mutations on different records give the same records whichever
    /// reaches the server first.
    #[test]
    fn independent_mutations_commute(a in outbox(), b in outbox()) {
        // Device 2 works on other records (ids shifted).
        let b: Vec<Mutation> = b.into_iter().map(|mut m| {
            m.mutation_id = Uuid::from_u128(m.mutation_id.as_u128() + 50_000);
            let rec = m.record_id.as_u128() + 10;
            m.record_id = Uuid::from_u128(rec);
            if let Op::Put { data, .. } = &mut m.op {
                data["id"] = json!(Uuid::from_u128(rec));
            }
            m
        }).collect();
        let mut ab = MemoryStore::default();
        apply_all(&mut ab, &a, device(1));
        apply_all(&mut ab, &b, device(2));
        let mut ba = MemoryStore::default();
        apply_all(&mut ba, &b, device(2));
        apply_all(&mut ba, &a, device(1));
        let data = |s: &MemoryStore| s.records.iter()
            .map(|(id, r)| (*id, r.data.clone(), r.deleted)).collect::<Vec<_>>();
        prop_assert_eq!(data(&ab), data(&ba));
        prop_assert_eq!(ab.applied.len(), ba.applied.len());
    }

    /// Edits of disjoint fields of the same record, from two devices with the same base,
    /// merge to the same result in either order.
    #[test]
    fn disjoint_field_edits_commute(x in "[A-Za-z]{1,10}", y in "[A-Za-z]{1,10}") {
        let base = create(1, 100, "Awal");
        let mut d1 = guest(100, &x);
        d1["nama"] = json!(x);
        let mut d2 = guest(100, "Awal");
        d2["alamat"] = json!(y);
        let m1 = put(2, 100, 1, d1, &["nama"]);
        let m2 = put(3, 100, 1, d2, &["alamat"]);
        let mut s12 = MemoryStore::default();
        run(&mut s12, &base, device(1));
        run(&mut s12, &m1, device(2));
        run(&mut s12, &m2, device(3));
        let mut s21 = MemoryStore::default();
        run(&mut s21, &base, device(1));
        run(&mut s21, &m2, device(3));
        run(&mut s21, &m1, device(2));
        let id = Uuid::from_u128(100);
        prop_assert_eq!(&s12.records[&id].data, &s21.records[&id].data);
        prop_assert_eq!(s12.records[&id].data["nama"].as_str().unwrap(), x.as_str());
        prop_assert_eq!(s12.records[&id].data["alamat"].as_str().unwrap(), y.as_str());
    }
}

#[test]
fn an_unauthorised_edit_is_refused_before_any_conflict_could_reveal_the_server_copy() {
    let mut s = guest_renamed_by_device_2();
    let out = apply(
        &mut s,
        &put(3, 100, 1, guest(100, "Sitti"), &["nama"]),
        &device(3),
        |_, _, _| Err("Bukan kegiatan Anda.".into()),
    );
    assert!(
        matches!(
            out,
            Outcome::Rejected {
                code: RejectCode::Forbidden,
                ..
            }
        ),
        "{out:?}"
    );
}

#[test]
fn retry_delay_doubles_to_a_ceiling_with_bounded_jitter() {
    use reses_domain::sync::retry_delay_ms;
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    for (failures, random, expected) in [
        (0, 0.5, 30_000.0),
        (1, 0.5, 30_000.0),
        (2, 0.5, 60_000.0),
        (3, 0.5, 120_000.0),
        (30, 0.5, 600_000.0),
        (2, 0.0, 48_000.0),
        (2, 1.0, 72_000.0),
    ] {
        let got = retry_delay_ms(failures, random);
        assert!(close(got, expected), "{failures} {random}: {got}");
    }
}

mod attendance {
    use super::*;
    use reses_domain::kehadiran::{Kehadiran, Pencatat};
    use reses_domain::tanda_tangan::TandaTangan;

    const TAMU: Uuid = Uuid::from_u128(0x7A);

    fn check_in(n: u128, waktu: i64) -> Kehadiran {
        let ttd = TandaTangan::from_strokes(100.0, 50.0, &[vec![(1.0, 2.0), (30.0, 20.0)]]);
        let by = Pencatat {
            user_id: device(n).user_id,
            nama: format!("Pendamping {n}"),
            perangkat: device(n).device_id,
            waktu,
        };
        Kehadiran::check_in(None, EVENT, TAMU, true, ttd.unwrap(), &by).unwrap()
    }

    fn push(mutation: u128, base_rev: i64, k: &Kehadiran) -> Mutation {
        let data = serde_json::to_value(k).unwrap();
        let changed = data.as_object().unwrap().keys().cloned().collect();
        Mutation {
            mutation_id: Uuid::from_u128(mutation),
            kind: RecordKind::Kehadiran,
            record_id: k.id,
            base_rev,
            op: Op::Put { data, changed },
            client_time: k.waktu,
        }
    }

    fn with_guest() -> MemoryStore {
        let mut store = MemoryStore::default();
        let out = run(&mut store, &create(1, TAMU.as_u128(), "Siti"), device(0));
        assert!(matches!(out, Outcome::Applied { .. }), "{out:?}");
        store
    }

    #[test]
    fn two_tablets_checking_in_one_guest_offline_become_one_attendance() {
        let early = check_in(1, NOW - 60_000);
        let late = check_in(2, NOW - 30_000);
        // Whichever tablet syncs first, the outcome is the same record.
        let mut results = Vec::new();
        for order in [[(2, &late), (1, &early)], [(1, &early), (2, &late)]] {
            let mut store = with_guest();
            for (i, (n, k)) in order.into_iter().enumerate() {
                let out = run(&mut store, &push(10 + i as u128, 0, k), device(n));
                assert!(matches!(out, Outcome::Applied { .. }), "{out:?}");
            }
            assert_eq!(store.records.len(), 2, "the guest and one attendance");
            let stored = &store.records[&Kehadiran::id_for(TAMU)];
            let k: Kehadiran = serde_json::from_value(Value::Object(stored.data.clone())).unwrap();
            assert!(k.hadir);
            assert_eq!(k.waktu, NOW - 60_000, "earliest time kept");
            assert_eq!(k.jejak.len(), 2, "both recorders in the trail");
            assert_eq!(k.dicatat_oleh, device(1).user_id, "the earliest check-in's");
            results.push(k);
        }
        assert_eq!(results[0], results[1]);
    }

    #[test]
    fn an_attendance_with_a_forged_id_is_rejected() {
        let mut k = check_in(1, NOW - 1_000);
        k.id = Uuid::from_u128(0xBAD);
        let out = run(&mut with_guest(), &push(10, 0, &k), device(1));
        assert!(matches!(
            out,
            Outcome::Rejected {
                code: RejectCode::Invalid,
                ..
            }
        ));
    }

    #[test]
    fn an_attendance_for_a_guest_of_no_list_is_rejected() {
        let k = check_in(1, NOW - 1_000);
        let out = run(&mut MemoryStore::default(), &push(10, 0, &k), device(1));
        let Outcome::Rejected { reason, .. } = out else {
            panic!("{out:?}");
        };
        assert!(reason.contains("daftar undangan"), "{reason}");
        // A guest deleted before the check-in arrives does not count either.
        let mut store = with_guest();
        let del = Mutation {
            mutation_id: Uuid::from_u128(2),
            kind: RecordKind::Tamu,
            record_id: TAMU,
            base_rev: 1,
            op: Op::Delete,
            client_time: NOW - 500,
        };
        assert!(matches!(
            run(&mut store, &del, device(0)),
            Outcome::Applied { .. }
        ));
        let out = run(&mut store, &push(11, 0, &k), device(1));
        assert!(matches!(out, Outcome::Rejected { .. }), "{out:?}");
    }
}

#[test]
fn a_reused_mutation_id_is_a_duplicate_only_for_the_same_user_and_content() {
    let mut s = MemoryStore::default();
    let m = create(1, 100, "Siti");
    assert!(matches!(
        run(&mut s, &m, device(1)),
        Outcome::Applied { rev: 1 }
    ));
    assert_eq!(run(&mut s, &m, device(1)), Outcome::Duplicate { rev: 1 });
    // The same id with other content: never "duplicate" (the device would drop it).
    let other = Mutation {
        mutation_id: m.mutation_id,
        ..put(1, 100, 1, guest(100, "Siti Aminah"), &["nama"])
    };
    let Outcome::Rejected { code, reason } = run(&mut s, &other, device(1)) else {
        panic!("expected a rejection");
    };
    assert_eq!(code, RejectCode::Invalid);
    assert!(reason.contains("isi yang lain"), "{reason}");
    // Another user's id, even with the same content.
    let Outcome::Rejected { reason, .. } = run(&mut s, &m, device(2)) else {
        panic!("expected a rejection");
    };
    assert!(reason.contains("pengguna lain"), "{reason}");
    assert_eq!(nama(&s, 100), "Siti", "nothing of either was applied");
    assert_eq!(s.rev, 1);
}

#[test]
fn fields_the_record_type_does_not_know_are_not_stored() {
    let mut s = MemoryStore::default();
    let mut data = guest(100, "Siti");
    data["tambahan"] = json!("x".repeat(3_000_000));
    let mut changed: Vec<String> = data.as_object().unwrap().keys().cloned().collect();
    changed.sort();
    let m = Mutation {
        op: Op::Put { data, changed },
        ..create(1, 100, "Siti")
    };
    assert!(matches!(
        run(&mut s, &m, device(1)),
        Outcome::Applied { .. }
    ));
    let stored = &s.records[&Uuid::from_u128(100)];
    assert!(!stored.data.contains_key("tambahan"));
    assert!(!stored.field_revs.contains_key("tambahan"));
}

#[test]
fn an_operation_reads_in_any_field_order_and_says_what_is_wrong() {
    let put = Op::Put {
        data: serde_json::json!({"nama": "Siti", "n": [1, {"a": null}]}),
        changed: vec!["nama".into()],
    };
    let wire = serde_json::to_string(&put).unwrap();
    assert_eq!(serde_json::from_str::<Op>(&wire).unwrap(), put);
    let reordered = r#"{"changed":["nama"],"extra":{"x":1},"data":{"nama":"Siti","n":[1,{"a":null}]},"type":"put"}"#;
    assert_eq!(serde_json::from_str::<Op>(reordered).unwrap(), put);
    assert_eq!(
        serde_json::from_str::<Op>(r#"{"type":"delete"}"#).unwrap(),
        Op::Delete
    );
    let err = |s: &str| serde_json::from_str::<Op>(s).unwrap_err().to_string();
    assert!(err(r#"{"type":"hapus"}"#).contains("unknown variant `hapus`"));
    assert!(err(r#"{"type":"put","data":{}}"#).contains("missing field `changed`"));
    assert!(err(r#"{"data":{},"changed":[]}"#).contains("missing field `type`"));
    assert!(err(r#"{"type":"put","type":"delete"}"#).contains("duplicate field `type`"));
    assert!(err(r#"[1]"#).contains("an operation"));
}

#[test]
fn a_push_result_reads_back_every_outcome_and_says_what_is_wrong() {
    let envelope = RecordEnvelope {
        id: Uuid::from_u128(7),
        kind: RecordKind::Tamu,
        rev: 4,
        data: json!({"nama": "Siti"}),
        deleted: false,
        updated_at: 1_700_000_000_000,
        updated_by: Uuid::from_u128(8),
        device_id: None,
    };
    let outcomes = [
        Outcome::Applied { rev: 3 },
        Outcome::Duplicate { rev: 2 },
        Outcome::Conflict {
            server: Box::new(envelope),
        },
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            reason: "Bukan kegiatan Anda.".into(),
        },
    ];
    for outcome in outcomes {
        let result = MutationResult {
            mutation_id: Uuid::from_u128(9),
            outcome,
        };
        // The server writes it with serde's flattened form; the device reads it by hand.
        let wire = serde_json::to_string(&PushResponse {
            results: vec![result.clone()],
        })
        .unwrap();
        let back: PushResponse = serde_json::from_str(&wire).unwrap();
        assert_eq!(back.results, vec![result.clone()]);
        // As the app reads it: the answer as a JSON value, then `json::dari`.
        let value: Value = serde_json::from_str(&wire).unwrap();
        let back: PushResponse = reses_domain::json::dari(value).unwrap();
        assert_eq!(back.results, vec![result]);
    }
    let id = Uuid::from_u128(9);
    let reordered = format!(r#"{{"rev":5,"baru":[1],"outcome":"applied","mutation_id":"{id}"}}"#);
    assert_eq!(
        serde_json::from_str::<MutationResult>(&reordered).unwrap(),
        MutationResult {
            mutation_id: id,
            outcome: Outcome::Applied { rev: 5 }
        }
    );
    let err = |s: String| {
        serde_json::from_str::<MutationResult>(&s)
            .unwrap_err()
            .to_string()
    };
    assert!(
        err(format!(r#"{{"mutation_id":"{id}","outcome":"hilang"}}"#))
            .contains("unknown variant `hilang`")
    );
    assert!(
        err(format!(r#"{{"mutation_id":"{id}","outcome":"applied"}}"#))
            .contains("missing field `rev`")
    );
    assert!(
        err(format!(r#"{{"mutation_id":"{id}","rev":1}}"#)).contains("missing field `outcome`")
    );
    assert!(
        err(r#"{"outcome":"duplicate","rev":1}"#.into()).contains("missing field `mutation_id`")
    );
    assert!(
        err(format!(
            r#"{{"mutation_id":"{id}","outcome":"rejected","code":"invalid"}}"#
        ))
        .contains("missing field `reason`")
    );
    assert!(
        err(format!(
            r#"{{"mutation_id":"{id}","outcome":"applied","rev":1,"rev":2}}"#
        ))
        .contains("duplicate field `rev`")
    );
    assert!(
        err(format!(
            r#"{{"mutation_id":"{id}","outcome":"applied","rev":"x"}}"#
        ))
        .contains("invalid type")
    );
    assert!(err("[1]".into()).contains("a mutation result"));
}
