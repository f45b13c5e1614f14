//! The only code that touches IndexedDB. One database per signed-in user (so a second
//! user on the same device never sees the first one's records), one object store per
//! record kind, and the outbox.
//!
//! Every change writes the record **and** its outbox entry in one transaction with
//! strict durability: there is no change without its queued mutation, and a change the
//! app has reported as saved survives a crash or power loss.

mod attachments;
mod model;
pub mod schema;

use reses_domain::sort;
use std::collections::{BTreeMap, HashMap};

pub use attachments::{Attachment, UploadStatus, sha256_hex};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions,
};
pub use model::{LocalRecord, OutboxEntry, OutboxStatus, SyncState, event_id_of};
use reses_domain::sync::{
    Mutation, Op, Outcome, PullResponse, RecordEnvelope, RecordKind, SyncRecord, changed_fields,
};
use serde_json::Value;
use uuid::Uuid;

use schema::{BY_EVENT, BY_RECORD, BY_STATUS, META, OUTBOX};

const CURSOR_KEY: &str = "cursor";

/// Gives the i-th record of a write batch from its current version: its data and
/// whether it is deleted.
type MakeRecord<'a> = dyn FnMut(usize, Option<&LocalRecord>) -> Result<(Value, bool)> + 'a;
const LAST_SYNC_KEY: &str = "last_sync";

/// Why storage failed, in terms the user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The device is out of space for this site.
    Quota,
    /// IndexedDB cannot be used here (private mode, blocked, too old a browser).
    Unavailable(String),
    /// The record breaks its kind's rules (the same the server applies); nothing was
    /// written.
    Invalid(reses_domain::validate::FieldError),
    /// Anything else; the details are for the log.
    Other(String),
}

impl StorageError {
    pub fn message(&self) -> String {
        match self {
            StorageError::Quota => "Penyimpanan perangkat penuh. Perubahan terakhir tidak tersimpan; \
                 data yang sudah tersimpan tetap aman. Sinkronkan lalu kosongkan ruang (hapus berkas \
                 atau aplikasi lain), kemudian coba lagi."
                .into(),
            StorageError::Unavailable(d) => format!(
                "Penyimpanan offline tidak dapat dipakai di peramban ini ({d}). Jangan gunakan mode \
                 penyamaran, dan izinkan penyimpanan situs."
            ),
            StorageError::Invalid(e) => e.message.clone(),
            StorageError::Other(d) => format!("Gagal menyimpan di perangkat: {d}"),
        }
    }
}

impl From<IdbError> for StorageError {
    fn from(e: IdbError) -> Self {
        match &e {
            IdbError::DomException(d) if d.name() == "QuotaExceededError" => StorageError::Quota,
            _ => StorageError::Other(e.to_string()),
        }
    }
}

impl From<OpenDbError> for StorageError {
    fn from(e: OpenDbError) -> Self {
        match e {
            OpenDbError::Base(inner) => inner.into(),
            other => StorageError::Unavailable(other.to_string()),
        }
    }
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// Counts shown on the Sinkronisasi screen, per record kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u32,
    pub conflict: u32,
    pub rejected: u32,
}

/// A handle on one user's database. Cheap to clone (a JS handle).
#[derive(Debug, Clone)]
pub struct Store {
    db: Database,
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The database name for a user: one database per user on a shared device.
pub fn db_name(user_id: &str) -> String {
    format!("reses-{user_id}")
}

impl Store {
    pub async fn open(user_id: &str) -> Result<Store> {
        Self::open_named(&db_name(user_id), schema::VERSION).await
    }

    /// Opens `name` at `version` (tests open older versions to check the upgrade path).
    pub async fn open_named(name: &str, version: u32) -> Result<Store> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_upgrade_needed(move |ev, db| schema::upgrade(&ev, &db, version))
            .await?;
        Ok(Store { db })
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn close(self) {
        self.db.close();
    }

    /// A read-write transaction with strict durability: for changes a person made, which
    /// must survive a crash or power loss once the app says "saved".
    pub(crate) fn write_tx(&self, stores: Vec<&str>) -> Result<Transaction<'_>> {
        self.tx_with(stores, TransactionDurability::Strict)
    }

    /// Relaxed durability: for what the server already has (acknowledgements, pulled
    /// changes). Losing it in a crash only means a replay the server answers `duplicate`,
    /// or a pull done again.
    fn replayable_tx(&self, stores: Vec<&str>) -> Result<Transaction<'_>> {
        self.tx_with(stores, TransactionDurability::Relaxed)
    }

    fn tx_with(
        &self,
        stores: Vec<&str>,
        durability: TransactionDurability,
    ) -> Result<Transaction<'_>> {
        Ok(self
            .db
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .with_options(TransactionOptions::new().with_durability(durability))
            .build()?)
    }

    /// Saves a change made on this device: the record and its outbox entry, in one
    /// strict transaction. Returns the stored record.
    pub async fn save(
        &self,
        kind: RecordKind,
        id: Uuid,
        data: Value,
        deleted: bool,
    ) -> Result<LocalRecord> {
        let mut saved = self.save_many(kind, vec![(id, data, deleted)]).await?;
        Ok(saved.remove(0))
    }

    /// [`Store::save`] of data checked first by its kind's own rules (decoded as the
    /// kind's type and validated, as the server will): what a form of untyped records
    /// (the office's list editor) saves through.
    pub async fn save_checked(
        &self,
        kind: RecordKind,
        id: Uuid,
        data: Value,
    ) -> Result<LocalRecord> {
        crate::lazy::check(kind, id, &data, now_ms() as i64).await?;
        self.save(kind, id, data, false).await
    }

    /// Like [`Store::save`] for many records of one kind, all in one transaction.
    pub async fn save_many(
        &self,
        kind: RecordKind,
        changes: Vec<(Uuid, Value, bool)>,
    ) -> Result<Vec<LocalRecord>> {
        let ids = changes.iter().map(|(id, ..)| *id).collect();
        let mut changes: Vec<Option<(Value, bool)>> = changes
            .into_iter()
            .map(|(_, d, del)| Some((d, del)))
            .collect();
        self.write_batch(kind, ids, &mut |i, _| {
            changes[i]
                .take()
                .ok_or_else(|| StorageError::Other("perubahan ganda".into()))
        })
        .await
    }

    /// Changes one record from what is stored at the moment of writing, in the same
    /// transaction as the write (`change` gets the stored data, `None` if there is none,
    /// and returns the new data): a change made this way never carries fields the
    /// screen read earlier, so it cannot put stale values over other people's.
    pub async fn update(
        &self,
        kind: RecordKind,
        id: Uuid,
        change: impl FnOnce(Option<&Value>) -> Result<Value>,
    ) -> Result<LocalRecord> {
        let mut change = Some(change);
        let mut saved = self
            .write_batch(kind, vec![id], &mut |_, current| {
                let f = change
                    .take()
                    .ok_or_else(|| StorageError::Other("perubahan ganda".into()))?;
                let live = current.filter(|c| !c.deleted).map(|c| &c.data);
                Ok((f(live)?, false))
            })
            .await?;
        Ok(saved.remove(0))
    }

    /// Writes records of `kind` and their outbox entries in one strict transaction;
    /// `make(i, current)` gives the i-th record's new data and whether it is deleted,
    /// from its current version (the latest in this batch, else the stored one).
    async fn write_batch(
        &self,
        kind: RecordKind,
        ids: Vec<Uuid>,
        // `dyn`: one copy of this function in the app, whoever calls it.
        make: &mut MakeRecord<'_>,
    ) -> Result<Vec<LocalRecord>> {
        let tx = self.write_tx(vec![kind.as_str(), OUTBOX])?;
        let records = tx.object_store(kind.as_str())?;
        let outbox = tx.object_store(OUTBOX)?;
        let now = now_ms();
        // Issue every read before awaiting any: IndexedDB pipelines them.
        let keys: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        let reads = keys
            .iter()
            .map(|k| records.get::<LocalRecord, _, _>(k.as_str()).serde())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut superseded = drop_refused(&outbox, &keys).await?;
        let mut current_of: HashMap<String, LocalRecord> = HashMap::new();
        for (key, read) in keys.iter().zip(reads) {
            if let Some(r) = read.await? {
                current_of.insert(key.clone(), r);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for (i, (id, key)) in ids.into_iter().zip(keys).enumerate() {
            // The latest version in this batch, else the stored one.
            let current = current_of.get(&key);
            let (data, deleted) = make(i, current)?;
            let also = superseded.remove(&key).unwrap_or_default();
            let (record, entry) = queued_write(kind, id, current, data, deleted, also, now);
            // Writes are not awaited one by one: a failure aborts the transaction and
            // surfaces at commit, where nothing of it has been applied.
            records.put(&record).serde()?;
            outbox.add(&entry).serde()?;
            current_of.insert(key, record.clone());
            out.push(record);
        }
        drop(outbox);
        drop(records);
        commit(tx).await?;
        Ok(out)
    }

    pub async fn get(&self, kind: RecordKind, id: &str) -> Result<Option<LocalRecord>> {
        let tx = self.db.transaction(kind.as_str()).build()?;
        let store = tx.object_store(kind.as_str())?;
        Ok(store.get(id).serde()?.await?)
    }

    /// Every record of a kind (for small kinds: members, periods, events).
    pub async fn list(&self, kind: RecordKind) -> Result<Vec<LocalRecord>> {
        let tx = self.db.transaction(kind.as_str()).build()?;
        let store = tx.object_store(kind.as_str())?;
        let all = store.get_all::<LocalRecord>().serde()?.await?;
        Ok(all.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// The records of a kind that belong to one reses event.
    pub async fn list_by_event(
        &self,
        kind: RecordKind,
        event_id: &str,
    ) -> Result<Vec<LocalRecord>> {
        let tx = self.db.transaction(kind.as_str()).build()?;
        let store = tx.object_store(kind.as_str())?;
        let index = store.index(BY_EVENT)?;
        let all = index
            .get_all::<LocalRecord>()
            .with_query(event_id)
            .serde()?
            .await?;
        Ok(all.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// How many live records of a kind one reses event has here, and how many of them
    /// wait to be sent, without decoding them into their types.
    pub async fn tally_by_event(&self, kind: RecordKind, event_id: &str) -> Result<Tally> {
        let all = self.list_by_event(kind, event_id).await?;
        let live = all.iter().filter(|r| !r.deleted);
        Ok(Tally {
            live: live.clone().count(),
            unsynced: live.filter(|r| r.sync != SyncState::Synced).count(),
        })
    }

    pub async fn count(&self, kind: RecordKind) -> Result<u32> {
        let tx = self.db.transaction(kind.as_str()).build()?;
        let store = tx.object_store(kind.as_str())?;
        Ok(store.count().await?)
    }

    /// The oldest `limit` entries still waiting to be sent, in the order they were made.
    pub async fn pending(&self, limit: u32) -> Result<Vec<OutboxEntry>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        let index = store.index(BY_STATUS)?;
        let all = index
            .get_all::<OutboxEntry>()
            .with_query("pending")
            .with_limit(limit)
            .serde()?
            .await?;
        Ok(all.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// Like [`Store::pending`], for entries queued after `seq` (read while the batch up
    /// to `seq` is still being sent).
    pub async fn pending_after(&self, seq: f64, limit: u32) -> Result<Vec<OutboxEntry>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        let after = store
            .get_all::<OutboxEntry>()
            .with_query::<f64, _>(indexed_db_futures::KeyRange::LowerBound(seq, true))
            .with_limit(limit)
            .serde()?
            .await?;
        let mut out = Vec::new();
        for e in after {
            let e = e?;
            if e.status == OutboxStatus::Pending {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Every outbox entry (pending, conflicting and refused), oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        let all = store.get_all::<OutboxEntry>().serde()?.await?;
        Ok(all.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    /// How many changes wait, per kind and status.
    pub async fn outbox_counts(&self) -> Result<BTreeMap<RecordKind, OutboxCounts>> {
        let mut out: BTreeMap<RecordKind, OutboxCounts> = BTreeMap::new();
        for e in self.outbox().await? {
            let c = out.entry(e.kind).or_default();
            match e.status {
                OutboxStatus::Pending => c.pending += 1,
                OutboxStatus::Conflict => c.conflict += 1,
                OutboxStatus::Rejected => c.rejected += 1,
            }
        }
        Ok(out)
    }

    /// Number of entries not yet accepted by the server (the badge).
    pub async fn unsent(&self) -> Result<u32> {
        let tx = self.db.transaction(OUTBOX).build()?;
        Ok(tx.object_store(OUTBOX)?.count().await?)
    }

    /// How many records have changes not yet accepted by the server: a record changed
    /// twice offline is one record waiting, as every screen counts it. `entries` is
    /// [`Store::unsent`]'s count, for a quick answer when nothing waits.
    pub async fn unsent_records(&self, entries: u32) -> Result<u32> {
        if entries <= 1 {
            return Ok(entries);
        }
        let tx = self.db.transaction(OUTBOX).build()?;
        let outbox = tx.object_store(OUTBOX)?;
        let index = outbox.index(BY_RECORD)?;
        let mut n = 0;
        let mut cursor = index
            .open_key_cursor()
            .with_direction(indexed_db_futures::cursor::CursorDirection::Nextunique)
            .await?;
        // The first `next_key` reads the key the cursor opened on.
        if let Some(c) = cursor.as_mut() {
            while c.next_key::<wasm_bindgen::JsValue>().await?.is_some() {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Records the server's answers to a push, in one transaction: accepted entries
    /// leave the outbox; conflicts and refusals stay, visible, until a person acts.
    pub async fn settle(&self, sent: &[OutboxEntry], outcomes: &[Outcome]) -> Result<()> {
        let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        names.push(OUTBOX);
        let tx = self.replayable_tx(names)?;
        let outbox = tx.object_store(OUTBOX)?;
        let by_record = outbox.index(BY_RECORD)?;
        let pairs: Vec<_> = sent
            .iter()
            .zip(outcomes)
            .filter(|(e, _)| e.seq.is_some())
            .collect();
        // 1. Read every affected record at once (pipelined).
        let mut stores = HashMap::new();
        for (e, _) in &pairs {
            if !stores.contains_key(e.kind.as_str()) {
                stores.insert(e.kind.as_str(), tx.object_store(e.kind.as_str())?);
            }
        }
        let reads = pairs
            .iter()
            .map(|(e, _)| {
                stores[e.kind.as_str()]
                    .get::<LocalRecord, _, _>(e.record_id.as_str())
                    .serde()
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let mut records: HashMap<String, LocalRecord> = HashMap::new();
        for read in reads {
            if let Some(r) = read.await? {
                records.insert(r.id.clone(), r);
            }
        }
        // 2. Settle each entry; requests run in order, so the counts below see the
        //    deletes made here.
        let mut accepted = Vec::new();
        for (entry, outcome) in &pairs {
            let seq = entry.seq.unwrap_or_default();
            let record = records.get_mut(&entry.record_id);
            match outcome {
                Outcome::Applied { rev } | Outcome::Duplicate { rev } => {
                    outbox.delete(seq).build()?;
                    if let Some(r) = record
                        && *rev > r.rev
                    {
                        r.rev = *rev;
                    }
                    accepted.push(entry.record_id.clone());
                }
                Outcome::Conflict { server } => {
                    let mut e = (*entry).clone();
                    e.status = OutboxStatus::Conflict;
                    e.server = Some((**server).clone());
                    outbox.put(&e).serde()?;
                    if let Some(r) = record {
                        r.sync = SyncState::Conflict;
                    }
                }
                Outcome::Rejected { reason, .. } => {
                    let mut e = (*entry).clone();
                    e.status = OutboxStatus::Rejected;
                    e.error = Some(reason.clone());
                    outbox.put(&e).serde()?;
                    if let Some(r) = record {
                        r.sync = SyncState::Error;
                    }
                }
            }
        }
        // 3. A record is synced once nothing of it waits any more.
        sort::all(&mut accepted);
        accepted.dedup();
        let counts = accepted
            .iter()
            .map(|id| by_record.count().with_query(id.as_str()).primitive())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        for (id, count) in accepted.iter().zip(counts) {
            if count.await? == 0
                && let Some(r) = records.get_mut(id)
            {
                r.sync = SyncState::Synced;
            }
        }
        for r in records.values() {
            stores[r.kind.as_str()].put(r).serde()?;
        }
        drop(stores);
        drop(by_record);
        drop(outbox);
        commit(tx).await?;
        Ok(())
    }

    /// Stores records the server sent outside a pull (its answer to a command), under the
    /// same rule as a pull: a record with unsent local edits keeps them. The pull cursor
    /// and the last-sync time are not touched.
    pub async fn apply_server_records(&self, changes: &[RecordEnvelope]) -> Result<()> {
        let mut names: Vec<&str> = changes.iter().map(|c| c.kind.as_str()).collect();
        sort::all(&mut names);
        names.dedup();
        names.push(OUTBOX);
        let tx = self.replayable_tx(names)?;
        let outbox = tx.object_store(OUTBOX)?;
        let by_record = outbox.index(BY_RECORD)?;
        put_server_records(&tx, &by_record, changes).await?;
        drop(by_record);
        drop(outbox);
        commit(tx).await?;
        Ok(())
    }

    /// Stores a page of pulled changes and the new cursor in one transaction. A record
    /// with changes still in the outbox keeps the device's copy: the server merges it.
    pub async fn apply_pull(&self, page: &PullResponse) -> Result<()> {
        let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        names.extend([OUTBOX, META]);
        let tx = self.replayable_tx(names)?;
        let outbox = tx.object_store(OUTBOX)?;
        let by_record = outbox.index(BY_RECORD)?;
        put_server_records(&tx, &by_record, &page.changes).await?;
        // Events this user no longer sees (a companion unassigned): drop their records,
        // except those with changes still waiting to be sent.
        if let (Some(keep), false) = (&page.kegiatan, page.more) {
            let keep: std::collections::HashSet<String> =
                keep.iter().map(Uuid::to_string).collect();
            for kind in RecordKind::PER_EVENT {
                let store = tx.object_store(kind.as_str())?;
                let all = store
                    .get_all::<LocalRecord>()
                    .serde()?
                    .await?
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                let gone: Vec<&LocalRecord> = all
                    .iter()
                    .filter(|r| r.event_id.as_ref().is_some_and(|e| !keep.contains(e)))
                    .collect();
                let waiting = gone
                    .iter()
                    .map(|r| by_record.count().with_query(r.id.as_str()).primitive())
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                for (r, n) in gone.iter().zip(waiting) {
                    if n.await? == 0 {
                        store.delete(r.id.as_str()).build()?;
                    }
                }
            }
        }
        let meta = tx.object_store(META)?;
        meta.put(page.cursor as f64)
            .with_key(CURSOR_KEY)
            .with_key_type::<String>()
            .serde()?;
        meta.put(now_ms())
            .with_key(LAST_SYNC_KEY)
            .with_key_type::<String>()
            .serde()?;
        drop(meta);
        drop(by_record);
        drop(outbox);
        commit(tx).await?;
        Ok(())
    }

    async fn meta_number(&self, key: &str) -> Result<Option<f64>> {
        let tx = self.db.transaction(META).build()?;
        let meta = tx.object_store(META)?;
        Ok(meta.get(key).serde()?.await?)
    }

    /// The server cursor this device has pulled up to.
    pub async fn cursor(&self) -> Result<i64> {
        Ok(self.meta_number(CURSOR_KEY).await?.unwrap_or(0.0) as i64)
    }

    /// When the last complete sync finished (ms since epoch).
    pub async fn last_sync(&self) -> Result<Option<f64>> {
        self.meta_number(LAST_SYNC_KEY).await
    }

    /// Sends a refused entry again (after the reason was dealt with elsewhere).
    ///
    /// It goes under a new mutation id: a refused change was never stored, and one
    /// refused because its id was already taken (by another user, or for other content)
    /// would be refused again under the old one.
    pub async fn retry(&self, seq: f64) -> Result<()> {
        self.update_entry(seq, |e| {
            e.status = OutboxStatus::Pending;
            e.error = None;
            e.mutation.mutation_id = Uuid::now_v7();
            SyncState::Pending
        })
        .await
    }

    /// Resolves a conflict: keep this device's version (sent again on top of the server
    /// copy) or take the server's (the device's change is dropped).
    pub async fn resolve_conflict(&self, seq: f64, keep_mine: bool) -> Result<()> {
        let entry = self.entry(seq).await?;
        let Some(server) = entry.server.clone() else {
            return Err(StorageError::Other("entri ini bukan konflik".into()));
        };
        let tx = self.write_tx(vec![entry.kind.as_str(), OUTBOX])?;
        let records = tx.object_store(entry.kind.as_str())?;
        let outbox = tx.object_store(OUTBOX)?;
        outbox.delete(seq).await?;
        if keep_mine {
            let mut again = entry.clone();
            again.seq = None;
            again.status = OutboxStatus::Pending;
            again.server = None;
            again.mutation.mutation_id = Uuid::now_v7();
            again.mutation.base_rev = server.rev;
            again.mutation.client_time = now_ms() as i64;
            outbox.add(&again).serde()?;
            let record: Option<LocalRecord> =
                records.get(entry.record_id.as_str()).serde()?.await?;
            if let Some(mut r) = record {
                r.rev = server.rev;
                r.sync = SyncState::Pending;
                records.put(&r).serde()?;
            }
        } else {
            records.put(&LocalRecord::from_server(&server)).serde()?;
        }
        drop(outbox);
        drop(records);
        commit(tx).await?;
        Ok(())
    }

    async fn entry(&self, seq: f64) -> Result<OutboxEntry> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let found: Option<OutboxEntry> = tx.object_store(OUTBOX)?.get(seq).serde()?.await?;
        found.ok_or_else(|| StorageError::Other("entri antrean tidak ditemukan".into()))
    }

    async fn update_entry(
        &self,
        seq: f64,
        change: impl FnOnce(&mut OutboxEntry) -> SyncState,
    ) -> Result<()> {
        let entry = self.entry(seq).await?;
        let tx = self.write_tx(vec![entry.kind.as_str(), OUTBOX])?;
        let records = tx.object_store(entry.kind.as_str())?;
        let outbox = tx.object_store(OUTBOX)?;
        let record: Option<LocalRecord> = records.get(entry.record_id.as_str()).serde()?.await?;
        let mut e = entry.clone();
        let state = change(&mut e);
        if let Some(mut r) = record {
            r.sync = state;
            records.put(&r).serde()?;
        }
        outbox.put(&e).serde()?;
        drop(outbox);
        drop(records);
        commit(tx).await?;
        Ok(())
    }
}

/// Puts records the server sent into their stores within `tx`, except those with unsent
/// local edits (`by_record`: the outbox's index by record): those win until the server
/// has merged them.
async fn put_server_records(
    tx: &Transaction<'_>,
    by_record: &indexed_db_futures::index::Index<'_>,
    changes: &[RecordEnvelope],
) -> Result<()> {
    let ids: Vec<String> = changes.iter().map(|c| c.id.to_string()).collect();
    let counts = ids
        .iter()
        .map(|id| by_record.count().with_query(id.as_str()).primitive())
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut stores = HashMap::new();
    for (change, count) in changes.iter().zip(counts) {
        if count.await? > 0 {
            continue;
        }
        if !stores.contains_key(change.kind.as_str()) {
            stores.insert(change.kind.as_str(), tx.object_store(change.kind.as_str())?);
        }
        stores[change.kind.as_str()]
            .put(&LocalRecord::from_server(change))
            .serde()?;
    }
    Ok(())
}

/// The channel on which every tab (and this one) hears that a write was committed.
pub const CHANNEL: &str = "reses-perubahan";

/// Tells every tab of this app that the device's data changed (after a commit), so
/// counters update on the change instead of on a timer.
fn tell_changed() {
    if let Ok(c) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = c.post_message(&wasm_bindgen::JsValue::NULL);
        c.close();
    }
}

/// Commits `tx`. An aborted commit reports only "aborted"; the reason (e.g. the quota)
/// is on the underlying `IDBTransaction`, so look there to say the right thing.
pub(crate) async fn commit(tx: Transaction<'_>) -> Result<()> {
    use indexed_db_futures::error::UnexpectedDataError;
    use indexed_db_futures::internals::SystemRepr;
    use wasm_bindgen::JsCast;
    let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
    match tx.commit().await {
        Ok(()) => {
            tell_changed();
            Ok(())
        }
        Err(IdbError::MissingData(UnexpectedDataError::TransactionAborted)) => {
            match raw.error().map(|e| e.name()) {
                Some(name) if name == "QuotaExceededError" => Err(StorageError::Quota),
                Some(name) => Err(StorageError::Other(format!(
                    "transaksi dibatalkan ({name})"
                ))),
                None => Err(StorageError::Other("transaksi dibatalkan".into())),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A record of type `T` as stored on this device.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored<T> {
    pub value: T,
    pub rev: i64,
    pub sync: SyncState,
    pub deleted: bool,
}

/// Live records of a kind in one event, and how many wait to be sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub live: usize,
    pub unsynced: usize,
}

/// A typed repository over one record kind (`store.repo::<Tamu>()`).
#[derive(Debug, Clone)]
pub struct Repo<T> {
    store: Store,
    _kind: std::marker::PhantomData<T>,
}

/// Drops the refused outbox entries of the records `keys` (a new save supersedes them)
/// and gives, per record, the fields they changed: those travel with the new mutation,
/// whose data has their values.
async fn drop_refused(
    outbox: &indexed_db_futures::object_store::ObjectStore<'_>,
    keys: &[String],
) -> Result<HashMap<String, Vec<String>>> {
    let mut superseded: HashMap<String, Vec<String>> = HashMap::new();
    // Refused entries are rare: look for them per record only when there are any.
    let refused: u32 = outbox
        .index(BY_STATUS)?
        .count()
        .with_query("rejected")
        .await?;
    if refused == 0 {
        return Ok(superseded);
    }
    let by_record = outbox.index(BY_RECORD)?;
    let queued = keys
        .iter()
        .map(|k| {
            by_record
                .get_all::<RefusedProbe>()
                .with_query(k.as_str())
                .serde()
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    for (key, entries) in keys.iter().zip(queued) {
        for e in entries.await? {
            let e = e?;
            if e.status != OutboxStatus::Rejected || e.mutation.op.kind != "put" {
                continue;
            }
            if let Some(seq) = e.seq {
                outbox.delete(seq).build()?;
                superseded
                    .entry(key.clone())
                    .or_default()
                    .extend(e.mutation.op.changed);
            }
        }
    }
    Ok(superseded)
}

/// What [`drop_refused`] reads of an [`OutboxEntry`]: its key, its status and the fields
/// a put changed. A save runs in the first chunk; decoding whole entries (the mutation's
/// data, the server's copy) would bring that decoder into it for these three values.
#[derive(serde::Deserialize)]
struct RefusedProbe {
    seq: Option<f64>,
    status: OutboxStatus,
    mutation: RefusedMutation,
}

#[derive(serde::Deserialize)]
struct RefusedMutation {
    op: RefusedOp,
}

/// [`Op`] as stored: `{"type": "put", "data": …, "changed": […]}` or `{"type": "delete"}`.
#[derive(serde::Deserialize)]
struct RefusedOp {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    changed: Vec<String>,
}

/// The record and its outbox entry for one save over `current`: its mutation names
/// the fields that changed, and the fields of the refused entries it supersedes
/// (`also`) that the new data still has.
fn queued_write(
    kind: RecordKind,
    id: Uuid,
    current: Option<&LocalRecord>,
    data: Value,
    deleted: bool,
    also: Vec<String>,
    now: f64,
) -> (LocalRecord, OutboxEntry) {
    let key = id.to_string();
    let base_rev = current.map_or(0, |c| c.rev);
    let op = if deleted {
        Op::Delete
    } else {
        let base = current.filter(|c| c.rev > 0).map(|c| &c.data);
        let mut changed = changed_fields(base, &data);
        for f in also {
            if !changed.contains(&f) && data.get(&f).is_some() {
                changed.push(f);
            }
        }
        Op::Put {
            changed,
            data: data.clone(),
        }
    };
    let record = LocalRecord {
        event_id: event_id_of(kind, &key, &data),
        id: key.clone(),
        kind,
        rev: base_rev,
        data,
        deleted,
        updated_at: now,
        sync: SyncState::Pending,
    };
    let entry = OutboxEntry {
        seq: None,
        record_id: key,
        kind,
        status: OutboxStatus::Pending,
        mutation: Mutation {
            mutation_id: Uuid::now_v7(),
            kind,
            record_id: id,
            base_rev,
            op,
            client_time: now as i64,
        },
        error: None,
        server: None,
        created_at: now,
    };
    (record, entry)
}

fn decode<T: SyncRecord>(r: LocalRecord) -> Result<Stored<T>> {
    let value = reses_domain::json::dari(r.data)
        .map_err(|e| StorageError::Other(format!("{} tersimpan rusak: {e}", T::KIND.label())))?;
    Ok(Stored {
        value,
        rev: r.rev,
        sync: r.sync,
        deleted: r.deleted,
    })
}

impl<T: SyncRecord> Repo<T> {
    pub async fn get(&self, id: Uuid) -> Result<Option<Stored<T>>> {
        self.store
            .get(T::KIND, &id.to_string())
            .await?
            .map(decode)
            .transpose()
    }

    /// Every record of this kind, deleted ones left out.
    pub async fn list(&self) -> Result<Vec<Stored<T>>> {
        let all = self.store.list(T::KIND).await?;
        all.into_iter().filter(|r| !r.deleted).map(decode).collect()
    }

    /// The records of one reses event (guests, and later attendance and aspirations).
    pub async fn list_by_event(&self, event_id: Uuid) -> Result<Vec<Stored<T>>> {
        let all = self
            .store
            .list_by_event(T::KIND, &event_id.to_string())
            .await?;
        all.into_iter().filter(|r| !r.deleted).map(decode).collect()
    }

    /// Saves a change: the record and its outbox entry in one transaction.
    pub async fn save(&self, value: &T) -> Result<Stored<T>> {
        let data = serde_json::to_value(value).map_err(|e| StorageError::Other(e.to_string()))?;
        decode(self.store.save(T::KIND, value.id(), data, false).await?)
    }

    /// Changes the record `id` as stored at the moment of writing (or `init()` when
    /// there is none), in the write's own transaction: see [`Store::update`].
    pub async fn update(
        &self,
        id: Uuid,
        init: impl FnOnce() -> T,
        change: impl FnOnce(&mut T),
    ) -> Result<Stored<T>> {
        let saved = self
            .store
            .update(T::KIND, id, |current| {
                let mut value: T = match current {
                    // From an owned value, as `decode` does: one decoder per type.
                    Some(v) => reses_domain::json::dari(v.clone()).map_err(|e| {
                        StorageError::Other(format!("{} tersimpan rusak: {e}", T::KIND.label()))
                    })?,
                    None => init(),
                };
                change(&mut value);
                serde_json::to_value(&value).map_err(|e| StorageError::Other(e.to_string()))
            })
            .await?;
        decode(saved)
    }

    /// Soft-deletes: kept (marked deleted) until the server has it.
    pub async fn delete(&self, value: &T) -> Result<()> {
        let data = serde_json::to_value(value).map_err(|e| StorageError::Other(e.to_string()))?;
        self.store
            .save(T::KIND, value.id(), data, true)
            .await
            .map(|_| ())
    }
}

impl Store {
    pub fn repo<T: SyncRecord>(&self) -> Repo<T> {
        Repo {
            store: self.clone(),
            _kind: std::marker::PhantomData,
        }
    }
}

/// Asks the browser to keep this site's data under storage pressure; true if granted.
pub async fn request_persistence() -> bool {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return false;
    };
    let Ok(promise) = storage.persist() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `(used bytes, quota bytes)` from `navigator.storage.estimate()`.
pub async fn estimate() -> Option<(f64, f64)> {
    let storage = web_sys::window()?.navigator().storage();
    let v = wasm_bindgen_futures::JsFuture::from(storage.estimate().ok()?)
        .await
        .ok()?;
    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).ok()?.as_f64();
    Some((get("usage")?, get("quota")?))
}
