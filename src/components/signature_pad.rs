use leptos::html::Canvas;
use leptos::prelude::*;
use reses_domain::tanda_tangan::TandaTangan;
use wasm_bindgen::JsCast;

type Strokes = Vec<Vec<(f64, f64)>>;

/// A pad to sign on with a finger, stylus or mouse (pointer events). The signature is
/// kept as vector strokes in `value` (`None` until something is drawn); "Hapus" clears
/// it and "Urungkan" takes back the last stroke. A `value` set from outside (a restored
/// draft) is drawn on the pad.
#[component]
pub fn SignaturePad(
    value: RwSignal<Option<TandaTangan>>,
    #[prop(default = "Tanda tangan")] label: &'static str,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let strokes = StoredValue::new_local(Strokes::new());
    let drawing = StoredValue::new_local(false);

    let size = move || -> Option<(web_sys::HtmlCanvasElement, f64, f64)> {
        let c = canvas.get()?;
        let (w, h) = (c.client_width() as f64, c.client_height() as f64);
        (w > 0.0 && h > 0.0).then_some((c, w, h))
    };
    let context = |c: &web_sys::HtmlCanvasElement| -> Option<web_sys::CanvasRenderingContext2d> {
        c.get_context("2d").ok()??.dyn_into().ok()
    };
    let redraw = move || {
        let Some((c, w, h)) = size() else { return };
        let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        c.set_width((w * dpr) as u32);
        c.set_height((h * dpr) as u32);
        let Some(ctx) = context(&c) else { return };
        let _ = ctx.scale(dpr, dpr);
        ctx.set_line_width(2.5);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
        ctx.set_stroke_style_str("#111");
        strokes.with_value(|all| {
            for s in all {
                ctx.begin_path();
                ctx.move_to(s[0].0, s[0].1);
                for p in s {
                    ctx.line_to(p.0, p.1);
                }
                if s.len() == 1 {
                    ctx.line_to(s[0].0 + 0.1, s[0].1);
                }
                ctx.stroke();
            }
        });
    };
    let publish = move || {
        let Some((_, w, h)) = size() else { return };
        let t = strokes.with_value(|s| TandaTangan::from_strokes(w, h, s));
        value.set(t);
    };

    // Draw what `value` holds when it did not come from this pad (a restored draft), and
    // again when the pad changes size (rotation).
    Effect::new(move |_| {
        let v = value.get();
        let Some((_, w, h)) = size() else { return };
        let ours = strokes.with_value(|s| TandaTangan::from_strokes(w, h, s));
        if v != ours {
            let restored = v
                .and_then(|t| {
                    let k = w / t.lebar as f64;
                    t.strokes().ok().map(|ss| {
                        ss.into_iter()
                            .map(|s| {
                                s.into_iter()
                                    .map(|(x, y)| (x as f64 * k, y as f64 * k))
                                    .collect()
                            })
                            .collect()
                    })
                })
                .unwrap_or_default();
            strokes.set_value(restored);
        }
        redraw();
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| redraw());
    on_cleanup(move || resize.remove());

    let point = move |ev: &web_sys::PointerEvent| (ev.offset_x() as f64, ev.offset_y() as f64);
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(c) = canvas.get() {
            let _ = c.set_pointer_capture(ev.pointer_id());
        }
        drawing.set_value(true);
        strokes.update_value(|s| s.push(vec![point(&ev)]));
        redraw();
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let p = point(&ev);
        strokes.update_value(|s| {
            if let Some(last) = s.last_mut() {
                last.push(p);
            }
        });
        // Draw only the new segment; a full redraw happens on release.
        let Some(c) = canvas.get() else { return };
        let Some(ctx) = context(&c) else { return };
        strokes.with_value(|s| {
            if let Some(last) = s.last()
                && last.len() >= 2
            {
                let a = last[last.len() - 2];
                ctx.begin_path();
                ctx.move_to(a.0, a.1);
                ctx.line_to(p.0, p.1);
                ctx.stroke();
            }
        });
    };
    let up = move |_: web_sys::PointerEvent| {
        if drawing.get_value() {
            drawing.set_value(false);
            publish();
        }
    };
    let clear = move |_| {
        strokes.set_value(Vec::new());
        value.set(None);
        redraw();
    };
    let undo = move |_| {
        strokes.update_value(|s| {
            s.pop();
        });
        publish();
        redraw();
    };
    view! {
        <fieldset class="signature">
            <legend>{label}</legend>
            <canvas
                node_ref=canvas
                class="signature-pad"
                data-testid="signature-pad"
                aria-label="Area tanda tangan: tanda tangani dengan jari atau stylus"
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
                on:pointerleave=up
            ></canvas>
            <div class="signature-actions">
                <span class="muted" data-testid="signature-state">
                    {move || if value.get().is_some() { "Sudah ditandatangani" } else { "Belum ada tanda tangan" }}
                </span>
                <button type="button" class="btn" on:click=undo disabled=move || value.get().is_none()>"Urungkan goresan"</button>
                <button type="button" class="btn" on:click=clear disabled=move || value.get().is_none()>"Hapus"</button>
            </div>
        </fieldset>
    }
}

/// A stored signature drawn as an SVG image (screen and print).
#[component]
pub fn SignatureImage(value: TandaTangan) -> impl IntoView {
    view! {
        <svg class="signature-image" viewBox=format!("0 0 {} {}", value.lebar, value.tinggi)
            role="img" aria-label="Tanda tangan">
            <path d=value.jalur fill="none" stroke="#000" stroke-width="4"
                stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
