//! A bounded fuzz run against the real server binary: generated bodies for sign-in,
//! push, pull, guest-list import and attachments from several callers at once, for
//! `RESES_FUZZ_SECS` seconds (45 by default, at most 60). Not one answer may be 5xx,
//! health must keep answering, and the server's peak memory must stay under
//! [`MEMORY_CEILING_MB`]. The seed is printed; `RESES_FUZZ_SEED` replays a run.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use uuid::Uuid;

/// The server's resident memory may never pass this during the run.
const MEMORY_CEILING_MB: u64 = 256;

/// xorshift64*: small, seedable, good enough to pick shapes.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn text(&mut self) -> String {
        const PIECES: [&str; 12] = [
            "Siti",
            "=1+1",
            "\u{0}",
            "é",
            "👍",
            "\"",
            "\\",
            "'; drop table records; --",
            "9999999999999999999999",
            "-1",
            "",
            "\u{202e}",
        ];
        let n = match self.below(10) {
            0 => self.below(100_000) as usize,
            _ => self.below(6) as usize,
        };
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }
    fn number(&mut self) -> Value {
        match self.below(6) {
            0 => json!(i64::MAX),
            1 => json!(i64::MIN),
            2 => json!(9_000_000_000_000_000i64),
            3 => json!(-1),
            4 => json!(1.5e300),
            _ => json!(self.below(2_000_000_000_000) as i64),
        }
    }
    fn value(&mut self, depth: u32) -> Value {
        match self.below(if depth > 4 { 4 } else { 7 }) {
            0 => Value::Null,
            1 => json!(self.chance(50)),
            2 => self.number(),
            3 => json!(self.text()),
            4 => json!(Uuid::from_u128(self.next() as u128)),
            5 => Value::Array((0..self.below(8)).map(|_| self.value(depth + 1)).collect()),
            _ => Value::Object(
                (0..self.below(8))
                    .map(|_| (self.field(), self.value(depth + 1)))
                    .collect(),
            ),
        }
    }
    fn field(&mut self) -> String {
        const FIELDS: [&str; 14] = [
            "id",
            "event_id",
            "tamu_id",
            "nama",
            "jejak",
            "waktu",
            "ditutup_pada",
            "foto",
            "status",
            "riwayat",
            "pendamping_ids",
            "tanda_tangan",
            "dicatat_oleh",
            "x",
        ];
        if self.chance(80) {
            FIELDS[self.below(FIELDS.len() as u64) as usize].into()
        } else {
            self.text()
        }
    }
}

const KINDS: [&str; 18] = [
    "anggota",
    "pendamping",
    "masa_sidang",
    "reses_event",
    "tamu",
    "kehadiran",
    "tamu_tambahan",
    "aspirasi",
    "dokumentasi_reses",
    "izin",
    "pengaduan",
    "wilayah",
    "kategori_aspirasi",
    "hari_libur",
    "permintaan_data",
    "belanja_reses",
    "kesiapan_reses",
    "bukan_jenis",
];

fn mutation(rng: &mut Rng, known: &[Value]) -> Value {
    let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
    let mut data = match known.get(rng.below(known.len() as u64 + 2) as usize) {
        Some(v) if rng.chance(70) => v.clone(),
        _ => rng.value(0),
    };
    if let Some(o) = data.as_object_mut() {
        for _ in 0..rng.below(4) {
            let f = rng.field();
            o.insert(f, rng.value(1));
        }
    }
    let changed: Vec<String> = match data.as_object() {
        Some(o) if rng.chance(80) => o.keys().cloned().collect(),
        _ => (0..rng.below(4)).map(|_| rng.field()).collect(),
    };
    let record_id = data
        .get("id")
        .cloned()
        .filter(|_| rng.chance(80))
        .unwrap_or_else(|| json!(Uuid::now_v7()));
    let op = if rng.chance(15) {
        json!({"type": "delete"})
    } else {
        json!({"type": "put", "data": data, "changed": changed})
    };
    json!({
        "mutation_id": if rng.chance(90) { json!(Uuid::now_v7()) } else { rng.value(2) },
        "kind": kind,
        "record_id": record_id,
        "base_rev": if rng.chance(70) { json!(0) } else { rng.number() },
        "op": op,
        "client_time": if rng.chance(70) { json!(crate::helpers::now_ms()) } else { rng.number() },
    })
}

fn xlsx_bytes(rng: &mut Rng) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for r in 0..rng.below(30) as u32 {
        for c in 0..rng.below(8) as u16 {
            let _ = sheet.write_string(r * (1 + rng.below(3) as u32), c, rng.text());
        }
    }
    if rng.chance(20) {
        let _ = sheet.write_string(rng.below(1_048_576) as u32, rng.below(16_384) as u16, "x");
    }
    let mut bytes = book.save_to_buffer().unwrap();
    for _ in 0..rng.below(4) {
        let at = rng.below(bytes.len() as u64) as usize;
        bytes[at] = rng.next() as u8;
    }
    bytes
}

struct Server {
    child: Child,
    pid: u32,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary on a demo database. The demo data is loaded by a first run that is
/// then stopped, so the peak memory measured is the fuzz run's own.
async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("fuzz.db").display());
    let spawn = |demo: bool| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut args = vec![
            "--port".to_string(),
            port.to_string(),
            "--log".into(),
            "error".into(),
        ];
        if demo {
            args.push("--demo".into());
        }
        let child = Command::new(env!("CARGO_BIN_EXE_reses-server"))
            .args(&args)
            .env("DATABASE_URL", &db)
            .env("RESES_DIST", dir.path().join("dist"))
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        (child, format!("http://127.0.0.1:{port}"))
    };
    let up = |base: String| async move {
        let deadline = Instant::now() + Duration::from_secs(30);
        while reqwest::get(format!("{base}/api/health")).await.is_err() {
            assert!(Instant::now() < deadline, "server did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let (mut seeding, base) = spawn(true);
    up(base).await;
    let _ = seeding.kill();
    let _ = seeding.wait();
    let (child, base) = spawn(false);
    up(base.clone()).await;
    Server {
        pid: child.id(),
        child,
        base,
        _dir: dir,
    }
}

/// Peak resident memory of a process so far (VmHWM), in MB.
fn peak_mb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

async fn session(base: &str, username: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": username, "password": "reses2026", "device_id": Uuid::now_v7()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn generated_requests_never_get_a_5xx_and_memory_stays_bounded() {
    let secs: u64 = std::env::var("RESES_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(45)
        .min(60);
    let seed: u64 = std::env::var("RESES_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| crate::helpers::now_ms() as u64 | 1);
    println!("fuzz: seed {seed}, {secs} s");
    let server = start().await;
    let base = server.base.clone();
    let staf = session(&base, "staf").await;
    let p1 = session(&base, "pendamping1").await;
    let kesra = session(&base, "kesra").await;
    let pulled: Value = p1
        .get(format!("{base}/api/sync/pull?since=0&limit=2000"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let known: Arc<Vec<Value>> = Arc::new(
        pulled["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["data"].clone())
            .collect(),
    );
    let event = pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "reses_event")
        .map(|c| c["id"].as_str().unwrap().to_string())
        .unwrap();

    // `RESES_FUZZ_ONLY=0..5` keeps one kind of request (0 sign-in, 1-2 push, 3 pull,
    // 4 import, 5 attachments), to look into one.
    let only: Option<u64> = std::env::var("RESES_FUZZ_ONLY")
        .ok()
        .and_then(|s| s.parse().ok());
    let deadline = Instant::now() + Duration::from_secs(secs);
    let sent = Arc::new(AtomicUsize::new(0));
    let fives = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut workers = tokio::task::JoinSet::new();
    for w in 0..6u64 {
        let (base, known, sent, fives, event) = (
            base.clone(),
            known.clone(),
            sent.clone(),
            fives.clone(),
            event.clone(),
        );
        let clients = [
            staf.clone(),
            p1.clone(),
            kesra.clone(),
            reqwest::Client::new(),
        ];
        workers.spawn(async move {
            let mut rng = Rng(seed ^ (w + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            while Instant::now() < deadline {
                let client = &clients[rng.below(clients.len() as u64) as usize];
                let pick = only.unwrap_or_else(|| rng.below(6));
                let (what, req) = match pick {
                    0 => {
                        let body = if rng.chance(70) {
                            json!({"username": rng.text(), "password": rng.text(), "device_id": Uuid::now_v7()})
                        } else {
                            rng.value(0)
                        };
                        ("login", client.post(format!("{base}/api/auth/login")).json(&body))
                    }
                    1 | 2 => {
                        let n = if rng.chance(5) { 600 } else { rng.below(30) as usize };
                        let ms: Vec<Value> = (0..n).map(|_| mutation(&mut rng, &known)).collect();
                        let body = if rng.chance(90) { json!({"mutations": ms}) } else { rng.value(0) };
                        ("push", client.post(format!("{base}/api/sync/push")).json(&body))
                    }
                    3 => {
                        let q = format!("since={}&limit={}", rng.number(), rng.text());
                        ("pull", client.get(format!("{base}/api/sync/pull?{q}")))
                    }
                    4 => {
                        let body = match rng.below(3) {
                            0 => xlsx_bytes(&mut rng),
                            1 => {
                                let sep = [",", ";", "\t", "\"", "\n"][rng.below(5) as usize];
                                (0..rng.below(200))
                                    .map(|_| rng.text())
                                    .collect::<Vec<_>>()
                                    .join(sep)
                                    .into_bytes()
                            }
                            _ => {
                                let n = rng.below(50_000) as usize;
                                rng.bytes(n)
                            }
                        };
                        let pratinjau = rng.chance(70);
                        let url = format!("{base}/api/kegiatan/{event}/impor-tamu?pratinjau={pratinjau}&kolom={}", rng.text());
                        ("import", client.post(url).body(body))
                    }
                    _ => {
                        let n = rng.below(300_000) as usize;
                        let body = rng.bytes(n);
                        let sha = if rng.chance(60) {
                            use sha2::Digest;
                            crate::helpers_hex(&sha2::Sha256::digest(&body))
                        } else {
                            rng.text()
                        };
                        let ct = ["image/jpeg", "application/pdf", "text/html", ""][rng.below(4) as usize];
                        let req = if rng.chance(70) {
                            client.put(format!("{base}/api/attachments/{sha}")).header("content-type", ct).body(body)
                        } else {
                            client.get(format!("{base}/api/attachments/{sha}"))
                        };
                        ("attachment", req)
                    }
                };
                sent.fetch_add(1, Ordering::Relaxed);
                match req.timeout(Duration::from_secs(30)).send().await {
                    Ok(res) if res.status().is_server_error() => {
                        let status = res.status();
                        let body = res.text().await.unwrap_or_default();
                        fives.lock().unwrap().push(format!("{what}: {status} {body}"));
                    }
                    Ok(_) => {}
                    Err(e) if e.is_timeout() => fives.lock().unwrap().push(format!("{what}: timeout")),
                    // The server may close a connection whose body it refused (413).
                    Err(_) => {}
                }
            }
        });
    }
    let mut health_checks = 0;
    let mut peak = 0;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let t = Instant::now();
        let res = reqwest::Client::new()
            .get(format!("{base}/api/health"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        assert!(
            res.as_ref().is_ok_and(|r| r.status() == 200),
            "health did not answer within 5 s ({:?} after {:?})",
            res.map(|r| r.status()),
            t.elapsed()
        );
        health_checks += 1;
        peak = peak.max(peak_mb(server.pid));
    }
    while let Some(r) = workers.join_next().await {
        r.unwrap();
    }
    peak = peak.max(peak_mb(server.pid));
    let fives = fives.lock().unwrap().clone();
    println!(
        "fuzz: {} requests, {} answered 5xx, {health_checks} health checks, server peak memory {peak} MB (ceiling {MEMORY_CEILING_MB} MB)",
        sent.load(Ordering::Relaxed),
        fives.len()
    );
    assert!(
        fives.is_empty(),
        "seed {seed}: {:?}",
        &fives[..fives.len().min(10)]
    );
    assert!(peak > 0 && peak < MEMORY_CEILING_MB, "peak {peak} MB");
    let res = reqwest::get(format!("{base}/api/health")).await.unwrap();
    assert_eq!(res.status(), 200);
}
