//! Making accounts: the first administrator of a real install (`create-admin`, or
//! `RESES_ADMIN_USERNAME`/`RESES_ADMIN_PASSWORD` at first start) and the accounts an
//! admin creates in the app. A real install never gets the demo accounts.

use reses_domain::Role;
use reses_domain::auth::{NewUser, UserSummary};
use uuid::Uuid;

use crate::password;
use crate::store::{Clock, NewUserRow, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The account data fails validation; the message says what to fix.
    #[error("{0}")]
    Invalid(String),
    #[error("Nama pengguna {0} sudah dipakai.")]
    Taken(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Stores a new account with an argon2id hash of `new.password` (hashed by the caller
/// through the bounded password pool, see `auth::password_work`). `must_change`: the
/// first sign-in has to set a new password (accounts an admin made for someone else).
pub async fn insert_user(
    db: &Store,
    new: &NewUser,
    password_hash: String,
    must_change: bool,
    now: i64,
) -> Result<UserSummary, AccountError> {
    new.validate()
        .map_err(|e| AccountError::Invalid(e.message))?;
    let id = Uuid::now_v7();
    let res = db
        .insert_user(&NewUserRow {
            id,
            username: new.username.trim(),
            display_name: new.display_name.trim(),
            role: new.role.as_str(),
            password_hash: &password_hash,
            subject_id: new.subject_id,
            must_change_password: must_change,
            now,
        })
        .await;
    match res {
        Err(StoreError::Duplicate) => {
            return Err(AccountError::Taken(new.username.trim().to_string()));
        }
        other => other?,
    }
    Ok(UserSummary {
        id,
        username: new.username.trim().to_string(),
        display_name: new.display_name.trim().to_string(),
        role: new.role,
        subject_id: new.subject_id,
        active: true,
        must_change_password: must_change,
    })
}

/// Creates an administrator (the `create-admin` command and the first-start
/// environment variables).
pub async fn create_admin(
    db: &Store,
    username: &str,
    display_name: &str,
    password: &str,
    must_change: bool,
) -> Result<UserSummary, AccountError> {
    let new = NewUser {
        username: username.trim().to_string(),
        display_name: display_name.trim().to_string(),
        role: Role::Admin,
        password: password.to_string(),
        subject_id: None,
    };
    new.validate()
        .map_err(|e| AccountError::Invalid(e.message))?;
    let pw = password.to_string();
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw))
        .await
        .map_err(anyhow::Error::from)??;
    insert_user(db, &new, hash, must_change, Clock::system().now()).await
}

/// Whether the database has any active administrator.
pub async fn has_admin(db: &Store) -> Result<bool, StoreError> {
    db.has_admin().await
}
