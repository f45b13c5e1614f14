//! What the ingest benchmarks share: the guests they push.

use reses_domain::sync::{Mutation, Op, RecordKind};
use serde_json::json;
use uuid::Uuid;

/// A new guest of `event`, as a create mutation (every field changed).
pub fn guest(event: Uuid, i: usize) -> Mutation {
    let id = Uuid::now_v7();
    let data = json!({
        "id": id, "event_id": event, "nama": format!("Warga Bench {i}"),
        "alamat": "Jl. Kurinci Gg. 3 No. 12", "rt": "003", "rw": "005", "kelurahan": "Medono",
        "jenis_kelamin": "P", "keterangan": "Kader PKK",
    });
    let changed = data.as_object().unwrap().keys().cloned().collect();
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Tamu,
        record_id: id,
        base_rev: 0,
        op: Op::Put { data, changed },
        client_time: reses_server::demo::now_ms(),
    }
}
