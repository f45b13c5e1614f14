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
    let users = state.store.list_users().await?;
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
    let created = accounts::insert_user(&state.store, &new, hash, true, state.clock.now())
        .await
        .map_err(|e| match e {
            AccountError::Invalid(m) => ApiError::BadRequest(m),
            AccountError::Taken(_) => ApiError::BadRequest(e.to_string()),
            AccountError::Store(e) => e.into(),
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
    let live = state.store.record_exists(kind, subject).await?;
    if !live {
        return Err(ApiError::BadRequest(format!(
            "{} yang dipilih tidak ada (atau sudah dihapus). Pilih dari daftar.",
            kind.label()
        )));
    }
    let taken = state.store.subject_taken(subject, except).await?;
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
    let role = state.store.user_role(id).await?;
    let role = role
        .as_deref()
        .and_then(Role::parse)
        .ok_or(ApiError::NotFound)?;
    check_subject(&state, role, link.subject_id, Some(id)).await?;
    state.store.link_person(id, link.subject_id).await?;
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
    // The admin knows this password now: the user chooses their own at the next sign-in,
    // and every session signed in with the old one ends.
    if !state
        .store
        .reset_password(id, &hash, state.clock.now())
        .await?
    {
        return Err(ApiError::NotFound);
    }
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
    state.store.end_sessions(id, state.clock.now()).await?;
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
    if state
        .store
        .set_active(id, active, state.clock.now())
        .await?
    {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

async fn list_devices(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    user.require(Tugas::KelolaAkun)?;
    Ok(Json(state.store.list_devices(state.clock.now()).await?))
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
    if !state.store.name_device(id, &name).await? {
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
    if !state.store.revoke_device(id, state.clock.now()).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(by = %user.id(), device = %id, "device revoked");
    Ok(StatusCode::NO_CONTENT)
}
