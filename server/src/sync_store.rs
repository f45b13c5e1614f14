//! The server side of sync over SQLite: applying a batch of mutations in one transaction
//! (the rules themselves are `reses_domain::sync::apply`), reading changes for a pull,
//! and who may see and change what.
//!
//! A push preloads everything its mutations touch with a handful of statements (JSON
//! array parameters expanded by `json_each`), applies the rules in memory, and writes
//! back in bulk, so a 200-mutation push is a few statements, not hundreds.

use std::collections::{BTreeMap, HashMap, HashSet};

use reses_domain::Role;
use reses_domain::akses::{self, Hak, Lihat, Perubahan};
use reses_domain::sync::{
    Actor, AppliedMutation, FieldStamp, MemoryStore, Mutation, Op, Outcome, RecordEnvelope,
    RecordKind, Scope, StoredRecord, SyncStore, apply,
};
use serde_json::{Map, Value};
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use crate::auth::CurrentUser;
use reses_domain::izin::{KOLOM_SERVER, PermohonanIzin, RiwayatIzin, StatusIzin};
use reses_domain::pengaduan::Pengaduan;

/// What a user may see: everything; every record of some kinds (the staff of one
/// service); or reses master data plus the events in `events` (companions, members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    All,
    Kinds(Vec<RecordKind>),
    Events {
        subject: Option<Uuid>,
        events: HashSet<Uuid>,
        /// Events this user was assigned to once, and when that ended (ms since epoch).
        former: HashMap<Uuid, i64>,
    },
    Nothing,
}

/// What `user` may see, by the domain's policy ([`akses::lihat`]) and, for companions
/// and members, by their assignments as stored.
pub async fn visibility(
    db: impl sqlx::SqliteExecutor<'_>,
    user: &CurrentUser,
) -> sqlx::Result<Visibility> {
    match akses::lihat(user.role()) {
        Lihat::Semua => Ok(Visibility::All),
        Lihat::Jenis(kinds) => Ok(Visibility::Kinds(kinds.to_vec())),
        Lihat::Tidak => Ok(Visibility::Nothing),
        Lihat::Penugasan => {
            let subject = user.profile.subject_id;
            let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
                "select event_id, dicabut_pada from event_access where subject_id = ?",
            )
            .bind(subject.map(|s| s.to_string()))
            .fetch_all(db)
            .await?;
            let mut events = HashSet::new();
            let mut former = HashMap::new();
            for (e, until) in rows {
                let Ok(e) = Uuid::parse_str(&e) else { continue };
                match until {
                    None => {
                        events.insert(e);
                    }
                    Some(t) => {
                        former.insert(e, t);
                    }
                }
            }
            Ok(Visibility::Events {
                subject,
                events,
                former,
            })
        }
    }
}

impl Visibility {
    /// May this user see a record of `kind` with `id` in `scope`?
    pub fn can_see(&self, kind: RecordKind, id: Uuid, scope: Scope) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Kinds(kinds) => kinds.contains(&kind),
            Visibility::Nothing => false,
            Visibility::Events {
                subject, events, ..
            } => akses::terlihat_ditugaskan(
                kind,
                Some(id) == *subject,
                scope.event_id.is_some_and(|e| events.contains(&e)),
            ),
        }
    }
}

fn kinds_json(kinds: &[RecordKind]) -> String {
    Value::Array(
        kinds
            .iter()
            .map(|k| Value::String(k.as_str().into()))
            .collect(),
    )
    .to_string()
}

/// When each closed reses event was closed (server time, ms since epoch).
pub async fn closed_events(db: impl sqlx::SqliteExecutor<'_>) -> sqlx::Result<HashMap<Uuid, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("select event_id, closed_at from event_closed")
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(e, t)| Some((Uuid::parse_str(&e).ok()?, t)))
        .collect())
}

/// How long after an unassignment or a closing a companion's late field records are
/// still accepted (see [`authorize`]).
pub const LATE_WINDOW_MS: i64 = 7 * 24 * 3_600_000;

/// What the server knows about the pushing device, for the late-records rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Server time of the device's last pull, before this push: the last moment the
    /// server could have told it that its assignment ended or the event was closed.
    pub last_pull: Option<i64>,
    /// Server time now.
    pub now: i64,
}

/// The server time of the device's last pull.
pub async fn last_pull(
    db: impl sqlx::SqliteExecutor<'_>,
    device: Option<Uuid>,
) -> sqlx::Result<Option<i64>> {
    let Some(d) = device else { return Ok(None) };
    let t: Option<Option<i64>> =
        sqlx::query_scalar("select last_pull_at from devices where id = ?")
            .bind(d.to_string())
            .fetch_optional(db)
            .await?;
    Ok(t.flatten())
}

/// May `user` make mutation `m`? First the domain's policy ([`akses::hak`]) by role,
/// kind and change; then the rules that depend on content: a permit's (see
/// [`authorize_izin`]), a complaint's ([`authorize_pengaduan`]), and for a companion the
/// assignment and the event's state ([`authorize_assigned`]).
pub fn authorize(
    user: &CurrentUser,
    vis: &Visibility,
    closed: &HashMap<Uuid, i64>,
    evidence: Evidence,
    m: &Mutation,
    current: Option<&StoredRecord>,
    scope: Scope,
) -> Result<(), String> {
    let role = user.role();
    let change = perubahan(m, current);
    match akses::hak(role, m.kind, change) {
        Hak::Tidak => Err(refusal(role, m.kind, change)),
        Hak::Ya => match m.kind {
            RecordKind::Izin => authorize_izin(m, current),
            RecordKind::Pengaduan => authorize_pengaduan(m, current),
            _ => Ok(()),
        },
        Hak::Penugasan => {
            let Visibility::Events { events, former, .. } = vis else {
                return Err(refusal(role, m.kind, change));
            };
            let assigned = Assigned {
                events,
                former,
                closed,
                evidence,
            };
            assigned.authorize(m, current, scope)
        }
    }
}

/// The change a mutation makes, in the policy's terms.
pub fn perubahan(m: &Mutation, current: Option<&StoredRecord>) -> Perubahan {
    match (&m.op, current) {
        (Op::Delete, _) => Perubahan::Hapus,
        (Op::Put { .. }, Some(_)) => Perubahan::Ubah,
        (Op::Put { .. }, None) => Perubahan::Tambah,
    }
}

/// Why the policy refuses `role` the change, in words for the person.
fn refusal(role: Role, kind: RecordKind, change: Perubahan) -> String {
    match kind {
        RecordKind::Izin => format!(
            "Permohonan izin hanya dapat ditulis oleh petugas penerima, bukan {}.",
            role.label()
        ),
        RecordKind::Pengaduan if change == Perubahan::Hapus => {
            "Pengaduan tidak dapat dihapus.".into()
        }
        RecordKind::Pengaduan => format!("Pengaduan tidak dapat dicatat oleh {}.", role.label()),
        _ => format!("{} tidak dapat diubah oleh {}.", kind.label(), role.label()),
    }
}

/// A companion's rights in the field: only records of events assigned to them (before
/// and after the change), and of the event itself only its status; only while the event
/// is open.
///
/// # Late field records
/// A companion's right ends, in server time, when they are unassigned or the event is
/// closed (`closed`; the closing is stamped by the server and only office staff can
/// clear it). A field record (attendance, walk-in, aspiration, documentation) that
/// arrives after that is still accepted when the server's evidence says it was made
/// before: the device pushing it last pulled before the end (so it could not have known),
/// it arrives within [`LATE_WINDOW_MS`] of the end, and it claims a time before the end.
/// Backdating a record alone never qualifies: the device's last pull is the server's
/// own record. Guest-list and event changes are never late; nor is a deletion, nor
/// clearing a closing.
struct Assigned<'a> {
    events: &'a HashSet<Uuid>,
    former: &'a HashMap<Uuid, i64>,
    closed: &'a HashMap<Uuid, i64>,
    evidence: Evidence,
}

impl Assigned<'_> {
    fn authorize(
        &self,
        m: &Mutation,
        current: Option<&StoredRecord>,
        scope: Scope,
    ) -> Result<(), String> {
        self.may_change(m, current, scope)?;
        if let Some(c) = current {
            self.may_change(m, current, c.scope)?;
        }
        if reopens(m, current) {
            return Err("Penutupan kegiatan hanya dapat dibatalkan oleh staf Setwan.".into());
        }
        // Of the event itself, the policy allows the status only.
        match (m.kind, &m.op) {
            (RecordKind::ResesEvent, Op::Put { changed, .. })
                if !changed.iter().all(|f| f == "status") =>
            {
                Err(refusal(Role::Pendamping, m.kind, Perubahan::Ubah))
            }
            _ => Ok(()),
        }
    }

    /// May the companion change a record of the event in `s` now, or late?
    fn may_change(
        &self,
        m: &Mutation,
        current: Option<&StoredRecord>,
        s: Scope,
    ) -> Result<(), String> {
        let not_assigned = || Err("Kegiatan reses ini tidak ditugaskan kepada Anda.".into());
        let Some(e) = s.event_id else {
            return not_assigned();
        };
        let unassigned = if self.events.contains(&e) {
            None
        } else {
            match self.former.get(&e) {
                Some(&t) => Some(t),
                None => return not_assigned(),
            }
        };
        let late_ok = |end: i64| self.late_ok(m, current, end);
        match (unassigned, self.closed.get(&e).copied()) {
            (None, None) => Ok(()),
            (Some(u), c) if late_ok(c.map_or(u, |c| c.min(u))) => Ok(()),
            (None, Some(c)) if late_ok(c) => Ok(()),
            (_, Some(_)) => Err(
                "Kegiatan reses ini sudah ditutup; perubahan sesudah penutupan tidak diterima."
                    .into(),
            ),
            (Some(_), None) => not_assigned(),
        }
    }

    /// Is `m` a field record made before the right ended at `end` (see the type's doc)?
    fn late_ok(&self, m: &Mutation, current: Option<&StoredRecord>, end: i64) -> bool {
        RecordKind::LAPANGAN.contains(&m.kind)
            && matches!(m.op, Op::Put { .. })
            && !reopens(m, current)
            && self.evidence.last_pull.is_some_and(|p| p < end)
            && self.evidence.now - end <= LATE_WINDOW_MS
            && m.client_time <= end
    }
}

/// Does `m` clear (or delete) the closing of an event's documentation?
fn reopens(m: &Mutation, current: Option<&StoredRecord>) -> bool {
    let closed_now = current
        .is_some_and(|c| !c.deleted && c.data.get("ditutup_pada").is_some_and(|v| !v.is_null()));
    if m.kind != RecordKind::DokumentasiReses || !closed_now {
        return false;
    }
    match &m.op {
        Op::Delete => true,
        Op::Put { data, changed } => {
            changed.iter().any(|f| f == "ditutup_pada")
                && data.get("ditutup_pada").is_none_or(Value::is_null)
        }
    }
}

/// Permit applications: written by intake roles, only while a draft or returned for
/// correction, and never in the fields the workflow owns (status, timeline, numbers).
fn authorize_izin(m: &Mutation, current: Option<&StoredRecord>) -> Result<(), String> {
    let status_of = |data: &Map<String, Value>| {
        data.get("status")
            .cloned()
            .and_then(|v| serde_json::from_value::<StatusIzin>(v).ok())
    };
    if let Some(cur) = current {
        let editable = matches!(
            status_of(&cur.data),
            Some(StatusIzin::Draf | StatusIzin::Dikembalikan)
        );
        if !editable && !cur.deleted {
            return Err("Permohonan yang sedang diproses tidak dapat diubah lagi.".into());
        }
    }
    match &m.op {
        Op::Delete => Ok(()),
        Op::Put { data, changed } => {
            if current.is_none() {
                let obj = data.as_object().cloned().unwrap_or_default();
                let fresh = status_of(&obj) == Some(StatusIzin::Draf)
                    && obj
                        .get("riwayat")
                        .is_none_or(|r| r.as_array().is_some_and(Vec::is_empty))
                    && obj.get("nomor_registrasi").is_none_or(Value::is_null)
                    && obj.get("nomor_surat").is_none_or(Value::is_null);
                if !fresh {
                    return Err("Permohonan baru harus berstatus draf tanpa nomor.".into());
                }
            } else if let Some(f) = changed.iter().find(|f| KOLOM_SERVER.contains(&f.as_str())) {
                return Err(format!("Kolom {f} hanya diisi oleh server."));
            }
            Ok(())
        }
    }
}

/// Complaints: logged and followed up by the staff of either service; the timeline only
/// grows and the complaint stays as logged; never deleted.
fn authorize_pengaduan(m: &Mutation, current: Option<&StoredRecord>) -> Result<(), String> {
    match (&m.op, current) {
        (Op::Delete, _) => Err(refusal(
            Role::Admin,
            RecordKind::Pengaduan,
            Perubahan::Hapus,
        )),
        (Op::Put { .. }, None) => Ok(()),
        (Op::Put { data, changed }, Some(cur)) => {
            let old: Pengaduan = serde_json::from_value(Value::Object(cur.data.clone()))
                .map_err(|_| "Pengaduan tersimpan tidak terbaca.".to_string())?;
            // The record as it will be once merged.
            let mut merged = cur.data.clone();
            if let Some(obj) = data.as_object() {
                for f in changed {
                    if let Some(v) = obj.get(f) {
                        merged.insert(f.clone(), v.clone());
                    }
                }
            }
            let new: Pengaduan = serde_json::from_value(Value::Object(merged))
                .map_err(|e| format!("Data pengaduan tidak sesuai format: {e}."))?;
            new.check_change(&old)
        }
    }
}

/// The records and applied mutations a batch touches, loaded up front into the domain's
/// in-memory store, plus the list of writes the rules made.
pub struct BatchStore {
    mem: MemoryStore,
    writes: Vec<(Uuid, Uuid)>,
}

impl SyncStore for BatchStore {
    fn applied(&self, mutation_id: Uuid) -> Option<AppliedMutation> {
        self.mem.applied(mutation_id)
    }
    fn record(&self, id: Uuid) -> Option<&StoredRecord> {
        self.mem.record(id)
    }
    fn next_rev(&mut self) -> i64 {
        self.mem.next_rev()
    }
    fn save(&mut self, id: Uuid, record: StoredRecord, log: (Uuid, AppliedMutation)) {
        let mutation_id = log.0;
        self.mem.save(id, record, log);
        self.writes.push((id, mutation_id));
    }
}

/// The guest an attendance mutation names.
fn referenced_guest(m: &Mutation) -> Option<Uuid> {
    match (&m.kind, &m.op) {
        (RecordKind::Kehadiran, Op::Put { data, .. }) => data
            .get("tamu_id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok()),
        _ => None,
    }
}

fn json_ids<'a>(ids: impl Iterator<Item = &'a Uuid>) -> String {
    Value::Array(ids.map(|i| Value::String(i.to_string())).collect()).to_string()
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: String,
    kind: String,
    rev: i64,
    event_id: Option<String>,
    data: String,
    deleted: bool,
    updated_at: i64,
    updated_by: String,
    device_id: Option<String>,
    field_revs: String,
}

impl RecordRow {
    fn into_stored(self) -> anyhow::Result<(Uuid, StoredRecord)> {
        let kind = RecordKind::parse(&self.kind)
            .ok_or_else(|| anyhow::anyhow!("unknown kind {} in database", self.kind))?;
        let data: Map<String, Value> = serde_json::from_str(&self.data)?;
        let field_revs: BTreeMap<String, FieldStamp> = serde_json::from_str(&self.field_revs)?;
        Ok((
            Uuid::parse_str(&self.id)?,
            StoredRecord {
                kind,
                rev: self.rev,
                data,
                field_revs,
                deleted: self.deleted,
                scope: Scope {
                    event_id: self.event_id.as_deref().map(Uuid::parse_str).transpose()?,
                },
                updated_at: self.updated_at,
                updated_by: Uuid::parse_str(&self.updated_by)?,
                device_id: self.device_id.as_deref().map(Uuid::parse_str).transpose()?,
            },
        ))
    }
}

const RECORD_COLUMNS: &str =
    "id, kind, rev, event_id, data, deleted, updated_at, updated_by, device_id, field_revs";

impl BatchStore {
    pub async fn load(
        tx: &mut Transaction<'_, Sqlite>,
        batch: &[Mutation],
    ) -> anyhow::Result<Self> {
        // The records the batch changes, and the guests its attendance records name
        // (an attendance must name a live guest of its event: the domain checks it).
        let mut ids: Vec<Uuid> = batch.iter().map(|m| m.record_id).collect();
        ids.extend(batch.iter().filter_map(referenced_guest));
        let mut store = Self::load_records(tx, &ids).await?;
        let applied: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
            "select mutation_id, rev, user_id, content_hash from mutations
             where mutation_id in (select value from json_each(?))",
        )
        .bind(json_ids(batch.iter().map(|m| &m.mutation_id)))
        .fetch_all(&mut **tx)
        .await?;
        store.mem.applied = applied
            .into_iter()
            .filter_map(|(id, rev, user, hash)| {
                Some((
                    Uuid::parse_str(&id).ok()?,
                    AppliedMutation {
                        rev,
                        user_id: Uuid::parse_str(&user).ok()?,
                        content_hash: hash,
                    },
                ))
            })
            .collect();
        Ok(store)
    }

    /// The records `ids` (a push adds the mutations it may replay; a change the server
    /// makes itself, [`BatchStore::server_put`], needs only the records).
    pub async fn load_records(
        tx: &mut Transaction<'_, Sqlite>,
        ids: &[Uuid],
    ) -> anyhow::Result<Self> {
        let rows: Vec<RecordRow> = sqlx::query_as(&format!(
            "select {RECORD_COLUMNS} from records where id in (select value from json_each(?))"
        ))
        .bind(json_ids(ids.iter()))
        .fetch_all(&mut **tx)
        .await?;
        let records = rows
            .into_iter()
            .map(RecordRow::into_stored)
            .collect::<anyhow::Result<BTreeMap<_, _>>>()?;
        let rev: i64 = sqlx::query_scalar("select coalesce(max(rev), 0) from records")
            .fetch_one(&mut **tx)
            .await?;
        Ok(Self {
            mem: MemoryStore {
                records,
                applied: BTreeMap::new(),
                rev,
            },
            writes: Vec::new(),
        })
    }

    pub fn record(&self, id: Uuid) -> Option<&StoredRecord> {
        self.mem.records.get(&id)
    }

    /// A change the server makes itself (a workflow step, a number): the fields in
    /// `data` replace the record's, with a new revision stamped on each, so that every
    /// device receives it at its next pull. Logged as a mutation of its own.
    pub fn server_put(&mut self, id: Uuid, data: Map<String, Value>, actor: &Actor) {
        let rev = self.next_rev();
        let Some(mut r) = self.mem.records.get(&id).cloned() else {
            return;
        };
        for (k, v) in data {
            r.field_revs
                .insert(k.clone(), FieldStamp { rev, device: None });
            r.data.insert(k, v);
        }
        r.rev = rev;
        r.updated_at = actor.now;
        r.updated_by = actor.user_id;
        r.device_id = None;
        let log = AppliedMutation {
            rev,
            user_id: actor.user_id,
            content_hash: None,
        };
        self.save(id, r, (Uuid::now_v7(), log));
    }

    /// Gives a registration number to each permit application this batch submitted
    /// (`diajukan`) that has none yet, and opens its timeline: received.
    pub async fn number_permits(
        &mut self,
        tx: &mut Transaction<'_, Sqlite>,
        actor: &Actor,
        role: Role,
    ) -> anyhow::Result<()> {
        let mut ids: Vec<Uuid> = self
            .writes
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| {
                self.mem.records.get(id).is_some_and(|r| {
                    r.kind == RecordKind::Izin
                        && !r.deleted
                        && r.data.get("diajukan") == Some(&Value::Bool(true))
                        && r.data.get("nomor_registrasi").is_none_or(Value::is_null)
                })
            })
            .collect();
        ids.dedup();
        let year = reses_domain::tanggal::Tanggal::from_epoch_ms_wib(actor.now).year;
        for id in ids {
            let urut = next_number(tx, "izin", year).await?;
            let entry = RiwayatIzin {
                waktu: actor.now,
                status: StatusIzin::Diterima,
                oleh: actor.user_id,
                nama: actor.nama.clone(),
                peran: role,
                catatan: "Permohonan diterima dan didaftarkan.".into(),
            };
            let mut data = Map::new();
            data.insert(
                "nomor_registrasi".into(),
                Value::String(reses_domain::izin::nomor_registrasi(year, urut)),
            );
            data.insert("status".into(), serde_json::to_value(StatusIzin::Diterima)?);
            data.insert("riwayat".into(), serde_json::to_value(vec![entry])?);
            self.server_put(id, data, actor);
        }
        Ok(())
    }

    /// Applies the batch in order with the domain rules; returns each outcome.
    pub fn apply_all(
        &mut self,
        batch: &[Mutation],
        actor: &Actor,
        authorize: impl Fn(&Mutation, Option<&StoredRecord>, Scope) -> Result<(), String>,
    ) -> Vec<Outcome> {
        batch
            .iter()
            .map(|m| apply(self, m, actor, &authorize))
            .collect()
    }

    /// Writes what the batch changed: records, the applied-mutation log, and event access.
    pub async fn flush(
        mut self,
        tx: &mut Transaction<'_, Sqlite>,
        actor: &Actor,
    ) -> anyhow::Result<()> {
        if self.writes.is_empty() {
            return Ok(());
        }
        // The last write of each record wins (a batch may change one record twice).
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        let mut events_changed = Vec::new();
        for (id, _) in self.writes.iter().rev() {
            if !seen.insert(*id) {
                continue;
            }
            let r = &self.mem.records[id];
            if r.kind == RecordKind::ResesEvent {
                events_changed.push((*id, r.data.clone(), r.deleted));
            }
            rows.push((
                *id,
                r,
                serde_json::to_string(&r.data)?,
                serde_json::to_string(&r.field_revs)?,
            ));
        }
        // Multi-row inserts with bound values; chunks stay under SQLite's 32,766
        // parameter limit.
        for chunk in rows.chunks(500) {
            let mut q = sqlx::QueryBuilder::<Sqlite>::new(
                "insert into records (id, kind, rev, event_id, data, deleted, updated_at, updated_by, device_id, field_revs) ",
            );
            q.push_values(chunk, |mut b, (id, r, data, field_revs)| {
                b.push_bind(id.to_string())
                    .push_bind(r.kind.as_str())
                    .push_bind(r.rev)
                    .push_bind(r.scope.event_id.map(|e| e.to_string()))
                    .push_bind(data.as_str())
                    .push_bind(r.deleted)
                    .push_bind(r.updated_at)
                    .push_bind(r.updated_by.to_string())
                    .push_bind(r.device_id.map(|d| d.to_string()))
                    .push_bind(field_revs.as_str());
            });
            q.push(
                " on conflict (id) do update set
                kind = excluded.kind, rev = excluded.rev, event_id = excluded.event_id,
                data = excluded.data, deleted = excluded.deleted, updated_at = excluded.updated_at,
                updated_by = excluded.updated_by, device_id = excluded.device_id,
                field_revs = excluded.field_revs",
            );
            q.build().execute(&mut **tx).await?;
        }

        let device = actor.device_id.map(|d| d.to_string());
        for chunk in self.writes.chunks(1000) {
            let mut q = sqlx::QueryBuilder::<Sqlite>::new(
                "insert into mutations (mutation_id, record_id, rev, user_id, device_id, applied_at, content_hash) ",
            );
            q.push_values(chunk, |mut b, (id, mutation)| {
                let log = &self.mem.applied[mutation];
                b.push_bind(mutation.to_string())
                    .push_bind(id.to_string())
                    .push_bind(log.rev)
                    .push_bind(log.user_id.to_string())
                    .push_bind(&device)
                    .push_bind(actor.now)
                    .push_bind(log.content_hash.clone());
            });
            q.build().execute(&mut **tx).await?;
        }
        self.record_side_tables(tx, &seen, actor).await?;

        for (event_id, data, deleted) in events_changed {
            self.refresh_event_access(tx, event_id, &data, deleted, actor.now)
                .await?;
        }
        Ok(())
    }

    /// Keeps the tables derived from written records: which attachments each record
    /// cites, and which events are closed (from their documentation, server-stamped).
    async fn record_side_tables(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        written: &HashSet<Uuid>,
        actor: &Actor,
    ) -> anyhow::Result<()> {
        let citing: Vec<&Uuid> = written
            .iter()
            .filter(|id| RecordKind::CITE_ATTACHMENTS.contains(&self.mem.records[*id].kind))
            .collect();
        let mut refs: Vec<(String, String)> = Vec::new();
        for id in &citing {
            let r = &self.mem.records[*id];
            if !r.deleted {
                refs.extend(
                    r.kind
                        .attachments(&r.data)
                        .into_iter()
                        .map(|sha| (sha, id.to_string())),
                );
            }
        }
        if !citing.is_empty() {
            sqlx::query(
                "delete from attachment_refs where record_id in (select value from json_each(?))",
            )
            .bind(json_ids(citing.into_iter()))
            .execute(&mut **tx)
            .await?;
        }
        for chunk in refs.chunks(1000) {
            let mut q = sqlx::QueryBuilder::<Sqlite>::new(
                "insert or ignore into attachment_refs (sha256, record_id) ",
            );
            q.push_values(chunk, |mut b, (sha, id)| {
                b.push_bind(sha).push_bind(id);
            });
            q.build().execute(&mut **tx).await?;
        }
        for id in written {
            let r = &self.mem.records[id];
            let (RecordKind::DokumentasiReses, Some(event)) = (r.kind, r.scope.event_id) else {
                continue;
            };
            let closed_at = r.data.get("ditutup_pada").and_then(Value::as_i64);
            match closed_at.filter(|_| !r.deleted) {
                Some(t) => {
                    sqlx::query(
                        "insert into event_closed (event_id, closed_at, closed_by) values (?, ?, ?)
                         on conflict (event_id) do nothing",
                    )
                    .bind(event.to_string())
                    .bind(t)
                    .bind(actor.user_id.to_string())
                    .execute(&mut **tx)
                    .await?;
                }
                None => {
                    sqlx::query("delete from event_closed where event_id = ?")
                        .bind(event.to_string())
                        .execute(&mut **tx)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// Rebuilds who may see an event. When that changes, the event's records get new
    /// revisions so that newly assigned users receive them at their next pull.
    async fn refresh_event_access(
        &mut self,
        tx: &mut Transaction<'_, Sqlite>,
        event_id: Uuid,
        data: &Map<String, Value>,
        deleted: bool,
        actor_now: i64,
    ) -> anyhow::Result<()> {
        let mut subjects: Vec<String> = Vec::new();
        if !deleted {
            if let Some(a) = data.get("anggota_id").and_then(Value::as_str) {
                subjects.push(a.to_string());
            }
            if let Some(ps) = data.get("pendamping_ids").and_then(Value::as_array) {
                subjects.extend(ps.iter().filter_map(Value::as_str).map(str::to_string));
            }
        }
        subjects.sort();
        subjects.dedup();
        let before: Vec<String> = sqlx::query_scalar(
            "select subject_id from event_access where event_id = ? and dicabut_pada is null
             order by subject_id",
        )
        .bind(event_id.to_string())
        .fetch_all(&mut **tx)
        .await?;
        if before == subjects {
            return Ok(());
        }
        let now = actor_now;
        sqlx::query(
            "update event_access set dicabut_pada = ?
             where event_id = ? and dicabut_pada is null
               and subject_id not in (select value from json_each(?))",
        )
        .bind(now)
        .bind(event_id.to_string())
        .bind(serde_json::to_string(&subjects)?)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "insert into event_access (event_id, subject_id) select ?, value from json_each(?) where true
             on conflict (event_id, subject_id) do update set dicabut_pada = null",
        )
        .bind(event_id.to_string())
        .bind(serde_json::to_string(&subjects)?)
        .execute(&mut **tx)
        .await?;
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from records where event_id = ? and id != ? order by rev",
        )
        .bind(event_id.to_string())
        .bind(event_id.to_string())
        .fetch_all(&mut **tx)
        .await?;
        for id in ids {
            sqlx::query("update records set rev = ? where id = ?")
                .bind(self.next_rev())
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// One page of changes after `since` that `vis` may see, oldest first, and the cursor to
/// continue from. Runs in one read transaction so the cursor never skips a change.
pub async fn pull(
    db: &crate::db::Db,
    vis: &Visibility,
    since: i64,
    limit: u32,
) -> anyhow::Result<(Vec<RecordEnvelope>, i64, bool)> {
    let mut tx = db.begin_read().await?;
    let head: i64 = sqlx::query_scalar("select coalesce(max(rev), 0) from records")
        .fetch_one(&mut *tx)
        .await?;
    let (filter, subject, events) = match vis {
        Visibility::All => ("1".to_string(), None, "[]".to_string()),
        Visibility::Kinds(kinds) => (
            "kind in (select value from json_each(?3))".to_string(),
            None,
            kinds_json(kinds),
        ),
        Visibility::Nothing => ("0".to_string(), None, "[]".to_string()),
        Visibility::Events {
            subject, events, ..
        } => (
            format!(
                "(kind in (select value from json_each('{}'))
                  or (kind = 'pendamping' and id = ?2)
                  or (kind in (select value from json_each('{}'))
                      and event_id in (select value from json_each(?3))))",
                kinds_json(&RecordKind::REFERENSI),
                kinds_json(&akses::JENIS_EVENT_DITUGASKAN)
            ),
            subject.map(|s| s.to_string()),
            json_ids(events.iter()),
        ),
    };
    let rows: Vec<RecordRow> = sqlx::query_as(&format!(
        "select {RECORD_COLUMNS} from records where rev > ?1 and {filter} order by rev limit ?4"
    ))
    .bind(since)
    .bind(subject)
    .bind(events)
    .bind(i64::from(limit) + 1)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let more = rows.len() > limit as usize;
    let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
    for row in rows.into_iter().take(limit as usize) {
        let (id, rec) = row.into_stored()?;
        changes.push(rec.envelope(id));
    }
    let cursor = if more {
        changes.last().map_or(since, |c| c.rev)
    } else {
        head.max(since)
    };
    Ok((changes, cursor, more))
}

/// One record as `vis` may see it: `Ok(None)` if it does not exist, `Err(())` if it
/// exists but is not this user's to see.
pub async fn get_record(
    db: &crate::db::Db,
    vis: &Visibility,
    kind: RecordKind,
    id: Uuid,
) -> anyhow::Result<Result<Option<RecordEnvelope>, ()>> {
    let row: Option<RecordRow> = sqlx::query_as(&format!(
        "select {RECORD_COLUMNS} from records where id = ? and kind = ?"
    ))
    .bind(id.to_string())
    .bind(kind.as_str())
    .fetch_optional(&db.read)
    .await?;
    let Some(row) = row else { return Ok(Ok(None)) };
    let (id, rec) = row.into_stored()?;
    if !vis.can_see(rec.kind, id, rec.scope) {
        return Ok(Err(()));
    }
    Ok(Ok(Some(rec.envelope(id))))
}

/// The next running number of `jenis` in `year` (inside the caller's transaction).
pub async fn next_number(
    tx: &mut Transaction<'_, Sqlite>,
    jenis: &str,
    year: i32,
) -> anyhow::Result<i64> {
    let n: i64 = sqlx::query_scalar(
        "insert into nomor_urut (jenis, tahun, terakhir) values (?, ?, 1)
         on conflict (jenis, tahun) do update set terakhir = terakhir + 1
         returning terakhir",
    )
    .bind(jenis)
    .bind(year)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n)
}

/// A permit application as stored, for the workflow.
pub fn permohonan(r: &StoredRecord) -> anyhow::Result<PermohonanIzin> {
    Ok(serde_json::from_value(Value::Object(r.data.clone()))?)
}
