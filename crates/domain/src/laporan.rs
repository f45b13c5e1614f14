//! The reses report (laporan reses, PP 12/2018 art. 88(5)): who came (count, by gender,
//! by kelurahan), what was asked (aspirations by category and by location), built from
//! the records of one event or of all a member's events in a period. Pure: the app
//! renders it offline, the server exports the same rows.

use crate::sort;
use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use crate::aspirasi::{Aspirasi, JenisMasukan};
use crate::kehadiran::{Kehadiran, TamuTambahan};
use crate::reses::{JenisKelamin, Tamu};
use crate::tanda_tangan::TandaTangan;

/// One person present: an invited guest checked in, or a walk-in.
#[derive(Debug, Clone, PartialEq)]
pub struct Peserta {
    pub event_id: Uuid,
    pub nama: String,
    pub alamat: String,
    pub rt: String,
    pub rw: String,
    pub kelurahan: String,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub keterangan: String,
    /// Check-in time, ms since epoch.
    pub waktu: i64,
    pub tanda_tangan: Option<TandaTangan>,
    /// Came without an invitation.
    pub tambahan: bool,
}

/// Everyone present at the events of `tamu`/`hadir`/`tambahan`: invited guests whose
/// attendance says present, then walk-ins; each group in check-in order.
pub fn peserta(tamu: &[Tamu], hadir: &[Kehadiran], tambahan: &[TamuTambahan]) -> Vec<Peserta> {
    let by_id: HashMap<Uuid, &Tamu> = tamu.iter().map(|t| (t.id, t)).collect();
    let mut out: Vec<Peserta> = hadir
        .iter()
        .filter(|k| k.hadir)
        .filter_map(|k| {
            let t = by_id.get(&k.tamu_id)?;
            Some(Peserta {
                event_id: k.event_id,
                nama: t.nama.clone(),
                alamat: t.alamat.clone(),
                rt: t.rt.clone(),
                rw: t.rw.clone(),
                kelurahan: t.kelurahan.clone(),
                jenis_kelamin: t.jenis_kelamin,
                keterangan: t.keterangan.clone(),
                waktu: k.waktu,
                tanda_tangan: k.tanda_tangan.clone(),
                tambahan: false,
            })
        })
        .collect();
    sort::by_key(&mut out, |p| p.waktu);
    let mut walk_ins: Vec<Peserta> = tambahan
        .iter()
        .map(|t| Peserta {
            event_id: t.event_id,
            nama: t.nama.clone(),
            alamat: t.alamat.clone(),
            rt: t.rt.clone(),
            rw: t.rw.clone(),
            kelurahan: t.kelurahan.clone(),
            jenis_kelamin: Some(t.jenis_kelamin),
            keterangan: "Tamu tanpa undangan".into(),
            waktu: t.waktu,
            tanda_tangan: Some(t.tanda_tangan.clone()),
            tambahan: true,
        })
        .collect();
    sort::by_key(&mut walk_ins, |p| p.waktu);
    out.extend(walk_ins);
    out
}

/// Counts of a report, each list largest first (ties by name).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ringkasan {
    pub undangan: usize,
    pub hadir: usize,
    pub tambahan: usize,
    pub laki_laki: usize,
    pub perempuan: usize,
    pub tanpa_jenis_kelamin: usize,
    pub per_kelurahan: Vec<(String, usize)>,
    /// Everything citizens brought: aspirations and complaints.
    pub aspirasi: usize,
    /// Of those, complaints about public services (pengaduan).
    pub pengaduan: usize,
    pub per_bidang: Vec<(String, usize)>,
    /// `Kelurahan, Kecamatan` → count.
    pub per_lokasi: Vec<(String, usize)>,
}

fn urut(map: BTreeMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    sort::by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

pub fn ringkas(undangan: usize, peserta: &[Peserta], aspirasi: &[Aspirasi]) -> Ringkasan {
    let mut r = Ringkasan {
        undangan,
        hadir: peserta.len(),
        tambahan: peserta.iter().filter(|p| p.tambahan).count(),
        aspirasi: aspirasi.len(),
        pengaduan: aspirasi
            .iter()
            .filter(|a| a.jenis == JenisMasukan::Pengaduan)
            .count(),
        ..Ringkasan::default()
    };
    let mut kel = BTreeMap::new();
    for p in peserta {
        match p.jenis_kelamin {
            Some(JenisKelamin::LakiLaki) => r.laki_laki += 1,
            Some(JenisKelamin::Perempuan) => r.perempuan += 1,
            None => r.tanpa_jenis_kelamin += 1,
        }
        let k = if p.kelurahan.trim().is_empty() {
            "(tidak diisi)".to_string()
        } else {
            p.kelurahan.trim().to_string()
        };
        *kel.entry(k).or_insert(0) += 1;
    }
    r.per_kelurahan = urut(kel);
    let mut bidang = BTreeMap::new();
    let mut lokasi = BTreeMap::new();
    for a in aspirasi {
        *bidang.entry(a.bidang.clone()).or_insert(0) += 1;
        *lokasi
            .entry(format!("{}, {}", a.kelurahan, a.kecamatan))
            .or_insert(0) += 1;
    }
    r.per_bidang = urut(bidang);
    r.per_lokasi = urut(lokasi);
    r
}

/// Aspirations grouped by category, categories largest first, each group oldest first.
pub fn aspirasi_per_bidang(aspirasi: &[Aspirasi]) -> Vec<(String, Vec<&Aspirasi>)> {
    let mut groups: BTreeMap<&str, Vec<&Aspirasi>> = BTreeMap::new();
    for a in aspirasi {
        groups.entry(a.bidang.as_str()).or_default().push(a);
    }
    let mut out: Vec<(String, Vec<&Aspirasi>)> = groups
        .into_iter()
        .map(|(k, mut v)| {
            sort::by_key(&mut v, |a| a.waktu);
            (k.to_string(), v)
        })
        .collect();
    sort::by(&mut out, |a, b| {
        b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aspirasi::{Pengusul, Prioritas};

    fn tamu(n: u128, kel: &str, jk: Option<JenisKelamin>) -> Tamu {
        Tamu {
            id: Uuid::from_u128(n),
            event_id: Uuid::from_u128(100),
            nama: format!("Tamu {n}"),
            alamat: String::new(),
            rt: String::new(),
            rw: String::new(),
            kelurahan: kel.into(),
            jenis_kelamin: jk,
            keterangan: String::new(),
            telepon: String::new(),
        }
    }

    fn hadir(n: u128, present: bool, waktu: i64) -> Kehadiran {
        Kehadiran {
            id: Kehadiran::id_for(Uuid::from_u128(n)),
            event_id: Uuid::from_u128(100),
            tamu_id: Uuid::from_u128(n),
            hadir: present,
            waktu,
            undangan_kembali: true,
            tanda_tangan: None,
            dicatat_oleh: Uuid::nil(),
            nama_pencatat: String::new(),
            jejak: Vec::new(),
        }
    }

    fn aspirasi(bidang: &str, kel: &str, waktu: i64) -> Aspirasi {
        Aspirasi {
            id: Uuid::from_u128(waktu as u128),
            event_id: Uuid::from_u128(100),
            pengusul: Pengusul {
                ref_id: None,
                nama: "Warga".into(),
            },
            jenis: JenisMasukan::Aspirasi,
            bidang: bidang.into(),
            masalah: "m".into(),
            permintaan: "p".into(),
            kecamatan: "Pekalongan Barat".into(),
            kelurahan: kel.into(),
            rt: String::new(),
            rw: String::new(),
            alamat: String::new(),
            volume: None,
            satuan: String::new(),
            prioritas: Prioritas::Sedang,
            foto: Vec::new(),
            waktu,
            dicatat_oleh: Uuid::nil(),
            nama_pencatat: String::new(),
        }
    }

    #[test]
    fn only_the_present_count_and_they_are_split_by_gender_and_kelurahan() {
        let t = vec![
            tamu(1, "Medono", Some(JenisKelamin::Perempuan)),
            tamu(2, "Medono", Some(JenisKelamin::LakiLaki)),
            tamu(3, "Tirto", None),
            tamu(4, "Tirto", Some(JenisKelamin::LakiLaki)),
        ];
        let h = vec![
            hadir(2, true, 20),
            hadir(1, true, 10),
            hadir(3, true, 30),
            hadir(4, false, 5),
        ];
        let p = peserta(&t, &h, &[]);
        assert_eq!(
            p.iter().map(|p| p.nama.as_str()).collect::<Vec<_>>(),
            ["Tamu 1", "Tamu 2", "Tamu 3"]
        );
        let a = vec![
            aspirasi("Infrastruktur", "Medono", 3),
            Aspirasi {
                jenis: JenisMasukan::Pengaduan,
                ..aspirasi("Kesehatan", "Tirto", 1)
            },
            aspirasi("Infrastruktur", "Tirto", 2),
        ];
        let r = ringkas(t.len(), &p, &a);
        assert_eq!((r.aspirasi, r.pengaduan), (3, 1));
        assert_eq!((r.undangan, r.hadir, r.tambahan), (4, 3, 0));
        assert_eq!((r.laki_laki, r.perempuan, r.tanpa_jenis_kelamin), (1, 1, 1));
        assert_eq!(
            r.per_kelurahan,
            vec![("Medono".to_string(), 2), ("Tirto".to_string(), 1)]
        );
        assert_eq!(r.per_bidang[0], ("Infrastruktur".to_string(), 2));
        assert_eq!(r.per_lokasi[0], ("Tirto, Pekalongan Barat".to_string(), 2));
        let g = aspirasi_per_bidang(&a);
        assert_eq!(g[0].0, "Infrastruktur");
        assert_eq!(g[0].1.iter().map(|a| a.waktu).collect::<Vec<_>>(), [2, 3]);
    }
}
