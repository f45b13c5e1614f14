use leptos::prelude::*;
use reses_domain::kehadiran::DrafTamuTambahan as Draf;
use reses_domain::reses::JenisKelamin;
use reses_domain::sort;
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::tanggal::format_time_wib;

use super::{
    ClosedNotice, KembaliKeEvent, Lapangan, daftar_lapangan, pencatat, use_lapangan,
    use_lapangan_lengkap, with_lapangan, with_lapangan_once,
};
use crate::components::{SignaturePad, SyncChip};
use crate::hooks::use_form;
use crate::pages::fields::{Isian, Masukan, form_error, use_referensi};
use crate::session::use_session;

/// Walk-ins of an event, with the way to add one.
#[component]
pub fn TamuTambahanList() -> impl IntoView {
    let data = use_lapangan_lengkap();
    view! {
        <section class="tambahan">
            <KembaliKeEvent label="Kegiatan"/>
            {with_lapangan(data, |l| view! { <Daftar l=l/> })}
        </section>
    }
}

#[component]
fn Daftar(l: Lapangan) -> impl IntoView {
    let mut list = l.tambahan.clone();
    sort::by_key(&mut list, |t| std::cmp::Reverse(t.value.waktu));
    let rows = (!list.is_empty()).then(|| {
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
        }
        .into_any()
    });
    let tambah = (
        format!("/reses/{}/tambahan/baru", l.event.id),
        "+ Catat tamu tanpa undangan",
    );
    daftar_lapangan(
        &l,
        "Tamu tanpa undangan",
        tambah,
        "Belum ada tamu tanpa undangan.",
        rows,
    )
}

/// Records a walk-in: name, address, RT/RW, kelurahan, gender, phone (optional) and a
/// signature. Kept as a draft on every change until saved.
#[component]
pub fn TamuTambahanForm() -> impl IntoView {
    let data = use_lapangan();
    view! {
        <section class="tambahan-baru">
            <KembaliKeEvent bagian="/tambahan" label="Tamu tanpa undangan"/>
            {with_lapangan_once(data, |l| view! { <Form l=l/> })}
        </section>
    }
}

#[component]
fn Form(l: Lapangan) -> impl IntoView {
    let session = use_session();
    let event_id = l.event.id;
    let kelurahan = l.event.kelurahan.clone();
    let ttd = RwSignal::new(None::<TandaTangan>);
    let f = use_form(
        "tambahan",
        &event_id.to_string(),
        move || Draf {
            kelurahan,
            ..Draf::default()
        },
        None,
        move |d: &mut Draf| d.tanda_tangan = ttd.get(),
    );
    let (form, error, saving) = (f.draft, f.error, f.saving);
    ttd.set(form.with_untracked(|d| d.tanda_tangan.clone()));
    let closed = l.ditutup().is_some();
    let disabled = Signal::derive(move || closed || saving.get());
    let isi = Isian {
        form,
        error,
        disabled,
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(by) = pencatat(&session) else {
            return f.fail("", "Sesi tidak ditemukan. Masuk lagi.");
        };
        let mut d = form.get_untracked();
        d.tanda_tangan = ttd.get_untracked();
        f.submit(
            move |_, id| d.ke_rekaman(id, event_id, &by),
            move || f.go(&format!("/reses/{event_id}/tambahan")),
        );
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
            {isi.teks("nama", "Nama lengkap", |f| f.nama.clone(), |f, v| f.nama = v)}
            {isi.teks("alamat", "Alamat", |f| f.alamat.clone(), |f, v| f.alamat = v)}
            <div class="row">
                {isi.masukan(Masukan::Angka, "rt", "RT", |f| f.rt.clone(), |f, v| f.rt = v)}
                {isi.masukan(Masukan::Angka, "rw", "RW", |f| f.rw.clone(), |f, v| f.rw = v)}
            </div>
            {isi.pilih("kelurahan", "Kelurahan", all_kelurahan, |f| f.kelurahan.clone(), |f, v| f.kelurahan = v)}
            <fieldset class="choice" class:invalid=move || error.with(|e| e.as_ref().is_some_and(|e| e.field == "jenis_kelamin"))>
                <legend>"Jenis kelamin"</legend>
                <label><input type="radio" name="jk" data-testid="jk-l"
                    prop:checked=move || form.with(|f| f.jenis_kelamin == Some(JenisKelamin::LakiLaki))
                    on:change=move |_| form.update(|f| f.jenis_kelamin = Some(JenisKelamin::LakiLaki))/>" Laki-laki"</label>
                <label><input type="radio" name="jk" data-testid="jk-p"
                    prop:checked=move || form.with(|f| f.jenis_kelamin == Some(JenisKelamin::Perempuan))
                    on:change=move |_| form.update(|f| f.jenis_kelamin = Some(JenisKelamin::Perempuan))/>" Perempuan"</label>
            </fieldset>
            {isi.masukan(Masukan::Telepon, "telepon", "Nomor telepon (tidak wajib)", |f| f.telepon.clone(), |f, v| f.telepon = v)}
            <SignaturePad value=ttd label="Tanda tangan"/>
            {form_error(error)}
            <button type="submit" class="btn primary big" data-testid="walkin-save" disabled=move || saving.get()>
                {move || if saving.get() { "Menyimpan…" } else { "Simpan" }}
            </button>
        </form>
    }
}
