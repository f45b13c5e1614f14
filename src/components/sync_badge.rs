use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::AppRoute;
use crate::session::use_session;

/// Pending-changes count in the header, visible from every screen; links to the
/// Sinkronisasi screen. Its accessible name starts with the number it shows ("3 data
/// belum terkirim"), so what a screen reader says and what a voice-control user sees
/// agree.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let status = use_session().status;
    let title = move || match status.get().unsent {
        0 => "Semua data terkirim".to_string(),
        n => format!("{n} data belum terkirim"),
    };
    view! {
        <A href=AppRoute::Sinkronisasi.path() attr:class="sync-badge" attr:title=title>
            <span aria-hidden="true">"⇅ "</span>
            <span data-testid="unsent-count" class:zero=move || status.get().unsent == 0>
                {move || status.get().unsent}
            </span>
            <span class="visually-hidden">" data belum terkirim"</span>
        </A>
    }
}
