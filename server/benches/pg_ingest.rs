//! PostgreSQL ingest benchmark (`make bench`, on a throwaway durable cluster started by
//! scripts/with-pg.sh): pushes of 200 mutations over HTTP into real `reses-server`
//! processes, one device per process pushing one batch after another, as the SQLite
//! figure is measured:
//! - one process on a database;
//! - two processes on one database (one device on each, at the same time);
//! - the reference: the same rows (every column the server writes) inserted with plain
//!   multi-row INSERTs, one transaction per 200, on one connection, in the same run.
//!
//! Prints one JSON object of metrics; bench/run.mjs puts it in target/bench/results.json.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reses_domain::sync::{Mutation, Op, PushResponse};
use reses_server::demo;
use reses_server::store::{PoolOptions, RawPool, Store};
use serde_json::json;
use sqlx::Connection;
use uuid::Uuid;

mod shared;
use shared::guest;

const BATCH: usize = 200;
const PUSHES: usize = 100; // 20,000 mutations per device

/// `PUSHES` request bodies of `BATCH` new guests, and the mutations in them.
fn bodies(event: Uuid, from: usize) -> Vec<(Vec<Mutation>, String)> {
    (0..PUSHES)
        .map(|p| {
            let ms: Vec<Mutation> = (0..BATCH)
                .map(|i| guest(event, from + p * BATCH + i))
                .collect();
            let body = serde_json::to_string(&json!({ "mutations": ms })).unwrap();
            (ms, body)
        })
        .collect()
}

async fn fresh_database(admin: &str) -> anyhow::Result<String> {
    let name = format!("reses_b_{}", Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(admin).await?;
    sqlx::query(&format!("create database {name}"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    let (base, _) = admin.rsplit_once('/').unwrap();
    Ok(format!("{base}/{name}"))
}

struct Process(Child, String);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start(bin: &str, url: &str, demo: bool) -> anyhow::Result<Process> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut cmd = Command::new(bin);
    cmd.args(["--port", &port.to_string(), "--dist", "/nonexistent"])
        .env("DATABASE_URL", url)
        .env("RESES_LOG", "warn")
        .stdout(Stdio::null());
    if demo {
        cmd.arg("--demo");
    }
    let p = Process(cmd.spawn()?, format!("http://127.0.0.1:{port}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = reqwest::get(format!("{}/api/health", p.1)).await
            && r.status() == 200
        {
            return Ok(p);
        }
        anyhow::ensure!(Instant::now() < deadline, "{bin} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn device(base: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "staf", "password": demo::DEMO_PASSWORD, "device_id": Uuid::now_v7()}))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "login failed");
    // Warm-up push (connections, statement caches), not counted.
    let warm: Vec<Mutation> = (0..BATCH).map(|i| guest(Uuid::now_v7(), i)).collect();
    client
        .post(format!("{base}/api/sync/push"))
        .json(&json!({"mutations": warm}))
        .send()
        .await?;
    Ok(client)
}

async fn push_all(
    client: &reqwest::Client,
    base: &str,
    bodies: &[(Vec<Mutation>, String)],
) -> anyhow::Result<()> {
    for (_, body) in bodies {
        let res = client
            .post(format!("{base}/api/sync/push"))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await?;
        anyhow::ensure!(res.status().is_success(), "push: {}", res.status());
        let out: PushResponse = res.json().await?;
        anyhow::ensure!(
            out.results.iter().all(|r| r.outcome.is_settled()),
            "push refused"
        );
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin = std::env::var("RESES_TEST_PG_URL")
        .map_err(|_| anyhow::anyhow!("run through scripts/with-pg.sh (RESES_TEST_PG_URL)"))?;
    let bin = std::env::var("RESES_SERVER_BIN").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/release/reses-server"
        )
        .to_string()
    });
    let total = (PUSHES * BATCH) as f64;

    // One process.
    let url = fresh_database(&admin).await?;
    let one = start(&bin, &url, true).await?;
    let client = device(&one.1).await?;
    let work = bodies(Uuid::now_v7(), 0);
    let t = Instant::now();
    push_all(&client, &one.1, &work).await?;
    let one_rate = total / t.elapsed().as_secs_f64();
    drop(one);

    // Two processes on one database, one device on each.
    let url = fresh_database(&admin).await?;
    let a = start(&bin, &url, true).await?;
    let b = start(&bin, &url, false).await?;
    let (ca, cb) = (device(&a.1).await?, device(&b.1).await?);
    let (wa, wb) = (bodies(Uuid::now_v7(), 0), bodies(Uuid::now_v7(), 1_000_000));
    let t = Instant::now();
    let (ra, rb) = tokio::join!(push_all(&ca, &a.1, &wa), push_all(&cb, &b.1, &wb));
    ra?;
    rb?;
    let two_rate = 2.0 * total / t.elapsed().as_secs_f64();
    drop((a, b));

    // Reference: the same rows as the server stores them (every column: the record with
    // its per-field stamps, the mutation log with its device and content hash), plain
    // multi-row INSERTs, one transaction per 200, one connection.
    let url = fresh_database(&admin).await?;
    let store = Store::connect(&url, PoolOptions::default()).await?;
    let RawPool::Postgres(pool) = store.raw() else {
        unreachable!("a postgres:// URL")
    };
    let mut conn = pool.acquire().await?;
    let user = Uuid::now_v7().to_string();
    let device = Uuid::now_v7();
    let event = Uuid::now_v7().to_string();
    let work = bodies(Uuid::now_v7(), 0);
    let t = Instant::now();
    let mut rev = 0i64;
    for (ms, _) in &work {
        let mut tx = conn.begin().await?;
        let rows: Vec<(i64, &Mutation, String, String, String)> = ms
            .iter()
            .map(|m| {
                rev += 1;
                let Op::Put { data, changed } = &m.op else {
                    unreachable!()
                };
                let stamps: serde_json::Map<String, serde_json::Value> = changed
                    .iter()
                    .map(|f| (f.clone(), json!({"rev": rev, "device": device})))
                    .collect();
                let hash = format!("{:064x}", m.mutation_id.as_u128());
                (
                    rev,
                    m,
                    data.to_string(),
                    serde_json::Value::Object(stamps).to_string(),
                    hash,
                )
            })
            .collect();
        let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new(
            "insert into records (id, kind, rev, event_id, data, deleted, updated_at, updated_by, device_id, field_revs) ",
        );
        q.push_values(&rows, |mut b, (rev, m, data, stamps, _)| {
            b.push_bind(m.record_id.to_string())
                .push_bind("tamu")
                .push_bind(*rev)
                .push_bind(&event)
                .push_bind(data.as_str())
                .push_bind(false)
                .push_bind(m.client_time)
                .push_bind(&user)
                .push_bind(device.to_string())
                .push_bind(stamps.as_str());
        });
        q.build().execute(&mut *tx).await?;
        let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new(
            "insert into mutations (mutation_id, record_id, rev, user_id, device_id, applied_at, content_hash) ",
        );
        q.push_values(&rows, |mut b, (rev, m, _, _, hash)| {
            b.push_bind(m.mutation_id.to_string())
                .push_bind(m.record_id.to_string())
                .push_bind(*rev)
                .push_bind(&user)
                .push_bind(device.to_string())
                .push_bind(m.client_time)
                .push_bind(hash.as_str());
        });
        q.build().execute(&mut *tx).await?;
        tx.commit().await?;
    }
    let raw_rate = total / t.elapsed().as_secs_f64();
    drop(conn);
    store.close().await;

    let r2 = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "pg_ingest_mutations_per_s": {"value": one_rate.round(), "unit": "mut/s", "target": ">= 10000"},
            "pg_ingest_two_processes_mutations_per_s": {"value": two_rate.round(), "unit": "mut/s"},
            "pg_two_processes_vs_one_ratio": {"value": r2(two_rate / one_rate), "unit": "x", "target": ">= 1.3"},
            "pg_ingest_vs_raw_pg_ratio": {"value": r2(one_rate / raw_rate), "unit": "x", "target": ">= 0.4"},
            "raw_pg_multirow_rows_per_s": {"value": raw_rate.round(), "unit": "rows/s"},
        })
    );
    Ok(())
}
