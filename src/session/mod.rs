//! The signed-in user on this device: cached profile (so the app opens offline), the
//! user's own IndexedDB database, and the sync loop with its status for the UI.
//! [`unlock`]: the lock after inactivity, unlocking with a PIN, switching users.

pub mod unlock;

use gloo_storage::{LocalStorage as WebStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use reses_domain::auth::{LoginRequest, Profile};
use uuid::Uuid;

use crate::storage::{self, Store};
use crate::sync::api::{self, ApiError};
use crate::sync::engine::{SyncError, SyncReport};
use crate::sync::runner::sync_exclusive;
use reses_domain::jadwal::{Hasil, Jadwal, Keadaan, Langkah};

const PROFILE_KEY: &str = "reses.profile";
const DEVICE_KEY: &str = "reses.device";
/// The device id the server holds for each account that signed in on this browser.
const DEVICES_KEY: &str = "reses.devices";

/// What the UI shows about syncing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub running: bool,
    pub last_success: Option<f64>,
    pub last_error: Option<String>,
    /// Changes on this device not yet accepted by the server.
    pub unsent: u32,
    /// The login expired: sign in again (the queue is kept).
    pub needs_sign_in: bool,
    /// An admin revoked this device.
    pub revoked: Option<String>,
}

/// Shell-wide session state, provided once by the app.
#[derive(Debug, Clone, Copy)]
pub struct AppSession {
    pub profile: RwSignal<Option<Profile>>,
    pub status: RwSignal<SyncStatus>,
    /// Bumped whenever the records on this device may have changed (a local save, a sync
    /// pass, the store opening): screens that list records reload on it.
    pub data_rev: RwSignal<u32>,
    /// Bumped to ask for a sync pass now.
    requests: RwSignal<u32>,
    /// When the loop should run next on its own (ms since epoch).
    jadwal: StoredValue<Jadwal>,
    store: StoredValue<Option<Store>, LocalStorage>,
    /// Personal data is hidden until the user unlocks (PIN or password).
    pub locked: RwSignal<bool>,
    /// The offline-unlock secret, in memory only while unlocked with the PIN.
    secret: StoredValue<Option<(Uuid, String)>, LocalStorage>,
    /// The account the server's session cookie is known to be, if any: nothing is sent
    /// under another person's session after a switch on a shared tablet.
    verified: StoredValue<Option<Uuid>, LocalStorage>,
    /// The outbox's entry count behind `status.unsent`: the per-record count is read
    /// again only when it changes.
    unsent_entries: StoredValue<u32, LocalStorage>,
    /// A refresh of the unsent count is running / was asked for again meanwhile.
    refreshing: StoredValue<Recount, LocalStorage>,
}

pub fn use_session() -> AppSession {
    expect_context::<AppSession>()
}

/// This browser profile's device id, made once: what a first sign-in offers.
fn browser_device_id() -> Uuid {
    if let Some(id) = crate::local::read::<Uuid>(DEVICE_KEY) {
        return id;
    }
    let id = Uuid::now_v7();
    let _ = WebStorage::set(DEVICE_KEY, id);
    id
}

type DeviceIds = std::collections::BTreeMap<String, Uuid>;

/// The device id to sign in `username` with: the one the server gave this account on
/// this browser before, else the browser's own. The server binds a device id to the
/// account that registered it and answers with a new one for anybody else.
fn device_for(username: &str) -> Uuid {
    crate::local::read::<DeviceIds>(DEVICES_KEY)
        .and_then(|m| m.get(&username.to_lowercase()).copied())
        .unwrap_or_else(browser_device_id)
}

fn remember_device(username: &str, id: Uuid) {
    let mut map = crate::local::read::<DeviceIds>(DEVICES_KEY).unwrap_or_default();
    map.insert(username.to_lowercase(), id);
    let _ = WebStorage::set(DEVICES_KEY, map);
}

/// The device id of the signed-in account on this browser (what its records name).
pub fn device_id() -> Uuid {
    crate::local::read::<Profile>(PROFILE_KEY)
        .and_then(|p| p.device_id)
        .unwrap_or_else(browser_device_id)
}

/// The unsent count's refresh: one at a time (`running`); a call meanwhile asks for
/// another look when it ends (`again`), at once when a save asked for it (`now`).
#[derive(Debug, Clone, Copy, Default)]
struct Recount {
    running: bool,
    again: bool,
    now: bool,
}

impl AppSession {
    /// Restores the cached session (offline too) and starts the sync loop.
    pub fn provide() -> AppSession {
        let profile = crate::local::read::<Profile>(PROFILE_KEY);
        let session = AppSession {
            verified: StoredValue::new_local(profile.as_ref().map(|p| p.user_id)),
            locked: RwSignal::new(profile.as_ref().is_some_and(unlock::starts_locked)),
            profile: RwSignal::new(profile),
            status: RwSignal::new(SyncStatus::default()),
            data_rev: RwSignal::new(0),
            requests: RwSignal::new(1),
            jadwal: StoredValue::new(Jadwal::default()),
            store: StoredValue::new_local(None),
            unsent_entries: StoredValue::new_local(u32::MAX),
            refreshing: StoredValue::new_local(Recount::default()),
            secret: StoredValue::new_local(None),
        };
        provide_context(session);
        session.watch_activity();
        if let Some(p) = session.profile.get_untracked() {
            spawn_local(async move { session.open_store(&p).await });
        }
        session.start_loop();
        std::mem::forget(window_event_listener(leptos::ev::online, move |_| {
            session.sync_now()
        }));
        session
    }

    /// The signed-in user's store, once it is open.
    pub fn store(&self) -> Option<Store> {
        self.store.with_value(Clone::clone)
    }

    /// The store, waiting (up to 5 s) while it opens after a start or a sign-in, so
    /// that a screen loading at that moment shows its data, not an empty list.
    pub async fn store_ready(&self) -> Option<Store> {
        for _ in 0..100 {
            if let Some(s) = self.store() {
                return Some(s);
            }
            // Signed out meanwhile: there is no store to wait for.
            self.profile.get_untracked()?;
            sleep_ms(50).await;
        }
        None
    }

    async fn open_store(&self, profile: &Profile) {
        match Store::open(&profile.user_id.to_string()).await {
            Ok(store) => {
                // The last success survives a reload: it is the device's, not the tab's.
                let last = store.last_sync().await.ok().flatten();
                self.set_status(|s| s.last_success = last);
                self.unsent_entries.set_value(u32::MAX);
                self.store.set_value(Some(store));
                self.data_rev.update(|n| *n += 1);
                self.refresh_unsent().await;
                self.sync_now();
                storage::request_persistence().await;
            }
            Err(e) => self.set_status(|s| s.last_error = Some(e.message())),
        }
    }

    /// Signs in online. `device_name` names this device at its first sign-in.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        device_name: &str,
    ) -> Result<(), ApiError> {
        let username = username.trim();
        let profile = api::login(&LoginRequest {
            username: username.to_string(),
            password: password.to_string(),
            device_id: device_for(username),
            device_name: device_name.trim().to_string(),
        })
        .await?;
        if let Some(d) = profile.device_id {
            remember_device(username, d);
        }
        self.verified.set_value(Some(profile.user_id));
        self.secret.set_value(None);
        crate::offline_unlock::refresh_profile(&profile);
        self.become_user(profile).await;
        Ok(())
    }

    /// Makes `profile` the user of this device: their own database opens, the other
    /// one's closes (nothing of it is deleted).
    async fn become_user(&self, profile: Profile) {
        let _ = WebStorage::set(PROFILE_KEY, &profile);
        let same = self
            .profile
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.user_id == profile.user_id));
        self.unlocked_now();
        if same && self.store().is_some() {
            // Signed in again after the login expired: the queue goes out now.
            self.profile.set(Some(profile));
            self.set_status(|s| {
                s.needs_sign_in = false;
                s.last_error = None;
            });
            self.sync_now();
            return;
        }
        if let Some(old) = self.store.try_update_value(Option::take).flatten() {
            old.close();
        }
        self.status.set(SyncStatus::default());
        self.profile.set(Some(profile.clone()));
        self.open_store(&profile).await;
    }

    /// Has this browser never signed anyone in (the device gets a name then)?
    pub fn first_sign_in_here() -> bool {
        crate::local::read::<DeviceIds>(DEVICES_KEY).is_none_or(|m| m.is_empty())
            && crate::local::read::<Uuid>(DEVICE_KEY).is_none()
    }

    /// The password was changed: the account may use the whole app again.
    pub fn password_changed(&self) {
        self.profile.update(|p| {
            if let Some(p) = p {
                p.must_change_password = false;
                let _ = WebStorage::set(PROFILE_KEY, &*p);
            }
        });
        self.set_status(|s| s.last_error = None);
        self.sync_now();
    }

    /// Must the signed-in user change their password before anything else?
    pub fn must_change_password(&self) -> bool {
        self.profile
            .with(|p| p.as_ref().is_some_and(|p| p.must_change_password))
    }

    /// Signs out. Unsynced records stay in this user's database on the device and are
    /// sent when they sign in again; nothing is deleted.
    pub async fn sign_out(&self) {
        let _ = api::logout().await;
        self.verified.set_value(None);
        self.secret.set_value(None);
        self.unlocked_now();
        WebStorage::delete(PROFILE_KEY);
        if let Some(store) = self.store.try_update_value(Option::take).flatten() {
            store.close();
        }
        self.status.set(SyncStatus::default());
        self.profile.set(None);
    }

    /// May the signed-in user change records of `kind` wherever they are (the office
    /// screens)? The policy the server applies (`reses_domain::akses`); screens hide what
    /// would be refused.
    pub fn boleh_menulis(&self, kind: reses_domain::sync::RecordKind) -> bool {
        self.profile
            .get_untracked()
            .is_some_and(|p| reses_domain::akses::boleh_ubah(p.role, kind))
    }

    /// May the signed-in user take `tugas` (the same policy as the server's)?
    pub fn boleh(&self, tugas: reses_domain::akses::Tugas) -> bool {
        self.profile
            .get_untracked()
            .is_some_and(|p| reses_domain::akses::boleh(p.role, tugas))
    }

    /// Asks for a sync pass as soon as possible.
    pub fn sync_now(&self) {
        self.requests.update(|n| *n += 1);
    }

    /// Call after saving a change locally: updates the badge and pushes soon.
    pub fn changed(&self) {
        self.data_rev.update(|n| *n += 1);
        let session = *self;
        spawn_local(async move { session.recount(true).await });
        self.jadwal
            .update_value(|j| j.ada_perubahan(js_sys::Date::now()));
    }

    /// Brings the unsent count up to date. One refresh runs at a time: a call while one
    /// runs makes it look again when it ends, so an older count read before a commit can
    /// never land after a newer one. While commits keep coming (a bulk write, a sync
    /// pass settling its batches) it looks again only after [`RECOUNT_MS`] and five
    /// times as long as the last look took: counting the records walks the outbox in a
    /// read transaction, which the writes it counts queue behind: counted after every
    /// commit, writing 10,000 changes took four times as long and syncing them twice.
    pub async fn refresh_unsent(&self) {
        self.recount(false).await;
    }

    /// [`refresh_unsent`](Self::refresh_unsent) after a save the person just made: when
    /// a count is running, the next look follows it at once (the badge shows the save
    /// right away), not after the wait meant for a stream of commits.
    async fn recount(&self, now: bool) {
        let r = self.refreshing.get_value();
        if r.running {
            self.refreshing.set_value(Recount {
                running: true,
                again: true,
                now: r.now || now,
            });
            return;
        }
        self.refreshing.set_value(Recount {
            running: true,
            ..Recount::default()
        });
        loop {
            let started = js_sys::Date::now();
            self.read_unsent().await;
            let r = self.refreshing.get_value();
            if !r.again {
                break;
            }
            self.refreshing.set_value(Recount {
                running: true,
                ..Recount::default()
            });
            let took = js_sys::Date::now() - started;
            let wait = RECOUNT_MS.max(5.0 * took) - took;
            if wait > 0.0 && !r.now {
                sleep_ms(wait as i32).await;
            }
        }
        self.refreshing.set_value(Recount::default());
    }

    async fn read_unsent(&self) {
        let Some(store) = self.store() else { return };
        match store.unsent().await {
            Ok(n) if n == self.unsent_entries.get_value() => {}
            Ok(n) => match store.unsent_records(n).await {
                Ok(records) => {
                    self.unsent_entries.set_value(n);
                    self.set_status(|s| s.unsent = records);
                }
                Err(e) => self.set_status(|s| s.last_error = Some(e.message())),
            },
            Err(e) => self.set_status(|s| s.last_error = Some(e.message())),
        }
    }

    /// The sync loop: at every tick it asks the schedule (`reses_domain::jadwal`) what
    /// to do, runs a pass under the device-wide lock when told, and reports the result.
    fn start_loop(&self) {
        let session = *self;
        session.listen_for_changes();
        spawn_local(async move {
            let mut tick = 0u32;
            loop {
                sleep_ms(400).await;
                let Some(store) = session.store() else {
                    continue;
                };
                tick = tick.wrapping_add(1);
                if tick.is_multiple_of(5) {
                    session.lock_if_idle();
                }
                let keadaan = Keadaan {
                    dapat_sinkron: session.can_sync().await,
                    permintaan: session.requests.get_untracked(),
                };
                let now = js_sys::Date::now();
                let Langkah::Sinkronkan { permintaan } =
                    session.jadwal.with_value(|j| j.langkah(keadaan, now))
                else {
                    continue;
                };
                session.set_status(|s| s.running = true);
                let result = sync_exclusive(store).await;
                session.set_status(|s| s.running = false);
                let hasil = match result {
                    // Another tab is syncing; look again at the next interval.
                    None => Hasil::Sibuk,
                    Some(result) => session.after_pass(result).await,
                };
                let (now, random) = (js_sys::Date::now(), js_sys::Math::random());
                session
                    .jadwal
                    .update_value(|j| j.selesai(permintaan, hasil, now, random));
                session.refresh_unsent().await;
            }
        });
    }

    /// Other tabs (and other code) write to the same database: when any of them commits,
    /// the badge is brought up to date (a count of the outbox; the records are read again
    /// only when the count moved).
    fn listen_for_changes(&self) {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        let Ok(channel) = web_sys::BroadcastChannel::new(storage::CHANNEL) else {
            return;
        };
        let session = *self;
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| {
            spawn_local(async move { session.refresh_unsent().await });
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // For the app's lifetime, like the loop itself.
        on_message.forget();
        std::mem::forget(channel);
    }

    /// May a pass run now: online, signed in with our own session, nothing to ask of
    /// the person first?
    async fn can_sync(&self) -> bool {
        let status = self.status.get_untracked();
        let blocked = self
            .profile
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.must_change_password));
        if status.needs_sign_in || status.revoked.is_some() || blocked || !online() {
            return false;
        }
        // After a switch or an offline unlock the cookie may be someone else's.
        self.session_is_ours().await
    }

    /// Shows how a pass ended, and what it means for the schedule.
    async fn after_pass(&self, result: Result<SyncReport, SyncError>) -> Hasil {
        match result {
            Ok(report) => {
                // Sync states and pulled records changed: lists reload.
                if report.pushed + report.pulled > 0 {
                    self.data_rev.update(|n| *n += 1);
                }
                self.set_status(|s| {
                    s.last_success = Some(js_sys::Date::now());
                    s.last_error = None;
                });
                Hasil::Berhasil
            }
            Err(SyncError::Api(ApiError::SignInAgain(m))) => {
                // Unlocked with the PIN: the device's secret opens a new session.
                if !self.exchange_secret().await {
                    self.set_status(|s| {
                        s.needs_sign_in = true;
                        s.last_error = Some(m);
                    });
                }
                Hasil::Tertahan
            }
            Err(SyncError::Api(ApiError::DeviceRevoked(m))) => {
                self.set_status(|s| s.revoked = Some(m));
                Hasil::Tertahan
            }
            Err(SyncError::Api(ApiError::Refused {
                code: reses_domain::ErrorCode::PasswordChangeRequired,
                message,
            })) => {
                self.profile.update(|p| {
                    if let Some(p) = p {
                        p.must_change_password = true;
                    }
                });
                self.set_status(|s| s.last_error = Some(message));
                Hasil::Tertahan
            }
            Err(e) => {
                self.set_status(|s| s.last_error = Some(e.message()));
                Hasil::Gagal
            }
        }
    }

    /// Changes the sync status, notifying the screens only when something changed (so
    /// the Sinkronisasi screen re-reads the outbox on a change, not on every tick).
    pub(crate) fn set_status(&self, f: impl FnOnce(&mut SyncStatus)) {
        let mut next = self.status.get_untracked();
        f(&mut next);
        self.put_status(next);
    }

    /// Not generic: one copy of the compare-and-notify in the app.
    fn put_status(&self, next: SyncStatus) {
        self.status.maybe_update(|s| {
            let changed = *s != next;
            if changed {
                *s = next;
            }
            changed
        });
    }
}

pub(crate) fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The shortest time between two counts of the unsent records while commits keep
/// coming (see [`AppSession::refresh_unsent`]); a single save is counted at once.
const RECOUNT_MS: f64 = 1000.0;

pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// "Chrome di Android" from a User-Agent; what the sign-in form offers as a name too.
pub fn guess_device_name(ua: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(k, _)| ua.contains(k))
    .map_or("Peramban", |(_, v)| v);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(k, _)| ua.contains(k))
    .map_or("perangkat", |(_, v)| v);
    format!("{browser} di {system}")
}
