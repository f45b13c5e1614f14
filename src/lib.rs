//! Reses & Izin Kegiatan: the offline-first app for Setwan DPRD Kota Pekalongan and the
//! city's welfare section (Bagian Kesra).
//!
//! # Layout
//! - [`app`]: providers, the router and the shell layout.
//! - [`routes`]: the app's routes as an enum (paths and labels in one place).
//! - [`pages`]: one screen per file.
//! - [`lazy`]: the screens that load with their own chunk, after the first screen.
//! - [`components`]: one exported widget per file.
//! - [`session`]: the signed-in user, their store, and the sync loop's status.
//! - [`storage`]: IndexedDB: records, the outbox, the schema; the only code touching it.
//! - [`sync`]: the server API and the sync engine; the only code talking to the server.
//! - [`diagnostics`]: functions exported to JS for end-to-end tests and benchmarks.
//! - [`draft`]: form drafts kept on every keystroke.
//! - [`hooks`]: `use_loaded`/`Loaded` (reading the device, one error policy) and
//!   `use_form` (a form's draft and save).
//! - [`photo`]: photos downscaled on the device before they are stored.
//! - [`qr`]: reading invitation QR codes from the camera.
//! - [`viewport`]: keeps the focused field above the on-screen keyboard.
//! - [`pwa`]: service worker registration, the update prompt, the online indicator.

pub mod app;
pub mod components;
pub mod diagnostics;
pub mod draft;
pub mod hooks;
pub mod lazy;
pub mod local;
pub mod offline_unlock;
pub mod pages;
pub mod perf;
pub mod photo;
pub mod pwa;
pub mod qr;
pub mod routes;
pub mod session;
pub mod storage;
pub mod sync;
pub mod viewport;

/// Mounts the app into `<body>` and marks the first interactive render for benchmarks
/// (`performance.mark("app-ready")`).
pub fn mount() {
    leptos::mount::mount_to_body(app::App);
    viewport::keep_focused_field_visible();
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(el) = window
        .document()
        .and_then(|d| d.get_element_by_id("memuat"))
    {
        el.remove();
    }
    if let Some(perf) = window.performance() {
        let _ = perf.mark("app-ready");
    }
}
