use leptos::html::{Canvas, Video};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use reses_domain::undangan::KodeUndangan;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{Kembali, Lapangan, use_lapangan, with_lapangan_once};
use crate::qr;
use crate::session::sleep_ms;

/// Where a scanned code leads: that guest's check-in, or a message why not.
fn resolve(l: &Lapangan, text: &str) -> Result<uuid::Uuid, String> {
    let kode = KodeUndangan::baca(text).map_err(|e| e.message().to_string())?;
    if kode.event_id != l.event.id {
        return Err("Undangan ini untuk kegiatan reses lain, bukan kegiatan ini.".into());
    }
    if !kode.sah(&l.event.kunci_undangan) {
        return Err("Kode undangan tidak sah (rusak atau dipalsukan).".into());
    }
    l.tamu
        .iter()
        .find(|t| t.value.id == kode.tamu_id)
        .map(|t| t.value.id)
        .ok_or_else(|| "Tamu pada undangan ini tidak ada di daftar undangan.".into())
}

/// Scan an invitation's QR code with the camera (or from a photo of it) and land on
/// that guest's check-in.
#[component]
pub fn Pindai() -> impl IntoView {
    let data = use_lapangan();
    view! {
        <section class="pindai">
            {with_lapangan_once(data, |l| view! { <Scanner l=l/> })}
        </section>
    }
}

#[component]
fn Scanner(l: Lapangan) -> impl IntoView {
    let navigate = use_navigate();
    let video = NodeRef::<Video>::new();
    let canvas = NodeRef::<Canvas>::new();
    let (status, set_status) = signal("Menyalakan kamera…".to_string());
    let (error, set_error) = signal(None::<String>);
    let running = StoredValue::new(true);
    let stream = StoredValue::new_local(None::<web_sys::MediaStream>);
    let l = StoredValue::new_local(l);
    let event_id = l.with_value(|l| l.event.id);

    let found = StoredValue::new_local({
        let navigate = navigate.clone();
        move |text: String| -> bool {
            match l.with_value(|l| resolve(l, &text)) {
                Ok(tamu) => {
                    navigate(
                        &format!("/reses/{event_id}/hadir/{tamu}"),
                        Default::default(),
                    );
                    true
                }
                Err(e) => {
                    set_error.set(Some(e));
                    false
                }
            }
        }
    });

    Effect::new(move |prev: Option<()>| {
        if prev.is_some() {
            return;
        }
        spawn_local(async move {
            let Some(v) = video.get_untracked() else {
                return;
            };
            match start_camera(&v).await {
                Ok(s) => {
                    stream.set_value(Some(s));
                    set_status.set("Arahkan kamera ke kode QR pada undangan.".into());
                }
                Err(e) => {
                    set_status.set(e);
                    return;
                }
            }
            let detector = qr::barcode_detector();
            let mut last = String::new();
            while running.try_get_value().unwrap_or(false) {
                sleep_ms(150).await;
                let (Some(v), Some(c)) = (video.get_untracked(), canvas.get_untracked()) else {
                    break;
                };
                let text = match &detector {
                    Some(d) => qr::detect_with(d, v.as_ref()).await,
                    None => qr::decode_frame(&v, &c),
                };
                if let Some(text) = text
                    && text != last
                {
                    last = text.clone();
                    if found.with_value(|f| f(text)) {
                        break;
                    }
                }
            }
        });
    });
    on_cleanup(move || {
        running.set_value(false);
        if let Some(Some(s)) = stream.try_get_value() {
            for t in s.get_tracks().iter() {
                if let Ok(t) = t.dyn_into::<web_sys::MediaStreamTrack>() {
                    t.stop();
                }
            }
        }
    });

    let from_file = move |ev: web_sys::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        set_error.set(None);
        spawn_local(async move {
            match decode_file(&file).await {
                Some(text) => {
                    found.with_value(|f| f(text));
                }
                None => set_error.set(Some(
                    "Tidak ada kode QR yang terbaca pada gambar ini.".into(),
                )),
            }
        });
    };

    view! {
        <Kembali href=format!("/reses/{event_id}/hadir") label="Daftar hadir"/>
        <header class="page-header">
            <h1>"Pindai undangan"</h1>
            <p class="lead">{l.with_value(Lapangan::judul)}</p>
        </header>
        <div class="scanner">
            <video node_ref=video autoplay=true muted=true playsinline=true data-testid="scanner-video"></video>
            <canvas node_ref=canvas hidden=true></canvas>
        </div>
        <p class="muted" role="status" data-testid="scanner-status">{status}</p>
        <p class="error" role="alert" data-testid="scanner-error" hidden=move || error.get().is_none()>{move || error.get()}</p>
        <div class="actions">
            <label class="btn">
                "Foto kode QR"
                <input type="file" accept="image/*" capture="environment" class="sr-only"
                    data-testid="scanner-file" on:change=from_file/>
            </label>
            <A href=format!("/reses/{event_id}/hadir") attr:class="btn">"Cari manual"</A>
        </div>
    }
}

async fn start_camera(video: &web_sys::HtmlVideoElement) -> Result<web_sys::MediaStream, String> {
    let devices = web_sys::window()
        .ok_or("Tidak ada jendela.")?
        .navigator()
        .media_devices()
        .map_err(|_| "Kamera tidak tersedia di peramban ini. Gunakan pencarian manual.")?;
    let constraints = web_sys::MediaStreamConstraints::new();
    let video_opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&video_opts, &"facingMode".into(), &"environment".into());
    constraints.set_video(&video_opts);
    constraints.set_audio(&JsValue::FALSE);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| "Kamera tidak dapat dibuka.".to_string())?;
    let stream: web_sys::MediaStream = JsFuture::from(promise)
        .await
        .map_err(|_| {
            "Kamera tidak dapat dibuka (izin ditolak atau sedang dipakai). Gunakan pencarian manual atau foto kode QR.".to_string()
        })?
        .unchecked_into();
    video.set_src_object(Some(&stream));
    if let Ok(p) = video.play() {
        let _ = JsFuture::from(p).await;
    }
    Ok(stream)
}

async fn decode_file(file: &web_sys::File) -> Option<String> {
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .unchecked_into();
    let (w, h) = crate::photo::target_size(bitmap.width(), bitmap.height());
    let (w, h) = if w.max(h) > 1000 {
        let k = 1000.0 / w.max(h) as f64;
        ((w as f64 * k) as u32, (h as f64 * k) as u32)
    } else {
        (w, h)
    };
    let canvas = web_sys::OffscreenCanvas::new(w, h).ok()?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.unchecked_into();
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    bitmap.close();
    let data = ctx.get_image_data(0.0, 0.0, w as f64, h as f64).ok()?;
    qr::decode_luma(w as usize, h as usize, &qr::rgba_to_luma(&data.data()))
}
