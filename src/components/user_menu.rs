use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::session::use_session;

/// The signed-in user's menu in the header, on every screen: password, PIN and lock,
/// locking now, handing the tablet to someone else, signing out (with a warning when
/// changes are still waiting to be sent).
#[component]
pub fn UserMenu() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    // The next person starts at Beranda, not on a screen of the one before.
    let home = Callback::new(move |()| navigate("/", Default::default()));
    let (open, set_open) = signal(false);
    let (confirm, set_confirm) = signal(false);
    let name = move || {
        session
            .profile
            .get()
            .map(|p| p.display_name)
            .unwrap_or_default()
    };
    let close = move || {
        set_open.set(false);
        set_confirm.set(false);
    };
    let sign_out = move |_| {
        if session.status.get_untracked().unsent > 0 && !confirm.get_untracked() {
            set_confirm.set(true);
            return;
        }
        close();
        home.run(());
        spawn_local(async move { session.sign_out().await });
    };
    view! {
        <div class="user-menu">
            <button type="button" class="btn user-menu-button" aria-haspopup="true"
                aria-expanded=move || open.get().to_string() data-testid="user-menu"
                on:click=move |_| { set_open.update(|o| *o = !*o); set_confirm.set(false); }>
                <span class="visually-hidden">"Menu akun "</span>{name}
            </button>
            <Show when=move || open.get()>
                <div class="user-menu-panel" role="menu">
                    <A href="/akun/kata-sandi" attr:role="menuitem" on:click=move |_| close()>"Ganti kata sandi"</A>
                    <A href="/akun/pin" attr:role="menuitem" on:click=move |_| close()>"PIN dan kunci otomatis"</A>
                    {move || session.has_pin().then(|| view! {
                        <button type="button" role="menuitem" on:click=move |_| { close(); session.lock(); }>
                            "Kunci sekarang"
                        </button>
                    })}
                    <button type="button" role="menuitem" on:click=move |_| { close(); home.run(()); session.switch_user(); }>
                        "Ganti pengguna"
                    </button>
                    <Show when=move || confirm.get()>
                        <SignOutWarning/>
                    </Show>
                    <button type="button" role="menuitem" data-testid="sign-out" on:click=sign_out>
                        {move || if confirm.get() { "Ya, keluar" } else { "Keluar" }}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// Asked before signing out with changes still waiting: they stay on this device.
#[component]
pub fn SignOutWarning() -> impl IntoView {
    let status = use_session().status;
    view! {
        <p class="notice" role="alert" data-testid="sign-out-warning">
            {move || format!(
                "Ada {} data yang belum terkirim. Data itu tetap tersimpan di perangkat ini \
                 dan akan dikirim saat Anda masuk lagi. Keluar sekarang?",
                status.get().unsent
            )}
        </p>
    }
}
