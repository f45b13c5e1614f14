//! The documents of one event on A4 with the council's letterhead, from what is on the
//! device, so they print offline: what they draw on ([`Berkas`]) and the screen that
//! shows one of them (the documents themselves: `super::dokumen`).

use leptos::prelude::*;
use reses_domain::sort;

use crate::hooks::{Loaded, use_loaded};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use reses_domain::aspirasi::{Aspirasi, DokumentasiReses, daftar_bidang};
use reses_domain::kantor::{BelanjaReses, KategoriAspirasi};
use reses_domain::kehadiran::{Kehadiran, TamuTambahan};
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::reses::{Anggota, MasaSidang, Pendamping, ResesEvent, Tamu};
use uuid::Uuid;

use super::kegiatan::{DOKUMEN, use_event, with_event};

/// Everything an event's documents draw on.
#[derive(Clone)]
pub struct Berkas {
    pub event: ResesEvent,
    pub anggota: Option<Anggota>,
    pub masa: Option<MasaSidang>,
    pub tamu: Vec<Tamu>,
    pub hadir: Vec<Kehadiran>,
    pub tambahan: Vec<TamuTambahan>,
    pub aspirasi: Vec<Aspirasi>,
    pub pendamping: Vec<Pendamping>,
    pub belanja: Vec<BelanjaReses>,
    /// The aspiration categories the office keeps (for the blank sheet).
    pub bidang: Vec<String>,
    /// Notes, photos and closing of the meeting.
    pub dokumentasi: Option<DokumentasiReses>,
    /// Signatories and numbering (the defaults until the office saved its own).
    pub pengaturan: PengaturanKantor,
}

/// The live records of kind `T` of one event, as values.
async fn of_event<T: reses_domain::sync::SyncRecord>(
    store: &crate::storage::Store,
    event: Uuid,
) -> Result<Vec<T>, String> {
    Ok(store
        .repo::<T>()
        .list_by_event(event)
        .await
        .map_err(|e| e.message())?
        .into_iter()
        .map(|s| s.value)
        .collect())
}

/// Every live record of kind `T` on the device, as values.
async fn all<T: reses_domain::sync::SyncRecord>(
    store: &crate::storage::Store,
) -> Result<Vec<T>, String> {
    Ok(store
        .repo::<T>()
        .list()
        .await
        .map_err(|e| e.message())?
        .into_iter()
        .map(|s| s.value)
        .collect())
}

impl Berkas {
    pub async fn load(
        store: &crate::storage::Store,
        event: ResesEvent,
        anggota: Option<Anggota>,
    ) -> Result<Berkas, String> {
        let e = event.id;
        let masa = store
            .repo::<MasaSidang>()
            .get(event.masa_sidang_id)
            .await
            .map_err(|e| e.message())?
            .map(|s| s.value);
        let mut tamu: Vec<Tamu> = of_event(store, e).await?;
        sort::by_cached_key(&mut tamu, |t| t.nama.to_lowercase());
        let hadir = of_event(store, e).await?;
        let tambahan = of_event(store, e).await?;
        let mut aspirasi: Vec<Aspirasi> = of_event(store, e).await?;
        sort::by_key(&mut aspirasi, |a| a.waktu);
        let pendamping = all::<Pendamping>(store)
            .await?
            .into_iter()
            .filter(|p| event.pendamping_ids.contains(&p.id))
            .collect();
        let mut belanja: Vec<BelanjaReses> = of_event(store, e).await?;
        sort::by_cached_key(&mut belanja, |b| b.barang.to_lowercase());
        let dokumentasi = store
            .repo::<DokumentasiReses>()
            .get(DokumentasiReses::id_for(e))
            .await
            .map_err(|e| e.message())?
            .filter(|d| !d.deleted)
            .map(|d| d.value);
        let kategori: Vec<KategoriAspirasi> = all(store).await?;
        let pengaturan = crate::pages::pengaturan::baca_pengaturan(store).await?;
        Ok(Berkas {
            event,
            anggota,
            masa,
            tamu,
            hadir,
            tambahan,
            aspirasi,
            pendamping,
            belanja,
            bidang: daftar_bidang(&kategori),
            dokumentasi,
            pengaturan,
        })
    }

    pub(super) fn nama_anggota(&self) -> String {
        self.anggota
            .as_ref()
            .map_or_else(|| "Anggota DPRD".into(), |a| a.nama.clone())
    }

    pub(super) fn masa_sidang(&self) -> String {
        self.masa
            .as_ref()
            .map_or_else(String::new, |m| format!("{} Tahun {}", m.nama, m.tahun))
    }
}

/// `/kantor/kegiatan/:id/cetak/:dok`
#[component]
pub fn Cetak() -> impl IntoView {
    let data = use_event();
    let params = use_params_map();
    let dok = Memo::new(move |_| params.with(|p| p.get("dok").unwrap_or_default()));
    view! {
        <section class="surat-page cetak">
            {with_event(data, move |e, m| {
                let id = e.id;
                let berkas = use_loaded(move |store| {
                    let (e, m) = (e.clone(), m.clone());
                    async move { Berkas::load(&store, e, m).await }
                });
                view! {
                    <div class="no-print actions">
                        <A href=format!("/kantor/kegiatan/{id}") attr:class="back-link">"‹ Kegiatan"</A>
                        <button type="button" class="btn primary" data-testid="cetak" on:click=|_| { let _ = web_sys::window().map(|w| w.print()); }>"Cetak"</button>
                        <nav class="doc-tabs" aria-label="Dokumen">
                            {DOKUMEN.iter().map(|(seg, label)| view! { <A href=format!("/kantor/kegiatan/{id}/cetak/{seg}")>{*label}</A> }).collect_view()}
                        </nav>
                    </div>
                    <Loaded state=berkas memuat="Menyiapkan dokumen…" let:b>
                        {move || super::dokumen::dokumen(&dok.get(), b.clone())}
                    </Loaded>
                }
            })}
        </section>
    }
}
