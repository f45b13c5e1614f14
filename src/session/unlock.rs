//! The session's lock: after inactivity (or at start, when the app was left long
//! enough) personal data is hidden until the user unlocks with their PIN (offline too)
//! or their password. A tablet shared by two companions switches between them; each
//! sees only their own database. Nothing here touches records or the outbox: a lock, a
//! switch or a wiped PIN loses no queued change.

use gloo_storage::{LocalStorage as WebStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::auth::{OfflineUnlock, Profile};
use uuid::Uuid;

use super::{AppSession, online};
use crate::offline_unlock::{self, UnlockError};
use crate::sync::api::{self, ApiError};

/// Minutes of inactivity before the lock, unless the user chose otherwise.
pub const DEFAULT_LOCK_MINUTES: u32 = 15;
const MINUTES_KEY: &str = "reses.kunci.menit";
const LOCKED_KEY: &str = "reses.terkunci";
const ACTIVE_KEY: &str = "reses.aktif";

/// The lock timeout chosen on this device, in minutes.
pub fn lock_minutes() -> u32 {
    crate::local::read::<u32>(MINUTES_KEY).unwrap_or(DEFAULT_LOCK_MINUTES)
}

pub fn set_lock_minutes(m: u32) {
    let _ = WebStorage::set(MINUTES_KEY, m.clamp(1, 240));
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Is the app locked when it opens for `profile`? When it was locked, or when it was
/// last used longer ago than the timeout, for an account that can be unlocked offline.
pub(super) fn starts_locked(profile: &Profile) -> bool {
    if offline_unlock::of(profile.user_id).is_none() {
        return false;
    }
    let idle = crate::local::read::<f64>(ACTIVE_KEY).map_or(0.0, |t| now() - t);
    crate::local::read::<bool>(LOCKED_KEY).unwrap_or(false)
        || idle > f64::from(lock_minutes()) * 60_000.0
}

impl AppSession {
    /// Notes the person's activity (taps and keys), so the lock waits for inactivity.
    pub(super) fn watch_activity(&self) {
        let _ = WebStorage::set(ACTIVE_KEY, now());
        let last = StoredValue::new(now());
        let touch = move || {
            let t = now();
            // Written at most every 10 s: enough for the start-up check.
            if t - last.get_value() > 10_000.0 {
                let _ = WebStorage::set(ACTIVE_KEY, t);
            }
            last.set_value(t);
        };
        std::mem::forget(window_event_listener(leptos::ev::pointerdown, move |_| {
            touch()
        }));
        std::mem::forget(window_event_listener(leptos::ev::keydown, move |_| touch()));
    }

    /// Locks when the signed-in user, who can unlock offline, has been idle long enough.
    pub(super) fn lock_if_idle(&self) {
        if self.locked.get_untracked() {
            return;
        }
        let Some(p) = self.profile.get_untracked() else {
            return;
        };
        let idle = crate::local::read::<f64>(ACTIVE_KEY).map_or(0.0, |t| now() - t);
        if offline_unlock::of(p.user_id).is_some() && idle > f64::from(lock_minutes()) * 60_000.0 {
            self.lock();
        }
    }

    /// Hides personal data until the user unlocks.
    pub fn lock(&self) {
        self.secret.set_value(None);
        let _ = WebStorage::set(LOCKED_KEY, true);
        self.locked.set(true);
    }

    pub(super) fn unlocked_now(&self) {
        let _ = WebStorage::set(LOCKED_KEY, false);
        let _ = WebStorage::set(ACTIVE_KEY, now());
        self.locked.set(false);
    }

    /// Can the signed-in user unlock with a PIN on this device?
    pub fn has_pin(&self) -> bool {
        self.profile
            .with_untracked(|p| p.as_ref().map(|p| p.user_id))
            .and_then(offline_unlock::of)
            .is_some()
    }

    /// Sets (or replaces) the PIN of the signed-in user on this device. Needs the
    /// server: it issues the secret the PIN protects.
    pub async fn set_pin(&self, pin: &str) -> Result<(), String> {
        offline_unlock::check_pin(pin)?;
        let profile = self
            .profile
            .get_untracked()
            .ok_or("Masuk terlebih dahulu.")?;
        let key = api::offline_key().await.map_err(|e| match e {
            ApiError::Offline => "Membuat PIN memerlukan koneksi ke server kantor.".to_string(),
            e => e.message(),
        })?;
        offline_unlock::seal(&profile, key.key_id, &key.secret, pin).await?;
        self.secret.set_value(Some((key.key_id, key.secret)));
        Ok(())
    }

    /// Removes the PIN of the signed-in user on this device (and on the server).
    pub async fn remove_pin(&self) {
        if let Some(p) = self.profile.get_untracked() {
            offline_unlock::remove(p.user_id);
            let _ = api::drop_offline_key().await;
        }
        self.secret.set_value(None);
    }

    /// Unlocks `user` with `pin`, offline too, and makes them the user of this device.
    pub async fn unlock(&self, user: Uuid, pin: &str) -> Result<(), UnlockError> {
        let (k, secret) = offline_unlock::open(user, pin).await?;
        let same = self.verified.get_value() == Some(user);
        if !same {
            self.verified.set_value(None);
        }
        self.secret.set_value(Some((k.key_id, secret)));
        self.become_user(k.profile).await;
        if online() && !same {
            let session = *self;
            spawn_local(async move {
                session.exchange_secret().await;
            });
        }
        self.sync_now();
        Ok(())
    }

    /// Hands the tablet to another person: this user is locked away (their data and
    /// queue stay), and the sign-in screen offers everyone who can unlock here.
    pub fn switch_user(&self) {
        self.secret.set_value(None);
        if let Some(store) = self.store.try_update_value(Option::take).flatten() {
            store.close();
        }
        WebStorage::delete(super::PROFILE_KEY);
        self.unlocked_now();
        self.status.set(super::SyncStatus::default());
        self.profile.set(None);
    }

    /// With the secret of a PIN unlock, asks the server for a session of our own. True
    /// when the device now has one. A secret the server no longer knows ends the offline
    /// unlock: the user signs in with the password.
    pub(super) async fn exchange_secret(&self) -> bool {
        let (Some((key_id, secret)), Some(p)) =
            (self.secret.get_value(), self.profile.get_untracked())
        else {
            return false;
        };
        let req = OfflineUnlock {
            key_id,
            secret,
            device_id: p.device_id.unwrap_or_else(super::device_id),
        };
        match api::offline_unlock(&req).await {
            Ok(fresh) => {
                self.verified.set_value(Some(fresh.user_id));
                offline_unlock::refresh_profile(&fresh);
                let _ = WebStorage::set(super::PROFILE_KEY, &fresh);
                self.profile.set(Some(fresh));
                self.set_status(|s| {
                    s.needs_sign_in = false;
                    s.last_error = None;
                });
                true
            }
            Err(ApiError::Offline) => false,
            Err(ApiError::DeviceRevoked(m)) => {
                self.set_status(|s| s.revoked = Some(m));
                false
            }
            Err(_) => {
                offline_unlock::remove(p.user_id);
                self.secret.set_value(None);
                self.set_status(|s| {
                    s.needs_sign_in = true;
                    s.last_error = Some(
                        "PIN di perangkat ini tidak berlaku lagi. Masuk dengan kata sandi; data yang belum terkirim tetap tersimpan."
                            .into(),
                    );
                });
                false
            }
        }
    }

    /// Is the server's session cookie this user's? Checked once after a switch or an
    /// offline unlock; until it is, nothing is sent.
    pub(super) async fn session_is_ours(&self) -> bool {
        let Some(p) = self.profile.get_untracked() else {
            return false;
        };
        if self.verified.get_value() == Some(p.user_id) {
            return true;
        }
        if self.exchange_secret().await {
            return true;
        }
        match api::me().await {
            Ok(me) if me.user_id == p.user_id => {
                self.verified.set_value(Some(p.user_id));
                true
            }
            Err(ApiError::Offline) => false,
            _ => {
                self.set_status(|s| {
                    s.needs_sign_in = true;
                    s.last_error = Some(
                        "Masuk kembali untuk mengirim data akun ini; data tetap tersimpan di perangkat."
                            .into(),
                    );
                });
                false
            }
        }
    }
}
