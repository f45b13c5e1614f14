//! Keeps the field being typed in above the on-screen keyboard. Phones shrink the
//! visual viewport when the keyboard opens; a field below its new bottom edge (or under
//! the sticky header) is scrolled to the middle of what is still visible.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Installs the listener once for the whole app.
pub fn keep_focused_field_visible() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_focus = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        if !opens_keyboard(&el) {
            return;
        }
        // After the keyboard has had time to open.
        let check = Closure::once_into_js(move || reveal(&el));
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(check.unchecked_ref(), 300);
        }
    });
    if let Some(doc) = window.document() {
        let _ = doc.add_event_listener_with_callback("focusin", on_focus.as_ref().unchecked_ref());
    }
    on_focus.forget();
}

/// Only typing opens the keyboard: a radio, a checkbox or a select does not, and
/// scrolling to one 300 ms later would move the page under a finger already signing.
fn opens_keyboard(el: &web_sys::HtmlElement) -> bool {
    match el.tag_name().as_str() {
        "TEXTAREA" => true,
        "INPUT" => !matches!(
            el.get_attribute("type").unwrap_or_default().as_str(),
            "radio" | "checkbox" | "range" | "color" | "file" | "submit" | "button" | "reset"
        ),
        _ => false,
    }
}

fn reveal(el: &web_sys::HtmlElement) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The person has moved on to something else meanwhile.
    let focused = window
        .document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| a == **el);
    if !focused {
        return;
    }
    let visible_bottom = window
        .visual_viewport()
        .map(|v| v.height())
        .unwrap_or_else(|| {
            window
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0)
        });
    let rect = el.get_bounding_client_rect();
    // 64 px: the sticky header.
    if rect.bottom() > visible_bottom - 8.0 || rect.top() < 64.0 {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}
