//! A busy office at one moment, on the real server with a real SQLite file: 50 sign-ins,
//! 50 pushers, 20 uploads, session slides and admin actions all at once. No request may
//! answer 5xx ("database is locked" was a 500 before writes went through one writer), and
//! every acknowledged mutation is stored exactly once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reses_domain::sync::{Mutation, Outcome, PushResponse, RecordKind};
use serde_json::json;
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::helpers::{Session, TestApp, new_guest};

#[derive(Default)]
struct Tally {
    statuses: Vec<u16>,
    latencies: Vec<Duration>,
    acknowledged: Vec<Uuid>,
}

impl Tally {
    fn record(&mut self, status: u16, took: Duration) {
        self.statuses.push(status);
        self.latencies.push(took);
    }
}

async fn timed(tally: &Mutex<Tally>, req: reqwest::RequestBuilder) -> Option<reqwest::Response> {
    let t = Instant::now();
    let res = req.send().await;
    let took = t.elapsed();
    match res {
        Ok(r) => {
            tally.lock().await.record(r.status().as_u16(), took);
            Some(r)
        }
        Err(e) => {
            // A transport error is a failure to answer: count it as a 5xx.
            eprintln!("transport error: {e}");
            tally.lock().await.record(599, took);
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sign_ins_pushes_uploads_and_admin_actions_at_once_never_answer_5xx() {
    let app = TestApp::seeded().await;
    let mut staf: Vec<Session> = Vec::new();
    for _ in 0..5 {
        staf.push(app.login("staf").await);
    }
    let event = staf[0]
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    let p1 = app.login("pendamping1").await;
    let admin = app.login("admin").await;
    let walikota = app.login("walikota").await.profile.user_id;
    // Every request below slides its session: a write on each one.
    app.advance_clock(2 * 3_600_000);

    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    let users = [
        "staf",
        "analis",
        "anggota",
        "pendamping1",
        "pendamping2",
        "kesra",
        "pptk",
        "kabag",
        "sekda",
        "informasi",
    ];
    for i in 0..50 {
        let (client, url, tally) = (
            app.client.clone(),
            app.url("/api/auth/login"),
            tally.clone(),
        );
        let username = users[i % users.len()];
        tasks.spawn(async move {
            let body =
                json!({"username": username, "password": "reses2026", "device_id": Uuid::now_v7()});
            timed(&tally, client.post(url).json(&body)).await;
        });
    }
    for i in 0..50 {
        let s = &staf[i % staf.len()];
        let (client, url, tally) = (s.client.clone(), s.url("/api/sync/push"), tally.clone());
        tasks.spawn(async move {
            for round in 0..6 {
                let batch: Vec<Mutation> = (0..20)
                    .map(|n| new_guest(event, &format!("Tamu {i}-{round}-{n}")))
                    .collect();
                // Some batches are sent twice (a lost answer): acknowledged, stored once.
                let times = if round == 2 { 2 } else { 1 };
                for _ in 0..times {
                    let req = client.post(&url).json(&json!({ "mutations": batch }));
                    let Some(res) = timed(&tally, req).await else {
                        continue;
                    };
                    if !res.status().is_success() {
                        continue;
                    }
                    let body: PushResponse = res.json().await.unwrap();
                    let mut t = tally.lock().await;
                    for r in body.results {
                        assert!(
                            matches!(
                                r.outcome,
                                Outcome::Applied { .. } | Outcome::Duplicate { .. }
                            ),
                            "{r:?}"
                        );
                        t.acknowledged.push(r.mutation_id);
                    }
                }
            }
        });
    }
    for i in 0..20u8 {
        let (client, url_of, tally) = (p1.client.clone(), p1.addr.clone(), tally.clone());
        tasks.spawn(async move {
            let body: Vec<u8> = (0..200_000)
                .map(|n| (n as u8).wrapping_mul(i + 1))
                .collect();
            use sha2::Digest;
            let sha = crate::helpers_hex(&sha2::Sha256::digest(&body));
            let req = client
                .put(format!("{url_of}/api/attachments/{sha}"))
                .header("content-type", "image/jpeg")
                .body(body);
            timed(&tally, req).await;
        });
    }
    for i in 0..10 {
        let (client, base, tally) = (admin.client.clone(), admin.addr.clone(), tally.clone());
        tasks.spawn(async move {
            timed(&tally, client.get(format!("{base}/api/admin/users"))).await;
            let reset = format!("{base}/api/admin/users/{walikota}/password");
            let body = json!({"password": format!("sandi-baru-{i:03}")});
            timed(&tally, client.post(reset).json(&body)).await;
        });
    }
    while let Some(r) = tasks.join_next().await {
        r.unwrap();
    }
    let wall = started.elapsed();

    let t = tally.lock().await;
    let errors = t.statuses.iter().filter(|&&s| s >= 500).count();
    let mut lat = t.latencies.clone();
    lat.sort();
    let pct = |p: f64| lat[((lat.len() - 1) as f64 * p) as usize];
    println!(
        "concurrency: {} requests in {:.1} s, {errors} answered 5xx, latency p50 {:?} p95 {:?} max {:?}",
        lat.len(),
        wall.as_secs_f64(),
        pct(0.5),
        pct(0.95),
        lat[lat.len() - 1]
    );
    assert_eq!(errors, 0, "statuses: {:?}", t.statuses);
    assert!(
        t.statuses.iter().all(|&s| s < 400 || s == 429),
        "{:?}",
        t.statuses
    );

    // Every acknowledged mutation is stored exactly once.
    let mut ids = t.acknowledged.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 50 * 6 * 20, "every batch acknowledged");
    let logged: std::collections::HashSet<String> = app
        .raw
        .strings("select mutation_id from mutations", &[])
        .await
        .into_iter()
        .collect();
    assert!(
        ids.iter().all(|m| logged.contains(&m.to_string())),
        "every acknowledged mutation is logged"
    );
    let guests = app
        .stored("tamu")
        .await
        .iter()
        .filter(|t| {
            let nama = t["nama"].as_str().unwrap_or_default();
            nama.starts_with("Tamu ") && nama.matches('-').count() >= 2
        })
        .count();
    assert_eq!(guests, ids.len());
    let uploads = app.raw.i64("select count(*) from attachments", &[]).await;
    assert_eq!(uploads, 20);
}
