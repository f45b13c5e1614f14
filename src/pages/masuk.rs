use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::pwa::use_pwa;
use crate::session::use_session;

/// Sign-in. Needs a connection the first time; afterwards the app opens offline with
/// the cached profile.
#[component]
pub fn Masuk() -> impl IntoView {
    let session = use_session();
    let online = use_pwa().online;
    let (username, set_username) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if username.get_untracked().trim().is_empty() || password.get_untracked().is_empty() {
            set_error.set(Some("Isi nama pengguna dan kata sandi.".into()));
            return;
        }
        set_busy.set(true);
        set_error.set(None);
        spawn_local(async move {
            let result = session
                .sign_in(&username.get_untracked(), &password.get_untracked())
                .await;
            set_busy.set(false);
            match result {
                Ok(()) => set_password.set(String::new()),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };

    view! {
        <section class="masuk">
            <h1>"Masuk"</h1>
            <p class="lead">"Gunakan akun yang diberikan Sekretariat DPRD."</p>
            <Show when=move || !online.get()>
                <p class="notice">
                    "Perangkat sedang luring. Masuk pertama kali memerlukan koneksi ke server kantor."
                </p>
            </Show>
            <form class="form" on:submit=submit novalidate>
                <label for="username">"Nama pengguna"</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none"
                    required prop:value=username on:input=move |ev| set_username.set(event_target_value(&ev))/>
                <label for="password">"Kata sandi"</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    required prop:value=password on:input=move |ev| set_password.set(event_target_value(&ev))/>
                <p class="error" role="alert">{move || error.get()}</p>
                <button class="btn primary" type="submit" disabled=busy>
                    {move || if busy.get() { "Memproses…" } else { "Masuk" }}
                </button>
            </form>
        </section>
    }
}
