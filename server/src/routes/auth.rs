//! Sign-in, sign-out, and who am I.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::auth::{LoginRequest, Profile};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{CurrentUser, SESSION_TTL_MS, clear_cookie, new_token, session_cookie};
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::password;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    display_name: String,
    role: String,
    subject_id: Option<String>,
    password_hash: String,
    active: bool,
}

#[tracing::instrument(skip_all, fields(username = %req.username))]
async fn login(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    let username = req.username.trim().to_string();
    if username.is_empty() || req.password.is_empty() {
        return Err(ApiError::BadRequest(
            "Isi nama pengguna dan kata sandi.".into(),
        ));
    }
    if let Err(secs) = state.limiter.check(&username) {
        return Err(ApiError::TooManyRequests {
            retry_after_secs: secs,
        });
    }
    let row: Option<UserRow> = sqlx::query_as(
        "select id, username, display_name, role, subject_id, password_hash, active
         from users where username = ?",
    )
    .bind(&username)
    .fetch_optional(&state.db)
    .await?;
    // Verify against a real hash even for unknown users, so timing does not tell which
    // usernames exist.
    let hash = row
        .as_ref()
        .map_or(state.dummy_hash.as_str(), |r| r.password_hash.as_str());
    let pw = req.password.clone();
    let hash_owned = hash.to_string();
    let ok = tokio::task::spawn_blocking(move || password::verify(&pw, &hash_owned))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let user = match row {
        Some(r) if ok && r.active => r,
        _ => {
            let delay = state.limiter.fail(&username);
            tokio::time::sleep(delay).await;
            tracing::info!("login failed");
            if let Err(secs) = state.limiter.check(&username) {
                return Err(ApiError::TooManyRequests {
                    retry_after_secs: secs,
                });
            }
            return Err(ApiError::BadRequest(
                "Nama pengguna atau kata sandi salah.".into(),
            ));
        }
    };
    state.limiter.succeed(&username);

    let now = now_ms();
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect::<String>();
    let device = req.device_id.to_string();
    let mut tx = state.db.begin().await?;
    let owner: Option<(String, Option<i64>)> =
        sqlx::query_as("select user_id, revoked_at from devices where id = ?")
            .bind(&device)
            .fetch_optional(&mut *tx)
            .await?;
    match owner {
        Some((_, Some(_))) => return Err(ApiError::DeviceRevoked),
        Some((owner, None)) if owner != user.id => {
            // One browser profile, a different person: a new device row keeps the audit
            // trail per person. The app keeps each user's data in its own database.
            sqlx::query(
                "update devices set user_id = ?, user_agent = ?, last_seen = ? where id = ?",
            )
            .bind(&user.id)
            .bind(&agent)
            .bind(now)
            .bind(&device)
            .execute(&mut *tx)
            .await?;
        }
        Some(_) => {
            sqlx::query("update devices set last_seen = ?, user_agent = ? where id = ?")
                .bind(now)
                .bind(&agent)
                .bind(&device)
                .execute(&mut *tx)
                .await?;
        }
        None => {
            sqlx::query(
                "insert into devices (id, user_id, user_agent, created_at, last_seen) values (?, ?, ?, ?, ?)",
            )
            .bind(&device)
            .bind(&user.id)
            .bind(&agent)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    let (token, token_hash) = new_token();
    sqlx::query(
        "insert into sessions (token_hash, user_id, device_id, created_at, expires_at) values (?, ?, ?, ?, ?)",
    )
    .bind(&token_hash)
    .bind(&user.id)
    .bind(&device)
    .bind(now)
    .bind(now + SESSION_TTL_MS)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user.id, "login");

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
    };
    Ok((
        [
            (
                header::SET_COOKIE,
                session_cookie(&token, state.secure_cookies),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Json(profile),
    )
        .into_response())
}

async fn logout(State(state): State<AppState>, user: CurrentUser) -> Result<Response, ApiError> {
    sqlx::query("update sessions set revoked_at = ? where token_hash = ?")
        .bind(now_ms())
        .bind(&user.session_hash)
        .execute(&state.db)
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie(state.secure_cookies))],
    )
        .into_response())
}

async fn me(user: CurrentUser) -> Json<Profile> {
    Json(user.profile)
}

/// A throwaway hash, verified against when the username does not exist.
pub fn dummy_hash() -> String {
    password::hash(&Uuid::now_v7().to_string()).unwrap_or_default()
}
