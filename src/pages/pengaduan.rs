//! Pengaduan for both services: log (in person, phone, email, LAPOR!), respond, pass to
//! the official, close with the solution; each with its timeline, how long it has been
//! open, and counts per service and status. Works offline; syncs like any record.

use leptos::prelude::*;

use crate::hooks::Loaded;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use reses_domain::pengaduan::{
    AksiPengaduan, Layanan, Pengaduan as Aduan, Petugas, Saluran, StatusPengaduan,
};
use reses_domain::tanggal::format_datetime_wib;
use reses_domain::validate::FieldError;
use uuid::Uuid;

use crate::components::{PageHeader, SyncChip};
use crate::pages::fields::form_error;
use crate::pages::reses::{route_uuid, simpan};
use crate::session::{AppSession, use_session};
use crate::storage::Stored;

fn use_aduan() -> crate::hooks::UseLoadedReturn<Vec<Stored<Aduan>>> {
    crate::pages::use_all(|a: &Aduan| a.diterima)
}

fn petugas(session: &AppSession) -> Option<Petugas> {
    let p = session.profile.get_untracked()?;
    Some(Petugas {
        user_id: p.user_id,
        nama: p.display_name,
        waktu: js_sys::Date::now() as i64,
    })
}

/// `3 hari 4 jam` of calendar time.
fn umur(ms: i64) -> String {
    let m = (ms / 60_000).max(0);
    let (d, h, mm) = (m / 1440, (m % 1440) / 60, m % 60);
    match (d, h) {
        (0, 0) => format!("{mm} menit"),
        (0, h) => format!("{h} jam {mm} menit"),
        (d, h) => format!("{d} hari {h} jam"),
    }
}

#[component]
pub fn Pengaduan() -> impl IntoView {
    let list = use_aduan();
    view! {
        <section class="pengaduan">
            <PageHeader title="Pengaduan" lead="Pengaduan layanan reses dan izin kegiatan: dicatat, ditanggapi, diteruskan ke pejabat, diselesaikan."/>
            <A href="/pengaduan/baru" attr:class="btn primary big">"+ Catat pengaduan"</A>
            <Loaded state=list memuat="Memuat pengaduan…" let:all>
                <Counts all=all.clone()/> <Open all=all/>
            </Loaded>
        </section>
    }
}

#[component]
fn Counts(all: Vec<Stored<Aduan>>) -> impl IntoView {
    let count = |l: Layanan, s: StatusPengaduan| {
        all.iter()
            .filter(|a| a.value.layanan == l && a.value.status == s)
            .count()
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Jumlah pengaduan">
        <table class="table" data-testid="pengaduan-counts">
            <caption>"Jumlah pengaduan per layanan dan status"</caption>
            <thead><tr><th>"Layanan"</th>{StatusPengaduan::ALL.iter().map(|s| view! { <th>{s.label()}</th> }).collect_view()}</tr></thead>
            <tbody>
                {Layanan::ALL.iter().map(|l| view! {
                    <tr data-layanan=format!("{l:?}").to_lowercase()>
                        <th>{l.label()}</th>
                        {StatusPengaduan::ALL.iter().map(|s| view! { <td>{count(*l, *s)}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn Open(all: Vec<Stored<Aduan>>) -> impl IntoView {
    let now = js_sys::Date::now() as i64;
    view! {
        <h2>"Pengaduan"</h2>
        {if all.is_empty() {
            view! { <p class="empty-state">"Belum ada pengaduan."</p> }.into_any()
        } else {
            view! {
                <ul class="record-list" data-testid="pengaduan-list">
                    {all.into_iter().map(|a| {
                        let v = a.value;
                        let open = v.status != StatusPengaduan::Selesai;
                        view! {
                            <li data-testid="pengaduan-row">
                                <A href=format!("/pengaduan/{}", v.id)>
                                    <span class="guest-name">{format!("{} — {}", v.nama, v.layanan.label())}</span>
                                    <span class="guest-address">{v.isi.chars().take(120).collect::<String>()}</span>
                                    <span class="muted">{format!("{} · {}{}", v.saluran.label(), v.status.label(),
                                        if open { format!(" · terbuka {}", umur(now - v.diterima)) } else { String::new() })}</span>
                                    <span class="guest-state"><SyncChip state=a.sync/></span>
                                </A>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// Logging a complaint.
#[component]
pub fn PengaduanBaru() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let role = session.profile.get_untracked().map(|p| p.role);
    let layanan = RwSignal::new(role.map_or(Layanan::Izin, reses_domain::akses::layanan_pengaduan));
    let saluran = RwSignal::new(Saluran::Langsung);
    let (nama, set_nama) = signal(String::new());
    let (kontak, set_kontak) = signal(String::new());
    let (isi, set_isi) = signal(String::new());
    let (rujukan, set_rujukan) = signal(String::new());
    let error = RwSignal::new(None::<FieldError>);
    let id = Uuid::now_v7();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(by) = petugas(&session) else { return };
        match Aduan::catat(
            id,
            layanan.get_untracked(),
            saluran.get_untracked(),
            &nama.get_untracked(),
            &kontak.get_untracked(),
            &isi.get_untracked(),
            &rujukan.get_untracked(),
            &by,
        ) {
            Ok(a) => {
                let navigate = navigate.clone();
                spawn_local(async move {
                    match simpan(&session, &a).await {
                        Ok(()) => navigate(&format!("/pengaduan/{}", a.id), Default::default()),
                        Err(e) => error.set(Some(FieldError {
                            field: "",
                            message: e,
                        })),
                    }
                });
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <section class="pengaduan-baru">
            <A href="/pengaduan" attr:class="back-link">"‹ Pengaduan"</A>
            <PageHeader title="Catat pengaduan" lead="Pengaduan yang disampaikan langsung, lewat telepon, email atau LAPOR!"/>
            <form class="form" on:submit=save novalidate>
                <fieldset class="choice">
                    <legend>"Layanan"</legend>
                    {Layanan::ALL.into_iter().map(|l| view! {
                        <label><input type="radio" name="layanan" prop:checked=move || layanan.get() == l
                            on:change=move |_| layanan.set(l)/>{format!(" {}", l.label())}</label>
                    }).collect_view()}
                </fieldset>
                <fieldset class="choice">
                    <legend>"Saluran"</legend>
                    {Saluran::ALL.into_iter().map(|s| view! {
                        <label><input type="radio" name="saluran" data-testid=format!("saluran-{s:?}").to_lowercase()
                            prop:checked=move || saluran.get() == s on:change=move |_| saluran.set(s)/>{format!(" {}", s.label())}</label>
                    }).collect_view()}
                </fieldset>
                <div class="field"><label for="p-nama">"Nama pengadu"</label>
                    <input id="p-nama" data-testid="p-nama" prop:value=nama on:input=move |ev| set_nama.set(event_target_value(&ev))/></div>
                <div class="field"><label for="p-kontak">"Telepon atau email (tidak wajib)"</label>
                    <input id="p-kontak" data-testid="p-kontak" prop:value=kontak on:input=move |ev| set_kontak.set(event_target_value(&ev))/></div>
                <div class="field"><label for="p-isi">"Isi pengaduan"</label>
                    <textarea id="p-isi" rows="4" data-testid="p-isi" prop:value=isi on:input=move |ev| set_isi.set(event_target_value(&ev))></textarea></div>
                <div class="field"><label for="p-rujukan">"Nomor registrasi izin terkait (bila ada)"</label>
                    <input id="p-rujukan" prop:value=rujukan on:input=move |ev| set_rujukan.set(event_target_value(&ev))/></div>
                {form_error(error)}
                <button type="submit" class="btn primary big" data-testid="p-simpan">"Simpan pengaduan"</button>
            </form>
        </section>
    }
}

/// One complaint: its timeline and the next actions.
#[component]
pub fn PengaduanDetail() -> impl IntoView {
    let list = use_aduan();
    let id = route_uuid("id");
    // Outside what a background sync re-renders: what is being typed stays.
    let isi = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Only a change of this complaint re-renders it (not every reload of the list).
    let record = list.select(move |all| all.iter().find(|a| Some(a.value.id) == id.get()).cloned());
    view! {
        <section class="pengaduan-detail">
            <A href="/pengaduan" attr:class="back-link">"‹ Pengaduan"</A>
            <Loaded state=record memuat="Memuat pengaduan…" let:found>
                {match found {
                    Some(a) => view! { <Detail a=a isi=isi error=error/> }.into_any(),
                    None => view! { <p class="empty-state">"Pengaduan ini tidak ada di perangkat ini."</p> }.into_any(),
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn Detail(
    a: Stored<Aduan>,
    isi: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let set_isi = isi.write_only();
    let set_error = error.write_only();
    let v = a.value.clone();
    let current = StoredValue::new(a.value);
    let act = move |aksi: AksiPengaduan| {
        let Some(by) = petugas(&session) else { return };
        match current.with_value(|c| c.tindak(aksi, &isi.get_untracked(), &by)) {
            Ok(next) => {
                set_error.set(None);
                spawn_local(async move {
                    match simpan(&session, &next).await {
                        Ok(()) => set_isi.set(String::new()),
                        Err(e) => set_error.set(Some(e)),
                    }
                });
            }
            Err(e) => set_error.set(Some(e.message)),
        }
    };
    let allowed = |aksi| Aduan::status_setelah(v.status, aksi).is_some();
    let (respond, escalate, close) = (
        allowed(AksiPengaduan::Tanggapan),
        allowed(AksiPengaduan::Eskalasi),
        allowed(AksiPengaduan::Selesai),
    );
    view! {
        <header class="page-header">
            <h1>{format!("Pengaduan {}", v.nama)}</h1>
            <p class="lead">{format!("{} · {} · {}", v.layanan.label(), v.saluran.label(), format_datetime_wib(v.diterima))}</p>
            <p><strong data-testid="pengaduan-status">{v.status.label()}</strong>" "<SyncChip state=a.sync/></p>
        </header>
        <div class="card"><p class="pre">{v.isi.clone()}</p>
            {(!v.kontak.is_empty()).then(|| view! { <p class="muted">{format!("Kontak: {}", v.kontak)}</p> })}
            {(!v.rujukan.is_empty()).then(|| view! { <p class="muted">{format!("Rujukan: {}", v.rujukan)}</p> })}
        </div>
        <ol class="timeline card" data-testid="pengaduan-timeline">
            {v.jejak.iter().map(|j| view! {
                <li><strong>{j.aksi.label()}</strong>{format!(" — {} oleh {}", format_datetime_wib(j.waktu), j.nama)}
                    {(!j.isi.is_empty()).then(|| view! { <p class="pre">{j.isi.clone()}</p> })}</li>
            }).collect_view()}
        </ol>
        {(v.status != StatusPengaduan::Selesai).then(|| view! {
            <div class="card">
                <label for="tindak-isi">"Tanggapan, alasan diteruskan, atau solusi"</label>
                <textarea id="tindak-isi" rows="3" data-testid="p-tindak-isi" prop:value=isi on:input=move |ev| set_isi.set(event_target_value(&ev))></textarea>
                <p class="error" role="alert" data-testid="p-error" hidden=move || error.get().is_none()>{move || error.get()}</p>
                <div class="actions">
                    {respond.then(|| view! { <button type="button" class="btn" data-testid="p-tanggapi" on:click=move |_| act(AksiPengaduan::Tanggapan)>"Simpan tanggapan"</button> })}
                    {escalate.then(|| view! { <button type="button" class="btn" data-testid="p-eskalasi" on:click=move |_| act(AksiPengaduan::Eskalasi)>{format!("Teruskan ke {}", v.layanan.pejabat())}</button> })}
                    {close.then(|| view! { <button type="button" class="btn primary" data-testid="p-selesai" on:click=move |_| act(AksiPengaduan::Selesai)>"Selesai dengan solusi"</button> })}
                </div>
            </div>
        })}
    }
}
