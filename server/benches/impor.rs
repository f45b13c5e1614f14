//! Guest-list import benchmark (`make bench`): a 5,000-row XLSX, as a member's office
//! would send it, uploaded to the real server over HTTP, read, validated row by row,
//! checked for duplicates and stored in one transaction. Prints one JSON object.

use std::time::Instant;

use reses_server::lembar::{self, Sel};
use reses_server::store::{PoolOptions, RawPool, Store};
use reses_server::{AppState, demo};
use serde_json::json;
use uuid::Uuid;

const ROWS: usize = 5_000;
const KELURAHAN: [&str; 5] = [
    "Medono",
    "Tirto",
    "Bendan Kergon",
    "Podosugih",
    "Kramatsari",
];

fn sheet(run: usize, n: usize) -> Vec<u8> {
    let rows: Vec<Vec<Sel>> = (0..n)
        .map(|i| {
            vec![
                Sel::Angka((i + 1) as f64),
                Sel::Teks(format!("Warga Impor {run}-{i}")),
                Sel::Teks(format!("Jl. Kurinci Gg. {} No. {}", i % 9 + 1, i % 40 + 1)),
                Sel::Teks(format!("{:03}/{:03}", i % 12 + 1, i % 6 + 1)),
                Sel::Teks(KELURAHAN[i % KELURAHAN.len()].into()),
                Sel::Teks(if i % 2 == 0 { "P" } else { "L" }.into()),
                Sel::Teks("Tokoh masyarakat".into()),
            ]
        })
        .collect();
    lembar::xlsx(
        "Daftar tamu",
        &[
            "No",
            "Nama",
            "Alamat",
            "RT/RW",
            "Kelurahan",
            "L/P",
            "Keterangan",
        ],
        &rows,
    )
    .expect("xlsx")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let db = Store::connect(
        &format!("sqlite://{}", dir.path().join("impor.db").display()),
        PoolOptions::default(),
    )
    .await?;
    demo::load_if_empty(&db).await?;
    let RawPool::Sqlite(pool) = db.raw() else {
        unreachable!("an sqlite:// URL")
    };
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
    let events: Vec<String> =
        sqlx::query_scalar("select id from records where kind = 'reses_event'")
            .fetch_all(&pool)
            .await?;
    let mut secs = Vec::new();
    for (run, event) in events.iter().take(3).enumerate() {
        let body = sheet(run, ROWS);
        let t0 = Instant::now();
        let res = client
            .post(format!("{base}/api/kegiatan/{event}/impor-tamu"))
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await?;
        let status = res.status();
        let text = res.text().await?;
        anyhow::ensure!(status.is_success(), "import failed: {status} {text}");
        secs.push(t0.elapsed().as_secs_f64());
        let stored: i64 =
            sqlx::query_scalar("select count(*) from records where kind = 'tamu' and event_id = ?")
                .bind(event)
                .fetch_one(&pool)
                .await?;
        anyhow::ensure!(stored as usize >= ROWS, "only {stored} guests stored");
    }
    secs.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];

    // Peak memory of the process while a 10,000-row workbook is previewed and stored:
    // the peak is reset first (Linux `clear_refs`), so it is the import's own.
    let body = sheet(9, 10_000);
    let file_kb = body.len() / 1024;
    let event = &events[3];
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = status_mb("VmRSS");
    for pratinjau in [true, false] {
        let res = client
            .post(format!(
                "{base}/api/kegiatan/{event}/impor-tamu?pratinjau={pratinjau}"
            ))
            .body(body.clone())
            .send()
            .await?;
        anyhow::ensure!(
            res.status().is_success(),
            "10k import failed: {}",
            res.status()
        );
    }
    let peak = status_mb("VmHWM");
    println!(
        "{}",
        json!({
            "import_5k_guests_s": {"value": (median * 100.0).round() / 100.0, "unit": "s", "target": "<= 10"},
            "import_10k_peak_mb": {"value": peak, "unit": "MB", "target": format!("bounded; file {file_kb} KB, process before {before} MB")},
            "import_10k_growth_mb": {"value": peak.saturating_sub(before), "unit": "MB", "target": "<= 64"},
        })
    );
    Ok(())
}

/// A `/proc/self/status` figure in MB.
fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
