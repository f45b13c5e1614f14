//! Unlocking the app offline with a PIN.
//!
//! At an online sign-in the user sets a PIN of at least six digits on this device. The
//! server gives the device a random offline secret (`POST /api/auth/offline-key`); the
//! app keeps it only encrypted (AES-GCM) under a key derived from the PIN with PBKDF2
//! (SHA-256, [`ITERATIONS`] rounds, a random salt) in WebCrypto. Neither the PIN nor the
//! secret is stored in the clear.
//!
//! Unlocking decrypts the secret: a wrong PIN fails the decryption. After
//! [`MAX_FAILURES`] wrong PINs in a row (with growing waits after the third) the
//! encrypted secret is deleted and only a password sign-in, online, opens the account
//! again. Back online, the secret gets the device a session without the password; the
//! server ends it with a password change or reset, a disabled account, ended sessions
//! or a revoked device. What an unlock protects against is a person picking up an
//! unlocked tablet; someone who copies the browser's storage still has to run the
//! PBKDF2 rounds for every PIN they try, and a lost tablet is revoked at the office.

use gloo_storage::{LocalStorage as WebStorage, Storage};
use js_sys::{Object, Reflect, Uint8Array};
use reses_domain::auth::Profile;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const KEY: &str = "reses.kunci";
/// PBKDF2-SHA256 rounds (OWASP's figure for 2023): about half a second on a phone.
pub const ITERATIONS: u32 = 600_000;
/// Wrong PINs in a row before the offline unlock of this account is wiped.
pub const MAX_FAILURES: u32 = 5;
/// Shortest PIN.
pub const MIN_PIN: usize = 6;

/// The offline unlock of one account on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kunci {
    pub profile: Profile,
    pub key_id: Uuid,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    /// The server's secret, encrypted under the PIN-derived key.
    pub sealed: Vec<u8>,
    pub iterations: u32,
    #[serde(default)]
    pub failures: u32,
    /// No attempt before this time (ms since epoch).
    #[serde(default)]
    pub wait_until: f64,
}

/// Why an unlock did not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnlockError {
    /// Wrong PIN; this many attempts are left before the unlock is wiped.
    Wrong {
        left: u32,
    },
    /// Too many wrong PINs: wait this many seconds.
    Wait {
        seconds: u64,
    },
    /// Wiped after too many wrong PINs (or never set up).
    Gone,
    Crypto(String),
}

impl UnlockError {
    pub fn message(&self) -> String {
        match self {
            UnlockError::Wrong { left } => {
                format!("PIN salah. Sisa {left} percobaan sebelum PIN di perangkat ini dihapus.")
            }
            UnlockError::Wait { seconds } => {
                format!("Terlalu banyak PIN salah. Coba lagi dalam {seconds} detik.")
            }
            UnlockError::Gone => "PIN di perangkat ini sudah dihapus karena terlalu sering salah. \
                Masuk dengan kata sandi saat ada koneksi; data yang belum terkirim tetap tersimpan."
                .into(),
            UnlockError::Crypto(e) => format!("PIN tidak dapat diperiksa di peramban ini ({e})."),
        }
    }
}

/// A PIN the app accepts: digits only, at least [`MIN_PIN`] of them.
pub fn check_pin(pin: &str) -> Result<(), String> {
    if pin.len() < MIN_PIN || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("PIN harus terdiri dari minimal {MIN_PIN} angka."));
    }
    if pin.len() > 12 {
        return Err("PIN paling panjang 12 angka.".into());
    }
    Ok(())
}

type Map = std::collections::BTreeMap<Uuid, Kunci>;

fn all() -> Map {
    crate::local::read::<Map>(KEY).unwrap_or_default()
}

fn put(k: &Kunci) {
    let mut map = all();
    map.insert(k.profile.user_id, k.clone());
    let _ = WebStorage::set(KEY, map);
}

/// The accounts that can be unlocked offline on this device.
pub fn accounts() -> Vec<Kunci> {
    all().into_values().collect()
}

pub fn of(user: Uuid) -> Option<Kunci> {
    all().remove(&user)
}

/// Forgets the offline unlock of `user` on this device (the records stay).
pub fn remove(user: Uuid) {
    let mut map = all();
    map.remove(&user);
    let _ = WebStorage::set(KEY, map);
}

/// The wait before the next attempt after `failures` wrong PINs: none for the first
/// three, then 30 s, 60 s, …
pub fn wait_after(failures: u32) -> f64 {
    if failures < 3 {
        0.0
    } else {
        30_000.0 * 2f64.powi(failures as i32 - 3)
    }
}

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    Ok(web_sys::window()
        .ok_or("tidak ada jendela")?
        .crypto()
        .map_err(|_| "WebCrypto tidak tersedia")?
        .subtle())
}

fn err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "kesalahan WebCrypto".into())
}

fn dict(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn random(n: usize) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; n];
    web_sys::window()
        .ok_or("tidak ada jendela")?
        .crypto()
        .map_err(err)?
        .get_random_values_with_u8_array(&mut buf)
        .map_err(err)?;
    Ok(buf)
}

/// The AES-GCM key derived from `pin` and `salt`.
async fn derive(pin: &str, salt: &[u8], iterations: u32) -> Result<web_sys::CryptoKey, String> {
    let subtle = subtle()?;
    let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
    let raw = Uint8Array::from(pin.as_bytes());
    let base = JsFuture::from(
        subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages)
            .map_err(err)?,
    )
    .await
    .map_err(err)?;
    let params = dict(&[
        ("name", "PBKDF2".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
        ("hash", "SHA-256".into()),
    ]);
    let aes = dict(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = js_sys::Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(
                &params,
                &base.unchecked_into(),
                &aes,
                false,
                &usages,
            )
            .map_err(err)?,
    )
    .await
    .map_err(err)?;
    Ok(key.unchecked_into())
}

/// Seals the server's `secret` under `pin` for `profile`.
pub async fn seal(
    profile: &Profile,
    key_id: Uuid,
    secret: &str,
    pin: &str,
) -> Result<Kunci, String> {
    check_pin(pin)?;
    let salt = random(16)?;
    let iv = random(12)?;
    let key = derive(pin, &salt, ITERATIONS).await?;
    let params = dict(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&iv[..]).into()),
    ]);
    let sealed = JsFuture::from(
        subtle()?
            .encrypt_with_object_and_u8_array(&params, &key, secret.as_bytes())
            .map_err(err)?,
    )
    .await
    .map_err(err)?;
    let k = Kunci {
        profile: profile.clone(),
        key_id,
        salt,
        iv,
        sealed: Uint8Array::new(&sealed).to_vec(),
        iterations: ITERATIONS,
        failures: 0,
        wait_until: 0.0,
    };
    put(&k);
    Ok(k)
}

/// Opens the offline unlock of `user` with `pin`: the server secret, or why not.
/// Counts failures and wipes the unlock after [`MAX_FAILURES`].
pub async fn open(user: Uuid, pin: &str) -> Result<(Kunci, String), UnlockError> {
    let mut k = of(user).ok_or(UnlockError::Gone)?;
    let now = js_sys::Date::now();
    if k.wait_until > now {
        return Err(UnlockError::Wait {
            seconds: ((k.wait_until - now) / 1000.0).ceil() as u64,
        });
    }
    let key = derive(pin, &k.salt, k.iterations)
        .await
        .map_err(UnlockError::Crypto)?;
    let params = dict(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(&k.iv[..]).into()),
    ]);
    let subtle = subtle().map_err(UnlockError::Crypto)?;
    let attempt = match subtle.decrypt_with_object_and_u8_array(&params, &key, &k.sealed) {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    match attempt.and_then(|plain| String::from_utf8(Uint8Array::new(&plain).to_vec()).ok()) {
        Some(secret) => {
            k.failures = 0;
            k.wait_until = 0.0;
            put(&k);
            Ok((k, secret))
        }
        None => {
            k.failures += 1;
            if k.failures >= MAX_FAILURES {
                remove(user);
                return Err(UnlockError::Gone);
            }
            k.wait_until = js_sys::Date::now() + wait_after(k.failures);
            put(&k);
            Err(UnlockError::Wrong {
                left: MAX_FAILURES - k.failures,
            })
        }
    }
}

/// Keeps the profile stored with the unlock up to date (a new display name).
pub fn refresh_profile(profile: &Profile) {
    if let Some(mut k) = of(profile.user_id) {
        k.profile = profile.clone();
        put(&k);
    }
}
