//! Sign-in, sign-out, who am I, and changing one's own password.
//!
//! A sign-in is bounded before it costs anything: a username longer than any account
//! name or an oversized password is refused before the limiter, the log or argon2 see
//! it; failures are counted per username and address ([`crate::limiter`]); password
//! checks queue for a few slots ([`crate::auth::password_work`]).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::auth::{
    LoginRequest, MAX_PASSWORD_BYTES, MAX_USERNAME_CHARS, OfflineKey, OfflineUnlock,
    PasswordChange, Profile,
};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{
    ClientAddr, CurrentUser, SESSION_TTL_MS, SignedIn, clear_cookie, new_token, password_work,
    session_cookie, token_hash,
};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::limiter::Origin;
use crate::password;
use crate::store::{NewSession, UserRow};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/password", post(change_password))
        .route(
            "/auth/offline-key",
            post(issue_offline_key).delete(drop_offline_key),
        )
        .route("/auth/offline-unlock", post(offline_unlock))
}

const WRONG: &str = "Nama pengguna atau kata sandi salah.";

#[tracing::instrument(skip_all)]
async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let username = req.username.trim().to_string();
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiError::BadRequest(
            "Isi nama pengguna dan kata sandi.".into(),
        ));
    }
    // No account name is longer: nothing of such a request is kept or logged.
    if username.chars().count() > MAX_USERNAME_CHARS || req.password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::BadRequest(WRONG.into()));
    }
    let row = state.store.user_by_name(&username).await?;
    let own_device = match &row {
        Some(u) => state
            .store
            .device_owned(req.device_id, &u.id)
            .await?
            .then_some(req.device_id),
        None => None,
    };
    let origin = Origin {
        address,
        own_device,
    };
    let limiter = &state.limiter;
    if let Err(secs) = limiter
        .check(&state.store, &username, origin, state.clock.now())
        .await?
    {
        return Err(ApiError::TooManyRequests {
            retry_after_secs: secs,
        });
    }
    // Verify against a real hash even for unknown users, so timing does not tell which
    // usernames exist.
    let hash = row
        .as_ref()
        .map_or(state.dummy_hash.as_str(), |r| r.password_hash.as_str())
        .to_string();
    let pw = req.password.clone();
    let ok = password_work(&state.password_checks, move || password::verify(&pw, &hash)).await?;
    let user = match row {
        Some(r) if ok => r,
        _ => {
            let now = state.clock.now();
            let delay = limiter.fail(&state.store, &username, origin, now).await?;
            tokio::time::sleep(delay).await;
            tracing::info!(%address, "login failed");
            if let Err(secs) = limiter.check(&state.store, &username, origin, now).await? {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: secs,
                });
            }
            return Err(ApiError::BadRequest(WRONG.into()));
        }
    };
    limiter.succeed(&state.store, &username, origin).await?;
    if !user.active {
        return Err(ApiError::Forbidden(
            "Akun ini dinonaktifkan. Hubungi admin Sekretariat DPRD.".into(),
        ));
    }

    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let name = reses_domain::auth::clean_device_name(&req.device_name);
    let (device_id, token) = open_session(&state, &user.id, req.device_id, &agent, &name).await?;
    tracing::info!(user = %user.id, "login");

    signed_in(&state, user, device_id, &token)
}

/// The answer to a successful sign-in: the profile, and the session cookie.
fn signed_in(
    state: &AppState,
    user: UserRow,
    device_id: Uuid,
    token: &str,
) -> Result<Response, ApiError> {
    let profile = Profile {
        user_id: Uuid::parse_str(&user.id).map_err(|e| ApiError::Internal(e.into()))?,
        username: user.username,
        display_name: user.display_name,
        role: Role::parse(&user.role)
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("unknown role")))?,
        subject_id: user
            .subject_id
            .as_deref()
            .and_then(|s| Uuid::parse_str(s).ok()),
        must_change_password: user.must_change_password,
        device_id: Some(device_id),
    };
    Ok((
        [
            (
                header::SET_COOKIE,
                session_cookie(token, state.config.secure_cookies),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Json(profile),
    )
        .into_response())
}

/// Registers the device (bound to the account that first used its id) and stores a new
/// session. Returns the device id the session is under and the session token.
async fn open_session(
    state: &AppState,
    user_id: &str,
    asked: Uuid,
    agent: &str,
    name: &str,
) -> Result<(Uuid, String), ApiError> {
    let now = state.clock.now();
    let (token, token_hash) = new_token();
    let device = state
        .store
        .open_session(NewSession {
            user_id,
            device: asked,
            user_agent: agent,
            device_name: name,
            token_hash: &token_hash,
            now,
            expires_at: now + SESSION_TTL_MS,
        })
        .await?
        .ok_or(ApiError::DeviceRevoked)?;
    Ok((device, token))
}

async fn logout(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<Response, ApiError> {
    state
        .store
        .end_session(&user.session_hash, state.clock.now())
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            clear_cookie(state.config.secure_cookies),
        )],
    )
        .into_response())
}

async fn me(SignedIn(user): SignedIn) -> Json<Profile> {
    Json(user.profile)
}

/// The signed-in user sets a new password, proving the current one. Every other
/// session of the account ends; this one stays, and may now do everything again.
#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn change_password(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    ApiJson(req): ApiJson<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    if req.current.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::BadRequest("Kata sandi saat ini salah.".into()));
    }
    req.validate()
        .map_err(|e| ApiError::BadRequest(e.message))?;
    let stored = state
        .store
        .password_hash(user.id())
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let (current, new) = (req.current.clone(), req.new.clone());
    let hashed = password_work(&state.password_checks, move || {
        password::verify(&current, &stored).then(|| password::hash(&new))
    })
    .await?;
    let Some(hash) = hashed else {
        return Err(ApiError::BadRequest("Kata sandi saat ini salah.".into()));
    };
    let hash = hash?;
    state
        .store
        .change_password(
            user.id(),
            &hash,
            &user.session_hash,
            user.device_id,
            state.clock.now(),
        )
        .await?;
    tracing::info!("password changed");
    Ok(StatusCode::NO_CONTENT)
}

/// Gives this device a new offline-unlock secret for the signed-in account (any earlier
/// one of this account on this device ends).
async fn issue_offline_key(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<OfflineKey>, ApiError> {
    let device = user.device_id.ok_or_else(|| {
        ApiError::BadRequest(
            "Sesi ini tidak terikat pada perangkat; masuk lagi dari aplikasi.".into(),
        )
    })?;
    let (secret, secret_hash) = new_token();
    let key_id = Uuid::now_v7();
    state
        .store
        .issue_offline_key(user.id(), device, key_id, &secret_hash, state.clock.now())
        .await?;
    tracing::info!(user = %user.id(), %device, "offline key issued");
    Ok(Json(OfflineKey { key_id, secret }))
}

/// The signed-in account removes the offline unlock of this device.
async fn drop_offline_key(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
) -> Result<StatusCode, ApiError> {
    state
        .store
        .drop_offline_key(user.id(), user.device_id, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A device unlocked with its PIN presents its secret and gets a session, as long as
/// the secret was issued to it, nothing ended it, the device is not revoked and the
/// account is active. A wrong or ended secret gets one answer: sign in with the password.
#[tracing::instrument(skip_all)]
async fn offline_unlock(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(req): ApiJson<OfflineUnlock>,
) -> Result<Response, ApiError> {
    let refused = || ApiError::Unauthenticated;
    if req.secret.len() != 64 {
        return Err(refused());
    }
    let Some(key) = state.store.offline_key(req.key_id).await? else {
        return Err(refused());
    };
    // Hashes of 256-bit secrets: comparing them leaks nothing usable.
    if token_hash(&req.secret) != key.secret_hash || key.device_id != req.device_id.to_string() {
        tracing::info!("offline unlock refused");
        return Err(refused());
    }
    if key.device_revoked.is_some() {
        return Err(ApiError::DeviceRevoked);
    }
    let user = state
        .store
        .user_by_id(&key.user_id)
        .await?
        .ok_or_else(refused)?;
    if !user.active {
        return Err(ApiError::Forbidden(
            "Akun ini dinonaktifkan. Hubungi admin Sekretariat DPRD.".into(),
        ));
    }
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let (device, token) = open_session(&state, &user.id, req.device_id, &agent, "").await?;
    state
        .store
        .offline_key_used(req.key_id, state.clock.now())
        .await?;
    tracing::info!(user = %user.id, "offline unlock");
    signed_in(&state, user, device, &token)
}

/// A throwaway hash, verified against when the username does not exist.
pub fn dummy_hash() -> String {
    password::hash(&Uuid::now_v7().to_string()).unwrap_or_default()
}
