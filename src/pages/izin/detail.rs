use leptos::prelude::*;

use crate::hooks::Loaded;
use leptos::task::spawn_local;
use leptos_router::components::A;
use reses_domain::izin::{Aksi, PermohonanIzin, StatusIzin, TAHAP, langkah};
use reses_domain::kerja::format_durasi_kerja;
use reses_domain::nik::samarkan_nik;
use reses_domain::tanggal::format_datetime_wib;

use super::{SisaWaktu, dapat_diubah, penerima, sisa, use_permohonan};
use crate::components::{SyncChip, Thumb};
use crate::pages::reses::route_uuid;
use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::storage::Stored;
use crate::sync::perintah;

/// One application: applicant (NIK masked), event, attachments, the step it waits at
/// with its deadline, the timeline, and the actions of the role responsible.
#[component]
pub fn IzinDetail() -> impl IntoView {
    let list = use_permohonan();
    let id = route_uuid("id");
    // Kept here, outside what a background sync re-renders, so a note being typed
    // survives the list reloading.
    let catatan = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Only a change of this application re-renders it (not every reload of the list).
    let record = list.select(move |all| all.iter().find(|p| Some(p.value.id) == id.get()).cloned());
    view! {
        <section class="izin-detail">
            <A href="/izin" attr:class="back-link">"‹ Izin Kegiatan"</A>
            <Loaded state=record memuat="Memuat permohonan…" let:found>
                {match found {
                    Some(p) => view! { <Detail p=p catatan=catatan error=error/> }.into_any(),
                    None => view! { <p class="empty-state">"Permohonan ini tidak ada di perangkat ini."</p> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn Detail(
    p: Stored<PermohonanIzin>,
    catatan: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let role = session.profile.get_untracked().map(|p| p.role);
    let (show_nik, set_show_nik) = signal(false);
    let sync = p.sync;
    let v = p.value;
    let step = langkah(v.status);
    let my_turn = step.is_some_and(|l| Some(l.peran) == role);
    let can_edit = role.is_some_and(penerima) && dapat_diubah(v.status);
    let letter = !matches!(v.status, StatusIzin::Draf | StatusIzin::Ditolak)
        && v.riwayat.iter().any(|r| r.status == StatusIzin::DraftSurat);
    let nik = v.pemohon.nik.clone();
    let k = v.kegiatan.clone();
    view! {
        <header class="page-header">
            <h1 data-testid="izin-nomor">{v.nomor_tampil()}</h1>
            <p class="lead">{k.nama.clone()}</p>
            <p><strong data-testid="izin-status">{v.status.label()}</strong>" "<SyncChip state=sync/></p>
        </header>
        {(v.nomor_registrasi.is_none() && v.diajukan).then(|| view! {
            <p class="notice">"Nomor sementara. Nomor registrasi diberikan server setelah permohonan terkirim."</p>
        })}
        {(!v.diajukan).then(|| view! { <p class="notice">"Draf: belum diajukan."</p> })}
        {step.map(|l| {
            let left = sisa(&v, &crate::pages::use_kalender().get_untracked(), js_sys::Date::now() as i64);
            view! {
                <div class="card" data-testid="izin-step">
                    <p>{format!("Menunggu: {} — {}", l.peran.label(), l.tombol)}</p>
                    <p class="muted">{format!("Tahap \"{}\", waktu layanan {}", TAHAP[l.tahap].0, TAHAP[l.tahap].1.label())}</p>
                    {left.map(|(due, _)| view! { <p>{format!("Tenggat: {} ", format_datetime_wib(due))}<SisaWaktu p=v.clone()/></p> })}
                </div>
            }
        })}
        {my_turn.then(|| view! { <Actions p=v.clone() catatan=catatan error=error/> })}
        <div class="actions">
            {can_edit.then(|| view! { <A href=format!("/izin/{}/ubah", v.id) attr:class="btn">"Ubah permohonan"</A> })}
            {letter.then(|| view! { <A href=format!("/izin/{}/surat", v.id) attr:class="btn">"Surat izin (cetak)"</A> })}
        </div>
        <div class="card">
            <h2>"Pemohon"</h2>
            <p>{v.pemohon.nama.clone()}{(!v.pemohon.organisasi.is_empty()).then(|| format!(" — {}", v.pemohon.organisasi))}</p>
            <p>"NIK: "<span data-testid="nik">{move || if show_nik.get() { nik.clone() } else { samarkan_nik(&nik) }}</span>" "
                <button type="button" class="btn small" on:click=move |_| set_show_nik.update(|s| *s = !*s)>
                    {move || if show_nik.get() { "Sembunyikan" } else { "Tampilkan" }}
                </button>
            </p>
            <p>{format!("{} · {}", v.pemohon.alamat, v.pemohon.telepon)}</p>
        </div>
        <div class="card">
            <h2>"Kegiatan"</h2>
            <p>{format!("{} ({})", k.nama, k.jenis)}</p>
            <p>{format!("{} s.d. {}", format_datetime_wib(k.mulai), format_datetime_wib(k.selesai))}</p>
            <p>{format!("{} · perkiraan {} peserta", k.tempat, k.perkiraan_peserta)}</p>
            {(!k.protokol.is_empty()).then(|| view! {
                <ul>{k.protokol.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul>
            })}
        </div>
        <div class="card">
            <h2>"Lampiran"</h2>
            <ul class="thumbs">
                {v.surat_permohonan.clone().map(|s| view! { <li><Thumb sha=s/><span class="muted">"Surat permohonan"</span></li> })}
                {v.scan_identitas.clone().map(|s| view! { <li><Thumb sha=s/><span class="muted">"Tanda pengenal"</span></li> })}
            </ul>
        </div>
        <div class="card">
            <h2>"Riwayat"</h2>
            <ol class="timeline" data-testid="izin-timeline">
                {v.riwayat.iter().map(|r| view! {
                    <li>
                        <strong>{r.status.label()}</strong>
                        {format!(" — {} oleh {} ({})", format_datetime_wib(r.waktu), r.nama, r.peran.label())}
                        {(!r.catatan.is_empty()).then(|| view! { <p class="muted">{format!("Catatan: {}", r.catatan)}</p> })}
                    </li>
                }).collect_view()}
            </ol>
            <WaktuPerTahap p=v.clone()/>
        </div>
    }
}

/// How long each stage took, against its published time (seed 004).
#[component]
fn WaktuPerTahap(p: PermohonanIzin) -> impl IntoView {
    let cal = crate::pages::use_kalender();
    let now = js_sys::Date::now() as i64;
    move || {
        let runs = p.waktu_tahap(&cal.read(), now);
        (!runs.is_empty()).then(|| view! {
            <h3>"Waktu per tahap"</h3>
            <table class="table cards" data-testid="izin-waktu-tahap">
                <thead><tr><th>"Tahap"</th><th>"Mulai"</th><th>"Lama (jam kerja)"</th><th>"Standar"</th><th>"Hasil"</th></tr></thead>
                <tbody>
                    {runs.into_iter().map(|w| {
                        let (class, hasil) = match (w.selesai.is_some(), w.tepat) {
                            (true, true) => ("chip ok", "Tepat waktu"),
                            (true, false) => ("chip late", "Melewati standar"),
                            (false, true) => ("chip pending", "Berjalan"),
                            (false, false) => ("chip late", "Berjalan, melewati standar"),
                        };
                        view! {
                            <tr>
                                <td data-label="Tahap">{TAHAP[w.tahap].0}</td>
                                <td data-label="Mulai">{format_datetime_wib(w.mulai)}</td>
                                <td data-label="Lama (jam kerja)">{format_durasi_kerja(w.menit)}</td>
                                <td data-label="Standar">{TAHAP[w.tahap].1.label()}</td>
                                <td data-label="Hasil"><span class=class>{hasil}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })
    }
}

/// The buttons of the role whose turn it is. The server decides; this only asks.
#[component]
fn Actions(
    p: PermohonanIzin,
    catatan: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let online = use_pwa().online;
    let set_catatan = catatan.write_only();
    let (busy, set_busy) = signal(false);
    let set_error = error.write_only();
    let step = langkah(p.status);
    let review = step.is_some_and(|l| l.tinjauan);
    let id = p.id;
    let dari = p.status;
    let act = move |aksi: Aksi| {
        set_busy.set(true);
        set_error.set(None);
        spawn_local(async move {
            let Some(store) = session.store() else {
                set_error.set(Some("Penyimpanan perangkat belum siap.".into()));
                set_busy.set(false);
                return;
            };
            let catatan_kini = catatan.get_untracked();
            match perintah::tindakan_izin(store, id, aksi, catatan_kini, dari).await {
                Ok(()) => {
                    catatan.set(String::new());
                    session.changed();
                }
                Err(e) => set_error.set(Some(e)),
            }
            set_busy.set(false);
        });
    };
    view! {
        <div class="card action-card" data-testid="izin-actions">
            <h2>"Tindakan Anda"</h2>
            <label for="catatan-izin">{if review { "Catatan (wajib untuk mengembalikan atau menolak)" } else { "Catatan (tidak wajib)" }}</label>
            <textarea id="catatan-izin" rows="2" data-testid="izin-catatan" prop:value=catatan
                on:input=move |ev| set_catatan.set(event_target_value(&ev))></textarea>
            <p class="error" role="alert" data-testid="izin-error" hidden=move || error.get().is_none()>{move || error.get()}</p>
            <Show when=move || !online.get()>
                <p class="muted">"Tindakan memerlukan koneksi ke server kantor."</p>
            </Show>
            <div class="actions">
                <button type="button" class="btn primary" data-testid="izin-lanjut"
                    disabled=move || busy.get() || !online.get() on:click=move |_| act(Aksi::Lanjut)>
                    {step.map(|l| l.tombol)}
                </button>
                {review.then(|| view! {
                    <button type="button" class="btn" data-testid="izin-kembalikan"
                        disabled=move || busy.get() || !online.get() on:click=move |_| act(Aksi::Kembalikan)>"Kembalikan untuk perbaikan"</button>
                    <button type="button" class="btn danger" data-testid="izin-tolak"
                        disabled=move || busy.get() || !online.get() on:click=move |_| act(Aksi::Tolak)>"Tolak"</button>
                })}
            </div>
        </div>
    }
}
