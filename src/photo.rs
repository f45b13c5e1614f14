//! Photos taken or picked on the device, downscaled before they are stored: longest side
//! at most 1,600 px, JPEG. A 12-megapixel camera photo of several MB becomes a few
//! hundred KB, which is what a phone can keep by the hundred and send on a weak signal.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Longest side after downscaling, in pixels.
pub const MAKS_SISI: u32 = 1_600;
/// Above this the photo is encoded again at a lower quality.
const TARGET_BYTES: usize = 380 * 1024;

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct Foto {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The size a `w`×`h` image is scaled to.
pub fn target_size(w: u32, h: u32) -> (u32, u32) {
    let longest = w.max(h);
    if longest <= MAKS_SISI {
        return (w.max(1), h.max(1));
    }
    let scale = MAKS_SISI as f64 / longest as f64;
    (
        ((w as f64 * scale).round() as u32).max(1),
        ((h as f64 * scale).round() as u32).max(1),
    )
}

const NOT_AN_IMAGE: &str =
    "Berkas ini bukan gambar yang dapat dibuka. Pilih foto berformat JPEG, PNG atau WebP.";

/// Decodes `blob` (any image the browser reads), scales it down and encodes it as JPEG.
pub async fn perkecil(blob: &web_sys::Blob) -> Result<Foto, String> {
    if !blob.type_().is_empty() && !blob.type_().starts_with("image/") {
        return Err(NOT_AN_IMAGE.into());
    }
    let window = web_sys::window().ok_or("Tidak ada jendela peramban.")?;
    let promise = window
        .create_image_bitmap_with_blob(blob)
        .map_err(|_| NOT_AN_IMAGE)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(promise)
        .await
        .map_err(|_| NOT_AN_IMAGE)?
        .unchecked_into();
    let (w, h) = target_size(bitmap.width(), bitmap.height());
    let result = encode(&bitmap, w, h).await;
    bitmap.close();
    result
}

async fn encode(bitmap: &web_sys::ImageBitmap, w: u32, h: u32) -> Result<Foto, String> {
    let failed = |_| "Foto gagal diproses. Coba lagi.".to_string();
    let canvas = web_sys::OffscreenCanvas::new(w, h).map_err(failed)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(failed)?
        .ok_or("Kanvas tidak tersedia.")?
        .unchecked_into();
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w as f64, h as f64)
        .map_err(failed)?;
    let mut bytes = Vec::new();
    for quality in [0.8, 0.65, 0.5] {
        let opts = web_sys::ImageEncodeOptions::new();
        opts.set_type("image/jpeg");
        opts.set_quality(quality);
        let blob: web_sys::Blob =
            JsFuture::from(canvas.convert_to_blob_with_options(&opts).map_err(failed)?)
                .await
                .map_err(failed)?
                .unchecked_into();
        bytes = blob_bytes(&blob).await?;
        if bytes.len() <= TARGET_BYTES {
            break;
        }
    }
    Ok(Foto {
        bytes,
        width: w,
        height: h,
    })
}

pub async fn blob_bytes(blob: &web_sys::Blob) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| "Berkas tidak dapat dibaca.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// An object URL showing `bytes` (revoke it when the image goes away).
pub fn object_url(bytes: &[u8], content_type: &str) -> Option<String> {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
