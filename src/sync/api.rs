//! The server's HTTP API as typed calls. The only code that talks to the server.

use gloo_net::http::{Request, Response};
use reses_domain::auth::{LoginRequest, Profile};
use reses_domain::sync::{Mutation, PullResponse, PushRequest, PushResponse};
use reses_domain::{ErrorBody, ErrorCode};
use serde::de::DeserializeOwned;

/// Why a call failed, in the terms the app acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No connection (or the server is down): try again later.
    Offline,
    /// The login expired or is gone: ask to sign in again, keep the queue.
    SignInAgain(String),
    /// This device was revoked: say so; retrying will not help.
    DeviceRevoked(String),
    /// The server refused the request; `message` is for a person.
    Refused { code: ErrorCode, message: String },
    /// The server answered with something unexpected.
    Server(String),
}

impl ApiError {
    /// A sentence for the user, in Bahasa Indonesia.
    pub fn message(&self) -> String {
        match self {
            ApiError::Offline => {
                "Tidak dapat terhubung ke server. Data tetap tersimpan di perangkat dan akan dikirim saat koneksi kembali.".into()
            }
            ApiError::SignInAgain(m) | ApiError::DeviceRevoked(m) => m.clone(),
            ApiError::Refused { message, .. } => message.clone(),
            ApiError::Server(m) => format!("Server menjawab tidak seperti biasa: {m}"),
        }
    }
}

/// An answer as `T`, or the error its body says. Read as a JSON value first and then
/// through [`reses_domain::json::dari`], as stored records are: each answer type has
/// one decoder in the app, not a second one for JSON text.
async fn decode<T: DeserializeOwned>(res: Response) -> Result<T, ApiError> {
    reses_domain::json::dari(body(res).await?).map_err(|e| ApiError::Server(e.to_string()))
}

/// A successful answer's JSON value, or the error its body says (not generic).
async fn body(res: Response) -> Result<serde_json::Value, ApiError> {
    if res.ok() {
        return res
            .json::<serde_json::Value>()
            .await
            .map_err(|e| ApiError::Server(e.to_string()));
    }
    let status = res.status();
    let error = res.json::<serde_json::Value>().await.ok();
    match error.map(reses_domain::json::dari::<ErrorBody>) {
        Some(Ok(body)) => Err(match body.code {
            ErrorCode::SessionExpired | ErrorCode::Unauthenticated => {
                ApiError::SignInAgain(body.message)
            }
            ErrorCode::DeviceRevoked => ApiError::DeviceRevoked(body.message),
            code => ApiError::Refused {
                code,
                message: body.message,
            },
        }),
        // A proxy or a server that is starting: treat as not reachable yet.
        _ if status >= 500 => Err(ApiError::Offline),
        _ => Err(ApiError::Server(format!("HTTP {status}"))),
    }
}

/// An answer without a body: success, or the server's error.
async fn expect_ok(res: Response) -> Result<(), ApiError> {
    if res.ok() {
        Ok(())
    } else {
        decode::<serde_json::Value>(res).await.map(|_| ())
    }
}

fn net(_: gloo_net::Error) -> ApiError {
    ApiError::Offline
}

pub async fn login(req: &LoginRequest) -> Result<Profile, ApiError> {
    let res = Request::post("/api/auth/login")
        .json(req)
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    decode(res).await
}

pub async fn logout() -> Result<(), ApiError> {
    let res = Request::post("/api/auth/logout")
        .send()
        .await
        .map_err(net)?;
    if res.ok() || res.status() == 401 {
        Ok(())
    } else {
        decode::<serde_json::Value>(res).await.map(|_| ())
    }
}

/// Changes the signed-in user's own password (the server checks the current one).
pub async fn change_password(change: &reses_domain::auth::PasswordChange) -> Result<(), ApiError> {
    let res = Request::post("/api/auth/password")
        .json(change)
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    expect_ok(res).await
}

/// A new offline-unlock secret for this device and the signed-in account.
pub async fn offline_key() -> Result<reses_domain::auth::OfflineKey, ApiError> {
    decode(
        Request::post("/api/auth/offline-key")
            .send()
            .await
            .map_err(net)?,
    )
    .await
}

/// Ends this device's offline unlock on the server.
pub async fn drop_offline_key() -> Result<(), ApiError> {
    expect_ok(
        Request::delete("/api/auth/offline-key")
            .send()
            .await
            .map_err(net)?,
    )
    .await
}

/// A session from an offline-unlock secret (after the PIN opened it).
pub async fn offline_unlock(req: &reses_domain::auth::OfflineUnlock) -> Result<Profile, ApiError> {
    let res = Request::post("/api/auth/offline-unlock")
        .json(req)
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    decode(res).await
}

pub async fn me() -> Result<Profile, ApiError> {
    decode(Request::get("/api/auth/me").send().await.map_err(net)?).await
}

pub async fn push(mutations: Vec<Mutation>) -> Result<PushResponse, ApiError> {
    let res = Request::post("/api/sync/push")
        .json(&PushRequest { mutations })
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    decode(res).await
}

/// Uploads one attachment (idempotent: the server keeps it by its SHA-256).
pub async fn upload_attachment(
    sha256: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<(), ApiError> {
    let res = Request::put(&format!("/api/attachments/{sha256}"))
        .header("content-type", content_type)
        .body(js_sys::Uint8Array::from(bytes))
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    expect_ok(res).await
}

pub async fn pull(since: i64, limit: u32) -> Result<PullResponse, ApiError> {
    let url = format!("/api/sync/pull?since={since}&limit={limit}");
    decode(Request::get(&url).send().await.map_err(net)?).await
}

/// Account administration (role Admin; the server refuses everyone else with 403).
pub mod admin {
    use gloo_net::http::Request;
    use reses_domain::auth::{DeviceName, DeviceSummary, NewUser, PersonLink, UserSummary};
    use uuid::Uuid;

    use super::{ApiError, decode, expect_ok, net};

    pub async fn users() -> Result<Vec<UserSummary>, ApiError> {
        decode(Request::get("/api/admin/users").send().await.map_err(net)?).await
    }

    pub async fn create_user(user: &NewUser) -> Result<UserSummary, ApiError> {
        let req = Request::post("/api/admin/users")
            .json(user)
            .map_err(|e| ApiError::Server(e.to_string()))?;
        decode(req.send().await.map_err(net)?).await
    }

    async fn post_empty(url: &str, body: Option<serde_json::Value>) -> Result<(), ApiError> {
        let req = Request::post(url);
        let res = match body {
            Some(b) => {
                req.json(&b)
                    .map_err(|e| ApiError::Server(e.to_string()))?
                    .send()
                    .await
            }
            None => req.send().await,
        }
        .map_err(net)?;
        expect_ok(res).await
    }

    fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
        serde_json::to_value(v).ok()
    }

    pub async fn reset_password(user: Uuid, password: String) -> Result<(), ApiError> {
        post_empty(
            &format!("/api/admin/users/{user}/password"),
            json(&reses_domain::auth::PasswordReset { password }),
        )
        .await
    }

    pub async fn revoke_user(user: Uuid) -> Result<(), ApiError> {
        post_empty(&format!("/api/admin/users/{user}/revoke"), None).await
    }

    /// Disables (`false`) or re-enables an account; disabling ends its sessions.
    pub async fn set_active(user: Uuid, active: bool) -> Result<(), ApiError> {
        let action = if active { "enable" } else { "disable" };
        post_empty(&format!("/api/admin/users/{user}/{action}"), None).await
    }

    pub async fn devices() -> Result<Vec<DeviceSummary>, ApiError> {
        decode(
            Request::get("/api/admin/devices")
                .send()
                .await
                .map_err(net)?,
        )
        .await
    }

    pub async fn revoke_device(device: Uuid) -> Result<(), ApiError> {
        post_empty(&format!("/api/admin/devices/{device}/revoke"), None).await
    }

    pub async fn name_device(device: Uuid, name: &str) -> Result<(), ApiError> {
        let body = DeviceName { name: name.into() };
        post_empty(&format!("/api/admin/devices/{device}/name"), json(&body)).await
    }

    /// The companion or member an account speaks for.
    pub async fn set_person(user: Uuid, subject_id: Option<Uuid>) -> Result<(), ApiError> {
        let body = PersonLink { subject_id };
        post_empty(&format!("/api/admin/users/{user}/orang"), json(&body)).await
    }
}

/// The front desk's status answer for a registration number.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct StatusIzinJawaban {
    pub nomor_registrasi: String,
    pub status: reses_domain::izin::StatusIzin,
    pub status_label: String,
    pub kegiatan: String,
    pub riwayat: Vec<(i64, String)>,
}

/// Acts on a permit application at its current step (the server checks the role).
pub async fn izin_tindakan(
    id: uuid::Uuid,
    aksi: reses_domain::izin::Aksi,
    catatan: &str,
    dari: reses_domain::izin::StatusIzin,
) -> Result<reses_domain::sync::RecordEnvelope, ApiError> {
    let res = Request::post(&format!("/api/izin/{id}/tindakan"))
        .json(&serde_json::json!({ "aksi": aksi, "catatan": catatan, "dari": dari }))
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    decode(res).await
}

pub async fn izin_status(nomor: &str) -> Result<StatusIzinJawaban, ApiError> {
    let q = js_sys::encode_uri_component(nomor.trim());
    decode(
        Request::get(&format!("/api/izin/status?nomor={q}"))
            .send()
            .await
            .map_err(net)?,
    )
    .await
}

/// Checks (`pratinjau`) or stores an event's guest list from a CSV/XLSX file. The
/// mapping is empty for the server's guess.
pub async fn impor_tamu<T: DeserializeOwned>(
    event: uuid::Uuid,
    bytes: &[u8],
    pemetaan: &str,
    pratinjau: bool,
) -> Result<T, ApiError> {
    let q = js_sys::encode_uri_component(pemetaan);
    let url = format!("/api/kegiatan/{event}/impor-tamu?pratinjau={pratinjau}&kolom={q}");
    let res = Request::post(&url)
        .header("content-type", "application/octet-stream")
        .body(js_sys::Uint8Array::from(bytes))
        .map_err(|e| ApiError::Server(e.to_string()))?
        .send()
        .await
        .map_err(net)?;
    decode(res).await
}
