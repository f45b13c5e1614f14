use std::path::{Path, PathBuf};

use reses_server::{AppState, db};
use tokio::sync::oneshot;

pub const WASM: &str = "reses-app-0123456789abcdef_bg.wasm";
pub const JS: &str = "reses-app-0123456789abcdef.js";
pub const CSS: &str = "main-fedcba9876543210.css";
pub const INDEX: &str = "<!DOCTYPE html><title>Reses</title><p>index</p>";

/// A running server with its own database and dist folder, stopped on drop.
pub struct TestApp {
    pub addr: String,
    pub client: reqwest::Client,
    pub db: db::Db,
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
    let dir = tempfile::tempdir().unwrap();
    let dist = write_dist(dir.path());
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let db = db::connect(&url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let mut state = AppState::new(db.clone(), false);
    state.limiter = std::sync::Arc::new(reses_server::auth::LoginLimiter::new(
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
        db,
        dir,
        stop: Some(stop),
        handle: Some(handle),
    }
}
