//! A few functions exported to JavaScript (`window.wasmBindings` under Trunk) so the
//! end-to-end tests and `make bench` can drive the real storage and sync code in the
//! real app, fast. Each goes through the entry point the UI uses and can do nothing a
//! signed-in user could not do on a screen: records are saved through the storage
//! layer with their kind's validation (as the office's list editor saves), a sync pass
//! runs under the device-wide sync lock like the runner's, and everything acts on the
//! signed-in user's own database; the server judges every change as it judges the UI's.
//! They ship in the production build (README, "Test hooks"): a separate test build would
//! cost CI another release build of the app.

use std::future::Future;
use std::pin::Pin;

use reses_domain::sync::RecordKind;
use serde_json::json;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use crate::storage::{Store, db_name};
use crate::sync::runner::under_lock;

/// A Promise of `work`'s value for JavaScript. An exported `async fn` is a copy of
/// wasm-bindgen's future-to-promise code each; through here the hooks share one.
fn promise<T: Into<JsValue>>(
    work: impl Future<Output = Result<T, JsValue>> + 'static,
) -> js_sys::Promise {
    let work: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> =
        Box::pin(async move { work.await.map(Into::into) });
    wasm_bindgen_futures::future_to_promise(work)
}

async fn open() -> Result<Store, JsValue> {
    Store::open_named(&signed_in_store_name()?, crate::storage::schema::VERSION)
        .await
        .map_err(|e| JsValue::from_str(&e.message()))
}

fn signed_in_store_name() -> Result<String, JsValue> {
    use gloo_storage::Storage;
    let profile: reses_domain::auth::Profile = gloo_storage::LocalStorage::get("reses.profile")
        .map_err(|_| JsValue::from_str("belum masuk"))?;
    Ok(db_name(&profile.user_id.to_string()))
}

/// Adds `count` guests to `event_id` through the storage layer (record + outbox per
/// guest), `per_tx` per transaction. Returns how many were written.
#[wasm_bindgen(js_name = diagTambahTamu)]
pub fn add_guests(event_id: String, count: u32, prefix: String, per_tx: u32) -> js_sys::Promise {
    promise(async move {
        let store = open().await?;
        let per_tx = per_tx.max(1);
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
        store.close();
        Ok(written)
    })
}

/// Runs one complete sync pass now, under the device-wide sync lock (waiting for a
/// pass in progress, as the runner's next pass would); returns `[pushed, pulled]`.
#[wasm_bindgen(js_name = diagSinkronkan)]
pub fn sync_now() -> js_sys::Promise {
    promise(async move {
        let store = open().await?;
        let pass = store.clone();
        let r = under_lock(true, move || crate::lazy::sync_pass(pass))
            .await
            .ok_or_else(|| JsValue::from_str("kunci sinkronisasi tidak dapat diambil"))?
            .map_err(|e| JsValue::from_str(&e.message()));
        store.close();
        let r = r?;
        Ok(vec![r.pushed, r.pulled])
    })
}

/// How many outbox entries wait on this device.
#[wasm_bindgen(js_name = diagAntrean)]
pub fn unsent() -> js_sys::Promise {
    promise(async move {
        let store = open().await?;
        let n = store
            .unsent()
            .await
            .map_err(|e| JsValue::from_str(&e.message()));
        store.close();
        n
    })
}

/// Keeps `text` as a small attachment (for tests); returns its SHA-256.
#[wasm_bindgen(js_name = diagLampiran)]
pub fn add_attachment(text: String, content_type: String) -> js_sys::Promise {
    promise(async move {
        let store = open().await?;
        let r = store
            .put_attachment(text.into_bytes(), &content_type)
            .await
            .map_err(|e| JsValue::from_str(&e.message()));
        store.close();
        r
    })
}

/// Saves one record of `kind` with the given JSON data as a local change, checked by
/// the kind's own rules as the office's list editor saves it (for tests of what the UI
/// does with changes the server refuses).
#[wasm_bindgen(js_name = diagSimpan)]
pub fn save_raw(kind: String, data_json: String) -> js_sys::Promise {
    promise(async move {
        let kind =
            RecordKind::parse(&kind).ok_or_else(|| JsValue::from_str("jenis tidak dikenal"))?;
        let data: serde_json::Value =
            serde_json::from_str(&data_json).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let id = data
            .get("id")
            .and_then(|v| v.as_str())
            .and_then(|s| Uuid::parse_str(s).ok())
            .ok_or_else(|| JsValue::from_str("data tanpa id"))?;
        let store = open().await?;
        let r = store
            .save_checked(kind, id, data)
            .await
            .map(|_| JsValue::UNDEFINED)
            .map_err(|e| JsValue::from_str(&e.message()));
        store.close();
        r
    })
}

/// Bytes of the app's WebAssembly memory (where the Rust side keeps loaded records).
#[wasm_bindgen(js_name = diagMemoriWasm)]
pub fn wasm_memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    js_sys::ArrayBuffer::from(memory.buffer()).byte_length() as f64
}
