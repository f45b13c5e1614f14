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
        let db = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("select count(*) from records where kind = ?")
                .bind(kind)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(count("anggota").await, 20);
    assert_eq!(count("pendamping").await, 8);
    assert_eq!(count("masa_sidang").await, 1);
    assert_eq!(count("reses_event").await, 8);
    assert_eq!(count("tamu").await, 8 * 40);

    // Members cover the city's four dapil.
    let dapil: Vec<String> = sqlx::query_scalar(
        "select distinct json_extract(data, '$.dapil') from records where kind = 'anggota' order by 1",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(dapil.len(), 4);

    // Every stored record is valid by the shared domain rules.
    let guests: Vec<String> = sqlx::query_scalar("select data from records where kind = 'tamu'")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    for g in guests {
        let t: reses_domain::reses::Tamu = serde_json::from_str(&g).unwrap();
        t.validate().unwrap();
    }

    // The demo password verifies against the stored argon2id hash.
    let hash: String =
        sqlx::query_scalar("select password_hash from users where username = 'staf'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
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

#[test]
fn a_postgres_url_is_refused_with_a_clear_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_reses-server"))
        .args(["--port", "0"])
        .env("DATABASE_URL", "postgres://localhost/reses")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PostgreSQL is not supported"), "{err}");
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
