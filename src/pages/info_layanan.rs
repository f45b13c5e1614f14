//! The two published service standards, readable offline (they are part of the app).

use leptos::prelude::*;
use reses_domain::layanan::{SEMUA, StandarLayanan};

use crate::components::PageHeader;

#[component]
pub fn InfoLayanan() -> impl IntoView {
    view! {
        <section class="info-layanan">
            <PageHeader
                title="Info Layanan"
                lead="Standar pelayanan yang dipublikasikan: persyaratan, prosedur, waktu, biaya, produk dan pengaduan."
            />
            {SEMUA.iter().map(|s| view! { <Standar s=*s/> }).collect_view()}
        </section>
    }
}

#[component]
fn Standar(s: StandarLayanan) -> impl IntoView {
    let list = |items: &'static [&'static str]| {
        items.iter().map(|i| view! { <li>{*i}</li> }).collect_view()
    };
    view! {
        <article class="card standar" data-testid=format!("standar-{}", s.kode)>
            <h2>{s.nama}</h2>
            <p class="muted">{format!("{} · SK {}", s.penyelenggara, s.sk)}</p>
            <h3>"Persyaratan"</h3><ol>{list(s.persyaratan)}</ol>
            <h3>"Prosedur"</h3><ol>{list(s.prosedur)}</ol>
            <h3>"Waktu penyelesaian"</h3><p>{s.waktu}</p>
            <h3>"Biaya / tarif"</h3><p>{s.biaya}</p>
            <h3>"Produk layanan"</h3><ul>{list(s.produk)}</ul>
            <h3>"Pengaduan"</h3><ol>{list(s.pengaduan)}</ol>
        </article>
    }
}
