use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::AreaIcon;
use crate::routes::AppRoute;
use crate::session::use_session;

/// The main navigation: a bottom bar on phones, a side bar on tablets and desktops.
/// The current area is marked with `aria-current="page"` by the router's `<A>`.
#[component]
pub fn NavBar() -> impl IntoView {
    let session = use_session();
    view! {
        <nav class="app-nav" aria-label="Navigasi utama">
            <ul>
                {move || AppRoute::nav_for(session.profile.get().map(|p| p.role))
                    .into_iter()
                    .map(|r| {
                        view! {
                            <li>
                                <A href=r.path() exact=true>
                                    <AreaIcon route=r/>
                                    <span class="nav-label">{r.label()}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
