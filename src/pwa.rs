//! The installable-app side of the shell: service worker registration, the "new version"
//! prompt, and whether the device is online.
//!
//! Update policy: a new service worker installs in the background and then *waits*. It
//! takes over only when the user accepts the prompt (we ask it to skip waiting, then
//! reload once it controls the page) or when every tab of the app has been closed (the
//! browser's own rule, i.e. the next start). Records and the outbox live in IndexedDB,
//! which a shell update never touches, so nothing waiting to sync is lost.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

const SW_URL: &str = "/sw.js";
const SKIP_WAITING: &str = "SKIP_WAITING";

/// Shell-wide state, provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct PwaState {
    /// The browser believes it has a network connection.
    pub online: ReadSignal<bool>,
    /// A new version is installed and waiting for the user's go-ahead.
    pub update_ready: ReadSignal<bool>,
}

pub fn provide_pwa() -> PwaState {
    let state = PwaState {
        online: use_online(),
        update_ready: register_service_worker(),
    };
    provide_context(state);
    state
}

pub fn use_pwa() -> PwaState {
    expect_context::<PwaState>()
}

fn use_online() -> ReadSignal<bool> {
    let initial = web_sys::window().is_none_or(|w| w.navigator().on_line());
    let (online, set_online) = signal(initial);
    // The shell lives as long as the page, so these listeners are never removed.
    std::mem::forget(window_event_listener(ev::online, move |_| {
        set_online.set(true)
    }));
    std::mem::forget(window_event_listener(ev::offline, move |_| {
        set_online.set(false)
    }));
    online
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Browsers without service workers (or insecure origins) lack the property.
    js_sys::Reflect::has(&navigator, &"serviceWorker".into())
        .ok()
        .filter(|has| *has)
        .map(|_| navigator.service_worker())
}

fn register_service_worker() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    let Some(container) = container() else {
        return ready;
    };
    let promise = container.register(SW_URL);
    spawn_local(async move {
        match JsFuture::from(promise).await {
            Ok(reg) => watch_for_updates(&container, reg.unchecked_into(), set_ready),
            Err(e) => web_sys::console::warn_2(&"Service worker gagal didaftarkan:".into(), &e),
        }
    });
    ready
}

fn watch_for_updates(
    container: &ServiceWorkerContainer,
    reg: ServiceWorkerRegistration,
    set_ready: WriteSignal<bool>,
) {
    // An update only matters when an older version controls this page; the very first
    // install simply takes over (clients.claim in sw.js).
    let has_controller = {
        let c = container.clone();
        move || c.controller().is_some()
    };
    if reg.waiting().is_some() && has_controller() {
        set_ready.set(true);
    }
    let reg_for_found = reg.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        let Some(installing) = reg_for_found.installing() else {
            return;
        };
        let worker = installing.clone();
        let has_controller = has_controller.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if worker.state() == ServiceWorkerState::Installed && has_controller() {
                set_ready.set(true);
            }
        });
        installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    reg.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// Activates the waiting version and reloads once it controls the page.
pub fn apply_update() {
    let Some(container) = container() else {
        return;
    };
    let on_change = Closure::<dyn FnMut()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    spawn_local(async move {
        let Ok(reg) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let Some(reg) = reg.dyn_into::<ServiceWorkerRegistration>().ok() else {
            return;
        };
        if let Some(waiting) = reg.waiting() {
            let _ = waiting.post_message(&SKIP_WAITING.into());
        }
    });
}
