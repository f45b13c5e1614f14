use leptos::prelude::*;

/// A screen's title and one line saying what the screen is for.
#[component]
pub fn PageHeader(title: &'static str, #[prop(into)] lead: String) -> impl IntoView {
    view! {
        <header class="page-header">
            <h1>{title}</h1>
            <p class="lead">{lead}</p>
        </header>
    }
}
