use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::AppRoute;
use crate::session::use_session;

/// Pending-changes count in the header, visible from every screen; links to the
/// Sinkronisasi screen.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let status = use_session().status;
    let label = move || {
        let s = status.get();
        match s.unsent {
            0 => "Semua data terkirim".to_string(),
            n => format!("{n} perubahan menunggu dikirim"),
        }
    };
    view! {
        <A href=AppRoute::Sinkronisasi.path() attr:class="sync-badge" attr:aria-label=label attr:title=label>
            <span aria-hidden="true">"⇅"</span>
            <span data-testid="unsent-count" class:zero=move || status.get().unsent == 0>
                {move || status.get().unsent}
            </span>
        </A>
    }
}
