//! Several server processes on one PostgreSQL database (these tests need the throwaway
//! cluster `make test` starts: `RESES_TEST_PG_URL`; without it they say so and return):
//! devices pushing and pulling through two real `reses-server` processes at random, the
//! permit numbers they hand out at once, a sign-in lock that holds in both, a database
//! that goes away and comes back, and `copy-db` from the demo SQLite file and back.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reses_domain::izin::{PermohonanIzin, StatusIzin};
use reses_domain::sync::{Mutation, Outcome, PullResponse, RecordKind};
use reses_server::ServerConfig;
use reses_server::store::{PoolOptions, Store};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{
    Session, fresh_pg_database, login_at, new_guest, now_ms, put, spawn_app_pooled,
};

/// The cluster's admin URL, or `None` (the test is skipped, saying so).
fn pg() -> Option<String> {
    match std::env::var("RESES_TEST_PG_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            eprintln!("skipped: needs RESES_TEST_PG_URL (make test starts a cluster)");
            None
        }
    }
}

/// A `reses-server` process of its own, killed on drop.
struct Process {
    child: Child,
    addr: String,
    _dist: tempfile::TempDir,
}

impl Process {
    async fn start(url: &str, demo: bool) -> Process {
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), "<!DOCTYPE html>").unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_reses-server"));
        cmd.args(["--port", &port.to_string(), "--dist"])
            .arg(dist.path())
            .env("DATABASE_URL", url)
            .env("RESES_LOG", "warn")
            .stdout(Stdio::null());
        if demo {
            cmd.arg("--demo");
        }
        let child = cmd.spawn().unwrap();
        let addr = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = reqwest::get(format!("{addr}/api/health")).await
                && r.status() == 200
            {
                break;
            }
            assert!(Instant::now() < deadline, "server at {addr} did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Process {
            child,
            addr,
            _dist: dist,
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two processes on one new database, the first having loaded the demo data.
async fn two_processes(admin: &str) -> (String, [Process; 2]) {
    let url = fresh_pg_database(admin).await;
    let a = Process::start(&url, true).await;
    let b = Process::start(&url, false).await;
    (url, [a, b])
}

/// One simulated device: what it has received, and what the server acknowledged.
struct Device {
    session: Session,
    cursor: i64,
    replica: HashMap<Uuid, i64>,
    /// Every (record, revision) it was sent, to see that none came twice.
    received: HashSet<(Uuid, i64)>,
    acknowledged: Vec<Uuid>,
    events: Vec<Uuid>,
    server_errors: u32,
}

impl Device {
    async fn pull_page(&mut self, addr: &str) -> bool {
        let url = format!("{addr}/api/sync/pull?since={}&limit=50", self.cursor);
        let res = self.session.client.get(url).send().await.unwrap();
        if res.status().is_server_error() {
            self.server_errors += 1;
            return true;
        }
        assert_eq!(res.status(), 200);
        let page: PullResponse = res.json().await.unwrap();
        for c in &page.changes {
            assert!(
                self.received.insert((c.id, c.rev)),
                "{} rev {} delivered twice",
                c.id,
                c.rev
            );
            self.replica.insert(c.id, c.rev);
        }
        if let Some(k) = page.kegiatan {
            self.events = k;
        }
        self.cursor = page.cursor;
        page.more
    }

    async fn push(&mut self, addr: &str, batch: &[Mutation]) {
        let url = format!("{addr}/api/sync/push");
        let res = self
            .session
            .client
            .post(url)
            .json(&json!({ "mutations": batch }))
            .send()
            .await
            .unwrap();
        if res.status().is_server_error() {
            self.server_errors += 1;
            return;
        }
        assert_eq!(res.status(), 200);
        let out: reses_domain::sync::PushResponse = res.json().await.unwrap();
        for r in out.results {
            assert!(
                matches!(r.outcome, Outcome::Applied { .. }),
                "{:?}",
                r.outcome
            );
            self.acknowledged.push(r.mutation_id);
        }
    }
}

/// An aspiration a companion records at `event`.
fn aspirasi(event: Uuid, n: u64) -> Mutation {
    let id = Uuid::now_v7();
    let at = now_ms();
    let data = json!({
        "id": id, "event_id": event, "pengusul": {"ref_id": null, "nama": format!("Warga {n}")},
        "bidang": "Kesehatan", "masalah": "Posyandu rusak", "permintaan": "Perbaikan",
        "kecamatan": "Pekalongan Barat", "kelurahan": "Medono", "rt": "", "rw": "",
        "alamat": "", "volume": null, "satuan": "", "prioritas": "sedang", "foto": [],
        "waktu": at, "dicatat_oleh": Uuid::nil(), "nama_pencatat": "-"
    });
    let changed = data.as_object().unwrap().keys().cloned().collect();
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Aspirasi,
        record_id: id,
        base_rev: 0,
        op: reses_domain::sync::Op::Put { data, changed },
        client_time: at,
    }
}

/// A small deterministic generator (splitmix64), seeded per device.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_devices_through_two_processes_end_with_every_record_exactly_once() {
    let Some(admin) = pg() else { return };
    let (url, procs) = two_processes(&admin).await;
    let addrs: Vec<String> = procs.iter().map(|p| p.addr.clone()).collect();
    let password = reses_server::demo::DEMO_PASSWORD;
    let mut devices = Vec::new();
    for i in 0..50 {
        let user = match i % 10 {
            0..=3 => "staf",
            4..=6 => "pendamping1",
            _ => "pendamping2",
        };
        let session = login_at(&addrs[i % 2], user, password, Uuid::now_v7()).await;
        devices.push(Device {
            session,
            cursor: 0,
            replica: HashMap::new(),
            received: HashSet::new(),
            acknowledged: Vec::new(),
            events: Vec::new(),
            server_errors: 0,
        });
    }
    // Office devices write guest lists of any event; companions, aspirations at theirs.
    let all_events: Vec<Uuid> = {
        let s = &devices[0].session;
        s.pull_all()
            .await
            .into_iter()
            .filter(|r| r.kind == RecordKind::ResesEvent)
            .map(|r| r.id)
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(12);
    let mut tasks = tokio::task::JoinSet::new();
    for (i, mut d) in devices.into_iter().enumerate() {
        let addrs = addrs.clone();
        let all_events = all_events.clone();
        tasks.spawn(async move {
            let mut rng = Rng(i as u64 + 1);
            let office = d.session.profile.role == reses_domain::Role::StafSetwan;
            let mut n = 0u64;
            while Instant::now() < deadline {
                let addr = &addrs[(rng.next() % 2) as usize];
                if rng.next().is_multiple_of(2) {
                    let size = 1 + rng.next() % 10;
                    let batch: Vec<Mutation> = (0..size)
                        .filter_map(|_| {
                            n += 1;
                            if office {
                                let e = all_events[(rng.next() as usize) % all_events.len()];
                                Some(new_guest(e, &format!("Tamu {i}-{n}")))
                            } else {
                                let e = *d
                                    .events
                                    .get((rng.next() as usize) % d.events.len().max(1))?;
                                Some(aspirasi(e, n))
                            }
                        })
                        .collect();
                    if !batch.is_empty() {
                        d.push(addr, &batch).await;
                    }
                } else {
                    d.pull_page(addr).await;
                }
            }
            // The last pulls: until the server says there is no more.
            let mut k = 0;
            while d.pull_page(&addrs[k % 2]).await {
                k += 1;
            }
            d
        });
    }
    let mut devices = Vec::new();
    while let Some(d) = tasks.join_next().await {
        devices.push(d.unwrap());
    }

    // What each account is entitled to, as a fresh device of it receives it now.
    let mut truth: HashMap<String, HashMap<Uuid, i64>> = HashMap::new();
    for user in ["staf", "pendamping1", "pendamping2"] {
        let fresh = login_at(&addrs[1], user, password, Uuid::now_v7()).await;
        let all = fresh.pull_all().await;
        truth.insert(
            user.into(),
            all.into_iter().map(|r| (r.id, r.rev)).collect(),
        );
    }
    let raw = Store::connect(&url, PoolOptions::default()).await.unwrap();
    let logged: HashSet<String> = match raw.raw() {
        reses_server::store::RawPool::Postgres(p) => {
            sqlx::query_scalar::<_, String>("select mutation_id from mutations")
                .fetch_all(&p)
                .await
                .unwrap()
                .into_iter()
                .collect()
        }
        reses_server::store::RawPool::Sqlite(_) => unreachable!(),
    };
    let mut acknowledged = 0;
    for d in &devices {
        assert_eq!(d.server_errors, 0, "no request answered 5xx");
        let expected = &truth[&d.session.profile.username];
        assert_eq!(
            d.replica.len(),
            expected.len(),
            "{}: every record it may see, no more",
            d.session.profile.username
        );
        for (id, rev) in expected {
            assert_eq!(d.replica.get(id), Some(rev), "{id} as the server holds it");
        }
        for m in &d.acknowledged {
            assert!(
                logged.contains(&m.to_string()),
                "acknowledged {m} is stored"
            );
        }
        acknowledged += d.acknowledged.len();
    }
    let unique: HashSet<&Uuid> = devices.iter().flat_map(|d| &d.acknowledged).collect();
    assert_eq!(unique.len(), acknowledged, "each acknowledged once");
    assert!(acknowledged > 500, "a real load: {acknowledged} mutations");
    println!("two processes: {acknowledged} mutations from 50 devices, every replica complete");
    raw.close().await;
}

/// The number in `IZN/2026/0042` or `300.1/0042/Kesra/XI/2026`, with its year.
fn urut(nomor: &str) -> (String, i64) {
    let parts: Vec<&str> = nomor.split('/').collect();
    if nomor.starts_with("IZN/") {
        (parts[1].into(), parts[2].parse().unwrap())
    } else {
        (parts[4].into(), parts[1].parse().unwrap())
    }
}

/// Each year's numbers are exactly 1..=n.
fn gapless(numbers: &[String]) {
    let mut by_year: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for n in numbers {
        let (y, u) = urut(n);
        by_year.entry(y).or_default().push(u);
    }
    for (year, mut us) in by_year {
        us.sort_unstable();
        let want: Vec<i64> = (1..=us.len() as i64).collect();
        assert_eq!(us, want, "numbers of {year}: unique and without gaps");
    }
}

async fn act(s: &Session, addr: &str, id: Uuid) -> u16 {
    s.client
        .post(format!("{addr}/api/izin/{id}/tindakan"))
        .json(&json!({ "aksi": "lanjut", "catatan": "" }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn permit_numbers_from_two_processes_at_once_are_unique_and_gapless() {
    let Some(admin) = pg() else { return };
    let (_url, procs) = two_processes(&admin).await;
    let addrs: Vec<String> = procs.iter().map(|p| p.addr.clone()).collect();
    let password = reses_server::demo::DEMO_PASSWORD;
    // Six front-desk devices, three on each process, submit five applications each.
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..6 {
        let addr = addrs[i % 2].clone();
        tasks.spawn(async move {
            let s = login_at(&addr, "kesra", password, Uuid::now_v7()).await;
            let mut ids = Vec::new();
            for _ in 0..5 {
                let p: PermohonanIzin = crate::izin::permohonan(true);
                let res = s.push(&[put(RecordKind::Izin, p.id, &p, now_ms())]).await;
                assert!(res.results[0].outcome.is_settled(), "{res:?}");
                ids.push(p.id);
            }
            ids
        });
    }
    let mut ids = Vec::new();
    while let Some(r) = tasks.join_next().await {
        ids.extend(r.unwrap());
    }
    // Every new application through its whole chain, all at once, each step on either
    // process.
    let chain = [
        "sekda", "kesra", "kesra", "pptk", "kabag", "sekda", "walikota",
    ];
    let mut sessions = HashMap::new();
    for (k, who) in chain.iter().enumerate() {
        if !sessions.contains_key(who) {
            let s = login_at(&addrs[k % 2], who, password, Uuid::now_v7()).await;
            sessions.insert(*who, Arc::new(s));
        }
    }
    let sessions = Arc::new(sessions);
    let mut tasks = tokio::task::JoinSet::new();
    for (n, id) in ids.iter().copied().enumerate() {
        let (sessions, addrs) = (sessions.clone(), addrs.clone());
        tasks.spawn(async move {
            for (k, who) in chain.iter().enumerate() {
                let status = act(&sessions[who], &addrs[(n + k) % 2], id).await;
                assert_eq!(status, 200, "{who} on {id}");
            }
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let kesra = login_at(&addrs[0], "kesra", password, Uuid::now_v7()).await;
    let permits: Vec<PermohonanIzin> = kesra
        .pull_all()
        .await
        .into_iter()
        .filter(|r| r.kind == RecordKind::Izin && !r.deleted)
        .map(|r| serde_json::from_value(r.data).unwrap())
        .collect();
    let registered: Vec<String> = permits
        .iter()
        .filter_map(|p| p.nomor_registrasi.clone())
        .collect();
    let letters: Vec<String> = permits
        .iter()
        .filter_map(|p| p.nomor_surat.clone())
        .collect();
    gapless(&registered);
    gapless(&letters);
    let done = permits
        .iter()
        .filter(|p| ids.contains(&p.id) && p.status == StatusIzin::SiapDiambil)
        .count();
    assert_eq!(
        done, 30,
        "every new application reached the end of its chain"
    );
}

#[tokio::test]
async fn a_sign_in_lock_made_through_one_process_holds_in_the_other() {
    let Some(admin) = pg() else { return };
    let (_url, procs) = two_processes(&admin).await;
    let client = reqwest::Client::new();
    let login = |addr: String, password: &'static str| {
        let client = client.clone();
        async move {
            client
                .post(format!("{addr}/api/auth/login"))
                .json(
                    &json!({"username": "staf", "password": password, "device_id": Uuid::now_v7()}),
                )
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for k in 0..5 {
        let status = login(procs[k % 2].addr.clone(), "salah-terus").await;
        assert!(status == 400 || status == 429, "{status}");
    }
    // The right password, through either process: this address is locked for `staf`.
    assert_eq!(login(procs[0].addr.clone(), "reses2026").await, 429);
    assert_eq!(login(procs[1].addr.clone(), "reses2026").await, 429);
}

/// A TCP relay between the server and PostgreSQL that a test can cut and restore: the
/// database "goes away" (connections drop, new ones are refused) and comes back.
struct Relay {
    port: u16,
    up: Arc<std::sync::atomic::AtomicBool>,
    generation: Arc<std::sync::atomic::AtomicU64>,
}

impl Relay {
    async fn start(target: std::net::SocketAddr) -> Relay {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let generation = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (up2, gen2) = (up.clone(), generation.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    return;
                };
                if !up2.load(Ordering::SeqCst) {
                    drop(inbound); // refused, as a server that is down
                    continue;
                }
                let born = gen2.load(Ordering::SeqCst);
                let gen3 = gen2.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    let cut = async {
                        while gen3.load(Ordering::SeqCst) == born {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        () = cut => {}
                    }
                });
            }
        });
        Relay {
            port,
            up,
            generation,
        }
    }

    fn cut(&self) {
        use std::sync::atomic::Ordering;
        self.up.store(false, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_database_that_goes_away_gives_503_and_the_server_recovers_losing_nothing() {
    let Some(admin) = pg() else { return };
    let url = fresh_pg_database(&admin).await;
    let host = url
        .trim_start_matches("postgres://")
        .split_once('@')
        .unwrap()
        .1;
    let (hostport, dbname) = host.split_once('/').unwrap();
    let target: std::net::SocketAddr = hostport.parse().unwrap();
    let relay = Relay::start(target).await;
    let via = format!("postgres://reses@127.0.0.1:{}/{dbname}", relay.port);
    let pool = PoolOptions {
        acquire_timeout: Duration::from_secs(2),
        ..PoolOptions::default()
    };
    let app = spawn_app_pooled(
        tempfile::tempdir().unwrap(),
        &via,
        ServerConfig::default(),
        pool,
    )
    .await;
    reses_server::demo::load_if_empty(&app.db).await.unwrap();
    let staf = app.login("staf").await;
    let event = staf
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    let first = new_guest(event, "Sebelum Putus");
    assert!(
        staf.push(std::slice::from_ref(&first)).await.results[0]
            .outcome
            .is_settled()
    );

    relay.cut();
    tokio::time::sleep(Duration::from_millis(200)).await; // the relay drops what it carried
    let second = new_guest(event, "Saat Putus");
    let t = Instant::now();
    let res = staf
        .push_raw(json!({ "mutations": [second.clone()] }))
        .await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "unavailable", "{body}");
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "told soon: {:?}",
        t.elapsed()
    );
    assert_eq!(app.get("/api/health").await.status(), 503);

    relay.restore();
    // The pool reconnects by itself; the device sends the same mutation again.
    let deadline = Instant::now() + Duration::from_secs(20);
    let out = loop {
        let res = staf
            .push_raw(json!({ "mutations": [second.clone()] }))
            .await;
        if res.status() == 200 {
            break res
                .json::<reses_domain::sync::PushResponse>()
                .await
                .unwrap();
        }
        assert!(Instant::now() < deadline, "server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(out.results[0].outcome.is_settled(), "{out:?}");
    let names: Vec<String> = staf
        .pull_all()
        .await
        .into_iter()
        .filter(|r| r.kind == RecordKind::Tamu)
        .filter_map(|r| r.data["nama"].as_str().map(str::to_string))
        .filter(|n| n.ends_with("Putus"))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["Saat Putus", "Sebelum Putus"], "each once");
    assert_eq!(app.get("/api/health").await.status(), 200);
}

/// Runs `reses-server copy-db --from … --to …`.
fn copy_db(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_reses-server"))
        .args(["copy-db", "--from", from, "--to", to])
        .output()
        .unwrap()
}

#[tokio::test]
async fn copy_db_moves_the_demo_database_to_postgres_and_back_unchanged() {
    let Some(admin) = pg() else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("kantor.db").display());
    let app = crate::helpers::spawn_app_on(
        tempfile::tempdir().unwrap(),
        &sqlite,
        ServerConfig::default(),
    )
    .await;
    reses_server::demo::load_if_empty(&app.db).await.unwrap();
    let staf = app.login("staf").await;
    let before: BTreeMap<Uuid, (i64, Value)> = staf
        .pull_all()
        .await
        .into_iter()
        .map(|r| (r.id, (r.rev, r.data)))
        .collect();
    let pg = fresh_pg_database(&admin).await;
    let out = copy_db(&sqlite, &pg);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("records") && report.contains("Diperiksa"),
        "{report}"
    );

    // A second copy into the same (now full) database is refused, nothing changed.
    let again = copy_db(&sqlite, &pg);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds data"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // Back into a new SQLite file: the same rows and checksums (each copy verifies
    // itself; here the two reports are compared as well).
    let back = format!("sqlite://{}", dir.path().join("kembali.db").display());
    let out = copy_db(&pg, &back);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = |s: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(s)
            .lines()
            .skip(1)
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        lines(&out.stdout),
        lines(report.as_bytes()),
        "same rows, same sums"
    );

    // The copy serves the same records, and the same passwords sign in there.
    let served = Process::start(&pg, false).await;
    let on_pg = login_at(&served.addr, "staf", "reses2026", Uuid::now_v7()).await;
    let after: BTreeMap<Uuid, (i64, Value)> = on_pg
        .pull_all()
        .await
        .into_iter()
        .map(|r| (r.id, (r.rev, r.data)))
        .collect();
    assert_eq!(before, after);
}

/// A push that holds its revisions but has not committed yet holds back every pull at
/// them: a later push that commits first is not delivered before it, so no cursor jumps
/// over the slower push's change (PostgreSQL runs pushes of other records side by side).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_never_jumps_over_a_push_still_committing() {
    let Some(_) = pg() else { return };
    let app = crate::helpers::TestApp::seeded().await;
    let reses_server::store::RawPool::Postgres(pool) = &app.raw.0 else {
        panic!("RESES_TEST_PG_URL is set: the app runs on PostgreSQL");
    };
    let companion = app.login("pendamping1").await;
    let (event, _) = crate::helpers::assigned(&companion).await;
    let mut cursor = 0;
    loop {
        let page = companion.pull_page(cursor, 500).await;
        cursor = page.cursor;
        if !page.more {
            break;
        }
    }

    // The slow push: it has its turn and its block, and writes later.
    let mut slow = pool.begin().await.unwrap();
    let first: i64 = sqlx::query_scalar("select reses_begin_revisions(false, '{}')")
        .fetch_one(&mut *slow)
        .await
        .unwrap();
    // The fast one commits meanwhile, through the server.
    let fast = new_guest(event, "Tamu Cepat");
    let out = companion.push(std::slice::from_ref(&fast)).await;
    let Outcome::Applied { rev: fast_rev } = out.results[0].outcome else {
        panic!("{:?}", out.results[0].outcome);
    };
    assert!(fast_rev > first, "blocks are handed out in order");

    let held = companion.pull_page(cursor, 500).await;
    assert!(
        held.changes.iter().all(|c| c.id != fast.record_id),
        "a change above a revision still in flight is not sent yet"
    );
    assert!(
        held.cursor < first,
        "cursor {} must stay below the slow push's revision {first}",
        held.cursor
    );

    // The slow push writes a guest at its first revision and commits.
    let slow_id = Uuid::now_v7();
    sqlx::query(
        "insert into records (id, kind, rev, event_id, data, deleted, updated_at, updated_by,
             device_id, field_revs)
         select $1, kind, $2, event_id, data, deleted, updated_at, updated_by, device_id,
             field_revs
         from records where id = $3",
    )
    .bind(slow_id.to_string())
    .bind(first)
    .bind(fast.record_id.to_string())
    .execute(&mut *slow)
    .await
    .unwrap();
    slow.commit().await.unwrap();

    let mut got = Vec::new();
    let mut since = held.cursor;
    loop {
        let page = companion.pull_page(since, 500).await;
        got.extend(page.changes.iter().map(|c| (c.id, c.rev)));
        since = page.cursor;
        if !page.more {
            break;
        }
    }
    assert!(
        got.contains(&(slow_id, first)),
        "the slow push's change: {got:?}"
    );
    assert!(
        got.contains(&(fast.record_id, fast_rev)),
        "the fast one's: {got:?}"
    );
    assert!(since >= fast_rev);
}
