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
    /// The password was set by an admin: it must be changed before anything else.
    #[serde(default)]
    pub must_change_password: bool,
    /// The device id the server holds this sign-in under. Usually the one the app sent;
    /// a new one when that id belongs to another account (the app keeps it per user).
    #[serde(default)]
    pub device_id: Option<Uuid>,
}

/// `POST /api/auth/offline-key`: what the server gives a signed-in device for offline
/// unlock. The app keeps `secret` only wrapped under a key derived from the user's PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineKey {
    pub key_id: Uuid,
    /// 32 random bytes, hex.
    pub secret: String,
}

/// `POST /api/auth/offline-unlock`: a device unlocked with its PIN asks for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineUnlock {
    pub key_id: Uuid,
    pub secret: String,
    pub device_id: Uuid,
}

/// `POST /api/auth/password`: the signed-in user changes their own password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
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
    /// Must change the password at the next sign-in (made or reset by an admin).
    #[serde(default)]
    pub must_change_password: bool,
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
    /// What people call it ("Tablet Dapil 2"); set at its first sign-in.
    #[serde(default)]
    pub name: String,
    /// Sessions on it that are neither ended nor expired.
    #[serde(default)]
    pub active_sessions: u32,
}

/// Longest device name.
pub const MAX_DEVICE_NAME: usize = 60;

/// `POST /api/admin/devices/{id}/name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceName {
    pub name: String,
}

/// A device name as stored: trimmed, at most [`MAX_DEVICE_NAME`] characters, no
/// control characters.
pub fn clean_device_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_DEVICE_NAME)
        .collect()
}

/// Minimum password length for accounts made or reset by an admin.
pub const MIN_PASSWORD_LEN: usize = 8;
/// Longest password accepted (bytes), checked before any hashing.
pub const MAX_PASSWORD_BYTES: usize = 256;
/// Longest account name; a longer one is refused before anything else looks at it.
pub const MAX_USERNAME_CHARS: usize = 40;

impl NewUser {
    pub fn validate(&self) -> Result<(), crate::validate::FieldError> {
        use crate::validate::{FieldError, required_text};
        required_text(
            "username",
            "Nama pengguna",
            &self.username,
            MAX_USERNAME_CHARS,
        )?;
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
        check_person(self.role, self.subject_id)?;
        check_password(&self.password)
    }
}

/// The kind of person record an account of `role` speaks for: a companion account is a
/// Pendamping, a member account an Anggota. Other roles have none.
pub fn person_kind(role: Role) -> Option<crate::sync::RecordKind> {
    match role {
        Role::Pendamping => Some(crate::sync::RecordKind::Pendamping),
        Role::Anggota => Some(crate::sync::RecordKind::Anggota),
        _ => None,
    }
}

/// A companion or member account names its person; no other account does.
pub fn check_person(role: Role, subject: Option<Uuid>) -> Result<(), crate::validate::FieldError> {
    let err = |message: String| {
        Err(crate::validate::FieldError {
            field: "subject_id",
            message,
        })
    };
    match (person_kind(role), subject) {
        (Some(kind), None) => err(format!(
            "Pilih {} yang memakai akun ini.",
            kind.label().to_lowercase()
        )),
        (None, Some(_)) => err(format!(
            "Akun {} tidak dihubungkan dengan pendamping atau anggota.",
            role.label()
        )),
        _ => Ok(()),
    }
}

/// `POST /api/admin/users/{id}/orang`: the person a companion or member account speaks
/// for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonLink {
    pub subject_id: Option<Uuid>,
}

pub fn check_password(p: &str) -> Result<(), crate::validate::FieldError> {
    if p.len() > MAX_PASSWORD_BYTES {
        return Err(crate::validate::FieldError {
            field: "password",
            message: format!(
                "Kata sandi terlalu panjang (paling banyak {MAX_PASSWORD_BYTES} byte)."
            ),
        });
    }
    if p.chars().count() < MIN_PASSWORD_LEN {
        return Err(crate::validate::FieldError {
            field: "password",
            message: format!("Kata sandi minimal {MIN_PASSWORD_LEN} karakter."),
        });
    }
    Ok(())
}

impl PasswordChange {
    pub fn validate(&self) -> Result<(), crate::validate::FieldError> {
        check_password(&self.new)?;
        if self.new == self.current {
            return Err(crate::validate::FieldError {
                field: "new",
                message: "Kata sandi baru harus berbeda dari yang lama.".into(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_password_must_be_long_enough_and_different() {
        let c = |current: &str, new: &str| PasswordChange {
            current: current.into(),
            new: new.into(),
        };
        assert!(c("lama-sekali", "baru-sekali").validate().is_ok());
        assert!(c("lama-sekali", "pendek").validate().is_err());
        assert!(c("sama-saja-1", "sama-saja-1").validate().is_err());
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        let e = c("lama-sekali", &long).validate().unwrap_err();
        assert!(e.message.contains("terlalu panjang"), "{}", e.message);
    }

    #[test]
    fn companion_and_member_accounts_name_their_person_and_no_one_else_does() {
        let person = Some(Uuid::from_u128(7));
        assert!(check_person(Role::Pendamping, person).is_ok());
        assert!(check_person(Role::Anggota, person).is_ok());
        assert!(check_person(Role::StafSetwan, None).is_ok());
        let e = check_person(Role::Pendamping, None).unwrap_err();
        assert_eq!(e.message, "Pilih pendamping yang memakai akun ini.");
        assert!(check_person(Role::Anggota, None).is_err());
        assert!(check_person(Role::Admin, person).is_err());
    }

    #[test]
    fn an_older_profile_without_the_new_fields_still_reads() {
        let p: Profile = serde_json::from_str(
            r#"{"user_id":"0190b5b8-0000-7000-8000-000000000001","username":"staf",
                "display_name":"Staf","role":"staf_setwan","subject_id":null}"#,
        )
        .unwrap();
        assert!(!p.must_change_password);
        assert_eq!(p.device_id, None);
    }
}
