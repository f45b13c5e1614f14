//! Start-up and shut-down: migrations, demo data exactly once, graceful shutdown, and the
//! real binary stopping cleanly on SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reses_server::demo;

use crate::helpers::spawn_app;

#[tokio::test]
async fn demo_data_loads_into_an_empty_database_once() {
    let app = spawn_app().await;
    let logins = demo::load_if_empty(&app.db)
        .await
        .unwrap()
        .expect("first load");
    let roles: std::collections::BTreeSet<_> = logins.iter().map(|l| l.role).collect();
    assert_eq!(
        roles.len(),
        reses_domain::Role::ALL.len(),
        "one account per role"
    );

    let count = |kind: &'static str| {
        let raw = app.raw.clone();
        async move {
            raw.i64(
                "select count(*) from records where kind = $1",
                &[kind.into()],
            )
            .await
        }
    };
    assert_eq!(count("anggota").await, 20);
    assert_eq!(count("pendamping").await, 8);
    assert_eq!(count("masa_sidang").await, 1);
    assert_eq!(count("reses_event").await, 8);
    assert_eq!(count("tamu").await, 8 * 40);

    // Members cover the city's four dapil.
    let dapil: std::collections::BTreeSet<String> = app
        .stored("anggota")
        .await
        .iter()
        .map(|a| a["dapil"].to_string())
        .collect();
    assert_eq!(dapil.len(), 4);

    // Every stored record is valid by the shared domain rules.
    for g in app.stored("tamu").await {
        let t: reses_domain::reses::Tamu = serde_json::from_value(g).unwrap();
        t.validate().unwrap();
    }

    // The demo password verifies against the stored argon2id hash.
    let hash = app
        .raw
        .string(
            "select password_hash from users where username = 'staf'",
            &[],
        )
        .await;
    assert!(reses_server::password::verify(demo::DEMO_PASSWORD, &hash));

    // A second start changes nothing.
    assert!(demo::load_if_empty(&app.db).await.unwrap().is_none());
    assert_eq!(count("tamu").await, 8 * 40);
}

#[tokio::test]
async fn graceful_shutdown_finishes_and_releases_the_port() {
    let mut app = spawn_app().await;
    assert!(app.get("/api/health").await.status().is_success());
    tokio::time::timeout(Duration::from_secs(5), app.shutdown())
        .await
        .expect("server did not stop within 5 s")
        .unwrap();
    assert!(app.client.get(app.url("/api/health")).send().await.is_err());
}

#[test]
fn the_binary_migrates_serves_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reses-server"))
        .args(["--port", &port.to_string(), "--log", "warn"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("sub/dir/r.db").display()),
        )
        .env("RESES_DIST", dir.path().join("dist"))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    let health = loop {
        if let Ok(body) = http_get(port, "/api/health") {
            break body;
        }
        assert!(Instant::now() < deadline, "server did not come up");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(health.contains("\"database\":\"ok\""), "{health}");
    assert!(
        dir.path().join("sub/dir/r.db").exists(),
        "database file created"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            assert!(exit.success(), "exit status {exit}");
            break;
        }
        assert!(Instant::now() < deadline, "server ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts the server on `url` and returns how it ended and what it printed on stderr.
fn start_on(url: &str) -> (std::process::ExitStatus, String, Duration) {
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_reses-server"))
        .args(["--port", "0"])
        .env("DATABASE_URL", url)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

#[test]
fn an_unreachable_postgres_is_one_clear_line_without_the_password() {
    let port = free_port();
    let (status, err, took) = start_on(&format!(
        "postgres://reses:s3cret-pw@127.0.0.1:{port}/reses"
    ));
    assert!(!status.success());
    assert!(
        err.contains("cannot connect to postgres://reses:***@127.0.0.1"),
        "{err}"
    );
    assert!(!err.contains("s3cret-pw"), "{err}");
    assert_eq!(
        err.trim().lines().count(),
        1,
        "one line, no backtrace: {err}"
    );
    assert!(
        took < Duration::from_secs(15),
        "said at once, not after retries: {took:?}"
    );
}

#[test]
fn a_wrong_postgres_password_is_said_as_such() {
    let Ok(admin) = std::env::var("RESES_TEST_PG_URL") else {
        return; // needs the throwaway cluster (scripts/pg.sh), as `make test` runs it
    };
    let host = admin
        .trim_start_matches("postgres://")
        .split_once('@')
        .unwrap()
        .1;
    let (status, err, _) = start_on(&format!("postgres://reses_pw:salah-sekali@{host}"));
    assert!(!status.success());
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(err.contains("reses_pw:***@"), "{err}");
    assert!(!err.contains("salah-sekali"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn a_database_url_of_another_kind_is_refused() {
    let (status, err, _) = start_on("mysql://localhost/reses");
    assert!(!status.success());
    assert!(err.contains("neither sqlite://"), "{err}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}
