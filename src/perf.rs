//! Timings the app records with the User Timing API, read by `make bench` (the app's own
//! view of "tap to saved", not a test assertion).

use wasm_bindgen::JsCast;

/// `performance.now()`, or 0 where there is no `performance`.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Records `performance.measure(name)` from `start` to now, with `detail` attached.
pub fn measure(name: &str, start: f64, detail: &str) {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    // `measure(name, { start, detail })`; web-sys has no binding for the options form.
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"start".into(), &start.into());
    let _ = js_sys::Reflect::set(&opts, &"detail".into(), &detail.into());
    if let Ok(f) = js_sys::Reflect::get(&perf, &"measure".into())
        && let Ok(f) = f.dyn_into::<js_sys::Function>()
    {
        let _ = f.call2(&perf, &name.into(), &opts);
    }
}
