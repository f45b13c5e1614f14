//! Wire types of the HTTP API. Both sides decode these, so their JSON shape must not
//! change lightly: add optional fields, never rename or remove.

use serde::{Deserialize, Serialize};

/// Machine-readable error codes. The app switches on these (e.g. `session_expired`
/// asks the user to sign in again and keeps the outbox), so they are stable strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request body or parameters are malformed or fail validation (400/422).
    BadRequest,
    /// No valid session (401).
    Unauthenticated,
    /// The session has expired; sign in again (401).
    SessionExpired,
    /// This device's access was revoked by an administrator (401).
    DeviceRevoked,
    /// Signed in, but this role or assignment may not do this (403).
    Forbidden,
    /// Signed in with a password an admin set: change it first (403).
    PasswordChangeRequired,
    /// Nothing at this address (404).
    NotFound,
    /// The record changed meanwhile (someone else acted first); reload and look (409).
    Conflict,
    /// The body is larger than the server accepts (413).
    PayloadTooLarge,
    /// Too many attempts, or the server is busy; wait `Retry-After` and try again (429).
    TooManyRequests,
    /// Something failed on the server; details are in the server log only (500).
    Internal,
    /// The server cannot serve right now, e.g. the database is unreachable (503).
    Unavailable,
}

/// The one JSON error body every API error uses: `{"code": "...", "message": "..."}`.
/// `message` is written for a person, in Bahasa Indonesia.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// State of one dependency reported by `GET /api/health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Ok,
    Unavailable,
}

/// Body of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when every component is ok.
    pub status: ComponentStatus,
    /// The server's version (the workspace version).
    pub version: String,
    /// Whether the database answered a trivial query.
    pub database: ComponentStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_json_shape() {
        let body = ErrorBody::new(ErrorCode::SessionExpired, "Sesi berakhir");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "session_expired", "message": "Sesi berakhir"})
        );
        let back: ErrorBody = serde_json::from_value(json).unwrap();
        assert_eq!(back, body);
    }

    #[test]
    fn unknown_error_code_is_refused_rather_than_guessed() {
        let r = serde_json::from_str::<ErrorBody>(r#"{"code":"nope","message":"x"}"#);
        assert!(r.is_err());
    }
}
