//! Screens that load with their own chunk of the app, after the first screen.
//!
//! The first chunk holds what a companion needs to open the app offline and check a guest
//! in (shell, sign-in, session, storage, the reses list, the event hub, the check-in list
//! and check-in with signature). Every other screen is in one lazy chunk: the route's view
//! `reses_app::lazy::LayarLain` loads it, and its own routes (`pages::LayarLain`) pick the
//! screen; [`lazy_screens!`] lists the entry points. The service worker precaches every
//! chunk, so a screen opened for the first time offline still loads; a chunk that cannot
//! be loaded (a broken update, a cleared cache while offline) shows a message with a
//! retry, never a dead page.
//!
//! With the `split` feature (the shipped build, `index.html`) each chunk is a
//! `wasm_split` point: `scripts/postbuild.mjs` cuts the module into chunks with
//! `wasm-split-cli`. Without it (tests, clippy) the same functions are called directly.

// The `wasm_split` expansion declares the chunk's loader and its import with `unsafe`
// (an `extern` block and the loader's constructor); nothing in this file writes any.
#![allow(unsafe_code)]

use std::future::Future;
use std::pin::Pin;

use futures::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::Store;
use crate::sync::engine::{SyncError, SyncReport};

/// Builds a screen; the code it runs lives in the screen's chunk.
type Layar = fn() -> AnyView;

/// Loading a chunk failed (offline without it in the cache, or the server refused it).
#[derive(Debug, Clone, Copy)]
pub struct GagalMuat;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for GagalMuat {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        GagalMuat
    }
}

type Muat = Pin<Box<dyn Future<Output = Result<Layar, GagalMuat>>>>;

/// Calls a lazy entry point: with the `split` feature its chunk loads first (awaited),
/// without it the function is called directly.
macro_rules! enter {
    ($call:expr) => {{
        #[cfg(feature = "split")]
        let entered = $call.await;
        #[cfg(not(feature = "split"))]
        let entered = $call;
        entered
    }};
}

/// Declares the lazy screens, by chunk: the chunk's entry points (module `entry`, one per
/// screen, each returning the screen's builder) and the routes' views.
macro_rules! lazy_screens {
    ($($chunk:ident: $($screen:ident),+;)+) => {
        #[allow(non_snake_case)]
        mod entry {
            use super::{GagalMuat, Layar};
            use leptos::prelude::*;
            $($(
                #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split($chunk, fallible))]
                pub fn $screen() -> Result<Layar, GagalMuat> {
                    Ok(|| view! { <crate::pages::$screen/> }.into_any())
                }
            )+)+
        }
        $($(
            #[doc = concat!("The route's view for `", stringify!($screen), "` (chunk `",
                stringify!($chunk), "`).")]
            #[allow(non_snake_case)]
            pub fn $screen() -> impl IntoView {
                fn muat() -> Muat {
                    Box::pin(async { enter!(entry::$screen()) })
                }
                view! { <Lazily muat=muat/> }
            }
        )+)+
    };
}

// One chunk for every lazy screen (and one for the sync engine, which every device loads
// after its first screen). Code that two chunks use goes into a shared file of its own
// and every chunk carries the calls into the first chunk it makes, so each extra chunk
// costs bytes: 14 split points made 122 shared files (177 KB brotli); one chunk per area
// (7 chunks) made the whole app 948 KB, one chunk for all screens 836 KB. The service
// worker precaches every chunk after the first visit, so the split only decides what
// the first load waits for, and a screen opened later comes from the device's cache.
lazy_screens! {
    layar:
        // every screen outside the first chunk, by its own routes (pages::LayarLain)
        LayarLain,
        // the public service information, signed out
        InfoLayanan,
        // the forced password change after a first sign-in
        KataSandiWajib;
}

/// A lazy screen: shown at once when its chunk is already loaded, else after a short
/// "Memuat" line; a failed load says so and offers "Coba lagi" (the loader does not
/// remember failures, so a retry fetches the chunk again).
#[component]
fn Lazily(muat: fn() -> Muat) -> impl IntoView {
    let state = RwSignal::new(None::<Result<Layar, GagalMuat>>);
    let mulai = move || {
        let mut load = muat();
        // A loaded chunk answers on the first poll: no flash of the loading line.
        if let Some(done) = (&mut load).now_or_never() {
            state.set(Some(done));
            return;
        }
        state.set(None);
        spawn_local(async move {
            let done = load.await;
            state.try_set(Some(done));
        });
    };
    mulai();
    // Every lazy screen is under one route, so this stays mounted from one of them to the
    // next: after a failed load, opening another screen tries again, as a tap on "Coba
    // lagi" does.
    let path = leptos_router::hooks::use_location().pathname;
    Effect::new(move |before: Option<String>| {
        let now = path.get();
        if before.is_some_and(|b| b != now) && matches!(state.get_untracked(), Some(Err(GagalMuat)))
        {
            mulai();
        }
        now
    });
    move || match state.get() {
        Some(Ok(layar)) => untrack(layar),
        Some(Err(GagalMuat)) => view! {
            <section class="card" role="alert">
                <h2>"Layar ini belum bisa dibuka"</h2>
                <p>
                    "Bagian aplikasi untuk layar ini tidak dapat dimuat. Periksa sambungan, "
                    "lalu coba lagi. Data di perangkat ini tetap aman."
                </p>
                <button type="button" class="btn primary" on:click=move |_| mulai()>
                    "Coba lagi"
                </button>
            </section>
        }
        .into_any(),
        None => view! { <p class="memuat-layar" role="status">"Memuat layar…"</p> }.into_any(),
    }
}

/// What a lazy function hands back when its work is asynchronous: a `wasm_split` point
/// cannot be `async` itself, so it returns the boxed future of the work in its chunk.
type Lanjut<T> = Pin<Box<dyn Future<Output = T>>>;

/// Work that is not a screen but is not needed to open the app either.
mod bagian {
    use reses_domain::sync::{RecordKind, Scope};
    use reses_domain::validate::FieldError;
    use serde_json::Value;
    use uuid::Uuid;

    use super::{GagalMuat, Lanjut};
    use crate::storage::Store;
    use crate::sync::engine::{SyncError, SyncReport};

    /// The sync engine (push, pull, merge, attachments): the sync loop's first pass
    /// starts after the first screen (its first tick), and this chunk loads then.
    #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(data, fallible))]
    pub fn sync_pass(store: Store) -> Result<Lanjut<Result<SyncReport, SyncError>>, GagalMuat> {
        Ok(Box::pin(async move {
            crate::sync::engine::sync_once(&store).await
        }))
    }

    /// A test hook's work (`crate::diagnostics`): the hooks ship in every build, their
    /// work in this chunk.
    #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(data, fallible))]
    pub fn uji(
        uji: crate::diagnostics::Uji,
    ) -> Result<Lanjut<Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>, GagalMuat> {
        Ok(Box::pin(crate::diagnostics::run(uji)))
    }

    /// Every record kind's decoding and rules, for records saved as untyped JSON (the
    /// office's list editor, the test hooks).
    #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(data, fallible))]
    pub fn check(
        kind: RecordKind,
        id: Uuid,
        data: &Value,
        now: i64,
    ) -> Result<Result<Scope, FieldError>, GagalMuat> {
        Ok(kind.check_field(id, data, now))
    }
}

/// One sync pass ([`crate::sync::engine::sync_once`]), with the engine's chunk loaded
/// first; a chunk that cannot be loaded fails the pass like a network error (the
/// schedule tries again later).
pub async fn sync_pass(store: Store) -> Result<SyncReport, SyncError> {
    enter!(bagian::sync_pass(store))
        .map_err(|GagalMuat| SyncError::Bagian)?
        .await
}

/// A test hook's work ([`crate::diagnostics::run`]), with its chunk loaded first.
pub async fn uji(
    uji: crate::diagnostics::Uji,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    enter!(bagian::uji(uji))
        .map_err(|GagalMuat| wasm_bindgen::JsValue::from_str("bagian aplikasi tidak dapat dimuat"))?
        .await
}

/// [`RecordKind::check_field`](reses_domain::sync::RecordKind::check_field), with the
/// chunk of every kind's rules loaded first.
pub async fn check(
    kind: reses_domain::sync::RecordKind,
    id: uuid::Uuid,
    data: &serde_json::Value,
    now: i64,
) -> Result<reses_domain::sync::Scope, crate::storage::StorageError> {
    enter!(bagian::check(kind, id, data, now))
        .map_err(|GagalMuat| {
            crate::storage::StorageError::Other(
                "bagian aplikasi untuk memeriksa data tidak dapat dimuat; periksa sambungan, \
                 lalu coba lagi"
                    .into(),
            )
        })?
        .map_err(crate::storage::StorageError::Invalid)
}
