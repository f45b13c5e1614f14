//! Security headers on every response, the app's and the API's.
//!
//! The app runs under a Content-Security-Policy without inline script: its scripts and
//! its WebAssembly come from this server only (`'wasm-unsafe-eval'` lets the browser
//! compile the module, nothing more), it talks to this server only, and no other site
//! may frame it. Styles allow inline `style` attributes, which the view code sets.
//! Photos are shown from `blob:` URLs made on the device, and the camera preview from a
//! media stream. A response that sets its own policy (attachments) keeps it.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Response;

/// The app's policy. The Playwright suite runs the whole app, offline too, under it.
pub const APP_CSP: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; \
    img-src 'self' blob: data:; \
    media-src 'self' blob: mediastream:; \
    connect-src 'self'; \
    worker-src 'self'; \
    manifest-src 'self'; \
    font-src 'self'; \
    object-src 'none'; \
    base-uri 'none'; \
    form-action 'self'; \
    frame-ancestors 'none'";

/// What a stored attachment is served with: nothing in it runs, and a PDF opens (as a
/// download) sandboxed.
pub const ATTACHMENT_CSP: &str =
    "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'";

pub async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::CONTENT_SECURITY_POLICY, APP_CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(self), microphone=(), geolocation=(), payment=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    res
}
