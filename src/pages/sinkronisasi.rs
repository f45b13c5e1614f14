//! Sinkronisasi: what waits to be sent, the last successful sync, errors and conflicts
//! with their actions, storage use, and signing out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::angka::format_mb;
use reses_domain::sync::{Op, RecordKind};
use reses_domain::tanggal::format_datetime_wib;

use crate::components::{PageHeader, SignOutWarning};
use crate::hooks::{Loaded, use_loaded_by};
use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::storage::{self, OutboxEntry, OutboxStatus, UploadStatus};

#[component]
pub fn Sinkronisasi() -> impl IntoView {
    let session = use_session();
    // Reloads whenever records change here or the sync status changes (a pass ended,
    // another tab queued a change).
    let outbox = use_loaded_by(
        move || session.status.track(),
        |store, ()| async move { store.outbox().await.map_err(|e| e.message()) },
    );
    view! {
        <section class="sinkronisasi">
            <PageHeader
                title="Sinkronisasi"
                lead="Data yang dicatat di perangkat ini dikirim ke server kantor saat ada koneksi."
            />
            <StatusCard/>
            <Loaded state=outbox memuat="Memuat antrean…" let:entries>
                <OutboxTable entries=entries.clone()/>
                <ProblemList entries=entries/>
            </Loaded>
            <Attachments/>
            <StorageUsage/>
            <Account/>
        </section>
    }
}

#[component]
fn StatusCard() -> impl IntoView {
    let session = use_session();
    let online = use_pwa().online;
    let status = session.status;
    view! {
        <div class="card status-card" data-testid="sync-status">
            <p>
                "Terakhir berhasil: "
                <strong data-testid="last-sync">
                    {move || status.get().last_success
                        .map(|t| format_datetime_wib(t as i64))
                        .unwrap_or_else(|| "belum pernah di perangkat ini".into())}
                </strong>
            </p>
            <p>
                "Menunggu dikirim: "
                <strong data-testid="unsent-total">{move || status.get().unsent}</strong>
            </p>
            <Show when=move || status.get().running>
                <p class="muted" role="status">"Sedang menyinkronkan…"</p>
            </Show>
            <Show when=move || status.get().last_error.is_some()>
                <p class="error" role="alert" data-testid="sync-error">{move || status.get().last_error}</p>
            </Show>
            <button class="btn primary" on:click=move |_| session.sync_now()
                disabled=move || !online.get() || status.get().running>
                "Sinkronkan sekarang"
            </button>
            <Show when=move || !online.get()>
                <p class="muted">"Luring: data akan dikirim otomatis saat koneksi kembali."</p>
            </Show>
        </div>
    }
}

#[component]
fn OutboxTable(entries: Vec<OutboxEntry>) -> impl IntoView {
    let rows: Vec<_> = RecordKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let of = |st: OutboxStatus| {
                entries
                    .iter()
                    .filter(|e| e.kind == kind && e.status == st)
                    .count()
            };
            let (p, c, r) = (
                of(OutboxStatus::Pending),
                of(OutboxStatus::Conflict),
                of(OutboxStatus::Rejected),
            );
            (p + c + r > 0).then(|| {
                view! {
                    <tr data-kind=kind.as_str()>
                        <th scope="row">{kind.label()}</th>
                        <td>{p}</td>
                        <td>{c}</td>
                        <td>{r}</td>
                    </tr>
                }
            })
        })
        .collect();
    if rows.is_empty() {
        return view! { <p class="empty-state">"Tidak ada data yang menunggu dikirim."</p> }
            .into_any();
    }
    view! {
        <table class="table" data-testid="outbox-table">
            <caption>"Antrean per jenis data"</caption>
            <thead><tr><th scope="col">"Jenis"</th><th scope="col">"Menunggu"</th><th scope="col">"Konflik"</th><th scope="col">"Gagal"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Conflicts and refused changes: they stay until a person acts.
#[component]
fn ProblemList(entries: Vec<OutboxEntry>) -> impl IntoView {
    let problems: Vec<_> = entries
        .into_iter()
        .filter(|e| e.status != OutboxStatus::Pending)
        .map(|e| view! { <Problem entry=e/> })
        .collect();
    (!problems.is_empty()).then(|| {
        view! {
            <h2>"Perlu tindakan"</h2>
            <ul class="problems" data-testid="problems">{problems}</ul>
        }
    })
}

fn record_name(e: &OutboxEntry) -> String {
    match &e.mutation.op {
        Op::Put { data, .. } => data
            .get("nama")
            .or_else(|| data.get("tempat"))
            .and_then(|v| v.as_str())
            .map(str::to_string),
        Op::Delete => None,
    }
    .unwrap_or_else(|| e.record_id.clone())
}

#[derive(Debug, Clone, Copy)]
enum Fix {
    Retry,
    KeepMine,
    TakeServer,
}

#[component]
fn Problem(entry: OutboxEntry) -> impl IntoView {
    let session = use_session();
    let seq = entry.seq.unwrap_or_default();
    let (error, set_error) = signal(None::<String>);
    let act = move |action: Fix| {
        spawn_local(async move {
            let Some(store) = session.store() else { return };
            let result = match action {
                Fix::Retry => store.retry(seq).await,
                Fix::KeepMine => store.resolve_conflict(seq, true).await,
                Fix::TakeServer => store.resolve_conflict(seq, false).await,
            };
            match result {
                Ok(()) => {
                    session.changed();
                    session.sync_now();
                }
                Err(e) => set_error.set(Some(storage::StorageError::message(&e))),
            }
        });
    };
    let name = record_name(&entry);
    let kind = entry.kind.label();
    let body = match entry.status {
        OutboxStatus::Rejected => view! {
            <p><strong>{kind}" · "{name}</strong>" — ditolak server: "{entry.error.clone().unwrap_or_default()}</p>
            <div class="actions">
                <button class="btn" on:click=move |_| act(Fix::Retry)>
                    "Kirim ulang"
                </button>
            </div>
        }
        .into_any(),
        _ => {
            let diff = conflict_diff(&entry);
            view! {
                <p><strong>{kind}" · "{name}</strong>" — diubah juga di server pada kolom yang sama."</p>
                <table class="table diff">
                    <thead><tr><th>"Kolom"</th><th>"Versi perangkat ini"</th><th>"Versi server"</th></tr></thead>
                    <tbody>{diff.into_iter().map(|(f, mine, theirs)| view! {
                        <tr><th scope="row">{f}</th><td>{mine}</td><td>{theirs}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <div class="actions">
                    <button class="btn" on:click=move |_| act(Fix::KeepMine)>
                        "Pakai versi saya"
                    </button>
                    <button class="btn" on:click=move |_| act(Fix::TakeServer)>
                        "Pakai versi server"
                    </button>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <li class="card problem" data-status=format!("{:?}", entry.status).to_lowercase()>
            {body}
            <p class="error" role="alert">{move || error.get()}</p>
        </li>
    }
}

/// `(field, this device's value, the server's value)` for the fields in conflict.
fn conflict_diff(e: &OutboxEntry) -> Vec<(String, String, String)> {
    let Op::Put { data, changed } = &e.mutation.op else {
        return Vec::new();
    };
    let server = e.server.as_ref().map(|s| &s.data);
    let show = |v: Option<&serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => "—".into(),
    };
    changed
        .iter()
        .filter(|f| f.as_str() != "id")
        .map(|f| {
            (
                f.clone(),
                show(data.get(f)),
                show(server.and_then(|s| s.get(f))),
            )
        })
        .collect()
}

/// Files waiting to be uploaded, and those the server refused.
#[component]
fn Attachments() -> impl IntoView {
    let session = use_session();
    let files = crate::hooks::use_async(move || {
        session.status.track();
        async move {
            let store = session.store()?;
            let pending = store.attachments_with(UploadStatus::Pending).await.ok()?;
            let refused = store.attachments_with(UploadStatus::Rejected).await.ok()?;
            Some((pending.len(), refused))
        }
    });
    move || {
        files.get().flatten().and_then(|(pending, refused)| {
            (pending + refused.len() > 0).then(|| view! {
                <div class="card" data-testid="attachments">
                    <h2>"Lampiran"</h2>
                    <p>"Menunggu diunggah: "<strong>{pending}</strong></p>
                    <ul>
                        {refused.into_iter().map(|a| view! {
                            <li class="error">
                                {format!("Ditolak server ({} KB, {}): ", a.bytes.len().div_ceil(1024), a.content_type)}
                                {a.error.unwrap_or_default()}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            })
        })
    }
}

#[component]
fn StorageUsage() -> impl IntoView {
    let usage = crate::hooks::use_async(|| async { storage::estimate().await });
    view! {
        <div class="card" data-testid="storage-usage">
            <h2>"Penyimpanan perangkat"</h2>
            {move || usage.get().map(|u| match u {
                Some((used, quota)) => format!(
                    "Terpakai {} dari {} yang tersedia untuk aplikasi ini.",
                    format_mb(used), format_mb(quota)
                ),
                None => "Peramban ini tidak melaporkan penggunaan penyimpanan.".into(),
            })}
        </div>
    }
}

#[component]
fn Account() -> impl IntoView {
    let session = use_session();
    let (confirm, set_confirm) = signal(false);
    let sign_out = move |_| {
        if session.status.get_untracked().unsent > 0 && !confirm.get_untracked() {
            set_confirm.set(true);
            return;
        }
        spawn_local(async move { session.sign_out().await });
    };
    view! {
        <div class="card account">
            <h2>"Akun"</h2>
            <p>{move || session.profile.get().map(|p| format!("Masuk sebagai {} ({})", p.display_name, p.role.label()))}</p>
            <Show when=move || confirm.get()>
                <SignOutWarning/>
            </Show>
            <div class="actions">
                <a class="btn" href="/akun/kata-sandi">"Ganti kata sandi"</a>
                <button class="btn" on:click=sign_out>
                    {move || if confirm.get() { "Ya, keluar" } else { "Keluar" }}
                </button>
                <Show when=move || confirm.get()>
                    <button class="btn" on:click=move |_| set_confirm.set(false)>"Batal"</button>
                </Show>
            </div>
        </div>
    }
}
