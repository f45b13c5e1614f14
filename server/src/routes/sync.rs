//! `POST /api/sync/push` and `GET /api/sync/pull` (DESIGN.md §4.1).

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use reses_domain::sync::{
    Actor, MAX_PULL_LIMIT, MAX_PUSH_MUTATIONS, MutationResult, PullResponse, PushRequest,
    PushResponse,
};
use serde::Deserialize;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::demo::now_ms;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::sync_store::{self, BatchStore};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
}

/// Applies a batch in one transaction, then answers per mutation. Pushes are applied one
/// at a time (`write_lock`): SQLite has one writer, and revisions must be handed out in
/// commit order so that a pull cursor never skips a change.
#[tracing::instrument(skip_all, fields(user = %user.id(), n = req.mutations.len()))]
async fn push(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if req.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(ApiError::BadRequest(format!(
            "Paling banyak {MAX_PUSH_MUTATIONS} perubahan per kiriman."
        )));
    }
    let actor = Actor {
        user_id: user.id(),
        device_id: user.device_id,
        now: now_ms(),
    };
    let _writer = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    let vis = sync_store::visibility(&mut *tx, &user).await?;
    let closed = if user.role() == reses_domain::Role::Pendamping {
        sync_store::closed_events(&mut *tx).await?
    } else {
        Default::default()
    };
    let guests = sync_store::guest_events(&mut tx, &req.mutations).await?;
    let mut store = BatchStore::load(&mut tx, &req.mutations).await?;
    let outcomes = store.apply_all(&req.mutations, actor, |m, cur, scope| {
        sync_store::check_guest(&guests, m)?;
        sync_store::authorize(&user, &vis, &closed, m, cur, scope)
    });
    store
        .number_permits(&mut tx, actor, (&user.profile.display_name, user.role()))
        .await?;
    store.flush(&mut tx, actor).await?;
    tx.commit().await?;
    let results = req
        .mutations
        .iter()
        .zip(outcomes)
        .map(|(m, outcome)| MutationResult {
            mutation_id: m.mutation_id,
            outcome,
        })
        .collect();
    Ok(Json(PushResponse { results }))
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    since: i64,
    limit: Option<u32>,
}

#[tracing::instrument(skip_all, fields(user = %user.id()))]
async fn pull(
    State(state): State<AppState>,
    user: CurrentUser,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let Query(q) = query.map_err(|_| {
        ApiError::BadRequest("Parameter since dan limit harus berupa angka.".into())
    })?;
    if q.since < 0 {
        return Err(ApiError::BadRequest(
            "Parameter since tidak boleh negatif.".into(),
        ));
    }
    let limit = q.limit.unwrap_or(500).clamp(1, MAX_PULL_LIMIT);
    let vis = sync_store::visibility(&state.db, &user).await?;
    let (changes, cursor, more) = sync_store::pull(&state.db, &vis, q.since, limit).await?;
    let kegiatan = match &vis {
        sync_store::Visibility::Events { events, .. } => {
            let mut v: Vec<_> = events.iter().copied().collect();
            v.sort();
            Some(v)
        }
        _ => None,
    };
    Ok(Json(PullResponse {
        changes,
        cursor,
        more,
        kegiatan,
    }))
}
