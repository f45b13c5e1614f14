//! The one access policy (`reses_domain::akses`) against the real server: every role ×
//! record kind × change, and every role × task, is answered by the server exactly as the
//! policy says. The app decides what it shows from the same policy, so a button the app
//! shows is a change the server accepts, and a change it hides is one the server refuses.

use reqwest::StatusCode;
use reses_domain::Role;
use reses_domain::akses::{self, Hak, Perubahan, Tugas};
use reses_domain::aspirasi::DokumentasiReses;
use reses_domain::kantor::{HariLibur, KesiapanReses};
use reses_domain::kehadiran::Kehadiran;
use reses_domain::sync::{Mutation, Op, Outcome, RecordKind, RejectCode};
use reses_domain::tanggal::Tanggal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Session, TestApp, USERS, new_guest, now_ms};

/// The admin makes the records the others change, in events assigned to pendamping1.
struct Bench {
    admin: Session,
    p1: Uuid,
    samples: Vec<(RecordKind, Value)>,
    holidays: u32,
}

impl Bench {
    async fn new(app: &TestApp) -> Bench {
        let admin = app.login("admin").await;
        let p1 = app.login("pendamping1").await.profile.subject_id.unwrap();
        let mut samples = Vec::new();
        for r in admin.pull_all().await {
            if !r.deleted && !samples.iter().any(|(k, _)| *k == r.kind) {
                samples.push((r.kind, r.data));
            }
        }
        Bench {
            admin,
            p1,
            samples,
            holidays: 0,
        }
    }

    fn sample(&self, kind: RecordKind) -> Value {
        self.samples
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("the demo data has no {kind:?}"))
    }

    /// A new open event assigned to pendamping1.
    async fn event(&self) -> Uuid {
        let id = Uuid::now_v7();
        let mut data = self.sample(RecordKind::ResesEvent);
        data["id"] = json!(id);
        data["pendamping_ids"] = json!([self.p1]);
        data["status"] = json!("siap");
        self.applied(&self.admin, create(RecordKind::ResesEvent, id, data))
            .await;
        id
    }

    /// A new guest of `event`.
    async fn guest(&self, event: Uuid) -> Uuid {
        let m = new_guest(event, "Tamu uji hak");
        let id = m.record_id;
        self.applied(&self.admin, m).await;
        id
    }

    /// A new, valid record of `kind` in `event` (its id and data).
    async fn fresh(&mut self, kind: RecordKind, event: Uuid) -> (Uuid, Value) {
        let id = Uuid::now_v7();
        let mut data = match kind {
            RecordKind::ResesEvent => {
                let mut d = self.sample(kind);
                d["pendamping_ids"] = json!([self.p1]);
                d
            }
            RecordKind::Tamu => return new_guest_data(event),
            RecordKind::Kehadiran => {
                let tamu = self.guest(event).await;
                let by = reses_domain::kehadiran::Pencatat {
                    user_id: self.admin.profile.user_id,
                    nama: "Admin".into(),
                    perangkat: None,
                    waktu: now_ms(),
                };
                let k = Kehadiran::check_in(None, event, tamu, true, ttd(), &by).unwrap();
                return (k.id, serde_json::to_value(k).unwrap());
            }
            RecordKind::TamuTambahan => json!({
                "tanda_tangan": signature(),
                "event_id": event, "nama": "Pak Warsono", "alamat": "Jl. Seruni 4",
                "rt": "001", "rw": "002", "kelurahan": "Medono", "jenis_kelamin": "L",
                "telepon": "", "waktu": now_ms(),
                "dicatat_oleh": Uuid::nil(), "nama_pencatat": ""
            }),
            RecordKind::Aspirasi => json!({
                "event_id": event, "pengusul": {"ref_id": null, "nama": "Bu Tini"},
                "bidang": "Kesehatan", "masalah": "Posyandu rusak", "permintaan": "Perbaikan",
                "kecamatan": "Pekalongan Barat", "kelurahan": "Medono", "rt": "", "rw": "",
                "alamat": "", "volume": null, "satuan": "", "prioritas": "sedang",
                "foto": [], "waktu": now_ms(), "dicatat_oleh": Uuid::nil(),
                "nama_pencatat": ""
            }),
            RecordKind::DokumentasiReses => {
                let d = DokumentasiReses::empty(event);
                return (d.id, serde_json::to_value(d).unwrap());
            }
            RecordKind::KesiapanReses => {
                let mut d = self.sample(kind);
                d["id"] = json!(KesiapanReses::id_for(event));
                d["event_id"] = json!(event);
                return (KesiapanReses::id_for(event), d);
            }
            RecordKind::HariLibur => {
                self.holidays += 1;
                let date = Tanggal::new(2031, 1, 1)
                    .unwrap()
                    .add_days(self.holidays as i64);
                let id = HariLibur::id_for(date);
                let d = json!({"id": id, "tanggal": date.iso(), "nama": "Libur uji"});
                return (id, d);
            }
            RecordKind::Izin => {
                let mut d = self.sample(kind);
                d["status"] = json!("draf");
                d["riwayat"] = json!([]);
                d["nomor_registrasi"] = Value::Null;
                d["nomor_surat"] = Value::Null;
                d["diajukan"] = json!(false);
                d
            }
            _ => self.sample(kind),
        };
        data["id"] = json!(id);
        if data.get("event_id").is_some_and(|e| !e.is_null()) {
            data["event_id"] = json!(event);
        }
        (id, data)
    }

    /// The office's document settings as stored (made by the admin the first time).
    async fn settings(&self) -> (Uuid, Value, i64) {
        let kind = RecordKind::PengaturanKantor;
        let stored = self
            .admin
            .pull_all()
            .await
            .into_iter()
            .find(|r| r.kind == kind);
        if let Some(r) = stored {
            return (r.id, r.data, r.rev);
        }
        let s = reses_domain::pengaturan::PengaturanKantor::default();
        let data = serde_json::to_value(&s).unwrap();
        let rev = self
            .applied(&self.admin, create(kind, s.id, data.clone()))
            .await;
        (s.id, data, rev)
    }

    /// Pushes `m` as `s` and asserts it was applied; its new revision.
    async fn applied(&self, s: &Session, m: Mutation) -> i64 {
        let kind = m.kind;
        let out = s.push(&[m]).await;
        match out.results[0].outcome {
            Outcome::Applied { rev } => rev,
            ref o => panic!("{kind:?} by {}: {o:?}", s.profile.username),
        }
    }
}

fn ttd() -> reses_domain::tanda_tangan::TandaTangan {
    reses_domain::tanda_tangan::TandaTangan::from_strokes(
        300.0,
        120.0,
        &[vec![(5.0, 5.0), (80.0, 60.0)]],
    )
    .unwrap()
}

fn signature() -> Value {
    serde_json::to_value(ttd()).unwrap()
}

fn new_guest_data(event: Uuid) -> (Uuid, Value) {
    let m = new_guest(event, "Tamu uji hak");
    match m.op {
        Op::Put { data, .. } => (m.record_id, data),
        Op::Delete => unreachable!(),
    }
}

fn create(kind: RecordKind, id: Uuid, data: Value) -> Mutation {
    let changed = data.as_object().unwrap().keys().cloned().collect();
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev: 0,
        op: Op::Put { data, changed },
        client_time: now_ms(),
    }
}

/// An edit of one field, as a screen makes it: of an event its status (the one thing a
/// companion may change), of anything else a field the device owns.
fn edit(kind: RecordKind, id: Uuid, mut data: Value, base_rev: i64) -> Mutation {
    let field = if kind == RecordKind::ResesEvent {
        data["status"] = json!("berlangsung");
        "status".to_string()
    } else {
        const NOT: [&str; 8] = [
            "id",
            "event_id",
            "tamu_id",
            "status",
            "riwayat",
            "nomor_registrasi",
            "nomor_surat",
            "dicatat_oleh",
        ];
        data.as_object()
            .unwrap()
            .keys()
            .find(|k| !NOT.contains(&k.as_str()))
            .unwrap()
            .clone()
    };
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev,
        op: Op::Put {
            data,
            changed: vec![field],
        },
        client_time: now_ms(),
    }
}

fn delete(kind: RecordKind, id: Uuid, base_rev: i64) -> Mutation {
    Mutation {
        mutation_id: Uuid::now_v7(),
        kind,
        record_id: id,
        base_rev,
        op: Op::Delete,
        client_time: now_ms(),
    }
}

/// The policy's answer for this user: "on assigned events" holds for pendamping1 (the
/// events here are theirs) and not for pendamping2.
fn expected(user: &str, role: Role, kind: RecordKind, change: Perubahan) -> bool {
    match akses::hak(role, kind, change) {
        Hak::Ya => true,
        Hak::Penugasan => user == "pendamping1",
        Hak::Tidak => false,
    }
}

#[tokio::test]
async fn the_server_answers_every_role_kind_and_change_as_the_access_policy_says() {
    let app = TestApp::seeded().await;
    let mut bench = Bench::new(&app).await;
    let mut checked = 0;
    for (user, role) in USERS {
        let s = app.login(user).await;
        // Three new events per user: one for creating, one for editing, one for deleting,
        // so that one-per-event records (documentation, readiness) do not collide.
        let (for_new, for_edit, for_delete) = (
            bench.event().await,
            bench.event().await,
            bench.event().await,
        );
        for kind in RecordKind::ALL {
            let mut attempts = Vec::new();
            // The office's document settings are one record: edited, never made anew.
            if kind != RecordKind::PengaturanKantor {
                let (id, data) = bench.fresh(kind, for_new).await;
                attempts.push((Perubahan::Tambah, create(kind, id, data)));
            }
            let (id, data, rev) = if kind == RecordKind::PengaturanKantor {
                bench.settings().await
            } else {
                let (id, data) = bench.fresh(kind, for_edit).await;
                let rev = bench
                    .applied(&bench.admin, create(kind, id, data.clone()))
                    .await;
                (id, data, rev)
            };
            attempts.push((Perubahan::Ubah, edit(kind, id, data, rev)));
            if kind != RecordKind::PengaturanKantor {
                let (id, data) = bench.fresh(kind, for_delete).await;
                let rev = bench.applied(&bench.admin, create(kind, id, data)).await;
                attempts.push((Perubahan::Hapus, delete(kind, id, rev)));
            }
            for (change, m) in attempts {
                let out = s.push(&[m]).await;
                let outcome = &out.results[0].outcome;
                let allowed = expected(user, role, kind, change);
                if allowed {
                    assert!(
                        matches!(outcome, Outcome::Applied { .. }),
                        "{user} {change:?} {kind:?}: the policy allows it, the server said {outcome:?}"
                    );
                } else {
                    assert!(
                        matches!(
                            outcome,
                            Outcome::Rejected {
                                code: RejectCode::Forbidden,
                                ..
                            }
                        ),
                        "{user} {change:?} {kind:?}: the policy refuses it, the server said {outcome:?}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, USERS.len() * (RecordKind::ALL.len() * 3 - 2));
}

#[tokio::test]
async fn the_server_answers_every_role_and_task_as_the_access_policy_says() {
    let app = TestApp::seeded().await;
    let admin = app.login("admin").await;
    let event = admin
        .pull_all()
        .await
        .into_iter()
        .find(|r| r.kind == RecordKind::ResesEvent)
        .unwrap()
        .id;
    for (user, role) in USERS {
        let s = app.login(user).await;
        for tugas in Tugas::ALL {
            let c = &s.client;
            let req = match tugas {
                Tugas::KantorReses => {
                    c.get(s.url(&format!("/api/ekspor/kehadiran.csv?event={event}")))
                }
                Tugas::ImporTamu => c
                    .post(s.url(&format!("/api/kegiatan/{event}/impor-tamu")))
                    .header("content-type", "text/csv")
                    .body("nama;alamat\n"),
                Tugas::UnggahLampiran => c
                    .put(s.url(&format!("/api/attachments/{}", "0".repeat(64))))
                    .header("content-type", "image/jpeg")
                    .body("x"),
                Tugas::ProsesIzin => c
                    .post(s.url(&format!("/api/izin/{}/tindakan", Uuid::now_v7())))
                    .json(&json!({"aksi": "lanjut", "catatan": ""})),
                Tugas::CariStatusIzin => c.get(s.url("/api/izin/status?nomor=REG-0000")),
                Tugas::KelolaAkun => c.get(s.url("/api/admin/users")),
            };
            let status = req.send().await.unwrap().status();
            let allowed = akses::boleh(role, tugas);
            assert_eq!(
                status != StatusCode::FORBIDDEN,
                allowed,
                "{user} {tugas:?}: the policy says {allowed}, the server answered {status}"
            );
            assert!(!status.is_server_error(), "{user} {tugas:?}: {status}");
        }
    }
}
