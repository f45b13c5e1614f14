//! Dates and times as people in Pekalongan read them: `Senin, 2 Maret 2026`, `14.30 WIB`.
//!
//! Instants travel as milliseconds since the Unix epoch (UTC). WIB (Asia/Jakarta) is
//! UTC+7 all year, with no daylight saving, so local civil time is a fixed offset.
//! The calendar arithmetic is `chrono`'s (`NaiveDate`); the Indonesian names are ours.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Offset of WIB from UTC, in milliseconds.
pub const WIB_OFFSET_MS: i64 = 7 * 3_600_000;
const MS_PER_DAY: i64 = 86_400_000;
/// Days from 0001-01-01 (day 1 in chrono's count) to 1970-01-01.
const DAYS_CE_TO_EPOCH: i64 = 719_163;

pub const HARI: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// A calendar date (proleptic Gregorian), with no time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tanggal {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Tanggal {
    /// A valid date, or `None` (e.g. 30 Februari).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day)).map(|_| Self {
            year,
            month,
            day,
        })
    }

    fn naive(self) -> NaiveDate {
        // Every `Tanggal` is made valid (see `new`).
        NaiveDate::from_ymd_opt(self.year, u32::from(self.month), u32::from(self.day))
            .unwrap_or(NaiveDate::MIN)
    }

    fn from_naive(d: NaiveDate) -> Self {
        Self {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        i64::from(self.naive().num_days_from_ce()) - DAYS_CE_TO_EPOCH
    }

    /// The date `days` after 1970-01-01 (clamped to what the calendar can hold).
    pub fn from_days_since_epoch(days: i64) -> Self {
        let ce = (days + DAYS_CE_TO_EPOCH).clamp(i64::from(i32::MIN), i64::from(i32::MAX));
        Self::from_naive(
            NaiveDate::from_num_days_from_ce_opt(ce as i32).unwrap_or(if days < 0 {
                NaiveDate::MIN
            } else {
                NaiveDate::MAX
            }),
        )
    }

    /// 0 = Senin (Monday) … 6 = Minggu (Sunday).
    pub fn weekday(self) -> usize {
        self.naive().weekday().num_days_from_monday() as usize
    }

    pub fn add_days(self, n: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// `Senin, 2 Maret 2026`.
    pub fn format_long(self) -> String {
        format!("{}, {}", HARI[self.weekday()], self.format_medium())
    }

    /// `2 Maret 2026`.
    pub fn format_medium(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            BULAN[usize::from(self.month) - 1],
            self.year
        )
    }

    /// The WIB calendar date of an instant.
    pub fn from_epoch_ms_wib(ms: i64) -> Self {
        Self::from_days_since_epoch((ms + WIB_OFFSET_MS).div_euclid(MS_PER_DAY))
    }

    /// `2026-03-02`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Parses `2026-03-02`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut it = s.splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Self::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl From<Tanggal> for String {
    fn from(t: Tanggal) -> String {
        t.iso()
    }
}

impl TryFrom<String> for Tanggal {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Tanggal::parse_iso(&s).ok_or_else(|| format!("tanggal tidak valid: {s:?}"))
    }
}

pub fn is_leap_year(year: i32) -> bool {
    NaiveDate::from_ymd_opt(year, 2, 29).is_some()
}

/// 28 to 31, or 0 for a month that is not one.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    (28..=31u8)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(*d)).is_some())
        .unwrap_or(0)
}

/// `14.30 WIB` for an instant (Indonesian style uses a period between hours and minutes).
pub fn format_time_wib(ms: i64) -> String {
    let minutes = (ms + WIB_OFFSET_MS).rem_euclid(MS_PER_DAY) / 60_000;
    format!("{:02}.{:02} WIB", minutes / 60, minutes % 60)
}

/// `Senin, 2 Maret 2026 pukul 14.30 WIB`.
pub fn format_datetime_wib(ms: i64) -> String {
    format!(
        "{} pukul {}",
        Tanggal::from_epoch_ms_wib(ms).format_long(),
        format_time_wib(ms)
    )
}

/// The instant of a WIB wall-clock time on a date.
pub fn epoch_ms_wib(date: Tanggal, hour: u8, minute: u8) -> i64 {
    date.days_since_epoch() * MS_PER_DAY + i64::from(hour) * 3_600_000 + i64::from(minute) * 60_000
        - WIB_OFFSET_MS
}

/// `2026-12-05T19:00` (a `datetime-local` input's value, read as WIB) to an instant.
pub fn parse_waktu_lokal(s: &str) -> Option<i64> {
    let (d, t) = s.split_once('T')?;
    let date = Tanggal::parse_iso(d)?;
    let (h, m) = t.split_once(':')?;
    let (h, m): (u8, u8) = (h.parse().ok()?, m.get(..2)?.parse().ok()?);
    (h < 24 && m < 60).then(|| epoch_ms_wib(date, h, m))
}

/// An instant as a `datetime-local` input's value, in WIB.
pub fn format_waktu_lokal(ms: i64) -> String {
    let minutes = (ms + WIB_OFFSET_MS).rem_euclid(MS_PER_DAY) / 60_000;
    format!(
        "{}T{:02}:{:02}",
        Tanggal::from_epoch_ms_wib(ms).iso(),
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_house_example_date() {
        let t = Tanggal::new(2026, 3, 2).unwrap();
        assert_eq!(t.format_long(), "Senin, 2 Maret 2026");
    }

    #[test]
    fn weekdays_are_right_across_years_and_leap_days() {
        assert_eq!(
            Tanggal::new(1970, 1, 1).unwrap().format_long(),
            "Kamis, 1 Januari 1970"
        );
        assert_eq!(
            Tanggal::new(2024, 2, 29).unwrap().format_long(),
            "Kamis, 29 Februari 2024"
        );
        assert_eq!(
            Tanggal::new(2026, 11, 23).unwrap().format_long(),
            "Senin, 23 November 2026"
        );
        assert_eq!(
            Tanggal::new(2000, 1, 1).unwrap().format_long(),
            "Sabtu, 1 Januari 2000"
        );
        assert_eq!(
            Tanggal::new(1945, 8, 17).unwrap().format_long(),
            "Jumat, 17 Agustus 1945"
        );
    }

    #[test]
    fn day_numbers_round_trip_for_every_day_of_four_centuries() {
        let start = Tanggal::new(1900, 1, 1).unwrap().days_since_epoch();
        for d in start..start + 146_097 {
            let t = Tanggal::from_days_since_epoch(d);
            assert!(Tanggal::new(t.year, t.month, t.day).is_some());
            assert_eq!(t.days_since_epoch(), d);
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(Tanggal::new(2026, 2, 29).is_none());
        assert!(Tanggal::new(2026, 13, 1).is_none());
        assert!(Tanggal::new(2026, 4, 31).is_none());
        assert!(Tanggal::parse_iso("2026-2-1").is_none());
        assert!(Tanggal::parse_iso("2026-02-30").is_none());
        assert_eq!(Tanggal::parse_iso("2026-02-28"), Tanggal::new(2026, 2, 28));
    }

    #[test]
    fn wib_is_seven_hours_ahead_of_utc_across_midnight() {
        // 2026-03-01 17:30 UTC is 2026-03-02 00:30 WIB.
        let ms = Tanggal::new(2026, 3, 1).unwrap().days_since_epoch() * MS_PER_DAY
            + 17 * 3_600_000
            + 30 * 60_000;
        assert_eq!(
            format_datetime_wib(ms),
            "Senin, 2 Maret 2026 pukul 00.30 WIB"
        );
        assert_eq!(epoch_ms_wib(Tanggal::new(2026, 3, 2).unwrap(), 0, 30), ms);
    }

    #[test]
    fn dates_travel_as_iso_strings() {
        let t = Tanggal::new(2026, 3, 2).unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2026-03-02\"");
        assert!(serde_json::from_str::<Tanggal>("\"2026-02-31\"").is_err());
    }

    #[test]
    fn datetime_local_values_are_read_and_written_in_wib() {
        let ms = parse_waktu_lokal("2026-12-05T19:00").unwrap();
        assert_eq!(
            format_datetime_wib(ms),
            "Sabtu, 5 Desember 2026 pukul 19.00 WIB"
        );
        assert_eq!(format_waktu_lokal(ms), "2026-12-05T19:00");
        assert_eq!(parse_waktu_lokal("2026-12-05T24:00"), None);
        assert_eq!(parse_waktu_lokal("2026-12-05"), None);
        assert_eq!(parse_waktu_lokal("kemarin"), None);
    }
}
