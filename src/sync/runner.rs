//! When to sync: at start, when the connection comes back, every 30 s while online,
//! soon after a local change, and from the "Sinkronkan" button; with exponential
//! backoff and jitter after failures. One runner per device even with several tabs
//! open: each pass runs under a Web Lock (`navigator.locks`), and a tab that finds the
//! lock taken simply skips its turn.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::storage::Store;
use crate::sync::engine::{SyncError, SyncReport};

const LOCK_NAME: &str = "reses-sync";

/// Runs one sync pass while holding the device-wide lock. `None` when another tab is
/// syncing right now.
pub async fn sync_exclusive(store: Store) -> Option<Result<SyncReport, SyncError>> {
    under_lock(false, move || crate::lazy::sync_pass(store)).await
}

/// Runs `work` while holding the device-wide sync lock, so no sync pass of any tab runs
/// at the same time. With `wait`, waits for a pass in progress to end; without, gives
/// `None` at once when the lock is taken. Without Web Locks (old browsers) it just runs.
pub async fn under_lock<F, Fut, T>(wait: bool, work: F) -> Option<T>
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = T> + 'static,
    T: 'static,
{
    let Some(locks) = web_locks() else {
        return Some(work().await);
    };
    let slot: Rc<RefCell<Option<T>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let callback = wasm_bindgen::closure::Closure::once_into_js(move |lock: JsValue| -> JsValue {
        if lock.is_null() {
            return Promise::resolve(&JsValue::FALSE).into();
        }
        future_to_promise(async move {
            let r = work().await;
            *out.borrow_mut() = Some(r);
            Ok(JsValue::TRUE)
        })
        .into()
    });
    request_lock(&locks, wait, &callback).await;
    slot.take()
}

/// `navigator.locks`, where the browser has it.
fn web_locks() -> Option<JsValue> {
    web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())
}

/// Requests the sync lock for `callback` and waits until it has run (or was turned away
/// because the lock was taken and `wait` is false). Not generic: one copy in the app.
async fn request_lock(locks: &JsValue, wait: bool, callback: &JsValue) {
    let options = Object::new();
    if !wait {
        let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    }
    let Some(request) = Reflect::get(locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let Some(promise) = request
        .call3(locks, &LOCK_NAME.into(), &options, callback)
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return;
    };
    let _ = JsFuture::from(promise).await;
}
