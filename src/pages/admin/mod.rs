//! Admin: accounts (linked to the companion or member they speak for) and devices.
//! Online only (these act on the server directly); every action is authorised by the
//! server, whatever this screen shows.
//!
//! `/admin?orang=<id>` opens the new-account form for that companion or member (the
//! "Akun" button on their row in Kantor Reses).

mod devices;
mod users;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use reses_domain::Role;
use reses_domain::reses::{Anggota, Pendamping};
use uuid::Uuid;

use crate::components::PageHeader;
use crate::pages::use_all;
use crate::pwa::use_pwa;
use crate::sync::api::admin;

/// A companion or member an account can speak for.
#[derive(Debug, Clone, PartialEq)]
pub struct Orang {
    pub id: Uuid,
    pub nama: String,
    pub peran: Role,
}

/// The people on this device (the admin receives every record), companions first.
fn use_people() -> Signal<Vec<Orang>> {
    let companions = use_all(|p: &Pendamping| p.nama.to_lowercase());
    let members = use_all(|a: &Anggota| a.nama.to_lowercase());
    Signal::derive(move || {
        let mut out: Vec<Orang> = Vec::new();
        if let Some(Ok(list)) = companions.data.get() {
            out.extend(list.into_iter().map(|p| Orang {
                id: p.value.id,
                nama: p.value.nama,
                peran: Role::Pendamping,
            }));
        }
        if let Some(Ok(list)) = members.data.get() {
            out.extend(list.into_iter().map(|a| Orang {
                id: a.value.id,
                nama: a.value.nama,
                peran: Role::Anggota,
            }));
        }
        out
    })
}

#[component]
pub fn Admin() -> impl IntoView {
    let online = use_pwa().online;
    let (version, set_version) = signal(0u32);
    let (notice, set_notice) = signal(None::<String>);
    let reload = move |msg: String| {
        set_notice.set(Some(msg));
        set_version.update(|v| *v += 1);
    };
    let users = crate::hooks::use_async(move || {
        version.track();
        admin::users()
    });
    let devices = crate::hooks::use_async(move || {
        version.track();
        admin::devices()
    });
    let people = use_people();
    // Which person each active account speaks for: person → username.
    let linked = Signal::derive(move || {
        users
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active)
            .filter_map(|u| Some((u.subject_id?, u.username)))
            .collect::<BTreeMap<Uuid, String>>()
    });
    let query = use_query_map();
    let preset = Signal::derive(move || {
        query
            .read()
            .get("orang")
            .and_then(|s| Uuid::parse_str(&s).ok())
    });
    view! {
        <section class="admin">
            <PageHeader title="Admin" lead="Akun pengguna dan orang yang diwakilinya, kata sandi, sesi dan perangkat."/>
            <Show when=move || !online.get()>
                <p class="notice">"Halaman ini memerlukan koneksi ke server kantor."</p>
            </Show>
            <p class="notice" role="status" data-testid="admin-notice" hidden=move || notice.get().is_none()>
                {move || notice.get()}
            </p>
            <users::NewUserForm people linked preset on_done=reload/>
            <h2>"Pengguna"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Memuat pengguna…"</p> }>
                {move || users.get().map(|r| match r {
                    Ok(list) => view! { <users::UserTable users=list people linked on_done=reload/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
            <h2>"Perangkat"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Memuat perangkat…"</p> }>
                {move || devices.get().map(|r| match r {
                    Ok(list) => view! { <devices::DeviceTable devices=list on_done=reload/> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
