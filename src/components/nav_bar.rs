use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::AreaIcon;
use crate::routes::AppRoute;

/// The main navigation: a bottom bar on phones, a side bar on tablets and desktops.
/// The current area is marked with `aria-current="page"` by the router's `<A>`.
#[component]
pub fn NavBar() -> impl IntoView {
    view! {
        <nav class="app-nav" aria-label="Navigasi utama">
            <ul>
                {AppRoute::NAV
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
