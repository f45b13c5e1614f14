//! PostgreSQL: one pool per process, several processes on one database.
//!
//! # The revision turn
//! A transaction that hands out revisions first takes a transaction-level advisory lock
//! ([`REVISION_LOCK`]); PostgreSQL releases it only after the commit is visible to
//! others, in every process. So revisions are handed out in commit order and a pull
//! cursor (read in one `REPEATABLE READ` snapshot) never skips a change. Other writes
//! (sessions, devices, accounts) do not wait for it.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, Pool, Transaction};

use crate::store::{PoolOptions, Result, redact};

pub type Db = sqlx::Postgres;

// The shared queries, compiled against this backend's types (see `store/mod.rs`).
#[allow(clippy::duplicate_mod)]
#[path = "common.rs"]
mod common;

/// The key of the advisory lock every revision-handing transaction takes ("reses").
pub const REVISION_LOCK: i64 = 0x7265_7365_7300;

/// The process's pool (reads and writes).
#[derive(Debug, Clone)]
pub struct Pools {
    pool: Pool<Db>,
}

/// A transaction on PostgreSQL.
pub struct Tx(Transaction<'static, Db>);

/// How long the start waits for the server's first answer.
const FIRST_CONNECT: Duration = Duration::from_secs(10);

impl Pools {
    pub async fn connect(url: &str, options: PoolOptions) -> anyhow::Result<Pools> {
        let connect = PgConnectOptions::from_str(url)
            .map_err(|e| {
                anyhow::anyhow!("invalid DATABASE_URL {}: {}", redact(url), first_line(&e))
            })?
            .application_name("reses-server");
        // One attempt first, so a wrong password or an unreachable server is said at
        // once (the pool would retry until its timeout).
        let first = tokio::time::timeout(FIRST_CONNECT, PgConnection::connect_with(&connect))
            .await
            .map_err(|_| {
                anyhow::anyhow!(
                    "cannot connect to {}: no answer within {} s",
                    redact(url),
                    FIRST_CONNECT.as_secs()
                )
            })?
            .map_err(|e| {
                anyhow::anyhow!("cannot connect to {}: {}", redact(url), first_line(&e))
            })?;
        let _ = first.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect)
            .await
            .map_err(|e| {
                anyhow::anyhow!("cannot connect to {}: {}", redact(url), first_line(&e))
            })?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .context("database migration failed")?;
        Ok(Pools { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    fn reader(&self) -> &Pool<Db> {
        &self.pool
    }

    fn writer(&self) -> &Pool<Db> {
        &self.pool
    }

    pub async fn write(&self) -> Result<Tx> {
        Ok(Tx(self.pool.begin().await?))
    }

    /// One snapshot for every statement of the transaction.
    pub async fn read(&self) -> Result<Tx> {
        // One round trip: pulls open one of these each.
        let begin = "begin isolation level repeatable read, read only";
        Ok(Tx(self.pool.begin_with(begin).await?))
    }

    /// The raw pool, for tests and benchmarks.
    pub fn raw(&self) -> &Pool<Db> {
        &self.pool
    }
}

/// An error's message without the lines after the first (sqlx errors can be long).
fn first_line(e: &dyn std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

mod dialect {
    use sqlx::Pool;

    use super::{REVISION_LOCK, Tx};
    use crate::store::Result;

    /// `username = $1`, regardless of case (unique index on `lower(username)`).
    pub const USERNAME_IS_1: &str = "lower(username) = lower($1)";

    /// `column` is one of the JSON array of strings `param`. `= any(array(…))`, not
    /// `in (select …)`: the array is computed once and the column's index is used, where
    /// an `in` subquery is planned as a hash join over the whole table.
    pub fn in_list(column: &str, param: &str) -> String {
        format!("{column} = any(array(select jsonb_array_elements_text({param}::jsonb)))")
    }

    pub fn not_in_list(column: &str, param: &str) -> String {
        format!("{column} <> all(array(select jsonb_array_elements_text({param}::jsonb)))")
    }

    /// [`in_list`] around a parameter a query builder binds next, then [`IN_LIST_CLOSE`].
    pub fn in_list_open(column: &str) -> String {
        format!("{column} = any(array(select jsonb_array_elements_text(")
    }

    pub const IN_LIST_CLOSE: &str = "::jsonb)))";

    /// A top-level string field of a JSON column (stored as text).
    pub fn json_text(column: &str, field: &str) -> String {
        format!("({column}::jsonb ->> '{field}')")
    }

    /// A transaction that first waits until no other transaction, in any process, is
    /// handing out revisions (one round trip: `BEGIN` and the lock together).
    pub async fn begin_revisions(pool: &Pool<super::Db>) -> Result<Tx> {
        let begin = format!("begin; select pg_advisory_xact_lock({REVISION_LOCK})");
        Ok(Tx(pool.begin_with(begin).await?))
    }

    /// A synchronous commit: on disk when it returns.
    pub async fn commit(tx: Tx) -> Result<()> {
        tx.0.commit().await?;
        Ok(())
    }
}
