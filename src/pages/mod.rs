//! One screen per file.

mod admin;
mod beranda;
pub mod fields;
mod info_layanan;
mod izin;
pub(crate) mod kantor;
mod masuk;
mod not_found;
mod pengaduan;
pub(crate) mod reses;
mod sinkronisasi;

pub use admin::Admin;
pub use beranda::Beranda;
pub use info_layanan::InfoLayanan;
pub use izin::{IzinDetail, IzinForm, IzinKegiatan, SuratIzin};
pub use kantor::{
    Cetak, ImporTamu, Kantor, KantorData, KantorKegiatan, LaporanAnggota, LaporanKegiatan,
};
pub use masuk::Masuk;
pub use not_found::NotFound;
pub use pengaduan::{Pengaduan, PengaduanBaru, PengaduanDetail};
pub use reses::{
    AspirasiForm, AspirasiList, CheckIn, DaftarHadir, Dokumentasi, Pindai, Reses, ResesAcara,
    TamuTambahanForm, TamuTambahanList,
};
pub use sinkronisasi::Sinkronisasi;

/// Every record of kind `T` on this device (deleted ones left out), ordered by `key`,
/// loaded again whenever records change.
pub fn use_all<T, K>(
    key: fn(&T) -> K,
) -> leptos::prelude::LocalResource<Result<Vec<crate::storage::Stored<T>>, String>>
where
    T: reses_domain::sync::SyncRecord + 'static,
    K: Ord + 'static,
{
    use leptos::prelude::*;
    let session = crate::session::use_session();
    LocalResource::new(move || {
        session.data_rev.track();
        async move {
            let Some(store) = session.store_ready().await else {
                return Ok(Vec::new());
            };
            let mut all = store.repo::<T>().list().await.map_err(|e| e.message())?;
            all.sort_by_key(|r| key(&r.value));
            Ok(all)
        }
    })
}
