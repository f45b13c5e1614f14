//! Reading invitation QR codes from the camera: the browser's `BarcodeDetector` where it
//! has one (Android, ChromeOS, macOS), otherwise the pure-Rust decoder `quircs` over the
//! video frame's grey levels.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Decodes the first QR code found in a greyscale image.
pub fn decode_luma(width: usize, height: usize, luma: &[u8]) -> Option<String> {
    let pixels = luma.get(..width.checked_mul(height)?)?;
    let mut decoder = quircs::Quirc::default();
    decoder
        .identify(width, height, pixels)
        .filter_map(Result::ok)
        .find_map(|code| {
            let data = code.decode().ok()?;
            String::from_utf8(data.payload).ok()
        })
}

/// Grey levels of RGBA pixels (ITU-R BT.601 weights, integer arithmetic).
pub fn rgba_to_luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8) as u8)
        .collect()
}

/// A `BarcodeDetector` for QR codes, if this browser has one.
pub fn barcode_detector() -> Option<JsValue> {
    let global = js_sys::global();
    let ctor = js_sys::Reflect::get(&global, &"BarcodeDetector".into()).ok()?;
    let ctor: js_sys::Function = ctor.dyn_into().ok()?;
    let opts = js_sys::Object::new();
    let formats = js_sys::Array::of1(&"qr_code".into());
    js_sys::Reflect::set(&opts, &"formats".into(), &formats).ok()?;
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&opts)).ok()
}

/// Runs `detector.detect(source)` and returns the first code's text.
pub async fn detect_with(detector: &JsValue, source: &JsValue) -> Option<String> {
    let detect: js_sys::Function = js_sys::Reflect::get(detector, &"detect".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: js_sys::Promise = detect.call1(detector, source).ok()?.dyn_into().ok()?;
    let found = JsFuture::from(promise).await.ok()?;
    let first = js_sys::Array::from(&found).get(0);
    if first.is_undefined() {
        return None;
    }
    js_sys::Reflect::get(&first, &"rawValue".into())
        .ok()?
        .as_string()
}

/// Reads a QR code from the current frame of a playing video (or any drawable element)
/// by drawing it on `canvas` and decoding its grey levels.
pub fn decode_frame(
    video: &web_sys::HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<String> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    // Large frames are scaled down: a QR filling a fair part of the picture stays
    // readable and decoding stays well under a frame's time on a phone.
    let scale = (640.0 / w.max(h) as f64).min(1.0);
    let (cw, ch) = (
        (w as f64 * scale).round() as u32,
        (h as f64 * scale).round() as u32,
    );
    canvas.set_width(cw);
    canvas.set_height(ch);
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &true.into());
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &opts)
        .ok()??
        .dyn_into()
        .ok()?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, cw as f64, ch as f64)
        .ok()?;
    let data = ctx.get_image_data(0.0, 0.0, cw as f64, ch as f64).ok()?;
    decode_luma(cw as usize, ch as usize, &rgba_to_luma(&data.data()))
}
