//! The server side of sync: who may see and change what, and a batch of mutations
//! applied in memory by the domain's rules (`reses_domain::sync::apply`).
//!
//! A push preloads everything its mutations touch with a handful of statements
//! ([`crate::store::Tx::load_batch`]), applies the rules here in memory, and the store
//! writes back in bulk ([`crate::store::Tx::flush`]), so a 200-mutation push is a few
//! statements, not hundreds.

use std::collections::{HashMap, HashSet};

use reses_domain::Role;
use reses_domain::akses::{self, Hak, Lihat, Perubahan};
use reses_domain::sync::{
    Actor, AppliedMutation, FieldStamp, MemoryStore, Mutation, Op, Outcome, RecordEnvelope,
    RecordKind, Scope, StoredRecord, SyncStore, apply,
};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::auth::CurrentUser;
use crate::store::{Store, StoreError, Tx};
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
pub async fn visibility(store: &Store, user: &CurrentUser) -> Result<Visibility, StoreError> {
    match akses::lihat(user.role()) {
        Lihat::Penugasan => Ok(assigned(
            user,
            store.event_access(user.profile.subject_id).await?,
        )),
        other => Ok(by_policy(other)),
    }
}

/// [`visibility`] as of the transaction `tx`.
pub async fn visibility_in(tx: &mut Tx, user: &CurrentUser) -> Result<Visibility, StoreError> {
    match akses::lihat(user.role()) {
        Lihat::Penugasan => Ok(assigned(
            user,
            tx.event_access(user.profile.subject_id).await?,
        )),
        other => Ok(by_policy(other)),
    }
}

fn by_policy(lihat: Lihat) -> Visibility {
    match lihat {
        Lihat::Semua => Visibility::All,
        Lihat::Jenis(kinds) => Visibility::Kinds(kinds.to_vec()),
        Lihat::Tidak | Lihat::Penugasan => Visibility::Nothing,
    }
}

/// A companion's or member's visibility from their assignments `(event, ended at)`.
fn assigned(user: &CurrentUser, rows: Vec<(String, Option<i64>)>) -> Visibility {
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
    Visibility::Events {
        subject: user.profile.subject_id,
        events,
        former,
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
    pub(crate) mem: MemoryStore,
    /// `(record, mutation)` in the order the rules wrote them.
    pub(crate) writes: Vec<(Uuid, Uuid)>,
    /// The records that were stored before this batch (the rest are new rows).
    pub(crate) existed: HashSet<Uuid>,
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

impl BatchStore {
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
        tx: &mut Tx,
        actor: &Actor,
        role: Role,
    ) -> Result<(), StoreError> {
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
            let urut = tx.next_number("izin", year).await?;
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

    /// The next revision (a change the server makes to an event's records).
    pub(crate) fn next_rev(&mut self) -> i64 {
        self.mem.next_rev()
    }
}

/// A permit application as stored, for the workflow.
pub fn permohonan(r: &StoredRecord) -> Result<PermohonanIzin, StoreError> {
    Ok(serde_json::from_value(Value::Object(r.data.clone()))?)
}

/// One record as `vis` may see it: `Ok(None)` if it does not exist, `Err(())` if it
/// exists but is not this user's to see.
pub async fn get_record(
    store: &Store,
    vis: &Visibility,
    kind: RecordKind,
    id: Uuid,
) -> Result<Result<Option<RecordEnvelope>, ()>, StoreError> {
    let Some((id, rec)) = store.record(kind, id).await? else {
        return Ok(Ok(None));
    };
    if !vis.can_see(rec.kind, id, rec.scope) {
        return Ok(Err(()));
    }
    Ok(Ok(Some(rec.envelope(id))))
}
