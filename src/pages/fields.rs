//! Form fields bound to one field of a form's draft, with the field's own error shown
//! under it (the error's `field` names which one).

use leptos::prelude::*;
use reses_domain::validate::FieldError;
use reses_domain::wilayah::KOTA_PEKALONGAN;

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

/// A text input (or `textarea` when `multiline`).
#[allow(clippy::too_many_arguments)]
pub fn teks<F: Send + Sync + 'static>(
    form: RwSignal<F>,
    error: RwSignal<Option<FieldError>>,
    id: &'static str,
    label: &'static str,
    get: Getter<F>,
    set: Setter<F>,
    multiline: bool,
    input_mode: &'static str,
    disabled: Signal<bool>,
) -> impl IntoView {
    let msg = field_error(error, id);
    let value = move || form.with(get);
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        form.update(|f| set(f, v));
        if msg().is_some() {
            error.set(None);
        }
    };
    let control = if multiline {
        view! {
            <textarea id=id name=id rows="3" data-testid=id prop:value=value on:input=on_input
                aria-invalid=move || msg().is_some().to_string() disabled=move || disabled.get()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type="text" data-testid=id inputmode=input_mode list=format!("daftar-{id}") prop:value=value on:input=on_input
                aria-invalid=move || msg().is_some().to_string() disabled=move || disabled.get()/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=move || msg().is_some()>
            <label for=id>{label}</label>
            {control}
            <p class="field-error" hidden=move || msg().is_none()>{msg}</p>
        </div>
    }
}

/// A select among fixed options (value = label).
#[allow(clippy::too_many_arguments)]
pub fn pilih<F: Send + Sync + 'static>(
    form: RwSignal<F>,
    error: RwSignal<Option<FieldError>>,
    id: &'static str,
    label: &'static str,
    options: Signal<Vec<String>>,
    get: Getter<F>,
    set: Setter<F>,
    disabled: Signal<bool>,
) -> impl IntoView {
    let msg = field_error(error, id);
    view! {
        <div class="field" class:invalid=move || msg().is_some()>
            <label for=id>{label}</label>
            <select id=id name=id data-testid=id disabled=move || disabled.get()
                on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); }>
                <option value="" selected=move || form.with(get).is_empty()>"— pilih —"</option>
                {move || options.get().into_iter().map(|o| {
                    let selected = form.with(get) == o;
                    view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" hidden=move || msg().is_none()>{msg}</p>
        </div>
    }
}

/// Kecamatan names of Kota Pekalongan.
pub fn kecamatan_list() -> Vec<String> {
    KOTA_PEKALONGAN.iter().map(|(k, _)| k.to_string()).collect()
}

/// Kelurahan of one kecamatan (all of them when the kecamatan is unknown).
pub fn kelurahan_list(kecamatan: &str) -> Vec<String> {
    KOTA_PEKALONGAN
        .iter()
        .filter(|(k, _)| kecamatan.is_empty() || *k == kecamatan)
        .flat_map(|(_, ks)| ks.iter().map(|s| s.to_string()))
        .collect()
}

/// The form-level message: the first problem, said once more next to the button.
pub fn form_error(error: RwSignal<Option<FieldError>>) -> impl IntoView {
    view! {
        <p class="error" role="alert" data-testid="form-error" hidden=move || error.with(Option::is_none)>
            {move || error.with(|e| e.as_ref().map(|e| e.message.clone()))}
        </p>
    }
}
