//! Instant search over an event's guest list: by name, address or RT/RW, partial, and
//! insensitive to case, diacritics and punctuation (`Ma'ruf` is found by `maruf`,
//! `Sélamet` by `selamet`, RT `003` by `rt 3`).
//!
//! Each guest's searchable text is folded once ([`lipat`]) when the list loads; a query
//! is folded per keystroke and matched token by token, so 5,000 guests search in well
//! under a frame.

/// Folds text for matching: lower case, Latin diacritics removed, apostrophes dropped,
/// every other non-alphanumeric character a single space, and numbers without their
/// leading zeros.
pub fn lipat(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if token.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if token.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = token.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in s.chars() {
        if matches!(c, '\'' | '’' | '`' | 'ʼ') {
            continue;
        }
        let base = tanpa_diakritik(c);
        if base.is_alphanumeric() {
            // Digits and letters split into separate tokens: `rt03` reads as `rt 3`.
            let digit = base.is_ascii_digit();
            if token
                .chars()
                .last()
                .is_some_and(|l| l.is_ascii_digit() != digit)
            {
                flush(&mut token, &mut out);
            }
            token.extend(base.to_lowercase());
        } else {
            flush(&mut token, &mut out);
        }
    }
    flush(&mut token, &mut out);
    out
}

fn tanpa_diakritik(c: char) -> char {
    match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => 'c',
        'Ď' | 'ď' | 'Đ' | 'đ' => 'd',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => 'i',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => 's',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => 'u',
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        _ => c,
    }
}

/// A folded query, ready to match many entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kueri {
    tokens: Vec<String>,
}

impl Kueri {
    pub fn new(q: &str) -> Kueri {
        Kueri {
            tokens: lipat(q)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// How well a folded entry matches: `None` if some token is missing; lower is better
    /// (0: the name starts with the first token, 1: a word of it does, 2: elsewhere).
    /// `nama` is the folded name, `teks` the folded name, address and RT/RW together.
    pub fn cocok(&self, nama: &str, teks: &str) -> Option<u8> {
        if !self.tokens.iter().all(|t| teks.contains(t.as_str())) {
            return None;
        }
        let Some(first) = self.tokens.first() else {
            return Some(2);
        };
        if nama.starts_with(first.as_str()) {
            Some(0)
        } else if nama.split(' ').any(|w| w.starts_with(first.as_str())) {
            Some(1)
        } else {
            Some(2)
        }
    }
}

/// The folded searchable text of a guest: name, address, RT/RW and kelurahan.
pub fn teks_tamu(nama: &str, alamat: &str, rt: &str, rw: &str, kelurahan: &str) -> String {
    lipat(&format!(
        "{nama} {alamat} rt {rt} rw {rw} {rt}/{rw} {kelurahan}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_diacritics_apostrophes_and_leading_zeros() {
        assert_eq!(lipat("Ma'ruf AMIN"), "maruf amin");
        assert_eq!(lipat("Sélamet  Riyadi, Jl."), "selamet riyadi jl");
        assert_eq!(lipat("RT 003 / RW 05"), "rt 3 rw 5");
        assert_eq!(lipat("rt03"), "rt 3");
        assert_eq!(lipat("000"), "0");
    }

    #[test]
    fn guests_are_found_by_part_of_name_address_or_rt_rw() {
        let nama = lipat("Siti Ma'rufah");
        let teks = teks_tamu(
            "Siti Ma'rufah",
            "Jl. Sriwijaya No. 12",
            "003",
            "005",
            "Medono",
        );
        for q in [
            "siti",
            "MARUF",
            "ma'ruf",
            "sriwij",
            "rt 3",
            "RT 003",
            "3/5",
            "medono siti",
        ] {
            assert!(Kueri::new(q).cocok(&nama, &teks).is_some(), "{q}");
        }
        for q in ["budi", "rt 4", "siti budi"] {
            assert!(Kueri::new(q).cocok(&nama, &teks).is_none(), "{q}");
        }
    }

    #[test]
    fn names_starting_with_the_query_rank_first() {
        let k = Kueri::new("ami");
        let rank = |n: &str| k.cocok(&lipat(n), &teks_tamu(n, "Jl. Amir", "", "", ""));
        assert_eq!(rank("Aminah"), Some(0));
        assert_eq!(rank("Siti Aminah"), Some(1));
        assert_eq!(rank("Budi"), Some(2));
    }
}
