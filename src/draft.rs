//! Drafts of forms being filled in, kept in `localStorage` on every change so that
//! nothing typed is lost on reload, rotation or a closed tab. A draft is per user, form
//! and event, and is removed when the form is saved (the record and its outbox entry
//! then live in IndexedDB).

use gloo_storage::{LocalStorage as WebStorage, Storage};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The storage key of a draft: `reses.draf.<user>.<form>.<scope>`.
pub fn key(user: &str, form: &str, scope: &str) -> String {
    format!("reses.draf.{user}.{form}.{scope}")
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    crate::local::read(key)
}

/// Keeps the draft. Fails only when the browser's storage is full, which the form says.
pub fn save<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    WebStorage::set(key, value)
        .map_err(|_| "Draf tidak dapat disimpan: penyimpanan perangkat penuh.".to_string())
}

pub fn clear(key: &str) {
    WebStorage::delete(key);
}
