//! The registry of record kinds: every kind that syncs is written once, in the table of
//! `jenis_rekaman!`, with its variant, its wire name (the object store's and the
//! server's `kind` column; never change it), what people call one record, its Rust type,
//! and the groups it belongs to. From the table come [`RecordKind`](crate::sync::RecordKind)
//! itself, its list of all kinds and its groups, its names and labels, the
//! [`SyncRecord`](crate::sync::SyncRecord) implementations, and the per-type dispatch
//! the server's rules use (`with_type!` in [`crate::record`]).
//!
//! Adding a kind: add a row here, give its type `validate` and `RecordRules`, and a new
//! IndexedDB schema step that creates its store (schema steps list their kinds
//! themselves, frozen, so an old step never changes).
//!
//! Groups: `reses` (the reses service), `referensi` (master data every reses user
//! receives), `per_event` (kept per reses event, lost with an assignment), `lapangan`
//! (recorded in the field by the companion).

/// Calls `$cb!` with the table (after any `$args`, in parentheses).
macro_rules! jenis_rekaman {
    ($cb:ident $(; $($args:tt)*)?) => {
        $cb! {
            ($($($args)*)?)
            Anggota = "anggota", "Anggota DPRD", crate::reses::Anggota, [reses, referensi];
            Pendamping = "pendamping", "Pendamping", crate::reses::Pendamping, [reses];
            MasaSidang = "masa_sidang", "Masa sidang", crate::reses::MasaSidang, [reses, referensi];
            ResesEvent = "reses_event", "Kegiatan reses", crate::reses::ResesEvent, [reses, per_event];
            Tamu = "tamu", "Tamu undangan", crate::reses::Tamu, [reses, per_event];
            Kehadiran = "kehadiran", "Kehadiran tamu", crate::kehadiran::Kehadiran, [reses, per_event, lapangan];
            TamuTambahan = "tamu_tambahan", "Tamu tanpa undangan", crate::kehadiran::TamuTambahan, [reses, per_event, lapangan];
            Aspirasi = "aspirasi", "Aspirasi", crate::aspirasi::Aspirasi, [reses, per_event, lapangan];
            DokumentasiReses = "dokumentasi_reses", "Dokumentasi reses", crate::aspirasi::DokumentasiReses, [reses, per_event, lapangan];
            Izin = "izin", "Permohonan izin kegiatan", crate::izin::PermohonanIzin, [];
            Pengaduan = "pengaduan", "Pengaduan", crate::pengaduan::Pengaduan, [];
            Wilayah = "wilayah", "Kelurahan", crate::kantor::Kelurahan, [reses, referensi];
            KategoriAspirasi = "kategori_aspirasi", "Kategori aspirasi", crate::kantor::KategoriAspirasi, [reses, referensi];
            HariLibur = "hari_libur", "Hari libur", crate::kantor::HariLibur, [reses, referensi];
            PermintaanData = "permintaan_data", "Permintaan data", crate::kantor::PermintaanData, [reses];
            BelanjaReses = "belanja_reses", "Belanja reses", crate::kantor::BelanjaReses, [reses, per_event];
            KesiapanReses = "kesiapan_reses", "Kesiapan reses", crate::kantor::KesiapanReses, [reses, per_event];
            PengaturanKantor = "pengaturan_kantor", "Pengaturan dokumen", crate::pengaturan::PengaturanKantor, [reses];
        }
    };
}
pub(crate) use jenis_rekaman;

/// The groups a kind may belong to (see the module's doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub(crate) enum Kelompok {
    reses,
    referensi,
    per_event,
    lapangan,
}

/// Counts token trees (the kinds of the table).
macro_rules! hitung {
    () => { 0usize };
    ($head:tt $($tail:tt)*) => { 1usize + $crate::jenis::hitung!($($tail)*) };
}
pub(crate) use hitung;

/// Defines `RecordKind` and its names from the table.
macro_rules! definisi_jenis {
    (() $( $v:ident = $wire:literal, $label:literal, $ty:ty, [$($g:ident),*] );* $(;)?) => {
        /// The kinds of record that sync (the registry: [`crate::jenis`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum RecordKind {
            $( #[serde(rename = $wire)] $v, )*
        }

        impl RecordKind {
            pub const ALL: [RecordKind; $crate::jenis::hitung!($($v)*)] = [$(RecordKind::$v),*];

            /// The stable name used on the wire, in the database and for object stores.
            pub const fn as_str(self) -> &'static str {
                match self { $( RecordKind::$v => $wire, )* }
            }

            /// What people call one record of this kind, for messages.
            pub const fn label(self) -> &'static str {
                match self { $( RecordKind::$v => $label, )* }
            }

            /// Is this kind in group `g`?
            pub(crate) const fn termasuk(self, g: $crate::jenis::Kelompok) -> bool {
                let groups: &[$crate::jenis::Kelompok] = match self {
                    $( RecordKind::$v => &[$($crate::jenis::Kelompok::$g),*], )*
                };
                let mut i = 0;
                while i < groups.len() {
                    if groups[i] as u8 == g as u8 {
                        return true;
                    }
                    i += 1;
                }
                false
            }
        }

        $(
            impl SyncRecord for $ty {
                const KIND: RecordKind = RecordKind::$v;
                fn id(&self) -> Uuid {
                    self.id
                }
            }
        )*
    };
}
pub(crate) use definisi_jenis;

/// Runs `$body` with `$t` the Rust type of `$kind`.
macro_rules! dengan_tipe {
    (($kind:expr, $t:ident => $body:expr) $( $v:ident = $wire:literal, $label:literal, $ty:ty, [$($g:ident),*] );* $(;)?) => {
        match $kind {
            $( RecordKind::$v => {
                type $t = $ty;
                $body
            } )*
        }
    };
}
pub(crate) use dengan_tipe;

/// How many kinds are in group `g`.
pub(crate) const fn jumlah(g: Kelompok) -> usize {
    use crate::sync::RecordKind;
    let mut n = 0;
    let mut i = 0;
    while i < RecordKind::ALL.len() {
        if RecordKind::ALL[i].termasuk(g) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The kinds in group `g`, in the table's order.
pub(crate) const fn saring<const N: usize>(g: Kelompok) -> [crate::sync::RecordKind; N] {
    use crate::sync::RecordKind;
    let mut out = [RecordKind::Anggota; N];
    let (mut i, mut j) = (0, 0);
    while i < RecordKind::ALL.len() {
        if RecordKind::ALL[i].termasuk(g) {
            out[j] = RecordKind::ALL[i];
            j += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::sync::RecordKind;

    #[test]
    fn the_groups_are_the_ones_the_product_was_built_with() {
        assert_eq!(RecordKind::ALL.len(), 18);
        assert_eq!(RecordKind::RESES.len(), 16);
        assert!(!RecordKind::RESES.contains(&RecordKind::Izin));
        assert_eq!(
            RecordKind::REFERENSI,
            [
                RecordKind::Anggota,
                RecordKind::MasaSidang,
                RecordKind::Wilayah,
                RecordKind::KategoriAspirasi,
                RecordKind::HariLibur,
            ]
        );
        assert_eq!(
            RecordKind::LAPANGAN,
            [
                RecordKind::Kehadiran,
                RecordKind::TamuTambahan,
                RecordKind::Aspirasi,
                RecordKind::DokumentasiReses,
            ]
        );
        assert_eq!(RecordKind::PER_EVENT.len(), 8);
    }

    #[test]
    fn wire_names_round_trip_and_match_serde() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::json!(k.as_str())
            );
            assert!(!k.label().is_empty());
        }
        assert_eq!(RecordKind::Izin.as_str(), "izin");
        assert_eq!(RecordKind::Wilayah.as_str(), "wilayah");
        assert_eq!(RecordKind::ResesEvent.as_str(), "reses_event");
    }
}
