//! Accounts: the new-account form (a companion or member account picks its person) and
//! the table of accounts with the person each speaks for.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::Role;
use reses_domain::auth::{NewUser, UserSummary, person_kind};
use uuid::Uuid;

use super::Orang;
use crate::sync::api::admin;

/// The people an account of `role` may speak for, with who already has an account.
#[component]
fn PersonSelect(
    id: String,
    role: Signal<Role>,
    people: Signal<Vec<Orang>>,
    linked: Signal<BTreeMap<Uuid, String>>,
    value: RwSignal<Option<Uuid>>,
    /// The account being edited (its own person stays choosable).
    #[prop(optional)]
    own: Option<Uuid>,
) -> impl IntoView {
    let options = move || {
        let role = role.get();
        let linked = linked.get();
        people
            .get()
            .into_iter()
            .filter(|p| p.peran == role)
            .map(|p| {
                let taken = linked.get(&p.id).filter(|_| Some(p.id) != own).cloned();
                let label = match &taken {
                    Some(u) => format!("{} — sudah memakai akun {u}", p.nama),
                    None => p.nama.clone(),
                };
                let pid = p.id;
                view! {
                    <option value=p.id.to_string() disabled=taken.is_some()
                        selected=move || value.get() == Some(pid)>{label}</option>
                }
            })
            .collect_view()
    };
    view! {
        <select id=id on:change=move |ev| value.set(Uuid::parse_str(&event_target_value(&ev)).ok())>
            <option value="" selected=move || value.get().is_none()>"— pilih —"</option>
            {options}
        </select>
    }
}

#[component]
pub fn NewUserForm(
    people: Signal<Vec<Orang>>,
    linked: Signal<BTreeMap<Uuid, String>>,
    /// A person to make the account for (from `?orang=`).
    preset: Signal<Option<Uuid>>,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (username, set_username) = signal(String::new());
    let (name, set_name) = signal(String::new());
    let role = RwSignal::new(Role::Pendamping);
    let person = RwSignal::new(None::<Uuid>);
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    // Coming from a person's row: their role, their name, and the form in view.
    Effect::new(move |_| {
        let (Some(id), list) = (preset.get(), people.get()) else {
            return;
        };
        if let Some(p) = list.into_iter().find(|p| p.id == id) {
            role.set(p.peran);
            person.set(Some(p.id));
            if name.get_untracked().is_empty() {
                set_name.set(p.nama);
            }
        }
    });
    let pick = move || {
        if let Some(p) = person
            .get()
            .and_then(|id| people.get_untracked().into_iter().find(|p| p.id == id))
            && name.get_untracked().trim().is_empty()
        {
            set_name.set(p.nama);
        }
    };
    Effect::new(move |_| pick());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let user = NewUser {
            username: username.get_untracked().trim().to_string(),
            display_name: name.get_untracked().trim().to_string(),
            role: role.get_untracked(),
            password: password.get_untracked(),
            subject_id: person_kind(role.get_untracked()).and(person.get_untracked()),
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
                    person.set(None);
                    on_done(format!("Akun {} dibuat.", u.username));
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    let needs_person = move || person_kind(role.get());
    view! {
        <form class="card form" on:submit=submit novalidate data-testid="new-user">
            <h2>"Tambah pengguna"</h2>
            <label for="new-role">"Peran"</label>
            <select id="new-role" on:change=move |ev| {
                if let Some(r) = Role::parse(&event_target_value(&ev)) {
                    role.set(r);
                    person.set(None);
                }
            }>
                {Role::ALL.into_iter().map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{r.label()}</option>
                }).collect_view()}
            </select>
            {move || needs_person().map(|kind| view! {
                <label for="new-orang">{format!("{} yang memakai akun ini", kind.label())}</label>
                <PersonSelect id="new-orang".into() role=role.into() people linked value=person/>
            })}
            <label for="new-username">"Nama pengguna"</label>
            <input id="new-username" autocapitalize="none" prop:value=username
                on:input=move |ev| set_username.set(event_target_value(&ev))/>
            <label for="new-name">"Nama lengkap"</label>
            <input id="new-name" prop:value=name on:input=move |ev| set_name.set(event_target_value(&ev))/>
            <label for="new-password">"Kata sandi awal (minimal 8 karakter)"</label>
            <input id="new-password" type="password" autocomplete="new-password" prop:value=password
                on:input=move |ev| set_password.set(event_target_value(&ev))/>
            <p class="muted">"Pemilik akun mengganti kata sandi ini saat pertama masuk."</p>
            <p class="error" role="alert">{move || error.get()}</p>
            <button class="btn primary" type="submit">"Buat akun"</button>
        </form>
    }
}

#[component]
pub fn UserTable(
    users: Vec<UserSummary>,
    people: Signal<Vec<Orang>>,
    linked: Signal<BTreeMap<Uuid, String>>,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table cards" data-testid="users">
                <thead><tr>
                    <th scope="col">"Pengguna"</th><th scope="col">"Peran"</th><th scope="col">"Orang"</th>
                    <th scope="col">"Status"</th><th scope="col">"Tindakan"</th>
                </tr></thead>
                <tbody>
                    {users.into_iter().map(|u| view! { <UserRow user=u people linked on_done/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn UserRow(
    user: UserSummary,
    people: Signal<Vec<Orang>>,
    linked: Signal<BTreeMap<Uuid, String>>,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (password, set_password) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let id = user.id;
    let username = user.username.clone();
    let person = RwSignal::new(user.subject_id);
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
    let who = username.clone();
    let relink = move |_| {
        let who = who.clone();
        spawn_local(async move {
            match admin::set_person(id, person.get_untracked()).await {
                Ok(()) => on_done(format!("Akun {who} dihubungkan kembali.")),
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    let status = match (user.active, user.must_change_password) {
        (false, _) => "Nonaktif",
        (true, true) => "Aktif — harus mengganti kata sandi saat masuk",
        (true, false) => "Aktif",
    };
    let role = user.role;
    let subject = user.subject_id;
    let person_name = move || {
        subject
            .and_then(|s| people.get().into_iter().find(|p| p.id == s))
            .map_or_else(|| "—".to_string(), |p| p.nama)
    };
    view! {
        <tr data-username=username.clone() data-active=user.active.to_string()>
            <td data-label="Pengguna"><strong>{username.clone()}</strong><br/>{user.display_name}</td>
            <td data-label="Peran">{role.label()}</td>
            <td data-label="Orang" data-testid="user-person">
                {person_name}
                {person_kind(role).map(|_| view! {
                    <div class="inline-form">
                        <label class="visually-hidden" for=format!("orang-{id}")>{format!("Orang untuk {username}")}</label>
                        <PersonSelect id=format!("orang-{id}") role=Signal::derive(move || role)
                            people linked value=person own=subject.unwrap_or_default()/>
                        <button class="btn" type="button" on:click=relink>"Hubungkan"</button>
                    </div>
                })}
            </td>
            <td data-label="Status" data-testid="user-status">{status}</td>
            <td data-label="Tindakan">
                <form class="inline-form" on:submit=reset>
                    <label class="visually-hidden" for=format!("pw-{id}")>{format!("Kata sandi baru untuk {username}")}</label>
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
