use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use reses_domain::izin::{JENIS_KEGIATAN, Kegiatan, PROTOKOL, Pemohon, PermohonanIzin, StatusIzin};
use reses_domain::tanggal::{Tanggal, WIB_OFFSET_MS, epoch_ms_wib};
use reses_domain::validate::FieldError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{dapat_diubah, use_permohonan};
use crate::components::{PageHeader, PhotoPicker};
use crate::draft;
use crate::pages::fields::{form_error, pilih, teks};
use crate::pages::reses::{route_uuid, simpan};
use crate::session::use_session;

/// `2026-12-05T19:00` (a `datetime-local` value, read as WIB) to an instant.
pub fn parse_waktu(s: &str) -> Option<i64> {
    let (d, t) = s.split_once('T')?;
    let date = Tanggal::parse_iso(d)?;
    let (h, m) = t.split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then(|| epoch_ms_wib(date, h, m))
}

/// An instant as a `datetime-local` value in WIB.
pub fn format_waktu(ms: i64) -> String {
    let minutes = (ms + WIB_OFFSET_MS).rem_euclid(86_400_000) / 60_000;
    format!(
        "{}T{:02}:{:02}",
        Tanggal::from_epoch_ms_wib(ms).iso(),
        minutes / 60,
        minutes % 60
    )
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draf {
    id: Option<Uuid>,
    nama: String,
    nik: String,
    alamat: String,
    telepon: String,
    organisasi: String,
    nama_kegiatan: String,
    jenis: String,
    mulai: String,
    selesai: String,
    tempat: String,
    perkiraan_peserta: String,
    protokol: Vec<String>,
    surat: Vec<String>,
    identitas: Vec<String>,
}

impl Draf {
    fn from_record(p: &PermohonanIzin) -> Draf {
        Draf {
            id: Some(p.id),
            nama: p.pemohon.nama.clone(),
            nik: p.pemohon.nik.clone(),
            alamat: p.pemohon.alamat.clone(),
            telepon: p.pemohon.telepon.clone(),
            organisasi: p.pemohon.organisasi.clone(),
            nama_kegiatan: p.kegiatan.nama.clone(),
            jenis: p.kegiatan.jenis.clone(),
            mulai: format_waktu(p.kegiatan.mulai),
            selesai: format_waktu(p.kegiatan.selesai),
            tempat: p.kegiatan.tempat.clone(),
            perkiraan_peserta: p.kegiatan.perkiraan_peserta.to_string(),
            protokol: p.kegiatan.protokol.clone(),
            surat: p.surat_permohonan.iter().cloned().collect(),
            identitas: p.scan_identitas.iter().cloned().collect(),
        }
    }
}

/// Intake of an application: new at `/izin/baru`, or correcting a draft or a returned
/// one at `/izin/:id/ubah`. Works offline; the server numbers it when it arrives.
#[component]
pub fn IzinForm() -> impl IntoView {
    let list = use_permohonan();
    let id = route_uuid("id");
    view! {
        <section class="izin-form">
            <a href="/izin" class="back-link">"‹ Izin Kegiatan"</a>
            {move || list.get().map(|r| {
                let existing = id.get_untracked().and_then(|id| {
                    r.as_ref().ok()?.iter().find(|p| p.value.id == id).map(|p| p.value.clone())
                });
                view! { <Form existing=existing/> }
            })}
        </section>
    }
}

#[component]
fn Form(existing: Option<PermohonanIzin>) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let user = session
        .profile
        .get_untracked()
        .map(|p| p.user_id.to_string())
        .unwrap_or_default();
    let scope = existing
        .as_ref()
        .map_or_else(|| "baru".to_string(), |p| p.id.to_string());
    let key = draft::key(&user, "izin", &scope);
    let locked = existing.as_ref().is_some_and(|p| !dapat_diubah(p.status));
    let initial = draft::load::<Draf>(&key).unwrap_or_else(|| {
        existing
            .as_ref()
            .map_or_else(Draf::default, Draf::from_record)
    });
    let form = RwSignal::new(initial);
    let surat = RwSignal::new(form.with_untracked(|f| f.surat.clone()));
    let identitas = RwSignal::new(form.with_untracked(|f| f.identitas.clone()));
    let error = RwSignal::new(None::<FieldError>);
    let (saving, set_saving) = signal(false);
    let disabled = Signal::derive(move || locked || saving.get());
    {
        let key = key.clone();
        let original = existing.as_ref().map(Draf::from_record);
        Effect::new(move |_| {
            let mut d = form.get();
            d.surat = surat.get();
            d.identitas = identitas.get();
            if original.as_ref() == Some(&d) || d == Draf::default() {
                draft::clear(&key);
            } else if let Err(e) = draft::save(&key, &d) {
                error.set(Some(FieldError {
                    field: "",
                    message: e,
                }));
            }
        });
    }
    let existing_for_save = existing.clone();
    let save = move |ajukan: bool| {
        let d = form.get_untracked();
        let fail = |field: &'static str, message: &str| {
            error.set(Some(FieldError {
                field,
                message: message.into(),
            }))
        };
        let Some(mulai) = parse_waktu(&d.mulai) else {
            return fail("mulai", "Isi tanggal dan jam mulai kegiatan.");
        };
        let Some(selesai) = parse_waktu(&d.selesai) else {
            return fail("selesai", "Isi tanggal dan jam selesai kegiatan.");
        };
        let Ok(peserta) = d.perkiraan_peserta.trim().replace('.', "").parse::<u32>() else {
            return fail("perkiraan_peserta", "Perkiraan peserta harus berupa angka.");
        };
        let now = js_sys::Date::now() as i64;
        let base = existing_for_save.clone();
        let p = PermohonanIzin {
            id: d
                .id
                .or(base.as_ref().map(|b| b.id))
                .unwrap_or_else(Uuid::now_v7),
            pemohon: Pemohon {
                nama: d.nama.trim().into(),
                nik: d.nik.chars().filter(char::is_ascii_digit).collect(),
                alamat: d.alamat.trim().into(),
                telepon: d.telepon.trim().into(),
                organisasi: d.organisasi.trim().into(),
            },
            kegiatan: Kegiatan {
                nama: d.nama_kegiatan.trim().into(),
                jenis: d.jenis.clone(),
                mulai,
                selesai,
                tempat: d.tempat.trim().into(),
                perkiraan_peserta: peserta,
                protokol: d.protokol.clone(),
            },
            surat_permohonan: surat.get_untracked().first().cloned(),
            scan_identitas: identitas.get_untracked().first().cloned(),
            diajukan: ajukan || base.as_ref().is_some_and(|b| b.diajukan),
            dibuat: base.as_ref().map_or(now, |b| b.dibuat),
            status: base.as_ref().map_or(StatusIzin::Draf, |b| b.status),
            riwayat: base.as_ref().map(|b| b.riwayat.clone()).unwrap_or_default(),
            nomor_registrasi: base.as_ref().and_then(|b| b.nomor_registrasi.clone()),
            nomor_surat: base.as_ref().and_then(|b| b.nomor_surat.clone()),
        };
        if let Err(e) = p.validate(Tanggal::from_epoch_ms_wib(now)) {
            error.set(Some(e));
            return;
        }
        form.update(|f| f.id = Some(p.id));
        set_saving.set(true);
        let key = key.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match simpan(&session, &p).await {
                Ok(()) => {
                    draft::clear(&key);
                    navigate(&format!("/izin/{}", p.id), Default::default());
                }
                Err(e) => {
                    set_saving.set(false);
                    error.set(Some(FieldError {
                        field: "",
                        message: e,
                    }));
                }
            }
        });
    };
    let save_draft = {
        let save = save.clone();
        move |_| save(false)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(true);
    };
    let jenis = Signal::derive(|| JENIS_KEGIATAN.iter().map(|s| s.to_string()).collect());
    let submitted = existing.as_ref().is_some_and(|p| p.diajukan);
    let time_field = move |id: &'static str,
                           label: &'static str,
                           get: fn(&Draf) -> String,
                           set: fn(&mut Draf, String)| {
        let msg = move || {
            error.with(|e| {
                e.as_ref()
                    .filter(|e| e.field == id)
                    .map(|e| e.message.clone())
            })
        };
        view! {
            <div class="field" class:invalid=move || msg().is_some()>
                <label for=id>{label}</label>
                <input id=id type="datetime-local" data-testid=id disabled=move || disabled.get()
                    prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }/>
                <p class="field-error" hidden=move || msg().is_none()>{msg}</p>
            </div>
        }
    };
    view! {
        <PageHeader title="Permohonan izin kegiatan" lead="Data pemohon, kegiatan dan lampiran. Tersimpan di perangkat; dikirim saat ada koneksi."/>
        {locked.then(|| view! { <p class="notice">"Permohonan ini sedang diproses dan tidak dapat diubah."</p> })}
        <form class="form" on:submit=submit novalidate>
            <fieldset class="group">
                <legend>"Pemohon"</legend>
                {teks(form, error, "nama", "Nama lengkap", |f| f.nama.clone(), |f, v| f.nama = v, false, "text", disabled)}
                {teks(form, error, "nik", "NIK (16 angka)", |f| f.nik.clone(), |f, v| f.nik = v, false, "numeric", disabled)}
                {teks(form, error, "alamat", "Alamat", |f| f.alamat.clone(), |f, v| f.alamat = v, false, "text", disabled)}
                {teks(form, error, "telepon", "Nomor telepon", |f| f.telepon.clone(), |f, v| f.telepon = v, false, "tel", disabled)}
                {teks(form, error, "organisasi", "Organisasi / lembaga (bila ada)", |f| f.organisasi.clone(), |f, v| f.organisasi = v, false, "text", disabled)}
            </fieldset>
            <fieldset class="group">
                <legend>"Kegiatan"</legend>
                {teks(form, error, "nama_kegiatan", "Nama kegiatan", |f| f.nama_kegiatan.clone(), |f, v| f.nama_kegiatan = v, false, "text", disabled)}
                {pilih(form, error, "jenis", "Jenis kegiatan", jenis, |f| f.jenis.clone(), |f, v| f.jenis = v, disabled)}
                <div class="row">
                    {time_field("mulai", "Mulai (WIB)", |f| f.mulai.clone(), |f, v| f.mulai = v)}
                    {time_field("selesai", "Selesai (WIB)", |f| f.selesai.clone(), |f, v| f.selesai = v)}
                </div>
                {teks(form, error, "tempat", "Tempat", |f| f.tempat.clone(), |f, v| f.tempat = v, false, "text", disabled)}
                {teks(form, error, "perkiraan_peserta", "Perkiraan peserta (orang)", |f| f.perkiraan_peserta.clone(), |f, v| f.perkiraan_peserta = v, false, "numeric", disabled)}
            </fieldset>
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
