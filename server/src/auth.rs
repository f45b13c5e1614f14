//! Sessions and who is asking: the session cookie, the [`CurrentUser`] and [`SignedIn`]
//! extractors, role checks, and the bounded wait for a password check.
//!
//! # Sessions
//! A session slides: each use pushes its expiry to now + [`SESSION_TTL_MS`] (companions
//! work offline for days), but never past [`SESSION_MAX_MS`] after sign-in, so a stolen
//! cookie does not live for ever. An account whose password an admin reset (or that an
//! admin created) may use its session only to change the password ([`SignedIn`]); every
//! other call answers `password_change_required` until it has.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use reses_domain::Role;
use reses_domain::akses::{self, Tugas};
use reses_domain::auth::Profile;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::error::ApiError;

pub use crate::limiter::{LimitPolicy, LoginLimiter};

pub const COOKIE: &str = "reses_session";
/// Sessions slide: each use pushes expiry to now + this. Long, because companions work
/// offline for days and must still be able to sync when they are back.
pub const SESSION_TTL_MS: i64 = 14 * 24 * 3_600_000;
/// However much it is used, a session ends this long after sign-in.
pub const SESSION_MAX_MS: i64 = 30 * 24 * 3_600_000;
/// Expiry is pushed forward at most this often, to keep a write off every request.
const SLIDE_EVERY_MS: i64 = 3_600_000;

/// A new random session token (256 bits, hex) and the SHA-256 that is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/api; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_TTL_MS / 1000,
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{COOKIE}=; Path=/api; HttpOnly; SameSite=Strict; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

fn cookie_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The signed-in user of a request. Extracting it fails with 401 (`unauthenticated`,
/// `session_expired` or `device_revoked`) when there is no valid session, and with 403
/// `password_change_required` while the account must change its password.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub profile: Profile,
    pub device_id: Option<Uuid>,
    pub session_hash: String,
}

/// A signed-in user who may still have to change their password: for the few calls
/// that stay open then (who am I, change password, sign out).
#[derive(Debug, Clone)]
pub struct SignedIn(pub CurrentUser);

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.profile.role
    }

    pub fn id(&self) -> Uuid {
        self.profile.user_id
    }

    /// 403 unless the user has one of `roles`.
    /// May this user take `tugas`, by the domain's policy ([`akses::boleh`])? A 403 with
    /// the reason in words otherwise.
    pub fn require(&self, tugas: Tugas) -> Result<(), ApiError> {
        let role = self.profile.role;
        if akses::boleh(role, tugas) {
            return Ok(());
        }
        let peran = role.label();
        Err(ApiError::Forbidden(match tugas {
            Tugas::KantorReses => {
                format!("Ekspor data reses untuk staf Sekretariat DPRD, bukan {peran}.")
            }
            Tugas::ImporTamu => {
                format!("Daftar tamu diimpor oleh staf Sekretariat DPRD, bukan {peran}.")
            }
            Tugas::UnggahLampiran => format!("{peran} tidak mengunggah lampiran."),
            Tugas::ProsesIzin => format!("{peran} tidak memproses permohonan izin."),
            Tugas::CariStatusIzin => "Pencarian status izin untuk petugas.".into(),
            Tugas::KelolaAkun => format!("Peran {peran} tidak berwenang untuk tindakan ini."),
        }))
    }
}

async fn session_of(parts: &Parts, state: &AppState) -> Result<CurrentUser, ApiError> {
    let token = cookie_token(parts).ok_or(ApiError::Unauthenticated)?;
    let hash = token_hash(&token);
    let row = state.store.session(&hash).await?;
    let row = row.ok_or(ApiError::Unauthenticated)?;
    let now = state.clock.now();
    if row.device_revoked.is_some() {
        return Err(ApiError::DeviceRevoked);
    }
    if row.session_revoked.is_some() || !row.active {
        return Err(ApiError::Unauthenticated);
    }
    let end = row.created_at.saturating_add(SESSION_MAX_MS);
    if row.expires_at <= now || end <= now {
        return Err(ApiError::SessionExpired);
    }
    let slid = (now + SESSION_TTL_MS).min(end);
    if slid - row.expires_at >= SLIDE_EVERY_MS {
        state
            .store
            .slide_session(&hash, slid, row.device_id.as_deref(), now)
            .await?;
    }
    let parse = |s: &str| Uuid::parse_str(s).map_err(|e| ApiError::Internal(e.into()));
    Ok(CurrentUser {
        profile: Profile {
            user_id: parse(&row.user_id)?,
            username: row.username,
            display_name: row.display_name,
            role: Role::parse(&row.role)
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("unknown role {}", row.role)))?,
            subject_id: row.subject_id.as_deref().map(parse).transpose()?,
            must_change_password: row.must_change_password,
            device_id: row.device_id.as_deref().map(parse).transpose()?,
        },
        device_id: row.device_id.as_deref().map(parse).transpose()?,
        session_hash: hash,
    })
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = session_of(parts, state).await?;
        if user.profile.must_change_password {
            return Err(ApiError::PasswordChangeRequired);
        }
        Ok(user)
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        session_of(parts, state).await.map(SignedIn)
    }
}

/// The address a request came from: the TCP peer, or, behind a reverse proxy the
/// operator declared (`--behind-proxy`), the address the proxy appended last to
/// `X-Forwarded-For` (earlier entries are whatever the client claimed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.config.behind_proxy
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|s| s.trim().parse::<IpAddr>().ok())
        {
            return Ok(ClientAddr(ip));
        }
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        Ok(ClientAddr(peer))
    }
}

/// Threads that run argon2 (each check takes ~20–35 MiB and a core for a moment).
pub const PASSWORD_WORKERS: usize = 4;
/// Checks that may wait for a worker; beyond that a sign-in is told to retry (429).
const PASSWORD_QUEUE: usize = 64;
/// A sign-in waits this long for its check before it is told to retry (429).
const PASSWORD_WAIT: Duration = Duration::from_secs(10);

type Job = Box<dyn FnOnce() + Send>;

/// A few dedicated threads for argon2 hashing and verification, with a bounded queue.
/// Dedicated, not the async runtime's blocking pool: argon2's working memory then lives
/// in at most [`PASSWORD_WORKERS`] threads' heaps, whatever the number of callers, so
/// a crowd of sign-ins (or an attacker) cannot grow the process.
#[derive(Debug)]
pub struct PasswordPool {
    queue: std::sync::mpsc::SyncSender<Job>,
}

impl PasswordPool {
    pub fn new(workers: usize) -> Self {
        let (queue, jobs) = std::sync::mpsc::sync_channel::<Job>(PASSWORD_QUEUE);
        let jobs = Arc::new(std::sync::Mutex::new(jobs));
        for i in 0..workers.max(1) {
            let jobs = jobs.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    crate::password::reuse_memory_on_this_thread();
                    loop {
                        let job = jobs.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        match job {
                            Ok(job) => job(),
                            Err(_) => return, // the pool was dropped
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password worker");
            }
        }
        PasswordPool { queue }
    }

    /// Runs an argon2 hash or verification on a password worker.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let busy = ApiError::Busy {
            retry_after_secs: 5,
        };
        let (done, answer) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = done.send(work());
        });
        if self.queue.try_send(job).is_err() {
            return Err(busy);
        }
        match tokio::time::timeout(PASSWORD_WAIT, answer).await {
            Ok(Ok(out)) => Ok(out),
            Ok(Err(_)) => Err(ApiError::Internal(anyhow::anyhow!(
                "password worker stopped"
            ))),
            Err(_) => Err(busy),
        }
    }
}

/// Runs password work on the pool (see [`PasswordPool`]).
pub async fn password_work<T: Send + 'static>(
    pool: &PasswordPool,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    pool.run(work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }

    #[tokio::test]
    async fn password_checks_queue_for_the_workers_and_a_full_queue_says_retry() {
        let pool = Arc::new(PasswordPool::new(1));
        let slow = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(|| std::thread::sleep(Duration::from_millis(200)))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let t = std::time::Instant::now();
        pool.run(|| ()).await.unwrap();
        assert!(
            t.elapsed() >= Duration::from_millis(100),
            "it waited its turn"
        );
        slow.await.unwrap().unwrap();
        // Fill the worker and the queue: the next one is told to come back.
        let blocker = Arc::new(std::sync::Barrier::new(2));
        let b = blocker.clone();
        let held = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    b.wait();
                })
                .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut queued = Vec::new();
        for _ in 0..PASSWORD_QUEUE {
            let pool = pool.clone();
            queued.push(tokio::spawn(async move { pool.run(|| ()).await }));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(matches!(pool.run(|| ()).await, Err(ApiError::Busy { .. })));
        blocker.wait();
        held.await.unwrap().unwrap();
        for q in queued {
            q.await.unwrap().unwrap();
        }
    }
}
