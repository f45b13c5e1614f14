//! Account administration (role Admin): users, password resets (the user must then
//! choose a new password), disabling and re-enabling accounts, ending sessions, revoking
//! devices.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::Role;
use reses_domain::akses::Tugas;
use reses_domain::auth::{
    DeviceName, DeviceSummary, NewUser, PasswordReset, PersonLink, UserSummary, check_password,
    check_person, clean_device_name, person_kind,
};
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
        .route("/admin/users/{id}/orang", post(link_person))
        .route("/admin/users/{id}/disable", post(disable_user))
        .route("/admin/users/{id}/enable", post(enable_user))
        .route("/admin/devices", get(list_devices))
        .route("/admin/devices/{id}/revoke", post(revoke_device))
        .route("/admin/devices/{id}/name", post(name_device))
}

fn uuid(s: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(s).map_err(|_| ApiError::BadRequest("ID tidak valid.".into()))
}

async fn list_users(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<UserSummary>>, ApiError> {
    user.require(Tugas::KelolaAkun)?;
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
    user.require(Tugas::KelolaAkun)?;
    new.validate()
        .map_err(|e| ApiError::BadRequest(e.message))?;
    check_subject(&state, new.role, new.subject_id, None).await?;
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

/// A companion or member account must name a live person record of its kind that no
/// other active account speaks for.
async fn check_subject(
    state: &AppState,
    role: Role,
    subject: Option<Uuid>,
    except: Option<Uuid>,
) -> Result<(), ApiError> {
    check_person(role, subject).map_err(|e| ApiError::BadRequest(e.message))?;
    let (Some(kind), Some(subject)) = (person_kind(role), subject) else {
        return Ok(());
    };
    let live: i64 = sqlx::query_scalar(
        "select count(*) from records where id = ? and kind = ? and deleted = 0",
    )
    .bind(subject.to_string())
    .bind(kind.as_str())
    .fetch_one(&state.db.read)
    .await?;
    if live == 0 {
        return Err(ApiError::BadRequest(format!(
            "{} yang dipilih tidak ada (atau sudah dihapus). Pilih dari daftar.",
            kind.label()
        )));
    }
    let taken: Option<String> = sqlx::query_scalar(
        "select username from users where subject_id = ? and active = 1 and id != ?",
    )
    .bind(subject.to_string())
    .bind(except.map(|u| u.to_string()).unwrap_or_default())
    .fetch_optional(&state.db.read)
    .await?;
    if let Some(username) = taken {
        return Err(ApiError::BadRequest(format!(
            "{} ini sudah memakai akun {username}.",
            kind.label()
        )));
    }
    Ok(())
}

/// Links a companion or member account to its person (or to another one). What the
/// account sees follows at its next request.
async fn link_person(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(link): ApiJson<PersonLink>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    let id = uuid(&id)?;
    let role: Option<String> = sqlx::query_scalar("select role from users where id = ?")
        .bind(id.to_string())
        .fetch_optional(&state.db.read)
        .await?;
    let role = role
        .as_deref()
        .and_then(Role::parse)
        .ok_or(ApiError::NotFound)?;
    check_subject(&state, role, link.subject_id, Some(id)).await?;
    sqlx::query("update users set subject_id = ? where id = ?")
        .bind(link.subject_id.map(|s| s.to_string()))
        .bind(id.to_string())
        .execute(&state.db.write)
        .await?;
    tracing::info!(by = %user.id(), user = %id, "person linked");
    Ok(StatusCode::NO_CONTENT)
}

async fn reset_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
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
    end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(by = %user.id(), user = %id, "password reset");
    Ok(StatusCode::NO_CONTENT)
}

async fn revoke_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    let id = uuid(&id)?;
    let mut tx = state.db.begin_write().await?;
    end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(by = %user.id(), user = %id, "user sessions revoked");
    Ok(StatusCode::NO_CONTENT)
}

/// Disables an account: it cannot sign in, and its sessions end now.
async fn disable_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
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
    user.require(Tugas::KelolaAkun)?;
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
        end_sessions(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every open session of a user.
/// Ends every open session of a user, and their offline unlock on every device (which
/// would open a new session without the password).
async fn end_sessions(db: &mut sqlx::SqliteConnection, user: Uuid) -> sqlx::Result<()> {
    let now = now_ms();
    for table in ["sessions", "offline_keys"] {
        sqlx::query(&format!(
            "update {table} set revoked_at = ? where user_id = ? and revoked_at is null"
        ))
        .bind(now)
        .bind(user.to_string())
        .execute(&mut *db)
        .await?;
    }
    Ok(())
}

async fn list_devices(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    type Row = (
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        String,
        i64,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select d.id, d.user_id, u.username, d.user_agent, d.last_seen, d.revoked_at, d.name,
                (select count(*) from sessions s where s.device_id = d.id
                   and s.revoked_at is null and s.expires_at > ?)
         from devices d join users u on u.id = d.user_id order by d.last_seen desc",
    )
    .bind(now_ms())
    .fetch_all(&state.db.read)
    .await?;
    Ok(Json(
        rows.into_iter()
            .filter_map(
                |(id, user_id, username, user_agent, last_seen, revoked, name, active)| {
                    Some(DeviceSummary {
                        id: Uuid::parse_str(&id).ok()?,
                        user_id: Uuid::parse_str(&user_id).ok()?,
                        username,
                        user_agent,
                        last_seen,
                        revoked: revoked.is_some(),
                        name,
                        active_sessions: u32::try_from(active).unwrap_or(0),
                    })
                },
            )
            .collect(),
    ))
}

async fn name_device(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<DeviceName>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    let id = uuid(&id)?;
    let name = clean_device_name(&req.name);
    if name.is_empty() {
        return Err(ApiError::BadRequest("Isi nama perangkat.".into()));
    }
    let n = sqlx::query("update devices set name = ? where id = ?")
        .bind(&name)
        .bind(id.to_string())
        .execute(&state.db.write)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn revoke_device(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    let id = uuid(&id)?;
    let mut tx = state.db.begin_write().await?;
    let n = sqlx::query("update devices set revoked_at = ? where id = ? and revoked_at is null")
        .bind(now_ms())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(ApiError::NotFound);
    }
    sqlx::query(
        "update offline_keys set revoked_at = ? where device_id = ? and revoked_at is null",
    )
    .bind(now_ms())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(by = %user.id(), device = %id, "device revoked");
    Ok(StatusCode::NO_CONTENT)
}
