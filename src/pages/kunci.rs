//! PIN and automatic lock on this device (`/akun/pin`): set or change the PIN that opens
//! the app offline, remove it, choose after how many idle minutes the app locks.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::PageHeader;
use crate::offline_unlock::check_pin;
use crate::session::unlock::{lock_minutes, set_lock_minutes};
use crate::session::use_session;

#[component]
pub fn KunciPin() -> impl IntoView {
    let session = use_session();
    let (pin, set_pin) = signal(String::new());
    let (again, set_again) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (notice, set_notice) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let (has, set_has) = signal(session.has_pin());
    let (minutes, set_minutes) = signal(lock_minutes());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = pin.get_untracked();
        if let Err(e) = check_pin(&p) {
            set_error.set(Some(e));
            return;
        }
        if p != again.get_untracked() {
            set_error.set(Some("Ulangi PIN dengan tepat sama.".into()));
            return;
        }
        set_busy.set(true);
        set_error.set(None);
        spawn_local(async move {
            let result = session.set_pin(&p).await;
            set_busy.set(false);
            match result {
                Ok(()) => {
                    set_pin.set(String::new());
                    set_again.set(String::new());
                    set_has.set(true);
                    set_notice.set(Some(
                        "PIN disimpan. Aplikasi kini dapat dibuka dengan PIN ini, juga tanpa sinyal.".into(),
                    ));
                }
                Err(e) => set_error.set(Some(e)),
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            session.remove_pin().await;
            set_has.set(false);
            set_notice.set(Some("PIN di perangkat ini dihapus.".into()));
        });
    };
    view! {
        <section class="kunci">
            <PageHeader title="PIN dan kunci otomatis"
                lead="Buka aplikasi tanpa sinyal dengan PIN yang hanya berlaku di perangkat ini."/>
            <p class="notice success" role="status" data-testid="pin-notice" hidden=move || notice.get().is_none()>
                {move || notice.get()}
            </p>
            <p data-testid="pin-state">{move || if has.get() {
                "PIN sudah diatur di perangkat ini."
            } else {
                "Belum ada PIN di perangkat ini: tanpa sinyal, aplikasi hanya dapat dibuka dengan kata sandi setelah Anda keluar."
            }}</p>
            <form class="form card" on:submit=submit novalidate>
                <h2>{move || if has.get() { "Ganti PIN" } else { "Buat PIN" }}</h2>
                <label for="pin-baru">"PIN baru (minimal 6 angka)"</label>
                <input id="pin-baru" type="password" inputmode="numeric" pattern="[0-9]*" maxlength="12"
                    autocomplete="off" prop:value=pin on:input=move |ev| set_pin.set(event_target_value(&ev))/>
                <label for="pin-ulang">"Ulangi PIN"</label>
                <input id="pin-ulang" type="password" inputmode="numeric" pattern="[0-9]*" maxlength="12"
                    autocomplete="off" prop:value=again on:input=move |ev| set_again.set(event_target_value(&ev))/>
                <p class="muted">"Membuat PIN memerlukan koneksi sekali. Lima kali PIN salah menghapus PIN ini."</p>
                <p class="error" role="alert">{move || error.get()}</p>
                <button class="btn primary" type="submit" disabled=busy>"Simpan PIN"</button>
            </form>
            <Show when=move || has.get()>
                <button type="button" class="btn" on:click=remove>"Hapus PIN di perangkat ini"</button>
            </Show>
            <div class="form card">
                <label for="kunci-menit">"Kunci otomatis setelah tidak dipakai"</label>
                <select id="kunci-menit" on:change=move |ev| {
                    if let Ok(m) = event_target_value(&ev).parse::<u32>() {
                        set_lock_minutes(m);
                        set_minutes.set(m);
                    }
                }>
                    {[5u32, 15, 30, 60].into_iter().map(|m| view! {
                        <option value=m.to_string() selected=move || minutes.get() == m>{format!("{m} menit")}</option>
                    }).collect_view()}
                </select>
                <p class="muted">"Berlaku bila PIN sudah diatur."</p>
            </div>
        </section>
    }
}
