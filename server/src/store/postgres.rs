//! PostgreSQL: one pool per process, several processes on one database.
//!
//! # Revisions
//! Pushes of different records run side by side, in one process and across processes,
//! so PostgreSQL can commit them together (one WAL flush for several) instead of one
//! after another. What keeps pull cursors exact (see `migrations/postgres/0003`):
//! - a push first takes the revision turn *shared* and the transaction-level advisory
//!   locks of every record and mutation id it touches (in key order: no cycles), and only
//!   then a block of 4096 revisions from the `reses_rev` sequence. So each record's
//!   revisions rise in the order its writes commit, and a replayed mutation waits for the
//!   first copy and then finds it applied;
//! - the transaction is marked "in flight" (a shared advisory lock keyed by the sequence
//!   value it saw before taking its block) until it ends; PostgreSQL releases it only
//!   after the commit is visible to others;
//! - a pull reads only up to the horizon, `reses_rev_horizon()`: below the oldest
//!   in-flight mark, so a revision handed out but not yet committed is never jumped over;
//!   the horizon is read before the pull's snapshot, so everything below it is in it.
//!
//! Changes that reach beyond the records they name (an event's assignments, imports,
//! permit steps, demo data) take the turn *exclusive*: alone, as every write did before.
//! Permit numbers stay gapless through the row lock of their counter. Other writes
//! (sessions, devices, accounts) take no turn.

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

/// The revisions of one block (`increment by` of the `reses_rev` sequence). A push uses
/// at most two per mutation (the change, a permit number).
const BLOCK: i64 = 4096;
const _: () = assert!(2 * reses_domain::sync::MAX_PUSH_MUTATIONS as i64 <= BLOCK);

/// The process's pool (reads and writes).
#[derive(Debug, Clone)]
pub struct Pools {
    pool: Pool<Db>,
}

/// A transaction on PostgreSQL, and the revisions it may hand out.
pub struct Tx(Transaction<'static, Db>, Revs);

/// The revisions a transaction holds: `next ..= end`, taken at its start; none (`next`
/// 0) unless it took the revision turn.
#[derive(Debug, Clone, Copy, Default)]
struct Revs {
    next: i64,
    end: i64,
    alone: bool,
}

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
        Ok(Tx(self.pool.begin().await?, Revs::default()))
    }

    /// One snapshot for every statement of the transaction.
    pub async fn read(&self) -> Result<Tx> {
        // One round trip: pulls open one of these each.
        let begin = "begin isolation level repeatable read, read only";
        Ok(Tx(self.pool.begin_with(begin).await?, Revs::default()))
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

    use super::{BLOCK, Revs, Tx};
    use crate::store::{Result, StoreError, Turn};

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

    /// A transaction holding the revision turn (see the module's documentation) and a
    /// block of revisions.
    pub async fn begin_revisions(pool: &Pool<super::Db>, turn: &Turn) -> Result<Tx> {
        let (alone, keys) = match turn {
            Turn::Alone => (true, &[][..]),
            Turn::Beside(keys) => (false, &keys[..]),
        };
        let mut tx = pool.begin().await?;
        let first: i64 = sqlx::query_scalar("select reses_begin_revisions($1, $2)")
            .bind(alone)
            .bind(keys)
            .fetch_one(&mut *tx)
            .await?;
        let revs = Revs {
            next: first,
            end: first + BLOCK - 1,
            alone,
        };
        Ok(Tx(tx, revs))
    }

    /// The revision the transaction's next write follows.
    pub async fn last_revision(tx: &mut Tx) -> Result<i64> {
        if tx.1.next == 0 {
            return Err(StoreError::Corrupt(
                "revisions asked of a transaction without the revision turn".into(),
            ));
        }
        Ok(tx.1.next - 1)
    }

    /// Records that revisions up to `last` were handed out. A transaction alone may go
    /// past its block (an import): the sequence then moves past them before it commits.
    pub async fn revisions_used(tx: &mut Tx, last: i64) -> Result<()> {
        if last < tx.1.next {
            return Ok(());
        }
        tx.1.next = last + 1;
        if last > tx.1.end {
            if !tx.1.alone {
                return Err(StoreError::Corrupt(format!(
                    "a push used more than {BLOCK} revisions"
                )));
            }
            sqlx::query("select setval('reses_rev', $1)")
                .bind(last)
                .execute(&mut *tx.0)
                .await?;
            tx.1.end = last;
        }
        Ok(())
    }

    /// After rows were copied in: the sequence moves past every stored revision.
    pub async fn revisions_copied(tx: &mut Tx) -> Result<()> {
        sqlx::query(
            "select setval('reses_rev', greatest(coalesce(max(rev), 0),
                 coalesce(pg_sequence_last_value('reses_rev'), 0))) from records",
        )
        .execute(&mut *tx.0)
        .await?;
        Ok(())
    }

    /// The horizon (read first, in its own statement), then a transaction whose next
    /// statement's snapshot holds every revision up to it. One statement reads the
    /// records, so `READ COMMITTED` is enough.
    pub async fn begin_pull(pool: &Pool<super::Db>) -> Result<(Tx, i64)> {
        let mut tx = pool.begin_with("begin read only").await?;
        let head: i64 = sqlx::query_scalar("select reses_rev_horizon()")
            .fetch_one(&mut *tx)
            .await?;
        Ok((Tx(tx, Revs::default()), head))
    }

    /// A synchronous commit: on disk when it returns.
    pub async fn commit(tx: Tx) -> Result<()> {
        tx.0.commit().await?;
        Ok(())
    }
}
