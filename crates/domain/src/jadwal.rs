//! When a device syncs (DESIGN.md §4.1): the schedule as a pure function of what the
//! sync loop knows and the time, so every rule is tested natively. The app's loop only
//! asks [`Jadwal::langkah`] at each tick, runs a pass when told, and reports how it
//! ended with [`Jadwal::selesai`].
//!
//! Rules: a pass at start and whenever one is asked for (the "Sinkronkan" button, the
//! connection coming back), soon after a local change ([`Jadwal::ada_perubahan`]), and
//! otherwise every [`SYNC_INTERVAL_MS`](crate::sync::SYNC_INTERVAL_MS); after failures
//! the wait doubles up to 10 minutes, with jitter ([`retry_delay_ms`]); never while the
//! device cannot sync (offline, signed out, revoked, password to change).

use crate::sync::retry_delay_ms;

/// How soon after a local change it is pushed (batches a burst of check-ins).
pub const AFTER_CHANGE_MS: f64 = 1_500.0;

/// The schedule's memory between ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Jadwal {
    /// Failed passes in a row.
    pub gagal: u32,
    /// When the next pass is due (ms since epoch).
    pub jatuh_tempo: f64,
    /// The last request for a pass already served.
    pub permintaan_dilayani: u32,
}

impl Default for Jadwal {
    /// A fresh start: a pass is due at once.
    fn default() -> Self {
        Jadwal {
            gagal: 0,
            jatuh_tempo: 0.0,
            permintaan_dilayani: 0,
        }
    }
}

/// What the loop knows at a tick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keadaan {
    /// Online, signed in with a session that is this user's, not revoked, no password
    /// change pending.
    pub dapat_sinkron: bool,
    /// Requests for a pass so far (a counter: the button and reconnects bump it).
    pub permintaan: u32,
}

/// What the loop does now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Langkah {
    Tunggu,
    /// Run a pass; the request counter it serves.
    Sinkronkan {
        permintaan: u32,
    },
}

/// How a pass ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hasil {
    Berhasil,
    /// The server or the network failed: back off.
    Gagal,
    /// Another tab holds the lock and is syncing: look again after the normal interval.
    Sibuk,
    /// The server wants something of the person first (sign in again, password change,
    /// device revoked): no backoff, the loop waits for them.
    Tertahan,
}

impl Jadwal {
    pub fn langkah(&self, k: Keadaan, now: f64) -> Langkah {
        let diminta = k.permintaan != self.permintaan_dilayani;
        if k.dapat_sinkron && (diminta || now >= self.jatuh_tempo) {
            Langkah::Sinkronkan {
                permintaan: k.permintaan,
            }
        } else {
            Langkah::Tunggu
        }
    }

    /// A pass serving `permintaan` ended with `hasil` at `now`; `random01` in 0..1 for
    /// the jitter.
    pub fn selesai(&mut self, permintaan: u32, hasil: Hasil, now: f64, random01: f64) {
        self.permintaan_dilayani = permintaan;
        self.gagal = match hasil {
            Hasil::Berhasil => 0,
            Hasil::Gagal => self.gagal.saturating_add(1),
            Hasil::Sibuk | Hasil::Tertahan => self.gagal,
        };
        let gagal = if hasil == Hasil::Sibuk { 0 } else { self.gagal };
        self.jatuh_tempo = now + retry_delay_ms(gagal, random01);
    }

    /// A change was saved on this device at `now`: push it soon, or sooner.
    pub fn ada_perubahan(&mut self, now: f64) {
        self.jatuh_tempo = self.jatuh_tempo.min(now + AFTER_CHANGE_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::SYNC_INTERVAL_MS;

    const ONLINE: Keadaan = Keadaan {
        dapat_sinkron: true,
        permintaan: 0,
    };

    #[test]
    fn a_fresh_start_syncs_at_once_then_every_interval() {
        let mut j = Jadwal::default();
        let t0 = 1_000_000.0;
        assert_eq!(j.langkah(ONLINE, t0), Langkah::Sinkronkan { permintaan: 0 });
        j.selesai(0, Hasil::Berhasil, t0, 0.5);
        assert_eq!(j.langkah(ONLINE, t0 + 1_000.0), Langkah::Tunggu);
        assert_eq!(
            j.langkah(ONLINE, t0 + SYNC_INTERVAL_MS - 1.0),
            Langkah::Tunggu
        );
        assert_eq!(
            j.langkah(ONLINE, t0 + SYNC_INTERVAL_MS),
            Langkah::Sinkronkan { permintaan: 0 }
        );
    }

    #[test]
    fn a_request_is_served_once_and_nothing_runs_while_the_device_cannot_sync() {
        let mut j = Jadwal::default();
        j.selesai(0, Hasil::Berhasil, 0.0, 0.5);
        let asked = Keadaan {
            dapat_sinkron: true,
            permintaan: 1,
        };
        assert_eq!(
            j.langkah(asked, 10.0),
            Langkah::Sinkronkan { permintaan: 1 }
        );
        let offline = Keadaan {
            dapat_sinkron: false,
            ..asked
        };
        assert_eq!(j.langkah(offline, 1e12), Langkah::Tunggu);
        j.selesai(1, Hasil::Berhasil, 20.0, 0.5);
        assert_eq!(j.langkah(asked, 30.0), Langkah::Tunggu, "served already");
    }

    #[test]
    fn failures_back_off_doubling_to_ten_minutes_and_success_resets() {
        let mut j = Jadwal::default();
        let mut waits = Vec::new();
        for _ in 0..12 {
            j.selesai(0, Hasil::Gagal, 0.0, 0.5);
            waits.push(j.jatuh_tempo);
        }
        assert_eq!(waits[0], SYNC_INTERVAL_MS);
        assert_eq!(waits[1], 2.0 * SYNC_INTERVAL_MS);
        assert!(waits.windows(2).all(|w| w[1] >= w[0]));
        assert_eq!(*waits.last().unwrap(), 600_000.0);
        j.selesai(0, Hasil::Berhasil, 0.0, 0.5);
        assert_eq!((j.gagal, j.jatuh_tempo), (0, SYNC_INTERVAL_MS));
    }

    #[test]
    fn a_busy_lock_or_a_person_to_ask_does_not_count_as_a_failure() {
        let mut j = Jadwal::default();
        j.selesai(0, Hasil::Gagal, 0.0, 0.5);
        j.selesai(0, Hasil::Gagal, 0.0, 0.5);
        j.selesai(0, Hasil::Sibuk, 0.0, 0.5);
        assert_eq!((j.gagal, j.jatuh_tempo), (2, SYNC_INTERVAL_MS));
        j.selesai(0, Hasil::Tertahan, 0.0, 0.5);
        assert_eq!((j.gagal, j.jatuh_tempo), (2, 2.0 * SYNC_INTERVAL_MS));
    }

    #[test]
    fn a_local_change_brings_the_next_pass_forward_but_never_back() {
        let mut j = Jadwal::default();
        j.selesai(0, Hasil::Berhasil, 0.0, 0.5);
        j.ada_perubahan(100.0);
        assert_eq!(j.jatuh_tempo, 100.0 + AFTER_CHANGE_MS);
        assert_eq!(
            j.langkah(ONLINE, 100.0 + AFTER_CHANGE_MS),
            Langkah::Sinkronkan { permintaan: 0 }
        );
        j.jatuh_tempo = 50.0;
        j.ada_perubahan(100.0);
        assert_eq!(j.jatuh_tempo, 50.0);
    }
}
