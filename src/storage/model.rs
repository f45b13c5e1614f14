//! What the device stores: its copy of each record and the outbox of changes waiting to
//! reach the server. Stored in IndexedDB through serde; keep shapes backward compatible
//! (a schema upgrade must read what the previous version wrote).

use reses_domain::sync::{Mutation, RecordEnvelope, RecordKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a record stands with the server, shown next to it in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// As the server has it.
    Synced,
    /// Changed here; waiting in the outbox.
    Pending,
    /// Changed here and on the server in the same fields; a person must choose.
    Conflict,
    /// The server refused the change; the reason is on the outbox entry.
    Error,
}

impl SyncState {
    pub fn label(self) -> &'static str {
        match self {
            SyncState::Synced => "Terkirim",
            SyncState::Pending => "Menunggu dikirim",
            SyncState::Conflict => "Konflik",
            SyncState::Error => "Gagal dikirim",
        }
    }
}

/// The device's copy of one record. `id` is the key (string form of the UUID); records
/// of a reses event carry `event_id` for the index that lists an event's records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalRecord {
    pub id: String,
    pub kind: RecordKind,
    /// The server revision this copy is based on (0: never on the server).
    pub rev: i64,
    pub data: Value,
    pub deleted: bool,
    pub updated_at: f64,
    pub sync: SyncState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
}

impl LocalRecord {
    pub fn from_server(e: &RecordEnvelope) -> Self {
        LocalRecord {
            id: e.id.to_string(),
            kind: e.kind,
            rev: e.rev,
            event_id: event_id_of(e.kind, &e.id.to_string(), &e.data),
            data: e.data.clone(),
            deleted: e.deleted,
            updated_at: e.updated_at as f64,
            sync: SyncState::Synced,
        }
    }
}

/// The reses event a record belongs to, if any: its `event_id`, or an event's own id.
pub fn event_id_of(kind: RecordKind, id: &str, data: &Value) -> Option<String> {
    if kind == RecordKind::ResesEvent {
        return Some(id.to_string());
    }
    data.get("event_id")
        .and_then(Value::as_str)
        .map(str::to_string)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting to be sent (or being sent: a push that did not finish leaves it here, and
    /// the server recognises the replay by its mutation id).
    Pending,
    /// The server had changed the same fields; `server` holds its copy.
    Conflict,
    /// The server refused it; `error` says why.
    Rejected,
}

/// One queued change. Keyed by `seq` (auto-increment), so the outbox is sent in the
/// order changes were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<f64>,
    pub record_id: String,
    pub kind: RecordKind,
    pub status: OutboxStatus,
    pub mutation: Mutation,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<RecordEnvelope>,
    pub created_at: f64,
}
