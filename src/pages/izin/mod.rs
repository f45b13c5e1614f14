//! Izin penyelenggaraan kegiatan (seed 004): the inbox of each role (overdue first, with
//! the working time left), every application, the front desk's status lookup, intake
//! (offline drafts), the detail with its timeline and actions, and the permit letter.

mod detail;
mod form;
mod surat;

pub use detail::IzinDetail;
pub use form::IzinForm;
pub use surat::SuratIzin;

use leptos::prelude::*;

use crate::hooks::Loaded;
use leptos::task::spawn_local;
use leptos_router::components::A;
use reses_domain::Role;
use reses_domain::izin::{PermohonanIzin, StatusIzin, TAHAP, kotak_masuk, langkah};
use reses_domain::kerja::{Kalender, format_durasi_kerja};
use reses_domain::tanggal::format_datetime_wib;

use crate::components::{PageHeader, SyncChip};
use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::storage::Stored;
use crate::sync::api;

/// Does `role` take in applications (write them while they are drafts or returned)?
pub fn penerima(role: Role) -> bool {
    use reses_domain::akses::{Hak, Perubahan, hak};
    hak(
        role,
        reses_domain::sync::RecordKind::Izin,
        Perubahan::Tambah,
    ) == Hak::Ya
}

/// Every application on this device, newest first.
pub fn use_permohonan() -> crate::hooks::UseLoadedReturn<Vec<Stored<PermohonanIzin>>> {
    crate::pages::use_all(|p: &PermohonanIzin| std::cmp::Reverse(p.dibuat))
}

/// Deadline and working minutes left (negative: late) of an application's current stage.
pub fn sisa(p: &PermohonanIzin, cal: &Kalender, now: i64) -> Option<(i64, i64)> {
    let due = p.tenggat(cal)?;
    Some((due, cal.menit_kerja_antara(now, due)))
}

/// "Sisa 25 menit" or "Terlambat 1 jam 5 menit".
#[component]
pub fn SisaWaktu(p: PermohonanIzin) -> impl IntoView {
    let now = js_sys::Date::now() as i64;
    let cal = crate::pages::use_kalender();
    move || {
        sisa(&p, &cal.read(), now).map(|(due, left)| {
        let (class, text) = if left < 0 || now > due {
            ("chip error", format!("Terlambat {}", format_durasi_kerja(left.min(-1))))
        } else {
            ("chip pending", format!("Sisa {}", format_durasi_kerja(left)))
        };
        view! {
            <span class=class data-testid="sla" title=format!("Tenggat {}", format_datetime_wib(due))>{text}</span>
        }
    })
    }
}

#[component]
pub fn IzinKegiatan() -> impl IntoView {
    let session = use_session();
    let role = move || session.profile.get().map(|p| p.role);
    let list = use_permohonan();
    let cal = crate::pages::use_kalender();
    view! {
        <section class="izin">
            <PageHeader
                title="Izin Kegiatan"
                lead="Permohonan izin penyelenggaraan kegiatan, dari penerimaan sampai surat izin diambil."
            />
            <Show when=move || role().is_some_and(penerima)>
                <div class="actions">
                    <A href="/izin/baru" attr:class="btn primary big">"+ Permohonan baru"</A>
                    <A href="/pengaturan" attr:class="btn">"Penanda tangan surat izin"</A>
                </div>
            </Show>
            <StatusLookup/>
            <Loaded state=list memuat="Memuat permohonan…" let:all>
                {move || view! { <Inbox all=all.clone() role=role() cal=cal.get()/> <Semua all=all.clone()/> }}
            </Loaded>
        </section>
    }
}

/// What waits for this role, the most urgent first.
#[component]
fn Inbox(all: Vec<Stored<PermohonanIzin>>, role: Option<Role>, cal: Kalender) -> impl IntoView {
    let values: Vec<PermohonanIzin> = all.into_iter().map(|p| p.value).collect();
    let waiting: Vec<PermohonanIzin> = role
        .map(|r| {
            kotak_masuk(&values, r, &cal)
                .into_iter()
                .map(|(p, _)| p.clone())
                .collect()
        })
        .unwrap_or_default();
    view! {
        <h2>"Menunggu tindakan Anda"</h2>
        {if waiting.is_empty() {
            view! { <p class="empty-state" data-testid="inbox-empty">"Tidak ada permohonan yang menunggu Anda."</p> }.into_any()
        } else {
            view! {
                <ul class="record-list" data-testid="inbox">
                    {waiting.into_iter().map(|v| {
                        let step = langkah(v.status);
                        view! {
                            <li data-testid="inbox-row">
                                <A href=format!("/izin/{}", v.id)>
                                    <span class="guest-name">{format!("{} · {}", v.nomor_tampil(), v.kegiatan.nama)}</span>
                                    <span class="guest-address">{format!("{} · {}", v.pemohon.nama, v.status.label())}</span>
                                    <span class="muted">{step.map(|l| format!("Langkah: {} ({})", l.tombol, TAHAP[l.tahap].1.label()))}</span>
                                    <span class="guest-state"><SisaWaktu p=v.clone()/></span>
                                </A>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn Semua(all: Vec<Stored<PermohonanIzin>>) -> impl IntoView {
    view! {
        <h2>"Semua permohonan"</h2>
        {if all.is_empty() {
            view! { <p class="empty-state">"Belum ada permohonan izin di perangkat ini."</p> }.into_any()
        } else {
            view! {
                <table class="table cards" data-testid="izin-table">
                    <thead><tr><th>"Nomor"</th><th>"Kegiatan"</th><th>"Pemohon"</th><th>"Status"</th><th>"Sinkron"</th></tr></thead>
                    <tbody>
                        {all.into_iter().map(|p| {
                            let v = p.value;
                            let nomor = v.nomor_tampil();
                            view! {
                                <tr>
                                    <td data-label="Nomor"><A href=format!("/izin/{}", v.id)>{nomor}</A></td>
                                    <td data-label="Kegiatan">{v.kegiatan.nama.clone()}</td>
                                    <td data-label="Pemohon">{v.pemohon.nama.clone()}</td>
                                    <td data-label="Status" data-testid="izin-status">{v.status.label()}</td>
                                    <td data-label="Sinkron"><SyncChip state=p.sync/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

/// The front desk's lookup by registration number (asks the server: needs a connection).
#[component]
fn StatusLookup() -> impl IntoView {
    let online = use_pwa().online;
    let (nomor, set_nomor) = signal(String::new());
    let (result, set_result) = signal(None::<Result<api::StatusIzinJawaban, String>>);
    let cek = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = nomor.get_untracked();
        if n.trim().is_empty() {
            set_result.set(Some(Err(
                "Isi nomor registrasi, misalnya IZN/2026/0001.".into()
            )));
            return;
        }
        spawn_local(async move {
            let r = api::izin_status(&n).await.map_err(|e| match e {
                api::ApiError::Refused {
                    code: reses_domain::ErrorCode::NotFound,
                    ..
                } => {
                    format!(
                        "Nomor registrasi {} tidak ditemukan.",
                        n.trim().to_ascii_uppercase()
                    )
                }
                e => e.message(),
            });
            set_result.set(Some(r));
        });
    };
    view! {
        <form class="inline-form card" on:submit=cek data-testid="status-lookup">
            <label for="cek-nomor">"Cek status permohonan"</label>
            <input id="cek-nomor" type="text" placeholder="IZN/2026/0001" autocomplete="off"
                prop:value=nomor on:input=move |ev| set_nomor.set(event_target_value(&ev))/>
            <button type="submit" class="btn" disabled=move || !online.get()>"Cek"</button>
            <Show when=move || !online.get()>
                <p class="muted">"Pencarian status memerlukan koneksi ke server."</p>
            </Show>
            {move || result.get().map(|r| match r {
                Ok(s) => view! {
                    <div data-testid="lookup-result">
                        <p><strong>{s.nomor_registrasi.clone()}</strong>{format!(" · {} · ", s.kegiatan)}<strong>{s.status_label.clone()}</strong></p>
                        <ol class="timeline">
                            {s.riwayat.iter().map(|(t, l)| view! { <li>{format!("{} — {l}", format_datetime_wib(*t))}</li> }).collect_view()}
                        </ol>
                    </div>
                }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="lookup-error">{e}</p> }.into_any(),
            })}
        </form>
    }
}

/// Is the application in a state the intake officer may still edit?
pub fn dapat_diubah(s: StatusIzin) -> bool {
    matches!(s, StatusIzin::Draf | StatusIzin::Dikembalikan)
}
