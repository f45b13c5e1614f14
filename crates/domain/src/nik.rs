//! NIK (Nomor Induk Kependudukan): 16 digits = province (2), regency/city (2), district
//! (2), date of birth DDMMYY (women add 40 to the day), serial (4).

use crate::tanggal::Tanggal;

/// Province codes in use (Dukcapil), including the Papua provinces formed in 2022.
const PROVINSI: [u8; 38] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// What a NIK says about its holder, once it checks out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InfoNik {
    pub provinsi: u8,
    pub lahir: Tanggal,
    pub perempuan: bool,
}

/// Checks a NIK as typed (spaces and dots allowed between digits). `today` bounds the
/// year of birth: a NIK's two-digit year is read as the latest year not after today.
pub fn periksa_nik(nik: &str, today: Tanggal) -> Result<InfoNik, String> {
    let digits: String = nik.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    if digits.len() != 16 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("NIK harus 16 angka.".into());
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(0);
    let provinsi = n(0..2) as u8;
    if !PROVINSI.contains(&provinsi) {
        return Err("Kode provinsi pada NIK (2 angka pertama) tidak dikenal.".into());
    }
    if n(2..4) == 0 || n(4..6) == 0 {
        return Err("Kode kabupaten/kota atau kecamatan pada NIK tidak valid.".into());
    }
    let mut day = n(6..8);
    let perempuan = day > 40;
    if perempuan {
        day -= 40;
    }
    let month = n(8..10);
    let yy = n(10..12) as i32;
    let century = today.year - today.year.rem_euclid(100);
    let mut year = century + yy;
    if year > today.year {
        year -= 100;
    }
    let lahir = Tanggal::new(year, month as u8, day as u8)
        .filter(|t| *t <= today)
        .ok_or("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid.")?;
    if n(12..16) == 0 {
        return Err("Nomor urut pada NIK (4 angka terakhir) tidak boleh 0000.".into());
    }
    Ok(InfoNik {
        provinsi,
        lahir,
        perempuan,
    })
}

/// `3375••••••••0001`: a NIK shown on screen where the whole number is not needed.
pub fn samarkan_nik(nik: &str) -> String {
    let d: Vec<char> = nik.chars().filter(char::is_ascii_digit).collect();
    if d.len() != 16 {
        return "•".repeat(d.len());
    }
    format!(
        "{}{}{}",
        d[..4].iter().collect::<String>(),
        "•".repeat(8),
        d[12..].iter().collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Tanggal {
        Tanggal::new(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_pekalongan_nik_reads_its_birth_date_and_sex() {
        // 33 Jawa Tengah, 75 Kota Pekalongan, 01 district; born 17-08-1985, a woman (57).
        let info = periksa_nik("3375 0157 0885 0001", today()).unwrap();
        assert_eq!(info.provinsi, 33);
        assert_eq!(info.lahir, Tanggal::new(1985, 8, 17).unwrap());
        assert!(info.perempuan);
        let man = periksa_nik("3375011708050002", today()).unwrap();
        assert_eq!(man.lahir, Tanggal::new(2005, 8, 17).unwrap());
        assert!(!man.perempuan);
    }

    #[test]
    fn malformed_niks_are_refused_with_the_reason() {
        let err = |s: &str| periksa_nik(s, today()).unwrap_err();
        assert!(err("337501570885").contains("16 angka"));
        assert!(err("33750157088500a1").contains("16 angka"));
        assert!(err("9975015708850001").contains("provinsi"));
        assert!(err("3300015708850001").contains("kabupaten"));
        assert!(
            err("3375013102850001").contains("Tanggal lahir"),
            "31 February"
        );
        assert!(
            err("3375017213850001").contains("Tanggal lahir"),
            "month 13"
        );
        assert!(err("3375015708850000").contains("0000"));
        // Born tomorrow is not a birth date yet.
        assert!(err("3375012411260001").contains("Tanggal lahir"));
    }

    #[test]
    fn a_nik_on_screen_shows_only_its_ends() {
        assert_eq!(samarkan_nik("3375015708850001"), "3375••••••••0001");
    }
}
