//! Importing an event's guest list from the CSV or XLSX a member's office sends: choose
//! the file, check which column is which, see every problem per row and the duplicates,
//! then import all of it or nothing. Reading and storing happen on the server (one
//! transaction), so this screen needs the connection; the guests then come to every
//! device by sync like any other change.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use reses_domain::impor::{HasilSimpan, KolomTamu, Pemetaan, PratinjauImpor, pemetaan_ke_teks};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::kegiatan::{use_event, with_event};
use crate::components::PageHeader;
use crate::pwa::use_pwa;
use crate::session::use_session;
use crate::sync::api;

/// Largest file accepted (the server refuses more than 10,000 rows anyway).
const MAKS_BYTE: f64 = 8.0 * 1024.0 * 1024.0;

async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    if file.size() > MAKS_BYTE {
        return Err("Berkas terlalu besar (paling besar 8 MB).".into());
    }
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "Berkas tidak dapat dibaca dari perangkat.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

#[component]
pub fn ImporTamu() -> impl IntoView {
    let data = use_event();
    view! {
        <section class="kantor impor">
            {with_event(data, |e, _| {
                let id = e.id;
                view! {
                    <p><A href=format!("/kantor/kegiatan/{id}")>"‹ Kegiatan"</A></p>
                    <PageHeader title="Impor daftar tamu" lead=format!("{} — {}", e.tanggal.format_long(), e.tempat)/>
                    <Impor event=id/>
                }
            })}
        </section>
    }
}

#[component]
fn Impor(event: uuid::Uuid) -> impl IntoView {
    let session = use_session();
    let online = use_pwa().online;
    let bytes = StoredValue::new(None::<Vec<u8>>);
    let name = RwSignal::new(String::new());
    let pemetaan = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<PratinjauImpor>);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<HasilSimpan>);
    let busy = RwSignal::new(false);

    let check = move || {
        let Some(b) = bytes.get_value() else { return };
        busy.set(true);
        error.set(None);
        let map = pemetaan.get_untracked();
        spawn_local(async move {
            match api::impor_tamu::<PratinjauImpor>(event, &b, &map, true).await {
                Ok(p) => {
                    pemetaan.set(pemetaan_ke_teks(&p.pemetaan));
                    preview.set(Some(p));
                }
                Err(e) => {
                    preview.set(None);
                    error.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        name.set(file.name());
        done.set(None);
        preview.set(None);
        pemetaan.set(String::new());
        spawn_local(async move {
            match read_file(file).await {
                Ok(b) => {
                    bytes.set_value(Some(b));
                    check();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let set_column = move |col: usize, key: String| {
        let mut p: Pemetaan =
            preview.with_untracked(|p| p.as_ref().map(|p| p.pemetaan.clone()).unwrap_or_default());
        if col < p.len() {
            p[col] = KolomTamu::parse(&key);
        }
        pemetaan.set(pemetaan_ke_teks(&p));
        check();
    };
    let commit = move |_| {
        let Some(b) = bytes.get_value() else { return };
        busy.set(true);
        error.set(None);
        let map = pemetaan.get_untracked();
        spawn_local(async move {
            match api::impor_tamu::<HasilSimpan>(event, &b, &map, false).await {
                Ok(h) => {
                    done.set(Some(h));
                    preview.set(None);
                    bytes.set_value(None);
                    session.sync_now();
                }
                Err(e) => error.set(Some(e.message())),
            }
            busy.set(false);
        });
    };
    view! {
        <Show when=move || !online.get()>
            <p class="notice" role="status">"Impor memerlukan koneksi ke server kantor. Tamu tetap dapat ditambahkan satu per satu tanpa koneksi di halaman kegiatan."</p>
        </Show>
        <div class="card">
            <label for="berkas-impor"><strong>"Berkas daftar tamu (CSV atau XLSX)"</strong></label>
            <input id="berkas-impor" type="file" data-testid="berkas-impor"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                on:change=on_file disabled=move || busy.get()/>
            <p class="muted">"Baris pertama berisi judul kolom (mis. Nama, Alamat, RT/RW, Kelurahan, L/P, Keterangan). Paling banyak 10.000 baris."</p>
        </div>
        <p class="muted" role="status" hidden=move || !busy.get()>"Memeriksa berkas…"</p>
        <p class="error" role="alert" data-testid="impor-galat" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
        {move || done.get().map(|h| view! {
            <p class="notice" role="status" data-testid="impor-selesai">
                {format!("{} tamu diimpor{}.", h.disimpan, if h.dilewati > 0 { format!(", {} duplikat dilewati", h.dilewati) } else { String::new() })}
                " "<A href=format!("/kantor/kegiatan/{event}")>"Lihat daftar tamu"</A>
            </p>
        })}
        {move || preview.get().map(|p| {
            let ok = p.galat_pemetaan.is_none() && p.hasil.bermasalah == 0 && p.hasil.valid > 0;
            let header = p.header.clone();
            view! {
                <h2>{format!("Pratinjau: {}", name.get_untracked())}</h2>
                <p data-testid="impor-ringkasan">{format!("{} baris: {} siap diimpor, {} bermasalah, {} duplikat (dilewati).",
                    p.jumlah_baris, p.hasil.valid, p.hasil.bermasalah, p.hasil.duplikat)}</p>
                {(p.hasil.jumlah_dikembalikan() > 0).then(|| view! {
                    <p class="notice" role="status" data-testid="impor-dikembalikan">{format!(
                        "{} tamu di berkas ini pernah dihapus dari daftar tamu dan akan dikembalikan bila diimpor. Hapus barisnya dari berkas bila tidak diinginkan.",
                        p.hasil.jumlah_dikembalikan())}</p>
                })}
                <h3>"Kolom"</h3>
                <div class="pemetaan" data-testid="pemetaan">
                    {header.iter().enumerate().map(|(i, h)| {
                        let current = p.pemetaan.get(i).copied().flatten();
                        view! {
                            <div class="field">
                                <label for=format!("kolom-{i}")>{format!("Kolom “{h}”")}</label>
                                <select id=format!("kolom-{i}") data-testid=format!("kolom-{i}")
                                    on:change=move |ev| set_column(i, event_target_value(&ev))>
                                    <option value="" selected=current.is_none()>"(abaikan)"</option>
                                    {KolomTamu::ALL.iter().map(|k| view! {
                                        <option value=k.as_str() selected=current == Some(*k)>{k.label()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                        }
                    }).collect_view()}
                </div>
                {p.galat_pemetaan.clone().map(|e| view! { <p class="error" role="alert" data-testid="pemetaan-galat">{e}</p> })}
                {p.hasil.ringkasan_galat().map(|e| view! { <p class="error" role="alert" data-testid="impor-tolak">{e}</p> })}
                <div class="table-wrap">
                <table class="table" data-testid="impor-pratinjau">
                    <thead><tr><th>"Baris"</th><th>"Nama"</th><th>"Alamat"</th><th>"RT/RW"</th><th>"Kelurahan"</th><th>"L/P"</th><th>"Keterangan"</th><th>"No. HP/WA"</th><th>"Hasil periksa"</th></tr></thead>
                    <tbody>
                        {p.hasil.baris.iter().map(|b| {
                            let state = if !b.galat.is_empty() { "galat" } else if b.duplikat.is_some() { "duplikat" } else if b.dikembalikan { "kembali" } else { "ok" };
                            let t = &b.tamu;
                            let msg = if !b.galat.is_empty() { b.galat.join(" ") } else if let Some(d) = &b.duplikat { format!("Duplikat: {d}; dilewati.") }
                                else if b.dikembalikan { "Pernah dihapus dari daftar; akan dikembalikan.".into() } else { "Siap".into() };
                            view! {
                                <tr data-state=state>
                                    <td>{b.baris}</td><td>{t.nama.clone()}</td><td>{t.alamat.clone()}</td>
                                    <td>{format!("{}/{}", t.rt, t.rw)}</td><td>{t.kelurahan.clone()}</td>
                                    <td>{reses_domain::reses::JenisKelamin::kode(t.jenis_kelamin)}</td>
                                    <td>{t.keterangan.clone()}</td><td>{t.telepon.clone()}</td><td>{msg}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
                <button type="button" class="btn primary big" data-testid="impor-simpan" disabled=move || !ok || busy.get() || !online.get()
                    on:click=commit>
                    {format!("Impor {} tamu", p.hasil.valid)}
                </button>
            }
        })}
    }
}

fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target().unwrap().unchecked_into()
}
