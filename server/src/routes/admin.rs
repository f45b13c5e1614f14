//! Account administration (role Admin): users, password resets, revoking sessions and
//! devices.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::auth::{DeviceSummary, NewUser, PasswordReset, UserSummary, check_password};
use uuid::Uuid;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::password;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/users", get(list_users).post(create_user))
        .route("/admin/users/{id}/password", post(reset_password))
        .route("/admin/users/{id}/revoke", post(revoke_user))
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
    let rows: Vec<(String, String, String, String, Option<String>, bool)> = sqlx::query_as(
        "select id, username, display_name, role, subject_id, active from users order by username",
    )
    .fetch_all(&state.db)
    .await?;
    let users = rows
        .into_iter()
        .filter_map(|(id, username, display_name, role, subject, active)| {
            Some(UserSummary {
                id: Uuid::parse_str(&id).ok()?,
                username,
                display_name,
                role: Role::parse(&role)?,
                subject_id: subject.and_then(|s| Uuid::parse_str(&s).ok()),
                active,
            })
        })
        .collect();
    Ok(Json(users))
}

async fn create_user(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(new): ApiJson<NewUser>,
) -> Result<(StatusCode, Json<UserSummary>), ApiError> {
    user.require(&[Role::Admin])?;
    new.validate()
        .map_err(|e| ApiError::BadRequest(e.message))?;
    let id = Uuid::now_v7();
    let pw = new.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
    let res = sqlx::query(
        "insert into users (id, username, display_name, role, password_hash, subject_id, created_at)
         values (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id.to_string())
    .bind(new.username.trim())
    .bind(new.display_name.trim())
    .bind(new.role.as_str())
    .bind(hash)
    .bind(new.subject_id.map(|s| s.to_string()))
    .bind(now_ms())
    .execute(&state.db)
    .await;
    match res {
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(ApiError::BadRequest(format!(
                "Nama pengguna {} sudah dipakai.",
                new.username.trim()
            )));
        }
        other => {
            other?;
        }
    }
    tracing::info!(by = %user.id(), user = %id, "user created");
    Ok((
        StatusCode::CREATED,
        Json(UserSummary {
            id,
            username: new.username.trim().to_string(),
            display_name: new.display_name.trim().to_string(),
            role: new.role,
            subject_id: new.subject_id,
            active: true,
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
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
    let mut tx = state.db.begin().await?;
    let n = sqlx::query("update users set password_hash = ? where id = ?")
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
    end_sessions(&state.db, id).await?;
    tracing::info!(by = %user.id(), user = %id, "user sessions revoked");
    Ok(StatusCode::NO_CONTENT)
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
    .fetch_all(&state.db)
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
        .execute(&state.db)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    tracing::info!(by = %user.id(), device = %id, "device revoked");
    Ok(StatusCode::NO_CONTENT)
}
