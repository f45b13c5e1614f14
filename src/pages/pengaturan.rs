//! The office's document settings (`/pengaturan`): place of writing, signatories and
//! their NIP, the invitation numbering pattern, the permit letter's signatory. Staff of
//! both services keep them; every device prints with them, offline too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::sync::RecordKind;

use crate::components::PageHeader;
use crate::session::use_session;

/// The office's settings as stored on this device: the defaults until the office saved
/// some; an error when the device cannot read them (never the defaults then, or a save
/// would put them over the office's settings).
pub async fn baca_pengaturan(store: &crate::storage::Store) -> Result<PengaturanKantor, String> {
    Ok(store
        .repo::<PengaturanKantor>()
        .get(PengaturanKantor::ID)
        .await
        .map_err(|e| e.message())?
        .filter(|s| !s.deleted)
        .map(|s| s.value)
        .unwrap_or_default())
}

/// [`baca_pengaturan`], reloaded when records change. `None` while loading.
pub fn use_pengaturan() -> Signal<Option<Result<PengaturanKantor, String>>> {
    let session = use_session();
    let res = crate::hooks::use_async(move || {
        session.data_rev.track();
        async move {
            let store = session.store_ready().await?;
            Some(baca_pengaturan(&store).await)
        }
    });
    Signal::derive(move || res.get().flatten())
}

type Setter = fn(&mut PengaturanKantor, String);
type Getter = fn(&PengaturanKantor) -> &String;

/// (field, label, hint, read, write)
const FIELDS: [(&str, &str, &str, Getter, Setter); 10] = [
    (
        "tempat_surat",
        "Tempat penulisan surat",
        "Mis. Pekalongan",
        |p| &p.tempat_surat,
        |p, v| p.tempat_surat = v,
    ),
    (
        "sekretaris_nama",
        "Nama Sekretaris DPRD",
        "Penanda tangan undangan",
        |p| &p.sekretaris_nama,
        |p, v| p.sekretaris_nama = v,
    ),
    (
        "sekretaris_nip",
        "NIP Sekretaris DPRD",
        "18 angka",
        |p| &p.sekretaris_nip,
        |p, v| p.sekretaris_nip = v,
    ),
    (
        "pptk_nama",
        "Nama PPTK kegiatan reses",
        "Penanda tangan rincian anggaran",
        |p| &p.pptk_nama,
        |p, v| p.pptk_nama = v,
    ),
    (
        "pptk_nip",
        "NIP PPTK",
        "18 angka",
        |p| &p.pptk_nip,
        |p, v| p.pptk_nip = v,
    ),
    (
        "pola_nomor_undangan",
        "Pola nomor undangan",
        "{urut}, {bulan} (angka Romawi) dan {tahun} diisi otomatis",
        |p| &p.pola_nomor_undangan,
        |p, v| p.pola_nomor_undangan = v,
    ),
    (
        "sifat_undangan",
        "Sifat undangan",
        "Mis. Penting",
        |p| &p.sifat_undangan,
        |p, v| p.sifat_undangan = v,
    ),
    (
        "penandatangan_izin_nama",
        "Nama penanda tangan surat izin",
        "",
        |p| &p.penandatangan_izin_nama,
        |p, v| p.penandatangan_izin_nama = v,
    ),
    (
        "penandatangan_izin_jabatan",
        "Jabatan penanda tangan surat izin",
        "Mis. Wali Kota Pekalongan",
        |p| &p.penandatangan_izin_jabatan,
        |p, v| p.penandatangan_izin_jabatan = v,
    ),
    (
        "penandatangan_izin_nip",
        "NIP penanda tangan surat izin",
        "Kosongkan untuk pejabat tanpa NIP",
        |p| &p.penandatangan_izin_nip,
        |p, v| p.penandatangan_izin_nip = v,
    ),
];

#[component]
pub fn Pengaturan() -> impl IntoView {
    let session = use_session();
    let loaded = use_pengaturan();
    let writable = session.boleh_menulis(RecordKind::PengaturanKantor);
    // Outlives the form: a save reloads the settings, which rebuilds the form.
    let notice = RwSignal::new(None::<String>);
    let first = RwSignal::new(None::<Result<PengaturanKantor, String>>);
    Effect::new(move |_| {
        if let Some(p) = loaded.get()
            && !first.with_untracked(|f| matches!(f, Some(Ok(_))))
        {
            first.set(Some(p));
        }
    });
    view! {
        <section class="pengaturan">
            <PageHeader title="Pengaturan dokumen"
                lead="Penanda tangan, NIP dan penomoran surat yang dipakai semua dokumen cetak."/>
            // The form is built once, from the first settings read: a save reloads the
            // settings, and rebuilding then would drop what was typed since.
            {move || match first.get() {
                None => view! { <p class="muted" role="status">"Memuat pengaturan…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="error" role="alert">{format!("Pengaturan tidak dapat dibaca dari perangkat ini: {e}")}</p>
                }.into_any(),
                Some(Ok(p)) => view! { <Form initial=p writable notice/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Form(
    initial: PengaturanKantor,
    writable: bool,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let session = use_session();
    let draft = RwSignal::new(initial);
    let (error, set_error) = signal(None::<(String, String)>);
    let set_notice = notice.write_only();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let p = draft.get_untracked();
        if let Err(e) = p.validate() {
            set_error.set(Some((e.field.to_string(), e.message)));
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("p-{}", e.field)))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
            return;
        }
        set_error.set(None);
        spawn_local(async move {
            match crate::pages::reses::simpan(&session, &p).await {
                Ok(()) => set_notice.set(Some(
                    "Pengaturan disimpan; dokumen berikutnya dicetak dengan pengaturan ini.".into(),
                )),
                Err(e) => set_error.set(Some((String::new(), e))),
            }
        });
    };
    let fields = FIELDS
        .iter()
        .map(|&(key, label, hint, get, set)| {
            let id = format!("p-{key}");
            let bad = move || error.with(|e| e.as_ref().is_some_and(|(f, _)| f == key));
            view! {
                <label for=id.clone()>{label}</label>
                <input id=id.clone() prop:value=move || draft.with(|p| get(p).clone()) disabled=!writable
                    aria-invalid=move || bad().to_string() aria-describedby=format!("{id}-hint")
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| set(p, v)); set_notice.set(None); }/>
                <small class="muted" id=format!("{id}-hint")>{hint}</small>
            }
        })
        .collect_view();
    view! {
        <form class="form card" on:submit=submit novalidate data-testid="pengaturan-form">
            {(!writable).then(|| view! { <p class="notice">"Hanya staf Setwan dan petugas Kesra yang dapat mengubah pengaturan ini."</p> })}
            {fields}
            <p class="muted">{move || format!(
                "Contoh nomor undangan: {}",
                draft.with(|p| p.nomor_undangan("17", reses_domain::tanggal::Tanggal::from_epoch_ms_wib(js_sys::Date::now() as i64)))
            )}</p>
            <p class="error" role="alert">{move || error.get().map(|(_, m)| m)}</p>
            <p class="notice success" role="status" data-testid="pengaturan-notice" hidden=move || notice.get().is_none()>{move || notice.get()}</p>
            {writable.then(|| view! { <button class="btn primary" type="submit">"Simpan pengaturan"</button> })}
        </form>
    }
}
