//! Database connection and migrations. SQLite by default: one file, WAL mode,
//! `synchronous = FULL` because an acknowledged mutation must survive a power cut (the
//! app drops its outbox entry once the server says "applied").
//!
//! # One writer
//! SQLite allows one writer at a time. A deferred transaction that reads and then writes
//! fails at the upgrade with "database is locked" when another connection wrote in
//! between (WAL mode; `busy_timeout` does not help there), which surfaced as HTTP 500
//! under concurrent sign-ins. So every write goes through [`Db::write`], a pool of one
//! connection whose transactions begin `IMMEDIATE`: writers queue for that connection
//! (fairly, in arrival order) and never meet a lock; readers use [`Db::read`] and never
//! wait for a writer (WAL).

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// The server's database: a read pool and the one writer.
#[derive(Debug, Clone)]
pub struct Db {
    /// Reads only. Several connections; in WAL mode they never wait for the writer.
    pub read: SqlitePool,
    /// Every write: one connection, so writes queue here instead of failing on a lock.
    pub write: SqlitePool,
}

/// How long a request may wait for the writer before it is told to retry (503). Pushes
/// take milliseconds, so this is only reached when the machine is badly overloaded.
const WRITER_WAIT: Duration = Duration::from_secs(60);

impl Db {
    /// A write transaction (`BEGIN IMMEDIATE` on the one writer connection).
    pub async fn begin_write(&self) -> sqlx::Result<Transaction<'static, Sqlite>> {
        self.write.begin_with("begin immediate").await
    }

    /// A read transaction: one consistent snapshot for several statements.
    pub async fn begin_read(&self) -> sqlx::Result<Transaction<'static, Sqlite>> {
        self.read.begin().await
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

pub async fn connect(url: &str) -> anyhow::Result<Db> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!("PostgreSQL is not supported by this build yet; use a sqlite:// DATABASE_URL");
    }
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid DATABASE_URL {url:?}"))?
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
        .with_context(|| format!("cannot open database {url:?}"))?;
    sqlx::migrate!("./migrations")
        .run(&write)
        .await
        .context("database migration failed")?;
    let read = SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options.read_only(true))
        .await
        .with_context(|| format!("cannot open database {url:?}"))?;
    Ok(Db { read, write })
}
