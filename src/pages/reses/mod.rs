//! Reses in the field (seed 000 step 7): the companion's events, check-in from the
//! invited list (search or QR), walk-ins, aspirations with photos, documentation and
//! closing. Everything reads and writes the device's IndexedDB only; sync carries it to
//! the office when there is a connection.

mod aspirasi;
mod dokumentasi;
mod hadir;
mod hub;
mod pindai;
mod tambahan;

pub use aspirasi::{AspirasiForm, AspirasiList};
pub use dokumentasi::Dokumentasi;
pub use hadir::{CheckIn, DaftarHadir};
pub use hub::EventHub;
pub use pindai::Pindai;
pub use tambahan::{TamuTambahanForm, TamuTambahanList};

use leptos::prelude::*;
use reses_domain::sort;

use crate::hooks::{Loaded, UseLoadedReturn, use_loaded, use_loaded_by};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use reses_domain::aspirasi::{Aspirasi, DokumentasiReses};
use reses_domain::kehadiran::{Kehadiran, Pencatat, TamuTambahan};
use reses_domain::reses::{Anggota, ResesEvent, Tamu, format_event_start};
use reses_domain::sync::{RecordKind, SyncRecord};
use uuid::Uuid;

use crate::components::PageHeader;
use crate::session::{AppSession, device_id};
use crate::storage::{Store, Stored, SyncState, Tally};

/// Everything of one reses event on this device.
#[derive(Debug, Clone)]
pub struct Lapangan {
    pub event: ResesEvent,
    pub anggota: String,
    pub tamu: Vec<Stored<Tamu>>,
    pub hadir: Vec<Stored<Kehadiran>>,
    /// Walk-ins and aspirations, listed only for the screens that show them
    /// ([`use_lapangan_lengkap`]: their decoding lives in those screens' lazy chunks);
    /// empty elsewhere. Their counts are always in `jumlah_tambahan`/`jumlah_aspirasi`.
    pub tambahan: Vec<Stored<TamuTambahan>>,
    pub aspirasi: Vec<Stored<Aspirasi>>,
    pub jumlah_tambahan: Tally,
    pub jumlah_aspirasi: Tally,
    pub dokumentasi: Option<Stored<DokumentasiReses>>,
}

impl Lapangan {
    pub async fn load(store: &Store, event_id: Uuid) -> Result<Option<Lapangan>, String> {
        let m = |e: crate::storage::StorageError| e.message();
        let Some(event) = store.repo::<ResesEvent>().get(event_id).await.map_err(m)? else {
            return Ok(None);
        };
        if event.deleted {
            return Ok(None);
        }
        let anggota = store
            .repo::<Anggota>()
            .get(event.value.anggota_id)
            .await
            .map_err(m)?
            .map_or_else(|| "Anggota DPRD".to_string(), |a| a.value.nama);
        let (tamu, hadir, dokumentasi) = (
            store.repo::<Tamu>(),
            store.repo::<Kehadiran>(),
            store.repo::<DokumentasiReses>(),
        );
        let key = event_id.to_string();
        // Five reads issued together: IndexedDB serves them in parallel.
        let (tamu, hadir, tambahan, aspirasi, dokumentasi) = futures::join!(
            tamu.list_by_event(event_id),
            hadir.list_by_event(event_id),
            store.tally_by_event(RecordKind::TamuTambahan, &key),
            store.tally_by_event(RecordKind::Aspirasi, &key),
            dokumentasi.get(DokumentasiReses::id_for(event_id)),
        );
        Ok(Some(Lapangan {
            event: event.value,
            anggota,
            tamu: tamu.map_err(m)?,
            hadir: hadir.map_err(m)?,
            tambahan: Vec::new(),
            aspirasi: Vec::new(),
            jumlah_tambahan: tambahan.map_err(m)?,
            jumlah_aspirasi: aspirasi.map_err(m)?,
            dokumentasi: dokumentasi.map_err(m)?,
        }))
    }

    /// [`Lapangan::load`] with the walk-ins and aspirations listed.
    pub async fn load_lengkap(store: &Store, event_id: Uuid) -> Result<Option<Lapangan>, String> {
        let m = |e: crate::storage::StorageError| e.message();
        let Some(mut l) = Self::load(store, event_id).await? else {
            return Ok(None);
        };
        let (tambahan, aspirasi) = (store.repo::<TamuTambahan>(), store.repo::<Aspirasi>());
        let (tambahan, aspirasi) = futures::join!(
            tambahan.list_by_event(event_id),
            aspirasi.list_by_event(event_id)
        );
        l.tambahan = tambahan.map_err(m)?;
        l.aspirasi = aspirasi.map_err(m)?;
        Ok(Some(l))
    }

    pub fn ditutup(&self) -> Option<i64> {
        self.dokumentasi.as_ref().and_then(|d| d.value.ditutup_pada)
    }

    pub fn jumlah_hadir(&self) -> usize {
        self.hadir.iter().filter(|k| k.value.hadir).count()
    }

    /// Records of this event changed here and not yet accepted by the server.
    pub fn belum_terkirim(&self) -> usize {
        fn n<T>(v: &[Stored<T>]) -> usize {
            v.iter().filter(|s| s.sync != SyncState::Synced).count()
        }
        n(&self.tamu)
            + n(&self.hadir)
            + self.jumlah_tambahan.unsynced
            + self.jumlah_aspirasi.unsynced
            + self
                .dokumentasi
                .iter()
                .filter(|d| d.sync != SyncState::Synced)
                .count()
    }

    pub fn judul(&self) -> String {
        format!("Reses {}", self.anggota)
    }

    pub fn waktu_tempat(&self) -> String {
        format!(
            "{} · {}",
            format_event_start(self.event.tanggal, self.event.jam_mulai),
            self.event.tempat
        )
    }
}

/// The event id in the current route (`/reses/:id/…`).
pub fn route_uuid(name: &'static str) -> Memo<Option<Uuid>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).and_then(|s| Uuid::parse_str(&s).ok())))
}

/// Loads the event of the current route, again whenever records change on the device.
pub fn use_lapangan() -> UseLoadedReturn<Option<Lapangan>> {
    let id = route_uuid("id");
    use_loaded_by(
        move || id.get(),
        |store, id| async move {
            match id {
                Some(id) => Lapangan::load(&store, id).await,
                None => Ok(None),
            }
        },
    )
}

/// [`use_lapangan`] with the walk-ins and aspirations listed (their screens only).
pub fn use_lapangan_lengkap() -> UseLoadedReturn<Option<Lapangan>> {
    let id = route_uuid("id");
    use_loaded_by(
        move || id.get(),
        |store, id| async move {
            match id {
                Some(id) => Lapangan::load_lengkap(&store, id).await,
                None => Ok(None),
            }
        },
    )
}

/// Who is recording, now: the signed-in user on this device.
pub fn pencatat(session: &AppSession) -> Option<Pencatat> {
    let p = session.profile.get_untracked()?;
    Some(Pencatat {
        user_id: p.user_id,
        nama: p.display_name,
        perangkat: p.device_id.or_else(|| Some(device_id())),
        waktu: js_sys::Date::now() as i64,
    })
}

/// Saves one record (with its outbox entry, one transaction) and tells the session.
///
/// Only the encoding is generic: the save itself is one function for every kind, so
/// the app carries one copy of it and not one per record type.
pub fn simpan<T: SyncRecord>(
    session: &AppSession,
    value: &T,
) -> impl Future<Output = Result<(), String>> + 'static {
    let data = serde_json::to_value(value).map_err(|e| e.to_string());
    simpan_data(*session, T::KIND, value.id(), data)
}

async fn simpan_data(
    session: AppSession,
    kind: RecordKind,
    id: Uuid,
    data: Result<serde_json::Value, String>,
) -> Result<(), String> {
    let store = session
        .store()
        .ok_or("Penyimpanan perangkat belum siap. Coba lagi sebentar.")?;
    store
        .save(kind, id, data?, false)
        .await
        .map_err(|e| e.message())?;
    session.changed();
    Ok(())
}

/// Shows the loaded event with `body`, or a loading line, an error, or "not here".
pub fn with_lapangan<V: IntoView + 'static>(
    data: UseLoadedReturn<Option<Lapangan>>,
    body: impl Fn(Lapangan) -> V + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <Loaded state=data memuat="Memuat data kegiatan…" let:found>
            {match found {
                Some(l) => body(l).into_any(),
                None => view! {
                    <div class="empty-state">
                        <p>"Kegiatan reses ini tidak ada di perangkat ini."</p>
                        <p>"Sinkronkan saat ada koneksi untuk mengambil kegiatan yang ditugaskan kepada Anda."</p>
                        <A href="/reses" attr:class="btn">"Kembali ke Reses saya"</A>
                    </div>
                }
                .into_any(),
            }}
        </Loaded>
    }
}

/// Like [`with_lapangan`], but renders `body` once, with the first event loaded: for
/// forms and the scanner ([`UseLoadedReturn::first`]).
pub fn with_lapangan_once<V: IntoView + 'static>(
    data: UseLoadedReturn<Option<Lapangan>>,
    body: impl Fn(Lapangan) -> V + Send + Sync + 'static,
) -> impl IntoView {
    with_lapangan(data.first(Option::is_some), body)
}

/// The banner on every screen of a closed event.
#[component]
pub fn ClosedNotice(ditutup: Option<i64>) -> impl IntoView {
    ditutup.map(|t| {
        view! {
            <p class="notice closed" data-testid="closed-notice">
                "Kegiatan ini sudah ditutup pada "
                {reses_domain::tanggal::format_datetime_wib(t)}
                ". Data tidak dapat diubah lagi dari perangkat pendamping."
            </p>
        }
    })
}

/// The frame of a list of an event's field records: the title and the event, the notice
/// of a closed event, the button to record one more (hidden once closed), and `rows`, or
/// `kosong` when there are none.
pub fn daftar_lapangan(
    l: &Lapangan,
    judul: &'static str,
    tambah: (String, &'static str),
    kosong: &'static str,
    rows: Option<AnyView>,
) -> AnyView {
    let closed = l.ditutup().is_some();
    view! {
        <header class="page-header">
            <h1>{judul}</h1>
            <p class="lead">{l.judul()}</p>
        </header>
        <ClosedNotice ditutup=l.ditutup()/>
        <A href=tambah.0 attr:class="btn primary big" attr:hidden=closed>{tambah.1}</A>
        {rows.unwrap_or_else(|| view! { <p class="empty-state">{kosong}</p> }.into_any())}
    }
    .into_any()
}

/// A link back to a page of the route's event: `/reses/:id` and then `bagian` (e.g.
/// `/aspirasi`), shown above a screen's title.
#[component]
pub fn KembaliKeEvent(
    #[prop(default = "")] bagian: &'static str,
    label: &'static str,
) -> impl IntoView {
    let id = route_uuid("id");
    move || {
        id.get()
            .map(|id| view! { <Kembali href=format!("/reses/{id}{bagian}") label=label/> })
    }
}

/// A link back, shown above a screen's title.
#[component]
pub fn Kembali(href: String, label: &'static str) -> impl IntoView {
    view! { <A href=href attr:class="back-link">{"‹ "}{label}</A> }
}

/// "Reses saya": the events on this device (for a companion: those assigned to them),
/// soonest first, with live counts.
#[component]
pub fn Reses() -> impl IntoView {
    let list = use_loaded(|store| async move {
        let events = store
            .repo::<ResesEvent>()
            .list()
            .await
            .map_err(|e| e.message())?;
        let mut out = Vec::new();
        for e in events {
            if let Some(l) = Lapangan::load(&store, e.value.id).await? {
                out.push(l);
            }
        }
        sort::by_key(&mut out, |l| (l.event.tanggal, l.event.jam_mulai));
        Ok(out)
    });
    view! {
        <section class="reses-saya">
            <PageHeader title="Reses saya" lead="Kegiatan reses yang ada di perangkat ini, dengan daftar tamu, kehadiran dan aspirasi."/>
            <Loaded state=list memuat="Memuat kegiatan…" let:l>
                {if l.is_empty() {
                    view! {
                        <p class="empty-state">"Belum ada kegiatan reses di perangkat ini. Kegiatan yang ditugaskan kepada Anda muncul setelah sinkronisasi."</p>
                    }.into_any()
                } else {
                    view! {
                        <ul class="event-list" data-testid="event-list">
                            {l.into_iter().map(|l| view! { <EventCard l=l/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}

#[component]
fn EventCard(l: Lapangan) -> impl IntoView {
    let status = if l.ditutup().is_some() {
        "Selesai"
    } else {
        l.event.status.label()
    };
    let pending = l.belum_terkirim();
    view! {
        <li class="event-card" data-testid="event-card">
            <A href=format!("/reses/{}", l.event.id)>
                <span class="event-title">{l.judul()}</span>
                <span class="event-when">{l.waktu_tempat()}</span>
                <span class="status-label" data-status=status>{status}</span>
                <dl class="counts">
                    <div><dt>"Diundang"</dt><dd data-testid="count-diundang">{l.tamu.len()}</dd></div>
                    <div><dt>"Hadir"</dt><dd data-testid="count-hadir">{l.jumlah_hadir()}</dd></div>
                    <div><dt>"Tanpa undangan"</dt><dd data-testid="count-tambahan">{l.jumlah_tambahan.live}</dd></div>
                    <div><dt>"Aspirasi"</dt><dd data-testid="count-aspirasi">{l.jumlah_aspirasi.live}</dd></div>
                    <div class:warn=pending != 0><dt>"Belum terkirim"</dt><dd data-testid="count-pending">{pending}</dd></div>
                </dl>
            </A>
        </li>
    }
}
