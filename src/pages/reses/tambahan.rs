use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use reses_domain::kehadiran::TamuTambahan;
use reses_domain::reses::JenisKelamin;
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::tanggal::format_time_wib;
use reses_domain::validate::FieldError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    ClosedNotice, Kembali, Lapangan, pencatat, route_uuid, simpan, use_lapangan, with_lapangan,
    with_lapangan_once,
};
use crate::components::{SignaturePad, SyncChip};
use crate::draft;
use crate::pages::fields::{form_error, pilih, teks, use_referensi};
use crate::session::use_session;

/// Walk-ins of an event, with the way to add one.
#[component]
pub fn TamuTambahanList() -> impl IntoView {
    let data = use_lapangan();
    view! {
        <section class="tambahan">
            {move || route_uuid("id").get().map(|id| view! { <Kembali href=format!("/reses/{id}") label="Kegiatan"/> })}
            {with_lapangan(data, |l| view! { <Daftar l=l/> })}
        </section>
    }
}

#[component]
fn Daftar(l: Lapangan) -> impl IntoView {
    let mut list = l.tambahan.clone();
    list.sort_by_key(|t| std::cmp::Reverse(t.value.waktu));
    let closed = l.ditutup().is_some();
    view! {
        <header class="page-header">
            <h1>"Tamu tanpa undangan"</h1>
            <p class="lead">{l.judul()}</p>
        </header>
        <ClosedNotice ditutup=l.ditutup()/>
        <A href=format!("/reses/{}/tambahan/baru", l.event.id) attr:class="btn primary big" attr:hidden=closed>
            "+ Catat tamu tanpa undangan"
        </A>
        {if list.is_empty() {
            view! { <p class="empty-state">"Belum ada tamu tanpa undangan."</p> }.into_any()
        } else {
            view! {
                <ul class="record-list" data-testid="walkin-list">
                    {list.into_iter().map(|t| view! {
                        <li data-testid="walkin-row">
                            <span class="guest-name">{t.value.nama.clone()}</span>
                            <span class="guest-address">{format!("{} · RT {}/RW {} · {}", t.value.alamat, t.value.rt, t.value.rw, t.value.kelurahan)}</span>
                            <span class="muted">{format!("Hadir {}", format_time_wib(t.value.waktu))}</span>
                            <SyncChip state=t.sync/>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Draf {
    id: Option<Uuid>,
    nama: String,
    alamat: String,
    rt: String,
    rw: String,
    kelurahan: String,
    jenis_kelamin: Option<JenisKelamin>,
    telepon: String,
    tanda_tangan: Option<TandaTangan>,
}

/// Records a walk-in: name, address, RT/RW, kelurahan, gender, phone (optional) and a
/// signature. Kept as a draft on every change until saved.
#[component]
pub fn TamuTambahanForm() -> impl IntoView {
    let data = use_lapangan();
    view! {
        <section class="tambahan-baru">
            {move || route_uuid("id").get().map(|id| view! { <Kembali href=format!("/reses/{id}/tambahan") label="Tamu tanpa undangan"/> })}
            {with_lapangan_once(data, |l| view! { <Form l=l/> })}
        </section>
    }
}

#[component]
fn Form(l: Lapangan) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let event_id = l.event.id;
    let user = session
        .profile
        .get_untracked()
        .map(|p| p.user_id.to_string())
        .unwrap_or_default();
    let key = draft::key(&user, "tambahan", &event_id.to_string());
    let mut initial: Draf = draft::load(&key).unwrap_or_default();
    if initial.kelurahan.is_empty() {
        initial.kelurahan = l.event.kelurahan.clone();
    }
    let form = RwSignal::new(initial);
    let ttd = RwSignal::new(form.with_untracked(|f| f.tanda_tangan.clone()));
    let error = RwSignal::new(None::<FieldError>);
    let (saving, set_saving) = signal(false);
    let closed = l.ditutup().is_some();
    let disabled = Signal::derive(move || closed || saving.get());
    {
        let key = key.clone();
        Effect::new(move |_| {
            let t = ttd.get();
            let mut d = form.get();
            d.tanda_tangan = t;
            if let Err(e) = draft::save(&key, &d) {
                error.set(Some(FieldError {
                    field: "",
                    message: e,
                }));
            }
        });
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = form.get_untracked();
        let Some(by) = pencatat(&session) else {
            error.set(Some(FieldError {
                field: "",
                message: "Sesi tidak ditemukan. Masuk lagi.".into(),
            }));
            return;
        };
        let Some(jk) = d.jenis_kelamin else {
            error.set(Some(FieldError {
                field: "jenis_kelamin",
                message: "Pilih jenis kelamin.".into(),
            }));
            return;
        };
        let Some(t) = ttd.get_untracked() else {
            error.set(Some(FieldError {
                field: "tanda_tangan",
                message: "Tanda tangan belum dibuat.".into(),
            }));
            return;
        };
        let rec = TamuTambahan {
            id: d.id.unwrap_or_else(Uuid::now_v7),
            event_id,
            nama: d.nama.trim().to_string(),
            alamat: d.alamat.trim().to_string(),
            rt: d.rt.trim().to_string(),
            rw: d.rw.trim().to_string(),
            kelurahan: d.kelurahan.clone(),
            jenis_kelamin: jk,
            telepon: d.telepon.trim().to_string(),
            tanda_tangan: t,
            waktu: by.waktu,
            dicatat_oleh: by.user_id,
            nama_pencatat: by.nama,
        };
        if let Err(e) = rec.validate() {
            error.set(Some(e));
            return;
        }
        // The id goes into the draft first: saving twice (a double tap, a retry after
        // an error) writes the same record, not two.
        form.update(|f| f.id = Some(rec.id));
        set_saving.set(true);
        let key = key.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match simpan(&session, &rec).await {
                Ok(()) => {
                    draft::clear(&key);
                    navigate(&format!("/reses/{event_id}/tambahan"), Default::default());
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
    let referensi = use_referensi();
    let all_kelurahan: Signal<Vec<String>> =
        Memo::new(move |_| referensi.with(|r| r.kelurahan(""))).into();
    view! {
        <header class="page-header">
            <h1>"Catat tamu tanpa undangan"</h1>
            <p class="lead">{l.judul()}</p>
        </header>
        <ClosedNotice ditutup=l.ditutup()/>
        <form class="form" on:submit=save hidden=closed novalidate>
            {teks(form, error, "nama", "Nama lengkap", |f| f.nama.clone(), |f, v| f.nama = v, false, "text", disabled)}
            {teks(form, error, "alamat", "Alamat", |f| f.alamat.clone(), |f, v| f.alamat = v, false, "text", disabled)}
            <div class="row">
                {teks(form, error, "rt", "RT", |f| f.rt.clone(), |f, v| f.rt = v, false, "numeric", disabled)}
                {teks(form, error, "rw", "RW", |f| f.rw.clone(), |f, v| f.rw = v, false, "numeric", disabled)}
            </div>
            {pilih(form, error, "kelurahan", "Kelurahan", all_kelurahan, |f| f.kelurahan.clone(), |f, v| f.kelurahan = v, disabled)}
            <fieldset class="choice" class:invalid=move || error.with(|e| e.as_ref().is_some_and(|e| e.field == "jenis_kelamin"))>
                <legend>"Jenis kelamin"</legend>
                <label><input type="radio" name="jk" data-testid="jk-l"
                    prop:checked=move || form.with(|f| f.jenis_kelamin == Some(JenisKelamin::LakiLaki))
                    on:change=move |_| form.update(|f| f.jenis_kelamin = Some(JenisKelamin::LakiLaki))/>" Laki-laki"</label>
                <label><input type="radio" name="jk" data-testid="jk-p"
                    prop:checked=move || form.with(|f| f.jenis_kelamin == Some(JenisKelamin::Perempuan))
                    on:change=move |_| form.update(|f| f.jenis_kelamin = Some(JenisKelamin::Perempuan))/>" Perempuan"</label>
            </fieldset>
            {teks(form, error, "telepon", "Nomor telepon (tidak wajib)", |f| f.telepon.clone(), |f, v| f.telepon = v, false, "tel", disabled)}
            <SignaturePad value=ttd label="Tanda tangan"/>
            {form_error(error)}
            <button type="submit" class="btn primary big" data-testid="walkin-save" disabled=move || saving.get()>
                {move || if saving.get() { "Menyimpan…" } else { "Simpan" }}
            </button>
        </form>
    }
}
