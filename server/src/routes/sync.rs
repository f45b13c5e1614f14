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
use crate::sync_store::{self, BatchStore, Evidence};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sync/push", post(push))
        .route("/sync/pull", get(pull))
}

/// Applies a batch in one write transaction, then answers per mutation. Writes go
/// through the one writer connection (`db::Db::write`), so pushes are applied one at a
/// time and revisions are handed out in commit order: a pull cursor never skips a
/// change.
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
    let mut tx = state.db.begin_write().await?;
    let actor = Actor {
        user_id: user.id(),
        device_id: user.device_id,
        now: now_ms(),
        nama: user.profile.display_name.clone(),
    };
    let vis = sync_store::visibility(&mut *tx, &user).await?;
    let (closed, evidence) = if user.role() == reses_domain::Role::Pendamping {
        let evidence = Evidence {
            last_pull: sync_store::last_pull(&mut *tx, user.device_id).await?,
            now: actor.now,
        };
        (sync_store::closed_events(&mut *tx).await?, evidence)
    } else {
        let evidence = Evidence {
            last_pull: None,
            now: actor.now,
        };
        (Default::default(), evidence)
    };
    let mut store = BatchStore::load(&mut tx, &req.mutations).await?;
    let outcomes = store.apply_all(&req.mutations, &actor, |m, cur, scope| {
        sync_store::authorize(&user, &vis, &closed, evidence, m, cur, scope)
    });
    store.number_permits(&mut tx, &actor, user.role()).await?;
    store.flush(&mut tx, &actor).await?;
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
    // The server's evidence of what this device could know (the late-records rule):
    // stamped before the read, so a change committed meanwhile is judged as known.
    if let Some(device) = user.device_id {
        sqlx::query("update devices set last_pull_at = ? where id = ?")
            .bind(now_ms())
            .bind(device.to_string())
            .execute(&state.db.write)
            .await?;
    }
    let vis = sync_store::visibility(&state.db.read, &user).await?;
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
