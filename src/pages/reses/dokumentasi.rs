use leptos::prelude::*;
use reses_domain::aspirasi::{DokumentasiReses, DrafDokumentasi as Draf, MAKS_FOTO_DOKUMENTASI};
use reses_domain::tanggal::format_datetime_wib;

use super::{ClosedNotice, KembaliKeEvent, Lapangan, pencatat, use_lapangan, with_lapangan};
use crate::components::{PhotoPicker, SyncChip, Thumb};
use crate::hooks::use_form;
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
            <KembaliKeEvent label="Kegiatan"/>
            {with_lapangan(data, move |l| view! { <Form l=l notice=notice/> })}
        </section>
    }
}

#[component]
fn Form(l: Lapangan, notice: RwSignal<Option<String>>) -> impl IntoView {
    let session = use_session();
    let event_id = l.event.id;
    let stored = l
        .dokumentasi
        .as_ref()
        .map_or_else(|| DokumentasiReses::empty(event_id), |d| d.value.clone());
    let saved_draf = Draf::dari_rekaman(&stored);
    let foto = RwSignal::new(Vec::<String>::new());
    let f = use_form(
        "dokumentasi",
        &event_id.to_string(),
        {
            let saved = saved_draf.clone();
            move || saved
        },
        Some(saved_draf.clone()),
        move |d: &mut Draf| d.foto = foto.get(),
    );
    let (form, error, saving) = (f.draft, f.error, f.saving);
    foto.set(form.with_untracked(|d| d.foto.clone()));
    let (confirm, set_confirm) = signal(false);
    let closed = stored.ditutup_pada.is_some();
    let disabled = Signal::derive(move || closed || saving.get());
    let dirty = {
        let saved_draf = saved_draf.clone();
        move || form.with(|d| d.catatan != saved_draf.catatan) || foto.get() != saved_draf.foto
    };
    let write = {
        let stored = stored.clone();
        move |close: bool| {
            let tutup = if close {
                let Some(by) = pencatat(&session) else {
                    return f.fail("", "Sesi tidak ditemukan. Masuk lagi.");
                };
                Some(by)
            } else {
                None
            };
            let mut d = form.get_untracked();
            d.foto = foto.get_untracked();
            let stored = stored.clone();
            f.submit(
                move |_, _| d.ke_rekaman(&stored, tutup.as_ref()),
                move || {
                    notice.set(Some(if close {
                        "Kegiatan ditutup.".into()
                    } else {
                        "Dokumentasi disimpan.".into()
                    }))
                },
            );
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
        l.jumlah_tambahan.live,
        l.jumlah_aspirasi.live
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
                        <textarea id="catatan" rows="6" data-testid="catatan" prop:value=move || form.with(|d| d.catatan.clone())
                            on:input=move |ev| { notice.set(None); form.update(|d| d.catatan = event_target_value(&ev)) }></textarea>
                    </div>
                    <PhotoPicker photos=foto max=MAKS_FOTO_DOKUMENTASI disabled=disabled/>
                    <p class="error" role="alert" hidden=move || error.with(Option::is_none)>{move || error.with(|e| e.as_ref().map(|e| e.message.clone()))}</p>
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
