use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;

use crate::session::use_session;
use crate::storage::Store;

/// What [`use_loaded`] gives a screen.
#[derive(Debug)]
pub struct UseLoadedReturn<T: Send + Sync + 'static> {
    /// `None` while loading; then the data, or why it could not be read.
    pub data: Signal<Option<Result<T, String>>>,
    /// Reads again (the "Coba lagi" of an error).
    pub retry: Callback<()>,
}

impl<T: Send + Sync + 'static> Clone for UseLoadedReturn<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for UseLoadedReturn<T> {}

impl<T: Send + Sync + 'static> UseLoadedReturn<T> {
    /// A part of the loaded data (one record of a list), which changes — and re-renders
    /// what shows it — only when that part changes, not on every reload of the whole.
    pub fn select<U>(self, part: impl Fn(&T) -> U + Send + Sync + 'static) -> UseLoadedReturn<U>
    where
        U: PartialEq + Send + Sync + 'static,
    {
        let data = self.data;
        let memo = Memo::new(move |_| {
            data.with(|d| {
                d.as_ref()
                    .map(|r| r.as_ref().map(&part).map_err(Clone::clone))
            })
        });
        UseLoadedReturn {
            data: memo.into(),
            retry: self.retry,
        }
    }
}

impl<T: Clone + Send + Sync + 'static> UseLoadedReturn<T> {
    /// The first loaded value for which `settled` holds, kept from then on: for forms and
    /// the scanner, which must not be rebuilt under the user's fingers when a background
    /// sync reloads the records (focus, a message on screen, a chosen file). Until then
    /// it follows the loader (loading, an error with its retry, a value not yet settled).
    pub fn first(self, settled: impl Fn(&T) -> bool + Send + Sync + 'static) -> UseLoadedReturn<T> {
        let data = self.data;
        let shown = RwSignal::new(None::<Result<T, String>>);
        Effect::new(move |_| {
            let loaded = data.get();
            let done = shown.with_untracked(|s| matches!(s, Some(Ok(v)) if settled(v)));
            if !done && loaded.is_some() {
                shown.set(loaded);
            }
        });
        UseLoadedReturn {
            data: shown.into(),
            retry: self.retry,
        }
    }
}

/// Said when the signed-in user's store could not be opened in time.
const BELUM_SIAP: &str =
    "Penyimpanan perangkat belum siap. Coba lagi sebentar, atau muat ulang halaman.";

/// Reads what a screen shows from the signed-in user's store with `load`, again
/// whenever records change on the device (a save, a sync pass). While the store opens,
/// the data is loading, not empty; a store that does not open, or a failed read, is an
/// error the screen shows with a retry.
pub fn use_loaded<T, F, Fut>(load: F) -> UseLoadedReturn<T>
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Store) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, String>> + 'static,
{
    use_loaded_by(|| (), move |store, ()| load(store))
}

/// [`use_loaded`] of what `source` names (a route's id): read again when it changes too.
pub fn use_loaded_by<T, K, S, F, Fut>(source: S, load: F) -> UseLoadedReturn<T>
where
    T: Clone + Send + Sync + 'static,
    S: Fn() -> K + 'static,
    K: 'static,
    F: Fn(Store, K) -> Fut + Clone + 'static,
    Fut: Future<Output = Result<T, String>> + 'static,
{
    let session = use_session();
    let res = erased(Box::new(move || {
        session.data_rev.track();
        let key = source();
        let load = load.clone();
        Box::pin(async move {
            let loaded = match session.store_ready().await {
                Some(store) => load(store, key).await,
                None => Err(BELUM_SIAP.to_string()),
            };
            Arc::new(loaded) as Muatan
        })
    }));
    UseLoadedReturn {
        data: typed(res),
        retry: Callback::new(move |()| res.refetch()),
    }
}

/// A value read asynchronously by `fetch`, again whenever a signal it reads changes
/// (before its first `.await`): Leptos's `LocalResource`, without a copy of the
/// resource's code for each type of value.
pub fn use_async<T, F, Fut>(fetch: F) -> Signal<Option<T>>
where
    T: Clone + Send + Sync + 'static,
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = T> + 'static,
{
    typed(erased(Box::new(move || {
        let fut = fetch();
        Box::pin(async move { Arc::new(fut.await) as Muatan })
    })))
}

/// A loaded value with its type erased. Leptos's async machinery is generic over the
/// value and the future (about 2 KB of WebAssembly for each); with the type erased and
/// the future boxed it is one copy for every screen, and [`typed`] gives the screen its
/// value back.
type Muatan = Arc<dyn Any + Send + Sync>;

/// The one `LocalResource` of the app's loaders.
fn erased(fetch: Box<dyn Fn() -> Pin<Box<dyn Future<Output = Muatan>>>>) -> LocalResource<Muatan> {
    LocalResource::new(fetch)
}

/// The resource's value as the type it was loaded as (`None` while loading).
fn typed<T: Clone + Send + Sync + 'static>(res: LocalResource<Muatan>) -> Signal<Option<T>> {
    Signal::derive(move || res.get().and_then(|v| v.downcast_ref::<T>().cloned()))
}

/// Shows `children` with the loaded data; before that a loading line (`memuat`), and
/// for a failed read the reason with a "Coba lagi" button. Every screen that reads the
/// device goes through it, so they all say loading and errors the same way.
#[component]
pub fn Loaded<T, V, F>(
    /// From [`use_loaded`].
    state: UseLoadedReturn<T>,
    /// The loading line, e.g. "Memuat kegiatan…".
    #[prop(default = "Memuat data…")]
    memuat: &'static str,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    dinamis(Box::new(move || match state.data.get() {
        None => memuat_view(memuat),
        Some(Err(e)) => galat_view(e, state.retry),
        Some(Ok(v)) => children(v).into_any(),
    }))
}

/// A view that follows the signals `view` reads. Not generic: Leptos's code that keeps a
/// reactive view up to date is then one copy for every [`Loaded`], not one per screen.
fn dinamis(view: Box<dyn Fn() -> AnyView + Send + Sync>) -> AnyView {
    (move || view()).into_any()
}

// Not generic, so every screen shares one copy of them in the app's code.
fn memuat_view(memuat: &'static str) -> AnyView {
    view! { <p class="muted" role="status">{memuat}</p> }.into_any()
}

fn galat_view(e: String, retry: Callback<()>) -> AnyView {
    view! {
        <div class="error load-error" role="alert" data-testid="galat-muat">
            <p>{e}</p>
            <button type="button" class="btn small" on:click=move |_| retry.run(())>"Coba lagi"</button>
        </div>
    }
    .into_any()
}
