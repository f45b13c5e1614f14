//! Entry point: mounts the app. Everything else lives in [`reses_app`].

fn main() {
    console_error_panic_hook::set_once();
    reses_app::mount();
}
