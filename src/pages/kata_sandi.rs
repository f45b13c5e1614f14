//! Changing one's own password. Reached from Sinkronisasi → Akun; and shown instead of
//! everything else right after signing in with a password an admin set (a new account or
//! a reset), because the server answers nothing else until it is changed.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::auth::PasswordChange;

use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::sync::api;

/// `forced`: the first screen after signing in with an admin-set password.
#[component]
pub fn GantiKataSandi(#[prop(optional)] forced: bool) -> impl IntoView {
    let session = use_session();
    let online = use_pwa().online;
    let (current, set_current) = signal(String::new());
    let (new, set_new) = signal(String::new());
    let (again, set_again) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (done, set_done) = signal(false);
    let (busy, set_busy) = signal(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let change = PasswordChange {
            current: current.get_untracked(),
            new: new.get_untracked(),
        };
        if change.current.is_empty() {
            set_error.set(Some("Isi kata sandi saat ini.".into()));
            return;
        }
        if let Err(e) = change.validate() {
            set_error.set(Some(e.message));
            return;
        }
        if change.new != again.get_untracked() {
            set_error.set(Some("Ulangi kata sandi baru dengan tepat sama.".into()));
            return;
        }
        set_busy.set(true);
        set_error.set(None);
        spawn_local(async move {
            let result = api::change_password(&change).await;
            set_busy.set(false);
            match result {
                Ok(()) => {
                    for s in [set_current, set_new, set_again] {
                        s.set(String::new());
                    }
                    set_done.set(true);
                    session.password_changed();
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };

    view! {
        <section class="kata-sandi">
            <h1>"Ganti kata sandi"</h1>
            {forced.then(|| view! {
                <p class="notice" role="status">
                    "Kata sandi Anda dibuat oleh admin. Buat kata sandi Anda sendiri sebelum melanjutkan; "
                    "data di perangkat ini tetap tersimpan."
                </p>
            })}
            <Show when=move || !online.get()>
                <p class="notice">"Mengganti kata sandi memerlukan koneksi ke server kantor."</p>
            </Show>
            <p class="notice success" role="status" data-testid="password-changed" hidden=move || !done.get()>
                "Kata sandi sudah diganti. Sesi lain akun ini di perangkat lain diakhiri."
            </p>
            <form class="form" on:submit=submit novalidate>
                <label for="pw-current">"Kata sandi saat ini"</label>
                <input id="pw-current" type="password" autocomplete="current-password" required
                    prop:value=current on:input=move |ev| set_current.set(event_target_value(&ev))/>
                <label for="pw-new">"Kata sandi baru (minimal 8 karakter)"</label>
                <input id="pw-new" type="password" autocomplete="new-password" required
                    prop:value=new on:input=move |ev| set_new.set(event_target_value(&ev))/>
                <label for="pw-again">"Ulangi kata sandi baru"</label>
                <input id="pw-again" type="password" autocomplete="new-password" required
                    prop:value=again on:input=move |ev| set_again.set(event_target_value(&ev))/>
                <p class="error" role="alert">{move || error.get()}</p>
                <button class="btn primary" type="submit" disabled=busy>
                    {move || if busy.get() { "Menyimpan…" } else { "Simpan kata sandi baru" }}
                </button>
            </form>
            {forced.then(|| view! {
                <button class="btn" on:click=move |_| spawn_local(async move { session.sign_out().await })>
                    "Keluar"
                </button>
            })}
        </section>
    }
}

/// The route `/akun/kata-sandi`.
#[component]
pub fn KataSandi() -> impl IntoView {
    view! { <GantiKataSandi/> }
}

/// The change a user must make before any other screen: after the first sign-in of an
/// account an admin created, or after an admin reset its password.
#[component]
pub fn KataSandiWajib() -> impl IntoView {
    view! { <GantiKataSandi forced=true/> }
}
