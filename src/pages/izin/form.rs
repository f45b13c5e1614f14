use leptos::prelude::*;
use reses_domain::izin::{DrafIzin as Draf, JENIS_KEGIATAN, PROTOKOL, PermohonanIzin};
use uuid::Uuid;

use super::{dapat_diubah, use_permohonan};
use crate::components::{PageHeader, PhotoPicker};
use crate::hooks::{Loaded, use_form};
use crate::pages::fields::{Isian, Masukan, form_error};
use crate::pages::reses::route_uuid;

/// Intake of an application: new at `/izin/baru`, or correcting a draft or a returned
/// one at `/izin/:id/ubah`. Works offline; the server numbers it when it arrives.
#[component]
pub fn IzinForm() -> impl IntoView {
    let list = use_permohonan();
    let id = route_uuid("id");
    view! {
        <section class="izin-form">
            <a href="/izin" class="back-link">"‹ Izin Kegiatan"</a>
            <Loaded state=list memuat="Memuat permohonan…" let:all>
                {
                    let existing = id
                        .get_untracked()
                        .and_then(|id| all.iter().find(|p| p.value.id == id).map(|p| p.value.clone()));
                    view! { <Form existing=existing/> }
                }
            </Loaded>
        </section>
    }
}

#[component]
fn Form(existing: Option<PermohonanIzin>) -> impl IntoView {
    let scope = existing
        .as_ref()
        .map_or_else(|| "baru".to_string(), |p| p.id.to_string());
    let locked = existing.as_ref().is_some_and(|p| !dapat_diubah(p.status));
    let surat = RwSignal::new(Vec::<String>::new());
    let identitas = RwSignal::new(Vec::<String>::new());
    let initial = {
        let existing = existing.clone();
        move || {
            existing
                .as_ref()
                .map_or_else(Draf::default, Draf::dari_rekaman)
        }
    };
    let f = use_form(
        "izin",
        &scope,
        initial,
        existing.as_ref().map(Draf::dari_rekaman),
        move |d: &mut Draf| {
            d.surat = surat.get();
            d.identitas = identitas.get();
        },
    );
    let (form, error, saving) = (f.draft, f.error, f.saving);
    surat.set(form.with_untracked(|d| d.surat.clone()));
    identitas.set(form.with_untracked(|d| d.identitas.clone()));
    let disabled = Signal::derive(move || locked || saving.get());
    let isi = Isian {
        form,
        error,
        disabled,
    };
    let base = StoredValue::new(existing.clone());
    let save = move |ajukan: bool| {
        let mut d = form.get_untracked();
        d.surat = surat.get_untracked();
        d.identitas = identitas.get_untracked();
        let now = js_sys::Date::now() as i64;
        let base = base.get_value();
        // Where the saved application is shown; its id is the one the hook gives.
        let id =
            d.id.or(base.as_ref().map(|b| b.id))
                .unwrap_or_else(Uuid::now_v7);
        form.update(|f| f.id = Some(id));
        f.submit(
            move |_, id| d.ke_rekaman(id, base.as_ref(), ajukan, now),
            move || f.go(&format!("/izin/{id}")),
        );
    };
    let save_draft = move |_| save(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(true);
    };
    let submitted = existing.as_ref().is_some_and(|p| p.diajukan);
    view! {
        <PageHeader title="Permohonan izin kegiatan" lead="Data pemohon, kegiatan dan lampiran. Tersimpan di perangkat; dikirim saat ada koneksi."/>
        {locked.then(|| view! { <p class="notice">"Permohonan ini sedang diproses dan tidak dapat diubah."</p> })}
        <form class="form" on:submit=submit novalidate>
            {pemohon(isi)}
            {keramaian(isi)}
            {protokol(isi)}
            <div class="attachments" data-testid="lampiran-surat">
                <h2>"Surat permohonan (pindaian / foto)"</h2>
                <PhotoPicker photos=surat max=1 disabled=disabled/>
            </div>
            <div class="attachments" data-testid="lampiran-identitas">
                <h2>"Tanda pengenal (KTP)"</h2>
                <PhotoPicker photos=identitas max=1 disabled=disabled/>
            </div>
            {form_error(error)}
            <div class="actions" hidden=locked>
                <button type="button" class="btn" data-testid="izin-draft" on:click=save_draft disabled=move || saving.get()>"Simpan draf"</button>
                <button type="submit" class="btn primary" data-testid="izin-submit" disabled=move || saving.get()>
                    {if submitted { "Simpan perbaikan" } else { "Ajukan permohonan" }}
                </button>
            </div>
        </form>
    }
}

/// The health-protocol measures the applicant commits to, as a checklist.
fn protokol(isi: Isian<Draf>) -> impl IntoView {
    let Isian { form, disabled, .. } = isi;
    view! {
            <fieldset class="group checklist">
                <legend>"Protokol kesehatan yang disanggupi"</legend>
                {PROTOKOL.iter().enumerate().map(|(i, p)| {
                    let text = p.to_string();
                    let t2 = text.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" data-testid=format!("protokol-{i}") disabled=move || disabled.get()
                                prop:checked=move || form.with(|f| f.protokol.contains(&text))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let t = t2.clone();
                                    form.update(|f| {
                                        f.protokol.retain(|x| *x != t);
                                        if on { f.protokol.push(t); }
                                    });
                                }/>
                            {format!(" {p}")}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
    }
}

/// Who applies.
fn pemohon(isi: Isian<Draf>) -> impl IntoView {
    view! {
            <fieldset class="group">
                <legend>"Pemohon"</legend>
                {isi.teks("nama", "Nama lengkap", |f| f.nama.clone(), |f, v| f.nama = v)}
                {isi.masukan(Masukan::Angka, "nik", "NIK (16 angka)", |f| f.nik.clone(), |f, v| f.nik = v)}
                {isi.teks("alamat", "Alamat", |f| f.alamat.clone(), |f, v| f.alamat = v)}
                {isi.masukan(Masukan::Telepon, "telepon", "Nomor telepon", |f| f.telepon.clone(), |f, v| f.telepon = v)}
                {isi.teks("organisasi", "Organisasi / lembaga (bila ada)", |f| f.organisasi.clone(), |f, v| f.organisasi = v)}
            </fieldset>
    }
}

/// The public event the permit is for.
fn keramaian(isi: Isian<Draf>) -> impl IntoView {
    let jenis = Signal::derive(|| JENIS_KEGIATAN.iter().map(|s| s.to_string()).collect());
    view! {
            <fieldset class="group">
                <legend>"Kegiatan"</legend>
                {isi.teks("nama_kegiatan", "Nama kegiatan", |f| f.nama_kegiatan.clone(), |f, v| f.nama_kegiatan = v)}
                {isi.pilih("jenis", "Jenis kegiatan", jenis, |f| f.jenis.clone(), |f, v| f.jenis = v)}
                <div class="row">
                    {isi.masukan(Masukan::Waktu, "mulai", "Mulai (WIB)", |f| f.mulai.clone(), |f, v| f.mulai = v)}
                    {isi.masukan(Masukan::Waktu, "selesai", "Selesai (WIB)", |f| f.selesai.clone(), |f, v| f.selesai = v)}
                </div>
                {isi.teks("tempat", "Tempat", |f| f.tempat.clone(), |f, v| f.tempat = v)}
                {isi.masukan(Masukan::Angka, "perkiraan_peserta", "Perkiraan peserta (orang)", |f| f.perkiraan_peserta.clone(), |f, v| f.perkiraan_peserta = v)}
            </fieldset>
    }
}
