//! Values the app keeps in the browser's `localStorage` (drafts, the device's identity,
//! the signed-in profile, lock settings) and `sessionStorage` (a search typed), as JSON.

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::de::DeserializeOwned;

/// The value under `key`, or `None` when there is none or it does not read as `T`.
/// Read as a JSON value first and then through [`reses_domain::json::dari`], as records
/// and the server's answers are: one decoder per type in the app, not a second one for
/// JSON text.
pub fn read<T: DeserializeOwned>(key: &str) -> Option<T> {
    reses_domain::json::dari(json(LocalStorage::raw(), key)?).ok()
}

/// [`read`] from `sessionStorage` (kept while the tab lives).
pub fn read_session<T: DeserializeOwned>(key: &str) -> Option<T> {
    reses_domain::json::dari(json(SessionStorage::raw(), key)?).ok()
}

/// Not generic: the text under `key` as a JSON value.
fn json(storage: web_sys::Storage, key: &str) -> Option<serde_json::Value> {
    let text = storage.get_item(key).ok()??;
    serde_json::from_str(&text).ok()
}
