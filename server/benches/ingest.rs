//! Server ingest benchmark (`make bench`): pushes of 200 mutations through the real HTTP
//! API into an SQLite file, against the same rows inserted with plain batched SQLite
//! transactions (same schema, WAL, synchronous=FULL) as the reference: once with one
//! insert per row (the reference of the ratio), and once with multi-row inserts (a
//! stricter ratio, reported beside it), interleaved in rounds. Prints one JSON
//! object of metrics; bench/run.mjs puts it in target/bench/results.json.

use std::time::Instant;

use reses_domain::sync::{Mutation, Op, PushResponse};
use reses_server::store::{PoolOptions, RawPool, Store};
use reses_server::{AppState, demo};
use serde_json::json;
use uuid::Uuid;

mod shared;
use shared::guest;

const BATCH: usize = 200;

fn sqlite_pool(store: &Store) -> sqlx::SqlitePool {
    match store.raw() {
        RawPool::Sqlite(p) => p,
        RawPool::Postgres(_) => unreachable!("an sqlite:// URL"),
    }
}
const PUSHES: usize = 100; // 20,000 mutations
const ROUND: usize = 10;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = Store::connect(
        &format!("sqlite://{}", dir.path().join("ingest.db").display()),
        PoolOptions::default(),
    )
    .await?;
    demo::load_if_empty(&db).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let dist = dir.path().join("dist");
    let state = AppState::new(db.clone(), reses_server::ServerConfig::default());
    tokio::spawn(async move {
        reses_server::serve(listener, state, &dist, std::future::pending()).await
    });

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "staf", "password": demo::DEMO_PASSWORD, "device_id": Uuid::now_v7()}))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "login failed");
    let event = Uuid::now_v7();
    let bodies: Vec<(Vec<Mutation>, String)> = (0..PUSHES)
        .map(|p| {
            let ms: Vec<Mutation> = (0..BATCH).map(|i| guest(event, p * BATCH + i)).collect();
            let body = serde_json::to_string(&json!({ "mutations": ms })).unwrap();
            (ms, body)
        })
        .collect();

    // Warm-up push (connection, statement cache), not counted.
    let warm: Vec<Mutation> = (0..BATCH).map(|i| guest(event, 1_000_000 + i)).collect();
    client
        .post(format!("{base}/api/sync/push"))
        .json(&json!({"mutations": warm}))
        .send()
        .await?;

    // The three measurements run interleaved, a round of 10 batches each at a time, so a
    // slow moment of the machine (a busy neighbour, the page cache flushing) falls on all
    // of them alike and the ratios compare like with like.
    let raw = Store::connect(
        &format!("sqlite://{}", dir.path().join("raw.db").display()),
        PoolOptions::default(),
    )
    .await?;
    let raw2 = Store::connect(
        &format!("sqlite://{}", dir.path().join("raw2.db").display()),
        PoolOptions::default(),
    )
    .await?;
    let user = Uuid::now_v7().to_string();
    let (mut api_secs, mut per_row_secs, mut multirow_secs) = (0.0, 0.0, 0.0);
    let mut rev = 0i64;
    for round in bodies.chunks(ROUND) {
        let start = Instant::now();
        for (_, body) in round {
            let res = client
                .post(format!("{base}/api/sync/push"))
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await?;
            let out: PushResponse = res.json().await?;
            anyhow::ensure!(
                out.results.iter().all(|r| r.outcome.is_settled()),
                "push refused"
            );
        }
        api_secs += start.elapsed().as_secs_f64();

        // Reference 1: the same rows, plain batched transactions, one insert per row.
        let start = Instant::now();
        let mut r = rev;
        for (ms, _) in round {
            let mut tx = sqlite_pool(&raw).begin_with("begin immediate").await?;
            for m in ms {
                r += 1;
                let Op::Put { data, .. } = &m.op else {
                    unreachable!()
                };
                sqlx::query(
                    "insert into records (id, kind, rev, event_id, data, updated_at, updated_by)
                     values (?, 'tamu', ?, ?, ?, ?, ?)",
                )
                .bind(m.record_id.to_string())
                .bind(r)
                .bind(event.to_string())
                .bind(data.to_string())
                .bind(m.client_time)
                .bind(&user)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "insert into mutations (mutation_id, record_id, rev, user_id, applied_at)
                     values (?, ?, ?, ?, ?) on conflict do nothing",
                )
                .bind(m.mutation_id.to_string())
                .bind(m.record_id.to_string())
                .bind(r)
                .bind(&user)
                .bind(m.client_time)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
        }
        per_row_secs += start.elapsed().as_secs_f64();

        // Reference 2 (used for the ratio): the same rows with multi-row inserts, one
        // transaction per 200, no HTTP, no validation: the fastest plain SQLite we know.
        let start = Instant::now();
        for (ms, _) in round {
            let mut tx = sqlite_pool(&raw2).begin_with("begin immediate").await?;
            let rows: Vec<(i64, &Mutation, String)> = ms
                .iter()
                .map(|m| {
                    rev += 1;
                    let Op::Put { data, .. } = &m.op else {
                        unreachable!()
                    };
                    (rev, m, data.to_string())
                })
                .collect();
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "insert into records (id, kind, rev, event_id, data, updated_at, updated_by) ",
            );
            q.push_values(&rows, |mut b, (rev, m, data)| {
                b.push_bind(m.record_id.to_string())
                    .push_bind("tamu")
                    .push_bind(*rev)
                    .push_bind(event.to_string())
                    .push_bind(data.as_str())
                    .push_bind(m.client_time)
                    .push_bind(&user);
            });
            q.build().execute(&mut *tx).await?;
            let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
                "insert into mutations (mutation_id, record_id, rev, user_id, applied_at) ",
            );
            q.push_values(&rows, |mut b, (rev, m, _)| {
                b.push_bind(m.mutation_id.to_string())
                    .push_bind(m.record_id.to_string())
                    .push_bind(*rev)
                    .push_bind(&user)
                    .push_bind(m.client_time);
            });
            q.build().execute(&mut *tx).await?;
            tx.commit().await?;
        }
        multirow_secs += start.elapsed().as_secs_f64();
    }
    let total = (PUSHES * BATCH) as f64;
    let api_rate = total / api_secs;
    let per_row_rate = total / per_row_secs;
    let raw_rate = total / multirow_secs;

    println!(
        "{}",
        json!({
            "server_ingest_mutations_per_s": {"value": api_rate.round(), "unit": "mut/s", "target": ">= 20000"},
            // The reference: plain batched transactions, one insert per row.
            "server_ingest_vs_raw_sqlite_ratio": {"value": (api_rate / per_row_rate * 100.0).round() / 100.0, "unit": "x", "target": ">= 0.3"},
            // A stricter reference: hand-written multi-row inserts, no HTTP or validation.
            "server_ingest_vs_multirow_sqlite_ratio": {"value": (api_rate / raw_rate * 100.0).round() / 100.0, "unit": "x"},
            "raw_sqlite_multirow_rows_per_s": {"value": raw_rate.round(), "unit": "rows/s"},
            "raw_sqlite_per_row_inserts_rows_per_s": {"value": per_row_rate.round(), "unit": "rows/s"},
        })
    );
    Ok(())
}
