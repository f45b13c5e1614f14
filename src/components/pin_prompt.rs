use gloo_storage::{LocalStorage as WebStorage, Storage};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::session::use_session;

/// Invites a signed-in user without a PIN on this device to set one, so the app opens
/// without signal after a sign-out, a restart or the automatic lock. "Nanti" hides it
/// for this account on this device.
#[component]
pub fn PinPrompt() -> impl IntoView {
    let session = use_session();
    let key = move || {
        session
            .profile
            .get()
            .map(|p| format!("reses.pin.nanti.{}", p.user_id))
    };
    let (dismissed, set_dismissed) = signal(false);
    let show = move || {
        session.data_rev.track();
        !dismissed.get()
            && !session.has_pin()
            && key().is_some_and(|k| crate::local::read::<bool>(&k).is_none())
    };
    view! {
        <Show when=show>
            <div class="banner" role="status" data-testid="pin-prompt">
                <p>"Atur PIN agar aplikasi dapat dibuka tanpa sinyal di perangkat ini."</p>
                <A href="/akun/pin" attr:class="btn primary">"Atur PIN"</A>
                <button type="button" class="btn" on:click=move |_| {
                    if let Some(k) = key() {
                        let _ = WebStorage::set(k, true);
                    }
                    set_dismissed.set(true);
                }>"Nanti"</button>
            </div>
        </Show>
    }
}
