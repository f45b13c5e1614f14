//! Account administration (role Admin): users, password resets (the user must then
//! choose a new password), disabling and re-enabling accounts, ending sessions, revoking
//! devices.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::auth::{DeviceSummary, NewUser, PasswordReset, UserSummary, check_password};
use uuid::Uuid;

use crate::AppState;
use crate::accounts::{self, AccountError};
use crate::auth::{CurrentUser, password_work};
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::password;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list_users).post(create_user))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/revoke", post(revoke_user))
        .route("/admin/users/{id}/disable", post(disable_user))
        .route("/admin/users/{id}/enable", post(enable_user))
        .route("/admin/devices", get(list_devices))
        .route("/admin/devices/{id}/revoke", post(revoke_device))
}

fn uuid(s: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))
}

async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    user.require(&[Role::Admin])?;
    type Row = (String, String, String, String, Option<String>, bool, bool);
    let rows: Vec<Row> = sqlx::query_as(
        "select id, username, display_name, role, subject_id, active, must_change_password
         from users order by username",
    )
    .fetch_all(&state.db.read)
    .await?;
    let users = rows
        .into_iter()
        .filter_map(
            |(id, username, display_name, role, subject, active, must_change)| {
                Some(UserSummary {
                    id: Uuid::parse_str(&id).ok()?,
                    username,
                    display_name,
                    role: Role::parse(&role)?,
                    subject_id: subject.and_then(|s| Uuid::parse_str(&s).ok()),
                    active,
                    must_change_password: must_change,
                })
            },
        )
        .collect();
    Ok(Json(users))
}

/// A new account. Its first sign-in must choose a new password: the admin knows this one.
async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserSummary>), ApiError> {
    user.require(&[Role::Admin])?;
    new.validate()
        .map_err(|e| ApiError::BadRequest(e.message))?;
    let pw = new.password.clone();
    let hash = password_work(&state.password_checks, move || password::hash(&pw)).await??;
    let created = accounts::insert_user(&state.db, &new, hash, true)
        .await
        .map_err(|e| match e {
            AccountError::Invalid(m) => ApiError::BadRequest(m),
            AccountError::Taken(_) => ApiError::BadRequest(e.to_string()),
            AccountError::Database(e) => e.into(),
            AccountError::Other(e) => ApiError::Internal(e),
        })?;
    tracing::info!(by = %user.id(), user = %created.id, "user created");
    Ok((
        StatusCode::CREATED,
        Json(UserSummary {
            must_change_password: true,
            ..created
        }),
    ))
}

async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    user.require(&[Role::Admin])?;
    let id = uuid(&id)?;
    check_password(&req.password).map_err(|e| ApiError::BadRequest(e.message))?;
    let pw = req.password;
    let hash = password_work(&state.password_checks, move || password::hash(&pw)).await??;
    let mut tx = state.db.begin_write().await?;
    // The admin knows this password now: the user chooses their own at the next sign-in.
    let n =
        sqlx::query("update users set password_hash = ?, must_change_password = 1 where id = ?")
            .bind(hash)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    // A new password ends every session signed in with the old one.
    end_sessions(&mut *tx, id).await?;
    tx.commit().await?;
    tracing::info!(by = %user.id(), user = %id, "password reset");
    Ok(StatusCode::NO_CONTENT)
}

async fn revoke_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(&[Role::Admin])?;
    let id = uuid(&id)?;
    end_sessions(&state.db.write, id).await?;
    tracing::info!(by = %user.id(), user = %id, "user sessions revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// Disables an account: it cannot sign in, and its sessions end now.
async fn disable_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(&[Role::Admin])?;
    let id = uuid(&id)?;
    if id == user.id() {
        return Err(ApiError::BadRequest(
            "Anda tidak dapat menonaktifkan akun Anda sendiri.".into(),
        ));
    }
    set_active(&state, id, false).await?;
    tracing::info!(by = %user.id(), user = %id, "user disabled");
    Ok(StatusCode::NO_CONTENT)
}

async fn enable_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(&[Role::Admin])?;
    let id = uuid(&id)?;
    set_active(&state, id, true).await?;
    tracing::info!(by = %user.id(), user = %id, "user enabled");
    Ok(StatusCode::NO_CONTENT)
}

async fn set_active(state: &AppState, id: Uuid, active: bool) -> Result<(), ApiError> {
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("update users set active = ? where id = ?")
        .bind(active)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    if !active {
        end_sessions(&mut *tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every open session of a user.
async fn end_sessions(db: impl sqlx::SqliteExecutor<'_>, user: Uuid) -> sqlx::Result<()> {
    sqlx::query("update sessions set revoked_at = ? where user_id = ? and revoked_at is null")
        .bind(now_ms())
        .bind(user.to_string())
        .execute(db)
        .await?;
    Ok(())
}

async fn list_devices(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    user.require(&[Role::Admin])?;
    let rows: Vec<(String, String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "select d.id, d.user_id, u.username, d.user_agent, d.last_seen, d.revoked_at
         from devices d join users u on u.id = d.user_id order by d.last_seen desc",
    )
    .fetch_all(&state.db.read)
    .await?;
    Ok(Json(
        rows.into_iter()
            .filter_map(|(id, user_id, username, user_agent, last_seen, revoked)| {
                Some(DeviceSummary {
                    id: Uuid::parse_str(&id).ok()?,
                    user_id: Uuid::parse_str(&user_id).ok()?,
                    username,
                    user_agent,
                    last_seen,
                    revoked: revoked.is_some(),
                })
            })
            .collect(),
    ))
}

async fn revoke_device(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(&[Role::Admin])?;
    let id = uuid(&id)?;
    let n = sqlx::query("update devices set revoked_at = ? where id = ? and revoked_at is null")
        .bind(now_ms())
        .bind(id.to_string())
        .execute(&state.db.write)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    tracing::info!(by = %user.id(), device = %id, "device revoked");
    Ok(StatusCode::NO_CONTENT)
}
