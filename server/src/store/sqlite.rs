//! SQLite: one file, WAL mode, `synchronous = FULL` because an acknowledged mutation must
//! survive a power cut (the app drops its outbox entry once the server says "applied").
//!
//! # One writer
//! SQLite allows one writer at a time. A deferred transaction that reads and then writes
//! fails at the upgrade with "database is locked" when another connection wrote in
//! between (WAL mode; `busy_timeout` does not help there), which surfaced as HTTP 500
//! under concurrent sign-ins. So every write goes through a pool of one connection whose
//! transactions begin `IMMEDIATE`: writers queue for that connection (fairly, in arrival
//! order) and never meet a lock, and that queue is also the revision turn. Readers use
//! their own pool and never wait for a writer (WAL).

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Pool, Transaction};

use crate::store::{Result, redact};

pub type Db = sqlx::Sqlite;

// The shared queries, compiled against this backend's types (see `store/mod.rs`).
#[allow(clippy::duplicate_mod)]
#[path = "common.rs"]
mod common;

/// A read pool and the one writer.
#[derive(Debug, Clone)]
pub struct Pools {
    read: Pool<Db>,
    write: Pool<Db>,
}

/// A transaction on SQLite.
pub struct Tx(Transaction<'static, Db>);

/// How long a request may wait for the writer before it is told to retry (503). Pushes
/// take milliseconds, so this is only reached when the machine is badly overloaded.
const WRITER_WAIT: Duration = Duration::from_secs(60);

impl Pools {
    pub async fn connect(url: &str) -> anyhow::Result<Pools> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid DATABASE_URL {}", redact(url)))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Only a checkpoint or another process can still hold the file briefly.
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create database folder {}", dir.display()))?;
        }
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(WRITER_WAIT)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open database {}", redact(url)))?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&write)
            .await
            .context("database migration failed")?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.read_only(true))
            .await
            .with_context(|| format!("cannot open database {}", redact(url)))?;
        Ok(Pools { read, write })
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }

    fn reader(&self) -> &Pool<Db> {
        &self.read
    }

    fn writer(&self) -> &Pool<Db> {
        &self.write
    }

    /// `BEGIN IMMEDIATE` on the one writer connection.
    pub async fn write(&self) -> Result<Tx> {
        Ok(Tx(self.write.begin_with("begin immediate").await?))
    }

    pub async fn read(&self) -> Result<Tx> {
        Ok(Tx(self.read.begin().await?))
    }

    /// The raw pools, for tests and benchmarks that look at the file directly.
    pub fn raw(&self) -> (&Pool<Db>, &Pool<Db>) {
        (&self.read, &self.write)
    }
}

mod dialect {
    use super::Tx;
    use crate::store::{Result, Turn};

    /// `username = $1`, regardless of case: the column is `collate nocase`.
    pub const USERNAME_IS_1: &str = "username = $1";

    /// `column` is one of the JSON array of strings `param` (one parameter for a list).
    pub fn in_list(column: &str, param: &str) -> String {
        format!("{column} in (select value from json_each({param}))")
    }

    pub fn not_in_list(column: &str, param: &str) -> String {
        format!("{column} not in (select value from json_each({param}))")
    }

    /// [`in_list`] around a parameter a query builder binds next, then [`IN_LIST_CLOSE`].
    pub fn in_list_open(column: &str) -> String {
        format!("{column} in (select value from json_each(")
    }

    pub const IN_LIST_CLOSE: &str = "))";

    /// A top-level string field of a JSON column.
    pub fn json_text(column: &str, field: &str) -> String {
        format!("json_extract({column}, '$.{field}')")
    }

    /// Writers already take turns, whatever the turn: one connection, `BEGIN IMMEDIATE`.
    pub async fn begin_revisions(pool: &sqlx::Pool<super::Db>, _: &Turn) -> Result<Tx> {
        Ok(Tx(pool.begin_with("begin immediate").await?))
    }

    /// The revision the next write follows: the highest stored (writers take turns, so
    /// no other transaction can take it meanwhile).
    pub async fn last_revision(tx: &mut Tx) -> Result<i64> {
        Ok(
            sqlx::query_scalar("select coalesce(max(rev), 0) from records")
                .fetch_one(&mut *tx.0)
                .await?,
        )
    }

    /// Nothing to hand back: the next writer reads the highest stored revision.
    pub async fn revisions_used(_: &mut Tx, _: i64) -> Result<()> {
        Ok(())
    }

    /// Nothing to set after a copy (see [`last_revision`]).
    pub async fn revisions_copied(_: &mut Tx) -> Result<()> {
        Ok(())
    }

    /// A pull's snapshot and the highest revision in it (every revision is committed in
    /// order: writers take turns).
    pub async fn begin_pull(pool: &sqlx::Pool<super::Db>) -> Result<(Tx, i64)> {
        let mut tx = Tx(pool.begin().await?);
        let head = last_revision(&mut tx).await?;
        Ok((tx, head))
    }

    /// `synchronous = FULL`: the commit is on disk when it returns.
    pub async fn commit(tx: Tx) -> Result<()> {
        tx.0.commit().await?;
        Ok(())
    }
}
