use leptos::prelude::*;
use leptos_router::components::A;
use reses_domain::aspirasi::{
    Aspirasi, DrafAspirasi as Draf, JenisMasukan, MAKS_FOTO_ASPIRASI, Prioritas, SATUAN,
};
use reses_domain::sort;
use uuid::Uuid;

use super::{
    ClosedNotice, KembaliKeEvent, Lapangan, daftar_lapangan, pencatat, route_uuid,
    use_lapangan_lengkap, with_lapangan, with_lapangan_once,
};
use crate::components::{PhotoPicker, SyncChip};
use crate::hooks::use_form;
use crate::pages::fields::{Isian, Masukan, form_error, use_referensi};
use crate::session::use_session;

/// The aspirations recorded at an event.
#[component]
pub fn AspirasiList() -> impl IntoView {
    let data = use_lapangan_lengkap();
    view! {
        <section class="aspirasi">
            <KembaliKeEvent label="Kegiatan"/>
            {with_lapangan(data, |l| view! { <Daftar l=l/> })}
        </section>
    }
}

#[component]
fn Daftar(l: Lapangan) -> impl IntoView {
    let mut list = l.aspirasi.clone();
    sort::by_key(&mut list, |a| std::cmp::Reverse(a.value.waktu));
    let event_id = l.event.id;
    let rows = (!list.is_empty()).then(|| {
        view! {
            <ul class="record-list" data-testid="aspirasi-list">
                {list.into_iter().map(|a| {
                    let v = a.value;
                    view! {
                        <li data-testid="aspirasi-row">
                            <A href=format!("/reses/{event_id}/aspirasi/{}", v.id)>
                                <span class="guest-name">{v.permintaan.clone()}</span>
                                <span class="guest-address">{format!("{} · {} · Kel. {}", v.pengusul.nama, v.bidang, v.kelurahan)}</span>
                                <span class="muted">{format!("{} · Prioritas {} · {} foto", v.jenis.label(), v.prioritas.label(), v.foto.len())}</span>
                                <SyncChip state=a.sync/>
                            </A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    });
    let tambah = (
        format!("/reses/{event_id}/aspirasi/baru"),
        "+ Catat aspirasi",
    );
    daftar_lapangan(
        &l,
        "Aspirasi warga",
        tambah,
        "Belum ada aspirasi yang dicatat.",
        rows,
    )
}

/// The aspiration sheet (lembar aspirasi): new at `/aspirasi/baru`, or editing one.
#[component]
pub fn AspirasiForm() -> impl IntoView {
    let data = use_lapangan_lengkap();
    let aid = route_uuid("aid");
    view! {
        <section class="aspirasi-form">
            <KembaliKeEvent bagian="/aspirasi" label="Aspirasi"/>
            {with_lapangan_once(data, move |l| {
                let existing = aid.get_untracked().and_then(|id| l.aspirasi.iter().find(|a| a.value.id == id).map(|a| a.value.clone()));
                view! { <Form l=l existing=existing/> }
            })}
        </section>
    }
}

#[component]
fn Form(l: Lapangan, existing: Option<Aspirasi>) -> impl IntoView {
    let session = use_session();
    let event_id = l.event.id;
    let scope = existing
        .as_ref()
        .map_or_else(|| format!("{event_id}.baru"), |a| a.id.to_string());
    let title = if existing.is_some() {
        "Ubah aspirasi"
    } else {
        "Catat aspirasi"
    };
    let initial = {
        let (existing, kecamatan, kelurahan) = (
            existing.clone(),
            l.event.kecamatan.clone(),
            l.event.kelurahan.clone(),
        );
        move || match &existing {
            Some(a) => Draf::dari_rekaman(a),
            None => Draf {
                kecamatan,
                kelurahan,
                ..Draf::default()
            },
        }
    };
    let foto = RwSignal::new(Vec::<String>::new());
    let f = use_form(
        "aspirasi",
        &scope,
        initial,
        existing.as_ref().map(Draf::dari_rekaman),
        move |d: &mut Draf| d.foto = foto.get(),
    );
    let (form, error, saving) = (f.draft, f.error, f.saving);
    foto.set(form.with_untracked(|d| d.foto.clone()));
    let closed = l.ditutup().is_some();
    let disabled = Signal::derive(move || closed || saving.get());
    let isi = Isian {
        form,
        error,
        disabled,
    };
    // People who can be named as the proposer: present guests and walk-ins.
    let mut people: Vec<(Uuid, String)> = l
        .hadir
        .iter()
        .filter(|k| k.value.hadir)
        .filter_map(|k| l.tamu.iter().find(|t| t.value.id == k.value.tamu_id))
        .map(|t| (t.value.id, t.value.nama.clone()))
        .chain(
            l.tambahan
                .iter()
                .map(|t| (t.value.id, t.value.nama.clone())),
        )
        .collect();
    sort::by(&mut people, |a, b| a.1.cmp(&b.1));
    let people = StoredValue::new(people);
    let existing = StoredValue::new(existing);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(by) = pencatat(&session) else {
            return f.fail("", "Sesi tidak ditemukan. Masuk lagi.");
        };
        let mut d = form.get_untracked();
        d.foto = foto.get_untracked();
        let nama = d.pengusul.trim().to_string();
        let ref_id = people.with_value(|p| p.iter().find(|(_, n)| *n == nama).map(|(id, _)| *id));
        let existing = existing.get_value();
        f.submit(
            move |_, id| d.ke_rekaman(id, event_id, &by, existing.as_ref(), ref_id),
            move || f.go(&format!("/reses/{event_id}/aspirasi")),
        );
    };
    let referensi = use_referensi();
    let bidang: Signal<Vec<String>> =
        Memo::new(move |_| referensi.with(|r| r.bidang.clone())).into();
    view! {
        <header class="page-header">
            <h1>{title}</h1>
            <p class="lead">{l.judul()}</p>
        </header>
        <ClosedNotice ditutup=l.ditutup()/>
        <form class="form" on:submit=save novalidate>
            <fieldset class="choice">
                <legend>"Jenis"</legend>
                {JenisMasukan::ALL.into_iter().map(|j| view! {
                    <label><input type="radio" name="jenis" data-testid=format!("jenis-{}", j.as_str())
                        disabled=move || disabled.get()
                        prop:checked=move || form.with(|f| f.jenis == j)
                        on:change=move |_| form.update(|f| f.jenis = j)/>
                        {match j { JenisMasukan::Aspirasi => " Aspirasi (usulan)", JenisMasukan::Pengaduan => " Pengaduan (keluhan layanan)" }}</label>
                }).collect_view()}
            </fieldset>
            {isi.teks("pengusul", "Pengusul (nama)", |f| f.pengusul.clone(), |f, v| f.pengusul = v)}
            <datalist id="daftar-pengusul">
                {people.get_value().into_iter().map(|(_, n)| view! { <option value=n/> }).collect_view()}
            </datalist>
            {isi.pilih("bidang", "Bidang", bidang, |f| f.bidang.clone(), |f, v| f.bidang = v)}
            {isi.masukan(Masukan::Paragraf, "masalah", "Permasalahan", |f| f.masalah.clone(), |f, v| f.masalah = v)}
            {isi.masukan(Masukan::Paragraf, "permintaan", "Usulan / permintaan", |f| f.permintaan.clone(), |f, v| f.permintaan = v)}
            {lokasi(isi)}
            <div class="row">
                {isi.masukan(Masukan::Desimal, "volume", "Volume (bila ada)", |f| f.volume.clone(), |f, v| f.volume = v)}
                {isi.teks("satuan", "Satuan", |f| f.satuan.clone(), |f, v| f.satuan = v)}
            </div>
            <datalist id="daftar-satuan">
                {SATUAN.iter().map(|s| view! { <option value=*s/> }).collect_view()}
            </datalist>
            {prioritas(isi)}
            <PhotoPicker photos=foto max=MAKS_FOTO_ASPIRASI disabled=disabled/>
            {form_error(error)}
            <button type="submit" class="btn primary big" data-testid="aspirasi-save" hidden=closed disabled=move || saving.get()>
                {move || if saving.get() { "Menyimpan…" } else { "Simpan aspirasi" }}
            </button>
        </form>
    }
}

/// Where the aspiration is about: kecamatan, kelurahan, RT/RW and address.
fn lokasi(isi: Isian<Draf>) -> impl IntoView {
    let referensi = use_referensi();
    let form = isi.form;
    let kecamatan: Signal<Vec<String>> =
        Memo::new(move |_| referensi.with(|r| r.kecamatan())).into();
    let chosen = Memo::new(move |_| form.with(|f| f.kecamatan.clone()));
    let kelurahan: Signal<Vec<String>> =
        Memo::new(move |_| chosen.with(|k| referensi.with(|r| r.kelurahan(k)))).into();
    view! {
            <fieldset class="group">
                <legend>"Lokasi"</legend>
                {isi.pilih("kecamatan", "Kecamatan", kecamatan, |f| f.kecamatan.clone(), |f, v| { f.kecamatan = v; f.kelurahan.clear(); })}
                {isi.pilih("kelurahan", "Kelurahan", kelurahan, |f| f.kelurahan.clone(), |f, v| f.kelurahan = v)}
                <div class="row">
                    {isi.masukan(Masukan::Angka, "rt", "RT", |f| f.rt.clone(), |f, v| f.rt = v)}
                    {isi.masukan(Masukan::Angka, "rw", "RW", |f| f.rw.clone(), |f, v| f.rw = v)}
                </div>
                {isi.teks("alamat", "Alamat / patokan", |f| f.alamat.clone(), |f, v| f.alamat = v)}
            </fieldset>
    }
}

/// How urgent it is: high, medium or low.
fn prioritas(isi: Isian<Draf>) -> impl IntoView {
    let Isian {
        form,
        error,
        disabled,
    } = isi;
    view! {
            <fieldset class="choice" class:invalid=move || error.with(|e| e.as_ref().is_some_and(|e| e.field == "prioritas"))>
                <legend>"Prioritas"</legend>
                {Prioritas::ALL.into_iter().map(|p| view! {
                    <label><input type="radio" name="prioritas" data-testid=format!("prioritas-{}", p.as_str())
                        disabled=move || disabled.get()
                        prop:checked=move || form.with(|f| f.prioritas == Some(p))
                        on:change=move |_| form.update(|f| f.prioritas = Some(p))/>{format!(" {}", p.label())}</label>
                }).collect_view()}
            </fieldset>
    }
}
