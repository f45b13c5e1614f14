//! Serving the built app: MIME types, compression, cache headers, SPA fallback, and the
//! JSON 404 under /api.

use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use reses_domain::{ErrorBody, ErrorCode, Health};

use crate::helpers::{CSS, INDEX, JS, WASM, spawn_app};

fn header(res: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn health_reports_version_and_database() {
    let app = spawn_app().await;
    let res = app.get("/api/health").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, CACHE_CONTROL), "no-store");
    let body: Health = res.json().await.unwrap();
    assert_eq!(body.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(body.database, reses_domain::api::ComponentStatus::Ok);
    assert_eq!(body.status, reses_domain::api::ComponentStatus::Ok);
}

#[tokio::test]
async fn health_says_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.db.close().await;
    let res = app.get("/api/health").await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Health = res.json().await.unwrap();
    assert_eq!(
        body.database,
        reses_domain::api::ComponentStatus::Unavailable
    );
}

#[tokio::test]
async fn unknown_api_paths_get_the_json_404_not_the_app() {
    let app = spawn_app().await;
    for path in ["/api/nope", "/api/", "/api/health/extra", "/api/reses/123"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(header(&res, CONTENT_TYPE), "application/json", "{path}");
        assert_eq!(header(&res, CACHE_CONTROL), "no-store", "{path}");
        let body: ErrorBody = res.json().await.unwrap();
        assert_eq!(body.code, ErrorCode::NotFound);
        assert!(!body.message.is_empty());
    }
}

#[tokio::test]
async fn files_are_served_with_their_mime_types() {
    let app = spawn_app().await;
    for (path, mime) in [
        (format!("/{WASM}"), "application/wasm"),
        (format!("/{JS}"), "text/javascript"),
        (format!("/{CSS}"), "text/css"),
        ("/index.html".to_string(), "text/html"),
        ("/sw.js".to_string(), "text/javascript"),
        (
            "/manifest.webmanifest".to_string(),
            "application/manifest+json",
        ),
        ("/icons/icon-192.png".to_string(), "image/png"),
    ] {
        let res = app.get_with(&path, "identity").await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, CONTENT_TYPE), mime, "{path}");
    }
}

#[tokio::test]
async fn precompressed_files_are_sent_when_the_browser_accepts_them() {
    let app = spawn_app().await;
    let br = app.get_with(&format!("/{WASM}"), "gzip, br").await;
    assert_eq!(header(&br, CONTENT_ENCODING), "br");
    assert!(header(&br, VARY).to_lowercase().contains("accept-encoding"));
    assert_eq!(header(&br, CONTENT_TYPE), "application/wasm");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI-WASM");

    let gz = app.get_with("/index.html", "gzip").await;
    assert_eq!(header(&gz, CONTENT_ENCODING), "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"GZIP-INDEX");

    let plain = app.get_with(&format!("/{WASM}"), "identity").await;
    assert_eq!(header(&plain, CONTENT_ENCODING), "");
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm\x01\0\0\0");
}

#[tokio::test]
async fn files_without_a_precompressed_sibling_and_api_json_are_compressed_on_the_fly() {
    let app = spawn_app().await;
    // The CSS has no .br/.gz sibling; it is still compressed when large enough. Ours is
    // tiny, so instead check the API, whose JSON goes through the same layer.
    let res = app.get_with("/api/nope", "gzip").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&res, CONTENT_ENCODING), "gzip");
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
    let app = spawn_app().await;
    let immutable = "public, max-age=31536000, immutable";
    for path in [format!("/{WASM}"), format!("/{JS}"), format!("/{CSS}")] {
        let res = app.get(&path).await;
        assert_eq!(header(&res, CACHE_CONTROL), immutable, "{path}");
    }
    for path in [
        "/",
        "/index.html",
        "/sw.js",
        "/manifest.webmanifest",
        "/reses",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_and_missing_files_are_404() {
    let app = spawn_app().await;
    for path in [
        "/",
        "/reses",
        "/izin/0192f0c4-aaaa",
        "/sinkronisasi?tab=konflik",
    ] {
        let res = app.get_with(path, "identity").await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(header(&res, CONTENT_TYPE), "text/html", "{path}");
        assert_eq!(res.text().await.unwrap(), INDEX, "{path}");
    }
    // The fallback honours compression too.
    let br = app.get_with("/reses", "br").await;
    assert_eq!(header(&br, CONTENT_ENCODING), "br");

    for path in [
        "/missing.js",
        "/icons/missing.png",
        "/reses-app-ffffffffffffffff_bg.wasm",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn path_traversal_cannot_leave_dist() {
    let app = spawn_app().await;
    std::fs::write(app.dir.path().join("secret.txt"), "rahasia").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/icons/..%2f..%2fsecret.txt",
    ] {
        let res = app.get(path).await;
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("rahasia"),
            "{path} leaked a file outside dist"
        );
    }
}
