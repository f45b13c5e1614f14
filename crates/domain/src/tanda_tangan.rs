//! Signatures drawn on screen, kept as vector strokes: an SVG path with integer
//! coordinates and relative moves (`M12 30l3 4 5-2…`). A few hundred bytes per
//! signature, renderable as an image anywhere (screen, print) without decoding.

use serde::{Deserialize, Serialize};

use crate::html::Html;
use crate::validate::FieldError;

/// The width every signature is scaled to, whatever the size of the pad it was drawn on.
pub const LEBAR_BAKU: f64 = 500.0;
/// Longest path accepted (characters), about 4,000 points.
pub const MAKS_JALUR: usize = 24_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TandaTangan {
    pub lebar: u16,
    pub tinggi: u16,
    /// SVG path data: `M x y` starts a stroke, `l dx dy …` continues it.
    pub jalur: String,
}

impl TandaTangan {
    /// From strokes in the pad's own pixels (`lebar` × `tinggi`), scaled to
    /// [`LEBAR_BAKU`]. Points that land on the previous one are dropped. `None` when
    /// nothing was drawn.
    pub fn from_strokes(lebar: f64, tinggi: f64, strokes: &[Vec<(f64, f64)>]) -> Option<Self> {
        if !(lebar > 0.0 && tinggi > 0.0) {
            return None;
        }
        let scale = LEBAR_BAKU / lebar;
        let w = LEBAR_BAKU.round() as i32;
        let h = ((tinggi * scale).round() as i32).clamp(1, 2_000);
        let q = |(x, y): (f64, f64)| {
            (
                ((x * scale).round() as i32).clamp(0, w),
                ((y * scale).round() as i32).clamp(0, h),
            )
        };
        let mut jalur = String::new();
        for stroke in strokes.iter().filter(|s| !s.is_empty()) {
            let (mut px, mut py) = q(stroke[0]);
            jalur.push_str(&format!("M{px} {py}l"));
            let mut moved = false;
            for &p in &stroke[1..] {
                let (x, y) = q(p);
                if (x, y) == (px, py) {
                    continue;
                }
                push_pair(&mut jalur, x - px, y - py, moved);
                moved = true;
                (px, py) = (x, y);
            }
            if !moved {
                // A dot: a zero-length segment, drawn by the round line cap.
                jalur.push_str("0 0");
            }
        }
        (!jalur.is_empty()).then_some(TandaTangan {
            lebar: w as u16,
            tinggi: h as u16,
            jalur,
        })
    }

    /// The strokes back as absolute points (for checks and tests).
    pub fn strokes(&self) -> Result<Vec<Vec<(i32, i32)>>, String> {
        let mut strokes: Vec<Vec<(i32, i32)>> = Vec::new();
        let mut nums: Vec<i32> = Vec::new();
        let mut cmd: Option<char> = None;
        let flush = |cmd: Option<char>,
                     nums: &mut Vec<i32>,
                     strokes: &mut Vec<Vec<(i32, i32)>>|
         -> Result<(), String> {
            match cmd {
                None if nums.is_empty() => {}
                Some('M') if nums.len() == 2 => strokes.push(vec![(nums[0], nums[1])]),
                Some('l') if nums.len().is_multiple_of(2) => {
                    let stroke = strokes.last_mut().ok_or("garis tanpa awal")?;
                    for pair in nums.chunks(2) {
                        let &(x, y) = stroke.last().ok_or("garis tanpa awal")?;
                        stroke.push((x + pair[0], y + pair[1]));
                    }
                }
                _ => return Err("jalur tanda tangan rusak".into()),
            }
            nums.clear();
            Ok(())
        };
        let mut number = String::new();
        for c in self.jalur.chars().chain(std::iter::once(' ')) {
            match c {
                '0'..='9' => number.push(c),
                '-' | ' ' | 'M' | 'l' => {
                    if !number.is_empty() && number != "-" {
                        nums.push(number.parse().map_err(|_| "angka tidak valid")?);
                        number.clear();
                    } else if number == "-" {
                        return Err("angka tidak valid".into());
                    }
                    if c == '-' {
                        number.push('-');
                    } else if c != ' ' {
                        flush(cmd, &mut nums, &mut strokes)?;
                        cmd = Some(c);
                    }
                }
                _ => return Err(format!("karakter tidak dikenal: {c}")),
            }
        }
        flush(cmd, &mut nums, &mut strokes)?;
        Ok(strokes)
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        let err = |message: &str| FieldError {
            field: "tanda_tangan",
            message: message.into(),
        };
        if self.jalur.len() > MAKS_JALUR {
            return Err(err("Tanda tangan terlalu rumit. Hapus lalu ulangi."));
        }
        if self.lebar == 0 || self.tinggi == 0 || self.lebar > 2_000 || self.tinggi > 2_000 {
            return Err(err("Ukuran tanda tangan tidak valid."));
        }
        match self.strokes() {
            Ok(s) if !s.is_empty() => Ok(()),
            Ok(_) => Err(err("Tanda tangan belum dibuat.")),
            Err(_) => Err(err("Data tanda tangan rusak.")),
        }
    }

    /// A standalone SVG image of the signature (for print and export).
    pub fn to_svg(&self) -> String {
        let mut h = Html::new();
        self.svg(&mut h, r#"xmlns="http://www.w3.org/2000/svg""#);
        h.into_string()
    }

    /// The signature as an inline `<svg>` element of a page (screen and print).
    pub fn tulis_svg(&self, h: &mut Html) {
        self.svg(
            h,
            r#"class="signature-image" role="img" aria-label="Tanda tangan""#,
        );
    }

    /// `<svg {attrs} viewBox=…><path d=…/></svg>`, the path escaped.
    fn svg(&self, h: &mut Html, attrs: &str) {
        h.raw("<svg ")
            .raw(attrs)
            .raw(r#" viewBox="0 0 "#)
            .num(self.lebar.into())
            .raw(" ")
            .num(self.tinggi.into())
            .raw(r#""><path d=""#)
            .text(&self.jalur)
            .raw(concat!(
                r##"" fill="none" stroke="#000" stroke-width="4" stroke-linecap="round" "##,
                r#"stroke-linejoin="round"/></svg>"#
            ));
    }
}

fn push_pair(out: &mut String, dx: i32, dy: i32, separate: bool) {
    // A minus sign separates numbers by itself; a space is needed only before a digit.
    if separate && dx >= 0 {
        out.push(' ');
    }
    out.push_str(&dx.to_string());
    if dy >= 0 {
        out.push(' ');
    }
    out.push_str(&dy.to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strokes_survive_the_round_trip_in_the_standard_size() {
        let strokes = vec![
            vec![(10.0, 10.0), (20.0, 15.0), (30.0, 5.0), (30.2, 5.1)],
            vec![(50.0, 40.0)],
        ];
        let t = TandaTangan::from_strokes(250.0, 100.0, &strokes).unwrap();
        assert_eq!((t.lebar, t.tinggi), (500, 200));
        assert_eq!(t.jalur, "M20 20l20 10 20-20M100 80l0 0");
        let back = t.strokes().unwrap();
        assert_eq!(
            back,
            vec![
                vec![(20, 20), (40, 30), (60, 10)],
                vec![(100, 80), (100, 80)]
            ]
        );
        assert!(t.validate().is_ok());
        assert!(t.to_svg().contains("d=\"M20 20l20 10 20-20M100 80l0 0\""));
    }

    #[test]
    fn nothing_drawn_is_no_signature() {
        assert_eq!(TandaTangan::from_strokes(300.0, 150.0, &[]), None);
        assert_eq!(
            TandaTangan::from_strokes(0.0, 150.0, &[vec![(1.0, 1.0)]]),
            None
        );
    }

    #[test]
    fn a_tampered_or_empty_path_is_refused() {
        for jalur in ["", "M1 2l3", "<script>", "l1 1", "M1 2l--3 4"] {
            let t = TandaTangan {
                lebar: 500,
                tinggi: 200,
                jalur: jalur.into(),
            };
            assert!(t.validate().is_err(), "{jalur:?} accepted");
        }
    }

    #[test]
    fn a_long_scrawl_stays_compact() {
        let stroke: Vec<(f64, f64)> = (0..400)
            .map(|i| {
                let t = i as f64 / 20.0;
                (20.0 + i as f64 * 1.1, 100.0 + 40.0 * t.sin())
            })
            .collect();
        let t = TandaTangan::from_strokes(500.0, 200.0, &[stroke]).unwrap();
        assert!(t.validate().is_ok());
        assert!(t.jalur.len() < 2_500, "{} bytes", t.jalur.len());
    }
}
