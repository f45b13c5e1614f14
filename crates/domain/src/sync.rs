//! The sync protocol (DESIGN.md §4.1): wire types shared by the app and the server, and
//! the pure rules that decide what a pushed mutation does to the server's copy.
//!
//! The wire types below must not change shape lightly: devices in the field may run an
//! older app for days. Add optional fields; never rename or remove.
//!
//! # Rules
//! - Every mutation has a device-made `mutation_id`. The server remembers the ones it
//!   applied; a replay is answered `duplicate` and changes nothing.
//! - A mutation names the server revision it was based on (`base_rev`, 0 for a record
//!   the device created). The server keeps, per record, the revision at which each
//!   top-level field last changed. If none of the fields this mutation changes has
//!   changed on the server since `base_rev`, the change merges; otherwise it is a
//!   `conflict` and the server copy goes back to the device, which keeps its own copy
//!   visible until a person resolves it.
//! - A mutation the rules refuse (invalid data, not allowed for this user) is
//!   `rejected` with a reason a person can read, and nothing of it is stored.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use sha2::{Digest, Sha256};

use crate::jenis::{self, Kelompok};

use crate::kehadiran::Kehadiran;

/// Largest push the server accepts in one request.
pub const MAX_PUSH_MUTATIONS: usize = 500;
/// Largest page of changes one pull returns.
pub const MAX_PULL_LIMIT: u32 = 2_000;
/// Timestamps before 2020-01-01 or more than a day ahead of the server are refused.
pub const MIN_CLIENT_TIME_MS: i64 = 1_577_836_800_000;

/// A device syncs this often while online.
pub const SYNC_INTERVAL_MS: f64 = 30_000.0;
const MAX_RETRY_DELAY_MS: f64 = 10.0 * 60_000.0;

/// Delay before the next sync attempt after `failures` failures in a row: the normal
/// interval, doubling from the second failure up to 10 minutes, with ±20 % jitter
/// (`random01` in 0..1) so many tablets coming back online do not retry in step.
pub fn retry_delay_ms(failures: u32, random01: f64) -> f64 {
    let base = if failures == 0 {
        SYNC_INTERVAL_MS
    } else {
        (SYNC_INTERVAL_MS * 2f64.powi(failures.min(10) as i32 - 1)).min(MAX_RETRY_DELAY_MS)
    };
    base * (0.8 + 0.4 * random01.clamp(0.0, 1.0))
}

crate::jenis::jenis_rekaman!(definisi_jenis);
use crate::jenis::definisi_jenis;

impl RecordKind {
    /// The kinds of the reses service.
    pub const RESES: [RecordKind; jenis::jumlah(Kelompok::reses)] = jenis::saring(Kelompok::reses);

    /// Master data every signed-in reses user (companions and members too) receives.
    pub const REFERENSI: [RecordKind; jenis::jumlah(Kelompok::referensi)] =
        jenis::saring(Kelompok::referensi);

    /// The kinds kept per reses event (an `event_id` field; the event's own id for the
    /// event), which a companion loses with the assignment.
    pub const PER_EVENT: [RecordKind; jenis::jumlah(Kelompok::per_event)] =
        jenis::saring(Kelompok::per_event);

    /// The kinds recorded in the field at a reses meeting, by the companion.
    pub const LAPANGAN: [RecordKind; jenis::jumlah(Kelompok::lapangan)] =
        jenis::saring(Kelompok::lapangan);

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Concurrent changes to records of this kind never conflict: both copies join into
    /// one (see [`RecordKind::join`]).
    pub fn joins(self) -> bool {
        self == RecordKind::Kehadiran
    }

    /// Joins the server's copy and an incoming one of a kind that [`joins`](Self::joins).
    /// Both have been checked already.
    pub fn join(self, server: &Value, incoming: &Value) -> Result<Value, String> {
        match self {
            RecordKind::Kehadiran => {
                let a: Kehadiran = Kehadiran::deserialize(server).map_err(|e| e.to_string())?;
                let b: Kehadiran = Kehadiran::deserialize(incoming).map_err(|e| e.to_string())?;
                serde_json::to_value(Kehadiran::merge(&a, &b)).map_err(|e| e.to_string())
            }
            _ => Err("Jenis data ini tidak digabung.".into()),
        }
    }
}

/// A record type that syncs: its kind and its id. Implemented by every record body, so
/// storage can offer a typed repository per kind.
pub trait SyncRecord: Serialize + serde::de::DeserializeOwned + Clone {
    const KIND: RecordKind;
    fn id(&self) -> Uuid;
}

/// Where a record belongs, as far as access is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope {
    pub event_id: Option<Uuid>,
}

/// What a mutation does. On the wire `{"type": "put", "data": …, "changed": […]}` or
/// `{"type": "delete"}`; read by hand (see the `Deserialize` below) because serde's
/// internally tagged enums copy `data` once more through a buffer first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    /// Create or change a record. `data` is the device's whole copy; `changed` names the
    /// top-level fields changed since `base_rev` (all of them for a new record).
    Put { data: Value, changed: Vec<String> },
    /// Soft-delete the record.
    Delete,
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Op, D::Error> {
        d.deserialize_map(OpVisitor)
    }
}

struct OpVisitor;

impl<'de> serde::de::Visitor<'de> for OpVisitor {
    type Value = Op;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an operation: {\"type\": \"put\" | \"delete\", …}")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Op, A::Error> {
        use serde::de::Error;
        let (mut kind, mut data, mut changed) = (None::<String>, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" if kind.is_some() => return Err(A::Error::duplicate_field("type")),
                "data" if data.is_some() => return Err(A::Error::duplicate_field("data")),
                "changed" if changed.is_some() => {
                    return Err(A::Error::duplicate_field("changed"));
                }
                "type" => kind = Some(map.next_value()?),
                "data" => data = Some(map.next_value::<Value>()?),
                "changed" => changed = Some(map.next_value()?),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        match kind.as_deref() {
            Some("put") => Ok(Op::Put {
                data: data.ok_or_else(|| A::Error::missing_field("data"))?,
                changed: changed.ok_or_else(|| A::Error::missing_field("changed"))?,
            }),
            Some("delete") => Ok(Op::Delete),
            Some(other) => Err(A::Error::unknown_variant(other, &["put", "delete"])),
            None => Err(A::Error::missing_field("type")),
        }
    }
}

/// One queued change from a device's outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub mutation_id: Uuid,
    pub kind: RecordKind,
    pub record_id: Uuid,
    /// The server revision this change was based on; 0 when the device created it.
    pub base_rev: i64,
    pub op: Op,
    /// When the person made the change, ms since epoch (device clock).
    pub client_time: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
}

/// On the wire the outcome's fields sit beside the id: `{"mutation_id": …, "outcome":
/// "applied", "rev": 3}`. Read by hand (see the `Deserialize` below): serde's flattened,
/// internally tagged form buffers every result through its generic `Content` first,
/// which was a third of the sync engine's code in the app.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MutationResult {
    pub mutation_id: Uuid,
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl<'de> Deserialize<'de> for MutationResult {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MutationResult, D::Error> {
        d.deserialize_map(MutationResultVisitor)
    }
}

struct MutationResultVisitor;

impl<'de> serde::de::Visitor<'de> for MutationResultVisitor {
    type Value = MutationResult;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a mutation result: {\"mutation_id\": …, \"outcome\": …}")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<MutationResult, A::Error> {
        use serde::de::Error;
        let mut id = None::<Uuid>;
        let mut outcome = None::<String>;
        let mut rev = None::<i64>;
        let mut server = None::<Box<RecordEnvelope>>;
        let mut code = None::<RejectCode>;
        let mut reason = None::<String>;
        fn once<T, E: Error>(slot: &mut Option<T>, name: &'static str, v: T) -> Result<(), E> {
            match slot.replace(v) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "mutation_id" => once(&mut id, "mutation_id", map.next_value()?)?,
                "outcome" => once(&mut outcome, "outcome", map.next_value()?)?,
                "rev" => once(&mut rev, "rev", map.next_value()?)?,
                "server" => once(&mut server, "server", map.next_value()?)?,
                "code" => once(&mut code, "code", map.next_value()?)?,
                "reason" => once(&mut reason, "reason", map.next_value()?)?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        fn field<T, E: Error>(v: Option<T>, name: &'static str) -> Result<T, E> {
            v.ok_or_else(|| E::missing_field(name))
        }
        let outcome = match outcome.as_deref() {
            Some("applied") => Outcome::Applied {
                rev: field(rev, "rev")?,
            },
            Some("duplicate") => Outcome::Duplicate {
                rev: field(rev, "rev")?,
            },
            Some("conflict") => Outcome::Conflict {
                server: field(server, "server")?,
            },
            Some("rejected") => Outcome::Rejected {
                code: field(code, "code")?,
                reason: field(reason, "reason")?,
            },
            Some(other) => {
                return Err(A::Error::unknown_variant(
                    other,
                    &["applied", "duplicate", "conflict", "rejected"],
                ));
            }
            None => return Err(A::Error::missing_field("outcome")),
        };
        Ok(MutationResult {
            mutation_id: field(id, "mutation_id")?,
            outcome,
        })
    }
}

/// What the server did with one mutation. The device drops its outbox entry only on
/// `applied` and `duplicate`. Read only as part of a [`MutationResult`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Applied {
        rev: i64,
    },
    /// Applied before (a replay); nothing changed now.
    Duplicate {
        rev: i64,
    },
    /// The server copy changed in the same fields; here it is.
    Conflict {
        server: Box<RecordEnvelope>,
    },
    /// Refused; `reason` is for a person to read.
    Rejected {
        code: RejectCode,
        reason: String,
    },
}

impl Outcome {
    /// The device may forget the outbox entry.
    pub fn is_settled(&self) -> bool {
        matches!(self, Outcome::Applied { .. } | Outcome::Duplicate { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The data is invalid for its kind.
    Invalid,
    /// This user may not change this record.
    Forbidden,
}

/// A record as the server stores and sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEnvelope {
    pub id: Uuid,
    pub kind: RecordKind,
    pub rev: i64,
    pub data: Value,
    pub deleted: bool,
    pub updated_at: i64,
    pub updated_by: Uuid,
    pub device_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<RecordEnvelope>,
    /// Pass this as `since` next time.
    pub cursor: i64,
    /// More changes wait beyond this page.
    pub more: bool,
    /// For users who see only some reses events (companions, members): every event they
    /// may see now. The device drops the records of any other event it still holds,
    /// except what waits in its outbox. `None` for staff, who see all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kegiatan: Option<Vec<Uuid>>,
}

/// When and by which device a field last changed. A device's own earlier writes never
/// conflict with its later ones: its outbox is pushed in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldStamp {
    pub rev: i64,
    pub device: Option<Uuid>,
}

/// The server's copy of one record, with when each top-level field last changed.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord {
    pub kind: RecordKind,
    pub rev: i64,
    pub data: Map<String, Value>,
    pub field_revs: BTreeMap<String, FieldStamp>,
    pub deleted: bool,
    pub scope: Scope,
    pub updated_at: i64,
    pub updated_by: Uuid,
    pub device_id: Option<Uuid>,
}

impl StoredRecord {
    pub fn envelope(&self, id: Uuid) -> RecordEnvelope {
        RecordEnvelope {
            id,
            kind: self.kind,
            rev: self.rev,
            data: Value::Object(self.data.clone()),
            deleted: self.deleted,
            updated_at: self.updated_at,
            updated_by: self.updated_by,
            device_id: self.device_id,
        }
    }
}

/// Who is pushing, stamped on what they change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub device_id: Option<Uuid>,
    /// Server time, ms since epoch.
    pub now: i64,
    /// The user's display name, written where a record names its recorder.
    pub nama: String,
}

/// A mutation the server applied, as its log keeps it: by whom, and a hash of what was
/// sent. A replay is `duplicate` only when both match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMutation {
    pub rev: i64,
    pub user_id: Uuid,
    /// [`Mutation::content_hash`]; `None` for entries logged before hashes were kept.
    pub content_hash: Option<String>,
}

impl Mutation {
    /// SHA-256 (hex) of everything the mutation says except its id.
    pub fn content_hash(&self) -> String {
        let body = serde_json::to_vec(&(
            self.kind,
            self.record_id,
            self.base_rev,
            &self.op,
            self.client_time,
        ))
        .unwrap_or_default();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        Sha256::digest(&body)
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
            .map(char::from)
            .collect()
    }
}

/// The server state a batch of mutations is applied to. The server implements it over a
/// database transaction (preloading what the batch touches); tests over a map.
pub trait SyncStore {
    /// The log entry of this mutation id, if one was applied under it.
    fn applied(&self, mutation_id: Uuid) -> Option<AppliedMutation>;
    fn record(&self, id: Uuid) -> Option<&StoredRecord>;
    /// The next server revision (strictly increasing).
    fn next_rev(&mut self) -> i64;
    fn save(&mut self, id: Uuid, record: StoredRecord, log: (Uuid, AppliedMutation));
}

/// Checks that do not depend on server state: timestamps and field names.
pub fn check_shape(m: &Mutation, now: i64) -> Result<(), String> {
    if m.client_time < MIN_CLIENT_TIME_MS || m.client_time > now + 86_400_000 {
        return Err("Waktu perubahan tidak masuk akal. Periksa jam perangkat.".into());
    }
    if m.base_rev < 0 {
        return Err("Revisi dasar tidak valid.".into());
    }
    if let Op::Put { data, changed } = &m.op {
        let Some(obj) = data.as_object() else {
            return Err("Data catatan harus berupa objek.".into());
        };
        if let Some(f) = changed.iter().find(|f| !obj.contains_key(f.as_str())) {
            return Err(format!("Kolom yang diubah tidak ada di data: {f}."));
        }
    }
    Ok(())
}

/// A replay of an applied mutation id: `duplicate` when it is the same user sending the
/// same content again (a lost answer); otherwise refused, so the device never drops a
/// change the server did not store.
fn replay(m: &Mutation, logged: &AppliedMutation, actor: &Actor) -> Outcome {
    if logged.user_id != actor.user_id {
        return Outcome::Rejected {
            code: RejectCode::Invalid,
            reason: "ID perubahan ini sudah dipakai oleh pengguna lain. Kirim ulang: perangkat memberinya ID baru.".into(),
        };
    }
    if logged
        .content_hash
        .as_ref()
        .is_some_and(|h| *h != m.content_hash())
    {
        return Outcome::Rejected {
            code: RejectCode::Invalid,
            reason: "ID perubahan ini sudah dipakai untuk isi yang lain. Kirim ulang: perangkat memberinya ID baru.".into(),
        };
    }
    Outcome::Duplicate { rev: logged.rev }
}

/// Applies one mutation to `store` and says what happened. `authorize` is asked before
/// anything changes, with the record's scope before and after the change.
pub fn apply<S: SyncStore>(
    store: &mut S,
    m: &Mutation,
    actor: &Actor,
    authorize: impl Fn(&Mutation, Option<&StoredRecord>, Scope) -> Result<(), String>,
) -> Outcome {
    if let Some(logged) = store.applied(m.mutation_id) {
        return replay(m, &logged, actor);
    }
    match apply_new(store, m, actor, authorize) {
        Ok(o) | Err(o) => o,
    }
}

fn rejected(code: RejectCode, reason: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        code,
        reason: reason.into(),
    }
}

/// [`apply`] of a mutation the server has not seen; `Err` is an early answer.
fn apply_new<S: SyncStore>(
    store: &mut S,
    m: &Mutation,
    actor: &Actor,
    authorize: impl Fn(&Mutation, Option<&StoredRecord>, Scope) -> Result<(), String>,
) -> Result<Outcome, Outcome> {
    check_shape(m, actor.now).map_err(|r| rejected(RejectCode::Invalid, r))?;
    let current = store.record(m.record_id).cloned();
    let current = current.as_ref();
    check_base(m, current)?;
    // The incoming record as the server reads it: typed, stamped, only known fields.
    let checked = read_incoming(store, m, current, actor)?;
    let touched = touched_fields(m, checked.as_ref(), current);
    // Authorisation judges the mutation as it will be stored (stamped, known fields).
    let incoming_scope = match &checked {
        Some(c) => c.scope,
        None => current.map_or_else(Scope::default, |c| c.scope),
    };
    // Who may do this is settled before anything about the server copy is revealed: an
    // unauthorised edit must not get a conflict carrying data it may not see.
    let judged = as_stored(m, checked.map(|c| c.data), &touched);
    authorize(&judged, current, incoming_scope).map_err(|r| rejected(RejectCode::Forbidden, r))?;
    let incoming = match judged.op {
        Op::Put {
            data: Value::Object(o),
            ..
        } => Some(o),
        _ => None,
    };
    let joins = m.kind.joins() && matches!(m.op, Op::Put { .. });
    if let Some(cur) = current.filter(|c| !joins || c.deleted)
        && clashes(m, cur, &touched, actor)
    {
        return Ok(Outcome::Conflict {
            server: Box::new(cur.envelope(m.record_id)),
        });
    }
    let (data, deleted) = match incoming {
        Some(incoming) => (merge(m, current, incoming, &touched, joins)?, false),
        None => match current {
            Some(c) => (c.data.clone(), true),
            // Deleting what the server never saw: nothing to store or tell anyone.
            None => return Ok(Outcome::Applied { rev: 0 }),
        },
    };
    let value = Value::Object(data);
    let scope = recheck_merged(
        m,
        current,
        &value,
        incoming_scope,
        &touched,
        actor,
        &authorize,
    )?;
    let changed = stamped_fields(m, current, &value, touched, joins);
    let Value::Object(data) = value else {
        unreachable!("built from a map above")
    };
    Ok(save(
        store, m, actor, current, data, deleted, scope, changed,
    ))
}

/// The scope of the merged record `value`, checked again: a merge can make a record
/// that neither side sent (a new record or a delete is exactly what was checked before
/// the merge), and one that moved to another event is authorised again there.
fn recheck_merged(
    m: &Mutation,
    current: Option<&StoredRecord>,
    value: &Value,
    incoming_scope: Scope,
    touched: &[String],
    actor: &Actor,
    authorize: &impl Fn(&Mutation, Option<&StoredRecord>, Scope) -> Result<(), String>,
) -> Result<Scope, Outcome> {
    let scope = if current.is_some() && matches!(m.op, Op::Put { .. }) {
        m.kind
            .check(m.record_id, value, actor.now)
            .map_err(|r| rejected(RejectCode::Invalid, r))?
    } else {
        incoming_scope
    };
    if scope != incoming_scope {
        let moved = as_stored(m, value.as_object().cloned(), touched);
        authorize(&moved, current, scope).map_err(|r| rejected(RejectCode::Forbidden, r))?;
    }
    Ok(scope)
}

/// The record id names a record of this kind, and the base revision is one the server
/// gave.
fn check_base(m: &Mutation, current: Option<&StoredRecord>) -> Result<(), Outcome> {
    if current.is_some_and(|c| c.kind != m.kind) {
        return Err(rejected(
            RejectCode::Invalid,
            "ID catatan sudah dipakai untuk jenis data lain.",
        ));
    }
    if current.is_some_and(|c| m.base_rev > c.rev) || (current.is_none() && m.base_rev > 0) {
        return Err(rejected(
            RejectCode::Invalid,
            "Revisi dasar lebih baru dari data server.",
        ));
    }
    Ok(())
}

/// The incoming record read by its kind's rules (`None` for a delete), and the record it
/// refers to checked as stored.
fn read_incoming<S: SyncStore>(
    store: &S,
    m: &Mutation,
    current: Option<&StoredRecord>,
    actor: &Actor,
) -> Result<Option<crate::record::Checked>, Outcome> {
    let live = current.filter(|c| !c.deleted).map(|c| &c.data);
    let checked = match &m.op {
        Op::Put { data, .. } => m
            .kind
            .accept(m.record_id, data, live, actor)
            .map_err(|r| rejected(RejectCode::Invalid, r))?,
        Op::Delete => return Ok(None),
    };
    if let Some(r) = checked.reference {
        let holds = store.record(r.id).is_some_and(|s| {
            s.kind == r.kind && !s.deleted && s.scope.event_id == Some(r.event_id)
        });
        if !holds {
            return Err(rejected(RejectCode::Invalid, r.message));
        }
    }
    Ok(Some(checked))
}

/// Fields this mutation touches (fields the record type does not know are gone); all of
/// the record's for a delete.
fn touched_fields(
    m: &Mutation,
    checked: Option<&crate::record::Checked>,
    current: Option<&StoredRecord>,
) -> Vec<String> {
    match (&m.op, checked) {
        (Op::Put { changed, .. }, Some(c)) => changed
            .iter()
            .filter(|f| c.data.contains_key(f.as_str()))
            .cloned()
            .collect(),
        _ => current.map_or_else(Vec::new, |c| c.data.keys().cloned().collect()),
    }
}

/// `m` as it will be stored: `data` checked (or a delete), `touched` its changed fields.
fn as_stored(m: &Mutation, data: Option<Map<String, Value>>, touched: &[String]) -> Mutation {
    Mutation {
        mutation_id: m.mutation_id,
        kind: m.kind,
        record_id: m.record_id,
        base_rev: m.base_rev,
        op: match data {
            Some(d) => Op::Put {
                data: Value::Object(d),
                changed: touched.to_vec(),
            },
            None => Op::Delete,
        },
        client_time: m.client_time,
    }
}

/// Did someone else change a field this mutation touches (or delete the record) since
/// its base revision? This device's own later changes never clash.
fn clashes(m: &Mutation, cur: &StoredRecord, touched: &[String], actor: &Actor) -> bool {
    let by_other = |rev: i64, device: Option<Uuid>| {
        rev > m.base_rev && (device.is_none() || device != actor.device_id)
    };
    cur.deleted && by_other(cur.rev, cur.device_id)
        || touched.iter().any(|f| {
            cur.field_revs
                .get(f)
                .is_some_and(|s| by_other(s.rev, s.device))
        })
}

/// The record after `incoming` is applied to `current`: new as it came, joined for kinds
/// that join, else the touched fields over the server's copy.
fn merge(
    m: &Mutation,
    current: Option<&StoredRecord>,
    incoming: Map<String, Value>,
    touched: &[String],
    joins: bool,
) -> Result<Map<String, Value>, Outcome> {
    match current {
        None => Ok(incoming),
        Some(cur) if joins && !cur.deleted => {
            match m
                .kind
                .join(&Value::Object(cur.data.clone()), &Value::Object(incoming))
            {
                Ok(Value::Object(o)) => Ok(o),
                Ok(_) | Err(_) => Err(rejected(RejectCode::Invalid, "Data tidak dapat digabung.")),
            }
        }
        Some(cur) => {
            let mut merged = cur.data.clone();
            for f in touched {
                if let Some(v) = incoming.get(f) {
                    merged.insert(f.clone(), v.clone());
                }
            }
            Ok(merged)
        }
    }
}

/// The fields whose revision moves to this change: what differs after a join, the
/// touched ones of an edit, every field of a new record or a delete.
fn stamped_fields(
    m: &Mutation,
    current: Option<&StoredRecord>,
    value: &Value,
    touched: Vec<String>,
    joins: bool,
) -> Vec<String> {
    match &m.op {
        Op::Put { .. } if joins && current.is_some() => changed_fields(
            current.map(|c| Value::Object(c.data.clone())).as_ref(),
            value,
        ),
        Op::Put { .. } if current.is_some() => touched,
        _ => value
            .as_object()
            .map_or_else(Vec::new, |o| o.keys().cloned().collect()),
    }
}

/// Stores the record at a new revision, with its field stamps and the mutation's log.
#[allow(clippy::too_many_arguments)]
fn save<S: SyncStore>(
    store: &mut S,
    m: &Mutation,
    actor: &Actor,
    current: Option<&StoredRecord>,
    data: Map<String, Value>,
    deleted: bool,
    scope: Scope,
    changed: Vec<String>,
) -> Outcome {
    let mut field_revs = current.map_or_else(BTreeMap::new, |c| c.field_revs.clone());
    let rev = store.next_rev();
    let stamp = FieldStamp {
        rev,
        device: actor.device_id,
    };
    for f in changed {
        field_revs.insert(f, stamp);
    }
    let record = StoredRecord {
        kind: m.kind,
        rev,
        data,
        field_revs,
        deleted,
        scope,
        updated_at: actor.now,
        updated_by: actor.user_id,
        device_id: actor.device_id,
    };
    let log = AppliedMutation {
        rev,
        user_id: actor.user_id,
        content_hash: Some(m.content_hash()),
    };
    store.save(m.record_id, record, (m.mutation_id, log));
    Outcome::Applied { rev }
}

/// Top-level fields whose values differ between two JSON objects (what a device lists in
/// `changed` when it edits a record it had at `base`).
pub fn changed_fields(base: Option<&Value>, now: &Value) -> Vec<String> {
    let empty = Map::new();
    let base = base.and_then(Value::as_object).unwrap_or(&empty);
    let Some(now) = now.as_object() else {
        return Vec::new();
    };
    now.iter()
        .filter(|(k, v)| base.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// An in-memory [`SyncStore`], for tests and benchmarks of the rules.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MemoryStore {
    pub records: BTreeMap<Uuid, StoredRecord>,
    pub applied: BTreeMap<Uuid, AppliedMutation>,
    pub rev: i64,
}

impl SyncStore for MemoryStore {
    fn applied(&self, mutation_id: Uuid) -> Option<AppliedMutation> {
        self.applied.get(&mutation_id).cloned()
    }
    fn record(&self, id: Uuid) -> Option<&StoredRecord> {
        self.records.get(&id)
    }
    fn next_rev(&mut self) -> i64 {
        self.rev += 1;
        self.rev
    }
    fn save(&mut self, id: Uuid, record: StoredRecord, log: (Uuid, AppliedMutation)) {
        self.applied.insert(log.0, log.1);
        self.records.insert(id, record);
    }
}
