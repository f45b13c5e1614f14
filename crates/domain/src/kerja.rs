//! Working time (jam kerja) for service-level deadlines: office hours in WIB, Monday to
//! Friday, without national holidays and cuti bersama.
//!
//! - A deadline in minutes ([`Sla::Menit`]) counts only minutes inside office hours: a
//!   30-minute step received at 15.50 on a Thursday is due at 07.50 on Friday.
//! - A deadline in working days ([`Sla::HariKerja`]) falls at the same clock time that
//!   many working days later (at closing time if that day closes earlier, as Fridays do).
//! - Anything received outside office hours starts at the next opening.
//!
//! The holiday list is data: [`Kalender::standar`] carries the national holidays and cuti
//! bersama known when this was written; the office can add its own per year.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::tanggal::{Tanggal, WIB_OFFSET_MS, epoch_ms_wib};

const MS_PER_MIN: i64 = 60_000;
const MS_PER_DAY: i64 = 86_400_000;

/// Office hours of a weekday (0 = Senin) as minutes after midnight WIB, or `None`.
pub fn jam_kerja(weekday: usize) -> Option<(i64, i64)> {
    match weekday {
        0..=3 => Some((7 * 60 + 30, 16 * 60)),
        4 => Some((7 * 60 + 30, 11 * 60)),
        _ => None,
    }
}

/// A published step time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "satuan", content = "jumlah", rename_all = "snake_case")]
pub enum Sla {
    Menit(i64),
    HariKerja(i64),
}

impl Sla {
    /// `30 menit`, `1 hari kerja`.
    pub fn label(self) -> String {
        match self {
            Sla::Menit(m) => format!("{m} menit"),
            Sla::HariKerja(d) => format!("{d} hari kerja"),
        }
    }
}

/// Non-working dates (holidays and cuti bersama).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kalender {
    pub libur: BTreeSet<Tanggal>,
}

/// One published holiday: date, name, and whether it is cuti bersama.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LiburResmi {
    pub tanggal: Tanggal,
    pub nama: &'static str,
    pub cuti_bersama: bool,
}

/// National holidays and cuti bersama 2026 (SKB Menteri Agama, Menteri Ketenagakerjaan
/// dan Menteri PANRB): month, day, name, cuti bersama. The starting data; the office keeps
/// the list per year as records (see `kantor::kalender`).
const LIBUR_2026: [(u8, u8, &str, bool); 24] = [
    (1, 1, "Tahun Baru 2026 Masehi", false),
    (1, 16, "Isra Mikraj Nabi Muhammad SAW", false),
    (2, 16, "Cuti bersama Tahun Baru Imlek", true),
    (2, 17, "Tahun Baru Imlek 2577 Kongzili", false),
    (3, 18, "Cuti bersama Hari Suci Nyepi", true),
    (3, 19, "Hari Suci Nyepi Tahun Baru Saka 1948", false),
    (3, 20, "Idul Fitri 1447 H", false),
    (3, 21, "Idul Fitri 1447 H", false),
    (3, 23, "Cuti bersama Idul Fitri", true),
    (3, 24, "Cuti bersama Idul Fitri", true),
    (4, 3, "Wafat Yesus Kristus", false),
    (4, 5, "Kebangkitan Yesus Kristus (Paskah)", false),
    (5, 1, "Hari Buruh Internasional", false),
    (5, 14, "Kenaikan Yesus Kristus", false),
    (5, 15, "Cuti bersama Kenaikan Yesus Kristus", true),
    (5, 27, "Idul Adha 1447 H", false),
    (5, 28, "Cuti bersama Idul Adha", true),
    (5, 31, "Hari Raya Waisak 2570 BE", false),
    (6, 1, "Hari Lahir Pancasila", false),
    (6, 16, "Tahun Baru Islam 1448 H", false),
    (8, 17, "Hari Kemerdekaan Republik Indonesia", false),
    (8, 25, "Maulid Nabi Muhammad SAW", false),
    (12, 24, "Cuti bersama Hari Raya Natal", true),
    (12, 25, "Hari Raya Natal", false),
];

/// The published holidays built in, in date order.
pub fn libur_resmi() -> Vec<LiburResmi> {
    LIBUR_2026
        .iter()
        .filter_map(|&(m, d, nama, cuti_bersama)| {
            Some(LiburResmi {
                tanggal: Tanggal::new(2026, m, d)?,
                nama,
                cuti_bersama,
            })
        })
        .collect()
}

impl Kalender {
    /// The published holidays built in ([`libur_resmi`]).
    pub fn standar() -> Kalender {
        Kalender {
            libur: libur_resmi().into_iter().map(|l| l.tanggal).collect(),
        }
    }

    pub fn hari_kerja(&self, t: Tanggal) -> bool {
        jam_kerja(t.weekday()).is_some() && !self.libur.contains(&t)
    }

    /// Office hours of a date as instants, or `None` on a day off.
    fn window(&self, t: Tanggal) -> Option<(i64, i64)> {
        if !self.hari_kerja(t) {
            return None;
        }
        let (open, close) = jam_kerja(t.weekday())?;
        let at = |m: i64| epoch_ms_wib(t, (m / 60) as u8, (m % 60) as u8);
        Some((at(open), at(close)))
    }

    /// `ms` if it is inside office hours, else the next opening.
    pub fn mulai_kerja(&self, ms: i64) -> i64 {
        let mut day = Tanggal::from_epoch_ms_wib(ms);
        for _ in 0..400 {
            if let Some((open, close)) = self.window(day)
                && ms < close
            {
                return ms.max(open);
            }
            day = day.add_days(1);
        }
        ms
    }

    /// Adds `minutes` of office time to `ms`.
    pub fn tambah_menit(&self, ms: i64, minutes: i64) -> i64 {
        let mut at = self.mulai_kerja(ms);
        let mut left = minutes * MS_PER_MIN;
        for _ in 0..4_000 {
            let day = Tanggal::from_epoch_ms_wib(at);
            let Some((_, close)) = self.window(day) else {
                at = self.mulai_kerja(at);
                continue;
            };
            if at + left <= close {
                return at + left;
            }
            left -= close - at;
            at = self.mulai_kerja(close);
        }
        at
    }

    /// The deadline of a step that started at `start`.
    pub fn tenggat(&self, start: i64, sla: Sla) -> i64 {
        match sla {
            Sla::Menit(m) => self.tambah_menit(start, m),
            Sla::HariKerja(n) => {
                let from = self.mulai_kerja(start);
                let clock = (from + WIB_OFFSET_MS).rem_euclid(MS_PER_DAY);
                let mut day = Tanggal::from_epoch_ms_wib(from);
                let mut counted = 0;
                let mut guard = 0;
                while counted < n && guard < 4_000 {
                    day = day.add_days(1);
                    guard += 1;
                    if self.hari_kerja(day) {
                        counted += 1;
                    }
                }
                let midnight = epoch_ms_wib(day, 0, 0);
                let (open, close) = self.window(day).unwrap_or((midnight, midnight));
                (midnight + clock).clamp(open, close)
            }
        }
    }

    /// Office minutes from `a` to `b` (negative when `b` is before `a`): the time left
    /// before a deadline, or how late it is.
    pub fn menit_kerja_antara(&self, a: i64, b: i64) -> i64 {
        if b < a {
            return -self.menit_kerja_antara(b, a);
        }
        let mut total = 0;
        let mut day = Tanggal::from_epoch_ms_wib(a);
        let last = Tanggal::from_epoch_ms_wib(b);
        while day <= last {
            if let Some((open, close)) = self.window(day) {
                let (s, e) = (a.max(open), b.min(close));
                if e > s {
                    total += e - s;
                }
            }
            day = day.add_days(1);
        }
        total / MS_PER_MIN
    }
}

/// `1 jam 20 menit`, `2 hari 3 jam` (working time, a day being 8.5 office hours).
pub fn format_durasi_kerja(minutes: i64) -> String {
    let m = minutes.abs();
    let (d, h, mm) = (m / 510, (m % 510) / 60, (m % 510) % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} hari"));
    }
    if h > 0 {
        parts.push(format!("{h} jam"));
    }
    if mm > 0 || parts.is_empty() {
        parts.push(format!("{mm} menit"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tanggal::format_datetime_wib;

    fn at(y: i32, m: u8, d: u8, h: u8, min: u8) -> i64 {
        epoch_ms_wib(Tanggal::new(y, m, d).unwrap(), h, min)
    }

    fn k() -> Kalender {
        Kalender::standar()
    }

    #[test]
    fn minutes_count_inside_office_hours_only() {
        // Tuesday 10.00 + 30 min = 10.30.
        assert_eq!(
            k().tambah_menit(at(2026, 11, 24, 10, 0), 30),
            at(2026, 11, 24, 10, 30)
        );
        // Thursday 15.50 + 30 min: 10 today, 20 on Friday from 07.30.
        assert_eq!(
            k().tambah_menit(at(2026, 11, 26, 15, 50), 30),
            at(2026, 11, 27, 7, 50)
        );
        // Friday 10.45 + 60 min: Friday closes at 11.00, so 45 minutes on Monday.
        assert_eq!(
            k().tambah_menit(at(2026, 11, 27, 10, 45), 60),
            at(2026, 11, 30, 8, 15)
        );
        // Received on Saturday: starts Monday 07.30.
        assert_eq!(
            k().tambah_menit(at(2026, 11, 28, 9, 0), 5),
            at(2026, 11, 30, 7, 35)
        );
        // Received at night: starts next morning.
        assert_eq!(
            k().tambah_menit(at(2026, 11, 24, 20, 0), 5),
            at(2026, 11, 25, 7, 35)
        );
    }

    #[test]
    fn holidays_and_cuti_bersama_are_skipped() {
        // Wednesday 16 December 2026 is normal, but Thursday 24 and Friday 25 December are
        // off: Wednesday 23 December 15.45 + 30 min runs into Monday 28 December.
        assert_eq!(
            k().tambah_menit(at(2026, 12, 23, 15, 45), 30),
            at(2026, 12, 28, 7, 45)
        );
        // One working day from Friday 14 August: Monday 17 August 2026 is Independence Day.
        assert_eq!(
            k().tenggat(at(2026, 8, 14, 9, 0), Sla::HariKerja(1)),
            at(2026, 8, 18, 9, 0),
            "{}",
            format_datetime_wib(k().tenggat(at(2026, 8, 14, 9, 0), Sla::HariKerja(1)))
        );
    }

    #[test]
    fn a_working_day_is_the_same_clock_time_on_the_next_working_day() {
        // Tuesday 14.00 -> Wednesday 14.00.
        assert_eq!(
            k().tenggat(at(2026, 11, 24, 14, 0), Sla::HariKerja(1)),
            at(2026, 11, 25, 14, 0)
        );
        // Thursday 14.00 -> Friday, which closes at 11.00.
        assert_eq!(
            k().tenggat(at(2026, 11, 26, 14, 0), Sla::HariKerja(1)),
            at(2026, 11, 27, 11, 0)
        );
        // Friday 09.00 -> Monday 09.00, over the weekend.
        assert_eq!(
            k().tenggat(at(2026, 11, 27, 9, 0), Sla::HariKerja(1)),
            at(2026, 11, 30, 9, 0)
        );
        // 21 working days (the reses service standard) from Monday 2 November 2026.
        let due = k().tenggat(at(2026, 11, 2, 8, 0), Sla::HariKerja(21));
        assert_eq!(due, at(2026, 12, 1, 8, 0));
    }

    #[test]
    fn time_left_and_time_late_are_counted_in_office_minutes() {
        let cal = k();
        // Thursday 15.00 to Friday 08.00: 60 + 30 minutes.
        assert_eq!(
            cal.menit_kerja_antara(at(2026, 11, 26, 15, 0), at(2026, 11, 27, 8, 0)),
            90
        );
        // Late by the same amount, the other way round.
        assert_eq!(
            cal.menit_kerja_antara(at(2026, 11, 27, 8, 0), at(2026, 11, 26, 15, 0)),
            -90
        );
        // A weekend counts nothing.
        assert_eq!(
            cal.menit_kerja_antara(at(2026, 11, 28, 8, 0), at(2026, 11, 29, 15, 0)),
            0
        );
        assert_eq!(format_durasi_kerja(90), "1 jam 30 menit");
        assert_eq!(format_durasi_kerja(-600), "1 hari 1 jam 30 menit");
        assert_eq!(format_durasi_kerja(0), "0 menit");
    }
}
