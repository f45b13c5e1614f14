use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::session::use_session;

/// Shown when the login expired while the app kept working offline: sign in again
/// right here; the queue is kept and sent afterwards.
#[component]
pub fn SignInAgain() -> impl IntoView {
    let session = use_session();
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(profile) = session.profile.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match session
                .sign_in(&profile.username, &password.get_untracked(), "")
                .await
            {
                Ok(()) => set_password.set(String::new()),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    view! {
        <Show when=move || session.status.get().needs_sign_in>
            <form class="banner warn" role="alert" on:submit=submit data-testid="sign-in-again">
                <p>
                    "Sesi Anda telah berakhir. Masuk lagi untuk mengirim data; "
                    "semua perubahan tetap tersimpan di perangkat."
                </p>
                <label for="again-password">"Kata sandi"</label>
                <input id="again-password" type="password" autocomplete="current-password"
                    prop:value=password on:input=move |ev| set_password.set(event_target_value(&ev))/>
                <button class="btn primary" type="submit">"Masuk lagi"</button>
                <p class="error">{move || error.get()}</p>
            </form>
        </Show>
        <Show when=move || session.status.get().revoked.is_some()>
            <p class="banner danger" role="alert" data-testid="device-revoked">
                {move || session.status.get().revoked}
            </p>
        </Show>
    }
}
