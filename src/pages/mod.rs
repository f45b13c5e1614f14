//! One screen per file.

mod admin;
mod beranda;
pub mod fields;
mod info_layanan;
mod izin;
pub(crate) mod kantor;
mod kata_sandi;
mod kunci;
mod lain;
mod masuk;
mod not_found;
mod pengaduan;
pub(crate) mod pengaturan;
pub(crate) mod reses;
mod sinkronisasi;

pub use admin::Admin;
pub use beranda::Beranda;
pub use info_layanan::InfoLayanan;
pub use izin::{IzinDetail, IzinForm, IzinKegiatan, SuratIzin};
pub use kantor::{
    Cetak, ImporTamu, Kantor, KantorData, KantorKegiatan, LaporanAnggota, LaporanKegiatan,
};
pub use kata_sandi::{KataSandi, KataSandiWajib};
pub use kunci::KunciPin;
pub use lain::LayarLain;
pub use masuk::{Masuk, PinForm};
pub use not_found::NotFound;
pub use pengaduan::{Pengaduan, PengaduanBaru, PengaduanDetail};
pub use pengaturan::{Pengaturan, use_pengaturan};
pub use reses::{
    AspirasiForm, AspirasiList, CheckIn, DaftarHadir, Dokumentasi, EventHub, Pindai, Reses,
    TamuTambahanForm, TamuTambahanList,
};
pub use sinkronisasi::Sinkronisasi;

/// The working-day calendar from the holiday records on this device (the office keeps
/// them per year; see `kantor::kalender`), shared by every screen that shows a deadline.
#[derive(Debug, Clone, Copy)]
pub struct KalenderKerja(leptos::prelude::Signal<reses_domain::kerja::Kalender>);

/// Provides [`KalenderKerja`] once, for the lazy chunk's screens (`LayarLain`).
pub fn provide_kalender() {
    use leptos::prelude::*;
    let libur = use_all(|h: &reses_domain::kantor::HariLibur| h.tanggal);
    let kal = Memo::new(move |_| {
        let records: Vec<reses_domain::kantor::HariLibur> = libur
            .data
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| s.value)
            .collect();
        reses_domain::kantor::kalender(&records)
    });
    provide_context(KalenderKerja(kal.into()));
}

/// The working-day calendar (the published list until the device has holiday records).
pub fn use_kalender() -> leptos::prelude::Signal<reses_domain::kerja::Kalender> {
    leptos::prelude::expect_context::<KalenderKerja>().0
}

/// Every record of kind `T` on this device (deleted ones left out), ordered by `key`,
/// loaded again whenever records change.
pub fn use_all<T, K>(
    key: fn(&T) -> K,
) -> crate::hooks::UseLoadedReturn<Vec<crate::storage::Stored<T>>>
where
    T: reses_domain::sync::SyncRecord + Send + Sync + 'static,
    K: Ord + 'static,
{
    crate::hooks::use_loaded(move |store| async move {
        let mut all = store.repo::<T>().list().await.map_err(|e| e.message())?;
        reses_domain::sort::by_key(&mut all, |r| key(&r.value));
        Ok(all)
    })
}
