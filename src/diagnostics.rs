//! A few functions exported to JavaScript (`window.wasmBindings` under Trunk) so the
//! end-to-end tests and `make bench` can drive the real storage and sync code in the
//! real app, fast. Each goes through the entry point the UI uses and can do nothing a
//! signed-in user could not do on a screen: records are saved through the storage
//! layer with their kind's validation (as the office's list editor saves), a sync pass
//! runs under the device-wide sync lock like the runner's, and everything acts on the
//! signed-in user's own database; the server judges every change as it judges the UI's.
//! They ship in the production build (README, "Test hooks"): a separate test build would
//! cost CI another release build of the app.

use reses_domain::sync::RecordKind;
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use crate::storage::{Store, db_name};
use crate::sync::runner::under_lock;

/// A test hook's call; [`run`] does its work in the sync engine's chunk
/// ([`crate::lazy::uji`]), so the hooks cost the first chunk only these exports.
#[derive(Debug)]
pub enum Uji {
    TambahTamu {
        event_id: String,
        count: u32,
        prefix: String,
        per_tx: u32,
    },
    Sinkronkan,
    Antrean,
    Lampiran {
        text: String,
        content_type: String,
    },
    Simpan {
        kind: String,
        data_json: String,
    },
}

/// A Promise of the hook's value for JavaScript, its work loaded with its chunk.
fn promise(uji: Uji) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(crate::lazy::uji(uji))
}

/// Adds `count` guests to `event_id` through the storage layer (record + outbox per
/// guest), `per_tx` per transaction. Resolves to how many were written.
#[wasm_bindgen(js_name = diagTambahTamu)]
pub fn add_guests(event_id: String, count: u32, prefix: String, per_tx: u32) -> js_sys::Promise {
    promise(Uji::TambahTamu {
        event_id,
        count,
        prefix,
        per_tx,
    })
}

/// Runs one complete sync pass now, under the device-wide sync lock (waiting for a
/// pass in progress, as the runner's next pass would); resolves to `[pushed, pulled]`.
#[wasm_bindgen(js_name = diagSinkronkan)]
pub fn sync_now() -> js_sys::Promise {
    promise(Uji::Sinkronkan)
}

/// How many outbox entries wait on this device.
#[wasm_bindgen(js_name = diagAntrean)]
pub fn unsent() -> js_sys::Promise {
    promise(Uji::Antrean)
}

/// Keeps `text` as a small attachment (for tests); resolves to its SHA-256.
#[wasm_bindgen(js_name = diagLampiran)]
pub fn add_attachment(text: String, content_type: String) -> js_sys::Promise {
    promise(Uji::Lampiran { text, content_type })
}

/// Saves one record of `kind` with the given JSON data as a local change, checked by
/// the kind's own rules as the office's list editor saves it (for tests of what the UI
/// does with changes the server refuses).
#[wasm_bindgen(js_name = diagSimpan)]
pub fn save_raw(kind: String, data_json: String) -> js_sys::Promise {
    promise(Uji::Simpan { kind, data_json })
}

/// Does a hook's work on the signed-in user's store, closed again afterwards.
pub async fn run(uji: Uji) -> Result<JsValue, JsValue> {
    let store = open().await?;
    let done = run_on(&store, uji).await;
    store.close();
    done
}

async fn open() -> Result<Store, JsValue> {
    Store::open_named(&signed_in_store_name()?, crate::storage::schema::VERSION)
        .await
        .map_err(|e| JsValue::from_str(&e.message()))
}

fn signed_in_store_name() -> Result<String, JsValue> {
    let profile: reses_domain::auth::Profile =
        crate::local::read("reses.profile").ok_or_else(|| JsValue::from_str("belum masuk"))?;
    Ok(db_name(&profile.user_id.to_string()))
}

async fn run_on(store: &Store, uji: Uji) -> Result<JsValue, JsValue> {
    let message = |e: crate::storage::StorageError| JsValue::from_str(&e.message());
    match uji {
        Uji::TambahTamu {
            event_id,
            count,
            prefix,
            per_tx,
        } => add_guests_to(store, &event_id, count, &prefix, per_tx.max(1))
            .await
            .map(JsValue::from),
        Uji::Sinkronkan => {
            let pass = store.clone();
            let r = under_lock(true, move || crate::lazy::sync_pass(pass))
                .await
                .ok_or_else(|| JsValue::from_str("kunci sinkronisasi tidak dapat diambil"))?
                .map_err(|e| JsValue::from_str(&e.message()))?;
            Ok(vec![r.pushed, r.pulled].into())
        }
        Uji::Antrean => store.unsent().await.map(JsValue::from).map_err(message),
        Uji::Lampiran { text, content_type } => store
            .put_attachment(text.into_bytes(), &content_type)
            .await
            .map(JsValue::from)
            .map_err(message),
        Uji::Simpan { kind, data_json } => {
            let kind =
                RecordKind::parse(&kind).ok_or_else(|| JsValue::from_str("jenis tidak dikenal"))?;
            let data: serde_json::Value =
                serde_json::from_str(&data_json).map_err(|e| JsValue::from_str(&e.to_string()))?;
            let id = data
                .get("id")
                .and_then(|v| v.as_str())
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or_else(|| JsValue::from_str("data tanpa id"))?;
            store
                .save_checked(kind, id, data)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(message)
        }
    }
}

async fn add_guests_to(
    store: &Store,
    event_id: &str,
    count: u32,
    prefix: &str,
    per_tx: u32,
) -> Result<u32, JsValue> {
    let mut written = 0;
    while written < count {
        let n = per_tx.min(count - written);
        let batch = (0..n)
            .map(|i| {
                let id = Uuid::now_v7();
                let data = json!({
                    "id": id, "event_id": event_id, "nama": format!("{prefix} {}", written + i + 1),
                    "alamat": "Jl. Kurinci No. 7", "rt": "003", "rw": "005", "kelurahan": "Medono",
                    "jenis_kelamin": "P", "keterangan": "",
                });
                (id, data, false)
            })
            .collect::<Vec<_>>();
        for (id, data, _) in &batch {
            crate::lazy::check(RecordKind::Tamu, *id, data, crate::storage::now_ms() as i64)
                .await
                .map_err(|e| JsValue::from_str(&e.message()))?;
        }
        store
            .save_many(RecordKind::Tamu, batch)
            .await
            .map_err(|e| JsValue::from_str(&e.message()))?;
        written += n;
    }
    Ok(written)
}

/// Bytes of the app's WebAssembly memory (where the Rust side keeps loaded records).
#[wasm_bindgen(js_name = diagMemoriWasm)]
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::ArrayBuffer::from(memory.buffer()).byte_length() as f64
}
