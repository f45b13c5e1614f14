//! Sessions and who is asking: the session cookie, the [`CurrentUser`] extractor, role
//! checks, and the login rate limiter.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use reses_domain::Role;
use reses_domain::auth::Profile;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::demo::now_ms;
use crate::error::ApiError;

pub const COOKIE: &str = "reses_session";
/// Sessions slide: each use pushes expiry to now + this. Long, because companions work
/// offline for days and must still be able to sync when they are back.
pub const SESSION_TTL_MS: i64 = 14 * 24 * 3_600_000;
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
/// `session_expired` or `device_revoked`) when there is no valid session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub profile: Profile,
    pub device_id: Option<Uuid>,
    pub session_hash: String,
}

impl CurrentUser {
    pub fn role(&self) -> Role {
        self.profile.role
    }

    pub fn id(&self) -> Uuid {
        self.profile.user_id
    }

    /// 403 unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.profile.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "Peran {} tidak berwenang untuk tindakan ini.",
                self.profile.role.label()
            )))
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: String,
    username: String,
    display_name: String,
    role: String,
    subject_id: Option<String>,
    active: bool,
    device_id: Option<String>,
    expires_at: i64,
    session_revoked: Option<i64>,
    device_revoked: Option<i64>,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = cookie_token(parts).ok_or(ApiError::Unauthenticated)?;
        let hash = token_hash(&token);
        let row: Option<SessionRow> = sqlx::query_as(
            "select u.id as user_id, u.username, u.display_name, u.role, u.subject_id, u.active,
                    s.device_id, s.expires_at, s.revoked_at as session_revoked,
                    d.revoked_at as device_revoked
             from sessions s join users u on u.id = s.user_id
             left join devices d on d.id = s.device_id
             where s.token_hash = ?",
        )
        .bind(&hash)
        .fetch_optional(&state.db)
        .await?;
        let row = row.ok_or(ApiError::Unauthenticated)?;
        let now = now_ms();
        if row.device_revoked.is_some() {
            return Err(ApiError::DeviceRevoked);
        }
        if row.session_revoked.is_some() || !row.active {
            return Err(ApiError::Unauthenticated);
        }
        if row.expires_at <= now {
            return Err(ApiError::SessionExpired);
        }
        if row.expires_at - now < SESSION_TTL_MS - SLIDE_EVERY_MS {
            sqlx::query("update sessions set expires_at = ? where token_hash = ?")
                .bind(now + SESSION_TTL_MS)
                .bind(&hash)
                .execute(&state.db)
                .await?;
            if let Some(d) = &row.device_id {
                sqlx::query("update devices set last_seen = ? where id = ?")
                    .bind(now)
                    .bind(d)
                    .execute(&state.db)
                    .await?;
            }
        }
        let parse = |s: &str| Uuid::parse_str(s).map_err(|e| ApiError::Internal(e.into()));
        Ok(CurrentUser {
            profile: Profile {
                user_id: parse(&row.user_id)?,
                username: row.username,
                display_name: row.display_name,
                role: Role::parse(&row.role).ok_or_else(|| {
                    ApiError::Internal(anyhow::anyhow!("unknown role {}", row.role))
                })?,
                subject_id: row.subject_id.as_deref().map(parse).transpose()?,
            },
            device_id: row.device_id.as_deref().map(parse).transpose()?,
            session_hash: hash,
        })
    }
}

/// Failed sign-ins per username: each failure slows the answer down; after
/// [`LoginLimiter::MAX_FAILURES`] within the window the username is locked for a while.
#[derive(Debug)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Failures>>,
    /// Added to a failed answer per earlier failure (capped at 2 s). Tests set it to 0.
    pub delay_per_failure: Duration,
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
    locked_until: Option<Instant>,
}

impl LoginLimiter {
    pub const MAX_FAILURES: u32 = 5;
    pub const WINDOW: Duration = Duration::from_secs(15 * 60);
    pub const LOCK: Duration = Duration::from_secs(5 * 60);

    pub fn new(delay_per_failure: Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            delay_per_failure,
        }
    }

    /// `Err(seconds left)` while the username is locked.
    pub fn check(&self, username: &str) -> Result<(), u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match map
            .get(&username.to_lowercase())
            .and_then(|f| f.locked_until)
        {
            Some(until) if until > Instant::now() => Err((until - Instant::now()).as_secs().max(1)),
            _ => Ok(()),
        }
    }

    /// Records a failure; returns how long to hold the answer back.
    pub fn fail(&self, username: &str) -> Duration {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let f = map.entry(username.to_lowercase()).or_insert(Failures {
            count: 0,
            first: now,
            locked_until: None,
        });
        if now - f.first > Self::WINDOW || f.locked_until.is_some_and(|u| u <= now) {
            *f = Failures {
                count: 0,
                first: now,
                locked_until: None,
            };
        }
        f.count += 1;
        if f.count >= Self::MAX_FAILURES {
            f.locked_until = Some(now + Self::LOCK);
        }
        (self.delay_per_failure * f.count).min(Duration::from_secs(2))
    }

    pub fn succeed(&self, username: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&username.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_username_and_success_clears_it() {
        let l = LoginLimiter::new(Duration::ZERO);
        for _ in 0..4 {
            l.fail("Staf");
            assert!(l.check("staf").is_ok());
        }
        l.fail("staf");
        let left = l.check("STAF").unwrap_err();
        assert!(left > 200 && left <= 300, "{left}");
        assert!(l.check("admin").is_ok(), "other users are not affected");
        l.succeed("staf");
        assert!(l.check("staf").is_ok());
    }

    #[test]
    fn failures_slow_the_answer_down_up_to_two_seconds() {
        let l = LoginLimiter::new(Duration::from_millis(300));
        assert_eq!(l.fail("x"), Duration::from_millis(300));
        assert_eq!(l.fail("x"), Duration::from_millis(600));
        for _ in 0..10 {
            l.fail("y");
        }
        assert!(l.fail("y") <= Duration::from_secs(2));
    }

    #[test]
    fn session_tokens_are_random_and_only_their_hash_is_kept() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }
}
