//! `GET /api/health`: version and database status, for monitoring and the app's
//! connection indicator.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use reses_domain::Health;
use reses_domain::api::ComponentStatus;

use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(get_health))
}

#[tracing::instrument(skip_all)]
async fn get_health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = match state.store.ping().await {
        Ok(_) => ComponentStatus::Ok,
        Err(e) => {
            tracing::warn!(error = %e, "health: database unavailable");
            ComponentStatus::Unavailable
        }
    };
    let status = database;
    let code = match status {
        ComponentStatus::Ok => StatusCode::OK,
        ComponentStatus::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_string(),
        database,
    };
    (code, Json(body))
}
