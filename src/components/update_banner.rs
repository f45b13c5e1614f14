use leptos::prelude::*;

use crate::pwa::{apply_update, use_pwa};

/// Offers a newly installed version. It takes over only when accepted (or at the next
/// start); data on the device is kept either way.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let ready = use_pwa().update_ready;
    let (dismissed, set_dismissed) = signal(false);
    view! {
        <Show when=move || ready.get() && !dismissed.get()>
            <div class="update-banner" role="alert" data-testid="update-banner">
                <p>
                    "Versi baru aplikasi tersedia. Data di perangkat ini tetap aman dan "
                    "tetap menunggu sinkronisasi."
                </p>
                <div class="actions">
                    <button class="btn primary" on:click=move |_| apply_update()>
                        "Muat versi baru"
                    </button>
                    <button class="btn" on:click=move |_| set_dismissed.set(true)>
                        "Nanti saja"
                    </button>
                </div>
            </div>
        </Show>
    }
}
