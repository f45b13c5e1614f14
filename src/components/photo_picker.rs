use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::photo;
use crate::session::use_session;

/// Photos for a record: taken with the camera or picked from files, downscaled and stored
/// on the device at once (so a draft keeps them across reloads). `photos` holds their
/// SHA-256, in order; at most `max`.
#[component]
pub fn PhotoPicker(
    photos: RwSignal<Vec<String>>,
    max: usize,
    #[prop(into)] disabled: Signal<bool>,
) -> impl IntoView {
    let session = use_session();
    let (busy, set_busy) = signal(false);
    let (error, set_error) = signal(None::<String>);

    let add_files = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<web_sys::File> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        if files.is_empty() {
            return;
        }
        let Some(store) = session.store() else {
            set_error.set(Some("Penyimpanan perangkat belum siap.".into()));
            return;
        };
        set_error.set(None);
        set_busy.set(true);
        spawn_local(async move {
            let mut problems = Vec::new();
            for file in files {
                if photos.with_untracked(Vec::len) >= max {
                    problems.push(format!("Paling banyak {max} foto."));
                    break;
                }
                let start = crate::perf::now();
                match photo::perkecil(&file).await {
                    Ok(foto) => {
                        let size = foto.bytes.len();
                        match store.put_attachment(foto.bytes, "image/jpeg").await {
                            Ok(sha) => {
                                crate::perf::measure(
                                    "photo-store",
                                    start,
                                    &format!("{sha} {size}"),
                                );
                                photos.update(|p| {
                                    if !p.contains(&sha) {
                                        p.push(sha);
                                    }
                                });
                            }
                            Err(e) => problems.push(e.message()),
                        }
                    }
                    Err(e) => problems.push(format!("{}: {e}", file.name())),
                }
            }
            set_busy.set(false);
            problems.dedup();
            set_error.set((!problems.is_empty()).then(|| problems.join(" ")));
        });
    };
    let full = move || photos.with(Vec::len) >= max;
    view! {
        <fieldset class="photos">
            <legend>{move || format!("Foto ({} dari {max})", photos.with(Vec::len))}</legend>
            <ul class="thumbs">
                <For each=move || photos.get() key=|sha| sha.clone() let:sha>
                    <li>
                        <Thumb sha=sha.clone()/>
                        <button type="button" class="btn small" disabled=move || disabled.get()
                            aria-label="Hapus foto"
                            on:click=move |_| photos.update(|p| p.retain(|s| *s != sha))>
                            "Hapus"
                        </button>
                    </li>
                </For>
            </ul>
            <Show when=move || busy.get()>
                <p class="muted" role="status">"Memproses foto…"</p>
            </Show>
            <p class="error" role="alert" data-testid="photo-error" hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
            <div class="photo-actions" hidden=move || disabled.get()>
                <label class="btn" class:disabled=full>
                    "Ambil foto"
                    <input type="file" accept="image/*" capture="environment" class="sr-only"
                        data-testid="photo-camera" disabled=move || full() || busy.get() on:change=add_files/>
                </label>
                <label class="btn" class:disabled=full>
                    "Pilih dari berkas"
                    <input type="file" accept="image/*" multiple class="sr-only"
                        data-testid="photo-file" disabled=move || full() || busy.get() on:change=add_files/>
                </label>
            </div>
        </fieldset>
    }
}

/// A stored photo's thumbnail, read from the device.
#[component]
pub fn Thumb(sha: String) -> impl IntoView {
    let session = use_session();
    let sha_for_remote = sha.clone();
    let url = crate::hooks::use_async(move || {
        let sha = sha.clone();
        async move {
            let store = session.store_ready().await?;
            let a = store.attachment(&sha).await.ok()??;
            photo::object_url(&a.bytes, &a.content_type)
        }
    });
    on_cleanup(move || {
        if let Some(Some(u)) = url.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    // Not on this device (recorded elsewhere): the server's copy, when online.
    let remote = format!("/api/attachments/{sha_for_remote}");
    view! {
        {move || match url.get() {
            Some(Some(u)) => view! { <img class="thumb" src=u alt="Foto" data-testid="photo-thumb"/> }.into_any(),
            Some(None) => view! { <img class="thumb" src=remote.clone() alt="Foto (dari server)" data-testid="photo-thumb"/> }.into_any(),
            None => view! { <span class="thumb missing">"Foto"</span> }.into_any(),
        }}
    }
}
