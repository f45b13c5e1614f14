//! The IndexedDB schema and its upgrade path. Each version's step runs once, in order,
//! inside the browser's version-change transaction; a failed step aborts the upgrade and
//! leaves the previous version (and its data) as it was.
//!
//! - v1: one object store per record kind (key `id`), the `outbox` (auto-increment
//!   `seq`), and `meta` (out-of-line keys: the pull cursor, last sync time).
//! - v2: indexes to list an event's records (`by_event`) and the outbox by record and by
//!   status, without scanning.
//! - v3: `attachments` (photos, scans, signatures as images), keyed by SHA-256, with an
//!   index on upload status.
//! - v4: the stores of what is recorded in the field (attendance, walk-ins, aspirations,
//!   event documentation), each with `by_event`.
//! - v5: permit applications (`izin`) and complaints (`pengaduan`).
//! - v6: the office's records: wilayah, aspiration categories, holidays, data requests,
//!   budget lines and readiness checklists (the last three with `by_event`).
//! - v7: the office's document settings (`pengaturan_kantor`).
//!
//! Every step names its kinds in a list of its own, frozen with the step: a kind added
//! later never changes what an old step creates.

use indexed_db_futures::database::{Database, VersionChangeEvent};
use indexed_db_futures::prelude::*;
use reses_domain::sync::RecordKind;

pub const VERSION: u32 = 7;

/// The record kinds that existed at v1; later kinds are created by their own step.
const V1_KINDS: [RecordKind; 5] = [
    RecordKind::Anggota,
    RecordKind::Pendamping,
    RecordKind::MasaSidang,
    RecordKind::ResesEvent,
    RecordKind::Tamu,
];
pub const OUTBOX: &str = "outbox";
pub const META: &str = "meta";
pub const ATTACHMENTS: &str = "attachments";
pub const BY_EVENT: &str = "by_event";
pub const BY_RECORD: &str = "by_record";
pub const BY_STATUS: &str = "by_status";

/// Runs the steps from the database's current version up to `target`.
pub fn upgrade(
    ev: &VersionChangeEvent,
    db: &Database,
    target: u32,
) -> indexed_db_futures::Result<()> {
    let old = ev.old_version() as u32;
    if old < 1 && target >= 1 {
        v1(db)?;
    }
    if old < 2 && target >= 2 {
        v2(db)?;
    }
    if old < 3 && target >= 3 {
        v3(db)?;
    }
    if old < 4 && target >= 4 {
        v4(db)?;
    }
    if old < 5 && target >= 5 {
        v5(db)?;
    }
    if old < 6 && target >= 6 {
        v6(db)?;
    }
    if old < 7 && target >= 7 {
        v7(db)?;
    }
    Ok(())
}

fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    for kind in V1_KINDS {
        db.create_object_store(kind.as_str())
            .with_key_path("id".into())
            .build()?;
    }
    db.create_object_store(OUTBOX)
        .with_key_path("seq".into())
        .with_auto_increment(true)
        .build()?;
    db.create_object_store(META).build()?;
    Ok(())
}

fn v2(db: &Database) -> indexed_db_futures::Result<()> {
    // indexed_db_futures 0.6 has no handle on the version-change transaction; a store
    // created in it hands the transaction over, and is removed again at the end.
    let tmp = db.create_object_store("__upgrade").build()?;
    let tx = tmp.transaction();
    for kind in [RecordKind::Tamu, RecordKind::ResesEvent] {
        let store = tx.object_store(kind.as_str())?;
        store.create_index(BY_EVENT, "event_id".into()).build()?;
    }
    let outbox = tx.object_store(OUTBOX)?;
    outbox.create_index(BY_RECORD, "record_id".into()).build()?;
    outbox.create_index(BY_STATUS, "status".into()).build()?;
    drop(outbox);
    drop(tmp);
    db.delete_object_store("__upgrade")?;
    Ok(())
}

fn v3(db: &Database) -> indexed_db_futures::Result<()> {
    let store = db
        .create_object_store(ATTACHMENTS)
        .with_key_path("sha256".into())
        .build()?;
    store.create_index(BY_STATUS, "status".into()).build()?;
    Ok(())
}

/// The field kinds as they were at v4.
const V4_KINDS: [RecordKind; 4] = [
    RecordKind::Kehadiran,
    RecordKind::TamuTambahan,
    RecordKind::Aspirasi,
    RecordKind::DokumentasiReses,
];

fn v4(db: &Database) -> indexed_db_futures::Result<()> {
    for kind in V4_KINDS {
        let store = db
            .create_object_store(kind.as_str())
            .with_key_path("id".into())
            .build()?;
        store.create_index(BY_EVENT, "event_id".into()).build()?;
    }
    Ok(())
}

fn v5(db: &Database) -> indexed_db_futures::Result<()> {
    for kind in [RecordKind::Izin, RecordKind::Pengaduan] {
        db.create_object_store(kind.as_str())
            .with_key_path("id".into())
            .build()?;
    }
    Ok(())
}

fn v6(db: &Database) -> indexed_db_futures::Result<()> {
    for kind in [
        RecordKind::Wilayah,
        RecordKind::KategoriAspirasi,
        RecordKind::HariLibur,
    ] {
        db.create_object_store(kind.as_str())
            .with_key_path("id".into())
            .build()?;
    }
    for kind in [
        RecordKind::PermintaanData,
        RecordKind::BelanjaReses,
        RecordKind::KesiapanReses,
    ] {
        let store = db
            .create_object_store(kind.as_str())
            .with_key_path("id".into())
            .build()?;
        store.create_index(BY_EVENT, "event_id".into()).build()?;
    }
    Ok(())
}

fn v7(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(RecordKind::PengaturanKantor.as_str())
        .with_key_path("id".into())
        .build()?;
    Ok(())
}
