//! Safe to deploy, accounts side: an empty install has no accounts until the operator
//! makes the first admin; passwords are changed by their owners; accounts can be
//! disabled; sign-in is bounded and cannot be turned against the real owner; device ids
//! stay with their account; sessions end; every response carries security headers.

use reqwest::StatusCode;
use reses_domain::auth::{Profile, UserSummary};
use reses_domain::{ErrorBody, ErrorCode};
use reses_server::ServerConfig;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, spawn_app, spawn_app_on, spawn_app_with};

async fn login_raw(app: &TestApp, username: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/auth/login"))
        .json(&json!({"username": username, "password": password, "device_id": Uuid::now_v7()}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_install_without_demo_has_no_account_at_all() {
    let app = spawn_app().await;
    let users = app.raw.i64("select count(*) from users", &[]).await;
    assert_eq!(users, 0);
    let res = login_raw(&app, "admin", reses_server::demo::DEMO_PASSWORD).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn create_admin_makes_the_first_account_of_a_real_install() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("kantor.db").display());
    let run = |password: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_reses-server"))
            .args([
                "create-admin",
                "--username",
                "kepala.it",
                "--display-name",
                "Kepala TI",
            ])
            .env("DATABASE_URL", &url)
            .env("RESES_ADMIN_PASSWORD", password)
            .env("RESES_LOG", "warn")
            .output()
            .unwrap()
    };
    let short = run("pendek");
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("minimal 8"));
    let out = run("sandi-kantor-2026");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("kepala.it"));
    let again = run("sandi-kantor-2026");
    assert!(!again.status.success(), "the name is taken now");

    let app = spawn_app_on(dir, &url, ServerConfig::default()).await;
    let admin = app
        .login_with("kepala.it", "sandi-kantor-2026", Uuid::now_v7())
        .await;
    assert!(!admin.profile.must_change_password, "the operator chose it");
    let users: Vec<UserSummary> = admin.get("/api/admin/users").await.json().await.unwrap();
    assert_eq!(users.len(), 1, "no demo accounts in a real install");
}

#[tokio::test]
async fn a_first_admin_from_the_environment_must_choose_a_password_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_reses-server"))
        .args(["--port", &port.to_string(), "--log", "warn"])
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RESES_DIST", dir.path().join("dist"))
        .env("RESES_ADMIN_USERNAME", "admin.kantor")
        .env("RESES_ADMIN_PASSWORD", "sementara-123")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .is_err()
    {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let res = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "admin.kantor", "password": "sementara-123", "device_id": Uuid::now_v7()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let profile: Profile = res.json().await.unwrap();
    assert!(profile.must_change_password);
    let blocked = client
        .get(format!("{base}/api/admin/users"))
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), StatusCode::FORBIDDEN);
    let body: ErrorBody = blocked.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::PasswordChangeRequired);
    let changed = client
        .post(format!("{base}/api/auth/password"))
        .json(&json!({"current": "sementara-123", "new": "milik-saya-sendiri"}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let users = client
        .get(format!("{base}/api/admin/users"))
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn users_change_their_own_password_proving_the_current_one() {
    let app = TestApp::seeded().await;
    let here = app.login("staf").await;
    let elsewhere = app.login("staf").await;
    let wrong = here
        .post_json(
            "/api/auth/password",
            json!({"current": "salah-sekali", "new": "baru-dan-panjang"}),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let body: ErrorBody = wrong.json().await.unwrap();
    assert!(body.message.contains("saat ini salah"), "{}", body.message);
    let short = here
        .post_json(
            "/api/auth/password",
            json!({"current": "reses2026", "new": "pendek"}),
        )
        .await;
    assert_eq!(short.status(), StatusCode::BAD_REQUEST);

    let ok = here
        .post_json(
            "/api/auth/password",
            json!({"current": "reses2026", "new": "baru-dan-panjang"}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        here.get("/api/auth/me").await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        elsewhere.get("/api/auth/me").await.status(),
        StatusCode::UNAUTHORIZED,
        "other sessions end"
    );
    assert_eq!(login_raw(&app, "staf", "reses2026").await.status(), 400);
    assert_eq!(
        login_raw(&app, "staf", "baru-dan-panjang").await.status(),
        200
    );
}

#[tokio::test]
async fn an_admin_reset_forces_a_new_password_at_the_next_sign_in() {
    let app = TestApp::seeded().await;
    let admin = app.login("admin").await;
    let p1 = app.login("pendamping1").await;
    let reset = format!("/api/admin/users/{}/password", p1.profile.user_id);
    assert_eq!(
        admin
            .post_json(&reset, json!({"password": "dari-admin-1"}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let again = app
        .login_with("pendamping1", "dari-admin-1", Uuid::now_v7())
        .await;
    assert!(again.profile.must_change_password);
    // Until it is changed, only who-am-I, changing it and signing out answer.
    let me: Profile = again.get("/api/auth/me").await.json().await.unwrap();
    assert!(me.must_change_password);
    for path in ["/api/sync/pull?since=0", "/api/admin/users"] {
        let res = again.get(path).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(body.code, ErrorCode::PasswordChangeRequired);
    }
    let push = again.push_raw(json!({"mutations": []})).await;
    assert_eq!(push.status(), StatusCode::FORBIDDEN);
    let ok = again
        .post_json(
            "/api/auth/password",
            json!({"current": "dari-admin-1", "new": "pilihan-sendiri"}),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.get("/api/sync/pull?since=0").await.status(), 200);
    let users: Vec<UserSummary> = admin.get("/api/admin/users").await.json().await.unwrap();
    let u = users.iter().find(|u| u.username == "pendamping1").unwrap();
    assert!(!u.must_change_password);
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_and_its_sessions_end() {
    let app = TestApp::seeded().await;
    let admin = app.login("admin").await;
    let p2 = app.login("pendamping2").await;
    let id = p2.profile.user_id;
    assert_eq!(
        admin
            .post_json(&format!("/api/admin/users/{id}/disable"), json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        p2.get("/api/sync/pull?since=0").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let res = login_raw(&app, "pendamping2", "reses2026").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: ErrorBody = res.json().await.unwrap();
    assert!(body.message.contains("dinonaktifkan"), "{}", body.message);
    // A wrong password still gets the same answer as for anyone.
    let res = login_raw(&app, "pendamping2", "salah-salah").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let users: Vec<UserSummary> = admin.get("/api/admin/users").await.json().await.unwrap();
    assert!(!users.iter().find(|u| u.id == id).unwrap().active);

    assert_eq!(
        admin
            .post_json(&format!("/api/admin/users/{id}/enable"), json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        login_raw(&app, "pendamping2", "reses2026").await.status(),
        200
    );
    // No admin can lock themselves out; only admins may disable anyone.
    let own = format!("/api/admin/users/{}/disable", admin.profile.user_id);
    assert_eq!(admin.post_json(&own, json!({})).await.status(), 400);
    let staf = app.login("staf").await;
    assert_eq!(
        staf.post_json(&format!("/api/admin/users/{id}/disable"), json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_oversized_username_is_refused_before_anything_keeps_it() {
    let app = TestApp::seeded().await;
    let before = app.db.failure_rows().await.unwrap();
    for name in ["x".repeat(2 * 1024 * 1024), "y".repeat(41)] {
        let res = login_raw(&app, &name, "reses2026").await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    }
    let long_password = "p".repeat(100_000);
    assert_eq!(login_raw(&app, "staf", &long_password).await.status(), 400);
    assert_eq!(
        app.db.failure_rows().await.unwrap(),
        before,
        "nothing counted, nothing kept"
    );
}

#[tokio::test]
async fn failures_from_elsewhere_never_lock_the_owner_out_of_their_own_tablet() {
    let app = spawn_app_with(ServerConfig {
        behind_proxy: true,
        ..ServerConfig::default()
    })
    .await;
    reses_server::demo::load_if_empty(&app.db).await.unwrap();
    let from = |ip: &'static str, username: &'static str, password: &'static str, device: Uuid| {
        app.client
            .post(app.url("/api/auth/login"))
            .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
            .json(&json!({"username": username, "password": password, "device_id": device}))
            .send()
    };
    // The owner's tablet, registered by signing in once.
    let tablet = app.login("pendamping1").await.device_id;
    // An attacker at one address: five failures lock that pair only.
    for _ in 0..5 {
        from("198.51.100.7", "pendamping1", "tebak-tebak", Uuid::now_v7())
            .await
            .unwrap();
    }
    let locked = from("198.51.100.7", "pendamping1", "reses2026", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.headers().contains_key("retry-after"));
    let owner = from("10.20.0.5", "pendamping1", "reses2026", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(owner.status(), 200, "another address is not locked");

    // Many addresses: the username locks for new browsers, never for its own tablet,
    // wherever the tablet is.
    for i in 0..25u8 {
        let ip: &'static str = Box::leak(format!("198.51.100.{}", 20 + i).into_boxed_str());
        from(ip, "pendamping1", "tebak-tebak", Uuid::now_v7())
            .await
            .unwrap();
    }
    let new_browser = from("10.20.0.6", "pendamping1", "reses2026", Uuid::now_v7())
        .await
        .unwrap();
    assert_eq!(new_browser.status(), StatusCode::TOO_MANY_REQUESTS);
    for ip in ["198.51.100.7", "10.20.0.6"] {
        let own = from(ip, "pendamping1", "reses2026", tablet).await.unwrap();
        assert_eq!(own.status(), 200, "the registered tablet at {ip}");
    }
}

#[tokio::test]
async fn a_device_id_stays_with_the_account_that_registered_it() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let p2 = app.login_on("pendamping2", p1.device_id).await;
    assert_ne!(p2.device_id, p1.device_id, "a device of its own");
    assert_eq!(p2.profile.device_id, Some(p2.device_id));
    let admin = app.login("admin").await;
    let devices: Vec<reses_domain::auth::DeviceSummary> =
        admin.get("/api/admin/devices").await.json().await.unwrap();
    let owner = |d: Uuid| {
        devices
            .iter()
            .find(|x| x.id == d)
            .map(|x| x.username.clone())
    };
    assert_eq!(owner(p1.device_id).as_deref(), Some("pendamping1"));
    assert_eq!(owner(p2.device_id).as_deref(), Some("pendamping2"));
    // And the first account keeps its device and session.
    assert_eq!(p1.get("/api/auth/me").await.status(), 200);
    let p1_again = app.login_on("pendamping1", p1.device_id).await;
    assert_eq!(p1_again.device_id, p1.device_id);
}

#[tokio::test]
async fn a_session_ends_thirty_days_after_sign_in_however_much_it_is_used() {
    let app = TestApp::seeded().await;
    let s = app.login("pendamping1").await;
    // Used every ten days, the session slides each time and is never idle for two
    // weeks; thirty days after the sign-in it ends all the same.
    for _ in 0..2 {
        app.advance_clock(10 * 86_400_000);
        assert_eq!(
            s.get("/api/sync/pull?since=0").await.status(),
            StatusCode::OK
        );
    }
    app.advance_clock(10 * 86_400_000 + 60_000);
    let res = s.get("/api/sync/pull?since=0").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: ErrorBody = res.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::SessionExpired);
}

#[tokio::test]
async fn cookies_are_secure_when_the_public_address_is_https() {
    use clap::Parser;
    let config = reses_server::config::Config::parse_from([
        "reses-server",
        "--public-url",
        "https://reses.setwan.example",
    ]);
    let app = spawn_app_with(config.serve.server_config()).await;
    reses_server::demo::load_if_empty(&app.db).await.unwrap();
    let res = login_raw(&app, "staf", "reses2026").await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::seeded().await;
    let s = app.login("staf").await;
    let responses = [
        app.get("/").await,
        app.get(&format!("/{}", crate::helpers::JS)).await,
        app.get("/api/health").await,
        app.get("/api/tidak-ada").await,
        s.get("/api/sync/pull?since=0&limit=1").await,
    ];
    for res in responses {
        let url = res.url().to_string();
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        for part in [
            "script-src 'self' 'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(part), "{url}: {csp}");
        }
        let script = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(!script.contains("unsafe-inline"), "no inline script: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{url}");
        assert_eq!(h["x-frame-options"], "DENY", "{url}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{url}");
    }
}

#[tokio::test]
async fn a_companion_account_names_a_live_companion_that_no_one_else_speaks_for() {
    use reses_domain::sync::RecordKind;
    let app = TestApp::seeded().await;
    let admin = app.login("admin").await;
    let all = admin.pull_all().await;
    let p1_subject = app.login("pendamping1").await.profile.subject_id.unwrap();
    let users: Vec<UserSummary> = admin.get("/api/admin/users").await.json().await.unwrap();
    let linked: Vec<Uuid> = users.iter().filter_map(|u| u.subject_id).collect();
    let free = all
        .iter()
        .find(|r| r.kind == RecordKind::Pendamping && !linked.contains(&r.id))
        .map(|r| r.id)
        .unwrap();
    let member = all
        .iter()
        .find(|r| r.kind == RecordKind::Anggota)
        .unwrap()
        .id;
    let create = |subject: Option<Uuid>| {
        admin.post_json(
            "/api/admin/users",
            json!({"username": "pendamping7", "display_name": "Rahmat", "role": "pendamping",
                   "password": "awalDariAdmin1", "subject_id": subject}),
        )
    };
    for (subject, words) in [
        (None, "Pilih pendamping"),
        (Some(Uuid::now_v7()), "tidak ada"),
        (Some(member), "tidak ada"),
        (Some(p1_subject), "sudah memakai akun pendamping1"),
    ] {
        let res = create(subject).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{subject:?}");
        let body: ErrorBody = res.json().await.unwrap();
        assert!(body.message.contains(words), "{}", body.message);
    }
    let res = create(Some(free)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: UserSummary = res.json().await.unwrap();
    assert_eq!(created.subject_id, Some(free));

    // Relinking: refused onto a taken person, allowed onto a free one.
    let link = format!("/api/admin/users/{}/orang", created.id);
    let res = admin
        .post_json(&link, json!({"subject_id": p1_subject}))
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = admin.post_json(&link, json!({"subject_id": null})).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a companion account needs a person"
    );
    let staf_id = app.login("staf").await.profile.user_id;
    let res = admin
        .post_json(
            &format!("/api/admin/users/{staf_id}/orang"),
            json!({"subject_id": free}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "staff speak for no person"
    );
}

#[tokio::test]
async fn an_offline_key_opens_a_session_until_anything_ends_it() {
    use reses_domain::auth::OfflineKey;
    let app = TestApp::seeded().await;
    let tablet = app.login("pendamping1").await;
    let key: OfflineKey = tablet
        .post_json("/api/auth/offline-key", json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(key.secret.len(), 64);
    let unlock = |secret: String, device: Uuid| {
        app.client
            .post(app.url("/api/auth/offline-unlock"))
            .json(&json!({"key_id": key.key_id, "secret": secret, "device_id": device}))
            .send()
    };
    let ok = unlock(key.secret.clone(), tablet.device_id).await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(
        ok.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("reses_session=")
    );
    let profile: Profile = ok.json().await.unwrap();
    assert_eq!(profile.username, "pendamping1");
    assert_eq!(profile.device_id, Some(tablet.device_id));
    // The secret is bound to its device, and a wrong one gets nothing.
    assert_eq!(
        unlock(key.secret.clone(), Uuid::now_v7())
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        unlock("0".repeat(64), tablet.device_id)
            .await
            .unwrap()
            .status(),
        401
    );
    let raw = app
        .raw
        .string("select secret_hash from offline_keys", &[])
        .await;
    assert_ne!(raw, key.secret, "only a hash is kept");

    // A password change on another device ends it; so does an admin's reset.
    let phone = app.login("pendamping1").await;
    let res = phone
        .post_json(
            "/api/auth/password",
            json!({"current": "reses2026", "new": "sandiBaruSaya1"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        unlock(key.secret.clone(), tablet.device_id)
            .await
            .unwrap()
            .status(),
        401
    );
    let on_phone: OfflineKey = phone
        .post_json("/api/auth/offline-key", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let admin = app.login("admin").await;
    let reset = format!("/api/admin/users/{}/password", phone.profile.user_id);
    admin
        .post_json(&reset, json!({"password": "dariAdmin123"}))
        .await;
    let res = app
        .client
        .post(app.url("/api/auth/offline-unlock"))
        .json(&json!({"key_id": on_phone.key_id, "secret": on_phone.secret, "device_id": phone.device_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // A revoked device is told so.
    let p2 = app.login("pendamping2").await;
    let k2: OfflineKey = p2
        .post_json("/api/auth/offline-key", json!({}))
        .await
        .json()
        .await
        .unwrap();
    admin
        .post_json(
            &format!("/api/admin/devices/{}/revoke", p2.device_id),
            json!({}),
        )
        .await;
    let res = app
        .client
        .post(app.url("/api/auth/offline-unlock"))
        .json(&json!({"key_id": k2.key_id, "secret": k2.secret, "device_id": p2.device_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "revoked keys end with the device");
}
