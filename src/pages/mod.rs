//! One screen per file.

mod admin;
mod beranda;
pub mod fields;
mod info_layanan;
mod izin;
mod masuk;
mod not_found;
mod pengaduan;
pub(crate) mod reses;
mod sinkronisasi;

pub use admin::Admin;
pub use beranda::Beranda;
pub use info_layanan::InfoLayanan;
pub use izin::{IzinDetail, IzinForm, IzinKegiatan, SuratIzin};
pub use masuk::Masuk;
pub use not_found::NotFound;
pub use pengaduan::{Pengaduan, PengaduanBaru, PengaduanDetail};
pub use reses::{
    AspirasiForm, AspirasiList, CheckIn, DaftarHadir, Dokumentasi, Pindai, Reses, ResesAcara,
    TamuTambahanForm, TamuTambahanList,
};
pub use sinkronisasi::Sinkronisasi;
