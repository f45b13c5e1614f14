use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::aspirasi::{DokumentasiReses, MAKS_FOTO_DOKUMENTASI};
use reses_domain::tanggal::format_datetime_wib;
use serde::{Deserialize, Serialize};

use super::{
    ClosedNotice, Kembali, Lapangan, pencatat, route_uuid, simpan, use_lapangan, with_lapangan,
};
use crate::components::{PhotoPicker, SyncChip, Thumb};
use crate::draft;
use crate::session::use_session;

/// The event's notes and photos, and closing the event.
#[component]
pub fn Dokumentasi() -> impl IntoView {
    let data = use_lapangan();
    // Kept here, not in the form: a save reloads the event's records, which rebuilds the
    // form, and the confirmation must outlive that.
    let notice = RwSignal::new(None::<String>);
    view! {
        <section class="dokumentasi">
            {move || route_uuid("id").get().map(|id| view! { <Kembali href=format!("/reses/{id}") label="Kegiatan"/> })}
            {with_lapangan(data, move |l| view! { <Form l=l notice=notice/> })}
        </section>
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draf {
    catatan: String,
    foto: Vec<String>,
}

#[component]
fn Form(l: Lapangan, notice: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_session();
    let event_id = l.event.id;
    let user = session
        .profile
        .get_untracked()
        .map(|p| p.user_id.to_string())
        .unwrap_or_default();
    let key = draft::key(&user, "dokumentasi", &event_id.to_string());
    let stored = l
        .dokumentasi
        .as_ref()
        .map_or_else(|| DokumentasiReses::empty(event_id), |d| d.value.clone());
    let saved_draf = Draf {
        catatan: stored.catatan.clone(),
        foto: stored.foto.clone(),
    };
    let initial = draft::load::<Draf>(&key).unwrap_or_else(|| saved_draf.clone());
    let catatan = RwSignal::new(initial.catatan);
    let foto = RwSignal::new(initial.foto);
    let (error, set_error) = signal(None::<String>);
    let (confirm, set_confirm) = signal(false);
    let (saving, set_saving) = signal(false);
    let closed = stored.ditutup_pada.is_some();
    let disabled = Signal::derive(move || closed || saving.get());
    {
        let key = key.clone();
        let saved_draf = saved_draf.clone();
        Effect::new(move |_| {
            let d = Draf {
                catatan: catatan.get(),
                foto: foto.get(),
            };
            if d == saved_draf {
                draft::clear(&key);
            } else if let Err(e) = draft::save(&key, &d) {
                set_error.set(Some(e));
            }
        });
    }
    let dirty = {
        let saved_draf = saved_draf.clone();
        move || catatan.get() != saved_draf.catatan || foto.get() != saved_draf.foto
    };
    let write = {
        let stored = stored.clone();
        let key = key.clone();
        move |close: bool| {
            let mut d = stored.clone();
            d.catatan = catatan.get_untracked();
            d.foto = foto.get_untracked();
            if close {
                let Some(by) = pencatat(&session) else {
                    set_error.set(Some("Sesi tidak ditemukan. Masuk lagi.".into()));
                    return;
                };
                d.ditutup_pada = Some(by.waktu);
                d.ditutup_oleh = Some(by.nama);
            }
            if let Err(e) = d.validate() {
                set_error.set(Some(e.message));
                return;
            }
            set_saving.set(true);
            set_error.set(None);
            let key = key.clone();
            spawn_local(async move {
                match simpan(&session, &d).await {
                    Ok(()) => {
                        draft::clear(&key);
                        notice.set(Some(if close {
                            "Kegiatan ditutup.".into()
                        } else {
                            "Dokumentasi disimpan.".into()
                        }));
                    }
                    Err(e) => set_error.set(Some(e)),
                }
                set_saving.set(false);
            });
        }
    };
    let save = {
        let write = write.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            write(false);
        }
    };
    let pending = l.belum_terkirim();
    let summary = format!(
        "{} hadir dari {} undangan, {} tanpa undangan, {} aspirasi.",
        l.jumlah_hadir(),
        l.tamu.len(),
        l.tambahan.len(),
        l.aspirasi.len()
    );
    view! {
        <header class="page-header">
            <h1>"Dokumentasi & penutupan"</h1>
            <p class="lead">{l.judul()}</p>
        </header>
        <ClosedNotice ditutup=stored.ditutup_pada/>
        {l.dokumentasi.as_ref().map(|d| view! { <SyncChip state=d.sync/> })}
        {if closed {
            view! {
                <div class="card">
                    <p>{format!("Ditutup oleh {} pada {}.", stored.ditutup_oleh.clone().unwrap_or_default(), stored.ditutup_pada.map(format_datetime_wib).unwrap_or_default())}</p>
                    <p class="pre">{stored.catatan.clone()}</p>
                    <ul class="thumbs">{stored.foto.iter().map(|s| view! { <li><Thumb sha=s.clone()/></li> }).collect_view()}</ul>
                </div>
            }.into_any()
        } else {
            view! {
                <form class="form" on:submit=save>
                    <div class="field">
                        <label for="catatan">"Catatan kegiatan"</label>
                        <textarea id="catatan" rows="6" data-testid="catatan" prop:value=catatan
                            on:input=move |ev| { notice.set(None); catatan.set(event_target_value(&ev)) }></textarea>
                    </div>
                    <PhotoPicker photos=foto max=MAKS_FOTO_DOKUMENTASI disabled=disabled/>
                    <p class="error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
                    <p class="notice" role="status" data-testid="dok-notice" hidden=move || notice.get().is_none()>{move || notice.get()}</p>
                    <button type="submit" class="btn primary" data-testid="dok-save" disabled=move || saving.get() || !dirty()>"Simpan dokumentasi"</button>
                </form>
                <div class="card close-card">
                    <h2>"Tutup kegiatan"</h2>
                    <p>{summary}</p>
                    {(pending > 0).then(|| view! { <p class="muted">{format!("{pending} catatan belum terkirim; tetap aman di perangkat dan terkirim saat ada koneksi.")}</p> })}
                    <p>"Setelah ditutup, data kegiatan ini tidak dapat diubah lagi dari perangkat pendamping."</p>
                    <Show when=move || confirm.get() fallback=move || view! {
                        <button type="button" class="btn danger" data-testid="close-start" on:click=move |_| set_confirm.set(true)>"Tutup kegiatan…"</button>
                    }>
                        <div class="actions">
                            <button type="button" class="btn danger" data-testid="close-confirm"
                                on:click={let write = write.clone(); move |_| write(true)}>"Ya, tutup kegiatan"</button>
                            <button type="button" class="btn" on:click=move |_| set_confirm.set(false)>"Batal"</button>
                        </div>
                    </Show>
                </div>
            }.into_any()
        }}
    }
}
