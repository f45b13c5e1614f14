//! The administrative areas of Kota Pekalongan: 4 kecamatan (each one electoral district,
//! dapil, for the city council) and their 27 kelurahan. This is the starting data; staff
//! can edit the wilayah in the app, so code must not assume the list is fixed.

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
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 27);
        assert_eq!(
            dapil_of("Pekalongan Utara").as_deref(),
            Some("Dapil 4 (Pekalongan Utara)")
        );
        assert_eq!(dapil_of("Batang"), None);
    }
}
