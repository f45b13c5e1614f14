//! Numbers as Indonesian readers write them: `.` between thousands, `,` before the
//! decimals (`10.243`, `2,9`, `1.250.000`).

/// `n` with thousands separated by `.` and `decimals` digits after a `,`.
pub fn format_angka(n: f64, decimals: usize) -> String {
    if !n.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, n.abs());
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if n < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// A size in bytes as `2,9 MB` or `10.243 MB` (one decimal below 100 MB).
pub fn format_mb(bytes: f64) -> String {
    let mb = bytes / 1_048_576.0;
    format!("{} MB", format_angka(mb, if mb < 100.0 { 1 } else { 0 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_the_indonesian_way() {
        assert_eq!(format_angka(10243.0, 0), "10.243");
        assert_eq!(format_angka(2.94, 1), "2,9");
        assert_eq!(format_angka(1_250_000.0, 0), "1.250.000");
        assert_eq!(format_angka(999.0, 0), "999");
        assert_eq!(format_angka(-5000.5, 1), "-5.000,5");
        assert_eq!(format_angka(-0.01, 1), "0,0");
        assert_eq!(format_mb(3_040_870.0), "2,9 MB");
        assert_eq!(format_mb(10243.0 * 1_048_576.0), "10.243 MB");
    }
}
