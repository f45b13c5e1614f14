//! Devices: by the name given at their first sign-in (editable here), with the ones that
//! have an active session first; the rest on request.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::auth::DeviceSummary;
use reses_domain::tanggal::format_datetime_wib;

use crate::sync::api::admin;

/// What a device is called when nobody named it: its browser and system, from the
/// User-Agent ("Chrome di Android").
pub fn device_label(d: &DeviceSummary) -> String {
    if !d.name.is_empty() {
        return d.name.clone();
    }
    crate::session::guess_device_name(&d.user_agent)
}

#[component]
pub fn DeviceTable(
    devices: Vec<DeviceSummary>,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (all, set_all) = signal(false);
    let inactive = devices
        .iter()
        .filter(|d| d.active_sessions == 0 || d.revoked)
        .count();
    let devices = StoredValue::new(devices);
    let rows = move || {
        let show_all = all.get();
        devices.with_value(|list| {
            list.iter()
                .filter(|d| show_all || (d.active_sessions > 0 && !d.revoked))
                .cloned()
                .map(|d| view! { <DeviceRow device=d on_done/> })
                .collect_view()
        })
    };
    view! {
        <label class="check">
            <input type="checkbox" data-testid="devices-all" prop:checked=all
                on:change=move |ev| set_all.set(event_target_checked(&ev))/>
            {format!("Tampilkan juga perangkat tanpa sesi aktif ({inactive})")}
        </label>
        <div class="table-wrap">
            <table class="table cards" data-testid="devices">
                <thead><tr>
                    <th scope="col">"Perangkat"</th><th scope="col">"Pengguna"</th>
                    <th scope="col">"Terakhir aktif"</th><th scope="col">"Tindakan"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn DeviceRow(
    device: DeviceSummary,
    on_done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = device.id;
    let (name, set_name) = signal(device_label(&device));
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match admin::name_device(id, &name.get_untracked()).await {
                Ok(()) => on_done("Nama perangkat disimpan.".into()),
                Err(e) => on_done(e.message()),
            }
        });
    };
    let revoke = move |_| {
        spawn_local(async move {
            match admin::revoke_device(id).await {
                Ok(()) => {
                    on_done("Perangkat dicabut; perangkat itu tidak dapat sinkron lagi.".into())
                }
                Err(e) => on_done(e.message()),
            }
        });
    };
    let sessions = match (device.revoked, device.active_sessions) {
        (true, _) => "dicabut".to_string(),
        (false, 0) => "tanpa sesi aktif".to_string(),
        (false, n) => format!("{n} sesi aktif"),
    };
    view! {
        <tr data-testid="device-row">
            <td data-label="Perangkat">
                <form class="inline-form" on:submit=rename>
                    <label class="visually-hidden" for=format!("dev-{id}")>"Nama perangkat"</label>
                    <input id=format!("dev-{id}") prop:value=name maxlength="60"
                        on:input=move |ev| set_name.set(event_target_value(&ev))/>
                    <button class="btn" type="submit">"Simpan nama"</button>
                </form>
                <span class="muted">{sessions}</span>
            </td>
            <td data-label="Pengguna">{device.username}</td>
            <td data-label="Terakhir aktif">{format_datetime_wib(device.last_seen)}</td>
            <td data-label="Tindakan">{if device.revoked {
                view! { <span class="muted">"Dicabut"</span> }.into_any()
            } else {
                view! { <button class="btn" on:click=revoke>"Cabut perangkat"</button> }.into_any()
            }}</td>
        </tr>
    }
}
