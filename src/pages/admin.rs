//! Admin: accounts and devices. Online only (these act on the server directly); every
//! action is authorised by the server, whatever this screen shows.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::Role;
use reses_domain::auth::{DeviceSummary, NewUser, UserSummary};
use reses_domain::tanggal::format_datetime_wib;

use crate::components::PageHeader;
use crate::pwa::use_pwa;
use crate::sync::api::admin;

#[component]
pub fn Admin() -> impl IntoView {
    let online = use_pwa().online;
    let (version, set_version) = signal(0u32);
    let (notice, set_notice) = signal(None::<String>);
    let reload = move |msg: String| {
        set_notice.set(Some(msg));
        set_version.update(|v| *v += 1);
    };
    let users = LocalResource::new(move || {
        version.track();
        admin::users()
    });
    let devices = LocalResource::new(move || {
        version.track();
        admin::devices()
    });
    view! {
        <section class="admin">
            <PageHeader title="Admin" lead="Akun pengguna, kata sandi, sesi dan perangkat."/>
            <Show when=move || !online.get()>
                <p class="notice">"Halaman ini memerlukan koneksi ke server kantor."</p>
            </Show>
            <p class="notice" role="status" data-testid="admin-notice" hidden=move || notice.get().is_none()>
                {move || notice.get()}
            </p>
            <NewUserForm on_done=reload/>
            <h2>"Pengguna"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Memuat pengguna…"</p> }>
                {move || users.get().map(|r| match r {
                    Ok(list) => view! { <UserTable users=list on_done=reload/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
            <h2>"Perangkat"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Memuat perangkat…"</p> }>
                {move || devices.get().map(|r| match r {
                    Ok(list) => view! { <DeviceTable devices=list on_done=reload/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NewUserForm(on_done: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let (username, set_username) = signal(String::new());
    let (name, set_name) = signal(String::new());
    let (role, set_role) = signal(Role::Pendamping);
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = NewUser {
            username: username.get_untracked().trim().to_string(),
            display_name: name.get_untracked().trim().to_string(),
            role: role.get_untracked(),
            password: password.get_untracked(),
            subject_id: None,
        };
        if let Err(e) = user.validate() {
            set_error.set(Some(e.message));
            return;
        }
        spawn_local(async move {
            match admin::create_user(&user).await {
                Ok(u) => {
                    set_error.set(None);
                    set_username.set(String::new());
                    set_name.set(String::new());
                    set_password.set(String::new());
                    on_done(format!("Akun {} dibuat.", u.username));
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="card form" on:submit=submit novalidate>
            <h2>"Tambah pengguna"</h2>
            <label for="new-username">"Nama pengguna"</label>
            <input id="new-username" autocapitalize="none" prop:value=username
                on:input=move |ev| set_username.set(event_target_value(&ev))/>
            <label for="new-name">"Nama lengkap"</label>
            <input id="new-name" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev))/>
            <label for="new-role">"Peran"</label>
            <select id="new-role" on:change=move |ev| {
                if let Some(r) = Role::parse(&event_target_value(&ev)) { set_role.set(r) }
            }>
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{r.label()}</option>
                }).collect_view()}
            </select>
            <label for="new-password">"Kata sandi awal (minimal 8 karakter)"</label>
            <input id="new-password" type="password" autocomplete="new-password" prop:value=password
                on:input=move |ev| set_password.set(event_target_value(&ev))/>
            <p class="error" role="alert">{move || error.get()}</p>
            <button class="btn primary" type="submit">"Buat akun"</button>
        </form>
    }
}

#[component]
fn UserTable(users: Vec<UserSummary>, on_done: impl Fn(String) + Copy + 'static) -> impl IntoView {
    view! {
        <table class="table" data-testid="users">
            <thead><tr><th>"Pengguna"</th><th>"Peran"</th><th>"Status"</th><th>"Tindakan"</th></tr></thead>
            <tbody>
                {users.into_iter().map(|u| view! { <UserRow user=u on_done=on_done/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserRow(user: UserSummary, on_done: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let id = user.id;
    let username = user.username.clone();
    let who = username.clone();
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let who = who.clone();
        spawn_local(async move {
            match admin::reset_password(id, password.get_untracked()).await {
                Ok(()) => {
                    set_password.set(String::new());
                    on_done(format!(
                        "Kata sandi {who} diganti; sesinya diakhiri. Saat masuk, {who} harus membuat kata sandi sendiri."
                    ));
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    let who = username.clone();
    let revoke = move |_| {
        let who = who.clone();
        spawn_local(async move {
            match admin::revoke_user(id).await {
                Ok(()) => on_done(format!("Semua sesi {who} diakhiri.")),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    let who = username.clone();
    let active = user.active;
    let toggle = move |_| {
        let who = who.clone();
        spawn_local(async move {
            match admin::set_active(id, !active).await {
                Ok(()) if active => on_done(format!(
                    "Akun {who} dinonaktifkan; sesinya diakhiri dan akun itu tidak dapat masuk."
                )),
                Ok(()) => on_done(format!("Akun {who} diaktifkan kembali.")),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    let status = match (user.active, user.must_change_password) {
        (false, _) => "Nonaktif",
        (true, true) => "Aktif — harus mengganti kata sandi saat masuk",
        (true, false) => "Aktif",
    };
    view! {
        <tr data-username=username.clone() data-active=user.active.to_string()>
            <td><strong>{username.clone()}</strong><br/>{user.display_name}</td>
            <td>{user.role.label()}</td>
            <td data-testid="user-status">{status}</td>
            <td>
                <form class="inline-form" on:submit=reset>
                    <label class="sr-only" for=format!("pw-{id}")>"Kata sandi baru untuk "{username.clone()}</label>
                    <input id=format!("pw-{id}") type="password" autocomplete="new-password"
                        placeholder="Kata sandi baru" prop:value=password
                        on:input=move |ev| set_password.set(event_target_value(&ev))/>
                    <button class="btn" type="submit">"Atur ulang"</button>
                </form>
                <button class="btn" on:click=revoke>"Akhiri semua sesi"</button>
                <button class="btn" on:click=toggle>
                    {if active { "Nonaktifkan" } else { "Aktifkan kembali" }}
                </button>
                <p class="error" role="alert">{move || error.get()}</p>
            </td>
        </tr>
    }
}

#[component]
fn DeviceTable(
    devices: Vec<DeviceSummary>,
    on_done: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    if devices.is_empty() {
        return view! { <p class="empty-state">"Belum ada perangkat yang masuk."</p> }.into_any();
    }
    view! {
        <table class="table" data-testid="devices">
            <thead><tr><th>"Pengguna"</th><th>"Perangkat"</th><th>"Terakhir aktif"</th><th>"Tindakan"</th></tr></thead>
            <tbody>
                {devices.into_iter().map(|d| {
                    let id = d.id;
                    let revoke = move |_| spawn_local(async move {
                        match admin::revoke_device(id).await {
                            Ok(()) => on_done("Perangkat dicabut; perangkat itu tidak dapat sinkron lagi.".into()),
                            Err(e) => on_done(e.message()),
                        }
                    });
                    view! {
                        <tr>
                            <td>{d.username}</td>
                            <td class="muted">{d.user_agent}</td>
                            <td>{format_datetime_wib(d.last_seen)}</td>
                            <td>{if d.revoked {
                                view! { <span class="muted">"Dicabut"</span> }.into_any()
                            } else {
                                view! { <button class="btn" on:click=revoke>"Cabut perangkat"</button> }.into_any()
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
