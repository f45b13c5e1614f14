//! Authorisation: every endpoint against every role, and companions kept to their own
//! events (403), enforced by the server whatever the app shows.

use reqwest::StatusCode;
use reses_domain::Role;
use reses_domain::sync::{Mutation, Op, Outcome, RecordKind, RejectCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{TestApp, USERS, new_guest, now_ms};

#[tokio::test]
async fn every_endpoint_refuses_anonymous_requests_with_401() {
    let app = TestApp::seeded().await;
    let c = &app.client;
    let id = Uuid::now_v7();
    let sha = "0".repeat(64);
    let requests = [
        c.get(app.url("/api/auth/me")),
        c.post(app.url("/api/auth/logout")),
        c.get(app.url("/api/sync/pull?since=0")),
        c.post(app.url("/api/sync/push"))
            .json(&json!({"mutations": []})),
        c.get(app.url(&format!("/api/records/tamu/{id}"))),
        c.put(app.url(&format!("/api/attachments/{sha}"))).body("x"),
        c.get(app.url(&format!("/api/attachments/{sha}"))),
        c.get(app.url("/api/admin/users")),
        c.post(app.url("/api/admin/users")).json(&json!({})),
        c.post(app.url(&format!("/api/admin/users/{id}/password")))
            .json(&json!({"password": "x"})),
        c.post(app.url(&format!("/api/admin/users/{id}/revoke"))),
        c.get(app.url("/api/admin/devices")),
        c.post(app.url(&format!("/api/admin/devices/{id}/revoke"))),
    ];
    for req in requests {
        let res = req.send().await.unwrap();
        let url = res.url().clone();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{url}");
        let body: reses_domain::ErrorBody = res.json().await.unwrap();
        assert_eq!(body.code, reses_domain::ErrorCode::Unauthenticated, "{url}");
    }
}

#[tokio::test]
async fn admin_endpoints_are_for_admins_only() {
    let app = TestApp::seeded().await;
    for (user, role) in USERS {
        let s = app.login(user).await;
        let status = s.get("/api/admin/users").await.status();
        let devices = s.get("/api/admin/devices").await.status();
        let create = s
            .client
            .post(s.url("/api/admin/users"))
            .json(&json!({"username": format!("baru-{user}"), "display_name": "Baru", "role": "staf_setwan", "password": "kataSandi123"}))
            .send()
            .await
            .unwrap()
            .status();
        let expected = if role == Role::Admin {
            (StatusCode::OK, StatusCode::CREATED)
        } else {
            (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN)
        };
        assert_eq!((status, create), expected, "{user}");
        assert_eq!(devices, expected.0, "{user}");
    }
}

#[tokio::test]
async fn every_role_pulls_only_what_it_may_see_and_writes_only_what_it_may_change() {
    let app = TestApp::seeded().await;
    let staf = app.login("staf").await;
    let all = staf.pull_all().await;
    let p1_subject = app.login("pendamping1").await.profile.subject_id.unwrap();
    let p1_event = all
        .iter()
        .find(|r| {
            r.kind == RecordKind::ResesEvent
                && r.data["pendamping_ids"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(p1_subject))
        })
        .unwrap()
        .id;
    let member = all
        .iter()
        .find(|r| r.kind == RecordKind::Anggota)
        .unwrap()
        .clone();

    for (user, role) in USERS {
        let s = app.login(user).await;
        let seen = s.pull_all().await;
        let tamu = seen.iter().filter(|r| r.kind == RecordKind::Tamu).count();
        let expected_tamu = match role {
            Role::Admin | Role::StafSetwan | Role::AnalisKebijakan => 320,
            Role::Pendamping => 80,
            Role::Anggota => 40, // the demo member has one event
            _ => 0,
        };
        assert_eq!(tamu, expected_tamu, "{user} sees {tamu} guests");

        // One guest of pendamping1's first event, read directly.
        let guest = all
            .iter()
            .find(|r| r.kind == RecordKind::Tamu && r.data["event_id"] == json!(p1_event))
            .unwrap();
        let status = s
            .get(&format!("/api/records/tamu/{}", guest.id))
            .await
            .status();
        let member_of_event = role == Role::Anggota
            && all
                .iter()
                .any(|r| r.id == p1_event && r.data["anggota_id"] == json!(s.profile.subject_id));
        let may_read = matches!(role, Role::Admin | Role::StafSetwan | Role::AnalisKebijakan)
            || user == "pendamping1"
            || member_of_event;
        let expected = if may_read {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(
            status, expected,
            "{user} reading a guest of pendamping1's event"
        );
    }

    for (user, role) in USERS {
        let s = app.login(user).await;
        // A guest on pendamping1's event; a change to master data.
        let mut rename = member.data.clone();
        rename["nama"] = json!(format!("Nama oleh {user}"));
        let master = Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::Anggota,
            record_id: member.id,
            base_rev: 0,
            op: Op::Put {
                data: rename,
                changed: vec!["nama".into()],
            },
            client_time: now_ms(),
        };
        // A data request to a member (step 1, the policy analyst's job).
        let request_id = Uuid::now_v7();
        let today = reses_domain::tanggal::Tanggal::from_epoch_ms_wib(now_ms());
        let request_data = json!({
            "id": request_id, "anggota_id": member.id, "event_id": null,
            "perihal": format!("Daftar tamu, diminta oleh {user}"),
            "diminta": today.iso(), "tenggat": today.add_days(7).iso(),
            "diterima": null, "catatan": "",
        });
        let request = Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::PermintaanData,
            record_id: request_id,
            base_rev: 0,
            op: Op::Put {
                changed: request_data.as_object().unwrap().keys().cloned().collect(),
                data: request_data,
            },
            client_time: now_ms(),
        };
        let out = s
            .push(&[
                new_guest(p1_event, &format!("Tamu dari {user}")),
                master,
                request,
            ])
            .await;
        let allowed = |o: &Outcome| {
            !matches!(
                o,
                Outcome::Rejected {
                    code: RejectCode::Forbidden,
                    ..
                }
            )
        };
        let expect_guest = matches!(role, Role::Admin | Role::StafSetwan) || user == "pendamping1";
        let expect_master = matches!(role, Role::Admin | Role::StafSetwan);
        assert_eq!(
            allowed(&out.results[0].outcome),
            expect_guest,
            "{user} guest: {:?}",
            out.results[0]
        );
        assert_eq!(
            allowed(&out.results[1].outcome),
            expect_master,
            "{user} master: {:?}",
            out.results[1]
        );
        let expect_request = matches!(role, Role::Admin | Role::StafSetwan | Role::AnalisKebijakan);
        assert_eq!(
            allowed(&out.results[2].outcome),
            expect_request,
            "{user} data request: {:?}",
            out.results[2]
        );
        if expect_request {
            assert!(
                matches!(out.results[2].outcome, Outcome::Applied { .. }),
                "{user} data request: {:?}",
                out.results[2]
            );
        }
    }
}

#[tokio::test]
async fn a_companion_can_neither_read_nor_write_another_companions_event() {
    let app = TestApp::seeded().await;
    let p1 = app.login("pendamping1").await;
    let p2 = app.login("pendamping2").await;
    let theirs = p2.pull_all().await;
    let event = theirs
        .iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap();
    let guest = theirs.iter().find(|r| r.kind == RecordKind::Tamu).unwrap();

    let res = p1
        .get(&format!("/api/records/reses_event/{}", event.id))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: reses_domain::ErrorBody = res.json().await.unwrap();
    assert_eq!(body.code, reses_domain::ErrorCode::Forbidden);
    assert_eq!(
        p1.get(&format!("/api/records/tamu/{}", guest.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        p2.get(&format!("/api/records/tamu/{}", guest.id))
            .await
            .status(),
        StatusCode::OK
    );

    let out = p1.push(&[new_guest(event.id, "Penyusup")]).await;
    assert!(matches!(
        out.results[0].outcome,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    // Moving one of p2's guests into p1's own event is refused too.
    let mine = p1
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap();
    let mut moved = guest.data.clone();
    moved["event_id"] = json!(mine.id);
    let m = Mutation {
        mutation_id: Uuid::now_v7(),
        kind: RecordKind::Tamu,
        record_id: guest.id,
        base_rev: guest.rev,
        op: Op::Put {
            data: moved,
            changed: vec!["event_id".into()],
        },
        client_time: now_ms(),
    };
    assert!(matches!(
        p1.push(&[m]).await.results[0].outcome,
        Outcome::Rejected {
            code: RejectCode::Forbidden,
            ..
        }
    ));
    assert!(
        app.stored("tamu")
            .await
            .iter()
            .all(|t| t["nama"] != "Penyusup")
    );
}
