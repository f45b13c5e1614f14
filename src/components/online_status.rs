use leptos::prelude::*;

use crate::pwa::use_pwa;

/// "Daring" / "Luring" pill in the header, announced to screen readers when it changes.
#[component]
pub fn OnlineStatus() -> impl IntoView {
    let online = use_pwa().online;
    view! {
        <span
            class="online-status"
            class:offline=move || !online.get()
            role="status"
            aria-live="polite"
            data-testid="online-status"
        >
            <span class="dot" aria-hidden="true"></span>
            {move || if online.get() { "Daring" } else { "Luring" }}
        </span>
    }
}
