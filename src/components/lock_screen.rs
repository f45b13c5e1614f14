use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::pages::PinForm;
use crate::session::use_session;

/// What a locked app shows instead of anything personal: whose it is, the PIN field,
/// and a way to hand the tablet to someone else. The queue keeps syncing meanwhile.
#[component]
pub fn LockScreen() -> impl IntoView {
    let session = use_session();
    let profile = session.profile.get_untracked();
    let navigate = use_navigate();
    // The next person starts at Beranda, not on the screen the tablet was locked on.
    let switch = move |_| {
        navigate("/", Default::default());
        session.switch_user();
    };
    view! {
        <section class="lock-screen" data-testid="lock-screen">
            <h1>"Aplikasi terkunci"</h1>
            {profile.map(|p| view! {
                <p class="lead">{format!("Dipakai oleh {} ({}). Masukkan PIN untuk membuka.", p.display_name, p.role.label())}</p>
                <PinForm user=p.user_id/>
            })}
            <p class="muted">"Data yang belum terkirim tetap tersimpan di perangkat ini."</p>
            <button type="button" class="btn" on:click=switch>"Ganti pengguna"</button>
        </section>
    }
}
