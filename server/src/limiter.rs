//! Failed sign-ins, counted so that guessing is slow and an attacker cannot lock the
//! real owner out:
//! - per username **and** client address (or, on a device the account registered, per
//!   username and device): a few failures lock only that pair for a while;
//! - per client address, across usernames: many failures lock that address;
//! - per username across addresses: many failures lock the username, but only for
//!   sign-ins that do not come from a device the account registered, so a companion's
//!   own tablet keeps working whatever is tried elsewhere.
//!
//! Every map is bounded ([`MAX_ENTRIES`]) and its entries expire; usernames reach it
//! only after the account-name length check, so a caller cannot grow memory.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Entries each map holds at most; the oldest go first when it is full.
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Pair {
    Address(String, IpAddr),
    Device(String, Uuid),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

#[derive(Debug)]
struct Counter<K> {
    map: HashMap<K, Failures>,
}

impl<K: Hash + Eq + Clone> Counter<K> {
    fn new() -> Self {
        Counter {
            map: HashMap::new(),
        }
    }

    fn locked(&self, key: &K, now: Instant) -> Option<Duration> {
        self.map
            .get(key)
            .and_then(|f| f.locked_until)
            .filter(|&u| u > now)
            .map(|u| u - now)
    }

    fn fail(&mut self, key: &K, now: Instant, window: Duration, max: u32, lock: Duration) -> u32 {
        if !self.map.contains_key(key) && self.map.len() >= MAX_ENTRIES {
            self.make_room(now, window);
        }
        let f = self.map.entry(key.clone()).or_insert(Failures {
            count: 0,
            first: now,
            locked_until: None,
        });
        let lock_over = f.locked_until.is_some_and(|u| u <= now);
        if now.duration_since(f.first) > window && f.locked_until.is_none() || lock_over {
            *f = Failures {
                count: 0,
                first: now,
                locked_until: None,
            };
        }
        f.count += 1;
        if f.count >= max && f.locked_until.is_none() {
            f.locked_until = Some(now + lock);
        }
        f.count
    }

    /// Drops expired entries; if none expired, the oldest tenth.
    fn make_room(&mut self, now: Instant, window: Duration) {
        let live = |f: &Failures| {
            f.locked_until.is_some_and(|u| u > now) || now.duration_since(f.first) <= window
        };
        self.map.retain(|_, f| live(f));
        if self.map.len() >= MAX_ENTRIES {
            let mut firsts: Vec<Instant> = self.map.values().map(|f| f.first).collect();
            firsts.sort();
            let cut = firsts[MAX_ENTRIES / 10];
            self.map.retain(|_, f| f.first > cut);
        }
    }

    fn clear(&mut self, key: &K) {
        self.map.remove(key);
    }

    fn len(&self) -> usize {
        self.map.len()
    }
}

#[derive(Debug)]
struct State {
    pairs: Counter<Pair>,
    addresses: Counter<IpAddr>,
    usernames: Counter<String>,
}

#[derive(Debug)]
pub struct LoginLimiter {
    state: Mutex<State>,
    pub policy: LimitPolicy,
    /// Added to a failed answer per earlier failure of the pair (capped at 2 s). Tests
    /// set it to 0.
    pub delay_per_failure: Duration,
}

impl LoginLimiter {
    pub fn new(policy: LimitPolicy, delay_per_failure: Duration) -> Self {
        LoginLimiter {
            state: Mutex::new(State {
                pairs: Counter::new(),
                addresses: Counter::new(),
                usernames: Counter::new(),
            }),
            policy,
            delay_per_failure,
        }
    }

    fn pair(username: &str, origin: Origin) -> Pair {
        let u = username.to_lowercase();
        match origin.own_device {
            Some(d) => Pair::Device(u, d),
            None => Pair::Address(u, origin.address),
        }
    }

    /// `Err(seconds left)` while a sign-in from `origin` as `username` is locked.
    pub fn check(&self, username: &str, origin: Origin) -> Result<(), u64> {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let wide = if origin.own_device.is_some() {
            None
        } else {
            s.usernames.locked(&username.to_lowercase(), now)
        };
        let left = [
            s.addresses.locked(&origin.address, now),
            s.pairs.locked(&Self::pair(username, origin), now),
            wide,
        ]
        .into_iter()
        .flatten()
        .max();
        match left {
            Some(d) => Err(d.as_secs().max(1)),
            None => Ok(()),
        }
    }

    /// Records a failure; returns how long to hold the answer back.
    pub fn fail(&self, username: &str, origin: Origin) -> Duration {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let p = self.policy;
        let n = s.pairs.fail(
            &Self::pair(username, origin),
            now,
            p.window,
            p.per_pair,
            p.pair_lock,
        );
        s.addresses
            .fail(&origin.address, now, p.window, p.per_address, p.wide_lock);
        if origin.own_device.is_none() {
            s.usernames.fail(
                &username.to_lowercase(),
                now,
                p.window,
                p.per_username,
                p.wide_lock,
            );
        }
        (self.delay_per_failure * n).min(Duration::from_secs(2))
    }

    pub fn succeed(&self, username: &str, origin: Origin) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.pairs.clear(&Self::pair(username, origin));
    }

    /// Entries held, for tests of the bound.
    pub fn entries(&self) -> usize {
        let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.pairs.len() + s.addresses.len() + s.usernames.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(ip: [u8; 4]) -> Origin {
        Origin {
            address: IpAddr::from(ip),
            own_device: None,
        }
    }

    fn limiter() -> LoginLimiter {
        LoginLimiter::new(LimitPolicy::default(), Duration::ZERO)
    }

    #[test]
    fn five_failures_lock_that_username_from_that_address_only() {
        let l = limiter();
        let attacker = from([10, 0, 0, 9]);
        for _ in 0..4 {
            l.fail("Staf", attacker);
            assert!(l.check("staf", attacker).is_ok());
        }
        l.fail("staf", attacker);
        let left = l.check("STAF", attacker).unwrap_err();
        assert!(left > 200 && left <= 300, "{left}");
        assert!(
            l.check("staf", from([10, 0, 0, 2])).is_ok(),
            "the owner elsewhere"
        );
        assert!(
            l.check("admin", attacker).is_ok(),
            "other users are not affected"
        );
        l.succeed("staf", attacker);
        assert!(l.check("staf", attacker).is_ok());
    }

    #[test]
    fn many_addresses_lock_a_username_but_never_its_own_devices() {
        let l = limiter();
        for i in 0..20u8 {
            l.fail("admin", from([10, 1, 0, i]));
        }
        assert!(
            l.check("admin", from([10, 2, 0, 1])).is_err(),
            "a new address"
        );
        let tablet = Origin {
            address: IpAddr::from([10, 2, 0, 1]),
            own_device: Some(Uuid::from_u128(7)),
        };
        assert!(l.check("admin", tablet).is_ok(), "its registered device");
        // Failures on the registered device itself still count, for that device.
        for _ in 0..5 {
            l.fail("admin", tablet);
        }
        assert!(l.check("admin", tablet).is_err());
    }

    #[test]
    fn one_address_trying_many_usernames_is_locked() {
        let l = limiter();
        let a = from([10, 3, 0, 1]);
        for i in 0..50 {
            l.fail(&format!("user{i}"), a);
        }
        assert!(l.check("siapa", a).is_err());
        assert!(l.check("siapa", from([10, 3, 0, 2])).is_ok());
    }

    #[test]
    fn the_failure_state_stays_bounded() {
        let l = limiter();
        for i in 0..(MAX_ENTRIES as u32 + 5_000) {
            let ip = IpAddr::from(i.to_be_bytes());
            l.fail(
                &format!("u{i}"),
                from(match ip {
                    IpAddr::V4(v) => v.octets(),
                    IpAddr::V6(_) => unreachable!(),
                }),
            );
        }
        assert!(l.entries() <= 3 * MAX_ENTRIES, "{}", l.entries());
    }

    #[test]
    fn failures_slow_the_answer_down_up_to_two_seconds() {
        let l = LoginLimiter::new(LimitPolicy::default(), Duration::from_millis(300));
        let a = from([10, 0, 0, 1]);
        assert_eq!(l.fail("x", a), Duration::from_millis(300));
        assert_eq!(l.fail("x", a), Duration::from_millis(600));
        for _ in 0..10 {
            l.fail("y", a);
        }
        assert!(l.fail("y", a) <= Duration::from_secs(2));
    }
}
