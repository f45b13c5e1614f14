use reses_domain::sort;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use reses_domain::cari::{Kueri, lipat, teks_tamu};
use reses_domain::kehadiran::{DrafHadir, Kehadiran};
use reses_domain::reses::Tamu;
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::tanggal::{format_datetime_wib, format_time_wib};

use super::{
    ClosedNotice, KembaliKeEvent, Lapangan, pencatat, route_uuid, simpan, use_lapangan,
    with_lapangan, with_lapangan_once,
};
use crate::components::{SignatureImage, SignaturePad, SyncChip};
use crate::hooks::use_form;
use crate::session::use_session;
use crate::storage::{Stored, SyncState};

/// Results shown at once; the count says how many more match.
const MAKS_HASIL: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saring {
    Semua,
    Belum,
    Hadir,
}

/// A guest with their folded search text, built once per load.
struct Entri {
    tamu: Tamu,
    nama: String,
    teks: String,
}

/// Daftar hadir: the invited list with instant search, each guest's attendance and sync
/// state; a tap opens the check-in.
#[component]
pub fn DaftarHadir() -> impl IntoView {
    let data = use_lapangan();
    let event_id = route_uuid("id");
    // The search box lives outside what reloads when records change (a check-in, a
    // background sync), so typing is never interrupted; the query also survives a
    // reload and the way back from a check-in (session storage).
    let query_key = move || format!("reses.cari.{}", event_id.get().unwrap_or_default());
    let query =
        RwSignal::new(crate::local::read_session::<String>(&query_key()).unwrap_or_default());
    let saring = RwSignal::new(Saring::Semua);
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        let _ = SessionStorage::set(query_key(), &v);
        query.set(v);
    };
    let filter_button = move |f: Saring, label: &'static str| {
        view! {
            <button type="button" class="btn chip-btn" aria-pressed=move || (saring.get() == f).to_string()
                on:click=move |_| saring.set(f)>{label}</button>
        }
    };
    view! {
        <section class="daftar-hadir">
            <KembaliKeEvent label="Kegiatan"/>
            <header class="page-header">
                <h1>"Daftar hadir"</h1>
            </header>
            <div class="search-bar">
                <label for="cari-tamu" class="sr-only">"Cari tamu"</label>
                <input id="cari-tamu" type="search" data-testid="guest-search" autocomplete="off" autofocus
                    placeholder="Cari nama, alamat atau RT/RW" prop:value=move || query.get() on:input=on_input/>
                <A href=move || format!("/reses/{}/pindai", event_id.get().unwrap_or_default()) attr:class="btn">"Pindai QR"</A>
            </div>
            <div class="filters" role="group" aria-label="Saring">
                {filter_button(Saring::Semua, "Semua")}
                {filter_button(Saring::Belum, "Belum hadir")}
                {filter_button(Saring::Hadir, "Hadir")}
            </div>
            {with_lapangan(data, move |l| view! { <Daftar l=l query=query saring=saring/> })}
        </section>
    }
}

#[component]
fn Daftar(l: Lapangan, query: RwSignal<String>, saring: RwSignal<Saring>) -> impl IntoView {
    let event_id = l.event.id;
    let entri: Rc<Vec<Entri>> = Rc::new(
        l.tamu
            .iter()
            .map(|t| {
                let t = &t.value;
                Entri {
                    nama: lipat(&t.nama),
                    teks: teks_tamu(&t.nama, &t.alamat, &t.rt, &t.rw, &t.kelurahan),
                    tamu: t.clone(),
                }
            })
            .collect(),
    );
    let hadir: Rc<HashMap<uuid::Uuid, Stored<Kehadiran>>> = Rc::new(
        l.hadir
            .iter()
            .map(|k| (k.value.tamu_id, k.clone()))
            .collect(),
    );
    let total = entri.len();
    let present = l.jumlah_hadir();
    let entri = StoredValue::new_local(entri);
    let hadir = StoredValue::new_local(hadir);

    // (matches shown, number of matches)
    let results = Memo::new(move |_| {
        let q = Kueri::new(&query.get());
        let f = saring.get();
        let hadir = hadir.get_value();
        let entri = entri.get_value();
        let mut found: Vec<(u8, &Entri)> = entri
            .iter()
            .filter(|e| {
                let is_in = hadir.get(&e.tamu.id).is_some_and(|k| k.value.hadir);
                match f {
                    Saring::Semua => true,
                    Saring::Belum => !is_in,
                    Saring::Hadir => is_in,
                }
            })
            .filter_map(|e| q.cocok(&e.nama, &e.teks).map(|r| (r, e)))
            .collect();
        let n = found.len();
        if n > MAKS_HASIL {
            found.select_nth_unstable_by(MAKS_HASIL, |a, b| {
                a.0.cmp(&b.0).then_with(|| a.1.nama.cmp(&b.1.nama))
            });
            found.truncate(MAKS_HASIL);
        }
        sort::by(&mut found, |a, b| {
            a.0.cmp(&b.0).then_with(|| a.1.nama.cmp(&b.1.nama))
        });
        let rows: Vec<Baris> = found
            .into_iter()
            .map(|(_, e)| {
                let k = hadir.get(&e.tamu.id);
                Baris {
                    tamu: e.tamu.clone(),
                    hadir: k.filter(|k| k.value.hadir).map(|k| k.value.waktu),
                    sync: k.map(|k| k.sync),
                }
            })
            .collect();
        (rows, n)
    });
    view! {
        <p class="lead">{l.judul()}</p>
        <p data-testid="hadir-summary"><strong>{present}</strong>{format!(" hadir dari {total} tamu undangan")}</p>
        <ClosedNotice ditutup=l.ditutup()/>
        <p class="muted" aria-live="polite" data-testid="guest-result-count">
            {move || {
                let n = results.with(|r| r.1);
                if n > MAKS_HASIL {
                    format!("{n} tamu cocok; {MAKS_HASIL} ditampilkan. Perjelas pencarian.")
                } else if n == 0 {
                    "Tidak ada tamu yang cocok. Periksa ejaan, atau catat sebagai tamu tanpa undangan.".to_string()
                } else {
                    format!("{n} tamu")
                }
            }}
        </p>
        <ul class="guest-list" data-testid="guest-results" data-query=move || query.get()>
            <For each=move || results.get().0 key=|b| (b.tamu.id, b.hadir, b.sync) let:b>
                <GuestRow b=b event_id=event_id/>
            </For>
        </ul>
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Baris {
    tamu: Tamu,
    hadir: Option<i64>,
    sync: Option<SyncState>,
}

#[component]
fn GuestRow(b: Baris, event_id: uuid::Uuid) -> impl IntoView {
    let t = b.tamu;
    let rtrw = match (t.rt.is_empty(), t.rw.is_empty()) {
        (true, true) => String::new(),
        _ => format!(" · RT {}/RW {}", t.rt, t.rw),
    };
    view! {
        <li data-testid="guest-row" data-hadir=b.hadir.is_some().to_string()>
            <A href=format!("/reses/{event_id}/hadir/{}", t.id)>
                <span class="guest-name">{t.nama.clone()}</span>
                <span class="guest-address">{format!("{}{rtrw}", t.alamat)}</span>
                {(!t.keterangan.is_empty()).then(|| view! { <span class="muted">{t.keterangan.clone()}</span> })}
                <span class="guest-state">
                    {match b.hadir {
                        Some(w) => view! { <span class="chip present">{format!("Hadir {}", format_time_wib(w))}</span> }.into_any(),
                        None => view! { <span class="chip absent">"Belum hadir"</span> }.into_any(),
                    }}
                    {b.sync.map(|s| view! { <SyncChip state=s/> })}
                </span>
            </A>
        </li>
    }
}

/// One guest's check-in: invitation returned yes/no and a signature; or, when already
/// present, who recorded it and when, with the way to undo a mistake.
#[component]
pub fn CheckIn() -> impl IntoView {
    let data = use_lapangan();
    let tamu_id = route_uuid("tamu");
    view! {
        <section class="check-in">
            <KembaliKeEvent bagian="/hadir" label="Daftar hadir"/>
            {with_lapangan_once(data, move |l| {
                let Some(tid) = tamu_id.get_untracked() else {
                    return view! { <p class="error">"Alamat halaman tidak valid."</p> }.into_any();
                };
                match l.tamu.iter().find(|t| t.value.id == tid) {
                    Some(t) => {
                        let current = l.hadir.iter().find(|k| k.value.tamu_id == tid).cloned();
                        view! { <CheckInForm tamu=t.value.clone() current=current closed=l.ditutup().is_some()/> }.into_any()
                    }
                    None => view! {
                        <p class="error" role="alert">"Tamu ini tidak ada di daftar undangan kegiatan ini."</p>
                    }.into_any(),
                }
            })}
        </section>
    }
}

#[component]
fn CheckInForm(tamu: Tamu, current: Option<Stored<Kehadiran>>, closed: bool) -> impl IntoView {
    let session = use_session();
    let ttd = RwSignal::new(None::<TandaTangan>);
    let f = use_form(
        "hadir",
        &tamu.id.to_string(),
        DrafHadir::default,
        None,
        move |d: &mut DrafHadir| d.tanda_tangan = ttd.get(),
    );
    let (form, error, saving) = (f.draft, f.error, f.saving);
    ttd.set(form.with_untracked(|d| d.tanda_tangan.clone()));
    let list_path = format!("/reses/{}/hadir", tamu.event_id);
    let present = current.as_ref().filter(|k| k.value.hadir).cloned();
    let header = view! {
        <header class="page-header">
            <h1 data-testid="checkin-name">{tamu.nama.clone()}</h1>
            <p class="lead">{format!("{} · RT {}/RW {} · {}", tamu.alamat, tamu.rt, tamu.rw, tamu.kelurahan)}</p>
            {(!tamu.keterangan.is_empty()).then(|| view! { <p class="muted">{tamu.keterangan.clone()}</p> })}
        </header>
    };
    if let Some(k) = present {
        return view! {
            {header}
            <Present k=k closed=closed list_path=list_path/>
        }
        .into_any();
    }
    let save = {
        let tamu = tamu.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let start = crate::perf::now();
            let Some(by) = pencatat(&session) else {
                return f.fail("", "Sesi tidak ditemukan. Masuk lagi.");
            };
            let mut d = form.get_untracked();
            d.tanda_tangan = ttd.get_untracked();
            let current = current.as_ref().map(|c| c.value.clone());
            let (event_id, tamu_id) = (tamu.event_id, tamu.id);
            let list_path = list_path.clone();
            f.submit(
                move |_, _| d.ke_rekaman(current.as_ref(), event_id, tamu_id, &by),
                move || {
                    crate::perf::measure("checkin-commit", start, &tamu_id.to_string());
                    // Back on the list, the next guest is searched from scratch.
                    let _ = SessionStorage::set(format!("reses.cari.{event_id}"), "");
                    f.go(&list_path);
                },
            );
        }
    };
    view! {
        {header}
        {closed.then(|| view! { <p class="notice">"Kegiatan sudah ditutup; kehadiran tidak dapat dicatat lagi."</p> })}
        <form class="form" on:submit=save hidden=closed>
            <fieldset class="choice">
                <legend>"Undangan dikembalikan?"</legend>
                <label><input type="radio" name="undangan" data-testid="undangan-ya"
                    prop:checked=move || form.with(|d| d.undangan_kembali == Some(true))
                    on:change=move |_| form.update(|d| d.undangan_kembali = Some(true))/>" Ya"</label>
                <label><input type="radio" name="undangan" data-testid="undangan-tidak"
                    prop:checked=move || form.with(|d| d.undangan_kembali == Some(false))
                    on:change=move |_| form.update(|d| d.undangan_kembali = Some(false))/>" Tidak"</label>
            </fieldset>
            <SignaturePad value=ttd label="Tanda tangan tamu"/>
            // Stays at the bottom of the screen on a phone, where the signature pad
            // would push it below the fold.
            <div class="sticky-actions">
                <p class="error" role="alert" data-testid="form-error" hidden=move || error.with(Option::is_none)>{move || error.with(|e| e.as_ref().map(|e| e.message.clone()))}</p>
                <button type="submit" class="btn primary big" data-testid="checkin-save" disabled=move || saving.get()>
                    {move || if saving.get() { "Menyimpan…" } else { "Simpan kehadiran" }}
                </button>
            </div>
        </form>
    }
    .into_any()
}

#[component]
fn Present(k: Stored<Kehadiran>, closed: bool, list_path: String) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let (asking, set_asking) = signal(false);
    let (alasan, set_alasan) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let value = k.value.clone();
    let undo = move |_| {
        let Some(by) = pencatat(&session) else {
            set_error.set(Some("Sesi tidak ditemukan. Masuk lagi.".into()));
            return;
        };
        match value.undo(&by, &alasan.get_untracked()) {
            Ok(next) => {
                let navigate = navigate.clone();
                let list_path = list_path.clone();
                spawn_local(async move {
                    match simpan(&session, &next).await {
                        Ok(()) => navigate(&list_path, Default::default()),
                        Err(e) => set_error.set(Some(e)),
                    }
                });
            }
            Err(e) => set_error.set(Some(e.message)),
        }
    };
    let v = k.value;
    view! {
        <div class="card present-card" data-testid="already-present">
            <p><strong>"Sudah hadir"</strong>{format!(" sejak {}", format_time_wib(v.waktu))}</p>
            <p>{format!("Dicatat oleh {}. Undangan dikembalikan: {}.", v.nama_pencatat, if v.undangan_kembali { "ya" } else { "tidak" })}</p>
            {v.tanda_tangan.clone().map(|t| view! { <SignatureImage value=t/> })}
            <SyncChip state=k.sync/>
            <details class="audit">
                <summary>"Riwayat"</summary>
                <ul>
                    {v.jejak.iter().map(|j| view! {
                        <li>{format!("{} · {} · {}{}", format_datetime_wib(j.waktu),
                            if j.aksi == reses_domain::kehadiran::AksiHadir::Hadir { "hadir" } else { "dibatalkan" },
                            j.nama, if j.alasan.is_empty() { String::new() } else { format!(" ({})", j.alasan) })}</li>
                    }).collect_view()}
                </ul>
            </details>
        </div>
        <div hidden=closed>
            <Show when=move || asking.get() fallback=move || view! {
                <button type="button" class="btn" data-testid="undo-start" on:click=move |_| set_asking.set(true)>"Batalkan kehadiran (salah catat)"</button>
            }>
                <div class="card">
                    <label for="alasan">"Alasan pembatalan (tidak wajib)"</label>
                    <input id="alasan" type="text" maxlength="240" prop:value=alasan
                        on:input=move |ev| set_alasan.set(event_target_value(&ev))/>
                    <div class="actions">
                        <button type="button" class="btn danger" data-testid="undo-confirm" on:click=undo.clone()>"Ya, batalkan kehadiran"</button>
                        <button type="button" class="btn" on:click=move |_| set_asking.set(false)>"Tidak jadi"</button>
                    </div>
                </div>
            </Show>
        </div>
        <p class="error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
    }
}
