//! Wire types of sign-in and account administration. Do not change their shape lightly.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Role;

/// Who is signed in; cached by the app so it opens offline for this user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The companion or member record this account speaks for, if any.
    pub subject_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The app's device id (made once per browser profile).
    pub device_id: Uuid,
    #[serde(default)]
    pub device_name: String,
}

/// An account as the admin screen lists it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub subject_id: Option<Uuid>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    #[serde(default)]
    pub subject_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSummary {
    pub id: Uuid,
    pub user_id: Uuid,
    pub username: String,
    pub user_agent: String,
    pub last_seen: i64,
    pub revoked: bool,
}

/// Minimum password length for accounts made or reset by an admin.
pub const MIN_PASSWORD_LEN: usize = 8;

impl NewUser {
    pub fn validate(&self) -> Result<(), crate::validate::FieldError> {
        use crate::validate::{FieldError, required_text};
        required_text("username", "Nama pengguna", &self.username, 40)?;
        if !self
            .username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(FieldError {
                field: "username",
                message:
                    "Nama pengguna hanya boleh huruf, angka, titik, garis bawah dan tanda hubung."
                        .into(),
            });
        }
        required_text("display_name", "Nama lengkap", &self.display_name, 120)?;
        check_password(&self.password)
    }
}

pub fn check_password(p: &str) -> Result<(), crate::validate::FieldError> {
    if p.chars().count() < MIN_PASSWORD_LEN || p.len() > 256 {
        return Err(crate::validate::FieldError {
            field: "password",
            message: format!("Kata sandi minimal {MIN_PASSWORD_LEN} karakter."),
        });
    }
    Ok(())
}
