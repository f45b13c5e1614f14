//! Form fields bound to one field of a form's draft, with the field's own error shown
//! under it (the error's `field` names which one).

use leptos::prelude::*;
use reses_domain::aspirasi::daftar_bidang;
use reses_domain::kantor::{KategoriAspirasi, Kelurahan};
use reses_domain::sort;
use reses_domain::validate::FieldError;
use reses_domain::wilayah::daftar_wilayah;

use crate::session::use_session;

pub type Getter<F> = fn(&F) -> String;
pub type Setter<F> = fn(&mut F, String);

fn field_error(
    error: RwSignal<Option<FieldError>>,
    id: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        error.with(|e| {
            e.as_ref()
                .filter(|e| e.field == id)
                .map(|e| e.message.clone())
        })
    }
}

/// What kind of text a field takes (the keyboard a phone shows for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Masukan {
    Teks,
    /// Digits (NIK, RT/RW, counts): the numeric keypad.
    Angka,
    /// A number with a decimal comma.
    Desimal,
    Telepon,
    /// Several lines (`textarea`).
    Paragraf,
    /// A date and time (`datetime-local`, read as WIB).
    Waktu,
}

impl Masukan {
    fn input_mode(self) -> &'static str {
        match self {
            Masukan::Teks | Masukan::Paragraf | Masukan::Waktu => "text",
            Masukan::Angka => "numeric",
            Masukan::Desimal => "decimal",
            Masukan::Telepon => "tel",
        }
    }
}

/// A form's fields, each bound to one field of the draft `form`, with that field's own
/// error from `error` under it, all disabled while `disabled` holds.
pub struct Isian<F: Send + Sync + 'static> {
    pub form: RwSignal<F>,
    pub error: RwSignal<Option<FieldError>>,
    pub disabled: Signal<bool>,
}

impl<F: Send + Sync + 'static> Clone for Isian<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Send + Sync + 'static> Copy for Isian<F> {}

impl<F: Send + Sync + 'static> Isian<F> {
    /// A one-line text input.
    pub fn teks(
        self,
        id: &'static str,
        label: &'static str,
        get: Getter<F>,
        set: Setter<F>,
    ) -> impl IntoView {
        self.masukan(Masukan::Teks, id, label, get, set)
    }

    /// A text input of kind `jenis` (a `textarea` for [`Masukan::Paragraf`]).
    pub fn masukan(
        self,
        jenis: Masukan,
        id: &'static str,
        label: &'static str,
        get: Getter<F>,
        set: Setter<F>,
    ) -> impl IntoView {
        let form = self.form;
        let value = Signal::derive(move || form.with(get));
        masukan_view(jenis, self.kolom(id, label, set), value)
    }

    /// The field `id` of the draft, written through `set`, without the draft's type.
    fn kolom(self, id: &'static str, label: &'static str, set: Setter<F>) -> Kolom {
        let form = self.form;
        Kolom {
            id,
            label,
            set: Callback::new(move |v: String| form.update(|f| set(f, v))),
            error: self.error,
            disabled: self.disabled,
        }
    }

    /// A select among `options` (value = label).
    pub fn pilih(
        self,
        id: &'static str,
        label: &'static str,
        options: Signal<Vec<String>>,
        get: Getter<F>,
        set: Setter<F>,
    ) -> impl IntoView {
        let form = self.form;
        // Only this field's value: typing elsewhere in the form rebuilds no options.
        let value = Memo::new(move |_| form.with(get));
        pilih_view(self.kolom(id, label, set), options, value)
    }
}

// The views of the fields are not generic over the draft, so every form shares one copy
// of them in the app's code; only reading and writing the draft's field is per form.

/// One field of a form, without the draft's type: its id, label, what a new value does,
/// the form's error and whether the form is disabled.
struct Kolom {
    id: &'static str,
    label: &'static str,
    set: Callback<String>,
    error: RwSignal<Option<FieldError>>,
    disabled: Signal<bool>,
}

/// The label above `control` and the field's own error under it.
fn bingkai(k: &Kolom, control: AnyView) -> AnyView {
    let msg = field_error(k.error, k.id);
    view! {
        <div class="field" class:invalid=move || msg().is_some()>
            <label for=k.id>{k.label}</label>
            {control}
            <p class="field-error" hidden=move || msg().is_none()>{msg}</p>
        </div>
    }
    .into_any()
}

fn masukan_view(jenis: Masukan, k: Kolom, value: Signal<String>) -> AnyView {
    let Kolom {
        id,
        set,
        error,
        disabled,
        ..
    } = k;
    let msg = field_error(error, id);
    let on_input = move |ev| {
        set.run(event_target_value(&ev));
        if msg().is_some() {
            error.set(None);
        }
    };
    let control = if jenis == Masukan::Paragraf {
        view! {
            <textarea id=id name=id rows="3" data-testid=id prop:value=value on:input=on_input
                aria-invalid=move || msg().is_some().to_string() disabled=move || disabled.get()></textarea>
        }
        .into_any()
    } else if jenis == Masukan::Waktu {
        view! {
            <input id=id name=id type="datetime-local" data-testid=id prop:value=value on:input=on_input
                aria-invalid=move || msg().is_some().to_string() disabled=move || disabled.get()/>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type="text" data-testid=id inputmode=jenis.input_mode() list=format!("daftar-{id}") prop:value=value on:input=on_input
                aria-invalid=move || msg().is_some().to_string() disabled=move || disabled.get()/>
        }
        .into_any()
    };
    bingkai(&k, control)
}

fn pilih_view(k: Kolom, options: Signal<Vec<String>>, value: Memo<String>) -> AnyView {
    let Kolom {
        id, set, disabled, ..
    } = k;
    let control = view! {
        <select id=id name=id data-testid=id disabled=move || disabled.get()
            on:change=move |ev| set.run(event_target_value(&ev))>
            <option value="" selected=move || value.with(String::is_empty)>"— pilih —"</option>
            {move || {
                // A value no longer offered (renamed at the office) stays choosable.
                let current = value.get();
                let mut all = options.get();
                if !current.is_empty() && !all.contains(&current) {
                    all.push(current.clone());
                }
                all.into_iter().map(|o| {
                    let selected = current == o;
                    view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                }).collect_view()
            }}
        </select>
    }
    .into_any();
    bingkai(&k, control)
}

/// The office's editable reference lists as the field forms offer them.
#[derive(Debug, Clone, PartialEq)]
pub struct Referensi {
    /// Kecamatan and their kelurahan.
    pub wilayah: Vec<(String, Vec<String>)>,
    /// Aspiration categories.
    pub bidang: Vec<String>,
}

impl Referensi {
    fn from_records(wilayah: &[Kelurahan], kategori: &[KategoriAspirasi]) -> Referensi {
        Referensi {
            wilayah: daftar_wilayah(wilayah),
            bidang: daftar_bidang(kategori),
        }
    }

    pub fn kecamatan(&self) -> Vec<String> {
        self.wilayah.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Kelurahan of one kecamatan (all of them, sorted, when it is empty or unknown).
    pub fn kelurahan(&self, kecamatan: &str) -> Vec<String> {
        let known = self.wilayah.iter().any(|(k, _)| k == kecamatan);
        let mut v: Vec<String> = self
            .wilayah
            .iter()
            .filter(|(k, _)| !known || k == kecamatan)
            .flat_map(|(_, ks)| ks.iter().cloned())
            .collect();
        sort::all(&mut v);
        v.dedup();
        v
    }
}

/// The wilayah and categories on this device (the starting lists until the office's
/// records have arrived), reloaded when records change.
pub fn use_referensi() -> Signal<Referensi> {
    let session = use_session();
    let res = crate::hooks::use_async(move || {
        session.data_rev.track();
        async move {
            let store = session.store_ready().await?;
            let (w, k) = (store.repo::<Kelurahan>(), store.repo::<KategoriAspirasi>());
            let (wilayah, kategori) = futures::join!(w.list(), k.list());
            let wilayah: Vec<Kelurahan> = wilayah.ok()?.into_iter().map(|s| s.value).collect();
            let kategori: Vec<KategoriAspirasi> =
                kategori.ok()?.into_iter().map(|s| s.value).collect();
            Some(Referensi::from_records(&wilayah, &kategori))
        }
    });
    let start = Referensi::from_records(&[], &[]);
    // A Memo: a sync that changes nothing here rebuilds no option list.
    Memo::new(move |_| res.get().flatten().unwrap_or_else(|| start.clone())).into()
}

/// The form-level message: the first problem, said once more next to the button.
pub fn form_error(error: RwSignal<Option<FieldError>>) -> impl IntoView {
    view! {
        <p class="error" role="alert" data-testid="form-error" hidden=move || error.with(Option::is_none)>
            {move || error.with(|e| e.as_ref().map(|e| e.message.clone()))}
        </p>
    }
}
