//! The app shell in a real browser: it mounts, shows the navigation in Indonesian,
//! reacts to the connection going away and back, and shows the not-found page for an
//! unknown address.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Lets the reactive system and the router run.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not on the page"))
        .text_content()
        .unwrap_or_default()
}

fn go_to(path: &str) {
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let ev = web_sys::PopStateEvent::new("popstate").unwrap();
    window.dispatch_event(&ev).unwrap();
}

#[wasm_bindgen_test]
async fn shell_navigates_reports_connection_and_handles_unknown_pages() {
    go_to("/");
    // A cached profile: the app opens for that user without a connection.
    let profile = reses_domain::auth::Profile {
        user_id: uuid::Uuid::now_v7(),
        username: "uji".into(),
        display_name: "Pengguna Uji".into(),
        role: reses_domain::Role::Pendamping,
        subject_id: None,
        must_change_password: false,
        device_id: None,
    };
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("reses.profile", &serde_json::to_string(&profile).unwrap())
        .unwrap();
    reses_app::mount();
    settle().await;

    // Navigation: the user's areas, in Indonesian, with the current one marked.
    let links = document().query_selector_all(".app-nav a").unwrap();
    let labels: Vec<String> = (0..links.length())
        .map(|i| {
            links
                .item(i)
                .unwrap()
                .text_content()
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    // A companion's areas only: no permit inbox, no complaints desk.
    assert_eq!(labels, ["Beranda", "Reses", "Info Layanan", "Sinkronisasi"]);
    assert_eq!(text_of(".app-nav a[aria-current='page']").trim(), "Beranda");
    assert!(text_of("main h1").contains("Selamat datang"));

    // Today's date is written the Indonesian way: "<Hari>, <d> <Bulan> <yyyy>".
    let today = text_of("[data-testid='today']");
    let hari = today.split(',').next().unwrap();
    assert!(reses_domain::tanggal::HARI.contains(&hari), "{today}");

    // The loading placeholder is gone once the app is up.
    assert!(document().get_element_by_id("memuat").is_none());

    // Connection indicator follows the browser's online/offline events.
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("offline").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(text_of("[data-testid='online-status']").trim(), "Luring");
    window
        .dispatch_event(&web_sys::Event::new("online").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(text_of("[data-testid='online-status']").trim(), "Daring");

    // Client-side navigation to an area, then to an address the app does not know.
    let reses: web_sys::HtmlElement = document()
        .query_selector(".app-nav a[href='/reses']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    reses.click();
    settle().await;
    assert_eq!(text_of("main h1"), "Reses saya");
    assert_eq!(text_of(".app-nav a[aria-current='page']").trim(), "Reses");

    go_to("/tidak-ada/sama-sekali");
    settle().await;
    assert_eq!(text_of("main h1"), "Halaman tidak ditemukan");
}
