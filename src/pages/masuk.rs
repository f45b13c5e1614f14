//! Sign-in: with the PIN for the accounts that can be unlocked offline on this device,
//! or with the password (online). The device gets a name at its first sign-in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::auth::Profile;
use uuid::Uuid;

use crate::offline_unlock;
use crate::pwa::use_pwa;
use crate::session::{self, use_session};

#[component]
pub fn Masuk() -> impl IntoView {
    let online = use_pwa().online;
    let accounts: Vec<Profile> = offline_unlock::accounts()
        .into_iter()
        .map(|k| k.profile)
        .collect();
    let any = !accounts.is_empty();
    view! {
        <section class="masuk">
            <h1>"Masuk"</h1>
            <p class="lead">"Gunakan akun yang diberikan Sekretariat DPRD."</p>
            <Show when=move || !online.get()>
                <p class="notice" data-testid="masuk-luring">{if any {
                    "Perangkat sedang luring. Buka akun Anda dengan PIN; masuk dengan kata sandi memerlukan koneksi."
                } else {
                    "Perangkat sedang luring. Belum ada akun yang dapat dibuka dengan PIN di perangkat ini; masuk pertama kali memerlukan koneksi ke server kantor."
                }}</p>
            </Show>
            {any.then(|| view! { <BukaDenganPin accounts=accounts.clone()/> })}
            <KataSandiForm/>
            <p class="muted"><a href="/info">"Info Layanan"</a>" dapat dibaca tanpa masuk."</p>
        </section>
    }
}

/// The accounts that can be unlocked here, each with its PIN field.
#[component]
fn BukaDenganPin(accounts: Vec<Profile>) -> impl IntoView {
    let chosen = RwSignal::new(if accounts.len() == 1 {
        accounts.first().map(|p| p.user_id)
    } else {
        None
    });
    view! {
        <div class="card" data-testid="buka-pin">
            <h2>"Buka dengan PIN"</h2>
            <ul class="akun-pin">
                {accounts.into_iter().map(|p| {
                    let id = p.user_id;
                    view! {
                        <li>
                            <button type="button" class="btn" aria-pressed=move || (chosen.get() == Some(id)).to_string()
                                on:click=move |_| chosen.set(Some(id))>
                                {format!("{} ({})", p.display_name, p.role.label())}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || chosen.get().map(|id| view! { <PinForm user=id/> })}
        </div>
    }
}

/// A PIN field that unlocks `user`; also the lock screen's.
#[component]
pub fn PinForm(user: Uuid) -> impl IntoView {
    let session = use_session();
    let (pin, set_pin) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        set_busy.set(true);
        set_error.set(None);
        spawn_local(async move {
            let result = session.unlock(user, &pin.get_untracked()).await;
            set_busy.set(false);
            set_pin.set(String::new());
            if let Err(e) = result {
                set_error.set(Some(e.message()));
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="pin-form">
            <label for=format!("pin-{user}")>"PIN"</label>
            <input id=format!("pin-{user}") type="password" inputmode="numeric" autocomplete="off"
                pattern="[0-9]*" maxlength="12" required prop:value=pin
                on:input=move |ev| set_pin.set(event_target_value(&ev))/>
            <p class="error" role="alert">{move || error.get()}</p>
            <button class="btn primary" type="submit" disabled=busy>
                {move || if busy.get() { "Memeriksa…" } else { "Buka" }}
            </button>
        </form>
    }
}

/// Sign-in with username and password, online.
#[component]
fn KataSandiForm() -> impl IntoView {
    let session = use_session();
    let (username, set_username) = signal(String::new());
    let (password, set_password) = signal(String::new());
    let first_here = session::AppSession::first_sign_in_here();
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let (device, set_device) = signal(session::guess_device_name(&agent));
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
            let name = if first_here {
                device.get_untracked()
            } else {
                String::new()
            };
            let result = session
                .sign_in(&username.get_untracked(), &password.get_untracked(), &name)
                .await;
            set_busy.set(false);
            match result {
                Ok(()) => set_password.set(String::new()),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="masuk-sandi">
            <h2 class="visually-hidden">"Masuk dengan kata sandi"</h2>
            <label for="username">"Nama pengguna"</label>
            <input id="username" name="username" autocomplete="username" autocapitalize="none"
                required prop:value=username on:input=move |ev| set_username.set(event_target_value(&ev))/>
            <label for="password">"Kata sandi"</label>
            <input id="password" name="password" type="password" autocomplete="current-password"
                required prop:value=password on:input=move |ev| set_password.set(event_target_value(&ev))/>
            {first_here.then(|| view! {
                <label for="device-name">"Nama perangkat ini (mis. Tablet Dapil 2)"</label>
                <input id="device-name" maxlength="60" prop:value=device
                    on:input=move |ev| set_device.set(event_target_value(&ev))/>
            })}
            <p class="error" role="alert">{move || error.get()}</p>
            <button class="btn primary" type="submit" disabled=busy>
                {move || if busy.get() { "Memproses…" } else { "Masuk" }}
            </button>
        </form>
    }
}
