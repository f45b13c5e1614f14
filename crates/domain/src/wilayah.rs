//! The administrative areas of Kota Pekalongan: 4 kecamatan (each one electoral district,
//! dapil, for the city council) and their 27 kelurahan. This is the starting data; staff
//! can edit the wilayah in the app, so code must not assume the list is fixed.

use crate::sort;
use std::collections::BTreeMap;

use crate::kantor::Kelurahan;

/// `(kecamatan, kelurahan list)` as of the 2014 kelurahan merger.
pub const KOTA_PEKALONGAN: [(&str, &[&str]); 4] = [
    (
        "Pekalongan Barat",
        &[
            "Bendan Kergon",
            "Kramatsari",
            "Medono",
            "Pasirkratonkramat",
            "Podosugih",
            "Sapuro Kebulen",
            "Tirto",
        ],
    ),
    (
        "Pekalongan Timur",
        &[
            "Baros",
            "Gamer",
            "Kauman",
            "Klego",
            "Noyontaansari",
            "Poncol",
            "Sokorejo",
        ],
    ),
    (
        "Pekalongan Selatan",
        &[
            "Banyurip",
            "Buaran Kradenan",
            "Duwet",
            "Jenggot",
            "Kuripan Kertoharjo",
            "Kuripan Yosorejo",
        ],
    ),
    (
        "Pekalongan Utara",
        &[
            "Bandengan",
            "Degayu",
            "Kandang Panjang",
            "Krapyak",
            "Padukuhan Kraton",
            "Panjang Baru",
            "Panjang Wetan",
        ],
    ),
];

/// The kecamatan and their kelurahan as the forms offer them: the office's records
/// (record kind `wilayah`), or the starting list above while the device has none. Both
/// levels sorted by name.
pub fn daftar_wilayah(records: &[Kelurahan]) -> Vec<(String, Vec<String>)> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if records.is_empty() {
        for (kec, kels) in KOTA_PEKALONGAN {
            map.insert(kec.into(), kels.iter().map(|k| k.to_string()).collect());
        }
    }
    for r in records {
        map.entry(r.kecamatan.trim().to_string())
            .or_default()
            .push(r.nama.trim().to_string());
    }
    map.into_iter()
        .map(|(kec, mut kels)| {
            sort::all(&mut kels);
            kels.dedup();
            (kec, kels)
        })
        .collect()
}

/// The dapil name of a kecamatan: `Dapil 1` … `Dapil 4` in the order above.
pub fn dapil_of(kecamatan: &str) -> Option<String> {
    KOTA_PEKALONGAN
        .iter()
        .position(|(k, _)| *k == kecamatan)
        .map(|i| format!("Dapil {} ({kecamatan})", i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kota_pekalongan_has_27_distinct_kelurahan_in_4_kecamatan() {
        let mut all: Vec<&str> = KOTA_PEKALONGAN
            .iter()
            .flat_map(|(_, k)| k.iter().copied())
            .collect();
        assert_eq!(all.len(), 27);
        sort::all(&mut all);
        all.dedup();
        assert_eq!(all.len(), 27);
        assert_eq!(
            dapil_of("Pekalongan Utara").as_deref(),
            Some("Dapil 4 (Pekalongan Utara)")
        );
        assert_eq!(dapil_of("Batang"), None);
    }

    #[test]
    fn the_offered_areas_follow_the_offices_records() {
        let start = daftar_wilayah(&[]);
        assert_eq!(start.len(), 4);
        assert_eq!(start.iter().map(|(_, k)| k.len()).sum::<usize>(), 27);
        let k = |kec: &str, nama: &str| Kelurahan {
            id: uuid::Uuid::nil(),
            kecamatan: kec.into(),
            nama: nama.into(),
        };
        let edited = daftar_wilayah(&[
            k("Pekalongan Barat", "Tirto"),
            k("Pekalongan Barat", "Medono"),
            k("Pekalongan Utara", "Krapyak"),
        ]);
        assert_eq!(
            edited,
            vec![
                (
                    "Pekalongan Barat".to_string(),
                    vec!["Medono".to_string(), "Tirto".to_string()]
                ),
                ("Pekalongan Utara".to_string(), vec!["Krapyak".to_string()]),
            ]
        );
    }
}
