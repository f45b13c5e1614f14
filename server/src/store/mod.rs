//! The server's storage: every query the server makes lives here, behind typed methods
//! and one error type, [`StoreError`]. Handlers parse, authorise through the domain's
//! rules, call the store and map its errors; they never see SQL.
//!
//! # Two backends, one set of queries
//! [`Store`] is SQLite (the zero-set-up default: one file) or PostgreSQL (several server
//! processes on one database), chosen by the `DATABASE_URL`. The queries are written once,
//! in `common.rs`, in the SQL both engines speak (`$1` parameters, `on conflict`, `is
//! distinct from`, booleans as `true`/`false`, explicit casts); that file is compiled once
//! for each backend (`sqlite.rs`, `postgres.rs`) against that backend's concrete sqlx
//! types, so nothing is type-erased. Where the engines differ (JSON arrays as parameters,
//! JSON fields, case-insensitive usernames, how a writer waits for its turn), each backend
//! module says it its own way in a small `dialect` module.
//!
//! # Revisions a pull never jumps over
//! Every transaction that hands out revisions (a push, a permit step, an import, the demo
//! data) takes the revision turn first: [`Store::push_revisions`] for a push,
//! [`Store::write_revisions`] for the rest, which run alone. On SQLite all writes go
//! through one connection with `BEGIN IMMEDIATE`, so revisions follow commit order and a
//! pull reads up to the highest. On PostgreSQL pushes of different records run side by
//! side, across server processes, and may commit out of revision order; a pull reads up
//! to a horizon below every revision still in flight (`postgres.rs`, "Revisions"). Either
//! way a pull cursor never skips a change committed by another transaction or process.

mod postgres;
mod sqlite;
mod stamps;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use reses_domain::auth::{DeviceSummary, UserSummary};
use reses_domain::sync::{Actor, FieldStamp, Mutation, Op, RecordKind, Scope, StoredRecord};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::sync_store::{BatchStore, Visibility};

/// What can go wrong in the store, in the terms a handler maps to an answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or is overloaded (503: retry later; nothing was
    /// written).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A unique key is already taken (e.g. a username).
    #[error("already exists")]
    Duplicate,
    /// Two transactions waited for each other (PostgreSQL broke the cycle by aborting
    /// this one): nothing was written, and running it again is safe.
    #[error("transaction aborted by a conflict: {0}")]
    Contended(String),
    /// Something stored cannot be read back (a bug or a hand-edited database).
    #[error("stored data unreadable: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut => {
                StoreError::Unavailable("connection pool timed out".into())
            }
            sqlx::Error::PoolClosed => StoreError::Unavailable("connection pool closed".into()),
            sqlx::Error::Io(e) => StoreError::Unavailable(format!("connection lost: {e}")),
            sqlx::Error::Tls(e) => StoreError::Unavailable(format!("connection lost: {e}")),
            sqlx::Error::Database(e) if e.is_unique_violation() => StoreError::Duplicate,
            // Deadlock detected, serialization failure.
            sqlx::Error::Database(e) if e.code().is_some_and(|c| c == "40P01" || c == "40001") => {
                StoreError::Contended(e.message().to_string())
            }
            // PostgreSQL shutting down, restarting or refusing connections (class 57P,
            // 08: connection exceptions).
            sqlx::Error::Database(e)
                if e.code()
                    .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) =>
            {
                StoreError::Unavailable(e.message().to_string())
            }
            e => StoreError::Database(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl From<uuid::Error> for StoreError {
    fn from(e: uuid::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The server's clock (ms since the epoch, UTC). The system clock in production; tests
/// set it, so rules that depend on time (session expiry, the late-records window) can be
/// tested without waiting or editing the database.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> i64 + Send + Sync>);

impl Clock {
    pub fn system() -> Self {
        Clock(Arc::new(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64)
        }))
    }

    /// A clock that reads `time`, which the caller moves.
    pub fn manual(time: Arc<AtomicI64>) -> Self {
        Clock(Arc::new(move || time.load(Ordering::SeqCst)))
    }

    /// The system clock moved forward by `offset` ms, which the caller changes (a test
    /// jumps two weeks ahead while time keeps running).
    pub fn shifted(offset: Arc<AtomicI64>) -> Self {
        let system = Clock::system();
        Clock(Arc::new(move || {
            system.now().saturating_add(offset.load(Ordering::SeqCst))
        }))
    }

    pub fn now(&self) -> i64 {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connection settings that are not in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Most connections this process opens (PostgreSQL; SQLite reads use up to 8 and
    /// writes one).
    pub max_connections: u32,
    /// How long a request waits for a connection before it is told to retry later (503):
    /// while PostgreSQL is unreachable, every request ends this way after this long.
    pub acquire_timeout: std::time::Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_connections: 16,
            acquire_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// A database URL with its password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = rest
        .split_once('/')
        .map_or((rest, None), |(a, t)| (a, Some(t)));
    let authority = match authority.rsplit_once('@') {
        Some((creds, host)) => match creds.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{creds}@{host}"),
        },
        None => authority.to_string(),
    };
    // `?password=` in the query string is a password too.
    let tail = tail.map(|t| match t.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_string(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => t.to_string(),
    });
    match tail {
        Some(t) => format!("{scheme}://{authority}/{t}"),
        None => format!("{scheme}://{authority}"),
    }
}

/// The database: SQLite or PostgreSQL. Cheap to clone (pools).
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(sqlite::Pools),
    Postgres(postgres::Pools),
}

/// A backend's own pool (see [`Store::raw`]).
#[derive(Debug, Clone)]
pub enum RawPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// One transaction: reads see one snapshot; writes are applied together at
/// [`Tx::commit`] or not at all (dropping it rolls back).
pub enum Tx {
    Sqlite(sqlite::Tx),
    Postgres(postgres::Tx),
}

/// Calls the same method on whichever backend `self` is.
macro_rules! on {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {
        match $self {
            Self::Sqlite(b) => b.$method($($arg),*).await,
            Self::Postgres(b) => b.$method($($arg),*).await,
        }
    };
}

impl Store {
    /// Opens (creating an SQLite file if missing) and migrates the database at `url`:
    /// `sqlite://…` or `postgres://…`. Errors are one line and never hold the password.
    pub async fn connect(url: &str, options: PoolOptions) -> anyhow::Result<Store> {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Store::Postgres(
                postgres::Pools::connect(url, options).await?,
            ))
        } else if url.starts_with("sqlite:") {
            Ok(Store::Sqlite(sqlite::Pools::connect(url).await?))
        } else {
            anyhow::bail!(
                "DATABASE_URL {} is neither sqlite://… nor postgres://…",
                redact(url)
            )
        }
    }

    /// The raw pool, for tests and benchmarks that look at the database directly (on
    /// SQLite, the writer).
    pub fn raw(&self) -> RawPool {
        match self {
            Store::Sqlite(p) => RawPool::Sqlite(p.raw().1.clone()),
            Store::Postgres(p) => RawPool::Postgres(p.raw().clone()),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn close(&self) {
        on!(self.close())
    }

    /// A write transaction.
    pub async fn write(&self) -> Result<Tx> {
        match self {
            Store::Sqlite(b) => Ok(Tx::Sqlite(b.write().await?)),
            Store::Postgres(b) => Ok(Tx::Postgres(b.write().await?)),
        }
    }

    /// A write transaction that hands out revisions alone (a permit step, an import, the
    /// demo data): it waits until no other such transaction runs, and none starts before
    /// it ends.
    pub async fn write_revisions(&self) -> Result<Tx> {
        self.begin_revisions(&Turn::Alone).await
    }

    /// The write transaction of a push of `batch`: on PostgreSQL it runs beside pushes
    /// that change other records (see [`Turn`]); on SQLite writers take turns anyway.
    pub async fn push_revisions(&self, batch: &[Mutation]) -> Result<Tx> {
        self.begin_revisions(&push_turn(batch)).await
    }

    async fn begin_revisions(&self, turn: &Turn) -> Result<Tx> {
        match self {
            Store::Sqlite(b) => Ok(Tx::Sqlite(b.write_revisions(turn).await?)),
            Store::Postgres(b) => Ok(Tx::Postgres(b.write_revisions(turn).await?)),
        }
    }

    /// A read-only transaction: one consistent snapshot for several reads.
    pub async fn read(&self) -> Result<Tx> {
        match self {
            Store::Sqlite(b) => Ok(Tx::Sqlite(b.read().await?)),
            Store::Postgres(b) => Ok(Tx::Postgres(b.read().await?)),
        }
    }

    /// Is the database answering?
    pub async fn ping(&self) -> Result<()> {
        on!(self.ping())
    }

    // --- accounts and sessions -------------------------------------------------------

    pub async fn user_by_name(&self, username: &str) -> Result<Option<UserRow>> {
        on!(self.user_by_name(username))
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        on!(self.user_by_id(id))
    }

    /// Is `device` registered to `user` and not revoked?
    pub async fn device_owned(&self, device: Uuid, user: &str) -> Result<bool> {
        on!(self.device_owned(device, user))
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        on!(self.session(token_hash))
    }

    /// Pushes a session's expiry forward and notes the device was seen.
    pub async fn slide_session(
        &self,
        token_hash: &str,
        expires_at: i64,
        device: Option<&str>,
        now: i64,
    ) -> Result<()> {
        on!(self.slide_session(token_hash, expires_at, device, now))
    }

    /// Registers the device (bound to the account that first used its id) and stores a
    /// session. `None` when the account's own device is revoked.
    pub async fn open_session(&self, s: NewSession<'_>) -> Result<Option<Uuid>> {
        on!(self.open_session(s))
    }

    pub async fn end_session(&self, token_hash: &str, now: i64) -> Result<()> {
        on!(self.end_session(token_hash, now))
    }

    pub async fn password_hash(&self, user: Uuid) -> Result<Option<String>> {
        on!(self.password_hash(user))
    }

    /// A new password of one's own: every other session and the offline unlock of every
    /// other device end.
    pub async fn change_password(
        &self,
        user: Uuid,
        hash: &str,
        keep_session: &str,
        keep_device: Option<Uuid>,
        now: i64,
    ) -> Result<()> {
        on!(self.change_password(user, hash, keep_session, keep_device, now))
    }

    /// A new offline-unlock secret for `user` on `device` (an earlier one ends).
    pub async fn issue_offline_key(
        &self,
        user: Uuid,
        device: Uuid,
        key_id: Uuid,
        secret_hash: &str,
        now: i64,
    ) -> Result<()> {
        on!(self.issue_offline_key(user, device, key_id, secret_hash, now))
    }

    pub async fn drop_offline_key(&self, user: Uuid, device: Option<Uuid>, now: i64) -> Result<()> {
        on!(self.drop_offline_key(user, device, now))
    }

    /// A live offline key: `(user_id, device_id, secret_hash, device revoked at)`.
    pub async fn offline_key(&self, key_id: Uuid) -> Result<Option<OfflineKeyRow>> {
        on!(self.offline_key(key_id))
    }

    pub async fn offline_key_used(&self, key_id: Uuid, now: i64) -> Result<()> {
        on!(self.offline_key_used(key_id, now))
    }

    /// A new account. [`StoreError::Duplicate`] when the username is taken.
    pub async fn insert_user(&self, user: &NewUserRow<'_>) -> Result<()> {
        on!(self.insert_user(user))
    }

    pub async fn has_admin(&self) -> Result<bool> {
        on!(self.has_admin())
    }

    pub async fn user_count(&self) -> Result<i64> {
        on!(self.user_count())
    }

    // --- failed sign-ins --------------------------------------------------------------

    /// How long (ms) the longest lock among `keys` still lasts, if any is locked.
    pub async fn locked_for(&self, keys: &[String], now: i64) -> Result<Option<i64>> {
        on!(self.locked_for(keys, now))
    }

    /// Counts one failure on each key (locking it at its threshold) and drops rows that
    /// no longer matter, keeping at most about `cap`. Returns each key's count.
    pub async fn count_failures(
        &self,
        failures: &[Failure<'_>],
        now: i64,
        cap: i64,
    ) -> Result<Vec<i64>> {
        on!(self.count_failures(failures, now, cap))
    }

    pub async fn clear_failures(&self, key: &str) -> Result<()> {
        on!(self.clear_failures(key))
    }

    /// Rows of failure counts kept (the bound is tested).
    pub async fn failure_rows(&self) -> Result<i64> {
        on!(self.failure_rows())
    }

    // --- administration --------------------------------------------------------------

    pub async fn list_users(&self) -> Result<Vec<UserSummary>> {
        on!(self.list_users())
    }

    pub async fn user_role(&self, id: Uuid) -> Result<Option<String>> {
        on!(self.user_role(id))
    }

    /// Is there a live record `id` of `kind`?
    pub async fn record_exists(&self, kind: RecordKind, id: Uuid) -> Result<bool> {
        on!(self.record_exists(kind, id))
    }

    /// The username of an active account other than `except` linked to `subject`.
    pub async fn subject_taken(
        &self,
        subject: Uuid,
        except: Option<Uuid>,
    ) -> Result<Option<String>> {
        on!(self.subject_taken(subject, except))
    }

    pub async fn link_person(&self, user: Uuid, subject: Option<Uuid>) -> Result<()> {
        on!(self.link_person(user, subject))
    }

    /// Sets a password the user must change at the next sign-in and ends their sessions.
    /// `false` when there is no such user.
    pub async fn reset_password(&self, user: Uuid, hash: &str, now: i64) -> Result<bool> {
        on!(self.reset_password(user, hash, now))
    }

    /// Ends every session and offline unlock of `user`.
    pub async fn end_sessions(&self, user: Uuid, now: i64) -> Result<()> {
        on!(self.end_sessions(user, now))
    }

    /// Enables or disables an account (disabling ends its sessions). `false` when there
    /// is no such user.
    pub async fn set_active(&self, user: Uuid, active: bool, now: i64) -> Result<bool> {
        on!(self.set_active(user, active, now))
    }

    pub async fn list_devices(&self, now: i64) -> Result<Vec<DeviceSummary>> {
        on!(self.list_devices(now))
    }

    pub async fn name_device(&self, device: Uuid, name: &str) -> Result<bool> {
        on!(self.name_device(device, name))
    }

    /// Revokes a device and its offline unlocks. `false` when there is no such live
    /// device.
    pub async fn revoke_device(&self, device: Uuid, now: i64) -> Result<bool> {
        on!(self.revoke_device(device, now))
    }

    // --- sync ------------------------------------------------------------------------

    /// The server time of the device's last pull is now.
    pub async fn note_pull(&self, device: Uuid, now: i64) -> Result<()> {
        on!(self.note_pull(device, now))
    }

    /// The assignments of a companion or member: `(event_id, ended at)`.
    pub async fn event_access(&self, subject: Option<Uuid>) -> Result<Vec<(String, Option<i64>)>> {
        on!(self.event_access(subject))
    }

    /// One page of changes after `since` that `vis` may see, oldest first, the cursor to
    /// continue from, and whether there are more.
    pub async fn pull(&self, vis: &Visibility, since: i64, limit: u32) -> Result<Page> {
        on!(self.pull(vis, since, limit))
    }

    /// A record of `kind`, deleted or not.
    pub async fn record(&self, kind: RecordKind, id: Uuid) -> Result<Option<(Uuid, StoredRecord)>> {
        on!(self.record(kind, id))
    }

    /// The JSON of a live record of `kind`.
    pub async fn record_data(&self, kind: RecordKind, id: Uuid) -> Result<Option<String>> {
        on!(self.record_data(kind, id))
    }

    /// The JSON of the live permit with this registration number.
    pub async fn izin_by_number(&self, nomor: &str) -> Result<Option<String>> {
        on!(self.izin_by_number(nomor))
    }

    // --- attachments -----------------------------------------------------------------

    /// Stores an attachment unless it is there already or the uploader's quota would be
    /// exceeded.
    pub async fn put_attachment(&self, a: NewAttachment<'_>) -> Result<Stored> {
        on!(self.put_attachment(a))
    }

    /// `(content_type, created_by)` of an attachment.
    pub async fn attachment_meta(&self, sha: &str) -> Result<Option<(String, String)>> {
        on!(self.attachment_meta(sha))
    }

    /// The live records citing an attachment: `(id, kind, event_id)`.
    pub async fn attachment_citing(
        &self,
        sha: &str,
    ) -> Result<Vec<(String, String, Option<String>)>> {
        on!(self.attachment_citing(sha))
    }

    pub async fn attachment_data(&self, sha: &str) -> Result<Option<Vec<u8>>> {
        on!(self.attachment_data(sha))
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        on!(self.commit())
    }

    /// The assignments of a companion or member, as of this transaction.
    pub async fn event_access(
        &mut self,
        subject: Option<Uuid>,
    ) -> Result<Vec<(String, Option<i64>)>> {
        on!(self.event_access(subject))
    }

    /// When each closed reses event was closed (server time).
    pub async fn closed_events(&mut self) -> Result<HashMap<Uuid, i64>> {
        on!(self.closed_events())
    }

    /// The server time of the device's last pull.
    pub async fn last_pull(&mut self, device: Option<Uuid>) -> Result<Option<i64>> {
        on!(self.last_pull(device))
    }

    /// Everything a batch of mutations touches: the records it changes, the guests its
    /// attendance names, and which of its mutations were applied before. Only in a
    /// [`Store::write_revisions`] transaction.
    pub async fn load_batch(&mut self, batch: &[Mutation]) -> Result<BatchStore> {
        on!(self.load_batch(batch))
    }

    /// The records `ids`, for a change the server makes itself. Only in a
    /// [`Store::write_revisions`] transaction.
    pub async fn load_records(&mut self, ids: &[Uuid]) -> Result<BatchStore> {
        on!(self.load_records(ids))
    }

    /// Writes what the batch changed: records, the mutation log, and the tables derived
    /// from records (event access, attachment citations, closings).
    pub async fn flush(&mut self, batch: BatchStore, actor: &Actor) -> Result<()> {
        on!(self.flush(batch, actor))
    }

    /// The next running number of `jenis` in `year`: never given twice, and given back
    /// if this transaction rolls back.
    pub async fn next_number(&mut self, jenis: &str, year: i32) -> Result<i64> {
        on!(self.next_number(jenis, year))
    }

    /// The JSON of the live records of `kind` in the given events.
    pub async fn live_in_events(
        &mut self,
        kind: RecordKind,
        events: &[Uuid],
    ) -> Result<Vec<String>> {
        on!(self.live_in_events(kind, events))
    }

    /// The JSON of every live record of `kind`.
    pub async fn live_of_kind(&mut self, kind: RecordKind) -> Result<Vec<String>> {
        on!(self.live_of_kind(kind))
    }

    /// The event's deleted records of `kind` with their revisions.
    pub async fn deleted_in_event(
        &mut self,
        kind: RecordKind,
        event: Uuid,
    ) -> Result<Vec<(String, i64)>> {
        on!(self.deleted_in_event(kind, event))
    }

    /// The JSON of a live record of `kind`.
    pub async fn record_data(&mut self, kind: RecordKind, id: Uuid) -> Result<Option<String>> {
        on!(self.record_data(kind, id))
    }

    /// A new account inside this transaction (the demo data).
    pub async fn insert_user(&mut self, user: &NewUserRow<'_>) -> Result<()> {
        on!(self.insert_user(user))
    }

    /// After [`Tx::write_rows`] filled a database: the next revision handed out follows
    /// every copied one.
    pub async fn revisions_copied(&mut self) -> Result<()> {
        on!(self.revisions_copied())
    }

    /// How many rows `table` holds.
    pub async fn count_rows(&mut self, table: &Table) -> Result<i64> {
        on!(self.count_rows(table))
    }

    /// A page of `table`'s rows in key order.
    pub async fn read_rows(&mut self, table: &Table, offset: i64) -> Result<Vec<Vec<Val>>> {
        on!(self.read_rows(table, offset))
    }

    /// Inserts rows into `table` as they are.
    pub async fn write_rows(&mut self, table: &Table, rows: &[Vec<Val>]) -> Result<()> {
        on!(self.write_rows(table, rows))
    }
}

/// A column's type, for copying whole tables between backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Text,
    OptText,
    Int,
    OptInt,
    Int32,
    Bool,
    Bytes,
}

/// One value of a copied row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Text(Option<String>),
    Int(Option<i64>),
    Int32(i32),
    Bool(bool),
    Bytes(Vec<u8>),
}

/// A table as `copy-db` moves it: its columns, and the key its rows are read in order of.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub key: &'static str,
    pub columns: &'static [(&'static str, Col)],
    /// Rows per page: small for tables of large values, so memory stays bounded.
    pub page: i64,
}

/// Every table of the schema, parents before children (foreign keys).
pub const TABLES: [Table; 12] = {
    use Col::*;
    [
        Table {
            name: "users",
            key: "id",
            columns: &[
                ("id", Text),
                ("username", Text),
                ("display_name", Text),
                ("role", Text),
                ("password_hash", Text),
                ("subject_id", OptText),
                ("active", Bool),
                ("created_at", Int),
                ("must_change_password", Bool),
            ],
            page: 1000,
        },
        Table {
            name: "devices",
            key: "id",
            columns: &[
                ("id", Text),
                ("user_id", Text),
                ("user_agent", Text),
                ("created_at", Int),
                ("last_seen", Int),
                ("revoked_at", OptInt),
                ("last_pull_at", OptInt),
                ("name", Text),
            ],
            page: 1000,
        },
        Table {
            name: "sessions",
            key: "token_hash",
            columns: &[
                ("token_hash", Text),
                ("user_id", Text),
                ("device_id", OptText),
                ("created_at", Int),
                ("expires_at", Int),
                ("revoked_at", OptInt),
            ],
            page: 1000,
        },
        Table {
            name: "offline_keys",
            key: "id",
            columns: &[
                ("id", Text),
                ("user_id", Text),
                ("device_id", Text),
                ("secret_hash", Text),
                ("created_at", Int),
                ("last_used_at", OptInt),
                ("revoked_at", OptInt),
            ],
            page: 1000,
        },
        Table {
            name: "records",
            key: "rev",
            columns: &[
                ("id", Text),
                ("kind", Text),
                ("rev", Int),
                ("event_id", OptText),
                ("data", Text),
                ("deleted", Bool),
                ("updated_at", Int),
                ("updated_by", Text),
                ("device_id", OptText),
                ("field_revs", Text),
            ],
            page: 500,
        },
        Table {
            name: "mutations",
            key: "mutation_id",
            columns: &[
                ("mutation_id", Text),
                ("record_id", Text),
                ("rev", Int),
                ("user_id", Text),
                ("device_id", OptText),
                ("applied_at", Int),
                ("content_hash", OptText),
            ],
            page: 1000,
        },
        Table {
            name: "event_access",
            key: "event_id, subject_id",
            columns: &[
                ("event_id", Text),
                ("subject_id", Text),
                ("dicabut_pada", OptInt),
            ],
            page: 1000,
        },
        Table {
            name: "event_closed",
            key: "event_id",
            columns: &[("event_id", Text), ("closed_at", Int), ("closed_by", Text)],
            page: 1000,
        },
        Table {
            name: "attachments",
            key: "sha256",
            columns: &[
                ("sha256", Text),
                ("content_type", Text),
                ("size", Int),
                ("data", Bytes),
                ("created_at", Int),
                ("created_by", Text),
            ],
            // Up to 10 MB each.
            page: 20,
        },
        Table {
            name: "attachment_refs",
            key: "sha256, record_id",
            columns: &[("sha256", Text), ("record_id", Text)],
            page: 1000,
        },
        Table {
            name: "login_failures",
            key: "key",
            columns: &[
                ("key", Text),
                ("failures", Int),
                ("first_at", Int),
                ("locked_until", OptInt),
                ("expires_at", Int),
            ],
            page: 1000,
        },
        Table {
            name: "nomor_urut",
            key: "jenis, tahun",
            columns: &[("jenis", Text), ("tahun", Int32), ("terakhir", Int)],
            page: 1000,
        },
    ]
};

/// An account as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub subject_id: Option<String>,
    pub password_hash: String,
    pub active: bool,
    pub must_change_password: bool,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUserRow<'a> {
    pub id: Uuid,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub subject_id: Option<Uuid>,
    pub must_change_password: bool,
    pub now: i64,
}

/// A session with its account and device.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub subject_id: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub device_id: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub session_revoked: Option<i64>,
    pub device_revoked: Option<i64>,
}

/// One failed sign-in, counted on one key.
#[derive(Debug, Clone, Copy)]
pub struct Failure<'a> {
    pub key: &'a str,
    /// Failures within `window_ms` that lock the key for `lock_ms`.
    pub max: u32,
    pub window_ms: i64,
    pub lock_ms: i64,
}

/// A session being opened.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    pub user_id: &'a str,
    /// The device id the app asked for.
    pub device: Uuid,
    pub user_agent: &'a str,
    pub device_name: &'a str,
    pub token_hash: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

/// A live offline key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfflineKeyRow {
    pub user_id: String,
    pub device_id: String,
    pub secret_hash: String,
    pub device_revoked: Option<i64>,
}

/// An upload.
#[derive(Debug, Clone, Copy)]
pub struct NewAttachment<'a> {
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub data: &'a [u8],
    pub created_by: Uuid,
    pub quota_bytes: u64,
    pub now: i64,
}

/// What became of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    New,
    AlreadyThere,
    OverQuota,
}

/// One page of a pull.
#[derive(Debug, Clone)]
pub struct Page {
    pub changes: Vec<reses_domain::sync::RecordEnvelope>,
    pub cursor: i64,
    pub more: bool,
}

/// A record as its row holds it.
#[derive(Debug, sqlx::FromRow)]
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

const RECORD_COLUMNS: &str =
    "id, kind, rev, event_id, data, deleted, updated_at, updated_by, device_id, field_revs";

impl RecordRow {
    fn into_stored(self) -> Result<(Uuid, StoredRecord)> {
        let kind = RecordKind::parse(&self.kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown kind {}", self.kind)))?;
        let data: Map<String, Value> = serde_json::from_str(&self.data)?;
        let device_id = self.device_id.as_deref().map(Uuid::parse_str).transpose()?;
        let own = FieldStamp {
            rev: self.rev,
            device: device_id,
        };
        let field_revs = stamps::decode(&self.field_revs, own, &data)?;
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
                device_id,
            },
        ))
    }
}

/// A JSON array of strings, the form in which a list is one query parameter.
/// How a revision-handing transaction waits for others (PostgreSQL; on SQLite every
/// writer waits for the one before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Turn {
    /// Alone: no other revision-handing transaction runs meanwhile. For changes that
    /// reach beyond the records they name (new revisions for a whole event when its
    /// assignments change, an import, a permit step).
    Alone,
    /// Beside other pushes, holding the locks of these keys (sorted, deduplicated):
    /// the records the batch changes or reads and its mutation ids, so two pushes that
    /// share a record, or a replayed mutation, still take turns.
    Beside(Vec<i32>),
}

/// The turn a push of `batch` takes: [`Turn::Alone`] when it changes a reses event
/// (whose assignments decide who sees the event's records), else [`Turn::Beside`].
pub fn push_turn(batch: &[Mutation]) -> Turn {
    if batch.iter().any(|m| m.kind == RecordKind::ResesEvent) {
        return Turn::Alone;
    }
    let mut keys: Vec<i32> = batch
        .iter()
        .flat_map(|m| [Some(m.record_id), Some(m.mutation_id), referenced_guest(m)])
        .flatten()
        .map(lock_key)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    Turn::Beside(keys)
}

/// A 32-bit lock key for an id. Version 7 ids begin with a timestamp, so every word is
/// folded in (two ids sharing a key only wait for each other needlessly).
fn lock_key(id: Uuid) -> i32 {
    let v = id.as_u128();
    (v as u32 ^ (v >> 32) as u32 ^ (v >> 64) as u32 ^ (v >> 96) as u32) as i32
}

/// The guest an attendance record names (it must be live: the domain checks it).
fn referenced_guest(m: &Mutation) -> Option<Uuid> {
    match (&m.kind, &m.op) {
        (RecordKind::Kehadiran, Op::Put { data, .. }) => data
            .get("tamu_id")
            .and_then(Value::as_str)
            .and_then(|s| Uuid::parse_str(s).ok()),
        _ => None,
    }
}

fn json_list<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    Value::Array(
        items
            .into_iter()
            .map(|i| Value::String(i.to_string()))
            .collect(),
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_leave_in_a_url() {
        assert_eq!(
            redact("postgres://reses:s3cret@db.local:5432/reses"),
            "postgres://reses:***@db.local:5432/reses"
        );
        assert_eq!(
            redact("postgres://reses@db.local/reses?sslmode=require&password=s3cret"),
            "postgres://reses@db.local/reses?sslmode=require&password=***"
        );
        assert_eq!(redact("postgres://db.local"), "postgres://db.local");
        assert_eq!(redact("sqlite://data/reses.db"), "sqlite://data/reses.db");
        // A password with '@' in it: everything before the last '@' is credentials.
        assert_eq!(redact("postgres://u:p@ss@h/d"), "postgres://u:***@h/d");
    }

    #[test]
    fn a_manual_clock_reads_what_the_test_sets() {
        let t = Arc::new(AtomicI64::new(5));
        let clock = Clock::manual(t.clone());
        assert_eq!(clock.now(), 5);
        t.store(9, Ordering::SeqCst);
        assert_eq!(clock.now(), 9);
        assert!(Clock::system().now() > 1_700_000_000_000);
    }

    fn mutation(kind: RecordKind, record: Uuid, data: Value) -> Mutation {
        Mutation {
            mutation_id: Uuid::now_v7(),
            kind,
            record_id: record,
            base_rev: 0,
            op: Op::Put {
                data,
                changed: vec![],
            },
            client_time: 0,
        }
    }

    #[test]
    fn a_push_locks_its_records_its_mutations_and_the_guests_it_names() {
        let guest = Uuid::now_v7();
        let a = mutation(RecordKind::Tamu, guest, Value::Null);
        let b = mutation(RecordKind::Tamu, guest, Value::Null);
        let attendance = Uuid::now_v7();
        let c = mutation(
            RecordKind::Kehadiran,
            attendance,
            serde_json::json!({ "tamu_id": guest }),
        );
        let Turn::Beside(keys) = push_turn(&[a.clone(), b.clone(), c.clone()]) else {
            panic!("a push of guests runs beside others");
        };
        let mut expected: Vec<i32> = [guest, a.mutation_id, b.mutation_id, attendance]
            .into_iter()
            .chain([c.mutation_id])
            .map(lock_key)
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(keys, expected, "sorted, each once, the guest named once");
        // Ids minted in the same millisecond differ in their random bits only.
        assert_ne!(lock_key(a.mutation_id), lock_key(b.mutation_id));
    }

    #[test]
    fn a_push_that_changes_an_event_runs_alone() {
        let event = mutation(RecordKind::ResesEvent, Uuid::now_v7(), Value::Null);
        let guest = mutation(RecordKind::Tamu, Uuid::now_v7(), Value::Null);
        assert_eq!(push_turn(&[guest, event]), Turn::Alone);
        assert_eq!(push_turn(&[]), Turn::Beside(vec![]));
    }
}
