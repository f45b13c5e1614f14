//! Failed sign-ins, counted so that guessing is slow and an attacker cannot lock the
//! real owner out:
//! - per username **and** client address (or, on a device the account registered, per
//!   username and device): a few failures lock only that pair for a while;
//! - per client address, across usernames: many failures lock that address;
//! - per username across addresses: many failures lock the username, but only for
//!   sign-ins that do not come from a device the account registered, so a companion's
//!   own tablet keeps working whatever is tried elsewhere.
//!
//! The counts live in the database (`login_failures`), so every server process on it
//! sees the same failures and a lock holds whichever process the next try reaches. The
//! table is bounded ([`MAX_ENTRIES`] keys of each kind, about): rows are dropped when they
//! can no longer matter, and the oldest when too many keys arrive at once; usernames
//! reach it only after the account-name length check, so a caller cannot grow it with
//! long names.

use std::net::IpAddr;
use std::time::Duration;

use uuid::Uuid;

use crate::store::{Failure, Store, StoreError};

/// Keys of each kind the table holds at most, about (three kinds).
pub const MAX_ENTRIES: usize = 10_000;

/// Thresholds: failures within `window` before a lock of `lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitPolicy {
    pub window: Duration,
    /// Per username and address (or registered device).
    pub per_pair: u32,
    pub pair_lock: Duration,
    /// Per address, any username.
    pub per_address: u32,
    /// Per username, any address (devices the account registered are exempt).
    pub per_username: u32,
    pub wide_lock: Duration,
}

impl Default for LimitPolicy {
    fn default() -> Self {
        LimitPolicy {
            window: Duration::from_secs(15 * 60),
            per_pair: 5,
            pair_lock: Duration::from_secs(5 * 60),
            // An office behind one NAT address has many people signing in.
            per_address: 50,
            per_username: 20,
            wide_lock: Duration::from_secs(15 * 60),
        }
    }
}

/// Where a sign-in comes from, as far as counting failures goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub address: IpAddr,
    /// A device this account registered and that is not revoked.
    pub own_device: Option<Uuid>,
}

/// The policy and how much a failure slows its answer; the counts are in the store.
#[derive(Debug)]
pub struct LoginLimiter {
    pub policy: LimitPolicy,
    /// Added to a failed answer per earlier failure of the pair (capped at 2 s). Tests
    /// set it to 0.
    pub delay_per_failure: Duration,
    /// Keys of each kind kept at most, about ([`MAX_ENTRIES`]).
    pub max_entries: usize,
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl LoginLimiter {
    pub fn new(policy: LimitPolicy, delay_per_failure: Duration) -> Self {
        LoginLimiter {
            policy,
            delay_per_failure,
            max_entries: MAX_ENTRIES,
        }
    }

    fn pair(username: &str, origin: Origin) -> String {
        let u = username.to_lowercase();
        match origin.own_device {
            Some(d) => format!("d:{u}:{d}"),
            None => format!("p:{u}:{}", origin.address),
        }
    }

    fn address(origin: Origin) -> String {
        format!("a:{}", origin.address)
    }

    fn username(username: &str) -> String {
        format!("u:{}", username.to_lowercase())
    }

    /// `Ok(Err(seconds left))` while a sign-in from `origin` as `username` is locked.
    pub async fn check(
        &self,
        store: &Store,
        username: &str,
        origin: Origin,
        now: i64,
    ) -> Result<Result<(), u64>, StoreError> {
        let mut keys = vec![Self::address(origin), Self::pair(username, origin)];
        if origin.own_device.is_none() {
            keys.push(Self::username(username));
        }
        Ok(match store.locked_for(&keys, now).await? {
            Some(left) => Err((left.max(0) as u64).div_ceil(1000).max(1)),
            None => Ok(()),
        })
    }

    /// Records a failure; returns how long to hold the answer back.
    pub async fn fail(
        &self,
        store: &Store,
        username: &str,
        origin: Origin,
        now: i64,
    ) -> Result<Duration, StoreError> {
        let p = self.policy;
        let (pair, address, user) = (
            Self::pair(username, origin),
            Self::address(origin),
            Self::username(username),
        );
        let window_ms = ms(p.window);
        let mut failures = vec![
            Failure {
                key: &pair,
                max: p.per_pair,
                window_ms,
                lock_ms: ms(p.pair_lock),
            },
            Failure {
                key: &address,
                max: p.per_address,
                window_ms,
                lock_ms: ms(p.wide_lock),
            },
        ];
        if origin.own_device.is_none() {
            failures.push(Failure {
                key: &user,
                max: p.per_username,
                window_ms,
                lock_ms: ms(p.wide_lock),
            });
        }
        let counts = store
            .count_failures(&failures, now, 3 * self.max_entries as i64)
            .await?;
        let n = u32::try_from(counts[0].max(0)).unwrap_or(u32::MAX);
        Ok((self.delay_per_failure.saturating_mul(n)).min(Duration::from_secs(2)))
    }

    pub async fn succeed(
        &self,
        store: &Store,
        username: &str,
        origin: Origin,
    ) -> Result<(), StoreError> {
        store.clear_failures(&Self::pair(username, origin)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PoolOptions;

    fn from(ip: [u8; 4]) -> Origin {
        Origin {
            address: IpAddr::from(ip),
            own_device: None,
        }
    }

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(LimitPolicy::default(), Duration::ZERO)
    }

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("l.db").display());
        let store = Store::connect(&url, PoolOptions::default()).await.unwrap();
        (dir, store)
    }

    const T: i64 = 1_800_000_000_000;

    #[tokio::test]
    async fn five_failures_lock_that_username_from_that_address_only() {
        let (_d, s) = store().await;
        let l = limiter();
        let attacker = from([10, 0, 0, 9]);
        for i in 0..4 {
            l.fail(&s, "Staf", attacker, T + i).await.unwrap();
            assert!(l.check(&s, "staf", attacker, T + i).await.unwrap().is_ok());
        }
        l.fail(&s, "staf", attacker, T + 4).await.unwrap();
        let left = l
            .check(&s, "STAF", attacker, T + 5)
            .await
            .unwrap()
            .unwrap_err();
        assert!(left > 200 && left <= 300, "{left}");
        let elsewhere = l
            .check(&s, "staf", from([10, 0, 0, 2]), T + 5)
            .await
            .unwrap();
        assert!(elsewhere.is_ok(), "the owner elsewhere");
        let other = l.check(&s, "admin", attacker, T + 5).await.unwrap();
        assert!(other.is_ok(), "other users are not affected");
        // Five minutes later the lock is over, and the count starts again.
        let later = T + 5 * 60_000 + 10;
        assert!(l.check(&s, "staf", attacker, later).await.unwrap().is_ok());
        l.fail(&s, "staf", attacker, later).await.unwrap();
        assert!(l.check(&s, "staf", attacker, later).await.unwrap().is_ok());
        l.succeed(&s, "staf", attacker).await.unwrap();
        assert!(l.check(&s, "staf", attacker, later).await.unwrap().is_ok());
    }

    #[tokio::test]
    async fn many_addresses_lock_a_username_but_never_its_own_devices() {
        let (_d, s) = store().await;
        let l = limiter();
        for i in 0..20u8 {
            l.fail(&s, "admin", from([10, 1, 0, i]), T).await.unwrap();
        }
        let fresh = l.check(&s, "admin", from([10, 2, 0, 1]), T).await.unwrap();
        assert!(fresh.is_err(), "a new address");
        let tablet = Origin {
            address: IpAddr::from([10, 2, 0, 1]),
            own_device: Some(Uuid::from_u128(7)),
        };
        assert!(
            l.check(&s, "admin", tablet, T).await.unwrap().is_ok(),
            "its own device"
        );
        // Failures on the registered device itself still count, for that device.
        for _ in 0..5 {
            l.fail(&s, "admin", tablet, T).await.unwrap();
        }
        assert!(l.check(&s, "admin", tablet, T).await.unwrap().is_err());
    }

    #[tokio::test]
    async fn one_address_trying_many_usernames_is_locked() {
        let (_d, s) = store().await;
        let l = limiter();
        let a = from([10, 3, 0, 1]);
        for i in 0..50 {
            l.fail(&s, &format!("user{i}"), a, T).await.unwrap();
        }
        assert!(l.check(&s, "siapa", a, T).await.unwrap().is_err());
        let other = l.check(&s, "siapa", from([10, 3, 0, 2]), T).await.unwrap();
        assert!(other.is_ok());
    }

    #[tokio::test]
    async fn the_failure_state_stays_bounded() {
        let (_d, s) = store().await;
        let l = LoginLimiter {
            max_entries: 100,
            ..limiter()
        };
        // Distinct usernames and addresses: three new keys per failure.
        for i in 0..150u32 {
            let origin = from(i.to_be_bytes());
            l.fail(&s, &format!("u{i}"), origin, T + i64::from(i))
                .await
                .unwrap();
        }
        let rows = s.failure_rows().await.unwrap();
        assert!(rows <= 3 * 100, "{rows}");
        // ... and rows that can no longer matter are gone at the next failure.
        l.fail(&s, "x", from([1, 2, 3, 4]), T + 86_400_000)
            .await
            .unwrap();
        assert_eq!(s.failure_rows().await.unwrap(), 3);
    }

    #[tokio::test]
    async fn failures_slow_the_answer_down_up_to_two_seconds() {
        let (_d, s) = store().await;
        let l = LoginLimiter::new(LimitPolicy::default(), Duration::from_millis(300));
        let a = from([10, 0, 0, 1]);
        assert_eq!(
            l.fail(&s, "x", a, T).await.unwrap(),
            Duration::from_millis(300)
        );
        assert_eq!(
            l.fail(&s, "x", a, T).await.unwrap(),
            Duration::from_millis(600)
        );
        for _ in 0..10 {
            l.fail(&s, "y", a, T).await.unwrap();
        }
        assert!(l.fail(&s, "y", a, T).await.unwrap() <= Duration::from_secs(2));
    }
}
