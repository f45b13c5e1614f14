use std::path::{Path, PathBuf};

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use reses_server::store::{Clock, PoolOptions, RawPool, Store};
use reses_server::{AppState, ServerConfig};
use tokio::sync::oneshot;

pub const WASM: &str = "reses-app-0123456789abcdef_bg.wasm";
pub const JS: &str = "reses-app-0123456789abcdef.js";
pub const CSS: &str = "main-fedcba9876543210.css";
pub const INDEX: &str = "<!DOCTYPE html><title>Reses</title><p>index</p>";

/// A running server with its own database and dist folder, stopped on drop.
/// One demo account of every role; two companions, so that "only on assigned events"
/// is seen both ways.
pub const USERS: [(&str, reses_domain::Role); 12] = [
    ("admin", reses_domain::Role::Admin),
    ("staf", reses_domain::Role::StafSetwan),
    ("analis", reses_domain::Role::AnalisKebijakan),
    ("anggota", reses_domain::Role::Anggota),
    ("pendamping1", reses_domain::Role::Pendamping),
    ("pendamping2", reses_domain::Role::Pendamping),
    ("kesra", reses_domain::Role::PetugasKesra),
    ("pptk", reses_domain::Role::Pptk),
    ("kabag", reses_domain::Role::KabagKesra),
    ("sekda", reses_domain::Role::Sekda),
    ("walikota", reses_domain::Role::Walikota),
    ("informasi", reses_domain::Role::PetugasInformasi),
];

pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub db: Store,
    /// The database itself, for tests that look at or change it directly (portable SQL).
    pub raw: Raw,
    /// How far the server's clock is ahead of the system clock (ms).
    pub clock_offset: Arc<AtomicI64>,
    pub dir: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    pub handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with(&self, path: &str, accept_encoding: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("accept-encoding", accept_encoding)
            .send()
            .await
            .unwrap()
    }

    /// Asks for a graceful shutdown and waits until the server has stopped.
    pub async fn shutdown(&mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.handle.take().unwrap().await.unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Writes a small but realistic dist/ (what Trunk and scripts/postbuild.mjs produce).
fn write_dist(dir: &Path) -> PathBuf {
    let dist = dir.join("dist");
    std::fs::create_dir_all(dist.join("icons")).unwrap();
    let w = |name: &str, data: &[u8]| std::fs::write(dist.join(name), data).unwrap();
    w("index.html", INDEX.as_bytes());
    // A precompressed sibling; its bytes differ so a test can tell which was sent.
    w("index.html.br", b"BROTLI-INDEX");
    w("index.html.gz", b"GZIP-INDEX");
    w(WASM, b"\0asm\x01\0\0\0");
    w(&format!("{WASM}.br"), b"BROTLI-WASM");
    w(JS, b"export default function init() {}");
    w(CSS, b"body { color: black }");
    w("sw.js", b"self.addEventListener('fetch', () => {});");
    w("manifest.webmanifest", br#"{"name":"Reses"}"#);
    w("icons/icon-192.png", b"\x89PNG\r\n\x1a\n");
    dist
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(ServerConfig::default()).await
}

/// A server with the operator's settings `config`.
///
/// The backend is PostgreSQL when `RESES_TEST_PG_URL` names a server (`make test` starts
/// a throwaway cluster and runs the suite a second time with it): a new database each.
pub async fn spawn_app_with(config: ServerConfig) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("RESES_TEST_PG_URL") {
        Ok(admin) if !admin.is_empty() => fresh_pg_database(&admin).await,
        _ => format!("sqlite://{}", dir.path().join("test.db").display()),
    };
    spawn_app_on(dir, &url, config).await
}

/// A new, empty database on the PostgreSQL server `admin` connects to; its URL.
pub async fn fresh_pg_database(admin: &str) -> String {
    use sqlx::Connection;
    let name = format!("reses_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::query(&format!("create database {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

impl TestApp {
    /// Moves the server's clock `ms` ahead.
    pub fn advance_clock(&self, ms: i64) {
        self.clock_offset.fetch_add(ms, Ordering::SeqCst);
    }
}

/// A value bound to a raw test query.
#[derive(Debug, Clone)]
pub enum Arg {
    I(i64),
    S(String),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::I(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::S(v.to_string())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::S(v)
    }
}
impl From<uuid::Uuid> for Arg {
    fn from(v: uuid::Uuid) -> Self {
        Arg::S(v.to_string())
    }
}

/// The test's own handle on the database, whichever backend: queries in the SQL both
/// speak (`$1` parameters, `not deleted`).
#[derive(Debug, Clone)]
pub struct Raw(pub RawPool);

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I(i) => q.bind(*i),
                Arg::S(s) => q.bind(s.clone()),
            };
        }
        q
    }};
}

impl Raw {
    pub async fn exec(&self, sql: &str, args: &[Arg]) -> u64 {
        match &self.0 {
            RawPool::Sqlite(p) => bind_all!(sqlx::query(sql), args)
                .execute(p)
                .await
                .unwrap()
                .rows_affected(),
            RawPool::Postgres(p) => bind_all!(sqlx::query(sql), args)
                .execute(p)
                .await
                .unwrap()
                .rows_affected(),
        }
    }

    pub async fn i64(&self, sql: &str, args: &[Arg]) -> i64 {
        match &self.0 {
            RawPool::Sqlite(p) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_one(p)
                .await
                .unwrap(),
            RawPool::Postgres(p) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_one(p)
                .await
                .unwrap(),
        }
    }

    pub async fn strings(&self, sql: &str, args: &[Arg]) -> Vec<String> {
        match &self.0 {
            RawPool::Sqlite(p) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_all(p)
                .await
                .unwrap(),
            RawPool::Postgres(p) => bind_all!(sqlx::query_scalar(sql), args)
                .fetch_all(p)
                .await
                .unwrap(),
        }
    }

    pub async fn string(&self, sql: &str, args: &[Arg]) -> String {
        let mut all = self.strings(sql, args).await;
        assert_eq!(all.len(), 1, "one row from {sql}");
        all.remove(0)
    }
}

/// A server on the database at `url` (kept in `dir`).
pub async fn spawn_app_on(dir: tempfile::TempDir, url: &str, config: ServerConfig) -> TestApp {
    spawn_app_pooled(dir, url, config, PoolOptions::default()).await
}

/// [`spawn_app_on`] with pool settings `pool`.
pub async fn spawn_app_pooled(
    dir: tempfile::TempDir,
    url: &str,
    config: ServerConfig,
    pool: PoolOptions,
) -> TestApp {
    let dist = write_dist(dir.path());
    let db = Store::connect(url, pool).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let mut state = AppState::new(db.clone(), config);
    let clock_offset = Arc::new(AtomicI64::new(0));
    state.clock = Clock::shifted(clock_offset.clone());
    state.limiter = std::sync::Arc::new(reses_server::auth::LoginLimiter::new(
        reses_server::auth::LimitPolicy::default(),
        std::time::Duration::ZERO,
    ));
    let handle = tokio::spawn(async move {
        reses_server::serve(listener, state, &dist, async {
            let _ = stopped.await;
        })
        .await
    });
    TestApp {
        addr,
        client: reqwest::Client::new(),
        raw: Raw(db.raw()),
        clock_offset,
        db,
        dir,
        stop: Some(stop),
        handle: Some(handle),
    }
}

/// Signs in at the server `addr` (any process of the install).
pub async fn login_at(
    addr: &str,
    username: &str,
    password: &str,
    device_id: uuid::Uuid,
) -> Session {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let res = client
        .post(format!("{addr}/api/auth/login"))
        .json(&serde_json::json!({
            "username": username,
            "password": password,
            "device_id": device_id,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "login {username}");
    let profile: reses_domain::auth::Profile = res.json().await.unwrap();
    Session {
        client,
        device_id: profile.device_id.unwrap_or(device_id),
        profile,
        addr: addr.to_string(),
    }
}

/// A signed-in user: a cookie-keeping client bound to one device id.
pub struct Session {
    pub client: reqwest::Client,
    pub profile: reses_domain::auth::Profile,
    pub device_id: uuid::Uuid,
    pub addr: String,
}

impl TestApp {
    /// A server with the demo data loaded.
    pub async fn seeded() -> TestApp {
        let app = spawn_app().await;
        reses_server::demo::load_if_empty(&app.db)
            .await
            .unwrap()
            .unwrap();
        app
    }

    pub async fn login(&self, username: &str) -> Session {
        self.login_on(username, uuid::Uuid::now_v7()).await
    }

    pub async fn login_on(&self, username: &str, device_id: uuid::Uuid) -> Session {
        self.login_with(username, reses_server::demo::DEMO_PASSWORD, device_id)
            .await
    }

    /// Signs in with `password`; the session's device is the one the server gave.
    pub async fn login_with(
        &self,
        username: &str,
        password: &str,
        device_id: uuid::Uuid,
    ) -> Session {
        login_at(&self.addr, username, password, device_id).await
    }
    /// Records of `kind` as stored, straight from the database.
    pub async fn stored(&self, kind: &str) -> Vec<serde_json::Value> {
        self.stored_where(kind, "true").await
    }

    /// The records of `kind` that are not deleted.
    pub async fn stored_live(&self, kind: &str) -> Vec<serde_json::Value> {
        self.stored_where(kind, "not deleted").await
    }

    async fn stored_where(&self, kind: &str, filter: &str) -> Vec<serde_json::Value> {
        let rows = self
            .raw
            .strings(
                &format!("select data from records where kind = $1 and {filter} order by rev"),
                &[kind.into()],
            )
            .await;
        rows.iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect()
    }
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.addr)
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Uploads an attachment (its address is the SHA-256 of `body`).
    pub async fn upload(&self, content_type: &str, body: &[u8]) -> reqwest::Response {
        use sha2::Digest;
        let sha = crate::helpers_hex(&sha2::Sha256::digest(body));
        self.client
            .put(self.url(&format!("/api/attachments/{sha}")))
            .header("content-type", content_type)
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
    }

    pub async fn push_raw(&self, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/sync/push"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn push(
        &self,
        mutations: &[reses_domain::sync::Mutation],
    ) -> reses_domain::sync::PushResponse {
        let res = self
            .push_raw(serde_json::json!({ "mutations": mutations }))
            .await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// One page of a pull from `since` (`limit` changes at most).
    pub async fn pull_page(&self, since: i64, limit: u32) -> reses_domain::sync::PullResponse {
        let res = self
            .client
            .get(self.url(&format!("/api/sync/pull?since={since}&limit={limit}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    pub async fn pull_all(&self) -> Vec<reses_domain::sync::RecordEnvelope> {
        let mut since = 0;
        let mut out = Vec::new();
        loop {
            let page = self.pull_page(since, 100).await;
            out.extend(page.changes);
            since = page.cursor;
            if !page.more {
                return out;
            }
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

pub fn now_ms() -> i64 {
    reses_server::demo::now_ms()
}

/// A new guest for `event`, as a create mutation.
pub fn new_guest(event: uuid::Uuid, nama: &str) -> reses_domain::sync::Mutation {
    let id = uuid::Uuid::now_v7();
    let data = serde_json::json!({
        "id": id, "event_id": event, "nama": nama, "alamat": "Jl. Seruni No. 2",
        "rt": "002", "rw": "004", "kelurahan": "Medono", "jenis_kelamin": "L", "keterangan": ""
    });
    let changed = data.as_object().unwrap().keys().cloned().collect();
    reses_domain::sync::Mutation {
        mutation_id: uuid::Uuid::now_v7(),
        kind: reses_domain::sync::RecordKind::Tamu,
        record_id: id,
        base_rev: 0,
        op: reses_domain::sync::Op::Put { data, changed },
        client_time: now_ms(),
    }
}

/// A create mutation of `value` (every field changed).
pub fn put<T: serde::Serialize>(
    kind: reses_domain::sync::RecordKind,
    id: uuid::Uuid,
    value: &T,
    client_time: i64,
) -> reses_domain::sync::Mutation {
    let data = serde_json::to_value(value).unwrap();
    let changed = data.as_object().unwrap().keys().cloned().collect();
    reses_domain::sync::Mutation {
        mutation_id: uuid::Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev: 0,
        op: reses_domain::sync::Op::Put { data, changed },
        client_time,
    }
}

/// The first event assigned to the signed-in companion, and one of its guests.
pub async fn assigned(s: &Session) -> (uuid::Uuid, uuid::Uuid) {
    use reses_domain::sync::RecordKind;
    let all = s.pull_all().await;
    let event = all
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    let tamu = all
        .iter()
        .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == serde_json::json!(event))
        .unwrap()
        .id;
    (event, tamu)
}
