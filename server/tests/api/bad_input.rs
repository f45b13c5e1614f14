//! Bad input at the API: a 4xx with the shared JSON error body, nothing partially
//! applied, and the server keeps serving.

use reqwest::StatusCode;
use reses_domain::sync::{Outcome, RejectCode};
use reses_domain::{ErrorBody, ErrorCode};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{Session, TestApp, new_guest};

async fn expect_400(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{}", res.url());
    let body: ErrorBody = res.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::BadRequest);
    body.message
}

async fn raw(s: &Session, body: &'static str) -> reqwest::Response {
    s.client
        .post(s.url("/api/sync/push"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn malformed_pushes_are_refused_whole_with_a_clear_error() {
    let app = TestApp::seeded().await;
    let s = app.login("staf").await;
    let before = app.raw.i64("select count(*) from records", &[]).await;

    assert!(
        expect_400(raw(&s, "{not json").await)
            .await
            .contains("bukan JSON")
    );
    expect_400(raw(&s, r#"{"mutations": "banyak"}"#).await).await;
    let unknown_kind = r#"{"mutations":[{"mutation_id":"0192f0c4-0000-7000-8000-000000000001","kind":"rahasia","record_id":"0192f0c4-0000-7000-8000-000000000002","base_rev":0,"op":{"type":"delete"},"client_time":1790000000000}]}"#;
    expect_400(raw(&s, unknown_kind).await).await;
    let bad_uuid = r#"{"mutations":[{"mutation_id":"bukan-uuid","kind":"tamu","record_id":"0192f0c4-0000-7000-8000-000000000002","base_rev":0,"op":{"type":"delete"},"client_time":1790000000000}]}"#;
    expect_400(raw(&s, bad_uuid).await).await;
    let no_type = s
        .client
        .post(s.url("/api/sync/push"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(expect_400(no_type).await.contains("Content-Type"));

    let huge = "x".repeat(5 * 1024 * 1024);
    let res = s
        .client
        .post(s.url("/api/sync/push"))
        .header("content-type", "application/json")
        .body(format!(r#"{{"mutations":[],"pad":"{huge}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        res.json::<ErrorBody>().await.unwrap().code,
        ErrorCode::PayloadTooLarge
    );

    let too_many: Vec<_> = (0..501)
        .map(|i| new_guest(uuid::Uuid::now_v7(), &format!("T{i}")))
        .collect();
    expect_400(s.push_raw(json!({"mutations": too_many})).await).await;

    let after = app.raw.i64("select count(*) from records", &[]).await;
    assert_eq!(before, after, "nothing applied");
    assert!(
        app.get("/api/health").await.status().is_success(),
        "still serving"
    );
}

#[tokio::test]
async fn invalid_records_are_rejected_per_mutation_and_the_rest_of_the_batch_applies() {
    let app = TestApp::seeded().await;
    let s = app.login("staf").await;
    let event = uuid::Uuid::now_v7();
    let good = new_guest(event, "Sah");
    let mut empty = new_guest(event, "   ");
    let mut absurd = new_guest(event, "Waktu");
    absurd.client_time = 4_102_444_800_000; // year 2100
    let mut wrong_types = new_guest(event, "Tipe");
    if let reses_domain::sync::Op::Put { data, .. } = &mut wrong_types.op {
        data["rt"] = json!(12);
    }
    let script = new_guest(event, "<img src=x onerror=alert(1)>");
    empty.client_time -= 1;
    let out = s.push(&[good, empty, absurd, wrong_types, script]).await;
    let codes: Vec<_> = out.results.iter().map(|r| &r.outcome).collect();
    assert!(matches!(codes[0], Outcome::Applied { .. }));
    for (i, expect) in [
        (1, "Nama tamu wajib diisi."),
        (2, "jam perangkat"),
        (3, "format"),
    ] {
        let Outcome::Rejected {
            code: RejectCode::Invalid,
            reason,
        } = codes[i]
        else {
            panic!("{i}: {:?}", codes[i]);
        };
        assert!(reason.contains(expect), "{i}: {reason}");
    }
    assert!(
        matches!(codes[4], Outcome::Applied { .. }),
        "markup is data, stored as text"
    );
    let stored = app.stored("tamu").await;
    assert!(
        stored
            .iter()
            .any(|t| t["nama"] == "<img src=x onerror=alert(1)>")
    );
    assert!(
        !stored
            .iter()
            .any(|t| t["nama"] == "Tipe" || t["nama"] == "Waktu")
    );
}

#[tokio::test]
async fn pull_and_record_reads_refuse_bad_parameters() {
    let app = TestApp::seeded().await;
    let s = app.login("staf").await;
    expect_400(s.get("/api/sync/pull?since=abc").await).await;
    expect_400(s.get("/api/sync/pull?since=-5").await).await;
    expect_400(
        s.get("/api/records/rahasia/0192f0c4-0000-7000-8000-000000000001")
            .await,
    )
    .await;
    expect_400(s.get("/api/records/tamu/bukan-uuid").await).await;
    assert_eq!(
        s.get(&format!("/api/records/tamu/{}", uuid::Uuid::now_v7()))
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn attachments_are_verified_by_hash_type_and_size_and_uploads_are_idempotent() {
    let app = TestApp::seeded().await;
    let s = app.login("pendamping1").await;
    let photo = b"\xff\xd8\xff\xe0 pretend jpeg bytes".to_vec();
    let sha = crate::helpers_hex(&Sha256::digest(&photo));
    let put = |sha: String, ct: &'static str, body: Vec<u8>| {
        s.client
            .put(s.url(&format!("/api/attachments/{sha}")))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    assert_eq!(
        put(sha.clone(), "image/jpeg", photo.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        put(sha.clone(), "image/jpeg", photo.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let got = s.get(&format!("/api/attachments/{sha}")).await;
    assert_eq!(got.status(), 200);
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert_eq!(got.headers()["cache-control"], "no-store");
    assert_eq!(got.bytes().await.unwrap().as_ref(), photo.as_slice());

    let msg = expect_400(
        put(sha.clone(), "image/jpeg", b"other bytes".to_vec())
            .await
            .unwrap(),
    )
    .await;
    assert!(msg.contains("tidak cocok"), "{msg}");
    expect_400(
        put("1234".into(), "image/jpeg", photo.clone())
            .await
            .unwrap(),
    )
    .await;
    expect_400(put(sha.clone(), "text/html", photo.clone()).await.unwrap()).await;
    let big = vec![0u8; 11 * 1024 * 1024];
    let big_sha = crate::helpers_hex(&Sha256::digest(&big));
    assert_eq!(
        put(big_sha, "image/png", big).await.unwrap().status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );

    // A file no record cites is its uploader's only (security.rs: who reads what).
    for other in ["pendamping2", "staf"] {
        let other = app.login(other).await;
        assert_eq!(
            other.get(&format!("/api/attachments/{sha}")).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}
