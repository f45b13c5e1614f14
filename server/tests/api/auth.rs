//! Accounts: login, sessions, logout, rate limiting, admin actions, revocation.

use reqwest::StatusCode;
use reses_domain::{ErrorBody, ErrorCode, Role};
use serde_json::json;

use crate::helpers::{Session, TestApp};

async fn error(res: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = res.status();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn login_sets_an_httponly_strict_cookie_and_me_returns_the_profile() {
    let app = TestApp::seeded().await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({"username": "PENDAMPING1", "password": "reses2026", "device_id": uuid::Uuid::now_v7()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("reses_session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/api", "Max-Age="] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let s = app.login("pendamping1").await;
    assert_eq!(s.profile.role, Role::Pendamping);
    assert!(s.profile.subject_id.is_some());
    let me: reses_domain::auth::Profile = s.get("/api/auth/me").await.json().await.unwrap();
    assert_eq!(me, s.profile);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_clear_message() {
    let app = TestApp::seeded().await;
    for (u, p) in [("staf", "salah"), ("tidakada", "reses2026")] {
        let res = app
            .client
            .post(app.url("/api/auth/login"))
            .json(&json!({"username": u, "password": p, "device_id": uuid::Uuid::now_v7()}))
            .send()
            .await
            .unwrap();
        let (status, body) = error(res).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body.message, "Nama pengguna atau kata sandi salah.");
    }
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_with_a_clear_message() {
    let app = TestApp::seeded().await;
    let attempt = |pw: &'static str| {
        app.client
            .post(app.url("/api/auth/login"))
            .json(&json!({"username": "kesra", "password": pw, "device_id": uuid::Uuid::now_v7()}))
            .send()
    };
    for _ in 0..4 {
        assert_eq!(
            attempt("salah").await.unwrap().status(),
            StatusCode::BAD_REQUEST
        );
    }
    let res = attempt("salah").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
    let body: ErrorBody = res.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::TooManyRequests);
    assert!(
        body.message.contains("Coba lagi dalam 5 menit"),
        "{}",
        body.message
    );
    // Even the right password is refused while locked.
    assert_eq!(
        attempt("reses2026").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = TestApp::seeded().await;
    let s = app.login("staf").await;
    let res = s
        .client
        .post(s.url("/api/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, body) = error(s.get("/api/auth/me").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, ErrorCode::Unauthenticated);
}

#[tokio::test]
async fn an_expired_session_gets_session_expired() {
    let app = TestApp::seeded().await;
    let s = app.login("pendamping1").await;
    // Two weeks and a minute without use (the server's clock moves; nothing is edited).
    app.advance_clock(reses_server::auth::SESSION_TTL_MS + 60_000);
    let (status, body) = error(s.get("/api/sync/pull?since=0").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, ErrorCode::SessionExpired);
    assert!(body.message.contains("masuk kembali"));
}

async fn admin_post(admin: &Session, path: &str, body: serde_json::Value) -> reqwest::Response {
    admin
        .client
        .post(admin.url(path))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn admin_creates_users_resets_passwords_and_revokes_sessions_and_devices() {
    let app = TestApp::seeded().await;
    let admin = app.login("admin").await;

    let res = admin_post(
        &admin,
        "/api/admin/users",
        json!({
            "username": "pendamping9", "display_name": "Rahmat Hidayat", "role": "staf_setwan",
            "password": "pendek"
        }),
    )
    .await;
    let (status, body) = error(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.message.contains("minimal 8"), "{}", body.message);

    let res = admin_post(
        &admin,
        "/api/admin/users",
        json!({
            "username": "pendamping9", "display_name": "Rahmat Hidayat", "role": "staf_setwan",
            "password": "kataSandiBaru1"
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: reses_domain::auth::UserSummary = res.json().await.unwrap();
    let dup = admin_post(&admin, "/api/admin/users", json!({
        "username": "PENDAMPING9", "display_name": "X", "role": "staf_setwan", "password": "kataSandiBaru1"
    }))
    .await;
    assert_eq!(
        error(dup).await.1.message,
        "Nama pengguna PENDAMPING9 sudah dipakai."
    );

    // The new user signs in, then the admin resets the password: old session ends.
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&json!({"username": "pendamping9", "password": "kataSandiBaru1", "device_id": uuid::Uuid::now_v7()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let staf = app.login("staf").await;
    let reset = format!("/api/admin/users/{}/password", staf.profile.user_id);
    assert_eq!(
        admin_post(&admin, &reset, json!({"password": "gantiSandi99"}))
            .await
            .status(),
        204
    );
    assert_eq!(
        staf.get("/api/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Revoking a user's sessions.
    let p2 = app.login("pendamping2").await;
    let revoke = format!("/api/admin/users/{}/revoke", p2.profile.user_id);
    assert_eq!(admin_post(&admin, &revoke, json!({})).await.status(), 204);
    assert_eq!(
        p2.get("/api/auth/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Revoking a device: a distinct error code, and it cannot sign in again from it.
    let p1 = app.login("pendamping1").await;
    let devices: Vec<reses_domain::auth::DeviceSummary> =
        admin.get("/api/admin/devices").await.json().await.unwrap();
    assert!(devices.iter().any(|d| d.id == p1.device_id));
    let revoke = format!("/api/admin/devices/{}/revoke", p1.device_id);
    assert_eq!(admin_post(&admin, &revoke, json!({})).await.status(), 204);
    let (status, body) = error(p1.get("/api/sync/pull?since=0").await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body.code, ErrorCode::DeviceRevoked);
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(
            &json!({"username": "pendamping1", "password": "reses2026", "device_id": p1.device_id}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(error(res).await.1.code, ErrorCode::DeviceRevoked);

    let users: Vec<reses_domain::auth::UserSummary> =
        admin.get("/api/admin/users").await.json().await.unwrap();
    assert!(users.iter().any(|u| u.id == created.id));
    let raw = admin.get("/api/admin/users").await.text().await.unwrap();
    assert!(
        !raw.contains("argon2"),
        "password hashes never leave the server"
    );
}
