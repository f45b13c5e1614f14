//! One screen per file.

mod admin;
mod beranda;
mod info_layanan;
mod izin_kegiatan;
mod masuk;
mod not_found;
mod pengaduan;
mod reses;
mod sinkronisasi;

pub use admin::Admin;
pub use beranda::Beranda;
pub use info_layanan::InfoLayanan;
pub use izin_kegiatan::IzinKegiatan;
pub use masuk::Masuk;
pub use not_found::NotFound;
pub use pengaduan::Pengaduan;
pub use reses::{
    AspirasiForm, AspirasiList, CheckIn, DaftarHadir, Dokumentasi, Pindai, Reses, ResesAcara,
    TamuTambahanForm, TamuTambahanList,
};
pub use sinkronisasi::Sinkronisasi;
